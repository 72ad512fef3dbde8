/* config.json and state.json on the jsmn tokenizer: strict JSON, strings
 * unescaped to UTF-8, integers range-checked, errors that name the field.
 * No syscalls: this file is unit-tested on the build host.
 *
 * Policies: unknown keys are skipped (the spec requires it); a null value is
 * taken as absent (as Go's encoding/json does for runc); a duplicate key:
 * the last one wins (also as in Go). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"
#include "util.h"

#define JSMN_STATIC
#define JSMN_STRICT
/* Without parent links, jsmn finds the container a '}' or ']' returns to
 * by walking back over every token before it: quadratic in an array of
 * objects (10,000 mounts took 0.35 s, 0.03 s with them; 96 bytes smaller). */
#define JSMN_PARENT_LINKS
/* jsmn and the grammar check's string and scalar scans are the parse's
 * inner loops: at -O2 (CFG_HOT; podman's config: 48 -> 38 us) */
HOT_BEGIN
#include <jsmn.h>
HOT_END

const char *const ns_names[NS_COUNT] = {
	[NS_PID] = "pid",     [NS_NET] = "network", [NS_IPC] = "ipc",   [NS_UTS] = "uts",
	[NS_MNT] = "mount",   [NS_CGROUP] = "cgroup", [NS_USER] = "user", [NS_TIME] = "time",
};

/* One step of the path of the value being read: ".key" (n bytes), or
 * "[n]" when key is NULL. */
struct pseg {
	const char *key;
	int n;
};

struct jp {
	const char *js;
	jsmntok_t *t;
	int n;
	struct pseg seg[272]; /* nesting is at most 256 (json_check) */
	size_t depth;
	char path[1024]; /* rendered for an error only */
};

/* J_OFF: a compiled-out feature's key (sub: the flag, "CFG_SECCOMP=0"),
 * refused when given; its tables and handlers are left out. */
enum jtype { J_STR, J_BOOL, J_U32, J_INT, J_I64, J_U64, J_STRV, J_OBJ, J_FN, J_OFF };

struct jfield {
	const char *key;
	const void *sub; /* J_OBJ: struct jtable; J_FN: handler */
	uint16_t off;
	uint16_t has; /* offsetof(bool) + 1, or 0 */
	uint8_t type; /* enum jtype */
};

struct jtable {
	const struct jfield *f;
	size_t n;
};

typedef int (*jfn)(struct jp *p, int i, void *ctx);

#define TABLE(a) { a, ARRAY_SIZE(a) }
/* Each entry macro X has a form X_ without the braces, for ON below. */
#define F_(k, t, s, m) k, NULL, offsetof(s, m), 0, t
#define FH_(k, t, s, m, h) k, NULL, offsetof(s, m), offsetof(s, h) + 1, t
#define FF_(k, fn) k, (const void *)fn, 0, 0, J_FN
/* a nested object whose fields live in the same struct (or at member m) */
#define FS_(k, tab) k, &tab, 0, 0, J_OBJ
#define FSH_(k, tab, s, h) k, &tab, 0, offsetof(s, h) + 1, J_OBJ
#define FO_(k, s, m, tab) k, &tab, offsetof(s, m), 0, J_OBJ
#define F(...) { F_(__VA_ARGS__) }
#define FH(...) { FH_(__VA_ARGS__) }
#define FF(...) { FF_(__VA_ARGS__) }
#define FS(...) { FS_(__VA_ARGS__) }
#define FSH(...) { FSH_(__VA_ARGS__) }
#define FO(...) { FO_(__VA_ARGS__) }
/* ON(CFG_X, "CFG_X=0", FF_("key", h_key)): the entry, or in a build
 * without the feature a J_OFF entry for its key (whose handler and
 * tables are then unreferenced, and dropped). A value that asks for
 * nothing (null, "", [], {}) passes; with ON_ANY only null does
 * (capabilities {} asks to drop every capability). */
#define ON(on, why, ...) ON_(on, why, 0, __VA_ARGS__)
#define ON_ANY(on, why, ...) ON_(on, why, 1, __VA_ARGS__)
#define ON_(on, why, any, k, sub, off, has, t)                                                              \
	{ k, (on) ? (const void *)(sub) : (const void *)(why), (on) ? (off) : (any), (on) ? (has) : 0, (on) ? (t) : J_OFF }

static size_t cat(char *b, size_t o, size_t size, const char *s, size_t n)
{
	if (n > size - 1 - o)
		n = size - 1 - o;
	memcpy(b + o, s, n);
	return o + n;
}

/* The path of the value being read, for the error messages, rendered
 * from its steps (cut at the buffer's end). Steps are kept, not text:
 * building the text for every key and index read was a tenth of the
 * parse time. */
static const char *path_of(struct jp *p)
{
	size_t o = 0, d = p->depth < ARRAY_SIZE(p->seg) ? p->depth : ARRAY_SIZE(p->seg);

	if (!p->depth)
		return "(document)";
	for (size_t k = 0; k < d; k++) {
		char num[16], *e = num + sizeof(num);
		unsigned v = (unsigned)p->seg[k].n;

		if (p->seg[k].key) {
			if (k)
				o = cat(p->path, o, sizeof(p->path), ".", 1);
			o = cat(p->path, o, sizeof(p->path), p->seg[k].key, v);
			continue;
		}
		*--e = ']';
		do
			*--e = (char)('0' + v % 10);
		while (v /= 10);
		*--e = '[';
		o = cat(p->path, o, sizeof(p->path), e, (size_t)(num + sizeof(num) - e));
	}
	p->path[o] = 0;
	return p->path;
}

static int jerr(struct jp *p, const char *what)
{
	return rt_fail(0, "%s: %s", path_of(p), what);
}

/* A step into key k (klen bytes, alive until the matching pop) or index
 * idx; returns the depth to pop back to. */
static size_t push_key(struct jp *p, const char *k, size_t klen)
{
	if (p->depth < ARRAY_SIZE(p->seg))
		p->seg[p->depth] = (struct pseg){ k, (int)klen };
	return p->depth++;
}

static size_t push_index(struct jp *p, int idx)
{
	if (p->depth < ARRAY_SIZE(p->seg))
		p->seg[p->depth] = (struct pseg){ NULL, idx };
	return p->depth++;
}

static void pop(struct jp *p, size_t old)
{
	p->depth = old;
}

/* Index just past token i and everything inside it. */
static int skip(const struct jp *p, int i)
{
	int pending = 1;

	while (pending > 0 && i < p->n) {
		pending += p->t[i].size - 1;
		i++;
	}
	return i;
}

static bool tok_is(const struct jp *p, int i, const char *lit)
{
	size_t n = strlen(lit);

	return p->t[i].type == JSMN_PRIMITIVE && (size_t)(p->t[i].end - p->t[i].start) == n &&
	       !memcmp(p->js + p->t[i].start, lit, n);
}

static bool is_null(const struct jp *p, int i)
{
	return tok_is(p, i, "null");
}

static const char *type_name(const struct jp *p, int i)
{
	switch (p->t[i].type) {
	case JSMN_OBJECT: return "object";
	case JSMN_ARRAY: return "array";
	case JSMN_STRING: return "string";
	default: break;
	}
	if (tok_is(p, i, "true") || tok_is(p, i, "false"))
		return "boolean";
	return is_null(p, i) ? "null" : "number";
}

static int expect(struct jp *p, int i, const char *want)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "expected %s, got %s", want, type_name(p, i));
	return jerr(p, msg);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int hex4(const char *s, const char *e, unsigned *out)
{
	unsigned v = 0;

	if (e - s < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		int h = hexval(s[k]);
		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Unescape [s, e) into out (room for e - s + 1 bytes), a string of a
 * document json_check passed (no raw control characters). Returns NULL,
 * or what is wrong. A NUL (\u0000) cannot live in a C string: an error,
 * never a truncation. */
static const char *unescape(const char *s, const char *e, char *o)
{
	while (s < e) {
		/* the run up to the next backslash at once (json_check has
		 * refused raw control characters in every string) */
		const char *b = memchr(s, '\\', (size_t)(e - s));
		size_t n = (size_t)((b ? b : e) - s);
		unsigned cp, lo;

		memcpy(o, s, n);
		o += n;
		s += n + 1;
		if (!b)
			break;
		if (s >= e)
			return "invalid escape in string";
		switch (*s++) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (hex4(s, e, &cp) < 0)
				return "invalid escape in string";
			s += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return "lone low surrogate in string";
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (e - s < 6 || s[0] != '\\' || s[1] != 'u' || hex4(s + 2, e, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return "lone high surrogate in string";
				s += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0)
				return "\\u0000 (NUL) in string";
			o = put_utf8(o, cp);
			break;
		default:
			return "invalid escape in string";
		}
	}
	*o = 0;
	return NULL;
}

/* Token i (a string) unescaped into a new NUL-terminated string. */
static int get_str(struct jp *p, int i, char **out)
{
	const char *s = p->js + p->t[i].start, *e = p->js + p->t[i].end, *why;
	char *r;

	if (p->t[i].type != JSMN_STRING)
		return expect(p, i, "string");
	r = xmalloc((size_t)(e - s) + 1);
	if ((why = unescape(s, e, r))) {
		free(r);
		return jerr(p, why);
	}
	*out = r;
	return 0;
}

/* Strict JSON number grammar; *is_int when it has no fraction/exponent. */
static bool number_ok(const char *s, const char *e, bool *is_int)
{
	*is_int = true;
	if (s < e && *s == '-')
		s++;
	if (s >= e)
		return false;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	else
		return false;
	if (s < e && *s == '.') {
		*is_int = false;
		if (++s >= e || *s < '0' || *s > '9')
			return false;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < e && (*s == 'e' || *s == 'E')) {
		*is_int = false;
		s++;
		if (s < e && (*s == '+' || *s == '-'))
			s++;
		if (s >= e || *s < '0' || *s > '9')
			return false;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	return s == e;
}

/* An integer token within [min, max] (as a signed range, or max as
 * unsigned when min is 0 and umax is set). */
static int get_int_range(struct jp *p, int i, int64_t min, uint64_t max, uint64_t *mag, bool *neg)
{
	const char *s = p->js + p->t[i].start, *e = p->js + p->t[i].end;
	uint64_t v = 0;
	bool is_int;
	char msg[128];

	if (p->t[i].type != JSMN_PRIMITIVE || !number_ok(s, e, &is_int))
		return expect(p, i, "integer");
	if (!is_int)
		return jerr(p, "expected integer, got a fraction or exponent");
	*neg = *s == '-';
	if (*neg)
		s++;
	for (; s < e; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			goto range;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*neg && v != 0) {
		if (min >= 0 || v - 1 > (uint64_t)(-(min + 1)))
			goto range;
	} else if (v > max) {
		goto range;
	}
	*mag = v;
	return 0;
range:
	if (min >= 0)
		snprintf(msg, sizeof(msg), "out of range (%lld..%llu)", (long long)min, (unsigned long long)max);
	else
		snprintf(msg, sizeof(msg), "out of range (%lld..%lld)", (long long)min, (long long)max);
	return jerr(p, msg);
}

static int get_i64(struct jp *p, int i, int64_t min, int64_t max, int64_t *out)
{
	uint64_t mag;
	bool neg;
	int r = get_int_range(p, i, min, (uint64_t)max, &mag, &neg);

	if (r < 0)
		return r;
	*out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

static int get_u64(struct jp *p, int i, uint64_t max, uint64_t *out)
{
	bool neg;

	return get_int_range(p, i, 0, max, out, &neg);
}

static int get_bool(struct jp *p, int i, bool *out)
{
	if (tok_is(p, i, "true"))
		*out = true;
	else if (tok_is(p, i, "false"))
		*out = false;
	else
		return expect(p, i, "boolean");
	return 0;
}

static int walk_object(struct jp *p, int i, const struct jtable *tab, void *ctx);

static int get_strv(struct jp *p, int i, struct strv *out)
{
	int n, r;

	if (p->t[i].type != JSMN_ARRAY)
		return expect(p, i, "array of strings");
	n = p->t[i].size;
	out->v = xcalloc((size_t)n + 1, sizeof(char *));
	out->n = (size_t)n;
	i++;
	for (int k = 0; k < n; k++) {
		size_t old = push_index(p, k);
		r = get_str(p, i, &out->v[k]);
		if (r < 0)
			return r;
		pop(p, old);
		i++;
	}
	return i;
}

/* The value of field f (token i) into ctx; the index past it. A
 * compiled-out feature's key is refused when its value asks for
 * anything (ON/ON_ANY above). */
static int field(struct jp *p, int i, const struct jfield *f, void *ctx)
{
	char *base = ctx;
	uint64_t u = 0;
	int64_t s = 0;
	int r;

	if (f->type == J_OFF) {
		if (f->off || p->t[i].type == JSMN_PRIMITIVE || p->t[i].size ||
		    (p->t[i].type == JSMN_STRING && p->t[i].end > p->t[i].start))
			return rt_fail(0, "%s: not compiled in (%s)", path_of(p), (const char *)f->sub);
		return skip(p, i);
	}
	if (f->has)
		*(bool *)(base + f->has - 1) = true;
	switch (f->type) {
	case J_STR:
		/* a duplicate key: the old string is left to the arena */
		r = get_str(p, i, (char **)(base + f->off));
		return r < 0 ? r : i + 1;
	case J_BOOL:
		r = get_bool(p, i, (bool *)(base + f->off));
		return r < 0 ? r : i + 1;
	case J_U32:
		r = get_u64(p, i, UINT32_MAX, &u);
		*(uint32_t *)(base + f->off) = (uint32_t)u;
		return r < 0 ? r : i + 1;
	case J_U64:
		r = get_u64(p, i, UINT64_MAX, &u);
		*(uint64_t *)(base + f->off) = u;
		return r < 0 ? r : i + 1;
	case J_INT:
		r = get_i64(p, i, INT32_MIN, INT32_MAX, &s);
		*(int *)(base + f->off) = (int)s;
		return r < 0 ? r : i + 1;
	case J_I64:
		r = get_i64(p, i, INT64_MIN, INT64_MAX, &s);
		*(int64_t *)(base + f->off) = s;
		return r < 0 ? r : i + 1;
	case J_STRV:
		return get_strv(p, i, (struct strv *)(base + f->off));
	case J_OBJ:
		return walk_object(p, i, f->sub, base + f->off);
	case J_FN:
		return ((jfn)f->sub)(p, i, ctx);
	case J_OFF:
		break;
	}
	return -1;
}

static int walk_object(struct jp *p, int i, const struct jtable *tab, void *ctx)
{
	int nkeys, r;

	if (p->t[i].type != JSMN_OBJECT)
		return expect(p, i, "object");
	nkeys = p->t[i].size;
	i++;
	for (int k = 0; k < nkeys; k++) {
		const char *key = p->js + p->t[i].start;
		size_t klen = (size_t)(p->t[i].end - p->t[i].start);
		const struct jfield *f = NULL;
		AUTOFREE char *ukey = NULL;
		size_t old;

		if (p->t[i].type != JSMN_STRING)
			return jerr(p, "object key is not a string");
		if (memchr(key, '\\', klen)) {
			/* a key that does not unescape cannot name a field: skipped */
			ukey = xmalloc(klen + 1);
			if (unescape(key, key + klen, ukey))
				ukey[0] = 0;
			key = ukey;
			klen = strlen(ukey);
		}
		for (size_t j = 0; j < tab->n && !f; j++)
			if (strlen(tab->f[j].key) == klen && !memcmp(tab->f[j].key, key, klen))
				f = &tab->f[j];
		old = push_key(p, key, klen);
		i++;
		if (!f || is_null(p, i))
			r = skip(p, i);
		else
			r = field(p, i, f, ctx);
		if (r < 0)
			return r;
		pop(p, old);
		i = r;
	}
	return i;
}

/* An array of objects, each walked with tab into a new element. */
static int walk_array(struct jp *p, int i, const struct jtable *tab, size_t elem, void **out, size_t *count)
{
	int n;
	char *v;

	if (p->t[i].type != JSMN_ARRAY)
		return expect(p, i, "array");
	n = p->t[i].size;
	v = xcalloc((size_t)n + 1, elem);
	i++;
	for (int k = 0; k < n; k++) {
		size_t old = push_index(p, k);
		i = walk_object(p, i, tab, v + (size_t)k * elem);
		if (i < 0)
			return i;
		pop(p, old);
	}
	free(*out);
	*out = v;
	*count = (size_t)n;
	return i;
}

static int walk_kv(struct jp *p, int i, struct kvv *out)
{
	AUTOFREE uint32_t *hash = NULL;
	size_t hsize = 16;
	int n, r;

	if (p->t[i].type != JSMN_OBJECT)
		return expect(p, i, "object");
	n = p->t[i].size;
	out->v = xcalloc((size_t)n + 1, sizeof(struct kv));
	out->n = 0;
	/* the keys so far, hashed (index + 1; 0 is empty): a scan of them
	 * for duplicates was quadratic (50,000 annotations: 10 s) */
	while (hsize < 2 * (size_t)n)
		hsize *= 2;
	hash = xcalloc(hsize, sizeof(*hash));
	i++;
	for (int k = 0; k < n; k++) {
		struct kv *e = &out->v[out->n];
		size_t old = push_key(p, p->js + p->t[i].start, (size_t)(p->t[i].end - p->t[i].start)), x;
		unsigned h = 2166136261u; /* FNV-1a */

		if ((r = get_str(p, i, &e->key)) < 0 || (r = get_str(p, i + 1, &e->value)) < 0)
			return r;
		pop(p, old);
		for (const char *c = e->key; *c; c++)
			h = (h ^ (unsigned char)*c) * 16777619u;
		for (x = h & (hsize - 1); hash[x]; x = (x + 1) & (hsize - 1))
			if (!strcmp(out->v[hash[x] - 1].key, e->key))
				break;
		if (hash[x]) /* a duplicate key: the last one wins */
			out->v[hash[x] - 1].value = e->value;
		else
			hash[x] = (uint32_t)++out->n;
		i += 2;
	}
	return i;
}

/* ---- config.json tables ---- */

static const struct jfield idmap_f[] = {
	F("containerID", J_U32, struct oci_idmap, container_id),
	F("hostID", J_U32, struct oci_idmap, host_id),
	F("size", J_U32, struct oci_idmap, size),
};
static const struct jtable idmap_t = TABLE(idmap_f);

static int h_mnt_uidmaps(struct jp *p, int i, void *ctx)
{
	struct oci_mount *m = ctx;

	return walk_array(p, i, &idmap_t, sizeof(struct oci_idmap), (void **)&m->uid_maps, &m->n_uid_maps);
}

static int h_mnt_gidmaps(struct jp *p, int i, void *ctx)
{
	struct oci_mount *m = ctx;

	return walk_array(p, i, &idmap_t, sizeof(struct oci_idmap), (void **)&m->gid_maps, &m->n_gid_maps);
}

static const struct jfield mount_f[] = {
	F("destination", J_STR, struct oci_mount, destination),
	F("type", J_STR, struct oci_mount, type),
	F("source", J_STR, struct oci_mount, source),
	F("options", J_STRV, struct oci_mount, options),
	ON(CFG_IDMAP, "CFG_IDMAP=0", FF_("uidMappings", h_mnt_uidmaps)),
	ON(CFG_IDMAP, "CFG_IDMAP=0", FF_("gidMappings", h_mnt_gidmaps)),
};
static const struct jtable mount_t = TABLE(mount_f);

static int h_mounts(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;

	return walk_array(p, i, &mount_t, sizeof(struct oci_mount), (void **)&c->mounts, &c->n_mounts);
}

static const struct jfield root_f[] = {
	F("path", J_STR, struct oci_config, root_path),
	F("readonly", J_BOOL, struct oci_config, root_readonly),
};
static const struct jtable root_t = TABLE(root_f);

static const struct jfield console_f[] = {
	F("height", J_U32, struct oci_process, console_height),
	F("width", J_U32, struct oci_process, console_width),
};
static const struct jtable console_t = TABLE(console_f);

static int h_addgids(struct jp *p, int i, void *ctx)
{
	struct oci_process *pr = ctx;
	int n;

	if (p->t[i].type != JSMN_ARRAY)
		return expect(p, i, "array of integers");
	n = p->t[i].size;
	free(pr->additional_gids);
	pr->additional_gids = xcalloc((size_t)n + 1, sizeof(uint32_t));
	pr->n_additional_gids = (size_t)n;
	i++;
	for (int k = 0; k < n; k++, i++) {
		size_t old = push_index(p, k);
		uint64_t v;
		int r = get_u64(p, i, UINT32_MAX, &v);
		if (r < 0)
			return r;
		pr->additional_gids[k] = (uint32_t)v;
		pop(p, old);
	}
	return i;
}

static const struct jfield user_f[] = {
	F("uid", J_U32, struct oci_process, uid),
	F("gid", J_U32, struct oci_process, gid),
	FH("umask", J_U32, struct oci_process, umask, has_umask),
	FF("additionalGids", h_addgids),
	/* "username" is Windows-only: skipped */
};
static const struct jtable user_t = TABLE(user_f);

static const struct jfield caps_f[] = {
	F("bounding", J_STRV, struct oci_process, caps[CAP_BOUNDING]),
	F("effective", J_STRV, struct oci_process, caps[CAP_EFFECTIVE]),
	F("inheritable", J_STRV, struct oci_process, caps[CAP_INHERITABLE]),
	F("permitted", J_STRV, struct oci_process, caps[CAP_PERMITTED]),
	F("ambient", J_STRV, struct oci_process, caps[CAP_AMBIENT]),
};
static const struct jtable caps_t = TABLE(caps_f);

static const struct jfield rlimit_f[] = {
	F("type", J_STR, struct oci_rlimit, type),
	F("soft", J_U64, struct oci_rlimit, soft),
	F("hard", J_U64, struct oci_rlimit, hard),
};
static const struct jtable rlimit_t = TABLE(rlimit_f);

static int h_rlimits(struct jp *p, int i, void *ctx)
{
	struct oci_process *pr = ctx;

	return walk_array(p, i, &rlimit_t, sizeof(struct oci_rlimit), (void **)&pr->rlimits, &pr->n_rlimits);
}

static const struct jfield sched_f[] = {
	F("policy", J_STR, struct oci_process, sched_policy),
	F("flags", J_STRV, struct oci_process, sched_flags),
	F("nice", J_INT, struct oci_process, sched_nice),
	F("priority", J_INT, struct oci_process, sched_priority),
	F("runtime", J_U64, struct oci_process, sched_runtime),
	F("deadline", J_U64, struct oci_process, sched_deadline),
	F("period", J_U64, struct oci_process, sched_period),
};
static const struct jtable sched_t = TABLE(sched_f);

static const struct jfield ioprio_f[] = {
	F("class", J_STR, struct oci_process, io_class),
	F("priority", J_INT, struct oci_process, io_priority),
};
static const struct jtable ioprio_t = TABLE(ioprio_f);

static const struct jfield affinity_f[] = {
	F("initial", J_STR, struct oci_process, cpu_initial),
	F("final", J_STR, struct oci_process, cpu_final),
};
static const struct jtable affinity_t = TABLE(affinity_f);

static const struct jfield process_f[] = {
	F("terminal", J_BOOL, struct oci_process, terminal),
	FS("consoleSize", console_t),
	FS("user", user_t),
	F("args", J_STRV, struct oci_process, args),
	F("env", J_STRV, struct oci_process, env),
	F("cwd", J_STR, struct oci_process, cwd),
	ON_ANY(CFG_CAPS, "CFG_CAPS=0", FSH_("capabilities", caps_t, struct oci_process, has_caps)),
	ON(CFG_RLIMITS, "CFG_RLIMITS=0", FF_("rlimits", h_rlimits)),
	F("noNewPrivileges", J_BOOL, struct oci_process, no_new_privileges),
	ON(CFG_OOM_SCORE, "CFG_OOM_SCORE=0", FH_("oomScoreAdj", J_INT, struct oci_process, oom_score_adj, has_oom_score_adj)),
	ON(CFG_APPARMOR, "CFG_APPARMOR=0", F_("apparmorProfile", J_STR, struct oci_process, apparmor_profile)),
	F("selinuxLabel", J_STR, struct oci_process, selinux_label),
	ON(CFG_SCHED, "CFG_SCHED=0", FSH_("scheduler", sched_t, struct oci_process, has_scheduler)),
	ON(CFG_SCHED, "CFG_SCHED=0", FSH_("ioPriority", ioprio_t, struct oci_process, has_io_priority)),
	ON(CFG_SCHED, "CFG_SCHED=0", FS_("execCPUAffinity", affinity_t)),
	/* commandLine is Windows-only: skipped */
};
static const struct jtable process_t = TABLE(process_f);

static int h_annotations(struct jp *p, int i, void *ctx)
{
	return walk_kv(p, i, &((struct oci_config *)ctx)->annotations);
}

const char *const hook_names[HOOK_KINDS] = {
	"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

static const struct jfield hook_f[] = {
	F("path", J_STR, struct oci_hook, path),
	F("args", J_STRV, struct oci_hook, args),
	F("env", J_STRV, struct oci_hook, env),
	FH("timeout", J_I64, struct oci_hook, timeout, has_timeout),
};
static const struct jtable hook_t = TABLE(hook_f);

static int h_hook_list(struct jp *p, int i, void *ctx, enum hook_kind k)
{
	struct oci_hooks *hs = &((struct oci_config *)ctx)->hooks[k];
	int r = walk_array(p, i, &hook_t, sizeof(struct oci_hook), (void **)&hs->h, &hs->n);

	for (size_t j = 0; r >= 0 && j < hs->n; j++) {
		const struct oci_hook *h = &hs->h[j];
		size_t old = push_index(p, (int)j);
		if (!h->path || h->path[0] != '/')
			return push_key(p, "path", 4), jerr(p, "required, an absolute path");
		if (h->has_timeout && h->timeout <= 0)
			return push_key(p, "timeout", 7), jerr(p, "must be greater than zero");
		pop(p, old);
	}
	return r;
}

#define HOOK_HANDLER(fn, kind)                                                 \
	static int fn(struct jp *p, int i, void *ctx)                          \
	{                                                                      \
		return h_hook_list(p, i, ctx, kind);                           \
	}
HOOK_HANDLER(h_prestart, HOOK_PRESTART)
HOOK_HANDLER(h_create_runtime, HOOK_CREATE_RUNTIME)
HOOK_HANDLER(h_create_container, HOOK_CREATE_CONTAINER)
HOOK_HANDLER(h_start_container, HOOK_START_CONTAINER)
HOOK_HANDLER(h_poststart, HOOK_POSTSTART)
HOOK_HANDLER(h_poststop, HOOK_POSTSTOP)

static const struct jfield hooks_f[] = {
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("prestart", h_prestart)),
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("createRuntime", h_create_runtime)),
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("createContainer", h_create_container)),
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("startContainer", h_start_container)),
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("poststart", h_poststart)),
	ON(CFG_HOOKS, "CFG_HOOKS=0", FF_("poststop", h_poststop)),
};
static const struct jtable hooks_t = TABLE(hooks_f);

struct ns_entry {
	char *type, *path;
};

static const struct jfield ns_f[] = {
	F("type", J_STR, struct ns_entry, type),
	F("path", J_STR, struct ns_entry, path),
};
static const struct jtable ns_t = TABLE(ns_f);

static int h_namespaces(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;
	struct ns_entry *v = NULL;
	size_t n = 0;
	int r = walk_array(p, i, &ns_t, sizeof(*v), (void **)&v, &n);

	if (r < 0)
		return r;
	memset(c->ns, 0, sizeof(c->ns));
	for (size_t k = 0; k < n; k++) {
		size_t old = push_index(p, (int)k), kind;

		push_key(p, "type", 4);
		if (!v[k].type)
			return jerr(p, "required");
		for (kind = 0; kind < NS_COUNT; kind++)
			if (!strcmp(v[k].type, ns_names[kind]))
				break;
		if (kind == NS_COUNT)
			return rt_fail(0, "%s: unknown namespace type \"%s\"", path_of(p), v[k].type);
		if (c->ns[kind].present)
			return rt_fail(0, "%s: namespace \"%s\" listed twice", path_of(p), v[k].type);
		c->ns[kind].present = true;
		c->ns[kind].path = v[k].path && *v[k].path ? v[k].path : NULL;
		pop(p, old);
	}
	free(v);
	return r;
}

static int h_uidmaps(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;

	return walk_array(p, i, &idmap_t, sizeof(struct oci_idmap), (void **)&c->uid_maps, &c->n_uid_maps);
}

static int h_gidmaps(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;

	return walk_array(p, i, &idmap_t, sizeof(struct oci_idmap), (void **)&c->gid_maps, &c->n_gid_maps);
}

struct time_offset {
	int64_t secs;
	uint32_t nanosecs;
};

static const struct jfield toff_f[] = {
	F("secs", J_I64, struct time_offset, secs),
	F("nanosecs", J_U32, struct time_offset, nanosecs),
};
static const struct jtable toff_t = TABLE(toff_f);

static int h_time_offsets(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;
	struct time_offset o[2] = { { 0, 0 }, { 0, 0 } };
	const struct jfield f[] = {
		{ "monotonic", &toff_t, 0, 0, J_OBJ },
		{ "boottime", &toff_t, sizeof(struct time_offset), 0, J_OBJ },
	};
	const struct jtable t = TABLE(f);
	int r = walk_object(p, i, &t, o);

	for (int k = 0; k < 2; k++) {
		c->time_offset_secs[k] = o[k].secs;
		c->time_offset_nsecs[k] = o[k].nanosecs;
	}
	c->has_time_offsets = true;
	return r;
}

struct dev_json {
	char *type, *path;
	int64_t major, minor;
	bool has_major, has_minor, has_mode, has_uid, has_gid, allow;
	uint32_t mode, uid, gid;
	char *access;
};

static const struct jfield dev_f[] = {
	F("type", J_STR, struct dev_json, type),
	F("path", J_STR, struct dev_json, path),
	FH("major", J_I64, struct dev_json, major, has_major),
	FH("minor", J_I64, struct dev_json, minor, has_minor),
	FH("fileMode", J_U32, struct dev_json, mode, has_mode),
	FH("uid", J_U32, struct dev_json, uid, has_uid),
	FH("gid", J_U32, struct dev_json, gid, has_gid),
	F("allow", J_BOOL, struct dev_json, allow),
	F("access", J_STR, struct dev_json, access),
};
static const struct jtable devj_t = TABLE(dev_f);

static int h_devices(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;
	struct dev_json *v = NULL;
	size_t n = 0;
	int r = walk_array(p, i, &devj_t, sizeof(*v), (void **)&v, &n);

	if (r < 0)
		return r;
	c->devices = xcalloc(n + 1, sizeof(*c->devices));
	c->n_devices = n;
	for (size_t k = 0; k < n; k++) {
		struct oci_device *d = &c->devices[k];
		size_t old = push_index(p, (int)k);

		if (!v[k].path || !v[k].path[0])
			return push_key(p, "path", 4), jerr(p, "required");
		if (!v[k].type || strlen(v[k].type) != 1 || !strchr("cbup", v[k].type[0]))
			return push_key(p, "type", 4), jerr(p, "must be one of \"c\", \"b\", \"u\", \"p\"");
		if (v[k].type[0] != 'p' && (!v[k].has_major || !v[k].has_minor))
			return push_key(p, v[k].has_major ? "minor" : "major", 5), jerr(p, "required for this device type");
		d->path = v[k].path;
		d->type = v[k].type[0];
		d->major = v[k].major;
		d->minor = v[k].minor;
		d->has_mode = v[k].has_mode;
		d->file_mode = v[k].mode;
		d->has_uid = v[k].has_uid;
		d->uid = v[k].uid;
		d->has_gid = v[k].has_gid;
		d->gid = v[k].gid;
		pop(p, old);
	}
	free(v);
	return r;
}

static int h_dev_rules(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;
	struct dev_json *v = NULL;
	size_t n = 0;
	int r = walk_array(p, i, &devj_t, sizeof(*v), (void **)&v, &n);

	if (r < 0)
		return r;
	c->dev_rules = xcalloc(n + 1, sizeof(*c->dev_rules));
	c->n_dev_rules = n;
	for (size_t k = 0; k < n; k++) {
		struct oci_dev_rule *d = &c->dev_rules[k];
		size_t old = push_index(p, (int)k);

		d->allow = v[k].allow;
		d->type = v[k].type ? v[k].type[0] : 'a';
		if (v[k].type && (strlen(v[k].type) != 1 || !strchr("acb", d->type)))
			return push_key(p, "type", 4), jerr(p, "must be one of \"a\", \"c\", \"b\"");
		d->major = v[k].has_major ? v[k].major : -1;
		d->minor = v[k].has_minor ? v[k].minor : -1;
		d->access = v[k].access ? v[k].access : xstrdup("rwm");
		if (strspn(d->access, "rwm") != strlen(d->access) || !d->access[0])
			return push_key(p, "access", 6), jerr(p, "must be letters from \"rwm\"");
		pop(p, old);
	}
	free(v);
	return r;
}

#define R struct oci_resources
static const struct jfield memory_f[] = {
	FH("limit", J_I64, R, mem_limit, has_mem_limit),
	FH("reservation", J_I64, R, mem_reservation, has_mem_reservation),
	FH("swap", J_I64, R, mem_swap, has_mem_swap),
	FH("kernel", J_I64, R, mem_kernel, has_mem_kernel),
	FH("kernelTCP", J_I64, R, mem_kernel_tcp, has_mem_kernel_tcp),
	FH("swappiness", J_U64, R, swappiness, has_swappiness),
	FH("disableOOMKiller", J_BOOL, R, disable_oom, has_disable_oom),
	FH("useHierarchy", J_BOOL, R, use_hierarchy, has_use_hierarchy),
	F("checkBeforeUpdate", J_BOOL, R, check_before_update),
};
static const struct jtable memory_t = TABLE(memory_f);

static const struct jfield cpu_f[] = {
	FH("shares", J_U64, R, shares, has_shares),
	FH("quota", J_I64, R, quota, has_quota),
	FH("burst", J_U64, R, burst, has_burst),
	FH("period", J_U64, R, period, has_period),
	FH("realtimeRuntime", J_I64, R, rt_runtime, has_rt_runtime),
	FH("realtimePeriod", J_U64, R, rt_period, has_rt_period),
	F("cpus", J_STR, R, cpus),
	F("mems", J_STR, R, mems),
	FH("idle", J_I64, R, idle, has_idle),
};
static const struct jtable cpu_t = TABLE(cpu_f);

static const struct jfield pids_f[] = {
	FH("limit", J_I64, R, pids_limit, has_pids),
};
static const struct jtable pids_t = TABLE(pids_f);
#undef R

static int h_res_obj(struct jp *p, int i, void *ctx, const struct jtable *t)
{
	return walk_object(p, i, t, &((struct oci_config *)ctx)->res);
}

/* Element k of the array just walked lacks a required key. */
static int missing(struct jp *p, size_t k, const char *key)
{
	push_index(p, (int)k);
	push_key(p, key, strlen(key));
	return jerr(p, "required");
}

/* weightDevice and the throttle lists share one element type. */
static const struct jfield bdev_f[] = {
	FH("major", J_U32, struct oci_blkio_dev, major, has_major),
	FH("minor", J_U32, struct oci_blkio_dev, minor, has_minor),
	F("weight", J_U32, struct oci_blkio_dev, weight),
	F("leafWeight", J_U32, struct oci_blkio_dev, leaf_weight),
	FH("rate", J_U64, struct oci_blkio_dev, rate, has_rate),
};
static const struct jtable bdev_t = TABLE(bdev_f);

static int blkio_list(struct jp *p, int i, struct oci_resources *r, int w)
{
	int e = walk_array(p, i, &bdev_t, sizeof(struct oci_blkio_dev), (void **)&r->blkio_dev[w], &r->n_blkio_dev[w]);

	for (size_t k = 0; e >= 0 && k < r->n_blkio_dev[w]; k++) {
		const struct oci_blkio_dev *d = &r->blkio_dev[w][k];
		if (!d->has_major || !d->has_minor || (w && !d->has_rate))
			return missing(p, k, !d->has_major ? "major" : !d->has_minor ? "minor" : "rate");
	}
	return e;
}

#define BLKIO_HANDLER(fn, w)                                                   \
	static int fn(struct jp *p, int i, void *ctx)                          \
	{                                                                      \
		return blkio_list(p, i, ctx, w);                               \
	}
BLKIO_HANDLER(h_weight_dev, 0)
BLKIO_HANDLER(h_thr_rbps, 1)
BLKIO_HANDLER(h_thr_wbps, 2)
BLKIO_HANDLER(h_thr_riops, 3)
BLKIO_HANDLER(h_thr_wiops, 4)

static const struct jfield prio_f[] = {
	F("name", J_STR, struct oci_netprio, name),
	F("priority", J_U32, struct oci_netprio, priority),
};
static const struct jtable prio_t = TABLE(prio_f);

static int h_prios(struct jp *p, int i, void *ctx)
{
	struct oci_resources *r = ctx;
	int e = walk_array(p, i, &prio_t, sizeof(*r->prios), (void **)&r->prios, &r->n_prios);

	for (size_t k = 0; e >= 0 && k < r->n_prios; k++)
		if (!r->prios[k].name || !*r->prios[k].name)
			return missing(p, k, "name");
	return e;
}

#define R struct oci_resources
static const struct jfield blkio_f[] = {
	F("weight", J_U32, R, blkio_weight),
	F("leafWeight", J_U32, R, blkio_leaf_weight),
	FF("weightDevice", h_weight_dev),
	FF("throttleReadBpsDevice", h_thr_rbps),
	FF("throttleWriteBpsDevice", h_thr_wbps),
	FF("throttleReadIOPSDevice", h_thr_riops),
	FF("throttleWriteIOPSDevice", h_thr_wiops),
};
static const struct jtable blkio_t = TABLE(blkio_f);

static const struct jfield net_f[] = {
	FH("classID", J_U32, R, classid, has_classid),
	FF("priorities", h_prios),
};
static const struct jtable net_t = TABLE(net_f);
#undef R

static int h_blkio(struct jp *p, int i, void *ctx)
{
	return h_res_obj(p, i, ctx, &blkio_t);
}

static int h_network(struct jp *p, int i, void *ctx)
{
	return h_res_obj(p, i, ctx, &net_t);
}

static const struct jfield huge_f[] = {
	F("pageSize", J_STR, struct oci_hugepage, page_size),
	FH("limit", J_U64, struct oci_hugepage, limit, has_limit),
};
static const struct jtable huge_t = TABLE(huge_f);

static int h_hugepages(struct jp *p, int i, void *ctx)
{
	struct oci_resources *r = &((struct oci_config *)ctx)->res;
	int e = walk_array(p, i, &huge_t, sizeof(*r->hugepages), (void **)&r->hugepages, &r->n_hugepages);

	for (size_t k = 0; e >= 0 && k < r->n_hugepages; k++) {
		const char *s = r->hugepages[k].page_size;
		if (!s || !r->hugepages[k].has_limit)
			return missing(p, k, s ? "limit" : "pageSize");
		/* it names a file: hugetlb.<pageSize>.limit_in_bytes */
		if (!*s || strchr(s, '/') || strchr(s, '.'))
			return push_index(p, (int)k), push_key(p, "pageSize", 8),
			       jerr(p, "expected a huge page size such as \"2MB\" or \"1GB\"");
	}
	return e;
}

static const struct jfield rdma_f[] = {
	FH("hcaHandles", J_U32, struct oci_rdma, handles, has_handles),
	FH("hcaObjects", J_U32, struct oci_rdma, objects, has_objects),
};
static const struct jtable rdma_t = TABLE(rdma_f);

/* {"NAME": {...}, ...}: an element per member, walked with tab; each
 * element's first member is a char * that gets NAME. */
static int walk_named(struct jp *p, int i, const struct jtable *tab, size_t elem, void **out, size_t *count)
{
	int n, e;
	char *v;

	if (p->t[i].type != JSMN_OBJECT)
		return expect(p, i, "object");
	n = p->t[i].size;
	v = xcalloc((size_t)n + 1, elem);
	*out = v;
	*count = (size_t)n;
	i++;
	for (int k = 0; k < n; k++) {
		char *d = v + (size_t)k * elem;
		size_t old = push_key(p, p->js + p->t[i].start, (size_t)(p->t[i].end - p->t[i].start));

		if ((e = get_str(p, i, (char **)d)) < 0 || (e = walk_object(p, i + 1, tab, d)) < 0)
			return e;
		pop(p, old);
		i = e;
	}
	return i;
}

/* {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}, ...} */
static int h_rdma(struct jp *p, int i, void *ctx)
{
	struct oci_resources *r = &((struct oci_config *)ctx)->res;

	return walk_named(p, i, &rdma_t, sizeof(*r->rdma), (void **)&r->rdma, &r->n_rdma);
}

static int h_unified(struct jp *p, int i, void *ctx)
{
	return walk_kv(p, i, &((struct oci_config *)ctx)->res.unified);
}

static const struct jfield resources_f[] = {
	FF("devices", h_dev_rules),
	FO("memory", struct oci_config, res, memory_t),
	FO("cpu", struct oci_config, res, cpu_t),
	FO("pids", struct oci_config, res, pids_t),
	FF("blockIO", h_blkio),
	FF("hugepageLimits", h_hugepages),
	FF("network", h_network),
	FF("rdma", h_rdma),
	FF("unified", h_unified),
};
static const struct jtable resources_t = TABLE(resources_f);

static int h_sysctl(struct jp *p, int i, void *ctx)
{
	return walk_kv(p, i, &((struct oci_config *)ctx)->sysctl);
}

/* ---- linux.seccomp: libseccomp's names to the enums of oci.h ---- */

/* Index of s in list ("A\0B\0..." with n words), or -1. */
static int word_index(const char *list, int n, const char *s)
{
	for (int k = 0; k < n; k++, list += strlen(list) + 1)
		if (!strcmp(list, s))
			return k;
	return -1;
}

/* A string PREFIX+WORD, WORD one of list: its index, or an error that names
 * the field and the value. */
static int get_word(struct jp *p, int i, const char *prefix, const char *list, int n, const char *what, int *out)
{
	AUTOFREE char *s = NULL;
	size_t pl = strlen(prefix);
	int r = get_str(p, i, &s);

	if (r < 0)
		return r;
	*out = strncmp(s, prefix, pl) ? -1 : word_index(list, n, s + pl);
	if (*out < 0)
		return rt_fail(0, "%s: unknown %s \"%s\"", path_of(p), what, s);
	return 0;
}

/* In enum sc_action order from 1; SCMP_ACT_KILL is KILL_THREAD. */
static int get_action(struct jp *p, int i, uint8_t *out)
{
	int k, r = get_word(p, i, "SCMP_ACT_", "KILL_THREAD\0KILL_PROCESS\0TRAP\0ERRNO\0TRACE\0ALLOW\0LOG\0NOTIFY\0KILL",
			    9, "action", &k);

	if (r < 0) /* k is unset */
		return r;
	*out = (uint8_t)(k == 8 ? SC_ACT_KILL_THREAD : k + 1);
	return i + 1;
}

static int h_sc_default_action(struct jp *p, int i, void *ctx)
{
	return get_action(p, i, &((struct oci_seccomp *)ctx)->default_action);
}

static int h_sc_action(struct jp *p, int i, void *ctx)
{
	return get_action(p, i, &((struct oci_syscall *)ctx)->action);
}

static int h_sc_op(struct jp *p, int i, void *ctx)
{
	int k, r = get_word(p, i, "SCMP_CMP_", "NE\0LT\0LE\0EQ\0GE\0GT\0MASKED_EQ", 7, "operator", &k);

	if (r < 0) /* k is unset */
		return r;
	((struct oci_seccomp_arg *)ctx)->op = (uint8_t)(k + 1);
	return i + 1;
}

/* An array of names to a bit set: architectures (bit = enum sc_arch) or
 * flags (the kernel's SECCOMP_FILTER_FLAG_* bits). */
static int sc_word_set(struct jp *p, int i, uint32_t *out, bool flags)
{
	static const uint8_t flag_bits[] = { 1, 2, 4, 32 };
	int n, k, r;

	if (p->t[i].type != JSMN_ARRAY)
		return expect(p, i, "array of strings");
	n = p->t[i].size;
	for (int j = 0; j < n; j++) {
		size_t old = push_index(p, j);
		if (flags)
			r = get_word(p, ++i, "SECCOMP_FILTER_FLAG_", "TSYNC\0LOG\0SPEC_ALLOW\0WAIT_KILLABLE_RECV", 4,
				     "flag", &k);
		else
			r = get_word(p, ++i, "SCMP_ARCH_",
				     "X86\0X86_64\0X32\0ARM\0AARCH64\0MIPS\0MIPS64\0MIPS64N32\0MIPSEL\0MIPSEL64\0"
				     "MIPSEL64N32\0PPC\0PPC64\0PPC64LE\0S390\0S390X\0PARISC\0PARISC64\0RISCV64\0"
				     "LOONGARCH64\0M68K\0SH\0SHEB",
				     SC_ARCH_COUNT, "architecture", &k);
		if (r < 0)
			return r;
		*out |= flags ? flag_bits[k] : 1u << k;
		pop(p, old);
	}
	return i + 1;
}

static int h_sc_arches(struct jp *p, int i, void *ctx)
{
	return sc_word_set(p, i, &((struct oci_seccomp *)ctx)->arches, false);
}

static int h_sc_flags(struct jp *p, int i, void *ctx)
{
	return sc_word_set(p, i, &((struct oci_seccomp *)ctx)->flags, true);
}

static const struct jfield sc_arg_f[] = {
	FH("index", J_U32, struct oci_seccomp_arg, index, has_index),
	FH("value", J_U64, struct oci_seccomp_arg, value, has_value),
	F("valueTwo", J_U64, struct oci_seccomp_arg, value_two),
	FF("op", h_sc_op),
};
static const struct jtable sc_arg_t = TABLE(sc_arg_f);

static int h_sc_args(struct jp *p, int i, void *ctx)
{
	struct oci_syscall *s = ctx;

	return walk_array(p, i, &sc_arg_t, sizeof(*s->args), (void **)&s->args, &s->n_args);
}

static const struct jfield sc_syscall_f[] = {
	F("names", J_STRV, struct oci_syscall, names),
	FF("action", h_sc_action),
	FH("errnoRet", J_U32, struct oci_syscall, errno_ret, has_errno),
	FF("args", h_sc_args),
};
static const struct jtable sc_syscall_t = TABLE(sc_syscall_f);

/* An errno (or TRACE's message) fits SECCOMP_RET_DATA, and only ERRNO and
 * TRACE take one (the spec's MUST). */
static int sc_check_errno(struct jp *p, const char *key, uint8_t action, bool has, uint32_t v)
{
	size_t old = push_key(p, key, strlen(key));

	if (has && action != SC_ACT_ERRNO && action != SC_ACT_TRACE)
		return jerr(p, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
	if (v > 0xffff)
		return jerr(p, "out of range (0..65535)");
	pop(p, old);
	return 0;
}

static int sc_check_syscall(struct jp *p, const struct oci_syscall *s)
{
	size_t old = p->depth;
	int r;

	if (!s->names.n)
		return push_key(p, "names", 5), jerr(p, s->names.v ? "must not be empty" : "required");
	if (!s->action)
		return push_key(p, "action", 6), jerr(p, "required");
	if ((r = sc_check_errno(p, "errnoRet", s->action, s->has_errno, s->errno_ret)) < 0)
		return r;
	for (size_t k = 0; k < s->n_args; k++) {
		const struct oci_seccomp_arg *a = &s->args[k];

		push_key(p, "args", 4);
		push_index(p, (int)k);
		if (!a->has_index)
			return push_key(p, "index", 5), jerr(p, "required");
		if (a->index > 5)
			return push_key(p, "index", 5), jerr(p, "out of range (0..5: a syscall has six arguments)");
		if (!a->has_value)
			return push_key(p, "value", 5), jerr(p, "required");
		if (!a->op)
			return push_key(p, "op", 2), jerr(p, "required");
		pop(p, old);
	}
	return 0;
}

static int h_sc_syscalls(struct jp *p, int i, void *ctx)
{
	struct oci_seccomp *sc = ctx;
	int r = walk_array(p, i, &sc_syscall_t, sizeof(*sc->syscalls), (void **)&sc->syscalls, &sc->n_syscalls);

	for (size_t k = 0; r >= 0 && k < sc->n_syscalls; k++) {
		size_t old = push_index(p, (int)k);
		int e = sc_check_syscall(p, &sc->syscalls[k]);
		if (e < 0)
			return e;
		pop(p, old);
	}
	return r;
}

static const struct jfield seccomp_f[] = {
	FF("defaultAction", h_sc_default_action),
	FH("defaultErrnoRet", J_U32, struct oci_seccomp, default_errno, has_default_errno),
	FF("architectures", h_sc_arches),
	FF("flags", h_sc_flags),
	F("listenerPath", J_STR, struct oci_seccomp, listener_path),
	F("listenerMetadata", J_STR, struct oci_seccomp, listener_metadata),
	FF("syscalls", h_sc_syscalls),
};
static const struct jtable seccomp_t = TABLE(seccomp_f);

static int h_seccomp(struct jp *p, int i, void *ctx)
{
	struct oci_seccomp *sc = xcalloc(1, sizeof(*sc));
	int e, r = walk_object(p, i, &seccomp_t, sc);

	if (r < 0)
		return r;
	if (!sc->default_action)
		return push_key(p, "defaultAction", 13), jerr(p, "required");
	if ((e = sc_check_errno(p, "defaultErrnoRet", sc->default_action, sc->has_default_errno, sc->default_errno)) < 0)
		return e;
	if (sc->listener_metadata && !sc->listener_path)
		return push_key(p, "listenerMetadata", 16), jerr(p, "given without listenerPath");
	((struct oci_config *)ctx)->seccomp = sc;
	return r;
}

static const struct jfield personality_f[] = {
	F("domain", J_STR, struct oci_config, personality),
	/* "flags": none are defined; skipped */
};
static const struct jtable personality_t = TABLE(personality_f);

/* {"eth0": {"name": "ctr0"}, ...} */
static const struct jfield netdev_f[] = {
	F("name", J_STR, struct oci_netdev, name),
};
static const struct jtable netdev_t = TABLE(netdev_f);

static int h_netdevices(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;

	return walk_named(p, i, &netdev_t, sizeof(*c->net_devices), (void **)&c->net_devices, &c->n_net_devices);
}

static const struct jfield mempolicy_f[] = {
	F("mode", J_STR, struct oci_mempolicy, mode),
	F("nodes", J_STR, struct oci_mempolicy, nodes),
	F("flags", J_STRV, struct oci_mempolicy, flags),
};
static const struct jtable mempolicy_t = TABLE(mempolicy_f);

static int h_mempolicy(struct jp *p, int i, void *ctx)
{
	struct oci_config *c = ctx;
	int r = walk_object(p, i, &mempolicy_t, &c->mempolicy);

	if (r >= 0 && !c->mempolicy.mode)
		return push_key(p, "mode", 4), jerr(p, "required");
	c->has_mempolicy = true;
	return r;
}

static const struct jfield rdt_f[] = {
	F("closID", J_STR, struct oci_rdt, clos_id),
	F("l3CacheSchema", J_STR, struct oci_rdt, l3_schema),
	F("memBwSchema", J_STR, struct oci_rdt, mb_schema),
	F("schemata", J_STRV, struct oci_rdt, schemata),
	F("enableMonitoring", J_BOOL, struct oci_rdt, monitoring),
	/* enableCMT and enableMBM (1.1-1.2) were replaced by enableMonitoring */
	F("enableCMT", J_BOOL, struct oci_rdt, monitoring),
	F("enableMBM", J_BOOL, struct oci_rdt, monitoring),
};
static const struct jtable rdt_t = TABLE(rdt_f);

#define NO_CGROUPS "CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support"
static const struct jfield linux_f[] = {
	FF("namespaces", h_namespaces),
	ON(CFG_USERNS, "CFG_USERNS=0", FF_("uidMappings", h_uidmaps)),
	ON(CFG_USERNS, "CFG_USERNS=0", FF_("gidMappings", h_gidmaps)),
	ON(CFG_TIMENS, "CFG_TIMENS=0", FF_("timeOffsets", h_time_offsets)),
	ON(CFG_DEVICES, "CFG_DEVICES=0", FF_("devices", h_devices)),
	ON(CFG_CGROUPS, NO_CGROUPS, F_("cgroupsPath", J_STR, struct oci_config, cgroups_path)),
	ON(CFG_CGROUPS, NO_CGROUPS, FS_("resources", resources_t)),
	ON(CFG_SYSCTL, "CFG_SYSCTL=0", FF_("sysctl", h_sysctl)),
	ON_ANY(CFG_SECCOMP, "CFG_SECCOMP=0", FF_("seccomp", h_seccomp)),
	F("rootfsPropagation", J_STR, struct oci_config, rootfs_propagation),
	F("maskedPaths", J_STRV, struct oci_config, masked_paths),
	F("readonlyPaths", J_STRV, struct oci_config, readonly_paths),
	F("mountLabel", J_STR, struct oci_config, mount_label),
	{ "intelRdt", &rdt_t, offsetof(struct oci_config, rdt), offsetof(struct oci_config, has_rdt) + 1, J_OBJ },
	ON(CFG_PERSONALITY, "CFG_PERSONALITY=0", FS_("personality", personality_t)),
	ON(CFG_NETDEV, "CFG_NETDEV=0", FF_("netDevices", h_netdevices)),
	ON(CFG_SCHED, "CFG_SCHED=0", FF_("memoryPolicy", h_mempolicy)),
};
static const struct jtable linux_t = TABLE(linux_f);
#undef NO_CGROUPS

static const struct jfield config_f[] = {
	F("ociVersion", J_STR, struct oci_config, oci_version),
	FS("root", root_t),
	FF("mounts", h_mounts),
	{ "process", &process_t, offsetof(struct oci_config, process), offsetof(struct oci_config, has_process) + 1, J_OBJ },
	F("hostname", J_STR, struct oci_config, hostname),
	F("domainname", J_STR, struct oci_config, domainname),
	FF("annotations", h_annotations),
	FS("hooks", hooks_t),
	FS("linux", linux_t),
};
static const struct jtable config_t = TABLE(config_f);

/* jsmn checks little of the grammar (commas, colons, what follows a
 * value, control characters in strings it is not asked about). This pass
 * checks all of RFC 8259 first, so a malformed document is refused rather
 * than mis-tokenized. Depth is bounded: no recursion on hostile input. */
struct jcheck {
	const char *s, *e;
};

HOT_BEGIN
static void jc_ws(struct jcheck *c)
{
	while (c->s < c->e && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r'))
		c->s++;
}

static bool jc_string(struct jcheck *c, int *why)
{
	if (c->s >= c->e || *c->s != '"')
		return false;
	for (c->s++; c->s < c->e; c->s++) {
		unsigned char ch = (unsigned char)*c->s;
		if (ch == '"') {
			c->s++;
			return true;
		}
		if (ch < 0x20)
			return !(*why = 1);
		if (ch == '\\') {
			if (++c->s >= c->e)
				return false;
			if (*c->s == 'u') {
				unsigned v;
				if (hex4(c->s + 1, c->e, &v) < 0)
					return !(*why = 2);
				c->s += 4;
			} else if (!strchr("\"\\/bfnrt", *c->s) || !*c->s) {
				return !(*why = 2);
			}
		}
	}
	return false;
}

static bool jc_scalar(struct jcheck *c)
{
	const char *t = c->s;
	bool is_int;

	while (t < c->e && !strchr(" \t\r\n,]}:", *t) && *t)
		t++;
	if (t == c->s)
		return false;
	if (!((t - c->s == 4 && (!memcmp(c->s, "true", 4) || !memcmp(c->s, "null", 4))) ||
	      (t - c->s == 5 && !memcmp(c->s, "false", 5)) || number_ok(c->s, t, &is_int)))
		return false;
	c->s = t;
	return true;
}

HOT_END

#define OPEN(d) ((stack[(d) / 8] >> ((d) % 8)) & 1 ? '{' : '[')
#define CLOSE(d) (OPEN(d) == '{' ? '}' : ']')

/* Returns the number of tokens jsmn will make (a value, a key: one
 * each), or -1. */
static int json_check(const char *js, size_t len, const char *what)
{
	struct jcheck c = { js, js + len };
	int ntok = 0;
	/* one bit per open level: 1 an object, 0 an array */
	AUTOFREE unsigned char *stack = xcalloc(len / 8 + 1, 1);
	size_t depth = 0;
	int why = 0; /* 1: a control character, 2: a bad escape */

	jc_ws(&c);
	if (c.s < c.e && *c.s != '{')
		return rt_fail(0, "%s: expected a JSON object at the top level", what);
	for (;;) {
		/* a value */
		jc_ws(&c);
		if (c.s < c.e && (*c.s == '{' || *c.s == '[')) {
			/* jsmn's time grows with the size times the depth
			 * (even with parent links, each ']' of a run walks up
			 * from the innermost token): bounded; config.json
			 * nests 7 levels (Go's encoding/json stops at 10000) */
			if (depth == 256)
				return rt_fail(0, "%s: nested deeper than 256 levels at byte %zu", what, (size_t)(c.s - js));
			stack[depth / 8] = (unsigned char)((stack[depth / 8] & ~(1u << (depth % 8))) |
							   (unsigned)(*c.s == '{') << (depth % 8));
			depth++;
			ntok++;
			c.s++;
			jc_ws(&c);
			if (c.s < c.e && *c.s == CLOSE(depth - 1)) {
				c.s++;
				depth--;
				goto after_value;
			}
			if (OPEN(depth - 1) == '{')
				goto key;
			continue;
		}
		if (!(c.s < c.e && *c.s == '"' ? jc_string(&c, &why) : jc_scalar(&c)))
			goto bad;
		ntok++;
	after_value:
		jc_ws(&c);
		if (depth == 0)
			break;
		if (c.s < c.e && *c.s == ',') {
			c.s++;
			if (OPEN(depth - 1) == '[')
				continue;
		key:
			jc_ws(&c);
			if (!jc_string(&c, &why))
				goto bad;
			ntok++;
			jc_ws(&c);
			if (c.s >= c.e || *c.s != ':')
				goto bad;
			c.s++;
			continue;
		}
		if (c.s < c.e && *c.s == CLOSE(depth - 1)) {
			c.s++;
			depth--;
			goto after_value;
		}
		goto bad;
	}
	if (c.s != c.e)
		return rt_fail(0, "%s: trailing data after the JSON document (byte %zu)", what, (size_t)(c.s - js));
	return ntok;
bad:
	if (why)
		return rt_fail(0, "%s: invalid JSON: %s in string at byte %zu", what, why == 1 ? "control character" : "invalid escape",
			       (size_t)(c.s - js));
	if (c.s >= c.e)
		return rt_fail(0, "%s: truncated JSON (the document ends early)", what);
	if (!strchr("{}[],:\"", *c.s) && *c.s) {
		/* quote the bad value, printable characters only */
		const char *t = c.s;
		while (t < c.e && t - c.s < 32 && *t > 0x20 && *t < 0x7f && !strchr(",]}:", *t))
			t++;
		return rt_fail(0, "%s: invalid JSON value '%.*s' at byte %zu", what, (int)(t - c.s), c.s,
			       (size_t)(c.s - js));
	}
	return rt_fail(0, "%s: invalid JSON at byte %zu", what, (size_t)(c.s - js));
}


static int tokenize(struct jp *p, const char *js, size_t len, const char *what)
{
	jsmn_parser ps;
	int n;

	memset(p, 0, sizeof(*p));
	p->js = js;
	/* the grammar is checked, and the tokens counted: jsmn only has to
	 * find them, in one pass */
	if ((n = json_check(js, len, what)) < 0)
		return n;
	p->t = xcalloc((size_t)n + 1, sizeof(jsmntok_t));
	jsmn_init(&ps);
	p->n = jsmn_parse(&ps, js, len, p->t, (unsigned)n);
	if (p->n != n || n <= 0 || skip(p, 0) != n)
		return rt_fail(0, "%s: invalid JSON near byte %u", what, ps.pos);
	return 0;
}

static int required(const char *path, const void *v)
{
	return v ? 0 : rt_fail(0, "%s: required", path);
}

int json_parse_config(const char *js, size_t len, struct oci_config *c)
{
	struct jp p;
	int r;

	memset(c, 0, sizeof(*c));
	if ((r = tokenize(&p, js, len, "config.json")) < 0)
		return r;
	r = walk_object(&p, 0, &config_t, c);
	free(p.t);
	if (r < 0)
		return rt_wrap(r, "config.json");
	if ((r = required("config.json: ociVersion", c->oci_version)) < 0 ||
	    (r = required("config.json: root.path", c->root_path)) < 0)
		return r;
	for (size_t k = 0; k < c->n_mounts; k++)
		if (!c->mounts[k].destination)
			return rt_fail(0, "config.json: mounts[%zu].destination: required", k);
	for (size_t k = 0; CFG_RLIMITS && k < c->process.n_rlimits; k++)
		if (!c->process.rlimits[k].type)
			return rt_fail(0, "config.json: process.rlimits[%zu].type: required", k);
	return 0;
}

/* The process object of `exec --process FILE`, as engines write it. */
int json_parse_process(const char *js, size_t len, struct oci_process *pr)
{
	struct jp p;
	int r;

	memset(pr, 0, sizeof(*pr));
	if ((r = tokenize(&p, js, len, "--process")) < 0)
		return r;
	r = walk_object(&p, 0, &process_t, pr);
	free(p.t);
	if (r < 0)
		return rt_wrap(r, "--process");
	for (size_t k = 0; CFG_RLIMITS && k < pr->n_rlimits; k++)
		if (!pr->rlimits[k].type)
			return rt_fail(0, "--process: rlimits[%zu].type: required", k);
	return 0;
}

/* The linux.resources object of `update --resources FILE`. */
int json_parse_resources(const char *js, size_t len, struct oci_config *c)
{
	struct jp p;
	int r;

	memset(c, 0, sizeof(*c));
	if ((r = tokenize(&p, js, len, "--resources")) < 0)
		return r;
	r = walk_object(&p, 0, &resources_t, c);
	free(p.t);
	return r < 0 ? rt_wrap(r, "--resources") : 0;
}

/* ---- state.json ---- */

static int h_state_annotations(struct jp *p, int i, void *ctx)
{
	return walk_kv(p, i, &((struct rt_state *)ctx)->annotations);
}

static const struct jfield state_f[] = {
	F("ociVersion", J_STR, struct rt_state, oci_version),
	F("id", J_STR, struct rt_state, id),
	F("pid", J_INT, struct rt_state, pid),
	F("bundle", J_STR, struct rt_state, bundle),
	F("rootfs", J_STR, struct rt_state, rootfs),
	F("created", J_STR, struct rt_state, created),
	F("owner", J_STR, struct rt_state, owner),
	FF("annotations", h_state_annotations),
	F("runlet.startTime", J_U64, struct rt_state, start_time),
	F("runlet.cgroupPaths", J_STRV, struct rt_state, cgroup_paths),
	F("runlet.cgroupCreated", J_BOOL, struct rt_state, cgroup_created),
};
static const struct jtable state_t = TABLE(state_f);

int json_parse_state(const char *js, size_t len, struct rt_state *s)
{
	struct jp p;
	int r;

	memset(s, 0, sizeof(*s));
	if ((r = tokenize(&p, js, len, "state.json")) < 0)
		return r;
	r = walk_object(&p, 0, &state_t, s);
	free(p.t);
	if (r < 0)
		return rt_wrap(r, "state.json");
	/* pid 0: written by a create before its init is ready */
	if (!s->id || !s->bundle || s->pid < 0)
		return rt_fail(0, "state.json: id, bundle and pid are required");
	return 0;
}
