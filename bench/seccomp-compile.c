/* bench/seccomp-compile: runlet's seccomp compiler on one profile, built as
 * runlet is (musl-gcc -Os, static, runlet's own allocator): parse and
 * compile times, the program's size and path lengths. Used by
 * bench/seccomp.sh; prints "key value" lines.
 *
 *   seccomp-compile CONFIG.JSON [RUNS]
 *   seccomp-compile --pid PID      the filter a process runs under (as
 *                                  installed, by any runtime), the same
 *                                  numbers but times: needs root
 *
 * Path lengths, in instructions executed: "longest" is the longest path
 * through the program (a bound that may include infeasible paths);
 * "worst" the most any call executed over every architecture, every
 * syscall number (x32's and ARM's private ones too) with arguments 0,
 * all-ones and 0xffffffff; then the paths of a few calls on x86_64:
 * getppid(), personality(0xffffffff), read(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "../seccomp.c"
#include "../test/bpf.h"

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

static int path(const struct seccomp_filter *f, uint32_t arch, uint32_t nr, uint64_t arg)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch, .args = { arg, arg, arg, arg, arg, arg } };
	int steps = 0;

	bpf_run(f->insn, f->len, &d, &steps);
	return steps;
}

/* The most any call executes: every architecture and syscall number (x32's
 * and ARM's private ones too), arguments 0, all-ones and 0xffffffff. */
static int worst_path(const struct seccomp_filter *f)
{
	static const uint32_t audits[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
					   AUDIT_ARCH_RISCV64 };
	static const uint64_t args[] = { 0, ~0ull, 0xffffffff };
	int worst = 0;

	for (size_t a = 0; a < ARRAY_SIZE(audits); a++)
		for (uint32_t nr = 0; nr < 1100; nr++) {
			uint32_t n = nr < 600 ? nr : nr < 1000 ? X32_BIT + nr - 600 : 0x0f0000 + nr - 1000;
			for (size_t v = 0; v < ARRAY_SIZE(args); v++) {
				int p = path(f, audits[a], n, args[v]);
				worst = p > worst ? p : worst;
			}
		}
	return worst;
}

static void paths(const struct seccomp_filter *f)
{
	printf("instructions %u\nlongest %d\nworst %d\n", f->len, bpf_longest_path(f->insn, f->len), worst_path(f));
	printf("path_getppid %d\npath_personality %d\npath_read %d\n", path(f, AUDIT_ARCH_X86_64, 110, 0),
	       path(f, AUDIT_ARCH_X86_64, 135, 0xffffffff), path(f, AUDIT_ARCH_X86_64, 0, 0));
}

/* PTRACE_SECCOMP_GET_FILTER: the newest filter of pid (and how many). */
static int dump_pid(int pid)
{
	struct seccomp_filter f = { 0 };
	long n, count = 0;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0) {
		perror("seccomp-compile: ptrace");
		return 1;
	}
	waitpid(pid, NULL, __WALL);
	while (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)count, NULL) > 0)
		count++;
	n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL);
	if (n > 0) {
		f.len = (unsigned short)n;
		f.insn = calloc((size_t)n, sizeof(*f.insn));
		ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, f.insn);
	}
	ptrace(PTRACE_DETACH, pid, 0, 0);
	if (n <= 0) {
		perror("seccomp-compile: PTRACE_SECCOMP_GET_FILTER");
		return 1;
	}
	printf("filters %ld\n", count);
	paths(&f);
	return 0;
}

int main(int argc, char **argv)
{
	struct oci_config cfg;
	struct seccomp_filter f;
	char *js = NULL;
	size_t len = 0;
	int runs = argc > 2 ? atoi(argv[2]) : 500;
	double *t = calloc((size_t)runs, sizeof(double)), t0;

	if (argc > 2 && !strcmp(argv[1], "--pid"))
		return dump_pid(atoi(argv[2]));
	if (argc < 2 || read_file_at(AT_FDCWD, argv[1], &js, &len) < 0) {
		fprintf(stderr, "usage: seccomp-compile CONFIG.JSON [RUNS]\n");
		return 2;
	}
	t0 = now_us();
	memset(&cfg, 0, sizeof(cfg));
	if (json_parse_config(js, len, &cfg) < 0 || !cfg.seccomp) {
		fprintf(stderr, "seccomp-compile: %s\n", rt_error() ? rt_error() : "no linux.seccomp");
		return 1;
	}
	printf("parse_us %.1f\n", now_us() - t0);
	for (int k = 0; k < runs; k++) {
		t0 = now_us();
		if (seccomp_compile(cfg.seccomp, &f) < 0) {
			fprintf(stderr, "seccomp-compile: %s\n", rt_error());
			return 1;
		}
		t[k] = now_us() - t0;
	}
	printf("compile_first_us %.1f\n", t[0]);
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	printf("compile_min_us %.1f\ncompile_median_us %.1f\ncompile_p90_us %.1f\n", t[0], t[runs / 2], t[runs * 9 / 10]);
	paths(&f);
	return 0;
}
