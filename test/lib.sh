# lib.sh: helpers for test/run.sh and test/cases/*.sh.
# POSIX sh; must also run under busybox ash (the emulated boards have no bash).
#
# Each test runs in its own subshell with:
#   T     its private directory (under one per-run directory)
#   ROOT  its private --root for the runtime: tests never share state with
#         each other, with a concurrent run, or with a real engine
# and registers every container it makes (new_ctr), so that run.sh can check
# afterwards that nothing was left behind (leak_check) and clean up anyway
# (force_cleanup) before the next test.

TESTDIR=${TESTDIR:-$(cd "$(dirname "$0")" && pwd)}
REPO=${REPO:-$(cd "$TESTDIR/.." && pwd)}

RUNTIME=${RUNTIME:-$REPO/runlet}
case $RUNTIME in
/*) ;;
*/*) RUNTIME=$(pwd)/$RUNTIME ;;
*) RUNTIME=$(command -v "$RUNTIME" || echo "$RUNTIME") ;;
esac
RUNTIME_NAME=$(basename "$RUNTIME")
case $RUNTIME_NAME in
runlet*) RUNTIME_IS_RUNLET=1 ;;
*) RUNTIME_IS_RUNLET=0 ;;
esac
INIT=${INIT:-$TESTDIR/init}
# Seconds a wait_* helper polls before giving up.
WAIT_TIMEOUT=${WAIT_TIMEOUT:-10}
export RUNTIME RUNTIME_NAME RUNTIME_IS_RUNLET INIT

# ---------------------------------------------------------------- results

# fail MSG...: the test fails with MSG (the test runs in a subshell).
fail() {
	printf 'FAIL: %s\n' "$*"
	exit 1
}

# skip REASON: the test is skipped; the reason is printed by run.sh.
skip() {
	printf '%s\n' "$*" >"$T/skip"
	exit 77
}

# runlet_only WHAT: skip under another runtime, saying how it differs.
runlet_only() {
	[ "$RUNTIME_IS_RUNLET" = 1 ] || skip "$RUNTIME_NAME differs: $*"
}

# need_new_syscall SYSCALL WHAT: under OLDKERNEL=1 (run.sh), where
# test/oldkernel makes SYSCALL fail with ENOSYS, skip a test of WHAT, a
# feature that truly needs it (no fallback exists).
need_new_syscall() {
	[ "${OLDKERNEL:-0}" != 1 ] || skip "OLDKERNEL=1: $2 needs $1, ENOSYS here"
}

# need CMD...: skip unless each command exists on the host.
need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || skip "needs $_c on the host"
	done
}

# need_userns: skip where this kernel cannot make a user namespace.
need_userns() {
	[ -e /proc/self/ns/user ] || skip "kernel without user namespaces"
	[ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null)" != 0 ] ||
		skip "user namespaces disabled (max_user_namespaces=0)"
}

# USERNS_MAPS: linux's id mappings for a container with a user namespace:
# its root is 100000:200000 on the host, 65536 ids each.
USERNS_MAPS='"uidMappings": [ { "containerID": 0, "hostID": 100000, "size": 65536 } ],
		"gidMappings": [ { "containerID": 0, "hostID": 200000, "size": 65536 } ]'

# sleep_short: a short poll interval (busybox and coreutils sleep take
# fractions; fall back to 1 s where the sleep does not).
sleep_short() {
	sleep 0.05 2>/dev/null || sleep 1
}

# ---------------------------------------------------------------- assertions

# expect_eq WHAT EXPECTED GOT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# expect_ne WHAT UNEXPECTED GOT
expect_ne() {
	[ "$2" != "$3" ] || fail "$1: expected anything but '$2'"
}

# expect_rc N: the last rt_cap/create/... exited with N.
expect_rc() {
	[ "$RC" = "$1" ] || fail "exit status: expected $1, got $RC$(show_cmd)"
}

# expect_fail: the last rt_cap/create/... exited non-zero.
expect_fail() {
	[ "$RC" != 0 ] || fail "exit status: expected non-zero, got 0$(show_cmd)"
}

show_cmd() {
	printf '\n  command: %s' "$LAST_CMD"
	[ -s "$T/out" ] && printf '\n  stdout: %s' "$(head -c 600 "$T/out")"
	[ -s "$T/err" ] && printf '\n  stderr: %s' "$(head -c 600 "$T/err")"
}

# expect_grep ERE FILE: some line of FILE matches ERE.
expect_grep() {
	grep -Eq -- "$1" "$2" ||
		fail "expected a line matching /$1/ in $(basename "$2"), got:
$(head -n 30 "$2" 2>/dev/null | sed 's/^/  | /')"
}

# expect_no_grep ERE FILE: no line of FILE matches ERE.
expect_no_grep() {
	! grep -Eq -- "$1" "$2" ||
		fail "expected no line matching /$1/ in $(basename "$2"), got:
$(grep -E -- "$1" "$2" | head -n 10 | sed 's/^/  | /')"
}

# expect_file_eq FILE EXPECTED: FILE holds exactly EXPECTED (plus newline).
expect_file_eq() {
	_got=$(cat "$1" 2>/dev/null)
	[ "$_got" = "$2" ] || fail "$(basename "$1"): expected:
$(printf '%s\n' "$2" | sed 's/^/  | /')
got:
$(printf '%s\n' "$_got" | sed 's/^/  | /')"
}

# ---------------------------------------------------------------- runtime

# rt ARGS...: the runtime with this test's --root; output as it comes.
rt() {
	"$RUNTIME" --root "$ROOT" "$@"
}

# rt_cap ARGS...: run the runtime, stdout to $T/out, stderr to $T/err,
# exit status in RC. Only for commands that do not leave a container
# holding stdout (not create, not run): see create/run_detach.
rt_cap() {
	LAST_CMD="$RUNTIME_NAME --root ROOT $*"
	"$RUNTIME" --root "$ROOT" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}

# raw_cap ARGS...: like rt_cap but without the --root (global flag tests).
raw_cap() {
	LAST_CMD="$RUNTIME_NAME $*"
	"$RUNTIME" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}

CTR_SEQ=0
# new_ctr: pick a fresh container id and bundle path and register them
# for the leak check. Sets ID, BUNDLE, OUT (container stdout), ERR.
new_ctr() {
	CTR_SEQ=$((CTR_SEQ + 1))
	ID=rlt$RUN_PID-$TNUM-$CTR_SEQ
	BUNDLE=$T/b$CTR_SEQ
	OUT=$T/$ID.out
	ERR=$T/$ID.err
	echo "$ROOT $ID $BUNDLE" >>"$T/ctrs"
}

# mkctr ARGS...: new_ctr + mkbundle "$BUNDLE" ARGS...
mkctr() {
	new_ctr
	mkbundle "$BUNDLE" "$@"
}

# create [FLAGS...]: create $ID from $BUNDLE; its stdio goes to $OUT/$ERR
# (never capture it with $(...): the container keeps it open). Records the
# container's pid for the leak check.
create() {
	LAST_CMD="$RUNTIME_NAME create --bundle BUNDLE $* $ID"
	"$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$@" "$ID" \
		>"$OUT" 2>"$ERR" </dev/null
	RC=$?
	cp "$ERR" "$T/err"
	: >"$T/out"
	[ $RC = 0 ] && record_pid
	return 0
}

# run_detach [FLAGS...]: run --detach $ID from $BUNDLE, stdio as create.
run_detach() {
	LAST_CMD="$RUNTIME_NAME run --detach --bundle BUNDLE $* $ID"
	"$RUNTIME" --root "$ROOT" run --detach --bundle "$BUNDLE" "$@" "$ID" \
		>"$OUT" 2>"$ERR" </dev/null
	RC=$?
	cp "$ERR" "$T/err"
	: >"$T/out"
	[ $RC = 0 ] && record_pid
	return 0
}

# run_fg [FLAGS...]: run $ID from $BUNDLE in the foreground; container
# stdout in $OUT, stderr in $ERR, exit status in RC.
run_fg() {
	LAST_CMD="$RUNTIME_NAME run --bundle BUNDLE $* $ID"
	"$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$@" "$ID" \
		>"$OUT" 2>"$ERR" </dev/null
	RC=$?
	cp "$ERR" "$T/err"
	cp "$OUT" "$T/out"
}

# run_bg [FLAGS...]: run $ID in the foreground of a background job; its
# pid in RUN_BG (registered, so cleanup kills it if the test does not).
run_bg() {
	"$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$@" "$ID" \
		>"$OUT" 2>"$ERR" </dev/null &
	RUN_BG=$!
	echo "$RUN_BG runtime" >>"$T/bg"
}

# inside ARGS...: run /init ARGS... in a fresh container made with the
# current CFG_* knobs; its stdout in $OUT and $T/out. Fails the test if
# the runtime fails.
inside() {
	mkctr /init "$@"
	run_fg
	[ "$RC" = 0 ] || fail "run /init $*: exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
}

# inside_rc N ARGS...: like inside, for commands expected to end with
# status N (e.g. 1 when one of several /init commands reports an error).
inside_rc() {
	_want=$1
	shift
	mkctr /init "$@"
	run_fg
	[ "$RC" = "$_want" ] || fail "run /init $*: exit status $RC, expected $_want
$(sed 's/^/  | /' "$ERR" | head -n 20)
$(sed 's/^/  > /' "$OUT" | head -n 20)"
}

# state_of [ID]: print the status field of `state` ("" if state fails).
state_of() {
	rt state "${1:-$ID}" 2>/dev/null | json_get status
}

# pid_of [ID]: print the pid field of `state`.
pid_of() {
	rt state "${1:-$ID}" 2>/dev/null | json_get pid
}

# record_pid: remember $ID's pid (and its start time, so a recycled pid
# is not mistaken for it) for the leak check.
record_pid() {
	_p=$(pid_of)
	[ -n "$_p" ] && [ "$_p" != 0 ] &&
		echo "$_p $(proc_start "$_p") $ID" >>"$T/pids"
	return 0
}

# proc_start PID: the process start time (field 22 of /proc/PID/stat).
proc_start() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# proc_alive PID [START]: PID is a live process (not a zombie: pid 1 on
# some machines never reaps orphans), with START time if given.
proc_alive() {
	_s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$_s" ] || return 1
	case $_s in Z* | X*) return 1 ;; esac
	[ -z "$2" ] || [ "$(echo "$_s" | cut -d' ' -f20)" = "$2" ]
}

# wait_for DESCRIPTION CMD...: poll CMD until it succeeds, up to
# WAIT_TIMEOUT seconds; fails the test on timeout. CMD's arguments are
# expanded once: poll a function, not a "$(...)".
wait_for() {
	_what=$1
	shift
	_n=0
	while ! "$@"; do
		_n=$((_n + 1))
		[ $_n -lt $((WAIT_TIMEOUT * 20)) ] || fail "timed out waiting for $_what"
		sleep_short
	done
}

# wait_out ERE [FILE]: wait until the container's output has a matching line.
wait_out() {
	wait_for "/$1/ in $(basename "${2:-$OUT}")" grep -Eq -- "$1" "${2:-$OUT}"
}

# count_is N ERE FILE: FILE has exactly N lines matching ERE (for wait_for:
# its arguments are expanded once, so never pass it a "$(...)").
count_is() {
	[ "$(grep -Ec -- "$2" "$3" 2>/dev/null)" = "$1" ]
}

# wait_status STATUS [ID]: poll `state` until its status is STATUS.
wait_status() {
	_n=0
	while _st=$(state_of "${2:-$ID}") && [ "$_st" != "$1" ]; do
		_n=$((_n + 1))
		[ $_n -lt $((WAIT_TIMEOUT * 20)) ] ||
			fail "timed out waiting for status $1 of ${2:-$ID} (is: '$_st')"
		sleep_short
	done
}

# wait_exit PID: wait for a background job; its exit status in RC, or
# fail after WAIT_TIMEOUT seconds (the job is killed by cleanup).
wait_exit() {
	wait_for "pid $1 to exit" not_alive "$1"
	wait "$1"
	RC=$?
}

not_alive() {
	! proc_alive "$1"
}

# json_get KEY: the first value of "KEY" in the JSON on stdin (flat
# enough for state and list output: no commas inside the values read).
json_get() {
	tr ',{}[]' '\n\n\n\n\n' |
		sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*\$/\1/p" |
		head -n 1
}

# json_objects: the top-level objects of the JSON array on stdin, one per
# line (for `list --format json`).
json_objects() {
	tr '\n' ' ' | awk '{
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (q) {
				if (c == "\\") { cur = cur c substr($0, i + 1, 1); i++; continue }
				if (c == "\"") q = 0
			} else if (c == "\"") q = 1
			else if (c == "{") d++
			else if (c == "}") { d--; if (d == 0) { print cur c; cur = ""; continue } }
			if (d > 0) cur = cur c
		}
	}'
}

# host_ns NAME: the host's namespace link, e.g. "uts:[4026531838]".
host_ns() {
	readlink "/proc/self/ns/$1"
}

# ---------------------------------------------------------------- bundles

# json_str STRING: STRING as a JSON string literal (one line).
TAB=$(printf '\t')
json_str() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g; s/'"$TAB"'/\\t/g')"
}

# json_list ITEMS...: a JSON array body of strings: "a", "b".
json_list() {
	_sep=
	for _a in "$@"; do
		printf '%s%s' "$_sep" "$(json_str "$_a")"
		_sep=", "
	done
}

# mkbundle DIR [ARGS...]: a bundle whose rootfs holds only /init and
# /bin/init (everything else, /proc, /dev... the runtime must create), and a
# config.json equivalent to `runc spec` output but with terminal false and
# process.args = ARGS (default: /init hello). Knobs, read from the
# environment (unset = template value):
#   CFG_NS        namespaces, "pid network ipc uts mount"; TYPE=PATH joins
#   CFG_HOSTNAME  hostname ("runlet"; empty: no hostname field)
#   CFG_DOMAINNAME domainname (none)
#   CFG_UID CFG_GID user (0 0); CFG_GIDS additionalGids, "1,2"; CFG_UMASK
#                 umask in octal (none)
#   CFG_CWD       cwd (/); CFG_ENV extra env entries, space separated
#   CFG_READONLY  root.readonly (true); CFG_ROOT_ABS=1 absolute root.path
#   CFG_TERMINAL  process.terminal (false); CFG_NNP noNewPrivileges (true)
#   CFG_INHERITABLE=1  the template's 3 capabilities as inheritable too
#   CFG_RLIMITS   process.rlimits entries (raw JSON; RLIMIT_NOFILE 1024)
#   CFG_MOUNTS    extra mount objects (raw JSON, comma separated)
#   CFG_LINUX     extra members of "linux" (raw JSON, e.g. uidMappings)
#   CFG_PROCESS   extra members of "process" (raw JSON)
# Tests edit the file with sed for anything else.
mkbundle() {
	_dir=$1
	shift
	[ $# -gt 0 ] || set -- /init hello
	mkdir -p "$_dir/rootfs/bin" || fail "mkdir $_dir"
	cp "$INIT" "$_dir/rootfs/init" && cp "$INIT" "$_dir/rootfs/bin/init" ||
		fail "copy $INIT into $_dir/rootfs"
	_rootpath=rootfs
	[ "${CFG_ROOT_ABS:-0}" = 1 ] && _rootpath=$(cd "$_dir" && pwd)/rootfs

	_user="\"uid\": ${CFG_UID:-0}, \"gid\": ${CFG_GID:-0}"
	[ -n "${CFG_GIDS:-}" ] && _user="$_user, \"additionalGids\": [ $CFG_GIDS ]"
	[ -n "${CFG_UMASK:-}" ] && _user="$_user, \"umask\": $((0$CFG_UMASK))"

	_env=$(json_list "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		"TERM=xterm" ${CFG_ENV:-})

	_ns=
	for _n in ${CFG_NS-pid network ipc uts mount}; do
		case $_n in
		*=*) _o="{ \"type\": \"${_n%%=*}\", \"path\": $(json_str "${_n#*=}") }" ;;
		*) _o="{ \"type\": \"$_n\" }" ;;
		esac
		_ns="$_ns${_ns:+,
			}$_o"
	done

	_inh=
	[ "${CFG_INHERITABLE:-0}" = 1 ] && _inh='
			"inheritable": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],'

	_rl='{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }'
	[ -n "${CFG_RLIMITS:-}" ] && _rl=$CFG_RLIMITS

	_host=
	[ -n "${CFG_HOSTNAME-runlet}" ] &&
		_host="\"hostname\": $(json_str "${CFG_HOSTNAME-runlet}"),"
	[ -n "${CFG_DOMAINNAME:-}" ] &&
		_host="$_host \"domainname\": $(json_str "$CFG_DOMAINNAME"),"

	cat >"$_dir/config.json" <<EOF
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": ${CFG_TERMINAL:-false},
		"user": { $_user },
		"args": [ $(json_list "$@") ],
		"env": [ $_env ],
		"cwd": $(json_str "${CFG_CWD:-/}"),
		"capabilities": {
			"bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
			"effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
			"permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],$_inh
			"ambient": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
		},
		"rlimits": [ $_rl ],
		"noNewPrivileges": ${CFG_NNP:-true}${CFG_PROCESS:+,
		$CFG_PROCESS}
	},
	"root": { "path": $(json_str "$_rootpath"), "readonly": ${CFG_READONLY:-true} },
	$_host
	"mounts": [
		{ "destination": "/proc", "type": "proc", "source": "proc" },
		{ "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
		  "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
		{ "destination": "/dev/pts", "type": "devpts", "source": "devpts",
		  "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
		{ "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
		  "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
		{ "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
		  "options": [ "nosuid", "noexec", "nodev" ] },
		{ "destination": "/sys", "type": "sysfs", "source": "sysfs",
		  "options": [ "nosuid", "noexec", "nodev", "ro" ] },
		{ "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
		  "options": [ "nosuid", "noexec", "nodev", "relatime", "ro" ] }${CFG_MOUNTS:+,
		$CFG_MOUNTS}
	],
	"linux": {
		"resources": { "devices": [ { "allow": false, "access": "rwm" } ] },
		"namespaces": [
			$_ns
		],
		"maskedPaths": [ "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
			"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
			"/proc/sched_debug", "/sys/firmware", "/proc/scsi" ],
		"readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
			"/proc/sysrq-trigger" ]${CFG_LINUX:+,
		$CFG_LINUX}
	}
}
EOF
}

# ---------------------------------------------------------------- leaks

# leak_check: print what the test's containers left behind; status 1 if
# anything. Reads $T/ctrs ("ROOT ID BUNDLE"), $T/pids ("PID START ID") and
# $T/bg ("PID what"), and looks for mounts of anything under $T, entries
# in $ROOT, and processes whose command line names $T.
leak_check() {
	_leaks=0
	if [ -f "$T/ctrs" ]; then
		while read -r _root _id _bundle; do
			if [ -e "$_root/$_id" ]; then
				echo "leak: state dir $_root/$_id"
				_leaks=1
			fi
			if [ -d "$_root" ] && ls -a "$_root" | grep -qF "$_id"; then
				[ -e "$_root/$_id" ] ||
					echo "leak: in --root: $(ls -a "$_root" | grep -F "$_id" | tr '\n' ' ')"
				_leaks=1
			fi
			_cg=$(find /sys/fs/cgroup -maxdepth 4 -name "$_id" 2>/dev/null)
			if [ -n "$_cg" ]; then
				echo "leak: cgroup $(echo "$_cg" | tr '\n' ' ')"
				_leaks=1
			fi
		done <"$T/ctrs"
	fi
	if [ -f "$T/pids" ]; then
		while read -r _pid _start _id; do
			if proc_alive "$_pid" "$_start"; then
				echo "leak: process $_pid of $_id still running"
				_leaks=1
			fi
		done <"$T/pids"
	fi
	if [ -f "$T/bg" ]; then
		while read -r _pid _what; do
			if proc_alive "$_pid"; then
				echo "leak: $_what process $_pid still running"
				_leaks=1
			fi
		done <"$T/bg"
	fi
	# Nothing of the test's bundles (or anything else of its directory) is
	# mounted on the host.
	if grep -qF " $T/" /proc/self/mountinfo; then
		echo "leak: mounts: $(grep -F " $T/" /proc/self/mountinfo | cut -d' ' -f5 | tr '\n' ' ')"
		_leaks=1
	fi
	# The --root is the test's own: any container left in it is a leak,
	# registered or not (e.g. one whose id the runtime should have refused).
	if [ -d "$ROOT" ] && [ -n "$(ls "$ROOT")" ]; then
		echo "leak: left in --root: $(ls "$ROOT" | tr '\n' ' ')"
		_leaks=1
	fi
	# An engine's own clean-up may still be on its way out (podman's
	# conmon starts `podman container cleanup` as the container exits,
	# and nobody waits for it): 3 s to go, then it is a leak.
	_n=0
	while [ -n "$(stray_pids)" ] && [ $_n -lt 60 ]; do
		_n=$((_n + 1))
		sleep_short
	done
	for _pid in $(stray_pids); do
		echo "leak: process $_pid: $(tr '\0' ' ' <"/proc/$_pid/cmdline" 2>/dev/null | head -c 200)"
		_leaks=1
	done
	return $_leaks
}

# stray_pids: live processes whose command line names this test's
# directory (a runtime that hangs, or a waiting container process that
# was never recorded). "[a-z]" keeps grep from matching itself.
stray_pids() {
	grep -l "$T/[a-z]" /proc/[0-9]*/cmdline 2>/dev/null |
		sed 's|^/proc/\([0-9]*\)/cmdline$|\1|' | while read -r _p; do
		[ "$_p" != "$$" ] && proc_alive "$_p" && echo "$_p"
	done
}

# with_timeout SECS CMD...: run CMD, SIGKILLed after SECS seconds.
with_timeout() {
	_secs=$1
	shift
	"$@" &
	_wp=$!
	_n=0
	while proc_alive "$_wp"; do
		_n=$((_n + 1))
		if [ $_n -ge $((_secs * 20)) ]; then
			kill_tree "$_wp"
			break
		fi
		sleep_short
	done
	wait "$_wp" 2>/dev/null
}

# force_cleanup: undo whatever a test left, so that the next one starts
# clean (after leak_check has reported it).
force_cleanup() {
	if [ -f "$T/bg" ]; then
		while read -r _pid _what; do
			kill -9 "$_pid" 2>/dev/null
		done <"$T/bg"
	fi
	for _pid in $(stray_pids); do
		kill_tree "$_pid"
	done
	if [ -f "$T/ctrs" ]; then
		while read -r _root _id _bundle; do
			[ -e "$_root/$_id" ] &&
				with_timeout 10 "$RUNTIME" --root "$_root" delete --force "$_id" \
					>/dev/null 2>&1 </dev/null
			if [ -f "$T/pids" ]; then
				grep " $_id\$" "$T/pids" | while read -r _pid _start _i; do
					proc_alive "$_pid" "$_start" && kill -9 "$_pid"
				done
			fi
			find /sys/fs/cgroup -maxdepth 4 -depth -name "$_id" \
				-exec rmdir {} \; 2>/dev/null
			rm -rf "${_root:?}/$_id"
		done <"$T/ctrs"
	fi
	grep -F " $T/" /proc/self/mountinfo | cut -d' ' -f5 | sort -r |
		while read -r _m; do
			umount -l "$_m" 2>/dev/null
		done
	if [ -d "$ROOT" ]; then
		for _id in $(ls "$ROOT"); do
			with_timeout 10 "$RUNTIME" --root "$ROOT" delete --force "$_id" \
				>/dev/null 2>&1 </dev/null
		done
	fi
	return 0
}

# kill_tree PID: SIGKILL a process and all its descendants (a test that
# timed out). Each is stopped first so that it cannot fork meanwhile, and
# its children are not orphaned before they are found.
kill_tree() {
	kill -STOP "$1" 2>/dev/null
	for _c in $(children "$1"); do
		kill_tree "$_c"
	done
	kill -9 "$1" 2>/dev/null
}

# n_children N PID: PID has N children (for wait_for).
n_children() {
	[ "$(children "$2" | wc -l | tr -d ' ')" = "$1" ]
}

children() {
	for _s in /proc/[0-9]*/stat; do
		_l=$(cat "$_s" 2>/dev/null) || continue
		_pp=$(echo "${_l##*) }" | cut -d' ' -f2)
		[ "$_pp" = "$1" ] && echo "${_l%% *}"
	done
}

# nest_pid PID: move PID into a new group "sub" below the container $ID's
# group in every hierarchy, as a container that makes groups of its own
# would (a v1 cpuset group takes no task before its cpus and mems).
nest_pid() {
	_ds=$(find /sys/fs/cgroup -maxdepth 4 -type d -name "$ID")
	[ -n "$_ds" ] || fail "no cgroup directory named $ID"
	for _d in $_ds; do
		mkdir "$_d/sub" || fail "mkdir $_d/sub"
		for _f in cpuset.cpus cpuset.mems; do
			[ -f "$_d/sub/$_f" ] && cat "$_d/$_f" >"$_d/sub/$_f"
		done
		echo "$1" >"$_d/sub/cgroup.procs" || fail "move $1 into $_d/sub"
	done
	NESTED=$_ds
}
