/* Namespaces: join the ones given by path, make the new ones, in the order
 * the kernel needs, then fork the container's init into them. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "sys.h"
#include "util.h"

static const int ns_flags[NS_COUNT] = {
	[NS_PID] = CLONE_NEWPID,       [NS_NET] = CLONE_NEWNET,   [NS_IPC] = CLONE_NEWIPC,
	[NS_UTS] = CLONE_NEWUTS,       [NS_MNT] = CLONE_NEWNS,    [NS_CGROUP] = CLONE_NEWCGROUP,
	[NS_USER] = CLONE_NEWUSER,     [NS_TIME] = CLONE_NEWTIME,
};

int sync_send_fd(int sock, int type, int value, const char *text, int passfd)
{
	struct sync_msg m = { .type = type, .value = value, .fd = -1 };
	size_t n = offsetof(struct sync_msg, text);
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &m, 0 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (text) {
		snprintf(m.text, sizeof(m.text), "%s", text);
		n += strlen(m.text) + 1;
	}
	iov.iov_len = n;
	if (passfd >= 0) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &passfd, sizeof(int));
	}
	return RETRY(sys_sendmsg(sock, &mh, MSG_NOSIGNAL)) < 0 ? -errno : 0;
}

int sync_send(int fd, int type, int value, const char *text)
{
	return sync_send_fd(fd, type, value, text, -1);
}

int sync_recv(int fd, struct sync_msg *m)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { m, sizeof(*m) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = RETRY(sys_recvmsg(fd, &mh, MSG_CMSG_CLOEXEC));
	struct cmsghdr *cm;

	if (n < 0)
		return -errno;
	m->fd = -1;
	if ((cm = CMSG_FIRSTHDR(&mh)) && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&m->fd, CMSG_DATA(cm), sizeof(int));
	if (n < (ssize_t)offsetof(struct sync_msg, text))
		return -EPIPE; /* the peer is gone */
	((char *)m)[n] = 0;
	if ((size_t)n == offsetof(struct sync_msg, text))
		m->text[0] = 0;
	return 0;
}

void child_fail(int fd)
{
	sync_send(fd, SYNC_ERROR, 0, rt_error());
	_exit(1);
}

int ns_wait_go(int fd)
{
	struct sync_msg m;
	int r = sync_recv(fd, &m);

	if (r < 0 || m.type != SYNC_GO)
		_exit(1); /* the parent gave up: it reports why */
	return m.value;
}

static int write_map(pid_t pid, const char *file, const struct oci_idmap *m, size_t n, const char *field)
{
	struct buf b = { 0 };
	char path[64];
	int r;

	for (size_t k = 0; k < n; k++)
		buf_printf(&b, "%u %u %u\n", m[k].container_id, m[k].host_id, m[k].size);
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	r = write_file(path, b.p ? b.p : "");
	free(b.p);
	return r < 0 ? rt_fail(-r, "write %s (%s.%cidMappings)", path, field, *file) : 0;
}

static int write_file_pid(pid_t pid, const char *file, const char *s)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	r = write_file(path, s);
	return r < 0 ? (errno = -r, -1) : 0;
}

static int write_maps(pid_t pid, const struct oci_idmap *u, size_t nu, const struct oci_idmap *g, size_t ng,
		      const char *field)
{
	int r = write_map(pid, "uid_map", u, nu, field);

	/* Without CAP_SETGID here (runlet run by a user, rootless), the
	 * kernel takes a gid_map only once setgroups is denied in the new
	 * namespace, as runc and crun do then; the container keeps its
	 * groups (set_user's setgroups allows the EPERM that follows). */
	if (r == 0 && geteuid() != 0 && write_file_pid(pid, "setgroups", "deny") < 0 && errno != ENOENT)
		r = rt_fail(errno, "write /proc/%d/setgroups (deny, for an unprivileged %s.gidMappings)", pid, field);
	return r < 0 ? r : write_map(pid, "gid_map", g, ng, field);
}

int ns_write_id_maps(const struct container *c, pid_t pid)
{
	const struct oci_config *cfg = c->cfg;

	return write_maps(pid, cfg->uid_maps, cfg->n_uid_maps, cfg->gid_maps, cfg->n_gid_maps, "linux");
}

/* A user namespace with these id maps, as an fd (for an idmapped mount):
 * a child is made in it just to write the maps, then killed. */
int ns_userns_fd(const struct oci_idmap *u, size_t nu, const struct oci_idmap *g, size_t ng, const char *field)
{
	char p[64];
	int fd = -1, r;
	pid_t pid = sys_clone(CLONE_NEWUSER);

	if (pid < 0)
		return rt_fail(errno, "%s: a user namespace for the id mapping", field);
	if (pid == 0) {
		sys_prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		for (;;)
			pause();
	}
	if ((r = write_maps(pid, u, nu, g, ng, field)) == 0) {
		snprintf(p, sizeof(p), "/proc/%d/ns/user", pid);
		if ((fd = openat(AT_FDCWD, p, O_RDONLY | O_CLOEXEC)) < 0)
			r = rt_fail(errno, "%s: open %s", field, p);
	}
	kill(pid, SIGKILL);
	RETRY(waitpid(pid, NULL, 0));
	return r < 0 ? r : fd;
}

static int write_time_offsets(const struct oci_config *cfg)
{
	char s[128];
	int r;

	if (!CFG_TIMENS || !cfg->has_time_offsets)
		return 0;
	snprintf(s, sizeof(s), "monotonic %lld %u\nboottime %lld %u\n",
		 (long long)cfg->time_offset_secs[0], cfg->time_offset_nsecs[0],
		 (long long)cfg->time_offset_secs[1], cfg->time_offset_nsecs[1]);
	r = write_file("/proc/self/timens_offsets", s);
	return r < 0 ? rt_fail(-r, "linux.timeOffsets: write /proc/self/timens_offsets") : 0;
}

/* In a (new or joined) user namespace: uid and gid 0 there. */
int ns_become_root(void)
{
	if (sys_setresgid(0, 0, 0) < 0 || sys_setresuid(0, 0, 0) < 0)
		return rt_fail(errno, "become root in the user namespace (is uid/gid 0 mapped?)");
	/* The uid change made us non-dumpable: our /proc/self files would
	 * belong to the host's root, out of reach (timens_offsets, setgroups). */
	sys_prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	return 0;
}

/* Runs in the first child. Returns 0 in the container's init; the first
 * child itself reports init's pid and exits. */
int ns_setup(struct container *c)
{
	const struct oci_config *cfg = c->cfg;
	int fds[NS_COUNT], r, newflags = 0;
	/* user first: the others are then joined or made as its members */
	static const int order[NS_COUNT] = { NS_USER, NS_IPC, NS_UTS, NS_NET, NS_PID, NS_CGROUP, NS_TIME, NS_MNT };

	/* Open every path first: joining the mount namespace changes what a
	 * path means. */
	for (int k = 0; k < NS_COUNT; k++) {
		fds[k] = -1;
		if (!cfg->ns[k].present)
			continue;
		if (!cfg->ns[k].path) {
			newflags |= ns_flags[k];
			continue;
		}
		fds[k] = openat(AT_FDCWD, cfg->ns[k].path, O_RDONLY | O_CLOEXEC);
		if (fds[k] < 0)
			return rt_fail(errno, "linux.namespaces: open %s namespace %s", ns_names[k], cfg->ns[k].path);
	}
	for (int j = 0; j < NS_COUNT; j++) {
		int k = order[j];
		if (fds[k] < 0)
			continue;
		if (setns(fds[k], ns_flags[k]) < 0)
			return rt_fail(errno, "linux.namespaces: join %s namespace %s", ns_names[k], cfg->ns[k].path);
		close_fd(&fds[k]);
	}
	if (CFG_USERNS && (newflags & CLONE_NEWUSER)) {
		if (unshare(CLONE_NEWUSER) < 0)
			return rt_fail(errno, "linux.namespaces: new user namespace");
		if ((r = sync_send(c->sync_fd, SYNC_USERMAP, 0, NULL)) < 0)
			return rt_fail(-r, "sync with parent");
		ns_wait_go(c->sync_fd);
	}
	if (CFG_USERNS && c->userns && (r = ns_become_root()) < 0)
		return r;
	/* A new cgroup namespace is made by the init once it is in its
	 * cgroup (ns_enter_cgroup): the cgroup then is the namespace's root. */
	if (unshare(newflags & ~(CLONE_NEWUSER | CLONE_NEWCGROUP)) < 0)
		return rt_fail(errno, "linux.namespaces: unshare the new namespaces");
	if ((newflags & CLONE_NEWTIME) && (r = write_time_offsets(cfg)) < 0)
		return r;
	if (CFG_OOM_SCORE && cfg->process.has_oom_score_adj) {
		/* here, while /proc/self is still ours to write (the init
		 * inherits the value) */
		char v[16];
		snprintf(v, sizeof(v), "%d", cfg->process.oom_score_adj);
		if ((r = write_file("/proc/self/oom_score_adj", v)) < 0)
			return rt_fail(-r, "process.oomScoreAdj");
	}
	/* The init runs runlet's binary until the exec, in the container's
	 * pid namespace: non-dumpable, no process of the container (a joined
	 * pid namespace, an early exec) may open its /proc/<pid>/exe, the
	 * host's runlet, and write it once it is idle (CVE-2019-5736). The
	 * kernel makes it dumpable again at the exec of the container's
	 * program. */
	sys_prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* A new pid or time namespace takes effect for children only: the
	 * init is a child, and a sibling of ours (CLONE_PARENT), so the
	 * runtime's parent (an engine's subreaper) reaps it. */
	pid_t pid = sys_clone(CLONE_PARENT);
	if (pid < 0)
		return rt_fail(errno, "fork the container init");
	if (pid == 0)
		return 0;
	sync_send(c->sync_fd, SYNC_PID, pid, NULL);
	_exit(0);
}

/* In init, once the parent says it is in its cgroup. Returns the init's
 * pid as the host sees it (the parent sends it), for the hooks' state. */
int ns_enter_cgroup(struct container *c)
{
	int pid = ns_wait_go(c->sync_fd);

	if (c->cfg->ns[NS_CGROUP].present && !c->cfg->ns[NS_CGROUP].path && unshare(CLONE_NEWCGROUP) < 0)
		return rt_fail(errno, "linux.namespaces: new cgroup namespace");
	return pid;
}
