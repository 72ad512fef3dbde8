/* dumpcfg: the model json.c parsed, written back as JSON in the spec's
 * field names. A test tool, not part of runlet (test/cases/json.sh
 * compares its output with the input, fixture by fixture).
 *
 *   dumpcfg config FILE      config.json    (json_parse_config)
 *   dumpcfg process FILE     exec --process (json_parse_process)
 *   dumpcfg resources FILE   update --resources (json_parse_resources)
 *
 * What it writes is what runlet will act on: a field the model keeps a
 * presence flag (has_*, a non-NULL pointer) for is written only when
 * given; a scalar without one is written with the value the model holds
 * (its default when absent). Parse errors go to stderr, exit status 1.
 *
 * Adding a field to oci.h: one dump_* function for it, called from its
 * parent (a linux.* member: listed in linux_parts[]; a mount's
 * uid/gidMappings: dump_idmap_list() in dump_mounts()), and its line
 * taken out of PENDING in test/cases/json.sh. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"
#include "util.h"

/* ------------------------------------------------------------ a JSON writer */

struct out {
	struct buf b;
	bool comma; /* a value was written at this level: the next needs ',' */
	/* objects opened lazily (obj_lazy): written only once a member is */
	const char *pending[8];
	int npending;
};

static void member(struct out *o, const char *key);

static void flush_pending(struct out *o)
{
	int n = o->npending;

	o->npending = 0;
	for (int k = 0; k < n; k++) {
		member(o, o->pending[k]);
		buf_add(&o->b, "{", 1);
		o->comma = false;
	}
}

/* Start a member (key NULL: an array element). */
static void member(struct out *o, const char *key)
{
	if (o->npending)
		flush_pending(o);
	if (o->comma)
		buf_add(&o->b, ",", 1);
	if (key) {
		buf_json_str(&o->b, key);
		buf_add(&o->b, ":", 1);
	}
	o->comma = true;
}

static void obj(struct out *o, const char *key)
{
	member(o, key);
	buf_add(&o->b, "{", 1);
	o->comma = false;
}

static void arr(struct out *o, const char *key)
{
	member(o, key);
	buf_add(&o->b, "[", 1);
	o->comma = false;
}

static void end(struct out *o, char c)
{
	buf_add(&o->b, &c, 1);
	o->comma = true;
}

/* An object that appears only if something is written into it. */
static void obj_lazy(struct out *o, const char *key)
{
	o->pending[o->npending++] = key;
}

static void end_lazy(struct out *o)
{
	if (o->npending)
		o->npending--; /* ours, never written */
	else
		end(o, '}');
}

static void str(struct out *o, const char *key, const char *s)
{
	if (!s)
		return;
	member(o, key);
	buf_json_str(&o->b, s);
}

static void u64(struct out *o, const char *key, uint64_t v)
{
	member(o, key);
	buf_printf(&o->b, "%" PRIu64, v);
}

static void i64(struct out *o, const char *key, int64_t v)
{
	member(o, key);
	buf_printf(&o->b, "%" PRId64, v);
}

static void boolean(struct out *o, const char *key, bool v)
{
	member(o, key);
	buf_puts(&o->b, v ? "true" : "false");
}

/* A string list given (v non-NULL, even when empty). */
static void strv(struct out *o, const char *key, const struct strv *sv)
{
	if (!sv->v)
		return;
	arr(o, key);
	for (size_t k = 0; k < sv->n; k++)
		str(o, NULL, sv->v[k]);
	end(o, ']');
}

static void kvv(struct out *o, const char *key, const struct kvv *m)
{
	if (!m->v)
		return;
	obj(o, key);
	for (size_t k = 0; k < m->n; k++)
		str(o, m->v[k].key, m->v[k].value);
	end(o, '}');
}

/* ------------------------------------------------------------ process */

static void dump_user(struct out *o, const struct oci_process *p)
{
	obj(o, "user");
	u64(o, "uid", p->uid);
	u64(o, "gid", p->gid);
	if (p->has_umask)
		u64(o, "umask", p->umask);
	if (p->additional_gids) {
		arr(o, "additionalGids");
		for (size_t k = 0; k < p->n_additional_gids; k++)
			u64(o, NULL, p->additional_gids[k]);
		end(o, ']');
	}
	end(o, '}');
}

static void dump_caps(struct out *o, const struct oci_process *p)
{
	static const char *const names[CAP_SETS] = {
		[CAP_BOUNDING] = "bounding", [CAP_EFFECTIVE] = "effective", [CAP_INHERITABLE] = "inheritable",
		[CAP_PERMITTED] = "permitted", [CAP_AMBIENT] = "ambient",
	};

	if (!p->has_caps)
		return;
	obj(o, "capabilities");
	for (int s = 0; s < CAP_SETS; s++)
		strv(o, names[s], &p->caps[s]);
	end(o, '}');
}

static void dump_rlimits(struct out *o, const struct oci_process *p)
{
	if (!p->rlimits)
		return;
	arr(o, "rlimits");
	for (size_t k = 0; k < p->n_rlimits; k++) {
		obj(o, NULL);
		str(o, "type", p->rlimits[k].type);
		u64(o, "soft", p->rlimits[k].soft);
		u64(o, "hard", p->rlimits[k].hard);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_sched(struct out *o, const struct oci_process *p)
{
	if (p->has_scheduler) {
		obj(o, "scheduler");
		str(o, "policy", p->sched_policy);
		strv(o, "flags", &p->sched_flags);
		i64(o, "nice", p->sched_nice);
		i64(o, "priority", p->sched_priority);
		u64(o, "runtime", p->sched_runtime);
		u64(o, "deadline", p->sched_deadline);
		u64(o, "period", p->sched_period);
		end(o, '}');
	}
	if (p->has_io_priority) {
		obj(o, "ioPriority");
		str(o, "class", p->io_class);
		i64(o, "priority", p->io_priority);
		end(o, '}');
	}
	obj_lazy(o, "execCPUAffinity");
	str(o, "initial", p->cpu_initial);
	str(o, "final", p->cpu_final);
	end_lazy(o);
}

static void dump_process_members(struct out *o, const struct oci_process *p)
{
	boolean(o, "terminal", p->terminal);
	if (p->console_height || p->console_width) {
		obj(o, "consoleSize");
		u64(o, "height", p->console_height);
		u64(o, "width", p->console_width);
		end(o, '}');
	}
	dump_user(o, p);
	strv(o, "args", &p->args);
	strv(o, "env", &p->env);
	str(o, "cwd", p->cwd);
	dump_caps(o, p);
	dump_rlimits(o, p);
	boolean(o, "noNewPrivileges", p->no_new_privileges);
	if (p->has_oom_score_adj)
		i64(o, "oomScoreAdj", p->oom_score_adj);
	str(o, "apparmorProfile", p->apparmor_profile);
	str(o, "selinuxLabel", p->selinux_label);
	dump_sched(o, p);
}

/* ------------------------------------------------------------ linux.resources */

static void dump_dev_rules(struct out *o, const struct oci_config *c)
{
	if (!c->dev_rules)
		return;
	arr(o, "devices");
	for (size_t k = 0; k < c->n_dev_rules; k++) {
		const struct oci_dev_rule *d = &c->dev_rules[k];
		obj(o, NULL);
		boolean(o, "allow", d->allow);
		str(o, "type", (char[]){ d->type, 0 });
		if (d->major >= 0) /* -1: any, as when absent */
			i64(o, "major", d->major);
		if (d->minor >= 0)
			i64(o, "minor", d->minor);
		str(o, "access", d->access);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_memory(struct out *o, const struct oci_resources *r)
{
	obj_lazy(o, "memory");
	if (r->has_mem_limit)
		i64(o, "limit", r->mem_limit);
	if (r->has_mem_reservation)
		i64(o, "reservation", r->mem_reservation);
	if (r->has_mem_swap)
		i64(o, "swap", r->mem_swap);
	if (r->has_mem_kernel)
		i64(o, "kernel", r->mem_kernel);
	if (r->has_mem_kernel_tcp)
		i64(o, "kernelTCP", r->mem_kernel_tcp);
	if (r->has_swappiness)
		u64(o, "swappiness", r->swappiness);
	if (r->has_disable_oom)
		boolean(o, "disableOOMKiller", r->disable_oom);
	if (r->has_use_hierarchy)
		boolean(o, "useHierarchy", r->use_hierarchy);
	/* no flag: written when memory is (a member written above flushed
	 * every pending object), or when true */
	if (!o->npending || r->check_before_update)
		boolean(o, "checkBeforeUpdate", r->check_before_update);
	end_lazy(o);
}

static void dump_cpu(struct out *o, const struct oci_resources *r)
{
	obj_lazy(o, "cpu");
	if (r->has_shares)
		u64(o, "shares", r->shares);
	if (r->has_quota)
		i64(o, "quota", r->quota);
	if (r->has_burst)
		u64(o, "burst", r->burst);
	if (r->has_period)
		u64(o, "period", r->period);
	if (r->has_rt_runtime)
		i64(o, "realtimeRuntime", r->rt_runtime);
	if (r->has_rt_period)
		u64(o, "realtimePeriod", r->rt_period);
	str(o, "cpus", r->cpus);
	str(o, "mems", r->mems);
	if (r->has_idle)
		i64(o, "idle", r->idle);
	end_lazy(o);
}

static void dump_pids(struct out *o, const struct oci_resources *r)
{
	if (!r->has_pids)
		return;
	obj(o, "pids");
	i64(o, "limit", r->pids_limit);
	end(o, '}');
}

static void dump_blkio(struct out *o, const struct oci_resources *r)
{
	static const char *const lists[5] = {
		"weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
		"throttleWriteIOPSDevice",
	};

	obj_lazy(o, "blockIO");
	if (r->blkio_weight) /* 0: not given (the spec's range starts at 10) */
		u64(o, "weight", r->blkio_weight);
	if (r->blkio_leaf_weight)
		u64(o, "leafWeight", r->blkio_leaf_weight);
	for (int w = 0; w < 5; w++) {
		if (!r->blkio_dev[w])
			continue;
		arr(o, lists[w]);
		for (size_t k = 0; k < r->n_blkio_dev[w]; k++) {
			const struct oci_blkio_dev *d = &r->blkio_dev[w][k];
			obj(o, NULL);
			u64(o, "major", d->major);
			u64(o, "minor", d->minor);
			if (d->weight)
				u64(o, "weight", d->weight);
			if (d->leaf_weight)
				u64(o, "leafWeight", d->leaf_weight);
			if (d->has_rate)
				u64(o, "rate", d->rate);
			end(o, '}');
		}
		end(o, ']');
	}
	end_lazy(o);
}

static void dump_res_more(struct out *o, const struct oci_resources *r)
{
	if (r->hugepages) {
		arr(o, "hugepageLimits");
		for (size_t k = 0; k < r->n_hugepages; k++) {
			obj(o, NULL);
			str(o, "pageSize", r->hugepages[k].page_size);
			u64(o, "limit", r->hugepages[k].limit);
			end(o, '}');
		}
		end(o, ']');
	}
	obj_lazy(o, "network");
	if (r->has_classid)
		u64(o, "classID", r->classid);
	if (r->prios) {
		arr(o, "priorities");
		for (size_t k = 0; k < r->n_prios; k++) {
			obj(o, NULL);
			str(o, "name", r->prios[k].name);
			u64(o, "priority", r->prios[k].priority);
			end(o, '}');
		}
		end(o, ']');
	}
	end_lazy(o);
	if (r->rdma) {
		obj(o, "rdma");
		for (size_t k = 0; k < r->n_rdma; k++) {
			obj(o, r->rdma[k].device);
			if (r->rdma[k].has_handles)
				u64(o, "hcaHandles", r->rdma[k].handles);
			if (r->rdma[k].has_objects)
				u64(o, "hcaObjects", r->rdma[k].objects);
			end(o, '}');
		}
		end(o, '}');
	}
	kvv(o, "unified", &r->unified);
}

/* The members of a resources object (linux.resources, or the top level
 * of an update --resources file). */
static void dump_resources_members(struct out *o, const struct oci_config *c)
{
	dump_dev_rules(o, c);
	dump_memory(o, &c->res);
	dump_cpu(o, &c->res);
	dump_pids(o, &c->res);
	dump_blkio(o, &c->res);
	dump_res_more(o, &c->res);
}

/* ------------------------------------------------------------ linux */

static void dump_namespaces(struct out *o, const struct oci_config *c)
{
	bool any = false;

	for (int k = 0; k < NS_COUNT; k++)
		any |= c->ns[k].present;
	if (!any)
		return;
	arr(o, "namespaces");
	for (int k = 0; k < NS_COUNT; k++) {
		if (!c->ns[k].present)
			continue;
		obj(o, NULL);
		str(o, "type", ns_names[k]);
		str(o, "path", c->ns[k].path);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_idmap_list(struct out *o, const char *key, const struct oci_idmap *m, size_t n)
{
	if (!m)
		return;
	arr(o, key);
	for (size_t k = 0; k < n; k++) {
		obj(o, NULL);
		u64(o, "containerID", m[k].container_id);
		u64(o, "hostID", m[k].host_id);
		u64(o, "size", m[k].size);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_idmaps(struct out *o, const struct oci_config *c)
{
	dump_idmap_list(o, "uidMappings", c->uid_maps, c->n_uid_maps);
	dump_idmap_list(o, "gidMappings", c->gid_maps, c->n_gid_maps);
}

static void dump_time_offsets(struct out *o, const struct oci_config *c)
{
	static const char *const clocks[2] = { "monotonic", "boottime" };

	if (!c->has_time_offsets)
		return;
	obj(o, "timeOffsets");
	for (int k = 0; k < 2; k++) {
		obj(o, clocks[k]);
		i64(o, "secs", c->time_offset_secs[k]);
		u64(o, "nanosecs", c->time_offset_nsecs[k]);
		end(o, '}');
	}
	end(o, '}');
}

static void dump_devices(struct out *o, const struct oci_config *c)
{
	if (!c->devices)
		return;
	arr(o, "devices");
	for (size_t k = 0; k < c->n_devices; k++) {
		const struct oci_device *d = &c->devices[k];
		obj(o, NULL);
		str(o, "path", d->path);
		str(o, "type", (char[]){ d->type, 0 });
		i64(o, "major", d->major);
		i64(o, "minor", d->minor);
		if (d->has_mode)
			u64(o, "fileMode", d->file_mode);
		if (d->has_uid)
			u64(o, "uid", d->uid);
		if (d->has_gid)
			u64(o, "gid", d->gid);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_linux_resources(struct out *o, const struct oci_config *c)
{
	obj_lazy(o, "resources");
	dump_resources_members(o, c);
	end_lazy(o);
}

static void dump_linux_misc(struct out *o, const struct oci_config *c)
{
	str(o, "cgroupsPath", c->cgroups_path);
	kvv(o, "sysctl", &c->sysctl);
	str(o, "rootfsPropagation", c->rootfs_propagation);
	strv(o, "maskedPaths", &c->masked_paths);
	strv(o, "readonlyPaths", &c->readonly_paths);
	str(o, "mountLabel", c->mount_label);
	if (c->personality) {
		obj(o, "personality");
		str(o, "domain", c->personality);
		end(o, '}');
	}
}

/* libseccomp's names, in the order of the enums of oci.h */
static const char *const sc_actions[] = {
	"", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
	"SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
};
static const char *const sc_ops[] = {
	"", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
	"SCMP_CMP_MASKED_EQ",
};
static const char *const sc_arches[SC_ARCH_COUNT] = {
	"X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64", "MIPS64N32", "MIPSEL", "MIPSEL64",
	"MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390", "S390X", "PARISC", "PARISC64", "RISCV64",
	"LOONGARCH64", "M68K", "SH", "SHEB",
};
static const struct {
	uint32_t bit;
	const char *name;
} sc_flags[] = {
	{ 1, "TSYNC" }, { 2, "LOG" }, { 4, "SPEC_ALLOW" }, { 32, "WAIT_KILLABLE_RECV" },
};

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "(unknown)";
}

static void dump_bits(struct out *o, const char *key, uint32_t bits, const char *prefix, bool flags)
{
	char name[64];

	if (!bits)
		return;
	arr(o, key);
	if (flags) {
		for (size_t k = 0; k < ARRAY_SIZE(sc_flags); k++)
			if (bits & sc_flags[k].bit) {
				snprintf(name, sizeof(name), "%s%s", prefix, sc_flags[k].name);
				str(o, NULL, name);
			}
	} else {
		for (int k = 0; k < SC_ARCH_COUNT; k++)
			if (bits & 1u << k) {
				snprintf(name, sizeof(name), "%s%s", prefix, sc_arches[k]);
				str(o, NULL, name);
			}
	}
	end(o, ']');
}

static void dump_syscall(struct out *o, const struct oci_syscall *s)
{
	obj(o, NULL);
	strv(o, "names", &s->names);
	str(o, "action", name_of(sc_actions, ARRAY_SIZE(sc_actions), s->action));
	if (s->has_errno)
		u64(o, "errnoRet", s->errno_ret);
	if (s->args) {
		arr(o, "args");
		for (size_t k = 0; k < s->n_args; k++) {
			const struct oci_seccomp_arg *a = &s->args[k];
			obj(o, NULL);
			u64(o, "index", a->index);
			u64(o, "value", a->value);
			u64(o, "valueTwo", a->value_two);
			str(o, "op", name_of(sc_ops, ARRAY_SIZE(sc_ops), a->op));
			end(o, '}');
		}
		end(o, ']');
	}
	end(o, '}');
}

static void dump_seccomp(struct out *o, const struct oci_config *c)
{
	const struct oci_seccomp *sc = c->seccomp;

	if (!sc)
		return;
	obj(o, "seccomp");
	str(o, "defaultAction", name_of(sc_actions, ARRAY_SIZE(sc_actions), sc->default_action));
	if (sc->has_default_errno)
		u64(o, "defaultErrnoRet", sc->default_errno);
	dump_bits(o, "architectures", sc->arches, "SCMP_ARCH_", false);
	dump_bits(o, "flags", sc->flags, "SECCOMP_FILTER_FLAG_", true);
	str(o, "listenerPath", sc->listener_path);
	str(o, "listenerMetadata", sc->listener_metadata);
	if (sc->syscalls) {
		arr(o, "syscalls");
		for (size_t k = 0; k < sc->n_syscalls; k++)
			dump_syscall(o, &sc->syscalls[k]);
		end(o, ']');
	}
	end(o, '}');
}

static void dump_net_devices(struct out *o, const struct oci_config *c)
{
	if (!c->net_devices)
		return;
	obj(o, "netDevices");
	for (size_t k = 0; k < c->n_net_devices; k++) {
		obj(o, c->net_devices[k].host);
		str(o, "name", c->net_devices[k].name);
		end(o, '}');
	}
	end(o, '}');
}

static void dump_mempolicy(struct out *o, const struct oci_config *c)
{
	if (!c->has_mempolicy)
		return;
	obj(o, "memoryPolicy");
	str(o, "mode", c->mempolicy.mode);
	str(o, "nodes", c->mempolicy.nodes);
	strv(o, "flags", &c->mempolicy.flags);
	end(o, '}');
}

static void dump_rdt(struct out *o, const struct oci_config *c)
{
	if (!c->has_rdt)
		return;
	obj(o, "intelRdt");
	str(o, "closID", c->rdt.clos_id);
	str(o, "l3CacheSchema", c->rdt.l3_schema);
	str(o, "memBwSchema", c->rdt.mb_schema);
	strv(o, "schemata", &c->rdt.schemata);
	boolean(o, "enableMonitoring", c->rdt.monitoring);
	end(o, '}');
}

/* The members of "linux": one function each, each writing its keys only
 * when the model has them. */
static void (*const linux_parts[])(struct out *, const struct oci_config *) = {
	dump_namespaces, dump_idmaps, dump_time_offsets, dump_devices,
	dump_linux_resources, dump_linux_misc, dump_seccomp,
	dump_net_devices, dump_mempolicy, dump_rdt,
};

/* ------------------------------------------------------------ config */

static void dump_mounts(struct out *o, const struct oci_config *c)
{
	if (!c->mounts)
		return;
	arr(o, "mounts");
	for (size_t k = 0; k < c->n_mounts; k++) {
		const struct oci_mount *m = &c->mounts[k];
		obj(o, NULL);
		str(o, "destination", m->destination);
		str(o, "type", m->type);
		str(o, "source", m->source);
		strv(o, "options", &m->options);
		dump_idmap_list(o, "uidMappings", m->uid_maps, m->n_uid_maps);
		dump_idmap_list(o, "gidMappings", m->gid_maps, m->n_gid_maps);
		end(o, '}');
	}
	end(o, ']');
}

static void dump_hooks(struct out *o, const struct oci_config *c)
{
	obj_lazy(o, "hooks");
	for (int k = 0; k < HOOK_KINDS; k++) {
		const struct oci_hooks *hs = &c->hooks[k];
		if (!hs->h)
			continue;
		arr(o, hook_names[k]);
		for (size_t j = 0; j < hs->n; j++) {
			obj(o, NULL);
			str(o, "path", hs->h[j].path);
			strv(o, "args", &hs->h[j].args);
			strv(o, "env", &hs->h[j].env);
			if (hs->h[j].has_timeout)
				i64(o, "timeout", hs->h[j].timeout);
			end(o, '}');
		}
		end(o, ']');
	}
	end_lazy(o);
}

static void dump_config(struct out *o, const struct oci_config *c)
{
	obj(o, NULL);
	str(o, "ociVersion", c->oci_version);
	obj(o, "root");
	str(o, "path", c->root_path);
	boolean(o, "readonly", c->root_readonly);
	end(o, '}');
	dump_mounts(o, c);
	if (c->has_process) {
		obj(o, "process");
		dump_process_members(o, &c->process);
		end(o, '}');
	}
	str(o, "hostname", c->hostname);
	str(o, "domainname", c->domainname);
	kvv(o, "annotations", &c->annotations);
	dump_hooks(o, c);
	obj_lazy(o, "linux");
	for (size_t k = 0; k < ARRAY_SIZE(linux_parts); k++)
		linux_parts[k](o, c);
	end_lazy(o);
	end(o, '}');
}

int main(int argc, char **argv)
{
	static struct oci_config c;
	struct out o = { 0 };
	char *js;
	size_t len;
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: dumpcfg config|process|resources FILE\n");
		return 2;
	}
	if ((r = read_file_at(AT_FDCWD, argv[2], &js, &len)) < 0) {
		fprintf(stderr, "dumpcfg: %s: %s\n", argv[2], strerror(-r));
		return 2;
	}
	if (!strcmp(argv[1], "config")) {
		if ((r = json_parse_config(js, len, &c)) == 0)
			dump_config(&o, &c);
	} else if (!strcmp(argv[1], "process")) {
		if ((r = json_parse_process(js, len, &c.process)) == 0) {
			obj(&o, NULL);
			dump_process_members(&o, &c.process);
			end(&o, '}');
		}
	} else if (!strcmp(argv[1], "resources")) {
		if ((r = json_parse_resources(js, len, &c)) == 0) {
			obj(&o, NULL);
			dump_resources_members(&o, &c);
			end(&o, '}');
		}
	} else {
		fprintf(stderr, "dumpcfg: unknown kind \"%s\"\n", argv[1]);
		return 2;
	}
	if (r < 0) {
		fprintf(stderr, "dumpcfg: %s\n", rt_error());
		return 1;
	}
	buf_add(&o.b, "\n", 1);
	return write_all(1, o.b.p, o.b.len) < 0 ? 2 : 0;
}
