/* `runlet spec`: the template config.json, as `runc spec` writes it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "util.h"



static void add_args(struct buf *b, const char *args)
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
		buf_puts(b, first ? "" : ", ");
		buf_json_str(b, w);
		free(w);
		first = false;
		s += n;
	}
	buf_puts(b, "]");
}

int spec_write(const char *bundle, bool rootless, const char *args, bool terminal)
{
	struct buf b = { 0 };
	AUTOCLOSE int dfd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int fd, r;

	if (dfd < 0)
		return rt_fail(errno, "--bundle %s", bundle);
	buf_printf(&b,
		   "{\n"
		   "\t\"ociVersion\": \"%s\",\n"
		   "\t\"process\": {\n"
		   "\t\t\"terminal\": %s,\n"
		   "\t\t\"user\": {\n\t\t\t\"uid\": 0,\n\t\t\t\"gid\": 0\n\t\t},\n"
		   "\t\t\"args\": ",
		   SPEC_VERSION, terminal ? "true" : "false");
	add_args(&b, args ? args : "sh");
	buf_puts(&b,
		 ",\n"
		 "\t\t\"env\": [\n"
		 "\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
		 "\t\t\t\"TERM=xterm\"\n"
		 "\t\t],\n"
		 "\t\t\"cwd\": \"/\",\n"
		 "\t\t\"capabilities\": {\n");
	for (int s = 0; s < 4; s++)
		buf_printf(&b,
			   "\t\t\t\"%s\": [\n\t\t\t\t\"CAP_AUDIT_WRITE\",\n\t\t\t\t\"CAP_KILL\",\n"
			   "\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n\t\t\t]%s\n",
			   (const char *[]){ "bounding", "effective", "permitted", "ambient" }[s], s < 3 ? "," : "");
	buf_puts(&b,
		 "\t\t},\n"
		 "\t\t\"rlimits\": [\n\t\t\t{\n\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"
		 "\t\t\t\t\"hard\": 1024,\n\t\t\t\t\"soft\": 1024\n\t\t\t}\n\t\t],\n"
		 "\t\t\"noNewPrivileges\": true\n"
		 "\t},\n"
		 "\t\"root\": {\n\t\t\"path\": \"rootfs\",\n\t\t\"readonly\": true\n\t},\n"
		 "\t\"hostname\": \"runlet\",\n"
		 "\t\"mounts\": [\n"
		 "\t\t{\n\t\t\t\"destination\": \"/proc\",\n\t\t\t\"type\": \"proc\",\n\t\t\t\"source\": \"proc\"\n\t\t},\n"
		 "\t\t{\n\t\t\t\"destination\": \"/dev\",\n\t\t\t\"type\": \"tmpfs\",\n\t\t\t\"source\": \"tmpfs\",\n"
		 "\t\t\t\"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"]\n\t\t},\n");
	buf_printf(&b,
		   "\t\t{\n\t\t\t\"destination\": \"/dev/pts\",\n\t\t\t\"type\": \"devpts\",\n\t\t\t\"source\": \"devpts\",\n"
		   "\t\t\t\"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\"%s]\n\t\t},\n",
		   rootless ? "" : ", \"gid=5\"");
	buf_puts(&b,
		 "\t\t{\n\t\t\t\"destination\": \"/dev/shm\",\n\t\t\t\"type\": \"tmpfs\",\n\t\t\t\"source\": \"shm\",\n"
		 "\t\t\t\"options\": [\"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\"]\n\t\t},\n"
		 "\t\t{\n\t\t\t\"destination\": \"/dev/mqueue\",\n\t\t\t\"type\": \"mqueue\",\n\t\t\t\"source\": \"mqueue\",\n"
		 "\t\t\t\"options\": [\"nosuid\", \"noexec\", \"nodev\"]\n\t\t},\n");
	if (rootless)
		buf_puts(&b,
			 "\t\t{\n\t\t\t\"destination\": \"/sys\",\n\t\t\t\"type\": \"none\",\n\t\t\t\"source\": \"/sys\",\n"
			 "\t\t\t\"options\": [\"rbind\", \"nosuid\", \"noexec\", \"nodev\", \"ro\"]\n\t\t}\n");
	else
		buf_puts(&b,
			 "\t\t{\n\t\t\t\"destination\": \"/sys\",\n\t\t\t\"type\": \"sysfs\",\n\t\t\t\"source\": \"sysfs\",\n"
			 "\t\t\t\"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]\n\t\t},\n"
			 "\t\t{\n\t\t\t\"destination\": \"/sys/fs/cgroup\",\n\t\t\t\"type\": \"cgroup\",\n\t\t\t\"source\": \"cgroup\",\n"
			 "\t\t\t\"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"]\n\t\t}\n");
	buf_puts(&b, "\t],\n\t\"linux\": {\n");
	if (rootless)
		buf_printf(&b,
			   "\t\t\"uidMappings\": [\n\t\t\t{\n\t\t\t\t\"containerID\": 0,\n\t\t\t\t\"hostID\": %u,\n"
			   "\t\t\t\t\"size\": 1\n\t\t\t}\n\t\t],\n"
			   "\t\t\"gidMappings\": [\n\t\t\t{\n\t\t\t\t\"containerID\": 0,\n\t\t\t\t\"hostID\": %u,\n"
			   "\t\t\t\t\"size\": 1\n\t\t\t}\n\t\t],\n",
			   (unsigned)geteuid(), (unsigned)getegid());
	else
		buf_puts(&b,
			 "\t\t\"resources\": {\n\t\t\t\"devices\": [\n\t\t\t\t{\n\t\t\t\t\t\"allow\": false,\n"
			 "\t\t\t\t\t\"access\": \"rwm\"\n\t\t\t\t}\n\t\t\t]\n\t\t},\n");
	buf_puts(&b, "\t\t\"namespaces\": [\n\t\t\t{\n\t\t\t\t\"type\": \"pid\"\n\t\t\t},\n");
	if (!rootless)
		buf_puts(&b, "\t\t\t{\n\t\t\t\t\"type\": \"network\"\n\t\t\t},\n");
	buf_puts(&b,
		 "\t\t\t{\n\t\t\t\t\"type\": \"ipc\"\n\t\t\t},\n"
		 "\t\t\t{\n\t\t\t\t\"type\": \"uts\"\n\t\t\t},\n"
		 "\t\t\t{\n\t\t\t\t\"type\": \"mount\"\n\t\t\t},\n");
	buf_printf(&b, "\t\t\t{\n\t\t\t\t\"type\": \"cgroup\"\n\t\t\t}%s\n", rootless ? "," : "");
	if (rootless)
		buf_puts(&b, "\t\t\t{\n\t\t\t\t\"type\": \"user\"\n\t\t\t}\n");
	buf_puts(&b,
		 "\t\t],\n"
		 "\t\t\"maskedPaths\": [\n"
		 "\t\t\t\"/proc/acpi\",\n\t\t\t\"/proc/asound\",\n\t\t\t\"/proc/kcore\",\n\t\t\t\"/proc/keys\",\n"
		 "\t\t\t\"/proc/latency_stats\",\n\t\t\t\"/proc/timer_list\",\n\t\t\t\"/proc/timer_stats\",\n"
		 "\t\t\t\"/proc/sched_debug\",\n\t\t\t\"/sys/firmware\",\n\t\t\t\"/proc/scsi\"\n\t\t],\n"
		 "\t\t\"readonlyPaths\": [\n"
		 "\t\t\t\"/proc/bus\",\n\t\t\t\"/proc/fs\",\n\t\t\t\"/proc/irq\",\n\t\t\t\"/proc/sys\",\n"
		 "\t\t\t\"/proc/sysrq-trigger\"\n\t\t]\n"
		 "\t}\n}\n");
	fd = openat(dfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		free(b.p);
		return errno == EEXIST ? rt_fail(0, "%s/config.json already exists: remove it first", bundle)
				       : rt_fail(errno, "create %s/config.json", bundle);
	}
	r = write_all(fd, b.p, b.len);
	close(fd);
	free(b.p);
	return r < 0 ? rt_fail(-r, "write %s/config.json", bundle) : 0;
}
