# board/rules.mk: cross builds and emulated boards, included by the Makefile
# (after its own variables; the host `make` is untouched). board/README.md.
#
#   make BOARD=aarch64            build/aarch64/runlet + test helpers
#   make CROSS_COMPILE=arm-buildroot-linux-musleabihf- SYSROOT=/path/to/sysroot
#                                 with an SDK's toolchain: build/sdk/runlet
#   make sizes                    stripped sizes, every board, full and minimal
#   make board-test BOARD=aarch64 boot the board in qemu, run the suite there
#   make board-test-all           board-test for every board (check-boards)

BOARDS := aarch64 armv7 riscv64 x86_64 i386
BOARD_CACHE ?= $(CURDIR)/build/cache
# The minimal feature set: every CFG_* flag of config.h off (namespaces,
# mounts and the lifecycle commands have none: create, start, run,
# state, kill, delete, list), cgroup support too.
CFG_MIN ?= $(shell sed -n 's/^\#define \(CFG_[A-Z0-9_]*\) [01]$$/-D\1=0/p' config.h)

ifneq ($(BOARD)$(CROSS_COMPILE),)

ifneq ($(CROSS_COMPILE),)
# An SDK's gcc (Yocto, Buildroot): its sysroot has the C library (musl or
# glibc) and the kernel headers; only jsmn.h comes from here.
BOARD ?= sdk
ifneq ($(wildcard board/$(BOARD)/board.mk),)
include board/$(BOARD)/board.mk
endif
BOARD_OUT ?= build/sdk-$(BOARD)
BOARD_CC := $(CROSS_COMPILE)gcc $(if $(SYSROOT),--sysroot=$(SYSROOT))
BOARD_STRIP := $(CROSS_COMPILE)strip
BOARD_INC := $(BOARD_OUT)/inc
$(BOARD_INC)/jsmn.h: build/.deps
	@mkdir -p $(BOARD_INC)
	ln -sfn /usr/include/jsmn.h $@
BOARD_TC := $(BOARD_INC)/jsmn.h
else
# A board of board/, with Debian's cross gcc and musl (board/toolchain.sh).
ifeq ($(wildcard board/$(BOARD)/board.mk),)
$(error BOARD=$(BOARD): no board/$(BOARD)/board.mk (boards: $(BOARDS)))
endif
include board/$(BOARD)/board.mk
BOARD_OUT ?= build/$(BOARD)
BOARD_TC := $(BOARD_CACHE)/$(BOARD)/toolchain.mk
ifeq ($(filter clean,$(MAKECMDGOALS)),)
include $(BOARD_TC)
endif
# toolchain.mk names its cache by absolute path: a cache copied from
# another tree (or BOARD_CACHE changed) still points there, so rerun.
ifneq ($(BOARD_INC),$(if $(BOARD_INC),$(BOARD_CACHE)/$(BOARD)/inc))
$(BOARD_TC): FORCE
endif
$(BOARD_TC): board/$(BOARD)/board.mk board/toolchain.sh board/lib.sh
	BOARD_CACHE=$(BOARD_CACHE) sh board/toolchain.sh $(BOARD)
endif

ifneq ($(wildcard board/$(BOARD)/config.h),)
BOARD_CFG := -DRUNLET_BOARD_CONFIG='"$(CURDIR)/board/$(BOARD)/config.h"'
endif

BOARD_OBJS := $(SRCS:%.c=$(BOARD_OUT)/%.o)
BOARD_HELPERS := $(BOARD_OUT)/test/init $(BOARD_OUT)/test/hello $(BOARD_OUT)/test/recvtty \
	$(BOARD_OUT)/test/seccomp-listener $(BOARD_OUT)/test/oldkernel
.DEFAULT_GOAL := board

board: $(BOARD_OUT)/runlet $(BOARD_HELPERS)

# The host's -idirafter build/inc must not be seen: the board's own headers.
$(BOARD_OUT)/%.o: INC = $(BOARD_INC)
$(BOARD_OUT)/runlet: INC = $(BOARD_INC)

# Makefile: its flags (SIZE_CFLAGS); board.mk comes through $(BOARD_TC).
$(BOARD_OUT)/%.o: %.c $(HDRS) $(BOARD_TC) Makefile
	@mkdir -p $(@D)
	$(BOARD_CC) $(ALL_CFLAGS) $(BOARD_CFLAGS) $(BOARD_SIZE_CFLAGS) $(BOARD_CFG) -c -o $@ $<

$(BOARD_OUT)/runlet: $(BOARD_OBJS)
	$(BOARD_CC) $(ALL_CFLAGS) $(BOARD_CFLAGS) $(BOARD_SIZE_CFLAGS) $(ALL_LDFLAGS) $(BOARD_LDFLAGS) -o $@ $(BOARD_OBJS)

$(BOARD_OUT)/test/%: test/%.c $(BOARD_TC)
	@mkdir -p $(@D)
	$(BOARD_CC) $(BOARD_CFLAGS) -static -Os -Wall -Wextra -Werror -idirafter $(BOARD_INC) -s $(BOARD_LDFLAGS) -o $@ $<

board-test: board
	BOARD_CACHE=$(BOARD_CACHE) BOARD_OUT=$(BOARD_OUT) sh board/test.sh $(BOARD)

# LSM=selinux: a CFG_SELINUX=0 build goes along (selinux/compiled_out).
ifeq ($(LSM),selinux)
board-test: $(BOARD_OUT)/noselinux/runlet
$(BOARD_OUT)/noselinux/runlet: FORCE
	$(MAKE) --no-print-directory BOARD=$(BOARD) BOARD_OUT=$(BOARD_OUT)/noselinux CFG='$(CFG) -DCFG_SELINUX=0' LSM= $@
endif

else

board board-test:
	@echo "make $@: set BOARD=, one of: $(BOARDS)" >&2; exit 2

endif

# One line per board: the stripped size of the full build and of the
# minimal one ($(CFG_MIN)).
sizes:
	@printf '%-8s %8s %8s\n' board full minimal
	@for b in $(BOARDS); do \
		$(MAKE) -s --no-print-directory BOARD=$$b build/$$b/runlet >/dev/null && \
		$(MAKE) -s --no-print-directory BOARD=$$b BOARD_OUT=build/$$b/min CFG='$(CFG_MIN)' \
			build/$$b/min/runlet >/dev/null && \
		printf '%-8s %8s %8s\n' $$b $$(stat -c %s build/$$b/runlet build/$$b/min/runlet) || exit 1; \
	done
	@echo "minimal: $(CFG_MIN)"

# Every board's test (the whole suite, cgroup v2, the inittab example); a
# summary line each, the logs in build/board-BOARD.log; fails if any failed.
board-test-all: check-boards
check-boards:
	@mkdir -p build; fail=0; for b in $(BOARDS); do \
		$(MAKE) -s --no-print-directory BOARD=$$b board-test >build/board-$$b.log 2>&1; rc=$$?; \
		printf '%-8s rc=%d  %s\n' $$b $$rc "$$(grep -a 'passed,.*failed,.*skipped' build/board-$$b.log | tail -n 1)"; \
		[ $$rc = 0 ] || fail=1; \
	done; exit $$fail

.PHONY: board board-test sizes check-boards board-test-all
