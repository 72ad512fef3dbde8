#!/bin/sh
# sanitize.sh: the sanitizer and valgrind runs of test/asan.mk.
#
#   sh test/sanitize.sh unit ASAN_TESTS... -- PLAIN_TESTS...
#       each ASan+UBSan unit test, then each plain (glibc) unit test under
#       valgrind; one line per run, the report of any failure; exit 1 if
#       anything failed
#   sh test/sanitize.sh suite ASAN_RUNLET [PATTERN]
#       the integration suite with RUNTIME=ASAN_RUNLET; any sanitizer
#       report, from any runlet process of any test, fails the run
#
# Leaks are not checked (detect_leaks=0, --leak-check=no), by design:
# runlet's free() is a no-op (alloc.c, a bump allocator) and json.c's
# config has no destructor (STYLE.md §1), so every parsed config, and
# every fixture the tests build, is still allocated at exit: a leak check
# lists hundreds of such records and no defect (a leak costs nothing in a
# process that frees nothing). In the suite, runlet also leaves through
# exec, _exit and die(). What fails a run is a memory error (out of
# bounds, use after free, double free, uninitialised value) or UB.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)

# Every report fatal, a stack trace with each.
ASAN_BASE=detect_leaks=0:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
UBSAN_BASE=halt_on_error=1:print_stacktrace=1

failed=0

# tap_counts LOG: "N ok, N not ok"
tap_counts() {
	printf '%s ok, %s not ok' "$(grep -c '^ok ' "$1")" "$(grep -c '^not ok ' "$1")"
}

# show LOG: the failed tests and the first report in LOG, indented.
show() {
	grep -A2 '^not ok ' "$1" | head -n 20 | sed 's/^/  | /'
	grep -m1 -n -E 'ERROR: AddressSanitizer|runtime error:|^==[0-9]+== [A-Z]' "$1" >/dev/null &&
		sed -n "$(grep -m1 -n -E 'ERROR: AddressSanitizer|runtime error:|^==[0-9]+== [A-Z]' "$1" | cut -d: -f1),+30p" "$1" |
		sed 's/^/  | /'
}

# run_one MODE TEST LOG: one run; its exit status in LOG.rc
run_one() {
	if [ "$1" = asan ]; then
		ASAN_OPTIONS=$ASAN_BASE UBSAN_OPTIONS=$UBSAN_BASE "$2" >"$3" 2>&1 </dev/null
	else
		# 99: a valgrind error, apart from the test's own status
		UNIT_VALGRIND=1 valgrind -q --error-exitcode=99 --leak-check=no "$2" >"$3" 2>&1 </dev/null
	fi
	echo $? >"$3.rc"
}

# Every run at once (valgrind's are the long ones), reported in order.
unit() {
	log=$REPO/build/sanitize
	mkdir -p "$log"
	mode=asan
	runs=
	for t in "$@"; do
		if [ "$t" = -- ]; then
			mode=valgrind
			continue
		fi
		out=$log/$mode-$(basename "$t" .t).log
		rm -f "$out.rc"
		run_one $mode "$t" "$out" &
		runs="$runs $mode:$t"
	done
	wait
	for r in $runs; do
		mode=${r%%:*}
		t=${r#*:}
		name=$mode:unit/$(basename "$t" .t)
		out=$log/$mode-$(basename "$t" .t).log
		rc=$(cat "$out.rc" 2>/dev/null || echo '?')
		if [ "$rc" = 0 ] && ! grep -q '^not ok ' "$out"; then
			printf 'ok %s (%s)\n' "$name" "$(tap_counts "$out")"
			continue
		fi
		printf 'FAIL %s: exit status %s, %s; log %s\n' "$name" "$rc" "$(tap_counts "$out")" "$out"
		show "$out"
		[ $mode = valgrind ] && [ "$rc" = 99 ] &&
			echo "  (the origin of an uninitialised value: rerun with valgrind --track-origins=yes)"
		failed=1
	done
	return $failed
}

suite() {
	rt=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	shift
	log=$REPO/build/sanitize/suite
	rm -rf "$log"
	mkdir -p "$log"
	# Container processes run as mapped users too: any may write a report.
	chmod 1777 "$log"
	# The options are built into the binary (test/asan_options.c: engines
	# drop the environment); with $log present, reports go there.
	unset ASAN_OPTIONS UBSAN_OPTIONS
	RUNTIME=$rt RUNLET_ASAN=1 sh "$REPO/test/run.sh" "$@"
	rc=$?
	reports=$(find "$log" -type f | sort)
	if [ -n "$reports" ]; then
		echo "FAIL: sanitizer reports in $log:"
		for f in $reports; do
			printf '== %s\n' "$f"
			head -n 40 "$f" | sed 's/^/  | /'
		done
		rc=1
	else
		echo "# no sanitizer report"
		rmdir "$log" # later runs of the binary report to stderr again
	fi
	return $rc
}

case ${1:-} in
unit) shift; unit "$@" ;;
suite) shift; suite "$@" ;;
*) echo "usage: sanitize.sh unit ASAN_TESTS... -- PLAIN_TESTS... | suite ASAN_RUNLET [PATTERN]" >&2; exit 2 ;;
esac
