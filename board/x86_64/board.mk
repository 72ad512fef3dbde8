# x86_64: PCs, servers, x86 appliances. The compiler is the host's (Debian
# musl-tools), the same as a plain `make`.
# Read by the Makefile (board/rules.mk) and by board/*.sh: keep to plain
# "BOARD_X := value" lines.
BOARD_DEB_ARCH := amd64
BOARD_CROSS :=
BOARD_MUSL := x86_64-linux-musl
BOARD_CFLAGS :=
# runlet's own objects only (not the test helpers: test/init has a
# double). No SSE: runlet has no floating point, and gcc's SSE block
# copies and clears of structs take more bytes than plain moves (the full
# build 700 bytes smaller, the minimal 700). The host's plain `make`
# keeps gcc's defaults.
BOARD_SIZE_CFLAGS := -mno-sse
BOARD_LDFLAGS :=
BOARD_HOST_PKGS := musl-tools linux-libc-dev
BOARD_SUITE := bookworm
BOARD_KERNEL := linux-image-amd64
BOARD_QEMU_PKG := qemu-system-x86
# TCG: KVM fails on this machine ("failed to set MSR 0x10a").
BOARD_QEMU := qemu-system-x86_64 -M q35 -accel tcg -cpu max
BOARD_CONSOLE := ttyS0
