# riscv64: RV64GC boards (VisionFive 2, Milk-V, ...).
# Read by the Makefile (board/rules.mk) and by board/*.sh: keep to plain
# "BOARD_X := value" lines.
BOARD_DEB_ARCH := riscv64
BOARD_CROSS := riscv64-linux-gnu-
BOARD_MUSL := riscv64-linux-musl
# -msave-restore: function prologues and epilogues call libgcc's shared
# register save/restore routines instead of spilling inline (the full
# build 4,000 bytes smaller, the minimal 1,300).
BOARD_CFLAGS := -msave-restore
BOARD_LDFLAGS := -Wl,-z,max-page-size=4096
BOARD_HOST_PKGS := gcc-riscv64-linux-gnu linux-libc-dev-riscv64-cross
# bookworm has no riscv64 port: musl is built from bookworm's source package
# (trixie's musl-dev objects crash bookworm's binutils 2.40 ld), the kernel
# and busybox-static come from trixie.
BOARD_MUSL_SRC := 1
BOARD_SUITE := trixie
BOARD_KERNEL := linux-image-riscv64
BOARD_QEMU_PKG := qemu-system-misc
# -bios default: the OpenSBI firmware qemu ships.
BOARD_QEMU := qemu-system-riscv64 -M virt
BOARD_CONSOLE := ttyS0
