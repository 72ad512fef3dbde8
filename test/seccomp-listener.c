/* seccomp-listener SOCKET STATEFILE ERRNO: the other end of
 * linux.seccomp.listenerPath. Takes each connection's seccomp state and
 * listener fd (SCM_RIGHTS): create's, then one per `exec` whose process
 * has the filter; appends each state to STATEFILE, and answers every
 * notification with -ERRNO until every filter it got is gone (or nothing
 * happens for 20 s); then appends "answered N". */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/seccomp.h>

#define MAX_FDS 16

/* One connection: its state into out, its fd returned (or -1). */
static int take(int ls, int out)
{
	static char state[65536];
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { state, sizeof(state) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	int cs = accept(ls, NULL, NULL), fd = -1;
	ssize_t n;

	if (cs < 0 || (n = recvmsg(cs, &mh, 0)) <= 0) {
		perror("seccomp-listener: receive");
		exit(1);
	}
	close(cs);
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	state[n++] = '\n';
	if (write(out, state, (size_t)n) != n || fd < 0) {
		fprintf(stderr, "seccomp-listener: no fd, or cannot write the state\n");
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd pf[1 + MAX_FDS];
	int ls, out, n = 0, live = 0, answered = 0;

	if (argc != 4 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: seccomp-listener SOCKET STATEFILE ERRNO\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 4) < 0) {
		perror("seccomp-listener: listen");
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (out < 0) {
		perror(argv[2]);
		return 1;
	}
	pf[0] = (struct pollfd){ ls, POLLIN, 0 };
	/* until a first filter came and every one is gone */
	while (n == 0 || live > 0) {
		if (poll(pf, (nfds_t)(1 + n), 20000) <= 0)
			break;
		if ((pf[0].revents & POLLIN) && n < MAX_FDS) {
			pf[1 + n] = (struct pollfd){ take(ls, out), POLLIN, 0 };
			n++;
			live++;
		}
		for (int k = 1; k <= n; k++) {
			if (pf[k].fd < 0 || !pf[k].revents)
				continue;
			if (pf[k].revents & (POLLHUP | POLLERR)) {
				/* the filter's last task is gone */
				close(pf[k].fd);
				pf[k].fd = -1;
				live--;
				continue;
			}
			struct seccomp_notif req;
			struct seccomp_notif_resp resp;
			memset(&req, 0, sizeof(req));
			if (ioctl(pf[k].fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
				continue; /* EINTR, or ENOENT: the caller is gone */
			memset(&resp, 0, sizeof(resp));
			resp.id = req.id;
			resp.error = -atoi(argv[3]);
			if (ioctl(pf[k].fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
				answered++;
		}
	}
	dprintf(out, "answered %d\n", answered);
	return 0;
}
