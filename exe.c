/* CVE-2019-5736: a container whose program is /proc/self/exe (args[0], or
 * a script's #!/proc/self/exe) has the init's final execve, or exec's,
 * run runlet's own binary inside it. That process is dumpable, so another
 * process of the container can hold its /proc/<pid>/exe (O_PATH) and,
 * once it has exited (no more ETXTBSY), reopen it for writing through
 * /proc/self/fd and replace the host's runlet. So the commands that put a
 * process into a container first re-execute runlet from a sealed memfd
 * copy of itself, as runc (1.0 to 1.1: nsenter/cloned_binary.c) and crun
 * (cloned_binary.c) do: every /proc/<pid>/exe the container can reach is
 * then an anonymous file that no one can write, grow or shrink. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "sys.h"
#include "util.h"

extern char **environ;

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

/* On a filesystem that no one can write however it is (re)mounted, the
 * usual root of a device image, the binary needs no copy. A read-only
 * mount of a writable filesystem (ext4 -o ro, a ro bind) is not enough:
 * after a `mount -o remount,rw` on the host, a container process that
 * still holds the binary could write it. */
static const char *immutable_fs(const struct statfs *sf)
{
	static const struct {
		uint32_t magic;
		const char *name;
	} fs[] = {
		{ SQUASHFS_MAGIC, "squashfs" }, { EROFS_SUPER_MAGIC_V1, "erofs" }, { CRAMFS_MAGIC, "cramfs" },
		{ 0x7275 /* ROMFS_MAGIC */, "romfs" }, { ISOFS_SUPER_MAGIC, "iso9660" },
	};

	for (size_t k = 0; (sf->f_flags & ST_RDONLY) && k < ARRAY_SIZE(fs); k++)
		if ((uint32_t)sf->f_type == fs[k].magic)
			return fs[k].name;
	return NULL;
}

/* SIZE bytes of in into out: sendfile (a page-cache copy, Linux 2.6.33 for
 * a file as out), or read and write where it refuses. */
static int copy_all(int out, int in, off_t size)
{
	char buf[8192];
	off_t done = 0;
	ssize_t n;

	while (done < size) {
		n = sendfile(out, in, NULL, (size_t)(size - done));
		if (n > 0)
			done += n;
		else if (n == 0 || (errno != EINTR && !done && (errno == EINVAL || errno == ENOSYS)))
			break; /* the end, or no sendfile to this file: read and write */
		else if (errno != EINTR)
			return -1;
	}
	while (done < size && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) < 0)
			return -1;
		done += n;
	}
	if (done != size)
		return errno = EIO, -1; /* the file changed size under us */
	return 0;
}

/* Become a sealed copy of runlet: returns 0 without exec when runlet
 * already is one (so never twice), or needs none, or where the kernel
 * cannot make one (see below); otherwise it only returns on failure. */
int exe_reexec_sealed(char **argv)
{
	AUTOCLOSE int self = openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC), mfd = -1;
	struct statfs sf;
	struct stat st;
	const char *fs;
	int seals;

	if (self < 0)
		return rt_fail(errno, "open /proc/self/exe, for a sealed copy of runlet (CVE-2019-5736)");
	seals = sys_fcntl(self, F_GET_SEALS, 0); /* EINVAL on anything but a memfd */
	if (seals >= 0 && (seals & SEALS) == SEALS) {
		debug("running from a sealed copy of runlet (CVE-2019-5736)");
		return 0;
	}
	if (fstatfs(self, &sf) == 0 && (fs = immutable_fs(&sf))) {
		debug("runlet's binary is on a read-only %s: no sealed copy needed (CVE-2019-5736)", fs);
		return 0;
	}
	mfd = sys_memfd_create("runlet", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL) /* no MFD_EXEC before Linux 6.3 */
		mfd = sys_memfd_create("runlet", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	/* No memfds (Linux < 3.17), or no executable ones (vm.memfd_noexec
	 * = 2): refusing would leave runlet unusable there, where it is no
	 * worse than runc before 1.0-rc7. Said every time, not silently. */
	if (mfd < 0 && (errno == ENOSYS || errno == EACCES)) {
		warnx("no sealed copy of runlet (%s): a container's program can reach runlet's binary through "
		      "/proc/self/exe and write it (CVE-2019-5736); keep runlet on a read-only squashfs or erofs",
		      errno == ENOSYS ? "memfd_create: not in this kernel, Linux 3.17"
				      : "memfd_create: executable memfds refused, vm.memfd_noexec = 2");
		return 0;
	}
	if (mfd < 0)
		return rt_fail(errno, "memfd_create, for a sealed copy of runlet (CVE-2019-5736)");
	if (sys_fstat(self, &st) < 0 || copy_all(mfd, self, st.st_size) < 0)
		return rt_fail(errno, "copy /proc/self/exe into a memfd (CVE-2019-5736)");
	if (sys_fcntl(mfd, F_ADD_SEALS, SEALS) < 0)
		return rt_fail(errno, "seal the memfd copy of runlet (CVE-2019-5736)");
	debug("running again from a sealed memfd copy of runlet, %lld bytes (CVE-2019-5736)", (long long)st.st_size);
	sys_execveat(mfd, "", argv, environ, AT_EMPTY_PATH);
	if (errno == ENOSYS) { /* Linux < 3.19 */
		char p[32];
		snprintf(p, sizeof(p), "/proc/self/fd/%d", mfd);
		execve(p, argv, environ);
	}
	return rt_fail(errno, "exec the sealed copy of runlet (CVE-2019-5736)");
}
