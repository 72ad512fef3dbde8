/* cgroup v1, v2 and hybrid hosts: placement and the device allowlist.
 * The layout is read from /proc/self/mountinfo and /proc/self/cgroup.
 * Built without cgroup support (config.h, CFG_CGROUP_V2), the container
 * has no cgroup directory: every function here is then a no-op, the rest
 * of the file is dropped, and what needs a cgroup is refused elsewhere. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "sys.h"
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
	for (size_t k = 0; k < cg->n; k++)
		if (cg->d[k].v2) {
			AUTOFREE char *f = xasprintf("%s/cgroup.controllers", cg->d[k].mnt);
			if (read_file_at(AT_FDCWD, f, &cg->v2_controllers, NULL) < 0)
				cg->v2_controllers = NULL;
		}
	return 0;
}

static bool in_list(const char *list, const char *word, char sep)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, sep == ',' ? ",\n" : " \n");
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len;
		p += strspn(p, " ,\n");
	}
	return false;
}

/* Where a controller lives: a v1 hierarchy of that name, else the v2
 * hierarchy when its root offers it; NULL when this host has neither. */
static const struct cg_dir *ctrl_dir(const struct cgroup *cg, const char *ctrl)
{
	for (size_t k = 0; k < cg->n; k++)
		if (!cg->d[k].v2 && in_list(cg->d[k].name, ctrl, ','))
			return &cg->d[k];
	for (size_t k = 0; k < cg->n; k++)
		if (cg->d[k].v2 && in_list(cg->v2_controllers, strcmp(ctrl, "blkio") ? ctrl : "io", ' '))
			return &cg->d[k];
	return NULL;
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

/* RUNLET_DEVICES=ebpf: the eBPF filter even where a v1 devices
 * controller exists (hybrid hosts), so its path is tested there. */
static bool ebpf_devices(void)
{
	const char *e = getenv("RUNLET_DEVICES");

	return e && !strcmp(e, "ebpf");
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

/* The directories' strings freed: none is left (cg->d stays). */
static void clear_dirs(struct cgroup *cg)
{
	for (size_t k = 0; k < cg->n; k++) {
		free(cg->d[k].mnt);
		free(cg->d[k].name);
		free(cg->d[k].path);
	}
	cg->n = 0;
}

static void free_cgroup(struct cgroup *cg)
{
	clear_dirs(cg);
	free(cg->d);
	free(cg);
}

int cgroup_validate(const struct oci_config *cfg)
{
	(void)cfg;
	return 0;
}


/* ---- linux.resources ---- */

struct res_need {
	const char *ctrl, *field;
	bool asked;
};

static bool blkio_asked(const struct oci_resources *r)
{
	size_t n = 0;

	for (int k = 0; k < 5; k++)
		n += r->n_blkio_dev[k];
	return r->blkio_weight || r->blkio_leaf_weight || n;
}

/* linux.resources.unified: raw cgroup v2 files, named without a path. */
static int check_unified(const struct cgroup *cg, const struct kvv *u)
{
	bool v2 = false;

	for (size_t k = 0; k < cg->n; k++)
		v2 |= cg->d[k].v2;
	if (u->n && !v2)
		return rt_fail(0, "linux.resources.unified: this host has no cgroup v2 hierarchy");
	for (size_t k = 0; k < u->n; k++)
		if (!*u->v[k].key || strchr(u->v[k].key, '/') || str_has(u->v[k].key, ".."))
			return rt_fail(0, "linux.resources.unified.%s: not a cgroup file name", u->v[k].key);
	return 0;
}

/* Each requested field needs its controller on this host. */
static int check_resources(const struct cgroup *cg, const struct oci_resources *r)
{
	const struct res_need need[] = {
		{ "memory", "memory", r->has_mem_limit || r->has_mem_reservation || r->has_mem_swap ||
					      r->has_mem_kernel_tcp || r->has_swappiness || r->disable_oom },
		{ "cpu", "cpu", r->has_shares || r->has_quota || r->has_period || r->has_burst ||
					r->has_rt_runtime || r->has_rt_period || r->has_idle },
		{ "cpuset", "cpu.cpus/mems", (r->cpus && *r->cpus) || (r->mems && *r->mems) },
		{ "pids", "pids", r->has_pids && r->pids_limit != 0 },
		{ "blkio", "blockIO", blkio_asked(r) },
		{ "hugetlb", "hugepageLimits", r->n_hugepages },
		{ "net_cls", "network.classID", r->has_classid && r->classid },
		{ "net_prio", "network.priorities", r->n_prios },
		{ "rdma", "rdma", r->n_rdma },
	};
	for (size_t k = 0; k < ARRAY_SIZE(need); k++) {
		const struct cg_dir *d;
		if (!need[k].asked)
			continue;
		if (!(d = ctrl_dir(cg, need[k].ctrl)))
			return rt_fail(0, "linux.resources.%s: this host has no %s cgroup controller", need[k].field,
				       need[k].ctrl);
		if (!d->v2)
			continue;
		/* what cgroup v2 has no file for */
		if (!strcmp(need[k].ctrl, "memory") && (r->has_swappiness || r->disable_oom || r->has_mem_kernel_tcp))
			return rt_fail(0, "linux.resources.memory.%s: not available with cgroup v2",
				       r->has_swappiness ? "swappiness" : r->disable_oom ? "disableOOMKiller" : "kernelTCP");
		if (!strcmp(need[k].ctrl, "cpu") && (r->has_rt_runtime || r->has_rt_period))
			return rt_fail(0, "linux.resources.cpu.realtime%s: not available with cgroup v2",
				       r->has_rt_runtime ? "Runtime" : "Period");
		if (!strcmp(need[k].ctrl, "blkio") && r->blkio_leaf_weight)
			return rt_fail(0, "linux.resources.blockIO.leafWeight: not available with cgroup v2");
		if (!strcmp(need[k].ctrl, "memory") && r->has_mem_swap && r->mem_swap > 0 &&
		    (!r->has_mem_limit || r->mem_limit < 0 || r->mem_swap < r->mem_limit))
			return rt_fail(0, "linux.resources.memory.swap: with cgroup v2 it needs a memory.limit "
				       "no larger than it (swap is memory+swap, as on v1)");
	}
	if (check_unified(cg, &r->unified) < 0)
		return -EINVAL;
	if (r->has_mem_kernel)
		warnx("linux.resources.memory.kernel: kernel memory limits are deprecated by the kernel: ignored");
	return 0;
}

static int setf(const struct cg_dir *d, const char *field, const char *file, const char *fmt, ...)
	PRINTF(4, 5);
static int setf(const struct cg_dir *d, const char *field, const char *file, const char *fmt, ...)
{
	char val[64];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if ((r = write_at(d->path, file, val)) < 0)
		return rt_fail(-r, "linux.resources.%s: write \"%s\" to %s/%s", field, val, d->path, file);
	return 0;
}

/* -1 (or any negative) is "no limit". */
static const char *lim(int64_t v, bool v2, char *buf, size_t n)
{
	if (v < 0)
		return v2 ? "max" : "-1";
	snprintf(buf, n, "%lld", (long long)v);
	return buf;
}

static int apply_memory(const struct cg_dir *d, const struct oci_resources *r)
{
	char b[24];
	int e = 0;

	if (!d->v2) {
		if (r->has_mem_limit && (e = setf(d, "memory.limit", "memory.limit_in_bytes", "%s", lim(r->mem_limit, false, b, 24))))
			return e;
		if (r->has_mem_swap && r->mem_swap != 0 &&
		    (e = setf(d, "memory.swap", "memory.memsw.limit_in_bytes", "%s", lim(r->mem_swap, false, b, 24))))
			return e;
		if (r->has_mem_reservation &&
		    (e = setf(d, "memory.reservation", "memory.soft_limit_in_bytes", "%s", lim(r->mem_reservation, false, b, 24))))
			return e;
		if (r->has_mem_kernel_tcp &&
		    (e = setf(d, "memory.kernelTCP", "memory.kmem.tcp.limit_in_bytes", "%s", lim(r->mem_kernel_tcp, false, b, 24))))
			return e;
		if (r->has_swappiness && (e = setf(d, "memory.swappiness", "memory.swappiness", "%llu", (unsigned long long)r->swappiness)))
			return e;
		if (r->disable_oom && (e = setf(d, "memory.disableOOMKiller", "memory.oom_control", "1")))
			return e;
		if (r->has_use_hierarchy &&
		    (e = setf(d, "memory.useHierarchy", "memory.use_hierarchy", "%d", r->use_hierarchy)) && r->use_hierarchy)
			return e;
		return 0;
	}
	if (r->has_mem_limit && (e = setf(d, "memory.limit", "memory.max", "%s", lim(r->mem_limit, true, b, 24))))
		return e;
	if (r->has_mem_reservation && (e = setf(d, "memory.reservation", "memory.low", "%s", lim(r->mem_reservation, true, b, 24))))
		return e;
	/* OCI's swap is memory+swap; v2's memory.swap.max is the swap alone */
	if (r->has_mem_swap && r->mem_swap != 0 &&
	    (e = setf(d, "memory.swap", "memory.swap.max", "%s",
		      lim(r->mem_swap < 0 ? -1 : r->mem_swap - r->mem_limit, true, b, 24))))
		return e;
	return 0;
}

static int apply_cpu(const struct cg_dir *d, const struct oci_resources *r)
{
	int e = 0;

	if (!d->v2) {
		/* the period first: a quota is checked against it */
		if (r->has_period && (e = setf(d, "cpu.period", "cpu.cfs_period_us", "%llu", (unsigned long long)r->period)))
			return e;
		if (r->has_quota && (e = setf(d, "cpu.quota", "cpu.cfs_quota_us", "%lld", (long long)r->quota)))
			return e;
		if (r->has_burst && (e = setf(d, "cpu.burst", "cpu.cfs_burst_us", "%llu", (unsigned long long)r->burst)))
			return e;
		if (r->has_shares && r->shares && (e = setf(d, "cpu.shares", "cpu.shares", "%llu", (unsigned long long)r->shares)))
			return e;
		if (r->has_rt_period && (e = setf(d, "cpu.realtimePeriod", "cpu.rt_period_us", "%llu", (unsigned long long)r->rt_period)))
			return e;
		if (r->has_rt_runtime && (e = setf(d, "cpu.realtimeRuntime", "cpu.rt_runtime_us", "%lld", (long long)r->rt_runtime)))
			return e;
	} else {
		/* shares (2..262144) to weight (1..10000), as runc converts */
		if (r->has_shares && r->shares) {
			uint64_t s = r->shares < 2 ? 2 : r->shares > 262144 ? 262144 : r->shares;
			if ((e = setf(d, "cpu.shares", "cpu.weight", "%llu", (unsigned long long)(1 + ((s - 2) * 9999) / 262142))))
				return e;
		}
		if (r->has_quota || r->has_period) {
			char q[24];
			uint64_t period = r->has_period && r->period ? r->period : 100000;
			if (r->has_quota && r->quota > 0)
				snprintf(q, sizeof(q), "%lld", (long long)r->quota);
			else
				snprintf(q, sizeof(q), "max");
			if ((e = setf(d, r->has_quota ? "cpu.quota" : "cpu.period", "cpu.max", "%s %llu", q,
				      (unsigned long long)period)))
				return e;
		}
		if (r->has_burst && (e = setf(d, "cpu.burst", "cpu.max.burst", "%llu", (unsigned long long)r->burst)))
			return e;
	}
	if (r->has_idle && (e = setf(d, "cpu.idle", "cpu.idle", "%lld", (long long)r->idle)))
		return e;
	return 0;
}

static bool has_file(const struct cg_dir *d, const char *file)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", d->path, file);
	return access(p, F_OK) == 0;
}

/* v2 io.weight is 1..10000: blkio's 10..1000 scaled, as runc does */
static unsigned io_weight(uint64_t w)
{
	return w < 10 ? 1 : (unsigned)(1 + (w - 10) * 9999 / 990);
}

/* BFQ's weight files where the kernel has them (CFQ's blkio.weight went
 * with CFQ in 5.0); the throttle lists as v1 files or v2 io.max keys. */
static int apply_blkio(const struct cg_dir *d, const struct oci_resources *r)
{
	static const char *const json[] = { "ReadBps", "WriteBps", "ReadIOPS", "WriteIOPS" };
	static const char *const v1[] = { "read_bps", "write_bps", "read_iops", "write_iops" };
	static const char *const v2[] = { "rbps", "wbps", "riops", "wiops" };
	const char *wf = d->v2 ? (has_file(d, "io.bfq.weight") ? "io.bfq.weight" : "io.weight")
			       : (has_file(d, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight");
	const char *wdf = d->v2 ? wf : has_file(d, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
	bool scale = !strcmp(wf, "io.weight");
	char field[64], file[48];
	int e;

	if (r->blkio_weight && (e = setf(d, "blockIO.weight", wf, "%u", scale ? io_weight(r->blkio_weight) : r->blkio_weight)))
		return e;
	if (r->blkio_leaf_weight && (e = setf(d, "blockIO.leafWeight", "blkio.leaf_weight", "%u", r->blkio_leaf_weight)))
		return e;
	for (size_t k = 0; k < r->n_blkio_dev[0]; k++) {
		const struct oci_blkio_dev *x = &r->blkio_dev[0][k];
		snprintf(field, sizeof(field), "blockIO.weightDevice[%zu]", k);
		if (x->weight && (e = setf(d, field, wdf, "%u:%u %u", x->major, x->minor, scale ? io_weight(x->weight) : x->weight)))
			return e;
		if (x->leaf_weight && (e = setf(d, field, "blkio.leaf_weight_device", "%u:%u %u", x->major, x->minor, x->leaf_weight)))
			return e;
	}
	for (int t = 1; t < 5; t++)
		for (size_t k = 0; k < r->n_blkio_dev[t]; k++) {
			const struct oci_blkio_dev *x = &r->blkio_dev[t][k];
			char rate[24];
			snprintf(field, sizeof(field), "blockIO.throttle%sDevice[%zu]", json[t - 1], k);
			snprintf(file, sizeof(file), "blkio.throttle.%s_device", v1[t - 1]);
			/* 0 is "no limit", as on v1 */
			if ((e = d->v2 ? setf(d, field, "io.max", "%u:%u %s=%s", x->major, x->minor, v2[t - 1],
					      lim(x->rate ? (int64_t)x->rate : -1, true, rate, sizeof(rate)))
				       : setf(d, field, file, "%u:%u %llu", x->major, x->minor, (unsigned long long)x->rate)))
				return e;
		}
	return 0;
}

/* hugetlb.<size>.limit_in_bytes (v1) or .max (v2), and the reservation
 * limit beside it where the kernel has one (as runc does). */
static int apply_hugetlb(const struct cg_dir *d, const struct oci_resources *r)
{
	for (size_t k = 0; k < r->n_hugepages; k++) {
		const struct oci_hugepage *h = &r->hugepages[k];
		char field[48], file[64];
		int e;

		snprintf(field, sizeof(field), "hugepageLimits[%zu]", k);
		for (int rsvd = 0; rsvd < 2; rsvd++) {
			snprintf(file, sizeof(file), "hugetlb.%s%s.%s", h->page_size, rsvd ? ".rsvd" : "",
				 d->v2 ? "max" : "limit_in_bytes");
			if (!has_file(d, file)) {
				if (rsvd)
					break;
				return rt_fail(0, "linux.resources.%s.pageSize: this host has no %s huge pages (no %s/%s)",
					       field, h->page_size, d->path, file);
			}
			if ((e = setf(d, field, file, "%llu", (unsigned long long)h->limit)))
				return e;
		}
	}
	return 0;
}

static int apply_net_rdma(const struct cgroup *cg, const struct oci_resources *r)
{
	const struct cg_dir *d;
	char field[64], h[32], o[32];
	int e;

	if ((d = ctrl_dir(cg, "net_cls")) && r->has_classid &&
	    (e = setf(d, "network.classID", "net_cls.classid", "%u", r->classid)))
		return e;
	for (size_t k = 0; (d = ctrl_dir(cg, "net_prio")) && k < r->n_prios; k++) {
		snprintf(field, sizeof(field), "network.priorities[%zu]", k);
		if ((e = setf(d, field, "net_prio.ifpriomap", "%s %u", r->prios[k].name, r->prios[k].priority)))
			return e;
	}
	for (size_t k = 0; (d = ctrl_dir(cg, "rdma")) && k < r->n_rdma; k++) {
		const struct oci_rdma *x = &r->rdma[k];
		snprintf(field, sizeof(field), "rdma.%s", x->device);
		snprintf(h, sizeof(h), x->has_handles ? " hca_handle=%u" : "", x->handles);
		snprintf(o, sizeof(o), x->has_objects ? " hca_object=%u" : "", x->objects);
		if ((x->has_handles || x->has_objects) && (e = setf(d, field, "rdma.max", "%s%s%s", x->device, h, o)))
			return e;
	}
	return 0;
}

/* unified: each key a file of the container's v2 group, written last so
 * that it wins over the fields above (as runc). */
static int apply_unified(const struct cgroup *cg, const struct kvv *u)
{
	for (size_t j = 0; j < u->n; j++)
		for (size_t k = 0; k < cg->n; k++) {
			const struct cg_dir *d = &cg->d[k];
			int e;
			if (!d->v2)
				continue;
			if (!has_file(d, u->v[j].key))
				return rt_fail(0, "linux.resources.unified.%s: no such file in the container's cgroup %s "
					       "(is its controller available?)", u->v[j].key, d->path);
			if ((e = write_at(d->path, u->v[j].key, u->v[j].value)) < 0)
				return rt_fail(-e, "linux.resources.unified.%s: write \"%s\" to %s", u->v[j].key,
					       u->v[j].value, d->path);
			break;
		}
	return 0;
}

static int apply_resources(const struct cgroup *cg, const struct oci_resources *r)
{
	const struct cg_dir *d;
	int e;

	if ((d = ctrl_dir(cg, "memory")) && (e = apply_memory(d, r)) < 0) {
		/* update: a v1 limit above the old memory+swap needs the swap
		 * limit raised first; try that order once */
		if (d->v2 || !r->has_mem_limit || !r->has_mem_swap)
			return e;
		rt_clear();
		struct oci_resources swap_first = *r;
		swap_first.has_mem_limit = false;
		if ((e = apply_memory(d, &swap_first)) < 0 || (e = apply_memory(d, r)) < 0)
			return e;
	}
	if ((d = ctrl_dir(cg, "cpu")) && (e = apply_cpu(d, r)) < 0)
		return e;
	if ((d = ctrl_dir(cg, "cpuset"))) {
		if (r->cpus && *r->cpus && (e = setf(d, "cpu.cpus", "cpuset.cpus", "%s", r->cpus)) < 0)
			return e;
		if (r->mems && *r->mems && (e = setf(d, "cpu.mems", "cpuset.mems", "%s", r->mems)) < 0)
			return e;
	}
	if ((d = ctrl_dir(cg, "pids")) && r->has_pids && r->pids_limit != 0) {
		char b[24];
		if ((e = setf(d, "pids.limit", "pids.max", "%s", lim(r->pids_limit, true, b, sizeof(b)))) < 0)
			return e;
	}
	if ((d = ctrl_dir(cg, "blkio")) && (e = apply_blkio(d, r)) < 0)
		return e;
	if ((d = ctrl_dir(cg, "hugetlb")) && (e = apply_hugetlb(d, r)) < 0)
		return e;
	if ((e = apply_net_rdma(cg, r)) < 0)
		return e;
	return apply_unified(cg, &r->unified);
}

/* cgroup v2: a controller works in a group only when every ancestor
 * lists it in cgroup.subtree_control. */
static int enable_ctrl(const struct cgroup *cg, const char *ctrl)
{
	const struct cg_dir *d = ctrl_dir(cg, ctrl);

	if (!d || !d->v2)
		return 0;
	AUTOFREE char *path = xstrdup(d->path), *val = xasprintf("+%s", strcmp(ctrl, "blkio") ? ctrl : "io");
	for (char *p = path + strlen(d->mnt); (p = strchr(p, '/'));) {
		*p = 0;
		int e = write_at(path, "cgroup.subtree_control", val);
		*p++ = '/';
		if (e < 0)
			return rt_fail(-e, "linux.resources: enable the %s controller in %s/cgroup.subtree_control", val + 1,
				       path);
	}
	return 0;
}

static int enable_v2(const struct cgroup *cg, const struct oci_resources *r)
{
	static const char *const ctrls[] = { "memory", "cpu", "cpuset", "pids", "blkio", "hugetlb", "rdma" };
	const bool used[] = {
		r->has_mem_limit || r->has_mem_reservation || r->has_mem_swap,
		r->has_shares || r->has_quota || r->has_period || r->has_burst || r->has_idle,
		(r->cpus && *r->cpus) || (r->mems && *r->mems),
		r->has_pids && r->pids_limit != 0,
		blkio_asked(r),
		r->n_hugepages,
		r->n_rdma,
	};
	int e;

	for (size_t k = 0; k < ARRAY_SIZE(ctrls); k++)
		if (used[k] && (e = enable_ctrl(cg, ctrls[k])) < 0)
			return e;
	/* a unified key's controller is the start of its name ("memory.high") */
	for (size_t k = 0; k < r->unified.n; k++) {
		char c[32];
		snprintf(c, sizeof(c), "%.*s", (int)strcspn(r->unified.v[k].key, "."), r->unified.v[k].key);
		if (strcmp(c, "cgroup") && (e = enable_ctrl(cg, c)) < 0)
			return e;
	}
	return 0;
}

/* "a-b.slice" -> "/a.slice/a-b.slice" (systemd's slice nesting). */
static bool expand_slice(struct buf *b, const char *slice)
{
	size_t n = strlen(slice);

	if (n < 6 || strcmp(slice + n - 6, ".slice") || strchr(slice, '/'))
		return false;
	if (!strcmp(slice, "-.slice"))
		return true; /* the root slice */
	for (const char *p = slice; (p = strchr(p, '-')); p++) {
		if (p == slice || p[1] == '-' || p[1] == '.')
			return false;
		buf_printf(b, "/%.*s.slice", (int)(p - slice), slice);
	}
	buf_printf(b, "/%s", slice);
	return true;
}

/* The systemd form "slice:prefix:name" (podman --systemd-cgroup), as the
 * cgroupfs path systemd itself would use: no systemd or D-Bus needed. */
static const char *systemd_path(const char *want, char **out)
{
	AUTOFREE char *copy = xstrdup(want);
	char *prefix = strchr(copy, ':'), *name = prefix ? strchr(prefix + 1, ':') : NULL;
	struct buf b = { 0 };

	if (!name || strchr(name + 1, ':')) {
		rt_fail(0, "linux.cgroupsPath: \"%s\": expected slice:prefix:name", want);
		return NULL;
	}
	*prefix++ = 0;
	*name++ = 0;
	if (!expand_slice(&b, *copy ? copy : "system.slice") || !*name || strchr(name, '/') ||
	    strchr(prefix, '/')) {
		free(b.p);
		rt_fail(0, "linux.cgroupsPath: \"%s\": not a valid systemd slice:prefix:name", want);
		return NULL;
	}
	/* a name that is a slice is the unit itself; else prefix-name.scope */
	size_t n = strlen(name);
	if (n > 6 && !strcmp(name + n - 6, ".slice")) {
		b.len = 0;
		if (!expand_slice(&b, name)) {
			free(b.p);
			rt_fail(0, "linux.cgroupsPath: \"%s\": not a valid slice name", want);
			return NULL;
		}
	} else {
		buf_printf(&b, "/%s%s%s.scope", prefix, *prefix ? "-" : "", name);
	}
	*out = b.p;
	return b.p;
}

/* The first field of linux.resources that asks for anything (its name
 * under linux.resources), or NULL.
 * Zero where apply_*() takes it as "not given" (pids, shares, swap,
 * classID: engines send those) asks nothing. The device list counts:
 * even a lone deny-all is a restriction only a cgroup enforces. */
static const char *res_asked(const struct oci_config *cfg)
{
	const struct oci_resources *r = &cfg->res;
	size_t blk = 0;

	for (int k = 0; k < 5; k++)
		blk += r->n_blkio_dev[k];
	if (r->has_mem_limit || r->has_mem_reservation || (r->has_mem_swap && r->mem_swap) || r->has_mem_kernel ||
	    r->has_mem_kernel_tcp || r->has_swappiness || r->has_disable_oom || r->has_use_hierarchy)
		return "memory";
	if ((r->has_shares && r->shares) || r->has_quota || r->has_period || r->has_burst || r->has_rt_runtime ||
	    r->has_rt_period || r->has_idle || (r->cpus && *r->cpus) || (r->mems && *r->mems))
		return "cpu";
	if (r->has_pids && r->pids_limit)
		return "pids";
	if (r->blkio_weight || r->blkio_leaf_weight || blk)
		return "blockIO";
	if (r->n_hugepages)
		return "hugepageLimits";
	if ((r->has_classid && r->classid) || r->n_prios)
		return "network";
	if (r->n_rdma)
		return "rdma";
	if (r->unified.n)
		return "unified";
	return cfg->n_dev_rules ? "devices" : NULL;
}

/* Could the directory be made (or, when it exists, written)? Asked of
 * the nearest existing ancestor, making nothing: EROFS on a read-only
 * cgroupfs, EACCES where we may not write. */
static int probe_writable(const char *path)
{
	AUTOFREE char *p = xstrdup(path);

	for (char *s;;) {
		if (access(p, W_OK) == 0)
			return 0;
		if (errno != ENOENT || !(s = strrchr(p, '/')) || s == p)
			return errno == ENOENT ? 0 : -errno;
		*s = 0;
	}
}

/* No cgroup can be made here. Without one, the container's pid namespace
 * holds its processes (as in a build without cgroup support), and nothing
 * may be asked that only a cgroup gives: else an error naming it. */
static int go_without(struct container *c, struct cgroup *cg, const char *dir, int err)
{
	const struct oci_config *cfg = c->cfg;
	const char *field = res_asked(cfg);

	if (field)
		return rt_fail(err, "linux.resources.%s: needs the container's cgroup, but %s cannot be made", field, dir);
	if (cfg->cgroups_path && *cfg->cgroups_path)
		return rt_fail(err, "linux.cgroupsPath: cgroup %s cannot be made", dir);
	if (!cfg->ns[NS_PID].present || cfg->ns[NS_PID].path)
		return rt_fail(err, "linux.namespaces: without a cgroup, a new \"pid\" namespace is required, "
			       "and cgroup %s cannot be made", dir);
	debug("cgroup %s cannot be made (%s) and linux.resources asks for nothing: the container runs "
	      "without a cgroup of its own", dir, strerror(err));
	clear_dirs(cg);
	cg->unified_only = false;
	return 0;
}

int cgroup_plan(struct container *c)
{
	AUTOFREE char *sdpath = NULL;
	struct cgroup *cg = xcalloc(1, sizeof(*cg));
	AUTOFREE char *self = NULL;
	const char *want = c->cfg->cgroups_path;
	AUTOFREE char *dflt = NULL;
	bool have_devices = false;
	int r;

	if (!CFG_CGROUPS) {
		c->cg = cg; /* no directory: n is 0 */
		return 0;
	}
	dflt = xasprintf("/runlet/%s", c->id);
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
	if (strchr(want, ':') && !(want = systemd_path(want, &sdpath)))
		goto fail_r;
	for (size_t k = 0; k < cg->n; k++) {
		struct cg_dir *d = &cg->d[k];
		AUTOFREE char *own = want[0] == '/' ? NULL : own_cgroup(self, d);

		d->path = own ? xasprintf("%s%s/%s", d->mnt, strcmp(own, "/") ? own : "", want)
			      : xasprintf("%s%s", d->mnt, want);
		have_devices |= d->v2 || !strcmp(d->name, "devices");
	}
	/* the device allowlist is a security boundary: no way to apply it,
	 * no container */
	if (!have_devices) {
		r = rt_fail(0, "linux.resources.devices: this host has neither the cgroup v1 devices "
			       "controller nor cgroup v2 (for the eBPF device filter)");
		goto fail;
	}
	if ((r = check_resources(cg, &c->cfg->res)) < 0)
		goto fail;
	/* Never share a cgroup: delete would kill the other's processes
	 * (runc 1.1 only warns). -EBUSY tells runtime.c's lookup of a lost
	 * container that its default cgroup is in use. */
	struct strv first = { &cg->d[0].path, 1 };
	if (cgroup_signal_all(&first, 0) > 0) {
		rt_fail(0, "cgroup %s already holds processes (another container's, or one whose state "
			   "directory was removed while it ran)", cg->d[0].path);
		r = -EBUSY;
		goto fail;
	}
	for (size_t k = 0; k < cg->n; k++)
		if ((r = probe_writable(cg->d[k].path)) == -EROFS || r == -EACCES || r == -EPERM) {
			AUTOFREE char *dir = xstrdup(cg->d[k].path);
			if ((r = go_without(c, cg, dir, -r)) < 0)
				goto fail;
			break;
		}
	c->cg = cg;
	return 0;
fail_r:
	r = -EINVAL;
fail:
	free_cgroup(cg);
	return r;
}

int cgroup_create(struct container *c)
{
	const struct cgroup *cg = c->cg;
	int r;

	if (!CFG_CGROUPS)
		return 0;
	for (size_t k = 0; k < cg->n; k++) {
		const struct cg_dir *d = &cg->d[k];

		if ((r = mkdir_p(d->path)) < 0)
			return rt_fail(-r, "create cgroup %s (linux.cgroupsPath)", d->path);
		if (!d->v2 && str_has(d->name, "cpuset"))
			cpuset_fill(d);
	}
	if ((r = enable_v2(cg, &c->cfg->res)) < 0)
		return r;
	return apply_resources(cg, &c->cfg->res);
}

/* The device allowlist, once the init has made the rootfs's device nodes
 * (linux.devices among them: mknod is itself a device access) and before
 * it runs anything of the container's, as runc does. */
int cgroup_devices(struct container *c)
{
	const struct cgroup *cg = c->cg;
	const struct cg_dir *dev = CFG_CGROUPS ? ctrl_dir(cg, "devices") : NULL;
	int r;

	if (!CFG_CGROUPS)
		return 0;
	if (dev && !dev->v2 && !ebpf_devices())
		return apply_devices(c, dev);
	/* cgroup v2: the eBPF device filter */
	for (size_t k = 0; k < cg->n; k++)
		if (cg->d[k].v2) {
			if ((r = devfilter_attach(cg->d[k].path, c->cfg->dev_rules, c->cfg->n_dev_rules, default_allow,
						  ARRAY_SIZE(default_allow))) < 0)
				return r;
			break;
		}
	return 0;
}

/* A counter file of the group (memory.current, ...); 0 if none. */
static uint64_t read_u64(const struct cg_dir *d, const char *file)
{
	AUTOFREE char *p = xasprintf("%s/%s", d->path, file);
	AUTOFREE char *s = NULL;

	return read_file_at(AT_FDCWD, p, &s, NULL) < 0 ? 0 : strtoull(s, NULL, 10);
}

/* memory.checkBeforeUpdate: no new limit at or below what the group
 * uses now (runc's check), rather than an OOM kill right away. Swap is
 * memory+swap, as on v1. */
static int check_usage(const struct cgroup *cg, const struct oci_resources *r)
{
	const struct cg_dir *d = ctrl_dir(cg, "memory");
	uint64_t mem, sw;

	if (!r->check_before_update || !d)
		return 0;
	mem = read_u64(d, d->v2 ? "memory.current" : "memory.usage_in_bytes");
	sw = d->v2 ? mem + read_u64(d, "memory.swap.current") : read_u64(d, "memory.memsw.usage_in_bytes");
	if (r->has_mem_limit && r->mem_limit > 0 && (uint64_t)r->mem_limit <= mem)
		return rt_fail(0, "linux.resources.memory.limit: %lld is not above the current usage %llu "
			       "(memory.checkBeforeUpdate)", (long long)r->mem_limit, (unsigned long long)mem);
	if (r->has_mem_swap && r->mem_swap > 0 && sw && (uint64_t)r->mem_swap <= sw)
		return rt_fail(0, "linux.resources.memory.swap: %lld is not above the current memory+swap usage %llu "
			       "(memory.checkBeforeUpdate)", (long long)r->mem_swap, (unsigned long long)sw);
	return 0;
}

/* `update`: the hierarchies found again, each matched to one of the
 * container's directories, then the same writes as at create. */
int cgroup_update(const struct strv *paths, const struct oci_resources *res)
{
	struct cgroup *cg = xcalloc(1, sizeof(*cg));
	int r;

	if ((r = parse_mountinfo(cg)) < 0)
		return r;
	for (size_t k = 0; k < cg->n; k++)
		for (size_t j = 0; j < paths->n && !cg->d[k].path; j++) {
			size_t n = strlen(cg->d[k].mnt);
			if (!strncmp(paths->v[j], cg->d[k].mnt, n) && paths->v[j][n] == '/')
				cg->d[k].path = xstrdup(paths->v[j]);
		}
	/* a hierarchy the container has no directory in cannot be used */
	size_t keep = 0;
	for (size_t k = 0; k < cg->n; k++)
		if (cg->d[k].path)
			cg->d[keep++] = cg->d[k];
	cg->n = keep;
	if ((r = check_resources(cg, res)) < 0 || (r = check_usage(cg, res)) < 0 || (r = enable_v2(cg, res)) < 0)
		return r;
	return apply_resources(cg, res);
}

static int enter(const char *dir, pid_t pid)
{
	char pidstr[24];
	int r;

	if (!CFG_CGROUPS)
		return 0;
	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	if ((r = write_at(dir, "cgroup.procs", pidstr)) < 0)
		return rt_fail(-r, "move pid %d into cgroup %s", pid, dir);
	return 0;
}

int cgroup_enter(const struct cgroup *cg, pid_t pid)
{
	int r;

	for (size_t k = 0; k < cg->n; k++)
		if ((r = enter(cg->d[k].path, pid)) < 0)
			return r;
	return 0;
}

int cgroup_enter_paths(const struct strv *paths, pid_t pid)
{
	int r;

	for (size_t k = 0; k < paths->n; k++)
		if ((r = enter(paths->v[k], pid)) < 0)
			return r;
	return 0;
}

/* Call fn on each group below dir, deepest first, then on dir itself:
 * the container may have made groups of its own (runc walks them too).
 * Stops at the first error, which fn records. */
static int walk_tree(const char *dir, int depth, int (*fn)(const char *dir, void *arg), void *arg)
{
	struct dir d;
	const char *n;
	unsigned char type;
	int r = 0;

	if (depth < 64 && dir_open(&d, AT_FDCWD, dir) == 0) {
		while (r == 0 && (n = dir_next(&d, &type)))
			if (type == DT_DIR) {
				AUTOFREE char *sub = xasprintf("%s/%s", dir, n);
				r = walk_tree(sub, depth + 1, fn, arg);
			}
		dir_close(&d);
	}
	return r ? r : fn(dir, arg);
}

static int add_procs(const char *dir, void *arg)
{
	AUTOFREE char *procs = xasprintf("%s/cgroup.procs", dir);
	AUTOFREE char *list = NULL;

	if (read_file_at(AT_FDCWD, procs, &list, NULL) == 0)
		buf_puts(arg, list);
	return 0;
}

char *cgroup_procs(const struct strv *paths)
{
	struct buf b = { 0 };

	/* Every process of the container is in each of its hierarchies:
	 * one tree is enough. */
	if (CFG_CGROUPS && paths->n)
		walk_tree(paths->v[0], 0, add_procs, &b);
	return b.p ? b.p : xstrdup("");
}

int cgroup_signal_all(const struct strv *paths, int sig)
{
	AUTOFREE char *list = cgroup_procs(paths);
	int count = 0;

	/* v2's cgroup.kill: SIGKILL to the whole tree at once, no pid read
	 * and then reused (Linux 5.14) */
	for (size_t k = 0; sig == SIGKILL && *list && k < paths->n; k++) {
		AUTOFREE char *f = xasprintf("%s/cgroup.kill", paths->v[k]);
		if (access(f, F_OK) == 0 && write_file(f, "1") == 0)
			break;
	}
	for (char *p = list; *p;) {
		long pid = strtol(p, &p, 10);
		if (pid > 0 && kill((pid_t)pid, sig) == 0)
			count++;
		while (*p == '\n')
			p++;
	}
	return count;
}

/* The freezer: v1's freezer.state, else v2's cgroup.freeze. NULL when
 * the container has neither. */
static char *freezer_file(const struct strv *paths, bool *v2)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < paths->n; k++) {
			char *f = xasprintf("%s/%s", paths->v[k], pass ? "cgroup.freeze" : "freezer.state");
			if (access(f, F_OK) == 0) {
				*v2 = pass;
				return f;
			}
			free(f);
		}
	return NULL;
}

bool cgroup_frozen(const struct strv *paths)
{
	bool v2;
	AUTOFREE char *f = CFG_CGROUPS ? freezer_file(paths, &v2) : NULL;
	AUTOFREE char *s = NULL;

	if (!f || read_file_at(AT_FDCWD, f, &s, NULL) < 0)
		return false;
	return v2 ? s[0] == '1' : !strncmp(s, "FROZEN", 6) || !strncmp(s, "FREEZING", 8);
}

int cgroup_freeze(const struct strv *paths, bool freeze)
{
	bool v2;
	AUTOFREE char *f = CFG_CGROUPS ? freezer_file(paths, &v2) : NULL;
	int r;

	if (!f)
		return rt_fail(0, "this host has no cgroup freezer (v1 freezer controller or cgroup v2)");
	if ((r = write_file(f, v2 ? (freeze ? "1" : "0") : (freeze ? "FROZEN" : "THAWED"))) < 0)
		return rt_fail(-r, "write %s", f);
	/* v1 passes through FREEZING; v2 reports "frozen 1" in cgroup.events */
	for (int tries = 0; freeze && tries < 1000; tries++) {
		AUTOFREE char *s = NULL;
		AUTOFREE char *ev = v2 ? xasprintf("%.*s/cgroup.events", (int)(strlen(f) - 14), f) : NULL;
		if (read_file_at(AT_FDCWD, v2 ? ev : f, &s, NULL) < 0)
			break;
		if (v2 ? str_has(s, "frozen 1") : !strncmp(s, "FROZEN", 6))
			return 0;
		if (!v2 && tries % 50 == 49)
			write_file(f, "FROZEN"); /* v1 may give up on a busy task: ask again */
		sys_nap(1000 * 1000);
	}
	return freeze ? rt_fail(0, "the container's processes did not freeze within a second") : 0;
}

static int rmdir_wait(const char *dir, void *arg)
{
	/* An exiting task keeps the group busy for a moment. */
	for (int tries = 0; rmdir(dir) < 0 && errno != ENOENT; tries++) {
		if (errno != EBUSY || tries == 200)
			return rt_fail(errno, "remove cgroup %s", dir);
		sys_nap(5 * 1000 * 1000);
	}
	return 0;
}

int cgroup_destroy(const struct strv *paths)
{
	int r = 0, e;

	/* the groups the container made inside its own go first */
	for (size_t k = 0; CFG_CGROUPS && k < paths->n; k++)
		if ((e = walk_tree(paths->v[k], 0, rmdir_wait, NULL)) < 0 && !r)
			r = e;
	return r;
}
