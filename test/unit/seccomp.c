/* seccomp.c's compiler, checked by running its programs in a classic BPF
 * interpreter over synthetic seccomp_data and comparing every verdict with
 * a plain model of the same profile (the rules read in order, no BPF):
 * architectures, x32, each operator at the 32-bit boundaries, ANDed args,
 * ORed rules, errno values, engines' profiles, and long programs (jumps
 * past 255 instructions). TAP output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <stdarg.h>

#include "../../seccomp.c" /* the static helpers and tables too */

#include "../seccomp-ref.h"

static int tests, failures;

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

/* ---- a classic BPF interpreter (the subset a seccomp filter uses) ---- */

static int max_path;

/* The verdict of f for d, or 0xdeadbeef for a program the kernel would
 * refuse (a jump out of the program, a load out of seccomp_data). */
static uint32_t run(const struct seccomp_filter *f, const struct seccomp_data *d)
{
	uint32_t a = 0, pc = 0;
	int steps = 0;

	while (pc < f->len) {
		const struct sock_filter *i = &f->insn[pc++];
		steps++;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k > sizeof(*d) - 4 || i->k % 4)
				return 0xdeadbeef;
			memcpy(&a, (const char *)d + i->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K: a &= i->k; break;
		case BPF_RET | BPF_K:
			if (steps > max_path)
				max_path = steps;
			return i->k;
		case BPF_JMP | BPF_JA: pc += i->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += a > i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += a >= i->k ? i->jt : i->jf; break;
		default: return 0xdeadbeef;
		}
	}
	return 0xdeadbeef;
}

/* Every instruction known, every jump inside the program, ends in ret. */
static bool well_formed(const struct seccomp_filter *f)
{
	for (uint32_t pc = 0; pc < f->len; pc++) {
		const struct sock_filter *i = &f->insn[pc];
		if (BPF_CLASS(i->code) == BPF_JMP) {
			uint32_t far = i->code == (BPF_JMP | BPF_JA) ? i->k : (i->jt > i->jf ? i->jt : i->jf);
			if (pc + 1 + (uint64_t)far >= f->len)
				return false;
		}
	}
	return f->len > 0 && f->insn[f->len - 1].code == (BPF_RET | BPF_K);
}

/* ---- the model ---- */

static bool arg_match(const struct oci_seccomp_arg *a, uint64_t v, bool bits64)
{
	uint64_t x = a->value, y = a->value_two;

	if (!bits64) {
		v = (uint32_t)v;
		x = (uint32_t)x;
		y = (uint32_t)y;
	}
	switch (a->op) {
	case SC_OP_NE: return v != x;
	case SC_OP_LT: return v < x;
	case SC_OP_LE: return v <= x;
	case SC_OP_EQ: return v == x;
	case SC_OP_GE: return v >= x;
	case SC_OP_GT: return v > x;
	default: return (v & x) == (y & x);
	}
}

/* The name index of each rule's names, as resolve() gives them. */
static int *rule_names;

/* The name with number nr on a, or -1. */
static int name_of(const struct archdef *a, uint32_t nr)
{
	static int rev[ARRAY_SIZE(archdefs)][2048];
	static bool done;

	if (!done) {
		memset(rev, 0xff, sizeof(rev));
		for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++)
			for (int n = 0; n < SC_NAMES; n++) {
				int64_t v = arch_nr(&archdefs[k], n);
				if (v >= 0 && archdefs[k].arch == SC_ARCH_X32)
					v -= X32_BIT;
				if (v >= 0)
					rev[k][(v & 0x7ff) | (v >= 0xf0000 ? 0x400 : 0)] = n;
			}
		done = true;
	}
	if (a->arch == SC_ARCH_X32)
		nr -= X32_BIT;
	if (nr >= 0xf0000 && nr < 0xf0400)
		nr = nr - 0xf0000 + 0x400;
	else if (nr >= 0x400)
		return -1;
	return rev[a - archdefs][nr];
}

static uint32_t model(const struct oci_seccomp *s, const struct seccomp_data *d)
{
	uint32_t want = s->arches | 1u << SC_NATIVE, def = action(s->default_action, s->has_default_errno, s->default_errno);
	const struct archdef *a = NULL;
	uint32_t nr = (uint32_t)d->nr;
	int name = -1;

	for (size_t k = 0; k < ARRAY_SIZE(archdefs); k++) {
		const struct archdef *c = &archdefs[k];
		if (c->audit != d->arch)
			continue;
		if (c->audit == AUDIT_ARCH_X86_64 && (c->arch == SC_ARCH_X32) != (nr >= X32_BIT))
			continue;
		a = c;
	}
	if (d->arch == AUDIT_ARCH_X86_64 && nr == 0xffffffff)
		return def; /* a skipped syscall, not an x32 one */
	if (!a || !(want & (1u << a->arch)))
		return SECCOMP_RET_KILL_PROCESS;
	name = name_of(a, nr);
	for (int pass = 0; pass < 2; pass++) /* the rules without args first */
		for (size_t r = 0, n = 0; r < s->n_syscalls; r++) {
			const struct oci_syscall *rule = &s->syscalls[r];
			bool listed = false, mux = false, match = true, mux_match = true;
			for (size_t k = 0; k < rule->names.n; k++, n++) {
				/* x86: socket and ipc calls through socketcall/ipc, arg0 the call */
				uint32_t call = rule_names[n] < 0 ? 0 : mux_call(a, rule_names[n]);
				listed |= name >= 0 && rule_names[n] == name;
				mux |= call && (call > 32 ? 117u : 102u) == nr && (call & 31) == (uint32_t)d->args[0];
			}
			if (pass == 0 ? !listed || rule->n_args : !listed && !mux)
				continue;
			for (size_t k = 0; k < rule->n_args; k++) {
				bool m = arg_match(&rule->args[k], d->args[rule->args[k].index], a->bits64);
				match &= m;
				mux_match &= m || !rule->args[k].index;
			}
			if ((listed && match) || (pass && mux && mux_match))
				return rule_action(rule);
		}
	return def;
}

/* ---- profiles ---- */

static struct oci_config cfg;
static struct seccomp_filter prog;

static bool compile(const char *seccomp_json)
{
	char *doc = xasprintf("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": %s}}",
			      seccomp_json);

	memset(&prog, 0, sizeof(prog));
	size_t n;

	if (json_parse_config(doc, strlen(doc), &cfg) < 0 || seccomp_compile(cfg.seccomp, &prog) < 0) {
		printf("# %s\n", rt_error());
		rt_clear();
		return false;
	}
	rule_names = resolve(cfg.seccomp, action(cfg.seccomp->default_action, cfg.seccomp->has_default_errno, cfg.seccomp->default_errno), &n);
	return true;
}

static uint32_t verdict(uint32_t arch, uint32_t nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch, .args = { a0, a1 } };

	return run(&prog, &d);
}

/* Program and model agree on every (arch, number, args) case; returns the
 * number of disagreements (the first few printed). */
static const uint64_t vals[] = {
	0, 1, 2, 8, 9, 16, 0x20000, 0x20008, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000,
	0x100000001, 0x100000010, 0xffffffff00000000, 0xfffffffffffffffe, 0xffffffffffffffff,
};

static int compare_nr(uint32_t nr, bool all_args);
/* UNIT_QUICK=1 (the ASan and valgrind runs, where this model costs 2 to
 * 50 times more): every 23rd number, and args 1..5 take every 5th value
 * (arg 0 still takes them all). */
static uint32_t nr_step = 1, vals_step = 1;

/* Every number up to max_nr, also with the x32 bit, and -1. */
static int compare(uint32_t max_nr, bool all_args)
{
	int bad = 0;

	for (uint32_t n = 0; n <= max_nr; n += nr_step)
		bad += compare_nr(n, all_args) + compare_nr(n + X32_BIT, all_args);
	return bad + compare_nr(0xffffffff, all_args) + compare_nr(0x0f0002, all_args);
}

static int compare_nr(uint32_t nr, bool all_args)
{
	static const uint32_t audits[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
					   AUDIT_ARCH_RISCV64, AUDIT_ARCH_PPC64LE };
	int bad = 0;

	for (size_t k = 0; k < ARRAY_SIZE(audits); k++)
		for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
			for (size_t j = 0; j < (all_args ? ARRAY_SIZE(vals) : 1); j += vals_step) {
				struct seccomp_data d = { .nr = (int)nr, .arch = audits[k] };
				for (int a = 0; a < 6; a++)
					d.args[a] = a ? vals[j] : vals[i];
				uint32_t got = run(&prog, &d), want = model(cfg.seccomp, &d);
				if (got != want && bad++ < 5)
					printf("# arch %#x nr %#x args %#llx %#llx: got %#x, want %#x\n", d.arch,
					       (unsigned)d.nr, (unsigned long long)d.args[0],
					       (unsigned long long)d.args[1], got, want);
			}
	return bad;
}

static char *read_fixture(const char *name)
{
	char *path = xasprintf("%s/test/fixtures/engines/%s", getenv("REPO") ? getenv("REPO") : ".", name);
	char *s = NULL;

	if (read_file_at(AT_FDCWD, path, &s, NULL) < 0)
		return NULL;
	return s;
}

/* The seccomp object of an engine's config.json, as text. */
static bool compile_fixture(const char *name)
{
	char *s = read_fixture(name), *b;
	int depth = 0;

	if (!s || !(b = strstr(s, "\"seccomp\"")) || !(b = strchr(b, '{')))
		return false;
	for (char *e = b; *e; e++) {
		depth += (*e == '{') - (*e == '}');
		if (!depth) {
			e[1] = 0;
			return compile(b);
		}
	}
	return false;
}

#define ERRNO(n) (SECCOMP_RET_ERRNO | (n))

/* The decoded name table: every name fits its slot whole (a longer one
 * would have been cut), the names are sorted and distinct (the table is
 * front-coded from a sorted list), and the hash finds each at its index. */
static void test_names(void)
{
	uint16_t *hash = xcalloc(HASH_SIZE, sizeof(*hash));
	char *names = decode_names(hash);
	const char *s = sc_names, *end = sc_names + sizeof(sc_names) - 1;
	int bad_len = 0, bad_order = 0, bad_find = 0, count = 0;
	size_t full;

	/* the full length of each name, from the table itself */
	for (int k = 0; k < SC_NAMES && s < end; k++, count++) {
		full = (unsigned char)*s++;
		while (s < end && (unsigned char)*s >= 32)
			s++, full++;
		bad_len += full != strlen(names + NAME_SLOT * k) || full > NAME_SLOT - 1;
		bad_order += k && strcmp(names + NAME_SLOT * (k - 1), names + NAME_SLOT * k) >= 0;
		bad_find += name_index(names, hash, names + NAME_SLOT * k) != k;
	}
	ok(count == SC_NAMES, "%d names decoded (SC_NAMES %d)", count, SC_NAMES);
	ok(!bad_len, "every name whole in its %d-byte slot (%d cut)", NAME_SLOT, bad_len);
	ok(!bad_order, "names sorted and distinct (%d out of order)", bad_order);
	ok(!bad_find, "each name found at its index (%d not)", bad_find);
	ok(name_index(names, hash, "mkdir") >= 0 && name_index(names, hash, "mkdirx") == -1 &&
		   name_index(names, hash, "") == -1 && name_index(names, hash, "mkdi") == -1,
	   "a near name is not found");
	free(names);
	free(hash);
}

static void test_arches(void)
{
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
		   "\"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\"}]}"),
	   "compile: one arch");
	ok(well_formed(&prog), "well formed");
	ok(verdict(AUDIT_ARCH_X86_64, 83, 0, 0) == ERRNO(EPERM), "x86_64 mkdir: ERRNO(EPERM)");
	ok(verdict(AUDIT_ARCH_X86_64, 39, 0, 0) == SECCOMP_RET_ALLOW, "x86_64 getpid: default");
	ok(verdict(AUDIT_ARCH_I386, 39, 0, 0) == SECCOMP_RET_KILL_PROCESS, "x86 not listed: KILL_PROCESS");
	ok(verdict(AUDIT_ARCH_X86_64, X32_BIT + 83, 0, 0) == SECCOMP_RET_KILL_PROCESS,
	   "x32 mkdir with X32 not listed: KILL_PROCESS, not the x86_64 rules");
	ok(verdict(AUDIT_ARCH_X86_64, 0xffffffff, 0, 0) == SECCOMP_RET_ALLOW,
	   "x86_64 nr -1 (a syscall a tracer skipped): the default, not the x32 range");
	ok(verdict(AUDIT_ARCH_X86_64, 0xfffffffe, 0, 0) == SECCOMP_RET_KILL_PROCESS, "x86_64 nr -2: x32 range");
	ok(verdict(AUDIT_ARCH_AARCH64, 34, 0, 0) == SECCOMP_RET_KILL_PROCESS, "aarch64 not listed: KILL_PROCESS");
	ok(!compare(600, false), "program = model");

	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\","
		   "\"SCMP_ARCH_AARCH64\", \"SCMP_ARCH_ARM\", \"SCMP_ARCH_RISCV64\", \"SCMP_ARCH_PPC64LE\"],"
		   "\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\", \"cacheflush\"], \"action\": \"SCMP_ACT_ERRNO\","
		   "\"errnoRet\": 5}]}"),
	   "compile: every arch");
	ok(well_formed(&prog), "well formed");
	ok(verdict(AUDIT_ARCH_X86_64, 83, 0, 0) == ERRNO(5), "native x86_64 always included");
	ok(verdict(AUDIT_ARCH_I386, 39, 0, 0) == ERRNO(5), "x86 mkdir 39");
	ok(verdict(AUDIT_ARCH_X86_64, X32_BIT + 83, 0, 0) == ERRNO(5), "x32 mkdir");
	ok(verdict(AUDIT_ARCH_X86_64, X32_BIT + 512, 0, 0) == SECCOMP_RET_ALLOW, "x32 rt_sigaction: default");
	ok(verdict(AUDIT_ARCH_AARCH64, 34, 0, 0) == ERRNO(5), "aarch64 mkdirat 34");
	ok(verdict(AUDIT_ARCH_RISCV64, 34, 0, 0) == ERRNO(5), "riscv64 mkdirat 34");
	ok(verdict(AUDIT_ARCH_ARM, 39, 0, 0) == ERRNO(5) && verdict(AUDIT_ARCH_ARM, 0x0f0002, 0, 0) == ERRNO(5),
	   "arm mkdir 39, cacheflush 0x0f0002");
	ok(verdict(AUDIT_ARCH_PPC64LE, 39, 0, 0) == SECCOMP_RET_KILL_PROCESS, "ppc64le: no table, KILL_PROCESS");
	ok(!compare(600, false), "program = model");
}

static void test_operators(void)
{
	static const char *const ops[] = { "NE", "LT", "LE", "EQ", "GE", "GT", "MASKED_EQ" };
	static const uint64_t v[] = { 0, 1, 0xffffffff, 0x100000000, 0x100000001, 0x80000000, 0xffffffffffffffff };

	for (size_t o = 0; o < ARRAY_SIZE(ops); o++)
		for (size_t k = 0; k < ARRAY_SIZE(v); k++) {
			char *j = xasprintf("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\","
					    "\"SCMP_ARCH_AARCH64\", \"SCMP_ARCH_ARM\"], \"syscalls\": [{\"names\": "
					    "[\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 7, \"args\": "
					    "[{\"index\": 1, \"value\": %llu, \"valueTwo\": %llu, \"op\": \"SCMP_CMP_%s\"}]}]}",
					    (unsigned long long)v[k], (unsigned long long)v[(k + 3) % ARRAY_SIZE(v)] & v[k],
					    ops[o]);
			bool c = compile(j);
			int bad = c ? compare_nr(135, true) + compare_nr(136, true) + compare_nr(92, true) : -1;
			ok(c && well_formed(&prog) && !bad, "%s %#llx: x86_64, x86, aarch64, arm agree with the model", ops[o],
			   (unsigned long long)v[k]);
		}
	/* the halves: a 64-bit compare is not two independent 32-bit ones */
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"personality\"],"
		   "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 4294967296, \"op\": \"SCMP_CMP_LT\"}]}]}"),
	   "compile LT 0x100000000");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0xffffffff, 0) == ERRNO(EPERM), "0xffffffff < 0x100000000");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0x100000000, 0) == SECCOMP_RET_ALLOW, "0x100000000 not < itself");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0x1ffffffff, 0) == SECCOMP_RET_ALLOW, "0x1ffffffff not < 0x100000000");
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"personality\"],"
		   "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 4294967297, \"valueTwo\": 4294967297,"
		   "\"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}"),
	   "compile MASKED_EQ 0x100000001");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0x100000001, 0) == ERRNO(EPERM) &&
		   verdict(AUDIT_ARCH_X86_64, 135, 0xf00000001, 0) == ERRNO(EPERM),
	   "MASKED_EQ: both halves masked");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 1, 0) == SECCOMP_RET_ALLOW &&
		   verdict(AUDIT_ARCH_X86_64, 135, 0x100000000, 0) == SECCOMP_RET_ALLOW,
	   "MASKED_EQ: either half alone does not match");
	/* the datum is masked too (libseccomp's meaning): bits of valueTwo
	 * outside the mask do not make a rule that never matches */
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_ARM\"], \"syscalls\": [{\"names\": [\"personality\"],"
		   "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 2147483648, \"valueTwo\": 18446744069414584320,"
		   "\"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}"),
	   "compile MASKED_EQ mask 0x80000000, valueTwo 0xffffffff00000000");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0x7fffffff, 0) == ERRNO(EPERM) &&
		   verdict(AUDIT_ARCH_X86_64, 135, 0xffffffff7fffffff, 0) == ERRNO(EPERM) &&
		   verdict(AUDIT_ARCH_X86_64, 135, 0x80000000, 0) == SECCOMP_RET_ALLOW,
	   "MASKED_EQ: (arg & mask) == (valueTwo & mask), x86_64");
	ok(verdict(AUDIT_ARCH_ARM, 136, 0, 0) == ERRNO(EPERM) && verdict(AUDIT_ARCH_ARM, 136, 0x80000000, 0) == SECCOMP_RET_ALLOW,
	   "MASKED_EQ: the same on arm (low halves)");
	ok(!compare(600, true), "program = model");
}

static void test_rules(void)
{
	/* ANDed args, ORed rules, an unconditional rule wins, errno values */
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"architectures\": [\"SCMP_ARCH_X86\"],"
		   "\"syscalls\": ["
		   "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},"
		   "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},"
		   "{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 0, \"value\": 16, \"op\": \"SCMP_CMP_EQ\"},"
		   "  {\"index\": 1, \"value\": 9, \"op\": \"SCMP_CMP_GE\"}, {\"index\": 1, \"value\": 20, \"op\": \"SCMP_CMP_LE\"}]},"
		   "{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		   "{\"names\": [\"kill\"], \"action\": \"SCMP_ACT_KILL\", \"args\": [{\"index\": 1, \"value\": 9, \"op\": \"SCMP_CMP_EQ\"}]},"
		   "{\"names\": [\"kill\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 1234, \"args\": [{\"index\": 1, \"value\": 9, \"op\": \"SCMP_CMP_GE\"}]},"
		   "{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_LOG\"},"
		   "{\"names\": [\"rmdir\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
		   "{\"names\": [\"no_such_syscall\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"),
	   "compile: rules");
	ok(well_formed(&prog), "well formed");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 0, 0) == SECCOMP_RET_ALLOW && verdict(AUDIT_ARCH_X86_64, 135, 8, 0) == SECCOMP_RET_ALLOW,
	   "personality 0 or 8: ORed rules");
	ok(verdict(AUDIT_ARCH_X86_64, 135, 1, 0) == ERRNO(38), "personality 1: defaultErrnoRet");
	ok(verdict(AUDIT_ARCH_X86_64, 41, 16, 9) == SECCOMP_RET_ALLOW, "socket: the rule without args wins");
	ok(verdict(AUDIT_ARCH_X86_64, 62, 1, 9) == SECCOMP_RET_KILL_THREAD, "kill 9: SCMP_ACT_KILL is KILL_THREAD");
	ok(verdict(AUDIT_ARCH_X86_64, 62, 1, 10) == (SECCOMP_RET_TRACE | 1234), "kill 10: the next rule, TRACE(1234)");
	ok(verdict(AUDIT_ARCH_X86_64, 62, 1, 8) == ERRNO(38), "kill 8: no rule, the default");
	ok(verdict(AUDIT_ARCH_X86_64, 83, 0, 0) == SECCOMP_RET_LOG, "mkdir: LOG");
	ok(verdict(AUDIT_ARCH_X86_64, 84, 0, 0) == SECCOMP_RET_KILL_PROCESS, "rmdir: KILL_PROCESS");
	ok(verdict(AUDIT_ARCH_X86_64, 0, 0, 0) == SECCOMP_RET_ALLOW, "read: allowed, the unknown name skipped");
	ok(verdict(AUDIT_ARCH_I386, 102, 0, 0) == ERRNO(38), "x86 socketcall: default");
	ok(!compare(600, true), "program = model");

	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\"],"
		   "\"syscalls\": [{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 22, \"args\": "
		   "[{\"index\": 0, \"value\": 16, \"op\": \"SCMP_CMP_EQ\"}, {\"index\": 1, \"value\": 9, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
	   "compile: two args");
	ok(verdict(AUDIT_ARCH_X86_64, 41, 16, 9) == ERRNO(22), "socket(16, 9): both args match");
	ok(verdict(AUDIT_ARCH_X86_64, 41, 16, 8) == SECCOMP_RET_ALLOW && verdict(AUDIT_ARCH_X86_64, 41, 2, 9) == SECCOMP_RET_ALLOW,
	   "socket: one arg alone does not");
	ok(verdict(AUDIT_ARCH_I386, 359, 0x100000010, 9) == ERRNO(22), "x86: only the low halves are compared");
}

/* x86: a rule on a socket or SysV IPC call also covers socketcall(2) and
 * ipc(2) with arg0 the call; its arg0 conditions are dropped there, its
 * others compared with the multiplexer's registers (libseccomp's way). */
static void test_socketcall(void)
{
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"architectures\": [\"SCMP_ARCH_X86\"],"
		   "\"syscalls\": [{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 97,"
		   "  \"args\": [{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_EQ\"}]},"
		   "{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_NE\"}]},"
		   "{\"names\": [\"connect\", \"accept\", \"send\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5},"
		   "{\"names\": [\"semop\", \"shmctl\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 2, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
	   "compile: socket and ipc rules for x86");
	ok(well_formed(&prog), "well formed");
	ok(verdict(AUDIT_ARCH_I386, 359, 40, 0) == ERRNO(97) && verdict(AUDIT_ARCH_I386, 359, 2, 0) == SECCOMP_RET_ALLOW,
	   "x86 socket (359): its arg0 rules");
	ok(verdict(AUDIT_ARCH_I386, 102, 1, 0) == ERRNO(97), "socketcall(SYS_SOCKET): arg0 rules dropped, the first rule wins");
	ok(verdict(AUDIT_ARCH_I386, 102, 3, 0) == ERRNO(5) && verdict(AUDIT_ARCH_I386, 102, 5, 0) == ERRNO(5) &&
		   verdict(AUDIT_ARCH_I386, 102, 9, 0) == ERRNO(5),
	   "socketcall(SYS_CONNECT, SYS_ACCEPT, SYS_SEND): covered, also without a direct syscall");
	ok(verdict(AUDIT_ARCH_I386, 102, 2, 0) == ERRNO(38) && verdict(AUDIT_ARCH_I386, 102, 0x100000001, 0) == ERRNO(97),
	   "socketcall(SYS_BIND): default; arg0 compared on its low half");
	ok(verdict(AUDIT_ARCH_I386, 362, 0, 0) == ERRNO(5), "x86 connect (362)");
	struct seccomp_data d = { .nr = 117, .arch = AUDIT_ARCH_I386, .args = { 1, 0, 3 } };
	ok(run(&prog, &d) == SECCOMP_RET_TRAP, "ipc(SEMOP, _, 3): the rule's arg2 on ipc's arg2");
	d.args[2] = 4;
	ok(run(&prog, &d) == ERRNO(38), "ipc(SEMOP, _, 4): default");
	d.args[0] = 24, d.args[2] = 3;
	ok(run(&prog, &d) == SECCOMP_RET_TRAP, "ipc(SHMCTL, _, 3)");
	d.nr = 396;
	ok(run(&prog, &d) == SECCOMP_RET_TRAP, "x86 shmctl (396), direct");
	ok(!compare(600, true), "program = model");

	/* an explicit socketcall rule without args wins over the derived ones */
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\"],"
		   "\"syscalls\": [{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_KILL\"},"
		   "{\"names\": [\"socketcall\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"),
	   "compile: socket KILL, socketcall ALLOW");
	ok(verdict(AUDIT_ARCH_I386, 102, 1, 0) == SECCOMP_RET_ALLOW && verdict(AUDIT_ARCH_I386, 359, 1, 0) == SECCOMP_RET_KILL_THREAD,
	   "socketcall allowed, direct socket killed");
	ok(verdict(AUDIT_ARCH_X86_64, 41, 1, 0) == SECCOMP_RET_KILL_THREAD, "x86_64 socket killed, no socketcall there");
	ok(!compare(600, true), "program = model");
}

/* A rule with the default action is skipped (libseccomp refuses it, runc
 * skips it): it does not shadow a later rule. */
static void test_default_action_rule(void)
{
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
		   "{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]},"
		   "{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 8, \"op\": \"SCMP_CMP_LE\"}]},"
		   "{\"names\": [\"rmdir\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		   "{\"names\": [\"rmdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 2, \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
	   "compile: rules with the default action");
	ok(verdict(AUDIT_ARCH_X86_64, 83, 0, 3) == ERRNO(EPERM), "mkdir(_, 3): the ALLOW rule is skipped");
	ok(verdict(AUDIT_ARCH_X86_64, 83, 0, 9) == SECCOMP_RET_ALLOW, "mkdir(_, 9): default");
	ok(verdict(AUDIT_ARCH_X86_64, 84, 0, 0) == ERRNO(2) && verdict(AUDIT_ARCH_X86_64, 84, 1, 0) == SECCOMP_RET_ALLOW,
	   "rmdir: the plain ALLOW rule is skipped too");
	ok(!compare(600, true), "program = model");
}

static void test_engines(void)
{
	/* the engines' configs live in ../shared, beside the repository */
	char *probe = read_fixture("podman-default.config.json");
	if (!probe) {
		printf("ok %d # SKIP no test/fixtures/engines (set REPO)\n", ++tests);
		return;
	}
	free(probe);
	ok(compile_fixture("podman-default.config.json"), "podman's default profile compiles");
	printf("# podman: %u instructions\n", prog.len);
	ok(well_formed(&prog), "well formed");
	max_path = 0;
	ok(!compare(560, true), "podman: program = model, every arch and number, many args");
	printf("# podman: the longest path is %d instructions\n", max_path);
	ok(verdict(AUDIT_ARCH_X86_64, 0, 0, 0) == SECCOMP_RET_ALLOW, "podman: read allowed");
	ok(verdict(AUDIT_ARCH_X86_64, 248, 0, 0) == ERRNO(38), "podman: add_key (not listed): ENOSYS");
	ok(verdict(AUDIT_ARCH_X86_64, 246, 0, 0) == ERRNO(1), "podman: kexec_load: EPERM");
	ok(verdict(AUDIT_ARCH_X86_64, 41, 16, 9) == SECCOMP_RET_ALLOW, "podman: socket(AF_NETLINK, .., 9)");
	ok(compile_fixture("containerd-seccomp.config.json"), "containerd's profile compiles");
	ok(well_formed(&prog) && !compare(560, true), "containerd: program = model");
}

/* Many arg rules: the program is thousands of instructions long, so jumps
 * cross 255 instructions (trampolines). */
static void test_long(void)
{
	static const char *const ops[] = { "NE", "LT", "LE", "EQ", "GE", "GT", "MASKED_EQ" };
	struct buf b = { 0 };
	unsigned seed = 1;

	buf_puts(&b, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"],"
		     "\"syscalls\": [{\"names\": [\"read\", \"write\", \"close\"], \"action\": \"SCMP_ACT_ALLOW\"}");
	for (int r = 0; r < 150; r++) {
		seed = seed * 1103515245 + 12345;
		buf_printf(&b, ", {\"names\": [\"%s\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %d, \"args\": [",
			   r % 3 ? "personality" : "ioctl", r + 1);
		for (int a = 0; a <= (int)(seed >> 16) % 3; a++) {
			seed = seed * 1103515245 + 12345;
			buf_printf(&b, "%s{\"index\": %d, \"value\": %llu, \"valueTwo\": %llu, \"op\": \"SCMP_CMP_%s\"}", a ? ", " : "",
				   a, (unsigned long long)vals[(seed >> 8) % ARRAY_SIZE(vals)],
				   (unsigned long long)vals[(seed >> 12) % ARRAY_SIZE(vals)] & vals[(seed >> 8) % ARRAY_SIZE(vals)],
				   ops[(seed >> 20) % 7]);
		}
		buf_puts(&b, "]}");
	}
	buf_puts(&b, "]}");
	ok(compile(b.p), "compile: 150 arg rules");
	printf("# long: %u instructions\n", prog.len);
	bool far = false;
	for (unsigned k = 0; k < prog.len; k++)
		far |= prog.insn[k].code == (BPF_JMP | BPF_JA) && prog.insn[k].k > 255;
	ok(prog.len > 1000 && far, "long enough for trampolines");
	ok(well_formed(&prog) && !compare(20, true), "long: program = model");
}

/* Each flag name to its bit, the kernel's ABI (include/uapi/linux/
 * seccomp.h) written out, not taken from the header json.c's table
 * was written from; and what seccomp_compile adds or drops for a
 * listener. */
static void test_flags(void)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} flags[] = {
		{ "SECCOMP_FILTER_FLAG_TSYNC", 1 },
		{ "SECCOMP_FILTER_FLAG_LOG", 2 },
		{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4 },
		{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32 },
	};
	static const char *const notify =
		", \"listenerPath\": \"/l\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_NOTIFY\"}]";
	char js[512];

	ok(SECCOMP_FILTER_FLAG_TSYNC == 1 && SECCOMP_FILTER_FLAG_LOG == 2 && SECCOMP_FILTER_FLAG_SPEC_ALLOW == 4 &&
		   SECCOMP_FILTER_FLAG_NEW_LISTENER == 8 && SECCOMP_FILTER_FLAG_TSYNC_ESRCH == 16 &&
		   SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV == 32,
	   "flags: the header's SECCOMP_FILTER_FLAG_* are the kernel's");
	for (size_t k = 0; k < ARRAY_SIZE(flags); k++) {
		/* without a listener WAIT_KILLABLE_RECV means nothing: dropped */
		uint32_t want = flags[k].bit == 32 ? 0 : flags[k].bit;
		snprintf(js, sizeof(js), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"%s\"]}", flags[k].name);
		ok(compile(js) && cfg.seccomp->flags == flags[k].bit && prog.flags == want, "flags: %s is %u (loaded: %u)",
		   flags[k].name, flags[k].bit, want);
		/* with one, NEW_LISTENER (8) is added, TSYNC takes TSYNC_ESRCH (16) */
		want = flags[k].bit | 8 | (flags[k].bit == 1 ? 16 : 0);
		snprintf(js, sizeof(js), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"%s\"]%s}", flags[k].name,
			 notify);
		ok(compile(js) && prog.flags == want, "flags: %s with a listener loads %u", flags[k].name, want);
	}
	snprintf(js, sizeof(js), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [%s%s%s%s]}",
		 "\"SECCOMP_FILTER_FLAG_LOG\", ", "\"SECCOMP_FILTER_FLAG_TSYNC\", ", "\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\", ",
		 "\"SECCOMP_FILTER_FLAG_LOG\"");
	ok(compile(js) && cfg.seccomp->flags == 7 && prog.flags == 7, "flags: a set, a name twice");
	ok(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": []}") && prog.flags == 0, "flags: [] is none");
}

static void test_errors(void)
{
	static const struct {
		const char *json, *err;
	} bad[] = {
		{ "{\"syscalls\": []}", "linux.seccomp.defaultAction: required" },
		{ "{\"defaultAction\": \"SCMP_ACT_FOO\"}", "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_FOO\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
		  "linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\", \"x86\"]}",
		  "linux.seccomp.architectures[1]: unknown architecture \"x86\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]}",
		  "linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerMetadata\": \"x\"}",
		  "linux.seccomp.listenerMetadata: given without listenerPath" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		  "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
		  "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_LT\"}]},"
		  "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_FOO\"}]}]}",
		  "linux.seccomp.syscalls[3].args[0].op: unknown operator \"SCMP_CMP_FOO\"" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		  "\"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "linux.seccomp.syscalls[0].args[0].index: out of range (0..5: a syscall has six arguments)" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		  "\"args\": [{\"index\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "linux.seccomp.syscalls[0].args[0].value: required" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": \"SCMP_ACT_ERRNO\"}]}",
		  "linux.seccomp.syscalls[0].names: must not be empty" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"]}]}",
		  "linux.seccomp.syscalls[0].action: required" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\", \"errnoRet\": 1}]}",
		  "linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 65536}", "linux.seccomp.defaultErrnoRet: out of range (0..65535)" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
		  "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath" },
		{ "{\"defaultAction\": \"SCMP_ACT_NOTIFY\", \"listenerPath\": \"/x\"}",
		  "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action" },
		{ "[]", "linux.seccomp: expected object, got array" },
	};

	for (size_t k = 0; k < ARRAY_SIZE(bad); k++) {
		char *doc = xasprintf("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": %s}}",
				      bad[k].json);
		int r = json_parse_config(doc, strlen(doc), &cfg);
		if (r == 0)
			r = seccomp_compile(cfg.seccomp, &prog);
		const char *e = rt_error();
		ok(r < 0 && e && str_has(e, bad[k].err), "error: %s", bad[k].err);
		if (!(r < 0 && e && str_has(e, bad[k].err)))
			printf("#   got: %s\n", e ? e : "(none)");
		rt_clear();
	}
}

int main(void)
{
	if (getenv("UNIT_QUICK")) {
		nr_step = 23;
		vals_step = 5;
	}
	test_names();
	test_arches();
	test_operators();
	test_rules();
	test_socketcall();
	test_default_action_rule();
	test_engines();
	test_long();
	test_flags();
	test_errors();
	printf("1..%d\n", tests);
	return failures != 0;
}
