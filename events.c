/* `events`: the container's cgroup statistics as runc's JSON lines, and
 * OOM kills as they happen. Read from the files of whichever hierarchy
 * has them (v1, v2 or both on a hybrid host); a missing file is left out. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cgroup.h"
#include "sys.h"
#include "util.h"

enum { S_NUM, S_US, S_PIDMAX, S_LIST, S_MAP, S_IO };

/* path in "data" (section/[object/]key), v1 file, v2 file; "FILE KEY"
 * is the value of the line KEY in FILE. The v1 name is tried first in
 * every directory of the container, then the v2 name. */
static const struct stat_src {
	const char *path, *v1, *v2;
	unsigned char kind;
} srcs[] = {
	{ "cpu/usage/total", "cpuacct.usage", "cpu.stat usage_usec", S_US },
	{ "cpu/usage/percpu", "cpuacct.usage_percpu", NULL, S_LIST },
	{ "cpu/usage/kernel", "cpuacct.usage_sys", "cpu.stat system_usec", S_US },
	{ "cpu/usage/user", "cpuacct.usage_user", "cpu.stat user_usec", S_US },
	{ "cpu/throttling/periods", "cpu.stat nr_periods", NULL, S_NUM },
	{ "cpu/throttling/throttled_periods", "cpu.stat nr_throttled", NULL, S_NUM },
	{ "cpu/throttling/throttled_time", "cpu.stat throttled_time", "cpu.stat throttled_usec", S_US },
	{ "memory/usage/usage", "memory.usage_in_bytes", "memory.current", S_NUM },
	{ "memory/usage/limit", "memory.limit_in_bytes", "memory.max", S_NUM },
	{ "memory/usage/max", "memory.max_usage_in_bytes", "memory.peak", S_NUM },
	{ "memory/usage/failcnt", "memory.failcnt", NULL, S_NUM },
	{ "memory/swap/usage", "memory.memsw.usage_in_bytes", "memory.swap.current", S_NUM },
	{ "memory/swap/limit", "memory.memsw.limit_in_bytes", "memory.swap.max", S_NUM },
	{ "memory/raw", "memory.stat", NULL, S_MAP },
	{ "pids/current", "pids.current", NULL, S_NUM },
	{ "pids/limit", "pids.max", NULL, S_PIDMAX },
	{ "blkio/ioServiceBytesRecursive", "blkio.throttle.io_service_bytes_recursive", "io.stat bytes", S_IO },
	{ "blkio/ioServicedRecursive", "blkio.throttle.io_serviced_recursive", "io.stat ios", S_IO },
};

/* The whole file, *val at the value of line KEY (or the start). */
static char *stat_read(const struct strv *paths, const char *spec, bool keyed, const char **val)
{
	const char *key = strchr(spec, ' ');
	size_t klen = key ? strlen(++key) : 0;

	for (size_t k = 0; k < paths->n; k++) {
		AUTOFREE char *p = xasprintf("%s/%.*s", paths->v[k], key ? (int)(key - 1 - spec) : (int)strlen(spec), spec);
		char *s = NULL;
		if (read_file_at(AT_FDCWD, p, &s, NULL) < 0)
			continue;
		*val = s;
		if (!key || !keyed)
			return s;
		for (char *l = s; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
			if (!strncmp(l, key, klen) && l[klen] == ' ') {
				*val = l + klen + 1;
				return s;
			}
		free(s);
	}
	return NULL;
}

static uint64_t num(const char *s)
{
	return strncmp(s, "max", 3) ? strtoull(s, NULL, 10) : UINT64_MAX;
}

/* The close of an object or array: drop a trailing comma first. */
static void close_c(struct buf *b, const char *c)
{
	if (b->p[b->len - 1] == ',')
		b->len--;
	buf_puts(b, c);
}

/* blkio lists: v1 "MAJ:MIN Op VALUE" lines; v2 io.stat "MAJ:MIN rbytes=N
 * wbytes=N ..." whose r and w keys of this kind become Read and Write. */
static void emit_io(struct buf *b, char *s, const char *v2key)
{
	for (char *l = s, *next; l && *l; l = next) {
		char *p, key[24];
		if ((next = strchr(l, '\n')))
			*next++ = 0;
		unsigned long maj = strtoul(l, &p, 10), min = *p == ':' ? strtoul(p + 1, &p, 10) : 0;
		if (p == l || *p != ' ')
			continue; /* "Total N" */
		for (int rw = 0; rw < 2; rw++) {
			const char *op = rw ? "Write" : "Read", *v = NULL;
			if (v2key) {
				snprintf(key, sizeof(key), " %c%s=", "rw"[rw], v2key);
				if ((v = str_find(p, key)))
					v += strlen(key);
			} else if (!rw) {
				op = p + 1; /* v1: "MAJ:MIN Op VALUE" */
				if ((v = strchr(op, ' ')))
					*(char *)v++ = 0;
			}
			if (v)
				buf_printf(b, "{\"major\":%lu,\"minor\":%lu,\"op\":\"%s\",\"value\":%llu},", maj, min, op,
					   strtoull(v, NULL, 10));
		}
	}
}

static void emit_stats(struct buf *b, const struct strv *paths)
{
	char open[2][24] = { "", "" }; /* the objects open below "data" */
	int depth = 0;

	for (size_t k = 0; k < ARRAY_SIZE(srcs); k++) {
		const struct stat_src *x = &srcs[k];
		const char *val = NULL, *io2 = NULL;
		bool v2 = false;
		AUTOFREE char *s = stat_read(paths, x->v1, x->kind != S_IO, &val);
		if (!s && x->v2) {
			s = stat_read(paths, x->v2, x->kind != S_IO, &val);
			v2 = true;
			io2 = strchr(x->v2, ' ') + 1;
		}
		if (!s)
			continue;
		/* close what this path leaves, open what it enters */
		char comp[3][40] = { "" };
		int n = 0;
		for (const char *p = x->path; n < 3 && *p; n++) {
			size_t len = strcspn(p, "/");
			snprintf(comp[n], sizeof(comp[n]), "%.*s", (int)len, p);
			p += len + (p[len] == '/');
		}
		int keep = 0;
		while (keep < depth && keep < n - 1 && !strcmp(open[keep], comp[keep]))
			keep++;
		for (; depth > keep; depth--)
			close_c(b, "},");
		for (; depth < n - 1; depth++) {
			snprintf(open[depth], sizeof(open[depth]), "%s", comp[depth]);
			buf_printf(b, "\"%s\":{", comp[depth]);
		}
		buf_printf(b, "\"%s\":", comp[n - 1]);
		if (x->kind == S_LIST || x->kind == S_MAP || x->kind == S_IO) {
			buf_puts(b, x->kind == S_MAP ? "{" : "[");
			if (x->kind == S_IO)
				emit_io(b, s, v2 ? io2 : NULL);
			for (char *p = s, *e; x->kind == S_LIST; p = e) {
				unsigned long long v = strtoull(p, &e, 10);
				if (e == p)
					break;
				buf_printf(b, "%llu,", v);
			}
			/* "key value" lines */
			for (char *p = s, *sp; x->kind == S_MAP && (sp = strchr(p, ' ')); p = strchr(sp, '\n') + 1) {
				buf_printf(b, "\"%.*s\":%llu,", (int)(sp - p), p, strtoull(sp + 1, NULL, 10));
				if (!strchr(sp, '\n'))
					break;
			}
			close_c(b, x->kind == S_MAP ? "}," : "],");
			continue;
		}
		uint64_t v = num(val);
		if (x->kind == S_PIDMAX && v == UINT64_MAX)
			v = 0; /* runc's "no limit" for pids */
		if (x->kind == S_US && v2)
			v *= 1000;
		buf_printf(b, "%llu,", (unsigned long long)v);
	}
	for (; depth > 0; depth--)
		close_c(b, "},");
}

static void print_event(const char *type, const char *id, const struct strv *paths)
{
	struct buf b = { 0 };

	buf_printf(&b, "{\"type\":\"%s\",\"id\":", type);
	buf_json_str(&b, id);
	if (paths) {
		buf_puts(&b, ",\"data\":{");
		emit_stats(&b, paths);
		close_c(&b, "}");
	}
	buf_puts(&b, "}\n");
	write_all(1, b.p, b.len);
	free(b.p);
}

/* Go's time.Duration syntax, as runc's --interval: "5s", "1.5s",
 * "100ms", "1m30s"; in microseconds, no floating point. */
static int parse_duration(const char *s, long long *ms)
{
	static const struct {
		char unit[3];
		unsigned long long us;
	} units[] = { { "us", 1 }, { "ms", 1000 }, { "s", 1000000 }, { "m", 60000000 }, { "h", 3600000000ULL } };
	unsigned long long total = 0;

	for (const char *p = s; *p;) {
		char *end;
		unsigned long long v = strtoull(p, &end, 10), frac = 0, den = 1;
		if (*end == '.')
			for (end++; *end >= '0' && *end <= '9' && den < 1000000000; end++, den *= 10)
				frac = frac * 10 + (unsigned long long)(*end - '0');
		size_t k = 0, len = strspn(end, "hmsu");
		while (k < ARRAY_SIZE(units) && (strlen(units[k].unit) != len || strncmp(end, units[k].unit, len)))
			k++;
		if (*p < '0' || *p > '9' || k == ARRAY_SIZE(units))
			return rt_fail(0, "--interval: \"%s\" is not a duration like 5s or 100ms", s);
		total += v * units[k].us + frac * units[k].us / den;
		p = end + len;
	}
	if (total < 1000)
		return rt_fail(0, "--interval: \"%s\": must be at least 1ms", s);
	*ms = (long long)(total / 1000);
	return 0;
}

/* The OOM kills so far: v1 memory.oom_control or v2 memory.events. */
static uint64_t oom_kills(const struct strv *paths)
{
	const char *val;
	AUTOFREE char *s = stat_read(paths, "memory.oom_control oom_kill", true, &val);

	if (!s)
		s = stat_read(paths, "memory.events oom_kill", true, &val);
	return s ? strtoull(val, NULL, 10) : 0;
}

static bool cgroup_empty(const struct strv *paths)
{
	/* the groups the container made below its own count too */
	AUTOFREE char *s = cgroup_procs(paths);

	return !*s;
}

int cgroup_events(const struct strv *paths, const char *id, bool stats_once, const char *interval)
{
	long long every = 5000, waited = 0;
	int r;

	if (interval && (r = parse_duration(interval, &every)) < 0)
		return r;
	if (stats_once) {
		print_event("stats", id, paths);
		return 0;
	}
	/* Poll: a tenth of a second for OOM kills (no eventfd or inotify to
	 * keep), the interval for stats. */
	for (uint64_t ooms = oom_kills(paths);;) {
		/* a round keeps nothing it allocates: without this, events
		 * grew by its stats' size every round, for as long as it ran */
		void *mark = alloc_mark();
		uint64_t now = oom_kills(paths);
		for (; ooms < now; ooms++)
			print_event("oom", id, NULL);
		if (cgroup_empty(paths))
			return 0;
		if (waited <= 0) {
			print_event("stats", id, paths);
			waited = every;
		}
		alloc_release(mark);
		sys_nap(100 * 1000 * 1000);
		waited -= 100;
	}
}
