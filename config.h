/* Compile-time feature flags. Each is 0 or 1 and may be overridden per
 * build: make CFG='-DCFG_USERNS=0', or a board's config.h. -Wundef makes a
 * misspelled flag an error. A config.json that asks for a compiled-out
 * feature is refused before anything is created, naming the field and the
 * flag; so is a compiled-out command. Every flag 0 is the minimal build of
 * `make sizes` (board/rules.mk, CFG_MIN): namespaces, mounts and the
 * lifecycle commands (create, start, run, state, kill, delete, list). */
#ifndef RUNLET_CONFIG_H
#define RUNLET_CONFIG_H

#ifdef RUNLET_BOARD_CONFIG
#include RUNLET_BOARD_CONFIG
#endif

/* --debug messages (the calls stay compiled and type-checked when 0). */
#ifndef CFG_DEBUG
#define CFG_DEBUG 1
#endif

/* User namespaces: linux.uidMappings/gidMappings, a "user" namespace. */
#ifndef CFG_USERNS
#define CFG_USERNS 1
#endif

/* Time namespaces: a "time" namespace and linux.timeOffsets. */
#ifndef CFG_TIMENS
#define CFG_TIMENS 1
#endif

/* process.capabilities without libcap. Security: when 0, a config that
 * lists capabilities is refused (it would otherwise run with all of them). */
#ifndef CFG_CAPS
#define CFG_CAPS 1
#endif

/* cgroup v1 hierarchies (old kernels, and the v1 half of hybrid hosts). */
#ifndef CFG_CGROUP_V1
#define CFG_CGROUP_V1 1
#endif

/* cgroup v2 (unified) hierarchy.
 *
 * Both 0: no cgroup support. A config with linux.resources (any limit,
 * the device allowlist too) or linux.cgroupsPath, or a mount of type
 * "cgroup", is refused; so are pause, resume, update, ps and events,
 * kill --all with any signal but SIGKILL, and delete and kill --all of a
 * container that a build with cgroups made (its cgroups would stay). The
 * container must have a new pid namespace of its own: without a cgroup,
 * that namespace is how runlet finds every process of the container
 * (killing its init ends them all, so delete leaves none behind). Security: there is then
 * no device allowlist: the container reaches the device nodes of its
 * /dev (linux.devices and the defaults) and any it can make (CAP_MKNOD,
 * which a build without CFG_CAPS never drops): for trusted containers. */
#ifndef CFG_CGROUP_V2
#define CFG_CGROUP_V2 1
#endif

/* linux.seccomp, compiled to BPF by runlet itself. Security: when 0, a
 * config with linux.seccomp is refused, never run unfiltered. */
#ifndef CFG_SECCOMP
#define CFG_SECCOMP 1
#endif

/* The six kinds of hooks. When 0, a config with hooks is refused. */
#ifndef CFG_HOOKS
#define CFG_HOOKS 1
#endif

/* process.terminal: a pty for the container (--console-socket, or run's
 * own relay). When 0, a config asking for a terminal is refused. */
#ifndef CFG_TERMINAL
#define CFG_TERMINAL 1
#endif

/* The `exec` command. */
#ifndef CFG_EXEC
#define CFG_EXEC 1
#endif

/* The `events` command (cgroup statistics and OOM notices). */
#ifndef CFG_EVENTS
#define CFG_EVENTS 1
#endif

/* The `update` command (new cgroup limits for a running container). */
#ifndef CFG_UPDATE
#define CFG_UPDATE 1
#endif

/* The `ps` command. */
#ifndef CFG_PS
#define CFG_PS 1
#endif

/* The `pause` and `resume` commands (the cgroup freezer). A container
 * paused by other means is still shown as paused, and thawed by
 * delete --force. */
#ifndef CFG_PAUSE
#define CFG_PAUSE 1
#endif

/* The `features` command. */
#ifndef CFG_FEATURES
#define CFG_FEATURES 1
#endif

/* The `spec` command (a template config.json; it asks only for what the
 * build has). */
#ifndef CFG_SPEC
#define CFG_SPEC 1
#endif

/* process.rlimits. When 0, a config that lists rlimits is refused. */
#ifndef CFG_RLIMITS
#define CFG_RLIMITS 1
#endif

/* Scheduling and placement: process.scheduler, process.ioPriority,
 * process.execCPUAffinity and linux.memoryPolicy. When 0, a config with
 * any of them is refused. */
#ifndef CFG_SCHED
#define CFG_SCHED 1
#endif

/* process.oomScoreAdj. When 0, a config that sets it is refused. */
#ifndef CFG_OOM_SCORE
#define CFG_OOM_SCORE 1
#endif

/* linux.personality. When 0, a config that sets it is refused. */
#ifndef CFG_PERSONALITY
#define CFG_PERSONALITY 1
#endif

/* process.apparmorProfile (exec --apparmor), applied where the host has
 * AppArmor. Security: when 0, a config with a profile is refused, never
 * run unconfined. */
#ifndef CFG_APPARMOR
#define CFG_APPARMOR 1
#endif

/* linux.devices: device nodes made in the container beyond the default
 * ones (null, zero, full, random, urandom, tty: always made). When 0, a
 * config that lists any is refused. */
#ifndef CFG_DEVICES
#define CFG_DEVICES 1
#endif

/* linux.sysctl. When 0, a config that sets any is refused. */
#ifndef CFG_SYSCTL
#define CFG_SYSCTL 1
#endif

/* linux.netDevices (host network devices moved into the container). When
 * 0, a config that lists any is refused. */
#ifndef CFG_NETDEV
#define CFG_NETDEV 1
#endif

/* Idmapped bind mounts: the idmap and ridmap options, a mount's own
 * uidMappings/gidMappings. When 0, a mount asking for one is refused. */
#ifndef CFG_IDMAP
#define CFG_IDMAP 1
#endif

/* The recursive mount options (rro, rnosuid, rnodev, ... through
 * mount_setattr) and tmpcopyup. Security: when 0, a mount with one of
 * them is refused (a bind mount would otherwise be left writable, or
 * with suid and devices, below its top). */
#ifndef CFG_MOUNT_EXTRA
#define CFG_MOUNT_EXTRA 1
#endif

/* The descriptions of the commands and options in --help (when 0,
 * --help lists their names only). */
#ifndef CFG_HELP
#define CFG_HELP 1
#endif

/* SELinux: process.selinuxLabel (the exec and keyring label) and
 * linux.mountLabel (the context of the container's mounts). Security:
 * when 0, a config with a label is refused where SELinux is enabled;
 * where it is not, labels are ignored with a warning either way. */
#ifndef CFG_SELINUX
#define CFG_SELINUX 1
#endif

/* config.json's grammar check, jsmn and the seccomp compiler's inner
 * loops built at -O2, the rest at -Oz: podman's config parsed and
 * validated in ~88 us instead of 108 (bench/parse.sh), for 2.5 KB on
 * x86_64 (1.5 KB aarch64, 2.4 KB i386). */
#ifndef CFG_HOT
#define CFG_HOT 1
#endif

/* Test builds only (test/cases/faults.sh): RUNLET_FAULT=N makes runlet
 * SIGKILL itself at its Nth fault point, to prove a crash at any step
 * leaves nothing that delete --force cannot clean; RUNLET_FAULT=N:stop
 * SIGSTOPs it there instead, so a test can act (kill the container's
 * init) while the command is half done, then SIGCONT it. */
#ifndef CFG_FAULT
#define CFG_FAULT 0
#endif

#define CFG_BOOL(x) ((x) == 0 || (x) == 1)
#if !CFG_BOOL(CFG_DEBUG) || !CFG_BOOL(CFG_USERNS) || !CFG_BOOL(CFG_TIMENS) || !CFG_BOOL(CFG_CAPS) ||      \
	!CFG_BOOL(CFG_CGROUP_V1) || !CFG_BOOL(CFG_CGROUP_V2) || !CFG_BOOL(CFG_SECCOMP) ||                 \
	!CFG_BOOL(CFG_HOOKS) || !CFG_BOOL(CFG_TERMINAL) || !CFG_BOOL(CFG_EXEC) || !CFG_BOOL(CFG_EVENTS) ||    \
	!CFG_BOOL(CFG_UPDATE) || !CFG_BOOL(CFG_PS) || !CFG_BOOL(CFG_PAUSE) || !CFG_BOOL(CFG_FEATURES) ||      \
	!CFG_BOOL(CFG_SPEC) || !CFG_BOOL(CFG_RLIMITS) || !CFG_BOOL(CFG_SCHED) || !CFG_BOOL(CFG_OOM_SCORE) || \
	!CFG_BOOL(CFG_PERSONALITY) || !CFG_BOOL(CFG_APPARMOR) || !CFG_BOOL(CFG_SYSCTL) ||                   \
	!CFG_BOOL(CFG_NETDEV) || !CFG_BOOL(CFG_DEVICES) || !CFG_BOOL(CFG_IDMAP) || !CFG_BOOL(CFG_MOUNT_EXTRA) ||                      \
	!CFG_BOOL(CFG_HELP) || !CFG_BOOL(CFG_SELINUX) || !CFG_BOOL(CFG_HOT) || !CFG_BOOL(CFG_FAULT)
#error "config.h: every CFG_* flag must be 0 or 1"
#endif

/* Derived, not a flag: some cgroup support (see CFG_CGROUP_V2). */
#define CFG_CGROUPS (CFG_CGROUP_V1 || CFG_CGROUP_V2)

#endif
