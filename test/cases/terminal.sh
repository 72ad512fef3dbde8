# process.terminal with --console-socket: the engine's side is
# test/recvtty, which takes the pty master and records what the container
# writes to its terminal.

RECVTTY=${RECVTTY:-$TESTDIR/recvtty}

# start_recvtty SOCKET OUTFILE: listen in the background (pid in TTY_PID).
start_recvtty() {
	[ -x "$RECVTTY" ] || skip "test/recvtty is not built (make test/recvtty)"
	rm -f "$1"
	"$RECVTTY" "$1" "$2" &
	TTY_PID=$!
	echo "$TTY_PID recvtty" >>"$T/bg"
	wait_for "recvtty listening on $1" test -S "$1"
}

test_console_socket_create_start() {
	CFG_TERMINAL=true mkctr /init readlink /proc/self/fd/0 -- readlink /proc/self/fd/1 -- hello
	start_recvtty "$T/tty.sock" "$T/tty.out"
	create --console-socket "$T/tty.sock"
	expect_rc 0
	wait_for "recvtty got the pty master" grep -q '^recvtty: got' "$T/tty.out"
	rt start "$ID" || fail "start failed"
	wait_status stopped
	wait_for "the container's output on the terminal" grep -q 'hello world' "$T/tty.out"
	# stdio is the pty's slave, and the output went through the tty
	# layer (\n became \r\n).
	expect_grep '^/dev/pts/0' "$T/tty.out"
	tr -d '\r' <"$T/tty.out" | grep -q '^/dev/pts/0$' || fail "stdout is not /dev/pts/0: $(cat "$T/tty.out")"
	grep -q "$(printf 'hello world\r')" "$T/tty.out" || fail "no \\r\\n from the tty layer"
	# nothing went to create's own stdout
	[ -s "$OUT" ] && fail "create's stdout got output: $(cat "$OUT")"
	rt delete "$ID" || fail "delete failed"
	wait "$TTY_PID"
}

test_console_socket_run_detach() {
	CFG_TERMINAL=true mkctr /init exit 3
	start_recvtty "$T/tty2.sock" "$T/tty2.out"
	run_detach --console-socket "$T/tty2.sock"
	expect_rc 0
	wait_status stopped
	expect_grep '^recvtty: got' "$T/tty2.out"
	rt delete "$ID" || fail "delete failed"
	wait "$TTY_PID"
}

# run in the foreground with a terminal and no console socket: runlet
# relays the pty to its own stdio (as runc run does).
test_run_foreground_terminal_relay() {
	runlet_only "runc run needs its own stdin to be a terminal"
	CFG_TERMINAL=true mkctr /init readlink /proc/self/fd/0 -- exit 5
	run_fg
	expect_eq "exit status" 5 "$RC"
	tr -d '\r' <"$OUT" | grep -q '^/dev/pts/0$' || fail "stdout is not the relayed pty: $(od -c "$OUT" | head -3)"
	grep -q "$(printf '\r')" "$OUT" || fail "no \\r\\n: the output did not go through a tty"
}
