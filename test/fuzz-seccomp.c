/* fuzz-seccomp: a libFuzzer target for the seccomp path of runlet: the
 * input is a linux.seccomp object (JSON), parsed by json.c inside a minimal
 * config.json, then compiled by seccomp.c. A test-only host build
 * (clang -fsanitize=fuzzer,address,undefined); `make fuzz-seccomp`.
 *
 * Besides the sanitizers, every compiled program is checked:
 * - the kernel's checker would take it (test/bpf.h's bpf_check: known
 *   opcodes, jumps inside the program, loads inside seccomp_data, a `ret`
 *   last), and it is at most BPF_MAXINSNS long;
 * - run on seccomp_data drawn from the input (every architecture runlet
 *   knows and one it does not, numbers around the profile's), it never
 *   falls off or faults, and every verdict is the default action, the
 *   bad-architecture KILL_PROCESS, or the action of one of the rules.
 *
 * The parser and compiler allocate without freeing (runlet's process is
 * short-lived; its allocator never frees); here every allocation goes
 * through fz_malloc and friends (-Dmalloc=fz_malloc ... for all units),
 * which remember it, and everything is freed after each input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../seccomp.c" /* archdefs, action(): the static parts too */
#include "bpf.h"

#undef malloc
#undef calloc
#undef realloc
#undef free
/* the C library's own, under the names the -D flags took */
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);

/* ---- the allocations of one input ---- */

static void **live;
static size_t n_live, cap_live;

static void track(void *p)
{
	if (n_live == cap_live) {
		cap_live = cap_live ? 2 * cap_live : 1024;
		live = realloc(live, cap_live * sizeof(*live));
	}
	live[n_live++] = p;
}

/* Forget p (searched from the newest): true if it was one of ours. */
static bool untrack(void *p)
{
	for (size_t k = n_live; k-- > 0;)
		if (live[k] == p) {
			live[k] = live[--n_live];
			return true;
		}
	return false;
}

void *fz_malloc(size_t n)
{
	void *p = malloc(n);

	if (p)
		track(p);
	return p;
}

void *fz_calloc(size_t n, size_t m)
{
	void *p = calloc(n, m);

	if (p)
		track(p);
	return p;
}

void *fz_realloc(void *p, size_t n)
{
	void *q;

	if (p && !untrack(p))
		abort(); /* not ours: an allocation the fuzzer does not see */
	q = realloc(p, n);
	track(q ? q : p);
	return q;
}

void fz_free(void *p)
{
	if (p && untrack(p))
		free(p);
	else if (p)
		free(p); /* libc's own (vasprintf) */
}

static void free_all(void)
{
	for (size_t k = 0; k < n_live; k++)
		free(live[k]);
	n_live = 0;
}

/* ---- the checks ---- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static bool allowed_verdict(const struct oci_seccomp *s, uint32_t v)
{
	if (v == action(s->default_action, s->has_default_errno, s->default_errno) || v == SECCOMP_RET_KILL_PROCESS)
		return true;
	for (size_t k = 0; k < s->n_syscalls; k++)
		if (v == rule_action(&s->syscalls[k]))
			return true;
	return false;
}

static void check_program(const struct oci_seccomp *s, const struct seccomp_filter *f, const uint8_t *data, size_t size)
{
	static const uint32_t audits[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
					   AUDIT_ARCH_RISCV64, AUDIT_ARCH_PPC64LE };
	const char *bad = bpf_check(f->insn, f->len);
	uint64_t h = 0x12345;

	if (bad) {
		fprintf(stderr, "fuzz-seccomp: the program is invalid: %s\n", bad);
		abort();
	}
	for (size_t k = 0; k < size; k++)
		h = mix(h ^ data[k]);
	for (int t = 0; t < 64; t++) {
		struct seccomp_data d = { .arch = audits[t % ARRAY_SIZE(audits)] };
		h = mix(h + (uint64_t)t);
		d.nr = (int)(h % 512);
		if (t % 8 == 1)
			d.nr += (int)X32_BIT;
		if (t % 8 == 2)
			d.nr = (int)(0x0f0000 + h % 8);
		if (t % 8 == 3)
			d.nr = -1;
		for (int a = 0; a < 6; a++) {
			h = mix(h);
			d.args[a] = (h & 1) ? h : h % 4 ? h >> (h % 64) : ~0ull;
		}
		uint32_t v = bpf_run(f->insn, f->len, &d, NULL);
		if (v == BPF_BAD || !allowed_verdict(s, v)) {
			fprintf(stderr, "fuzz-seccomp: arch %#x nr %#x: verdict %#x is no action of the profile\n", d.arch,
				(unsigned)d.nr, v);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": ";
	struct oci_config cfg;
	struct seccomp_filter f = { 0 };
	size_t n = strlen(head) + size + 2;
	char *doc = malloc(n + 1);

	memcpy(doc, head, strlen(head));
	memcpy(doc + strlen(head), data, size);
	memcpy(doc + strlen(head) + size, "}}", 3);
	memset(&cfg, 0, sizeof(cfg));
	if (json_parse_config(doc, n, &cfg) == 0 && cfg.seccomp && seccomp_compile(cfg.seccomp, &f) == 0) {
		if (f.len > BPF_MAXINSNS) {
			fprintf(stderr, "fuzz-seccomp: %u instructions, over BPF_MAXINSNS\n", f.len);
			abort();
		}
		check_program(cfg.seccomp, &f, data, size);
	}
	rt_clear();
	free_all();
	free(doc);
	return 0;
}
