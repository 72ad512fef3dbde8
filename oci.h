/* The parsed config.json (and state.json) model. Strings are copied,
 * unescaped and NUL-terminated; arrays carry their length. */
#ifndef RUNLET_OCI_H
#define RUNLET_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strv {
	char **v;
	size_t n;
};

struct kv {
	char *key, *value;
};

struct kvv {
	struct kv *v;
	size_t n;
};

struct oci_idmap {
	uint32_t container_id, host_id, size;
};

struct oci_mount {
	char *destination, *type, *source;
	struct strv options;
	struct oci_idmap *uid_maps, *gid_maps; /* an idmapped bind mount */
	size_t n_uid_maps, n_gid_maps;
};

/* linux.netDevices: the host's device `host` moved in, named `name`
 * (NULL: the same name). */
struct oci_netdev {
	char *host, *name;
};

/* linux.memoryPolicy (set_mempolicy(2)) */
struct oci_mempolicy {
	char *mode, *nodes;
	struct strv flags;
};

/* linux.intelRdt (resctrl) */
struct oci_rdt {
	char *clos_id, *l3_schema, *mb_schema;
	struct strv schemata;
	bool monitoring;
};

enum ns_kind { NS_PID, NS_NET, NS_IPC, NS_UTS, NS_MNT, NS_CGROUP, NS_USER, NS_TIME, NS_COUNT };

struct oci_ns {
	bool present;
	char *path; /* join this one; NULL: a new namespace */
};

struct oci_rlimit {
	char *type;
	uint64_t soft, hard;
};

struct oci_device {
	char *path;
	char type; /* c, b, u, p */
	int64_t major, minor;
	bool has_mode, has_uid, has_gid;
	uint32_t file_mode, uid, gid;
};

struct oci_dev_rule {
	bool allow;
	char type; /* a, c, b */
	int64_t major, minor; /* -1: any */
	char *access;
};

/* linux.resources other than devices. has_* says the field was given. */
struct oci_resources {
	bool has_mem_limit, has_mem_reservation, has_mem_swap, has_mem_kernel, has_mem_kernel_tcp;
	bool has_swappiness, has_disable_oom, has_use_hierarchy;
	int64_t mem_limit, mem_reservation, mem_swap, mem_kernel, mem_kernel_tcp;
	uint64_t swappiness;
	bool disable_oom, use_hierarchy, check_before_update;

	bool has_shares, has_quota, has_period, has_burst, has_rt_runtime, has_rt_period, has_idle;
	uint64_t shares, period, burst, rt_period;
	int64_t quota, rt_runtime, idle;
	char *cpus, *mems;

	bool has_pids;
	int64_t pids_limit;

	/* blockIO; blkio_dev[0] is weightDevice, [1..4] the throttle lists
	 * (read bps, write bps, read IOPS, write IOPS). 0 is "not given". */
	uint32_t blkio_weight, blkio_leaf_weight;
	struct oci_blkio_dev *blkio_dev[5];
	size_t n_blkio_dev[5];
	struct oci_hugepage *hugepages;
	size_t n_hugepages;
	bool has_classid;
	uint32_t classid;
	struct oci_netprio *prios;
	size_t n_prios;
	struct oci_rdma *rdma;
	size_t n_rdma;
	struct kvv unified;
};

struct oci_blkio_dev {
	uint32_t major, minor, weight, leaf_weight;
	uint64_t rate;
	bool has_major, has_minor, has_rate;
};
struct oci_hugepage {
	char *page_size;
	uint64_t limit;
	bool has_limit;
};
struct oci_netprio {
	char *name;
	uint32_t priority;
};
struct oci_rdma {
	char *device;
	uint32_t handles, objects;
	bool has_handles, has_objects;
};

enum cap_set { CAP_BOUNDING, CAP_EFFECTIVE, CAP_INHERITABLE, CAP_PERMITTED, CAP_AMBIENT, CAP_SETS };

struct oci_process {
	bool terminal;
	uint32_t console_height, console_width;
	uint32_t uid, gid;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	bool has_umask;
	uint32_t umask;
	struct strv args, env;
	char *cwd;
	bool has_caps;
	struct strv caps[CAP_SETS];
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	bool has_oom_score_adj;
	int oom_score_adj;
	char *apparmor_profile, *selinux_label;
	bool has_scheduler;
	char *sched_policy;
	struct strv sched_flags;
	int sched_nice, sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	bool has_io_priority;
	char *io_class;
	int io_priority;
	char *cpu_initial, *cpu_final; /* execCPUAffinity */
};

/* linux.seccomp. The strings of the spec (libseccomp's names) are mapped
 * to these by json.c; seccomp.c compiles them to BPF. 0 is "not given". */
enum sc_action {
	SC_ACT_NONE, SC_ACT_KILL_THREAD, SC_ACT_KILL_PROCESS, SC_ACT_TRAP, SC_ACT_ERRNO,
	SC_ACT_TRACE, SC_ACT_ALLOW, SC_ACT_LOG, SC_ACT_NOTIFY,
};
enum sc_op { SC_OP_NONE, SC_OP_NE, SC_OP_LT, SC_OP_LE, SC_OP_EQ, SC_OP_GE, SC_OP_GT, SC_OP_MASKED_EQ };
/* SCMP_ARCH_*, in the spec's order; a bit each in oci_seccomp.arches. */
enum sc_arch {
	SC_ARCH_X86, SC_ARCH_X86_64, SC_ARCH_X32, SC_ARCH_ARM, SC_ARCH_AARCH64, SC_ARCH_MIPS,
	SC_ARCH_MIPS64, SC_ARCH_MIPS64N32, SC_ARCH_MIPSEL, SC_ARCH_MIPSEL64, SC_ARCH_MIPSEL64N32,
	SC_ARCH_PPC, SC_ARCH_PPC64, SC_ARCH_PPC64LE, SC_ARCH_S390, SC_ARCH_S390X, SC_ARCH_PARISC,
	SC_ARCH_PARISC64, SC_ARCH_RISCV64, SC_ARCH_LOONGARCH64, SC_ARCH_M68K, SC_ARCH_SH, SC_ARCH_SHEB,
	SC_ARCH_COUNT,
};

struct oci_seccomp_arg {
	uint32_t index;
	uint8_t op; /* enum sc_op */
	bool has_index, has_value;
	uint64_t value, value_two;
};

struct oci_syscall {
	struct strv names;
	uint8_t action; /* enum sc_action */
	bool has_errno;
	uint32_t errno_ret;
	struct oci_seccomp_arg *args;
	size_t n_args;
};

struct oci_seccomp {
	uint8_t default_action; /* enum sc_action */
	bool has_default_errno;
	uint32_t default_errno;
	uint32_t arches; /* 1 << enum sc_arch */
	uint32_t flags;  /* SECCOMP_FILTER_FLAG_* */
	char *listener_path, *listener_metadata;
	struct oci_syscall *syscalls;
	size_t n_syscalls;
};

struct oci_hook {
	char *path;
	struct strv args, env;
	int64_t timeout; /* seconds; 0: none */
	bool has_timeout;
};

enum hook_kind { HOOK_PRESTART, HOOK_CREATE_RUNTIME, HOOK_CREATE_CONTAINER, HOOK_START_CONTAINER,
		 HOOK_POSTSTART, HOOK_POSTSTOP, HOOK_KINDS };

struct oci_hooks {
	struct oci_hook *h;
	size_t n;
};

struct oci_config {
	char *oci_version;
	char *root_path;
	bool root_readonly;
	struct oci_mount *mounts;
	size_t n_mounts;
	bool has_process;
	struct oci_process process;
	char *hostname, *domainname;
	struct kvv annotations;
	struct oci_hooks hooks[HOOK_KINDS];

	/* linux */
	struct oci_ns ns[NS_COUNT];
	struct oci_idmap *uid_maps, *gid_maps;
	size_t n_uid_maps, n_gid_maps;
	bool has_time_offsets;
	int64_t time_offset_secs[2]; /* monotonic, boottime */
	uint32_t time_offset_nsecs[2];
	struct oci_device *devices;
	size_t n_devices;
	char *cgroups_path;
	struct oci_dev_rule *dev_rules;
	size_t n_dev_rules;
	struct oci_resources res;
	struct kvv sysctl;
	struct strv masked_paths, readonly_paths;
	char *rootfs_propagation;
	char *personality; /* linux.personality.domain */
	char *mount_label;
	struct oci_seccomp *seccomp; /* NULL: none */
	struct oci_netdev *net_devices;
	size_t n_net_devices;
	bool has_mempolicy, has_rdt;
	struct oci_mempolicy mempolicy;
	struct oci_rdt rdt;
};

/* Parse config.json text. On error returns -EINVAL with the error recorded
 * as "FIELD: what is wrong" (rt_error()). */
int json_parse_config(const char *js, size_t len, struct oci_config *c);
/* Parse the process object of `exec --process FILE`. */
int json_parse_process(const char *js, size_t len, struct oci_process *p);
/* Parse the resources object of `update --resources FILE` into c->res. */
int json_parse_resources(const char *js, size_t len, struct oci_config *c);

/* The state runlet keeps in <root>/<id>/state.json. */
struct rt_state {
	char *oci_version, *id, *bundle, *rootfs, *created, *owner;
	int pid;
	uint64_t start_time; /* /proc/<pid>/stat field 22, against pid reuse */
	struct strv cgroup_paths; /* every hierarchy directory we made */
	bool cgroup_created; /* we made them: remove on delete */
	struct kvv annotations;
	bool systemd_cgroup;
};

int json_parse_state(const char *js, size_t len, struct rt_state *s);

extern const char *const ns_names[NS_COUNT]; /* "pid", "network", ... */
extern const char *const hook_names[HOOK_KINDS]; /* "prestart", ... */

#endif
