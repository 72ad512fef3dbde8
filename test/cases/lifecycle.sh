# lifecycle: the issue's walkthrough (spec, create, list, state, start,
# delete), state and list output, --pid-file.

# spec_edit FILE: set process.args to ["/hello"] and terminal to false in
# a `spec` template, as the walkthrough's user does by hand.
spec_edit() {
	sed -i 's/"terminal":[[:space:]]*true/"terminal": false/; s/"sh"/"\/hello"/' "$1"
	grep -q '"terminal": false' "$1" && grep -q '"/hello"' "$1" ||
		fail "could not edit the spec template (terminal/args not found):
$(head -c 400 "$1")"
}

# The walkthrough word for word: a rootfs holding only /hello, the
# runtime's own `spec`, a relative --bundle.
test_walkthrough() {
	new_ctr
	_b=$(basename "$BUNDLE")
	mkdir -p "$BUNDLE/rootfs" && cp "$INIT" "$BUNDLE/rootfs/hello"
	(cd "$BUNDLE" && rt spec) || fail "spec failed"
	[ -f "$BUNDLE/config.json" ] || fail "spec wrote no config.json"
	spec_edit "$BUNDLE/config.json"

	rt create -b "$_b" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
		fail "create: $(cat "$ERR")"
	record_pid

	rt list >"$T/list" 2>&1 || fail "list failed"
	expect_grep '^ID +PID +STATUS +BUNDLE +CREATED +OWNER *$' "$T/list"
	_pid=$(pid_of)
	expect_grep "^$ID +$_pid +created +$BUNDLE +[0-9]{4}-" "$T/list"

	rt state "$ID" >"$T/state" || fail "state failed"
	expect_grep '"ociVersion": *"[0-9]+\.[0-9]+\.[0-9]+' "$T/state"
	expect_eq "state id" "$ID" "$(json_get id <"$T/state")"
	expect_eq "state status" created "$(json_get status <"$T/state")"
	expect_eq "state bundle" "$BUNDLE" "$(json_get bundle <"$T/state")"
	[ "$_pid" -gt 0 ] 2>/dev/null || fail "state pid: expected > 0, got '$_pid'"
	proc_alive "$_pid" || fail "state pid $_pid: no such live process"
	[ -s "$OUT" ] && fail "output before start: $(cat "$OUT")"

	rt start "$ID" || fail "start failed"
	wait_out '^hello world$'
	wait_status stopped
	rt state "$ID" >"$T/state" || fail "state of the stopped container failed"
	expect_eq "state id" "$ID" "$(json_get id <"$T/state")"

	rt delete "$ID" || fail "delete failed"
	rt list >"$T/list" 2>&1 || fail "list failed"
	expect_no_grep "^$ID " "$T/list"
	rt_cap state "$ID"
	expect_fail
}

# runc's own template (`runc spec`), edited only for args and terminal,
# runs unchanged.
test_runc_template() {
	[ -x /usr/sbin/runc ] || skip "needs /usr/sbin/runc for its template"
	new_ctr
	mkdir -p "$BUNDLE/rootfs" && cp "$INIT" "$BUNDLE/rootfs/hello"
	/usr/sbin/runc spec --bundle "$BUNDLE" || fail "runc spec failed"
	spec_edit "$BUNDLE/config.json"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
}

test_spec_bundle() {
	mkdir -p "$T/sb"
	rt_cap spec --bundle "$T/sb"
	expect_rc 0
	[ -s "$T/sb/config.json" ] || fail "spec --bundle wrote no config.json"
	expect_grep '"ociVersion"' "$T/sb/config.json"
	expect_grep '"rootfs"' "$T/sb/config.json"
	# The template asks for a terminal (as runc's): engines rely on this.
	expect_grep '"terminal": *true' "$T/sb/config.json"
}

# Beyond runc (the issue's item 7): spec sets the command and terminal.
test_spec_args_no_terminal() {
	runlet_only "runc spec has no --args/--no-terminal"
	new_ctr
	mkdir -p "$BUNDLE/rootfs" && cp "$INIT" "$BUNDLE/rootfs/hello"
	rt_cap spec --bundle "$BUNDLE" --args /hello --no-terminal
	expect_rc 0
	expect_grep '"terminal": *false' "$BUNDLE/config.json"
	expect_grep '"/hello"' "$BUNDLE/config.json"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
}

test_spec_exists_fails() {
	mkdir -p "$T/sb"
	echo '{"keep": "me"}' >"$T/sb/config.json"
	rt_cap spec --bundle "$T/sb"
	expect_fail
	expect_file_eq "$T/sb/config.json" '{"keep": "me"}'
	(cd "$T/sb" && rt spec) >/dev/null 2>&1 && fail "spec in a dir with config.json succeeded"
	expect_file_eq "$T/sb/config.json" '{"keep": "me"}'
}

test_spec_missing_dir_fails() {
	rt_cap spec --bundle "$T/nonexistent"
	expect_fail
	[ -e "$T/nonexistent" ] && fail "spec created the missing bundle dir"
	return 0
}

test_spec_rootless() {
	mkdir -p "$T/sb"
	rt_cap spec --rootless --bundle "$T/sb"
	expect_rc 0
	expect_grep '"user"' "$T/sb/config.json"
	expect_grep '"uidMappings"' "$T/sb/config.json"
	expect_grep '"gidMappings"' "$T/sb/config.json"
}

# The created process waits: nothing runs before start, and start releases
# exactly once.
test_create_waits_start_once() {
	mkctr /init hello
	create
	expect_rc 0
	sleep 0.2
	[ -s "$OUT" ] && fail "container ran before start: $(cat "$OUT")"
	expect_eq status created "$(state_of)"
	rt_cap start "$ID"
	expect_rc 0
	wait_out '^hello world$'
	wait_status stopped
	rt_cap start "$ID"
	expect_fail
	expect_eq "hello lines" 1 "$(grep -c hello "$OUT")"
	rt delete "$ID" || fail "delete failed"
}

# No daemon stays behind after create or run --detach: the only process
# that names this test's files is the container's own (waiting) process.
test_no_daemon() {
	mkctr /init sleep 30
	create
	expect_rc 0
	_pid=$(pid_of)
	_others=$(stray_pids | grep -vx "$_pid")
	[ -z "$_others" ] || fail "processes left by create: $_others"
	rt start "$ID" || fail "start failed"
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_pid2=$(pid_of)
	_others=$(stray_pids | grep -vx -e "$_pid" -e "$_pid2")
	[ -z "$_others" ] || fail "processes left by run --detach: $_others"
	rt delete --force "$ID" || fail "delete --force failed"
	rt delete --force "rlt$RUN_PID-$TNUM-1" || fail "delete --force failed"
}

test_start_running_fails() {
	mkctr /init sleep 30
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	expect_eq status running "$(state_of)"
	rt_cap start "$ID"
	expect_fail
	expect_eq status running "$(state_of)"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_state_running_fields() {
	mkctr /init sleep 30
	create
	expect_rc 0
	_pid=$(pid_of)
	rt start "$ID" || fail "start failed"
	rt state "$ID" >"$T/state" || fail "state failed"
	expect_eq status running "$(json_get status <"$T/state")"
	expect_eq "pid while running" "$_pid" "$(json_get pid <"$T/state")"
	expect_eq id "$ID" "$(json_get id <"$T/state")"
	expect_eq bundle "$BUNDLE" "$(json_get bundle <"$T/state")"
	expect_grep '"ociVersion"' "$T/state"
	rt delete --force "$ID" || fail "delete --force failed"
}

# state reads the real process: a container whose process was killed
# behind the runtime's back is stopped.
test_state_from_process() {
	mkctr /init sleep 30
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	kill -9 "$(pid_of)"
	wait_status stopped
	rt delete "$ID" || fail "delete of the stopped container failed"
}

# A recycled pid must not fool state, kill or delete: point the state
# file's pid at an unrelated live process (as if the container's pid had
# been reused); the container is stopped, and that process survives
# kill and delete.
test_state_recycled_pid() {
	mkctr /init hello
	create
	expect_rc 0
	_pid=$(pid_of)
	rt start "$ID" || fail "start failed"
	wait_status stopped
	sleep 60 &
	_other=$!
	echo "$_other bystander" >>"$T/bg"
	_f=$ROOT/$ID/state.json
	[ -f "$_f" ] || skip "no state file at $_f to rewrite"
	sed -i -E "s/(\"[a-z_]*pid\"): *$_pid([,}])/\1:$_other\2/g" "$_f"
	grep -q "$_other" "$_f" || skip "no pid $_pid in $_f to rewrite"
	expect_eq status stopped "$(state_of)"
	rt_cap kill "$ID" KILL
	expect_fail
	rt_cap delete --force "$ID"
	expect_rc 0
	proc_alive "$_other" || fail "kill/delete killed the unrelated process $_other"
	kill "$_other"
}

# Two concurrent starts: exactly one releases the container.
test_concurrent_start() {
	mkctr /init hello
	create
	expect_rc 0
	rt start "$ID" >"$T/s1" 2>&1 &
	_a=$!
	rt start "$ID" >"$T/s2" 2>&1 &
	_b=$!
	wait $_a
	_ra=$?
	wait $_b
	_rb=$?
	wait_status stopped
	[ $((!_ra + !_rb)) = 1 ] ||
		fail "start exit statuses $_ra and $_rb: expected exactly one 0"
	expect_file_eq "$OUT" "hello world"
	rt delete "$ID" || fail "delete failed"
}

test_state_unknown_fails() {
	rt_cap state nosuchcontainer
	expect_fail
	[ -s "$T/out" ] && fail "state of an unknown id printed on stdout: $(cat "$T/out")"
	return 0
}

test_pid_file() {
	mkctr /init sleep 30
	create --pid-file "$T/pidfile"
	expect_rc 0
	[ -f "$T/pidfile" ] || fail "no pid file written"
	_p=$(cat "$T/pidfile")
	expect_eq "pid file" "$(pid_of)" "$_p"
	proc_alive "$_p" || fail "pid $_p from the pid file is not alive"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_run_detach_pid_file() {
	mkctr /init sleep 30
	run_detach --pid-file "$T/pidfile"
	expect_rc 0
	expect_eq "pid file" "$(pid_of)" "$(cat "$T/pidfile" 2>/dev/null)"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_list_json_and_quiet() {
	mkctr /init sleep 30
	create
	expect_rc 0
	_a=$ID
	mkctr /init sleep 30
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"

	rt_cap list -q
	expect_rc 0
	sort "$T/out" >"$T/sorted"
	expect_file_eq "$T/sorted" "$(printf '%s\n%s' "$_a" "$ID" | sort)"

	rt_cap list --format json
	expect_rc 0
	expect_grep '^[[:space:]]*\[' "$T/out"
	json_objects <"$T/out" >"$T/objs"
	expect_eq "list entries" 2 "$(wc -l <"$T/objs" | tr -d ' ')"
	grep -F "\"$_a\"" "$T/objs" >"$T/a" || fail "$_a not in list --format json"
	grep -F "\"$ID\"" "$T/objs" >"$T/b" || fail "$ID not in list --format json"
	expect_eq "$_a id" "$_a" "$(json_get id <"$T/a")"
	expect_eq "$_a status" created "$(json_get status <"$T/a")"
	expect_eq "$_a pid" "$(pid_of "$_a")" "$(json_get pid <"$T/a")"
	expect_eq "$ID status" running "$(json_get status <"$T/b")"
	expect_eq "$ID bundle" "$BUNDLE" "$(json_get bundle <"$T/b")"

	rt_cap list -f json
	expect_rc 0
	expect_grep "\"$ID\"" "$T/out"

	rt delete --force "$_a" || fail "delete --force $_a failed"
	rt delete --force "$ID" || fail "delete --force $ID failed"
	rt_cap list -q
	expect_file_eq "$T/out" ""
}

# list of a --root that does not exist yet is empty, not an error.
test_list_empty_root() {
	rt_cap list
	expect_rc 0
	expect_grep '^ID +PID +STATUS +BUNDLE +CREATED +OWNER' "$T/out"
	expect_eq "list lines" 1 "$(wc -l <"$T/out" | tr -d ' ')"
	rt_cap list -q
	expect_rc 0
	expect_file_eq "$T/out" ""
}
