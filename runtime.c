/* runlet: the command line (runc-compatible) and the container lifecycle.
 * Only this file decides to exit; the others return errors. */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "seccomp.h"
#include "state.h"
#include "sys.h"
#include "util.h"

/* ---- options ---- */

struct opts {
	const char *root, *bundle, *pid_file, *console_socket, *format, *spec_args;
	const char *process, *cwd, *user, *process_label, *apparmor;
	bool no_pivot, no_new_keyring, detach, keep, all, force, quiet, rootless, no_terminal, terminal;
	bool no_new_privs, ignore_paused;
	bool stats; const char *interval; /* events */
	bool relay_tty; /* run in the foreground: runlet relays the terminal */
	const char *log, *log_format, *criu; /* global options */
	bool debug, systemd_cgroup, version;
	int preserve_fds;
	struct strv env, caps, gids; /* repeated exec flags */
	const char *upd[16];         /* update's flags, by enum upd */
	char *pos[4];
	int npos;
	char **rest; /* exec: CMD ARGS... after the id */
	int nrest;
};

enum otype { O_FLAG, O_STR, O_INT, O_LIST };

struct opt {
	const char *name;
#if CFG_HELP /* without, no pointer to "" in each option */
	const char *help;
#endif
	uint16_t off; /* in struct opts */
	char short_name;
	uint8_t type; /* enum otype */
};

/* --help's descriptions (CFG_HELP) */
#define HELP(h) (CFG_HELP ? h : "")
#if CFG_HELP
#define OPT(n, s, m, h, t) { n, h, offsetof(struct opts, m), s, t }
#define OPT_HELP(o) ((o)->help)
#else
#define OPT(n, s, m, h, t) { n, offsetof(struct opts, m), s, t }
#define OPT_HELP(o) ""
#endif
#define OF(n, s, m, h) OPT(n, s, m, h, O_FLAG)
#define OS(n, s, m, h) OPT(n, s, m, h, O_STR)
#define OI(n, s, m, h) OPT(n, s, m, h, O_INT)
#define OL(n, s, m, h) OPT(n, s, m, h, O_LIST)

static const struct opt create_opts[] = {
	OS("bundle", 'b', bundle, "bundle directory (default: the current directory)"),
	OS("pid-file", 0, pid_file, "write the container's pid to FILE"),
	OS("console-socket", 0, console_socket, "unix socket that receives the pty master (process.terminal)"),
	OF("no-pivot", 0, no_pivot, "use MS_MOVE and chroot instead of pivot_root"),
	OF("no-new-keyring", 0, no_new_keyring, "keep the caller's session keyring"),
	OI("preserve-fds", 0, preserve_fds, "pass N more fds (3 .. 3+N-1) to the container"),
	OF("detach", 'd', detach, "(run) return once the container runs"),
	OF("keep", 0, keep, "(run) do not delete the container when it exits"),
	{ 0 }
};
static const struct opt spec_opts[] = {
	OS("bundle", 'b', bundle, "directory to write config.json in (default: .)"),
	OF("rootless", 0, rootless, "a template for a user namespace mapped to the caller"),
	OS("args", 0, spec_args, "process.args, split at spaces (default: sh)"),
	OF("no-terminal", 0, no_terminal, "process.terminal false"),
	OF("terminal", 't', terminal, "process.terminal true (the default, as runc)"),
	{ 0 }
};
static const struct opt kill_opts[] = {
	OF("all", 'a', all, "signal every process in the container"),
	{ 0 }
};
static const struct opt delete_opts[] = {
	OF("force", 'f', force, "kill a created or running container first"),
	{ 0 }
};
static const struct opt list_opts[] = {
	OS("format", 'f', format, "table or json"),
	OF("quiet", 'q', quiet, "ids only"),
	{ 0 }
};
static const struct opt exec_opts[] = {
	OS("process", 'p', process, "the process as JSON (a file, or - for stdin), instead of CMD ARGS"),
	OF("tty", 't', terminal, "a terminal for the process (needs --console-socket)"),
	OS("console-socket", 0, console_socket, "unix socket that receives the pty master"),
	OF("detach", 'd', detach, "return once the process runs"),
	OS("pid-file", 0, pid_file, "write the process's pid to FILE"),
	OL("env", 'e', env, "NAME=value, added to the container's env (repeatable)"),
	OS("cwd", 0, cwd, "working directory in the container"),
	OS("user", 'u', user, "UID[:GID]"),
	OL("additional-gids", 'g', gids, "a supplementary group (repeatable)"),
	OL("cap", 'c', caps, "a capability to add (repeatable)"),
	OF("no-new-privs", 0, no_new_privs, "set no_new_privileges"),
	OI("preserve-fds", 0, preserve_fds, "pass N more fds (3 .. 3+N-1)"),
	OS("process-label", 0, process_label, "SELinux label"),
	OS("apparmor", 0, apparmor, "AppArmor profile"),
	OF("ignore-paused", 0, ignore_paused, "exec into a paused container"),
	{ 0 }
};
static const struct opt ps_opts[] = {
	OS("format", 'f', format, "table or json"),
	{ 0 }
};
enum upd { U_RESOURCES, U_MEMORY, U_SWAP, U_RESERVATION, U_KERNEL, U_KERNEL_TCP, U_SHARES, U_QUOTA, U_PERIOD,
	   U_RT_PERIOD, U_RT_RUNTIME, U_CPUS, U_MEMS, U_PIDS, U_BLKIO };
static const struct opt update_opts[] = {
	OS("resources", 'r', upd[U_RESOURCES], "the new linux.resources as JSON (a file, or - for stdin)"),
	OS("memory", 0, upd[U_MEMORY], "memory limit in bytes (-1: none)"),
	OS("memory-swap", 0, upd[U_SWAP], "memory+swap limit in bytes (-1: none)"),
	OS("memory-reservation", 0, upd[U_RESERVATION], "memory soft limit in bytes"),
	OS("kernel-memory", 0, upd[U_KERNEL], "kernel memory limit (deprecated by the kernel: ignored)"),
	OS("kernel-memory-tcp", 0, upd[U_KERNEL_TCP], "kernel TCP buffer limit (v1)"),
	OS("cpu-share", 0, upd[U_SHARES], "CPU shares (v2: converted to cpu.weight)"),
	OS("cpu-shares", 0, upd[U_SHARES], "the same (runc's name is --cpu-share)"),
	OS("cpu-quota", 0, upd[U_QUOTA], "CFS quota in microseconds (-1: none)"),
	OS("cpu-period", 0, upd[U_PERIOD], "CFS period in microseconds"),
	OS("cpu-rt-period", 0, upd[U_RT_PERIOD], "realtime period in microseconds (v1)"),
	OS("cpu-rt-runtime", 0, upd[U_RT_RUNTIME], "realtime runtime in microseconds (v1)"),
	OS("cpuset-cpus", 0, upd[U_CPUS], "CPUs allowed, e.g. 0-3"),
	OS("cpuset-mems", 0, upd[U_MEMS], "memory nodes allowed"),
	OS("pids-limit", 0, upd[U_PIDS], "maximum number of tasks (-1: none)"),
	OS("blkio-weight", 0, upd[U_BLKIO], "block IO weight (10..1000; v2: scaled to io.weight)"),
	{ 0 }
};
static const struct opt events_opts[] = {
	OF("stats", 0, stats, "print the stats once and exit"),
	OS("interval", 0, interval, "time between stats events (default 5s)"),
	{ 0 }
};
static const struct opt no_opts[] = { { 0 } };
static const struct opt global_opts[] = {
	OS("root", 0, root, "state directory (default /run/runlet)"),
	OS("log", 0, log, "also write log lines to FILE"),
	OS("log-format", 0, log_format, "text or json"),
	OF("debug", 0, debug, "debug messages"),
	OF("systemd-cgroup", 0, systemd_cgroup, "accepted for runc compatibility"),
	OS("criu", 0, criu, "accepted for runc compatibility"),
	OF("version", 'v', version, "print the version and the compiled-in features"),
	{ 0 }
};

struct cmd {
	const char *name;
	int (*fn)(struct opts *o); /* NULL: not in this build (help says why) */
	const struct opt *opts;
	int min_pos, max_pos;
	const char *args, *help;
};
/* A command this build may leave out (on is 0): its name stays, refused
 * with the flag named; its handler and options are dropped. */
#define CMD(on, why, name, fn, opts, min, max, args, help)                                                     \
	{ name, (on) ? fn : NULL, (on) ? opts : no_opts, min, max, args, (on) ? HELP(help) : "not compiled in (" why ")" }
/* For the commands that need a cgroup: their flag, or why there is none. */
#if CFG_CGROUPS
#define CG_WHY(flag) flag
#else
#define CG_WHY(flag) "CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support"
#endif

static int cmd_spec(struct opts *o);
static int cmd_create(struct opts *o);
static int cmd_start(struct opts *o);
static int cmd_run(struct opts *o);
static int cmd_state(struct opts *o);
static int cmd_list(struct opts *o);
static int cmd_kill(struct opts *o);
static int cmd_delete(struct opts *o);
static int cmd_exec(struct opts *o);
static int cmd_pause(struct opts *o);
static int cmd_resume(struct opts *o);
static int cmd_ps(struct opts *o);
static int cmd_update(struct opts *o);
static int cmd_events(struct opts *o);
static int cmd_features(struct opts *o) { return features_print(); }

static const struct cmd cmds[] = {
	CMD(CFG_SPEC, "CFG_SPEC=0", "spec", cmd_spec, spec_opts, 0, 0, "", "write a template config.json"),
	{ "create", cmd_create, create_opts, 1, 1, "ID", HELP("create a container; it waits for start") },
	{ "start", cmd_start, no_opts, 1, 1, "ID", HELP("start the created container's process") },
	{ "run", cmd_run, create_opts, 1, 1, "ID", HELP("create and start, wait for the exit (unless --detach)") },
	{ "state", cmd_state, no_opts, 1, 1, "ID", HELP("print the container's state as JSON") },
	{ "list", cmd_list, list_opts, 0, 0, "", HELP("list containers") },
	{ "kill", cmd_kill, kill_opts, 1, 2, "ID [SIGNAL]", HELP("send a signal (default SIGTERM)") },
	{ "delete", cmd_delete, delete_opts, 1, 1, "ID", HELP("delete a stopped container (--force: any)") },
	CMD(CFG_EXEC, "CFG_EXEC=0", "exec", cmd_exec, exec_opts, 1, -1, "ID [CMD ARGS...]",
	    "run a process in a created or running container"),
	CMD(CFG_PAUSE && CFG_CGROUPS, CG_WHY("CFG_PAUSE=0"), "pause", cmd_pause, no_opts, 1, 1, "ID",
	    "freeze every process of the container"),
	CMD(CFG_PAUSE && CFG_CGROUPS, CG_WHY("CFG_PAUSE=0"), "resume", cmd_resume, no_opts, 1, 1, "ID",
	    "thaw a paused container"),
	CMD(CFG_PS && CFG_CGROUPS, CG_WHY("CFG_PS=0"), "ps", cmd_ps, ps_opts, 1, -1, "ID [PS ARGS...]",
	    "the container's processes (json: pids; table: ps -ef)"),
	CMD(CFG_UPDATE && CFG_CGROUPS, CG_WHY("CFG_UPDATE=0"), "update", cmd_update, update_opts, 1, 1, "ID",
	    "change the container's cgroup limits"),
	CMD(CFG_EVENTS && CFG_CGROUPS, CG_WHY("CFG_EVENTS=0"), "events", cmd_events, events_opts, 1, 1, "ID",
	    "cgroup stats and OOM kills as JSON lines"),
	CMD(CFG_FEATURES, "CFG_FEATURES=0", "features", cmd_features, no_opts, 0, 0, "", "what this build supports (JSON)"),
};

/* Usage text goes straight to fd (dprintf): no stdio in runlet. */
static void usage_opts(int fd, const struct opt *o)
{
	for (; o->name; o++) {
		char n[64];
		snprintf(n, sizeof(n), "%s%c%s--%s%s", o->short_name ? "-" : "", o->short_name ? o->short_name : ' ',
			 o->short_name ? ", " : "  ", o->name, o->type == O_FLAG ? "" : o->type == O_INT ? " N" : " VALUE");
		if (CFG_HELP)
			dprintf(fd, "  %-28s %s\n", o->short_name ? n : n + 2, OPT_HELP(o));
		else
			dprintf(fd, "  %s\n", o->short_name ? n : n + 2);
	}
}

static void usage_global(int fd)
{
	dprintf(fd, "usage: runlet [global options] COMMAND [options] [args]\n\n"
		    "An OCI container runtime (runtime-spec %s), runc-compatible.\n\ncommands:\n", SPEC_VERSION);
	for (size_t k = 0; k < ARRAY_SIZE(cmds); k++)
		dprintf(fd, CFG_HELP || !cmds[k].fn ? "  %-8s %-16s %s\n" : "  %-8s %s\n", cmds[k].name, cmds[k].args,
			cmds[k].help);
	dprintf(fd, "\nglobal options:\n");
	usage_opts(fd, global_opts);
	dprintf(fd, "\n'runlet COMMAND --help' shows the options of a command.\n");
}

static void usage_cmd(int fd, const struct cmd *c)
{
	dprintf(fd, "usage: runlet %s [options] %s\n", c->name, c->args);
	if (*c->help)
		dprintf(fd, "\n%s\n", c->help);
	if (c->opts[0].name)
		dprintf(fd, "\noptions:\n");
	usage_opts(fd, c->opts);
}

__attribute__((noreturn)) static void usage_error(const char *cmd, const char *fmt, ...) PRINTF(2, 3);
static void usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die("%s%s%s (see 'runlet %s%s--help')", cmd ? cmd : "", cmd ? ": " : "", msg, cmd ? cmd : "", cmd ? " " : "");
}

/* "--name=value", "--name value", "-name value" (Go's flag style) and "-x". */
static const struct opt *match_opt(const struct opt *opts, const char *arg, const char **val)
{
	const char *name = arg + 1 + (arg[1] == '-');
	size_t n = strcspn(name, "=");

	*val = name[n] == '=' ? name + n + 1 : NULL;
	for (const struct opt *o = opts; o->name; o++) {
		if (arg[1] != '-' && n == 1 && o->short_name == name[0])
			return o;
		if (strlen(o->name) == n && !strncmp(o->name, name, n))
			return o;
	}
	return NULL;
}

/* The options of c from argv; the global ones (c == NULL) stop at the
 * command's name and return its index. */
static int parse_cmd_args(const struct cmd *c, int argc, char **argv, struct opts *o)
{
	const struct opt *opts = c ? c->opts : global_opts;
	const char *who = c ? c->name : NULL;
	bool only_pos = false;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val;
		const struct opt *opt;

		/* after "--", the next word is the command, even "-x" */
		if (!c && (only_pos || a[0] != '-' || !a[1]))
			return i;
		if (only_pos || a[0] != '-' || !a[1]) {
			if (c->max_pos < 0 && o->npos == 1) {
				/* exec: the rest is the command, options and all */
				o->rest = argv + i;
				o->nrest = argc - i;
				break;
			}
			if (o->npos >= (c->max_pos < 0 ? 1 : c->max_pos))
				usage_error(c->name, "unexpected argument \"%s\"", a);
			o->pos[o->npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = true;
			continue;
		}
		/* ps: after the id, everything is ps's own ("ps ID -o pid,comm"),
		 * as runc takes it */
		if (c && !strcmp(c->name, "ps") && o->npos == 1) {
			o->rest = argv + i;
			o->nrest = argc - i;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			if (c)
				usage_cmd(1, c);
			else
				usage_global(1);
			exit(0);
		}
		if (!(opt = match_opt(opts, a, &val)))
			usage_error(who, "unknown %soption %s", c ? "" : "global ", a);
		char *field = (char *)o + opt->off;
		if (opt->type == O_FLAG) {
			if (val && strcmp(val, "true") && strcmp(val, "false"))
				usage_error(who, "--%s takes no value", opt->name);
			*(bool *)field = !val || !strcmp(val, "true");
			continue;
		}
		if (!val) {
			if (i + 1 >= argc)
				usage_error(who, "option --%s needs a value", opt->name);
			val = argv[++i];
		}
		if (opt->type == O_STR) {
			*(const char **)field = val;
		} else if (opt->type == O_LIST) {
			struct strv *l = (struct strv *)field;
			l->v = xrealloc(l->v, (l->n + 2) * sizeof(char *));
			l->v[l->n++] = (char *)val;
			l->v[l->n] = NULL;
		} else {
			char *end;
			long v = strtol(val, &end, 10);
			if (!*val || *end || v < 0 || v > 65535)
				usage_error(who, "--%s: \"%s\" is not a count", opt->name, val);
			*(int *)field = (int)v;
		}
	}
	if (!c)
		return argc;
	if (o->npos < c->min_pos)
		usage_error(c->name, "missing argument: %s", c->args);
	return argc;
}

static const char *container_id(struct opts *o)
{
	const char *id = o->pos[0];
	char shown[65] = { 0 };

	if (!valid_container_id(id)) {
		/* a newline or an escape sequence would garble the message */
		for (int k = 0; k < 64 && id[k]; k++)
			shown[k] = (unsigned char)id[k] < 0x20 || id[k] == 0x7f ? '?' : id[k];
		die("invalid container id \"%s%s\": use 1 to 1024 of [A-Za-z0-9_+.-], not \".\" or \"..\"",
		    shown, strlen(id) > 64 ? "..." : "");
	}
	return id;
}

/* ---- create ---- */

/* The text of the last config.json read: create keeps a copy in the
 * state directory, for exec and for the poststart/poststop hooks. */
static char *config_text;
static size_t config_len;

/* A regular file of sane size: a FIFO must not hang create (O_NONBLOCK
 * opens it at once), nor a sparse 1 GB file fill the memory (a real one is 10 to 100 KiB;
 * at 4 MiB, the worst JSON takes under a second and 50 MB to parse). */
static int load_config(const char *bundle, struct oci_config *cfg)
{
	AUTOFREE char *path = xasprintf("%s/config.json", bundle);
	AUTOCLOSE int fd = openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int r;

	if (fd < 0 || sys_fstat(fd, &st) < 0)
		return rt_fail(errno, "read %s", path);
	if (!S_ISREG(st.st_mode) || st.st_size > 4 << 20)
		return rt_fail(0, "%s: not a regular file of at most 4 MiB", path);
	if ((r = read_fd(fd, &config_text, &config_len)) < 0)
		return rt_fail(-r, "read %s", path);
	return json_parse_config(config_text, config_len, cfg);
}

/* create's copy of config.json for exec, when start and delete have no
 * use for it (see do_create) */
#define EXEC_CONFIG "config.exec.json"

/* The copy create saved, for its poststart/poststop hooks. */
static bool saved_config(int dirfd, struct oci_config *cfg)
{
	AUTOFREE char *js = NULL;
	size_t len;

	if (!CFG_HOOKS || read_file_at(dirfd, "config.json", &js, &len) < 0)
		return false;
	if (json_parse_config(js, len, cfg) < 0) {
		warnx("the saved config.json of this container is damaged: %s", rt_error());
		rt_clear();
		return false;
	}
	return true;
}

static int validate_sysctl(const struct oci_config *cfg)
{
	for (size_t k = 0; k < cfg->sysctl.n; k++) {
		const char *key = cfg->sysctl.v[k].key;
		int ns = -1;
		if (!strncmp(key, "net.", 4))
			ns = NS_NET;
		else if (!strncmp(key, "fs.mqueue.", 10) || !strcmp(key, "kernel.msgmax") || !strcmp(key, "kernel.msgmnb") ||
			 !strcmp(key, "kernel.msgmni") || !strcmp(key, "kernel.sem") || !strcmp(key, "kernel.shmall") ||
			 !strcmp(key, "kernel.shmmax") || !strcmp(key, "kernel.shmmni") || !strcmp(key, "kernel.shm_rmid_forced"))
			ns = NS_IPC;
		else if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname"))
			ns = NS_UTS;
		if (ns < 0)
			return rt_fail(0, "linux.sysctl: \"%s\" is not namespaced: it would change the host", key);
		if (!cfg->ns[ns].present)
			return rt_fail(0, "linux.sysctl: \"%s\" needs the container's own %s namespace", key, ns_names[ns]);
		if (str_has(key, "..") || strchr(key, '/'))
			return rt_fail(0, "linux.sysctl: invalid name \"%s\"", key);
	}
	return 0;
}

static int validate(struct container *c, const struct opts *o)
{
	const struct oci_config *cfg = c->cfg;
	int r;

	if ((r = process_validate(cfg)) < 0 || (r = process_validate_label("linux.mountLabel", cfg->mount_label)) < 0 ||
	    (r = mount_validate(cfg)) < 0)
		return r;
	/* it goes into mount options as context="LABEL" */
	if (CFG_SELINUX && cfg->mount_label && strchr(cfg->mount_label, '"') && process_selinux())
		return rt_fail(0, "linux.mountLabel: \"%s\" has a double quote: not a valid context", cfg->mount_label);
	if (!cfg->ns[NS_MNT].present)
		return rt_fail(0, "linux.namespaces: a \"mount\" namespace is required");
	/* without a cgroup, the pid namespace is what holds every process
	 * of the container: its init's end ends them all */
	if (!CFG_CGROUPS && (!cfg->ns[NS_PID].present || cfg->ns[NS_PID].path))
		return rt_fail(0, "linux.namespaces: a new \"pid\" namespace is required in a build without cgroup "
				  "support (CFG_CGROUP_V1=0, CFG_CGROUP_V2=0)");
	if ((cfg->hostname && *cfg->hostname && !cfg->ns[NS_UTS].present) ||
	    (cfg->domainname && *cfg->domainname && !cfg->ns[NS_UTS].present))
		return rt_fail(0, "hostname: setting it needs a \"uts\" namespace in linux.namespaces");
	if (cfg->ns[NS_USER].present && !CFG_USERNS)
		return rt_fail(0, "linux.namespaces: user namespace requested by config.json but not compiled in (CFG_USERNS=0)");
	if (cfg->ns[NS_TIME].present && !CFG_TIMENS)
		return rt_fail(0, "linux.namespaces: time namespace requested by config.json but not compiled in (CFG_TIMENS=0)");
	if (CFG_USERNS && cfg->ns[NS_USER].present && !cfg->ns[NS_USER].path && (!cfg->n_uid_maps || !cfg->n_gid_maps))
		return rt_fail(0, "linux.uidMappings/gidMappings: required with a new user namespace");
	if (CFG_USERNS && (cfg->n_uid_maps || cfg->n_gid_maps) && !(cfg->ns[NS_USER].present && !cfg->ns[NS_USER].path))
		return rt_fail(0, "linux.uidMappings: given, but linux.namespaces has no new \"user\" namespace");
	if (cfg->has_rdt) {
		/* the spec's MUST where resctrl is absent; where it is there,
		 * runlet cannot assign containers to it yet */
		AUTOFREE char *mi = NULL;
		size_t n;
		bool there = read_file_at(AT_FDCWD, "/proc/self/mountinfo", &mi, &n) == 0 && str_has(mi, " - resctrl ");
		return rt_fail(0, "linux.intelRdt: %s", there ? "runlet cannot apply it yet (resctrl is mounted here)"
							  : "no resctrl filesystem is mounted here");
	}
	if (CFG_NETDEV && cfg->n_net_devices && !cfg->ns[NS_NET].present)
		return rt_fail(0, "linux.netDevices: needs a \"network\" namespace in linux.namespaces");
	if (CFG_TIMENS && cfg->has_time_offsets && !(cfg->ns[NS_TIME].present && !cfg->ns[NS_TIME].path))
		return rt_fail(0, "linux.timeOffsets: given, but linux.namespaces has no new \"time\" namespace");
	if (CFG_SYSCTL && (r = validate_sysctl(cfg)) < 0)
		return r;
	if (!CFG_TERMINAL && cfg->process.terminal)
		return rt_fail(0, "process.terminal: requested by config.json but not compiled in (CFG_TERMINAL=0)");
	if (cfg->process.terminal && !o->console_socket && !o->relay_tty)
		return rt_fail(0, "process.terminal is true but no --console-socket was given: set \"terminal\": false "
				  "in config.json (runlet spec --no-terminal), or pass --console-socket SOCKET");
	return 0;
}

/* In the container, after pivot_root. Each file must be procfs's own, on
 * the /proc mount itself: not a symlink, and not a file or another proc
 * file (core_pattern...) bound over it by the image or a racing
 * container, which would take the write (CVE-2025-52881). */
static int write_sysctl(const struct oci_config *cfg)
{
	AUTOCLOSE int proc = CFG_SYSCTL && cfg->sysctl.n ? openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;

	for (size_t k = 0; CFG_SYSCTL && k < cfg->sysctl.n; k++) {
		const char *key = cfg->sysctl.v[k].key;
		AUTOFREE char *path = xasprintf("sys/%s", key);
		AUTOCLOSE int fd = -1;
		for (char *p = path + 4; *p; p++)
			if (*p == '.')
				*p = '/';
		if ((fd = openat(proc, path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			return rt_fail(errno, "linux.sysctl: %s", key);
		if (!proc_own_file(fd, proc))
			return rt_fail(0, "linux.sysctl: %s: /proc/%s is not the /proc mount's own file", key, path);
		if (write_all(fd, cfg->sysctl.v[k].value, strlen(cfg->sysctl.v[k].value)) < 0)
			return rt_fail(errno, "linux.sysctl: %s", key);
	}
	return 0;
}

/* The container's init, from its birth to the exec. Never returns. */
static bool has_hooks(const struct oci_config *cfg, enum hook_kind a, enum hook_kind b)
{
	for (int k = a; CFG_HOOKS && k <= (int)b; k++)
		if (cfg->hooks[k].n)
			return true;
	return false;
}

/* The state a hook inside the container gets. */
static void init_state(const struct container *c, pid_t pid, struct rt_state *st)
{
	memset(st, 0, sizeof(*st));
	st->id = (char *)c->id;
	st->pid = pid;
	st->bundle = c->bundle;
	st->rootfs = c->rootfs;
	st->annotations = c->cfg->annotations;
}

/* The container's init, from its birth to the exec. Never returns. */
__attribute__((noreturn)) static void init_main(struct container *c)
{
	const struct oci_config *cfg = c->cfg;
	bool in_cgroup = false;
	struct rt_state st;
	struct sync_msg m;
	pid_t host_pid = 0;
	char b;

	ns_wait_go(c->sync_fd); /* the cgroup directories exist */
	if (mount_rootfs(c) < 0)
		child_fail(c->sync_fd);
	if (has_hooks(cfg, HOOK_PRESTART, HOOK_CREATE_CONTAINER)) {
		/* prestart and createRuntime run in the runtime's namespaces,
		 * then createContainer here, before pivot_root */
		if ((host_pid = ns_enter_cgroup(c)) < 0)
			child_fail(c->sync_fd);
		in_cgroup = true;
		sync_send(c->sync_fd, SYNC_HOOKS, 0, NULL);
		if (sync_recv(c->sync_fd, &m) < 0 || m.type != SYNC_GO)
			_exit(1);
		init_state(c, host_pid, &st);
		if (hooks_run(cfg, HOOK_CREATE_CONTAINER, &st, ST_CREATING) < 0)
			child_fail(c->sync_fd);
	}
	if (mount_pivot(c) < 0)
		child_fail(c->sync_fd);
	if (cfg->hostname && *cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		child_fail((rt_fail(errno, "hostname: sethostname"), c->sync_fd));
	if (cfg->domainname && *cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
		child_fail((rt_fail(errno, "domainname: setdomainname"), c->sync_fd));
	if (write_sysctl(cfg) < 0 || mount_finish(c) < 0)
		child_fail(c->sync_fd);
	if (!c->no_new_keyring) {
		char name[64];
		snprintf(name, sizeof(name), "_ses.%.50s", c->id);
		if (process_label_keyring(cfg) < 0)
			child_fail(c->sync_fd);
		if (sys_keyctl_join(name) < 0 && errno != ENOSYS)
			child_fail((rt_fail(errno, "join a new session keyring (--no-new-keyring skips it)"), c->sync_fd));
	}
	if (CFG_TERMINAL && cfg->process.terminal && console_setup(c) < 0)
		child_fail(c->sync_fd);
	if (mount_unbindable(c) < 0)
		child_fail(c->sync_fd);
	if (!in_cgroup && (host_pid = ns_enter_cgroup(c)) < 0)
		child_fail(c->sync_fd);
	if (process_prepare(c) < 0)
		child_fail(c->sync_fd);
	sync_send(c->sync_fd, SYNC_READY, 0, NULL);
	close_fd(&c->sync_fd);
	/* Wait for `start`: it writes one byte into exec.fifo, then waits
	 * for our fd, the fifo's last reader, to close at the exec. Should
	 * a startContainer hook or the exec fail, the reason goes into the
	 * fifo first, for `start` to report (process_exec_fail). */
	if (RETRY(read(c->fifo_fd, &b, 1)) != 1)
		_exit(1);
	if (CFG_HOOKS && cfg->hooks[HOOK_START_CONTAINER].n) {
		init_state(c, host_pid, &st);
		if (hooks_run(cfg, HOOK_START_CONTAINER, &st, ST_CREATED) < 0)
			process_exec_fail(c, 1);
	}
	process_exec(c);
}

/* The first child: into the cgroup (by the parent), namespaces, then the
 * init. Never returns. */
__attribute__((noreturn)) static void child_main(struct container *c)
{
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* the flock is shared with the parent's fd: the init must not hold it */
	close_fd(&c->state_dirfd);
	close_fd(&c->relay_fd);
	process_close_leaked_fds(c);
	if (ns_setup(c) < 0)
		child_fail(c->sync_fd);
	init_main(c);
}

/* The parent's side of setup. It overlaps with the children's: the
 * cgroup directories are made while the first child makes the
 * namespaces, and the init is moved into them (a migration can wait for
 * an RCU grace period, several ms) while it mounts the rootfs. */
static int wait_child(struct container *c, pid_t c1, pid_t *init)
{
	struct sync_msg m;
	int r;

	if ((r = cgroup_create(c)) < 0)
		return r;
	FAULT();
	for (;;) {
		if ((r = sync_recv(c->sync_fd, &m)) < 0)
			return rt_fail(0, "the container's init exited during setup");
		switch (m.type) {
		case SYNC_USERMAP:
			if (!CFG_USERNS)
				return rt_fail(0, "unexpected message %d from the container", m.type);
			if ((r = ns_write_id_maps(c, c1)) < 0)
				return r;
			sync_send(c->sync_fd, SYNC_GO, 0, NULL);
			break;
		case SYNC_PID:
			*init = m.value;
			RETRY(waitpid(c1, NULL, 0));
			sync_send(c->sync_fd, SYNC_GO, 0, NULL);
			FAULT();
			if ((r = cgroup_enter(c->cg, *init)) < 0) {
				/* the init may have failed meanwhile: its reason comes first */
				if (r == -ESRCH && sync_recv(c->sync_fd, &m) == 0 && m.type == SYNC_ERROR)
					rt_set_error(m.text);
				return r;
			}
			if ((r = netdev_move(c->cfg, *init)) < 0)
				return r;
			sync_send(c->sync_fd, SYNC_GO, *init, NULL); /* the init's host pid */
			break;
		case SYNC_SECCOMP: {
			struct rt_state st;
			struct buf js = { 0 };
			if (!CFG_SECCOMP)
				return rt_fail(0, "unexpected message %d from the container", m.type);
			init_state(c, *init, &st);
			state_to_json(&js, &st, ST_CREATING, false);
			r = m.fd < 0 ? rt_fail(0, "linux.seccomp: no listener fd came from the container")
				     : seccomp_send_listener(c->cfg->seccomp, js.p, *init, m.fd);
			free(js.p);
			if (m.fd >= 0)
				close(m.fd);
			if (r < 0)
				return r;
			break;
		}
		case SYNC_HOOKS: {
			struct rt_state st;
			if (!CFG_HOOKS)
				return rt_fail(0, "unexpected message %d from the container", m.type);
			init_state(c, *init, &st);
			if ((r = hooks_run(c->cfg, HOOK_PRESTART, &st, ST_CREATING)) < 0 ||
			    (r = hooks_run(c->cfg, HOOK_CREATE_RUNTIME, &st, ST_CREATING)) < 0)
				return r;
			sync_send(c->sync_fd, SYNC_GO, *init, NULL);
			break;
		}
		case SYNC_READY:
			/* the init has made its device nodes and waits for
			 * start: now the device allowlist */
			FAULT();
			return cgroup_devices(c);
		case SYNC_ERROR:
			rt_set_error(m.text);
			return -EINVAL;
		default:
			return rt_fail(0, "unexpected message %d from the container", m.type);
		}
	}
}


static void kill_wait(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		RETRY(waitpid(pid, NULL, 0));
	}
}

/* Everything create made, undone: process, cgroup, state dir. */
static void create_undo(struct container *c, pid_t c1, pid_t init)
{
	kill_wait(c1);
	kill_wait(init);
	if (c->cg) {
		struct strv paths = { xcalloc(c->cg->n + 1, sizeof(char *)), c->cg->n };
		for (size_t k = 0; k < c->cg->n; k++)
			paths.v[k] = c->cg->d[k].path;
		cgroup_destroy(&paths);
		free(paths.v);
	}
	if (c->state_dirfd >= 0)
		state_remove(c->state_root, c->id, c->state_dirfd);
}

/* The canonical absolute path, as the kernel resolved it. */
static char *abs_path(const char *p)
{
	char link[64], buf[PATH_MAX];
	AUTOCLOSE int fd = openat(AT_FDCWD, p, O_PATH | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlinkat(AT_FDCWD, link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	return xstrdup(buf);
}

/* create, and run's first half. On success the init waits on exec.fifo;
 * the state dir stays locked (c->state_dirfd) for run to go on. */
static int do_create(struct opts *o, struct container *c, pid_t *init_pid)
{
	static struct oci_config cfg;
	AUTOFREE char *pid_file = NULL;
	struct rt_state st = { 0 };
	struct timespec now;
	char created[64];
	pid_t c1 = -1, init = -1;
	int sv[2], r;

	memset(c, 0, sizeof(*c));
	c->id = container_id(o);
	c->state_root = o->root;
	c->state_dirfd = c->fifo_fd = c->sync_fd = c->console_fd = c->relay_fd = -1;
	c->cfg = &cfg;
	c->no_pivot = o->no_pivot;
	c->no_new_keyring = o->no_new_keyring;
	c->preserve_fds = o->preserve_fds;
	/* relative to where we were called, before the chdir below */
	if (o->pid_file)
		pid_file = abs_from_cwd(o->pid_file);
	if (!(c->bundle = abs_path(o->bundle ? o->bundle : ".")))
		return rt_fail(errno, "--bundle %s", o->bundle ? o->bundle : ".");
	if ((r = load_config(c->bundle, &cfg)) < 0)
		return r;
	c->rootfs = cfg.root_path[0] == '/' ? abs_path(cfg.root_path) : abs_path(xasprintf("%s/%s", c->bundle, cfg.root_path));
	if (!c->rootfs)
		return rt_fail(errno, "root.path: %s", cfg.root_path);
	c->userns = cfg.ns[NS_USER].present;
	if ((r = validate(c, o)) < 0)
		return r;
	/* relative mount sources are relative to the bundle, as with runc */
	if (chdir(c->bundle) < 0)
		return rt_fail(errno, "chdir %s", c->bundle);
	if ((r = mount_idmap_prepare(c)) < 0)
		return r;
	if (o->console_socket && (r = console_connect(o->console_socket, &c->console_fd)) < 0)
		return r;
	if (CFG_TERMINAL && !o->console_socket && o->relay_tty && cfg.process.terminal) {
		/* run in the foreground: we are the console socket's other end */
		int tv[2];
		if (sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tv) < 0)
			return rt_fail(errno, "socketpair");
		c->relay_fd = tv[0];
		c->console_fd = tv[1];
	}
	if ((r = cgroup_plan(c)) < 0 || (r = state_create(o->root, c->id, &c->state_dirfd)) < 0)
		return r;
	FAULT();
	sys_clock_gettime(CLOCK_REALTIME, &now);
	format_rfc3339(created, sizeof(created), &now);
	st.id = (char *)c->id;
	st.bundle = c->bundle;
	st.rootfs = c->rootfs;
	st.created = created;
	st.owner = (char *)"";
	st.annotations = cfg.annotations;
	st.cgroup_created = c->cg->n > 0; /* none where none can be made */
	st.cgroup_paths.n = c->cg->n;
	st.cgroup_paths.v = xcalloc(c->cg->n + 1, sizeof(char *));
	for (size_t k = 0; k < c->cg->n; k++)
		st.cgroup_paths.v[k] = c->cg->d[k].path;
	/* pid 0 until the init is ready: should this process die on the way,
	 * delete --force still finds the cgroups (and anything in them) */
	if ((r = state_write(c->state_dirfd, &st)) < 0)
		goto fail;
	FAULT();
	/* exec's process gets the container's config as create read it,
	 * as runc keeps it in its state.json: not the bundle's, which may
	 * have changed since (another seccomp profile, other capabilities).
	 * Its name says whether start and delete need it too (poststart and
	 * poststop hooks): they read and parse config.json only, so a
	 * container without those hooks costs them no parse. */
	bool post_hooks = has_hooks(&cfg, HOOK_POSTSTART, HOOK_POSTSTOP);
	if ((CFG_EXEC || post_hooks) &&
	    (r = write_file_atomic(c->state_dirfd, post_hooks ? "config.json" : EXEC_CONFIG, config_text, config_len,
				   0600)) < 0) {
		r = rt_fail(-r, "save config.json in the state directory");
		goto fail;
	}
	if (mkfifoat(c->state_dirfd, "exec.fifo", 0600) < 0 ||
	    (c->fifo_fd = openat(c->state_dirfd, "exec.fifo", O_RDWR | O_CLOEXEC)) < 0) {
		r = rt_fail(errno, "make exec.fifo");
		goto fail;
	}
	if (sys_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		r = rt_fail(errno, "socketpair");
		goto fail;
	}
	c1 = sys_fork();
	if (c1 < 0) {
		r = rt_fail(errno, "fork");
		goto fail;
	}
	if (c1 == 0) {
		close(sv[0]);
		c->sync_fd = sv[1];
		child_main(c);
	}
	close(sv[1]);
	c->sync_fd = sv[0];
	FAULT();
	r = wait_child(c, c1, &init);
	for (size_t k = 0; CFG_IDMAP && c->idmap_fds && k < cfg.n_mounts; k++)
		close_fd(&c->idmap_fds[k]);
	if (r < 0)
		goto fail;
	close_fd(&c->sync_fd);
	close_fd(&c->console_fd);

	st.pid = init;
	st.start_time = proc_start_time(init);
	if ((r = state_write(c->state_dirfd, &st)) < 0)
		goto fail;
	FAULT();
	free(st.cgroup_paths.v);
	if (pid_file && (r = write_pid_file(pid_file, init)) < 0)
		goto fail;
	*init_pid = init;
	return 0;
fail:
	close_fd(&c->sync_fd);
	create_undo(c, c1, init);
	close_fd(&c->fifo_fd);
	close_fd(&c->state_dirfd);
	return r;
}

static int cmd_create(struct opts *o)
{
	struct container c;
	pid_t pid;
	int r = do_create(o, &c, &pid);

	if (r < 0)
		return rt_wrap(r, "create");
	close_fd(&c.fifo_fd);
	close_fd(&c.state_dirfd);
	return 0;
}

/* ---- existing containers ---- */

struct ctr {
	int dirfd;
	struct rt_state st;
	enum status status;
};

/* No state for id under --root. When its default cgroup still holds
 * processes, its state directory may have been removed while it ran:
 * say so, as runlet can then neither find nor stop it (nor tell it from
 * a container of another --root). Else -ENOENT and nothing recorded. */
static int no_state(struct opts *o, const char *id)
{
	static struct oci_config cfg;
	struct container c = { .id = id, .cfg = &cfg };

	if (cgroup_plan(&c) == -EBUSY)
		return rt_wrap(-EBUSY, "container \"%s\" does not exist under %s, but its default", id, o->root);
	rt_clear();
	return -ENOENT;
}

static int open_container(struct opts *o, struct ctr *x)
{
	const char *id = container_id(o);
	int r = state_lock(o->root, id, &x->dirfd);

	if (r == -ENOENT && (r = no_state(o, id)) == -ENOENT)
		return rt_fail(0, "container \"%s\" does not exist", id);
	if (r < 0)
		return r;
	r = state_read(x->dirfd, &x->st);
	if (r == -ENOENT) {
		close_fd(&x->dirfd);
		return rt_fail(0, "container \"%s\" does not exist (an unfinished create: delete --force removes it)", id);
	}
	if (r < 0) {
		close_fd(&x->dirfd);
		return r;
	}
	x->status = state_status(x->dirfd, &x->st);
	return 0;
}

/* A container that a runlet built with cgroup support made on this
 * --root, in a build without: what needs its cgroups is refused. */
static int no_cgroups(const struct ctr *x, const char *what)
{
	if (CFG_CGROUPS || !x->st.cgroup_paths.n)
		return 0;
	return rt_fail(0, "cannot %s container \"%s\": it has cgroups (%s), which this build cannot use "
			  "(CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support)", what, x->st.id, x->st.cgroup_paths.v[0]);
}

/* What only a cgroup does (pause, ps, update, events, kill --all with
 * another signal than SIGKILL), for a container that create ran without
 * one: the cgroupfs was read-only or not ours, and nothing was asked. */
static int need_cgroup(const struct ctr *x, const char *what)
{
	if (x->st.cgroup_paths.n)
		return no_cgroups(x, what);
	return rt_fail(0, "cannot %s container \"%s\": it runs without a cgroup (none could be made when it was "
			  "created)", what, x->st.id);
}

static int signal_container(struct ctr *x, int sig, bool all)
{
	AUTOCLOSE int pidfd = sys_pidfd_open(x->st.pid, 0);

	if (all && x->st.cgroup_paths.n) {
		cgroup_signal_all(&x->st.cgroup_paths, sig);
		return 0;
	}
	/* With a pidfd, a pid recycled after the start-time check cannot be hit. */
	if (pidfd >= 0 && proc_start_time(x->st.pid) == x->st.start_time) {
		if (sys_pidfd_send_signal(pidfd, sig) == 0)
			return 0;
		if (errno != ENOSYS)
			return rt_fail(errno, "signal %d to pid %d", sig, x->st.pid);
	}
	if (kill(x->st.pid, sig) < 0)
		return rt_fail(errno, "signal %d to pid %d", sig, x->st.pid);
	return 0;
}

static int cmd_kill(struct opts *o)
{
	struct ctr x;
	int sig = SIGTERM, r;

	if (o->npos > 1 && (sig = parse_signal(o->pos[1])) < 0)
		usage_error("kill", "unknown signal \"%s\"", o->pos[1]);
	/* SIGKILL to the init of the container's own pid namespace (required
	 * then) kills every process in it; another signal reaches the init only */
	if (!CFG_CGROUPS && o->all && sig != SIGKILL)
		return rt_fail(0, "kill --all: only with SIGKILL in a build without cgroup support (CFG_CGROUP_V1=0, "
				  "CFG_CGROUP_V2=0)");
	if ((r = open_container(o, &x)) < 0)
		return r;
	if (x.status == ST_STOPPED)
		r = rt_fail(0, "container \"%s\" is not running", x.st.id);
	else if (!o->all || (r = sig == SIGKILL ? no_cgroups(&x, "kill --all") : need_cgroup(&x, "kill --all")) == 0)
		r = signal_container(&x, sig, o->all);
	close_fd(&x.dirfd);
	return r;
}

static bool wait_gone(const struct rt_state *st, int ms)
{
	for (int k = 0; k < ms; k++) {
		if (proc_start_time(st->pid) != st->start_time)
			return true;
		sys_nap(1000 * 1000);
	}
	return false;
}

/* Release the init waiting on exec.fifo and wait for the outcome, as the
 * spec's startContainer hooks and the exec are steps of `start`: the
 * init reads our byte, runs the hooks and execs the process. Its fd, the
 * fifo's last reader, closes at that exec (O_CLOEXEC), and our write end
 * then polls POLLERR (Linux gives a FIFO's writer POLLERR once no reader
 * is left). On a failure the init writes why into the fifo before it
 * exits: a fifo's buffer lives while one end is open (ours), so a reader
 * opened afterwards gets it; empty means the exec was done. No fd
 * crosses, and without startContainer hooks the wait is only the init's
 * last steps: 0.24 ms (median; 12 µs at best) on a loaded 2-CPU VM.
 * *released: the init got the byte. */
static int release(int dirfd, bool *released)
{
	AUTOCLOSE int wfd = openat(dirfd, "exec.fifo", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	AUTOCLOSE int rfd = -1;
	struct pollfd pf = { wfd, 0, 0 };
	struct rl_ksigaction ign = { .handler = (unsigned long)SIG_IGN }, old;
	char msg[4000], path[40];
	ssize_t n;
	int r;

	if (wfd < 0)
		return errno == ENXIO ? rt_fail(0, "the container's init is gone: it exited before start")
				      : rt_fail(errno, "open exec.fifo");
	FAULT();
	/* The init may die after the open: the fifo then has no reader, and
	 * the write's SIGPIPE would kill start (status 141, faults.sh). It is
	 * ignored for the write only (the poststart hooks would inherit the
	 * disposition); EPIPE says what happened. */
	sys_sigaction(SIGPIPE, &ign, &old);
	r = write_all(wfd, "0", 1);
	sys_sigaction(SIGPIPE, &old, NULL);
	if (r == -EPIPE)
		return rt_fail(0, "the container's init is gone: it exited during start");
	if (r < 0)
		return rt_fail(-r, "write exec.fifo");
	*released = true;
	FAULT();
	unlinkat(dirfd, "exec.fifo", 0);
	while (!(pf.revents & POLLERR))
		if (poll(&pf, 1, -1) < 0 && errno != EINTR)
			return rt_fail(errno, "wait for the container's process to start");
	/* unlinked above (state says running from there on): through our fd */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", wfd);
	if ((rfd = openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return rt_fail(errno, "read exec.fifo back");
	if ((n = read(rfd, msg, sizeof(msg) - 1)) <= 0)
		return 0;
	msg[n] = 0;
	if (!strcmp(msg, "0")) /* our own byte: the init died before it read it */
		return rt_fail(0, "the container's init is gone: it exited before start");
	rt_set_error(msg);
	return -EINVAL;
}

/* The spec's "stop the container" after a startContainer or poststart
 * hook failed (runtime.md, lifecycle steps 7 and 9): every process, and
 * the init gone before we return, so that state says stopped; delete
 * then undoes the rest and runs the poststop hooks. */
static void stop_container(struct ctr *x)
{
	if (x->st.cgroup_paths.n)
		cgroup_signal_all(&x->st.cgroup_paths, SIGKILL);
	if (proc_start_time(x->st.pid) == x->st.start_time)
		signal_container(x, SIGKILL, false);
	wait_gone(&x->st, 5000);
}

/* start's part of the lifecycle, for start and run: the init released,
 * then the poststart hooks. A failure is an error, and the container is
 * stopped (unless the init never got the byte: it is still created). */
static int start_container(struct ctr *x, const struct oci_config *cfg)
{
	bool released = false;
	int r = release(x->dirfd, &released);

	if (r == 0 && cfg)
		r = hooks_run(cfg, HOOK_POSTSTART, &x->st, ST_RUNNING);
	if (r < 0 && released)
		stop_container(x);
	return r;
}

static int cmd_start(struct opts *o)
{
	static struct oci_config cfg;
	struct ctr x;
	int r = open_container(o, &x);

	if (r < 0)
		return r;
	if (x.status != ST_CREATED)
		r = rt_fail(0, "cannot start container \"%s\": it is %s, not created", x.st.id, status_names[x.status]);
	else
		r = start_container(&x, saved_config(x.dirfd, &cfg) ? &cfg : NULL);
	close_fd(&x.dirfd);
	return r;
}

/* A stopped container's leftovers: processes still in its cgroup (no pid
 * namespace), the cgroup, the state dir. */
static int destroy(struct opts *o, struct ctr *x)
{
	static struct oci_config cfg;
	bool hooks = saved_config(x->dirfd, &cfg);
	int r;

	for (int k = 0; k < 100 && cgroup_signal_all(&x->st.cgroup_paths, SIGKILL) > 0; k++) {
		sys_nap(2 * 1000 * 1000);
	}
	FAULT();
	if (x->st.cgroup_created && (r = cgroup_destroy(&x->st.cgroup_paths)) < 0)
		return r;
	FAULT();
	r = state_remove(o->root, x->st.id, x->dirfd);
	/* after the container is gone, before delete returns */
	if (hooks)
		hooks_run(&cfg, HOOK_POSTSTOP, &x->st, ST_STOPPED); /* warns only */
	return r;
}

static int cmd_delete(struct opts *o)
{
	const char *id = container_id(o);
	struct ctr x;
	int r = state_lock(o->root, id, &x.dirfd);

	if (r == -ENOENT && (r = no_state(o, id)) == -ENOENT)
		return o->force ? 0 : rt_fail(0, "container \"%s\" does not exist", id);
	if (r < 0)
		return r;
	r = state_read(x.dirfd, &x.st);
	if (r == -ENOENT || (r < 0 && o->force)) {
		/* a create that died before writing state: only --force */
		if (!o->force) {
			close_fd(&x.dirfd);
			return rt_fail(0, "container \"%s\" has no state (an unfinished create): use delete --force", id);
		}
		r = state_remove(o->root, id, x.dirfd);
		close_fd(&x.dirfd);
		return r;
	}
	if (r < 0)
		goto out;
	x.status = state_status(x.dirfd, &x.st);
	if ((r = no_cgroups(&x, "delete")) < 0)
		goto out;
	if (x.status != ST_STOPPED) {
		if (!o->force) {
			r = rt_fail(0, "cannot delete container \"%s\": it is %s (stop it first, or use --force)", id,
				    status_names[x.status]);
			goto out;
		}
		signal_container(&x, SIGKILL, false);
		FAULT();
		cgroup_signal_all(&x.st.cgroup_paths, SIGKILL);
		/* v1: frozen tasks die when thawed. Read again: a pause may
		 * have raced with us since the status was read. */
		if (CFG_CGROUPS && (x.status == ST_PAUSED || cgroup_frozen(&x.st.cgroup_paths)))
			cgroup_freeze(&x.st.cgroup_paths, false);
		if (!wait_gone(&x.st, 5000)) {
			r = rt_fail(0, "container \"%s\": its init (pid %d) did not die after SIGKILL", id, x.st.pid);
			goto out;
		}
	}
	r = destroy(o, &x);
out:
	close_fd(&x.dirfd);
	return r;
}

/* ---- run ---- */

static int reap(pid_t init)
{
	int status;
	pid_t p;

	while ((p = waitpid(-1, &status, WNOHANG)) > 0)
		if (p == init)
			return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	return -1;
}

/* Forward every signal to the container's process until it exits; with
 * a pty master, also relay it to our stdio (runc run with a terminal). */
static int forward_and_wait(pid_t init, int master)
{
	sigset_t all;
	siginfo_t si;
	int code = -1;

	sigfillset(&all);
	while (!CFG_TERMINAL || master < 0) {
		if (sys_sigwaitinfo(&all, &si) < 0)
			continue;
		if (si.si_signo != SIGCHLD)
			kill(init, si.si_signo);
		else if ((code = reap(init)) >= 0)
			return code;
	}
	struct termios saved;
	int sfd = sys_signalfd(&all, SFD_CLOEXEC);
	bool raw = console_raw(0, &saved), in_open = true, m_open = true;
	char buf[4096];

	console_copy_winsize(0, master);
	while (m_open || code < 0) {
		struct pollfd pf[3] = { { sfd, POLLIN, 0 }, { in_open ? 0 : -1, POLLIN, 0 }, { m_open ? master : -1, POLLIN, 0 } };
		/* once the process is gone, drain what it wrote, then stop */
		if (poll(pf, 3, code >= 0 ? 100 : -1) == 0 && code >= 0)
			break;
		if (pf[2].revents) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n <= 0 || write_all(1, buf, (size_t)n) < 0)
				m_open = false; /* EIO: every slave fd is closed */
		}
		if (pf[1].revents) {
			ssize_t n = read(0, buf, sizeof(buf));
			if (n <= 0 || write_all(master, buf, (size_t)n) < 0)
				in_open = false;
		}
		struct signalfd_siginfo ssi;
		if (pf[0].revents && read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi)) {
			if (ssi.ssi_signo == SIGWINCH)
				console_copy_winsize(0, master); /* the kernel tells the container */
			else if (ssi.ssi_signo != SIGCHLD)
				kill(init, (int)ssi.ssi_signo);
			else if (code < 0)
				code = reap(init);
		}
	}
	if (raw)
		console_restore(0, &saved);
	close(sfd);
	return code;
}
static int cmd_run(struct opts *o)
{
	struct container c;
	struct ctr x = { .dirfd = -1 };
	sigset_t all, old;
	pid_t init;
	int r, code;

	/* Signals wait in the queue until forwarded; children unblock them. */
	o->relay_tty = !o->detach;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((r = do_create(o, &c, &init)) < 0)
		return rt_wrap(r, "run");
	/* our own reader of exec.fifo would hide the init's (release) */
	close_fd(&c.fifo_fd);
	x.dirfd = c.state_dirfd;
	if ((r = state_read(x.dirfd, &x.st)) < 0) {
		create_undo(&c, -1, init);
		return rt_wrap(r, "run");
	}
	if ((r = start_container(&x, c.cfg)) < 0) {
		/* stopped: on to the spec's step 12 (delete, poststop hooks),
		 * unless --keep; the start's error is the one reported */
		char msg[4096];
		snprintf(msg, sizeof(msg), "%s", rt_error());
		rt_clear();
		if (!o->keep && destroy(o, &x) < 0) {
			logmsg(LOG_WARN, "run: cleanup: %s", rt_error());
			rt_clear();
		}
		rt_set_error(msg);
		close_fd(&c.state_dirfd);
		return rt_wrap(r, "run");
	}
	x.dirfd = -1;
	close_fd(&c.state_dirfd);
	if (o->detach)
		return 0;
	int master = CFG_TERMINAL && c.relay_fd >= 0 ? console_recv_master(c.relay_fd) : -1;
	if (c.relay_fd >= 0 && master < 0)
		logmsg(LOG_WARN, "run: %s", rt_error());
	code = forward_and_wait(init, master);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!o->keep) {
		/* only our own: the state may have been removed while it ran,
		 * and the id taken again since (then maybe with our cgroup) */
		r = open_container(o, &x);
		if (r == 0 && x.st.pid == init) {
			if (destroy(o, &x) < 0)
				logmsg(LOG_WARN, "run: cleanup: %s", rt_error());
		} else {
			logmsg(LOG_WARN, "run: the state of container \"%s\" was removed while it ran: removing its cgroup only", c.id);
			rt_clear();
			if (r < 0 || !x.st.cgroup_paths.n || !c.cg->n || strcmp(x.st.cgroup_paths.v[0], c.cg->d[0].path))
				create_undo(&c, -1, -1);
		}
		close_fd(&x.dirfd);
	}
	_exit(code);
}


/* ---- exec ---- */

/* The process of `exec`: from --process FILE, or the container's own
 * process with CMD ARGS and the flags on top (as runc builds it). */
static int exec_process(struct opts *o, struct oci_config *cfg)
{
	struct oci_process *p = &cfg->process;
	int r;

	if (o->process) {
		AUTOFREE char *js = NULL;
		size_t len;
		if ((r = read_arg_file(o->process, &js, &len)) < 0)
			return rt_fail(-r, "--process %s", o->process);
		if ((r = json_parse_process(js, len, p)) < 0)
			return r;
		cfg->has_process = true;
		if (!p->cwd)
			p->cwd = xstrdup("/");
		return 0;
	}
	if (!o->nrest)
		usage_error("exec", "missing the command to run (or --process FILE)");
	p->args.v = o->rest;
	p->args.n = (size_t)o->nrest;
	p->terminal = o->terminal;
	if (o->cwd)
		p->cwd = (char *)o->cwd;
	if (o->no_new_privs)
		p->no_new_privileges = true;
	for (size_t k = 0; k < o->env.n; k++) {
		const char *e = o->env.v[k], *eq = strchr(e, '=');
		size_t j, n = eq ? (size_t)(eq - e) + 1 : strlen(e);
		for (j = 0; j < p->env.n && strncmp(p->env.v[j], e, n); j++)
			;
		if (j == p->env.n) {
			p->env.v = xrealloc(p->env.v, (p->env.n + 2) * sizeof(char *));
			p->env.n++;
			p->env.v[p->env.n] = NULL;
		}
		p->env.v[j] = (char *)e;
	}
	if (o->user) {
		char *end;
		unsigned long uid = strtoul(o->user, &end, 10), gid = p->gid;
		if (*end == ':')
			gid = strtoul(end + 1, &end, 10);
		if (end == o->user || *end || uid > UINT32_MAX || gid > UINT32_MAX)
			usage_error("exec", "--user \"%s\": expected UID[:GID] as numbers", o->user);
		p->uid = (uint32_t)uid;
		p->gid = (uint32_t)gid;
	}
	if (o->gids.n) {
		p->additional_gids = xcalloc(o->gids.n + 1, sizeof(uint32_t));
		for (size_t k = 0; k < o->gids.n; k++) {
			char *end;
			unsigned long g = strtoul(o->gids.v[k], &end, 10);
			if (end == o->gids.v[k] || *end || g > UINT32_MAX)
				usage_error("exec", "--additional-gids \"%s\": not a number", o->gids.v[k]);
			p->additional_gids[k] = (uint32_t)g;
		}
		p->n_additional_gids = o->gids.n;
	}
	for (size_t k = 0; k < o->caps.n; k++) {
		p->has_caps = true;
		for (int s = 0; s < CAP_SETS; s++) {
			struct strv *v = &p->caps[s];
			v->v = xrealloc(v->v, (v->n + 2) * sizeof(char *));
			v->v[v->n++] = o->caps.v[k];
			v->v[v->n] = NULL;
		}
	}
	return 0;
}

/* exec's config: the copy create saved. A container made by a runlet
 * that saved none (without poststart/poststop hooks, before exec read
 * the copy): the bundle's, with a warning. */
static int exec_config(const struct ctr *x, struct oci_config *cfg)
{
	int r = read_file_at(x->dirfd, "config.json", &config_text, &config_len);

	if (r == -ENOENT) /* no poststart/poststop hooks: saved for exec alone */
		r = read_file_at(x->dirfd, EXEC_CONFIG, &config_text, &config_len);

	if (r == -ENOENT) {
		warnx("exec: container \"%s\" has no saved config.json (made by an older runlet): reading %s/config.json",
		      x->st.id, x->st.bundle);
		return load_config(x->st.bundle, cfg);
	}
	if (r < 0)
		return rt_fail(-r, "read the saved config.json");
	return json_parse_config(config_text, config_len, cfg);
}

static int cmd_exec(struct opts *o)
{
	static struct oci_config cfg;
	struct container c = { .state_dirfd = -1, .fifo_fd = -1, .sync_fd = -1, .console_fd = -1, .relay_fd = -1 };
	struct ctr x;
	sigset_t all, old;
	pid_t pid = -1;
	int r;

	if ((r = open_container(o, &x)) < 0)
		return r;
	r = x.status == ST_STOPPED ? 0 : exec_config(&x, &cfg);
	/* nothing here changes the container: other commands may go on */
	close_fd(&x.dirfd);
	if (r < 0)
		return rt_wrap(r, "exec: the container's config");
	if (x.status == ST_STOPPED)
		return rt_fail(0, "cannot exec in container \"%s\": it is stopped", x.st.id);
	if (x.status == ST_PAUSED && !o->ignore_paused)
		return rt_fail(0, "cannot exec in container \"%s\": it is paused (--ignore-paused to do it anyway)", x.st.id);
	if ((r = exec_process(o, &cfg)) < 0)
		return rt_wrap(r, "exec");
	if (o->apparmor)
		cfg.process.apparmor_profile = (char *)o->apparmor;
	if (o->process_label)
		cfg.process.selinux_label = (char *)o->process_label;
	if ((r = process_validate(&cfg)) < 0)
		return rt_wrap(r, "exec");
	if (cfg.process.terminal && !o->console_socket)
		return rt_fail(0, "exec: a terminal (--tty or process.terminal) needs --console-socket SOCKET");
	if (!cfg.process.terminal && o->console_socket)
		warnx("exec: --console-socket without a terminal: ignored");
	c.id = x.st.id;
	c.cfg = &cfg;
	c.exec = true;
	c.preserve_fds = o->preserve_fds;
	if (cfg.process.terminal && (r = console_connect(o->console_socket, &c.console_fd)) < 0)
		return r;
	AUTOFREE char *pid_file = o->pid_file ? abs_from_cwd(o->pid_file) : NULL;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	r = exec_container(&c, &x.st, o->detach, pid_file, &pid);
	close_fd(&c.console_fd);
	if (r < 0)
		return rt_wrap(r, "exec");
	if (o->detach)
		return 0;
	int code = forward_and_wait(pid, -1);
	_exit(code);
}


/* ---- pause, resume, ps ---- */

static int pause_resume(struct opts *o, bool freeze)
{
	struct ctr x;
	int r = open_container(o, &x);

	if (r < 0)
		return r;
	if (x.status != (freeze ? ST_RUNNING : ST_PAUSED))
		r = rt_fail(0, "cannot %s container \"%s\": it is %s, not %s", freeze ? "pause" : "resume", x.st.id,
			    status_names[x.status], freeze ? "running" : "paused");
	else if ((r = need_cgroup(&x, freeze ? "pause" : "resume")) == 0)
		r = cgroup_freeze(&x.st.cgroup_paths, freeze);
	close_fd(&x.dirfd);
	return r;
}

static int cmd_pause(struct opts *o)
{
	return pause_resume(o, true);
}

static int cmd_resume(struct opts *o)
{
	return pause_resume(o, false);
}

/* execvp("ps", argv) as musl's does it: each directory of $PATH (musl's
 * default without one), on to the next where there is no such file or
 * it may not be run, an empty entry for the current directory. Here
 * because musl's execvpe is 500 bytes for this one call. Returns on
 * failure. */
static void exec_ps(char **argv)
{
	extern char **environ;
	const char *path = getenv("PATH");
	char b[PATH_MAX];

	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (const char *p = path, *z;; p = z + 1) {
		z = strchrnul(p, ':');
		if (z - p < PATH_MAX - 3) {
			snprintf(b, sizeof(b), "%.*s%sps", (int)(z - p), p, z > p ? "/" : "");
			execve(b, argv, environ);
			if (errno != EACCES && errno != ENOENT && errno != ENOTDIR)
				return;
		}
		if (!*z)
			return;
	}
}

static int cmd_ps(struct opts *o)
{
	const char *fmt = o->format ? o->format : "table";
	AUTOFREE char *list = NULL;
	struct ctr x;
	int r;

	if (strcmp(fmt, "table") && strcmp(fmt, "json"))
		usage_error("ps", "--format must be table or json, not \"%s\"", fmt);
	if ((r = open_container(o, &x)) < 0)
		return r;
	close_fd(&x.dirfd);
	if (x.status == ST_STOPPED)
		return rt_fail(0, "container \"%s\" is not running", x.st.id);
	if ((r = need_cgroup(&x, "ps")) < 0)
		return r;
	list = cgroup_procs(&x.st.cgroup_paths);
	if (!strcmp(fmt, "json")) {
		struct buf b = { 0 };
		buf_puts(&b, "[");
		for (char *p = list, *tok; (tok = strtok_r(p, "\n", &p));)
			buf_printf(&b, "%s%s", b.len > 1 ? "," : "", tok);
		buf_puts(&b, "]\n");
		write_all(1, b.p, b.len);
		return 0;
	}
	/* table: ps's own output, with its header and the container's rows
	 * (the PID column found from the header), as runc does */
	char *argv[64] = { "ps" };
	int argc = 1;
	if (o->nrest == 0)
		argv[argc++] = "-ef";
	for (int k = 0; k < o->nrest && argc < 63; k++)
		argv[argc++] = o->rest[k];
	int pfd[2];
	if (sys_pipe2(pfd, O_CLOEXEC) < 0)
		return rt_fail(errno, "pipe");
	pid_t child = sys_fork();
	if (child == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		dup2(pfd[1], 1);
		exec_ps(argv);
		_exit(127);
	}
	close(pfd[1]);
	AUTOFREE char *out = NULL;
	r = read_fd(pfd[0], &out, NULL);
	close(pfd[0]);
	int status;
	RETRY(waitpid(child, &status, 0));
	if (child < 0 || r < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return rt_fail(0, "ps %s: failed (is ps installed?)", o->nrest ? o->rest[0] : "-ef");
	int col = -1;
	struct buf rows = { 0 };
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (col < 0) {
			/* the header: which column is PID */
			char *save, *copy = xstrdup(line);
			int k = 0;
			for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save), k++)
				if (!strcmp(t, "PID"))
					col = k;
			if (col < 0)
				return rt_fail(0, "ps: no PID column in \"%s\"", line);
			buf_printf(&rows, "%s\n", line);
			continue;
		}
		char *save, *copy = xstrdup(line), *t = strtok_r(copy, " \t", &save);
		for (int k = 0; t && k < col; k++)
			t = strtok_r(NULL, " \t", &save);
		if (!t)
			continue;
		for (char *p = list; *p;) {
			size_t n = strcspn(p, "\n");
			if (n == strlen(t) && !strncmp(p, t, n)) {
				buf_printf(&rows, "%s\n", line);
				break;
			}
			p += n;
			p += *p == '\n';
		}
	}
	if (rows.p)
		write_all(1, rows.p, rows.len);
	return 0;
}

/* ---- update ---- */

static int64_t upd_int(const char *flag, const char *v)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	if (!*v || *end)
		usage_error("update", "--%s: \"%s\" is not a number", flag, v);
	return n;
}

static int cmd_update(struct opts *o)
{
	static struct oci_config cfg;
	struct oci_resources *res = &cfg.res;
	const char *const *u = o->upd;
	struct ctr x;
	int r;

	if (u[U_RESOURCES]) {
		AUTOFREE char *js = NULL;
		size_t len;
		if ((r = read_arg_file(u[U_RESOURCES], &js, &len)) < 0)
			return rt_fail(-r, "--resources %s", u[U_RESOURCES]);
		if ((r = json_parse_resources(js, len, &cfg)) < 0)
			return r;
		if (cfg.n_dev_rules)
			return rt_fail(0, "--resources: devices: changing device rules is not supported yet");
	}
#define UPD(i, has, field, name) if (u[i]) { res->has = true; res->field = upd_int(name, u[i]); }
	UPD(U_MEMORY, has_mem_limit, mem_limit, "memory")
	UPD(U_SWAP, has_mem_swap, mem_swap, "memory-swap")
	UPD(U_RESERVATION, has_mem_reservation, mem_reservation, "memory-reservation")
	UPD(U_KERNEL, has_mem_kernel, mem_kernel, "kernel-memory")
	UPD(U_KERNEL_TCP, has_mem_kernel_tcp, mem_kernel_tcp, "kernel-memory-tcp")
	UPD(U_SHARES, has_shares, shares, "cpu-shares")
	UPD(U_QUOTA, has_quota, quota, "cpu-quota")
	UPD(U_PERIOD, has_period, period, "cpu-period")
	UPD(U_RT_PERIOD, has_rt_period, rt_period, "cpu-rt-period")
	UPD(U_RT_RUNTIME, has_rt_runtime, rt_runtime, "cpu-rt-runtime")
	UPD(U_PIDS, has_pids, pids_limit, "pids-limit")
#undef UPD
	if (u[U_CPUS])
		res->cpus = (char *)u[U_CPUS];
	if (u[U_MEMS])
		res->mems = (char *)u[U_MEMS];
	if (u[U_BLKIO])
		res->blkio_weight = (uint32_t)upd_int("blkio-weight", u[U_BLKIO]);
	if ((r = open_container(o, &x)) < 0)
		return r;
	if (x.status == ST_STOPPED)
		r = rt_fail(0, "cannot update container \"%s\": it is stopped", x.st.id);
	else if ((r = need_cgroup(&x, "update")) == 0)
		r = cgroup_update(&x.st.cgroup_paths, res);
	close_fd(&x.dirfd);
	return r < 0 ? rt_wrap(r, "update") : 0;
}

static int cmd_events(struct opts *o)
{
	struct ctr x;
	int r = open_container(o, &x);

	if (r < 0)
		return r;
	close_fd(&x.dirfd);
	if (x.status == ST_STOPPED)
		return rt_fail(0, "container \"%s\" is not running", x.st.id);
	if ((r = need_cgroup(&x, "events")) < 0)
		return r;
	return cgroup_events(&x.st.cgroup_paths, x.st.id, o->stats, o->interval);
}

/* ---- state, list, spec ---- */

static int cmd_state(struct opts *o)
{
	struct ctr x;
	struct buf b = { 0 };
	int r = open_container(o, &x);

	if (r < 0)
		return r;
	state_to_json(&b, &x.st, x.status, false);
	close_fd(&x.dirfd);
	buf_puts(&b, "\n");
	write_all(1, b.p, b.len);
	free(b.p);
	return 0;
}

static const char *owner_of(int rfd, const char *id, char *buf, size_t n)
{
	struct stat st;

	if (sys_fstatat(rfd, id, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return "";
	if (st.st_uid == 0)
		return "root";
	snprintf(buf, n, "#%u", (unsigned)st.st_uid);
	return buf;
}

static int cmd_list(struct opts *o)
{
	const char *fmt = o->format ? o->format : "table";
	struct dir d;
	const char *name;
	struct buf out = { 0 };
	char **rows[6] = { 0 };
	size_t n = 0, w[6] = { 2, 3, 6, 6, 7, 5 };
	bool json = !strcmp(fmt, "json");

	if (!json && strcmp(fmt, "table"))
		usage_error("list", "--format must be table or json, not \"%s\"", fmt);
	if (json)
		buf_puts(&out, "[");
	bool opened = dir_open(&d, AT_FDCWD, o->root) == 0;
	while (opened && (name = dir_next(&d, NULL))) {
		struct rt_state st;
		AUTOFREE char *js = NULL;
		char ob[32], pid[24];
		size_t len;
		int dfd;

		if (name[0] == '.' || !valid_container_id(name))
			continue;
		dfd = openat(d.fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (dfd < 0)
			continue;
		if (read_file_at(dfd, "state.json", &js, &len) < 0 || json_parse_state(js, len, &st) < 0) {
			debug("list: %s: no readable state.json (being created, or damaged)", name);
			rt_clear();
			close(dfd);
			continue;
		}
		enum status s = state_status(dfd, &st);
		close(dfd);
		const char *owner = owner_of(d.fd, name, ob, sizeof(ob));
		if (o->quiet) {
			buf_printf(&out, "%s\n", st.id);
			continue;
		}
		if (json) {
			if (n)
				buf_puts(&out, ",");
			st.owner = (char *)owner;
			state_to_json(&out, &st, s, false);
			n++;
			continue;
		}
		snprintf(pid, sizeof(pid), "%d", s == ST_STOPPED ? 0 : st.pid);
		const char *cells[6] = { st.id, pid, status_names[s], st.bundle, st.created ? st.created : "", owner };
		for (int k = 0; k < 6; k++) {
			rows[k] = xrealloc(rows[k], (n + 1) * sizeof(char *));
			rows[k][n] = xstrdup(cells[k]);
			if (strlen(cells[k]) > w[k])
				w[k] = strlen(cells[k]);
		}
		n++;
	}
	if (opened)
		dir_close(&d);
	if (json) {
		buf_puts(&out, "]\n");
	} else if (!o->quiet) {
		/* as runc's tabwriter: min width 12, padding 3 */
		const char *hdr[6] = { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" };
		for (size_t row = 0; row <= n; row++)
			for (int k = 0; k < 6; k++) {
				const char *s = row ? rows[k][row - 1] : hdr[k];
				size_t width = w[k] + 3 < 12 ? 12 : w[k] + 3;
				if (k < 5)
					buf_printf(&out, "%-*s", (int)width, s);
				else
					buf_printf(&out, "%s\n", s);
			}
	}
	if (out.p)
		write_all(1, out.p, out.len);
	return 0;
}

static int cmd_spec(struct opts *o)
{
	if (o->terminal && o->no_terminal)
		usage_error("spec", "--terminal and --no-terminal contradict each other");
	/* a terminal by default, as runc; not where the build has none */
	return spec_write(o->bundle ? o->bundle : ".", o->rootless, o->spec_args,
			  CFG_TERMINAL ? !o->no_terminal : o->terminal);
}

/* ---- main ---- */

static void print_version(void)
{
	/* what is compiled in, +NAME or -NAME (CFG_NAME) */
	static const char names[] = "USERNS\0TIMENS\0CAPS\0CGROUP_V1\0CGROUP_V2\0DEBUG\0SECCOMP\0HOOKS\0TERMINAL\0EXEC\0"
				    "EVENTS\0UPDATE\0PS\0PAUSE\0FEATURES\0SPEC\0RLIMITS\0SCHED\0OOM_SCORE\0"
				    "PERSONALITY\0APPARMOR\0SYSCTL\0NETDEV\0DEVICES\0IDMAP\0MOUNT_EXTRA\0HELP\0SELINUX\0HOT";
	const bool on[] = { CFG_USERNS, CFG_TIMENS, CFG_CAPS, CFG_CGROUP_V1, CFG_CGROUP_V2, CFG_DEBUG, CFG_SECCOMP,
			    CFG_HOOKS, CFG_TERMINAL, CFG_EXEC, CFG_EVENTS, CFG_UPDATE, CFG_PS, CFG_PAUSE, CFG_FEATURES,
			    CFG_SPEC, CFG_RLIMITS, CFG_SCHED, CFG_OOM_SCORE, CFG_PERSONALITY, CFG_APPARMOR, CFG_SYSCTL,
			    CFG_NETDEV, CFG_DEVICES, CFG_IDMAP, CFG_MOUNT_EXTRA, CFG_HELP, CFG_SELINUX, CFG_HOT };
	struct buf b = { 0 };
	const char *n = names;

	buf_printf(&b, "runlet version %s\nspec: %s\n", RUNLET_VERSION, SPEC_VERSION);
	for (size_t k = 0; k < ARRAY_SIZE(on); k++, n += strlen(n) + 1)
		buf_printf(&b, "%s%c%s", k ? " " : "", on[k] ? '+' : '-', n);
	buf_puts(&b, "\n");
	write_all(1, b.p, b.len);
}

int main(int argc, char **argv)
{
	struct opts o = { .root = "/run/runlet", .log_format = "text" };
	int i, r;

	i = 1 + parse_cmd_args(NULL, argc - 1, argv + 1, &o);
	if (o.version) {
		print_version();
		return 0;
	}
	verbose = o.debug;
	const char *log_file = o.log, *log_format = o.log_format;
	if (strcmp(log_format, "text") && strcmp(log_format, "json"))
		usage_error(NULL, "--log-format must be text or json, not \"%s\"", log_format);
	log_json = !strcmp(log_format, "json");
	if (log_file && *log_file) {
		log_fd = openat(AT_FDCWD, log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (log_fd < 0)
			die("--log %s: %s", log_file, strerror(errno));
	}
	if (i >= argc) {
		usage_global(2);
		return 1;
	}
	for (size_t k = 0; k < ARRAY_SIZE(cmds); k++) {
		if (strcmp(argv[i], cmds[k].name))
			continue;
		if (!cmds[k].fn)
			die("%s: %s", cmds[k].name, cmds[k].help);
		parse_cmd_args(&cmds[k], argc - i - 1, argv + i + 1, &o);
		/* the commands whose processes enter a container: argv, the
		 * environment and every inherited fd go on unchanged (CFG_EXEC
		 * first: a build without exec keeps no reference to it) */
		if ((cmds[k].fn == cmd_create || cmds[k].fn == cmd_run || (CFG_EXEC && cmds[k].fn == cmd_exec)) &&
		    exe_reexec_sealed(argv) < 0) {
			logmsg(LOG_ERROR, "%s", rt_error());
			return 1;
		}
		/* which call of an engine's a log's lines belong to */
		debug("%s%s%s (runlet %s, pid %d)", cmds[k].name, o.npos ? " " : "", o.npos ? o.pos[0] : "",
		      RUNLET_VERSION, (int)getpid());
		r = cmds[k].fn(&o);
		if (r < 0) {
			logmsg(LOG_ERROR, "%s", rt_error());
			return 1;
		}
		return 0;
	}
	usage_error(NULL, "unknown command \"%s\"", argv[i]);
}
