# Many containers at once, and racing commands on the same ids: every
# command succeeds or fails with a clear error, nothing hangs, nothing is
# left (the leak check after the test counts state dirs, cgroups,
# processes and mounts of every id).

N_CTRS=${N_CTRS:-50}

# rnd N: a random number below N (od and /dev/urandom: busybox has both).
rnd() {
	echo $(($(od -An -N2 -tu2 /dev/urandom) % $1))
}

# One container's life with racing bystanders, in the background: state,
# list, start, kill, state, pause, exec and delete --force, each after a
# random short delay, so every run interleaves them differently (an exec
# that a pause froze ends with the delete). Then a last delete --force.
churn() { # ID BUNDLE LOG
	_rt="$RUNTIME --root $ROOT"
	{
		$_rt create --bundle "$2" "$1" </dev/null >/dev/null 2>>"$3.err"
		for _c in "state $1" "list" "start $1" "kill $1 KILL" "state $1" "pause $1" "exec $1 /init hello" \
			"delete --force $1"; do
			{
				sleep "0.0$(rnd 10)"
				$_rt $_c >/dev/null 2>>"$3.err"
			} &
		done
		wait
		$_rt delete --force "$1" 2>>"$3.err"
		echo "done $?" >"$3"
	} </dev/null
}

# What the host has of runlet's kind: mounts, cgroup directories under
# runlet's default parent (in every hierarchy), processes of this test's
# directory (each id's own are checked after every test too). Another
# runlet on the host at the same time would count too.
host_counts() {
	printf 'mounts %s cgroups %s inits %s\n' "$(wc -l </proc/self/mountinfo)" \
		"$(find /sys/fs/cgroup -maxdepth 4 -path '*/runlet/*' -type d 2>/dev/null | wc -l)" \
		"$(grep -l "$T" /proc/[0-9]*/cmdline 2>/dev/null | wc -l)"
}

test_parallel_churn() {
	_before=$(host_counts)
	_i=0
	while [ $_i -lt "$N_CTRS" ]; do
		mkctr /init sleep 5
		churn "$ID" "$BUNDLE" "$T/churn.$_i" &
		_i=$((_i + 1))
	done
	wait
	_i=0
	while [ $_i -lt "$N_CTRS" ]; do
		expect_eq "container $_i: final delete --force" "done 0" "$(cat "$T/churn.$_i" 2>/dev/null)"
		# every failure that raced said what it was (runtime's name first)
		if [ -s "$T/churn.$_i.err" ] && grep -qv '^runlet: \|^time=\|^level=' "$T/churn.$_i.err"; then
			[ "$RUNTIME_IS_RUNLET" = 1 ] &&
				fail "container $_i: unclear error output: $(head -n 3 "$T/churn.$_i.err")"
		fi
		_i=$((_i + 1))
	done
	rt_cap list -q
	expect_rc 0
	expect_eq "containers left in list" "" "$(cat "$T/out")"
	expect_eq "host mounts, cgroups, processes after $N_CTRS parallel lives" "$_before" "$(host_counts)"
}

# Two deletes and a kill racing on one running container.
test_racing_deletes() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	rt delete --force "$ID" 2>"$T/e1" &
	rt delete --force "$ID" 2>"$T/e2" &
	rt kill "$ID" KILL 2>"$T/e3" &
	wait
	not_alive "$_pid" || fail "the container's init survived"
	rt_cap state "$ID"
	expect_fail
}
