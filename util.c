/* Logging, the recorded error, allocation, buffers and file helpers. */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "sys.h"
#include "util.h"

bool verbose;
bool log_json;
int log_fd = -1;

static char errbuf[4096];
static bool have_error;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

static void log_write(enum log_level lvl, const char *msg)
{
	struct timespec ts;
	char line[sizeof(errbuf) + 256], when[64];
	struct buf b = { 0 };

	if (log_fd >= 0) {
		sys_clock_gettime(CLOCK_REALTIME, &ts);
		format_rfc3339(when, sizeof(when), &ts);
		if (log_json) {
			buf_printf(&b, "{\"level\":\"%s\",\"msg\":", level_names[lvl]);
			buf_json_str(&b, msg);
			buf_printf(&b, ",\"time\":\"%s\"}\n", when);
		} else {
			buf_printf(&b, "%s runlet: %s: %s\n", when, level_names[lvl], msg);
		}
		write_all(log_fd, b.p, b.len);
		free(b.p);
	}
	/* Errors and warnings always reach stderr too, as with runc; debug
	 * goes to stderr only when no log file takes it. */
	if (lvl <= LOG_WARN || log_fd < 0) {
		int n = snprintf(line, sizeof(line), "runlet: %s%s\n",
				 lvl == LOG_ERROR ? "" : lvl == LOG_WARN ? "warning: " : "debug: ", msg);
		write_all(2, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
	}
}

void logmsg(enum log_level lvl, const char *fmt, ...)
{
	char msg[sizeof(errbuf)];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_write(lvl, msg);
	errno = saved;
}

int rt_fail(int err, const char *fmt, ...)
{
	char msg[sizeof(errbuf)];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* err 0: a validation error, no errno text; returns -EINVAL. */
	if (err > 0 && n >= 0 && (size_t)n < sizeof(msg) - 2)
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
	if (err <= 0)
		err = EINVAL;
	if (have_error) {
		logmsg(LOG_WARN, "%s", msg);
	} else {
		memcpy(errbuf, msg, sizeof(errbuf));
		have_error = true;
	}
	return -err;
}

int rt_wrap(int r, const char *fmt, ...)
{
	char pre[512], tmp[sizeof(errbuf)];
	va_list ap;

	if (!have_error)
		return r;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	size_t n = strlen(pre);
	if (n + 2 < sizeof(tmp)) {
		memcpy(tmp, pre, n);
		memcpy(tmp + n, ": ", 2);
		memcpy(tmp + n + 2, errbuf, sizeof(tmp) - n - 2);
		tmp[sizeof(tmp) - 1] = 0;
		memcpy(errbuf, tmp, sizeof(errbuf));
	}
	return r;
}

const char *rt_error(void)
{
	return have_error ? errbuf : "unknown error";
}

void rt_set_error(const char *msg)
{
	snprintf(errbuf, sizeof(errbuf), "%s", msg);
	have_error = true;
}

void rt_clear(void)
{
	have_error = false;
	errbuf[0] = 0;
}

bool rt_failed(void)
{
	return have_error;
}

void die(const char *fmt, ...)
{
	char msg[sizeof(errbuf)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_write(LOG_ERROR, msg);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("out of memory");
	return s;
}

void close_fd(int *fd)
{
	int saved = errno;

	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	errno = saved;
}

void buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, n);
		return;
	}
	char *big = xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(big, n + 1, fmt, ap);
	va_end(ap);
	buf_add(b, big, n);
	free(big);
}

void buf_json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	buf_add(b, "\"", 1);
	for (; *p; p++) {
		char e[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
		switch (*p) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		default:
			if (*p < 0x20)
				buf_add(b, e, 6);
			else
				buf_add(b, p, 1);
		}
	}
	buf_add(b, "\"", 1);
}

int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = RETRY(write(fd, c, n));
		if (w < 0)
			return -errno;
		c += w;
		n -= w;
	}
	return 0;
}

int read_fd(int fd, char **out, size_t *len)
{
	struct buf b = { 0 };
	char tmp[4096];
	ssize_t n;

	while ((n = RETRY(read(fd, tmp, sizeof(tmp)))) > 0)
		buf_add(&b, tmp, n);
	if (n < 0) {
		free(b.p);
		return -errno;
	}
	if (!b.p)
		buf_add(&b, "", 0);
	*out = b.p;
	if (len)
		*len = b.len;
	return 0;
}

int read_file_at(int dirfd, const char *path, char **out, size_t *len)
{
	AUTOCLOSE int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : read_fd(fd, out, len);
}

/* A file named by a flag (--process, --resources), or "-": our stdin,
 * read as it is (a board's /dev may have no /dev/stdin link). */
int read_arg_file(const char *path, char **out, size_t *len)
{
	return strcmp(path, "-") ? read_file_at(AT_FDCWD, path, out, len) : read_fd(0, out, len);
}

int write_file_atomic(int dirfd, const char *path, const void *p, size_t n, mode_t mode)
{
	char tmp[4096];
	int fd, r;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -errno;
	/* No fsync: rename already hides a half-written file from every
	 * reader; after a power cut the containers are gone too, and a
	 * damaged state file is what delete --force cleans up. */
	r = write_all(fd, p, n);
	close(fd);
	/* a crash here leaves path.tmp, whole, beside the old path (or none):
	 * readers never open .tmp, the next write truncates it, and delete
	 * removes it with the state directory (test/cases/faults.sh) */
	FAULT();
	if (r == 0 && renameat(dirfd, tmp, dirfd, path) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	return r;
}

int write_file(const char *path, const char *s)
{
	AUTOCLOSE int fd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	return RETRY(write(fd, s, strlen(s))) < 0 ? -errno : 0;
}

/* The mount an fd is on (fdinfo's mnt_id: Linux 3.15; statx's is 5.8),
 * or -1. */
static int mnt_id(int fd)
{
	char p[40];
	AUTOFREE char *s = NULL;
	const char *m;

	snprintf(p, sizeof(p), "/proc/self/fdinfo/%d", fd);
	return read_file_at(AT_FDCWD, p, &s, NULL) == 0 && (m = str_find(s, "mnt_id:")) ? atoi(m + 7) : -1;
}

bool proc_own_file(int fd, int proc)
{
	struct statfs sf;
	int m;

	return fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC && (m = mnt_id(fd)) >= 0 && m == mnt_id(proc);
}

/* alloc.c's own replace these in runlet. Other allocators (glibc's in the
 * test builds, the fuzzers' arena) free for real: nothing to give back. */
__attribute__((weak)) void *alloc_mark(void)
{
	return NULL;
}

__attribute__((weak)) void alloc_release(void *mark)
{
	(void)mark;
}

void fault_point(void)
{
	static long left = -1;
	static bool stop;

	if (left < 0) {
		const char *e = getenv("RUNLET_FAULT");
		char *end = NULL;
		left = e ? strtol(e, &end, 10) : 0;
		stop = end && !strcmp(end, ":stop");
	}
	if (left > 0 && --left == 0)
		kill(getpid(), stop ? SIGSTOP : SIGKILL);
}

int write_pid_file(const char *path, pid_t pid)
{
	AUTOFREE char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/'), buf[24];
	AUTOCLOSE int dfd = -1;
	const char *name = path;
	int r;

	if (slash) {
		*slash = 0;
		name = slash + 1;
	}
	dfd = openat(AT_FDCWD, slash ? (*dir ? dir : "/") : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return rt_fail(errno, "--pid-file %s", path);
	snprintf(buf, sizeof(buf), "%d", pid);
	r = write_file_atomic(dfd, name, buf, strlen(buf), 0644);
	return r < 0 ? rt_fail(-r, "--pid-file %s", path) : 0;
}

#define DIR_BUF 2048

int dir_open(struct dir *d, int dfd, const char *path)
{
	d->pos = d->len = 0;
	d->fd = openat(dfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	d->buf = xmalloc(DIR_BUF);
	return 0;
}

void dir_close(struct dir *d)
{
	close_fd(&d->fd);
	free(d->buf);
}

/* linux_dirent64, as getdents64 writes it */
struct kdirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

const char *dir_next(struct dir *d, unsigned char *type)
{
	struct kdirent *e;

	if (d->pos >= d->len) {
		long n = sys_getdents64(d->fd, d->buf, DIR_BUF);
		if (n <= 0)
			return NULL;
		d->pos = 0;
		d->len = (unsigned)n;
	}
	e = (struct kdirent *)(d->buf + d->pos);
	d->pos += e->reclen;
	if (e->name[0] == '.' && (!e->name[1] || (e->name[1] == '.' && !e->name[2])))
		return dir_next(d, type);
	if (type)
		*type = e->type;
	return e->name;
}

char *abs_from_cwd(const char *path)
{
	char cwd[4096];

	return path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", sys_getcwd(cwd, sizeof(cwd)) ? cwd : ".", path);
}

bool valid_container_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 1024 || !strcmp(id, ".") || !strcmp(id, ".."))
		return false;
	for (const char *p = id; *p; p++) {
		/* runc's set: letters, digits, '_', '+', '-', '.' */
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_+-.", *p)))
			return false;
	}
	return true;
}

/* The names, in the order of sig_nums (packed: no table of pointers). */
static const char sig_list[] = "HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0PIPE\0ALRM\0"
			       "TERM\0STKFLT\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0XFSZ\0VTALRM\0PROF\0"
			       "WINCH\0IO\0PWR\0SYS";
static const unsigned char sig_nums[] = {
	SIGHUP,  SIGINT,  SIGQUIT, SIGILL,  SIGTRAP,   SIGABRT, SIGBUS,  SIGFPE,  SIGKILL, SIGUSR1, SIGSEGV,
	SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU,
	SIGURG,  SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO,  SIGPWR,  SIGSYS,
};

/* s begins with word (upper case) in any case: the rest of s, or NULL. */
static const char *iskip(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if ((*s >= 'a' && *s <= 'z' ? *s - 32 : *s) != *word)
			return NULL;
	return s;
}

/* s is word in any case */
static bool iis(const char *s, const char *word)
{
	return (s = iskip(s, word)) && !*s;
}

int parse_signal(const char *s)
{
	const char *n = sig_list, *t;
	char *end;
	long v;

	if (*s >= '0' && *s <= '9') {
		v = strtol(s, &end, 10);
		return (*end || v <= 0 || v > 64) ? -1 : (int)v;
	}
	if ((t = iskip(s, "SIG")))
		s = t;
	if ((t = iskip(s, "RTMIN")) || iskip(s, "RTMAX")) {
		bool min = t != NULL;
		int base = min ? SIGRTMIN : SIGRTMAX;
		if (!s[5])
			return base;
		v = strtol(s + 5, &end, 10);
		if (*end || (min ? v <= 0 : v >= 0) || base + v < SIGRTMIN || base + v > SIGRTMAX)
			return -1;
		return base + (int)v;
	}
	for (size_t k = 0; k < sizeof(sig_nums); k++, n += strlen(n) + 1)
		if (iis(s, n))
			return sig_nums[k];
	if (iis(s, "IOT"))
		return SIGABRT;
	if (iis(s, "POLL"))
		return SIGIO;
	return -1;
}

const char *signal_name(int sig)
{
	const char *n = sig_list;

	for (size_t k = 0; k < sizeof(sig_nums); k++, n += strlen(n) + 1)
		if (sig_nums[k] == sig)
			return n;
	return "?";
}

/* Decimal strtoull/strtoll without musl's __intscan (1.5 KiB, for the
 * bases runlet never uses). The same contract in base 10: leading space
 * and one sign taken, *end just past the digits (s when there are none),
 * ERANGE and the limit on overflow. */
static const char *digits(const char *s, bool *neg, unsigned long long *v, bool *over, char **end)
{
	const char *p = s, *start;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	*neg = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	*v = 0;
	*over = false;
	for (start = p; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (*v > (~0ULL - d) / 10)
			*over = true;
		else
			*v = *v * 10 + d;
	}
	if (end)
		*end = (char *)(p == start ? s : p);
	return p;
}

unsigned long long rl_strtoull(const char *s, char **end, int base)
{
	unsigned long long v;
	bool neg, over;

	(void)base;
	digits(s, &neg, &v, &over, end);
	if (over) {
		errno = ERANGE;
		return ~0ULL;
	}
	return neg ? 0 - v : v;
}

long long rl_strtoll(const char *s, char **end, int base)
{
	unsigned long long v;
	bool neg, over;

	(void)base;
	digits(s, &neg, &v, &over, end);
	if (over || v > (unsigned long long)LLONG_MAX + neg) {
		errno = ERANGE;
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	return neg ? (long long)(0 - v) : (long long)v;
}

/* strstr without musl's two-way search (900 bytes for our short keys) */
const char *str_find(const char *s, const char *sub)
{
	size_t n = strlen(sub);

	for (; *s; s++)
		if (!strncmp(s, sub, n))
			return s;
	return NULL;
}

/* The length of s's first run of characters in set (in) or not in set */
static size_t span(const char *s, const char *set, bool in)
{
	size_t n = 0;

	while (s[n] && (strchr(set, s[n]) != NULL) == in)
		n++;
	return n;
}

size_t rl_strspn(const char *s, const char *set)
{
	return span(s, set, true);
}

size_t rl_strcspn(const char *s, const char *set)
{
	return span(s, set, false);
}

char *rl_strtok_r(char *s, const char *sep, char **save)
{
	char *end;

	if (!s)
		s = *save;
	s += span(s, sep, true);
	if (!*s) {
		*save = s;
		return NULL;
	}
	end = s + span(s, sep, false);
	*save = *end ? end + 1 : end;
	*end = 0;
	return s;
}

bool str_has(const char *s, const char *sub)
{
	return str_find(s, sub) != NULL;
}

/* UTC, without gmtime's tables: days to a civil date (H. Hinnant's
 * algorithm). In unsigned arithmetic, the seconds moved forward by whole
 * 400-year eras (all but one that fit in 63 bits): signed 64-bit division
 * costs 32-bit boards 1.2 KB of libgcc (__divdi3, __moddi3, __divmoddi4)
 * and floor division's corrections; the era count is taken back off the
 * year. Every division is 64-bit (quot()): -Oz calls a library routine
 * for each division by a constant, and armv7 (no divide instruction
 * before the Cortex-A7) would link the 32-bit ones (1.3 KB) beside the
 * 64-bit one that printf's digits need anyway. Exact for every time after
 * 292 billion years BC. */
#define ERA_SECS (146097ULL * 86400)
#define ERAS_AHEAD ((1ULL << 63) / ERA_SECS - 1)
static unsigned long long quot(unsigned long long a, unsigned b)
{
	return a / b;
}

void format_rfc3339(char *out, size_t n, const struct timespec *ts)
{
	unsigned long long secs = (unsigned long long)ts->tv_sec + ERAS_AHEAD * ERA_SECS;
	unsigned long long days = quot(secs, 86400), era = quot(days + 719468, 146097);
	unsigned rem = (unsigned)(secs - days * 86400), doe = (unsigned)(days + 719468 - era * 146097);
	unsigned yoe = (unsigned)quot(doe - quot(doe, 1460) + quot(doe, 36524) - quot(doe, 146096), 365);
	unsigned doy = doe - (365 * yoe + (unsigned)quot(yoe, 4) - (unsigned)quot(yoe, 100));
	unsigned mp = (unsigned)quot(5 * doy + 2, 153), day = doy - (unsigned)quot(153 * mp + 2, 5) + 1;
	unsigned month = mp < 10 ? mp + 3 : mp - 9, hour = (unsigned)quot(rem, 3600), min = (unsigned)quot(rem, 60);
	long long year = (long long)(yoe + (month <= 2)) + ((long long)era - (long long)ERAS_AHEAD) * 400;

	snprintf(out, n, "%04lld-%02u-%02uT%02u:%02u:%02u.%09ldZ", year, month, day, hour, min - hour * 60,
		 rem - min * 60, ts->tv_nsec);
}
