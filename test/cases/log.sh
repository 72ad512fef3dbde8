# log: --log FILE, --log-format text|json (as engines read it), --debug.

# expect_json_lines FILE: every line of FILE is one JSON object, and one
# is an error with a message.
expect_json_lines() {
	[ -s "$1" ] || fail "nothing written to the log file"
	_bad=$(grep -v '^[{].*[}]$' "$1" | head -n 3)
	[ -z "$_bad" ] || fail "log lines that are not JSON objects: $_bad"
	expect_grep '"level": *"error"' "$1"
	grep '"level": *"error"' "$1" | grep -Eq '"msg": *"[^"]+' ||
		fail "no \"msg\" in the error line: $(cat "$1")"
}

test_json_log_on_error() {
	rt_cap --log "$T/log" --log-format json state nosuchcontainer
	expect_fail
	expect_json_lines "$T/log"
	expect_grep '"time": *"' "$T/log"
}

test_json_log_equals_form() {
	rt_cap --log="$T/log" --log-format=json kill nosuchcontainer
	expect_fail
	expect_json_lines "$T/log"
}

# A create that fails writes its error to the log, as containerd reads it.
test_json_log_create_failure() {
	mkctr /init hello
	rm "$BUNDLE/config.json"
	LAST_CMD="--log LOG --log-format json create"
	"$RUNTIME" --root "$ROOT" --log "$T/log" --log-format json create \
		--bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_fail
	expect_json_lines "$T/log"
}

# The log is appended to, not truncated (engines pass the same file to
# every call).
test_log_appends() {
	echo '{"level":"info","msg":"earlier line"}' >"$T/log"
	rt_cap --log "$T/log" --log-format json state nosuchcontainer
	expect_fail
	expect_grep 'earlier line' "$T/log"
	expect_json_lines "$T/log"
}

test_text_log_on_error() {
	rt_cap --log "$T/log" state nosuchcontainer
	expect_fail
	[ -s "$T/log" ] || fail "nothing written to the text log"
	expect_no_grep '^[{]' "$T/log"
	rt_cap --log "$T/log2" --log-format text state nosuchcontainer
	expect_fail
	[ -s "$T/log2" ] || fail "nothing written to the text log"
}

test_bad_log_format_fails() {
	rt_cap --log-format yaml list
	expect_fail
}

# A successful command logs no error.
test_no_error_on_success() {
	mkctr /init hello
	LAST_CMD="--log LOG --log-format json run"
	"$RUNTIME" --root "$ROOT" --log "$T/log" --log-format json run \
		--bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
	[ -f "$T/log" ] && expect_no_grep '"level": *"error"' "$T/log"
	return 0
}

test_debug_accepted() {
	mkctr /init hello
	LAST_CMD="--debug run"
	"$RUNTIME" --debug --root "$ROOT" --log "$T/log" run --bundle "$BUNDLE" "$ID" \
		>"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
}

# --debug with a JSON log: debug lines, each a JSON object at level
# "debug", among the rest (what an engine running with --log-level=debug
# reads).
test_debug_json_log() {
	mkctr /init hello
	LAST_CMD="--debug --log LOG --log-format json run"
	"$RUNTIME" --debug --root "$ROOT" --log "$T/log" --log-format json run \
		--bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
	[ -s "$T/log" ] || fail "nothing written to the log file"
	_bad=$(grep -v '^[{].*[}]$' "$T/log" | head -n 3)
	[ -z "$_bad" ] || fail "log lines that are not JSON objects: $_bad"
	expect_grep '"level": *"debug"' "$T/log"
	grep '"level": *"debug"' "$T/log" | grep -Eq '"msg": *"[^"]+' ||
		fail "no \"msg\" in the debug lines: $(cat "$T/log")"
	# without --debug, none
	mkctr /init hello
	"$RUNTIME" --root "$ROOT" --log "$T/log2" --log-format json run \
		--bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	[ -f "$T/log2" ] && expect_no_grep '"level": *"debug"' "$T/log2"
	return 0
}

# A program that exists but is not executable: run fails (status 1, the
# runtime's), saying "permission denied", as runc does; engines turn that
# message into their 126 (podman: engines.sh).
test_not_executable_permission_denied() {
	mkctr /notexec
	cp "$INIT" "$BUNDLE/rootfs/notexec" && chmod 644 "$BUNDLE/rootfs/notexec"
	run_fg
	expect_rc 1
	grep -qi 'permission denied' "$T/err" || fail "no \"permission denied\" in: $(cat "$T/err")"
	rt_cap state "$ID"
	expect_fail
}

# The program loses its x bit between create and start: the exec fails in
# start, which reports it (the init writes the reason into exec.fifo),
# and the container is stopped.
test_exec_failure_reported_by_start() {
	runlet_only "runc 1.1's start returns 0; its init reports the exec's failure on the container's stderr"
	mkctr /init hello
	create
	expect_rc 0
	chmod 644 "$BUNDLE/rootfs/init"
	rt_cap start "$ID"
	expect_rc 1
	expect_grep 'exec /init: Permission denied' "$T/err"
	expect_eq "status after the failed start" stopped "$(state_of)"
	expect_no_grep 'hello world' "$OUT"
	rt_cap delete "$ID"
	expect_rc 0
}
