# Sanitizers, valgrind and static analysis (included by the Makefile).
#
#   make check-asan        the unit tests under ASan+UBSan, then under
#                          valgrind (a few seconds; run by make check)
#   make runlet-asan       build/asan/runlet: runlet as a host glibc
#                          ASan+UBSan build (musl has no sanitizer runtime)
#   make runlet-glibc      build/glibc/runlet: a plain glibc -O1 -g build,
#                          for valgrind (test/cases/valgrind.sh)
#   make check-asan-suite  the whole integration suite with build/asan/runlet
#                          (run by make check too, unless ASAN_SUITE=0)
#   make analyze           scan-build and cppcheck (run by make check too,
#                          unless ANALYZE=0)
#
# The glibc builds use the system headers (no build/inc) and link
# test/glibc.c in place of alloc.c and fmt.c: glibc's malloc, which is
# what lets the sanitizers and valgrind see heap overflows, uses after
# free and double frees that runlet's bump allocator (free() a no-op)
# would hide; and runlet's own printf family, as runlet has it.

ASAN_CC ?= clang
GLIBC_CC ?= gcc
HOST_DEFS = -std=gnu11 -D_GNU_SOURCE -DRUNLET_VERSION='"$(VERSION)"' \
	-DSPEC_VERSION='"$(SPEC_VERSION)"' $(CFG)
# -Wno-format-zero-length: clang also warns on the "" arm of a ?: format
# (cgroup.c's rdma limits); gcc does not.
ASAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all $(HOST_DEFS) $(WARN) -Wno-format-zero-length
GLIBC_CFLAGS = -O1 -g $(HOST_DEFS) $(WARN)
HOST_SRCS := $(filter-out alloc.c fmt.c,$(SRCS))
# in place of alloc.c and fmt.c: glibc's malloc, runlet's printf family
HOST_SHIM := test/glibc.c

# clang, valgrind (scripts/deps.sh test); jsmn.h (deps.sh build)
build/.deps-test: build/.deps
	@sh scripts/deps.sh test
	@touch $@

build/asan/%.o: %.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) -c -o $@ $<

build/glibc/%.o: %.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p $(@D)
	$(GLIBC_CC) $(GLIBC_CFLAGS) -c -o $@ $<
build/asan/test/glibc.o build/glibc/test/glibc.o: fmt.c

# test/asan_options.c: the sanitizer options built in (engines drop the
# environment), reports to files under build/sanitize/suite when it exists.
build/asan/runlet: $(HOST_SRCS:%.c=build/asan/%.o) $(HOST_SHIM:%.c=build/asan/%.o) test/asan_options.c
	$(ASAN_CC) $(ASAN_CFLAGS) -DASAN_LOG_DIR='"$(CURDIR)/build/sanitize/suite"' -o $@ $^

build/glibc/runlet: $(HOST_SRCS:%.c=build/glibc/%.o) $(HOST_SHIM:%.c=build/glibc/%.o)
	$(GLIBC_CC) $(GLIBC_CFLAGS) -o $@ $^

runlet-asan: build/asan/runlet
runlet-glibc: build/glibc/runlet

# The unit tests, linked as the Makefile links build/unit/*.t (a test with
# its own rule there needs one here too).
ASAN_UNIT := $(UNIT:build/unit/%=build/asan/unit/%)
GLIBC_UNIT := $(UNIT:build/unit/%=build/glibc/unit/%)

build/asan/unit/%.t: test/unit/%.c %.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/asan/unit
	$(ASAN_CC) $(ASAN_CFLAGS) -I. -o $@ $< $*.c util.c
build/asan/unit/seccomp.t: test/unit/seccomp.c test/seccomp-ref.h seccomp.c json.c util.c seccomp_tables.h $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/asan/unit
	$(ASAN_CC) $(ASAN_CFLAGS) -DSECCOMP_ALL_ARCHES=1 -I. -o $@ $< json.c util.c

build/glibc/unit/%.t: test/unit/%.c %.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/glibc/unit
	$(GLIBC_CC) $(GLIBC_CFLAGS) -I. -o $@ $< $*.c util.c

build/asan/unit/json_off.t: test/unit/json_off.c json.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/asan/unit
	$(ASAN_CC) $(ASAN_CFLAGS) $(JSON_OFF_CFG) -I. -o $@ $< json.c util.c
build/glibc/unit/json_off.t: test/unit/json_off.c json.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/glibc/unit
	$(GLIBC_CC) $(GLIBC_CFLAGS) $(JSON_OFF_CFG) -I. -o $@ $< json.c util.c

# fmt.t: fmt.c through test/glibc.c; -fno-builtin, so that the compiler
# does not format the constant cases itself (gcc then warns about the
# test's deliberate truncations and NULL %s).
build/asan/unit/fmt.t: test/unit/fmt.c test/glibc.c fmt.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/asan/unit
	$(ASAN_CC) $(ASAN_CFLAGS) -fno-builtin -I. -o $@ $< test/glibc.c util.c
build/glibc/unit/fmt.t: test/unit/fmt.c test/glibc.c fmt.c util.c $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/glibc/unit
	$(GLIBC_CC) $(GLIBC_CFLAGS) -fno-builtin -Wno-format-truncation -Wno-format-overflow -I. \
		-o $@ $< test/glibc.c util.c
build/glibc/unit/seccomp.t: test/unit/seccomp.c test/seccomp-ref.h seccomp.c json.c util.c seccomp_tables.h $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/glibc/unit
	$(GLIBC_CC) $(GLIBC_CFLAGS) -DSECCOMP_ALL_ARCHES=1 -I. -o $@ $< json.c util.c

# seccomp-diff (test/seccomp.mk), runlet's compiler against libseccomp on
# random profiles, under ASan too (not valgrind: a minute there); only
# with libseccomp-dev. No -I.: <seccomp.h> is libseccomp's.
ASAN_SECCOMP_DIFF := $(if $(wildcard /usr/include/seccomp.h),build/asan/unit/seccomp-diff.t)
build/asan/unit/seccomp-diff.t: test/seccomp-diff.c test/seccomp-ref.h seccomp.c json.c util.c seccomp_tables.h test/bpf.h $(HDRS) build/.deps-test build/.cfg
	@mkdir -p build/asan/unit
	$(ASAN_CC) $(ASAN_CFLAGS) -DSECCOMP_ALL_ARCHES=1 -o $@ test/seccomp-diff.c json.c util.c -lseccomp

# build/glibc/runlet is here for test/cases/valgrind.sh in the suite.
check-asan: $(ASAN_UNIT) $(ASAN_SECCOMP_DIFF) $(GLIBC_UNIT) build/glibc/runlet
	@sh test/sanitize.sh unit $(ASAN_UNIT) $(ASAN_SECCOMP_DIFF) -- $(GLIBC_UNIT)

# The helpers make check builds for the suite: the file targets of
# CHECK_EXTRA too (build/dumpcfg, ...), expanded here, once every .mk is in.
check-asan-suite: build/asan/runlet runlet test/init test/hello test/recvtty test/ptyrun test/oldkernel test/seccomp-listener
	@$(MAKE) --no-print-directory $(filter build/%,$(CHECK_EXTRA))
	@sh scripts/deps.sh test
	@sh test/sanitize.sh suite build/asan/runlet

# make check runs the ASan suite too, before the plain one: it takes about
# the plain suite's time (the suite waits on the kernel, not on runlet's
# CPU). make check ASAN_SUITE=0 leaves it out.
ifneq ($(ASAN_SUITE),0)
CHECK_EXTRA += check-asan-suite
endif

CHECK_EXTRA += check-asan
.PHONY: runlet-asan runlet-glibc check-asan check-asan-suite

# Static analysis: scan-build and cppcheck over runlet's sources as the
# glibc builds see them (fmt.c through test/glibc.c), and alloc.c; a
# warning that test/analysis.md does not explain fails it. In make check
# (about a minute here, one file per CPU: test/analysis.md, "Cost");
# make check ANALYZE=0 leaves it out.
ANALYZE_FLAGS = $(HOST_DEFS) -I.
analyze: build/.deps-test
	@sh test/sanitize.sh analyze $(ANALYZE_FLAGS) -- alloc.c $(HOST_SRCS) $(HOST_SHIM)
ifneq ($(ANALYZE),0)
CHECK_EXTRA += analyze
endif
.PHONY: analyze
