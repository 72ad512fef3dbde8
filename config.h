/* Compile-time feature flags. Each is 0 or 1 and may be overridden per
 * build: make CFG='-DCFG_USERNS=0', or a board's config.h. -Wundef makes a
 * misspelled flag an error. A config.json that asks for a compiled-out
 * feature is refused before anything is created. */
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

/* cgroup v2 (unified) hierarchy. */
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
 * x86_64 and 1.5 KB on aarch64 (i386 has it off: board/i386/config.h). */
#ifndef CFG_HOT
#define CFG_HOT 1
#endif

/* Test builds only (test/cases/faults.sh): RUNLET_FAULT=N makes runlet
 * SIGKILL itself at its Nth fault point, to prove a crash at any step
 * leaves nothing that delete --force cannot clean. */
#ifndef CFG_FAULT
#define CFG_FAULT 0
#endif

#define CFG_BOOL(x) ((x) == 0 || (x) == 1)
#if !CFG_BOOL(CFG_DEBUG) || !CFG_BOOL(CFG_USERNS) || !CFG_BOOL(CFG_TIMENS) || !CFG_BOOL(CFG_CAPS) ||      \
	!CFG_BOOL(CFG_CGROUP_V1) || !CFG_BOOL(CFG_CGROUP_V2) || !CFG_BOOL(CFG_SECCOMP) ||                 \
	!CFG_BOOL(CFG_HOOKS) || !CFG_BOOL(CFG_TERMINAL) || !CFG_BOOL(CFG_EXEC) || !CFG_BOOL(CFG_EVENTS) ||    \
	!CFG_BOOL(CFG_SELINUX) || !CFG_BOOL(CFG_FAULT) || !CFG_BOOL(CFG_HOT)
#error "config.h: every CFG_* flag must be 0 or 1"
#endif
#if !CFG_CGROUP_V1 && !CFG_CGROUP_V2
#error "config.h: CFG_CGROUP_V1 and CFG_CGROUP_V2 cannot both be 0"
#endif

#endif
