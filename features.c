/* `runlet features`: the runtime-spec features document (features.md,
 * features-linux.md) for this build. Everything here is decided at compile
 * time, as the spec asks: the CFG_* flags and the tables of the files that
 * do the work, never the host's kernel. A feature config.json may ask for
 * but that runlet refuses is not listed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "container.h"
#include "seccomp.h"
#include "util.h"

/* json.c's names, in enum sc_arch order. */
static const char sc_arch_names[] = "X86\0X86_64\0X32\0ARM\0AARCH64\0MIPS\0MIPS64\0MIPS64N32\0MIPSEL\0"
				    "MIPSEL64\0MIPSEL64N32\0PPC\0PPC64\0PPC64LE\0S390\0S390X\0PARISC\0"
				    "PARISC64\0RISCV64\0LOONGARCH64\0M68K\0SH\0SHEB\0";

/* Pretty JSON, two spaces a level, one array item a line (so a shell test
 * can grep it). */
struct jw {
	struct buf b;
	int depth;
	bool more; /* the open object or array has an item already */
};

static void item(struct jw *w, const char *key)
{
	if (w->depth) {
		buf_puts(&w->b, w->more ? ",\n" : "\n");
		for (int k = 0; k < w->depth; k++)
			buf_puts(&w->b, "  ");
	}
	if (key) {
		buf_json_str(&w->b, key);
		buf_puts(&w->b, ": ");
	}
	w->more = true;
}

static void open_(struct jw *w, const char *key, const char *bracket)
{
	item(w, key);
	buf_puts(&w->b, bracket);
	w->depth++;
	w->more = false;
}

static void close_(struct jw *w, const char *bracket)
{
	w->depth--;
	if (w->more) {
		buf_puts(&w->b, "\n");
		for (int k = 0; k < w->depth; k++)
			buf_puts(&w->b, "  ");
	}
	buf_puts(&w->b, bracket);
	w->more = true;
}

static void str(struct jw *w, const char *key, const char *prefix, const char *v)
{
	char s[64];

	snprintf(s, sizeof(s), "%s%s", prefix, v);
	item(w, key);
	buf_json_str(&w->b, s);
}

/* {"key": {"enabled": on}} */
static void enabled(struct jw *w, const char *key, bool on)
{
	open_(w, key, "{");
	item(w, "enabled");
	buf_puts(&w->b, on ? "true" : "false");
	close_(w, "}");
}

static void flag(struct jw *w, const char *key, bool on)
{
	item(w, key);
	buf_puts(&w->b, on ? "true" : "false");
}

/* An array of the names in list ("a\0b\0"), each after prefix. */
static void list(struct jw *w, const char *key, const char *prefix, const char *names)
{
	open_(w, key, "[");
	for (const char *p = names; *p; p += strlen(p) + 1)
		str(w, NULL, prefix, p);
	close_(w, "]");
}

static void seccomp(struct jw *w)
{
	uint32_t arches = seccomp_arches();
	const char *p = sc_arch_names;

	open_(w, "seccomp", "{");
	flag(w, "enabled", CFG_SECCOMP);
	if (CFG_SECCOMP) {
		list(w, "actions", "SCMP_ACT_",
		     "KILL\0KILL_PROCESS\0KILL_THREAD\0TRAP\0ERRNO\0TRACE\0ALLOW\0LOG\0NOTIFY\0");
		list(w, "operators", "SCMP_CMP_", "NE\0LT\0LE\0EQ\0GE\0GT\0MASKED_EQ\0");
		/* An architecture without a table is accepted in config.json,
		 * but its syscalls are killed: not listed. */
		open_(w, "archs", "[");
		for (int k = 0; *p; p += strlen(p) + 1, k++)
			if (arches & (1u << k))
				str(w, NULL, "SCMP_ARCH_", p);
		close_(w, "]");
		list(w, "knownFlags", "SECCOMP_FILTER_FLAG_", "TSYNC\0LOG\0SPEC_ALLOW\0WAIT_KILLABLE_RECV\0");
		list(w, "supportedFlags", "SECCOMP_FILTER_FLAG_", "TSYNC\0LOG\0SPEC_ALLOW\0WAIT_KILLABLE_RECV\0");
	}
	close_(w, "}");
}

static void linux_(struct jw *w)
{
	const char *s;

	open_(w, "linux", "{");
	open_(w, "namespaces", "[");
	for (int k = 0; k < NS_COUNT; k++)
		if ((k != NS_USER || CFG_USERNS) && (k != NS_TIME || CFG_TIMENS))
			str(w, NULL, "", ns_names[k]);
	close_(w, "]");
	/* Without CFG_CAPS a config that lists capabilities is refused. */
	open_(w, "capabilities", "[");
	for (size_t k = 0; CFG_CAPS && (s = caps_name(k)); k++)
		str(w, NULL, "CAP_", s);
	close_(w, "]");
	open_(w, "cgroup", "{");
	flag(w, "v1", CFG_CGROUP_V1);
	flag(w, "v2", CFG_CGROUP_V2);
	flag(w, "systemd", false);
	flag(w, "systemdUser", false);
	flag(w, "rdma", CFG_CGROUPS); /* linux.resources.rdma, where the host has the controller */
	close_(w, "}");
	seccomp(w);
	enabled(w, "apparmor", CFG_APPARMOR);
	enabled(w, "selinux", CFG_SELINUX);
	enabled(w, "intelRdt", false); /* parsed, but refused: not applied yet */
	open_(w, "mountExtensions", "{");
	enabled(w, "idmap", CFG_IDMAP); /* where the kernel has mount_setattr */
	close_(w, "}");
	enabled(w, "netDevices", CFG_NETDEV);
	close_(w, "}");
}

int features_print(void)
{
	struct jw w = { 0 };
	const char *s;

	open_(&w, NULL, "{");
	str(&w, "ociVersionMin", "", "1.0.0");
	str(&w, "ociVersionMax", "", SPEC_VERSION);
	open_(&w, "hooks", "[");
	for (int k = 0; CFG_HOOKS && k < HOOK_KINDS; k++) /* json.c's names; hooks.c runs all */
		str(&w, NULL, "", hook_names[k]);
	close_(&w, "]");
	open_(&w, "mountOptions", "[");
	for (size_t k = 0; (s = mount_option_name(k)); k++)
		str(&w, NULL, "", s);
	close_(&w, "]");
	linux_(&w);
	open_(&w, "annotations", "{");
	str(&w, "runlet.version", "", RUNLET_VERSION);
	close_(&w, "}");
	/* runlet acts on no config.json annotation. */
	list(&w, "potentiallyUnsafeConfigAnnotations", "", "");
	close_(&w, "}");
	buf_puts(&w.b, "\n");
	int r = write_all(STDOUT_FILENO, w.b.p, w.b.len);
	return r < 0 ? rt_fail(-r, "features: write to stdout") : 0;
}
