/* The rootfs: mounts, /dev, pivot_root, masked and read-only paths. Every
 * path inside the rootfs is resolved component by component with symlinks
 * kept inside it, and mounted through /proc/self/fd, so a hostile image
 * cannot point a mount at the host. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "sys.h"
#include "util.h"

/* name, flags set, flags cleared (every MS_* flag fits in 32 bits), and a
 * propagation change (done as its own mount call). Two tables from one
 * list: the names packed (no table of pointers), the flags by index. */
#define MOPTS(X)                                                                                               \
	X("defaults", 0, 0, 0)                                                                                 \
	X("ro", MS_RDONLY, 0, 0)                X("rw", 0, MS_RDONLY, 0)                                       \
	X("suid", 0, MS_NOSUID, 0)              X("nosuid", MS_NOSUID, 0, 0)                                   \
	X("dev", 0, MS_NODEV, 0)                X("nodev", MS_NODEV, 0, 0)                                     \
	X("exec", 0, MS_NOEXEC, 0)              X("noexec", MS_NOEXEC, 0, 0)                                   \
	X("sync", MS_SYNCHRONOUS, 0, 0)         X("async", 0, MS_SYNCHRONOUS, 0)                               \
	X("dirsync", MS_DIRSYNC, 0, 0)          X("remount", MS_REMOUNT, 0, 0)                                 \
	X("mand", MS_MANDLOCK, 0, 0)            X("nomand", 0, MS_MANDLOCK, 0)                                 \
	X("atime", 0, MS_NOATIME, 0)            X("noatime", MS_NOATIME, 0, 0)                                 \
	X("diratime", 0, MS_NODIRATIME, 0)      X("nodiratime", MS_NODIRATIME, 0, 0)                           \
	X("relatime", MS_RELATIME, 0, 0)        X("norelatime", 0, MS_RELATIME, 0)                             \
	X("strictatime", MS_STRICTATIME, 0, 0)  X("nostrictatime", 0, MS_STRICTATIME, 0)                       \
	X("lazytime", MS_LAZYTIME, 0, 0)        X("nolazytime", 0, MS_LAZYTIME, 0)                             \
	X("iversion", MS_I_VERSION, 0, 0)       X("noiversion", 0, MS_I_VERSION, 0)                            \
	X("silent", MS_SILENT, 0, 0)            X("loud", 0, MS_SILENT, 0)                                     \
	X("nosymfollow", MS_NOSYMFOLLOW, 0, 0)  X("symfollow", 0, MS_NOSYMFOLLOW, 0)                           \
	X("bind", MS_BIND, 0, 0)                X("rbind", MS_BIND | MS_REC, 0, 0)                             \
	X("private", 0, 0, MS_PRIVATE)          X("rprivate", 0, 0, MS_PRIVATE | MS_REC)                       \
	X("shared", 0, 0, MS_SHARED)            X("rshared", 0, 0, MS_SHARED | MS_REC)                         \
	X("slave", 0, 0, MS_SLAVE)              X("rslave", 0, 0, MS_SLAVE | MS_REC)                           \
	X("unbindable", 0, 0, MS_UNBINDABLE)    X("runbindable", 0, 0, MS_UNBINDABLE | MS_REC)

#define MOPT_NAME(n, s, c, p) n "\0"
#define MOPT_FLAGS(n, s, c, p) { s, c, p },
static const char mopt_names[] = MOPTS(MOPT_NAME);
static const struct mopt {
	uint32_t set, clear, prop;
} mopts[] = { MOPTS(MOPT_FLAGS) };

/* The recursive forms, for mount_setattr(AT_RECURSIVE): set, clear. */
static const struct {
	const char *name;
	uint32_t set, clr;
} ropts[] = {
	{ "rro", MOUNT_ATTR_RDONLY, 0 },           { "rrw", 0, MOUNT_ATTR_RDONLY },
	{ "rnosuid", MOUNT_ATTR_NOSUID, 0 },       { "rsuid", 0, MOUNT_ATTR_NOSUID },
	{ "rnodev", MOUNT_ATTR_NODEV, 0 },         { "rdev", 0, MOUNT_ATTR_NODEV },
	{ "rnoexec", MOUNT_ATTR_NOEXEC, 0 },       { "rexec", 0, MOUNT_ATTR_NOEXEC },
	{ "rnodiratime", MOUNT_ATTR_NODIRATIME, 0 }, { "rdiratime", 0, MOUNT_ATTR_NODIRATIME },
	{ "rrelatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
	{ "rnorelatime", 0, MOUNT_ATTR__ATIME },
	{ "rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
	{ "ratime", 0, MOUNT_ATTR__ATIME },
	{ "rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
	{ "rnostrictatime", 0, MOUNT_ATTR__ATIME },
	{ "rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 }, { "rsymfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
};

static bool c_userns; /* for error hints */
static const char *mlabel; /* linux.mountLabel where SELinux is on, or NULL */

/* The mount's data with linux.mountLabel as its context, quoted (an MCS
 * label has commas: s0:c1,c2), as runc's FormatMountLabel. Takes data. */
static char *with_label(char *data)
{
	char *s;

	if (!CFG_SELINUX || !mlabel)
		return data;
	s = xasprintf("%s%scontext=\"%s\"", data ? data : "", data && *data ? "," : "", mlabel);
	free(data);
	return s;
}

struct mflags {
	unsigned long flags;
	unsigned long cleared; /* flags the options clear (rw, suid, ...) */
	const struct oci_mount *m; /* its options with a propagation change, if prop */
	bool prop;
	char *data;
	uint32_t rset, rclr; /* recursive attributes (mount_setattr) */
	bool tmpcopyup;
	char idmap;          /* 1: idmap, 2: ridmap (recursively) */
	int tree;            /* with idmap: the idmapped tree to move in */
};

/* The index of option o in mopts, ARRAY_SIZE(mopts) if none. */
static size_t mopt_index(const char *o)
{
	const char *n = mopt_names;
	size_t j;

	for (j = 0; j < ARRAY_SIZE(mopts) && strcmp(o, n); j++)
		n += strlen(n) + 1;
	return j;
}

/* The propagation change of option s (private, rslave, ...; the values of
 * linux.rootfsPropagation too), 0 if it has none. */
static unsigned long propagation(const char *s)
{
	size_t j = mopt_index(s);

	return j < ARRAY_SIZE(mopts) ? mopts[j].prop : 0;
}

/* What a mount asks of a build without CFG_MOUNT_EXTRA or CFG_IDMAP,
 * refused before anything is made (the options below would otherwise go
 * to the filesystem as data, which a bind mount ignores). */
int mount_validate(const struct oci_config *cfg)
{
	for (size_t k = 0; k < cfg->n_mounts; k++) {
		const struct oci_mount *m = &cfg->mounts[k];

		if (!CFG_CGROUPS && m->type && !strcmp(m->type, "cgroup"))
			return rt_fail(0, "mounts[%zu].type: \"cgroup\": not compiled in (CFG_CGROUP_V1=0, "
					  "CFG_CGROUP_V2=0: no cgroup support)", k);
		for (size_t j = 0; (!CFG_IDMAP || !CFG_MOUNT_EXTRA) && j < m->options.n; j++) {
			const char *o = m->options.v[j], *why = NULL;

			if (!CFG_IDMAP && !strcmp(o + (*o == 'r'), "idmap"))
				why = "CFG_IDMAP=0";
			/* the recursive forms are "r" + a flag's name */
			else if (!CFG_MOUNT_EXTRA && (!strcmp(o, "tmpcopyup") ||
						      (*o == 'r' && mopt_index(o) == ARRAY_SIZE(mopts) &&
						       mopt_index(o + 1) < ARRAY_SIZE(mopts))))
				why = "CFG_MOUNT_EXTRA=0";
			if (why)
				return rt_fail(0, "mounts[%zu].options[%zu]: \"%s\": not compiled in (%s)", k, j, o, why);
		}
	}
	return 0;
}

static int parse_options(const struct oci_mount *m, size_t idx, struct mflags *f)
{
	struct buf data = { 0 };

	memset(f, 0, sizeof(*f));
	f->m = m;
	for (size_t k = 0; k < m->options.n; k++) {
		const char *o = m->options.v[k];
		size_t j = mopt_index(o);

		if (j < ARRAY_SIZE(mopts)) {
			f->flags = (f->flags & ~mopts[j].clear) | mopts[j].set;
			f->cleared = (f->cleared & ~mopts[j].set) | mopts[j].clear;
			f->prop |= mopts[j].prop != 0;
			continue;
		}
		for (j = 0; CFG_MOUNT_EXTRA && j < ARRAY_SIZE(ropts); j++)
			if (!strcmp(o, ropts[j].name))
				break;
		if (CFG_MOUNT_EXTRA && j < ARRAY_SIZE(ropts)) {
			f->rset = (f->rset & ~ropts[j].clr) | ropts[j].set;
			f->rclr = (f->rclr & ~ropts[j].set) | ropts[j].clr;
			continue;
		}
		if (CFG_MOUNT_EXTRA && !strcmp(o, "tmpcopyup")) {
			f->tmpcopyup = true;
			continue;
		}
		if (CFG_IDMAP && !strcmp(o + (*o == 'r'), "idmap")) {
			f->idmap = *o == 'r' ? 2 : 1;
			continue;
		}
		if (data.len)
			buf_add(&data, ",", 1);
		buf_puts(&data, o);
	}
	f->data = data.p;
	return 0;
}

/* Open path inside the rootfs (rootfd is its root) as O_PATH, resolving
 * ".." and symlinks as if rootfd were "/". With mk, missing components are
 * made: directories, and the last one as a file when mk == 'f'. With
 * mk == 'l', nothing is made and a symlink as the last component is not
 * followed: the fd is the link's own (lstat's view). */
static int open_in_root(int rootfd, const char *path, int mk)
{
	/* The kernel does the same in one call where it has openat2; the
	 * walk below is the fallback, and makes what is missing. */
	static bool no_openat2;
	struct rl_open_how how = { O_PATH | O_CLOEXEC | (mk == 'l' ? O_NOFOLLOW : 0), 0,
				   RL_RESOLVE_IN_ROOT | RL_RESOLVE_NO_MAGICLINKS };
	bool nofollow = mk == 'l';
	int fd = -1;

	if (nofollow)
		mk = 0;

	if (!no_openat2) {
		if ((fd = sys_openat2(rootfd, path, &how)) >= 0)
			return fd;
		no_openat2 = errno == ENOSYS;
		/* what the walk would find too */
		if (errno == ENOTDIR || (errno == ENOENT && !mk))
			return -errno;
		/* Missing: its parent opened (made) the same way, the last
		 * component made in it, then opened. 4 calls, where the walk
		 * below takes 5 a level. A dangling symlink on the way (the
		 * open still fails) is left to the walk, which makes what is
		 * missing where the link leads. */
		AUTOFREE char *p = errno == ENOENT ? xstrdup(path) : NULL;
		char *slash = p ? strrchr(p, '/') : NULL;
		if (slash && slash[1]) {
			*slash = 0;
			int dfd = open_in_root(rootfd, slash == p ? "/" : p, 'd'), t = -1;
			if (dfd >= 0) {
				t = mk == 'd' ? mkdirat(dfd, slash + 1, 0755)
					      : openat(dfd, slash + 1, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
				close(dfd);
			}
			if (mk != 'd' && t >= 0)
				close(t);
			if ((fd = sys_openat2(rootfd, path, &how)) >= 0)
				return fd;
		}
	}
	char *rest = xasprintf("%s", path), *tofree = rest;
	int *stack = xmalloc(sizeof(int) * 256), depth = 0, links = 0;

	stack[0] = sys_fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	while (*rest) {
		char *c = rest, *slash;
		struct stat st;

		while (*c == '/')
			c++;
		if (!*c)
			break;
		slash = strchr(c, '/');
		rest = slash ? slash + 1 : c + strlen(c);
		if (slash)
			*slash = 0;
		bool last = !*rest || !rest[strspn(rest, "/")];
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		fd = openat(stack[depth], c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && mk) {
			if (!last || mk == 'd') {
				if (mkdirat(stack[depth], c, 0755) < 0 && errno != EEXIST)
					goto fail;
			} else {
				int t = openat(stack[depth], c, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
				if (t < 0 && errno != EEXIST)
					goto fail;
				if (t >= 0)
					close(t);
			}
			fd = openat(stack[depth], c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0 || sys_fstat(fd, &st) < 0)
			goto fail;
		if (S_ISLNK(st.st_mode) && !(last && nofollow)) {
			char target[4096];
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			fd = -1;
			if (n < 0)
				goto fail;
			if (++links > 40) {
				errno = ELOOP;
				goto fail;
			}
			target[n] = 0;
			if (target[0] == '/')
				while (depth > 0)
					close(stack[depth--]);
			char *nrest = xasprintf("%s/%s", target, rest);
			free(tofree);
			tofree = rest = nrest;
			continue;
		}
		if (last) {
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			fd = -1;
			errno = ENOTDIR;
			goto fail;
		}
		if (depth == 255) {
			close(fd);
			fd = -1;
			errno = ENAMETOOLONG;
			goto fail;
		}
		stack[++depth] = fd;
		fd = -1;
	}
	if (fd < 0) /* the path was "/" or ended at a directory we pushed */
		fd = sys_fcntl(stack[depth], F_DUPFD_CLOEXEC, 0);
	for (int k = 0; k <= depth; k++)
		close(stack[k]);
	free(stack);
	free(tofree);
	return fd;
fail:;
	int e = errno;
	for (int k = 0; k <= depth; k++)
		close(stack[k]);
	free(stack);
	free(tofree);
	return -e;
}

static const char *fdpath(int fd, char *buf, size_t n)
{
	snprintf(buf, n, "/proc/self/fd/%d", fd);
	return buf;
}

/* The flags of the mount at path that a bind remount must repeat to keep
 * them: ro, nosuid, nodev, noexec and the atime mode (noatime, relatime or
 * strictatime, and nodiratime), which in a user namespace the kernel
 * locks (EPERM if one changes), and nosymfollow, which a remount without
 * it would silently drop. */
static unsigned long locked_flags(const char *path)
{
	struct statfs sf; /* f_flags: the mount's flags (statvfs's f_flag), as ST_* */

	if (statfs(path, &sf) < 0)
		return 0;
	/* ST_RDONLY ... ST_NODIRATIME are MS_*'s values; ST_RELATIME and
	 * ST_NOSYMFOLLOW are not, and strictatime is neither relatime nor
	 * noatime */
	unsigned long f = (unsigned long)sf.f_flags;
	return (f & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY | MS_NOATIME | MS_NODIRATIME)) |
	       (f & ST_NOSYMFOLLOW ? MS_NOSYMFOLLOW : 0) |
	       (f & ST_RELATIME ? MS_RELATIME : f & MS_NOATIME ? 0 : MS_STRICTATIME);
}

/* A bind mount's flags: those its options set, and its source's ro,
 * nosuid, nodev, noexec, nodiratime and nosymfollow unless the options
 * clear them (a "nosuid" bind of a read-only source stays read-only, an
 * "rw" one is writable, as in runc), and its atime mode unless they set
 * one. In a user namespace the kernel locks the source's flags but
 * nosymfollow (EPERM if one changes): there they stay as they are. */
static int bind_remount(const char *p, const struct mflags *f, unsigned long extra)
{
	const unsigned long mode = MS_NOATIME | MS_RELATIME | MS_STRICTATIME,
			    locked = mode | MS_NODIRATIME | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	unsigned long src = locked_flags(p), want = extra | (src & ~f->cleared);

	if (!extra && !(src & f->cleared))
		return 0;
	if (extra & mode) /* the options' atime mode, not the source's */
		want = (want & ~mode) | (extra & mode);
	if (mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | want, NULL) == 0)
		return 0;
	if (errno != EPERM)
		return -1;
	debug("remount %s: the flags of its source are locked (a user namespace): kept", p);
	return mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | (want & ~(mode | MS_NODIRATIME)) | (src & locked), NULL);
}

/* Copy a directory's content, as it is (modes, owners, links, device
 * nodes), for tmpcopyup. Depth-bounded: a hostile image cannot recurse
 * runlet out of stack. */
static int copy_tree(int from, int to, int depth)
{
	struct dir d;
	const char *n;
	int r;

	if (depth > 64)
		return -ELOOP;
	if ((r = dir_open(&d, from, ".")) < 0)
		return r;
	while (r == 0 && (n = dir_next(&d, NULL))) {
		struct stat st;
		if (sys_fstatat(from, n, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (mkdirat(to, n, st.st_mode & 07777) < 0 && errno != EEXIST) {
				r = -errno;
				break;
			}
			int a = openat(from, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int b = openat(to, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			r = a < 0 || b < 0 ? -errno : copy_tree(a, b, depth + 1);
			if (a >= 0)
				close(a);
			if (b >= 0)
				close(b);
		} else if (S_ISREG(st.st_mode)) {
			int a = openat(from, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			int b = openat(to, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777);
			char buf[16384];
			ssize_t k;
			while (a >= 0 && b >= 0 && (k = read(a, buf, sizeof(buf))) > 0)
				if (write_all(b, buf, (size_t)k) < 0)
					break;
			if (a < 0 || b < 0)
				r = -errno;
			if (a >= 0)
				close(a);
			if (b >= 0)
				close(b);
		} else if (S_ISLNK(st.st_mode)) {
			char t[4096];
			ssize_t k = readlinkat(from, n, t, sizeof(t) - 1);
			if (k >= 0) {
				t[k] = 0;
				if (symlinkat(t, to, n) < 0)
					r = -errno;
			}
		} else if (mknodat(to, n, st.st_mode, st.st_rdev) < 0) {
			r = -errno;
		}
		if (r == 0) {
			fchownat(to, n, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
			if (!S_ISLNK(st.st_mode))
				sys_fchmodat(to, n, st.st_mode & 07777);
		}
	}
	dir_close(&d);
	return r;
}

/* The mount point of a line of mountinfo (field 5), its octal escapes
 * for space, tab, newline and backslash undone, in place; NULL if none. */
static char *mount_point(char *line)
{
	char *mp = line, *o;

	for (int k = 0; k < 4 && mp; k++)
		mp = (mp = strchr(mp, ' ')) ? mp + 1 : NULL;
	if (!mp || !(o = strchr(mp, ' ')))
		return NULL;
	*o = 0;
	for (char *i = mp, *w = mp;; i++, w++) {
		if (i[0] == '\\' && i[1] >= '0' && i[1] <= '3' && i[2] >= '0' && i[2] <= '7' && i[3] >= '0' && i[3] <= '7') {
			*w = (char)((i[1] - '0') << 6 | (i[2] - '0') << 3 | (i[3] - '0'));
			i += 3;
		} else if (!(*w = *i)) {
			break;
		}
	}
	return mp;
}

/* Mount onto dest (inside the rootfs), then a bind remount for the flags a
 * bind ignores, then the propagation change. */
static int do_mount(int rootfd, const char *src, const char *dest, const char *type,
		    const struct mflags *f, int mk, const char *what)
{
	char p[64];
	int fd = open_in_root(rootfd, dest, mk), r = 0;

	if (fd == -EACCES && c_userns)
		return rt_fail(-fd, "%s: destination %s (in a user namespace the rootfs must be writable by the "
			       "mapped root, or the mount points exist)", what, dest);
	if (fd < 0)
		return rt_fail(-fd, "%s: destination %s", what, dest);
	bool copyup = CFG_MOUNT_EXTRA && f->tmpcopyup, rattr = CFG_MOUNT_EXTRA && (f->rset || f->rclr);
	/* tmpcopyup: the directory as it was, to copy into the new tmpfs */
	AUTOCLOSE int old = copyup ? openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (copyup && old < 0) {
		close(fd);
		return rt_fail(errno, "%s: tmpcopyup: open %s", what, dest);
	}
	if (CFG_IDMAP && f->idmap ? sys_move_mount(f->tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0
		     : mount(src, fdpath(fd, p, sizeof(p)), type, f->flags, f->data) < 0) {
		/* EINVAL for a bind in a user namespace: most likely mounts
		 * under the source, which the namespace locks (the bind would
		 * uncover what they hide) */
		bool locked = errno == EINVAL && c_userns && (f->flags & (MS_BIND | MS_REC)) == MS_BIND &&
			      !(CFG_IDMAP && f->idmap);
		r = rt_fail(errno, "%s: mount %s on %s (type %s%s)", what, src ? src : "none", dest, type ? type : "bind",
			    locked ? "; with mounts under the source, a user namespace needs rbind" : "");
		close(fd);
		return r;
	}
	close(fd);
	if (!copyup && !(f->flags & MS_BIND) && !f->prop && !rattr)
		return 0;
	/* the mount point is now the new mount: open it again, once */
	fd = open_in_root(rootfd, dest, 0);
	if (fd < 0)
		return rt_fail(-fd, "%s: reopen %s", what, dest);
	if (copyup) {
		AUTOCLOSE int dst = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dst < 0 || (r = copy_tree(old, dst, 0)) < 0)
			r = rt_fail(dst < 0 ? errno : -r, "%s: tmpcopyup into %s", what, dest);
	}
	fdpath(fd, p, sizeof(p));
	unsigned long extra = f->flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME |
					  MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_SYNCHRONOUS |
					  MS_NOSYMFOLLOW);
	if (!r && (f->flags & MS_BIND) && bind_remount(p, f, extra) < 0)
		r = rt_fail(errno, "%s: remount %s with its options", what, dest);
	/* Each propagation option in its order, one mount call each, as runc
	 * does: ORed into one word, "rprivate" and "rslave" would be an
	 * invalid MS_PRIVATE|MS_SLAVE; in order, the later one wins where two
	 * conflict, and ["rprivate", "shared"] means what it says. */
	for (size_t k = 0; !r && f->prop && k < f->m->options.n; k++) {
		unsigned long pf = propagation(f->m->options.v[k]);
		if (pf && mount(NULL, p, NULL, pf, NULL) < 0)
			r = rt_fail(errno, "%s.options[%zu]: %s on %s", what, k, f->m->options.v[k], dest);
	}
	if (!r && rattr) {
		struct rl_mount_attr a = { f->rset, f->rclr, 0, 0 };
		if (sys_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &a) < 0)
			r = rt_fail(errno, "%s: recursive options (r*) on %s%s", what, dest,
				    errno == ENOSYS ? " need mount_setattr (Linux 5.12)" : "");
	}
	close(fd);
	return r;
}

/* type "cgroup": a tmpfs with each hierarchy's container directory bound
 * in (v1, hybrid), or the cgroup2 directory itself (v2 only). Binding the
 * container's own directory gives the same view with or without a cgroup
 * namespace. */
static int mount_cgroups(struct container *c, int rootfd, const struct oci_mount *m, const struct mflags *f, size_t idx)
{
	struct mflags bf = { .flags = MS_BIND | MS_REC | (f->flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)), .data = NULL };
	AUTOFREE char *td = with_label(xstrdup("mode=755"));
	struct mflags tf = { .flags = f->flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC), .data = td };
	char what[64];
	int r;

	snprintf(what, sizeof(what), "mounts[%zu]", idx);
	if (!c->cg)
		return rt_fail(0, "%s: no cgroup to mount", what);
	if (c->cg->unified_only)
		return do_mount(rootfd, c->cg->d[0].path, m->destination, NULL, &bf, 'd', what);
	if ((r = do_mount(rootfd, "tmpfs", m->destination, "tmpfs", &tf, 'd', what)) < 0)
		return r;
	/* each mount point made from the new tmpfs's fd (fewer calls than
	 * do_mount making it: do_mount then opens it in one) */
	AUTOCLOSE int tfd = open_in_root(rootfd, m->destination, 0);
	for (size_t k = 0; k < c->cg->n; k++) {
		const struct cg_dir *d = &c->cg->d[k];
		const char *base = strrchr(d->mnt, '/') ? strrchr(d->mnt, '/') + 1 : d->mnt;
		if (tfd >= 0)
			mkdirat(tfd, base, 0755);
		AUTOFREE char *dest = xasprintf("%s/%s", m->destination, base);
		if ((r = do_mount(rootfd, d->path, dest, NULL, &bf, 'd', what)) < 0)
			return r;
	}
	if (f->flags & MS_RDONLY) {
		struct mflags ro = { .flags = MS_REMOUNT | MS_RDONLY | tf.flags, .data = NULL };
		AUTOCLOSE int fd = open_in_root(rootfd, m->destination, 0);
		char p[64];
		if (fd < 0 || mount("tmpfs", fdpath(fd, p, sizeof(p)), "tmpfs", ro.flags, NULL) < 0)
			return rt_fail(fd < 0 ? -fd : errno, "%s: remount %s read-only", what, m->destination);
	}
	return 0;
}

/* proc and sysfs go only onto a real directory of the rootfs, reached
 * with no symlink (missing parts are made as directories): an image's
 * /proc that leads into a volume would let another container swap what
 * runlet then masks and writes there (CVE-2019-19921, CVE-2023-27561).
 * False with errno EACCES when a directory on the way cannot be searched
 * (a rootfs of mode 0 for root without CAP_DAC_READ_SEARCH). */
static bool plain_dirs(int rootfd, const char *dest)
{
	AUTOFREE char *s = xstrdup(dest);
	AUTOCLOSE int fd = sys_fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	char *save;

	for (char *c = strtok_r(s, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "..")) {
			errno = 0;
			return false;
		}
		int n = openat(fd, c, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		if (n < 0)
			return errno == ENOENT;
		close(fd);
		fd = n;
	}
	return true;
}

/* An ipc namespace has one mqueue superblock, made by the kernel with the
 * namespace: a context= option would not match its settings (EINVAL). Its
 * root is labelled through the xattr instead, as runc and crun do. */
static int label_root(int rootfd, const char *dest, const char *what)
{
	AUTOCLOSE int fd = open_in_root(rootfd, dest, 0);
	char p[64];

	if (fd < 0 || setxattr(fdpath(fd, p, sizeof(p)), "security.selinux", mlabel, strlen(mlabel), 0) < 0)
		return rt_fail(fd < 0 ? -fd : errno, "%s: linux.mountLabel: label %s", what, dest);
	return 0;
}

/* Without mount_setattr: each mount below the one at fd remounted
 * read-only in turn, found in mountinfo. These are the host's own mounts,
 * just bound in: nothing of the container's yet. */
static int remount_tree_ro(int fd, const char *what)
{
	AUTOFREE char *mi = NULL;
	char top[PATH_MAX], p[64], *save = NULL;
	ssize_t n = readlinkat(AT_FDCWD, fdpath(fd, p, sizeof(p)), top, sizeof(top) - 1);

	if (n <= 0 || read_file_at(AT_FDCWD, "/proc/thread-self/mountinfo", &mi, NULL) < 0)
		return rt_fail(errno, "%s: find the mounts under the bound /sys", what);
	top[n] = 0;
	for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mp = mount_point(line);
		if (!mp || strncmp(mp, top, (size_t)n) || mp[n] != '/')
			continue;
		if (mount(NULL, mp, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | locked_flags(mp), NULL) < 0)
			return rt_fail(errno, "%s: remount %s read-only", what, mp);
	}
	debug("%s: no mount_setattr (Linux 5.12): the mounts under the bound /sys remounted read-only one by one", what);
	return 0;
}

/* The rbind of the host's /sys brings its submounts along (the cgroup
 * hierarchies, debugfs, ...) as the host has them, writable: the remount
 * made the top read-only only. The whole tree, where the kernel can
 * (mount_setattr, Linux 5.12); older kernels keep the submounts' flags. */
static int sysfs_tree_readonly(int rootfd, const char *dest, const char *what)
{
	struct rl_mount_attr a = { MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0, 0, 0 };
	AUTOCLOSE int fd = open_in_root(rootfd, dest, 0);

	if (fd < 0)
		return rt_fail(-fd, "%s: reopen %s", what, dest);
	if (sys_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &a) == 0)
		return 0;
	if (errno != ENOSYS)
		return rt_fail(errno, "%s: make the mounts under the bound /sys read-only", what);
	return remount_tree_ro(fd, what);
}

static int mount_one(struct container *c, int rootfd, const struct oci_mount *m, size_t idx)
{
	struct mflags f;
	char what[64];
	const char *type = m->type;
	int r, mk = 'd';

	snprintf(what, sizeof(what), "mounts[%zu]", idx);
	if ((r = parse_options(m, idx, &f)) < 0)
		return r;
	f.idmap = CFG_IDMAP && c->idmap_fds && c->idmap_fds[idx] >= 0;
	f.tree = f.idmap ? c->idmap_fds[idx] : -1;
	if (type && !strcmp(type, "bind"))
		f.flags |= MS_BIND;
	if (m->destination[0] != '/')
		return rt_fail(0, "%s.destination: \"%s\" must be an absolute path", what, m->destination);
	if (f.flags & MS_BIND) {
		struct stat st;
		if (!m->source)
			return rt_fail(0, "%s.source: required for a bind mount", what);
		if (sys_stat(m->source, &st) < 0)
			return rt_fail(errno, "%s.source: %s", what, m->source);
		mk = S_ISDIR(st.st_mode) ? 'd' : 'f';
		type = NULL;
	} else if (!type) {
		return rt_fail(0, "%s.type: required unless the options say bind or rbind", what);
	} else if (CFG_CGROUPS && !strcmp(type, "cgroup")) {
		r = mount_cgroups(c, rootfd, m, &f, idx);
		free(f.data);
		return r;
	}
	bool procfs = type && (!strcmp(type, "proc") || !strcmp(type, "sysfs"));
	bool mqueue = type && !strcmp(type, "mqueue");
	if (procfs && !plain_dirs(rootfd, m->destination))
		return errno == EACCES ? rt_fail(errno, "%s.destination: %s", what, m->destination)
				       : rt_fail(0, "%s.destination: %s must be a directory, reached with no symlink, for %s",
						 what, m->destination, type);
	/* linux.mountLabel: the context of every new mount but proc and sysfs
	 * (SELinux labels them itself) and mqueue (below); a bind mount keeps
	 * its source's labels (the kernel ignores a bind's data). runc's rules. */
	if (type && !procfs && !mqueue)
		f.data = with_label(f.data);
	r = do_mount(rootfd, m->source ? m->source : type, m->destination, type, &f, mk, what);
	if (!r && CFG_SELINUX && mlabel && mqueue)
		r = label_root(rootfd, m->destination, what);
	if (r == -EPERM && type && !strcmp(type, "sysfs")) {
		/* A new sysfs needs a network namespace of our own user
		 * namespace; otherwise bind the host's, read-only. */
		struct mflags bf = { .flags = MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, .data = NULL };
		debug("%s: sysfs not allowed here, binding /sys read-only instead", what);
		r = do_mount(rootfd, "/sys", m->destination, NULL, &bf, 'd', what);
		if (!r)
			r = sysfs_tree_readonly(rootfd, m->destination, what);
	}
	free(f.data);
	return r;
}

struct devnode {
	const char *path;
	unsigned maj, min;
};

static const struct devnode default_devs[] = {
	{ "/dev/null", 1, 3 },    { "/dev/zero", 1, 5 },    { "/dev/full", 1, 7 },
	{ "/dev/random", 1, 8 },  { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
};

/* A device node: mknod, or in a user namespace (no mknod there) a bind of
 * the host's node onto an empty file. */
static int make_dev(struct container *c, int rootfd, const char *path, mode_t type, unsigned maj,
		    unsigned min, mode_t perm, uid_t uid, gid_t gid, const char *what)
{
	AUTOFREE char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/'), p[64];
	const char *name = slash + 1;
	int dfd, fd, r = 0;
	struct stat st;

	*slash = 0;
	dfd = open_in_root(rootfd, *dir ? dir : "/", 'd');
	if (dfd < 0)
		return rt_fail(-dfd, "%s: %s", what, path);
	if (sys_fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if ((st.st_mode & S_IFMT) == type && st.st_rdev == makedev(maj, min))
			goto out;
		unlinkat(dfd, name, 0);
	}
	if (!CFG_USERNS || !c->userns) {
		if (mknodat(dfd, name, type | (perm & 07777), makedev(maj, min)) < 0) {
			r = rt_fail(errno, "%s: mknod %s", what, path);
			goto out;
		}
		fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		/* mknod obeys the umask: set the mode and owner exactly */
		if (fd < 0 || sys_fchmodat(dfd, name, perm & 07777) < 0 ||
		    fchownat(dfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
			r = rt_fail(errno, "%s: set mode and owner of %s", what, path);
	} else {
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0);
		if (fd >= 0) {
			close(fd);
			fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0 || mount(path, fdpath(fd, p, sizeof(p)), NULL, MS_BIND, NULL) < 0)
			r = rt_fail(errno, "%s: bind host %s", what, path);
	}
	if (fd >= 0)
		close(fd);
out:
	close(dfd);
	return r;
}

static int make_devices(struct container *c, int rootfd)
{
	const struct oci_config *cfg = c->cfg;
	char what[64];
	int r;

	for (size_t k = 0; k < ARRAY_SIZE(default_devs); k++) {
		const struct devnode *d = &default_devs[k];
		bool overridden = false;
		for (size_t j = 0; CFG_DEVICES && j < cfg->n_devices; j++)
			overridden |= !strcmp(cfg->devices[j].path, d->path);
		if (!overridden &&
		    (r = make_dev(c, rootfd, d->path, S_IFCHR, d->maj, d->min, 0666, 0, 0, "default devices")) < 0)
			return r;
	}
	for (size_t k = 0; CFG_DEVICES && k < cfg->n_devices; k++) {
		const struct oci_device *d = &cfg->devices[k];
		mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
		snprintf(what, sizeof(what), "linux.devices[%zu]", k);
		if (strncmp(d->path, "/dev/", 5))
			return rt_fail(0, "%s.path: \"%s\" must be under /dev", what, d->path);
		if ((r = make_dev(c, rootfd, d->path, type, (unsigned)d->major, (unsigned)d->minor,
				  d->has_mode ? d->file_mode : 0666, d->has_uid ? d->uid : 0,
				  d->has_gid ? d->gid : 0, what)) < 0)
			return r;
	}
	return 0;
}

static int make_dev_links(int rootfd)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" },     { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
		{ "pts/ptmx", "ptmx" },
	};
	AUTOCLOSE int dfd = open_in_root(rootfd, "/dev", 'd');

	if (dfd < 0)
		return rt_fail(-dfd, "open /dev in the rootfs");
	for (size_t k = 0; k < ARRAY_SIZE(links); k++) {
		if (!strcmp(links[k][1], "ptmx"))
			unlinkat(dfd, "ptmx", 0); /* the devpts instance's ptmx, not the host's */
		if (symlinkat(links[k][0], dfd, links[k][1]) < 0 && errno != EEXIST)
			return rt_fail(errno, "symlink /dev/%s", links[k][1]);
	}
	return 0;
}

/* dest names /dev: "/dev", "//dev/", "/./dev", "/x/../dev" (runc's
 * CleanPath, then a compare). */
static bool is_dev(const char *dest)
{
	AUTOFREE char *s = xstrdup(dest);
	const char *part[2] = { 0 };
	size_t n = 0, deeper = 0; /* components kept (the first two), and past them */
	char *save;

	for (char *c = strtok_r(s, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (deeper)
				deeper--;
			else if (n)
				n--;
			continue;
		}
		if (n < 2)
			part[n++] = c;
		else
			deeper++;
	}
	return n == 1 && !deeper && !strcmp(part[0], "dev");
}

/* A bind mount at /dev (the host's /dev, or an engine's directory): then,
 * as runc (its needsSetupDev), no device node and no /dev link is made,
 * linux.devices' neither: they would be made, and /dev/ptmx unlinked, in
 * the host's directory. */
static bool dev_is_bound(const struct oci_config *cfg)
{
	for (size_t k = 0; k < cfg->n_mounts; k++) {
		const struct oci_mount *m = &cfg->mounts[k];
		bool bind = m->type && !strcmp(m->type, "bind");
		for (size_t j = 0; j < m->options.n && !bind; j++)
			bind = !strcmp(m->options.v[j], "bind") || !strcmp(m->options.v[j], "rbind");
		if (bind && is_dev(m->destination))
			return true;
	}
	return false;
}

/* linux.rootfsPropagation ("" or NULL: none) as its flags, 0 if none. */
static int root_propagation(const struct oci_config *cfg, unsigned long *prop)
{
	*prop = 0;
	if (cfg->rootfs_propagation && *cfg->rootfs_propagation && !(*prop = propagation(cfg->rootfs_propagation)))
		return rt_fail(0, "linux.rootfsPropagation: unknown value \"%s\"", cfg->rootfs_propagation);
	return 0;
}

/* The namespace's copy of the host's tree, before anything is mounted:
 * a slave (runc's default), so that a mount the host makes later (in a
 * volume) still reaches the container, and nothing mounted here reaches
 * the host. rootfsPropagation then applies to it too, as in runc; but
 * only a shared one keeps the copy a peer of the host's mounts (runc
 * applies a "private" or "slave" alone to / and leaves the mounts under
 * it shared with the host: here they stay slaves), so that a mount made
 * in the container reaches the host only when the config asks. An
 * unbindable one waits for the end (mount_unbindable): here it would
 * make every bind of a host directory fail (EINVAL). */
static int prepare_root(unsigned long prop, const char *name)
{
	if (!(prop & MS_SHARED) && mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return rt_fail(errno, "make / a slave in the container's mount namespace");
	if (prop && prop != (MS_REC | MS_SLAVE) && !(prop & MS_UNBINDABLE) && mount(NULL, "/", NULL, prop, NULL) < 0)
		return rt_fail(errno, "linux.rootfsPropagation: %s on / of the container's mount namespace", name);
	return 0;
}

/* The mount the rootfs is on (the rootfs itself if it is a mount), made
 * private: pivot_root refuses a shared parent (EINVAL), and the bind of
 * the rootfs onto itself must not propagate to the host. Found as runc's
 * rootfsParentMountPrivate does: MS_PRIVATE on the path, then on each
 * parent directory, until one is a mount (EINVAL: not a mount). */
static int parent_private(const char *rootfs)
{
	AUTOFREE char *p = xstrdup(rootfs);

	for (;;) {
		if (mount(NULL, p, NULL, MS_PRIVATE, NULL) == 0)
			return 0;
		if (errno != EINVAL || !strcmp(p, "/"))
			return rt_fail(errno, "root.path: make the mount %s is on private", rootfs);
		char *s = strrchr(p, '/');
		s[s == p] = 0; /* "/a" -> "/", "/a/b" -> "/a" */
	}
}

static int pivot(struct container *c)
{
	unsigned long prop;
	int r;

	if ((r = root_propagation(c->cfg, &prop)) < 0)
		return r;
	if (!c->no_pivot) {
		AUTOCLOSE int old = openat(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (old < 0)
			return rt_fail(errno, "open the old /");
		if (sys_pivot_root(".", ".") == 0) {
			/* The old root is now stacked on the new one, at "/" (no
			 * put_old directory needed: bubblewrap's trick). Made a
			 * slave, so that detaching it unmounts nothing of a peer
			 * (the host's, with rootfsPropagation shared), then
			 * detached. From the old root's own fd, as runc does: a
			 * "." from the new root would be the new root for mount
			 * (umount alone climbs to the top of the stack). */
			if (sys_fchdir(old) < 0 || mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 ||
			    umount2(".", MNT_DETACH) < 0)
				return rt_fail(errno, "detach the old root after pivot_root");
			if (chdir("/") < 0)
				return rt_fail(errno, "chdir /");
			goto propagate;
		}
		if (errno != EINVAL)
			return rt_fail(errno, "pivot_root into %s", c->rootfs);
		/* EINVAL: the root is the initramfs rootfs, which cannot be
		 * pivoted away from (or its parent mount is shared): move and
		 * chroot instead. */
		debug("pivot_root: %s; falling back to MS_MOVE and chroot", strerror(errno));
	}
	/* The rootfs goes on top of "/", which is made private first: moved
	 * onto a shared mount, it would propagate to the mount's peers, the
	 * host's / among them with rootfsPropagation shared. */
	if (mount(NULL, "/", NULL, MS_PRIVATE, NULL) < 0)
		return rt_fail(errno, "make / private to move %s onto it", c->rootfs);
	if (mount(c->rootfs, "/", NULL, MS_MOVE, NULL) < 0)
		return rt_fail(errno, "move %s to / (--no-pivot)", c->rootfs);
	if (chroot(".") < 0 || chdir("/") < 0)
		return rt_fail(errno, "chroot into %s", c->rootfs);
propagate:
	/* rootfsPropagation shared on the new /, as runc does after
	 * pivot_root (runc#4724): the bind of the rootfs is private (its
	 * parent was), so "rshared" makes it and the mounts under it shared
	 * here. Private it is already; a slave of nothing stays private, and
	 * the mounts under it are slaves already (prepare_root), unless a
	 * mount's own options made them shared: left as they said. Unbindable
	 * comes last (mount_unbindable). */
	if ((prop & MS_SHARED) && mount(NULL, "/", NULL, prop, NULL) < 0)
		return rt_fail(errno, "linux.rootfsPropagation: %s on the new /", c->cfg->rootfs_propagation);
	return 0;
}

/* In the runtime, before the container's processes exist: each idmapped
 * bind mount's source as a detached tree, idmapped, for the init to move
 * into place. Done here because idmapping needs CAP_SYS_ADMIN over the
 * source's filesystem, which a process in the container's user namespace
 * lacks. The mapping is the mount's own, or the container's. */
int mount_idmap_prepare(struct container *c)
{
	const struct oci_config *cfg = c->cfg;
	AUTOCLOSE int own = -1; /* a userns with the container's mapping */
	int r = 0;

	for (size_t k = 0; CFG_IDMAP && k < cfg->n_mounts && r == 0; k++) {
		const struct oci_mount *m = &cfg->mounts[k];
		struct mflags f;
		char what[32];
		int ns, tree;

		bool want = m->n_uid_maps || m->n_gid_maps;
		for (size_t j = 0; j < m->options.n && !want; j++)
			want = !strcmp(m->options.v[j] + (m->options.v[j][0] == 'r'), "idmap");
		if (!want) /* the common case: nothing more to read */
			continue;
		if ((r = parse_options(m, k, &f)) < 0)
			break;
		free(f.data);
		snprintf(what, sizeof(what), "mounts[%zu]", k);
		if (!m->n_uid_maps != !m->n_gid_maps)
			return rt_fail(0, "%s: uidMappings and gidMappings go together", what);
		if (!(f.flags & MS_BIND) && !(m->type && !strcmp(m->type, "bind")))
			return rt_fail(0, "%s: only a bind mount can be idmapped", what);
		if (m->n_uid_maps) {
			ns = ns_userns_fd(m->uid_maps, m->n_uid_maps, m->gid_maps, m->n_gid_maps, what);
		} else if (cfg->ns[NS_USER].path) {
			ns = openat(AT_FDCWD, cfg->ns[NS_USER].path, O_RDONLY | O_CLOEXEC);
			if (ns < 0)
				return rt_fail(errno, "%s: idmap: open the user namespace %s", what, cfg->ns[NS_USER].path);
		} else if (!cfg->ns[NS_USER].present) {
			return rt_fail(0, "%s: idmap needs uidMappings and gidMappings, or a user namespace", what);
		} else {
			if (own < 0)
				own = ns_userns_fd(cfg->uid_maps, cfg->n_uid_maps, cfg->gid_maps, cfg->n_gid_maps, "linux");
			ns = own < 0 ? own : sys_fcntl(own, F_DUPFD_CLOEXEC, 0);
		}
		if (ns < 0)
			return ns;
		if (!c->idmap_fds) {
			c->idmap_fds = xmalloc(cfg->n_mounts * sizeof(int));
			memset(c->idmap_fds, -1, cfg->n_mounts * sizeof(int));
		}
		struct rl_mount_attr a = { MOUNT_ATTR_IDMAP, 0, 0, (uint64_t)ns };
		tree = sys_open_tree(AT_FDCWD, m->source ? m->source : "",
				     OPEN_TREE_CLONE | O_CLOEXEC | (f.flags & MS_REC ? AT_RECURSIVE : 0));
		if (tree < 0)
			r = rt_fail(errno, "%s: idmap: open %s%s", what, m->source ? m->source : "(no source)",
				    errno == ENOSYS ? " (idmapped mounts need Linux 5.12)" : "");
		else if (sys_mount_setattr(tree, "", AT_EMPTY_PATH | (f.idmap == 2 ? AT_RECURSIVE : 0), &a) < 0)
			r = rt_fail(errno, "%s: idmap %s%s", what, m->source,
				    errno == ENOSYS ? " (idmapped mounts need Linux 5.12)"
				    : errno == EINVAL ? " (its filesystem cannot be idmapped here)" : "");
		c->idmap_fds[k] = tree;
		close(ns);
	}
	return r;
}

int mount_rootfs(struct container *c)
{
	const struct oci_config *cfg = c->cfg;
	unsigned long prop;
	AUTOCLOSE int rootfd = -1;
	int r;

	c_userns = c->userns;
	mlabel = CFG_SELINUX && cfg->mount_label && *cfg->mount_label && process_selinux() ? cfg->mount_label : NULL;
	if ((r = root_propagation(cfg, &prop)) < 0 || (r = prepare_root(prop, cfg->rootfs_propagation)) < 0 ||
	    (r = parent_private(c->rootfs)) < 0)
		return r;
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rt_fail(errno, "root.path: bind %s", c->rootfs);
	rootfd = openat(AT_FDCWD, c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return rt_fail(errno, "root.path: open %s", c->rootfs);
	for (size_t k = 0; k < cfg->n_mounts; k++)
		if ((r = mount_one(c, rootfd, &cfg->mounts[k], k)) < 0)
			return r;
	if (dev_is_bound(cfg) && CFG_DEVICES && cfg->n_devices)
		warnx("linux.devices: not made: /dev is a bind mount (as runc)");
	else if (dev_is_bound(cfg))
		debug("/dev is a bind mount: no device, no /dev link made in it");
	else if ((r = make_devices(c, rootfd)) < 0 || (r = make_dev_links(rootfd)) < 0)
		return r;
	if (cfg->has_process && cfg->process.cwd) {
		int fd = open_in_root(rootfd, cfg->process.cwd, 'd');
		if (fd < 0)
			return rt_fail(-fd, "process.cwd: %s", cfg->process.cwd);
		close(fd);
	}
	if (sys_fchdir(rootfd) < 0)
		return rt_fail(errno, "chdir to the rootfs");
	return 0;
}

/* After mount_rootfs (the cwd is the rootfs) and the createContainer
 * hooks, which still see the host's paths. */
int mount_pivot(struct container *c)
{
	return pivot(c);
}

/* One of linux.maskedPaths or linux.readonlyPaths, opened inside the
 * container's / with O_PATH and O_NOFOLLOW (open_in_root 'l'), for the
 * mount to go onto that fd: a path the image made a symlink (to "/", or
 * to a volume shared with the host) is never followed to elsewhere. A
 * symlink is masked itself (/dev/null goes over the link); read-only, it
 * is skipped, as a link cannot be written through anyway (its target may
 * be, but is not what the config named). -ENOENT: nothing there. */
static int open_listed(int rootfd, const char *field, size_t k, const char *p, struct stat *st, char *fdp, size_t n)
{
	int fd = open_in_root(rootfd, p, 'l');

	if (fd == -ENOENT)
		return fd;
	if (fd < 0 || sys_fstat(fd, st) < 0)
		return rt_fail(fd < 0 ? -fd : errno, "linux.%s[%zu]: %s", field, k, p);
	fdpath(fd, fdp, n);
	return fd;
}

/* After pivot_root, "/" is the container's: paths resolve inside it. */
int mount_finish(struct container *c)
{
	const struct oci_config *cfg = c->cfg;
	AUTOCLOSE int null = -1, rootfd = openat(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char np[64], p[64];
	struct stat st;

	if (rootfd < 0)
		return rt_fail(errno, "open / of the container");
	for (size_t k = 0; k < cfg->masked_paths.n; k++) {
		const char *path = cfg->masked_paths.v[k];
		AUTOCLOSE int fd = open_listed(rootfd, "maskedPaths", k, path, &st, p, sizeof(p));
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		/* a file is masked with the null device itself, held by an fd:
		 * a /dev/null swapped for a link or another file would bind
		 * that instead, writable, over the masked path (CVE-2025-31133) */
		bool dir = S_ISDIR(st.st_mode);
		if (!dir && null < 0 &&
		    ((null = openat(AT_FDCWD, "/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0 || sys_fstat(null, &st) < 0 ||
		     !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)))
			return rt_fail(0, "linux.maskedPaths[%zu]: /dev/null is not the null device 1:3: will not mask %s with it", k, path);
		AUTOFREE char *data = dir ? with_label(NULL) : NULL; /* runc's maskPath */
		if (dir ? mount("tmpfs", p, "tmpfs", MS_RDONLY, data) : mount(fdpath(null, np, sizeof(np)), p, NULL, MS_BIND, NULL))
			return rt_fail(errno, "linux.maskedPaths[%zu]: mask %s", k, path);
	}
	for (size_t k = 0; k < cfg->readonly_paths.n; k++) {
		const char *path = cfg->readonly_paths.v[k];
		AUTOCLOSE int fd = open_listed(rootfd, "readonlyPaths", k, path, &st, p, sizeof(p));
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		if (S_ISLNK(st.st_mode)) {
			debug("linux.readonlyPaths[%zu]: %s is a symlink: skipped", k, path);
			continue;
		}
		if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0)
			return rt_fail(errno, "linux.readonlyPaths[%zu]: bind %s", k, path);
		/* the bind is a new mount on top: reach it through the path
		 * again, resolved the same way */
		close_fd(&fd);
		if ((fd = open_listed(rootfd, "readonlyPaths", k, path, &st, p, sizeof(p))) < 0)
			return fd == -ENOENT ? rt_fail(ENOENT, "linux.readonlyPaths[%zu]: %s", k, path) : fd;
		if (mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(p), NULL) < 0)
			return rt_fail(errno, "linux.readonlyPaths[%zu]: remount %s read-only", k, path);
	}
	if (cfg->root_readonly &&
	    mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags("/"), NULL) < 0)
		return rt_fail(errno, "root.readonly: remount / read-only");
	return 0;
}

/* rootfsPropagation unbindable on the container's / (runbindable: and on
 * every mount under it), after the last bind (maskedPaths' null device,
 * readonlyPaths onto themselves, the pty onto /dev/console): from an
 * unbindable mount, each would fail (EINVAL). runc applies it before its
 * mounts too, to the host's tree in the namespace, where a bind of a host
 * directory then fails (1.1.5: its bind of the rootfs already), and since
 * runc#4724 to the new / after pivot_root. */
int mount_unbindable(struct container *c)
{
	unsigned long prop;
	int r;

	if ((r = root_propagation(c->cfg, &prop)) < 0 || !(prop & MS_UNBINDABLE))
		return r;
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return rt_fail(errno, "linux.rootfsPropagation: %s on the container's /", c->cfg->rootfs_propagation);
	return 0;
}

/* For `features`: the name of mount option i (mopts), NULL past the end. */
const char *mount_option_name(size_t i)
{
	static const char *const more[] = { "tmpcopyup", "idmap", "ridmap" };
	size_t nr = CFG_MOUNT_EXTRA ? ARRAY_SIZE(ropts) : 0;

	if (i < ARRAY_SIZE(mopts)) {
		const char *n = mopt_names;
		while (i--)
			n += strlen(n) + 1;
		return n;
	}
	if ((i -= ARRAY_SIZE(mopts)) < nr)
		return ropts[i].name;
	/* tmpcopyup with CFG_MOUNT_EXTRA, idmap and ridmap with CFG_IDMAP */
	i -= nr;
	i += !CFG_MOUNT_EXTRA;
	return i < (CFG_IDMAP ? ARRAY_SIZE(more) : 1) ? more[i] : NULL;
}
