# delete: refused for created/running containers without --force (the
# spec's MUST), --force, unknown ids.

test_delete_stopped() {
	mkctr /init hello
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_status stopped
	rt_cap delete "$ID"
	expect_rc 0
	rt_cap state "$ID"
	expect_fail
	rt_cap delete "$ID"
	expect_fail
}

# runtime.md: "Attempting to delete a container that is not stopped MUST
# have no effect on the container and MUST generate an error."
test_delete_created_refused() {
	runlet_only "deletes a created container without --force"
	mkctr /init hello
	create
	expect_rc 0
	_pid=$(pid_of)
	rt_cap delete "$ID"
	expect_fail
	expect_eq status created "$(state_of)"
	proc_alive "$_pid" || fail "the created container's process $_pid died"
	# ...and it still works.
	rt start "$ID" || fail "start after the refused delete failed"
	wait_out '^hello world$'
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

test_delete_running_refused() {
	mkctr /init sigwait
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_out '^ready$'
	rt_cap delete "$ID"
	expect_fail
	expect_eq status running "$(state_of)"
	expect_no_grep '^signal' "$OUT"
	rt kill "$ID" USR1 || fail "kill failed"
	wait_out '^signal 10$'
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

test_delete_force_running() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	rt_cap delete --force "$ID"
	expect_rc 0
	proc_alive "$_pid" && fail "process $_pid still alive after delete --force"
	rt_cap state "$ID"
	expect_fail
}

test_delete_force_created() {
	mkctr /init hello
	create
	expect_rc 0
	_pid=$(pid_of)
	rt_cap delete -f "$ID"
	expect_rc 0
	proc_alive "$_pid" && fail "process $_pid still alive after delete -f"
	[ -s "$OUT" ] && fail "the deleted created container ran: $(cat "$OUT")"
	rt_cap state "$ID"
	expect_fail
}

# Engines rely on this: delete --force of an unknown id succeeds.
test_delete_force_unknown_ok() {
	rt_cap delete --force nosuchcontainer
	expect_rc 0
	mkdir -p "$ROOT"
	rt_cap delete --force nosuchcontainer
	expect_rc 0
}

test_delete_unknown_fails() {
	rt_cap delete nosuchcontainer
	expect_fail
}

# A running container with more than one process: --force kills them all.
test_delete_force_all_processes() {
	mkctr /init bg sleep 30 -- bg sleep 30 -- sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	wait_for "2 children of $_pid" n_children 2 "$_pid"
	_kids=$(children "$_pid")
	rt_cap delete --force "$ID"
	expect_rc 0
	for _k in $_pid $_kids; do
		proc_alive "$_k" && fail "process $_k still alive after delete --force"
	done
	return 0
}

# create killed at any point: delete --force leaves nothing behind (the
# leak check after the test looks for processes, cgroups, mounts, state).
test_delete_force_after_create_killed() {
	runlet_only "runc leaves a half-made container that delete cannot find"
	for _d in 0 0.001 0.002 0.004 0.008 0.016; do
		mkctr /init hello
		"$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null &
		_c=$!
		[ "$_d" = 0 ] || sleep "$_d"
		kill -9 "$_c" 2>/dev/null
		wait "$_c" 2>/dev/null
		rt_cap delete --force "$ID"
		expect_rc 0
		rt_cap state "$ID"
		expect_fail
	done
}

# Without a pid namespace, delete --force finds a process in a group the
# container made below its own, kills it, and removes both groups.
test_delete_force_nested_cgroup() {
	CFG_NS="network ipc uts mount" mkctr /init bg sleep 30 -- sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	wait_for "a child of $_pid" n_children 1 "$_pid"
	_kid=$(children "$_pid")
	echo "$_kid 0 $ID" >>"$T/pids"
	nest_pid "$_kid"
	rt_cap delete --force "$ID"
	expect_rc 0
	for _k in $_pid $_kid; do
		proc_alive "$_k" && fail "process $_k still alive after delete --force"
	done
	for _d in $NESTED; do
		[ -d "$_d" ] && fail "cgroup $_d left after delete --force"
	done
	return 0
}
