# i386: 32-bit x86 (i686: cmov, no SSE assumed beyond what gcc's i686 default
# uses). Not booted: an x86_64 kernel runs i386 binaries natively (IA32
# emulation), so board/test.sh runs the suite on the host.
# Read by the Makefile (board/rules.mk) and by board/*.sh: keep to plain
# "BOARD_X := value" lines.
BOARD_DEB_ARCH := i386
BOARD_CROSS := i686-linux-gnu-
BOARD_MUSL := i386-linux-musl
# A 4-byte stack alignment (the i386 ABI's own; gcc's default keeps 16 for
# SSE, and the binary has no SSE instruction, musl's code included): no
# rounding of every frame and call site (the full build 2,900 bytes
# smaller, the minimal 1,170).
BOARD_CFLAGS := -mpreferred-stack-boundary=2
# runlet's own objects only: a function called once is not inlined into
# its caller; on i386's few registers the merged body spills more than
# the call costs (the full build 1,600 bytes smaller, the minimal 490).
BOARD_SIZE_CFLAGS := -fno-inline-functions-called-once
BOARD_LDFLAGS :=
BOARD_HOST_PKGS := gcc-i686-linux-gnu linux-libc-dev-i386-cross
BOARD_SUITE := bookworm
BOARD_NATIVE := 1
