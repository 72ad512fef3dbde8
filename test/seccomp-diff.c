/* seccomp-diff: runlet's seccomp compiler against libseccomp, as a
 * differential test. A test-only host tool (glibc, -lseccomp): libseccomp
 * is never linked into runlet.
 *
 * Each profile is compiled twice: by runlet (seccomp_compile) and by
 * libseccomp the way runc feeds it (seccomp_init(default), seccomp_arch_add
 * for each listed architecture, seccomp_rule_add_array for each name
 * seccomp_syscall_resolve_name knows, seccomp_export_bpf). Both programs run
 * in test/bpf.h's interpreter over every architecture (listed or not),
 * every syscall number from 0 to past the table's end (x32's too, ARM's
 * private ones, -1), and for the numbers a rule names, argument values from
 * the rules (each value, ±1, its other half flipped, mask variants) with 0,
 * all-ones and the 32-bit boundaries, all combinations of the rule's
 * arguments up to a cap. The verdicts (return values) must be identical.
 *
 * Profiles: podman's default and containerd's (the engines' fixtures), and
 * random ones: argument rules with every operator, several arguments ANDed,
 * several rules per syscall, ERRNO/TRACE data, every default action, every
 * architecture runlet has a table for, x86's socketcall and ipc calls.
 *
 * Known, legitimate differences, normalized here and nowhere else:
 * 1. The bad-architecture action: libseccomp's default is KILL_THREAD,
 *    runlet's KILL_PROCESS (seccomp.c says why); the harness sets
 *    SCMP_FLTATR_ACT_BADARCH to KILL_PROCESS.
 * 2. A rule whose action is the default action: libseccomp refuses it
 *    (EACCES), runc skips it, so does the harness (runlet skips it itself).
 * 3. Names: runc skips a name libseccomp cannot resolve; runlet one it has
 *    no number for. Where the two syscall tables differ (syscalls newer
 *    than one of them, listed by the "tables" tests, which fail only when
 *    a name has two different numbers) those numbers of that architecture
 *    are left out of the comparison, and counted.
 * 4. Rules libseccomp refuses (an errno from 4095 up, two conditions on
 *    one argument, the same conditions with another action: runc then
 *    fails the container) are dropped from the profile for both compilers,
 *    and counted; a profile whose default libseccomp refuses is counted.
 * 5. Overlapping rules: when two or more rules with different actions match
 *    the same call, libseccomp's answer follows its decision tree (sorted
 *    by argument, operator and value), runlet's the config order (a rule
 *    without args first). Such a case counts as "ambiguous".
 * 6. Architectures runlet has no table for (MIPS, PPC, s390...) are not
 *    added to libseccomp's filter: they cannot run on the kernels runlet
 *    runs on, and runlet kills them (the bad-architecture action).
 * 7. libseccomp compares some syscall numbers below 0 (its pseudo numbers
 *    for a name missing on an architecture, -100 and below); they are not
 *    syscalls, and are not enumerated.
 * 8. libseccomp 2.5.4 bugs (each confirmed on a real kernel, see
 *    bench/RESULTS-seccomp.md): (a) when the first syscall of an
 *    architecture's block is one that architecture lacks (ipc on arm,
 *    send or semop on x86: libseccomp's pseudo syscalls, left out of the
 *    program), the block loses its `ld nr` and compares the architecture
 *    value with syscall numbers, so its rules do not match; (b) merging
 *    overlapping range rules of one syscall can attach one rule's action
 *    to another rule's conditions (accept4: a0 >= 0x45f884d1 && ... ->
 *    ERRNO(1) fires for a0 = 45). Counted as "libseccomp bugs".
 * A case of 5 or 8 passes only when every rule of that syscall, compiled
 * alone by runlet, matches exactly when a plain model of the rule (below,
 * no BPF) says so, libseccomp's program of the rule alone agrees too (or
 * shows bug (a) on that very call), runlet returns the first matching
 * rule's action, and (for 5) libseccomp one of the matching rules'
 * actions. Anything else is a difference, and fails.
 *
 *   seccomp-diff [-n RANDOM_PROFILES] [-s SEED] [-v]    the test (TAP)
 *   seccomp-diff -o K [-d]     random profile K alone, shown (-d: and
 *                              libseccomp's pseudo code)
 *   seccomp-diff -b CONFIG     numbers for bench/seccomp.sh
 *   seccomp-diff -k            difference 8's reproducers on this kernel
 *   seccomp-diff -m CONFIG     ns per getppid() and personality(0xffffffff)
 *                              with no filter, `ret ALLOW`, runlet's and
 *                              libseccomp's programs
 *
 * TAP output, a test per profile set; the fixtures are found through $REPO
 * (default .) as $REPO/test/fixtures/engines (copies of ../shared). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <seccomp.h>

/* both define seccomp_load: runlet's is not used here */
#define seccomp_load runlet_seccomp_load
#include "../seccomp.c" /* the static tables and helpers too */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The decoded names as an array of strings, in table order (sorted). */
static const char **names_array(void)
{
	uint16_t *hash = xcalloc(HASH_SIZE, sizeof(*hash));
	char *blk = decode_names(hash);
	const char **v = xcalloc(SC_NAMES, sizeof(*v));

	for (int k = 0; k < SC_NAMES; k++)
		v[k] = blk + NAME_SLOT * k;
	free(hash);
	return v;
}

#include "seccomp-ref.h"
#undef seccomp_load
#include "bpf.h"

static int tests, failures, verbose_diff, dump_pfc, lib_optimize = 1;

static void ok(bool cond, const char *fmt, ...) PRINTF(2, 3);
static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failures += !cond;
}

/* ---- random numbers (xorshift64*, seeded) ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint32_t rnd_n(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

/* ---- architectures ---- */

static uint32_t scmp_arch_of(int sc_arch)
{
	switch (sc_arch) {
	case SC_ARCH_X86_64: return SCMP_ARCH_X86_64;
	case SC_ARCH_X86: return SCMP_ARCH_X86;
	case SC_ARCH_X32: return SCMP_ARCH_X32;
	case SC_ARCH_ARM: return SCMP_ARCH_ARM;
	case SC_ARCH_AARCH64: return SCMP_ARCH_AARCH64;
	case SC_ARCH_RISCV64: return SCMP_ARCH_RISCV64;
	default: return 0;
	}
}

static const char *const arch_json[] = { "X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64", "MIPS64N32",
					 "MIPSEL", "MIPSEL64", "MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390",
					 "S390X", "PARISC", "PARISC64", "RISCV64", "LOONGARCH64", "M68K", "SH", "SHEB" };

static const char **names; /* runlet's name table, decoded */

/* The highest syscall number of a (ARM's private ones and x32's bit aside). */
static uint32_t max_nr(const struct archdef *a)
{
	uint32_t m = 0;

	for (int k = 0; k < SC_NAMES; k++) {
		int64_t v = arch_nr(a, k);
		if (v < 0)
			continue;
		v &= ~(int64_t)X32_BIT;
		if (v < 0x0f0000 && (uint32_t)v > m)
			m = (uint32_t)v;
	}
	return m;
}

/* ---- 1. the tables: runlet's numbers against libseccomp's ---- */

struct excl {
	uint32_t audit, nr;
};
static struct excl excluded[256];
static int n_excluded;

static void exclude(uint32_t audit, int64_t nr)
{
	if (nr < 0)
		return;
	for (int k = 0; k < n_excluded; k++)
		if (excluded[k].audit == audit && excluded[k].nr == (uint32_t)nr)
			return;
	if (n_excluded < (int)ARRAY_SIZE(excluded))
		excluded[n_excluded++] = (struct excl){ audit, (uint32_t)nr };
}

static bool is_excluded(uint32_t audit, uint32_t nr)
{
	for (int k = 0; k < n_excluded; k++)
		if (excluded[k].audit == audit && excluded[k].nr == nr)
			return true;
	return false;
}

static int table_index(const char *s)
{
	const char **f = bsearch(&s, names, SC_NAMES, sizeof(char *), cmp_str);

	return f ? (int)(f - names) : -1;
}

/* Both directions: each of runlet's names resolved by libseccomp, each
 * number libseccomp names resolved by runlet. A difference excludes the
 * number(s) involved from the comparison. */
static void test_tables(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(archdefs); i++) {
		const struct archdef *a = &archdefs[i];
		uint32_t scmp = scmp_arch_of(a->arch), top = max_nr(a) + 64;
		uint32_t base = a->arch == SC_ARCH_X32 ? X32_BIT : 0;
		struct buf diffs = { 0 };
		int n_diff = 0, checked = 0, conflicts = 0;

		for (int k = 0; k < SC_NAMES; k++) {
			int64_t rn = arch_nr(a, k);
			int ln = seccomp_syscall_resolve_name_arch(scmp, names[k]);
			/* x86's socket and ipc calls: libseccomp answers with its
			 * multiplexer pseudo numbers and places the direct
			 * numbers itself (compared by the profiles below) */
			if (mux_call(a, k) && ln < 0 && ln > -300)
				continue;
			checked++;
			if (ln < 0)
				ln = -1;
			if (rn != ln) {
				n_diff++;
				conflicts += rn >= 0 && ln >= 0;
				buf_printf(&diffs, " %s(%lld/%d)", names[k], (long long)rn, ln);
				exclude(a->audit, rn);
				exclude(a->audit, ln);
			}
		}
		for (uint32_t nr = 0; nr < top + 16; nr++) {
			/* the numbers, then ARM's private ones (0x0f0000 + n) */
			uint32_t n = nr < top ? base + nr : 0x0f0000 + nr - top;
			char *ln = seccomp_syscall_resolve_num_arch(scmp, (int)n);
			int k = ln ? table_index(ln) : -1;
			if (ln && (k < 0 || arch_nr(a, k) != n)) {
				n_diff++;
				conflicts += k >= 0 && arch_nr(a, k) >= 0;
				buf_printf(&diffs, " #%#x=%s(runlet %lld)", n, ln, k < 0 ? -1LL : (long long)arch_nr(a, k));
				exclude(a->audit, n);
			}
			free(ln);
		}
		/* a name one of them lacks is fine (kernel headers and
		 * libseccomp of different ages); two numbers for one name not */
		printf("# tables %s: %d names checked, %d differ (runlet/libseccomp, -1: none):%s\n", arch_json[a->arch],
		       checked, n_diff, diffs.p ? diffs.p : "");
		ok(!conflicts, "tables: %s: runlet's syscall numbers are libseccomp's (%d names only one of them has)",
		   arch_json[a->arch], n_diff);
		free(diffs.p);
	}
}

/* ---- 2. compiling a profile both ways ---- */

struct prog {
	struct sock_filter *insn;
	size_t len;
};

static uint32_t def_action(const struct oci_seccomp *s)
{
	return action(s->default_action, s->has_default_errno, s->default_errno);
}

/* libseccomp, as runc drives it. Returns -1, or the index of the first rule
 * libseccomp refuses (dropped by the caller), or -2 when it refuses the
 * profile itself. dead[]: rules left out. */
static int lib_compile(const struct oci_seccomp *s, const bool *dead, struct prog *out, int *unresolved)
{
	uint32_t def = def_action(s);
	scmp_filter_ctx ctx = seccomp_init(def);
	int r = -1, fd;

	if (!ctx)
		return -2;
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS); /* difference 1 */
	if (lib_optimize != 1) /* 2: a binary tree of syscalls instead of a priority-sorted list */
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, (uint32_t)lib_optimize);
	for (int a = 0; a < SC_ARCH_COUNT; a++)
		if ((s->arches & (1u << a)) && scmp_arch_of(a)) { /* difference 6 */
			int e = seccomp_arch_add(ctx, scmp_arch_of(a));
			if (e < 0 && e != -EEXIST) {
				seccomp_release(ctx);
				return -2;
			}
		}
	for (size_t k = 0; k < s->n_syscalls && r < 0; k++) {
		const struct oci_syscall *sc = &s->syscalls[k];
		struct scmp_arg_cmp cmp[6];
		uint32_t act = rule_action(sc);

		if (dead[k] || act == def) /* difference 2 */
			continue;
		for (size_t j = 0; j < sc->n_args && j < 6; j++)
			cmp[j] = (struct scmp_arg_cmp){ sc->args[j].index, (enum scmp_compare)sc->args[j].op, sc->args[j].value,
							sc->args[j].value_two };
		for (size_t n = 0; n < sc->names.n && r < 0; n++) {
			int nr = seccomp_syscall_resolve_name(sc->names.v[n]);
			if (nr == __NR_SCMP_ERROR) { /* difference 3 */
				if (unresolved)
					(*unresolved)++;
				continue;
			}
			int e = seccomp_rule_add_array(ctx, act, nr, (unsigned)sc->n_args, cmp);
			if (e < 0) {
				r = (int)k;
				if (verbose_diff)
					printf("# libseccomp refuses rule %zu (%s): %s\n", k, sc->names.v[n], strerror(-e));
			}
		}
	}
	if (r < 0 && dump_pfc) {
		fflush(stdout);
		seccomp_export_pfc(ctx, 1);
		dump_pfc = 0;
	}
	if (r < 0) {
		fd = memfd_create("bpf", 0);
		if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0) {
			perror("seccomp-diff: seccomp_export_bpf");
			exit(2);
		}
		off_t n = lseek(fd, 0, SEEK_END);
		out->len = (size_t)n / sizeof(struct sock_filter);
		out->insn = malloc((size_t)n + 1);
		if (pread(fd, out->insn, (size_t)n, 0) != n) {
			perror("seccomp-diff: read the exported program");
			exit(2);
		}
		close(fd);
	}
	seccomp_release(ctx);
	return r;
}

/* lib_compile in a child, given LIB_TIMEOUT_MS: libseccomp 2.5's rule
 * merging takes exponential time on some sets of overlapping argument
 * rules (minutes for 30 rules); such a profile is counted, not compared.
 * -3: too slow. */
#define LIB_TIMEOUT_MS 1500

static int lib_compile_timed(const struct oci_seccomp *s, const bool *dead, struct prog *out, int *unresolved)
{
	int p[2], r = -3, st;
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0) {
		perror("seccomp-diff: fork");
		exit(2);
	}
	if (!pid) {
		int u = 0, rr = lib_compile(s, dead, out, &u);
		size_t n = rr == -1 ? out->len : 0;
		close(p[0]);
		if (write(p[1], &rr, sizeof(rr)) < 0 || write(p[1], &u, sizeof(u)) < 0 || write(p[1], &n, sizeof(n)) < 0 ||
		    (n && write(p[1], out->insn, n * sizeof(*out->insn)) < 0))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	struct pollfd pf = { p[0], POLLIN, 0 };
	if (poll(&pf, 1, LIB_TIMEOUT_MS) == 1) {
		FILE *f = fdopen(p[0], "r");
		int u = 0;
		size_t n = 0;
		if (fread(&r, sizeof(r), 1, f) != 1 || fread(&u, sizeof(u), 1, f) != 1 || fread(&n, sizeof(n), 1, f) != 1)
			r = -2;
		*unresolved += u;
		if (r == -1) {
			out->len = n;
			out->insn = malloc(n * sizeof(*out->insn) + 1);
			if (fread(out->insn, sizeof(*out->insn), n, f) != n)
				r = -2;
		}
		fclose(f);
	} else
		close(p[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return r;
}

/* runlet, on the profile without the dead rules. */
static bool rl_compile(const struct oci_seccomp *s, const bool *dead, struct prog *out)
{
	struct oci_seccomp c = *s;
	struct seccomp_filter f;

	c.syscalls = calloc(s->n_syscalls + 1, sizeof(*c.syscalls));
	c.n_syscalls = 0;
	for (size_t k = 0; k < s->n_syscalls; k++)
		if (!dead[k])
			c.syscalls[c.n_syscalls++] = s->syscalls[k];
	if (seccomp_compile(&c, &f) < 0) {
		printf("# runlet refuses the profile: %s\n", rt_error());
		rt_clear();
		free(c.syscalls);
		return false;
	}
	free(c.syscalls);
	out->insn = f.insn;
	out->len = f.len;
	return true;
}

/* ---- 3. the comparison ---- */

struct stats {
	long cases, same, ambiguous, lib_bug, lib_bug_a, differ, skipped_nr, dropped_rules, unresolved, profiles, refused, slow;
	int lib_bug_shown;
	int max_path_rl, max_path_lib;
};

/* One rule alone, with markers for "matched" and "not", compiled both
 * ways: the judge of an ambiguous case. */
#define HIT (SECCOMP_RET_TRACE | 0x1111)
#define MISS (SECCOMP_RET_TRACE | 0x2222)

struct single {
	bool done;
	struct prog rl, lib;
};

struct ctx {
	const char *label;
	const struct oci_seccomp *s;
	const bool *dead;
	struct prog rl, lib;
	struct single *single;
	int *name_idx; /* runlet's index of each name of each rule, flattened */
	size_t *first_name;
	uint32_t def;
	struct stats *st;
	int reported;
};

static void single_compile(struct ctx *c, size_t r)
{
	struct single *o = &c->single[r];
	struct oci_seccomp s1 = *c->s;
	struct oci_syscall rule = c->s->syscalls[r];
	bool none[1] = { false };

	if (o->done)
		return;
	o->done = true;
	rule.action = SC_ACT_TRACE;
	rule.has_errno = true;
	rule.errno_ret = HIT & 0xffff;
	s1.default_action = SC_ACT_TRACE;
	s1.has_default_errno = true;
	s1.default_errno = MISS & 0xffff;
	s1.syscalls = &rule;
	s1.n_syscalls = 1;
	if (lib_compile(&s1, none, &o->lib, NULL) != -1 || !rl_compile(&s1, none, &o->rl)) {
		printf("# %s: rule %zu alone does not compile\n", c->label, r);
		exit(2);
	}
}

/* The archdef that numbers nr under audit (x86_64 and x32 share one), or
 * NULL. */
static const struct archdef *archdef_of(uint32_t audit, uint32_t nr)
{
	const struct archdef *best = NULL;

	for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++)
		if (archdefs[k].audit == audit &&
		    (audit != AUDIT_ARCH_X86_64 || (archdefs[k].arch == SC_ARCH_X32) == (nr >= X32_BIT)))
			best = &archdefs[k];
	return best;
}

/* Whether rule r names nr on a directly (its number) or through x86's
 * socketcall/ipc (*calls: a bit for each call number arg0 may hold). */
static bool rule_names_nr(const struct ctx *c, size_t r, const struct archdef *a, uint32_t nr, bool *direct,
			  uint32_t *calls)
{
	*direct = false;
	*calls = 0;
	for (size_t n = 0; n < c->s->syscalls[r].names.n; n++) {
		int k = c->name_idx[c->first_name[r] + n];
		uint32_t m;
		if (k < 0)
			continue;
		if (arch_nr(a, k) == nr)
			*direct = true;
		if ((m = mux_call(a, k)) && (m > 32 ? 117u : 102u) == nr)
			*calls |= 1u << (m & 31);
	}
	return *direct || *calls;
}

/* The semantics of one rule, written plainly (no BPF): the third opinion
 * when runlet's and libseccomp's programs of that rule alone disagree. */
static bool arg_match(const struct oci_seccomp_arg *x, uint64_t v, bool bits64)
{
	uint64_t w = x->value, y = x->value_two;

	if (!bits64) /* a 32-bit process: the low halves */
		v = (uint32_t)v, w = (uint32_t)w, y = (uint32_t)y;
	switch (x->op) {
	case SC_OP_NE: return v != w;
	case SC_OP_LT: return v < w;
	case SC_OP_LE: return v <= w;
	case SC_OP_EQ: return v == w;
	case SC_OP_GE: return v >= w;
	case SC_OP_GT: return v > w;
	default: return (v & w) == (y & w);
	}
}

static bool model_match(const struct ctx *c, size_t r, const struct archdef *a, const struct seccomp_data *d)
{
	const struct oci_syscall *sc = &c->s->syscalls[r];
	bool direct, mux;
	uint32_t calls, a0 = (uint32_t)d->args[0];

	if (!rule_names_nr(c, r, a, (uint32_t)d->nr, &direct, &calls))
		return false;
	mux = a0 < 32 && (calls & (1u << a0)); /* arg0 is the call there, its rules dropped */
	for (size_t k = 0; k < sc->n_args; k++) {
		bool m = arg_match(&sc->args[k], d->args[sc->args[k].index], a->bits64);
		direct &= m;
		mux &= m || !sc->args[k].index;
	}
	return direct || mux;
}

static void report(struct ctx *c, const struct seccomp_data *d, uint32_t rl, uint32_t lib, const char *why)
{
	c->st->differ++;
	if (c->reported++ < 8)
		printf("# %s: arch %#x nr %d args %#llx %#llx %#llx %#llx %#llx %#llx: runlet %#x, libseccomp %#x%s\n",
		       c->label, d->arch, d->nr, (unsigned long long)d->args[0], (unsigned long long)d->args[1],
		       (unsigned long long)d->args[2], (unsigned long long)d->args[3], (unsigned long long)d->args[4],
		       (unsigned long long)d->args[5], rl, lib, why);
}

/* The verdicts differ. Each rule for this number is compiled alone by
 * both: they must agree on which rules match. Then runlet must return the
 * first matching rule's action (a rule without args first), and
 * libseccomp one of the matching rules' actions (difference 5: an
 * ambiguous case), or else libseccomp's whole filter contradicts its own
 * filters of single rules (difference 8: a libseccomp bug). */
/* Bug (a) of difference 8 on this call: the program compares the
 * architecture (the last value loaded) with a syscall number, a constant
 * that is no AUDIT_ARCH_* (those have bit 30 or 31 set). */
static bool compares_arch_as_nr(const struct prog *p, const struct seccomp_data *d)
{
	uint32_t a = 0, from = ~0u;

	for (size_t pc = 0; pc < p->len;) {
		const struct sock_filter *i = &p->insn[pc++];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			memcpy(&a, (const char *)d + i->k, 4);
			from = i->k;
			break;
		case BPF_ALU | BPF_AND | BPF_K: a &= i->k, from = ~0u; break;
		case BPF_JMP | BPF_JA: pc += i->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
			if (from == offsetof(struct seccomp_data, arch) && i->k < 0x40000000)
				return true;
			pc += (i->code == (BPF_JMP | BPF_JEQ | BPF_K) ? a == i->k
			       : i->code == (BPF_JMP | BPF_JGT | BPF_K) ? a > i->k : a >= i->k) ? i->jt : i->jf;
			break;
		default: return false; /* a ret, or what libseccomp does not emit */
		}
	}
	return false;
}

static void judge(struct ctx *c, const struct archdef *a, const struct seccomp_data *d, uint32_t rl, uint32_t lib)
{
	uint32_t first_plain = 0, first = 0;
	bool have_plain = false, have = false, lib_ok = false, lib_single_bad = false;

	if (!a) {
		report(c, d, rl, lib, " (an architecture without a table)");
		return;
	}
	for (size_t r = 0; r < c->s->n_syscalls; r++) {
		bool direct, m;
		uint32_t calls, act = rule_action(&c->s->syscalls[r]);
		if (c->dead[r] || act == c->def || !rule_names_nr(c, r, a, (uint32_t)d->nr, &direct, &calls))
			continue;
		single_compile(c, r);
		m = model_match(c, r, a, d);
		uint32_t m_rl = bpf_run(c->single[r].rl.insn, c->single[r].rl.len, d, NULL);
		uint32_t m_lib = bpf_run(c->single[r].lib.insn, c->single[r].lib.len, d, NULL);
		if (m_rl != (m ? HIT : MISS)) {
			char why[96];
			snprintf(why, sizeof(why), " (rule %zu alone: runlet %#x, libseccomp %#x, model %d)", r, m_rl, m_lib, m);
			report(c, d, rl, lib, why);
			return;
		}
		if (m_lib != m_rl) {
			/* libseccomp's program of this rule alone is wrong too:
			 * fine only if it is bug (a), seen on this very call */
			if (!compares_arch_as_nr(&c->single[r].lib, d)) {
				char why[96];
				snprintf(why, sizeof(why), " (rule %zu alone: runlet %#x, libseccomp %#x)", r, m_rl, m_lib);
				report(c, d, rl, lib, why);
				return;
			}
			lib_single_bad = true;
		}
		if (!m)
			continue;
		if (!have)
			first = act, have = true;
		if (!have_plain && direct && !c->s->syscalls[r].n_args)
			first_plain = act, have_plain = true;
		lib_ok |= lib == act;
	}
	uint32_t want = have_plain ? first_plain : have ? first : c->def;
	if (rl != want)
		report(c, d, rl, lib, " (runlet: not its first matching rule)");
	else if (lib_ok && !lib_single_bad) {
		c->st->ambiguous++;
	} else {
		c->st->lib_bug++;
		c->st->lib_bug_a += compares_arch_as_nr(&c->lib, d);
		if (c->st->lib_bug_shown++ < 2)
			printf("# %s: libseccomp bug: arch %#x nr %d args %#llx %#llx %#llx %#llx %#llx %#llx: libseccomp %#x, "
			       "runlet and the model %#x%s\n",
			       c->label, d->arch, d->nr, (unsigned long long)d->args[0], (unsigned long long)d->args[1],
			       (unsigned long long)d->args[2], (unsigned long long)d->args[3],
			       (unsigned long long)d->args[4], (unsigned long long)d->args[5], lib, rl,
			       lib_single_bad ? " (a rule alone, too)" : "");
	}
}

static void compare_one(struct ctx *c, const struct archdef *a, struct seccomp_data *d)
{
	int srl = 0, slib = 0;
	uint32_t rl = bpf_run(c->rl.insn, c->rl.len, d, &srl);
	uint32_t lib = bpf_run(c->lib.insn, c->lib.len, d, &slib);

	c->st->cases++;
	if (srl > c->st->max_path_rl)
		c->st->max_path_rl = srl;
	if (slib > c->st->max_path_lib)
		c->st->max_path_lib = slib;
	if (rl == lib && rl != BPF_BAD)
		c->st->same++;
	else
		judge(c, a, d, rl, lib);
}

/* Interesting values for a condition: its value(s), ±1, the other half
 * flipped, the low half alone, and for MASKED_EQ the bits outside the mask. */
static int cond_values(const struct oci_seccomp_arg *x, uint64_t *v)
{
	uint64_t base = x->op == SC_OP_MASKED_EQ ? x->value_two : x->value;
	int n = 0;

	v[n++] = base;
	v[n++] = base + 1;
	v[n++] = base - 1;
	v[n++] = base ^ 0xffffffff00000000ull;
	v[n++] = base ^ 0x100000000ull;
	v[n++] = (uint32_t)base;
	if (x->op == SC_OP_MASKED_EQ) {
		v[n++] = base | ~x->value;
		v[n++] = base ^ (x->value & (0 - x->value)); /* the lowest mask bit flipped */
		v[n++] = x->value;
	}
	return n;
}

static void add_value(uint64_t *set, int *n, int cap, uint64_t v)
{
	for (int k = 0; k < *n; k++)
		if (set[k] == v)
			return;
	if (*n < cap)
		set[(*n)++] = v;
	else
		set[rnd_n((uint32_t)cap)] = v;
}

#define MAX_VALUES 24
#define MAX_VECTORS 1500

/* Every argument combination worth trying for (audit, nr), compared. */
static void compare_nr(struct ctx *c, uint32_t audit, uint32_t nr)
{
	static const uint64_t common[] = { 0, 0xffffffffffffffffull, 0xffffffff, 0x100000000ull, 0x80000000 };
	const struct archdef *a = archdef_of(audit, nr);
	uint64_t set[6][MAX_VALUES];
	int n[6] = { 0 }, used[6], n_used = 0;
	struct seccomp_data d = { .nr = (int)nr, .arch = audit };

	if (is_excluded(audit, nr)) { /* difference 3 */
		c->st->skipped_nr++;
		return;
	}
	for (size_t r = 0; a && r < c->s->n_syscalls; r++) {
		const struct oci_syscall *sc = &c->s->syscalls[r];
		bool direct;
		uint32_t calls;
		if (c->dead[r] || !rule_names_nr(c, r, a, nr, &direct, &calls))
			continue;
		for (uint32_t call = 1; call < 32; call++)
			if (calls & (1u << call))
				add_value(set[0], &n[0], MAX_VALUES, call);
		for (size_t k = 0; k < sc->n_args; k++) {
			uint64_t v[12];
			int m = cond_values(&sc->args[k], v), i = (int)sc->args[k].index;
			for (int j = 0; j < m; j++)
				add_value(set[i], &n[i], MAX_VALUES, v[j]);
		}
	}
	long total = 1;
	for (int i = 0; i < 6; i++)
		if (n[i]) {
			for (size_t j = 0; j < ARRAY_SIZE(common); j++)
				add_value(set[i], &n[i], MAX_VALUES, common[j]);
			used[n_used++] = i;
			total *= n[i];
		}
	if (!n_used) { /* no rule looks at the arguments */
		for (int k = 0; k < 2; k++) {
			for (int i = 0; i < 6; i++)
				d.args[i] = k ? ~0ull : 0;
			compare_one(c, a, &d);
		}
		return;
	}
	if (total <= MAX_VECTORS) { /* all combinations */
		for (long t = 0; t < total; t++) {
			long q = t;
			memset(d.args, 0, sizeof(d.args));
			for (int u = 0; u < n_used; u++) {
				d.args[used[u]] = set[used[u]][q % n[used[u]]];
				q /= n[used[u]];
			}
			compare_one(c, a, &d);
		}
		return;
	}
	for (long t = 0; t < MAX_VECTORS; t++) { /* a sample */
		memset(d.args, 0, sizeof(d.args));
		for (int u = 0; u < n_used; u++)
			d.args[used[u]] = set[used[u]][rnd_n((uint32_t)n[used[u]])];
		compare_one(c, a, &d);
	}
}

/* Every audit arch (and one runlet has no table for), every number. */
static void compare_all(struct ctx *c)
{
	static const uint32_t audits[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
					   AUDIT_ARCH_RISCV64, AUDIT_ARCH_PPC64LE };

	for (size_t k = 0; k < ARRAY_SIZE(audits); k++) {
		uint32_t top = 0;
		for (size_t i = 0; i < ARRAY_SIZE(archdefs); i++)
			if (archdefs[i].audit == audits[k] && archdefs[i].arch != SC_ARCH_X32 && max_nr(&archdefs[i]) > top)
				top = max_nr(&archdefs[i]);
		top = top ? top + 32 : 512;
		for (uint32_t nr = 0; nr <= top; nr++)
			compare_nr(c, audits[k], nr);
		if (audits[k] == AUDIT_ARCH_X86_64)
			for (uint32_t nr = 0; nr <= 600; nr++)
				compare_nr(c, audits[k], X32_BIT + nr);
		if (audits[k] == AUDIT_ARCH_ARM)
			for (uint32_t nr = 0x0f0000; nr < 0x0f0010; nr++)
				compare_nr(c, audits[k], nr);
		compare_nr(c, audits[k], 0xffffffff);
		compare_nr(c, audits[k], 0x7fffffff);
		compare_nr(c, audits[k], X32_BIT - 1);
		compare_nr(c, audits[k], 0x80000000);
	}
}

/* Compile s both ways (dropping the rules libseccomp refuses) and compare. */
static bool diff_profile(const char *label, const struct oci_seccomp *s, struct stats *st)
{
	bool *dead = calloc(s->n_syscalls + 1, sizeof(bool));
	struct ctx c = { .label = label, .s = s, .dead = dead, .st = st, .def = def_action(s) };
	size_t n_names = 0;
	int r, unresolved = 0;

	while ((r = lib_compile_timed(s, dead, &c.lib, &unresolved)) >= 0) { /* difference 4 */
		dead[r] = true;
		st->dropped_rules++;
		unresolved = 0;
	}
	if (r == -3) {
		st->slow++;
		free(dead);
		return false;
	}
	if (r == -2 || !rl_compile(s, dead, &c.rl)) {
		st->refused++;
		free(dead);
		return false;
	}
	st->unresolved += unresolved;
	st->profiles++;
	c.name_idx = resolve(s, ~0u, &n_names); /* every name, the default-action rules' too */
	c.first_name = calloc(s->n_syscalls + 1, sizeof(size_t));
	for (size_t k = 1; k <= s->n_syscalls; k++)
		c.first_name[k] = c.first_name[k - 1] + s->syscalls[k - 1].names.n;
	c.single = calloc(s->n_syscalls + 1, sizeof(*c.single));
	if (strncmp(label, "random", 6))
		printf("# %s: %zu instructions, longest path %d (runlet); %zu, %d (libseccomp)\n", label, c.rl.len,
		       bpf_longest_path(c.rl.insn, c.rl.len), c.lib.len, bpf_longest_path(c.lib.insn, c.lib.len));
	const char *bad = bpf_check(c.rl.insn, c.rl.len);
	if (bad) {
		printf("# %s: runlet's program: %s\n", label, bad);
		st->differ++;
	} else
		compare_all(&c);
	for (size_t k = 0; k < s->n_syscalls; k++) {
		free(c.single[k].lib.insn);
		free(c.single[k].rl.insn);
	}
	free(c.single);
	free(c.name_idx);
	free(c.first_name);
	free(c.rl.insn);
	free(c.lib.insn);
	free(dead);
	return true;
}

/* ---- 4. profiles ---- */

static struct oci_seccomp *parse_profile(const char *json)
{
	struct oci_config *cfg = calloc(1, sizeof(*cfg));
	char *doc = xasprintf("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": %s}}", json);

	if (json_parse_config(doc, strlen(doc), cfg) < 0) {
		printf("# parse: %s\n", rt_error());
		rt_clear();
		free(doc);
		return NULL;
	}
	free(doc);
	return cfg->seccomp;
}

static struct oci_seccomp *fixture(const char *name)
{
	char *path = xasprintf("%s/test/fixtures/engines/%s", getenv("REPO") ? getenv("REPO") : ".", name);
	char *s = NULL, *b;
	int depth = 0;

	if (read_file_at(AT_FDCWD, path, &s, NULL) < 0) {
		rt_clear();
		free(path);
		return NULL;
	}
	free(path);
	if (!(b = strstr(s, "\"seccomp\"")) || !(b = strchr(b, '{')))
		return NULL;
	for (char *e = b; *e; e++) {
		depth += (*e == '{') - (*e == '}');
		if (!depth) {
			e[1] = 0;
			return parse_profile(b);
		}
	}
	return NULL;
}

static void report_stats(const char *label, const struct stats *st)
{
	printf("# %s: %ld profiles (%ld refused by libseccomp, %ld too slow for it), %ld cases: %ld identical, "
	       "%ld ambiguous, %ld libseccomp bugs (%ld of them bug (a)), %ld differ; %ld numbers skipped (tables differ), %ld rules dropped "
	       "(libseccomp refuses), %ld names unresolved; longest path runlet %d, libseccomp %d\n",
	       label, st->profiles, st->refused, st->slow, st->cases, st->same, st->ambiguous, st->lib_bug, st->lib_bug_a, st->differ,
	       st->skipped_nr, st->dropped_rules, st->unresolved, st->max_path_rl, st->max_path_lib);
}

static struct stats total;

static void add_total(const struct stats *st)
{
	total.cases += st->cases;
	total.same += st->same;
	total.ambiguous += st->ambiguous;
	total.lib_bug += st->lib_bug;
	total.differ += st->differ;
	total.profiles += st->profiles;
}

/* An engine's profile, with libseccomp's default optimization (what runc
 * and crun get) and with its binary tree (SCMP_FLTATR_CTL_OPTIMIZE 2). */
static void test_fixture(const char *name)
{
	struct oci_seccomp *s = fixture(name);

	if (!s) {
		printf("ok %d # SKIP %s: no fixture (set REPO to the repository)\n", ++tests, name);
		return;
	}
	for (lib_optimize = 1; lib_optimize <= 2; lib_optimize++) {
		struct stats st = { 0 };
		char label[128];
		snprintf(label, sizeof(label), "%s%s", name, lib_optimize == 2 ? " (libseccomp's binary tree)" : "");
		bool c = diff_profile(label, s, &st);
		report_stats(label, &st);
		ok(c && st.cases > 0 && !st.differ && !st.dropped_rules, "%s: %ld cases, runlet = libseccomp", label,
		   st.cases);
		add_total(&st);
	}
	lib_optimize = 1;
}

/* ---- -b CONFIG: numbers for bench/seccomp.sh ---- */

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int path_of(const struct prog *p, uint32_t arch, uint32_t nr, uint64_t arg)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch, .args = { arg, arg, arg, arg, arg, arg } };
	int steps = 0;

	bpf_run(p->insn, p->len, &d, &steps);
	return steps;
}

/* libseccomp's build time (init, rules, export: what runc and crun do
 * before seccomp_load), the program's size, its longest path, the most
 * instructions any compared call executed, and a few calls' paths; for
 * both optimization levels. "key value" lines. */
static int bench(const char *path)
{
	char *js = NULL;
	struct oci_config cfg;

	if (read_file_at(AT_FDCWD, path, &js, NULL) < 0 || (memset(&cfg, 0, sizeof(cfg)), json_parse_config(js, strlen(js), &cfg)) < 0 ||
	    !cfg.seccomp) {
		fprintf(stderr, "seccomp-diff -b: %s: %s\n", path, rt_error() ? rt_error() : "no linux.seccomp");
		return 1;
	}
	bool *dead = calloc(cfg.seccomp->n_syscalls + 1, sizeof(bool));
	for (lib_optimize = 1; lib_optimize <= 2; lib_optimize++) {
		const char *k = lib_optimize == 1 ? "lib" : "libtree";
		double t[200];
		struct prog p;
		struct stats st = { 0 };
		for (int r = 0; r < 200; r++) {
			double t0 = now_us();
			if (lib_compile(cfg.seccomp, dead, &p, NULL) != -1) {
				fprintf(stderr, "seccomp-diff -b: libseccomp refuses %s\n", path);
				return 1;
			}
			t[r] = now_us() - t0;
			if (r < 199)
				free(p.insn);
		}
		qsort(t, 200, sizeof(double), cmp_double);
		printf("%s_build_median_us %.1f\n%s_build_min_us %.1f\n", k, t[100], k, t[0]);
		printf("%s_instructions %zu\n%s_longest %d\n", k, p.len, k, bpf_longest_path(p.insn, p.len));
		printf("%s_path_getppid %d\n%s_path_personality %d\n%s_path_read %d\n", k,
		       path_of(&p, AUDIT_ARCH_X86_64, 110, 0), k, path_of(&p, AUDIT_ARCH_X86_64, 135, 0xffffffff), k,
		       path_of(&p, AUDIT_ARCH_X86_64, 0, 0));
		diff_profile(k, cfg.seccomp, &st);
		printf("%s_worst %d\n%s_cases %ld\n%s_differ %ld\n", k, st.max_path_lib, k, st.cases, k, st.differ);
		if (lib_optimize == 1)
			printf("runlet_worst %d\n", st.max_path_rl);
		free(p.insn);
	}
	return 0;
}

/* ---- -m CONFIG: what a filter costs per call, without a runtime ---- */

/* ns per call of getppid() and personality(0xffffffff) under p (none:
 * no filter), the best of 5 rounds of n calls, in a child. */
static void measure(const struct prog *p, long n, double *out)
{
	double *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct sock_fprog fp = { p ? (unsigned short)p->len : 0, p ? p->insn : NULL };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || (p && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp)))
			_exit(1);
		shared[0] = shared[1] = 1e18;
		for (int round = 0; round < 5; round++) {
			double t0 = now_us();
			for (long i = 0; i < n; i++)
				syscall(SYS_getppid);
			double t1 = now_us();
			for (long i = 0; i < n; i++)
				syscall(SYS_personality, 0xffffffffUL);
			double t2 = now_us();
			if ((t1 - t0) * 1e3 / n < shared[0])
				shared[0] = (t1 - t0) * 1e3 / n;
			if ((t2 - t1) * 1e3 / n < shared[1])
				shared[1] = (t2 - t1) * 1e3 / n;
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	out[0] = shared[0];
	out[1] = shared[1];
	munmap(shared, 4096);
}

/* No filter, `ret ALLOW` alone (what seccomp costs before any filter
 * runs), runlet's, libseccomp's (list and tree), in turns, reps times; the
 * best of each, "key value" lines. */
static int measure_all(const char *path, long n, int reps)
{
	static const char *const name[] = { "none", "runlet", "lib", "libtree", "allow" };
	static struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	char *js = NULL;
	struct oci_config cfg;
	struct prog p[5] = { [4] = { &allow, 1 } };
	double v[5][2][64];

	memset(&cfg, 0, sizeof(cfg));
	if (read_file_at(AT_FDCWD, path, &js, NULL) < 0 || json_parse_config(js, strlen(js), &cfg) < 0 || !cfg.seccomp)
		return 1;
	bool *dead = calloc(cfg.seccomp->n_syscalls + 1, sizeof(bool));
	if (!rl_compile(cfg.seccomp, dead, &p[1]) || lib_compile(cfg.seccomp, dead, &p[2], NULL) != -1)
		return 1;
	lib_optimize = 2;
	if (lib_compile(cfg.seccomp, dead, &p[3], NULL) != -1)
		return 1;
	reps = reps > 64 ? 64 : reps;
	for (int r = 0; r < reps; r++)
		for (int k = 0; k < 5; k++) {
			double out[2];
			measure(k ? &p[k] : NULL, n, out);
			v[k][0][r] = out[0];
			v[k][1][r] = out[1];
		}
	for (int k = 0; k < 5; k++)
		for (int c = 0; c < 2; c++) {
			qsort(v[k][c], (size_t)reps, sizeof(double), cmp_double);
			/* the least disturbed: this runs on shared machines */
			printf("%s_%s_ns %.1f\n", name[k], c ? "personality" : "getppid", v[k][c][0]);
		}
	return 0;
}

/* ---- -k: the libseccomp bugs of difference 8, on the real kernel ---- */

#if defined(__x86_64__)
/* The verdict of the kernel on one call (an i386 one through int 0x80
 * when i386), under the program p, in a child: its return value. */
static long kernel_call(const struct prog *p, bool i386, long nr, long a0, long a1)
{
	volatile long *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct sock_fprog fp = { (unsigned short)p->len, p->insn };
	long r;
	pid_t pid;

	shared[0] = 0x7fff;
	if ((pid = fork()) == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp))
			_exit(1);
		if (i386)
			__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a0), "c"(a1), "d"(0) : "memory");
		else
			r = syscall(nr, a0, a1, 0, 0);
		shared[0] = r < 0 && !i386 ? -errno : r;
		for (;;) /* every other call may be refused now: the parent ends this */
			;
	}
	usleep(200000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	r = shared[0];
	munmap((void *)shared, 4096);
	return r;
}

static int kernel_check(void)
{
	static const struct {
		const char *what, *json;
		bool i386;
		long nr, a0, a1, want;
	} bugs[] = {
		{ "(a) x86_64+x86, one semop rule: i386 ipc(SEMOP, 0x1f1e1f65)",
		  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 3, \"architectures\": [\"SCMP_ARCH_X86\"], "
		  "\"syscalls\": [{\"names\": [\"semop\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5, "
		  "\"args\": [{\"index\": 1, \"value\": 522067812, \"op\": \"SCMP_CMP_GT\"}]}]}",
		  true, 117, 1, 0x1f1e1f65, -5 },
		{ "(b) two accept4 range rules: accept4(45, 0x10)",
		  "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"accept4\"], \"action\": \"SCMP_ACT_ERRNO\", "
		  "\"errnoRet\": 2, \"args\": [{\"index\": 1, \"value\": 16, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}, "
		  "{\"index\": 0, \"value\": 44, \"op\": \"SCMP_CMP_GT\"}]}, {\"names\": [\"accept4\"], \"action\": "
		  "\"SCMP_ACT_ERRNO\", \"errnoRet\": 1, \"args\": [{\"index\": 0, \"value\": 1173914833, \"op\": \"SCMP_CMP_GE\"}, "
		  "{\"index\": 1, \"value\": 18446744069414584320, \"valueTwo\": 4294967294, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}",
		  false, SYS_accept4, 45, 0x10, -EBADF },
	};
	int bad = 0;

	for (size_t k = 0; k < ARRAY_SIZE(bugs); k++) {
		struct oci_seccomp *s = parse_profile(bugs[k].json);
		bool none[4] = { false };
		struct prog lib, rl;
		if (!s || lib_compile(s, none, &lib, NULL) != -1 || !rl_compile(s, none, &rl))
			return 2;
		long l = kernel_call(&lib, bugs[k].i386, bugs[k].nr, bugs[k].a0, bugs[k].a1);
		long r = kernel_call(&rl, bugs[k].i386, bugs[k].nr, bugs[k].a0, bugs[k].a1);
		printf("kernel %s: libseccomp's filter %ld, runlet's %ld (right: %ld)\n", bugs[k].what, l, r, bugs[k].want);
		bad += r != bugs[k].want;
	}
	return bad != 0;
}
#else
static int kernel_check(void)
{
	printf("kernel: the reproducers are x86_64's\n");
	return 0;
}
#endif

/* Names for random rules: mostly a few hot ones (several rules each, the
 * x86 multiplexed ones among them), sometimes any known name, rarely one
 * nobody knows. */
static const char *const hot[] = { "personality", "socket", "connect", "accept4", "accept", "send", "semop",
				   "shmctl", "ioctl", "mmap", "openat", "clone", "read", "socketcall", "ipc",
				   "cacheflush", "mkdir", "futex", "open", "set_tls", "arch_prctl" };

static const char *rnd_name(void)
{
	uint32_t p = rnd_n(100);

	if (p < 70)
		return hot[rnd_n(ARRAY_SIZE(hot))];
	if (p < 98)
		return names[rnd_n(SC_NAMES)];
	return p == 98 ? "no_such_syscall" : "frobnicate";
}

static uint64_t rnd_value(void)
{
	static const uint64_t v[] = { 0, 1, 2, 3, 8, 16, 40, 0x20000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
				      0x100000000ull, 0x100000001ull, 0x1ffffffffull, 0xffffffff00000000ull,
				      0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull };

	switch (rnd_n(8)) {
	case 0: return rnd();
	case 1: return (uint32_t)rnd();
	case 2: return rnd_n(64);
	default: return v[rnd_n(ARRAY_SIZE(v))];
	}
}

static void rnd_action(struct buf *b, bool is_default)
{
	static const char *const act[] = { "ALLOW", "ALLOW", "ERRNO", "ERRNO", "ERRNO", "KILL",
					   "KILL_PROCESS", "KILL_THREAD", "TRAP", "TRACE", "LOG" };
	/* a default mostly ALLOW or ERRNO: a deny-list or an allow-list */
	const char *a = act[is_default && rnd_n(4) ? rnd_n(5) : rnd_n(ARRAY_SIZE(act))];

	buf_printf(b, "\"%s\": \"SCMP_ACT_%s\"", is_default ? "defaultAction" : "action", a);
	if ((!strcmp(a, "ERRNO") || !strcmp(a, "TRACE")) && rnd_n(4))
		/* libseccomp refuses an errno from 4095 up (the kernel caps it there) */
		buf_printf(b, ", \"%s\": %u", is_default ? "defaultErrnoRet" : "errnoRet",
			   rnd_n(3) ? rnd_n(4) : rnd_n(10) ? rnd_n(4095) : rnd_n(65536));
}

static char *rnd_profile(void)
{
	static const char *const ops[] = { "NE", "LT", "LE", "EQ", "GE", "GT", "MASKED_EQ" };
	static const int arches[] = { SC_ARCH_X86_64, SC_ARCH_X86, SC_ARCH_X32, SC_ARCH_ARM, SC_ARCH_AARCH64, SC_ARCH_RISCV64 };
	struct buf b = { 0 };
	int n_rules = 1 + (int)rnd_n(30), n_arch = 0;

	buf_puts(&b, "{");
	rnd_action(&b, true);
	buf_puts(&b, ", \"architectures\": [");
	for (size_t k = 0; k < ARRAY_SIZE(arches); k++)
		if (rnd_n(2))
			buf_printf(&b, "%s\"SCMP_ARCH_%s\"", n_arch++ ? ", " : "", arch_json[arches[k]]);
	buf_puts(&b, "], \"syscalls\": [");
	for (int r = 0; r < n_rules; r++) {
		int n_names = rnd_n(4) ? 1 : 2 + (int)rnd_n(3), n_args = (int)rnd_n(4);
		bool idx_used[6] = { false };

		buf_printf(&b, "%s{\"names\": [", r ? ", " : "");
		for (int k = 0; k < n_names; k++)
			buf_printf(&b, "%s\"%s\"", k ? ", " : "", rnd_name());
		buf_puts(&b, "], ");
		rnd_action(&b, false);
		buf_puts(&b, ", \"args\": [");
		for (int k = 0; k < n_args; k++) {
			uint32_t i = rnd_n(3) ? rnd_n(3) : rnd_n(6); /* mostly the first arguments */
			uint64_t v = rnd_value(), w = rnd_value();
			const char *op = ops[rnd_n(ARRAY_SIZE(ops))];
			if (idx_used[i]) /* libseccomp refuses two conditions on one argument */
				continue;
			idx_used[i] = true;
			if (!strcmp(op, "MASKED_EQ") && rnd_n(4))
				w &= v; /* mostly a datum that can match */
			buf_printf(&b, "%s{\"index\": %u, \"value\": %llu, \"valueTwo\": %llu, \"op\": \"SCMP_CMP_%s\"}",
				   k && b.p[b.len - 1] != '[' ? ", " : "", i, (unsigned long long)v, (unsigned long long)w, op);
		}
		buf_puts(&b, "]}");
	}
	buf_puts(&b, "]}");
	return b.p;
}

static int only = -1; /* -o N: only random profile N, shown */

static void test_random(int n, uint64_t seed)
{
	struct stats st = { 0 };
	int parsed = 0;

	for (int k = 0; k < n; k++) {
		/* each profile from its own seed: -o K shows profile K alone */
		rng_state = (seed + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)k * 0xbf58476d1ce4e5b9ull;
		rnd();
		char *json = rnd_profile(), label[64];
		struct oci_seccomp *s = parse_profile(json);
		snprintf(label, sizeof(label), "random %d", k);
		if (only >= 0 && k != only) {
			parsed++;
			free(json);
			continue;
		}
		if (only >= 0) {
			printf("# %s: %s\n", label, json);
			verbose_diff = 1;
		}
		if (s) {
			long before = st.differ;
			struct timespec a, b;
			parsed++;
			clock_gettime(CLOCK_MONOTONIC, &a);
			diff_profile(label, s, &st);
			clock_gettime(CLOCK_MONOTONIC, &b);
			double dt = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
			if (dt > 1)
				printf("# %s: %.2f s\n", label, dt);
			if (st.differ != before && verbose_diff)
				printf("# %s: %s\n", label, json);
		}
		free(json);
	}
	report_stats("random", &st);
	ok(parsed == n, "random: %d of %d generated profiles parse", parsed, n);
	ok(st.profiles > n * 3 / 4 && !st.differ, "random (seed %llu): %ld profiles, %ld cases, runlet = libseccomp",
	   (unsigned long long)seed, st.profiles, st.cases);
	add_total(&st);
}

int main(int argc, char **argv)
{
	int n_random = 200, opt;
	uint64_t seed = 1;
	struct timespec t0, t1;

	while ((opt = getopt(argc, argv, "n:s:vo:db:km:")) != -1) {
		switch (opt) {
		case 'm': names = names_array(); return measure_all(optarg, 200000, 9);
		case 'b': names = names_array(); return bench(optarg);
		case 'k': return kernel_check();
		case 'd': dump_pfc = 1; break;
		case 'o': only = atoi(optarg); break;
		case 'n': n_random = atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'v': verbose_diff = 1; break;
		default:
			fprintf(stderr, "usage: seccomp-diff [-n RANDOM_PROFILES] [-s SEED] [-v] [-o K [-d]] | -b CONFIG | -k | -m CONFIG\n");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	names = names_array();
	if (only >= 0) { /* -o K [-d]: profile K alone (and libseccomp's pseudo code) */
		test_random(only + 1, seed);
		return failures != 0;
	}
	printf("# libseccomp %u.%u.%u\n", seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
	test_tables();
	test_fixture("podman-default.config.json");
	test_fixture("containerd-seccomp.config.json");
	test_random(n_random, seed);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# total: %ld profiles, %ld cases compared: %ld identical, %ld ambiguous, %ld libseccomp bugs, "
	       "%ld differ (%.1f s)\n",
	       total.profiles, total.cases, total.same, total.ambiguous, total.lib_bug, total.differ,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("1..%d\n", tests);
	return failures != 0;
}
