/* OCI hooks: each runs with the container's state on stdin, its own args
 * and env, a timeout; its output is kept for the error message. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "state.h"
#include "sys.h"
#include "util.h"

/* stdin for a hook: a memfd holding the state (no pipe to fill, no
 * SIGPIPE when a hook does not read it); a pipe on kernels without memfd
 * (the state then has to fit in the pipe's buffer). */
static int state_fd(const char *state)
{
	int fd = memfd_create("state", MFD_CLOEXEC), p[2];

	if (fd >= 0) {
		if (write_all(fd, state, strlen(state)) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	if (sys_pipe2(p, O_CLOEXEC) < 0)
		return -1;
	sys_fcntl(p[1], F_SETFL, O_NONBLOCK);
	if (write_all(p[1], state, strlen(state)) < 0) {
		close(p[0]);
		p[0] = -1;
	}
	close(p[1]);
	return p[0];
}

static long long now_ms(void)
{
	struct timespec ts;

	sys_clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int run_one(const struct oci_hook *h, const char *what, const char *state)
{
	AUTOCLOSE int in = state_fd(state);
	int out[2], status = 0;
	char tail[1024];
	size_t tlen = 0;
	long long deadline = h->has_timeout ? now_ms() + h->timeout * 1000 : 0;
	pid_t pid;

	if (in < 0 || sys_pipe2(out, O_CLOEXEC) < 0)
		return rt_fail(errno, "%s: prepare its stdin", what);
	pid = sys_fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		return rt_fail(errno, "%s: fork", what);
	}
	if (pid == 0) {
		char *argv0[] = { h->path, NULL }, *envp0[] = { NULL };
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		dup2(in, 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		execve(h->path, h->args.n ? h->args.v : argv0, h->env.n ? h->env.v : envp0);
		dprintf(2, "exec %s: %s", h->path, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	/* collect the output (its tail) until the hook exits or times out */
	for (;;) {
		struct pollfd pf = { out[0], POLLIN, 0 };
		long long left = deadline ? deadline - now_ms() : 1000;
		if (deadline && left <= 0) {
			kill(pid, SIGKILL);
			RETRY(waitpid(pid, NULL, 0));
			close(out[0]);
			return rt_fail(0, "%s: %s timed out after %lld s", what, h->path, (long long)h->timeout);
		}
		if (poll(&pf, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
			continue;
		char buf[512];
		ssize_t n = read(out[0], buf, sizeof(buf));
		if (n <= 0)
			break; /* EOF: every copy of the write end is closed */
		for (ssize_t k = 0; k < n; k++) {
			if (tlen == sizeof(tail) - 1)
				memmove(tail, tail + 1, --tlen);
			tail[tlen++] = buf[k];
		}
	}
	close(out[0]);
	/* the hook may have closed its output early: wait, still bounded */
	while (waitpid(pid, &status, deadline ? WNOHANG : 0) == 0) {
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			RETRY(waitpid(pid, NULL, 0));
			return rt_fail(0, "%s: %s timed out after %lld s", what, h->path, (long long)h->timeout);
		}
		sys_nap(2 * 1000 * 1000);
	}
	tail[tlen] = 0;
	while (tlen && (tail[tlen - 1] == '\n'))
		tail[--tlen] = 0;
	if (WIFSIGNALED(status))
		return rt_fail(0, "%s: %s killed by signal %d%s%s", what, h->path, WTERMSIG(status), tlen ? ": " : "", tail);
	if (WEXITSTATUS(status))
		return rt_fail(0, "%s: %s exited with status %d%s%s", what, h->path, WEXITSTATUS(status),
			       tlen ? ": " : "", tail);
	return 0;
}

int hooks_run(const struct oci_config *cfg, enum hook_kind k, const struct rt_state *st, int s)
{
	const struct oci_hooks *hs = &cfg->hooks[k];
	struct buf state = { 0 };
	int r = 0;

	if (!hs->n)
		return 0;
	if (!CFG_HOOKS) /* refused at validation; the code below is dropped */
		return rt_fail(0, "hooks: not compiled in (CFG_HOOKS=0)");
	state_to_json(&state, st, s, false);
	for (size_t j = 0; j < hs->n && r == 0; j++) {
		char what[64];
		snprintf(what, sizeof(what), "hooks.%s[%zu]", hook_names[k], j);
		debug("%s: %s", what, hs->h[j].path);
		r = run_one(&hs->h[j], what, state.p);
		if (r < 0 && k == HOOK_POSTSTOP) {
			/* runtime.md, lifecycle step 13: a warning, and "the
			 * remaining hooks and lifecycle continue as if the hook
			 * had succeeded"; any other kind's failure is an error */
			warnx("%s", rt_error());
			rt_clear();
			r = 0;
		}
	}
	free(state.p);
	return r;
}
