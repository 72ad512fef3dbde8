# OCI hooks: all six kinds, in order, with the state on stdin; failures
# and timeouts.

# set_hooks JSON: the config's "hooks" object.
set_hooks() {
	_h=$(printf '%s' "$1" | tr '\n\t' '  ')
	sed -i "1s|^{\$|{ \"hooks\": $_h,|" "$BUNDLE/config.json" || fail "could not add hooks"
	grep -q '"hooks"' "$BUNDLE/config.json" || fail "hooks not in config.json"
}

# A host hook: appends "KIND STATUS PID-NONZERO ARG1 ENV" to $T/hooks.log.
make_hook() {
	cat >"$T/hook.sh" <<'HOOK'
#!/bin/sh
state=$(cat)
status=$(printf '%s' "$state" | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')
pid=$(printf '%s' "$state" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
id=$(printf '%s' "$state" | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')
echo "$1 $status pid=$([ "${pid:-0}" -gt 0 ] && echo yes || echo no) id=$id env=$HOOKENV" >>"$2"
HOOK
	chmod +x "$T/hook.sh"
}

hook_json() { # KIND
	printf '{ "path": "%s", "args": ["hook.sh", "%s", "%s"], "env": ["HOOKENV=%s"] }' \
		"$T/hook.sh" "$1" "$T/hooks.log" "$1-env"
}

test_hooks_order_and_state() {
	runlet_only "runc runs poststart inside create, with status created"
	make_hook
	CFG_READONLY=false mkctr /init ls /
	set_hooks "{ \"prestart\": [ $(hook_json prestart) ],
		\"createRuntime\": [ $(hook_json createRuntime) ],
		\"createContainer\": [ $(hook_json createContainer) ],
		\"startContainer\": [ { \"path\": \"/init\", \"args\": [\"/init\", \"touch\", \"/started\"] } ],
		\"poststart\": [ $(hook_json poststart) ],
		\"poststop\": [ $(hook_json poststop) ] }"
	create
	expect_rc 0
	expect_file_eq "$T/hooks.log" "prestart creating pid=yes id=$ID env=prestart-env
createRuntime creating pid=yes id=$ID env=createRuntime-env
createContainer creating pid=yes id=$ID env=createContainer-env"
	rt_cap start "$ID"
	expect_rc 0
	wait_status stopped
	# startContainer ran inside the container, before the process
	expect_grep '^started$' "$OUT"
	expect_grep '^poststart running pid=yes' "$T/hooks.log"
	rt_cap delete "$ID"
	expect_rc 0
	expect_grep "^poststop stopped pid=no id=$ID env=poststop-env\$" "$T/hooks.log"
	expect_eq "hook lines" 5 "$(wc -l <"$T/hooks.log")"
}

# A failing createRuntime hook fails create, names the hook, and undoes
# everything (the leak check after the test).
test_hook_failure_fails_create() {
	printf '#!/bin/sh\necho "no network for you" >&2\nexit 3\n' >"$T/fail.sh"
	chmod +x "$T/fail.sh"
	mkctr /init hello
	set_hooks "{ \"createRuntime\": [ { \"path\": \"$T/fail.sh\" } ] }"
	create
	expect_fail
	runlet_only "runc's message differs"
	expect_grep 'hooks.createRuntime\[0\]' "$ERR"
	expect_grep 'status 3' "$ERR"
	expect_grep 'no network for you' "$ERR"
}

test_hook_timeout() {
	runlet_only "runc 1.1.5 waits for the hook's output to close, past the timeout"
	printf '#!/bin/sh\nsleep 20\n' >"$T/slow.sh"
	chmod +x "$T/slow.sh"
	mkctr /init hello
	set_hooks "{ \"prestart\": [ { \"path\": \"$T/slow.sh\", \"timeout\": 1 } ] }"
	_t0=$(date +%s)
	create
	expect_fail
	_t1=$(date +%s)
	[ $((_t1 - _t0)) -lt 10 ] || fail "the 1 s timeout took $((_t1 - _t0)) s"
	runlet_only "runc's message differs"
	expect_grep 'timed out' "$ERR"
}

# poststart and poststop failures are warnings: start and delete go on.
test_post_hook_failures_warn() {
	runlet_only "runc fails start on a poststart hook (the spec says warn)"
	printf '#!/bin/sh\nexit 1\n' >"$T/fail.sh"
	chmod +x "$T/fail.sh"
	mkctr /init hello
	set_hooks "{ \"poststart\": [ { \"path\": \"$T/fail.sh\" } ], \"poststop\": [ { \"path\": \"$T/fail.sh\" } ] }"
	create
	expect_rc 0
	rt_cap start "$ID"
	expect_rc 0
	expect_grep 'warning.*hooks.poststart\[0\]' "$T/err"
	wait_status stopped
	rt_cap delete "$ID"
	expect_rc 0
	expect_grep 'warning.*hooks.poststop\[0\]' "$T/err"
}

test_hook_bad_path_refused() {
	mkctr /init hello
	set_hooks '{ "prestart": [ { "path": "relative/hook" } ] }'
	create
	expect_fail
	runlet_only "runc's message differs"
	expect_grep 'hooks.prestart\[0\].path' "$ERR"
}
