/* linux.seccomp to a classic BPF program, without libseccomp.
 *
 * The program:
 *
 *   ld arch; jeq NATIVE -> native block; jeq OTHER -> its block; ...
 *   ret KILL_PROCESS                       (an architecture not listed)
 *   block: ld nr; a binary search over the syscall-number line, cut into
 *          intervals of one outcome: a `ret`, or the argument rules of one
 *          syscall (tried in config order, the first that matches wins,
 *          then the default action).
 *
 * Decisions (libseccomp's, unless said otherwise):
 * - The native architecture is always included.
 * - A syscall of an architecture that is not listed (or that this build has
 *   no table for: it cannot run here) is KILL_PROCESS, never the default
 *   action: with a permissive default, an i386 or x32 syscall would
 *   otherwise bypass every rule written for x86_64. libseccomp's bad-arch
 *   action is KILL_THREAD; killing the process leaves no half-dead threads.
 * - x32 shares AUDIT_ARCH_X86_64 and sets __X32_SYSCALL_BIT in the number:
 *   under that arch, numbers below the bit are x86_64's rules, numbers from
 *   the bit up are x32's (KILL_PROCESS when X32 is not listed), so an x32
 *   call never matches an x86_64 rule or falls to a permissive default;
 *   except -1 (a syscall a tracer skipped), which gets the default action.
 * - Arguments of a 64-bit architecture are compared as two 32-bit halves,
 *   high then low. On a 32-bit one (x86, arm, x32) only the low halves are
 *   compared, as libseccomp does: the kernel gives such a process 32-bit
 *   arguments.
 * - A rule without args for a syscall wins over its rules with args (the
 *   first such rule, if several); args on one rule are ANDed, also when an
 *   index repeats (runc ORs those; AND is what one rule says).
 * - A rule whose action is the default action is skipped: libseccomp
 *   refuses it (EACCES) and runc skips it, so it cannot shadow a later
 *   rule's args either.
 * - A syscall name this build does not know is skipped (shown by --debug),
 *   as runc does; a name that exists, but not on one of the architectures,
 *   is skipped for that one.
 * - x86 (32-bit) reaches the socket calls through socketcall(2) (arg0 the
 *   call: SYS_SOCKET = 1 ... SYS_SENDMMSG = 20) and, since Linux 4.3, also
 *   directly (accept, send and recv only through socketcall); the SysV IPC
 *   calls likewise through ipc(2) (arg0 SEMOP = 1 ... SHMCTL = 24) and,
 *   since 5.1, directly (not semop, semtimedop). A rule naming such a call
 *   also covers the multiplexer: socketcall (or ipc) with arg0 == the call.
 *   The real arguments sit behind a pointer that BPF cannot follow, so, as
 *   libseccomp does (seccomp_rule_add; the _exact variant refuses), the
 *   rule's arg0 conditions are dropped on that path (arg0 is the call) and
 *   the others are compared with the multiplexer's own registers (arg1 is
 *   the pointer): the filters agree with libseccomp's. A profile that must
 *   restrict socket arguments on x86 has to refuse socketcall itself:
 *   podman's allows it, so the sys_socket(AF_NETLINK, _, NETLINK_AUDIT) it
 *   refuses directly passes through socketcall, under runc as here.
 * - Jumps: jt/jf are 8 bits; a target further than 255 instructions gets a
 *   `ja` trampoline. The program is built backwards (every jump is
 *   forward, so every target is already placed), as Chromium's BPF code
 *   generator does. */
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "seccomp.h"
#include "sys.h"
#include "util.h"

#if defined(__x86_64__) && defined(__ILP32__)
#define SC_NATIVE SC_ARCH_X32
#define SC_FAMILY 1
#elif defined(__x86_64__)
#define SC_NATIVE SC_ARCH_X86_64
#define SC_FAMILY 1
#elif defined(__i386__)
#define SC_NATIVE SC_ARCH_X86
#define SC_FAMILY 1
#elif defined(__aarch64__)
#define SC_NATIVE SC_ARCH_AARCH64
#define SC_FAMILY 2
#elif defined(__arm__)
#define SC_NATIVE SC_ARCH_ARM
#define SC_FAMILY 2
#elif defined(__riscv) && __riscv_xlen == 64
#define SC_NATIVE SC_ARCH_RISCV64
#define SC_FAMILY 3
#else
#define SC_NATIVE (-1) /* no table: seccomp_compile refuses */
#define SC_FAMILY 0
#endif

/* The tables of the architectures this kernel can run: the native one's
 * family (x86_64 runs x86 and x32; aarch64 runs arm). SECCOMP_ALL_ARCHES:
 * all of them, for the unit test. */
#ifndef SECCOMP_ALL_ARCHES
#define SECCOMP_ALL_ARCHES 0
#endif
#define SC_WANT_X86_64 (SECCOMP_ALL_ARCHES || SC_FAMILY == 1)
#define SC_WANT_X86 (SECCOMP_ALL_ARCHES || SC_FAMILY == 1)
#define SC_WANT_X32 (SECCOMP_ALL_ARCHES || SC_FAMILY == 1)
#define SC_WANT_AARCH64 (SECCOMP_ALL_ARCHES || SC_FAMILY == 2)
#define SC_WANT_ARM (SECCOMP_ALL_ARCHES || SC_FAMILY == 2)
#define SC_WANT_RISCV64 (SECCOMP_ALL_ARCHES || SC_FAMILY == 3)

#include "seccomp_tables.h"

/* The compiler at -O2 (the rest of runlet is -Oz): ~2 KB for a fifth of
 * config.json's parse + validate time with podman's profile, which has
 * its 437 names compiled for three architectures on every create. */
HOT_BEGIN

#define X32_BIT 0x40000000u
#define NONE 0xffffu

struct archdef {
	uint8_t arch;   /* enum sc_arch */
	uint8_t bits64; /* compare both halves of an argument */
	uint32_t audit; /* AUDIT_ARCH_* in seccomp_data.arch */
	const uint16_t *nr;
	const uint16_t *diff; /* x32: (name, number) pairs that differ from nr */
	uint16_t n_diff;
};

static const struct archdef archdefs[] = {
#if SC_WANT_X86_64
	{ SC_ARCH_X86_64, 1, AUDIT_ARCH_X86_64, sc_nr_x86_64, NULL, 0 },
#endif
#if SC_WANT_X32
	{ SC_ARCH_X32, 0, AUDIT_ARCH_X86_64, sc_nr_x86_64, sc_x32_diff, ARRAY_SIZE(sc_x32_diff) / 2 },
#endif
#if SC_WANT_X86
	{ SC_ARCH_X86, 0, AUDIT_ARCH_I386, sc_nr_x86, NULL, 0 },
#endif
#if SC_WANT_AARCH64
	{ SC_ARCH_AARCH64, 1, AUDIT_ARCH_AARCH64, sc_nr_aarch64, NULL, 0 },
#endif
#if SC_WANT_ARM
	{ SC_ARCH_ARM, 0, AUDIT_ARCH_ARM, sc_nr_arm, NULL, 0 },
#endif
#if SC_WANT_RISCV64
	{ SC_ARCH_RISCV64, 1, AUDIT_ARCH_RISCV64, sc_nr_riscv64, NULL, 0 },
#endif
};

/* The numbers of archdef a by name index: its table, or for x32 a copy
 * in tmp with x32's differences applied. */
static const uint16_t *arch_numbers(const struct archdef *a, uint16_t *tmp)
{
	if (!a->n_diff)
		return a->nr;
	memcpy(tmp, a->nr, SC_NAMES * sizeof(*tmp));
	for (int d = 0; d < a->n_diff; d++)
		tmp[a->diff[2 * d]] = a->diff[2 * d + 1];
	return tmp;
}

/* The number of name k on archdef a, from its numbers nr (ARM's private
 * 0x0f0000 + n calls are stored as 0xf000 + n, x32's without the x32
 * bit), or -1. */
static int64_t sc_number(const struct archdef *a, const uint16_t *nr, int k)
{
	uint32_t v = nr[k];

	if (v == NONE)
		return -1;
	if (v >= 0xf000)
		v = v - 0xf000 + 0x0f0000;
	return a->arch == SC_ARCH_X32 ? v + X32_BIT : v;
}

/* ---- names ---- */

/* Each name decoded into a slot of NAME_SLOT bytes (the longest
 * syscall name has 28 characters), and an open-addressing hash table of
 * them (index + 1; 0 is empty): one lookup per name of a profile. (A
 * binary search with strcmp was a tenth of parse + validate of podman's
 * profile.) */
#define NAME_SLOT 32
#define HASH_SIZE 1024 /* a power of two, twice SC_NAMES or more */

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (HASH_SIZE - 1);
}

/* The front-coded list of seccomp_tables.h into slots, hashed into hash
 * (HASH_SIZE entries, zeroed). */
static char *decode_names(uint16_t *hash)
{
	char *v = xcalloc(SC_NAMES, NAME_SLOT);
	const char *s = sc_names, *end = sc_names + sizeof(sc_names) - 1;

	for (int k = 0; k < SC_NAMES && s < end; k++) {
		char *name = v + NAME_SLOT * k;
		size_t pre = (unsigned char)*s++, n = 0;
		unsigned h;

		while (s + n < end && (unsigned char)s[n] >= 32)
			n++;
		if (pre > NAME_SLOT - 1) /* never, in a generated table */
			pre = NAME_SLOT - 1;
		if (k)
			memcpy(name, name - NAME_SLOT, pre);
		memcpy(name + pre, s, n < NAME_SLOT - 1 - pre ? n : NAME_SLOT - 1 - pre);
		s += n;
		for (h = name_hash(name); hash[h]; h = (h + 1) & (HASH_SIZE - 1))
			;
		hash[h] = (uint16_t)(k + 1);
	}
	return v;
}

/* The index of name key, or -1. */
static int name_index(const char *names, const uint16_t *hash, const char *key)
{
	for (unsigned h = name_hash(key); hash[h]; h = (h + 1) & (HASH_SIZE - 1))
		if (!strcmp(names + NAME_SLOT * (hash[h] - 1), key))
			return hash[h] - 1;
	return -1;
}

/* ---- the program, built backwards ---- */

struct gen {
	struct sock_filter *rev; /* rev[0] is the last instruction */
	int n, cap;
	uint32_t ret_val[32];
	int ret_at[32], n_ret;
	bool bits64; /* of the syscall being compiled */
};

static int emit(struct gen *g, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->rev = xrealloc(g->rev, (size_t)g->cap * sizeof(*g->rev));
	}
	g->rev[g->n] = (struct sock_filter){ code, jt, jf, k };
	return g->n++;
}

/* Instructions between the next one emitted and label l. */
static uint32_t dist(const struct gen *g, int l)
{
	return (uint32_t)(g->n - l - 1);
}

static int ret(struct gen *g, uint32_t v)
{
	for (int k = 0; k < g->n_ret; k++)
		if (g->ret_val[k] == v && dist(g, g->ret_at[k]) < 256)
			return g->ret_at[k];
	int l = emit(g, BPF_RET | BPF_K, v, 0, 0);
	int k = g->n_ret < 32 ? g->n_ret++ : 0;
	g->ret_val[k] = v;
	g->ret_at[k] = l;
	return l;
}

/* A conditional jump; a target out of reach goes through a `ja`. */
static int jmp(struct gen *g, uint16_t op, uint32_t k, int t, int f)
{
	if (dist(g, t) > 255)
		t = emit(g, BPF_JMP | BPF_JA, dist(g, t), 0, 0);
	if (dist(g, f) > 255)
		f = emit(g, BPF_JMP | BPF_JA, dist(g, f), 0, 0);
	return emit(g, BPF_JMP | op | BPF_K, k, (uint8_t)dist(g, t), (uint8_t)dist(g, f));
}

/* Control goes on at l: falls through when l is next, else a `ja`. */
static int go(struct gen *g, int l)
{
	return l == g->n - 1 ? l : emit(g, BPF_JMP | BPF_JA, dist(g, l), 0, 0);
}

static int ld(struct gen *g, uint32_t off)
{
	return emit(g, BPF_LD | BPF_W | BPF_ABS, off, 0, 0);
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LO_HALF 0
#else
#define LO_HALF 4
#endif
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + LO_HALF)
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4 - LO_HALF)

/* One half of a comparison: pass to p, fail to f, with `hi` when the
 * decision needs the next (low) half: p and f are then that code. */
static int cmp_half(struct gen *g, uint8_t op, uint32_t v, uint32_t m, bool last, int p, int f, int lo)
{
	int eq;

	switch (op) {
	case SC_OP_EQ: return jmp(g, BPF_JEQ, v, last ? p : lo, f);
	case SC_OP_NE: return jmp(g, BPF_JEQ, v, last ? f : lo, p);
	case SC_OP_MASKED_EQ:
		eq = jmp(g, BPF_JEQ, v, last ? p : lo, f);
		return m == ~0u ? eq : emit(g, BPF_ALU | BPF_AND | BPF_K, m, 0, 0);
	case SC_OP_GT:
	case SC_OP_GE:
		if (last)
			return jmp(g, op == SC_OP_GT ? BPF_JGT : BPF_JGE, v, p, f);
		eq = jmp(g, BPF_JEQ, v, lo, f);
		return jmp(g, BPF_JGT, v, p, eq);
	default: /* LT, LE: the negations of GE, GT */
		if (last)
			return jmp(g, op == SC_OP_LT ? BPF_JGE : BPF_JGT, v, f, p);
		eq = jmp(g, BPF_JEQ, v, lo, p);
		return jmp(g, BPF_JGT, v, f, eq);
	}
}

/* arg OP value: to p when true, else to f. */
static int cond(struct gen *g, const struct oci_seccomp_arg *a, int p, int f)
{
	/* MASKED_EQ: (arg & mask) == (valueTwo & mask), libseccomp's meaning
	 * (seccomp_rule_add(3): "the masked datum"), so datum bits outside
	 * the mask do not make the rule one that never matches */
	uint64_t v = a->op == SC_OP_MASKED_EQ ? a->value_two & a->value : a->value;
	uint64_t m = a->op == SC_OP_MASKED_EQ ? a->value : ~0ull;
	int l = cmp_half(g, a->op, (uint32_t)v, (uint32_t)m, true, p, f, -1);

	l = ld(g, ARG_LO(a->index));
	if (!g->bits64)
		return l;
	l = cmp_half(g, a->op, (uint32_t)(v >> 32), (uint32_t)(m >> 32), false, p, f, l);
	return ld(g, ARG_HI(a->index));
}

static uint32_t action(uint8_t act, bool has, uint32_t data)
{
	data = has ? data : EPERM;
	switch (act) {
	case SC_ACT_KILL_PROCESS: return SECCOMP_RET_KILL_PROCESS;
	case SC_ACT_TRAP: return SECCOMP_RET_TRAP;
	case SC_ACT_ERRNO: return SECCOMP_RET_ERRNO | (data & SECCOMP_RET_DATA);
	case SC_ACT_TRACE: return SECCOMP_RET_TRACE | (data & SECCOMP_RET_DATA);
	case SC_ACT_ALLOW: return SECCOMP_RET_ALLOW;
	case SC_ACT_LOG: return SECCOMP_RET_LOG;
	case SC_ACT_NOTIFY: return SECCOMP_RET_USER_NOTIF;
	default: return SECCOMP_RET_KILL_THREAD;
	}
}

static uint32_t rule_action(const struct oci_syscall *r)
{
	return action(r->action, r->has_errno, r->errno_ret);
}

/* ---- one audit arch: syscall numbers to outcomes ---- */

struct hit {
	uint32_t nr;
	uint32_t rule; /* index in syscalls[], the config's order */
	uint32_t call; /* x86 socketcall/ipc: arg0's value; 0: a direct hit */
};

/* An interval of syscall numbers from `start`: one `ret`, or (chain >= 0)
 * the arg rules of hits[chain...] (all of one number). */
struct ival {
	uint32_t start;
	uint32_t ret;
	int chain;
};

struct cctx {
	const struct oci_seccomp *s;
	uint32_t def, bad;
	bool bits64_lo, bits64_hi; /* argument width below/from hi_from */
	uint64_t hi_from;
	struct hit *hits;
	struct ival *iv;
	int n_hits, n_iv;
};

/* By number, stable (add_hits makes them in rule order): an LSD radix
 * sort, one pass per byte in which the numbers differ. (An insertion
 * sort took a third of parse + validate of podman's profile, whose hits
 * come in name order; libc's qsort is larger than this.) */
static void sort_hits(struct hit *h, int n)
{
	struct hit *t = xcalloc((size_t)n + 1, sizeof(*t)), *a = h, *b = t, *x;

	for (int shift = 0; n && shift < 32; shift += 8) {
		int cnt[257] = { 0 };

		for (int k = 0; k < n; k++)
			cnt[(a[k].nr >> shift & 255) + 1]++;
		if (cnt[(a[0].nr >> shift & 255) + 1] == n)
			continue;
		for (int d = 0; d < 256; d++)
			cnt[d + 1] += cnt[d];
		for (int k = 0; k < n; k++)
			b[cnt[a[k].nr >> shift & 255]++] = a[k];
		x = a, a = b, b = x;
	}
	if (a != h)
		memcpy(h, a, (size_t)n * sizeof(*h));
	free(t);
}

static void add_iv(struct cctx *c, uint32_t start, uint32_t r, int chain)
{
	struct ival *last = c->n_iv ? &c->iv[c->n_iv - 1] : NULL;

	if (last && chain < 0 && last->chain < 0 && last->ret == r)
		return;
	if (last && last->start == start) /* replaces an empty one */
		c->n_iv--;
	c->iv[c->n_iv++] = (struct ival){ start, r, chain };
}

/* The sorted hits (of numbers in [lo, hi)) to intervals; numbers without
 * a hit get `gap`. */
static void intervals(struct cctx *c, int from, int to, uint32_t lo, uint64_t hi, uint32_t gap)
{
	add_iv(c, lo, gap, -1);
	for (int k = from; k < to;) {
		int e = k, plain = -1;
		uint32_t nr = c->hits[k].nr;

		while (e < to && c->hits[e].nr == nr) {
			if (plain < 0 && !c->s->syscalls[c->hits[e].rule].n_args && !c->hits[e].call)
				plain = e;
			e++;
		}
		if (plain >= 0)
			add_iv(c, nr, rule_action(&c->s->syscalls[c->hits[plain].rule]), -1);
		else
			add_iv(c, nr, 0, k);
		if ((uint64_t)nr + 1 < hi)
			add_iv(c, nr + 1, gap, -1);
		k = e;
	}
}

/* The arg rules of one syscall number, in order, then the default. */
static int chain(struct gen *g, struct cctx *c, int k)
{
	int e = k, l;

	while (e < c->n_hits && c->hits[e].nr == c->hits[k].nr)
		e++;
	g->bits64 = c->hits[k].nr < c->hi_from ? c->bits64_lo : c->bits64_hi;
	l = ret(g, c->def);
	while (e-- > k) {
		const struct oci_syscall *r = &c->s->syscalls[c->hits[e].rule];
		struct oci_seccomp_arg mux = { .op = SC_OP_EQ, .value = c->hits[e].call };
		int fail = l;

		l = ret(g, rule_action(r));
		for (size_t a = r->n_args; a-- > 0;)
			if (!mux.value || r->args[a].index) /* through a multiplexer, arg0 is the call */
				l = cond(g, &r->args[a], l, fail);
		if (mux.value)
			l = cond(g, &mux, l, fail);
	}
	return l;
}

/* Binary search over intervals [lo, hi] (A holds the number). */
static int tree(struct gen *g, struct cctx *c, int lo, int hi)
{
	int mid, right;

	if (lo == hi)
		return c->iv[lo].chain >= 0 ? chain(g, c, c->iv[lo].chain) : ret(g, c->iv[lo].ret);
	mid = (lo + hi + 1) / 2;
	right = tree(g, c, mid, hi);
	return jmp(g, BPF_JGE, c->iv[mid].start, right, tree(g, c, lo, mid - 1));
}

static void add_hits(struct cctx *c, const struct archdef *a, const int *name_idx)
{
	const struct oci_seccomp *s = c->s;
	/* x86: by name index, the call through socketcall or ipc (+ 32 for
	 * ipc), or 0 */
	uint16_t tmp[SC_NAMES], mux[SC_NAMES] = { 0 };
	const uint16_t *nrs = arch_numbers(a, tmp);
	int n = 0;

#if SC_WANT_X86
	for (size_t p = ARRAY_SIZE(sc_x86_mux); a->arch == SC_ARCH_X86 && p-- > 0;)
		mux[sc_x86_mux[p] & 511] = (uint16_t)(sc_x86_mux[p] >> 9);
#endif
	for (size_t r = 0; r < s->n_syscalls; r++)
		for (size_t k = 0; k < s->syscalls[r].names.n; k++, n++) {
			int64_t nr = name_idx[n] < 0 ? -1 : sc_number(a, nrs, name_idx[n]);
			uint32_t call = name_idx[n] < 0 ? 0 : mux[name_idx[n]];
			if (nr >= 0)
				c->hits[c->n_hits++] = (struct hit){ (uint32_t)nr, (uint32_t)r, 0 };
			if (call)
				c->hits[c->n_hits++] = (struct hit){ call > 32 ? 117 : 102, (uint32_t)r, call & 31 };
		}
}

/* The block of one AUDIT_ARCH value (x86_64 and x32 share one): ld nr,
 * then the search. */
static int arch_block(struct gen *g, struct cctx *c, uint32_t audit, uint32_t want, const int *name_idx)
{
	const struct archdef *lo = NULL, *hi = NULL;
	int split;

	for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++)
		if (archdefs[k].audit == audit && (want & (1u << archdefs[k].arch))) {
			if (archdefs[k].arch == SC_ARCH_X32)
				hi = &archdefs[k];
			else
				lo = &archdefs[k];
		}
	c->n_hits = c->n_iv = 0;
	if (lo)
		add_hits(c, lo, name_idx);
	split = c->n_hits;
	if (hi)
		add_hits(c, hi, name_idx);
	/* each part alone: the x32 part differs from x86_64's in one
	 * more byte (the x32 bit), a radix pass more */
	sort_hits(c->hits, split);
	sort_hits(c->hits + split, c->n_hits - split);
	c->bits64_lo = lo && lo->bits64;
	c->bits64_hi = false;
	if (audit == AUDIT_ARCH_X86_64) {
		/* below the x32 bit: x86_64's numbers; from it: x32's */
		c->hi_from = X32_BIT;
		intervals(c, 0, split, 0, X32_BIT, lo ? c->def : c->bad);
		intervals(c, split, c->n_hits, X32_BIT, 1ull << 32, hi ? c->def : c->bad);
		/* but -1, what a tracer sets to skip a syscall (seccomp runs
		 * after ptrace), is no x32 call: the default, as libseccomp */
		add_iv(c, 0xffffffff, c->def, -1);
	} else {
		c->hi_from = 1ull << 32;
		intervals(c, 0, c->n_hits, 0, 1ull << 32, c->def);
	}
	go(g, tree(g, c, 0, c->n_iv - 1));
	return ld(g, offsetof(struct seccomp_data, nr));
}

/* Each name of each rule to its index in the name table, or -1 (listed
 * under --debug; -1 also for a rule with the default action, def). */
static int *resolve(const struct oci_seccomp *s, uint32_t def, size_t *n_names)
{
	uint16_t *hash = xcalloc(HASH_SIZE, sizeof(*hash));
	char *names = decode_names(hash);
	struct buf unknown = { 0 };
	size_t n = 0;
	int *idx;

	for (size_t r = 0; r < s->n_syscalls; r++)
		n += s->syscalls[r].names.n;
	idx = xcalloc(n + 1, sizeof(int));
	n = 0;
	for (size_t r = 0; r < s->n_syscalls; r++)
		for (size_t k = 0; k < s->syscalls[r].names.n; k++, n++) {
			const char *key = s->syscalls[r].names.v[k];
			int f = name_index(names, hash, key);
			idx[n] = rule_action(&s->syscalls[r]) != def ? f : -1;
			if (f < 0 && CFG_DEBUG && verbose)
				buf_printf(&unknown, " %s", key);
		}
	if (unknown.p)
		debug("linux.seccomp: syscalls unknown to runlet, skipped:%s", unknown.p);
	free(unknown.p);
	free(names);
	free(hash);
	*n_names = n;
	return idx;
}

HOT_END

static int check(const struct oci_seccomp *s)
{
	if (SC_NATIVE < 0)
		return rt_fail(0, "linux.seccomp: runlet has no syscall table for this architecture");
	/* NOTIFY: somebody must answer, at listenerPath (the spec's MUST);
	 * the default action would stop the runtime itself */
	if (s->default_action == SC_ACT_NOTIFY)
		return rt_fail(0, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
	for (size_t r = 0; r < s->n_syscalls; r++)
		if (s->syscalls[r].action == SC_ACT_NOTIFY && !s->listener_path)
			return rt_fail(0, "linux.seccomp.syscalls[%zu].action: SCMP_ACT_NOTIFY needs "
					  "linux.seccomp.listenerPath", r);
	return 0;
}

int seccomp_compile(const struct oci_seccomp *s, struct seccomp_filter *out)
{
	struct gen g = { 0 };
	struct cctx c = { .s = s, .bad = SECCOMP_RET_KILL_PROCESS };
	uint32_t want = s->arches | 1u << (SC_NATIVE & 31), audits[ARRAY_SIZE(archdefs) + 1];
	size_t n_names, n_audit = 0;
	int *name_idx, r, blocks[ARRAY_SIZE(archdefs) + 1], l;

	if (!CFG_SECCOMP) { /* the compiler below is dropped from the binary */
		rt_fail(0, "linux.seccomp: requested by config.json but not compiled in (CFG_SECCOMP=0)");
		return -EINVAL;
	}
	if ((r = check(s)) < 0)
		return r;
	c.def = action(s->default_action, s->has_default_errno, s->default_errno);
	name_idx = resolve(s, c.def, &n_names);
	c.hits = xcalloc(2 * n_names + 1, sizeof(*c.hits));
	c.iv = xcalloc(4 * n_names + 4, sizeof(*c.iv));
	/* the AUDIT_ARCH values, the native one first */
	for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++) {
		const struct archdef *a = &archdefs[k];
		size_t j = 0;
		if (!(want & (1u << a->arch)))
			continue;
		while (j < n_audit && audits[j] != a->audit)
			j++;
		if (j == n_audit)
			audits[n_audit++] = a->audit;
		if (a->arch == SC_NATIVE) {
			audits[j] = audits[0];
			audits[0] = a->audit;
		}
	}
	for (int a = 0; a < SC_ARCH_COUNT; a++) {
		bool known = false;
		for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++)
			known |= archdefs[k].arch == a;
		if ((s->arches & (1u << a)) && !known)
			debug("linux.seccomp.architectures: architecture %d cannot run here: its syscalls are killed", a);
	}
	/* backwards: the blocks, the native one last (nearest the top) */
	for (size_t j = n_audit; j-- > 0;)
		blocks[j] = arch_block(&g, &c, audits[j], want, name_idx);
	l = ret(&g, c.bad);
	for (size_t j = n_audit; j-- > 0;)
		l = jmp(&g, BPF_JEQ, audits[j], blocks[j], l);
	ld(&g, offsetof(struct seccomp_data, arch));
	if (g.n > BPF_MAXINSNS)
		return rt_fail(0, "linux.seccomp: the filter has %d instructions, the kernel takes %d", g.n, BPF_MAXINSNS);
	out->len = (unsigned short)g.n;
	out->insn = xcalloc((size_t)g.n, sizeof(*out->insn));
	for (int k = 0; k < g.n; k++)
		out->insn[k] = g.rev[g.n - 1 - k];
	out->flags = s->flags;
	out->notify = false;
	for (size_t k = 0; k < s->n_syscalls; k++)
		out->notify |= s->syscalls[k].action == SC_ACT_NOTIFY;
	if (out->notify) {
		out->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
		/* with TSYNC a listener needs TSYNC_ESRCH (the return is the fd) */
		if (out->flags & SECCOMP_FILTER_FLAG_TSYNC)
			out->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	} else if (out->flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) {
		debug("linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only applies to a listener: ignored");
		out->flags &= ~(unsigned)SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	}
	debug("linux.seccomp: %d BPF instructions for %zu syscall names", g.n, n_names);
	free(g.rev);
	free(c.hits);
	free(c.iv);
	free(name_idx);
	return 0;
}


/* The spec's seccomp state, with the listener fd, to listenerPath. */
int seccomp_send_listener(const struct oci_seccomp *s, const char *state_json, int pid, int fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct buf b = { 0 };
	int sock, r = 0;

	if (strlen(s->listener_path) >= sizeof(sa.sun_path))
		return rt_fail(0, "linux.seccomp.listenerPath: too long");
	memcpy(sa.sun_path, s->listener_path, strlen(s->listener_path) + 1);
	buf_printf(&b, "{\"ociVersion\":\"%s\",\"fds\":[\"seccompFd\"],\"pid\":%d,\"metadata\":", SPEC_VERSION, pid);
	buf_json_str(&b, s->listener_metadata ? s->listener_metadata : "");
	buf_printf(&b, ",\"state\":%s}", state_json);
	struct iovec iov = { b.p, b.len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	memset(cbuf, 0, sizeof(cbuf));
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sock = sys_socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		r = rt_fail(errno, "linux.seccomp.listenerPath: connect to %s", s->listener_path);
	else if (sys_sendmsg(sock, &mh, MSG_NOSIGNAL) < 0)
		r = rt_fail(errno, "linux.seccomp.listenerPath: send the seccomp state to %s", s->listener_path);
	if (sock >= 0)
		close(sock);
	free(b.p);
	return r;
}

int seccomp_load(const struct seccomp_filter *f)
{
	struct sock_fprog prog = { f->len, f->insn };
	long r = sys_seccomp(SECCOMP_SET_MODE_FILTER, f->flags, &prog);

	if (r < 0 && errno == ENOSYS && !f->flags)
		r = sys_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (unsigned long)&prog, 0, 0);
	if (r == 0 || (r > 0 && f->notify))
		return (int)r; /* with a listener: its fd */
	if (r > 0) /* TSYNC: a thread that could not be synchronized */
		return rt_fail(0, "linux.seccomp: SECCOMP_FILTER_FLAG_TSYNC failed for thread %ld", r);
	if (errno == EACCES)
		return rt_fail(errno, "linux.seccomp: load the filter (without noNewPrivileges it needs CAP_SYS_ADMIN)");
	if (errno == EINVAL && f->flags)
		return rt_fail(errno, "linux.seccomp: load the filter (does this kernel know every linux.seccomp.flags?)");
	return rt_fail(errno, "linux.seccomp: load the filter");
}

/* For `features`: the architectures this build has a syscall table for. */
uint32_t seccomp_arches(void)
{
	uint32_t m = 0;

	for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++)
		m |= 1u << archdefs[k].arch;
	return m;
}
