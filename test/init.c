// SPDX-License-Identifier: MIT
/*
 * init: the helper copied into every test rootfs as /init (and /bin/init).
 * It prints what the container looks like from inside, on demand, as plain
 * text that the test cases compare with sh and grep (crun tests/init.c).
 *
 *   init CMD [ARGS...] [-- CMD [ARGS...]]...
 *
 * Commands run in order, separated by "--"; stdout is flushed after each
 * ("out FILE" sends the rest to FILE).
 * Run as "hello" with no arguments it prints "hello world".
 * Static against musl, no other dependency:
 *   musl-gcc -static -Os -Wall -Wextra -Werror -o test/init test/init.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static const char *argv0;

static int ok_or_error(int r)
{
	if (r < 0) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int cat(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write(1, buf, n) != n) {
			break;
		}
	}
	close(fd);
	return n < 0;
}

/* Print the lines of /proc/self/status that start with prefix ("" = all). */
static int status_lines(const char *prefix)
{
	char line[512];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, prefix, strlen(prefix))) {
			fputs(line, stdout);
		}
	}
	fclose(f);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int ls(const char *path)
{
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir(path);

	if (!d) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 1024) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		printf("%s\n", names[i]);
	}
	return 0;
}

/* Open fds, sorted, on one line: "0 1 2". The listing's own fd is left out. */
static int fds(void)
{
	int list[1024];
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");

	if (!d) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 1024) {
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d)) {
			list[n++] = atoi(e->d_name);
		}
	}
	closedir(d);
	qsort(list, n, sizeof(*list), cmp_int);
	for (size_t i = 0; i < n; i++) {
		printf("%s%d", i ? " " : "", list[i]);
	}
	printf("\n");
	return 0;
}

/* "<type> <mode> [major:minor]", e.g. "chr 0666 1:3", "dir 0755". */
static int do_stat(const char *path)
{
	struct stat st;
	const char *type = "other";

	if (lstat(path, &st) < 0) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	switch (st.st_mode & S_IFMT) {
	case S_IFREG: type = "reg"; break;
	case S_IFDIR: type = "dir"; break;
	case S_IFLNK: type = "lnk"; break;
	case S_IFCHR: type = "chr"; break;
	case S_IFBLK: type = "blk"; break;
	case S_IFIFO: type = "fifo"; break;
	case S_IFSOCK: type = "sock"; break;
	}
	printf("%s %04o", type, (unsigned)(st.st_mode & 07777));
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		printf(" %u:%u", major(st.st_rdev), minor(st.st_rdev));
	}
	printf("\n");
	return 0;
}

static int do_readlink(const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0) {
		printf("error: %s\n", strerror(errno));
		return 1;
	}
	buf[n] = 0;
	printf("%s\n", buf);
	return 0;
}

/* overwrite PATH TEXT: CVE-2019-5736's attacker. Hold PATH (a
 * /proc/PID/exe) with O_PATH and say "held <its target>"; then reopen it
 * for writing through /proc/self/fd until the program stops running it
 * (ETXTBSY until then, 10 s at most), and write TEXT at its start.
 * Prints "wrote", or where it failed. */
static int overwrite(const char *path, const char *text)
{
	char fdpath[64], target[4096];
	int fd = open(path, O_PATH | O_CLOEXEC), w = -1;
	ssize_t n;

	if (fd < 0) {
		printf("error: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	n = readlink(fdpath, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = 0;
	printf("held %s\n", target);
	fflush(stdout);
	for (int k = 0; k < 200; k++) {
		w = open(fdpath, O_WRONLY | O_CLOEXEC);
		if (w >= 0 || errno != ETXTBSY) {
			break;
		}
		usleep(50000);
	}
	if (w < 0) {
		printf("error: reopen for writing: %s\n", strerror(errno));
		return 1;
	}
	if (write(w, text, strlen(text)) != (ssize_t)strlen(text)) {
		printf("error: write: %s\n", strerror(errno));
		return 1;
	}
	printf("wrote\n");
	return 0;
}

static int id(void)
{
	gid_t g[256];
	int n = getgroups(256, g);

	printf("uid=%u gid=%u groups=", (unsigned)getuid(), (unsigned)getgid());
	for (int i = 0; i < n; i++) {
		printf("%s%u", i ? "," : "", (unsigned)g[i]);
	}
	printf("\n");
	return 0;
}

static const struct {
	const char *name;
	int res;
} rlimits[] = {
	{ "CPU", RLIMIT_CPU },	       { "FSIZE", RLIMIT_FSIZE },
	{ "DATA", RLIMIT_DATA },       { "STACK", RLIMIT_STACK },
	{ "CORE", RLIMIT_CORE },       { "RSS", RLIMIT_RSS },
	{ "NPROC", RLIMIT_NPROC },     { "NOFILE", RLIMIT_NOFILE },
	{ "MEMLOCK", RLIMIT_MEMLOCK }, { "AS", RLIMIT_AS },
	{ "LOCKS", RLIMIT_LOCKS },     { "SIGPENDING", RLIMIT_SIGPENDING },
	{ "MSGQUEUE", RLIMIT_MSGQUEUE }, { "NICE", RLIMIT_NICE },
	{ "RTPRIO", RLIMIT_RTPRIO },   { "RTTIME", RLIMIT_RTTIME },
};

static void print_rlim(rlim_t v, const char *end)
{
	if (v == RLIM_INFINITY) {
		printf("unlimited%s", end);
	} else {
		printf("%llu%s", (unsigned long long)v, end);
	}
}

static int rlimit(const char *name)
{
	struct rlimit rl;

	if (!strncmp(name, "RLIMIT_", 7)) {
		name += 7;
	}
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(*rlimits); i++) {
		if (strcmp(name, rlimits[i].name)) {
			continue;
		}
		if (getrlimit(rlimits[i].res, &rl) < 0) {
			printf("error: %s\n", strerror(errno));
			return 1;
		}
		print_rlim(rl.rlim_cur, " ");
		print_rlim(rl.rlim_max, "\n");
		return 0;
	}
	printf("error: unknown rlimit %s\n", name);
	return 1;
}

static void do_sleep(const char *arg)
{
	double s = strtod(arg, NULL);
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/*
 * Handle every catchable signal but SIGCHLD: as pid 1 of a pid namespace
 * only handled signals are delivered, so a signal the runtime forwards
 * shows up here as "signal N" and exit status 128+N. SIGURG and SIGWINCH
 * (ignored by default) are left alone: runc forwards the SIGURGs that the
 * Go runtime sends itself for preemption, at random times.
 */
static void sigwait_any(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t all, none;

	sigfillset(&all);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &all, NULL);
	for (int s = 1; s < 32; s++) {
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD &&
		    s != SIGURG && s != SIGWINCH) {
			sigaction(s, &sa, NULL);
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (!got_signal) {
		sigsuspend(&none);
	}
	printf("signal %d\n", (int)got_signal);
	fflush(stdout);
	_exit(128 + got_signal);
}

/* sigsys: a SIGSYS from seccomp (SCMP_ACT_TRAP) prints what it trapped
 * and the syscall returns, instead of the default core-dumping death. */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char b[64];
	int n = 0;
	long nr = si->si_syscall;

	(void)sig;
	(void)uc;
#ifdef SYS_mkdir
	if (nr == SYS_mkdir)
		nr = SYS_mkdirat;
#endif
	n = snprintf(b, sizeof(b), "SIGSYS code=%d syscall=%s\n", si->si_code,
		     nr == SYS_mkdirat ? "mkdir" : "other");
	if (write(1, b, (size_t)n) < 0) {
		_exit(3);
	}
}

static void usage(void)
{
	fputs("usage: init CMD [ARGS] [-- CMD [ARGS]]...\n"
	      "  hello pid ppid hostname domainname id cwd env umask mounts fds\n"
	      "  caps status nnp args argv0 exe echo ARGS... cat FILE ls DIR stat PATH\n"
	      "  readlink PATH rlimit NAME write FILE TEXT touch FILE mkdir DIR\n"
	      "  mknod PATH exit N sleep SECONDS sigwait segv pause tick bg CMD [ARGS]\n"
	      "  keyctl keylabel label PATH owner PATH syscall32 NR [A0 [A1]] (x86_64: an i386 syscall)\n"
	      "  open PATH r|w|p (O_RDONLY, O_WRONLY, O_PATH) exchange A B N out FILE\n"
	      "  sigsys (catch seccomp's SIGSYS: print it, go on)\n"
	      "  mount TYPE DIR (a new TYPE, source TYPE) umount DIR (MNT_DETACH)\n"
	      "  overwrite PATH TEXT (CVE-2019-5736: hold PATH, write TEXT into it once free)\n",
	      stderr);
	exit(2);
}

/* Run one command; argv ends at "--" or NULL. Returns 0 or 1. */
static int run(int argc, char **argv)
{
	const char *c = argv[0];
	const char *a1 = argc > 1 ? argv[1] : NULL;
	const char *a2 = argc > 2 ? argv[2] : NULL;
	char buf[4096];
	struct utsname u;
	mode_t m;

	if (!strcmp(c, "hello")) {
		printf("hello world\n");
	} else if (!strcmp(c, "pid")) {
		printf("%d\n", (int)getpid());
	} else if (!strcmp(c, "ppid")) {
		printf("%d\n", (int)getppid());
	} else if (!strcmp(c, "hostname") || !strcmp(c, "domainname")) {
		uname(&u);
		printf("%s\n", c[0] == 'h' ? u.nodename : u.domainname);
	} else if (!strcmp(c, "id")) {
		return id();
	} else if (!strcmp(c, "cwd")) {
		if (!getcwd(buf, sizeof(buf))) {
			printf("error: %s\n", strerror(errno));
			return 1;
		}
		printf("%s\n", buf);
	} else if (!strcmp(c, "env")) {
		for (char **e = environ; *e; e++) {
			printf("%s\n", *e);
		}
	} else if (!strcmp(c, "umask")) {
		m = umask(0);
		umask(m);
		printf("%04o\n", (unsigned)m);
	} else if (!strcmp(c, "mounts")) {
		return cat("/proc/self/mountinfo");
	} else if (!strcmp(c, "fds")) {
		return fds();
	} else if (!strcmp(c, "caps")) {
		return status_lines("Cap");
	} else if (!strcmp(c, "status")) {
		return status_lines("");
	} else if (!strcmp(c, "nnp")) {
		return status_lines("NoNewPrivs");
	} else if (!strcmp(c, "args")) {
		for (int i = 0; i < argc; i++) {
			printf("%s\n", argv[i]);
		}
	} else if (!strcmp(c, "argv0")) {
		printf("%s\n", argv0);
	} else if (!strcmp(c, "exe")) {
		return do_readlink("/proc/self/exe");
	} else if (!strcmp(c, "echo")) {
		for (int i = 1; i < argc; i++) {
			printf("%s%s", argv[i], i + 1 < argc ? " " : "");
		}
		printf("\n");
	} else if (!strcmp(c, "segv")) {
		fflush(stdout);
		*(volatile int *)0 = 0;
	} else if (!strcmp(c, "sigsys")) {
		struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
		fflush(stdout);
		return ok_or_error(sigaction(SIGSYS, &sa, NULL));
	} else if (!strcmp(c, "sigwait")) {
		sigwait_any();
	} else if (!strcmp(c, "keyctl")) {
		/* the session keyring's id: keyctl is refused by the default
		 * seccomp profiles of docker, containerd and podman */
		return ok_or_error(syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */,
					   -3 /* KEY_SPEC_SESSION_KEYRING */, 0) < 0 ? -1 : 0);
	} else if (!strcmp(c, "keylabel")) {
		/* the session keyring's SELinux label (KEYCTL_GET_SECURITY) */
		long n = syscall(SYS_keyctl, 17, -3 /* KEY_SPEC_SESSION_KEYRING */, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			return printf("error: %s\n", strerror(errno)), 1;
		buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = 0;
		printf("%s\n", buf);
	} else if (!strcmp(c, "pause")) {
		fflush(stdout);
		for (;;) {
			pause();
		}
	} else if (!strcmp(c, "tick")) {
		/* a line every 10 ms, forever: the freezer tests watch it stop */
		for (unsigned long n = 0;; n++) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			printf("tick %lu\n", n);
			fflush(stdout);
			nanosleep(&ts, NULL);
		}
	} else if (!a1) {
		usage();
	} else if (!strcmp(c, "alloc") && argc > 1) {
		/* alloc MIB: allocate and touch MIB MiB (memory limit tests) */
		size_t n = (size_t)atol(argv[1]) << 20;
		char *p = malloc(n);
		if (!p) {
			printf("error: malloc: %s\n", strerror(errno));
			return 1;
		}
		for (size_t k = 0; k < n; k += 4096)
			p[k] = 1;
		printf("allocated %s MiB\n", argv[1]);
	} else if (!strcmp(c, "bg")) {
		/* bg CMD [ARGS]: run CMD in a child, go on with the next command. */
		fflush(stdout);
		pid_t p = fork();
		if (p < 0) {
			printf("error: fork: %s\n", strerror(errno));
			return 1;
		}
		if (p == 0) {
			int r = run(argc - 1, argv + 1);
			fflush(stdout);
			_exit(r);
		}
	} else if (!strcmp(c, "out") && a1) {
		/* the next commands' stdout appended to FILE: a hook's own
		 * stdout goes to the runtime, not to the test */
		int fd = open(a1, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		fflush(stdout);
		if (fd < 0 || dup2(fd, 1) < 0)
			return printf("error: %s\n", strerror(errno)), 1;
		close(fd);
	} else if (!strcmp(c, "cat")) {
		return cat(a1);
	} else if (!strcmp(c, "ls")) {
		return ls(a1);
	} else if (!strcmp(c, "stat")) {
		return do_stat(a1);
	} else if (!strcmp(c, "owner")) {
		struct stat st;
		if (lstat(a1, &st) < 0)
			return printf("error: %s\n", strerror(errno)), 1;
		printf("%u:%u\n", (unsigned)st.st_uid, (unsigned)st.st_gid);
	} else if (!strcmp(c, "label")) {
		/* a file's SELinux label (its security.selinux xattr) */
		ssize_t n = getxattr(a1, "security.selinux", buf, sizeof(buf) - 1);
		if (n < 0)
			return printf("error: %s\n", strerror(errno)), 1;
		buf[n] = 0;
		printf("%s\n", buf);
	} else if (!strcmp(c, "readlink")) {
		return do_readlink(a1);
	} else if (!strcmp(c, "rlimit")) {
		return rlimit(a1);
	} else if (!strcmp(c, "touch")) {
		int fd = open(a1, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		return ok_or_error(fd < 0 ? -1 : close(fd));
	} else if (!strcmp(c, "mkdir")) {
		return ok_or_error(mkdir(a1, 0755));
	} else if (!strcmp(c, "mknod")) {
		return ok_or_error(mknod(a1, S_IFCHR | 0666, makedev(1, 3)));
	} else if (!strcmp(c, "write")) {
		int fd = open(a1, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		ssize_t len = a2 ? (ssize_t)strlen(a2) : 0;
		if (fd >= 0 && write(fd, a2 ? a2 : "", len) != len) {
			close(fd);
			fd = -1;
		}
		return ok_or_error(fd < 0 ? -1 : close(fd));
	} else if (!strcmp(c, "syscall32") && a1) {
		/* an i386 syscall through int $0x80 (x86_64 only): prints what
		 * it returns, e.g. -97 for an errno */
#if defined(__x86_64__)
		long r, a = argc > 2 ? atol(a2) : 0, b = argc > 3 ? atol(argv[3]) : 0;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(atol(a1)), "b"(a), "c"(b), "d"(0) : "memory");
		printf("%ld\n", r);
#else
		printf("no int $0x80 here\n");
		return 1;
#endif
	} else if (!strcmp(c, "open") && a2) {
		/* open PATH r|w|p: "ok", or the error */
		int fl = a2[0] == 'w' ? O_WRONLY : a2[0] == 'p' ? O_PATH : O_RDONLY;
		int fd = open(a1, fl | O_CLOEXEC);
		return ok_or_error(fd < 0 ? -1 : close(fd));
	} else if (!strcmp(c, "overwrite") && a2) {
		return overwrite(a1, a2);
	} else if (!strcmp(c, "exchange") && argc > 3) {
		/* exchange A B N: swap two paths N times (renameat2
		 * RENAME_EXCHANGE), the racer of the mount tests */
		for (long k = atol(argv[3]); k > 0; k--) {
			if (syscall(SYS_renameat2, AT_FDCWD, a1, AT_FDCWD, a2, 2 /* RENAME_EXCHANGE */) < 0) {
				printf("error: %s\n", strerror(errno));
				return 1;
			}
		}
		printf("ok\n");
	} else if (!strcmp(c, "mount") && a2) {
		/* mount TYPE DIR: run by nsenter from the host (the
		 * container has no CAP_SYS_ADMIN), for propagation tests */
		return ok_or_error(mount(a1, a2, a1, 0, NULL));
	} else if (!strcmp(c, "umount") && a1) {
		return ok_or_error(umount2(a1, MNT_DETACH));
	} else if (!strcmp(c, "exit")) {
		fflush(stdout);
		exit(atoi(a1));
	} else if (!strcmp(c, "sleep")) {
		fflush(stdout);
		do_sleep(a1);
	} else {
		usage();
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	int i = 1, rc = 0;

	argv0 = argv[0];
	/* Installed as /hello (the walkthrough): a static hello world. */
	if (argc < 2 && !strcmp(base ? base + 1 : argv[0], "hello")) {
		printf("hello world\n");
		return 0;
	}
	if (argc < 2) {
		usage();
	}
	while (i < argc) {
		int j = i;
		while (j < argc && strcmp(argv[j], "--")) {
			j++;
		}
		if (j > i) {
			rc |= run(j - i, argv + i);
			fflush(stdout);
		}
		i = j + 1;
	}
	return rc;
}
