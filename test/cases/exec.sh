# exec: a new process in a running container, with the container's
# namespaces and cgroup, and the process attributes from flags or from
# an engine's --process file.

# the engine fixtures checked in (copies of ../shared/fixtures/engines)
FIXTURES=${FIXTURES:-$REPO/test/fixtures/engines}

# A running container to exec into: /init sleep 30, detached.
running_ctr() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
}

test_exec_basic() {
	running_ctr
	rt_cap exec "$ID" /init pid -- hostname -- readlink /proc/self/ns/net -- readlink /proc/self/ns/mnt
	expect_rc 0
	# a pid of the container's pid namespace (not 1: the init has it),
	# its hostname and namespaces
	_init=$(pid_of)
	_p=$(sed -n 1p "$T/out")
	[ "$_p" -gt 1 ] && [ "$_p" -lt 100 ] || fail "pid in the container: $_p"
	expect_eq hostname runlet "$(sed -n 2p "$T/out")"
	expect_eq "net namespace" "$(readlink "/proc/$_init/ns/net")" "$(sed -n 3p "$T/out")"
	expect_eq "mount namespace" "$(readlink "/proc/$_init/ns/mnt")" "$(sed -n 4p "$T/out")"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_exit_status() {
	running_ctr
	rt_cap exec "$ID" /init exit 7
	expect_eq "exit status" 7 "$RC"
	rt_cap exec "$ID" /init segv
	expect_eq "exit status (SIGSEGV)" 139 "$RC"
	rt delete --force "$ID" || fail "delete failed"
}

# The exec'd process is in the container's cgroup (every hierarchy).
test_exec_cgroup() {
	running_ctr
	_init=$(pid_of)
	rt_cap exec "$ID" /init cat /proc/self/cgroup
	expect_rc 0
	# same cgroup as the init, line by line (ignore ordering)
	sort "$T/out" >"$T/a"
	sort "/proc/$_init/cgroup" >"$T/b"
	# the init may see its own cgroup namespace; compare by path tail
	cmp -s "$T/a" "$T/b" || {
		# with a cgroup namespace both show "/" for the container's group
		grep -q '^0::/$' "$T/a" || fail "exec'd process not in the container's cgroup:
$(cat "$T/a")
init: $(cat "$T/b")"
	}
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_flags() {
	running_ctr
	rt_cap exec --user 1000:1001 --additional-gids 5 --additional-gids 7 --cwd /bin \
		--env FOO=bar --env PATH=/bin "$ID" /init id -- cwd -- env
	expect_rc 0
	expect_grep '^uid=1000 gid=1001 groups=5,7$' "$T/out"
	expect_grep '^/bin$' "$T/out"
	expect_grep '^FOO=bar$' "$T/out"
	expect_grep '^PATH=/bin$' "$T/out"
	expect_no_grep '^PATH=/usr/local' "$T/out"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_caps_and_nnp() {
	running_ctr
	rt_cap exec --cap CAP_SYS_ADMIN "$ID" /init caps -- nnp
	expect_rc 0
	# the template's 3 caps plus CAP_SYS_ADMIN (bit 21) in the bounding set
	expect_grep '^CapBnd:.*0000000020200420$' "$T/out"
	rt_cap exec --no-new-privs "$ID" /init nnp
	expect_rc 0
	expect_grep '1' "$T/out"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_detach_pid_file() {
	running_ctr
	rt_cap exec --detach --pid-file "$T/exec.pid" "$ID" /init sleep 30
	expect_rc 0
	_p=$(cat "$T/exec.pid")
	proc_alive "$_p" || fail "the detached exec process $_p is not running"
	rt delete --force "$ID" || fail "delete failed"
	not_alive "$_p" || fail "the exec'd process $_p survived delete --force"
}

# The two process files engines write, with args replaced.
test_exec_process_file() {
	for _f in containerd-exec podman-exec-tty; do
		_src=$FIXTURES/$_f.process.json
		[ -f "$_src" ] || skip "no fixture $_src"
	done
	running_ctr
	for _f in containerd-exec podman-exec-tty; do
		# args -> /init id, terminal -> false (no console here)
		sed -e 's/"terminal": *true/"terminal": false/' "$FIXTURES/$_f.process.json" |
			tr '\n' ' ' | sed 's/"args": *\[[^]]*\]/"args": ["\/init", "id"]/' >"$T/$_f.json"
		rt_cap exec --process "$T/$_f.json" "$ID"
		expect_rc 0
		expect_grep '^uid=' "$T/out"
	done
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_errors() {
	running_ctr
	rt_cap exec "$ID" /nonexistent
	expect_fail
	rt_cap exec "$ID"
	expect_fail
	rt_cap exec nosuchctr /init hello
	expect_fail
	rt_cap exec --user abc "$ID" /init hello
	expect_fail
	rt delete --force "$ID" || fail "delete failed"
	# stopped
	mkctr /init hello
	create
	rt start "$ID"
	wait_status stopped
	rt_cap exec "$ID" /init hello
	expect_fail
	rt delete "$ID" || fail "delete failed"
}

# exec --tty with a console socket: the process's stdio is a new pty.
test_exec_tty() {
	[ -x "$TESTDIR/recvtty" ] || skip "test/recvtty is not built"
	running_ctr
	rm -f "$T/x.sock"
	"$TESTDIR/recvtty" "$T/x.sock" "$T/x.out" &
	_r=$!
	echo "$_r recvtty" >>"$T/bg"
	wait_for "recvtty listening" test -S "$T/x.sock"
	# as the engines call it: detached, the engine holds the pty
	rt_cap exec --detach --tty --console-socket "$T/x.sock" "$ID" /init readlink /proc/self/fd/1
	expect_rc 0
	wait "$_r"
	tr -d '\r' <"$T/x.out" | grep -q '^/dev/pts/[0-9]*$' || fail "exec's stdout is not a pty: $(cat "$T/x.out")"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_preserve_fds() {
	running_ctr
	echo "fd three" >"$T/three"
	LAST_CMD="exec --preserve-fds 1"
	rt exec --preserve-fds 1 "$ID" /init cat /proc/self/fd/3 -- fds >"$T/out" 2>"$T/err" 3<"$T/three" 5<"$T/three"
	RC=$?
	expect_rc 0
	expect_file_eq "$T/out" "fd three
0 1 2 3"
	rt delete --force "$ID" || fail "delete failed"
}
