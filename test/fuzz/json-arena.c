/* The fuzz build's allocator. runlet's alloc.c never frees: a command's
 * whole config lives in one arena until exit. Here (json.c and the rest
 * built with -Dmalloc=fz_malloc ..., see test/json.mk) every allocation is
 * a real malloc that ASan watches, recorded in a pointer set, so that
 *  - free() in json.c is a real free: a use after it is reported (it
 *    would be a bug in the unit tests' musl build, which does free);
 *  - after each input the harness frees what is left (fz_reset(): the
 *    arena dropped at once), and LeakSanitizer sees only what went round
 *    the set (libc's own mallocs, which runlet's alloc.c would also own).
 * Compiled without those -D, so malloc here is the real one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json-fuzz.h"

#define TOMB ((void *)1)

static void **set;
static size_t cap, used; /* used: live and tombstones */

static size_t slot(const void *p)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7);
}

static void add(void *p);

static void grow(void)
{
	void **old = set;
	size_t n = cap;

	cap = cap ? cap * 2 : 4096;
	set = calloc(cap, sizeof(*set));
	if (!set)
		abort();
	used = 0;
	for (size_t k = 0; k < n; k++)
		if (old[k] && old[k] != TOMB)
			add(old[k]);
	free(old);
}

static void add(void *p)
{
	size_t k;

	if (!p)
		return;
	if ((used + 1) * 2 > cap)
		grow();
	for (k = slot(p) & (cap - 1); set[k] && set[k] != TOMB; k = (k + 1) & (cap - 1))
		;
	if (!set[k])
		used++;
	set[k] = p;
}

/* Remove p; false if it was not there (a pointer from libc itself). */
static int take(void *p)
{
	if (!cap)
		return 0;
	for (size_t k = slot(p) & (cap - 1); set[k]; k = (k + 1) & (cap - 1))
		if (set[k] == p) {
			set[k] = TOMB;
			return 1;
		}
	return 0;
}

void *fz_malloc(size_t n)
{
	void *p = malloc(n);

	add(p);
	return p;
}

void *fz_calloc(size_t a, size_t b)
{
	void *p = calloc(a, b);

	add(p);
	return p;
}

void *fz_realloc(void *p, size_t n)
{
	void *q;

	if (p)
		take(p);
	q = realloc(p, n);
	if (!q && p && n)
		add(p); /* still ours */
	add(q);
	return q;
}

void fz_free(void *p)
{
	if (p)
		take(p);
	free(p);
}

void fz_reset(void)
{
	for (size_t k = 0; k < cap; k++)
		if (set[k] && set[k] != TOMB)
			free(set[k]);
	if (cap)
		memset(set, 0, cap * sizeof(*set));
	used = 0;
}
