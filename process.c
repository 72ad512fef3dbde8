/* The container's process: rlimits, user and groups, capabilities, cwd,
 * the program lookup, and the exec once `start` releases it. */
#include <sched.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "seccomp.h"
#include "sys.h"
#include "util.h"

static const struct {
	const char *name;
	int res;
} rlimit_names[] = {
	{ "RLIMIT_AS", RLIMIT_AS },         { "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },       { "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },   { "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
	{ "RLIMIT_NICE", RLIMIT_NICE },     { "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },   { "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING }, { "RLIMIT_STACK", RLIMIT_STACK },
};

static int rlimit_of(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(rlimit_names); k++)
		if (!strcmp(name, rlimit_names[k].name))
			return rlimit_names[k].res;
	return -1;
}

static uint64_t cap_sets[CAP_SETS];

static int word_index(const char *w, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(w, list[k]))
			return (int)k;
	return -1;
}

/* by number: SCHED_OTHER 0 ... SCHED_DEADLINE 6 (4 is unused by Linux) */
static const char *const sched_policies[] = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
					      "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE" };
/* by bit */
static const char *const sched_flag_names[] = { "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
						"SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
						"SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
						"SCHED_FLAG_UTIL_CLAMP_MAX" };
/* IOPRIO_CLASS_RT 1, BE 2, IDLE 3 */
static const char *const io_classes[] = { "", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };

/* "0-3,7" into a cpu set; false when it is not a cpu list. */
static bool parse_cpus(const char *s, cpu_set_t *set)
{
	CPU_ZERO(set);
	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;
		if (end == s)
			return false;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s || b < a)
				return false;
		}
		if (b >= CPU_SETSIZE)
			return false;
		for (unsigned long k = a; k <= b; k++)
			CPU_SET(k, set);
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return true;
}

/* linux.memoryPolicy. Modes by value (MPOL_DEFAULT 0 ...), flags from
 * bit 13 up. */
static const char *const mpol_modes[] = { "MPOL_DEFAULT", "MPOL_PREFERRED", "MPOL_BIND", "MPOL_INTERLEAVE",
					  "MPOL_LOCAL", "MPOL_PREFERRED_MANY", "MPOL_WEIGHTED_INTERLEAVE" };
static const char *const mpol_flags[] = { "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES" };

static int mempolicy(const struct oci_config *cfg, bool apply)
{
	const struct oci_mempolicy *m = &cfg->mempolicy;
	const char *n = m->nodes ? m->nodes : "";
	cpu_set_t nodes; /* a node mask, of the same 1024 bits */
	int mode, base, f;

	if (!CFG_SCHED || !cfg->has_mempolicy)
		return 0;
	if ((base = mode = word_index(m->mode, mpol_modes, ARRAY_SIZE(mpol_modes))) < 0)
		return rt_fail(0, "linux.memoryPolicy.mode: unknown mode \"%s\"", m->mode);
	for (size_t k = 0; k < m->flags.n; k++) {
		if ((f = word_index(m->flags.v[k], mpol_flags, ARRAY_SIZE(mpol_flags))) < 0)
			return rt_fail(0, "linux.memoryPolicy.flags[%zu]: unknown flag \"%s\"", k, m->flags.v[k]);
		mode |= 1 << (13 + f);
	}
	if (!parse_cpus(n, &nodes))
		return rt_fail(0, "linux.memoryPolicy.nodes: \"%s\" is not a node list (as 0-3,7)", n);
	if (*n ? base == 0 || base == 4 : base > 1 && base != 4)
		return rt_fail(0, "linux.memoryPolicy.nodes: %s takes %s", m->mode, *n ? "no nodes" : "at least one node");
	if (apply && syscall(SYS_set_mempolicy, mode, *n ? &nodes : NULL, *n ? CPU_SETSIZE + 1 : 0) < 0)
		return rt_fail(errno, "linux.memoryPolicy: set_mempolicy %s %s", m->mode, n);
	return 0;
}

static int set_affinity(const char *cpus, const char *field)
{
	cpu_set_t set;

	if (!CFG_SCHED || !cpus || !*cpus)
		return 0;
	if (!parse_cpus(cpus, &set))
		return rt_fail(0, "process.execCPUAffinity.%s: \"%s\" is not a CPU list", field, cpus);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return rt_fail(errno, "process.execCPUAffinity.%s: sched_setaffinity %s", field, cpus);
	return 0;
}

static int validate_sched(const struct oci_config *cfg)
{
	const struct oci_process *p = &cfg->process;
	cpu_set_t set;

	if (CFG_PERSONALITY && cfg->personality && strcmp(cfg->personality, "LINUX") && strcmp(cfg->personality, "LINUX32"))
		return rt_fail(0, "linux.personality.domain: \"%s\": expected LINUX or LINUX32", cfg->personality);
	if (!CFG_SCHED)
		return 0;
	if (p->has_scheduler) {
		if (!p->sched_policy || word_index(p->sched_policy, sched_policies, ARRAY_SIZE(sched_policies)) < 0 ||
		    !strcmp(p->sched_policy, "SCHED_ISO"))
			return rt_fail(0, "process.scheduler.policy: unknown policy \"%s\"",
				       p->sched_policy ? p->sched_policy : "");
		for (size_t k = 0; k < p->sched_flags.n; k++)
			if (word_index(p->sched_flags.v[k], sched_flag_names, ARRAY_SIZE(sched_flag_names)) < 0)
				return rt_fail(0, "process.scheduler.flags[%zu]: unknown flag \"%s\"", k, p->sched_flags.v[k]);
		if (p->sched_nice < -20 || p->sched_nice > 19)
			return rt_fail(0, "process.scheduler.nice: %d is out of range (-20..19)", p->sched_nice);
		if (p->sched_priority < 0 || p->sched_priority > 99)
			return rt_fail(0, "process.scheduler.priority: %d is out of range (0..99)", p->sched_priority);
	}
	if (p->has_io_priority) {
		if (!p->io_class || word_index(p->io_class, io_classes, ARRAY_SIZE(io_classes)) <= 0)
			return rt_fail(0, "process.ioPriority.class: unknown class \"%s\"", p->io_class ? p->io_class : "");
		if (p->io_priority < 0 || p->io_priority > 7)
			return rt_fail(0, "process.ioPriority.priority: %d is out of range (0..7)", p->io_priority);
	}
	if (p->cpu_initial && *p->cpu_initial && !parse_cpus(p->cpu_initial, &set))
		return rt_fail(0, "process.execCPUAffinity.initial: \"%s\" is not a CPU list", p->cpu_initial);
	if (p->cpu_final && *p->cpu_final && !parse_cpus(p->cpu_final, &set))
		return rt_fail(0, "process.execCPUAffinity.final: \"%s\" is not a CPU list", p->cpu_final);
	return 0;
}

/* sched_setattr(2) (no libc wrapper): policy, nice, priority, deadline. */
struct rl_sched_attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static int apply_sched(const struct oci_process *p)
{
	if (!CFG_SCHED)
		return 0;
	if (p->has_scheduler) {
		struct rl_sched_attr a = { sizeof(a), 0, 0, 0, 0, p->sched_runtime, p->sched_deadline, p->sched_period };
		a.policy = (uint32_t)word_index(p->sched_policy, sched_policies, ARRAY_SIZE(sched_policies));
		for (size_t k = 0; k < p->sched_flags.n; k++)
			a.flags |= 1ULL << word_index(p->sched_flags.v[k], sched_flag_names, ARRAY_SIZE(sched_flag_names));
		a.nice = p->sched_nice;
		a.priority = (uint32_t)p->sched_priority;
		if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
			return rt_fail(errno, "process.scheduler: sched_setattr %s", p->sched_policy);
	}
	if (p->has_io_priority) {
		int cls = word_index(p->io_class, io_classes, ARRAY_SIZE(io_classes));
		/* IOPRIO_WHO_PROCESS 1; the value is class << 13 | data */
		if (syscall(SYS_ioprio_set, 1, 0, cls << 13 | p->io_priority) < 0)
			return rt_fail(errno, "process.ioPriority: ioprio_set %s %d", p->io_class, p->io_priority);
	}
	return 0;
}
static struct seccomp_filter filter; /* linux.seccomp, compiled by validate */
/* noNewPrivileges false and no CAP_SYS_ADMIN in the final effective set:
 * the process holds CAP_SYS_ADMIN until the filter is loaded (see
 * process_exec), then takes final_caps. */
static bool hold_admin;
static uint64_t final_caps[CAP_SETS];

static bool lsm_enabled(const char *file, const char *want)
{
	AUTOFREE char *s = NULL;

	return read_file_at(AT_FDCWD, file, &s, NULL) == 0 && (!want || !strncmp(s, want, strlen(want)));
}

static bool apparmor_on(const struct oci_process *p)
{
	return CFG_APPARMOR && p->apparmor_profile && *p->apparmor_profile &&
	       lsm_enabled("/sys/module/apparmor/parameters/enabled", "Y");
}

/* SELinux is on where selinuxfs is mounted and a policy is loaded (until
 * then every process is "kernel"), as go-selinux decides. Read once, by
 * validate, before the container's processes are made. */
bool process_selinux(void)
{
	static signed char on = -1;
	AUTOFREE char *s = NULL;

	if (on < 0)
		on = lsm_enabled("/sys/fs/selinux/enforce", NULL) &&
		     !(read_file_at(AT_FDCWD, "/proc/thread-self/attr/current", &s, NULL) == 0 && !strcmp(s, "kernel"));
	return on;
}

static bool selinux_on(const struct oci_process *p)
{
	return CFG_SELINUX && p->selinux_label && *p->selinux_label && process_selinux();
}

/* Write an LSM attribute of this thread, for its next execve (or its next
 * keyring): PREFIX VAL into FILE (ALT where it is missing) of /proc, which
 * must be procfs's own file on the /proc mount, as linux.sysctl's: not a
 * file the image put there, nor another procfs file bound over it
 * (/proc/sys/kernel/core_pattern, by a racing container: CVE-2025-52881).
 * A profile or label the loaded policy lacks fails here (ENOENT,
 * EINVAL), before the container runs. */
static int write_attr(const char *file, const char *alt, const char *prefix, const char *val, const char *field)
{
	AUTOFREE char *s = xasprintf("%s%s", prefix, val);
	AUTOCLOSE int proc = openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC), fd = -1;

	if (proc >= 0 && (fd = openat(proc, file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 && errno == ENOENT && alt)
		fd = openat(proc, file = alt, O_WRONLY | O_NOFOLLOW | O_CLOEXEC); /* AppArmor's, before Linux 5.8 */
	if (fd < 0)
		return rt_fail(errno, "%s: open /proc/%s", field, file);
	if (!proc_own_file(fd, proc))
		return rt_fail(0, "%s: /proc/%s is not the /proc mount's own file", field, file);
	if (write(fd, s, strlen(s)) < 0)
		return rt_fail(errno, "%s: \"%s\"%s", field, val,
			       errno == EINVAL && !*prefix ? " (not a context of the loaded SELinux policy)" : "");
	return 0;
}

/* process.apparmorProfile, for the next execve. */
static int apply_apparmor(const struct oci_process *p)
{
	return write_attr("thread-self/attr/apparmor/exec", "thread-self/attr/exec", "exec ",
			  p->apparmor_profile, "process.apparmorProfile");
}

/* process.selinuxLabel, for the next execve. Written before `start`, as
 * runc does, so that a bad label fails create: the startContainer hooks,
 * forked by the init after it, run with the label too (as with runc). */
static int apply_selinux(const struct oci_process *p)
{
	return write_attr("thread-self/attr/exec", NULL, "", p->selinux_label, "process.selinuxLabel");
}

/* In init, before it joins its session keyring: the keyring gets the
 * process's label too (runc's SetKeyLabel). execve resets keycreate. */
int process_label_keyring(const struct oci_config *cfg)
{
	const struct oci_process *p = &cfg->process;

	return selinux_on(p) ? write_attr("thread-self/attr/keycreate", NULL, "", p->selinux_label,
					  "process.selinuxLabel (keycreate)")
			     : 0;
}

/* A label (process.selinuxLabel, linux.mountLabel): ignored with a
 * warning where SELinux is off, refused where it is on but compiled out. */
int process_validate_label(const char *field, const char *label)
{
	if (!label || !*label)
		return 0;
	if (!process_selinux())
		warnx("%s: SELinux is not enabled on this host: ignored", field);
	else if (!CFG_SELINUX)
		return rt_fail(0, "%s: SELinux is enabled here, but runlet was built without it (CFG_SELINUX=0)", field);
	return 0;
}

int process_validate(const struct oci_config *cfg)
{
	const struct oci_process *p = &cfg->process;
	int r;

	if (!cfg->has_process)
		return rt_fail(0, "process: required to create a container");
	if (p->args.n == 0)
		return rt_fail(0, "process.args: at least one entry is required");
	if (!p->args.v[0][0])
		return rt_fail(0, "process.args[0]: must not be empty");
	if (!p->cwd || p->cwd[0] != '/')
		return rt_fail(0, "process.cwd: required, an absolute path");
	for (size_t k = 0; CFG_RLIMITS && k < p->n_rlimits; k++) {
		if (rlimit_of(p->rlimits[k].type) < 0)
			return rt_fail(0, "process.rlimits[%zu].type: unknown rlimit \"%s\"", k, p->rlimits[k].type);
		if (p->rlimits[k].soft > p->rlimits[k].hard)
			return rt_fail(0, "process.rlimits[%zu]: soft limit is above the hard limit", k);
	}
	for (size_t k = 0; k < p->env.n; k++)
		if (!strchr(p->env.v[k], '='))
			return rt_fail(0, "process.env[%zu]: \"%s\" is not NAME=value", k, p->env.v[k]);
	if (CFG_OOM_SCORE && p->has_oom_score_adj && (p->oom_score_adj < -1000 || p->oom_score_adj > 1000))
		return rt_fail(0, "process.oomScoreAdj: %d is out of range (-1000..1000)", p->oom_score_adj);
	if (p->has_umask && p->umask > 0777)
		return rt_fail(0, "process.user.umask: %o is not a file mode mask", p->umask);
	if ((r = caps_validate(p, cap_sets)) < 0 || (r = validate_sched(cfg)) < 0 || (r = mempolicy(cfg, false)) < 0)
		return r;
	/* AppArmor and SELinux are applied where the host has them; elsewhere
	 * a profile or label is ignored (runc ignores a profile, but refuses
	 * a label). A profile or label runlet was built without is refused
	 * (a label only where it would apply). */
	if (!CFG_APPARMOR && p->apparmor_profile && *p->apparmor_profile)
		return rt_fail(0, "process.apparmorProfile: not compiled in (CFG_APPARMOR=0)");
	if (p->apparmor_profile && *p->apparmor_profile && !apparmor_on(p))
		warnx("process.apparmorProfile: AppArmor is not enabled on this host: ignored");
	if ((r = process_validate_label("process.selinuxLabel", p->selinux_label)) < 0)
		return r;
	if (CFG_SECCOMP && cfg->seccomp && (r = seccomp_compile(cfg->seccomp, &filter)) < 0)
		return r;
	/* The kernel takes a filter from a process with no_new_privs or
	 * CAP_SYS_ADMIN (in its user namespace). Without either in the end
	 * (noNewPrivileges false, no CAP_SYS_ADMIN in the final effective
	 * set; without process.capabilities, a uid other than 0 keeps none),
	 * the process keeps CAP_SYS_ADMIN until the filter is loaded. */
	hold_admin = CFG_SECCOMP && filter.len && !p->no_new_privileges &&
		     !(CFG_CAPS && p->has_caps ? (cap_sets[CAP_EFFECTIVE] >> CAP_SYS_ADMIN) & 1 : p->uid == 0);
	return 0;
}

static const char *env_get(const struct strv *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t k = 0; k < env->n; k++)
		if (!strncmp(env->v[k], name, n) && env->v[k][n] == '=')
			return env->v[k] + n + 1;
	return NULL;
}

static bool executable(const char *path)
{
	struct stat st;

	return sys_stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* args[0] as execvp would find it, with the container's PATH. */
static int lookup(struct container *c)
{
	const struct oci_process *p = &c->cfg->process;
	const char *a0 = p->args.v[0], *path = env_get(&p->env, "PATH");

	if (strchr(a0, '/')) {
		if (!executable(a0))
			return rt_fail(access(a0, F_OK) ? errno : EACCES, "process.args[0] \"%s\"", a0);
		c->exec_path = xstrdup(a0);
		return 0;
	}
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (const char *s = path; *s;) {
		size_t n = strcspn(s, ":");
		char *cand = xasprintf("%.*s%s%s", (int)n, s, n ? "/" : "", a0);
		if (executable(cand)) {
			c->exec_path = cand;
			return 0;
		}
		free(cand);
		s += n;
		if (*s == ':')
			s++;
	}
	return rt_fail(0, "process.args[0] \"%s\": executable file not found in $PATH", a0);
}

/* Set NAME=value in the process's env, replacing an existing NAME. */
static void env_set(struct oci_process *p, const char *name, const char *value)
{
	size_t n = strlen(name), k;

	for (k = 0; k < p->env.n; k++)
		if (!strncmp(p->env.v[k], name, n) && p->env.v[k][n] == '=')
			break;
	if (k == p->env.n) {
		p->env.v = xrealloc(p->env.v, (p->env.n + 2) * sizeof(char *));
		p->env.v[++p->env.n] = NULL;
	}
	p->env.v[k] = xasprintf("%s=%s", name, value);
}

/* HOME from the container's /etc/passwd when env lacks it, as runc does. */
static void set_home(struct container *c)
{
	struct oci_process *p = &c->cfg->process;
	AUTOFREE char *pw = NULL;
	const char *home = "/";

	if (env_get(&p->env, "HOME"))
		return;
	if (read_file_at(AT_FDCWD, "/etc/passwd", &pw, NULL) == 0) {
		char *save = NULL;
		for (char *line = strtok_r(pw, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *f[7] = { 0 };
			int k = 0;
			for (char *s = line; k < 7; k++) {
				f[k] = s;
				s = strchr(s, ':');
				if (!s)
					break;
				*s++ = 0;
			}
			if (k >= 6 && f[2] && strtoul(f[2], NULL, 10) == p->uid && f[5][0]) {
				home = f[5];
				break;
			}
		}
	}
	env_set(p, "HOME", home);
}

/* Load the filter; with NOTIFY rules, hand its listener fd to runlet,
 * which sends it on to listenerPath. */
static bool filter_loaded;

static int load_filter(struct container *c)
{
	int fd, r = 0;

	/* the process gets no_new_privs anyway: now, so the kernel takes the
	 * filter without CAP_SYS_ADMIN */
	if (c->cfg->process.no_new_privileges && sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rt_fail(errno, "process.noNewPrivileges");
	fd = seccomp_load(&filter);

	if (fd < 0)
		return fd;
	filter_loaded = true;
	if (filter.notify) {
		r = sync_send_fd(c->sync_fd, SYNC_SECCOMP, 0, NULL, fd);
		close(fd);
		if (r < 0)
			return rt_fail(-r, "linux.seccomp: hand the listener fd to runlet");
	}
	return 0;
}

static int set_user(struct container *c)
{
	const struct oci_process *p = &c->cfg->process;
	gid_t *groups = xcalloc(p->n_additional_gids + 1, sizeof(gid_t));
	int r = 0;

	for (size_t k = 0; k < p->n_additional_gids; k++)
		groups[k] = p->additional_gids[k];
	if (CFG_CAPS && p->has_caps && (r = caps_drop_bounding(cap_sets[CAP_BOUNDING])) < 0)
		goto out;
	/* keep the permitted set across the uid change; capset sets it */
	if (sys_prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		r = rt_fail(errno, "prctl(PR_SET_KEEPCAPS)");
		goto out;
	}
	if (sys_setgroups(p->n_additional_gids, groups) < 0 && !(errno == EPERM && c->userns && !p->n_additional_gids)) {
		r = rt_fail(errno, "process.user.additionalGids: setgroups");
		goto out;
	}
	if (sys_setresgid(p->gid, p->gid, p->gid) < 0) {
		r = rt_fail(errno, "process.user.gid: setgid %u", p->gid);
		goto out;
	}
	if (sys_setresuid(p->uid, p->uid, p->uid) < 0) {
		r = rt_fail(errno, "process.user.uid: setuid %u", p->uid);
		goto out;
	}
	sys_prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (hold_admin) {
		/* the final sets plus CAP_SYS_ADMIN, effective and permitted
		 * (KEEPCAPS kept it permitted across the uid change) */
		uint64_t held[CAP_SETS];
		if (CFG_CAPS && p->has_caps)
			memcpy(final_caps, cap_sets, sizeof(final_caps));
		else if ((r = caps_get(final_caps)) < 0)
			goto out;
		memcpy(held, final_caps, sizeof(held));
		held[CAP_EFFECTIVE] |= 1ULL << CAP_SYS_ADMIN;
		held[CAP_PERMITTED] |= 1ULL << CAP_SYS_ADMIN;
		r = CFG_CAPS && p->has_caps ? caps_apply(held) : caps_set(held);
	} else if (CFG_CAPS && p->has_caps) {
		r = caps_apply(cap_sets);
	}
out:
	free(groups);
	return r;
}

/* In init after pivot_root: everything up to the wait for `start`. */
int process_prepare(struct container *c)
{
	const struct oci_process *p = &c->cfg->process;
	int r;

	/* while runlet still has the privileges an RT policy needs */
	if ((r = set_affinity(p->cpu_initial, "initial")) < 0 || (r = apply_sched(p)) < 0 ||
	    (r = mempolicy(c->cfg, true)) < 0 || (apparmor_on(p) && (r = apply_apparmor(p)) < 0) ||
	    (selinux_on(p) && (r = apply_selinux(p)) < 0))
		return r;

	for (size_t k = 0; CFG_RLIMITS && k < p->n_rlimits; k++) {
		struct rlimit rl = { p->rlimits[k].soft, p->rlimits[k].hard };
		if (sys_setrlimit(rlimit_of(p->rlimits[k].type), &rl) < 0)
			return rt_fail(errno, "process.rlimits[%zu]: set %s", k, p->rlimits[k].type);
	}
	set_home(c);
	if ((r = set_user(c)) < 0)
		return r;
	if (chdir(p->cwd) < 0)
		return rt_fail(errno, "process.cwd: chdir %s", p->cwd);
	/* a magic link (/proc/self/fd/N of a host directory) leads out of
	 * the root: getcwd then fails (CVE-2024-21626) */
	char cwd[4096];
	if (!sys_getcwd(cwd, sizeof(cwd)))
		return rt_fail(0, "process.cwd: %s leads out of the container", p->cwd);
	if (p->has_umask)
		umask(p->umask);
	if ((r = lookup(c)) < 0)
		return r;
	/* the init's listener must reach runlet create while it listens,
	 * before the wait for `start` (see process_exec) */
	if (CFG_SECCOMP && filter.len && filter.notify && !c->exec)
		return load_filter(c);
	return 0;
}

/* Before the container's namespaces: close every fd the caller left open
 * to runlet past stdio and --preserve-fds, but for runlet's own. A host
 * directory among them would be a way out, as /proc/self/fd/N in
 * process.cwd or args[0] (CVE-2024-21626); close-on-exec is too late,
 * the exec resolves its path first. */
void process_close_leaked_fds(const struct container *c)
{
	struct dir d;
	const char *n;

	if (dir_open(&d, AT_FDCWD, "/proc/self/fd") < 0)
		return;
	while ((n = dir_next(&d, NULL))) {
		int fd = atoi(n);
		bool keep = fd < 3 + c->preserve_fds || fd == d.fd || fd == c->sync_fd || fd == c->fifo_fd ||
			    fd == c->console_fd || fd == log_fd;
		for (size_t k = 0; CFG_IDMAP && c->idmap_fds && k < c->cfg->n_mounts; k++)
			keep |= fd == c->idmap_fds[k]; /* the idmapped trees, for mount_rootfs */
		if (!keep)
			close(fd);
	}
	dir_close(&d);
}

/* Mark every fd past stdio and --preserve-fds close-on-exec. */
static void close_other_fds(int keep_below)
{
	struct dir d;
	const char *n;

	for (int fd = 3; fd < keep_below; fd++) {
		int fl = sys_fcntl(fd, F_GETFD, 0);
		if (fl >= 0)
			sys_fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
	}
	if (sys_close_range((unsigned)keep_below, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	if (dir_open(&d, AT_FDCWD, "/proc/self/fd") < 0)
		return;
	while ((n = dir_next(&d, NULL))) {
		int fd = atoi(n);
		if (fd >= keep_below && fd != d.fd)
			sys_fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	dir_close(&d);
}

/* The init or the `exec` process cannot run the process: whoever waits
 * for it hears why. `exec` listens on the sync socket; `start` reads
 * exec.fifo back once our end of it is closed (runtime.c release). */
void process_exec_fail(struct container *c, int code)
{
	const char *msg = rt_error();

	if (c->sync_fd >= 0)
		sync_send(c->sync_fd, SYNC_ERROR, 0, msg);
	else if (c->fifo_fd < 0 || write_all(c->fifo_fd, msg, strlen(msg)) < 0)
		logmsg(LOG_ERROR, "%s", msg);
	_exit(code);
}

/* The filter is loaded last, so that it filters the container's program
 * and not runlet: after the user, groups and capabilities, chdir and the
 * cwd check, the program lookup, the wait for `start`, the startContainer
 * hooks, the fd marking, personality and the final CPU affinity. After it
 * runlet makes only these syscalls:
 *   - capset, when noNewPrivileges is false and the process keeps no
 *     CAP_SYS_ADMIN: the kernel takes a filter from such a process only
 *     while it has CAP_SYS_ADMIN, so it was held in the effective set
 *     (set_user) and goes now. runc and crun load the filter before the
 *     user change instead, and runc before its getcwd check too;
 *   - execve;
 *   - if that fails: write (the log) or sendmsg (exec's sync socket),
 *     then exit_group.
 * With NOTIFY rules, `exec` sends the listener fd on (sendmsg, close)
 * before the capset: its runlet listens until the execve. The init's
 * runlet create does not wait for `start`, so the init loads the filter
 * at the end of process_prepare, and then also makes: sendmsg and close
 * (the listener fd, SYNC_READY), read and close (exec.fifo), the
 * startContainer hooks (pipe2, clone, wait4, ...), fcntl and close_range
 * (close_other_fds), personality and sched_setaffinity if asked.
 * A profile that refuses capset or execve (or, for NOTIFY, the above)
 * cannot start its container: that is the profile's problem, as under
 * runc and crun, which make more syscalls after the load. */
void process_exec(struct container *c)
{
	const struct oci_process *p = &c->cfg->process;

	if (p->no_new_privileges && sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		process_exec_fail(c, (rt_fail(errno, "process.noNewPrivileges"), 127));
	close_other_fds(3 + c->preserve_fds);
	int e = 0;
	if (CFG_PERSONALITY && c->cfg->personality &&
	    personality(strcmp(c->cfg->personality, "LINUX32") ? PER_LINUX : PER_LINUX32) < 0)
		e = -rt_fail(errno, "linux.personality: %s", c->cfg->personality);
	if (!e)
		e = -set_affinity(p->cpu_final, "final");
	if (c->preserve_fds > 0) {
		/* socket activation (sd_listen_fds): the passed fds are for us */
		char n[16], pid[16];
		snprintf(n, sizeof(n), "%d", c->preserve_fds);
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		env_set(&c->cfg->process, "LISTEN_FDS", n);
		env_set(&c->cfg->process, "LISTEN_PID", pid);
	}
	if (CFG_SECCOMP && !e && filter.len && !filter_loaded)
		e = -load_filter(c);
	if (!e && hold_admin)
		e = -caps_set(final_caps);
	if (!e) {
		execve(c->exec_path, p->args.v, p->env.v);
		e = errno;
		rt_fail(e, "exec %s", c->exec_path);
	}
	process_exec_fail(c, e == ENOENT ? 127 : 126);
}
