# runlet on an "old kernel": test/oldkernel makes clone3, openat2,
# mount_setattr, open_tree, move_mount, fsopen, close_range and the pidfd
# calls fail with ENOSYS. Everything falls back, except what truly needs
# one of them (the recursive mount options), which fails clearly.

OLDK=$TESTDIR/oldkernel

ork() { # ARGS...: the runtime as on an old kernel, stdio as rt_cap
	"$OLDK" "$RUNTIME" --root "$ROOT" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}

need_oldk() {
	[ -x "$OLDK" ] || skip "test/oldkernel is not built (make test/oldkernel)"
}

test_oldkernel_lifecycle() {
	need_oldk
	mkctr /init sleep 30
	"$OLDK" "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	record_pid
	ork state "$ID"
	expect_rc 0
	expect_grep '"status": *"created"' "$T/out"
	ork start "$ID"
	expect_rc 0
	wait_status running
	ork exec "$ID" /init hello
	expect_rc 0
	expect_file_eq "$T/out" "hello world"
	# kill without pidfd_open: the start-time check and kill(2)
	ork kill "$ID" KILL
	expect_rc 0
	wait_status stopped
	ork delete "$ID"
	expect_rc 0
}

test_oldkernel_run_fds() {
	need_oldk
	# close_range is gone: the stray fd is closed through /proc/self/fd
	mkctr /init fds
	"$OLDK" "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 5<"$INIT"
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "0 1 2"
}

test_oldkernel_recursive_mount_fails_clearly() {
	need_oldk
	runlet_only "runc 1.1.5 has no recursive mount options"
	CFG_MOUNTS='{ "destination": "/mnt", "type": "bind", "source": "/tmp", "options": ["rbind", "rro"] }' \
		mkctr /init hello
	"$OLDK" "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_fail
	expect_grep 'need mount_setattr' "$ERR"
}
