#!/bin/sh
# run.sh: runlet's test runner. POSIX sh; runs under busybox sh too.
# (printf '%s', not echo, for any text that may hold a backslash: dash's
# echo interprets escapes.)
#
#   sh test/run.sh [PATTERN...]     as root
#
# Runs the C unit tests (every executable test/unit/*.t or build/unit/*.t,
# TAP output, exit 77 = skip) and the integration tests (functions test_* in
# test/cases/*.sh, named FILE/NAME), those whose name contains a PATTERN.
# Prints one line per test: "ok NAME", "FAIL NAME" and some context, or
# "skip NAME (reason)"; ends with "N passed, N failed, N skipped" and
# exits 1 if anything failed.
#
# Environment:
#   RUNTIME       runtime to test (default: ./runlet of the repo);
#                 RUNTIME=/usr/sbin/runc runs the same suite against runc
#   INIT          the in-container helper (default test/init, built here
#                 from test/init.c with $CC, default musl-gcc, if missing)
#   TEST_TIMEOUT  seconds before a hung test is killed (default 30)
#   WAIT_TIMEOUT  seconds a test polls for a state or output (default 10)
#   KEEP_TMP=1    keep the per-run directory (logs, bundles)
#   OLDKERNEL=1   run every test as on an old kernel: RUNTIME becomes a
#                 wrapper (same name) that starts it under test/oldkernel,
#                 where clone3, openat2, the new mount API, close_range and
#                 the pidfd calls fail with ENOSYS (x86_64). Tests that
#                 truly need one skip, saying which (need_new_syscall)
#   NO_UNIT=1     the integration tests only (a second pass with another
#                 runtime: the unit tests do not run the runtime)
#
# Writing a test: a function test_NAME in test/cases/FILE.sh. It runs in
# its own subshell, in its own directory $T, with its own --root $ROOT,
# using lib.sh: mkctr/new_ctr + mkbundle make a container id and bundle
# (registered for the leak check), create/run_fg/run_bg/run_detach/rt_cap
# run the runtime (status in RC), expect_* check, fail/skip/runlet_only
# end the test. After it, run.sh checks that nothing was left behind
# (state, processes, mounts, cgroups) and cleans up regardless.

TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"

PATTERNS=$*
TEST_TIMEOUT=${TEST_TIMEOUT:-30}
RUN_PID=$$
export RUN_PID TESTDIR REPO

passed=0
failed=0
skipped=0

result_ok() {
	printf 'ok %s\n' "$1"
	passed=$((passed + 1))
}

result_fail() {
	printf 'FAIL %s\n' "$1"
	failed=$((failed + 1))
}

result_skip() {
	printf 'skip %s (%s)\n' "$1" "$2"
	skipped=$((skipped + 1))
}

matches() {
	[ -z "$PATTERNS" ] && return 0
	for _pat in $PATTERNS; do
		case $1 in *"$_pat"*) return 0 ;; esac
	done
	return 1
}

# ------------------------------------------------------------ unit tests

run_unit() {
	_name=unit/$(basename "$1" .t)
	_log=$RUN_DIR/$(basename "$1").log
	"$1" >"$_log" 2>&1 </dev/null
	_rc=$?
	if [ $_rc = 77 ]; then
		result_skip "$_name" "$(grep -m1 -i 'skip' "$_log" | head -c 200)"
		return
	fi
	_n=0
	while IFS= read -r _l; do
		case $_l in
		"ok "*"# SKIP"* | "ok "*"# skip"*)
			_n=$((_n + 1))
			_d=${_l#ok }
			_r=${_l#*# [Ss][Kk][Ii][Pp]}
			result_skip "$_name: ${_d%% #*}" "skipped:${_r:- no reason}"
			;;
		"ok "*) _n=$((_n + 1)); result_ok "$_name: ${_l#ok }" ;;
		"not ok "*) _n=$((_n + 1)); result_fail "$_name: ${_l#not ok }" ;;
		esac
	done <"$_log"
	if [ $_n = 0 ] || [ $_rc != 0 ] && ! grep -q '^not ok ' "$_log"; then
		result_fail "$_name: exit status $_rc after $_n TAP lines"
		sed 's/^/  | /' "$_log" | tail -n 10
	fi
}

# ------------------------------------------------------------ integration

# run_case FILE FUNC NAME: run one test in a subshell with a watchdog, then
# check for leaks and clean up.
run_case() {
	TNUM=$((TNUM + 1))
	T=$RUN_DIR/$TNUM
	ROOT=$T/root
	mkdir -p "$T"
	export T ROOT TNUM
	(
		cd "$T" || exit 1
		. "$1"
		"$2"
	) >"$T/log" 2>&1 </dev/null &
	_tpid=$!
	# Watchdog: kill the test and everything under it if it hangs.
	(
		trap 'kill $_sp 2>/dev/null; exit 0' TERM
		sleep "$TEST_TIMEOUT" &
		_sp=$!
		wait $_sp
		echo "FAIL: timed out after ${TEST_TIMEOUT}s" >>"$T/log"
		kill_tree $_tpid
	) >/dev/null 2>&1 &
	_wpid=$!
	wait $_tpid 2>/dev/null
	_rc=$?
	kill $_wpid 2>/dev/null
	wait $_wpid 2>/dev/null

	_leaks=$(leak_check)
	force_cleanup
	if [ -n "$_leaks" ]; then
		printf '%s\n' "$_leaks" >>"$T/log"
		[ $_rc = 0 ] || [ $_rc = 77 ] && _rc=1
	fi
	case $_rc in
	0) result_ok "$3" ;;
	77) result_skip "$3" "$(cat "$T/skip" 2>/dev/null)" ;;
	*)
		result_fail "$3"
		tail -n 15 "$T/log" | sed 's/^/  | /'
		;;
	esac
	# Never rm -rf through a mount that could not be undone.
	if [ -z "${KEEP_TMP:-}" ] && ! grep -qF " $T/" /proc/self/mountinfo; then
		rm -rf "$T/b"* "$T/root"
	fi
}

# ------------------------------------------------------------ main

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/runlet-test.XXXXXX") || exit 1
# A container whose user namespace maps root elsewhere must still reach
# its rootfs under this directory.
chmod 755 "$RUN_DIR"
export RUN_DIR
TNUM=0

if [ "${OLDKERNEL:-0}" = 1 ]; then
	if [ ! -x "$TESTDIR/oldkernel" ] || [ "$(uname -m)" != x86_64 ]; then
		echo "OLDKERNEL=1: needs test/oldkernel (make test/oldkernel) on x86_64" >&2
		exit 1
	fi
	# the same base name: tests tell runlet from runc by it
	printf "#!/bin/sh\nexec '%s' '%s' \"\$@\"\n" "$TESTDIR/oldkernel" "$RUNTIME" >"$RUN_DIR/$RUNTIME_NAME"
	chmod 755 "$RUN_DIR/$RUNTIME_NAME"
	OLDKERNEL_RUNTIME=$RUNTIME
	RUNTIME=$RUN_DIR/$RUNTIME_NAME
	export OLDKERNEL OLDKERNEL_RUNTIME RUNTIME
	echo "# old kernel: $TESTDIR/oldkernel in front of $OLDKERNEL_RUNTIME"
fi

echo "# runtime: $RUNTIME ($("$RUNTIME" --version 2>/dev/null | head -n 1))"

for _u in "$TESTDIR"/unit/*.t "$REPO"/build/unit/*.t; do
	[ -x "$_u" ] && [ -z "${NO_UNIT:-}" ] || continue
	matches "unit/$(basename "$_u" .t)" && run_unit "$_u"
done

run_integration() {
	if [ "$(id -u)" != 0 ]; then
		result_skip integration "needs root: real namespaces, mounts, cgroups"
		return
	fi
	if [ ! -x "$RUNTIME" ]; then
		result_fail "runtime: $RUNTIME is not an executable (build it, or set RUNTIME)"
		return
	fi
	# (re)build the default helper only: an INIT given is a board's own
	if [ "$INIT" = "$TESTDIR/init" ] && { [ ! -x "$INIT" ] || [ "$TESTDIR/init.c" -nt "$INIT" ]; }; then
		if ! ${CC:-musl-gcc} -static -Os -Wall -Wextra -Werror -o "$INIT" \
			"$TESTDIR/init.c"; then
			result_fail "init: cannot build $INIT from init.c (set CC, or INIT)"
			return
		fi
	fi
	for _f in "$TESTDIR"/cases/*.sh; do
		_file=$(basename "$_f" .sh)
		for _fn in $(sed -n 's/^\(test_[A-Za-z0-9_]*\)[[:space:]]*().*/\1/p' "$_f"); do
			_name=$_file/${_fn#test_}
			matches "$_name" && run_case "$_f" "$_fn" "$_name"
		done
	done
}
run_integration

if [ -n "${KEEP_TMP:-}" ]; then
	echo "# logs kept in $RUN_DIR"
elif grep -qF " $RUN_DIR/" /proc/self/mountinfo; then
	echo "# mounts left under $RUN_DIR: not removed"
else
	rm -rf "$RUN_DIR"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
