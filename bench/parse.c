/* parse: time config.json's parse + validate, as `create` does them.
 *
 *   parse [-n RUNS] [-w WARMUP] CONFIG
 *
 * Prints one line per phase (parse, validate, both): runs, mean, median,
 * min, p90 and max in microseconds. Built by bench/parse.sh through
 * test/json.mk, from runlet's own objects and flags (the musl -Os build as
 * shipped) and as a glibc -O2 reference.
 *
 * runtime.c is included for its static validate() (its main renamed), and
 * alloc.c, runlet's allocator, for its arena: each run starts from the
 * same point of one big chunk, so every run allocates as runlet's one
 * parse does (a bump allocator, never a free) without the memory growing. */
#define main runtime_main
#include "../runtime.c"
#undef main
#include "../alloc.c"

#include <time.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n)
{
	double sum = 0;

	for (int k = 0; k < n; k++)
		sum += v[k];
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	printf("%-9s runs %d  mean %.1f  median %.1f  min %.1f  p90 %.1f  max %.1f  (us)\n", what, n, sum / n,
	       n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[0], v[n * 9 / 10], v[n - 1]);
}

int main(int argc, char **argv)
{
	static struct oci_config cfg;
	struct container c = { .cfg = &cfg, .state_dirfd = -1, .fifo_fd = -1, .sync_fd = -1, .console_fd = -1, .relay_fd = -1 };
	struct opts o = { .console_socket = "console.sock" };
	int runs = 2000, warmup = 200, i = 1, r;
	double *t_parse, *t_valid, *t_both;
	char *js, *mark;
	size_t len, arena = 256u << 20;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-n"))
			runs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-w"))
			warmup = atoi(argv[i + 1]);
		else
			break;
	}
	if (i + 1 != argc || runs < 1 || warmup < 0) {
		fprintf(stderr, "usage: parse [-n RUNS] [-w WARMUP] CONFIG\n");
		return 2;
	}
	if ((r = read_file_at(AT_FDCWD, argv[i], &js, &len)) < 0) {
		fprintf(stderr, "parse: %s: %s\n", argv[i], strerror(-r));
		return 2;
	}
	t_parse = calloc((size_t)runs, sizeof(double));
	t_valid = calloc((size_t)runs, sizeof(double));
	t_both = calloc((size_t)runs, sizeof(double));
	/* one chunk for all runs: each starts at mark */
	cur = mmap(NULL, arena, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (cur == MAP_FAILED || !t_parse || !t_valid || !t_both)
		return 2;
	end = cur + arena;
	mark = cur;
	for (int k = -warmup; k < runs; k++) {
		double t0, t1, t2;

		cur = mark;
		t0 = now_us();
		r = json_parse_config(js, len, &cfg);
		t1 = now_us();
		if (r == 0) {
			c.userns = cfg.ns[NS_USER].present;
			r = validate(&c, &o);
		}
		t2 = now_us();
		if (r < 0) {
			fprintf(stderr, "parse: %s: %s\n", argv[i], rt_error());
			return 1;
		}
		if (cur > end - (arena >> 1) || cur < mark) {
			fprintf(stderr, "parse: one run took more than half the arena\n");
			return 1;
		}
		if (k >= 0) {
			t_parse[k] = t1 - t0;
			t_valid[k] = t2 - t1;
			t_both[k] = t2 - t0;
		}
	}
	printf("%s: %zu bytes, arena per run %zu bytes\n", argv[i], len, (size_t)(cur - mark));
	report("parse", t_parse, runs);
	report("validate", t_valid, runs);
	report("both", t_both, runs);
	return 0;
}
