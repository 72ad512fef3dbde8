# process: the container process's attributes as seen from inside: user,
# groups, cwd, env, umask, capabilities, noNewPrivileges, rlimits, args
# lookup, file descriptors.

test_user_ids() {
	CFG_UID=1000 CFG_GID=1001 CFG_GIDS="10, 20" inside id
	expect_file_eq "$OUT" "uid=1000 gid=1001 groups=10,20"
}

test_root_user() {
	inside id
	expect_file_eq "$OUT" "uid=0 gid=0 groups="
}

# Switching user does not keep the runtime's supplementary groups.
test_user_no_extra_groups() {
	CFG_UID=1000 CFG_GID=1000 inside id
	expect_file_eq "$OUT" "uid=1000 gid=1000 groups="
}

test_cwd() {
	new_ctr
	CFG_CWD=/work/sub mkbundle "$BUNDLE" /init cwd
	mkdir -p "$BUNDLE/rootfs/work/sub"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "/work/sub"
}

test_env() {
	CFG_ENV="FOO=bar EMPTY= WITH_EQ=a=b" inside env
	expect_grep '^PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin$' "$OUT"
	expect_grep '^TERM=xterm$' "$OUT"
	expect_grep '^FOO=bar$' "$OUT"
	expect_grep '^EMPTY=$' "$OUT"
	expect_grep '^WITH_EQ=a=b$' "$OUT"
	# Nothing of the runtime's own environment leaks in.
	expect_no_grep '^(RUNTIME|INIT|TESTDIR|RUN_DIR|ROOT|T)=' "$OUT"
}

test_umask() {
	CFG_UMASK=027 inside umask
	expect_file_eq "$OUT" "0027"
	CFG_UMASK=0 inside umask
	expect_file_eq "$OUT" "0000"
}

# The template's three capabilities, in every set that it lists.
test_capabilities() {
	inside caps
	# CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29)
	for _set in CapBnd CapPrm CapEff; do
		expect_grep "^$_set:[[:space:]]+0000000020000420\$" "$OUT"
	done
}

# A non-root user: capabilities survive exec only through the ambient set,
# which needs them inheritable; the template has no inheritable set, so
# the user ends with none (and gets none that the config does not give).
test_capabilities_non_root() {
	CFG_UID=1000 CFG_GID=1000 inside caps
	expect_file_eq "$OUT" "CapInh:	0000000000000000
CapPrm:	0000000000000000
CapEff:	0000000000000000
CapBnd:	0000000020000420
CapAmb:	0000000000000000"
}

test_capabilities_ambient() {
	CFG_UID=1000 CFG_GID=1000 CFG_INHERITABLE=1 inside caps
	for _set in CapInh CapPrm CapEff CapBnd CapAmb; do
		expect_grep "^$_set:[[:space:]]+0000000020000420\$" "$OUT"
	done
}

test_no_new_privs() {
	inside nnp
	expect_file_eq "$OUT" "NoNewPrivs:	1"
	CFG_NNP=false inside nnp
	expect_file_eq "$OUT" "NoNewPrivs:	0"
}

test_rlimit_nofile() {
	inside rlimit NOFILE
	expect_file_eq "$OUT" "1024 1024"
}

test_rlimits_more() {
	CFG_RLIMITS='{ "type": "RLIMIT_NOFILE", "hard": 2048, "soft": 512 },
			{ "type": "RLIMIT_CORE", "hard": 0, "soft": 0 }' \
		inside rlimit NOFILE -- rlimit CORE
	expect_file_eq "$OUT" "512 2048
0 0"
}

# A bare args[0] is looked up in the container's PATH (process.env), not
# the runtime's, and argv[0] stays as given.
test_args_path_lookup() {
	mkctr init argv0 -- exe
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "init
/bin/init"
}

test_args_container_path() {
	new_ctr
	mkbundle "$BUNDLE" tool argv0 -- exe
	mkdir -p "$BUNDLE/rootfs/opt/x"
	mv "$BUNDLE/rootfs/bin/init" "$BUNDLE/rootfs/opt/x/tool"
	sed -i 's|"PATH=[^"]*"|"PATH=/nowhere:/opt/x"|' "$BUNDLE/config.json"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "tool
/opt/x/tool"
}

test_args_not_in_path_fails() {
	mkctr nosuchtool
	run_fg
	expect_fail
}

test_args_quoting() {
	inside echo "two  spaces" "quote\"d" 'back\slash' "tab	x" ""
	expect_file_eq "$OUT" "two  spaces quote\"d back\\slash tab	x "
}

# Only stdio crosses into the container: fds open in the runtime are not
# leaked.
test_no_stray_fds() {
	mkctr /init fds
	LAST_CMD="run (fds 3, 5, 9 open)"
	rt run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null \
		3<"$INIT" 5<"$INIT" 9>"$T/nine"
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "0 1 2"
}

test_preserve_fds() {
	echo "fd three" >"$T/three"
	mkctr /init fds -- readlink /proc/self/fd/3 -- cat /proc/self/fd/3
	LAST_CMD="run --preserve-fds 1 (fds 3, 5 open)"
	rt run --preserve-fds 1 --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null \
		3<"$T/three" 5<"$INIT"
	RC=$?
	expect_rc 0
	expect_file_eq "$OUT" "0 1 2 3
$T/three
fd three"
}

test_preserve_fds_create() {
	mkctr /init fds
	LAST_CMD="create --preserve-fds 2 (fds 3, 4 open)"
	rt create --preserve-fds 2 --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null \
		3<"$INIT" 4<"$INIT" 6<"$INIT"
	RC=$?
	expect_rc 0
	record_pid
	rt start "$ID" || fail "start failed"
	wait_status stopped
	expect_file_eq "$OUT" "0 1 2 3 4"
	rt delete "$ID" || fail "delete failed"
}

# stdout and stderr of the container are create's.
test_stdio_is_creates() {
	mkctr /init cat /nonexistent-file
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_status stopped
	expect_file_eq "$OUT" "error: No such file or directory"
	mkctr /init
	create
	expect_rc 0
	rt start "$ID" || fail "start failed"
	wait_status stopped
	expect_grep '^usage: init' "$ERR"
	rt delete "$ID" || fail "delete failed"
	rt delete "rlt$RUN_PID-$TNUM-1" || fail "delete failed"
}

# With --preserve-fds the process is told, as socket activation does.
test_preserve_fds_listen_env() {
	runlet_only "runc sets LISTEN_FDS only when it had LISTEN_FDS itself"
	mkctr /init env
	rt run --preserve-fds 2 --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 3<"$INIT" 4<"$INIT"
	RC=$?
	expect_rc 0
	expect_grep '^LISTEN_FDS=2$' "$OUT"
	expect_grep '^LISTEN_PID=1$' "$OUT"
}

# process.scheduler: policy and nice, seen in /proc/self/stat (fields 19
# and 41).
test_scheduler() {
	runlet_only "runc 1.1.5 ignores process.scheduler"
	CFG_PROCESS='"scheduler": { "policy": "SCHED_BATCH", "nice": 5 }' inside cat /proc/self/stat
	expect_eq "nice" 5 "$(awk '{ print $19 }' "$OUT")"
	expect_eq "policy (SCHED_BATCH)" 3 "$(awk '{ print $41 }' "$OUT")"
}

test_scheduler_bad_policy() {
	runlet_only "runc 1.1.5 ignores process.scheduler"
	CFG_PROCESS='"scheduler": { "policy": "SCHED_FOO" }' mkctr /init hello
	create
	expect_fail
	expect_grep 'process.scheduler.policy' "$ERR"
}

# process.ioPriority, read from the host with ionice.
test_io_priority() {
	runlet_only "runc 1.1.5 ignores process.ioPriority"
	need ionice
	CFG_PROCESS='"ioPriority": { "class": "IOPRIO_CLASS_BE", "priority": 6 }' mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	_io=$(ionice -p "$(pid_of)")
	rt delete --force "$ID" || fail "delete failed"
	expect_eq "ionice" "best-effort: prio 6" "$_io"
}

test_exec_cpu_affinity() {
	runlet_only "runc 1.1.5 has no execCPUAffinity"
	CFG_PROCESS='"execCPUAffinity": { "initial": "0", "final": "0" }' inside cat /proc/self/status
	expect_grep '^Cpus_allowed_list:[[:space:]]+0$' "$OUT"
}

test_personality_linux32() {
	runlet_only "runc 1.1.5 ignores linux.personality"
	case $(uname -m) in
	x86_64 | aarch64) ;;
	*) skip "PER_LINUX32 means nothing on $(uname -m): its kernel resets it at exec" ;;
	esac
	CFG_LINUX='"personality": { "domain": "LINUX32" }' inside cat /proc/self/personality
	expect_file_eq "$OUT" "00000008"
}

# The CVE-2024-21626 class: a host directory fd handed to the runtime
# (here fd 7, the host's /) must not reach the container, nor may its cwd
# be a host directory.
test_host_dirfd_not_leaked() {
	mkctr /init ls /proc/self/fd/7 -- readlink /proc/self/cwd -- fds
	rt run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 7</
	RC=$?
	expect_grep '^error: No such file or directory$' "$OUT"
	expect_grep '^/$' "$OUT"
	expect_grep '^0 1 2$' "$OUT"
	expect_no_grep 'etc' "$OUT"
}

# linux.memoryPolicy (set_mempolicy): the process's policy shows in
# /proc/self/numa_maps; a node list a mode does not take, an unknown mode
# or flag, and a node the machine lacks are clear errors.
test_memory_policy() {
	runlet_only "runc 1.1.5 (Debian 12) has no linux.memoryPolicy"
	[ -r /proc/self/numa_maps ] || skip "kernel without NUMA (no /proc/self/numa_maps)"
	for _mp in 'MPOL_BIND|0|bind:0' 'MPOL_INTERLEAVE|0|interleave:0' 'MPOL_PREFERRED||local' \
		'MPOL_BIND|0|bind=static:0|"MPOL_F_STATIC_NODES"'; do
		IFS='|' read -r _mode _nodes _want _flags <<-EOF2
		$_mp
		EOF2
		CFG_LINUX="\"memoryPolicy\": { \"mode\": \"$_mode\", \"nodes\": \"$_nodes\", \"flags\": [ $_flags ] }" \
			mkctr /init cat /proc/self/numa_maps
		run_fg
		expect_rc 0
		_got=$(awk 'NR == 1 { print $2 }' "$OUT")
		expect_eq "$_mode $_flags: numa_maps policy" "$_want" "$_got"
	done
	for _bad in '"mode": "MPOL_NOPE"|memoryPolicy.mode: unknown mode "MPOL_NOPE"' \
		'"mode": "MPOL_BIND"|memoryPolicy.nodes: MPOL_BIND takes at least one node' \
		'"mode": "MPOL_LOCAL", "nodes": "0"|memoryPolicy.nodes: MPOL_LOCAL takes no nodes' \
		'"mode": "MPOL_BIND", "nodes": "0-x"|memoryPolicy.nodes: "0-x" is not a node list' \
		'"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_X"]|memoryPolicy.flags\[0\]: unknown flag "MPOL_F_X"' \
		'"nodes": "0"|memoryPolicy.mode: required' \
		'"mode": "MPOL_BIND", "nodes": "100"|memoryPolicy: set_mempolicy MPOL_BIND 100: Invalid argument'; do
		CFG_LINUX="\"memoryPolicy\": { ${_bad%%|*} }" mkctr /init hello
		create
		expect_fail
		expect_grep "linux\.${_bad#*|}" "$ERR"
	done
}

# process.apparmorProfile: applied at the exec where AppArmor is enabled
# (the emulated boards' Debian kernels have it): "unconfined" is always
# there, a missing profile fails create clearly. Where AppArmor is off (this
# VM), the profile is ignored with a warning, as runc does.
test_apparmor_profile() {
	if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
		runlet_only "runc 1.1.5 writes the profile anyway, and fails (EINVAL) where AppArmor is off"
		CFG_PROCESS='"apparmorProfile": "rlt-no-such-profile"' mkctr /init hello
		run_fg
		expect_rc 0
		expect_file_eq "$OUT" "hello world"
		expect_grep 'apparmorProfile: AppArmor is not enabled on this host: ignored' "$ERR"
		return 0
	fi
	CFG_PROCESS='"apparmorProfile": "unconfined"' mkctr /init cat /proc/self/attr/current
	run_fg
	expect_rc 0
	expect_grep '^unconfined' "$OUT"
	CFG_PROCESS='"apparmorProfile": "rlt-no-such-profile"' mkctr /init hello
	create
	expect_fail
	runlet_only "runc words it its own way"
	expect_grep 'process\.apparmorProfile: "rlt-no-such-profile": No such file or directory' "$ERR"
}

# process.oomScoreAdj, written by runlet before the init is forked (the
# init inherits it), also from inside a user namespace.
test_oom_score_adj() {
	CFG_PROCESS='"oomScoreAdj": 123' inside cat /proc/self/oom_score_adj
	expect_file_eq "$OUT" "123"
	[ -e /proc/self/ns/user ] || return 0
	CFG_PROCESS='"oomScoreAdj": 321' CFG_NS="pid network ipc uts mount user" \
		CFG_LINUX=$USERNS_MAPS mkctr /init cat /proc/self/oom_score_adj
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "321"
}
