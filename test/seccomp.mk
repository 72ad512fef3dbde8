# seccomp: the test-only tools around seccomp.c (included by the Makefile).
#
#   build/unit/seccomp-diff.t   runlet's compiler against libseccomp (a host
#                               glibc build with -lseccomp; run by test/run.sh
#                               as a unit test, so `make check` runs it)
#   make fuzz-seccomp           libFuzzer on the profile parser + compiler
#                               (FUZZ_TIME seconds, default 60)
#   make fuzz-seccomp-replay    the seeds and test/fuzz-seccomp through it
#                               once (run by make check)
#   bench/seccomp.sh            compile time, program size and path length,
#                               getppid overhead (not part of check)
#
# None of this is linked into runlet.

SECCOMP_HOST_WARN := -Wall -Wextra -Werror -Wundef -Wshadow -Wno-unused-parameter
SECCOMP_HOST_CFLAGS := -O2 -g -std=gnu11 -D_GNU_SOURCE -DSECCOMP_ALL_ARCHES=1 \
	-DRUNLET_VERSION='"$(VERSION)"' -DSPEC_VERSION='"$(SPEC_VERSION)"'
SECCOMP_TEST_SRCS := seccomp.c json.c util.c seccomp_tables.h test/bpf.h test/seccomp-ref.h $(HDRS)

# Without libseccomp-dev (deps.sh test installs it, as root) the test is a
# stub that skips (exit 77).
build/unit/seccomp-diff.t: test/seccomp-diff.c $(SECCOMP_TEST_SRCS)
	@mkdir -p build/unit
	@test -f /usr/include/seccomp.h || sh scripts/deps.sh test || true
	@if test -f /usr/include/seccomp.h; then \
		echo "$(HOSTCC) ... -o $@ test/seccomp-diff.c json.c util.c -lseccomp"; \
		$(HOSTCC) $(SECCOMP_HOST_CFLAGS) $(SECCOMP_HOST_WARN) -o $@ test/seccomp-diff.c json.c util.c -lseccomp; \
	else \
		echo "seccomp.mk: no libseccomp-dev: $@ skips"; \
		printf '#!/bin/sh\necho "1..0 # SKIP libseccomp-dev is not installed (sh scripts/deps.sh test)"\nexit 77\n' >$@; \
		chmod +x $@; \
	fi

CHECK_EXTRA += build/unit/seccomp-diff.t

# ---- the fuzzer ----
# Seeds: linux.seccomp of every engine fixture that has one (extracted with
# jq), and the profiles in test/fuzz-seccomp/ (crashes found are kept
# there too, and are unit tests in test/unit/seccomp.c). New inputs go to
# build/fuzz-seccomp.corpus, kept between runs.
FUZZ_TIME ?= 60
SECCOMP_FUZZ_CC ?= clang
SECCOMP_FUZZ_FIXTURES ?= test/fixtures/engines
SECCOMP_FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Dmalloc=fz_malloc -Dcalloc=fz_calloc -Drealloc=fz_realloc -Dfree=fz_free

build/fuzz-seccomp: test/fuzz-seccomp.c $(SECCOMP_TEST_SRCS)
	@mkdir -p build
	@command -v $(SECCOMP_FUZZ_CC) >/dev/null || sh scripts/deps.sh test
	$(SECCOMP_FUZZ_CC) $(SECCOMP_FUZZ_FLAGS) -std=gnu11 -D_GNU_SOURCE -DSECCOMP_ALL_ARCHES=1 -DRUNLET_VERSION='"$(VERSION)"' \
		-DSPEC_VERSION='"$(SPEC_VERSION)"' $(SECCOMP_HOST_WARN) -o $@ test/fuzz-seccomp.c json.c util.c

fuzz-seccomp-seeds:
	@command -v jq >/dev/null || sh scripts/deps.sh test
	@mkdir -p build/fuzz-seccomp.seed
	@for f in $(SECCOMP_FUZZ_FIXTURES)/*.json; do \
		jq -ce '.linux.seccomp // empty' "$$f" >build/fuzz-seccomp.seed/$$(basename "$$f" .json) 2>/dev/null || \
			rm -f build/fuzz-seccomp.seed/$$(basename "$$f" .json); \
	done

fuzz-seccomp: build/fuzz-seccomp fuzz-seccomp-seeds
	@mkdir -p build/fuzz-seccomp.corpus
	cd build && ./fuzz-seccomp -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
		-dict=../test/fuzz-seccomp.dict -print_final_stats=1 \
		fuzz-seccomp.corpus fuzz-seccomp.seed ../test/fuzz-seccomp

# make check: every seed and every profile of test/fuzz-seccomp (the
# crashes once found among them) through the harness's checks, once
# (-runs=0: no fuzzing; the same ASan+UBSan build as make fuzz-seccomp).
fuzz-seccomp-replay: build/fuzz-seccomp fuzz-seccomp-seeds
	@build/fuzz-seccomp -runs=0 -max_len=65536 -timeout=10 build/fuzz-seccomp.seed test/fuzz-seccomp \
		>build/fuzz-seccomp.replay.log 2>&1 || \
		{ tail -n 40 build/fuzz-seccomp.replay.log; echo "fuzz-seccomp-replay: failed"; exit 1; }
	@echo "fuzz-seccomp-replay: $$(grep -o 'Done [0-9]* runs' build/fuzz-seccomp.replay.log), no finding"

fuzz: fuzz-seccomp

CHECK_EXTRA += fuzz-seccomp-replay

.PHONY: fuzz fuzz-seccomp fuzz-seccomp-seeds fuzz-seccomp-replay

# ---- bench/seccomp.sh's tools ----
# seccomp-compile: runlet's compiler built as runlet is (musl, -Os, its own
# allocator); getppid: the in-container syscall loop.
build/bench/seccomp-compile: bench/seccomp-compile.c seccomp.c json.c util.c alloc.c seccomp_tables.h test/bpf.h $(HDRS) $(INC)/.stamp
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -static -no-pie -o $@ bench/seccomp-compile.c json.c util.c alloc.c

build/bench/getppid: bench/getppid.c build/.deps
	@mkdir -p build/bench
	$(CC) -static -Os -Wall -Wextra -Werror -s -o $@ bench/getppid.c

bench-seccomp-tools: runlet build/bench/seccomp-compile build/bench/getppid build/unit/seccomp-diff.t

.PHONY: bench-seccomp-tools
