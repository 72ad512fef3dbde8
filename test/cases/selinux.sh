# SELinux: process.selinuxLabel (the container's processes, `exec`, the
# session keyring) and linux.mountLabel (the context of its mounts).
# Where SELinux is enabled the labels are applied; the emulated board
# boots with it (make board-test LSM=selinux: test/selinux/min.cil loaded,
# permissive, board/README.md). Elsewhere they are ignored with a warning.

# In test/selinux/min.cil: the process and file types of a container, MCS
# categories (so that the labels have a comma, as podman's do).
PLABEL=system_u:system_r:container_t:s0:c1,c2
MLABEL=system_u:object_r:container_file_t:s0:c1,c2

# as runlet decides: selinuxfs is mounted, and a policy loaded (before,
# every process is "kernel")
selinux_on() {
	[ -r /sys/fs/selinux/enforce ] && [ "$(tr -d '\0' </proc/self/attr/current)" != kernel ]
}

need_selinux() {
	selinux_on || skip "SELinux is not enabled here (make board-test BOARD=aarch64 LSM=selinux runs this)"
}

# context: the process's context, from /init cat /proc/self/attr/current
# in $OUT (the kernel ends it with a NUL).
context() {
	tr -d '\0' <"$OUT"
}

# Where SELinux is off, both labels are ignored with a warning, and no
# context= reaches a mount (the kernel would refuse the unknown option).
test_ignored_where_off() {
	selinux_on && skip "SELinux is enabled here"
	runlet_only "runc refuses a selinuxLabel where SELinux is off"
	CFG_PROCESS="\"selinuxLabel\": \"$PLABEL\"" CFG_LINUX="\"mountLabel\": \"$MLABEL\"" \
		inside mounts
	expect_grep 'process\.selinuxLabel: SELinux is not enabled on this host: ignored' "$ERR"
	expect_grep 'linux\.mountLabel: SELinux is not enabled on this host: ignored' "$ERR"
	expect_grep ' /dev/shm .* - tmpfs ' "$OUT"
	expect_no_grep 'context=' "$OUT"
	# exec --process-label too
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	rt_cap exec --process-label "$PLABEL" "$ID" /init hello
	expect_rc 0
	expect_grep 'process\.selinuxLabel: SELinux is not enabled on this host: ignored' "$T/err"
	rt delete --force "$ID" || fail "delete failed"
}

# The container's process runs with the label; so does its session
# keyring (keycreate, as runc).
test_process_label() {
	need_selinux
	CFG_PROCESS="\"selinuxLabel\": \"$PLABEL\"" inside cat /proc/self/attr/current -- echo -- keylabel
	expect_eq "the container's context" "$PLABEL" "$(context | sed -n 1p)"
	expect_eq "its session keyring's" "$PLABEL" "$(context | sed -n 2p)"
	expect_no_grep 'ignored' "$ERR"
	# without a label: the runtime's own context (no transition)
	inside cat /proc/self/attr/current
	expect_eq "the context without a label" "$(tr -d '\0' </proc/self/attr/current)" "$(context)"
	# a process of uid 1000 (its capabilities dropped): the label is
	# written before runlet changes its uid
	CFG_UID=1000 CFG_PROCESS="\"selinuxLabel\": \"$PLABEL\"" inside cat /proc/self/attr/current
	expect_eq "the context of uid 1000" "$PLABEL" "$(context)"
}

# runlet exec: the container's label, or --process-label's.
test_exec_label() {
	need_selinux
	CFG_PROCESS="\"selinuxLabel\": \"$PLABEL\"" mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	rt_cap exec "$ID" /init cat /proc/self/attr/current
	expect_rc 0
	expect_eq "exec's context" "$PLABEL" "$(tr -d '\0' <"$T/out")"
	_other=system_u:system_r:container_t:s0:c3,c4
	rt_cap exec --process-label "$_other" "$ID" /init cat /proc/self/attr/current
	expect_rc 0
	expect_eq "exec --process-label's context" "$_other" "$(tr -d '\0' <"$T/out")"
	rt_cap exec --process-label system_u:system_r:rlt_no_such_t:s0 "$ID" /init hello
	expect_fail
	expect_grep 'process\.selinuxLabel: "system_u:system_r:rlt_no_such_t:s0" \(not a context of the loaded SELinux policy\): Invalid argument' "$T/err"
	expect_eq "the container after a failed exec" running "$(state_of)"
	rt delete --force "$ID" || fail "delete failed"
}

# A label the policy does not know fails create, clearly, before the
# container runs (run.sh then checks that nothing was left behind): first
# as the session keyring's label, or with --no-new-keyring as the exec's.
test_invalid_label() {
	need_selinux
	_bad=system_u:system_r:rlt_no_such_t:s0
	CFG_PROCESS="\"selinuxLabel\": \"$_bad\"" mkctr /init hello
	create
	expect_fail
	expect_grep "process\.selinuxLabel \(keycreate\): \"$_bad\" \(not a context of the loaded SELinux policy\): Invalid argument" "$ERR"
	[ -e "$ROOT/$ID" ] && fail "state left behind"
	create --no-new-keyring
	expect_fail
	expect_grep "process\.selinuxLabel: \"$_bad\" \(not a context of the loaded SELinux policy\): Invalid argument" "$ERR"
	run_fg
	expect_fail
	CFG_PROCESS='"selinuxLabel": "not a context"' mkctr /init hello
	create
	expect_fail
	expect_grep 'process\.selinuxLabel \(keycreate\): "not a context"' "$ERR"
}

# linux.mountLabel, by runc's rules: context="LABEL" on every new mount of
# the config (tmpfs, devpts, the tmpfs of a masked directory), not on proc,
# sysfs or a bind mount; mqueue's root gets it as its xattr (a context=
# option cannot apply to the ipc namespace's one mqueue superblock).
test_mount_label() {
	need_selinux
	mkdir -p "$T/vol"
	CFG_LINUX="\"mountLabel\": \"$MLABEL\"" CFG_MOUNTS="{ \"destination\": \"/vol\", \"type\": \"bind\",
		  \"source\": \"$T/vol\", \"options\": [ \"rbind\" ] },
		{ \"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [ \"size=1m\", \"mode=1777\" ] }" \
		inside mounts -- label /dev/null -- label /dev/mqueue -- label /tmp
	_ctx="context=\"$MLABEL\""
	for _m in /dev /dev/pts /dev/shm /tmp; do
		grep -F " $_m " "$OUT" | grep -qF "$_ctx" ||
			fail "$_m: expected $_ctx in its mountinfo line: $(grep -F " $_m " "$OUT")"
	done
	grep -F " /tmp " "$OUT" | grep -qF "size=1024k" || fail "/tmp: its own options are lost: $(grep -F " /tmp " "$OUT")"
	for _m in /proc /sys /vol /dev/mqueue; do
		grep -F " $_m " "$OUT" | grep -qF "context=" &&
			fail "$_m: expected no context= in its mountinfo line: $(grep -F " $_m " "$OUT")"
	done
	# /sys/fs/cgroup: on cgroup v1 a tmpfs (labelled) holding binds; on v2
	# alone a bind of the container's cgroup2 directory (not labelled)
	if grep -F " /sys/fs/cgroup " "$OUT" | grep -q ' - tmpfs '; then
		grep -F " /sys/fs/cgroup " "$OUT" | grep -qF "$_ctx" ||
			fail "/sys/fs/cgroup (v1 tmpfs): expected $_ctx: $(grep -F " /sys/fs/cgroup " "$OUT")"
	else
		grep -F " /sys/fs/cgroup " "$OUT" | grep -qF "context=" &&
			fail "/sys/fs/cgroup (bind): expected no context=: $(grep -F " /sys/fs/cgroup " "$OUT")"
	fi
	# a masked directory's tmpfs (runc's maskPath), where one is there
	grep -F " /sys/firmware " "$OUT" | grep -qvF "$_ctx" &&
		fail "/sys/firmware (masked): expected $_ctx: $(grep -F " /sys/firmware " "$OUT")"
	# files made in the labelled /dev have the label; mqueue's root too
	expect_eq "labels of /dev/null, /dev/mqueue, /tmp" "$MLABEL $MLABEL $MLABEL" \
		"$(grep -v ' - ' "$OUT" | tr '\n' ' ' | sed 's/ $//')"
	# the label is refused where it could not be a mount option
	CFG_LINUX='"mountLabel": "system_u:object_r:x\"y:s0"' mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.mountLabel: .* has a double quote' "$ERR"
}

# A runlet built without SELinux refuses a label where SELinux is on
# (never ignored there). The board's initramfs has such a build.
test_compiled_out() {
	need_selinux
	runlet_only "CFG_SELINUX is runlet's"
	_rt=${RUNLET_NOSELINUX:-$TESTDIR/runlet-noselinux}
	[ -x "$_rt" ] || skip "no CFG_SELINUX=0 build at $_rt"
	"$_rt" --version | grep -q -- -SELINUX || fail "$_rt --version: not -SELINUX"
	RUNTIME=$_rt
	CFG_PROCESS="\"selinuxLabel\": \"$PLABEL\"" mkctr /init hello
	create
	expect_fail
	expect_grep 'process\.selinuxLabel: SELinux is enabled here, but runlet was built without it \(CFG_SELINUX=0\)' "$ERR"
	CFG_LINUX="\"mountLabel\": \"$MLABEL\"" mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.mountLabel: SELinux is enabled here, but runlet was built without it \(CFG_SELINUX=0\)' "$ERR"
	inside hello
	expect_file_eq "$OUT" "hello world"
}
