/* ptyrun CMD [ARG...]: CMD in a new session whose controlling terminal,
 * stdin, stdout and stderr are a new pseudo-terminal (80x24); what CMD
 * writes there is copied to our stdout. Nothing is ever written to the
 * terminal: CMD sees a terminal that stays open and silent, not an EOF
 * (script(1) sends one when its own input ends, and what CMD does with
 * it varies). Exits with CMD's status, 128+N if killed by signal N. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char buf[4096];
	int master, slave, st = 0, done = 0;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: ptyrun CMD [ARG...]\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		perror("ptyrun: pty");
		return 1;
	}
	ioctl(slave, TIOCSWINSZ, &ws);
	pid = fork();
	if (pid < 0) {
		perror("ptyrun: fork");
		return 1;
	}
	if (pid == 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 ||
		    dup2(slave, 1) < 0 || dup2(slave, 2) < 0) {
			perror("ptyrun: child");
			_exit(127);
		}
		if (slave > 2)
			close(slave);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	close(slave);
	/* copy until CMD has exited and the terminal has been quiet for
	 * 200 ms (or every slave fd is closed: EIO): a process CMD left
	 * behind may keep the slave open for ever */
	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		int r = poll(&p, 1, done ? 200 : 100);
		ssize_t n;

		if (!done && waitpid(pid, &st, WNOHANG) == pid)
			done = 1;
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0) {
			if (done)
				break;
			continue;
		}
		if (r < 0)
			continue;
		n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!done && waitpid(pid, &st, 0) == pid)
				done = 1;
			break;
		}
		if (write(1, buf, (size_t)n) < 0)
			return 1;
	}
	if (!done && waitpid(pid, &st, 0) < 0)
		return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
