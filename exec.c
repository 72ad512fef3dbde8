/* `exec`: a new process in a created or running container. It joins the
 * init's namespaces (user first, mount last), its cgroup, and then takes
 * the same steps as the init's own process (process.c). */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "seccomp.h"
#include "state.h"
#include "sys.h"
#include "util.h"

static const struct {
	const char *name;
	int flag;
} ns_order[] = {
	/* user first: the others are owned by it; mount last: it changes
	 * what the other /proc paths mean */
	{ "user", CLONE_NEWUSER },     { "ipc", CLONE_NEWIPC },   { "uts", CLONE_NEWUTS },
	{ "net", CLONE_NEWNET },       { "pid", CLONE_NEWPID },   { "cgroup", CLONE_NEWCGROUP },
	{ "time", CLONE_NEWTIME },     { "mnt", CLONE_NEWNS },
};

/* In the first child: into every namespace the init has that we do not
 * share, then fork the process (it lands in the pid and time namespaces).
 * The init may exit at any time: its /proc directory is held, so that a
 * namespace it no longer has fails the exec instead of being skipped
 * (which would leave the process in runlet's own namespaces, the host's),
 * and a pid reused meanwhile is not looked at. */
__attribute__((noreturn)) static void exec_child(struct container *c, const struct rt_state *st)
{
	int fds[ARRAY_SIZE(ns_order)], proc;
	sigset_t none;
	char path[64];

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	process_close_leaked_fds(c);
	snprintf(path, sizeof(path), "/proc/%d", st->pid);
	proc = openat(AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if ((proc < 0 && errno == ENOENT) || (proc >= 0 && proc_start_time(st->pid) != st->start_time))
		child_fail((rt_fail(0, "the container's init (pid %d) has exited", st->pid), c->sync_fd));
	if (proc < 0)
		child_fail((rt_fail(errno, "open %s", path), c->sync_fd));
	for (size_t k = 0; k < ARRAY_SIZE(ns_order); k++) {
		struct stat a, b;

		snprintf(path, sizeof(path), "ns/%s", ns_order[k].name);
		fds[k] = openat(proc, path, O_RDONLY | O_CLOEXEC);
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_order[k].name);
		/* the same namespace as ours (or none on this kernel): stay */
		if (fds[k] >= 0 && (sys_fstat(fds[k], &a) < 0 || sys_stat(path, &b) < 0 || a.st_ino == b.st_ino))
			close_fd(&fds[k]);
		else if (fds[k] < 0 && (errno != ENOENT || sys_stat(path, &b) == 0))
			child_fail((rt_fail(errno == ENOENT ? 0 : errno, "open the %s namespace of the container's init (pid %d)%s",
					    ns_order[k].name, st->pid, errno == ENOENT ? ": it has exited" : ""),
				    c->sync_fd));
	}
	close(proc);
	for (size_t k = 0; k < ARRAY_SIZE(ns_order); k++) {
		if (fds[k] < 0)
			continue;
		if (setns(fds[k], ns_order[k].flag) < 0)
			child_fail((rt_fail(errno, "join the container's %s namespace", ns_order[k].name), c->sync_fd));
		close_fd(&fds[k]);
		if (ns_order[k].flag == CLONE_NEWUSER) {
			c->userns = true;
			if (ns_become_root() < 0)
				child_fail(c->sync_fd);
		}
	}
	/* as the init (ns.c): the process runs runlet's binary in the
	 * container until its exec (CVE-2019-5736) */
	sys_prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	pid_t pid = sys_clone(CLONE_PARENT);
	if (pid < 0 && errno == ENOMEM && proc_start_time(st->pid) != st->start_time) /* its pid namespace is gone */
		child_fail((rt_fail(0, "the container's init (pid %d) has exited", st->pid), c->sync_fd));
	if (pid < 0)
		child_fail((rt_fail(errno, "fork"), c->sync_fd));
	if (pid > 0) {
		sync_send(c->sync_fd, SYNC_PID, pid, NULL);
		_exit(0);
	}
	/* the process: wait until it is in the container's cgroup */
	ns_wait_go(c->sync_fd);
	if (CFG_TERMINAL && c->cfg->process.terminal && console_setup(c) < 0)
		child_fail(c->sync_fd);
	if (process_prepare(c) < 0)
		child_fail(c->sync_fd);
	process_exec(c); /* the sync socket closes at exec: that is success */
}

int exec_container(struct container *c, const struct rt_state *st, bool detach, const char *pid_file, pid_t *out)
{
	struct sync_msg m = { 0 };
	int sv[2], r;
	pid_t c1, pid = -1;

	FAULT(); /* the init may exit from here on (test/cases/faults.sh) */
	if (sys_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return rt_fail(errno, "socketpair");
	c1 = sys_fork();
	if (c1 < 0) {
		close(sv[0]);
		close(sv[1]);
		return rt_fail(errno, "fork");
	}
	if (c1 == 0) {
		close(sv[0]);
		c->sync_fd = sv[1];
		exec_child(c, st);
	}
	close(sv[1]);
	c->sync_fd = sv[0];
	FAULT();
	r = sync_recv(c->sync_fd, &m);
	RETRY(waitpid(c1, NULL, 0));
	if (r < 0 || m.type != SYNC_PID) {
		if (r == 0 && m.type == SYNC_ERROR)
			rt_set_error(m.text);
		else
			rt_fail(0, "exec: the process exited during setup");
		r = -EINVAL;
		goto out;
	}
	pid = m.value;
	FAULT();
	/* into the container's cgroup, every hierarchy, before it runs */
	if ((r = cgroup_enter_paths(&st->cgroup_paths, pid)) < 0)
		goto out;
	FAULT();
	sync_send(c->sync_fd, SYNC_GO, 0, NULL);
	FAULT();
	/* EOF: the socket closed at exec; a message: it failed before. In a
	 * paused container the process is frozen from here until resume:
	 * --detach does not wait for it. */
	r = detach && cgroup_frozen(&st->cgroup_paths) ? 0 : sync_recv(c->sync_fd, &m);
	while (r == 0 && m.type == SYNC_SECCOMP) {
		/* the container's filter has NOTIFY rules: its listener too */
		struct buf js = { 0 };
		state_to_json(&js, st, ST_RUNNING, false);
		r = m.fd < 0 ? rt_fail(0, "linux.seccomp: no listener fd came from the process")
			     : seccomp_send_listener(c->cfg->seccomp, js.p, pid, m.fd);
		free(js.p);
		if (m.fd >= 0)
			close(m.fd);
		if (r < 0)
			goto out;
		m.type = 0;
		r = sync_recv(c->sync_fd, &m);
	}
	if (r == 0 && m.type == SYNC_ERROR) {
		rt_set_error(m.text);
		r = -EINVAL;
		goto out;
	}
	r = 0;
	if (pid_file && (r = write_pid_file(pid_file, pid)) < 0)
		goto out;
	*out = pid;
out:
	close_fd(&c->sync_fd);
	if (r < 0 && pid > 0) {
		kill(pid, SIGKILL);
		RETRY(waitpid(pid, NULL, 0));
	}
	return r;
}
