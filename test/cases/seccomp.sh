# seccomp: linux.seccomp in real containers: a denied syscall returns the
# configured errno, an argument rule, an allowlist, KILL, the engines'
# profiles, noNewPrivileges false, and the refusals.

# sc_linux JSON: CFG_LINUX for a seccomp object.
sc_linux() {
	printf '"seccomp": %s' "$1"
}

# A denylist: mkdir gets ERRNO (EPERM when no errnoRet given).
test_errno_default_eperm() {
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO" } ] }') \
		CFG_READONLY=false inside_rc 1 mkdir /d -- status
	expect_grep '^error: Operation not permitted$' "$OUT"
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
}

test_errno_custom() {
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86" ],
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 5 } ] }') \
		CFG_READONLY=false inside_rc 1 mkdir /d
	expect_file_eq "$OUT" "error: I/O error"
}

# /init's mkdir passes mode 0755 (493): only that mode is refused.
test_arg_rule() {
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{ "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		  "args": [ { "index": 1, "value": 493, "op": "SCMP_CMP_EQ" } ] },
		{ "names": [ "mkdirat" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		  "args": [ { "index": 2, "value": 493, "op": "SCMP_CMP_EQ" } ] } ] }') \
		CFG_READONLY=false inside_rc 1 mkdir /d
	expect_file_eq "$OUT" "error: Permission denied"
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{ "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		  "args": [ { "index": 1, "value": 448, "op": "SCMP_CMP_EQ" } ] },
		{ "names": [ "mkdirat" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		  "args": [ { "index": 2, "value": 448, "op": "SCMP_CMP_EQ" } ] } ] }') \
		CFG_READONLY=false inside mkdir /d
	expect_file_eq "$OUT" "ok"
}

# defaultAction ERRNO with an allowlist: /init still runs (runlet loads the
# filter just before execve; the list also has what runc's Go runtime and
# its /proc/self/fd check need after loading), what is not listed fails.
test_allowlist() {
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "names": [
		"execve", "brk", "arch_prctl", "set_tid_address", "ioctl", "write", "writev", "read", "readv",
		"exit", "exit_group", "mmap", "munmap", "mprotect", "madvise", "rt_sigaction", "rt_sigprocmask",
		"rt_sigreturn", "sigaltstack", "futex", "nanosleep", "sched_yield", "getpid", "gettid", "tgkill",
		"close", "fcntl", "epoll_pwait", "epoll_ctl", "openat", "newfstatat", "fstat", "getdents64",
		"lseek", "clone", "prctl", "capget", "getppid", "mincore", "uname", "rseq", "set_robust_list",
		"statfs", "fstatfs", "faccessat", "faccessat2", "getcwd", "close_range", "dup3", "epoll_create1",
		"pipe2", "getrandom", "clock_gettime", "sched_getaffinity", "capset", "setgroups",
		"set_thread_area", "set_tls", "mmap2", "fstat64", "fstatat64", "statx", "_llseek", "fcntl64",
		"clock_gettime64", "ugetrlimit", "sigreturn", "riscv_flush_icache" ],
		"action": "SCMP_ACT_ALLOW" } ] }') \
		CFG_READONLY=false inside_rc 1 hello -- mkdir /d
	expect_file_eq "$OUT" "hello world
error: Operation not permitted"
}

# KILL ends the process with SIGSYS: 128 + 31.
test_kill() {
	new_ctr
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_KILL" } ] }') \
		mkbundle "$BUNDLE" /init hello -- mkdir /d -- echo not reached
	run_fg
	expect_rc 159
	expect_file_eq "$OUT" "hello world"
}

test_kill_process() {
	new_ctr
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_KILL_PROCESS" } ] }') \
		mkbundle "$BUNDLE" /init mkdir /d
	run_fg
	expect_rc 159
}

# TRAP: the process gets SIGSYS (si_code 1, SYS_SECCOMP) for the call
# instead of running it, and a handler lets it go on; without a handler
# it dies of SIGSYS (128 + 31), as with KILL.
test_trap() {
	_sc=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_TRAP" } ] }')
	CFG_READONLY=false CFG_LINUX=$_sc inside_rc 1 sigsys -- mkdir /d -- echo after -- open /d r
	expect_grep '^SIGSYS code=1 syscall=mkdir$' "$OUT"
	expect_grep '^after$' "$OUT"
	# not run: /d is not there
	expect_grep '^error: No such file or directory$' "$OUT"
	new_ctr
	CFG_READONLY=false CFG_LINUX=$_sc mkbundle "$BUNDLE" /init mkdir /d -- echo not reached
	run_fg
	expect_rc 159
	expect_no_grep 'not reached' "$OUT"
}

# kmsg_count ERE: the kernel log's lines matching ERE (0 when unreadable).
kmsg_count() {
	dmesg 2>/dev/null | grep -Ec -- "$1"
}

# kmsg_more N ERE: more than N lines match (for wait_for).
kmsg_more() {
	[ "$(kmsg_count "$2")" -gt "$1" ]
}

# The kernel logs seccomp's actions (type=1326 audit records; to the
# kernel log, where no auditd takes them) when actions_logged has them:
# the record checks need that and a readable log.
can_see_seccomp_log() {
	grep -qw "$1" /proc/sys/kernel/seccomp/actions_logged 2>/dev/null &&
		[ -z "$(pgrep -x auditd 2>/dev/null)" ] && dmesg >/dev/null 2>&1
}

# LOG: the call runs (mkdir succeeds), and the kernel logs it with
# code=0x7ffc0000 (SECCOMP_RET_LOG). Where the kernel log cannot be read
# (or auditd takes the records) only the first half is checked.
test_log_action() {
	_re='type=1326 .*comm="init".* code=0x7ffc0000'
	_logged=$(kmsg_count "$_re")
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_LOG" } ] }') \
		inside mkdir /d -- open /d r
	expect_file_eq "$OUT" "ok
ok"
	can_see_seccomp_log log || return 0
	wait_for "a type=1326 record with code=0x7ffc0000 in the kernel log" kmsg_more "$_logged" "$_re"
}

# SECCOMP_FILTER_FLAG_LOG: the ERRNO action, not logged by default, is
# logged with it (code=0x50000: the record has the action, not the
# errno). A run without the flag, then one with: one record more, not
# two (the records come in order). Where the log cannot be read, only
# that both load.
test_flag_log() {
	runlet_only "runc 1.1 refuses linux.seccomp.flags (not yet supported by runc)"
	_re='type=1326 .*comm="init".* code=0x50000'
	_logged=$(kmsg_count "$_re")
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 4 } ] }') \
		inside_rc 1 mkdir /d
	expect_file_eq "$OUT" "error: Interrupted system call"
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "flags": [ "SECCOMP_FILTER_FLAG_LOG" ],
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 5 } ] }') \
		inside_rc 1 mkdir /d
	expect_file_eq "$OUT" "error: I/O error"
	can_see_seccomp_log errno || return 0
	wait_for "a type=1326 record with code=0x50000 in the kernel log" kmsg_more "$_logged" "$_re"
	sleep 1
	expect_eq "new ERRNO records" $((_logged + 1)) "$(kmsg_count "$_re")"
}

# SECCOMP_FILTER_FLAG_SPEC_ALLOW: where the kernel's SSB mitigation is
# "prctl and seccomp", a filter forces it on unless the flag is given
# (Speculation_Store_Bypass in /proc/self/status). Elsewhere (no
# mitigation, or prctl only: the default since Linux 5.16) a filter
# changes nothing there: the flag must then be accepted and change nothing.
test_flag_spec_allow() {
	runlet_only "runc 1.1 refuses linux.seccomp.flags (not yet supported by runc)"
	_deny='"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO" } ]'
	CFG_READONLY=false CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\", $_deny }") \
		inside_rc 1 status -- mkdir /d
	_without=$(grep '^Speculation_Store_Bypass:' "$OUT")
	CFG_READONLY=false CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\",
		\"flags\": [ \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\" ], $_deny }") inside_rc 1 status -- mkdir /d
	_with=$(grep '^Speculation_Store_Bypass:' "$OUT")
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
	expect_grep '^error: Operation not permitted$' "$OUT"
	[ -n "$_with" ] || return 0 # a kernel without the line (not x86)
	case $(cat /sys/devices/system/cpu/vulnerabilities/spec_store_bypass 2>/dev/null) in
	*seccomp*)
		case $_without in *"force mitigated"*) ;; *) fail "without the flag: $_without" ;; esac
		case $_with in *"force mitigated"*) fail "with SPEC_ALLOW: $_with" ;; esac
		;;
	*) expect_eq "Speculation_Store_Bypass with and without SPEC_ALLOW" "$_without" "$_with" ;;
	esac
}

# SECCOMP_FILTER_FLAG_TSYNC: accepted (one thread: nothing to sync).
test_flag_tsync() {
	runlet_only "runc 1.1 refuses linux.seccomp.flags (not yet supported by runc)"
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "flags": [ "SECCOMP_FILTER_FLAG_TSYNC" ],
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO" } ] }') \
		inside_rc 1 status -- mkdir /d
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
	expect_grep '^error: Operation not permitted$' "$OUT"
}

# exec_filtered NNP: an exec'd process has the container's filter, one
# (its own, not the init's on top), with noNewPrivileges NNP; its cwd
# check and chdir ran before the load (getcwd and chdir refused).
exec_filtered() {
	new_ctr
	CFG_NNP=$1 CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat", "getcwd", "chdir", "fchdir", "close_range" ],
		  "action": "SCMP_ACT_ERRNO", "errnoRet": 13 } ] }') \
		mkbundle "$BUNDLE" /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	rt_cap exec "$ID" /init status -- mkdir /d -- cwd
	expect_rc 1
	expect_grep '^Seccomp:[[:space:]]+2$' "$T/out"
	# one filter: the container's (under OLDKERNEL=1 the harness's too)
	expect_grep "^Seccomp_filters:[[:space:]]+$((1 + ${OLDKERNEL:-0}))\$" "$T/out"
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "$T/out"
	expect_eq "errors" 2 "$(grep -c '^error: Permission denied$' "$T/out")"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_filtered() {
	exec_filtered true
	expect_grep '^NoNewPrivs:[[:space:]]+1$' "$T/out"
}

# exec_edited: a running container whose bundle's config.json, after
# create, has lost its seccomp profile and gained CAP_SYS_ADMIN; exec
# /init mkdir /d -- status in it (output in $T/out).
exec_edited() {
	new_ctr
	CFG_READONLY=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO" } ] }') \
		mkbundle "$BUNDLE" /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	CFG_READONLY=false mkbundle "$T/edited" /init sleep 30
	sed 's/"CAP_KILL",/"CAP_KILL", "CAP_SYS_ADMIN",/g' "$T/edited/config.json" >"$BUNDLE/config.json"
	grep -q seccomp "$BUNDLE/config.json" && fail "the edited config.json still has seccomp"
	rt_cap exec "$ID" /init mkdir /d -- status
	expect_rc 1
}

# exec's process gets the profile create read, not the bundle's edited
# since (runc keeps it in its state.json too).
test_exec_ignores_edited_seccomp() {
	exec_edited
	expect_grep '^error: Operation not permitted$' "$T/out"
	expect_grep '^Seccomp:[[:space:]]+2$' "$T/out"
	rt delete --force "$ID" || fail "delete failed"
}

# runlet takes all of exec's config from its saved copy: the process
# defaults (capabilities here) too.
test_exec_ignores_edited_process() {
	runlet_only "runc takes exec's process defaults (capabilities, env, user) from the bundle's config.json as it is now"
	exec_edited
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "$T/out"
	rt delete --force "$ID" || fail "delete failed"
}

test_exec_filtered_without_nnp() {
	runlet_only "runc loads the filter before its chdir to process.cwd"
	exec_filtered false
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$T/out"
}

# noNewPrivileges false and no CAP_SYS_ADMIN: the kernel takes the filter
# only while the process has it (runlet holds it until the load), and it
# is gone from the process's sets.
test_without_nnp() {
	CFG_NNP=false CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir", "mkdirat" ], "action": "SCMP_ACT_ERRNO" } ] }') \
		CFG_READONLY=false inside_rc 1 mkdir /d -- nnp -- caps
	expect_grep '^error: Operation not permitted$' "$OUT"
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$OUT"
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "$OUT"
}

# What runlet itself used to do after loading the filter (issue 7): the
# cwd check (getcwd: the validation suite's rule), chdir, the uid and
# group changes, the sync socket, the startContainer hooks (fork, wait),
# close_range. A profile may refuse all of them: the filter is loaded
# just before execve (process.c lists what still follows it), so only
# the container's program sees them refused.
SC_AFTER='"getcwd", "chdir", "fchdir", "close_range", "setgroups", "setresuid", "setresgid",
	"setuid", "setgid", "sendmsg", "sendto", "recvmsg", "personality", "sched_setaffinity",
	"clone", "clone3", "fork", "vfork", "wait4", "waitid", "prctl", "umask", "access", "faccessat",
	"faccessat2", "getdents64", "keyctl"'

# sc_after NNP: create, then start, a container with noNewPrivileges NNP,
# the template's capabilities (no CAP_SYS_ADMIN), a startContainer hook
# and a profile refusing $SC_AFTER with EPERM; its process prints its cwd
# (CFG_UID and the other mkbundle knobs pass through).
sc_after() {
	new_ctr
	CFG_NNP=$1 CFG_READONLY=false CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\",
		\"syscalls\": [ { \"names\": [ $SC_AFTER ], \"action\": \"SCMP_ACT_ERRNO\" } ] }") \
		mkbundle "$BUNDLE" /init cwd -- cat /dev/shm/hooked -- echo -- nnp -- caps
	sed -i '1s|^{$|{ "hooks": { "startContainer": [ { "path": "/init", "args": ["/init", "write", "/dev/shm/hooked", "hook ran"] } ] },|' \
		"$BUNDLE/config.json"
	create
	[ "$RC" = 0 ] || fail "create: exit status $RC: $(cat "$T/err")"
	rt_cap start "$ID"
	[ "$RC" = 0 ] || fail "start: exit status $RC: $(cat "$T/err")"
	wait_status stopped
	expect_grep '^error: Operation not permitted$' "$OUT"
	expect_grep '^hook ran$' "$OUT"
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "$OUT"
	rt_cap delete "$ID"
	expect_rc 0
}

test_filter_after_runlet_steps() {
	runlet_only "runc loads the filter before its own getcwd check and its hooks"
	sc_after false
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$OUT"
}

# A uid other than 0, with ambient capabilities: CAP_SYS_ADMIN is held
# across the uid change (KEEPCAPS) and dropped after the load, the
# ambient set survives that.
test_filter_after_runlet_steps_user() {
	runlet_only "runc loads the filter before its own getcwd check and its hooks"
	CFG_UID=1000 CFG_GID=1000 CFG_INHERITABLE=1 sc_after false
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$OUT"
	expect_grep '^CapPrm:[[:space:]]+0000000020000420$' "$OUT"
	expect_grep '^CapAmb:[[:space:]]+0000000020000420$' "$OUT"
}

# Without process.capabilities a uid other than 0 keeps none: the same
# hold and drop, from the sets the uid change left (capget).
test_filter_without_capabilities_user() {
	runlet_only "runc loads the filter before its chdir to process.cwd (EPERM here)"
	new_ctr
	CFG_NNP=false CFG_UID=1000 CFG_GID=1000 CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "getcwd", "chdir", "close_range" ], "action": "SCMP_ACT_ERRNO" } ] }') \
		mkbundle "$BUNDLE" /init cwd -- nnp -- caps -- status
	sed -i '/"capabilities": {/,/},/d' "$BUNDLE/config.json"
	grep -q '"capabilities"' "$BUNDLE/config.json" && fail "capabilities still in config.json"
	run_fg
	expect_rc 1
	expect_grep '^error: Operation not permitted$' "$OUT"
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$OUT"
	expect_grep '^CapEff:[[:space:]]+0000000000000000$' "$OUT"
	expect_grep '^CapPrm:[[:space:]]+0000000000000000$' "$OUT"
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
}

test_filter_after_runlet_steps_nnp() {
	runlet_only "runc runs the startContainer hooks under the filter"
	sc_after true
	expect_grep '^NoNewPrivs:[[:space:]]+1$' "$OUT"
}

# need_fixture FILE: skip unless the engine fixture is there (the copies
# of ../shared/fixtures/engines checked in under test/fixtures/engines).
need_fixture() {
	[ -f "$REPO/test/fixtures/engines/$1" ] || skip "no $1 under test/fixtures/engines"
	case $(uname -m) in
	arm*) skip "$1 was captured on x86_64: its profile lacks ARM's set_tls" ;;
	esac
}

# engine_seccomp FILE: the linux.seccomp object of an engine's config.
engine_seccomp() {
	_f=$REPO/test/fixtures/engines/$1
	awk '
		!on && /"seccomp"[[:space:]]*:/ { on = 1; sub(/.*"seccomp"[[:space:]]*:[[:space:]]*/, "") }
		on {
			n = length($0)
			for (i = 1; i <= n; i++) {
				c = substr($0, i, 1)
				d += (c == "{") - (c == "}")
				if (d == 0) { print out substr($0, 1, i); exit }
			}
			out = out $0 "\n"
		}' "$_f"
}

# x86 (32-bit) reaches socket and SysV IPC calls through socketcall(2) and
# ipc(2) too: a rule on socket, bind or semop covers those with arg0 the
# call (as libseccomp's filters do), its arg0 conditions dropped there.
# /init calls them as i386 syscalls (int $0x80).
test_x86_socketcall() {
	[ "$(uname -m)" = x86_64 ] || skip "needs x86_64 (int \$0x80)"
	mkctr /init syscall32 20
	run_fg
	# the i386 board's suite runs its own i386 helper, which has no
	# x86_64 side to make an i386 syscall from
	grep -q '^no int \$0x80 here$' "$OUT" && skip "the in-container helper is not an x86_64 program"
	[ "$RC" = 0 ] || fail "run /init syscall32 20: exit status $RC"
	case $(cat "$OUT") in -*) skip "this kernel runs no i386 syscalls ($(cat "$OUT"))" ;; esac
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86" ],
		"syscalls": [ { "names": [ "socket" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 97,
		  "args": [ { "index": 0, "value": 40, "op": "SCMP_CMP_EQ" } ] },
		{ "names": [ "bind" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 98 },
		{ "names": [ "semop" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 5 } ] }') \
		inside syscall32 359 40 1 -- syscall32 102 1 0 -- syscall32 102 2 0 -- syscall32 102 3 0 \
		-- syscall32 117 1 0 -- syscall32 361 0 0
	# socket(AF_VSOCK) direct: the rule; socketcall(SYS_SOCKET), (SYS_BIND):
	# the rules; socketcall(SYS_CONNECT, NULL): the kernel's EFAULT;
	# ipc(SEMOP): the rule; bind(0, NULL) direct: the rule
	expect_file_eq "$OUT" "-97
-97
-98
-14
-5
-98"
}

test_podman_default_profile() {
	need_fixture podman-default.config.json
	_sc=$(engine_seccomp podman-default.config.json)
	CFG_LINUX=$(sc_linux "$_sc") CFG_READONLY=false inside hello -- mkdir /d -- status
	expect_grep '^hello world$' "$OUT"
	expect_grep '^ok$' "$OUT"
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
}

test_containerd_profile() {
	need_fixture containerd-seccomp.config.json
	_sc=$(engine_seccomp containerd-seccomp.config.json)
	CFG_LINUX=$(sc_linux "$_sc") inside hello -- status
	expect_grep '^hello world$' "$OUT"
	expect_grep '^Seccomp:[[:space:]]+2$' "$OUT"
}

# Refused before anything is created, naming the field.
test_bad_operator_refused() {
	runlet_only "runc's message differs"
	mkctr
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{ "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 1, "value": 1, "op": "SCMP_CMP_FOO" } ] } ] }') \
		mkbundle "$BUNDLE"
	create
	expect_fail
	expect_grep 'linux\.seccomp\.syscalls\[0\]\.args\[0\]\.op: unknown operator "SCMP_CMP_FOO"' "$T/err"
}

# NOTIFY without a listener: refused before anything is made.
test_notify_needs_listener() {
	runlet_only "runc's message differs"
	mkctr
	CFG_LINUX=$(sc_linux '{ "defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ { "names": [ "mkdir" ], "action": "SCMP_ACT_NOTIFY" } ] }') \
		mkbundle "$BUNDLE"
	create
	expect_fail
	expect_grep 'linux\.seccomp\.syscalls\[0\]\.action: SCMP_ACT_NOTIFY needs linux\.seccomp\.listenerPath' "$T/err"
}

# NOTIFY: the listener gets the seccomp state and the fd, and its answer
# (here ENOTSUP, 95) is what mkdir returns in the container.
test_notify_listener() {
	[ -x "$TESTDIR/seccomp-listener" ] || skip "test/seccomp-listener is not built"
	rm -f "$T/l.sock"
	"$TESTDIR/seccomp-listener" "$T/l.sock" "$T/l.state" 95 &
	_l=$!
	echo "$_l seccomp-listener" >>"$T/bg"
	wait_for "the listener" test -S "$T/l.sock"
	CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$T/l.sock\",
		\"listenerMetadata\": \"meta-data\",
		\"syscalls\": [ { \"names\": [ \"mkdir\", \"mkdirat\" ], \"action\": \"SCMP_ACT_NOTIFY\" } ] }") \
		CFG_READONLY=false inside_rc 1 mkdir /d -- echo after
	wait_for "the listener to finish" grep -q '^answered' "$T/l.state"
	expect_grep '^error: (Operation )?[Nn]ot supported$' "$OUT"
	expect_grep '^after$' "$OUT"
	expect_grep '"fds": *\["seccompFd"\]' "$T/l.state"
	expect_grep '"metadata": *"meta-data"' "$T/l.state"
	expect_grep "\"id\": *\"$ID\"" "$T/l.state"
	expect_grep '^answered 1$' "$T/l.state"
}

# start_listener: test/seccomp-listener on $T/l.sock, answering ENOTSUP
# (95), its states in $T/l.state.
start_listener() {
	[ -x "$TESTDIR/seccomp-listener" ] || skip "test/seccomp-listener is not built"
	rm -f "$T/l.sock"
	"$TESTDIR/seccomp-listener" "$T/l.sock" "$T/l.state" 95 &
	echo "$! seccomp-listener" >>"$T/bg"
	wait_for "the listener" test -S "$T/l.sock"
}

# NOTIFY through exec: the exec'd process's filter has its own listener
# fd, sent to listenerPath by `exec` (a second connection), whose answer
# is what its mkdir returns; the init's filter keeps working meanwhile.
# Without noNewPrivileges: both load it holding CAP_SYS_ADMIN, which they
# then drop.
test_notify_exec() {
	start_listener
	new_ctr
	CFG_NNP=false CFG_READONLY=false CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$T/l.sock\",
		\"syscalls\": [ { \"names\": [ \"mkdir\", \"mkdirat\" ], \"action\": \"SCMP_ACT_NOTIFY\" } ] }") \
		mkbundle "$BUNDLE" /init mkdir /a -- sleep 30
	run_detach
	expect_rc 0
	wait_out 'error: (Operation )?[Nn]ot supported'
	rt_cap exec "$ID" /init mkdir /b -- status
	expect_rc 1
	expect_grep '^error: (Operation )?[Nn]ot supported$' "$T/out"
	expect_grep '^Seccomp:[[:space:]]+2$' "$T/out"
	expect_grep '^NoNewPrivs:[[:space:]]+0$' "$T/out"
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "$T/out"
	expect_grep '^CapEff:[[:space:]]+0000000020000420$' "/proc/$(pid_of)/status"
	expect_eq "states sent to the listener" 2 "$(grep -c '"seccompFd"' "$T/l.state")"
	expect_grep '"status": *"running"' "$T/l.state"
	rt delete --force "$ID" || fail "delete failed"
	wait_for "the listener to finish" grep -q '^answered' "$T/l.state"
	expect_grep '^answered 2$' "$T/l.state"
}

# A listenerPath nobody listens on (no socket; a socket whose listener is
# gone): the spec's MUST error, at create, and nothing left behind (the
# leak check after the test).
test_listener_not_listening() {
	for _sock in "$T/none.sock" "$T/gone.sock"; do
		if [ "$_sock" = "$T/gone.sock" ]; then
			[ -x "$TESTDIR/seccomp-listener" ] || skip "test/seccomp-listener is not built"
			"$TESTDIR/seccomp-listener" "$_sock" "$T/gone.state" 95 &
			_l=$!
			wait_for "the listener" test -S "$_sock"
			kill "$_l"
			wait "$_l"
		fi
		new_ctr
		CFG_LINUX=$(sc_linux "{ \"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$_sock\",
			\"syscalls\": [ { \"names\": [ \"mkdir\", \"mkdirat\" ], \"action\": \"SCMP_ACT_NOTIFY\" } ] }") \
			mkbundle "$BUNDLE" /init hello
		create
		expect_fail
		[ -z "$(state_of)" ] || fail "state of $ID after the failed create: $(state_of)"
		if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
			expect_grep "linux\.seccomp\.listenerPath: connect to $_sock: (No such file or directory|Connection refused)" "$T/err"
		fi
	done
}

# --version says it is compiled in.
test_version_lists_seccomp() {
	runlet_only "runlet's --version format"
	raw_cap --version
	expect_grep '\+SECCOMP' "$T/out"
}
