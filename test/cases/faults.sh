# Fault injection: a test build (CFG_FAULT=1) SIGKILLs itself at its Nth
# fault point (RUNLET_FAULT=N). For every N, during create, start and
# delete: afterwards `delete --force` (and list) clean up completely; the
# leak check after the test looks for processes, cgroups, mounts and
# state of every container made here.

build_fault() {
	runlet_only "a build of runlet"
	need musl-gcc make
	[ -f "$REPO/runtime.c" ] || skip "no sources at $REPO"
	mkdir -p "$T/src/scripts"
	cp "$REPO"/*.c "$REPO"/*.h "$REPO/Makefile" "$T/src/" && cp "$REPO/scripts/deps.sh" "$T/src/scripts/" ||
		fail "copy the sources"
	sed -i '/^include board/d' "$T/src/Makefile"
	make -s -C "$T/src" CFG=-DCFG_FAULT=1 runlet >"$T/build.log" 2>&1 ||
		fail "the fault build failed: $(tail -n 5 "$T/build.log")"
	FRT=$T/src/runlet
	if [ "${OLDKERNEL:-0}" = 1 ]; then
		# as the suite's runtime: under test/oldkernel, by a wrapper
		mkdir -p "$T/ok" &&
			printf "#!/bin/sh\nexec '%s' '%s' \"\$@\"\n" "$TESTDIR/oldkernel" "$FRT" >"$T/ok/runlet" &&
			chmod 755 "$T/ok/runlet" || fail "the old-kernel wrapper"
		FRT=$T/ok/runlet
	fi
}

# frt N ARGS...: the fault build, dying at its Nth fault point; RC is its
# exit status (137 when it died there).
frt() {
	_fn=$1
	shift
	RUNLET_FAULT=$_fn "$FRT" --root "$ROOT" "$@" >"$T/fout" 2>"$T/ferr" </dev/null
	RC=$?
}

cleanup_ok() { # ID: delete --force succeeds, the container is gone
	"$FRT" --root "$ROOT" delete --force "$1" >"$T/out" 2>"$T/err" ||
		fail "delete --force $1 after a crash: $(cat "$T/err")"
	"$FRT" --root "$ROOT" state "$1" >/dev/null 2>&1 && fail "$1 still exists after delete --force"
	"$FRT" --root "$ROOT" list -q >"$T/out" 2>&1
	grep -qx "$1" "$T/out" && fail "$1 still listed after delete --force"
	return 0
}

# after_crash ID N: what a crash at fault point N left is read safely.
# state.json, if there, is whole: it is written to state.json.tmp and
# renamed (util.c write_file_atomic, which has a fault point between the
# two; so is the saved config.json). A .tmp left beside them is never
# read: it is cut in half here, and state and list must still end with 0
# or a clear error, never a crash, and print whole JSON. N_TMP counts the
# crashes that left one.
N_TMP=0
after_crash() {
	_d=$ROOT/$1
	for _f in "$_d"/*.tmp; do
		[ -e "$_f" ] || continue
		N_TMP=$((N_TMP + 1))
		truncate -s $(($(stat -c %s "$_f") / 2)) "$_f"
	done
	if [ -e "$_d/state.json" ]; then
		jq -e .id "$_d/state.json" >/dev/null 2>&1 ||
			fail "fault $2: a half-written state.json: $(head -c 300 "$_d/state.json")"
	fi
	"$FRT" --root "$ROOT" state "$1" >"$T/out" 2>"$T/err"
	_rc=$?
	case $_rc in
	0) json_get status <"$T/out" | grep -Eqx 'creating|created|stopped' ||
		fail "fault $2: state printed: $(head -c 300 "$T/out")" ;;
	1) grep -q '^runlet: ' "$T/err" || fail "fault $2: state's error: $(head -c 300 "$T/err")" ;;
	*) fail "fault $2: state ended with status $_rc: $(head -c 300 "$T/err")" ;;
	esac
	"$FRT" --root "$ROOT" list --format json >"$T/out" 2>"$T/err" ||
		fail "fault $2: list failed: $(head -c 300 "$T/err")"
	jq -e 'type == "array"' "$T/out" >/dev/null 2>&1 || fail "fault $2: list printed: $(head -c 300 "$T/out")"
}

test_fault_every_step_of_create() {
	build_fault
	need jq
	_fn=1
	while [ $_fn -le 40 ]; do
		mkctr /init sleep 30
		RUNLET_FAULT=$_fn "$FRT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
		RC=$?
		after_crash "$ID" $_fn
		cleanup_ok "$ID"
		[ $RC = 137 ] || break
		_fn=$((_fn + 1))
	done
	[ $_fn -gt 3 ] || fail "only $_fn fault points in create: is the build a CFG_FAULT one?"
	echo "# create survived a kill at each of its $((_fn - 1)) fault points, $N_TMP of them left a .tmp file" >&2
	expect_eq "create past its last fault point" 0 "$RC"
	# the two state writes (pid 0, then the init's pid)
	[ $N_TMP -ge 2 ] || fail "only $N_TMP crashes between writing a .tmp file and its rename"
}

test_fault_every_step_of_start_and_delete() {
	build_fault
	for _cmd in start delete; do
		_fn=1
		while [ $_fn -le 10 ]; do
			mkctr /init sleep 30
			"$FRT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
				fail "create: $(cat "$ERR")"
			record_pid
			if [ $_cmd = start ]; then
				frt $_fn start "$ID"
			else
				"$FRT" --root "$ROOT" start "$ID" || fail "start"
				frt $_fn delete --force "$ID"
			fi
			cleanup_ok "$ID"
			[ $RC = 137 ] || break
			_fn=$((_fn + 1))
		done
		[ $_fn -gt 1 ] || fail "no fault point in $_cmd"
		echo "# $_cmd survived a kill at each of its $((_fn - 1)) fault points" >&2
	done
}

# exec killed at each step: the container keeps running, and the process
# being exec'd either never starts (it dies with runlet's end of the sync
# socket) or runs inside the container's cgroup; delete --force then
# removes everything.
test_fault_every_step_of_exec() {
	build_fault
	_fn=1
	while [ $_fn -le 10 ]; do
		mkctr /init sleep 30
		"$FRT" --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
			fail "run --detach: $(cat "$ERR")"
		record_pid
		frt $_fn exec "$ID" /init echo mark31 -- sleep 1
		_died=$RC
		sleep 0.3
		"$FRT" --root "$ROOT" state "$ID" >"$T/st" 2>&1
		grep -q '"status": *"running"' "$T/st" || fail "exec killed at fault $_fn: the container is not running"
		# ('mark3[1]': the grep does not find itself)
		for _p in $(grep -l 'mark3[1]' /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
			[ -e "/proc/$_p/cgroup" ] || continue
			grep -q "$ID" "/proc/$_p/cgroup" 2>/dev/null ||
				fail "exec killed at fault $_fn: process $_p runs outside the container's cgroup"
		done
		cleanup_ok "$ID"
		[ "$_died" = 137 ] || break
		_fn=$((_fn + 1))
	done
	[ $_fn -gt 3 ] || fail "exec: only $((_fn - 1)) fault points"
	echo "# exec survived a kill at each of its $((_fn - 1)) fault points" >&2
}

# The disk is full when create writes the state: a clear error, and
# nothing left (a tmpfs of a few KiB as --root).
test_state_disk_full() {
	mkdir -p "$T/tiny"
	mount -t tmpfs -o size=8k tmpfs "$T/tiny" || skip "cannot mount a tmpfs here"
	# fill it, so that even a small state.json does not fit
	dd if=/dev/zero of="$T/tiny/fill" bs=1k count=64 2>/dev/null
	mkctr /init hello
	"$RUNTIME" --root "$T/tiny/root" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	_left=$(ls -A "$T/tiny/root" 2>/dev/null)
	_cg=$(find /sys/fs/cgroup -maxdepth 4 -name "$ID" 2>/dev/null)
	umount "$T/tiny"
	expect_fail
	expect_eq "left in the full --root" "" "$_left"
	expect_eq "cgroups left" "" "$_cg"
	runlet_only "runc says: unable to store init state: %!w(<nil>)"
	expect_grep 'No space left on device' "$ERR"
}

# The init dies between create and start: start says so, state is
# stopped, delete cleans up.
test_init_killed_before_start() {
	mkctr /init hello
	create
	expect_rc 0
	kill -9 "$(pid_of)"
	wait_status stopped
	rt_cap start "$ID"
	expect_fail
	rt_cap delete "$ID"
	expect_rc 0
}

# stopped_or_ended PID: PID is stopped (T) or has ended (a zombie or gone).
stopped_or_ended() {
	_s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)
	case $_s in "" | T* | t* | Z* | X*) return 0 ;; esac
	return 1
}

# start_result: start (exit status in RC, stderr in $T/serr) either
# released the init (0) or says it is gone (1); never a crash. Then
# state says stopped and a plain delete removes everything (the leak
# check after the test looks for the rest).
start_result() { # WHAT
	case $RC in
	0) ;;
	1) [ "$RUNTIME_IS_RUNLET" = 1 ] && ! grep -Eq "^runlet: .*(init is gone: it exited (before|during) start|it is stopped)" "$T/serr" &&
		fail "$1: start's error: $(head -c 300 "$T/serr")" ;;
	*) fail "$1: start ended with status $RC: $(head -c 300 "$T/serr")" ;;
	esac
	wait_status stopped
	rt_cap delete "$ID"
	[ "$RC" = 0 ] || fail "$1: delete: $(cat "$T/err")"
}

# The init SIGKILLed from outside while start runs: start is stopped at
# each of its fault points in turn (RUNLET_FAULT=N:stop: between opening
# exec.fifo and writing its byte, then after), the init is killed, start
# goes on.
test_init_killed_during_start() {
	build_fault
	_fn=1
	while [ $_fn -le 10 ]; do
		mkctr /init sleep 30
		"$FRT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
			fail "create: $(cat "$ERR")"
		record_pid
		_init=$(pid_of)
		RUNLET_FAULT=$_fn:stop "$FRT" --root "$ROOT" start "$ID" >/dev/null 2>"$T/serr" </dev/null &
		_sp=$!
		echo "$_sp start" >>"$T/bg"
		wait_for "start to stop at its fault point $_fn" stopped_or_ended $_sp
		if ! proc_alive $_sp; then
			# past its last fault point: a plain start
			wait $_sp
			RC=$?
			expect_eq "start without a stop" 0 "$RC"
			rt_cap delete --force "$ID"
			break
		fi
		kill -9 "$_init"
		wait_for "the init to die" not_alive "$_init"
		kill -CONT $_sp
		wait $_sp
		RC=$?
		start_result "the init killed at start's fault point $_fn"
		_fn=$((_fn + 1))
	done
	[ $_fn -gt 2 ] || fail "start stopped at only $((_fn - 1)) fault points"
	echo "# start: the init killed at each of its $((_fn - 1)) fault points" >&2
}

# The init SIGKILLed while exec runs: exec is stopped at each of its fault
# points in turn (the first: after it found the container running, before
# its child opens the init's namespaces), the init is killed, exec goes
# on. It may fail (saying the init exited), or its process may have run
# or been killed with the container; it never runs outside the container.
# Its path, $T/probe, is a copy of the test's init in the rootfs and, on
# the host, a script that would leave $T/escaped.
test_init_killed_during_exec() {
	build_fault
	printf '#!/bin/sh\necho "$*" >>"%s/escaped"\n' "$T" >"$T/probe" && chmod +x "$T/probe" || fail "the host's probe"
	_fn=1
	while [ $_fn -le 10 ]; do
		mkctr /init sleep 30
		mkdir -p "$BUNDLE/rootfs$T" && cp "$INIT" "$BUNDLE/rootfs$T/probe" || fail "the rootfs's probe"
		"$FRT" --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
			fail "run: $(cat "$ERR")"
		record_pid
		_init=$(pid_of)
		RUNLET_FAULT=$_fn:stop "$FRT" --root "$ROOT" exec "$ID" "$T/probe" hello >"$T/eout" 2>"$T/eerr" </dev/null &
		_ep=$!
		echo "$_ep exec" >>"$T/bg"
		wait_for "exec to stop at its fault point $_fn" stopped_or_ended $_ep
		_stopped=$(proc_alive $_ep && echo 1)
		if [ -n "$_stopped" ]; then
			# dead, or (exec's process already forked into its pid
			# namespace, and exec stopped before it reaps it) waiting
			# for that process to be reaped: 1 s either way
			kill -9 "$_init"
			_n=0
			while proc_alive "$_init" && [ $_n -lt 20 ]; do
				sleep_short
				_n=$((_n + 1))
			done
			kill -CONT $_ep
		fi
		wait $_ep
		RC=$?
		[ ! -e "$T/escaped" ] ||
			fail "the init killed at exec's fault point $_fn: the process ran on the host ($(cat "$T/escaped"))"
		case $RC in
		0 | 137) ;;
		1) grep -Eq "^runlet: .*(init \(pid [0-9]+\) has exited|it has exited|is not running|is stopped)" "$T/eerr" ||
			fail "fault point $_fn: exec's error: $(head -c 300 "$T/eerr")" ;;
		*) fail "fault point $_fn: exec ended with status $RC: $(head -c 300 "$T/eerr")" ;;
		esac
		rt_cap delete --force "$ID"
		[ "$RC" = 0 ] || fail "delete --force: $(cat "$T/err")"
		[ -n "$_stopped" ] || break
		_fn=$((_fn + 1))
	done
	[ $_fn -gt 1 ] || fail "exec stopped at no fault point"
	echo "# exec: the init killed at each of its $((_fn - 1)) fault points" >&2
}

# The same race without a fault build (for runc too): the init SIGKILLed
# 0 to 14 ms after start was launched, 20 times.
test_init_killed_racing_start() {
	_i=0
	while [ $_i -lt 20 ]; do
		mkctr /init sleep 30
		create
		expect_rc 0
		_init=$(pid_of)
		_ms=$(($(od -An -N2 -tu2 /dev/urandom) % 15))
		rt start "$ID" >/dev/null 2>"$T/serr" </dev/null &
		_sp=$!
		sleep "0.0$(printf %02d $_ms)"
		kill -9 "$_init"
		wait $_sp
		RC=$?
		start_result "the init killed $_ms ms into start"
		_i=$((_i + 1))
	done
}
