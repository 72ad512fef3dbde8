# minimal: the build with every CFG_* flag of config.h off (board/rules.mk's
# CFG_MIN, which `make sizes` measures; no cgroup support either). Its
# lifecycle runs (create, start, state, kill, delete, run, list), and
# whatever is compiled out, config field or command, is refused by name,
# before anything is made.

# min_cfg [NAME...]: -DCFG_X=0 for every flag of config.h, but each NAME
# (as CFG_SPEC) =1.
min_cfg() {
	for _f in $(sed -n 's/^#define \(CFG_[A-Z0-9_]*\) [01]$/\1/p' "$REPO/config.h"); do
		_v=0
		for _on in "$@"; do
			[ "$_f" = "$_on" ] && _v=1
		done
		printf ' -D%s=%s' "$_f" "$_v"
	done
}

# build_cfg NAME CFG: runlet built from the sources with CFG, once per
# run (the tests of this file share it); its path in BIN, and RUNTIME
# too, for the lib.sh helpers (this test's subshell only).
build_cfg() {
	runlet_only "a build of runlet"
	need musl-gcc make
	[ -f "$REPO/runtime.c" ] || skip "no sources at $REPO"
	_d=$RUN_DIR/build-$1
	if mkdir "$_d" 2>/dev/null; then
		mkdir -p "$_d/src/scripts" &&
			cp "$REPO"/*.c "$REPO"/*.h "$REPO/Makefile" "$_d/src/" &&
			cp "$REPO/scripts/deps.sh" "$_d/src/scripts/" &&
			sed -i '/^include board/d; /^include \$(wildcard test/d' "$_d/src/Makefile" &&
			make -s -C "$_d/src" CFG="$2" runlet >"$_d/build.log" 2>&1
	fi
	[ -x "$_d/src/runlet" ] || fail "the $1 build (CFG=$2) failed: $(tail -n 5 "$_d/build.log")"
	BIN=$_d/src/runlet
	RUNTIME=$BIN
}

# min_bundle ARGS...: mkctr, less what the minimal build refuses: the
# capabilities, the rlimits, the device rules (linux.resources), and the
# cgroup mount (a tmpfs there instead).
min_bundle() {
	mkctr "$@"
	sed -i -e '/"capabilities": {/,/^[[:space:]]*},$/d' -e '/"rlimits":/d' -e '/"resources":/d' \
		-e 's#"type": "cgroup", "source": "cgroup"#"type": "tmpfs", "source": "tmpfs"#' "$BUNDLE/config.json"
}

# gone: nothing of container $ID is left (state, process).
gone() {
	[ ! -e "$ROOT/$ID" ] || fail "$ID: its state directory is left"
}

test_minimal_lifecycle() {
	build_cfg min "$(min_cfg)"
	rt_cap --version
	expect_rc 0
	expect_no_grep '\+[A-Z]' "$T/out"
	# create, state, start, state, delete
	min_bundle /init hello
	create
	expect_rc 0
	expect_eq status created "$(state_of)"
	rt_cap start "$ID"
	expect_rc 0
	wait_status stopped
	wait_out '^hello world$'
	rt_cap list
	expect_grep "^$ID +0 +stopped" "$T/out"
	rt_cap delete "$ID"
	expect_rc 0
	gone
	# run in the foreground: the container's exit status; the fields of
	# compiled-out features given empty ask for nothing, and pass
	min_bundle /init exit 7
	sed -i -e 's/^\t"linux": {/&"sysctl": { }, "netDevices": { }, "devices": [ ], "uidMappings": [ ], "cgroupsPath": "", "resources": { },/' \
		-e 's/"noNewPrivileges"/"rlimits": [ ], "apparmorProfile": "", &/' "$BUNDLE/config.json"
	run_fg
	expect_rc 7
	gone
	# run --detach, kill, delete; empty hooks ask for nothing
	min_bundle /init sigwait
	sed -i 's/^{$/{ "hooks": { "prestart": [ ] },/' "$BUNDLE/config.json"
	run_detach
	expect_rc 0
	wait_out '^ready$'
	expect_eq status running "$(state_of)"
	rt_cap kill "$ID" TERM
	expect_rc 0
	wait_status stopped
	rt_cap delete "$ID"
	expect_rc 0
	gone
}

# No cgroup: the new pid namespace holds every process of the container;
# kill --all KILL and delete --force end them all.
test_minimal_kills_every_process() {
	build_cfg min "$(min_cfg)"
	for _how in kill delete; do
		min_bundle /init bg sleep 30 -- bg sleep 30 -- sleep 30
		run_detach
		expect_rc 0
		_pid=$(pid_of)
		wait_for "2 children of $_pid" n_kids 2 "$_pid"
		_kids=$(children "$_pid")
		if [ $_how = kill ]; then
			rt_cap kill --all "$ID" TERM
			expect_fail
			expect_grep 'kill --all: only with SIGKILL .*CFG_CGROUP_V1=0' "$T/err"
			expect_eq status running "$(state_of)"
			rt_cap kill --all "$ID" KILL
			expect_rc 0
			wait_status stopped
			rt_cap delete "$ID"
		else
			rt_cap delete --force "$ID"
		fi
		expect_rc 0
		for _k in $_pid $_kids; do
			wait_for "process $_k to end ($_how)" not_alive "$_k"
		done
		gone
	done
}

n_kids() {
	[ "$(children "$2" | wc -l | tr -d ' ')" = "$1" ]
}

# Each case: the message (ERE) | a sed expression that makes the
# config ask for the compiled-out feature. create and run both refuse,
# and leave nothing.
test_minimal_refuses_config() {
	build_cfg min "$(min_cfg)"
	_cg='not compiled in \(CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support\)'
	while IFS='|' read -r _want _sed; do
		[ -n "$_want" ] || continue
		for _cmd in create run; do
			min_bundle /init hello
			sed -i "$_sed" "$BUNDLE/config.json"
			if [ $_cmd = create ]; then create; else run_fg; fi
			expect_fail
			expect_grep "$_want" "$ERR"
			[ ! -s "$OUT" ] || fail "$_cmd ran the container: $(cat "$OUT")"
			gone
		done
	done <<'EOF'
linux\.resources: not compiled in \(CFG_CGROUP_V1=0|s/^\t"linux": {/&"resources": { "memory": { "limit": 100000000 } },/
linux\.resources: not compiled in|s/^\t"linux": {/&"resources": { "devices": [ { "allow": false, "access": "rwm" } ] },/
linux\.cgroupsPath: not compiled in \(CFG_CGROUP_V1=0|s/^\t"linux": {/&"cgroupsPath": "\/runlet-test",/
mounts\[6\]\.type: "cgroup": not compiled in \(CFG_CGROUP_V1=0|s#"/sys/fs/cgroup", "type": "tmpfs", "source": "tmpfs"#"/sys/fs/cgroup", "type": "cgroup", "source": "cgroup"#
a new "pid" namespace is required in a build without cgroup support|/{ "type": "pid" },/d
process\.capabilities: not compiled in \(CFG_CAPS=0\)|s/"noNewPrivileges"/"capabilities": { "bounding": [ "CAP_KILL" ] }, &/
process\.capabilities: not compiled in \(CFG_CAPS=0\)|s/"noNewPrivileges"/"capabilities": { }, &/
process\.rlimits: not compiled in \(CFG_RLIMITS=0\)|s/"noNewPrivileges"/"rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 64, "soft": 64 } ], &/
process\.terminal: .*CFG_TERMINAL=0|s/"terminal": false/"terminal": true/
process\.oomScoreAdj: not compiled in \(CFG_OOM_SCORE=0\)|s/"noNewPrivileges"/"oomScoreAdj": 0, &/
process\.apparmorProfile: not compiled in \(CFG_APPARMOR=0\)|s/"noNewPrivileges"/"apparmorProfile": "runlet-test", &/
process\.scheduler: not compiled in \(CFG_SCHED=0\)|s/"noNewPrivileges"/"scheduler": { "policy": "SCHED_OTHER" }, &/
process\.ioPriority: not compiled in \(CFG_SCHED=0\)|s/"noNewPrivileges"/"ioPriority": { "class": "IOPRIO_CLASS_BE" }, &/
process\.execCPUAffinity: not compiled in \(CFG_SCHED=0\)|s/"noNewPrivileges"/"execCPUAffinity": { "initial": "0" }, &/
linux\.memoryPolicy: not compiled in \(CFG_SCHED=0\)|s/^\t"linux": {/&"memoryPolicy": { "mode": "MPOL_DEFAULT" },/
linux\.seccomp: not compiled in \(CFG_SECCOMP=0\)|s/^\t"linux": {/&"seccomp": { "defaultAction": "SCMP_ACT_ALLOW" },/
hooks\.prestart: not compiled in \(CFG_HOOKS=0\)|s/^{$/{ "hooks": { "prestart": [ { "path": "\/bin\/true" } ] },/
user namespace .*CFG_USERNS=0|s/{ "type": "pid" },/& { "type": "user" },/
linux\.uidMappings: not compiled in \(CFG_USERNS=0\)|s/^\t"linux": {/&"uidMappings": [ { "containerID": 0, "hostID": 1000, "size": 1 } ],/
time namespace .*CFG_TIMENS=0|s/{ "type": "pid" },/& { "type": "time" },/
linux\.timeOffsets: not compiled in \(CFG_TIMENS=0\)|s/^\t"linux": {/&"timeOffsets": { "monotonic": { "secs": 1 } },/
linux\.sysctl: not compiled in \(CFG_SYSCTL=0\)|s/^\t"linux": {/&"sysctl": { "net.ipv4.ip_forward": "1" },/
linux\.netDevices: not compiled in \(CFG_NETDEV=0\)|s/^\t"linux": {/&"netDevices": { "dummy0": { } },/
linux\.devices: not compiled in \(CFG_DEVICES=0\)|s/^\t"linux": {/&"devices": [ { "path": "\/dev\/kmsg", "type": "c", "major": 1, "minor": 11 } ],/
linux\.personality: not compiled in \(CFG_PERSONALITY=0\)|s/^\t"linux": {/&"personality": { "domain": "LINUX" },/
"rro": not compiled in \(CFG_MOUNT_EXTRA=0\)|s/"mode=1777"/"rro", &/
"rnosuid": not compiled in \(CFG_MOUNT_EXTRA=0\)|s/"mode=1777"/"rnosuid", &/
"tmpcopyup": not compiled in \(CFG_MOUNT_EXTRA=0\)|s/"mode=1777"/"tmpcopyup", &/
"idmap": not compiled in \(CFG_IDMAP=0\)|s/"mode=1777"/"idmap", &/
mounts\[0\]\.uidMappings: not compiled in \(CFG_IDMAP=0\)|s/"source": "proc"/& , "uidMappings": [ { "containerID": 0, "hostID": 1000, "size": 1 } ]/
EOF
}

# The commands the build leaves out: refused by name, the container
# untouched.
test_minimal_refuses_commands() {
	build_cfg min "$(min_cfg)"
	min_bundle /init sleep 30
	run_detach
	expect_rc 0
	_cg='not compiled in \(CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support\)'
	while IFS='|' read -r _want _args; do
		[ -n "$_want" ] || continue
		# shellcheck disable=SC2086
		rt_cap $_args
		expect_fail
		expect_grep "^runlet: $_want" "$T/err"
		expect_eq "status after $_args" running "$(state_of)"
	done <<EOF
exec: not compiled in \(CFG_EXEC=0\)|exec $ID /init hello
pause: $_cg|pause $ID
resume: $_cg|resume $ID
ps: $_cg|ps $ID
update: $_cg|update --memory 100000000 $ID
events: $_cg|events --stats $ID
features: not compiled in \(CFG_FEATURES=0\)|features
spec: not compiled in \(CFG_SPEC=0\)|spec --bundle $T
EOF
	[ ! -e "$T/config.json" ] || fail "spec wrote a config.json"
	rt_cap delete --force "$ID"
	expect_rc 0
	gone
}

# The template of a build without the rest (but spec itself): a config
# that build runs, not one it refuses.
test_minimal_spec_template() {
	build_cfg min-spec "$(min_cfg CFG_SPEC)"
	new_ctr
	mkdir -p "$BUNDLE/rootfs" && cp "$INIT" "$BUNDLE/rootfs/init" || fail "make $BUNDLE"
	rt_cap spec --bundle "$BUNDLE" --args "/init hello"
	expect_rc 0
	for _no in capabilities rlimits resources /sys/fs/cgroup '"terminal": true'; do
		expect_no_grep "$_no" "$BUNDLE/config.json"
	done
	run_fg
	expect_rc 0
	expect_grep '^hello world$' "$OUT"
	gone
	rt_cap spec --bundle "$T" --rootless
	expect_fail
	expect_grep 'spec --rootless: .*CFG_USERNS=0' "$T/err"
	rt_cap spec --bundle "$T" --terminal
	expect_fail
	expect_grep 'spec --terminal: not compiled in \(CFG_TERMINAL=0\)' "$T/err"
	[ ! -e "$T/config.json" ] || fail "spec wrote a config.json it refuses"
}

# A container of a build with cgroup support, on the same --root: the
# minimal build will not delete it (it could not remove its cgroups) nor
# kill --all (it could not find every process), and says so before it
# kills anything.
test_minimal_refuses_cgroup_container() {
	_full=$RUNTIME
	build_cfg min "$(min_cfg)"
	mkctr /init sleep 30
	"$_full" --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null ||
		fail "$_full run --detach: $(cat "$ERR")"
	record_pid
	expect_eq status running "$(state_of)"
	rt_cap delete --force "$ID"
	expect_fail
	expect_grep 'cannot delete container .*it has cgroups .*CFG_CGROUP_V1=0, CFG_CGROUP_V2=0' "$T/err"
	rt_cap kill --all "$ID" KILL
	expect_fail
	expect_grep 'cannot kill --all container .*it has cgroups' "$T/err"
	expect_eq status running "$(state_of)"
	"$_full" --root "$ROOT" delete --force "$ID" || fail "$_full delete --force failed"
	gone
}
