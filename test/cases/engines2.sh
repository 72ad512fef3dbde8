# More of runlet under real engines: the podman and containerd scenarios
# beyond engines.sh's, whose helpers (podman_rt, podman_image, pm_case,
# ctd_start, ctr_run...) these use. Every test passes with runc 1.1.5 too
# (RUNTIME=/usr/sbin/runc), except where it says why not.
# shellcheck source=test/cases/engines.sh
. "$TESTDIR/cases/engines.sh"

# podman --init: podman bind-mounts catatonit (containers.conf init_path,
# /usr/libexec/podman/catatonit, Debian's catatonit package) at
# /run/podman-init and makes it the process: it is pid 1, the command its
# child. Then podman's default network (no --network): netavark's bridge,
# eth0 with a default route in the container's own network namespace.
test_podman_init_default_network() {
	podman_image
	podman_rt run --rm --init localhost/rltest:1 /init pid -- ppid -- cat /proc/1/cmdline \
		>"$T/init.out" 2>"$T/err"
	_init=$?
	podman_rt run --rm localhost/rltest:1 /init ls /sys/class/net -- cat /proc/net/route \
		-- readlink /proc/self/ns/net >"$T/net.out" 2>>"$T/err"
	_net=$?
	podman_done
	expect_eq "podman run --init" 0 "$_init"
	# pid: 2 with runlet, 6 with runc (its Go threads before the exec took
	# pids of the new namespace); ppid: pid 1, the init
	tr '\0' ' ' <"$T/init.out" >"$T/init.txt"
	sed -n 1p "$T/init.txt" | grep -Eq '^([2-9]|[1-9][0-9]+)$' || fail "--init: pid: $(cat "$T/init.txt")"
	sed -n 2p "$T/init.txt" | grep -q '^1$' || fail "--init: ppid: $(cat "$T/init.txt")"
	sed -n 3p "$T/init.txt" | grep -q '^/run/podman-init -- /init pid -- ppid' ||
		fail "pid 1 is not podman's init: $(cat "$T/init.txt")"
	expect_eq "podman run, default network" 0 "$_net"
	expect_grep '^eth0$' "$T/net.out"
	expect_grep '^lo$' "$T/net.out"
	expect_grep "^eth0$TAB+00000000$TAB" "$T/net.out"
	expect_no_grep "^$(host_ns net)\$" "$T/net.out"
}

# A detached container, then podman's commands that read it or act on it:
# top (the container's processes), stats (podman reads the memory and pids
# of the cgroup the runtime made: v1 on this hybrid machine), exec with and
# without -i, kill -s, restart (a new process, still running).
test_podman_top_stats_exec_kill_restart() {
	podman_image
	_c=rlt-s$$
	podman_rt run -d --name "$_c" --memory 64m localhost/rltest:1 /init sleep 60 >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman run -d: $(cat "$T/err")"; }
	podman_rt top "$_c" pid args >"$T/top" 2>>"$T/err"
	_top=$?
	podman_rt stats --no-stream --format '{{.MemUsage}}|{{.PIDs}}' "$_c" >"$T/stats" 2>>"$T/err"
	_stats=$?
	echo from-stdin | podman_rt exec -i "$_c" /init cat /dev/stdin >"$T/exec-i" 2>>"$T/err"
	_exec=$?
	echo from-stdin | podman_rt exec "$_c" /init cat /dev/stdin >"$T/exec-no-i" 2>>"$T/err"
	_pid1=$(podman_rt inspect -f '{{.State.Pid}}' "$_c" 2>>"$T/err")
	podman_rt restart -t 0 "$_c" >/dev/null 2>>"$T/err"
	_restart=$?
	_pid2=$(podman_rt inspect -f '{{.State.Pid}} {{.State.Running}}' "$_c" 2>>"$T/err")
	podman_rt exec "$_c" /init hello >"$T/exec-after" 2>>"$T/err"
	# kill -s: the signal reaches the container's init, which handles it
	podman_rt run -d --name "rlt-k$$" localhost/rltest:1 /init sigwait >/dev/null 2>>"$T/err"
	wait_for "sigwait ready" podman_logs_have "rlt-k$$" '^ready$'
	podman_rt kill -s USR1 "rlt-k$$" >/dev/null 2>>"$T/err"
	_kill=$?
	_waited=$(podman_rt wait "rlt-k$$" 2>>"$T/err")
	podman_rt logs "rlt-k$$" >"$T/klog" 2>&1
	podman_done
	expect_eq "podman top" 0 "$_top"
	expect_grep '^1 +/init sleep 60 *$' "$T/top"
	expect_eq "podman stats" 0 "$_stats"
	# usage (not 0B) / the limit set | one process
	expect_grep '^[1-9][0-9.]*[kMG]B / 67\.11MB\|1$' "$T/stats"
	expect_eq "podman exec -i" 0 "$_exec"
	expect_file_eq "$T/exec-i" from-stdin
	expect_file_eq "$T/exec-no-i" ""
	expect_eq "podman restart" 0 "$_restart"
	case $_pid2 in
	"$_pid1 "* | "0 "*) fail "podman restart: pid $_pid1 before, '$_pid2' after" ;;
	*" true") ;;
	*) fail "podman restart: not running after it: '$_pid2'" ;;
	esac
	expect_file_eq "$T/exec-after" "hello world"
	expect_eq "podman kill -s USR1" 0 "$_kill"
	expect_grep '^signal 10$' "$T/klog"
	expect_eq "exit status after SIGUSR1" 138 "$_waited"
}

podman_logs_have() { # NAME ERE
	podman_rt logs "$1" 2>/dev/null | grep -Eq "$2"
}

# A pod: its infra container (podman builds localhost/podman-pause from
# catatonit, no registry) holds the namespaces; its members join them by
# path. Two members and the infra container: one hostname (the pod's
# name), one network, ipc and uts namespace.
test_podman_pod() {
	podman_image
	_p=rlt-p$$
	podman_rt pod create --name "$_p" >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman pod create: $(cat "$T/err")"; }
	podman_rt run -d --pod "$_p" --name "rlt-m$$" localhost/rltest:1 /init sleep 60 >/dev/null 2>>"$T/err" ||
		{ podman_done; fail "podman run --pod -d: $(cat "$T/err")"; }
	_q='hostname -- readlink /proc/self/ns/net -- readlink /proc/self/ns/ipc -- readlink /proc/self/ns/uts'
	# shellcheck disable=SC2086 # $_q: the /init commands
	podman_rt run --rm --pod "$_p" localhost/rltest:1 /init $_q >"$T/b.out" 2>>"$T/err"
	_run=$?
	# shellcheck disable=SC2086
	podman_rt exec "rlt-m$$" /init $_q >"$T/a.out" 2>>"$T/err"
	_infra=$(podman_rt pod inspect -f '{{.InfraContainerID}}' "$_p" 2>>"$T/err")
	_ipid=$(podman_rt inspect -f '{{.State.Pid}}' "$_infra" 2>>"$T/err")
	{
		echo "$_p"
		for _n in net ipc uts; do
			readlink "/proc/$_ipid/ns/$_n"
		done
	} >"$T/infra.out"
	podman_rt pod ps --format '{{.Name}} {{.Status}} {{.NumberOfContainers}}' >"$T/pods" 2>>"$T/err"
	podman_done
	expect_eq "podman run --pod" 0 "$_run"
	expect_file_eq "$T/a.out" "$(cat "$T/infra.out")"
	expect_file_eq "$T/b.out" "$(cat "$T/infra.out")"
	expect_no_grep "^$(host_ns net)\$" "$T/a.out"
	expect_grep "^$_p Running 2\$" "$T/pods"
}

# More of `podman run`'s options, as in engines.sh's podman_scenarios.
test_podman_cpus_privileged_preserve_fds() {
	podman_image
	_img=localhost/rltest:1
	# --cpus 0.5: a CFS quota of half the period
	if [ -d /sys/fs/cgroup/cpu ]; then
		pm_case 0 '^50000$' --cpus 0.5 "$_img" /init cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us \
			-- cat /sys/fs/cgroup/cpu/cpu.cfs_period_us
		expect_file_eq "$T/pm.out" "50000
100000"
	else
		pm_case 0 '^50000 100000$' --cpus 0.5 "$_img" /init cat /sys/fs/cgroup/cpu.max
	fi
	# --privileged: every capability the host has, no seccomp, the host's
	# devices (kmsg without --device)
	_bnd=$(grep '^CapBnd:' /proc/self/status | cut -f2)
	pm_case 0 "^CapEff:.$_bnd\$" --privileged "$_img" /init status -- stat /dev/kmsg
	if [ "${OLDKERNEL:-0}" = 1 ]; then
		# the old-kernel harness's own filter is inherited: that one only
		grep -q '^Seccomp_filters:.1$' "$T/pm.out" || fail "--privileged: a seccomp filter of its own"
	else
		grep -q '^Seccomp:.0$' "$T/pm.out" || fail "--privileged: seccomp on"
	fi
	grep -q '^chr [0-7]* 1:11$' "$T/pm.out" || fail "--privileged: no /dev/kmsg"
	pm_case 1 '^error: No such file' "$_img" /init stat /dev/kmsg
	# --preserve-fds 2: fds 3 and 4 reach the container, and no others
	echo three >"$T/f3"
	echo four >"$T/f4"
	pm_case 0 '^0 1 2 3 4$' --preserve-fds 2 "$_img" /init fds -- cat /proc/self/fd/3 \
		-- cat /proc/self/fd/4 3<"$T/f3" 4<"$T/f4" 5<"$T/f4"
	expect_file_eq "$T/pm.out" "0 1 2 3 4
three
four"
	pm_case 0 '^0 1 2$' "$_img" /init fds 3<"$T/f3"
	podman_done
}

# The runtime registered by name in containers.conf's [engine.runtimes]
# and named in runtime_supports_json: podman --runtime runlet runs it
# with --log-format=json --log FILE, and shows the runtime's own error
# message read from that file.
test_podman_runtime_by_name() {
	podman_image
	# shellcheck disable=SC2034 # read by podman_rt
	PODMAN_RUNTIME=runlet
	podman_rt info -f '{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}' >"$T/info" 2>"$T/err"
	podman_rt run --rm --network none localhost/rltest:1 /init hello >"$T/out" 2>>"$T/err"
	RC=$?
	podman_rt run --rm --network none localhost/rltest:1 /nonexistent >"$T/nx.out" 2>"$T/nx.err"
	_nx=$?
	podman_done
	expect_file_eq "$T/info" "runlet $T/runlet-argv"
	expect_rc 0
	expect_file_eq "$T/out" "hello world"
	expect_grep '^--log-format=json --log [^ ]+ create --bundle ' "$T/argv.log"
	expect_grep '^start [0-9a-f]{64}$' "$T/argv.log"
	expect_grep '^delete --force [0-9a-f]{64}$' "$T/argv.log"
	expect_eq "podman run /nonexistent" 127 "$_nx"
	# the runtime's message (from its json log) names the missing file
	expect_grep '"/nonexistent": .*[Nn]o such file or directory' "$T/nx.err"
}

# podman checkpoint: podman first asks the runtime `checkpoint --help`;
# runlet has no checkpoint, fails it, and podman refuses cleanly, leaving
# the container running. runc 1.1.5 has checkpoint (through criu, which
# is installed here): podman goes on to `runc checkpoint`, whose criu dump
# fails on this VM, and would stop the container where criu works.
test_podman_checkpoint_refused() {
	runlet_only "implements checkpoint with criu: podman checkpoints (or, on this VM, criu fails)"
	rt_cap checkpoint --help
	expect_fail
	podman_image
	podman_rt run -d --network none --name "rlt-cp$$" localhost/rltest:1 /init sleep 60 >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman run -d: $(cat "$T/err")"; }
	podman_rt container checkpoint "rlt-cp$$" >"$T/cp.out" 2>"$T/cp.err"
	_cp=$?
	_running=$(podman_rt inspect -f '{{.State.Running}}' "rlt-cp$$" 2>>"$T/err")
	podman_rt exec "rlt-cp$$" /init hello >"$T/out" 2>>"$T/err"
	podman_done
	expect_eq "podman container checkpoint" 125 "$_cp"
	expect_grep 'does not support checkpoint' "$T/cp.err"
	expect_no_grep 'checkpoint --image-path' "$T/argv.log"
	expect_eq "still running after checkpoint" true "$_running"
	expect_file_eq "$T/out" "hello world"
}

# ------------------------------------------------------------ containerd

# in_pty CMD...: CMD with a pseudo-terminal as its stdio (ctr -t needs its
# own stdin to be a terminal), through test/ptyrun; CMD's status. (Not
# script(1): it sends an EOF when its own input ends, and a ctr -t that
# got it before the container was up hung on CI.)
in_pty() {
	"$TESTDIR/ptyrun" "$@" </dev/null
}

need_ptyrun() {
	[ -x "$TESTDIR/ptyrun" ] || skip "test/ptyrun is not built (make test/ptyrun)"
}

# pty_lines FILE: what in_pty wrote, without the CRs of the terminal.
pty_lines() {
	tr -d '\r' <"$1"
}

# ctr run -t: the container's stdio is a terminal (the shim makes it with
# the runtime's --console-socket); the container's exit status is ctr's;
# --seccomp: ctr's default profile refuses keyctl, which runs without it.
test_containerd_tty_exit_seccomp() {
	need_ptyrun
	ctd_start
	in_pty timeout 20 ctr --address "$T/ctd/sock" run --rm -t --runc-binary "$RUNTIME" \
		--runc-root "$T/ctd/runc" localhost/rltest:1 "rlt-t$$" /init readlink /proc/self/fd/0 \
		-- readlink /proc/self/fd/1 >"$T/tty.out" 2>"$T/err"
	_tty=$?
	ctr_run --rm localhost/rltest:1 "rlt-x$$" /init exit 3 >/dev/null 2>>"$T/err"
	_exit=$?
	ctr_run --rm --seccomp localhost/rltest:1 "rlt-s$$" /init keyctl -- status >"$T/sec.out" 2>>"$T/err"
	_sec=$?
	ctr_run --rm localhost/rltest:1 "rlt-n$$" /init keyctl >"$T/nosec.out" 2>>"$T/err"
	_nosec=$?
	ctd_stop
	[ "$_tty" = 0 ] || fail "ctr run -t: exit status $_tty; stderr: $(cat "$T/err"); output: $(cat -v "$T/tty.out")"
	[ "$(pty_lines "$T/tty.out" | grep -c '^/dev/pts/[0-9]*$')" = 2 ] ||
		fail "ctr run -t: stdin and stdout not a pty: $(cat -v "$T/tty.out")"
	expect_eq "ctr run of 'exit 3'" 3 "$_exit"
	expect_eq "ctr run --seccomp, keyctl" 1 "$_sec"
	expect_grep '^error: Operation not permitted$' "$T/sec.out"
	expect_grep '^Seccomp:.2$' "$T/sec.out"
	expect_eq "ctr run, keyctl" 0 "$_nosec"
	expect_file_eq "$T/nosec.out" ok
}

# A task and what ctr does to it: exec --user and -t, ps (the shim's
# `ps --format json`), the --memory-limit in the container's cgroup,
# kill -a (every process, not only the init: a SIGTERM that the init,
# pid 1 of its namespace without a handler, ignores, ends the exec'd
# process), delete -f of a running task.
test_containerd_exec_ps_limit_kill_delete() {
	need_ptyrun
	ctd_start
	_c=rlt-c$$
	ctr_run -d --memory-limit 67108864 localhost/rltest:1 "$_c" /init sleep 60 >/dev/null 2>"$T/err" ||
		{ ctd_stop; fail "ctr run -d: $(cat "$T/err")"; }
	_pid=$(ctr_ task ls 2>>"$T/err" | awk -v c="$_c" '$1 == c { print $2 }')
	ctr_ task exec --exec-id u1 --user 1000:1000 "$_c" /init id >"$T/user.out" 2>>"$T/err"
	_user=$?
	in_pty timeout 20 ctr --address "$T/ctd/sock" task exec -t --exec-id t1 "$_c" \
		/init readlink /proc/self/fd/0 >"$T/tty.out" 2>>"$T/err"
	_tty=$?
	ctr_ task exec -d --exec-id bg "$_c" /init sleep 60 2>>"$T/err"
	ctr_ task ps "$_c" >"$T/ps" 2>>"$T/err"
	_mem=$(memory_limit_of "$_pid")
	ctr_ task kill -a -s TERM "$_c" 2>>"$T/err"
	_kill=$?
	wait_for "the exec'd process to end" ctr_ps_count "$_c" 1
	ctr_ task ps "$_c" >"$T/ps2" 2>>"$T/err"
	ctr_ task delete -f "$_c" 2>>"$T/err"
	_del=$?
	ctr_ task ls >"$T/ls" 2>>"$T/err"
	_alive=0
	proc_alive "$_pid" && _alive=1
	ctd_stop
	[ -n "$_pid" ] || fail "no pid in ctr task ls"
	expect_eq "ctr task exec --user" 0 "$_user"
	expect_grep '^uid=1000 gid=1000' "$T/user.out"
	[ "$_tty" = 0 ] || fail "ctr task exec -t: exit status $_tty; stderr: $(cat "$T/err"); output: $(cat -v "$T/tty.out")"
	pty_lines "$T/tty.out" | grep -q '^/dev/pts/[0-9]*$' ||
		fail "ctr task exec -t: not a pty: $(cat -v "$T/tty.out")"
	expect_grep "^$_pid " "$T/ps"
	expect_grep "ExecID:bg" "$T/ps"
	expect_eq "memory limit" 67108864 "$_mem"
	expect_eq "ctr task kill -a" 0 "$_kill"
	expect_grep "^$_pid " "$T/ps2"
	expect_eq "ctr task delete -f" 0 "$_del"
	expect_no_grep "^$_c " "$T/ls"
	expect_eq "the task's init alive after delete -f" 0 "$_alive"
}

ctr_ps_count() { # TASK N: ctr task ps lists N processes
	[ "$(ctr_ task ps "$1" 2>/dev/null | grep -c '^[0-9]')" = "$2" ]
}

# memory_limit_of PID: the memory limit of PID's cgroup (v1 or v2)
memory_limit_of() {
	_l=$(grep -E '^[0-9]+:memory:' "/proc/$1/cgroup" 2>/dev/null)
	if [ -n "$_l" ]; then
		cat "/sys/fs/cgroup/memory${_l#*:memory:}/memory.limit_in_bytes"
	else
		_l=$(grep '^0::' "/proc/$1/cgroup")
		cat "/sys/fs/cgroup${_l#0::}/memory.max"
	fi
}
