# seccomp: the test-only tools around seccomp.c (included by the Makefile).
#
#   build/unit/seccomp-diff.t   runlet's compiler against libseccomp (a host
#                               glibc build with -lseccomp; run by test/run.sh
#                               as a unit test, so `make check` runs it)
#   make fuzz-seccomp           libFuzzer on the profile parser + compiler
#                               (FUZZ_TIME seconds, default 60)
#   bench/seccomp.sh            compile time, program size and path length,
#                               getppid overhead (not part of check)
#
# None of this is linked into runlet.

HOST_WARN := -Wall -Wextra -Werror -Wundef -Wshadow -Wno-unused-parameter
HOST_CFLAGS := -O2 -g -std=gnu11 -D_GNU_SOURCE -DSECCOMP_ALL_ARCHES=1 \
	-DRUNLET_VERSION='"$(VERSION)"' -DSPEC_VERSION='"$(SPEC_VERSION)"'
SECCOMP_TEST_SRCS := seccomp.c json.c util.c seccomp_tables.h test/bpf.h $(HDRS)

# Without libseccomp-dev (deps.sh test installs it, as root) the test is a
# stub that skips (exit 77).
build/unit/seccomp-diff.t: test/seccomp-diff.c $(SECCOMP_TEST_SRCS)
	@mkdir -p build/unit
	@test -f /usr/include/seccomp.h || sh scripts/deps.sh test || true
	@if test -f /usr/include/seccomp.h; then \
		echo "$(HOSTCC) ... -o $@ test/seccomp-diff.c json.c util.c -lseccomp"; \
		$(HOSTCC) $(HOST_CFLAGS) $(HOST_WARN) -o $@ test/seccomp-diff.c json.c util.c -lseccomp; \
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
FUZZ_CC ?= clang
FUZZ_FIXTURES ?= ../shared/fixtures/engines
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Dmalloc=fz_malloc -Dcalloc=fz_calloc -Drealloc=fz_realloc -Dfree=fz_free

build/fuzz-seccomp: test/fuzz-seccomp.c $(SECCOMP_TEST_SRCS)
	@mkdir -p build
	@command -v $(FUZZ_CC) >/dev/null || sh scripts/deps.sh test
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=gnu11 -D_GNU_SOURCE -DSECCOMP_ALL_ARCHES=1 -DRUNLET_VERSION='"$(VERSION)"' \
		-DSPEC_VERSION='"$(SPEC_VERSION)"' $(HOST_WARN) -o $@ test/fuzz-seccomp.c json.c util.c

fuzz-seccomp: build/fuzz-seccomp
	@mkdir -p build/fuzz-seccomp.seed build/fuzz-seccomp.corpus
	@for f in $(FUZZ_FIXTURES)/*.json; do \
		jq -ce '.linux.seccomp // empty' "$$f" >build/fuzz-seccomp.seed/$$(basename "$$f" .json) 2>/dev/null || \
			rm -f build/fuzz-seccomp.seed/$$(basename "$$f" .json); \
	done
	cd build && ./fuzz-seccomp -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
		-dict=../test/fuzz-seccomp.dict -print_final_stats=1 \
		fuzz-seccomp.corpus fuzz-seccomp.seed ../test/fuzz-seccomp

fuzz: fuzz-seccomp

.PHONY: fuzz fuzz-seccomp

