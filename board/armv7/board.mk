# armv7: 32-bit ARM, hard float (armhf), Raspberry Pi 2 / BeagleBone class.
# Read by the Makefile (board/rules.mk) and by board/*.sh: keep to plain
# "BOARD_X := value" lines.
BOARD_DEB_ARCH := armhf
BOARD_CROSS := arm-linux-gnueabihf-
BOARD_MUSL := arm-linux-musleabihf
# Debian's armhf compiler defaults to ARMv7-A, Thumb-2, VFPv3-D16, hard float.
# No if-conversion (into Thumb-2 IT blocks): measured, the minimal build
# 128 bytes smaller, the full one 256 (on the other boards it grows, or
# gains under 40).
BOARD_CFLAGS := -fno-if-conversion -fno-if-conversion2
# ld's default on ARM is 64K pages: 4K is what 32-bit ARM kernels run.
BOARD_LDFLAGS := -Wl,-z,max-page-size=4096
BOARD_HOST_PKGS := gcc-arm-linux-gnueabihf linux-libc-dev-armhf-cross
BOARD_SUITE := bookworm
BOARD_KERNEL := linux-image-armmp
BOARD_QEMU_PKG := qemu-system-arm
BOARD_QEMU := qemu-system-arm -M virt -cpu cortex-a15
BOARD_CONSOLE := ttyAMA0
