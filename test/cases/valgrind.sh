# valgrind: the short-lived commands (--version, features, spec, list,
# state, kill, delete, and their error paths) under valgrind's memcheck,
# with zero memory errors. Two binaries: the one under test ($RUNTIME, the
# static musl runlet: valgrind sees its stack and every syscall's buffers,
# but not inside its bump allocator's chunks) and the glibc build of
# `make runlet-glibc` (build/glibc/runlet), whose malloc valgrind replaces,
# so heap overruns and uninitialised heap bytes show too. Leaks are not
# checked: runlet frees nothing by design (alloc.c; test/sanitize.sh).

# vg ARGS...: $VG_BIN --root $ROOT ARGS under valgrind; stdout in $T/out,
# stderr in $T/err, status in RC. Fails the test on any memory error.
vg() {
	LAST_CMD="valgrind $VG_NAME $*"
	rm -f "$T"/vg.*
	valgrind -q --error-exitcode=99 --leak-check=no --log-file="$T/vg.%p" \
		"$VG_BIN" --root "$ROOT" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	# errors are "==PID==" lines; "--PID--" ones are warnings (a syscall
	# valgrind does not know fails with ENOSYS: runlet falls back)
	if [ "$RC" = 99 ] || grep -q '^==[0-9]*==' "$T"/vg.* 2>/dev/null; then
		fail "valgrind: $VG_NAME $*: exit status $RC:
$(cat "$T"/vg.* 2>/dev/null | head -n 60 | sed 's/^/  | /')"
	fi
}

# vg_use musl|glibc: pick the binary, or skip saying why.
vg_use() {
	need valgrind
	runlet_only "valgrind checks runlet's own memory use"
	if [ "$1" = glibc ]; then
		VG_BIN=$REPO/build/glibc/runlet
		[ -x "$VG_BIN" ] || skip "build/glibc/runlet is not built (make runlet-glibc; make check builds it)"
	else
		VG_BIN=$RUNTIME
		# ASan's shadow memory and valgrind's cannot share a process
		[ "${RUNLET_ASAN:-0}" = 1 ] && skip "RUNTIME is an ASan build: valgrind cannot run it"
	fi
	VG_NAME=$(basename "$(dirname "$VG_BIN")")/$(basename "$VG_BIN")
}

# Commands that need no container, and their error paths.
vg_info() {
	vg --version
	expect_rc 0
	expect_grep '^runlet version ' "$T/out"
	vg features
	expect_rc 0
	expect_grep '"ociVersionMax"' "$T/out"
	mkdir -p "$T/spec"
	vg spec --bundle "$T/spec"
	expect_rc 0
	[ -s "$T/spec/config.json" ] || fail "spec wrote no config.json"
	vg spec --bundle "$T/spec"
	expect_fail
	vg spec --rootless --args "/bin/echo a b" --no-terminal --bundle "$T/spec2"
	vg list
	expect_rc 0
	vg list --format json
	expect_rc 0
	vg state nosuch
	expect_fail
	vg --log-format json --log "$T/log.json" kill nosuch KILL
	expect_fail
	expect_grep '"level":"error"' "$T/log.json"
	vg kill 'bad/id'
	expect_fail
	vg delete --force nosuch
	expect_rc 0
	vg nosuchcommand
	expect_fail
}

# A container's whole life but create and start: state, list, kill,
# delete (stopped, then --force of a running one).
vg_container() {
	mkctr /init sigwait
	create
	expect_rc 0
	vg state "$ID"
	expect_rc 0
	expect_eq status created "$(json_get status <"$T/out")"
	rt start "$ID" || fail "start failed"
	wait_out '^ready$'
	vg state "$ID"
	expect_eq status running "$(json_get status <"$T/out")"
	vg list
	expect_grep "^$ID +[0-9]+ +running " "$T/out"
	vg list -q
	expect_grep "^$ID\$" "$T/out"
	vg delete "$ID"
	expect_fail
	vg kill "$ID" 99
	expect_fail
	# sigwait reports the signal, then exits
	vg kill "$ID" USR1
	expect_rc 0
	wait_out '^signal 10$'
	wait_status stopped
	vg state "$ID"
	expect_eq status stopped "$(json_get status <"$T/out")"
	vg delete "$ID"
	expect_rc 0
	vg state "$ID"
	expect_fail

	mkctr /init sigwait
	create
	expect_rc 0
	vg delete --force "$ID"
	expect_rc 0
}

test_info_commands() {
	vg_use musl
	vg_info
}

test_container_commands() {
	vg_use musl
	vg_container
}

test_glibc_info_commands() {
	vg_use glibc
	vg_info
}

test_glibc_container_commands() {
	vg_use glibc
	vg_container
}
