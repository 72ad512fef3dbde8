# aarch64: 64-bit ARM, Raspberry Pi 3/4/5 class.
# Read by the Makefile (board/rules.mk) and by board/*.sh: keep to plain
# "BOARD_X := value" lines.
BOARD_DEB_ARCH := arm64
BOARD_CROSS := aarch64-linux-gnu-
BOARD_MUSL := aarch64-linux-musl
# gcc on aarch64 emits unwind tables even with -fno-asynchronous-unwind-
# tables (11.6 KB of .eh_frame that nothing reads: no C++, no backtraces)
# and keeps a frame pointer in every non-leaf function (1.5 KB); the tiny
# code model (the program within +-1 MB, as runlet is) takes one ADR where
# the small model needs ADRP+ADD for each address (6 KB).
BOARD_CFLAGS := -fno-unwind-tables -fomit-frame-pointer -mcmodel=tiny
# Pi 5 kernels run 16K pages: a binary aligned for 4K pages does not load
# there, and ld's 64K default wastes ~20K of padding.
BOARD_LDFLAGS := -Wl,-z,max-page-size=16384
BOARD_HOST_PKGS := gcc-aarch64-linux-gnu linux-libc-dev-arm64-cross
# The emulated board: Debian's own kernel and busybox-static for the arch.
BOARD_SUITE := bookworm
BOARD_KERNEL := linux-image-arm64
BOARD_QEMU_PKG := qemu-system-arm
BOARD_QEMU := qemu-system-aarch64 -M virt -cpu cortex-a53
BOARD_CONSOLE := ttyAMA0
