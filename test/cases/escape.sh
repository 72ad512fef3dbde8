# Known container escapes: a test (or a few) per class, each with a
# paragraph on the CVE and runlet's defence. Each builds a hostile bundle,
# or plays the attacker from a createContainer hook (which runs in the
# container's mount namespace after the mounts and before pivot_root:
# where a second container sharing a volume with this one could race
# runlet), runs the runtime, and checks that nothing outside the rootfs
# changed and/or that the error is clear.
#
# The reference, Debian 12's runc 1.1.5+ds1-1+deb12u1, has the fix of
# CVE-2024-21626 backported, but predates those of CVE-2025-31133, -52565
# and -52881 (runc 1.2.8 / 1.3.3). Where runc fails a check, the rest of
# the test is runlet_only, saying what runc does there.

# attack_hook SHELL: a createContainer hook running SHELL with $R the
# rootfs (as the host sees it: the hook runs before pivot_root).
attack_hook() {
	cat >"$T/attack.sh" <<EOF
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
R='$BUNDLE/rootfs'
$1
EOF
	chmod +x "$T/attack.sh"
	sed -i "1s|^{\$|{ \"hooks\": { \"createContainer\": [ { \"path\": \"$T/attack.sh\" } ] },|" \
		"$BUNDLE/config.json" || fail "could not add the hook"
}

# ---------------------------------------------------------------------
# CVE-2019-5736: the runtime's binary overwritten from the container. A
# runtime process that joins the container (the init until its exec, or
# `exec`'s process) runs the host's runtime binary; a container process
# that can open /proc/<that pid>/exe keeps a handle to it, and once the
# runtime is idle (the kernel refuses writes to a running binary: ETXTBSY)
# reopens it for writing through /proc/self/fd and replaces the host's
# runtime. runlet's defence: every runlet process in the container's
# namespaces is non-dumpable (PR_SET_DUMPABLE 0) from before it enters
# the pid namespace until the exec of the container's program (which
# makes it dumpable again), so /proc/<pid>/exe is refused to the
# container's processes (without CAP_SYS_PTRACE over the host's user
# namespace); runlet itself is a static binary, opened by nothing.
#
# That exec is the second way in: a container whose program is
# /proc/self/exe (args[0], or a script's #!/proc/self/exe) has the init's
# final execve, or exec's, run the runtime's own binary, now dumpable; a
# second process of the container holds its /proc/<pid>/exe and writes
# through it once it has exited. So, as runc and crun do, `create`, `run`
# and `exec` first re-execute runlet from a sealed memfd copy of itself
# (exe.c): every /proc/<pid>/exe the container can reach is that copy,
# which no one can write (F_SEAL_WRITE, F_SEAL_SHRINK, F_SEAL_GROW) and
# which is not the host's file. Not when the binary is on a filesystem no
# one can write (squashfs, erofs...), nor on a kernel without memfds
# (before 3.17: a warning). runc 1.1.5 guards its init too, by another
# way: it runs its binary through a read-only bind mount that it has
# detached (memfd copies only where that fails); the tests below check
# the memfd only for runlet.

# probe_init_exe [FLAGS]: create, then a process exec'd into the created
# container tries the init's exe (pid 1 there, still runlet: its sealed
# copy).
probe_init_exe() {
	create
	expect_rc 0
	_pid=$(pid_of)
	case $(readlink "/proc/$_pid/exe") in
	*/init | "") fail "the waiting init is not the runtime's binary: $(readlink "/proc/$_pid/exe")" ;;
	esac
	rt_cap exec "$ID" /init open /proc/1/exe p -- open /proc/1/exe r -- readlink /proc/1/exe
	expect_file_eq "$T/out" "error: Permission denied
error: Permission denied
error: Permission denied"
	# the kernel's own defence, for the host's root: a running binary
	# cannot be opened for writing
	"$INIT" open "/proc/$_pid/exe" w >"$T/w"
	expect_file_eq "$T/w" "error: Text file busy"
	rt_cap delete --force "$ID"
	expect_rc 0
}

test_cve_2019_5736_created_init_exe() {
	runlet_only "runc's waiting init is dumpable, and runs runc's binary through a read-only bind mount it has detached (its defence): the container can open it, not write the host's binary through it"
	mkctr /init hello
	probe_init_exe
}

test_cve_2019_5736_created_init_exe_userns() {
	need_userns
	# in a user namespace runlet's init is root there: it made itself
	# dumpable to write its own /proc files, and must undo it
	CFG_NS="pid network ipc uts mount user" CFG_LINUX=$USERNS_MAPS mkctr /init hello
	chown -R 100000:200000 "$BUNDLE/rootfs"
	probe_init_exe
}

# `exec`'s process, caught before its exec: the container is paused, so
# the process stays frozen in runlet's binary; a second container that
# joined the first one's pid namespace (and is not frozen) probes it. In a
# user namespace, where the process made itself dumpable to become root
# there, and where the prober is as root as it (the same host uid, every
# capability in that namespace): only non-dumpability stops it.
test_cve_2019_5736_exec_process_exe() {
	runlet_only "runc exec into a paused container waits for it to run (this test would hang)"
	need_userns
	CFG_NS="pid network ipc uts mount user" CFG_LINUX=$USERNS_MAPS mkctr /init sleep 30
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_detach
	expect_rc 0
	_a=$ID
	_apid=$(pid_of)
	rt_cap pause "$_a"
	expect_rc 0
	rt_cap exec --detach --ignore-paused --pid-file "$T/exec.pid" "$_a" /init hello
	expect_rc 0
	_x=$(cat "$T/exec.pid")
	case $(readlink "/proc/$_x/exe") in
	*/init | "") fail "the paused exec is not in the runtime's binary: $(readlink "/proc/$_x/exe")" ;;
	esac
	_nspid=$(sed -n 's/^NSpid:.*[[:space:]]\([0-9]*\)$/\1/p' "/proc/$_x/status")
	[ -n "$_nspid" ] || fail "no NSpid for the exec's process"
	# the prober: A's user and pid namespaces, no capabilities list (so
	# all of them, in that user namespace)
	CFG_NS="user=/proc/$_apid/ns/user pid=/proc/$_apid/ns/pid network ipc uts mount" \
		mkctr /init id -- open "/proc/$_nspid/exe" p -- open "/proc/$_nspid/exe" r
	sed -i '/"capabilities": {/,/^		},$/d' "$BUNDLE/config.json"
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_fg
	expect_rc 1
	expect_file_eq "$OUT" "uid=0 gid=0 groups=
error: Permission denied
error: Permission denied"
	rt_cap resume "$_a"
	rt_cap delete --force "$_a"
	expect_rc 0
}

# own_runtime [OLDKERNEL_FLAGS...]: the runtime under test copied into $T
# (RT_BIN), so that an attack that works writes into the copy, never into
# the suite's runtime; its checksum in RT_SUM. Under OLDKERNEL=1, RUNTIME
# is run.sh's wrapper: the binary is copied, and a wrapper made for the
# copy; so too with flags for test/oldkernel (-m: no memfd_create).
own_runtime() {
	mkdir -p "$T/bin"
	SUITE_RUNTIME=$RUNTIME
	RT_BIN=$T/bin/$RUNTIME_NAME
	cp "${OLDKERNEL_RUNTIME:-$RUNTIME}" "$RT_BIN" || fail "copy the runtime into $T"
	RUNTIME=$RT_BIN
	if [ -n "${OLDKERNEL_RUNTIME:-}" ] || [ $# -gt 0 ]; then
		[ -x "$TESTDIR/oldkernel" ] || skip "test/oldkernel is not built (make test/oldkernel)"
		RUNTIME=$T/$RUNTIME_NAME
		printf "#!/bin/sh\nexec '%s' %s '%s' \"\$@\"\n" "$TESTDIR/oldkernel" "$*" "$RT_BIN" >"$RUNTIME"
		chmod 755 "$RUNTIME"
	fi
	RT_SUM=$(sha256sum <"$RT_BIN")
}

# rootfs_libs: a dynamically linked runtime (Debian's runc, an ASan
# build) runs in the container only with its loader and libraries there.
rootfs_libs() {
	ldd "$RT_BIN" 2>/dev/null | grep -o '/[^ ]*' | while read -r _l; do
		mkdir -p "$BUNDLE/rootfs${_l%/*}" && cp -L "$_l" "$BUNDLE/rootfs$_l" || fail "copy $_l into the rootfs"
	done
}

# exe_attack PID [EXE ERROR]: PID (a host pid) is the container's
# program, which is the runtime's binary through /proc/self/exe, stopped
# in the open of its --log, the fifo /fifo of the rootfs. A process exec'd
# into the container holds its /proc/<pid>/exe (O_PATH); the program is
# let go and exits; then the holder reopens the file for writing and
# writes into it. Neither must work, and the binary must be unchanged.
# For runlet, what the container reached starts with EXE (a sealed memfd
# copy of runlet), and the holder's write failed with ERROR (EPERM: the
# seals). EXE_DONE: a command run once the common checks passed.
exe_attack() {
	_a=$1
	wait_for "the runtime's binary as the container's program" grep -q fifo "/proc/$_a/cmdline"
	_nspid=$(sed -n 's/^NSpid:.*[[:space:]]\([0-9]*\)$/\1/p' "/proc/$_a/status")
	[ -n "$_nspid" ] || fail "no NSpid for $_a"
	_exe=$(readlink "/proc/$_a/exe")
	"$RUNTIME" --root "$ROOT" exec --detach "$ID" /init overwrite "/proc/$_nspid/exe" PWNED \
		>"$T/atk" 2>&1 </dev/null || fail "exec of the attacker failed: $(cat "$T/atk")"
	wait_out '^(held|error)' "$T/atk"
	# let the program go: it opens its log, fails or lists, and exits
	cat "$BUNDLE/rootfs/fifo" >/dev/null &
	echo "$! fifo reader" >>"$T/bg"
	wait_out '^(wrote|error)' "$T/atk"
	# by the suite's runtime: the copy may be broken now
	"$SUITE_RUNTIME" --root "$ROOT" delete --force "$ID" || fail "delete failed"
	expect_eq "the runtime's binary (its checksum)" "$RT_SUM" "$(sha256sum <"$RT_BIN")"
	expect_no_grep '^wrote' "$T/atk"
	expect_grep '^error: ' "$T/atk"
	eval "${EXE_DONE:-}"
	runlet_only "runc 1.1.5 runs its own binary through a read-only bind mount it detaches (cloned_binary.c, try_bindfd): /proc/<pid>/exe reads \"/\", and the reopen fails with EROFS"
	_want=${2:-/memfd:runlet}
	case $_exe in
	"$_want"*) ;;
	*) fail "the container's program runs $_exe, expected $_want..." ;;
	esac
	grep -qF "held $_want" "$T/atk" || fail "the holder held: $(cat "$T/atk")"
	expect_grep "^error: (write|reopen for writing): ${3:-Operation not permitted}\$" "$T/atk"
}

# exe_bundle: a bundle whose program is /proc/self/exe, the runtime
# itself, running `list` with its log on a fifo (it blocks there, alive,
# for exe_attack to hold its exe).
exe_bundle() {
	CFG_NS="network ipc uts mount" CFG_READONLY=false mkctr /proc/self/exe --log /fifo list
	mkfifo "$BUNDLE/rootfs/fifo"
	rootfs_libs
}

# The init's own exec: args[0] is /proc/self/exe. No pid namespace, so
# that the program is not pid 1 (whose end would kill the holder).
test_cve_2019_5736_init_execs_runtime() {
	own_runtime
	exe_bundle
	run_detach
	expect_rc 0
	exe_attack "$(pid_of)"
}

# `exec`'s process: args[0] is /proc/self/exe.
test_cve_2019_5736_exec_execs_runtime() {
	own_runtime
	CFG_READONLY=false mkctr /init sleep 30
	mkfifo "$BUNDLE/rootfs/fifo"
	rootfs_libs
	run_detach
	expect_rc 0
	"$RUNTIME" --root "$ROOT" exec --detach --pid-file "$T/a.pid" "$ID" /proc/self/exe --log /fifo list \
		>"$T/a.out" 2>&1 </dev/null || fail "exec /proc/self/exe failed: $(cat "$T/a.out")"
	exe_attack "$(cat "$T/a.pid")"
}

# A script whose interpreter is #!/proc/self/exe: the kernel resolves it
# in the exec'ing process, so it is the runtime again.
test_cve_2019_5736_script_interpreter() {
	own_runtime
	CFG_NS="network ipc uts mount" CFG_READONLY=false mkctr /script list
	printf '#!/proc/self/exe --log=/fifo\n' >"$BUNDLE/rootfs/script"
	chmod 755 "$BUNDLE/rootfs/script"
	mkfifo "$BUNDLE/rootfs/fifo"
	rootfs_libs
	run_detach
	expect_rc 0
	exe_attack "$(pid_of)"
}

# Where execveat is missing (Linux < 3.19), the copy is run through
# /proc/self/fd/N: the same sealed memfd.
test_cve_2019_5736_no_execveat() {
	own_runtime -x
	exe_bundle
	run_detach
	expect_rc 0
	exe_attack "$(pid_of)"
}

# Without memfds (Linux < 3.17) runlet warns and goes on from its file.
test_cve_2019_5736_no_memfd_warns() {
	runlet_only "runc 1.1.5 uses a detached read-only bind mount first, memfds only where that fails"
	own_runtime -m
	mkctr /init hello
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "hello world"
	expect_grep 'warning.*no sealed copy of runlet \(memfd_create: not in this kernel, Linux 3\.17\).*CVE-2019-5736' "$ERR"
}

# --debug says which: a copy made, then run.
test_cve_2019_5736_debug_says() {
	runlet_only "runlet's own debug messages"
	"$RUNTIME" --version | grep -q '+DEBUG' || skip "built without CFG_DEBUG"
	mkctr /init hello
	rt --debug run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	expect_grep 'running again from a sealed memfd copy of runlet, [0-9]+ bytes' "$ERR"
	expect_grep 'running from a sealed copy of runlet' "$ERR"
	[ "$(grep -c 'running again from a sealed memfd copy' "$ERR")" = 1 ] || fail "copied more than once:
$(cat "$ERR")"
}

# On a filesystem no one can write (a device's squashfs root), no copy:
# the container reaches the binary itself, and the write fails (EROFS).
test_cve_2019_5736_squashfs_no_copy() {
	need mksquashfs
	grep -qw squashfs /proc/filesystems || skip "no squashfs in this kernel"
	own_runtime
	mksquashfs "$T/bin" "$T/sq.img" -quiet -noappend >/dev/null 2>&1 || fail "mksquashfs failed"
	mkdir "$T/sq"
	mount -t squashfs -o loop,ro "$T/sq.img" "$T/sq" 2>"$T/mount.err" || skip "cannot mount a squashfs here: $(cat "$T/mount.err")"
	RT_BIN=$T/sq/$RUNTIME_NAME
	RUNTIME=$RT_BIN
	exe_bundle
	rt --debug run --detach --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	record_pid
	if [ "$RUNTIME_IS_RUNLET" = 1 ] && "$RUNTIME" --version | grep -q '+DEBUG'; then
		expect_grep "runlet's binary is on a read-only squashfs: no sealed copy needed" "$ERR"
	fi
	EXE_DONE='umount -l "$T/sq"' exe_attack "$(pid_of)" "$RT_BIN" "Read-only file system"
}

# ---------------------------------------------------------------------
# CVE-2021-30465: a mount destination swapped for a symlink while the
# runtime mounts (a container sharing a volume renames a directory and a
# symlink to the host back and forth), so that a check-then-mount by path
# mounts onto the host. runlet's defence: every destination is resolved
# component by component from an fd of the rootfs with O_NOFOLLOW,
# symlinks (absolute or climbing with ..) resolved as if the rootfs were
# "/", and the mount made onto the final fd through /proc/self/fd: no
# path is looked up twice. The static case: mounts.sh,
# test_mount_destination_symlink_stays_inside; here, the racing swap.
test_cve_2021_30465_racing_symlink_swap() {
	mkdir -p "$T/host-target"
	echo host >"$T/host-target/keep"
	CFG_READONLY=false CFG_MOUNTS='{ "destination": "/race/m", "type": "tmpfs", "source": "tmpfs" }' \
		mkctr /init hello
	mkdir "$BUNDLE/rootfs/race"
	ln -s "$T/host-target" "$BUNDLE/rootfs/racelink"
	"$INIT" exchange "$BUNDLE/rootfs/race" "$BUNDLE/rootfs/racelink" 100000000 >/dev/null &
	_racer=$!
	echo "$_racer racer" >>"$T/bg"
	_ok=0
	_i=0
	while [ $_i -lt 30 ]; do
		run_fg
		[ "$RC" = 0 ] && _ok=$((_ok + 1))
		grep -qF " $T/host-target" /proc/self/mountinfo &&
			fail "run $_i: a mount landed on the host: $(grep -F " $T/host-target" /proc/self/mountinfo)"
		_i=$((_i + 1))
	done
	proc_alive "$_racer" || fail "the racer stopped early: the swaps did not go on during the runs"
	kill "$_racer"
	wait "$_racer" 2>/dev/null
	[ $_ok -gt 0 ] || fail "no run succeeded under the race: $(cat "$T/err")"
	runlet_only "runc 1.1.5 now and then makes the mount point m in the host's directory through the swapped link (it resolves the path, then makes it by path again); it mounts nothing there"
	expect_eq "the host directory" "keep" "$(ls "$T/host-target")"
}

# ---------------------------------------------------------------------
# CVE-2024-21626: a host directory fd leaked into the container's init
# (runc's was its own fd of /sys/fs/cgroup), reached through
# /proc/self/fd/N as process.cwd (the process starts in the host's tree)
# or in args[0] (a host binary runs, whose /proc/<pid>/exe then leads to
# the host). runlet's defence: its first child closes every fd the caller
# left open past stdio and --preserve-fds (close-on-exec would be too
# late: the exec resolves its path first), and after the chdir the init
# checks that the cwd is inside its root (getcwd fails otherwise), which
# also catches a preserved fd. process.sh, test_host_dirfd_not_leaked,
# checks that a leaked fd does not reach the container's process.
test_cve_2024_21626_cwd_through_leaked_fd() {
	CFG_CWD=/proc/self/fd/7 mkctr /init cwd -- ls .
	rt run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 7<"$T"
	RC=$?
	expect_rc 1
	expect_no_grep "^b1$" "$OUT"
	runlet_only "runc: \"mkdir /proc/self/fd/7: not a directory\""
	expect_grep 'process\.cwd: (chdir )?/proc/self/fd/7' "$ERR"
}

test_cve_2024_21626_cwd_through_preserved_fd() {
	CFG_CWD=/proc/self/fd/3 mkctr /init cwd -- ls .
	rt run --preserve-fds 1 --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 3<"$T"
	RC=$?
	expect_rc 1
	expect_no_grep "^b1$" "$OUT"
	runlet_only "runc: \"current working directory is outside of container mount namespace root\""
	expect_grep 'process\.cwd: /proc/self/fd/3 leads out of the container' "$ERR"
}

test_cve_2024_21626_args_through_leaked_fd() {
	mkdir -p "$T/hostbin"
	cp "$INIT" "$T/hostbin/hostinit"
	mkctr /proc/self/fd/7/hostinit hello
	rt run --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null 7<"$T/hostbin"
	RC=$?
	expect_fail
	expect_grep '/proc/self/fd/7/hostinit' "$ERR"
	expect_no_grep 'hello world' "$OUT"
}

# ---------------------------------------------------------------------
# CVE-2022-29162: runc set the inheritable capabilities (to the bounding
# set) by default, so that a program with inheritable file capabilities
# gained them at exec, even for a non-root user. runlet's defence: it sets
# only the sets the config lists, and its template (runlet spec) lists no
# inheritable set; a non-root user ends with no capability unless the
# config gives it (ambient needs inheritable). process.sh,
# test_capabilities_non_root, checks the sets of a non-root user.
test_cve_2022_29162_template_no_inheritable() {
	mkdir -p "$T/spec"
	rt_cap spec --bundle "$T/spec"
	expect_rc 0
	tr -d ' \t\n' <"$T/spec/config.json" >"$T/flat"
	grep -q '"capabilities":{' "$T/flat" || fail "no capabilities in the template: $(head -c 300 "$T/flat")"
	grep -q '"inheritable":\[[^]]' "$T/flat" && fail "the template has inheritable capabilities: $(grep -o '"inheritable":\[[^]]*\]' "$T/flat")"
	return 0
}

# A program with inheritable+effective file capabilities (CAP_KILL,
# CAP_NET_BIND_SERVICE), run by uid 1000 with noNewPrivileges false: it
# gains them only if the process's inheritable set has them.
test_cve_2022_29162_file_caps_not_gained() {
	need setcap
	CFG_UID=1000 CFG_GID=1000 CFG_NNP=false mkctr /capinit caps
	cp "$INIT" "$BUNDLE/rootfs/capinit"
	setcap 'cap_kill,cap_net_bind_service+ei' "$BUNDLE/rootfs/capinit" 2>"$T/setcap.err" ||
		skip "setcap failed here (no xattrs on $T?): $(cat "$T/setcap.err")"
	run_fg
	expect_rc 0
	expect_grep '^CapInh:[[:space:]]+0000000000000000$' "$OUT"
	expect_grep '^CapPrm:[[:space:]]+0000000000000000$' "$OUT"
	expect_grep '^CapEff:[[:space:]]+0000000000000000$' "$OUT"
	# the control: asked for in the config, they are gained (so the file
	# capabilities do work here, and the check above can fail)
	CFG_UID=1000 CFG_GID=1000 CFG_NNP=false CFG_INHERITABLE=1 mkctr /capinit caps
	cp -p "$T/b1/rootfs/capinit" "$BUNDLE/rootfs/capinit"
	setcap 'cap_kill,cap_net_bind_service+ei' "$BUNDLE/rootfs/capinit"
	run_fg
	expect_rc 0
	expect_grep '^CapEff:[[:space:]]+0000000000000420$' "$OUT"
}

# A setuid-root program under the template's noNewPrivileges: no gain.
test_cve_2022_29162_setuid_no_gain() {
	CFG_UID=1000 CFG_GID=1000 mkctr /suidinit id -- caps
	cp "$INIT" "$BUNDLE/rootfs/suidinit"
	chmod 4755 "$BUNDLE/rootfs/suidinit"
	run_fg
	expect_rc 0
	expect_grep '^uid=1000 ' "$OUT"
	expect_grep '^CapEff:[[:space:]]+0000000000000000$' "$OUT"
}

# ---------------------------------------------------------------------
# CVE-2019-19921 and CVE-2023-27561: procfs redirected. An image whose
# /proc is a symlink (into a volume another container shares), or a
# volume mounted over /proc, so that what the runtime later writes or
# masks under /proc (runc: LSM labels in /proc/self/attr) lands in files
# the attacker controls. runlet's defence: proc and sysfs are mounted only
# onto a real directory reached with no symlink (refused otherwise, with
# the destination named); and every /proc file runlet writes in the
# container (linux.sysctl, the LSM attributes of process.c's write_attr)
# must be procfs's own file on the /proc mount itself (fstatfs
# PROC_SUPER_MAGIC and the same mount id as /proc: util.c's
# proc_own_file), or the write is refused. runc 1.1.5 refuses the symlink
# too ("must be mounted on ordinary directory"), and any mount over /proc
# but a proc.
test_cve_2019_19921_proc_symlink_refused() {
	CFG_READONLY=false mkctr /init hello
	mkdir -p "$BUNDLE/rootfs/vol"
	ln -s vol "$BUNDLE/rootfs/proc"
	run_fg
	expect_fail
	expect_eq "what is in the volume" "" "$(ls -A "$BUNDLE/rootfs/vol")"
	runlet_only "runc: \"must be mounted on ordinary directory\""
	expect_grep 'mounts\[0\]\.destination: /proc must be a directory, reached with no symlink, for proc' "$ERR"
}

test_cve_2019_19921_sysctl_into_volume_over_proc() {
	mkdir -p "$T/vol/sys/net/ipv4"
	echo 0 >"$T/vol/sys/net/ipv4/ip_forward"
	CFG_MOUNTS="{ \"destination\": \"/proc\", \"type\": \"bind\", \"source\": \"$T/vol\", \"options\": [\"rbind\"] }" \
		CFG_LINUX='"sysctl": { "net.ipv4.ip_forward": "1" }' mkctr /init hello
	run_fg
	expect_rc 1
	expect_file_eq "$T/vol/sys/net/ipv4/ip_forward" "0"
	runlet_only "runc refuses any mount but proc on /proc: \"cannot be mounted because it is not of type proc\""
	expect_grep 'linux\.sysctl: net\.ipv4\.ip_forward: /proc/sys/net/ipv4/ip_forward is not the /proc mount.s own file' "$ERR"
}

# ---------------------------------------------------------------------
# CVE-2025-52881: a /proc file the runtime writes (/proc/sys/..., runc's
# /proc/self/attr/...) redirected by a bind mount of another procfs file
# over it (say /proc/sys/kernel/core_pattern, not namespaced: the host's),
# made by a racing container through a shared mount. runlet's defence: as
# above, the file must be on the /proc mount itself, not a mount of its
# own; so the write is refused. Here the bound file is the container's
# own domainname (harmless: in its own UTS namespace), which an unchecked
# write would set to "1".
test_cve_2025_52881_sysctl_redirected_by_bind() {
	runlet_only "runc 1.1.5 predates the fix (1.2.8/1.3.3): it writes through the bind mount"
	CFG_LINUX='"sysctl": { "net.ipv4.ip_forward": "1" }' mkctr /init domainname
	attack_hook 'mount --bind "$R/proc/sys/kernel/domainname" "$R/proc/sys/net/ipv4/ip_forward"'
	run_fg
	expect_rc 1
	expect_grep 'linux\.sysctl: net\.ipv4\.ip_forward: /proc/sys/net/ipv4/ip_forward is not the /proc mount.s own file' "$ERR"
	expect_no_grep '^1$' "$OUT"
	# without the attack, the same sysctl is written
	CFG_LINUX='"sysctl": { "net.ipv4.ip_forward": "1" }' mkctr /init cat /proc/sys/net/ipv4/ip_forward
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "1"
}

# The same for the LSM attributes runlet writes before the exec
# (process.apparmorProfile into /proc/thread-self/attr/apparmor/exec, or
# attr/exec before Linux 5.8; process.selinuxLabel into attr/exec and
# attr/keycreate). No LSM here: the container is made to believe AppArmor
# is on (runlet reads the container's /sys/module/apparmor there, after
# pivot_root), with a kernel that has no attr/apparmor, so the write goes
# to attr/exec, over which the hook binds the container's domainname.
test_cve_2025_52881_lsm_attr_redirected_by_bind() {
	runlet_only "runc 1.1.5 predates the fix (1.2.8/1.3.3), and ignores the profile where AppArmor is off"
	[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && skip "AppArmor is on here (the test fakes it)"
	[ -e /proc/self/attr/exec ] || skip "no /proc/self/attr/exec in this kernel"
	[ -e /proc/self/attr/apparmor ] && skip "this kernel has /proc/self/attr/apparmor (the test needs the write to go to attr/exec)"
	mkdir -p "$T/module/apparmor/parameters"
	echo Y >"$T/module/apparmor/parameters/enabled"
	_sysmod="{ \"destination\": \"/sys/module\", \"type\": \"bind\", \"source\": \"$T/module\", \"options\": [\"rbind\", \"ro\"] }"
	CFG_PROCESS='"apparmorProfile": "runlet-test"' CFG_MOUNTS=$_sysmod mkctr /init domainname
	attack_hook 'mount --bind "$R/proc/sys/kernel/domainname" "$R/proc/1/task/1/attr/exec"'
	run_fg
	expect_rc 1
	expect_grep 'process\.apparmorProfile: /proc/thread-self/attr/exec is not the /proc mount.s own file' "$ERR"
	expect_no_grep 'runlet-test' "$OUT"
	# without the attack, the write reaches the kernel's own file, which
	# refuses it (no LSM takes it)
	CFG_PROCESS='"apparmorProfile": "runlet-test"' CFG_MOUNTS=$_sysmod mkctr /init domainname
	run_fg
	expect_rc 1
	expect_grep 'process\.apparmorProfile: "runlet-test": Invalid argument' "$ERR"
}

# ---------------------------------------------------------------------
# CVE-2025-31133: maskedPaths bind /dev/null over each masked file; a
# /dev/null swapped for a symlink (to /proc/sys/kernel/core_pattern, say)
# or another file makes the runtime bind that instead, writable, over a
# masked path. runlet's defence: it opens /dev/null once (O_PATH,
# O_NOFOLLOW), checks it is the character device 1:3, and binds that very
# fd (/proc/self/fd/N); anything else stops the container, named. Here
# the attacker's /dev/null leads to a file with "not-null" in it: an
# unchecked mask would show it at /proc/kcore.
test_cve_2025_31133_dev_null_symlink() {
	CFG_READONLY=false mkctr /init cat /proc/kcore
	echo not-null >"$BUNDLE/rootfs/secret"
	attack_hook 'rm -f "$R/dev/null" && ln -s /secret "$R/dev/null"'
	run_fg
	expect_rc 1
	expect_no_grep 'not-null' "$OUT"
	runlet_only "runc 1.1.5 (before the fix, 1.2.8/1.3.3) fails here without a message"
	expect_grep 'linux\.maskedPaths\[[0-9]+\]: /dev/null is not the null device 1:3' "$ERR"
	expect_no_grep 'not-null' "$OUT"
}

test_cve_2025_31133_dev_null_regular_file() {
	CFG_READONLY=false mkctr /init cat /proc/kcore
	attack_hook 'rm -f "$R/dev/null" && echo not-null >"$R/dev/null"'
	run_fg
	expect_rc 1
	expect_no_grep 'not-null' "$OUT"
	runlet_only "runc 1.1.5 (before the fix, 1.2.8/1.3.3) fails here without a message"
	expect_grep '/dev/null is not the null device 1:3' "$ERR"
}

# ---------------------------------------------------------------------
# CVE-2025-52565: with a terminal, the runtime binds the pty over
# /dev/console; a /dev/console swapped for a symlink makes it bind the
# pty elsewhere (over a procfs file, before masking). runlet's defence:
# the target is made as a plain file if missing, opened with O_PATH and
# O_NOFOLLOW and checked (a regular file or a character device), and the
# bind goes from the pty's fd onto that fd; a symlink stops the container.
RECVTTY=${RECVTTY:-$TESTDIR/recvtty}

start_recvtty() { # SOCKET OUTFILE
	[ -x "$RECVTTY" ] || skip "test/recvtty is not built (make test/recvtty)"
	"$RECVTTY" "$1" "$2" &
	echo "$! recvtty" >>"$T/bg"
	# recvtty renames its socket into place once it listens
	wait_for "recvtty listening on $1" test -S "$1"
}

test_cve_2025_52565_console_is_the_pty() {
	CFG_TERMINAL=true mkctr /init mounts
	start_recvtty "$T/tty.sock" "$T/tty.out"
	run_detach --console-socket "$T/tty.sock"
	expect_rc 0
	wait_status stopped
	wait_for "the mount table on the terminal" grep -q 'devpts' "$T/tty.out"
	tr -d '\r' <"$T/tty.out" | grep -q ' /dev/console .* devpts ' ||
		fail "/dev/console is not the pty: $(tr -d '\r' <"$T/tty.out" | grep console)"
	rt delete "$ID" || fail "delete failed"
}

test_cve_2025_52565_console_symlink() {
	runlet_only "runc 1.1.5 (before the fix, 1.2.8/1.3.3) binds the pty over /victim"
	CFG_TERMINAL=true CFG_READONLY=false mkctr /init mounts
	echo victim >"$BUNDLE/rootfs/victim"
	attack_hook 'rm -f "$R/dev/console" && ln -s /victim "$R/dev/console"'
	start_recvtty "$T/tty.sock" "$T/tty.out"
	run_detach --console-socket "$T/tty.sock"
	expect_rc 1
	expect_grep 'process\.terminal: /dev/console is not a file \(a symlink\?\)' "$T/err"
	expect_file_eq "$BUNDLE/rootfs/victim" "victim"
	grep -q victim "$T/tty.out" 2>/dev/null && fail "the pty went over /victim: $(cat "$T/tty.out")"
	return 0
}

# ---------------------------------------------------------------------
# maskedPaths and readonlyPaths through a symlink the image planted: at
# each, one to "/", one climbing with "../../.." and one to a volume
# (/vol, the host's $T/marker, a shared tmpfs, with rootfsPropagation
# rshared: a mount on /vol in the container reaches the host). Mounted by
# name, as before, a mask followed the link: a read-only tmpfs over the
# container's / (or over the volume, and so over the host's directory),
# and a read-only path remounted what the link led to. runlet's defence:
# each path is opened inside the root with O_PATH and O_NOFOLLOW and
# the mount goes onto that fd. A masked symlink is masked itself (the
# null device over the link: it reads empty); a read-only symlink is
# skipped (a link cannot be written through; what it leads to is not
# what the config named). The host's directory keeps its one mount,
# writable, and its file; the host's / is not remounted.
test_masked_readonly_paths_symlinks() {
	need nsenter
	mkdir -p "$T/marker"
	mount -t tmpfs marker "$T/marker" || skip "cannot mount a tmpfs for the test"
	mount --make-shared "$T/marker" || fail "mount --make-shared $T/marker"
	echo keep >"$T/marker/keep"
	_root_before=$(awk '$5 == "/" { print $6 }' /proc/self/mountinfo)
	CFG_READONLY=false CFG_LINUX='"rootfsPropagation": "rshared"' \
	CFG_MOUNTS="{ \"destination\": \"/vol\", \"type\": \"bind\", \"source\": \"$T/marker\", \"options\": [\"rbind\"] }" \
		mkctr /init stat /m1 -- stat /m2 -- stat /m3 -- cat /m1 -- echo @ -- readlink /r1 -- readlink /r2 \
		-- readlink /r3 -- write /vol/w x -- ls /vol -- write /probe x
	for _l in m r; do
		ln -s / "$BUNDLE/rootfs/${_l}1"
		ln -s ../../.. "$BUNDLE/rootfs/${_l}2"
		ln -s /vol "$BUNDLE/rootfs/${_l}3"
	done
	sed -i 's|"maskedPaths": \[|"maskedPaths": [ "/m1", "/m2", "/m3",|;
		s|"readonlyPaths": \[|"readonlyPaths": [ "/r1", "/r2", "/r3",|' "$BUNDLE/config.json"
	run_fg
	_mounts=$(grep -cF " $T/marker " /proc/self/mountinfo)
	_opts=$(awk -v m="$T/marker" '$5 == m { print $6 }' /proc/self/mountinfo)
	_root_after=$(awk '$5 == "/" { print $6 }' /proc/self/mountinfo)
	_keep=$(cat "$T/marker/keep" 2>&1)
	umount "$T/marker/w" 2>/dev/null
	while grep -qF " $T/marker " /proc/self/mountinfo; do
		umount "$T/marker" || break
	done
	runlet_only "runc 1.1.5 mounts them by name, following the links: its masks of /m3 and /r3 land on the volume, and so on the host's $T/marker ($_mounts mounts there)"
	expect_eq "mounts on $T/marker" 1 "$_mounts"
	case ,$_opts, in *,rw,*) ;; *) fail "$T/marker is no longer read-write: $_opts" ;; esac
	expect_eq "the host's $T/marker/keep" keep "$_keep"
	expect_eq "the host's / options" "$_root_before" "$_root_after"
	expect_rc 0
	expect_file_eq "$OUT" "chr 0666 1:3
chr 0666 1:3
chr 0666 1:3
@
/
../../..
/vol
ok
keep
w
ok"
}
