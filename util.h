/* Logging, the one recorded error, allocation and fd helpers. */
#ifndef RUNLET_UTIL_H
#define RUNLET_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
/* Code between HOT_BEGIN and HOT_END is built at -O2 in runlet's -Oz
 * build (CFG_HOT): the few loops config.json's parse + validate spends
 * its time in (GCC; the clang builds are the sanitizer and fuzz tests). */
#if CFG_HOT && defined(__GNUC__) && !defined(__clang__)
#define HOT_BEGIN _Pragma("GCC push_options") _Pragma("GCC optimize(\"O2\")")
#define HOT_END _Pragma("GCC pop_options")
#else
#define HOT_BEGIN
#define HOT_END
#endif

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern bool verbose;      /* --debug */
extern bool log_json;     /* --log-format json */
extern int log_fd;        /* --log FILE, or -1 */

void logmsg(enum log_level lvl, const char *fmt, ...) PRINTF(2, 3);
#define warnx(...) logmsg(LOG_WARN, __VA_ARGS__)
#define debug(...)                                                             \
	do {                                                                   \
		if (CFG_DEBUG && verbose)                                      \
			logmsg(LOG_DEBUG, __VA_ARGS__);                        \
	} while (0)

/* Record the first error (err 0: a validation error, no errno text) of this process and return -err. Later calls
 * while one is recorded only warn, so the root cause is what is shown. */
int rt_fail(int err, const char *fmt, ...) PRINTF(2, 3);
/* Add context before the recorded message: "create: <old>". */
int rt_wrap(int r, const char *fmt, ...) PRINTF(2, 3);
const char *rt_error(void);
void rt_set_error(const char *msg);
bool rt_failed(void);
void rt_clear(void); /* after an error that was handled (list skips a bad state) */

__attribute__((noreturn)) void die(const char *fmt, ...) PRINTF(1, 2);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);
/* alloc.c: everything allocated after alloc_mark() is gone after
 * alloc_release(), for a loop's rounds that keep nothing they allocate and
 * grow nothing allocated before (no-ops with any other allocator). */
void *alloc_mark(void);
void alloc_release(void *mark);

static inline void freep(void *p) { extern void free(void *); free(*(void **)p); }
static inline void closep(int *fd);
#define AUTOFREE __attribute__((cleanup(freep)))
#define AUTOCLOSE __attribute__((cleanup(closep)))

/* Close and set to -1, keeping errno. */
void close_fd(int *fd);
static inline void closep(int *fd) { close_fd(fd); }
static inline int take_fd(int *fd) { int r = *fd; *fd = -1; return r; }

#define RETRY(expr)                                                            \
	({                                                                     \
		long _r;                                                       \
		do                                                             \
			_r = (long)(expr);                                     \
		while (_r == -1 && errno == EINTR);                            \
		_r;                                                            \
	})

/* A growable byte buffer for building JSON and files in memory. */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF(2, 3);
void buf_json_str(struct buf *b, const char *s); /* quoted, escaped */

int write_all(int fd, const void *p, size_t n);
/* Read all of fd, or a whole file relative to dirfd (NUL-terminated). */
int read_fd(int fd, char **out, size_t *len);
int read_arg_file(const char *path, char **out, size_t *len);
int read_file_at(int dirfd, const char *path, char **out, size_t *len);
/* Write a file atomically: path.tmp, then rename over path. */
int write_file_atomic(int dirfd, const char *path, const void *p, size_t n, mode_t mode);
int write_file(const char *path, const char *s); /* O_WRONLY existing file */
/* --pid-file: the pid written atomically (errors name the flag). */
int write_pid_file(const char *path, pid_t pid);
/* fd is procfs's own file on the mount of proc (an fd of the /proc
 * mount's root): not a file, nor another procfs file (core_pattern...)
 * bound over it by the image or a racing container, which would take a
 * write meant for it (CVE-2025-52881). */
bool proc_own_file(int fd, int proc);
/* A directory's entries straight from getdents64(2): libc's DIR
 * (opendir, fdopendir, readdir, closedir, and fdopendir's fstat and
 * fcntl) costs 500-800 bytes. The buffer is on the heap: 2 KB more in a
 * stack frame makes every access past it longer on riscv64 (12-bit
 * offsets). */
struct dir {
	int fd;
	unsigned pos, len;
	char *buf;
};
/* Open path (relative to dfd; "." for dfd itself) close-on-exec: 0 or
 * -errno (then nothing to close). */
int dir_open(struct dir *d, int dfd, const char *path);
/* The next entry's name ("." and ".." skipped); its type (DT_*) in *type if
 * type is not NULL. NULL at the end, or on a read error (errno). */
const char *dir_next(struct dir *d, unsigned char *type);
void dir_close(struct dir *d);
/* path made absolute against the current directory. */
char *abs_from_cwd(const char *path);

/* A place a test build (CFG_FAULT) may die at: see config.h. */
void fault_point(void);
#define FAULT()                                                                \
	do {                                                                   \
		if (CFG_FAULT)                                                 \
			fault_point();                                         \
	} while (0)

/* Pure helpers (unit-tested). */
bool valid_container_id(const char *id);
int parse_signal(const char *s); /* "9", "KILL", "SIGKILL"; -1 if unknown */
const char *signal_name(int sig);
const char *str_find(const char *s, const char *sub);
/* base 10 only: the rest of runlet parses nothing else */
unsigned long long rl_strtoull(const char *s, char **end, int base);
long long rl_strtoll(const char *s, char **end, int base);
#define strtoull rl_strtoull
#define strtoul(s, e, b) ((unsigned long)rl_strtoull(s, e, b))
#define strtoll rl_strtoll
#define strtol(s, e, b) ((long)rl_strtoll(s, e, b))
#define atoi(s) ((int)rl_strtoll(s, NULL, 10))
/* without musl's 32-byte bitmaps (~450 bytes on armv7): runlet's sets
 * are a few characters */
size_t rl_strspn(const char *s, const char *set);
size_t rl_strcspn(const char *s, const char *set);
char *rl_strtok_r(char *s, const char *sep, char **save);
#define strspn rl_strspn
#define strcspn rl_strcspn
#define strtok_r rl_strtok_r
bool str_has(const char *s, const char *sub);
void format_rfc3339(char *out, size_t n, const struct timespec *ts);

#endif
