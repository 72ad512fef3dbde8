/* What create/run carry from the parent down to the container's init. The
 * children get it by fork: nothing is serialized. */
#ifndef RUNLET_CONTAINER_H
#define RUNLET_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "oci.h"

struct cgroup;

struct container {
	const char *id;
	const char *state_root;  /* --root */
	char *bundle;            /* absolute */
	char *rootfs;            /* absolute */
	struct oci_config *cfg;
	struct cgroup *cg;       /* the container's cgroup, every hierarchy */
	int state_dirfd;         /* <root>/<id>, locked */
	int fifo_fd;             /* exec.fifo, O_RDWR: init blocks reading it, and
	                          * writes why it did not exec into it */
	int sync_fd;             /* child end of the parent/child socketpair */
	int console_fd;          /* --console-socket, connected */
	int relay_fd;            /* run's own end of the console socket, or -1 */
	int preserve_fds;
	bool no_pivot, no_new_keyring;
	bool userns;             /* a new or joined user namespace */
	bool exec;               /* `exec` into a running container, not its init */
	char *exec_path;         /* args[0] resolved in the container */
	int *idmap_fds;          /* per mount: its idmapped detached tree, or -1 */
};

/* Parent/child messages over the SOCK_SEQPACKET socketpair. */
enum sync_type {
	SYNC_GO = 1,      /* parent: go on (id maps written; cgroup made; init in it) */
	SYNC_USERMAP,     /* child: user namespace made, write its id maps */
	SYNC_PID,         /* intermediate: init's pid */
	SYNC_READY,       /* init: set up, waiting for start */
	SYNC_HOOKS,       /* init: run prestart and createRuntime hooks now */
	SYNC_SECCOMP,     /* init or exec: the seccomp listener fd, for listenerPath */
	SYNC_ERROR,       /* any child: failed, text follows */
};

struct sync_msg {
	int type;
	int value;
	int fd; /* on receipt: an fd that came with the message (SCM_RIGHTS), or -1 */
	char text[4000];
};

int sync_send(int fd, int type, int value, const char *text);
int sync_send_fd(int sock, int type, int value, const char *text, int passfd);
int sync_recv(int fd, struct sync_msg *m);
__attribute__((noreturn)) void child_fail(int fd);

/* ns.c: in the first child. Returns in the container's init only. */
int ns_setup(struct container *c);
int ns_write_id_maps(const struct container *c, pid_t pid);
int ns_become_root(void);
int ns_userns_fd(const struct oci_idmap *u, size_t nu, const struct oci_idmap *g, size_t ng, const char *field);
/* Wait for the parent's SYNC_GO (it exits when the parent is gone);
 * returns the message's value. */
int ns_wait_go(int fd);
/* In init: wait until the parent moved us into the cgroup, then make the
 * cgroup namespace if one is asked for. Returns the init's host pid. */
int ns_enter_cgroup(struct container *c);

/* mount.c: in init, inside the new mount namespace. */
int netdev_move(const struct oci_config *cfg, pid_t pid);
int mount_validate(const struct oci_config *cfg); /* what this build cannot do: refused */
int mount_idmap_prepare(struct container *c); /* in the runtime, before the fork */
int mount_rootfs(struct container *c); /* all mounts; the cwd is then the rootfs */
int mount_pivot(struct container *c);  /* pivot_root (or MS_MOVE + chroot) into it */
int mount_finish(struct container *c); /* after pivot: masked/readonly paths, ro root */
int mount_unbindable(struct container *c); /* rootfsPropagation (r)unbindable, after the last bind */

/* process.c: in init, the last steps before and after `start`. */
int process_prepare(struct container *c);
__attribute__((noreturn)) void process_exec(struct container *c);
__attribute__((noreturn)) void process_exec_fail(struct container *c, int code);
int process_validate(const struct oci_config *cfg);
int process_validate_label(const char *field, const char *label);
bool process_selinux(void); /* SELinux is enabled on this host */
int process_label_keyring(const struct oci_config *cfg);
void process_close_leaked_fds(const struct container *c);

/* console.c */
int console_connect(const char *path, int *out);
int console_setup(struct container *c);
/* run's own relay (no --console-socket) */
struct termios;
int console_recv_master(int sock);
bool console_raw(int fd, struct termios *saved);
void console_restore(int fd, const struct termios *saved);
void console_copy_winsize(int from, int to);

/* spec.c */
int spec_write(const char *bundle, bool rootless, const char *args, bool terminal);

/* hooks.c: run every hook of kind k, the state (with status s) on stdin;
 * the first failure is the error, except for poststop: each is a warning. */
struct rt_state;
int hooks_run(const struct oci_config *cfg, enum hook_kind k, const struct rt_state *st, int s);

/* exec.c */
struct rt_state;
int exec_container(struct container *c, const struct rt_state *st, bool detach, const char *pid_file, pid_t *pid);

/* exe.c: create, run and exec first run from a sealed memfd copy of
 * runlet (CVE-2019-5736); returns 0 when it already does or needs none */
int exe_reexec_sealed(char **argv);

/* caps.c */
int caps_validate(const struct oci_process *p, uint64_t sets[CAP_SETS]);
int caps_drop_bounding(uint64_t bounding);
int caps_apply(const uint64_t sets[CAP_SETS]);
int caps_set(const uint64_t sets[CAP_SETS]);
int caps_get(uint64_t sets[CAP_SETS]);

/* features.c: the runtime-spec features document on stdout; the tables it
 * reads (mount.c, caps.c) give a name by index, NULL past the end. */
int features_print(void);
const char *mount_option_name(size_t i);
const char *caps_name(size_t i);

#endif
