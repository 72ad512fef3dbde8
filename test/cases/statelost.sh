# The state directory removed under a running container: rm -rf of
# <root>/<id>, or of the whole --root, while the container runs.
#
# What runlet does (decided here): the container is unknown from then on.
# state, kill, exec... fail with exit 1 and "does not exist"; list does not
# show it; kill signals nothing (without its state, a pid could be anyone's).
# When the id's default cgroup (<hierarchy>/runlet/<id>) still holds
# processes, the error says so: the state was probably removed while it
# ran, and runlet can neither find nor stop it for sure (the same id under
# another --root has the same default cgroup). delete --force of such an
# id then fails, naming the cgroup, instead of claiming success; a create
# that would land in that cgroup (the id taken again) is refused, since a
# later delete would kill the other container's processes too. A
# foreground `run` whose state vanished removes the cgroup it made, warns,
# and never deletes a new container that took the id since.
#
# runc 1.1.5 (the reference): state, kill: "container does not exist",
# exit 1; list: not listed; delete --force: exit 0, silently, the process
# still running; a new create of the id warns "container's cgroup is not
# empty" and shares the cgroup (its delete then fails to remove it); a
# foreground run removes <root>/<id> when it ends, even when a new
# container took the id since (that one then runs on, unknown).

# cg_of ID: the container's cgroup directories on the host, one a line.
cg_of() {
	find /sys/fs/cgroup -maxdepth 4 -type d -name "$1" 2>/dev/null
}

# orphan_cleanup PID: what a lost container leaves, removed by hand (the
# test's own job: the leak check would count it).
orphan_cleanup() {
	kill -9 "$1" 2>/dev/null
	wait_for "the orphaned init to die" not_alive "$1"
	_n=0
	while [ -n "$(cg_of "$ID")" ] && [ $_n -lt 100 ]; do
		find /sys/fs/cgroup -maxdepth 4 -depth -type d -name "$ID" -exec rmdir {} \; 2>/dev/null
		_n=$((_n + 1))
		sleep_short
	done
}

# After the loss: every command fails clearly or does nothing; the
# process runs on.
check_lost() { # PID
	rt_cap state "$ID"
	expect_rc 1
	expect_grep 'does not exist' "$T/err"
	rt_cap list -q
	expect_rc 0
	expect_no_grep "^$ID\$" "$T/out"
	rt_cap kill "$ID" KILL
	expect_rc 1
	expect_grep 'does not exist' "$T/err"
	rt_cap exec "$ID" /init hello
	expect_fail # runc: 255
	proc_alive "$1" || fail "the container's process died: nothing should have signalled it"
	rt_cap delete --force "$ID"
	proc_alive "$1" || fail "delete --force killed a process it could not know was the container's"
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		# it says why it cannot do its job, naming the cgroup
		expect_rc 1
		expect_grep "does not exist under $ROOT, but its default: cgroup /sys/fs/cgroup/(.*/)?runlet/$ID already holds processes" "$T/err"
		rt_cap state "$ID"
		expect_grep "state directory was removed while it ran" "$T/err"
	else
		expect_rc 0 # runc: success, and the container runs on unseen
	fi
}

test_state_dir_removed_while_running() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	[ -n "$(cg_of "$ID")" ] || fail "no cgroup named $ID"
	rm -rf "${ROOT:?}/$ID"
	check_lost "$_pid"
	# the id again, from another bundle: runlet refuses to share the cgroup
	_first=$ID
	mkbundle "$T/again" /init sleep 30
	"$RUNTIME" --root "$ROOT" run --detach --bundle "$T/again" "$ID" >"$T/out2" 2>"$T/err" </dev/null
	RC=$?
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		expect_rc 1
		expect_grep "(create|run): cgroup .*/runlet/$ID already holds processes" "$T/err"
		[ -e "$ROOT/$ID" ] && fail "the refused create left its state directory"
	else
		# runc warns and shares the cgroup: delete the newcomer (which
		# kills the first one too, through the shared cgroup)
		expect_grep "cgroup is not empty" "$T/err"
		rt delete --force "$ID" >/dev/null 2>&1
	fi
	ID=$_first
	orphan_cleanup "$_pid"
}

test_whole_root_removed_while_running() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	_first=$ID
	rm -rf "${ROOT:?}"
	check_lost "$_pid"
	# the --root comes back with the next create
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	rt_cap list -q
	expect_file_eq "$T/out" "$ID"
	rt_cap delete --force "$ID"
	expect_rc 0
	ID=$_first
	orphan_cleanup "$_pid"
}

# A foreground run whose state vanished: the container's exit status is
# still run's, and run removes what it made (the cgroup) with a warning.
test_state_removed_under_foreground_run() {
	mkctr /init sigwait
	run_bg
	wait_status running
	_pid=$(pid_of)
	rm -rf "${ROOT:?}/$ID"
	kill -TERM "$_pid"
	wait_exit "$RUN_BG"
	expect_rc 143
	wait_for "the init to be gone" not_alive "$_pid"
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		expect_grep "state of container \"$ID\" was removed while it ran: removing its cgroup only" "$ERR"
		expect_eq "cgroups left" "" "$(cg_of "$ID")"
	fi
	orphan_cleanup "$_pid"
}

# A foreground run whose id was taken again after its state was removed
# leaves the newcomer alone when it ends.
test_foreground_run_spares_new_owner_of_id() {
	runlet_only "runc's run removes the state directory of the id when it ends: the newcomer's (which runs on, unknown)"
	mkctr /init sigwait
	run_bg
	wait_status running
	_pid=$(pid_of)
	_first_bg=$RUN_BG
	rm -rf "${ROOT:?}/$ID"
	# the newcomer: same id, its own cgroup (cgroupsPath) as engines give
	_id=$ID
	CFG_LINUX="\"cgroupsPath\": \"/runlet-t$RUN_PID-$TNUM/$ID\"" mkbundle "$T/new" /init sleep 30
	"$RUNTIME" --root "$ROOT" run --detach --bundle "$T/new" "$ID" >"$T/new.out" 2>"$T/err" </dev/null
	RC=$?
	expect_rc 0
	_new=$(pid_of)
	kill -TERM "$_pid"
	wait_exit "$_first_bg"
	expect_rc 143
	expect_eq "the newcomer's state" running "$(state_of)"
	proc_alive "$_new" || fail "the first run's cleanup killed the newcomer"
	rt_cap delete --force "$ID"
	expect_rc 0
	find /sys/fs/cgroup -maxdepth 2 -depth -type d -name "runlet-t$RUN_PID-$TNUM" -exec rmdir {} \; 2>/dev/null
	ID=$_id
	orphan_cleanup "$_pid"
}
