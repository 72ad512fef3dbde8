/* Container state: <root>/<id>/state.json written atomically, a per
 * container flock, and the status read from the real process. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "state.h"
#include "sys.h"
#include "util.h"

const char *const status_names[] = { "creating", "created", "running", "stopped", "paused" };

static int open_root(const char *root, bool create)
{
	int fd = openat(AT_FDCWD, root, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && create) {
		/* mkdir -p, 0700: state holds pids and paths of every container */
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s", root);
		for (char *p = tmp + 1; *p; p++)
			if (*p == '/') {
				*p = 0;
				mkdir(tmp, 0755);
				*p = '/';
			}
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return rt_fail(errno, "create state directory %s (--root)", root);
		fd = openat(AT_FDCWD, root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : rt_fail(errno, "open state directory %s (--root)", root);
	return fd;
}

int state_lock(const char *root, const char *id, int *dirfd)
{
	AUTOCLOSE int rfd = open_root(root, false);
	int fd;

	if (rfd < 0)
		return rfd;
	fd = openat(rfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : rt_fail(errno, "open %s/%s", root, id);
	if (RETRY(flock(fd, LOCK_EX)) < 0) {
		close(fd);
		return rt_fail(errno, "lock %s/%s", root, id);
	}
	/* Deleted while we waited for the lock: it is gone. */
	struct stat st;
	if (sys_fstat(fd, &st) < 0 || st.st_nlink == 0) {
		close(fd);
		return -ENOENT;
	}
	*dirfd = fd;
	return 0;
}

int state_create(const char *root, const char *id, int *dirfd)
{
	AUTOCLOSE int rfd = open_root(root, true);
	int fd;

	if (rfd < 0)
		return rfd == -ENOENT ? rt_fail(ENOENT, "state directory %s (--root)", root) : rfd;
	if (mkdirat(rfd, id, 0711) < 0)
		return errno == EEXIST ? rt_fail(0, "container \"%s\" already exists", id)
				       : rt_fail(errno, "create %s/%s", root, id);
	fd = openat(rfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		int e = errno;
		unlinkat(rfd, id, AT_REMOVEDIR);
		return rt_fail(e, "create %s/%s", root, id);
	}
	*dirfd = fd;
	return 0;
}

int state_read(int dirfd, struct rt_state *s)
{
	AUTOFREE char *js = NULL;
	size_t len;
	int r = read_file_at(dirfd, "state.json", &js, &len);

	if (r == -ENOENT)
		return -ENOENT;
	if (r < 0)
		return rt_fail(-r, "read state.json");
	return json_parse_state(js, len, s);
}

void state_to_json(struct buf *b, const struct rt_state *s, enum status st, bool internal)
{
	buf_puts(b, "{\"ociVersion\":");
	buf_json_str(b, SPEC_VERSION);
	buf_puts(b, ",\"id\":");
	buf_json_str(b, s->id);
	buf_printf(b, ",\"pid\":%d,\"status\":\"%s\",\"bundle\":", st == ST_STOPPED && !internal ? 0 : s->pid,
		   status_names[st]);
	buf_json_str(b, s->bundle);
	buf_puts(b, ",\"rootfs\":");
	buf_json_str(b, s->rootfs ? s->rootfs : "");
	buf_puts(b, ",\"created\":");
	buf_json_str(b, s->created ? s->created : "");
	buf_puts(b, ",\"owner\":");
	buf_json_str(b, s->owner ? s->owner : "");
	if (s->annotations.n) {
		buf_puts(b, ",\"annotations\":{");
		for (size_t k = 0; k < s->annotations.n; k++) {
			if (k)
				buf_puts(b, ",");
			buf_json_str(b, s->annotations.v[k].key);
			buf_puts(b, ":");
			buf_json_str(b, s->annotations.v[k].value);
		}
		buf_puts(b, "}");
	}
	if (internal) {
		buf_printf(b, ",\"runlet.startTime\":%llu,\"runlet.cgroupCreated\":%s,\"runlet.cgroupPaths\":[",
			   (unsigned long long)s->start_time, s->cgroup_created ? "true" : "false");
		for (size_t k = 0; k < s->cgroup_paths.n; k++) {
			if (k)
				buf_puts(b, ",");
			buf_json_str(b, s->cgroup_paths.v[k]);
		}
		buf_puts(b, "]");
	}
	buf_puts(b, "}");
}

int state_write(int dirfd, const struct rt_state *s)
{
	struct buf b = { 0 };
	int r;

	state_to_json(&b, s, ST_CREATED, true);
	buf_puts(&b, "\n");
	r = write_file_atomic(dirfd, "state.json", b.p, b.len, 0600);
	free(b.p);
	return r < 0 ? rt_fail(-r, "write state.json") : 0;
}

uint64_t proc_start_time(int pid)
{
	char path[64], *s = NULL, *p;
	uint64_t start = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file_at(AT_FDCWD, path, &s, NULL) < 0)
		return 0;
	/* comm may hold spaces and parens: the fields follow the last ')';
	 * there, field 3 is the state and field 22 the start time. */
	p = strrchr(s, ')');
	if (p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X') {
		p += 2;
		for (int field = 3; field < 22 && p; field++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		while (p && *p >= '0' && *p <= '9')
			start = start * 10 + (uint64_t)(*p++ - '0');
	}
	free(s);
	return start;
}

enum status state_status(int dirfd, const struct rt_state *s)
{
	struct stat st;

	/* pid 0: a create under way (it holds the lock), or one that died */
	if (s->pid == 0 && flock(dirfd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK)
		return ST_CREATING;
	if (s->pid <= 0 || proc_start_time(s->pid) != s->start_time || !s->start_time)
		return ST_STOPPED;
	/* The fifo goes when `start` released the init. */
	if (sys_fstatat(dirfd, "exec.fifo", &st, AT_SYMLINK_NOFOLLOW) == 0)
		return ST_CREATED;
	return cgroup_frozen(&s->cgroup_paths) ? ST_PAUSED : ST_RUNNING;
}

int state_remove(const char *root, const char *id, int dirfd)
{
	AUTOCLOSE int rfd = open_root(root, false);
	struct dir d;
	const char *n;

	if (dir_open(&d, dirfd, ".") == 0) {
		while ((n = dir_next(&d, NULL)))
			unlinkat(dirfd, n, 0);
		dir_close(&d);
	}
	if (rfd < 0 || unlinkat(rfd, id, AT_REMOVEDIR) < 0)
		return errno == ENOENT ? 0 : rt_fail(errno, "remove %s/%s", root, id);
	return 0;
}
