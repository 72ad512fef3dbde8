# cli: usage errors, id validation, create failures, --help, --version.
# Every error test checks the exit status and that nothing was done; the
# runner's leak check then looks for state dirs, processes, mounts and
# cgroups of every container the test registered.

# expect_root_empty: no container state at all under this test's --root.
expect_root_empty() {
	[ -d "$ROOT" ] || return 0
	_left=$(ls "$ROOT")
	[ -z "$_left" ] || fail "left in --root: $_left"
}

# expect_names WORD: the error output names WORD (runlet only: runc's
# messages often do not).
expect_names() {
	[ "$RUNTIME_IS_RUNLET" = 1 ] || return 0
	grep -qF -- "$1" "$T/err" ||
		fail "the error does not name '$1': $(head -c 300 "$T/err")"
}

test_unknown_global_flag() {
	rt_cap --no-such-flag list
	expect_rc 1
	grep -q 'no-such-flag' "$T/err" || fail "the error does not name the flag: $(head -c 300 "$T/err")"
}

test_unknown_subcommand() {
	rt_cap frobnicate
	expect_fail
	grep -q frobnicate "$T/err" || fail "the error does not name the command: $(head -c 300 "$T/err")"
}

# No subcommand: usage (runc prints its help and exits 0; either is fine).
test_no_subcommand() {
	rt_cap
	cat "$T/out" "$T/err" | grep -qi usage || fail "no usage printed"
	expect_root_empty
}

# An unknown flag of each subcommand: exit 1, naming it, nothing done.
test_unknown_command_flag() {
	mkctr /init hello
	for _c in create run; do
		rt_cap "$_c" --no-such-flag --bundle "$BUNDLE" "$ID"
		expect_rc 1
		grep -q 'no-such-flag' "$T/err" || fail "$_c: the error does not name the flag"
		expect_root_empty
	done
	create
	expect_rc 0
	for _c in start state kill delete; do
		rt_cap "$_c" --no-such-flag "$ID"
		expect_rc 1
		grep -q 'no-such-flag' "$T/err" || fail "$_c: the error does not name the flag"
		expect_eq "status after $_c --no-such-flag" created "$(state_of)"
	done
	rt_cap list --no-such-flag
	expect_rc 1
	mkdir -p "$T/sb"
	rt_cap spec --no-such-flag --bundle "$T/sb"
	expect_rc 1
	[ -e "$T/sb/config.json" ] && fail "spec with a bad flag wrote config.json"
	[ -s "$OUT" ] && fail "the container ran: $(cat "$OUT")"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_missing_id() {
	mkctr /init hello
	for _c in create run; do
		rt_cap "$_c" --bundle "$BUNDLE"
		expect_rc 1
		expect_root_empty
	done
	for _c in start state kill delete; do
		rt_cap "$_c"
		expect_rc 1
	done
	rt_cap delete --force
	expect_rc 1
}

test_missing_flag_value() {
	mkctr /init hello
	rt_cap create "$ID" --bundle
	expect_rc 1
	rt_cap create --pid-file
	expect_rc 1
	raw_cap --root
	expect_fail
	rt_cap create --preserve-fds notanumber --bundle "$BUNDLE" "$ID"
	expect_fail
	rt_cap list --format yaml
	expect_fail
	expect_root_empty
}

# create's other runc flags are accepted and work.
test_create_flags_accepted() {
	mkctr /init hello
	run_fg --no-new-keyring
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
	mkctr /init hello
	run_fg --no-pivot
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
}

# An extra argument: exit 1, naming it, and the container is untouched.
test_extra_argument() {
	mkctr /init hello
	for _c in create run; do
		rt_cap "$_c" --bundle "$BUNDLE" "$ID" extra-arg
		expect_rc 1
		expect_names extra-arg
		expect_root_empty
	done
	create
	expect_rc 0
	rt_cap start "$ID" extra-arg
	expect_rc 1
	expect_names extra-arg
	rt_cap state "$ID" extra-arg
	expect_rc 1
	rt_cap kill "$ID" KILL extra-arg
	expect_rc 1
	expect_names extra-arg
	rt_cap delete --force "$ID" extra-arg
	expect_rc 1
	expect_names extra-arg
	rt_cap list extra-arg
	expect_rc 1
	expect_eq status created "$(state_of)"
	[ -s "$OUT" ] && fail "the container ran: $(cat "$OUT")"
	rt delete --force "$ID" || fail "delete --force failed"
}

# Bad ids are errors, never paths: create, state, start, kill, delete and
# delete --force all refuse them and touch nothing.
test_bad_ids() {
	mkctr /init hello
	mkdir -p "$T/victim"
	echo '{}' >"$T/victim/state.json"
	_long=$(printf '%01000d' 0)
	for _id in a/b .. . "" ../victim /abs "$_long" "$T/victim"; do
		for _c in create run; do
			rt_cap "$_c" --bundle "$BUNDLE" "$_id"
			expect_fail
			expect_root_empty
		done
		for _c in state start kill delete "delete --force"; do
			rt_cap $_c "$_id"
			expect_fail
		done
	done
	[ -f "$T/victim/state.json" ] || fail "delete removed $T/victim/state.json"
	[ -e "$T/a" ] && fail "an id made $T/a"
	return 0
}

test_good_id_chars() {
	new_ctr
	ID=$ID.A_b+c
	echo "$ROOT $ID $BUNDLE" >>"$T/ctrs"
	mkbundle "$BUNDLE" /init hello
	create
	expect_rc 0
	rt_cap list -q
	expect_file_eq "$T/out" "$ID"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_create_existing_id_fails() {
	mkctr /init hello
	create
	expect_rc 0
	_pid=$(pid_of)
	_first=$BUNDLE
	new_ctr
	ID=rlt$RUN_PID-$TNUM-1
	mkbundle "$BUNDLE" /init hello
	rt_cap create --bundle "$BUNDLE" "$ID"
	expect_fail
	expect_eq status created "$(state_of)"
	expect_eq pid "$_pid" "$(pid_of)"
	expect_eq bundle "$_first" "$(rt state "$ID" | json_get bundle)"
	rt_cap run --bundle "$BUNDLE" "$ID"
	expect_fail
	expect_eq status created "$(state_of)"
	rt delete --force "$ID" || fail "delete --force failed"
}

test_create_missing_bundle() {
	new_ctr
	create
	expect_fail
	expect_root_empty
}

test_create_missing_config() {
	mkctr /init hello
	rm "$BUNDLE/config.json"
	create
	expect_fail
	expect_names config.json
	expect_root_empty
}

test_create_missing_rootfs() {
	mkctr /init hello
	rm -r "$BUNDLE/rootfs"
	create
	expect_fail
	expect_root_empty
}

test_create_invalid_json() {
	mkctr /init hello
	echo '{ "ociVersion": "1.0.2", "process": {' >"$BUNDLE/config.json"
	create
	expect_fail
	expect_root_empty
	echo 'not json at all' >"$BUNDLE/config.json"
	create
	expect_fail
	expect_root_empty
}

# A type mismatch: the error names the field.
test_create_args_not_string() {
	mkctr /init hello
	sed -i 's|"args": \[ "/init", "hello" \]|"args": [ 42, "hello" ]|' "$BUNDLE/config.json"
	grep -q '"args": \[ 42' "$BUNDLE/config.json" || fail "could not edit args"
	create
	expect_fail
	grep -q 'process\.args' "$ERR" || fail "the error does not name process.args: $(cat "$ERR")"
	expect_root_empty
}

test_create_empty_args() {
	mkctr /init hello
	sed -i 's|"args": \[ "/init", "hello" \]|"args": [ ]|' "$BUNDLE/config.json"
	create
	expect_fail
	expect_names args
	expect_root_empty
}

# process.terminal without --console-socket cannot work detached.
test_terminal_without_console_socket() {
	CFG_TERMINAL=true mkctr /init hello
	create
	expect_fail
	expect_root_empty
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		grep -q -- '--console-socket' "$ERR" && grep -q terminal "$ERR" ||
			fail "the error should say to set process.terminal false or pass --console-socket: $(cat "$ERR")"
	fi
	return 0
}

test_console_socket_missing() {
	CFG_TERMINAL=true mkctr /init hello
	create --console-socket "$T/no-such-socket"
	expect_fail
	expect_root_empty
}

test_help() {
	raw_cap --help
	expect_rc 0
	[ -s "$T/out" ] || fail "--help printed nothing on stdout"
	for _c in create run start state kill delete list spec; do
		rt_cap "$_c" --help
		expect_rc 0
		[ -s "$T/out" ] || fail "$_c --help printed nothing on stdout"
		grep -q "$_c" "$T/out" || fail "$_c --help does not mention $_c"
	done
	expect_root_empty
}

test_version() {
	raw_cap --version
	expect_rc 0
	[ -s "$T/out" ] || fail "--version printed nothing"
	grep -qi version "$T/out" || fail "--version: $(cat "$T/out")"
	runlet_only "its --version shows runc's own spec version"
	grep -q '1\.3\.0' "$T/out" || fail "--version does not show spec 1.3.0: $(cat "$T/out")"
	# Compiled-in features, "+SECCOMP -CGROUP_V1" style.
	grep -Eq '[+-][A-Z][A-Z0-9_]+' "$T/out" || fail "--version lists no features: $(cat "$T/out")"
}

# Both --flag=value and --flag value forms of the global flags.
test_global_flag_forms() {
	mkctr /init hello
	LAST_CMD="--root=ROOT create"
	"$RUNTIME" --root="$ROOT" create --bundle="$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	record_pid
	rt_cap list -q
	expect_file_eq "$T/out" "$ID"
	raw_cap --root="$ROOT" state "$ID"
	expect_rc 0
	expect_eq status created "$(json_get status <"$T/out")"
	raw_cap --debug --root "$ROOT" --systemd-cgroup list -q
	expect_rc 0
	expect_file_eq "$T/out" "$ID"
	raw_cap --root "$ROOT" delete --force "$ID"
	expect_rc 0
}

# "--" ends the global options: the next word is the command, even one
# that starts with "-" (runlet dereferenced a NULL command there and
# crashed with SIGSEGV: scan-build, then UBSan).
test_double_dash_before_command() {
	rt_cap -- list -q
	expect_rc 0
	rt_cap -- -x
	[ "$RC" -lt 128 ] || fail "runtime killed by signal $((RC - 128))$(show_cmd)"
	expect_fail
	expect_names '-x'
	rt_cap -- --version
	[ "$RC" -lt 128 ] || fail "runtime killed by signal $((RC - 128))$(show_cmd)"
}
