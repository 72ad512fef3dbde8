/* `runlet spec`: the template config.json, as `runc spec` writes it. The
 * template is kept compact and indented on the way out. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "util.h"

#define CAPS "[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]"

/* The parts a build may lack: the template asks only for what this build
 * has (a config it would refuse is no template). */
#if CFG_CAPS
#define T_CAPS ",\"capabilities\":{\"bounding\":" CAPS ",\"effective\":" CAPS ",\"permitted\":" CAPS ",\"ambient\":" CAPS "}"
#else
#define T_CAPS ""
#endif
#if CFG_RLIMITS
#define T_RLIMITS ",\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}]"
#else
#define T_RLIMITS ""
#endif
#if CFG_CGROUPS
#define T_CGROUP_MOUNT                                                                                         \
	",{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\",\"options\":[\"nosuid\","      \
	"\"noexec\",\"nodev\",\"relatime\",\"ro\"]}"
#define T_RESOURCES "\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},"
#else
#define T_CGROUP_MOUNT ""
#define T_RESOURCES ""
#endif

/* %s: ociVersion, terminal, args, devpts gid option, the /sys (and
 * cgroup) mounts, the id mappings or device rules, the namespaces. */
static const char template[] =
	"{\"ociVersion\":\"%s\",\"process\":{\"terminal\":%s,\"user\":{\"uid\":0,\"gid\":0},\"args\":%s,"
	"\"env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"TERM=xterm\"],"
	"\"cwd\":\"/\"" T_CAPS T_RLIMITS ",\"noNewPrivileges\":true},\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"hostname\":\"runlet\","
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\","
	"\"mode=755\",\"size=65536k\"]},{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\","
	"\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\"%s]},"
	"{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\",\"noexec\","
	"\"nodev\",\"mode=1777\",\"size=65536k\"]},{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\","
	"\"source\":\"mqueue\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},%s],\"linux\":{%s"
	"\"namespaces\":[{\"type\":\"pid\"},%s{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"},"
	"{\"type\":\"cgroup\"}%s],\"maskedPaths\":[\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\","
	"\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\",\"/sys/firmware\","
	"\"/proc/scsi\"],\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\","
	"\"/proc/sysrq-trigger\"]}}";

static const char sys_mounts[] =
	"{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\","
	"\"nodev\",\"ro\"]}" T_CGROUP_MOUNT;
static const char sys_rootless[] =
	"{\"destination\":\"/sys\",\"type\":\"none\",\"source\":\"/sys\",\"options\":[\"rbind\",\"nosuid\","
	"\"noexec\",\"nodev\",\"ro\"]}";

static void args_json(struct buf *b, const char *args)
{
	bool first = true;

	buf_puts(b, "[");
	for (const char *s = args; *s;) {
		size_t n;
		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (!n)
			break;
		char *w = xasprintf("%.*s", (int)n, s);
		buf_puts(b, first ? "" : ",");
		buf_json_str(b, w);
		free(w);
		first = false;
		s += n;
	}
	buf_puts(b, "]");
}

/* Compact JSON to runc's layout: one member or element a line, tabs;
 * short arrays of scalars stay on one line. */
static void indent(struct buf *out, const char *js)
{
	int depth = 0;
	bool in_str = false;

	for (const char *p = js; *p; p++) {
		char c = *p;
		if (in_str) {
			buf_add(out, p, 1);
			if (c == '\\' && p[1])
				buf_add(out, ++p, 1);
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
			buf_add(out, p, 1);
		} else if (c == '{' || c == '[') {
			buf_add(out, p, 1);
			if (p[1] == '}' || p[1] == ']')
				continue;
			depth++;
			buf_puts(out, "\n");
			for (int k = 0; k < depth; k++)
				buf_puts(out, "\t");
		} else if (c == '}' || c == ']') {
			depth--;
			buf_puts(out, "\n");
			for (int k = 0; k < depth; k++)
				buf_puts(out, "\t");
			buf_add(out, p, 1);
		} else if (c == ',') {
			buf_puts(out, ",\n");
			for (int k = 0; k < depth; k++)
				buf_puts(out, "\t");
		} else if (c == ':') {
			buf_puts(out, ": ");
		} else {
			buf_add(out, p, 1);
		}
	}
	buf_puts(out, "\n");
}

int spec_write(const char *bundle, bool rootless, const char *args, bool terminal)
{
	struct buf a = { 0 }, maps = { 0 }, out = { 0 };
	AUTOCLOSE int dfd = openat(AT_FDCWD, bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	AUTOFREE char *compact = NULL;
	int fd, r;

	if (dfd < 0)
		return rt_fail(errno, "--bundle %s", bundle);
	args_json(&a, args ? args : "sh");
	if (rootless && !CFG_USERNS)
		return rt_fail(0, "spec --rootless: a user namespace: not compiled in (CFG_USERNS=0)");
	if (terminal && !CFG_TERMINAL)
		return rt_fail(0, "spec --terminal: not compiled in (CFG_TERMINAL=0)");
	if (rootless)
		buf_printf(&maps, "\"uidMappings\":[{\"containerID\":0,\"hostID\":%u,\"size\":1}],"
				  "\"gidMappings\":[{\"containerID\":0,\"hostID\":%u,\"size\":1}],",
			   (unsigned)geteuid(), (unsigned)getegid());
	else
		buf_puts(&maps, T_RESOURCES);
	compact = xasprintf(template, SPEC_VERSION, terminal ? "true" : "false", a.p, rootless ? "" : ",\"gid=5\"",
			    rootless ? sys_rootless : sys_mounts, maps.p, rootless ? "" : "{\"type\":\"network\"},",
			    rootless ? ",{\"type\":\"user\"}" : "");
	indent(&out, compact);
	free(a.p);
	free(maps.p);
	fd = openat(dfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		free(out.p);
		return errno == EEXIST ? rt_fail(0, "%s/config.json already exists: remove it first", bundle)
				       : rt_fail(errno, "create %s/config.json", bundle);
	}
	r = write_all(fd, out.p, out.len);
	close(fd);
	free(out.p);
	return r < 0 ? rt_fail(-r, "write %s/config.json", bundle) : 0;
}
