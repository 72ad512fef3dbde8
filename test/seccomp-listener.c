/* seccomp-listener SOCKET STATEFILE ERRNO: the other end of
 * linux.seccomp.listenerPath. Takes the seccomp state and the listener fd
 * (SCM_RIGHTS), writes the state to STATEFILE, then answers every
 * notification with -ERRNO until the container's filter is gone. */
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

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char state[65536];
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { state, sizeof(state) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	int ls, cs, fd = -1, out, answered = 0;
	ssize_t n;

	if (argc != 4 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: seccomp-listener SOCKET STATEFILE ERRNO\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 1) < 0) {
		perror("seccomp-listener: listen");
		return 1;
	}
	cs = accept(ls, NULL, NULL);
	if (cs < 0 || (n = recvmsg(cs, &mh, 0)) <= 0) {
		perror("seccomp-listener: receive");
		return 1;
	}
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	state[n] = 0;
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || write(out, state, (size_t)n) != n || fd < 0) {
		fprintf(stderr, "seccomp-listener: no fd, or cannot write %s\n", argv[2]);
		return 1;
	}
	for (;;) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, 20000) <= 0 || (pf.revents & (POLLHUP | POLLERR)))
			break; /* the filter's last task is gone */
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			break;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.error = -atoi(argv[3]);
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
			answered++;
	}
	dprintf(out, "\nanswered %d\n", answered);
	return 0;
}
