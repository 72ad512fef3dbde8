/* Every raw syscall() of the project. Each wrapper sets ENOSYS and returns
 * -1 where the libc headers lack the number; callers take ENOSYS as "use
 * the fallback". */
#ifndef RUNLET_SYS_H
#define RUNLET_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#endif

/* mount_setattr(2), Linux 5.12: linux/mount.h clashes with sys/mount.h,
 * so the few constants are here. */
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#define MOUNT_ATTR__ATIME 0x00000070
#define MOUNT_ATTR_RELATIME 0x00000000
#define MOUNT_ATTR_NOATIME 0x00000010
#define MOUNT_ATTR_STRICTATIME 0x00000020
#define MOUNT_ATTR_NODIRATIME 0x00000080
#define MOUNT_ATTR_NOSYMFOLLOW 0x00200000
#endif
/* mount(2)'s nosymfollow, Linux 5.10 (older libc headers lack it; older
 * kernels drop the bit) */
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
/* statfs(2)'s f_flags bit for it (the others there are MS_*'s values) */
#ifndef ST_NOSYMFOLLOW
#define ST_NOSYMFOLLOW 0x2000
#endif
#ifndef ST_RELATIME
#define ST_RELATIME 0x1000
#endif
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* memfd_create(2), Linux 3.17; MFD_EXEC 6.3 (older kernels: EINVAL) */
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static inline int sys_memfd_create(const char *name, unsigned flags)
{
#ifdef SYS_memfd_create
	return syscall(SYS_memfd_create, name, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* execveat(2), Linux 3.19 */
static inline int sys_execveat(int dfd, const char *path, char *const argv[], char *const envp[], int flags)
{
#ifdef SYS_execveat
	return syscall(SYS_execveat, dfd, path, argv, envp, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

struct rl_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

static inline int sys_mount_setattr(int dfd, const char *path, unsigned flags, struct rl_mount_attr *a)
{
#ifdef SYS_mount_setattr
	return syscall(SYS_mount_setattr, dfd, path, flags, a, sizeof(*a));
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* openat2(2), Linux 5.6 */
struct rl_open_how {
	uint64_t flags, mode, resolve;
};
#define RL_RESOLVE_NO_MAGICLINKS 0x02
#define RL_RESOLVE_IN_ROOT 0x10

static inline int sys_openat2(int dfd, const char *path, struct rl_open_how *how)
{
#ifdef SYS_openat2
	return syscall(SYS_openat2, dfd, path, how, sizeof(*how));
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_open_tree(int dfd, const char *path, unsigned flags)
{
#ifdef SYS_open_tree
	return syscall(SYS_open_tree, dfd, path, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_move_mount(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
#ifdef SYS_move_mount
	return syscall(SYS_move_mount, from_dfd, from, to_dfd, to, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_pivot_root(const char *new_root, const char *put_old)
{
#ifdef SYS_pivot_root
	return syscall(SYS_pivot_root, new_root, put_old);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_close_range(unsigned first, unsigned last, unsigned flags)
{
#ifdef SYS_close_range
	return syscall(SYS_close_range, first, last, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* seccomp(2); struct sock_fprog *prog. Returns > 0 (a thread id) when
 * SECCOMP_FILTER_FLAG_TSYNC fails. */
static inline long sys_seccomp(unsigned op, unsigned flags, void *prog)
{
#ifdef SYS_seccomp
	return syscall(SYS_seccomp, op, flags, prog);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_pidfd_open(pid_t pid, unsigned flags)
{
#ifdef SYS_pidfd_open
	return syscall(SYS_pidfd_open, pid, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_pidfd_send_signal(int pidfd, int sig)
{
#ifdef SYS_pidfd_send_signal
	return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* clone(2) without a new stack: fork semantics plus namespace and
 * CLONE_PARENT flags. The raw argument order differs per architecture, but
 * with a NULL stack and no tid pointers only the flags matter. */
static inline pid_t sys_clone(unsigned long flags)
{
	return syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

/* fork(2): libc's also runs atfork handlers and takes its locks, for
 * threads runlet does not have (musl: 700 bytes). */
static inline pid_t sys_fork(void)
{
	return sys_clone(0);
}

/* Ids and groups for the calling thread only: libc's calls change every
 * thread's (musl's __synccall, 2 KB with what it pulls in), and runlet
 * has one. The 32-bit architectures' calls with 32-bit ids are the *32
 * ones, as libc maps them. */
static inline int sys_setresuid(uid_t r, uid_t e, uid_t s)
{
#ifdef SYS_setresuid32
	return syscall(SYS_setresuid32, r, e, s);
#else
	return syscall(SYS_setresuid, r, e, s);
#endif
}

static inline int sys_setresgid(gid_t r, gid_t e, gid_t s)
{
#ifdef SYS_setresgid32
	return syscall(SYS_setresgid32, r, e, s);
#else
	return syscall(SYS_setresgid, r, e, s);
#endif
}

static inline int sys_setgroups(size_t n, const gid_t *list)
{
#ifdef SYS_setgroups32
	return syscall(SYS_setgroups32, n, list);
#else
	return syscall(SYS_setgroups, n, list);
#endif
}

/* fchmodat(2) without flags: libc's carries an AT_SYMLINK_NOFOLLOW
 * emulation runlet never asks for (musl: 370 bytes). */
static inline int sys_fchmodat(int dfd, const char *path, mode_t mode)
{
	return syscall(SYS_fchmodat, dfd, path, mode);
}

/* clock_gettime without the vDSO lookup (musl: 850 bytes; on 32-bit
 * ones, 1 KB with the time32 wrapper). 64-bit architectures: the kernel's
 * timespec is libc's. 32-bit ones with a 64-bit time_t (musl 1.2), little
 * endian: clock_gettime64's __kernel_timespec is libc's too (tv_nsec's
 * upper half is libc's padding, which the kernel zeroes), and the old call
 * for kernels before 5.1. Anything else: libc's. */
static inline int sys_clock_gettime(clockid_t clk, struct timespec *ts)
{
#if defined(SYS_clock_gettime) && !defined(SYS_clock_gettime64)
	return syscall(SYS_clock_gettime, clk, ts);
#elif defined(SYS_clock_gettime64) && (defined(SYS_clock_gettime32) || defined(SYS_clock_gettime)) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#ifndef SYS_clock_gettime32 /* musl names the time32 calls so, others not */
#define SYS_clock_gettime32 SYS_clock_gettime
#endif
	if (sizeof(ts->tv_sec) == 8 && sizeof(ts->tv_nsec) == 4) {
		long t[2];
		int r = syscall(SYS_clock_gettime64, clk, ts);
		if (r == 0 || errno != ENOSYS || (r = syscall(SYS_clock_gettime32, clk, t)) < 0)
			return r;
		ts->tv_sec = t[0];
		ts->tv_nsec = t[1];
		return 0;
	}
	return clock_gettime(clk, ts);
#else
	return clock_gettime(clk, ts);
#endif
}

/* A short sleep (under a second) for the retry loops, as nanosleep(2)
 * does it. On 32-bit architectures libc's nanosleep goes through
 * clock_nanosleep's time64 conversions (musl: 450 bytes): the kernel's
 * own structs here instead, clock_nanosleep_time64 first (a kernel
 * built without the 32-bit time calls has only that), then nanosleep. */
static inline void sys_nap(long ns)
{
#ifdef SYS_clock_nanosleep_time64
	long long t64[2] = { 0, ns };
	if (syscall(SYS_clock_nanosleep_time64, CLOCK_REALTIME, 0, t64, NULL) == 0 || errno != ENOSYS)
		return;
#endif
#ifdef SYS_nanosleep
	long t[2] = { 0, ns };
	syscall(SYS_nanosleep, t, NULL);
#else
	struct timespec ts = { 0, ns };
	nanosleep(&ts, NULL);
#endif
}

/* sigwaitinfo(2) without a timeout: no timespec to convert (musl's
 * sigtimedwait on 32-bit architectures: 260 bytes). Not retried on EINTR
 * (musl's is): the one caller loops anyway. On 32-bit architectures the
 * time64 call first, as sys_nap: a kernel built without the 32-bit time
 * calls has only that one. */
static inline int sys_sigwaitinfo(const sigset_t *set, siginfo_t *si)
{
#ifdef SYS_rt_sigtimedwait_time64
	int r = syscall(SYS_rt_sigtimedwait_time64, set, si, NULL, _NSIG / 8);
	if (r >= 0 || errno != ENOSYS)
		return r;
#endif
#ifdef SYS_rt_sigtimedwait
	return syscall(SYS_rt_sigtimedwait, set, si, NULL, _NSIG / 8);
#else
	return sigwaitinfo(set, si);
#endif
}

/* Anonymous memory for alloc.c: libc's mmap also waits for other
 * threads' unmapping and checks offsets (musl: 200 bytes). */
static inline void *sys_mmap_anon(size_t len)
{
#ifdef SYS_mmap2
	long r = syscall(SYS_mmap2, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
	long r = syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
	return r == -1 ? MAP_FAILED : (void *)r;
}

static inline int sys_capget(struct __user_cap_header_struct *h, struct __user_cap_data_struct *d)
{
	return syscall(SYS_capget, h, d);
}

static inline int sys_capset(struct __user_cap_header_struct *h, const struct __user_cap_data_struct *d)
{
	return syscall(SYS_capset, h, d);
}

static inline long sys_keyctl_join(const char *name)
{
#ifdef SYS_keyctl
	return syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name, 0, 0, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* prlimit64(2) on this process, Linux 2.6.36. musl's setrlimit() makes
 * every thread apply it (__synccall, with its semaphores and signal
 * handler: ~2 KB linked in); runlet has one thread. Its struct rlimit is
 * the kernel's rlimit64 on every arch (rlim_t is 64-bit). */
static inline int sys_setrlimit(int res, const struct rlimit *rl)
{
	return syscall(SYS_prlimit64, 0, res, rl, NULL);
}

/* socket(2), socketpair(2), sendmsg(2) and recvmsg(2) as the kernel has
 * them. musl's socket and socketpair carry a fallback for kernels without
 * SOCK_CLOEXEC (before 2.6.27, where runlet cannot run); its 64-bit
 * sendmsg and recvmsg copy the msghdr (sendmsg every control message too)
 * to clear their padding fields, and its 32-bit recvmsg converts
 * SCM_TIMESTAMP messages (which runlet never asks for): ~1 KB on i386,
 * ~750 bytes on aarch64. Every caller makes its msghdr with an
 * initializer and memsets its control buffer: the padding is zero. i386
 * goes through socketcall, as musl does: every kernel has it. */
#ifdef SYS_socketcall
#define RL_SOCKETCALL(n, ...) syscall(SYS_socketcall, n, (long[]){ __VA_ARGS__ })
#endif

static inline int sys_socket(int domain, int type, int proto)
{
#ifdef SYS_socketcall
	return RL_SOCKETCALL(1 /* SYS_SOCKET */, domain, type, proto);
#else
	return syscall(SYS_socket, domain, type, proto);
#endif
}

static inline int sys_socketpair(int domain, int type, int proto, int sv[2])
{
#ifdef SYS_socketcall
	return RL_SOCKETCALL(8 /* SYS_SOCKETPAIR */, domain, type, proto, (long)sv);
#else
	return syscall(SYS_socketpair, domain, type, proto, sv);
#endif
}

static inline ssize_t sys_sendmsg(int fd, const struct msghdr *m, int flags)
{
#ifdef SYS_socketcall
	return RL_SOCKETCALL(16 /* SYS_SENDMSG */, fd, (long)m, flags);
#else
	return syscall(SYS_sendmsg, fd, m, flags);
#endif
}

static inline ssize_t sys_recvmsg(int fd, struct msghdr *m, int flags)
{
#ifdef SYS_socketcall
	return RL_SOCKETCALL(17 /* SYS_RECVMSG */, fd, (long)m, flags);
#else
	return syscall(SYS_recvmsg, fd, m, flags);
#endif
}

/* pipe2(2) and signalfd4(2) as the kernel has them: musl's carry
 * fallbacks for kernels before 2.6.27 (pipe and fcntl, signalfd without
 * flags), where runlet cannot run (~300 bytes). */
static inline int sys_pipe2(int fd[2], int flags)
{
	return syscall(SYS_pipe2, fd, flags);
}

static inline int sys_signalfd(const sigset_t *set, int flags)
{
	return syscall(SYS_signalfd4, -1, set, _NSIG / 8, flags);
}

/* fcntl(2) as the kernel has it: musl's adds an F_DUPFD_CLOEXEC fallback
 * for kernels before 2.6.24 (where runlet cannot run), F_GETOWN_EX and
 * O_LARGEFILE handling that runlet never needs (~400 bytes), and follows
 * every F_DUPFD_CLOEXEC with an F_SETFD: a syscall more each. For that
 * same F_SETFD runlet opens with openat(AT_FDCWD, ...), never open():
 * musl's open() adds it after an O_CLOEXEC open. ~150 calls saved in a
 * container's mount setup. The fcntl64
 * call on 32-bit architectures: the one with 64-bit locks (none here). */
static inline int sys_fcntl(int fd, int cmd, long arg)
{
#ifdef SYS_fcntl64
	return syscall(SYS_fcntl64, fd, cmd, arg);
#else
	return syscall(SYS_fcntl, fd, cmd, arg);
#endif
}

/* fstatat(2) on 64-bit boards: the kernel's struct stat there is libc's
 * own, which musl still copies field by field (370-550 bytes, with its
 * fallbacks for kernels before 3.6). 32-bit boards keep musl's: it turns
 * the kernel's stat64 into a struct stat with 64-bit times. */
static inline int sys_fstatat(int dfd, const char *path, struct stat *st, int flags)
{
#if defined(SYS_newfstatat) && UINTPTR_MAX > 0xffffffffu
	return syscall(SYS_newfstatat, dfd, path, st, flags);
#else
	return fstatat(dfd, path, st, flags);
#endif
}

static inline int sys_fstat(int fd, struct stat *st)
{
	return sys_fstatat(fd, "", st, AT_EMPTY_PATH);
}

static inline int sys_stat(const char *path, struct stat *st)
{
	return sys_fstatat(AT_FDCWD, path, st, 0);
}

/* fchdir(2) as the kernel has it (~150 bytes less on armv7): musl's
 * retries an O_PATH fd by its /proc/self/fd path on EBADF, for kernels
 * before 3.5 (2012), which could not fchdir to one. runlet's two calls
 * are on O_PATH fds: it no longer runs on those kernels. */
static inline int sys_fchdir(int fd)
{
	return syscall(SYS_fchdir, fd);
}

/* getcwd(2) with libc's checks, without its allocating form (buf NULL)
 * and strdup: a path that is not absolute ("(unreachable)/...", a cwd
 * outside the root: CVE-2024-21626) fails with ENOENT. */
static inline char *sys_getcwd(char *buf, size_t n)
{
	long r = syscall(SYS_getcwd, buf, n);

	if (r < 0)
		return NULL;
	if (r == 0 || buf[0] != '/') {
		errno = ENOENT;
		return NULL;
	}
	return buf;
}

/* prctl(2) with its five arguments: libc's is variadic, reading them
 * through va_arg (~110 bytes). */
static inline int sys_prctl(int op, unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
	return syscall(SYS_prctl, op, a, b, c, d);
}

/* getdents64(2), for util.c's directory reader */
static inline long sys_getdents64(int fd, void *buf, size_t n)
{
	return syscall(SYS_getdents64, fd, buf, n);
}

/* rt_sigaction(2) in the kernel's layout, for SIG_IGN and back only: no
 * handler, so no sa_restorer is needed, and an old action the kernel wrote
 * here goes back unchanged (riscv64's struct has no restorer: its mask
 * then sits in the restorer slot, the same bytes both ways). libc's
 * sigaction() would link in its handler machinery and locks (~750 bytes)
 * for that one use. */
struct rl_ksigaction {
	unsigned long handler, flags, restorer, mask[2];
};

static inline int sys_sigaction(int sig, const struct rl_ksigaction *act, struct rl_ksigaction *old)
{
	return syscall(SYS_rt_sigaction, sig, act, old, _NSIG / 8);
}

#endif
