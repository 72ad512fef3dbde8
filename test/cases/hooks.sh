# OCI hooks: all six kinds, in order, with the state on stdin, in the
# namespaces the spec says; each kind's failure as runtime-spec v1.3.0's
# lifecycle has it (an error, but a warning for poststop), and timeouts.

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

# fail_hook: $T/fail.sh, a host hook that says why and exits 3.
fail_hook() {
	printf '#!/bin/sh\necho "hook says no" >&2\nexit 3\n' >"$T/fail.sh"
	chmod +x "$T/fail.sh"
}

# A failing hook of create's (prestart, createRuntime, createContainer)
# fails create, names the hook, and undoes everything (the leak check
# after the test): runtime.md, lifecycle steps 3 to 5.
create_hook_fails() { # KIND
	fail_hook
	mkctr /init hello
	set_hooks "{ \"$1\": [ { \"path\": \"$T/fail.sh\" } ] }"
	create
	expect_fail
	rt_cap state "$ID"
	expect_fail
	runlet_only "runc's message differs"
	expect_grep "hooks.$1\\[0\\]" "$ERR"
	expect_grep 'status 3' "$ERR"
	expect_grep 'hook says no' "$ERR"
}

test_prestart_failure_fails_create() {
	create_hook_fails prestart
}

test_create_runtime_failure_fails_create() {
	create_hook_fails createRuntime
}

test_create_container_failure_fails_create() {
	create_hook_fails createContainer
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

# A failing startContainer hook fails start (spec v1.3.0, lifecycle step
# 7: "generate an error, stop the container, and continue the lifecycle
# at step 12"): start says which hook, the process never runs, the
# container is stopped, no poststart hook runs, and delete runs the
# poststop hooks.
test_start_container_failure_fails_start() {
	runlet_only "runc 1.1's start returns 0: its init prints the hook's error on the container's stderr and exits 1"
	make_hook
	CFG_READONLY=false mkctr /init touch /ran
	set_hooks "{ \"startContainer\": [ { \"path\": \"/init\",
			\"args\": [\"/init\", \"echo\", \"no start for you\", \"--\", \"exit\", \"3\"] } ],
		\"poststart\": [ $(hook_json poststart) ], \"poststop\": [ $(hook_json poststop) ] }"
	create
	expect_rc 0
	rt_cap start "$ID"
	expect_rc 1
	expect_grep 'hooks.startContainer\[0\]: /init exited with status 3: no start for you' "$T/err"
	expect_eq "status after the failed start" stopped "$(state_of)"
	[ ! -e "$BUNDLE/rootfs/ran" ] || fail "the container's process ran"
	expect_no_grep '^poststart' "$T/hooks.log"
	rt_cap delete "$ID"
	expect_rc 0
	expect_grep "^poststop stopped pid=no id=$ID " "$T/hooks.log"
}

# The same through run: its error, and nothing left (the leak check),
# the poststop hooks run.
test_run_start_container_failure() {
	make_hook
	mkctr /init hello
	set_hooks "{ \"startContainer\": [ { \"path\": \"/init\", \"args\": [\"/init\", \"exit\", \"4\"] } ],
		\"poststop\": [ $(hook_json poststop) ] }"
	run_fg
	expect_rc 1
	expect_no_grep 'hello world' "$OUT"
	expect_grep "^poststop stopped pid=no id=$ID " "$T/hooks.log"
	runlet_only "runc 1.1's init prints the hook's error itself, and run exits with the init's status (1)"
	expect_grep 'run: hooks.startContainer\[0\]: /init exited with status 4' "$T/err"
}

# A failing poststart hook fails start too (v1.3.0 step 9; older
# versions of the spec said warn): the running process is killed, the
# hooks after it do not run, delete runs the poststop hooks.
test_poststart_failure_fails_start() {
	runlet_only "runc 1.1 runs poststart inside create, which fails"
	fail_hook
	make_hook
	mkctr /init sleep 30
	set_hooks "{ \"poststart\": [ { \"path\": \"$T/fail.sh\" }, $(hook_json poststart) ],
		\"poststop\": [ $(hook_json poststop) ] }"
	create
	expect_rc 0
	_pid=$(pid_of)
	rt_cap start "$ID"
	expect_rc 1
	expect_grep 'hooks.poststart\[0\]: .*fail.sh exited with status 3: hook says no' "$T/err"
	expect_eq "status after the failed start" stopped "$(state_of)"
	! proc_alive "$_pid" || fail "the container's process $_pid still runs"
	expect_no_grep '^poststart' "$T/hooks.log"
	rt_cap delete "$ID"
	expect_rc 0
	expect_grep "^poststop stopped pid=no id=$ID " "$T/hooks.log"
}

# A failing poststop hook is a warning (step 13): delete succeeds, and
# the next poststop hook still runs.
test_poststop_failure_warns() {
	fail_hook
	make_hook
	mkctr /init hello
	set_hooks "{ \"poststop\": [ { \"path\": \"$T/fail.sh\" }, $(hook_json poststop) ] }"
	create
	expect_rc 0
	rt_cap start "$ID"
	expect_rc 0
	wait_status stopped
	rt_cap delete "$ID"
	expect_rc 0
	cp "$T/err" "$T/delete.err"
	rt_cap state "$ID"
	expect_fail
	runlet_only "runc 1.1 logs the failing poststop hook as an error and skips the hooks after it"
	expect_grep "^poststop stopped pid=no id=$ID " "$T/hooks.log"
	expect_grep 'warning.*hooks.poststop\[0\].*hook says no' "$T/delete.err"
}

# prestart and createRuntime run in the runtime's namespaces,
# createContainer and startContainer in the container's (config.md,
# Hooks); the state on their stdin says "creating" for create's hooks,
# "created" for startContainer's, with the container's host pid.
test_hook_namespaces_and_status() {
	cat >"$T/ns.sh" <<'HOOK'
#!/bin/sh
st=$(cat)
status=$(printf '%s' "$st" | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')
pid=$(printf '%s' "$st" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
echo "$1 $status $pid $(readlink /proc/self/ns/mnt) $(readlink /proc/self/ns/pid)" >>"$2"
HOOK
	chmod +x "$T/ns.sh"
	CFG_READONLY=false mkctr /init hello
	_ns() { printf '{ "path": "%s", "args": ["ns.sh", "%s", "%s"] }' "$T/ns.sh" "$1" "$T/ns.log"; }
	set_hooks "{ \"prestart\": [ $(_ns prestart) ], \"createRuntime\": [ $(_ns createRuntime) ],
		\"createContainer\": [ $(_ns createContainer) ],
		\"startContainer\": [ { \"path\": \"/init\", \"args\": [\"/init\", \"out\", \"/hook.out\",
			\"--\", \"readlink\", \"/proc/self/ns/mnt\", \"--\", \"readlink\", \"/proc/self/ns/pid\",
			\"--\", \"cat\", \"/dev/stdin\"] } ] }"
	create
	expect_rc 0
	_pid=$(pid_of)
	_hmnt=$(readlink /proc/self/ns/mnt)
	_hpid=$(readlink /proc/self/ns/pid)
	_cmnt=$(readlink "/proc/$_pid/ns/mnt")
	_cpid=$(readlink "/proc/$_pid/ns/pid")
	expect_ne "the container's mount namespace" "$_hmnt" "$_cmnt"
	expect_ne "the container's pid namespace" "$_hpid" "$_cpid"
	expect_eq prestart "prestart creating $_pid $_hmnt $_hpid" "$(sed -n 1p "$T/ns.log")"
	expect_eq createRuntime "createRuntime creating $_pid $_hmnt $_hpid" "$(sed -n 2p "$T/ns.log")"
	# runc 1.1 gives createContainer hooks the pid inside the container (1)
	_want=$_pid
	[ "$RUNTIME_IS_RUNLET" = 1 ] || _want=1
	expect_eq createContainer "createContainer creating $_want $_cmnt $_cpid" "$(sed -n 3p "$T/ns.log")"
	rt_cap start "$ID"
	expect_rc 0
	wait_status stopped
	expect_eq "startContainer's mount namespace" "$_cmnt" "$(sed -n 1p "$BUNDLE/rootfs/hook.out")"
	expect_eq "startContainer's pid namespace" "$_cpid" "$(sed -n 2p "$BUNDLE/rootfs/hook.out")"
	expect_grep '"status": *"created"' "$BUNDLE/rootfs/hook.out"
	rt_cap delete "$ID"
	expect_rc 0
	runlet_only "runc 1.1 gives startContainer hooks the pid inside the container (1), not the host's"
	expect_grep "\"pid\": *$_pid[,}]" "$BUNDLE/rootfs/hook.out"
}

test_hook_bad_path_refused() {
	mkctr /init hello
	set_hooks '{ "prestart": [ { "path": "relative/hook" } ] }'
	create
	expect_fail
	runlet_only "runc's message differs"
	expect_grep 'hooks.prestart\[0\].path' "$ERR"
}
