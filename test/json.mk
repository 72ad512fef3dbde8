# json.c test tools (included by the Makefile): the model dumper for the
# round-trip test (test/cases/json.sh), libFuzzer targets, the parse bench.

# dumpcfg: json.c's model written back as JSON; built as runlet's objects
# are (musl, the same flags, alloc.c), but never linked into runlet.
build/dumpcfg: test/dumpcfg.c json.c util.c alloc.c $(HDRS) $(INC)/.stamp build/.cfg
	@mkdir -p build
	$(CC) $(ALL_CFLAGS) -static -I. -o $@ test/dumpcfg.c json.c util.c alloc.c

CHECK_EXTRA += build/dumpcfg
