/* recvtty SOCKET OUT: the engine's side of --console-socket. Listens on
 * SOCKET, takes one pty master over SCM_RIGHTS, and copies what the
 * container writes to its terminal into OUT until the terminal closes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char name[64], cbuf[CMSG_SPACE(sizeof(int))], buf[4096];
	struct iovec iov = { name, sizeof(name) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int ls, cs, master, out;
	ssize_t n;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: recvtty SOCKET OUT\n");
		return 2;
	}
	/* bound under a temporary name and renamed once listening: the
	 * tests wait for the path to exist, and a connect between bind and
	 * listen is refused */
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.t", argv[1]) >= (int)sizeof(sa.sun_path)) {
		fprintf(stderr, "recvtty: socket path too long\n");
		return 2;
	}
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 1) < 0 ||
	    rename(sa.sun_path, argv[1]) < 0) {
		perror("recvtty: listen");
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	cs = accept(ls, NULL, NULL);
	if (out < 0 || cs < 0 || recvmsg(cs, &mh, 0) < 0) {
		perror("recvtty: receive");
		return 1;
	}
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS) {
		fprintf(stderr, "recvtty: no fd received\n");
		return 1;
	}
	memcpy(&master, CMSG_DATA(cm), sizeof(int));
	dprintf(out, "recvtty: got %.*s\n", (int)iov.iov_len < 64 ? (int)iov.iov_len : 63, name);
	/* EIO once the last slave fd is closed (the container exited) */
	while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write(out, buf, (size_t)n) < 0)
			return 1;
	return 0;
}
