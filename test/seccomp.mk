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
