# Cgroups: placement and linux.resources, read back from the host's
# cgroup files and enforced from inside.

# set_resources JSON-MEMBERS: add members to linux.resources of $BUNDLE.
set_resources() {
	sed -i "s|\"resources\": {|\"resources\": { $1,|" "$BUNDLE/config.json" ||
		fail "could not edit linux.resources"
}

# cg_file CONTROLLER FILE: the container's cgroup file for CONTROLLER (v1
# hierarchy of that name, else cgroup v2), found through its init's
# /proc/PID/cgroup.
cg_file() {
	_pid=$(pid_of)
	_line=$(grep -E "^[0-9]+:([^:]*,)?$1(,[^:]*)?:" "/proc/$_pid/cgroup")
	if [ -n "$_line" ]; then
		_mnt=$(awk -v c="$1" '$9 == "cgroup" || $(NF-2) == "cgroup" { n = split($NF, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) print $5 }' /proc/self/mountinfo | head -n 1)
	else
		_line=$(grep '^0::' "/proc/$_pid/cgroup")
		_mnt=$(awk '$(NF-2) == "cgroup2" { print $5 }' /proc/self/mountinfo | head -n 1)
	fi
	[ -n "$_line" ] && [ -n "$_mnt" ] || { echo "/nonexistent"; return; }
	echo "$_mnt${_line#*:*:}/$2"
}

test_memory_pids_cpu_limits() {
	mkctr /init sleep 30
	set_resources '"memory": {"limit": 67108864, "reservation": 33554432}, "pids": {"limit": 50}, "cpu": {"shares": 512, "quota": 50000, "period": 100000}'
	create
	expect_rc 0
	_f=$(cg_file memory memory.limit_in_bytes)
	[ -f "$_f" ] || _f=$(cg_file memory memory.max)
	expect_eq "memory limit ($_f)" 67108864 "$(cat "$_f" 2>&1)"
	_f=$(cg_file pids pids.max)
	expect_eq "pids.max ($_f)" 50 "$(cat "$_f" 2>&1)"
	_f=$(cg_file cpu cpu.cfs_quota_us)
	if [ -f "$_f" ]; then
		expect_eq "cpu quota" 50000 "$(cat "$_f")"
		expect_eq "cpu shares" 512 "$(cat "$(cg_file cpu cpu.shares)")"
	else
		expect_eq "cpu.max" "50000 100000" "$(cat "$(cg_file cpu cpu.max)")"
	fi
	rt delete --force "$ID" || fail "delete failed"
}

# The pids limit is enforced: with pids.max 1 the init cannot fork.
test_pids_limit_enforced() {
	mkctr /init bg echo child -- sleep 0.2 -- echo parent
	set_resources '"pids": {"limit": 1}'
	run_fg
	expect_grep '^error: fork' "$OUT"
	expect_no_grep '^child' "$OUT"
}

# A process allocating past memory.limit is killed by the OOM killer.
test_memory_limit_enforced() {
	mkctr /init alloc 64
	set_resources '"memory": {"limit": 16777216, "swap": 16777216}'
	run_fg
	expect_eq "exit status (SIGKILL by the OOM killer)" 137 "$RC"
	expect_no_grep '^allocated' "$OUT"
}

test_unknown_resource_refused() {
	runlet_only "runc ignores what it does not know"
	mkctr /init hello
	set_resources '"rdma": {"mlx5_0": {"hcaHandles": 3}}'
	create
	expect_fail
	expect_grep 'linux.resources.rdma' "$ERR"
}

test_cgroup_removed_after_delete() {
	mkctr /init sleep 30
	set_resources '"pids": {"limit": 10}'
	create
	expect_rc 0
	_f=$(cg_file pids pids.max)
	_d=${_f%/pids.max}
	[ -d "$_d" ] || fail "no cgroup directory $_d"
	rt delete --force "$ID" || fail "delete failed"
	[ -d "$_d" ] && fail "cgroup $_d left after delete"
	return 0
}

# pause freezes every process (the freezer says so), state says paused,
# resume thaws; exec into a paused container needs --ignore-paused.
test_pause_resume() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	rt_cap pause "$ID"
	expect_rc 0
	expect_eq status paused "$(state_of)"
	_f=$(cg_file freezer freezer.state)
	if [ -f "$_f" ]; then
		expect_eq "freezer.state" FROZEN "$(cat "$_f")"
	fi
	rt_cap pause "$ID"
	expect_fail
	rt_cap exec "$ID" /init hello
	expect_fail
	rt_cap resume "$ID"
	expect_rc 0
	expect_eq status running "$(state_of)"
	rt_cap resume "$ID"
	expect_fail
	rt delete --force "$ID" || fail "delete failed"
}

test_delete_force_paused() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	_pid=$(pid_of)
	rt pause "$ID" || fail "pause failed"
	rt_cap delete --force "$ID"
	expect_rc 0
	not_alive "$_pid" || fail "the paused container's init survived delete --force"
}

test_ps() {
	mkctr /init bg sleep 30 -- sleep 30
	run_detach
	expect_rc 0
	wait_status running
	_init=$(pid_of)
	wait_for "two processes" sh -c "[ \$(wc -l < '$(cg_file pids cgroup.procs)') = 2 ]"
	rt_cap ps --format json "$ID"
	expect_rc 0
	expect_grep "^\\[.*$_init.*\\]\$" "$T/out"
	expect_eq "pids in ps --format json" 2 "$(tr ',' '\n' <"$T/out" | grep -c '[0-9]')"
	rt_cap ps "$ID"
	expect_rc 0
	expect_grep 'PID' "$T/out"
	expect_eq "rows of ps (header + 2)" 3 "$(wc -l <"$T/out")"
	rt delete --force "$ID" || fail "delete failed"
}

# update changes the files: flags, then an engine's --resources file.
test_update() {
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	rt_cap update --memory 104857600 --memory-swap 209715200 --pids-limit 20 --cpu-quota 20000 --cpu-period 100000 "$ID"
	expect_rc 0
	_f=$(cg_file memory memory.limit_in_bytes)
	[ -f "$_f" ] || _f=$(cg_file memory memory.max)
	expect_eq "memory limit" 104857600 "$(cat "$_f")"
	expect_eq "pids.max" 20 "$(cat "$(cg_file pids pids.max)")"
	# raising the limit above the old memory+swap limit works too
	rt_cap update --memory 314572800 --memory-swap 419430400 "$ID"
	expect_rc 0
	expect_eq "memory limit raised" 314572800 "$(cat "$_f")"
	printf '{"memory":{"limit":134217728,"swap":268435456},"pids":{"limit":30}}' >"$T/res.json"
	rt_cap update --resources "$T/res.json" "$ID"
	expect_rc 0
	expect_eq "memory limit from --resources" 134217728 "$(cat "$_f")"
	expect_eq "pids.max from --resources" 30 "$(cat "$(cg_file pids pids.max)")"
	rt_cap update --pids-limit abc "$ID"
	expect_fail
	rt delete --force "$ID" || fail "delete failed"
	rt_cap update --pids-limit 5 "$ID"
	expect_fail
}

# The systemd form of cgroupsPath (podman --systemd-cgroup), mapped to the
# path systemd would use, with no systemd running.
test_systemd_cgroups_path() {
	runlet_only "runc needs a running systemd (D-Bus) for this form"
	mkctr /init sleep 30
	sed -i "s|\"linux\": {|\"linux\": { \"cgroupsPath\": \"rltest-a.slice:rlt:$ID\",|" "$BUNDLE/config.json"
	grep -q rltest-a.slice "$BUNDLE/config.json" || fail "could not set cgroupsPath"
	"$RUNTIME" --systemd-cgroup --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	record_pid
	_f=$(cg_file pids cgroup.procs)
	case $_f in
	*/rltest.slice/rltest-a.slice/rlt-$ID.scope/cgroup.procs) ;;
	*) fail "cgroup path $_f is not .../rltest.slice/rltest-a.slice/rlt-$ID.scope" ;;
	esac
	rt delete --force "$ID" || fail "delete failed"
	# the slices stay (as with systemd); this test's own are removed
	for _d in /sys/fs/cgroup/*/rltest.slice /sys/fs/cgroup/rltest.slice; do
		[ -d "$_d/rltest-a.slice" ] && rmdir "$_d/rltest-a.slice" "$_d" 2>/dev/null
	done
	return 0
}
