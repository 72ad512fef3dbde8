# json.c test tools (included by the Makefile): the model dumper for the
# round-trip test (test/cases/json.sh), libFuzzer targets, the parse bench.

# dumpcfg: json.c's model written back as JSON; built as runlet's objects
# are (musl, the same flags, alloc.c), but never linked into runlet.
build/dumpcfg: test/dumpcfg.c json.c util.c alloc.c $(HDRS) $(INC)/.stamp build/.cfg
	@mkdir -p build
	$(CC) $(ALL_CFLAGS) -static -I. -o $@ test/dumpcfg.c json.c util.c alloc.c

CHECK_EXTRA += build/dumpcfg

# ---- libFuzzer targets: a host glibc build with clang ----
#
#   make fuzz-json [FUZZ_TIME=60]   each target fuzzed FUZZ_TIME seconds, one
#                                   after the other; crashes in build/fuzz-json/
#   make fuzz                        every fuzz target of test/*.mk
#
# Targets (test/fuzz/json-*.c): json-config (json_parse_config and create's
# checks before anything is made), json-process (exec --process: parse and
# process_validate), json-resources (update --resources). Their corpus
# grows in build/fuzz-json/corpus/; seeds come from the fixtures at each
# run (test/fuzz/json-seeds.sh); test/fuzz-corpus/json-* holds the inputs
# that once failed, replayed by `make check` with the seeds.
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_JSON := build/fuzz-json
FUZZ_JSON_TARGETS := config process resources
FUZZ_JSON_BINS := $(FUZZ_JSON_TARGETS:%=$(FUZZ_JSON)/json-%)
# (-Werror left to the musl build: clang warns of other things)
FUZZ_JSON_WARN = $(filter-out -Werror,$(WARN)) -Wno-unused-function
# the sanitizers, and every allocation through test/fuzz/json-arena.c
FUZZ_JSON_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 $(FUZZ_JSON_WARN) -D_GNU_SOURCE \
	-DRUNLET_VERSION='"$(VERSION)"' -DSPEC_VERSION='"$(SPEC_VERSION)"' -idirafter $(INC) $(CFG) \
	-Dmalloc=fz_malloc -Dcalloc=fz_calloc -Drealloc=fz_realloc -Dfree=fz_free
FUZZ_JSON_LIBOBJS := $(patsubst %.c,$(FUZZ_JSON)/%.o,$(filter-out alloc.c runtime.c,$(SRCS)))
FUZZ_JSON_OPTS = -close_fd_mask=2 -timeout=10 -dict=$(FUZZ_JSON)/seeds/json.dict

# clang and libclang-rt (scripts/deps.sh test)
$(FUZZ_JSON)/.deps: build/.deps
	@sh scripts/deps.sh test
	@mkdir -p $(FUZZ_JSON) && touch $@

$(FUZZ_JSON)/%.o: %.c $(HDRS) $(INC)/.stamp build/.cfg $(FUZZ_JSON)/.deps
	$(FUZZ_CC) $(FUZZ_JSON_CFLAGS) -c -o $@ $<

# the arena itself: no -D, it calls the real malloc
$(FUZZ_JSON)/json-arena.o: test/fuzz/json-arena.c test/fuzz/json-fuzz.h $(FUZZ_JSON)/.deps
	$(FUZZ_CC) -g -O1 -fsanitize=address,undefined -std=gnu11 $(FUZZ_JSON_WARN) -c -o $@ $<

$(FUZZ_JSON)/lib.a: $(FUZZ_JSON_LIBOBJS) $(FUZZ_JSON)/json-arena.o
	rm -f $@ && ar rcs $@ $^

$(FUZZ_JSON)/json-%: test/fuzz/json-%.c test/fuzz/json-fuzz.h runtime.c $(FUZZ_JSON)/lib.a
	$(FUZZ_CC) $(FUZZ_JSON_CFLAGS) -fsanitize=fuzzer -I. -o $@ $< $(FUZZ_JSON)/lib.a

fuzz-json-seeds:
	@sh test/fuzz/json-seeds.sh $(FUZZ_JSON)/seeds

fuzz-json: $(FUZZ_JSON_BINS) fuzz-json-seeds
	@for t in $(FUZZ_JSON_TARGETS); do \
		mkdir -p $(FUZZ_JSON)/corpus/$$t test/fuzz-corpus/json-$$t; \
		echo "fuzz-json: json-$$t for $(FUZZ_TIME) s"; \
		$(FUZZ_JSON)/json-$$t $(FUZZ_JSON_OPTS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_JSON)/$$t- $(FUZZ_JSON)/corpus/$$t $(FUZZ_JSON)/seeds/$$t \
			test/fuzz-corpus/json-$$t 2>&1 | tee $(FUZZ_JSON)/$$t.log | grep -E '^#[0-9]+.*(INITED|DONE|NEW.*cov)|^stat::|ERROR|SUMMARY' | tail -n 12; \
		grep -q '^Done [0-9]* runs' $(FUZZ_JSON)/$$t.log || { echo "fuzz-json: json-$$t failed: see $(FUZZ_JSON)/$$t.log and $(FUZZ_JSON)/$$t-*"; exit 1; }; \
	done

# make check: every seed and regression input through each target, once
fuzz-json-replay: $(FUZZ_JSON_BINS) fuzz-json-seeds
	@for t in $(FUZZ_JSON_TARGETS); do \
		mkdir -p $(FUZZ_JSON)/replay; \
		$(FUZZ_JSON)/json-$$t $(FUZZ_JSON_OPTS) -runs=0 $(FUZZ_JSON)/seeds/$$t test/fuzz-corpus/json-$$t \
			>$(FUZZ_JSON)/replay/$$t.log 2>&1 || { tail -n 40 $(FUZZ_JSON)/replay/$$t.log; echo "fuzz-json-replay: json-$$t failed"; exit 1; }; \
		echo "fuzz-json-replay: json-$$t: $$(grep -o 'Done [0-9]* runs' $(FUZZ_JSON)/replay/$$t.log), no finding"; \
	done

fuzz: fuzz-json

CHECK_EXTRA += fuzz-json-replay

.PHONY: fuzz fuzz-json fuzz-json-seeds fuzz-json-replay

# ---- the parse bench (bench/parse.sh): parse + validate of a config ----
# As shipped: runlet's objects and flags (musl, -Os); and a glibc -O2
# build of the same sources for reference. bench/parse.c includes
# runtime.c (for validate()) and alloc.c (-fno-builtin-malloc: gcc -O2
# would turn alloc.c's calloc, a malloc and a memset, into a call to
# calloc itself).
PARSE_BENCH_OBJS := $(filter-out build/runtime.o build/alloc.o,$(OBJS))
build/bench/parse-musl: bench/parse.c runtime.c alloc.c $(HDRS) $(INC)/.stamp build/.cfg $(PARSE_BENCH_OBJS)
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -I. $(ALL_LDFLAGS) -o $@ bench/parse.c $(PARSE_BENCH_OBJS)

build/bench/parse-glibc: bench/parse.c $(SRCS) $(HDRS) build/.deps
	@mkdir -p build/bench
	$(HOSTCC) -O2 -fno-builtin-malloc -std=gnu11 $(filter-out -Werror,$(WARN)) -D_GNU_SOURCE -DRUNLET_VERSION='"$(VERSION)"' \
		-DSPEC_VERSION='"$(SPEC_VERSION)"' $(CFG) -I. -o $@ bench/parse.c $(filter-out runtime.c alloc.c,$(SRCS))

parse-bench-flags:
	@echo "$(CC) $(ALL_CFLAGS)"

.PHONY: parse-bench-flags
