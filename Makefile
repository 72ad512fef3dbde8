# runlet: one musl-static binary. `make`, `make demo`, `make check`,
# `make size`, `make clean`. Missing build/test packages are installed by
# scripts/deps.sh (apt-get), so a fresh Debian 12 machine needs nothing else.

VERSION := 0.1.0
SPEC_VERSION := 1.3.0

CC := musl-gcc
HOSTCC := cc
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
# musl-gcc passes -nostdinc: give it the kernel UAPI headers and jsmn.h,
# and nothing else from /usr/include (glibc's headers must not leak in).
INC := build/inc

WARN := -Wall -Wextra -Werror -Wundef -Wshadow -Wno-unused-parameter
# -Oz with link-time optimization: 3 KB smaller than -Os here, and no
# slower where it shows (bench/: container start is the kernel's work).
CFLAGS ?= -Oz -flto
# Fewer bytes on every board, measured (make sizes): no switch jump
# tables, no tail calls (their epilogues cost more than the calls), loop
# invariants left in place, and no mod/ref analysis (it feeds inlining and
# cloning): the minimal build 480 bytes smaller on x86_64, 500 aarch64,
# 630 armv7, 900 riscv64.
SIZE_CFLAGS := -fno-jump-tables -fno-optimize-sibling-calls -fno-move-loop-invariants -fno-ipa-modref
# -fno-pie: a static binary has no use for position-independent code.
ALL_CFLAGS = $(CFLAGS) $(SIZE_CFLAGS) -fno-pie -std=gnu11 $(WARN) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -D_GNU_SOURCE \
	-DRUNLET_VERSION='"$(VERSION)"' -DSPEC_VERSION='"$(SPEC_VERSION)"' \
	-idirafter $(INC) $(CFG)
ALL_LDFLAGS = $(LDFLAGS) $(filter -flto%,$(CFLAGS)) -flto-partition=one -no-pie -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,common-page-size=64 -Wl,--build-id=none -Wl,-z,norelro -s

SRCS := alloc.c fmt.c runtime.c exec.c json.c ns.c mount.c cgroup.c caps.c state.c util.c spec.c process.c console.c seccomp.c hooks.c features.c devfilter.c events.c netdev.c exe.c
OBJS := $(SRCS:%.c=build/%.o)
HDRS := $(wildcard *.h)

all: runlet

build/.deps:
	@sh scripts/deps.sh build
	@mkdir -p build && touch $@

$(INC)/.stamp: build/.deps
	@mkdir -p $(INC)
	ln -sfn /usr/include/linux $(INC)/linux
	ln -sfn /usr/include/asm-generic $(INC)/asm-generic
	ln -sfn /usr/include/$(MULTIARCH)/asm $(INC)/asm
	ln -sfn /usr/include/jsmn.h $(INC)/jsmn.h
	@touch $@

# The feature flags of the last build: a change rebuilds everything.
build/.cfg: FORCE
	@mkdir -p build
	@echo '$(CFG) $(CFLAGS)' | cmp -s - $@ || echo '$(CFG) $(CFLAGS)' >$@

# Makefile: a change of its flags (SIZE_CFLAGS) rebuilds too.
build/%.o: %.c $(HDRS) $(INC)/.stamp build/.cfg Makefile
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

runlet: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJS)

size: runlet
	@stat -c %s runlet

# The seed example: a static hello world run as an OCI bundle.
demo: runlet test/hello
	@rm -rf build/demo && mkdir -p build/demo/bundle/rootfs
	@cp test/hello build/demo/bundle/rootfs/hello
	@cd build/demo/bundle && ../../../runlet spec --args /hello --no-terminal
	@./runlet --root build/demo/state delete --force demo >/dev/null 2>&1 || true
	./runlet --root build/demo/state run --bundle build/demo/bundle demo

test/hello: test/hello.c build/.deps
	$(CC) -static -Os -s -o $@ $<

test/init: test/init.c build/.deps
	$(CC) -static -Os -Wall -Wextra -Werror -s -o $@ $<

test/recvtty: test/recvtty.c build/.deps
	$(CC) -static -Os -Wall -Wextra -Werror -s -o $@ $<

test/ptyrun: test/ptyrun.c build/.deps
	$(CC) -static -Os -Wall -Wextra -Werror -s -o $@ $<

test/seccomp-listener: test/seccomp-listener.c $(INC)/.stamp
	$(CC) -static -Os -Wall -Wextra -Werror -idirafter $(INC) -s -o $@ $<

test/oldkernel: test/oldkernel.c $(INC)/.stamp
	$(CC) -static -Os -Wall -Wextra -Werror -idirafter $(INC) -s -o $@ $<

# Unit tests: pure modules built for the host with the same musl toolchain.
UNIT := $(patsubst test/unit/%.c,build/unit/%.t,$(wildcard test/unit/*.c))
# test/unit/NAME.c tests NAME.c (with util.c), linked against musl's malloc.
build/unit/%.t: test/unit/%.c %.c util.c $(HDRS) $(INC)/.stamp
	@mkdir -p build/unit
	$(CC) $(ALL_CFLAGS) -static -I. -o $@ $< $*.c util.c

# seccomp: includes seccomp.c (its static parts are tested), with every
# architecture's table; json.c reads the profiles.
build/unit/seccomp.t: test/unit/seccomp.c test/seccomp-ref.h seccomp.c json.c util.c seccomp_tables.h $(HDRS) $(INC)/.stamp
	@mkdir -p build/unit
	$(CC) $(ALL_CFLAGS) -DSECCOMP_ALL_ARCHES=1 -static -I. -o $@ $< json.c util.c

# json_off: json.c without some features, whose keys it then refuses.
JSON_OFF_CFG := -DCFG_SECCOMP=0 -DCFG_CAPS=0 -DCFG_HOOKS=0 -DCFG_RLIMITS=0 -DCFG_IDMAP=0 -DCFG_CGROUP_V1=0 -DCFG_CGROUP_V2=0
build/unit/json_off.t: test/unit/json_off.c json.c util.c $(HDRS) $(INC)/.stamp
	@mkdir -p build/unit
	$(CC) $(ALL_CFLAGS) $(JSON_OFF_CFG) -static -I. -o $@ $< json.c util.c

# The syscall tables from the kernel UAPI headers (checked in; needs
# linux-libc-dev-{arm64,armhf,riscv64}-cross).
syscalls:
	sh scripts/gen-syscalls.sh >seccomp_tables.h.tmp && mv seccomp_tables.h.tmp seccomp_tables.h

# Further test and tool targets live in test/*.mk; each may add a
# prerequisite to CHECK_EXTRA (built and run before the suite).
CHECK_EXTRA :=
include $(wildcard test/*.mk)

check: runlet test/init test/hello test/recvtty test/ptyrun test/oldkernel test/seccomp-listener $(UNIT) $(CHECK_EXTRA)
	@sh scripts/deps.sh test
	sh test/run.sh

clean:
	rm -rf build runlet test/init test/hello test/recvtty test/ptyrun test/oldkernel test/seccomp-listener

.PHONY: all size demo check clean syscalls FORCE

# Cross builds and emulated boards: make BOARD=aarch64, make sizes,
# make board-test BOARD=aarch64, make check-boards (board/README.md).
include board/rules.mk
