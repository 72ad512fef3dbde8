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
#   sh test/sanitize.sh analyze CFLAGS -- SOURCES...
#       scan-build (clang's analyzer) and cppcheck; a warning that
#       test/analysis.md does not list (by file, message and checker, not
#       by line) fails the run
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

# run_one MODE TEST LOG: one run; its exit status in LOG.rc.
# UNIT_QUICK=1: the tests thin their CPU-bound sweeps (a model compared
# over every syscall number, dates, a 100,000-deep document), which cost 2
# (ASan) to 50 (valgrind) times more here and add no code path; likewise
# seccomp-diff gets 50 random profiles, not 200.
# UNIT_VALGRIND=1: json.t parses without a fork per case (see there).
run_one() {
	_mode=$1 _t=$2 _log=$3
	set --
	case $_t in */seccomp-diff.t) set -- -n 50 ;; esac
	if [ "$_mode" = asan ]; then
		UNIT_QUICK=1 ASAN_OPTIONS=$ASAN_BASE UBSAN_OPTIONS=$UBSAN_BASE "$_t" "$@" >"$_log" 2>&1 </dev/null
	else
		# 99: a valgrind error, apart from the test's own status
		UNIT_QUICK=1 UNIT_VALGRIND=1 valgrind -q --error-exitcode=99 --leak-check=no \
			"$_t" "$@" >"$_log" 2>&1 </dev/null
	fi
	echo $? >"$_log.rc"
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
	# NO_UNIT: the unit tests (under ASan in make check-asan) do not run
	# the runtime
	NO_UNIT=1 RUNTIME=$rt RUNLET_ASAN=1 sh "$REPO/test/run.sh" "$@"
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

# known: the keys test/analysis.md explains, one a line ("- `KEY`").
known() {
	sed -n 's/^- `\(.*\)`.*$/\1/p' "$REPO/test/analysis.md"
}

# cppcheck_run CFLAGS SOURCES...: the classes that point at defects, and
# style; variableScope (declare a variable in a narrower scope) is left
# out: no defect. Its warnings in $out/cppcheck.log.
cppcheck_run() {
	cppflags=
	for f in $1; do
		case $f in -D* | -I*) cppflags="$cppflags $f" ;; esac
	done
	shift
	# shellcheck disable=SC2086
	cppcheck -q --std=c11 --enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=variableScope \
		--template='{file}: {message} [{id}]' $cppflags "$@" 2>"$out/cppcheck.log" >/dev/null
}

# analyze_one OUT CFLAGS FILE: one file through the compiler scan-build
# put in $CC; its warnings in OUT/obj/FILE.log.
analyze_one() {
	o=$1/obj/$(basename "$3" .c)
	# shellcheck disable=SC2086
	$CC $2 -c -o "$o.o" "$3" 2>"$o.log" || { cat "$o.log" >&2; return 1; }
}

analyze() {
	flags=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		flags="$flags $1"
		shift
	done
	shift
	out=$REPO/build/analyze
	rm -rf "$out"
	mkdir -p "$out/obj"
	# cppcheck_run meanwhile, in the background (a few seconds)
	cppcheck_run "$flags" "$@" &
	cpid=$!
	# scan-build: the analyzer runs on each file as the build compiles it
	# (glibc headers, as build/asan); HTML reports under $out/scan-build.
	# One file per CPU at a time (about 60 s of CPU in all, most of it
	# runtime.c, json.c, process.c), each with its own log so that two
	# files' warnings cannot interleave.
	scan-build --use-cc=clang -o "$out/scan-build" sh -c '
		out=$1; flags=$2; shift 2
		printf "%s\n" "$@" | xargs -P "$(nproc)" -n 1 sh "$0" analyze-one "$out" "$flags"' \
		"$REPO/test/sanitize.sh" "$out" "$flags" "$@" >"$out/scan-build.log" 2>&1
	rc=$?
	cat "$out"/obj/*.log >>"$out/scan-build.log" 2>/dev/null
	[ $rc = 0 ] || { echo "analyze: the scan-build run failed:"; tail -n 20 "$out/scan-build.log"; return 1; }
	# "file:line:col: warning: message [checker]" -> "file: message [checker]"
	sed -n 's/^\([^ :]*\):[0-9]*:[0-9]*: warning: \(.*\) \[\([a-z][A-Za-z.]*\)\]$/\1: \2 [\3]/p' \
		"$out/scan-build.log" | sort -u >"$out/scan-build.txt"
	wait $cpid || { echo "analyze: cppcheck failed:"; tail -n 20 "$out/cppcheck.log"; return 1; }
	sort -u "$out/cppcheck.log" >"$out/cppcheck.txt"
	known >"$out/known.txt"
	for tool in scan-build cppcheck; do
		n=$(wc -l <"$out/$tool.txt")
		new=$(grep -vxF -f "$out/known.txt" "$out/$tool.txt")
		if [ -n "$new" ]; then
			printf 'FAIL %s: %s warnings, these not explained in test/analysis.md:\n' "$tool" "$n"
			printf '%s\n' "$new" | sed 's/^/  | /'
			failed=1
		else
			printf 'ok %s: %s warnings, each explained in test/analysis.md\n' "$tool" "$n"
		fi
	done
	[ $failed = 0 ] || echo "  (full output: $out/*.log; scan-build's reports: scan-view $out/scan-build/*)"
	return $failed
}

case ${1:-} in
unit) shift; unit "$@" ;;
suite) shift; suite "$@" ;;
analyze) shift; analyze "$@" ;;
analyze-one) shift; analyze_one "$@" ;;
*) echo "usage: sanitize.sh unit ASAN_TESTS... -- PLAIN_TESTS... | suite ASAN_RUNLET [PATTERN] | analyze CFLAGS... -- SOURCES..." >&2; exit 2 ;;
esac
