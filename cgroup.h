#ifndef RUNLET_CGROUP_H
#define RUNLET_CGROUP_H

#include "container.h"

/* One hierarchy the container has a directory in. */
struct cg_dir {
	char *mnt;   /* where the hierarchy is mounted on the host */
	char *name;  /* "memory", "cpu,cpuacct", "name=systemd"; "" for cgroup2 */
	char *path;  /* the container's directory, absolute on the host */
	bool v2;
};

struct cgroup {
	struct cg_dir *d;
	size_t n;
	bool unified_only; /* a pure cgroup v2 host */
	char *v2_controllers; /* what the v2 root offers ("cpu memory pids ...") */
};

/* Find the hierarchies and the container's directory in each (c->cg);
 * refuse what this host cannot do. Makes nothing. */
int cgroup_plan(struct container *c);
/* Make the directories and apply linux.resources. On failure the caller
 * removes them (cgroup_destroy). */
int cgroup_create(struct container *c);
/* The device allowlist (v1 devices controller or v2 eBPF filter), after
 * the init has made its device nodes. */
int cgroup_devices(struct container *c);
/* Move pid into the container's directory of every hierarchy. */
int cgroup_enter(const struct cgroup *cg, pid_t pid);
/* The same for an existing container's directories (exec). */
int cgroup_enter_paths(const struct strv *paths, pid_t pid);
/* Remove the directories and the groups below them (no process must be
 * left in any). */
int cgroup_destroy(const struct strv *paths);
/* Signal every process in the container's cgroup and the groups below
 * it; returns how many. */
int cgroup_signal_all(const struct strv *paths, int sig);
/* The pids of the container's cgroup and the groups below it, one a
 * line (malloc'd; "" for none). */
char *cgroup_procs(const struct strv *paths);
/* devfilter.c: the cgroup v2 device filter for these rules (then the
 * defaults, always allowed), attached to cgroup_dir. */
int devfilter_attach(const char *cgroup_dir, const struct oci_dev_rule *rules, size_t n,
		     const char *const *defaults, size_t ndefaults);
/* Apply new limits to an existing container (update). */
int cgroup_update(const struct strv *paths, const struct oci_resources *res);
/* Freeze or thaw every process of the container (pause/resume). */
int cgroup_freeze(const struct strv *paths, bool freeze);
bool cgroup_frozen(const struct strv *paths);
/* events.c: print stats once, or stats every interval (Go duration,
 * default 5s) and OOM kills until the cgroup is empty. */
int cgroup_events(const struct strv *paths, const char *id, bool stats_once, const char *interval);
/* Validate what linux.resources asks of this host, before anything is made. */
int cgroup_validate(const struct oci_config *cfg);

#endif
