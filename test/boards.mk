# test/boards.mk: `make check` boots one emulated board (board/ci.sh):
# aarch64 under qemu TCG, with the lifecycle on the initramfs root, the
# cgroup v2 and device-filter tests, and the busybox inittab example;
# then again, booted with SELinux, for test/cases/selinux.sh (LSM=selinux).
# About 2-2.5 minutes with build/cache filled, plus the downloads the first
# time (board/README.md). `make check BOARD_CI=none` leaves it out, and
# says so; `make board-test-all` runs the whole suite on every board.

BOARD_CI ?= aarch64
CHECK_EXTRA += board-ci

board-ci: build/.deps
	@BOARD_CACHE=$(BOARD_CACHE) MAKE='$(MAKE)' sh board/ci.sh $(BOARD_CI)

.PHONY: board-ci
