/* Capabilities without libcap: names, the bounding set, capset, ambient. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "container.h"
#include "sys.h"
#include "util.h"

/* The kernel's list (include/uapi/linux/capability.h), by number. */
static const char *const cap_names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
	"SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

static const char *const set_names[CAP_SETS] = { "bounding", "effective", "inheritable",
						   "permitted", "ambient" };

static int last_cap(void)
{
	static int last = -1;
	char *s = NULL;

	if (last >= 0)
		return last;
	if (read_file_at(-100, "/proc/sys/kernel/cap_last_cap", &s, NULL) == 0)
		last = atoi(s);
	free(s);
	if (last <= 0 || last > 63)
		last = (int)ARRAY_SIZE(cap_names) - 1;
	return last;
}

/* Names to bit sets. An unknown name is an error (the spec's MUST); a
 * known name this kernel does not have is skipped with a warning. */
int caps_validate(const struct oci_process *p, uint64_t sets[CAP_SETS])
{
	memset(sets, 0, sizeof(uint64_t) * CAP_SETS);
	if (!CFG_CAPS && p->has_caps)
		return rt_fail(0, "process.capabilities: requested by config.json but not compiled in (CFG_CAPS=0)");
	for (int s = 0; CFG_CAPS && s < CAP_SETS; s++) {
		for (size_t k = 0; k < p->caps[s].n; k++) {
			const char *name = p->caps[s].v[k];
			size_t cap;

			for (cap = 0; cap < ARRAY_SIZE(cap_names); cap++)
				if (!strncmp(name, "CAP_", 4) && !strcmp(name + 4, cap_names[cap]))
					break;
			if (cap == ARRAY_SIZE(cap_names))
				return rt_fail(0, "process.capabilities.%s[%zu]: unknown capability \"%s\"",
					       set_names[s], k, name);
			if ((int)cap > last_cap()) {
				warnx("process.capabilities.%s: %s is not known to this kernel, skipped",
				      set_names[s], name);
				continue;
			}
			sets[s] |= 1ULL << cap;
		}
	}
	return 0;
}

int caps_drop_bounding(uint64_t bounding)
{
	for (int cap = 0; cap <= last_cap(); cap++) {
		if (bounding & (1ULL << cap))
			continue;
		if (sys_prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return rt_fail(errno, "drop CAP_%s from the bounding set",
				       cap < (int)ARRAY_SIZE(cap_names) ? cap_names[cap] : "?");
	}
	return 0;
}

/* The effective, permitted and inheritable sets: one capset, nothing
 * else (it may be the last syscall before execve under the container's
 * seccomp filter: process.c). */
int caps_set(const uint64_t sets[CAP_SETS])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	for (int w = 0; w < 2; w++) {
		d[w].effective = (uint32_t)(sets[CAP_EFFECTIVE] >> (32 * w));
		d[w].permitted = (uint32_t)(sets[CAP_PERMITTED] >> (32 * w));
		d[w].inheritable = (uint32_t)(sets[CAP_INHERITABLE] >> (32 * w));
	}
	if (sys_capset(&h, d) < 0)
		return rt_fail(errno, "capset (process.capabilities)");
	return 0;
}

/* This thread's effective, permitted and inheritable sets. */
int caps_get(uint64_t sets[CAP_SETS])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (sys_capget(&h, d) < 0)
		return rt_fail(errno, "capget");
	memset(sets, 0, sizeof(uint64_t) * CAP_SETS);
	for (int w = 0; w < 2; w++) {
		sets[CAP_EFFECTIVE] |= (uint64_t)d[w].effective << (32 * w);
		sets[CAP_PERMITTED] |= (uint64_t)d[w].permitted << (32 * w);
		sets[CAP_INHERITABLE] |= (uint64_t)d[w].inheritable << (32 * w);
	}
	return 0;
}

/* After the switch to the container user: the three capset sets, then
 * ambient (which needs each cap in permitted and inheritable). */
int caps_apply(const uint64_t sets[CAP_SETS])
{
	int r = caps_set(sets);

	if (r < 0)
		return r;
	if (sys_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return rt_fail(errno, "clear ambient capabilities");
	for (int cap = 0; cap <= last_cap(); cap++) {
		if (!(sets[CAP_AMBIENT] & (1ULL << cap)))
			continue;
		/* As runc: a cap that cannot be raised (not in permitted and
		 * inheritable) is a warning, not a failure. */
		if (sys_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			debug("process.capabilities.ambient: cannot raise CAP_%s: %s",
			      cap < (int)ARRAY_SIZE(cap_names) ? cap_names[cap] : "?", strerror(errno));
	}
	return 0;
}

/* For `features`: capability i's name without "CAP_", NULL past the end. */
const char *caps_name(size_t i)
{
	return i < ARRAY_SIZE(cap_names) ? cap_names[i] : NULL;
}
