/* cgroup v1, v2 and hybrid hosts: placement and the device allowlist.
 * The layout is read from /proc/self/mountinfo and /proc/self/cgroup. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "util.h"

/* The devices every container gets (runtime-spec config-linux.md, "Default
 * Devices"), plus /dev/console and /dev/pts/ for a terminal. */
static const char *const default_allow[] = {
	"c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm",
	"c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",
};

/* mountinfo: "id parent maj:min root mountpoint opts - fstype source superopts" */
static int parse_mountinfo(struct cgroup *cg)
{
	AUTOFREE char *mi = NULL;
	char *save = NULL;

	if (read_file_at(AT_FDCWD, "/proc/self/mountinfo", &mi, NULL) < 0)
		return rt_fail(errno, "read /proc/self/mountinfo");
	for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[10] = { 0 }, *sep = line, *s2 = NULL;
		int k = 0;

		while (*sep && strncmp(sep, " - ", 3))
			sep++;
		if (!*sep)
			continue;
		*sep = 0;
		for (char *t = strtok_r(line, " ", &s2); t && k < 6; t = strtok_r(NULL, " ", &s2))
			f[k++] = t;
		k = 6;
		for (char *t = strtok_r(sep + 3, " ", &s2); t && k < 9; t = strtok_r(NULL, " ", &s2))
			f[k++] = t;
		if (k < 9 || !f[4] || (strcmp(f[6], "cgroup") && strcmp(f[6], "cgroup2")))
			continue;
		bool v2 = !strcmp(f[6], "cgroup2");
		if ((v2 && !CFG_CGROUP_V2) || (!v2 && !CFG_CGROUP_V1))
			continue;
		/* the controllers of a v1 hierarchy: the super options less rw/ro etc. */
		struct buf name = { 0 };
		char *s3 = NULL;
		if (!v2)
			for (char *o = strtok_r(f[8], ",", &s3); o; o = strtok_r(NULL, ",", &s3)) {
				if (!strcmp(o, "rw") || !strcmp(o, "ro") || !strncmp(o, "release_agent=", 14) ||
				    !strcmp(o, "clone_children") || !strcmp(o, "noprefix") || !strcmp(o, "xattr"))
					continue;
				if (name.len)
					buf_add(&name, ",", 1);
				buf_puts(&name, o);
			}
		/* the same hierarchy mounted twice: keep the first */
		bool dup = false;
		for (size_t j = 0; j < cg->n; j++)
			if (cg->d[j].v2 == v2 && !strcmp(cg->d[j].name, name.p ? name.p : ""))
				dup = true;
		if (dup) {
			free(name.p);
			continue;
		}
		cg->d = xrealloc(cg->d, (cg->n + 1) * sizeof(*cg->d));
		cg->d[cg->n] = (struct cg_dir){ xstrdup(f[4]), name.p ? name.p : xstrdup(""), NULL, v2 };
		cg->n++;
	}
	cg->unified_only = cg->n == 1 && cg->d[0].v2;
	return 0;
}

/* runlet's own cgroup in the hierarchy with these controllers. */
static char *own_cgroup(const char *self, const struct cg_dir *d)
{
	char *copy = xstrdup(self), *save = NULL, *res = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line && !res; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = 0;
		if (d->v2 ? !strcmp(line, "0") && c1[1] == 0 : !strcmp(c1 + 1, d->name))
			res = xstrdup(c2 + 1);
	}
	free(copy);
	return res ? res : xstrdup("/");
}

static int mkdir_p(const char *path)
{
	char tmp[4096];

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* A new v1 cpuset group starts with no cpus and mems, and takes no task
 * until they are set: copy them down from the parent, level by level. */
static void cpuset_fill(const struct cg_dir *d)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	size_t skip = strlen(d->mnt);

	for (const char *p = d->path + skip; p && *p; p = strchr(p + 1, '/')) {
		AUTOFREE char *dir = xasprintf("%.*s", (int)(strchr(p + 1, '/') ? strchr(p + 1, '/') - d->path : (long)strlen(d->path)), d->path);
		AUTOFREE char *parent = xstrdup(dir);
		*strrchr(parent, '/') = 0;
		for (size_t k = 0; k < ARRAY_SIZE(files); k++) {
			AUTOFREE char *pf = xasprintf("%s/%s", parent, files[k]);
			AUTOFREE char *cf = xasprintf("%s/%s", dir, files[k]);
			AUTOFREE char *val = NULL;
			AUTOFREE char *cur = NULL;
			if (read_file_at(AT_FDCWD, cf, &cur, NULL) == 0 && (cur[0] == '\n' || !cur[0]) &&
			    read_file_at(AT_FDCWD, pf, &val, NULL) == 0)
				write_file(cf, val);
		}
	}
}

static int write_at(const char *dir, const char *file, const char *val)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	return write_file(p, val);
}

static int apply_devices(const struct container *c, const struct cg_dir *d)
{
	const struct oci_config *cfg = c->cfg;
	char rule[64], maj[24], min[24];
	int r;

	/* A new v1 devices cgroup inherits its parent's list: start from
	 * nothing, then the config's rules in order, then the defaults. */
	if ((r = write_at(d->path, "devices.deny", "a")) < 0)
		return rt_fail(-r, "%s/devices.deny", d->path);
	for (size_t k = 0; k < cfg->n_dev_rules; k++) {
		const struct oci_dev_rule *x = &cfg->dev_rules[k];
		snprintf(maj, sizeof(maj), x->major < 0 ? "*" : "%lld", (long long)x->major);
		snprintf(min, sizeof(min), x->minor < 0 ? "*" : "%lld", (long long)x->minor);
		if (x->type == 'a' && x->major < 0 && x->minor < 0)
			snprintf(rule, sizeof(rule), "a");
		else
			snprintf(rule, sizeof(rule), "%c %s:%s %s", x->type, maj, min, x->access);
		if ((r = write_at(d->path, x->allow ? "devices.allow" : "devices.deny", rule)) < 0)
			return rt_fail(-r, "linux.resources.devices[%zu]: write \"%s\"", k, rule);
	}
	for (size_t k = 0; k < ARRAY_SIZE(default_allow); k++)
		if ((r = write_at(d->path, "devices.allow", default_allow[k])) < 0)
			return rt_fail(-r, "%s/devices.allow \"%s\"", d->path, default_allow[k]);
	return 0;
}

static void free_cgroup(struct cgroup *cg)
{
	for (size_t k = 0; k < cg->n; k++) {
		free(cg->d[k].mnt);
		free(cg->d[k].name);
		free(cg->d[k].path);
	}
	free(cg->d);
	free(cg);
}

int cgroup_validate(const struct oci_config *cfg)
{
	(void)cfg;
	return 0;
}

int cgroup_plan(struct container *c)
{
	struct cgroup *cg = xcalloc(1, sizeof(*cg));
	AUTOFREE char *self = NULL;
	const char *want = c->cfg->cgroups_path;
	AUTOFREE char *dflt = xasprintf("/runlet/%s", c->id);
	bool have_devices = false;
	int r;

	if ((r = parse_mountinfo(cg)) < 0)
		goto fail;
	if (cg->n == 0) {
		r = rt_fail(0, "no cgroup hierarchy is mounted (see /proc/self/mountinfo)");
		goto fail;
	}
	if (read_file_at(AT_FDCWD, "/proc/self/cgroup", &self, NULL) < 0) {
		r = rt_fail(errno, "read /proc/self/cgroup");
		goto fail;
	}
	if (!want || !*want)
		want = dflt;
	if (str_has(want, "..")) {
		r = rt_fail(0, "linux.cgroupsPath: \"%s\" must not contain \"..\"", want);
		goto fail;
	}
	if (strchr(want, ':')) {
		r = rt_fail(0, "linux.cgroupsPath: \"%s\": the systemd form slice:prefix:name is not supported yet", want);
		goto fail;
	}
	for (size_t k = 0; k < cg->n; k++) {
		struct cg_dir *d = &cg->d[k];
		AUTOFREE char *own = want[0] == '/' ? NULL : own_cgroup(self, d);

		d->path = own ? xasprintf("%s%s/%s", d->mnt, strcmp(own, "/") ? own : "", want)
			      : xasprintf("%s%s", d->mnt, want);
		have_devices |= !d->v2 && !strcmp(d->name, "devices");
	}
	if (!have_devices && c->cfg->n_dev_rules > 0) {
		r = rt_fail(0, "linux.resources.devices: this host has no cgroup v1 devices controller, "
			       "and the cgroup v2 device filter (eBPF) is not implemented yet");
		goto fail;
	}
	c->cg = cg;
	return 0;
fail:
	free_cgroup(cg);
	return r;
}

int cgroup_create(struct container *c)
{
	const struct cgroup *cg = c->cg;
	int r;

	for (size_t k = 0; k < cg->n; k++) {
		const struct cg_dir *d = &cg->d[k];

		if ((r = mkdir_p(d->path)) < 0)
			return rt_fail(-r, "create cgroup %s (linux.cgroupsPath)", d->path);
		if (!d->v2 && str_has(d->name, "cpuset"))
			cpuset_fill(d);
		if (!d->v2 && !strcmp(d->name, "devices") && (r = apply_devices(c, d)) < 0)
			return r;
	}
	return 0;
}

int cgroup_enter(const struct cgroup *cg, pid_t pid)
{
	char pidstr[24];
	int r;

	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	for (size_t k = 0; k < cg->n; k++)
		if ((r = write_at(cg->d[k].path, "cgroup.procs", pidstr)) < 0)
			return rt_fail(-r, "move pid %d into cgroup %s", pid, cg->d[k].path);
	return 0;
}

int cgroup_signal_all(const struct strv *paths, int sig)
{
	AUTOFREE char *procs = NULL;
	AUTOFREE char *list = NULL;
	int count = 0;

	/* Every process of the container is in each of its hierarchies:
	 * one list is enough. */
	if (!paths->n)
		return 0;
	procs = xasprintf("%s/cgroup.procs", paths->v[0]);
	if (read_file_at(AT_FDCWD, procs, &list, NULL) < 0)
		return 0;
	for (char *p = list; *p;) {
		long pid = strtol(p, &p, 10);
		if (pid > 0 && kill((pid_t)pid, sig) == 0)
			count++;
		while (*p == '\n')
			p++;
	}
	return count;
}

int cgroup_destroy(const struct strv *paths)
{
	int r = 0;

	for (size_t k = 0; k < paths->n; k++) {
		/* An exiting task keeps the group busy for a moment. */
		for (int tries = 0; rmdir(paths->v[k]) < 0 && errno != ENOENT; tries++) {
			if (errno != EBUSY || tries == 200) {
				r = rt_fail(errno, "remove cgroup %s", paths->v[k]);
				break;
			}
			struct timespec ts = { 0, 5 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	return r;
}
