# kill: signal forms, default SIGTERM, --all, errors.

# started_sigwait: a created and started container waiting for signals.
started_sigwait() {
	mkctr /init sigwait
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_out '^ready$'
}

# kill_caught SIGNAL... NUMBER: kill with these arguments; the container
# reports signal NUMBER, then stops and is deleted.
kill_caught() {
	_num=$1
	shift
	started_sigwait
	rt_cap kill "$ID" "$@"
	expect_rc 0
	wait_out "^signal $_num\$"
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

test_default_sigterm() {
	kill_caught 15
}

test_name_form() {
	kill_caught 1 HUP
}

test_sig_name_form() {
	kill_caught 12 SIGUSR2
}

test_number_form() {
	kill_caught 10 10
}

test_term_forms() {
	kill_caught 15 TERM
	kill_caught 15 SIGTERM
	kill_caught 15 15
}

# SIGKILL cannot be caught: the container just stops.
kill_uncaught() {
	started_sigwait
	rt_cap kill "$ID" "$1"
	expect_rc 0
	wait_status stopped
	expect_no_grep '^signal' "$OUT"
	rt delete "$ID" || fail "delete failed"
}

test_kill_KILL() {
	kill_uncaught KILL
}

test_kill_SIGKILL() {
	kill_uncaught SIGKILL
}

test_kill_9() {
	kill_uncaught 9
}

# A created container may be killed (engines do it to abort a create).
test_kill_created() {
	mkctr /init hello
	create
	expect_rc 0
	rt_cap kill "$ID" KILL
	expect_rc 0
	wait_status stopped
	[ -s "$OUT" ] && fail "the killed created container ran: $(cat "$OUT")"
	rt delete "$ID" || fail "delete failed"
}

test_kill_stopped_fails() {
	mkctr /init hello
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_status stopped
	rt_cap kill "$ID" KILL
	expect_fail
	rt_cap kill "$ID"
	expect_fail
	expect_eq status stopped "$(state_of)"
	rt delete "$ID" || fail "delete failed"
}

test_kill_unknown_fails() {
	rt_cap kill nosuchcontainer KILL
	expect_fail
}

test_kill_bad_signal_fails() {
	started_sigwait
	for _s in NOPE SIGNOPE -1 99999 1x; do
		rt_cap kill "$ID" "$_s"
		expect_fail
	done
	expect_eq status running "$(state_of)"
	expect_no_grep '^signal' "$OUT"
	rt kill "$ID" KILL || fail "kill KILL failed"
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

# --all reaches every process of the container, not only its pid 1. Here
# pid 1 ignores SIGUSR1 (as pid 1 of a pid namespace without a handler), so
# that its exit cannot SIGKILL the others before their handlers run.
test_kill_all() {
	mkctr /init bg sigwait -- bg sigwait -- sleep 30
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_for "2 processes ready" count_is 2 '^ready$' "$OUT"
	rt_cap kill --all "$ID" USR1
	expect_rc 0
	wait_for "2 processes signalled" count_is 2 '^signal 10$' "$OUT"
	expect_eq status running "$(state_of)"
	rt_cap kill --all "$ID" KILL
	expect_rc 0
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

# Without --all only pid 1 gets the signal.
test_kill_not_all() {
	mkctr /init bg sigwait -- bg sigwait -- sigwait
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_for "3 processes ready" count_is 3 '^ready$' "$OUT"
	rt_cap kill "$ID" USR1
	expect_rc 0
	wait_status stopped
	# pid 1's exit kills the others with SIGKILL: one "signal" line only.
	expect_eq "signal lines" 1 "$(grep -c '^signal' "$OUT")"
	rt delete "$ID" || fail "delete failed"
}

test_kill_all_short() {
	mkctr /init sigwait
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_out '^ready$'
	rt_cap kill -a "$ID" KILL
	expect_rc 0
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
}

# --all reaches the groups a container made below its own: a process
# moved into one gets the signal (pid 1 ignores SIGTERM, as pid 1 of a
# pid namespace with no handler, so it survives and the state stays
# running); then KILL, and delete removes the groups.
test_kill_all_nested_cgroup() {
	mkctr /init bg sleep 30 -- sleep 30
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	wait_for "a child of $_pid" n_children 1 "$_pid"
	_kid=$(children "$_pid")
	nest_pid "$_kid"
	grep -qx "$_kid" "$(echo "$NESTED" | head -n 1)/sub/cgroup.procs" || fail "$_kid not in the sub group"
	rt_cap kill --all "$ID" TERM
	expect_rc 0
	wait_for "the nested process $_kid to die" not_alive "$_kid"
	expect_eq status running "$(state_of)"
	rt_cap kill --all "$ID" KILL
	expect_rc 0
	wait_status stopped
	rt_cap delete "$ID"
	expect_rc 0
	for _d in $NESTED; do
		[ -d "$_d" ] && fail "cgroup $_d left after delete"
	done
	return 0
}
