# Many containers at once, and racing commands on the same ids: every
# command succeeds or fails with a clear error (status 1, never a signal),
# nothing hangs, nothing is left: no mount, cgroup or process, no fd,
# pidfd or lock held past its command, no fd but stdio in a container
# (the leak check after the test also counts state dirs, cgroups,
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
# Each command's exit status goes to LOG.rc ("STATUS COMMAND"), the
# state directory's inode to $T/inodes (for /proc/locks); the container
# (/init fds, marked in its command line) prints its open fds to LOG.out,
# the exec'd process to LOG.fds.
churn() { # ID BUNDLE LOG
	_rt="$RUNTIME --root $ROOT"
	{
		$_rt create --bundle "$2" "$1" >"$3.out" 2>>"$3.err"
		echo "$? create" >>"$3.rc"
		stat -c %i "$ROOT/$1" >>"$T/inodes" 2>/dev/null
		for _c in "state $1" "list" "start $1" "kill $1 KILL" "state $1" "pause $1" \
			"exec --detach $1 /init fds" "delete --force $1"; do
			{
				sleep "0.0$(rnd 10)"
				case $_c in exec*) _o=$3.fds ;; *) _o=/dev/null ;; esac
				$_rt $_c >"$_o" 2>>"$3.err"
				echo "$? $_c" >>"$3.rc"
			} &
		done
		wait
		$_rt delete --force "$1" 2>>"$3.err"
		echo "done $?" >"$3"
	} </dev/null
}

# What the test's containers left on the host: mounts naming its
# directory, cgroups of its ids (in every hierarchy), processes (runlet's
# name $T, the containers' carry $MARK), the fds those processes hold and
# how many are pidfds, and /proc/locks entries on a state directory of
# the test (runlet is not a daemon: an fd, a lock or a pidfd can only
# outlive its command in a process that should not be there). Only the
# test's own: other runs on the host may make and remove containers
# meanwhile.
leftovers() {
	_procs=$(grep -l -e "$T/[a-z]" -e "$MARK" /proc/[0-9]*/cmdline 2>/dev/null |
		sed 's|^/proc/\([0-9]*\)/cmdline$|\1|' | while read -r _p; do
		[ "$_p" != "$$" ] && proc_alive "$_p" && echo "$_p"
	done)
	_fds=0
	_pidfds=0
	for _p in $_procs; do
		for _f in /proc/"$_p"/fd/*; do
			[ -e "$_f" ] || [ -L "$_f" ] || continue
			_fds=$((_fds + 1))
			[ "$(readlink "$_f")" = "anon_inode:[pidfd]" ] && _pidfds=$((_pidfds + 1))
		done
	done
	# /proc/locks: "N: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF"
	_d=$(stat -c %d "$ROOT")
	_dev=$(printf '%02x:%02x' $(((_d >> 8) & 0xfff)) $(((_d & 0xff) | ((_d >> 12) & 0xfff00))))
	_locks=0
	for _ino in $(stat -c %i "$ROOT") $(cat "$T/inodes" 2>/dev/null); do
		_locks=$((_locks + $(grep -c " $_dev:$_ino " /proc/locks)))
	done
	printf 'mounts %s cgroups %s processes %s fds %s pidfds %s locks %s\n' \
		"$(grep -c -F "$T/" /proc/self/mountinfo)" \
		"$(find /sys/fs/cgroup -maxdepth 4 -path "*/runlet/rlt$RUN_PID-$TNUM-*" -type d 2>/dev/null | wc -l)" \
		"$(echo $_procs | wc -w)" $_fds $_pidfds $_locks
}

# check_churn I: container I's commands each ended with 0 or 1 (runc: or
# its 255), never a signal: a crash fails the test, and so does an error
# that does not say what it is; the container and its exec'd process had
# no fd but stdio. Adds to N_CMDS and N_ERRS.
check_churn() {
	_l=$T/churn.$1
	expect_eq "container $1: final delete --force" "done 0" "$(cat "$_l" 2>/dev/null)"
	expect_eq "container $1: commands that reported a status" 9 "$(wc -l <"$_l.rc")"
	while read -r _rc _c; do
		case $_rc in
		0) ;;
		1) N_ERRS=$((N_ERRS + 1)) ;;
		255) [ "$RUNTIME_IS_RUNLET" = 0 ] || fail "container $1: $_c: exit status 255" ;;
		*) fail "container $1: $_c: exit status $_rc (a crash, or killed by signal $((_rc - 128)))" ;;
		esac
		N_CMDS=$((N_CMDS + 1))
	done <"$_l.rc"
	# every failure that raced said what it was (runtime's name first)
	if [ -s "$_l.err" ] && grep -qv '^runlet: \|^time=\|^level=' "$_l.err"; then
		[ "$RUNTIME_IS_RUNLET" = 1 ] &&
			fail "container $1: unclear error output: $(head -n 3 "$_l.err")"
	fi
	for _f in "$_l.out" "$_l.fds"; do
		[ -s "$_f" ] && expect_eq "container $1: open fds in $(basename "$_f")" "0 1 2" "$(cat "$_f")"
	done
	return 0
}

test_parallel_churn() {
	MARK=churn$RUN_PID-$TNUM
	_i=0
	while [ $_i -lt "$N_CTRS" ]; do
		mkctr /init fds "$MARK" -- sleep 5
		churn "$ID" "$BUNDLE" "$T/churn.$_i" &
		_i=$((_i + 1))
	done
	wait
	N_CMDS=0
	N_ERRS=0
	_i=0
	while [ $_i -lt "$N_CTRS" ]; do
		check_churn $_i
		_i=$((_i + 1))
	done
	rt_cap list -q
	expect_rc 0
	expect_eq "containers left in list" "" "$(cat "$T/out")"
	expect_eq "left after $N_CTRS parallel lives" "mounts 0 cgroups 0 processes 0 fds 0 pidfds 0 locks 0" "$(leftovers)"
	echo "# churn: $N_CTRS lifecycles, $N_CMDS racing commands ($N_ERRS clear errors, no crash), nothing left" >&2
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
