/* Unit tests for json.c (config.json, state.json) and the pure helpers of
 * util.c. Prints TAP: "1..N", then "ok N - ..." / "not ok N - ..." with a
 * "# got: ..." line under each failure; exits 1 if any failed.
 *
 *   make build/unit/json.t && ./build/unit/json.t
 *
 * JSON in this file is written with single quotes, turned into double
 * quotes by J() before parsing ('{'a':1}' reads better than "{\"a\":1}").
 *
 * The recorded error (rt_error()) is sticky for the process and util.c has
 * no way to clear it, so every parse whose outcome is not known yet runs in
 * a forked child that sends back the return value and the message through a
 * pipe. The child copies the document to the end of a page followed by a
 * PROT_NONE page, with no NUL after it: reading past `len` kills the child,
 * and that is reported as a failure. A positive case is parsed again in
 * this process (only once the child proved it succeeds, so nothing is ever
 * recorded here) to check the fields. UNIT_VALGRIND=1 parses without the
 * fork (see run_child). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"
#include "util.h"

/* ------------------------------------------------------------ TAP */

/* Output is kept in memory so the plan can come first; a crash still
 * prints what ran so far, then a failing line and a trailing plan. */
static char *tap;
static size_t tap_len, tap_cap;
static int ntests, nfailed;

static void tap_vadd(const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if (tap_len + (size_t)n + 1 > tap_cap) {
		tap_cap = (tap_len + (size_t)n + 1) * 2;
		tap = realloc(tap, tap_cap);
		if (!tap)
			abort();
	}
	vsnprintf(tap + tap_len, (size_t)n + 1, fmt, ap);
	tap_len += (size_t)n;
}

static void tap_add(const char *fmt, ...) PRINTF(1, 2);
static void tap_add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vadd(fmt, ap);
	va_end(ap);
}

static void on_crash(int sig)
{
	char line[96];
	int n;

	if (tap)
		write_all(1, tap, tap_len);
	n = snprintf(line, sizeof(line), "not ok %d - the test program itself crashed (signal %d)\n1..%d\n",
		     ntests + 1, sig, ntests + 1);
	write_all(1, line, (size_t)n);
	_exit(1);
}

/* One test: cond, a description, and (printf-style) what was got. */
static bool check(bool cond, const char *desc, const char *gotfmt, ...) PRINTF(3, 4);
static bool check(bool cond, const char *desc, const char *gotfmt, ...)
{
	va_list ap;

	ntests++;
	tap_add("%s %d - %s\n", cond ? "ok" : "not ok", ntests, desc);
	if (!cond) {
		nfailed++;
		tap_add("# got: ");
		va_start(ap, gotfmt);
		tap_vadd(gotfmt, ap);
		va_end(ap);
		tap_add("\n");
	}
	return cond;
}

/* A description built with printf, valid until the next 8 calls. */
static const char *D(const char *fmt, ...) PRINTF(1, 2);
static const char *D(const char *fmt, ...)
{
	static char ring[8][512];
	static unsigned k;
	char *s = ring[k++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(ring[0]), fmt, ap);
	va_end(ap);
	return s;
}

/* A string for a "# got:" line: quoted, control and high bytes escaped. */
static const char *Q(const char *s)
{
	static char ring[4][1100];
	static unsigned k;
	char *o = ring[k++ % 4], *p = o;

	if (!s)
		return "NULL";
	*p++ = '"';
	for (; *s && p < o + sizeof(ring[0]) - 8; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	if (*s)
		p += sprintf(p, "...");
	*p++ = '"';
	*p = 0;
	return o;
}

static bool is_str(const char *desc, const char *got, const char *want)
{
	bool same = got && want ? !strcmp(got, want) : got == want;

	return check(same, desc, "%s, want %s", Q(got), Q(want));
}

static bool is_u64(const char *desc, unsigned long long got, unsigned long long want)
{
	return check(got == want, desc, "%llu, want %llu", got, want);
}

static bool is_i64(const char *desc, long long got, long long want)
{
	return check(got == want, desc, "%lld, want %lld", got, want);
}

static bool is_true(const char *desc, bool cond)
{
	return check(cond, desc, "false");
}

/* A string vector against a NULL-terminated list of wanted strings; also
 * checks the vector is NULL-terminated. */
static void is_strv(const char *desc, const struct strv *sv, ...)
{
	const char *want[64];
	size_t n = 0, k;
	va_list ap;
	char got[1024] = "";

	va_start(ap, sv);
	while (n < ARRAY_SIZE(want) && (want[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	for (k = 0; k < sv->n && strlen(got) < sizeof(got) - 64; k++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? ", " : "", Q(sv->v[k]));
	if (sv->n != n || (n && !sv->v) || (sv->v && sv->v[n])) {
		check(false, desc, "%zu elements [%s], want %zu", sv->n, got, n);
		return;
	}
	for (k = 0; k < n; k++)
		if (strcmp(sv->v[k], want[k])) {
			check(false, desc, "[%s], element %zu should be %s", got, k, Q(want[k]));
			return;
		}
	check(true, desc, "-");
}

/* Single quotes to double quotes. */
static char *J(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

/* ------------------------------------------------------------ parsing in a child */

enum kind { CONFIG, STATE };

struct outcome {
	int rc;
	bool recorded; /* rt_failed() after the parse */
	char msg[4200];
	char how[64]; /* how the child ended, "" when normally */
};

/* Parse a copy of js that ends right before a PROT_NONE page, with no NUL
 * after it: reading past len faults. INT_MIN if the mapping fails. */
static int parse_guarded(enum kind k, const char *js, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), data = (len / pg + 1) * pg;
	char *m = mmap(NULL, data + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct oci_config c;
	struct rt_state s;
	char *copy;
	int rc;

	if (m == MAP_FAILED || mprotect(m + data, pg, PROT_NONE) < 0)
		return INT_MIN;
	copy = m + data - len;
	memcpy(copy, js, len);
	rc = k == CONFIG ? json_parse_config(copy, len, &c) : json_parse_state(copy, len, &s);
	munmap(m, data + pg);
	return rc;
}

static void child_parse(enum kind k, const char *js, size_t len, int fd)
{
	int rc = parse_guarded(k, js, len);
	char rec = rt_failed();
	const char *msg = rec ? rt_error() : "";

	if (rc == INT_MIN)
		_exit(3);
	if (write_all(fd, &rc, sizeof(rc)) < 0 || write_all(fd, &rec, 1) < 0 ||
	    write_all(fd, msg, strlen(msg)) < 0)
		_exit(4);
	_exit(0);
}

static void run_child(enum kind k, const char *js, size_t len, struct outcome *o)
{
	int fds[2], st;
	size_t got = 0;
	char hdr[sizeof(int) + 1];
	pid_t pid;
	ssize_t n;

	memset(o, 0, sizeof(*o));
	o->rc = 1;
	/* UNIT_VALGRIND=1 (a fork costs ~20 ms under valgrind): parse in this
	 * process and clear what it recorded; a crash then ends the whole
	 * program (on_crash) instead of one test. */
	if (getenv("UNIT_VALGRIND")) {
		o->rc = parse_guarded(k, js, len);
		o->recorded = rt_failed();
		snprintf(o->msg, sizeof(o->msg), "%s", o->recorded ? rt_error() : "");
		if (o->rc == INT_MIN)
			snprintf(o->how, sizeof(o->how), "mmap: %s", strerror(errno));
		rt_clear();
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0 || (pid = fork()) < 0) {
		snprintf(o->how, sizeof(o->how), "pipe/fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child_parse(k, js, len, fds[1]);
	}
	close(fds[1]);
	while (got < sizeof(hdr) && (n = read(fds[0], hdr + got, sizeof(hdr) - got)) > 0)
		got += (size_t)n;
	if (got == sizeof(hdr)) {
		memcpy(&o->rc, hdr, sizeof(int));
		o->recorded = hdr[sizeof(int)];
		got = 0;
		while (got < sizeof(o->msg) - 1 && (n = read(fds[0], o->msg + got, sizeof(o->msg) - 1 - got)) > 0)
			got += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		snprintf(o->how, sizeof(o->how), "child killed by signal %d", WTERMSIG(st));
	else if (WEXITSTATUS(st))
		snprintf(o->how, sizeof(o->how), "child exit status %d", WEXITSTATUS(st));
}

static const char *what(enum kind k)
{
	return k == CONFIG ? "config.json" : "state.json";
}

/* Expect a successful parse: one test. Then parse it here into *out. */
static bool parse_ok_len(enum kind k, const char *desc, const char *js, size_t len, void *out)
{
	struct outcome o;
	int rc;

	run_child(k, js, len, &o);
	if (!check(!o.how[0] && o.rc == 0 && !o.recorded, D("%s: %s: parses", what(k), desc),
		   "rc %d, error %s%s%s", o.rc, o.recorded ? Q(o.msg) : "(none recorded)", o.how[0] ? ", " : "",
		   o.how))
		return false;
	rc = k == CONFIG ? json_parse_config(js, len, out) : json_parse_state(js, len, out);
	if (rc < 0)
		return check(false, D("%s: %s: parses again in the parent", what(k), desc), "rc %d", rc);
	return true;
}

/* Parse a single-quoted config; NULL (after a failed test) if it fails. */
static struct oci_config *cfg_ok(const char *desc, const char *sq)
{
	struct oci_config *c = xcalloc(1, sizeof(*c));
	char *js = J(sq);

	if (!parse_ok_len(CONFIG, desc, js, strlen(js), c))
		return NULL;
	return c;
}

static struct rt_state *state_ok(const char *desc, const char *sq)
{
	struct rt_state *s = xcalloc(1, sizeof(*s));
	char *js = J(sq);

	if (!parse_ok_len(STATE, desc, js, strlen(js), s))
		return NULL;
	return s;
}

/* Does msg contain one of the '|'-separated alternatives in want? */
static bool contains_any(const char *msg, const char *want)
{
	char alt[512];

	for (const char *w = want;; w = strchr(w, '|') + 1) {
		size_t n = strcspn(w, "|");
		snprintf(alt, sizeof(alt), "%.*s", (int)n, w);
		if (strstr(msg, alt))
			return true;
		if (!w[n])
			return false;
	}
}

/* Expect -EINVAL and a message "<what>: ...want...". */
static void err_len(enum kind k, const char *desc, const char *js, size_t len, const char *want)
{
	struct outcome o;
	char prefix[32];

	run_child(k, js, len, &o);
	snprintf(prefix, sizeof(prefix), "%s: ", what(k));
	check(!o.how[0] && o.rc == -EINVAL && o.recorded && !strncmp(o.msg, prefix, strlen(prefix)) &&
		      contains_any(o.msg, want),
	      D("%s rejects %s", what(k), desc), "rc %d, error %s%s%s; want -EINVAL and an error containing %s",
	      o.rc, o.recorded ? Q(o.msg) : "(none recorded)", o.how[0] ? ", " : "", o.how, Q(want));
}

static void cfg_err(const char *desc, const char *sq, const char *want)
{
	char *js = J(sq);

	err_len(CONFIG, desc, js, strlen(js), want);
	free(js);
}

static void state_err(const char *desc, const char *sq, const char *want)
{
	char *js = J(sq);

	err_len(STATE, desc, js, strlen(js), want);
	free(js);
}

/* A config with the two required fields and then fragment x. */
#define MIN "{'ociVersion':'1.0.2','root':{'path':'rootfs'}}"
#define CFG(x) "{'ociVersion':'1.0.2','root':{'path':'rootfs'}," x "}"

/* ------------------------------------------------------------ config: valid */

static void test_minimal(void)
{
	struct oci_config *c = cfg_ok("minimal", MIN);
	int present = 0;

	if (!c)
		return;
	is_str("minimal: ociVersion", c->oci_version, "1.0.2");
	is_str("minimal: root.path", c->root_path, "rootfs");
	is_true("minimal: root.readonly defaults to false", !c->root_readonly);
	is_true("minimal: no process", !c->has_process && !c->process.args.n && !c->process.cwd);
	is_u64("minimal: no mounts", c->n_mounts, 0);
	for (int k = 0; k < NS_COUNT; k++)
		present += c->ns[k].present;
	is_i64("minimal: no namespaces", present, 0);
	is_str("minimal: no hostname", c->hostname, NULL);
	is_u64("minimal: no annotations", c->annotations.n, 0);
	is_u64("minimal: no device rules", c->n_dev_rules, 0);
	is_true("minimal: no timeOffsets", !c->has_time_offsets);
}

/* What `runc spec` (runc 1.1.5) writes, verbatim. */
static const char runc_spec[] =
	"{\n"
	"\t\"ociVersion\": \"1.0.2-dev\",\n"
	"\t\"process\": {\n"
	"\t\t\"terminal\": true,\n"
	"\t\t\"user\": {\n"
	"\t\t\t\"uid\": 0,\n"
	"\t\t\t\"gid\": 0\n"
	"\t\t},\n"
	"\t\t\"args\": [\n"
	"\t\t\t\"sh\"\n"
	"\t\t],\n"
	"\t\t\"env\": [\n"
	"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
	"\t\t\t\"TERM=xterm\"\n"
	"\t\t],\n"
	"\t\t\"cwd\": \"/\",\n"
	"\t\t\"capabilities\": {\n"
	"\t\t\t\"bounding\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"effective\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"permitted\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"ambient\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t\"rlimits\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"
	"\t\t\t\t\"hard\": 1024,\n"
	"\t\t\t\t\"soft\": 1024\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"noNewPrivileges\": true\n"
	"\t},\n"
	"\t\"root\": {\n"
	"\t\t\"path\": \"rootfs\",\n"
	"\t\t\"readonly\": true\n"
	"\t},\n"
	"\t\"hostname\": \"runc\",\n"
	"\t\"mounts\": [\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/proc\",\n"
	"\t\t\t\"type\": \"proc\",\n"
	"\t\t\t\"source\": \"proc\"\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev\",\n"
	"\t\t\t\"type\": \"tmpfs\",\n"
	"\t\t\t\"source\": \"tmpfs\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"strictatime\",\n"
	"\t\t\t\t\"mode=755\",\n"
	"\t\t\t\t\"size=65536k\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/pts\",\n"
	"\t\t\t\"type\": \"devpts\",\n"
	"\t\t\t\"source\": \"devpts\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"newinstance\",\n"
	"\t\t\t\t\"ptmxmode=0666\",\n"
	"\t\t\t\t\"mode=0620\",\n"
	"\t\t\t\t\"gid=5\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/shm\",\n"
	"\t\t\t\"type\": \"tmpfs\",\n"
	"\t\t\t\"source\": \"shm\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"mode=1777\",\n"
	"\t\t\t\t\"size=65536k\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/mqueue\",\n"
	"\t\t\t\"type\": \"mqueue\",\n"
	"\t\t\t\"source\": \"mqueue\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/sys\",\n"
	"\t\t\t\"type\": \"sysfs\",\n"
	"\t\t\t\"source\": \"sysfs\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"ro\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/sys/fs/cgroup\",\n"
	"\t\t\t\"type\": \"cgroup\",\n"
	"\t\t\t\"source\": \"cgroup\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"relatime\",\n"
	"\t\t\t\t\"ro\"\n"
	"\t\t\t]\n"
	"\t\t}\n"
	"\t],\n"
	"\t\"linux\": {\n"
	"\t\t\"resources\": {\n"
	"\t\t\t\"devices\": [\n"
	"\t\t\t\t{\n"
	"\t\t\t\t\t\"allow\": false,\n"
	"\t\t\t\t\t\"access\": \"rwm\"\n"
	"\t\t\t\t}\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t\"namespaces\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"pid\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"network\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"ipc\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"uts\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"mount\"\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"maskedPaths\": [\n"
	"\t\t\t\"/proc/acpi\",\n"
	"\t\t\t\"/proc/asound\",\n"
	"\t\t\t\"/proc/kcore\",\n"
	"\t\t\t\"/proc/keys\",\n"
	"\t\t\t\"/proc/latency_stats\",\n"
	"\t\t\t\"/proc/timer_list\",\n"
	"\t\t\t\"/proc/timer_stats\",\n"
	"\t\t\t\"/proc/sched_debug\",\n"
	"\t\t\t\"/sys/firmware\",\n"
	"\t\t\t\"/proc/scsi\"\n"
	"\t\t],\n"
	"\t\t\"readonlyPaths\": [\n"
	"\t\t\t\"/proc/bus\",\n"
	"\t\t\t\"/proc/fs\",\n"
	"\t\t\t\"/proc/irq\",\n"
	"\t\t\t\"/proc/sys\",\n"
	"\t\t\t\"/proc/sysrq-trigger\"\n"
	"\t\t]\n"
	"\t}\n"
	"}";

static void test_runc_spec(void)
{
	struct oci_config c;
	const struct oci_process *p = &c.process;
	static const char *const m_dest[] = { "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
					      "/sys/fs/cgroup" };
	static const char *const m_type[] = { "proc", "tmpfs", "devpts", "tmpfs", "mqueue", "sysfs", "cgroup" };
	static const char *const m_src[] = { "proc", "tmpfs", "devpts", "shm", "mqueue", "sysfs", "cgroup" };
	static const size_t m_nopt[] = { 0, 4, 6, 5, 3, 4, 5 };

	if (!parse_ok_len(CONFIG, "runc spec", runc_spec, sizeof(runc_spec) - 1, &c))
		return;
	is_str("runc spec: ociVersion", c.oci_version, "1.0.2-dev");
	is_str("runc spec: root.path", c.root_path, "rootfs");
	is_true("runc spec: root.readonly", c.root_readonly);
	is_true("runc spec: has process", c.has_process);
	is_true("runc spec: process.terminal", p->terminal);
	is_u64("runc spec: process.user.uid", p->uid, 0);
	is_u64("runc spec: process.user.gid", p->gid, 0);
	is_u64("runc spec: no additionalGids", p->n_additional_gids, 0);
	is_true("runc spec: no umask", !p->has_umask);
	is_strv("runc spec: process.args", &p->args, "sh", NULL);
	is_strv("runc spec: process.env", &p->env,
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL);
	is_str("runc spec: process.cwd", p->cwd, "/");
	is_true("runc spec: has capabilities", p->has_caps);
	is_strv("runc spec: capabilities.bounding", &p->caps[CAP_BOUNDING], "CAP_AUDIT_WRITE", "CAP_KILL",
		"CAP_NET_BIND_SERVICE", NULL);
	is_strv("runc spec: capabilities.effective", &p->caps[CAP_EFFECTIVE], "CAP_AUDIT_WRITE", "CAP_KILL",
		"CAP_NET_BIND_SERVICE", NULL);
	is_strv("runc spec: capabilities.inheritable absent", &p->caps[CAP_INHERITABLE], NULL);
	is_strv("runc spec: capabilities.permitted", &p->caps[CAP_PERMITTED], "CAP_AUDIT_WRITE", "CAP_KILL",
		"CAP_NET_BIND_SERVICE", NULL);
	is_strv("runc spec: capabilities.ambient", &p->caps[CAP_AMBIENT], "CAP_AUDIT_WRITE", "CAP_KILL",
		"CAP_NET_BIND_SERVICE", NULL);
	if (is_u64("runc spec: one rlimit", p->n_rlimits, 1)) {
		is_str("runc spec: rlimits[0].type", p->rlimits[0].type, "RLIMIT_NOFILE");
		is_u64("runc spec: rlimits[0].soft", p->rlimits[0].soft, 1024);
		is_u64("runc spec: rlimits[0].hard", p->rlimits[0].hard, 1024);
	}
	is_true("runc spec: noNewPrivileges", p->no_new_privileges);
	is_true("runc spec: no oomScoreAdj", !p->has_oom_score_adj);
	is_str("runc spec: hostname", c.hostname, "runc");
	if (is_u64("runc spec: 7 mounts", c.n_mounts, 7)) {
		for (size_t k = 0; k < 7; k++) {
			is_str(D("runc spec: mounts[%zu].destination", k), c.mounts[k].destination, m_dest[k]);
			is_str(D("runc spec: mounts[%zu].type", k), c.mounts[k].type, m_type[k]);
			is_str(D("runc spec: mounts[%zu].source", k), c.mounts[k].source, m_src[k]);
			is_u64(D("runc spec: mounts[%zu].options count", k), c.mounts[k].options.n, m_nopt[k]);
		}
		is_strv("runc spec: mounts[2].options", &c.mounts[2].options, "nosuid", "noexec", "newinstance",
			"ptmxmode=0666", "mode=0620", "gid=5", NULL);
		is_strv("runc spec: mounts[6].options", &c.mounts[6].options, "nosuid", "noexec", "nodev", "relatime",
			"ro", NULL);
	}
	if (is_u64("runc spec: one device rule", c.n_dev_rules, 1)) {
		is_true("runc spec: resources.devices[0].allow false", !c.dev_rules[0].allow);
		is_i64("runc spec: resources.devices[0].type defaults to a", c.dev_rules[0].type, 'a');
		is_i64("runc spec: resources.devices[0].major defaults to -1", c.dev_rules[0].major, -1);
		is_i64("runc spec: resources.devices[0].minor defaults to -1", c.dev_rules[0].minor, -1);
		is_str("runc spec: resources.devices[0].access", c.dev_rules[0].access, "rwm");
	}
	for (int k = 0; k < NS_COUNT; k++) {
		bool want = k == NS_PID || k == NS_NET || k == NS_IPC || k == NS_UTS || k == NS_MNT;
		is_true(D("runc spec: namespace %s %s", ns_names[k], want ? "present" : "absent"),
			c.ns[k].present == want && !c.ns[k].path);
	}
	is_u64("runc spec: no uidMappings", c.n_uid_maps, 0);
	is_u64("runc spec: no devices", c.n_devices, 0);
	is_strv("runc spec: maskedPaths", &c.masked_paths, "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
		"/proc/scsi", NULL);
	is_strv("runc spec: readonlyPaths", &c.readonly_paths, "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
		"/proc/sysrq-trigger", NULL);
	is_u64("runc spec: no sysctl", c.sysctl.n, 0);
	is_str("runc spec: no cgroupsPath", c.cgroups_path, NULL);
}

static void test_full(void)
{
	struct oci_config *c = cfg_ok(
		"every supported field",
		"{'ociVersion':'1.2.0',"
		" 'root':{'path':'/var/lib/r/rootfs','readonly':false},"
		" 'hostname':'box','domainname':'example.org',"
		" 'process':{"
		"  'terminal':false,"
		"  'consoleSize':{'height':25,'width':80},"
		"  'user':{'uid':1000,'gid':100,'umask':18,'additionalGids':[5,0,4294967295],'username':'skipped'},"
		"  'args':['/bin/sh','-c','echo hi'],"
		"  'env':['A=1'],"
		"  'cwd':'/home',"
		"  'capabilities':{'bounding':['CAP_CHOWN'],'effective':[],'inheritable':['CAP_KILL'],"
		"                  'permitted':['CAP_CHOWN','CAP_KILL'],'ambient':[]},"
		"  'rlimits':[{'type':'RLIMIT_CORE','soft':0,'hard':18446744073709551615},"
		"             {'hard':4096,'soft':1024,'type':'RLIMIT_NOFILE'}],"
		"  'noNewPrivileges':false,"
		"  'oomScoreAdj':-1000,"
		"  'apparmorProfile':'unconfined','selinuxLabel':'system_u:system_r:container_t:s0',"
		"  'commandLine':'skipped'"
		" },"
		" 'mounts':[{'destination':'/data','type':'bind','source':'/srv/data','options':['rbind','ro']},"
		"           {'destination':'/tmp','type':'tmpfs'}],"
		" 'annotations':{'org.example.a':'1','org.example.b':''},"
		" 'hooks':{'prestart':[],'poststop':null},"
		" 'linux':{"
		"  'namespaces':[{'type':'network','path':'/proc/1/ns/net'},{'type':'user'},{'type':'time','path':''},"
		"                {'type':'cgroup'}],"
		"  'uidMappings':[{'containerID':0,'hostID':1000,'size':1},{'containerID':1,'hostID':100000,'size':65536}],"
		"  'gidMappings':[{'containerID':0,'hostID':100,'size':4294967295}],"
		"  'timeOffsets':{'monotonic':{'secs':-5,'nanosecs':7},'boottime':{'secs':9223372036854775807}},"
		"  'devices':[{'path':'/dev/fuse','type':'c','major':10,'minor':229,'fileMode':438,'uid':0,'gid':5},"
		"             {'path':'/dev/pipe0','type':'p'}],"
		"  'cgroupsPath':'/runlet/box',"
		"  'resources':{'devices':[{'allow':false,'access':'rwm'},"
		"                          {'allow':true,'type':'c','major':1,'minor':3,'access':'rw'},"
		"                          {'allow':true,'type':'b','major':8}],"
		"               'memory':{},'pids':null},"
		"  'sysctl':{'net.ipv4.ip_forward':'1','kernel.domainname':'example.org'},"
		"  'seccomp':null,"
		"  'rootfsPropagation':'rslave',"
		"  'maskedPaths':['/proc/kcore'],"
		"  'readonlyPaths':[],"
		"  'mountLabel':'label',"
		"  'intelRdt':{}"
		" }"
		"}");
	const struct oci_process *p;

	if (!c)
		return;
	p = &c->process;
	is_str("full: ociVersion", c->oci_version, "1.2.0");
	is_str("full: root.path", c->root_path, "/var/lib/r/rootfs");
	is_true("full: root.readonly false", !c->root_readonly);
	is_str("full: hostname", c->hostname, "box");
	is_str("full: domainname", c->domainname, "example.org");
	is_true("full: process.terminal false", c->has_process && !p->terminal);
	is_u64("full: consoleSize.height", p->console_height, 25);
	is_u64("full: consoleSize.width", p->console_width, 80);
	is_u64("full: user.uid", p->uid, 1000);
	is_u64("full: user.gid", p->gid, 100);
	is_true("full: user.umask set", p->has_umask);
	is_u64("full: user.umask", p->umask, 022);
	if (is_u64("full: 3 additionalGids", p->n_additional_gids, 3)) {
		is_u64("full: additionalGids[0]", p->additional_gids[0], 5);
		is_u64("full: additionalGids[1]", p->additional_gids[1], 0);
		is_u64("full: additionalGids[2] = UINT32_MAX", p->additional_gids[2], 4294967295u);
	}
	is_strv("full: args", &p->args, "/bin/sh", "-c", "echo hi", NULL);
	is_strv("full: env", &p->env, "A=1", NULL);
	is_str("full: cwd", p->cwd, "/home");
	is_true("full: has capabilities", p->has_caps);
	is_strv("full: bounding", &p->caps[CAP_BOUNDING], "CAP_CHOWN", NULL);
	is_strv("full: effective empty", &p->caps[CAP_EFFECTIVE], NULL);
	is_strv("full: inheritable", &p->caps[CAP_INHERITABLE], "CAP_KILL", NULL);
	is_strv("full: permitted", &p->caps[CAP_PERMITTED], "CAP_CHOWN", "CAP_KILL", NULL);
	is_strv("full: ambient empty", &p->caps[CAP_AMBIENT], NULL);
	if (is_u64("full: 2 rlimits", p->n_rlimits, 2)) {
		is_str("full: rlimits[0].type", p->rlimits[0].type, "RLIMIT_CORE");
		is_u64("full: rlimits[0].soft 0", p->rlimits[0].soft, 0);
		is_u64("full: rlimits[0].hard UINT64_MAX", p->rlimits[0].hard, UINT64_MAX);
		is_str("full: rlimits[1].type (keys in any order)", p->rlimits[1].type, "RLIMIT_NOFILE");
		is_u64("full: rlimits[1].soft", p->rlimits[1].soft, 1024);
		is_u64("full: rlimits[1].hard", p->rlimits[1].hard, 4096);
	}
	is_true("full: noNewPrivileges false", !p->no_new_privileges);
	is_true("full: oomScoreAdj set", p->has_oom_score_adj);
	is_i64("full: oomScoreAdj", p->oom_score_adj, -1000);
	is_str("full: apparmorProfile", p->apparmor_profile, "unconfined");
	is_str("full: selinuxLabel", p->selinux_label, "system_u:system_r:container_t:s0");
	if (is_u64("full: 2 mounts", c->n_mounts, 2)) {
		is_str("full: mounts[0].destination", c->mounts[0].destination, "/data");
		is_str("full: mounts[0].type", c->mounts[0].type, "bind");
		is_str("full: mounts[0].source", c->mounts[0].source, "/srv/data");
		is_strv("full: mounts[0].options", &c->mounts[0].options, "rbind", "ro", NULL);
		is_str("full: mounts[1].source absent", c->mounts[1].source, NULL);
		is_strv("full: mounts[1].options absent", &c->mounts[1].options, NULL);
	}
	if (is_u64("full: 2 annotations", c->annotations.n, 2)) {
		is_str("full: annotations[0].key", c->annotations.v[0].key, "org.example.a");
		is_str("full: annotations[0].value", c->annotations.v[0].value, "1");
		is_str("full: annotations[1].key", c->annotations.v[1].key, "org.example.b");
		is_str("full: annotations[1].value empty", c->annotations.v[1].value, "");
	}
	is_true("full: network namespace joined", c->ns[NS_NET].present);
	is_str("full: network namespace path", c->ns[NS_NET].path, "/proc/1/ns/net");
	is_true("full: user namespace new", c->ns[NS_USER].present && !c->ns[NS_USER].path);
	is_true("full: time namespace, empty path = new", c->ns[NS_TIME].present && !c->ns[NS_TIME].path);
	is_true("full: cgroup namespace", c->ns[NS_CGROUP].present);
	is_true("full: pid namespace absent", !c->ns[NS_PID].present && !c->ns[NS_MNT].present);
	if (is_u64("full: 2 uidMappings", c->n_uid_maps, 2)) {
		is_u64("full: uidMappings[0].containerID", c->uid_maps[0].container_id, 0);
		is_u64("full: uidMappings[0].hostID", c->uid_maps[0].host_id, 1000);
		is_u64("full: uidMappings[0].size", c->uid_maps[0].size, 1);
		is_u64("full: uidMappings[1].containerID", c->uid_maps[1].container_id, 1);
		is_u64("full: uidMappings[1].hostID", c->uid_maps[1].host_id, 100000);
		is_u64("full: uidMappings[1].size", c->uid_maps[1].size, 65536);
	}
	if (is_u64("full: 1 gidMapping", c->n_gid_maps, 1))
		is_u64("full: gidMappings[0].size", c->gid_maps[0].size, 4294967295u);
	is_true("full: timeOffsets", c->has_time_offsets);
	is_i64("full: timeOffsets.monotonic.secs", c->time_offset_secs[0], -5);
	is_u64("full: timeOffsets.monotonic.nanosecs", c->time_offset_nsecs[0], 7);
	is_i64("full: timeOffsets.boottime.secs", c->time_offset_secs[1], INT64_MAX);
	is_u64("full: timeOffsets.boottime.nanosecs absent = 0", c->time_offset_nsecs[1], 0);
	if (is_u64("full: 2 devices", c->n_devices, 2)) {
		const struct oci_device *d = c->devices;
		is_str("full: devices[0].path", d[0].path, "/dev/fuse");
		is_i64("full: devices[0].type", d[0].type, 'c');
		is_i64("full: devices[0].major", d[0].major, 10);
		is_i64("full: devices[0].minor", d[0].minor, 229);
		is_true("full: devices[0] mode/uid/gid set", d[0].has_mode && d[0].has_uid && d[0].has_gid);
		is_u64("full: devices[0].fileMode", d[0].file_mode, 0666);
		is_u64("full: devices[0].uid", d[0].uid, 0);
		is_u64("full: devices[0].gid", d[0].gid, 5);
		is_i64("full: devices[1].type p needs no major/minor", d[1].type, 'p');
		is_true("full: devices[1] mode/uid/gid unset", !d[1].has_mode && !d[1].has_uid && !d[1].has_gid);
	}
	is_str("full: cgroupsPath", c->cgroups_path, "/runlet/box");
	if (is_u64("full: 3 device rules", c->n_dev_rules, 3)) {
		const struct oci_dev_rule *r = c->dev_rules;
		is_true("full: resources.devices[0] deny all rwm",
			!r[0].allow && r[0].type == 'a' && r[0].major == -1 && r[0].minor == -1 &&
				!strcmp(r[0].access, "rwm"));
		is_true("full: resources.devices[1].allow", r[1].allow);
		is_i64("full: resources.devices[1].type", r[1].type, 'c');
		is_i64("full: resources.devices[1].major", r[1].major, 1);
		is_i64("full: resources.devices[1].minor", r[1].minor, 3);
		is_str("full: resources.devices[1].access", r[1].access, "rw");
		is_i64("full: resources.devices[2].type", r[2].type, 'b');
		is_i64("full: resources.devices[2].major", r[2].major, 8);
		is_i64("full: resources.devices[2].minor defaults to -1", r[2].minor, -1);
		is_str("full: resources.devices[2].access defaults to rwm", r[2].access, "rwm");
	}
	if (is_u64("full: 2 sysctls", c->sysctl.n, 2)) {
		is_str("full: sysctl[0].key", c->sysctl.v[0].key, "net.ipv4.ip_forward");
		is_str("full: sysctl[0].value", c->sysctl.v[0].value, "1");
		is_str("full: sysctl[1].key", c->sysctl.v[1].key, "kernel.domainname");
		is_str("full: sysctl[1].value", c->sysctl.v[1].value, "example.org");
	}
	is_str("full: rootfsPropagation", c->rootfs_propagation, "rslave");
	is_strv("full: maskedPaths", &c->masked_paths, "/proc/kcore", NULL);
	is_strv("full: readonlyPaths empty", &c->readonly_paths, NULL);
	is_str("full: mountLabel", c->mount_label, "label");
}

/* Boundaries of the integer types. */
static void test_integers(void)
{
	struct oci_config *c;

	c = cfg_ok("integer boundaries",
		   CFG("'process':{'user':{'uid':4294967295,'gid':0,'umask':0},'oomScoreAdj':-2147483648,"
		       "'rlimits':[{'type':'A','soft':18446744073709551615,'hard':0}]},"
		       "'linux':{'timeOffsets':{'monotonic':{'secs':-9223372036854775808,'nanosecs':4294967295}},"
		       "'devices':[{'path':'/dev/x','type':'c','major':-1,'minor':9223372036854775807}]}"));
	if (c) {
		is_u64("integers: uid 4294967295", c->process.uid, UINT32_MAX);
		is_true("integers: umask 0 is set", c->process.has_umask && c->process.umask == 0);
		is_i64("integers: oomScoreAdj INT32_MIN", c->process.oom_score_adj, INT32_MIN);
		is_u64("integers: rlimit soft UINT64_MAX", c->process.rlimits[0].soft, UINT64_MAX);
		is_i64("integers: timeOffsets secs INT64_MIN", c->time_offset_secs[0], INT64_MIN);
		is_u64("integers: nanosecs UINT32_MAX", c->time_offset_nsecs[0], UINT32_MAX);
		is_i64("integers: devices major -1", c->devices[0].major, -1);
		is_i64("integers: devices minor INT64_MAX", c->devices[0].minor, INT64_MAX);
	}
	c = cfg_ok("-0 as an integer", CFG("'process':{'user':{'uid':-0},'oomScoreAdj':-0}"));
	if (c)
		is_u64("integers: -0 is 0", c->process.uid, 0);
	c = cfg_ok("oomScoreAdj INT32_MAX", CFG("'process':{'oomScoreAdj':2147483647}"));
	if (c)
		is_i64("integers: oomScoreAdj INT32_MAX", c->process.oom_score_adj, INT32_MAX);
}

/* ------------------------------------------------------------ config: errors */

static void test_type_errors(void)
{
	cfg_err("process.args[0] a number", CFG("'process':{'args':[1]}"),
		"config.json: process.args[0]: expected string, got number");
	cfg_err("process.args[2] an object", CFG("'process':{'args':['a','b',{}]}"),
		"process.args[2]: expected string, got object");
	cfg_err("process.args a string", CFG("'process':{'args':'sh'}"),
		"process.args: expected array of strings, got string");
	cfg_err("a null inside process.env", CFG("'process':{'env':['A=1',null]}"),
		"process.env[1]: expected string, got null");
	cfg_err("root a string", "{'ociVersion':'1.0','root':'rootfs'}", "root: expected object, got string");
	cfg_err("root.readonly a string", "{'ociVersion':'1.0','root':{'path':'r','readonly':'yes'}}",
		"root.readonly: expected boolean, got string");
	cfg_err("root.readonly a number", "{'ociVersion':'1.0','root':{'path':'r','readonly':1}}",
		"root.readonly: expected boolean, got number");
	cfg_err("process.terminal a string", CFG("'process':{'terminal':'true'}"),
		"process.terminal: expected boolean, got string");
	cfg_err("process.noNewPrivileges a number", CFG("'process':{'noNewPrivileges':0}"),
		"process.noNewPrivileges: expected boolean, got number");
	cfg_err("process an array", CFG("'process':[]"), "process: expected object, got array");
	cfg_err("process.user a string", CFG("'process':{'user':'root'}"), "process.user: expected object, got string");
	cfg_err("linux a string", CFG("'linux':'x'"), "linux: expected object, got string");
	cfg_err("linux.namespaces an object", CFG("'linux':{'namespaces':{}}"),
		"linux.namespaces: expected array, got object");
	cfg_err("linux.namespaces[1].type a number", CFG("'linux':{'namespaces':[{'type':'pid'},{'type':5}]}"),
		"config.json: linux.namespaces[1].type: expected string, got number");
	cfg_err("linux.namespaces[0] a string", CFG("'linux':{'namespaces':['pid']}"),
		"linux.namespaces[0]: expected object, got string");
	cfg_err("linux.namespaces[0].path a boolean", CFG("'linux':{'namespaces':[{'type':'pid','path':true}]}"),
		"linux.namespaces[0].path: expected string, got boolean");
	cfg_err("process.capabilities.bounding a string", CFG("'process':{'capabilities':{'bounding':'CAP_KILL'}}"),
		"process.capabilities.bounding: expected array of strings, got string");
	cfg_err("process.capabilities.effective[1] a number",
		CFG("'process':{'capabilities':{'effective':['CAP_KILL',7]}}"),
		"process.capabilities.effective[1]: expected string, got number");
	cfg_err("process.rlimits an object", CFG("'process':{'rlimits':{}}"), "process.rlimits: expected array, got object");
	cfg_err("process.rlimits[0] without type", CFG("'process':{'rlimits':[{'soft':1,'hard':1}]}"),
		"config.json: process.rlimits[0].type: required");
	cfg_err("mounts an object", CFG("'mounts':{}"), "mounts: expected array, got object");
	cfg_err("mounts[0] a string", CFG("'mounts':['/proc']"), "mounts[0]: expected object, got string");
	cfg_err("mounts[1].options a string",
		CFG("'mounts':[{'destination':'/a'},{'destination':'/b','options':'ro'}]"),
		"mounts[1].options: expected array of strings, got string");
	cfg_err("mounts[0].source a number", CFG("'mounts':[{'destination':'/a','source':1}]"),
		"mounts[0].source: expected string, got number");
	cfg_err("mounts[1] without destination", CFG("'mounts':[{'destination':'/a'},{'type':'tmpfs'}]"),
		"config.json: mounts[1].destination: required");
	cfg_err("linux.uidMappings an object", CFG("'linux':{'uidMappings':{}}"),
		"linux.uidMappings: expected array, got object");
	cfg_err("linux.gidMappings[1].hostID a string",
		CFG("'linux':{'gidMappings':[{'containerID':0,'hostID':1,'size':1},{'hostID':'1'}]}"),
		"linux.gidMappings[1].hostID: expected integer, got string");
	cfg_err("linux.devices[0].fileMode a string",
		CFG("'linux':{'devices':[{'path':'/dev/x','type':'c','major':1,'minor':1,'fileMode':'0666'}]}"),
		"linux.devices[0].fileMode: expected integer, got string");
	cfg_err("linux.resources an array", CFG("'linux':{'resources':[]}"),
		"linux.resources: expected object, got array");
	cfg_err("linux.resources.devices[0].allow a string",
		CFG("'linux':{'resources':{'devices':[{'allow':'yes'}]}}"),
		"linux.resources.devices[0].allow: expected boolean, got string");
	cfg_err("annotations an array", CFG("'annotations':['a']"), "annotations: expected object, got array");
	cfg_err("annotations value a number", CFG("'annotations':{'a':'1','b':2}"),
		"annotations.b: expected string, got number");
	cfg_err("linux.sysctl value a boolean", CFG("'linux':{'sysctl':{'kernel.x':true}}"),
		"linux.sysctl.kernel.x: expected string, got boolean");
	cfg_err("hostname a boolean", CFG("'hostname':true"), "hostname: expected string, got boolean");
	cfg_err("ociVersion a number", "{'ociVersion':1,'root':{'path':'r'}}", "ociVersion: expected string, got number");
	cfg_err("hooks an array", CFG("'hooks':[]"), "hooks: expected object, got array");
	cfg_err("linux.maskedPaths[0] a number", CFG("'linux':{'maskedPaths':[1]}"),
		"linux.maskedPaths[0]: expected string, got number");
	cfg_err("linux.cgroupsPath a number", CFG("'linux':{'cgroupsPath':1}"),
		"linux.cgroupsPath: expected string, got number");
}

static void test_integer_errors(void)
{
	cfg_err("process.user.uid a string", CFG("'process':{'user':{'uid':'0'}}"),
		"process.user.uid: expected integer, got string");
	cfg_err("process.user.uid a boolean", CFG("'process':{'user':{'uid':true}}"),
		"process.user.uid: expected integer, got boolean");
	cfg_err("process.user.uid 4294967296", CFG("'process':{'user':{'uid':4294967296}}"),
		"process.user.uid: out of range (0..4294967295)");
	cfg_err("process.user.uid -1", CFG("'process':{'user':{'uid':-1}}"),
		"process.user.uid: out of range (0..4294967295)");
	cfg_err("process.user.gid beyond 2^64", CFG("'process':{'user':{'gid':99999999999999999999999}}"),
		"process.user.gid: out of range");
	cfg_err("process.user.uid 1.5", CFG("'process':{'user':{'uid':1.5}}"),
		"process.user.uid: expected integer, got a fraction or exponent");
	cfg_err("process.user.uid 1e3", CFG("'process':{'user':{'uid':1e3}}"),
		"process.user.uid: expected integer, got a fraction or exponent");
	cfg_err("process.user.uid 1E+3", CFG("'process':{'user':{'uid':1E+3}}"), "got a fraction or exponent");
	cfg_err("process.user.uid 10.0", CFG("'process':{'user':{'uid':10.0}}"), "got a fraction or exponent");
	cfg_err("process.user.uid 0e0", CFG("'process':{'user':{'uid':0e0}}"), "got a fraction or exponent");
	cfg_err("process.user.umask -1", CFG("'process':{'user':{'umask':-1}}"), "process.user.umask: out of range");
	cfg_err("process.user.additionalGids[0] a string", CFG("'process':{'user':{'additionalGids':['5']}}"),
		"process.user.additionalGids[0]: expected integer, got string");
	cfg_err("process.user.additionalGids[1] -2", CFG("'process':{'user':{'additionalGids':[1,-2]}}"),
		"process.user.additionalGids[1]: out of range");
	cfg_err("process.user.additionalGids a number", CFG("'process':{'user':{'additionalGids':5}}"),
		"process.user.additionalGids: expected array of integers, got number");
	cfg_err("process.consoleSize.height 4294967296", CFG("'process':{'consoleSize':{'height':4294967296}}"),
		"process.consoleSize.height: out of range");
	cfg_err("process.oomScoreAdj 2147483648", CFG("'process':{'oomScoreAdj':2147483648}"),
		"process.oomScoreAdj: out of range (-2147483648..2147483647)");
	cfg_err("process.oomScoreAdj -2147483649", CFG("'process':{'oomScoreAdj':-2147483649}"),
		"process.oomScoreAdj: out of range (-2147483648..2147483647)");
	cfg_err("process.rlimits[0].soft 2^64", CFG("'process':{'rlimits':[{'type':'A','soft':18446744073709551616}]}"),
		"process.rlimits[0].soft: out of range (0..18446744073709551615)");
	cfg_err("process.rlimits[1].hard -1",
		CFG("'process':{'rlimits':[{'type':'A','hard':1},{'type':'B','hard':-1}]}"),
		"process.rlimits[1].hard: out of range");
	cfg_err("linux.uidMappings[0].size -1", CFG("'linux':{'uidMappings':[{'containerID':0,'hostID':0,'size':-1}]}"),
		"linux.uidMappings[0].size: out of range");
	cfg_err("linux.timeOffsets.monotonic.secs below INT64_MIN",
		CFG("'linux':{'timeOffsets':{'monotonic':{'secs':-9223372036854775809}}}"),
		"linux.timeOffsets.monotonic.secs: out of range (-9223372036854775808..9223372036854775807)");
	cfg_err("linux.timeOffsets.boottime.secs 2^63",
		CFG("'linux':{'timeOffsets':{'boottime':{'secs':9223372036854775808}}}"),
		"linux.timeOffsets.boottime.secs: out of range");
	cfg_err("linux.timeOffsets.boottime.nanosecs -1",
		CFG("'linux':{'timeOffsets':{'boottime':{'nanosecs':-1}}}"),
		"linux.timeOffsets.boottime.nanosecs: out of range");
	cfg_err("linux.devices[0].major 1.5", CFG("'linux':{'devices':[{'path':'/dev/x','type':'c','major':1.5,'minor':1}]}"),
		"linux.devices[0].major: expected integer, got a fraction or exponent");
	cfg_err("linux.devices[0].fileMode -1",
		CFG("'linux':{'devices':[{'path':'/dev/x','type':'c','major':1,'minor':1,'fileMode':-1}]}"),
		"linux.devices[0].fileMode: out of range");
}

static void test_semantic_errors(void)
{
	cfg_err("an unknown namespace type", CFG("'linux':{'namespaces':[{'type':'foo'}]}"),
		"linux.namespaces[0].type: unknown namespace type \"foo\"");
	cfg_err("namespace type 'net' (the spec says network)", CFG("'linux':{'namespaces':[{'type':'net'}]}"),
		"unknown namespace type \"net\"");
	cfg_err("a namespace listed twice", CFG("'linux':{'namespaces':[{'type':'pid'},{'type':'ipc'},{'type':'pid'}]}"),
		"linux.namespaces[2].type: namespace \"pid\" listed twice");
	cfg_err("a namespace without type", CFG("'linux':{'namespaces':[{'path':'/proc/1/ns/pid'}]}"),
		"linux.namespaces[0].type: required");
	cfg_err("linux.devices[0] without path", CFG("'linux':{'devices':[{'type':'c','major':1,'minor':1}]}"),
		"linux.devices[0].path: required");
	cfg_err("linux.devices[0] with an empty path", CFG("'linux':{'devices':[{'path':'','type':'p'}]}"),
		"linux.devices[0].path: required");
	cfg_err("linux.devices[1].type x",
		CFG("'linux':{'devices':[{'path':'/dev/p','type':'p'},{'path':'/dev/x','type':'x'}]}"),
		"linux.devices[1].type: must be one of \"c\", \"b\", \"u\", \"p\"");
	cfg_err("linux.devices[0].type cc", CFG("'linux':{'devices':[{'path':'/dev/x','type':'cc','major':1,'minor':1}]}"),
		"linux.devices[0].type: must be one of");
	cfg_err("linux.devices[0] without type", CFG("'linux':{'devices':[{'path':'/dev/x'}]}"),
		"linux.devices[0].type: must be one of");
	cfg_err("linux.devices[0] c without major", CFG("'linux':{'devices':[{'path':'/dev/x','type':'c','minor':1}]}"),
		"linux.devices[0].major: required for this device type");
	cfg_err("linux.devices[0] b without minor", CFG("'linux':{'devices':[{'path':'/dev/x','type':'b','major':1}]}"),
		"linux.devices[0].minor: required for this device type");
	cfg_err("linux.resources.devices[0].type x", CFG("'linux':{'resources':{'devices':[{'type':'x'}]}}"),
		"linux.resources.devices[0].type: must be one of \"a\", \"c\", \"b\"");
	cfg_err("linux.resources.devices[0].type empty", CFG("'linux':{'resources':{'devices':[{'type':''}]}}"),
		"linux.resources.devices[0].type: must be one of");
	cfg_err("linux.resources.devices[1].access rwx",
		CFG("'linux':{'resources':{'devices':[{'allow':false},{'access':'rwx'}]}}"),
		"linux.resources.devices[1].access: must be letters from \"rwm\"");
	cfg_err("linux.resources.devices[0].access empty", CFG("'linux':{'resources':{'devices':[{'access':''}]}}"),
		"linux.resources.devices[0].access: must be letters from \"rwm\"");
}

/* Fields this build cannot honour: refused by name unless empty. */
static void test_unsupported(void)
{
	struct oci_config *c;

	/* linux.seccomp is parsed (test/unit/seccomp.c has the rest); an empty
	 * object is not an absent one: it lacks the required defaultAction. */
	cfg_err("an empty linux.seccomp object", CFG("'linux':{'seccomp':{}}"), "linux.seccomp.defaultAction: required");
	cfg_err("linux.seccomp a string", CFG("'linux':{'seccomp':'x'}"), "linux.seccomp: expected object, got string");
	/* every linux.resources field is parsed (test_resources) */
	/* hooks: parsed, each kind in its own list */
	c = cfg_ok("hooks with entries",
		   CFG("'hooks':{'prestart':[{'path':'/bin/true','args':['true','x'],'env':['A=1'],'timeout':5}],"
		       "'poststop':[{'path':'/a'},{'path':'/b'}]}"));
	if (c) {
		is_u64("hooks: one prestart", c->hooks[HOOK_PRESTART].n, 1);
		is_str("hooks: prestart path", c->hooks[HOOK_PRESTART].h[0].path, "/bin/true");
		is_str("hooks: prestart args[1]", c->hooks[HOOK_PRESTART].h[0].args.v[1], "x");
		is_str("hooks: prestart env[0]", c->hooks[HOOK_PRESTART].h[0].env.v[0], "A=1");
		is_u64("hooks: prestart timeout", (unsigned long long)c->hooks[HOOK_PRESTART].h[0].timeout, 5);
		is_u64("hooks: two poststop", c->hooks[HOOK_POSTSTOP].n, 2);
		is_str("hooks: poststop[1] path", c->hooks[HOOK_POSTSTOP].h[1].path, "/b");
	}
	cfg_err("hooks.prestart[0] a relative path", CFG("'hooks':{'prestart':[{'path':'true'}]}"),
		"hooks.prestart[0].path: required, an absolute path");
	cfg_err("hooks.poststop[0] timeout 0", CFG("'hooks':{'poststop':[{'path':'/a','timeout':0}]}"),
		"hooks.poststop[0].timeout: must be greater than zero");
	/* scheduler, ioPriority, execCPUAffinity, personality: parsed */
	c = cfg_ok("process.scheduler, ioPriority, execCPUAffinity; linux.personality",
		   CFG("'process':{'scheduler':{'policy':'SCHED_DEADLINE','nice':-3,'priority':5,'flags':['SCHED_FLAG_RECLAIM'],"
		       "'runtime':1000,'deadline':2000,'period':3000},'ioPriority':{'class':'IOPRIO_CLASS_IDLE','priority':7},"
		       "'execCPUAffinity':{'initial':'0-3','final':'1'}},'linux':{'personality':{'domain':'LINUX32'}}"));
	if (c) {
		is_str("scheduler.policy", c->process.sched_policy, "SCHED_DEADLINE");
		is_u64("scheduler.nice", (unsigned long long)(c->process.sched_nice + 100), 97);
		is_u64("scheduler.period", c->process.sched_period, 3000);
		is_str("scheduler.flags[0]", c->process.sched_flags.v[0], "SCHED_FLAG_RECLAIM");
		is_str("ioPriority.class", c->process.io_class, "IOPRIO_CLASS_IDLE");
		is_u64("ioPriority.priority", (unsigned long long)c->process.io_priority, 7);
		is_str("execCPUAffinity.final", c->process.cpu_final, "1");
		is_str("personality.domain", c->personality, "LINUX32");
	}
	cfg_err("process.scheduler.nice a string", CFG("'process':{'scheduler':{'nice':'x'}}"),
		"process.scheduler.nice: expected integer, got string");
	c = cfg_ok("intelRdt, netDevices, memoryPolicy, mounts[].uid/gidMappings",
		   CFG("'mounts':[{'destination':'/a','type':'bind','source':'/b','options':['rbind','ridmap'],"
		       "'uidMappings':[{'containerID':0,'hostID':1000,'size':1}],"
		       "'gidMappings':[{'containerID':1,'hostID':2000,'size':2}]}],"
		       "'linux':{'intelRdt':{'closID':'g','l3CacheSchema':'L3:0=f','memBwSchema':'MB:0=20',"
		       "'schemata':['L2:0=f'],'enableMonitoring':true},"
		       "'netDevices':{'eth1':{},'eth2':{'name':'ctr%d'}},"
		       "'memoryPolicy':{'mode':'MPOL_BIND','nodes':'0-3,7','flags':['MPOL_F_STATIC_NODES']}}"));
	if (c) {
		is_u64("mounts[0]: 1 uidMapping", c->mounts[0].n_uid_maps, 1);
		is_u64("mounts[0].uidMappings[0].hostID", c->mounts[0].uid_maps[0].host_id, 1000);
		is_u64("mounts[0].gidMappings[0].size", c->mounts[0].gid_maps[0].size, 2);
		is_u64("intelRdt given", c->has_rdt, 1);
		is_str("intelRdt.closID", c->rdt.clos_id, "g");
		is_str("intelRdt.l3CacheSchema", c->rdt.l3_schema, "L3:0=f");
		is_str("intelRdt.memBwSchema", c->rdt.mb_schema, "MB:0=20");
		is_str("intelRdt.schemata[0]", c->rdt.schemata.v[0], "L2:0=f");
		is_u64("intelRdt.enableMonitoring", c->rdt.monitoring, 1);
		is_u64("2 netDevices", c->n_net_devices, 2);
		is_str("netDevices: eth1", c->net_devices[0].host, "eth1");
		is_u64("netDevices.eth1: no name", c->net_devices[0].name == NULL, 1);
		is_str("netDevices.eth2.name", c->net_devices[1].name, "ctr%d");
		is_u64("memoryPolicy given", c->has_mempolicy, 1);
		is_str("memoryPolicy.mode", c->mempolicy.mode, "MPOL_BIND");
		is_str("memoryPolicy.nodes", c->mempolicy.nodes, "0-3,7");
		is_str("memoryPolicy.flags[0]", c->mempolicy.flags.v[0], "MPOL_F_STATIC_NODES");
	}
	cfg_err("linux.intelRdt not an object", CFG("'linux':{'intelRdt':1}"), "linux.intelRdt: expected object");
	cfg_err("linux.netDevices.X.name not a string", CFG("'linux':{'netDevices':{'eth1':{'name':1}}}"),
		"linux.netDevices.eth1.name: expected string");
	cfg_err("linux.memoryPolicy without mode", CFG("'linux':{'memoryPolicy':{'nodes':'0'}}"),
		"linux.memoryPolicy.mode: required");
	cfg_err("mounts[0].uidMappings[0].hostID negative",
		CFG("'mounts':[{'destination':'/a','uidMappings':[{'containerID':0,'hostID':-1,'size':1}]}]"),
		"mounts[0].uidMappings[0].hostID: ");

	c = cfg_ok("empty or null unsupported fields",
		   CFG("'hooks':{'prestart':[],'createRuntime':[],'createContainer':[],'startContainer':[],"
		       "'poststart':[],'poststop':null},"
		       "'process':{'scheduler':{},'ioPriority':{},'execCPUAffinity':null},"
		       "'mounts':[{'destination':'/a','uidMappings':[],'gidMappings':[]}],"
		       "'linux':{'seccomp':null,'intelRdt':{},'personality':{},'netDevices':{},"
		       "'resources':{'memory':{},'cpu':{},'pids':{},'blockIO':{},'hugepageLimits':[],'network':{},"
		       "'rdma':{},'unified':{}}}"));
	if (c)
		is_u64("empty unsupported fields: the mount is still there", c->n_mounts, 1);
	c = cfg_ok("hooks: {}", CFG("'hooks':{}"));
}

/* blockIO, hugepageLimits, network, rdma, unified. */
static void test_resources_more(void)
{
	struct oci_config *c;
	const struct oci_resources *r;

	c = cfg_ok("blockIO, hugepageLimits, network, rdma, unified",
		   CFG("'linux':{'resources':{"
		       "'blockIO':{'weight':500,'leafWeight':300,'weightDevice':[{'major':8,'minor':0,'weight':200,"
		       "'leafWeight':100},{'major':8,'minor':16}],"
		       "'throttleReadBpsDevice':[{'major':8,'minor':0,'rate':1048576}],'throttleWriteBpsDevice':[],"
		       "'throttleReadIOPSDevice':[{'major':254,'minor':1,'rate':0}],"
		       "'throttleWriteIOPSDevice':[{'major':8,'minor':0,'rate':100},{'major':8,'minor':1,'rate':7}]},"
		       "'hugepageLimits':[{'pageSize':'2MB','limit':4194304},{'pageSize':'1GB','limit':0}],"
		       "'network':{'classID':1048577,'priorities':[{'name':'eth0','priority':5},{'name':'lo','priority':0}]},"
		       "'rdma':{'mlx5_1':{'hcaHandles':3,'hcaObjects':10000},'mlx4_0':{'hcaObjects':7}},"
		       "'unified':{'memory.high':'1G','io.max':'8:0 rbps=1'}}}"));
	if (c) {
		r = &c->res;
		is_u64("blockIO.weight", r->blkio_weight, 500);
		is_u64("blockIO.leafWeight", r->blkio_leaf_weight, 300);
		is_u64("blockIO.weightDevice: 2", r->n_blkio_dev[0], 2);
		is_true("blockIO.weightDevice[0]", r->blkio_dev[0][0].major == 8 && r->blkio_dev[0][0].minor == 0 &&
							   r->blkio_dev[0][0].weight == 200 && r->blkio_dev[0][0].leaf_weight == 100);
		is_true("blockIO.weightDevice[1] no weight", r->blkio_dev[0][1].minor == 16 && !r->blkio_dev[0][1].weight);
		is_u64("blockIO.throttleReadBpsDevice[0].rate", r->blkio_dev[1][0].rate, 1048576);
		is_u64("blockIO.throttleWriteBpsDevice empty", r->n_blkio_dev[2], 0);
		is_true("blockIO.throttleReadIOPSDevice[0] 254:1 rate 0",
			r->blkio_dev[3][0].major == 254 && r->blkio_dev[3][0].minor == 1 && !r->blkio_dev[3][0].rate);
		is_u64("blockIO.throttleWriteIOPSDevice: 2", r->n_blkio_dev[4], 2);
		is_u64("blockIO.throttleWriteIOPSDevice[1].rate", r->blkio_dev[4][1].rate, 7);
		is_u64("hugepageLimits: 2", r->n_hugepages, 2);
		is_str("hugepageLimits[0].pageSize", r->hugepages[0].page_size, "2MB");
		is_u64("hugepageLimits[0].limit", r->hugepages[0].limit, 4194304);
		is_str("hugepageLimits[1].pageSize", r->hugepages[1].page_size, "1GB");
		is_true("network.classID", r->has_classid && r->classid == 1048577);
		is_u64("network.priorities: 2", r->n_prios, 2);
		is_str("network.priorities[0].name", r->prios[0].name, "eth0");
		is_u64("network.priorities[0].priority", r->prios[0].priority, 5);
		is_u64("rdma: 2 devices", r->n_rdma, 2);
		is_str("rdma[0] device", r->rdma[0].device, "mlx5_1");
		is_true("rdma.mlx5_1", r->rdma[0].has_handles && r->rdma[0].handles == 3 && r->rdma[0].objects == 10000);
		is_true("rdma.mlx4_0 objects only", !r->rdma[1].has_handles && r->rdma[1].has_objects &&
							    r->rdma[1].objects == 7);
		is_u64("unified: 2 keys", r->unified.n, 2);
		is_str("unified[1] value", r->unified.v[1].value, "8:0 rbps=1");
	}
	c = cfg_ok("empty resources", CFG("'linux':{'resources':{'blockIO':{},'hugepageLimits':[],'network':{},"
					  "'rdma':{},'unified':{}}}"));
	if (c)
		is_true("empty resources ask for nothing", !c->res.blkio_weight && !c->res.n_hugepages &&
								  !c->res.has_classid && !c->res.n_rdma && !c->res.unified.n);
#define RES(x) CFG("'linux':{'resources':{" x "}}")
	cfg_err("blockIO.weight a string", RES("'blockIO':{'weight':'10'}"),
		"linux.resources.blockIO.weight: expected integer, got string");
	cfg_err("blockIO.weight negative", RES("'blockIO':{'weight':-1}"), "linux.resources.blockIO.weight: out of range");
	cfg_err("blockIO.weightDevice[0] without major", RES("'blockIO':{'weightDevice':[{'minor':0,'weight':5}]}"),
		"linux.resources.blockIO.weightDevice[0].major: required");
	cfg_err("blockIO.throttleReadBpsDevice[1] without minor",
		RES("'blockIO':{'throttleReadBpsDevice':[{'major':8,'minor':0,'rate':1},{'major':8,'rate':1}]}"),
		"linux.resources.blockIO.throttleReadBpsDevice[1].minor: required");
	cfg_err("blockIO.throttleWriteIOPSDevice[0] without rate",
		RES("'blockIO':{'throttleWriteIOPSDevice':[{'major':8,'minor':0}]}"),
		"linux.resources.blockIO.throttleWriteIOPSDevice[0].rate: required");
	cfg_err("blockIO.throttleWriteBpsDevice an object", RES("'blockIO':{'throttleWriteBpsDevice':{}}"),
		"linux.resources.blockIO.throttleWriteBpsDevice: expected array, got object");
	cfg_err("blockIO a number", RES("'blockIO':1"), "linux.resources.blockIO: expected object, got number");
	cfg_err("hugepageLimits[0] without limit", RES("'hugepageLimits':[{'pageSize':'2MB'}]"),
		"linux.resources.hugepageLimits[0].limit: required");
	cfg_err("hugepageLimits[0] without pageSize", RES("'hugepageLimits':[{'limit':1}]"),
		"linux.resources.hugepageLimits[0].pageSize: required");
	cfg_err("hugepageLimits[0].pageSize a path", RES("'hugepageLimits':[{'pageSize':'../2MB','limit':1}]"),
		"linux.resources.hugepageLimits[0].pageSize: expected a huge page size");
	cfg_err("hugepageLimits[0].limit negative", RES("'hugepageLimits':[{'pageSize':'2MB','limit':-1}]"),
		"linux.resources.hugepageLimits[0].limit: out of range");
	cfg_err("network.classID too big", RES("'network':{'classID':4294967296}"),
		"linux.resources.network.classID: out of range");
	cfg_err("network.priorities[0] without name", RES("'network':{'priorities':[{'priority':1}]}"),
		"linux.resources.network.priorities[0].name: required");
	cfg_err("rdma an array", RES("'rdma':[]"), "linux.resources.rdma: expected object, got array");
	cfg_err("rdma.mlx5_1.hcaHandles a string", RES("'rdma':{'mlx5_1':{'hcaHandles':'3'}}"),
		"linux.resources.rdma.mlx5_1.hcaHandles: expected integer, got string");
	cfg_err("rdma.mlx5_1 a number", RES("'rdma':{'mlx5_1':3}"), "linux.resources.rdma.mlx5_1: expected object");
	cfg_err("unified value a number", RES("'unified':{'memory.max':1}"),
		"linux.resources.unified.memory.max: expected string, got number");
#undef RES
}

/* linux.resources other than devices: memory, cpu, pids. */
static void test_resources(void)
{
	struct oci_config *c;
	const struct oci_resources *r;

	c = cfg_ok("memory, cpu and pids",
		   CFG("'linux':{'resources':{"
		       "'memory':{'limit':1073741824,'reservation':-1,'swap':9223372036854775807,'kernel':0,"
		       "'kernelTCP':-1,'swappiness':60,'disableOOMKiller':true,'useHierarchy':false,"
		       "'checkBeforeUpdate':true,'x-unknown':1},"
		       "'cpu':{'shares':1024,'quota':-1,'burst':0,'period':100000,'realtimeRuntime':950000,"
		       "'realtimePeriod':1000000,'cpus':'0-3','mems':'0','idle':1},"
		       "'pids':{'limit':100}}}"));
	if (c) {
		r = &c->res;
		is_true("resources: memory.limit set", r->has_mem_limit);
		is_i64("resources: memory.limit", r->mem_limit, 1073741824);
		is_i64("resources: memory.reservation -1", r->mem_reservation, -1);
		is_i64("resources: memory.swap INT64_MAX", r->mem_swap, INT64_MAX);
		is_true("resources: memory.kernel 0 is set", r->has_mem_kernel && r->mem_kernel == 0);
		is_i64("resources: memory.kernelTCP", r->mem_kernel_tcp, -1);
		is_u64("resources: memory.swappiness", r->swappiness, 60);
		is_true("resources: memory.disableOOMKiller", r->has_disable_oom && r->disable_oom);
		is_true("resources: memory.useHierarchy false but set", r->has_use_hierarchy && !r->use_hierarchy);
		is_true("resources: memory.checkBeforeUpdate", r->check_before_update);
		is_u64("resources: cpu.shares", r->shares, 1024);
		is_i64("resources: cpu.quota -1", r->quota, -1);
		is_true("resources: cpu.burst 0 is set", r->has_burst && r->burst == 0);
		is_u64("resources: cpu.period", r->period, 100000);
		is_i64("resources: cpu.realtimeRuntime", r->rt_runtime, 950000);
		is_u64("resources: cpu.realtimePeriod", r->rt_period, 1000000);
		is_str("resources: cpu.cpus", r->cpus, "0-3");
		is_str("resources: cpu.mems", r->mems, "0");
		is_i64("resources: cpu.idle", r->idle, 1);
		is_true("resources: pids.limit set", r->has_pids);
		is_i64("resources: pids.limit", r->pids_limit, 100);
	}
	c = cfg_ok("empty memory, cpu and pids", CFG("'linux':{'resources':{'memory':{},'cpu':{'shares':null},'pids':{}}}"));
	if (c) {
		r = &c->res;
		is_true("resources: nothing set by empty objects",
			!r->has_mem_limit && !r->has_mem_swap && !r->has_swappiness && !r->has_disable_oom &&
				!r->has_shares && !r->has_quota && !r->has_period && !r->has_pids && !r->cpus);
	}
	c = cfg_ok("no resources at all", MIN);
	if (c)
		is_true("resources: nothing set without resources", !c->res.has_mem_limit && !c->res.has_pids);
	cfg_err("memory.limit a string", CFG("'linux':{'resources':{'memory':{'limit':'1G'}}}"),
		"linux.resources.memory.limit: expected integer, got string");
	cfg_err("memory.limit 2^63", CFG("'linux':{'resources':{'memory':{'limit':9223372036854775808}}}"),
		"linux.resources.memory.limit: out of range");
	cfg_err("memory.swappiness -1", CFG("'linux':{'resources':{'memory':{'swappiness':-1}}}"),
		"linux.resources.memory.swappiness: out of range");
	cfg_err("memory.disableOOMKiller 1", CFG("'linux':{'resources':{'memory':{'disableOOMKiller':1}}}"),
		"linux.resources.memory.disableOOMKiller: expected boolean, got number");
	cfg_err("memory an array", CFG("'linux':{'resources':{'memory':[]}}"),
		"linux.resources.memory: expected object, got array");
	cfg_err("cpu.shares -1", CFG("'linux':{'resources':{'cpu':{'shares':-1}}}"),
		"linux.resources.cpu.shares: out of range");
	cfg_err("cpu.cpus a number", CFG("'linux':{'resources':{'cpu':{'cpus':3}}}"),
		"linux.resources.cpu.cpus: expected string, got number");
	cfg_err("pids.limit 1.5", CFG("'linux':{'resources':{'pids':{'limit':1.5}}}"),
		"linux.resources.pids.limit: expected integer, got a fraction or exponent");
}

static void test_required(void)
{
	cfg_err("{}", "{}", "config.json: ociVersion: required");
	cfg_err("no ociVersion", "{'root':{'path':'r'}}", "config.json: ociVersion: required");
	cfg_err("a null ociVersion", "{'ociVersion':null,'root':{'path':'r'}}", "config.json: ociVersion: required");
	cfg_err("no root", "{'ociVersion':'1.0'}", "config.json: root.path: required");
	cfg_err("root {}", "{'ociVersion':'1.0','root':{}}", "config.json: root.path: required");
	cfg_err("a null root.path", "{'ociVersion':'1.0','root':{'path':null}}", "config.json: root.path: required");
	cfg_err("a null root", "{'ociVersion':'1.0','root':null}", "config.json: root.path: required");
}

/* ------------------------------------------------------------ config: syntax */

static void test_syntax(void)
{
	struct oci_config *c;
	char *js;

	cfg_err("the literal tru", CFG("'process':{'terminal':tru}"), "invalid JSON value 'tru'");
	cfg_err("the literal nul", CFG("'hostname':nul"), "invalid JSON value 'nul'");
	cfg_err("the literal falsey", CFG("'process':{'terminal':falsey}"), "invalid JSON value 'falsey'");
	cfg_err("the literal True", CFG("'process':{'terminal':True}"), "invalid JSON");
	cfg_err("the number 01", CFG("'process':{'user':{'uid':01}}"), "invalid JSON value '01'");
	cfg_err("the number -", CFG("'process':{'user':{'uid':-}}"), "invalid JSON value '-'");
	cfg_err("the number 1.", CFG("'process':{'user':{'uid':1.}}"), "invalid JSON value '1.'");
	cfg_err("the number .5", CFG("'process':{'user':{'uid':.5}}"), "invalid JSON");
	cfg_err("the number +1", CFG("'process':{'user':{'uid':+1}}"), "invalid JSON");
	cfg_err("the number 0x10", CFG("'process':{'user':{'uid':0x10}}"), "invalid JSON value '0x10'");
	cfg_err("the number 1e", CFG("'process':{'user':{'uid':1e}}"), "invalid JSON value '1e'");
	cfg_err("the number --1", CFG("'process':{'user':{'uid':--1}}"), "invalid JSON value '--1'");
	cfg_err("NaN", CFG("'process':{'user':{'uid':NaN}}"), "invalid JSON");
	cfg_err("a bad literal inside a skipped value", CFG("'x-unknown':[1,2,tru]"), "invalid JSON value 'tru'");
	cfg_err("a bare word after the document", MIN " x", "invalid JSON|trailing data");
	cfg_err("a second object after the document", MIN "{}", "trailing data after the JSON document");
	cfg_err("a string after the document", MIN " 'x'", "trailing data after the JSON document");
	cfg_err("a number and newline after the document", MIN " 1\n", "trailing data after the JSON document");
	cfg_err("a number at the very end after the document", MIN " 1", "trailing data after the JSON document");
	cfg_err("an extra closing brace", MIN "}", "invalid JSON|trailing data");
	cfg_err("a document cut short", "{'ociVersion':'1.0','root':{'path':'r'}", "truncated JSON");
	cfg_err("a document cut inside a string", "{'ociVersion':'1.0", "truncated JSON");
	cfg_err("a document cut after a backslash", "{'ociVersion':'1.0\\", "truncated JSON");
	cfg_err("a document cut inside a number", "{'a':12", "truncated JSON");
	cfg_err("an empty document", "", "truncated JSON");
	cfg_err("a whitespace-only document", " \n\t\r\n", "truncated JSON");
	cfg_err("mismatched brackets", CFG("'process':{'args':['a'}}"), "invalid JSON");
	cfg_err("a top-level array", "[]", "config.json: expected a JSON object at the top level");
	cfg_err("a config inside a top-level array", "[" MIN "]", "expected a JSON object at the top level");
	cfg_err("a top-level string", "'x'", "expected a JSON object at the top level");
	cfg_err("a top-level null", "null\n", "expected a JSON object at the top level");
	cfg_err("a top-level number", "1\n", "expected a JSON object at the top level");
	cfg_err("a number as a key", "{1:'a'}", "invalid JSON");
	cfg_err("an object as a key", "{{}:'a'}", "invalid JSON");
	cfg_err("single-quoted strings", "{\\'ociVersion\\':1}", "invalid JSON");

	c = cfg_ok("whitespace and CRLF around everything",
		   " \r\n\t{ 'ociVersion' : '1.0' ,\r\n 'root' :\t{ 'path' : 'r' } , 'process' : { 'args' : [ 'a' , 'b' ] } } \r\n\t ");
	if (c)
		is_strv("whitespace: args", &c->process.args, "a", "b", NULL);

	/* len is honoured: what follows it is never looked at. */
	{
		struct oci_config lc;
		size_t len = strlen(MIN);

		js = J(MIN "garbage {[\"");
		if (parse_ok_len(CONFIG, "a document followed by garbage beyond len", js, len, &lc))
			is_str("len: garbage beyond len ignored", lc.root_path, "rootfs");
		free(js);
	}

	/* A deeply nested skipped value: 256 levels in all, the root included (Go
	 * refuses more than 10000, but jsmn's time grows with the depth
	 * times the size), refused past that. */
	for (size_t depth = 255; depth <= 256; depth++) {
		size_t n = 0;
		char *deep = xmalloc(2 * depth + 128);
		n += (size_t)sprintf(deep, "{'ociVersion':'1.0','root':{'path':'r'},'x-deep':");
		for (size_t k = 0; k < depth; k++)
			deep[n++] = '[';
		for (size_t k = 0; k < depth; k++)
			deep[n++] = ']';
		strcpy(deep + n, "}");
		if (depth == 255)
			c = cfg_ok("an unknown key with 255 nested arrays", deep);
		else
			cfg_err("an unknown key with 256 nested arrays", deep, "nested deeper than 256 levels at byte 304");
		free(deep);
	}

	/* Many mounts. */
	{
		struct buf b = { 0 };
		buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'mounts':[");
		for (int k = 0; k < 5000; k++)
			buf_printf(&b, "%s{'destination':'/m%d','options':['a','b']}", k ? "," : "", k);
		buf_puts(&b, "]}");
		c = cfg_ok("5000 mounts", b.p);
		if (c && is_u64("5000 mounts: count", c->n_mounts, 5000))
			is_str("5000 mounts: the last one", c->mounts[4999].destination, "/m4999");
		free(b.p);
	}

	/* Many annotations, the first 5000 keys given again at the end:
	 * each duplicate replaces the value in place (the last wins), the
	 * order of first appearance is kept. */
	{
		struct buf b = { 0 };
		buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'annotations':{");
		for (int k = 0; k < 50000; k++)
			buf_printf(&b, "%s'k%d':'%d'", k ? "," : "", k % 45000, k < 45000 ? k : -k);
		buf_puts(&b, "}}");
		c = cfg_ok("50000 annotations, 5000 of them duplicates", b.p);
		if (c && is_u64("50000 annotations: 45000 distinct keys", c->annotations.n, 45000)) {
			is_str("50000 annotations: k0 has its last value", c->annotations.v[0].value, "-45000");
			is_str("50000 annotations: k4999 has its last value", c->annotations.v[4999].value, "-49999");
			is_str("50000 annotations: k5000 keeps its value", c->annotations.v[5000].value, "5000");
			is_str("50000 annotations: the last distinct key", c->annotations.v[44999].key, "k44999");
		}
		free(b.p);
	}

	/* A long key in an error path is cut, not overflowed. */
	{
		struct buf b = { 0 };
		buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'annotations':{'");
		for (int k = 0; k < 3000; k++)
			buf_puts(&b, "k");
		buf_puts(&b, "':1}}");
		cfg_err("an annotation with a 3000-byte key and a number value", b.p, "config.json: annotations.kkkkkkkk");
		free(b.p);
	}
}

/* nest(b, depth, open, close, leaf): depth levels of open...leaf...close */
static void nest(struct buf *b, size_t depth, const char *open, const char *close, const char *leaf)
{
	for (size_t k = 0; k < depth; k++)
		buf_puts(b, open);
	buf_puts(b, leaf);
	for (size_t k = 0; k < depth; k++)
		buf_puts(b, close);
}

/* The stress cases of the json issue: 10,000 mounts, a config over 1 MB,
 * nesting 200 deep where a value is skipped and where a type is expected
 * (and 100,000 deep): parsed or refused with a message, never a crash
 * (each parse runs in a child, the document against a PROT_NONE page). */
static void test_stress(void)
{
	struct oci_config *c;
	struct buf b = { 0 };

	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'mounts':[");
	for (int k = 0; k < 10000; k++)
		buf_printf(&b, "%s{'destination':'/m%d','type':'bind','source':'/s%d','options':['rbind','ro']}",
			   k ? "," : "", k, k);
	buf_puts(&b, "]}");
	c = cfg_ok("10000 mounts", b.p);
	if (c && is_u64("10000 mounts: count", c->n_mounts, 10000)) {
		is_str("10000 mounts: the last destination", c->mounts[9999].destination, "/m9999");
		is_strv("10000 mounts: the last options", &c->mounts[9999].options, "rbind", "ro", NULL);
	}
	free(b.p);

	/* over 1 MB: 20,000 env entries, 5,000 annotations, a 256 KiB string
	 * of escapes (each \u00e9 six bytes in, two out) */
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'process':{'cwd':'/','args':['/bin/sh'],'env':[");
	for (int k = 0; k < 20000; k++)
		buf_printf(&b, "%s'VAR_%05d=%s'", k ? "," : "", k, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	buf_puts(&b, "]},'annotations':{");
	for (int k = 0; k < 5000; k++)
		buf_printf(&b, "%s'org.example.k%d':'v%d'", k ? "," : "", k, k);
	buf_puts(&b, "},'hostname':'");
	for (int k = 0; k < 256 * 1024 / 6; k++)
		buf_puts(&b, "\\u00e9");
	buf_puts(&b, "'}");
	is_true(D("the big config is over 1 MB (%zu bytes)", b.len), b.len > 1024 * 1024);
	c = cfg_ok("a config over 1 MB", b.p);
	if (c) {
		is_u64("1 MB: env count", c->process.env.n, 20000);
		is_str("1 MB: the last env entry", c->process.env.v[19999], "VAR_19999=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		is_u64("1 MB: annotations", c->annotations.n, 5000);
		is_u64("1 MB: hostname bytes (two per \\u00e9)", strlen(c->hostname), 2 * (256 * 1024 / 6));
	}
	free(b.p);

	/* 200 deep where a value is skipped: an unknown key, at the top and
	 * inside known objects, objects and arrays mixed */
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'x-deep':");
	nest(&b, 100, "{'a':[", "]}", "1");
	buf_puts(&b, ",'process':{'args':['a'],'user':{'uid':7,'x':");
	nest(&b, 200, "[", "]", "{}");
	buf_puts(&b, "}},'linux':{'resources':{'x':");
	nest(&b, 200, "{'k':", "}", "null");
	buf_puts(&b, "}}}");
	c = cfg_ok("unknown keys nested 200 deep (top level, process.user, linux.resources)", b.p);
	if (c)
		is_u64("200 deep: what follows a skipped value is read", c->process.uid, 7);
	free(b.p);

	/* 200 deep where a type is expected: refused, naming the field */
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'hostname':");
	nest(&b, 200, "[", "]", "");
	buf_puts(&b, "}");
	cfg_err("hostname: arrays 200 deep", b.p, "config.json: hostname: expected string, got array");
	free(b.p);
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'annotations':{'a':");
	nest(&b, 200, "{'a':", "}", "1");
	buf_puts(&b, "}}");
	cfg_err("an annotation: objects 200 deep", b.p, "config.json: annotations.a: expected string, got object");
	free(b.p);
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'process':{'args':");
	nest(&b, 200, "[", "]", "'a'");
	buf_puts(&b, "}}");
	cfg_err("process.args: arrays 200 deep", b.p, "config.json: process.args[0]: expected string, got array");
	free(b.p);
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'mounts':");
	nest(&b, 200, "[", "]", "");
	buf_puts(&b, "}");
	cfg_err("mounts: arrays 200 deep", b.p, "config.json: mounts[0]: expected object, got array");
	free(b.p);

	/* 100,000 deep (ten times what Go's encoding/json takes): refused at
	 * the depth limit, closed or cut short (the check is linear: no
	 * UNIT_QUICK thinning needed). */
	int deep = 100000;
	b = (struct buf){ 0 };
	buf_puts(&b, "{'ociVersion':'1.0','root':{'path':'r'},'x-deep':");
	nest(&b, deep, "[", "]", "");
	buf_puts(&b, "}");
	cfg_err("an unknown key with 100000 nested arrays", b.p, "nested deeper than 256 levels at byte 304");
	b.len -= (size_t)deep + 1; /* drop the closing brackets and brace */
	b.p[b.len] = 0;
	cfg_err("100000 open arrays never closed", b.p, "nested deeper than 256 levels");
	free(b.p);
}

/* Invalid JSON that jsmn's strict mode alone lets through, as it does not
 * check what lies between tokens (commas, colons) nor strings it is not
 * asked to unescape: json_check() must refuse all of it. */
static void test_strictness(void)
{
	struct outcome o;
	char *js;

	cfg_err("a key without a value at the end", CFG("'x-unknown'"), "config.json: ");
	cfg_err("a key without a value in the middle", "{'x-unknown','ociVersion':'1.0','root':{'path':'r'}}",
		"config.json: ");
	cfg_err("a missing comma after an object value", "{'root':{'path':'r'} 'ociVersion':'1.0'}", "config.json: ");
	cfg_err("a missing comma between array strings", CFG("'process':{'args':['a' 'b']}"), "config.json: ");
	cfg_err("a missing comma between array numbers", CFG("'process':{'user':{'additionalGids':[1 2]}}"),
		"config.json: ");
	cfg_err("a trailing comma in an object", "{'ociVersion':'1.0','root':{'path':'r'},}", "config.json: ");
	cfg_err("a trailing comma in an array", CFG("'process':{'args':['a',]}"), "config.json: ");
	cfg_err("a leading comma in an array", CFG("'process':{'args':[,'a']}"), "config.json: ");
	cfg_err("two commas in an array", CFG("'process':{'args':['a',,'b']}"), "config.json: ");
	cfg_err("a comma instead of a colon", CFG("'hostname','h'"), "config.json: ");
	cfg_err("two colons", CFG("'hostname'::'h'"), "config.json: ");
	cfg_err("a colon inside an array (token desync: sets process.cwd)",
		CFG("'process':{'args':['sh':'cwd']:'/x','terminal':false}"), "config.json: ");
	cfg_err("a colon after a string value", CFG("'hostname':'a':'b'"), "config.json: ");
	cfg_err("a raw tab in a skipped string", CFG("'x-unknown':'a\tb'"), "control character");
	cfg_err("a raw newline in a key", CFG("'host\nname':'h'"), "control character");
	cfg_err("a colon after an annotation value (drops the linux object)",
		CFG("'annotations':{'a':'b':'c'},'linux':{'namespaces':[{'type':'pid'}]}"), "config.json: ");
	js = J(CFG("'annotations':{'a':'b':'c'},'linux':{'namespaces':[{'type':'pid'}]}"));
	run_child(CONFIG, js, strlen(js), &o);
	if (o.rc == 0) {
		struct oci_config c;
		json_parse_config(js, strlen(js), &c);
		check(c.ns[NS_PID].present, "colon after an annotation value: not accepted without the pid namespace",
		      "accepted, pid namespace present %d, n_dev_rules %zu", c.ns[NS_PID].present, c.n_dev_rules);
	} else {
		check(true, "colon after an annotation value: not accepted without the pid namespace", "-");
	}
	free(js);
	js = J(MIN);
	err_len(CONFIG, "a NUL byte after the document", js, strlen(js) + 1, "config.json: ");
	free(js);
	/* Show what the desync above does when accepted. */
	js = J(CFG("'process':{'args':['sh':'cwd']:'/x','terminal':false}"));
	run_child(CONFIG, js, strlen(js), &o);
	if (o.rc == 0) {
		struct oci_config c;
		json_parse_config(js, strlen(js), &c);
		check(false, "colon inside an array: not accepted as cwd=/x",
		      "accepted: cwd %s, args.n %zu, terminal %d", Q(c.process.cwd), c.process.args.n, c.process.terminal);
	} else {
		check(true, "colon inside an array: not accepted as cwd=/x", "-");
	}
	free(js);
}

/* ------------------------------------------------------------ config: strings */

static void hostname_is(const char *desc, const char *value_sq, const char *want)
{
	char *frag = xasprintf(CFG("'hostname':'%s'"), value_sq);
	struct oci_config *c = cfg_ok(desc, frag);

	if (c)
		is_str(D("%s: value", desc), c->hostname, want);
	free(frag);
}

static void test_strings(void)
{
	struct oci_config *c;

	hostname_is("\\u00e9", "caf\\u00e9", "caf\xc3\xa9");
	hostname_is("a surrogate pair", "\\ud83d\\ude00!", "\xf0\x9f\x98\x80!");
	hostname_is("the last surrogate pair", "\\udbff\\udfff", "\xf4\x8f\xbf\xbf");
	hostname_is("upper-case hex \\u20AC", "\\u20AC", "\xe2\x82\xac");
	hostname_is("\\u0001 and \\u001f (escaped controls are fine)", "\\u0001\\u001f", "\x01\x1f");
	hostname_is("\\u007f \\u0080 \\u07ff \\u0800 \\uffff", "\\u007f\\u0080\\u07ff\\u0800\\uffff",
		    "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
	hostname_is("the simple escapes", "\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t");
	hostname_is("raw UTF-8 passes through", "\xc3\xa9\xe2\x82\xac", "\xc3\xa9\xe2\x82\xac");
	hostname_is("DEL passes through", "\x7f", "\x7f");
	hostname_is("an empty string", "", "");
	hostname_is("an escape at the very end", "ab\\n", "ab\n");

	cfg_err("a lone high surrogate at the end", CFG("'hostname':'\\ud83d'"),
		"hostname: lone high surrogate in string");
	cfg_err("a lone high surrogate then text", CFG("'hostname':'\\ud83dabcdefg'"), "hostname: lone high surrogate");
	cfg_err("a high surrogate then another high one", CFG("'hostname':'\\ud83d\\ud83d'"),
		"hostname: lone high surrogate");
	cfg_err("a high surrogate then \\u0041", CFG("'hostname':'\\ud83d\\u0041'"), "hostname: lone high surrogate");
	cfg_err("a high surrogate then \\n", CFG("'hostname':'\\ud83d\\nabcd'"), "hostname: lone high surrogate");
	cfg_err("a lone low surrogate", CFG("'hostname':'\\ude00'"), "hostname: lone low surrogate in string");
	cfg_err("a low then a high surrogate", CFG("'hostname':'\\ude00\\ud83d'"), "hostname: lone low surrogate");
	cfg_err("\\u0000", CFG("'hostname':'a\\u0000b'"), "hostname: \\u0000 (NUL) in string");
	cfg_err("a raw tab in a string", CFG("'hostname':'a\tb'"), "control character in string");
	cfg_err("a raw newline in a string", CFG("'hostname':'a\nb'"), "control character in string");
	cfg_err("a raw 0x01 in a string", CFG("'hostname':'a\x01'"), "control character in string");
	cfg_err("a raw 0x1f in process.args[1]", CFG("'process':{'args':['a','\x1f']}"),
		"control character in string");
	cfg_err("a lone surrogate in process.env[0]", CFG("'process':{'env':['\\udc00']}"),
		"process.env[0]: lone low surrogate");
	cfg_err("the escape \\x", CFG("'hostname':'\\x41'"), "invalid JSON");
	cfg_err("the escape \\a", CFG("'hostname':'\\a'"), "invalid JSON");
	cfg_err("the escape \\U", CFG("'hostname':'\\U0041'"), "invalid JSON");
	cfg_err("a short \\u12", CFG("'hostname':'\\u12'"), "invalid JSON");
	cfg_err("a non-hex \\uZZZZ", CFG("'hostname':'\\uZZZZ'"), "invalid JSON");
	cfg_err("an invalid escape, named as one", CFG("'hostname':'\\x41'"), "escape");
	{
		struct outcome o;
		char *js = J(CFG("'hostname':\x1b[31mred"));

		run_child(CONFIG, js, strlen(js), &o);
		check(o.rc < 0 && !strpbrk(o.msg, "\x1b\r\n\t"), "a raw ESC outside strings is not copied into the error",
		      "rc %d, error %s", o.rc, Q(o.msg));
		free(js);
	}

	cfg_err("\\u00e then the end of the string", CFG("'hostname':'\\u00e'"), "invalid JSON");
	cfg_err("a NUL byte inside a string", "{'ociVersion':'1.0','root':{'path':'r\0x'}}", "config.json: ");
	{
		static const char nul_in[] = "{\"ociVersion\":\"1.0\",\"root\":{\"path\":\"r\0x\"}}";
		err_len(CONFIG, "a raw NUL byte inside a string (with len)", nul_in, sizeof(nul_in) - 1, "config.json: ");
	}

	c = cfg_ok("escapes in annotation keys", CFG("'annotations':{'a\\u00e9':'1','b\\\\':'2'}"));
	if (c && is_u64("annotation keys: 2", c->annotations.n, 2)) {
		is_str("annotation keys: \\u00e9 unescaped", c->annotations.v[0].key, "a\xc3\xa9");
		is_str("annotation keys: \\\\ unescaped", c->annotations.v[1].key, "b\\");
	}
	cfg_err("\\u0000 in an annotation key", CFG("'annotations':{'a\\u0000':'1'}"), "(NUL) in string");
	/* The spec: an unknown property MUST NOT cause an error, whatever it
	 * is spelled with (Go keeps a NUL, makes a lone surrogate U+FFFD). */
	c = cfg_ok("an unknown key with \\u0000", CFG("'x-\\u0000':1"));
	c = cfg_ok("an unknown key with a lone surrogate", CFG("'x-\\ud800':1"));
	c = cfg_ok("an escaped key", CFG("'host\\u006eame':'h'"));
	if (c)
		is_str("an escaped key: host\\u006eame is hostname", c->hostname, "h");
}

/* ------------------------------------------------------------ config: policies */

static void test_policies(void)
{
	struct oci_config *c;

	c = cfg_ok("a duplicate hostname", CFG("'hostname':'a','hostname':'b'"));
	if (c)
		is_str("duplicate key: the last hostname wins", c->hostname, "b");
	c = cfg_ok("a duplicate root object", "{'ociVersion':'1.0','root':{'path':'a','readonly':true},'root':{'path':'b'}}");
	if (c) {
		is_str("duplicate root: the last path wins", c->root_path, "b");
		is_true("duplicate root: fields merge, as in Go", c->root_readonly);
	}
	c = cfg_ok("duplicate args", CFG("'process':{'args':['a','b'],'args':['c']}"));
	if (c)
		is_strv("duplicate args: the last wins", &c->process.args, "c", NULL);
	c = cfg_ok("duplicate mounts", CFG("'mounts':[{'destination':'/a'},{'destination':'/b'}],'mounts':[{'destination':'/c'}]"));
	if (c && is_u64("duplicate mounts: the last list wins", c->n_mounts, 1))
		is_str("duplicate mounts: /c", c->mounts[0].destination, "/c");
	c = cfg_ok("duplicate namespaces", CFG("'linux':{'namespaces':[{'type':'pid'}],'namespaces':[{'type':'ipc'}]}"));
	if (c)
		is_true("duplicate namespaces: only the last list", !c->ns[NS_PID].present && c->ns[NS_IPC].present);
	c = cfg_ok("a duplicate annotation", CFG("'annotations':{'a':'1','b':'2','a':'3'}"));
	if (c && is_u64("duplicate annotation: counted once", c->annotations.n, 2)) {
		is_str("duplicate annotation: first key", c->annotations.v[0].key, "a");
		is_str("duplicate annotation: the last value wins", c->annotations.v[0].value, "3");
		is_str("duplicate annotation: b kept", c->annotations.v[1].value, "2");
	}
	c = cfg_ok("duplicate additionalGids", CFG("'process':{'user':{'additionalGids':[1,2],'additionalGids':[3]}}"));
	if (c && is_u64("duplicate additionalGids: the last wins", c->process.n_additional_gids, 1))
		is_u64("duplicate additionalGids: 3", c->process.additional_gids[0], 3);

	c = cfg_ok("unknown keys everywhere",
		   "{'x-top':{'a':[1,{'b':null,'c':[[],{}]}],'d':'\\u00e9\\n','e':true,'f':-1.5e-7},"
		   " 'ociVersion':'1.0',"
		   " 'root':{'x':1,'path':'r','y':[]},"
		   " 'process':{'x':{'args':['no']},'args':['yes'],'user':{'uid':1,'x':[1],'username':'u'},'commandLine':'c'},"
		   " 'mounts':[{'destination':'/a','x':{'destination':'/no'}}],"
		   " 'linux':{'namespaces':[{'type':'pid','x':'y'}],'resources':{'devices':[{'x':1,'allow':true}],'x':{}},"
		   "          'x':[{'seccomp':{}}]},"
		   " 'windows':{'layerFolders':['x']},'solaris':{},'vm':{'hypervisor':{}},'zos':{}"
		   "}");
	if (c) {
		is_strv("unknown keys: process.args unaffected", &c->process.args, "yes", NULL);
		is_u64("unknown keys: uid", c->process.uid, 1);
		is_str("unknown keys: root.path", c->root_path, "r");
		is_str("unknown keys: mounts[0].destination", c->mounts[0].destination, "/a");
		is_true("unknown keys: pid namespace", c->ns[NS_PID].present);
		is_true("unknown keys: device rule allow", c->n_dev_rules == 1 && c->dev_rules[0].allow);
	}
	c = cfg_ok("keys differing only in case are not matched", CFG("'Hostname':'h','HOSTNAME':'i'"));
	if (c)
		is_str("case: Hostname is an unknown key", c->hostname, NULL);

	c = cfg_ok("null as absent",
		   "{'ociVersion':'1.0','root':{'path':'r','readonly':null},'hostname':null,'mounts':null,"
		   "'annotations':null,'hooks':null,'process':null,'linux':null}");
	if (c) {
		is_true("null: process absent", !c->has_process);
		is_true("null: readonly false", !c->root_readonly);
		is_str("null: hostname absent", c->hostname, NULL);
		is_u64("null: no mounts", c->n_mounts, 0);
	}
	c = cfg_ok("null inside process and linux",
		   CFG("'process':{'args':null,'user':{'uid':null,'umask':null,'additionalGids':null},'capabilities':null,"
		       "'rlimits':null,'oomScoreAdj':null},"
		       "'mounts':[{'destination':'/a','options':null,'type':null}],"
		       "'linux':{'namespaces':null,'uidMappings':null,'devices':null,'resources':{'devices':null},"
		       "'sysctl':null,'maskedPaths':null,'seccomp':null,'timeOffsets':null}"));
	if (c) {
		is_true("null: has process", c->has_process);
		is_true("null: no umask", !c->process.has_umask);
		is_true("null: no capabilities", !c->process.has_caps);
		is_true("null: no oomScoreAdj", !c->process.has_oom_score_adj);
		is_true("null: no timeOffsets", !c->has_time_offsets);
		is_strv("null: mounts[0].options", &c->mounts[0].options, NULL);
		is_str("null: mounts[0].type", c->mounts[0].type, NULL);
	}
}

/* ------------------------------------------------------------ state.json */

static void test_state(void)
{
	struct rt_state *s;

	s = state_ok("internal state",
		     "{'ociVersion':'1.3.0','id':'c1','pid':1234,'status':'running','bundle':'/b','rootfs':'/b/rootfs',"
		     "'created':'2024-01-02T03:04:05.000000006Z','owner':'root','annotations':{'k':'v','k2':'v2'},"
		     "'runlet.startTime':18446744073709551615,'runlet.cgroupCreated':true,"
		     "'runlet.cgroupPaths':['/sys/fs/cgroup/runlet/c1','/sys/fs/cgroup/cpu/runlet/c1']}");
	if (s) {
		is_str("state: ociVersion", s->oci_version, "1.3.0");
		is_str("state: id", s->id, "c1");
		is_i64("state: pid", s->pid, 1234);
		is_str("state: bundle", s->bundle, "/b");
		is_str("state: rootfs", s->rootfs, "/b/rootfs");
		is_str("state: created", s->created, "2024-01-02T03:04:05.000000006Z");
		is_str("state: owner", s->owner, "root");
		if (is_u64("state: 2 annotations", s->annotations.n, 2))
			is_str("state: annotations[1]", s->annotations.v[1].value, "v2");
		is_u64("state: runlet.startTime", s->start_time, UINT64_MAX);
		is_true("state: runlet.cgroupCreated", s->cgroup_created);
		is_strv("state: runlet.cgroupPaths", &s->cgroup_paths, "/sys/fs/cgroup/runlet/c1",
			"/sys/fs/cgroup/cpu/runlet/c1", NULL);
		is_true("state: systemd_cgroup false", !s->systemd_cgroup);
	}
	s = state_ok("the public state (as runc writes it)",
		     "{'ociVersion':'1.0.2-dev','id':'x','pid':7,'status':'created','bundle':'/b','annotations':{}}");
	if (s) {
		is_u64("public state: startTime 0", s->start_time, 0);
		is_strv("public state: no cgroupPaths", &s->cgroup_paths, NULL);
		is_true("public state: cgroupCreated false", !s->cgroup_created);
		is_str("public state: rootfs absent", s->rootfs, NULL);
	}
	state_err("no id", "{'pid':1,'bundle':'/b'}", "state.json: id, bundle and pid are required");
	state_err("no bundle", "{'id':'a','pid':1}", "state.json: id, bundle and pid are required");
	/* pid 0: a create that has not finished (or died): delete --force cleans it */
	s = state_ok("pid 0 (a create under way)", "{'id':'a','pid':0,'bundle':'/b'}");
	if (s)
		is_true("pid 0 parsed as 0", s->pid == 0);
	state_err("pid -5", "{'id':'a','pid':-5,'bundle':'/b'}", "state.json: id, bundle and pid are required");
	state_err("pid a string", "{'id':'a','pid':'1','bundle':'/b'}", "state.json: pid: expected integer, got string");
	state_err("pid 2^31", "{'id':'a','pid':2147483648,'bundle':'/b'}", "state.json: pid: out of range");
	state_err("runlet.startTime -1", "{'id':'a','pid':1,'bundle':'/b','runlet.startTime':-1}",
		  "state.json: runlet.startTime: out of range");
	state_err("runlet.startTime 2^64", "{'id':'a','pid':1,'bundle':'/b','runlet.startTime':18446744073709551616}",
		  "state.json: runlet.startTime: out of range");
	state_err("runlet.cgroupPaths[0] a number", "{'id':'a','pid':1,'bundle':'/b','runlet.cgroupPaths':[1]}",
		  "state.json: runlet.cgroupPaths[0]: expected string, got number");
	state_err("runlet.cgroupCreated a string", "{'id':'a','pid':1,'bundle':'/b','runlet.cgroupCreated':'yes'}",
		  "state.json: runlet.cgroupCreated: expected boolean, got string");
	state_err("a truncated state", "{'id':'a','pid':1,", "state.json: truncated JSON");
	state_err("a top-level array", "[]", "state.json: expected a JSON object at the top level");
	state_err("an empty file", "", "state.json: truncated JSON");
}

/* Write a state the way state_to_json() does (with buf_json_str) from
 * nasty strings, and read it back. */
static void test_state_round_trip(void)
{
	char every[256], *bundle;
	struct buf b = { 0 };
	struct rt_state s;
	static const char *const paths[] = { "/sys/fs/cgroup/a \"b\"", "c\\d", "tab\there" };

	for (int k = 1; k < 256; k++)
		every[k - 1] = (char)k;
	every[255] = 0;
	bundle = xasprintf("/bundle/%s/end", every);
	buf_puts(&b, "{\"ociVersion\":");
	buf_json_str(&b, "1.3.0");
	buf_puts(&b, ",\"id\":");
	buf_json_str(&b, "rt");
	buf_printf(&b, ",\"pid\":%d,\"status\":\"%s\",\"bundle\":", 42, "stopped");
	buf_json_str(&b, bundle);
	buf_puts(&b, ",\"rootfs\":");
	buf_json_str(&b, "");
	buf_puts(&b, ",\"annotations\":{");
	buf_json_str(&b, "key\n\"1\"");
	buf_puts(&b, ":");
	buf_json_str(&b, every);
	buf_puts(&b, "}");
	buf_printf(&b, ",\"runlet.startTime\":%llu,\"runlet.cgroupCreated\":%s,\"runlet.cgroupPaths\":[",
		   12345678901234ULL, "false");
	for (size_t k = 0; k < ARRAY_SIZE(paths); k++) {
		if (k)
			buf_puts(&b, ",");
		buf_json_str(&b, paths[k]);
	}
	buf_puts(&b, "]}");
	if (!parse_ok_len(STATE, "round trip through buf_json_str", b.p, b.len, &s))
		return;
	is_str("round trip: bundle with every byte 1..255", s.bundle, bundle);
	is_str("round trip: empty rootfs", s.rootfs, "");
	if (is_u64("round trip: 1 annotation", s.annotations.n, 1)) {
		is_str("round trip: annotation key", s.annotations.v[0].key, "key\n\"1\"");
		is_str("round trip: annotation value", s.annotations.v[0].value, every);
	}
	is_u64("round trip: startTime", s.start_time, 12345678901234ULL);
	is_i64("round trip: pid", s.pid, 42);
	is_strv("round trip: cgroupPaths", &s.cgroup_paths, paths[0], paths[1], paths[2], NULL);
	free(b.p);
	free(bundle);
}

/* ------------------------------------------------------------ util.c */

static void test_container_id(void)
{
	static const char *const good[] = { "abc", "a.b-c_d+e", "A9", "...", "-x", "+" };
	static const char *const bad[] = { "", ".", "..", "a/b", "a b", "\xc3\xa4", "a\n", "a:b", "a@b", "/", "a\\b" };
	char *long_id = xmalloc(1026);

	for (size_t k = 0; k < ARRAY_SIZE(good); k++)
		is_true(D("valid_container_id(%s) is true", Q(good[k])), valid_container_id(good[k]));
	for (size_t k = 0; k < ARRAY_SIZE(bad); k++)
		is_true(D("valid_container_id(%s) is false", Q(bad[k])), !valid_container_id(bad[k]));
	memset(long_id, 'a', 1024);
	long_id[1024] = 0;
	is_true("valid_container_id: 1024 bytes is fine", valid_container_id(long_id));
	long_id[1024] = 'a';
	long_id[1025] = 0;
	is_true("valid_container_id: 1025 bytes is too long", !valid_container_id(long_id));
	free(long_id);
}

static void test_signals(void)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{ "9", 9 },	   { "KILL", 9 },   { "SIGKILL", 9 }, { "kill", 9 },	{ "sigkill", 9 },
		{ "SigTerm", 15 }, { "TERM", 15 },  { "HUP", 1 },	  { "SIGSYS", 31 }, { "IOT", 6 },
		{ "POLL", 29 },	   { "WINCH", 28 }, { "STKFLT", 16 }, { "1", 1 },	{ "64", 64 },
		{ "009", 9 },	   { "0", -1 },	    { "00", -1 },	  { "65", -1 },	{ "-1", -1 },
		{ "FOO", -1 },	   { "", -1 },	    { "SIG", -1 },	  { "9x", -1 },	{ " 9", -1 },
		{ "KILL ", -1 },   { "SIGSIGKILL", -1 }, { "99999999999999999999", -1 },
		{ "RTMIN-1", -1 }, { "RTMAX+1", -1 }, { "RTMIN+0", -1 }, { "RTMIN+x", -1 }, { "RTMIN+", -1 },
	};

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++)
		is_i64(D("parse_signal(%s)", Q(cases[k].s)), parse_signal(cases[k].s), cases[k].want);
	/* Real-time signals, relative to this libc's SIGRTMIN/SIGRTMAX. */
	is_i64("parse_signal(RTMIN) = SIGRTMIN", parse_signal("RTMIN"), SIGRTMIN);
	is_i64("parse_signal(SIGRTMIN+1) = SIGRTMIN+1", parse_signal("SIGRTMIN+1"), SIGRTMIN + 1);
	is_i64("parse_signal(rtmin+2)", parse_signal("rtmin+2"), SIGRTMIN + 2);
	is_i64("parse_signal(RTMAX) = SIGRTMAX", parse_signal("RTMAX"), SIGRTMAX);
	is_i64("parse_signal(RTMAX-1) = SIGRTMAX-1", parse_signal("RTMAX-1"), SIGRTMAX - 1);
	is_i64("parse_signal(RTMIN+n) up to SIGRTMAX", parse_signal(D("RTMIN+%d", SIGRTMAX - SIGRTMIN)), SIGRTMAX);
	is_i64("parse_signal(RTMIN+n) past SIGRTMAX", parse_signal(D("RTMIN+%d", SIGRTMAX - SIGRTMIN + 1)), -1);
	is_i64("parse_signal(RTMAX-n) down to SIGRTMIN", parse_signal(D("RTMAX-%d", SIGRTMAX - SIGRTMIN)), SIGRTMIN);
	is_i64("parse_signal(RTMAX-n) below SIGRTMIN", parse_signal(D("RTMAX-%d", SIGRTMAX - SIGRTMIN + 1)), -1);
	for (int sig = 1; sig < 32; sig++)
		if (strcmp(signal_name(sig), "?"))
			is_i64(D("parse_signal(signal_name(%d) = %s)", sig, signal_name(sig)), parse_signal(signal_name(sig)),
			       sig);
	is_str("signal_name(9)", signal_name(9), "KILL");
	is_str("signal_name(15)", signal_name(15), "TERM");
	is_str("signal_name(0)", signal_name(0), "?");
	is_str("signal_name(-1)", signal_name(-1), "?");
	is_str("signal_name(32)", signal_name(32), "?");
	is_str("signal_name(64)", signal_name(64), "?");
}

static void json_str_is(const char *desc, const char *in, const char *want)
{
	struct buf b = { 0 };

	buf_json_str(&b, in);
	is_str(D("buf_json_str: %s", desc), b.p, want);
	is_u64(D("buf_json_str: %s: len", desc), b.len, strlen(want));
	free(b.p);
}

static void test_buf(void)
{
	struct buf b = { 0 };
	char big[1000];

	json_str_is("plain", "abc", "\"abc\"");
	json_str_is("empty", "", "\"\"");
	json_str_is("quotes and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"");
	json_str_is("newline tab return", "\n\t\r", "\"\\n\\t\\r\"");
	json_str_is("other controls as \\u00XX", "\x01\x08\x0c\x1f", "\"\\u0001\\u0008\\u000c\\u001f\"");
	json_str_is("DEL, slash and UTF-8 as is", "\x7f/\xc3\xa9", "\"\x7f/\xc3\xa9\"");

	buf_add(&b, "ab", 2);
	buf_add(&b, "", 0);
	buf_puts(&b, "cd");
	is_str("buf_add/buf_puts", b.p, "abcd");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	buf_printf(&b, "<%s>%d", big, 7);
	is_u64("buf_printf over 256 bytes: length", b.len, 4 + 2 + 999 + 1);
	is_true("buf_printf over 256 bytes: content", !strncmp(b.p + 4, "<xxx", 4) && !strcmp(b.p + b.len - 3, "x>7"));
	is_true("buf: NUL-terminated", b.p[b.len] == 0);
	free(b.p);

	is_true("str_has(abc, b)", str_has("abc", "b"));
	is_true("str_has(a/../b, ..)", str_has("a/../b", ".."));
	is_true("str_has(ab, abc) is false", !str_has("ab", "abc"));
	is_true("str_has(cpu, cpuset) is false", !str_has("cpu", "cpuset"));
	is_true("str_has(cpuset, set)", str_has("cpuset", "set"));

	/* util.h's strspn, strcspn and strtok_r (rl_*) */
	is_u64("strspn(\"  ,x\", \" ,\")", strspn("  ,x", " ,"), 3);
	is_u64("strspn(\"\", \" \")", strspn("", " "), 0);
	is_u64("strspn(\"rwmq\", \"rwm\")", strspn("rwmq", "rwm"), 3);
	is_u64("strcspn(\"cpu.max\", \".\")", strcspn("cpu.max", "."), 3);
	is_u64("strcspn(\"abc\", \"/\"): no match", strcspn("abc", "/"), 3);
	is_u64("strcspn(\"abc\", \"\")", strcspn("abc", ""), 3);
	char line[] = "\n a b\t\n\nc \n", *save, *t;
	struct buf toks = { 0 };
	for (t = strtok_r(line, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
		buf_printf(&toks, "[%s]", t);
	is_str("strtok_r: empty tokens skipped", toks.p, "[a][b][c]");
	is_true("strtok_r: NULL again at the end", !strtok_r(NULL, " ", &save));
	char one[] = "x", none[] = ",,";
	is_str("strtok_r: one token", strtok_r(one, ",", &save), "x");
	is_true("strtok_r: only separators", !strtok_r(none, ",", &save));
	free(toks.p);
}

static void rfc3339_is(long long sec, long nsec, const char *want)
{
	struct timespec ts = { .tv_sec = (time_t)sec, .tv_nsec = nsec };
	char out[64];

	format_rfc3339(out, sizeof(out), &ts);
	is_str(D("format_rfc3339(%lld.%09ld)", sec, nsec), out, want);
}

static void test_rfc3339(void)
{
	struct timespec ts = { 0, 0 };
	char small[11], out[64], want[64];
	unsigned long long x = 88172645463325252ULL;
	long long bad = 0, n = 0;

	rfc3339_is(0, 0, "1970-01-01T00:00:00.000000000Z");
	rfc3339_is(1700000000, 123456789, "2023-11-14T22:13:20.123456789Z");
	rfc3339_is(951782400, 5, "2000-02-29T00:00:00.000000005Z");
	rfc3339_is(1709164800, 0, "2024-02-29T00:00:00.000000000Z");
	rfc3339_is(4102444800LL, 0, "2100-01-01T00:00:00.000000000Z");
	rfc3339_is(4107542400LL, 0, "2100-03-01T00:00:00.000000000Z");
	rfc3339_is(-1, 999999999, "1969-12-31T23:59:59.999999999Z");
	rfc3339_is(-2208988800LL, 0, "1900-01-01T00:00:00.000000000Z");
	rfc3339_is(-62135596800LL, 0, "0001-01-01T00:00:00.000000000Z");
	rfc3339_is(253402300799LL, 0, "9999-12-31T23:59:59.000000000Z");
	rfc3339_is(2147483647LL, 0, "2038-01-19T03:14:07.000000000Z");
	rfc3339_is(2147483648LL, 0, "2038-01-19T03:14:08.000000000Z");

	format_rfc3339(small, sizeof(small), &ts);
	is_str("format_rfc3339: a short buffer is cut and terminated", small, "1970-01-01");

	/* Against musl's gmtime_r, from year 1 to 9999 (fewer rounds with
	 * UNIT_QUICK=1: they test arithmetic, not memory). */
	int rounds = getenv("UNIT_QUICK") ? 3000 : 300000;
	for (int k = 0; k < rounds; k++) {
		long long sec;
		struct tm tm;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sec = -62135596800LL + (long long)(x % (253402300800ULL + 62135596800ULL));
		if (k < 1000)
			sec = (k - 500) * 86400LL + (k % 3) - 1; /* around the epoch */
		ts.tv_sec = (time_t)sec;
		ts.tv_nsec = k;
		if (!gmtime_r(&ts.tv_sec, &tm))
			continue;
		n++;
		format_rfc3339(out, sizeof(out), &ts);
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, k);
		if (strcmp(out, want) && !bad++)
			check(false, "format_rfc3339 agrees with gmtime_r", "%lld: %s, want %s", sec, out, want);
	}
	if (!bad)
		check(n > rounds * 5 / 6, "format_rfc3339 agrees with gmtime_r", "only %lld compared", n);
}

/* The recorded error; in a child, as it cannot be cleared. */
static void test_errors(void)
{
	int fds[2], st;
	char msg[4096] = "";
	ssize_t n;
	pid_t pid;

	is_true("rt_failed() is false before any error", !rt_failed());
	is_str("rt_error() before any error", rt_error(), "unknown error");
	is_i64("rt_wrap() with nothing recorded returns r", rt_wrap(-5, "ctx"), -5);
	is_true("rt_wrap() with nothing recorded records nothing", !rt_failed());

	fflush(stdout);
	if (pipe(fds) < 0 || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		struct buf b = { 0 };
		int devnull = open("/dev/null", O_WRONLY);
		int r1, r2, r3;

		dup2(devnull, 2); /* the second rt_fail warns on stderr */
		r1 = rt_fail(ENOENT, "open %s", "x");
		buf_printf(&b, "%d|%s|", r1, rt_error());
		r2 = rt_fail(0, "second");
		buf_printf(&b, "%d|%s|", r2, rt_error());
		r3 = rt_wrap(-7, "create %s", "c1");
		buf_printf(&b, "%d|%s|", r3, rt_error());
		rt_set_error("replaced");
		buf_printf(&b, "%s|%d", rt_error(), rt_failed());
		write_all(fds[1], b.p, b.len);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	waitpid(pid, &st, 0);
	msg[n > 0 ? n : 0] = 0;
	is_str("rt_fail/rt_wrap/rt_set_error: first error kept, wrapped, replaced", msg,
	       D("%d|open x: No such file or directory|%d|open x: No such file or directory|-7|"
		 "create c1: open x: No such file or directory|replaced|1",
		 -ENOENT, -EINVAL));
}

int main(void)
{
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGPIPE, SIG_IGN);

	test_errors(); /* first: nothing may be recorded yet */
	test_minimal();
	test_runc_spec();
	test_full();
	test_integers();
	test_type_errors();
	test_integer_errors();
	test_semantic_errors();
	test_unsupported();
	test_resources();
	test_resources_more();
	test_required();
	test_syntax();
	test_stress();
	test_strictness();
	test_strings();
	test_policies();
	test_state();
	test_state_round_trip();
	test_container_id();
	test_signals();
	test_buf();
	test_rfc3339();
	is_true("nothing was ever recorded in the test process", !rt_failed());

	printf("1..%d\n", ntests);
	fwrite(tap, 1, tap_len, stdout);
	if (nfailed)
		printf("# %d of %d failed\n", nfailed, ntests);
	return nfailed ? 1 : 0;
}
