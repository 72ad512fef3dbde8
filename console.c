/* process.terminal: a pty made inside the container, its master sent to
 * the engine's --console-socket (SCM_RIGHTS), the slave as stdio. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "container.h"
#include "sys.h"
#include "util.h"

int console_connect(const char *path, int *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return rt_fail(0, "--console-socket: path too long: %s", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = sys_socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return rt_fail(e, "--console-socket: connect to %s", path);
	}
	*out = fd;
	return 0;
}

static int send_fd(int sock, int fd, const char *name)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { (void *)name, strlen(name) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return RETRY(sys_sendmsg(sock, &mh, MSG_NOSIGNAL)) < 0 ? -errno : 0;
}

/* In init, after pivot_root (the container's /dev/pts is mounted). */
int console_setup(struct container *c)
{
	const struct oci_process *p = &c->cfg->process;
	AUTOCLOSE int master = -1;
	AUTOCLOSE int slave = -1;
	char name[64];
	int r;

	if (!CFG_TERMINAL) /* refused at validation; the code below is dropped */
		return rt_fail(0, "process.terminal: not compiled in (CFG_TERMINAL=0)");
	master = openat(AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return rt_fail(errno, "process.terminal: open /dev/ptmx (is /dev/pts mounted?)");
	if (unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)) != 0)
		return rt_fail(errno, "process.terminal: unlock the pty");
	slave = openat(AT_FDCWD, name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return rt_fail(errno, "process.terminal: open %s", name);
	if (p->console_height || p->console_width) {
		struct winsize ws = { .ws_row = (unsigned short)p->console_height,
				      .ws_col = (unsigned short)p->console_width };
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	/* /dev/console is the init's pty, as runc and crun do: bound from
	 * and onto fds, the target checked, so that a /dev/console swapped
	 * for a symlink cannot take the pty elsewhere (CVE-2025-52565) */
	AUTOCLOSE int t = -1;
	if (!c->exec) {
		mknod("/dev/console", S_IFREG | 0600, 0);
		t = openat(AT_FDCWD, "/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (t >= 0) {
		struct stat st;
		char sp[32], tp[32];
		if (sys_fstat(t, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)))
			return rt_fail(0, "process.terminal: /dev/console is not a file (a symlink?): will not bind the pty there");
		snprintf(sp, sizeof(sp), "/proc/self/fd/%d", slave);
		snprintf(tp, sizeof(tp), "/proc/self/fd/%d", t);
		if (mount(sp, tp, NULL, MS_BIND, NULL) < 0)
			warnx("process.terminal: bind %s on /dev/console: %s", name, strerror(errno));
	}
	if ((r = send_fd(c->console_fd, master, "/dev/ptmx")) < 0)
		return rt_fail(-r, "--console-socket: send the pty master");
	close_fd(&c->console_fd);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		return rt_fail(errno, "process.terminal: make %s the controlling terminal", name);
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return rt_fail(errno, "process.terminal: dup2");
	return 0;
}

/* ---- `run` in the foreground with a terminal and no console socket:
 * runlet itself is the engine, relaying the pty to its own stdio ---- */

int console_recv_master(int sock)
{
	char name[64], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { name, sizeof(name) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd;

	if (RETRY(sys_recvmsg(sock, &mh, MSG_CMSG_CLOEXEC)) < 0)
		return rt_fail(errno, "receive the container's pty");
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return rt_fail(0, "receive the container's pty: no fd came");
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Our terminal in raw mode (keys go to the container as typed); saved
 * for console_restore. Not a terminal: nothing to do. */
bool console_raw(int fd, struct termios *saved)
{
	struct termios t;

	if (tcgetattr(fd, saved) < 0)
		return false;
	t = *saved;
	cfmakeraw(&t);
	return tcsetattr(fd, TCSANOW, &t) == 0;
}

void console_restore(int fd, const struct termios *saved)
{
	tcsetattr(fd, TCSANOW, saved);
}

void console_copy_winsize(int from, int to)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}
