/* runlet's allocator, in place of musl's: a bump allocator on anonymous
 * mmap chunks, where free() does nothing. Every runlet process lives for
 * one command and allocates a few hundred KiB at most (the parsed config,
 * state files), so reclaiming is not worth mallocng's 8 KiB of code; the
 * container's process gets a fresh heap at exec. Single-threaded, as the
 * whole runtime is. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "sys.h"

#define CHUNK (256 * 1024)

struct hdr {
	size_t size;
	size_t pad; /* keeps the payload 16-byte aligned */
};

static char *cur, *end, *base; /* base: the current chunk's start */

void *malloc(size_t n)
{
	struct hdr *h;

	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + sizeof(*h) + 15) & ~(size_t)15;
	if ((size_t)(end - cur) < n || !cur) {
		size_t len = n > CHUNK ? n : CHUNK;
		void *p = sys_mmap_anon(len);
		if (p == MAP_FAILED)
			return NULL;
		base = cur = p;
		end = cur + len;
	}
	h = (struct hdr *)cur;
	h->size = n - sizeof(*h);
	cur += n;
	return h + 1;
}

void free(void *p)
{
	(void)p;
}

void *calloc(size_t a, size_t b)
{
	void *p;

	if (b && a > SIZE_MAX / b)
		return NULL;
	p = malloc(a * b);
	return p ? memset(p, 0, a * b) : NULL; /* mmap memory is zero, reused memory is not */
}

void *realloc(void *p, size_t n)
{
	struct hdr *h;
	void *q;

	if (!p)
		return malloc(n);
	h = (struct hdr *)p - 1;
	if (h->size >= n)
		return p;
	/* the last block grows in place */
	if ((char *)p + h->size == cur && (size_t)(end - (char *)p) >= n) {
		size_t grow = ((n + 15) & ~(size_t)15) - h->size;
		if ((size_t)(end - cur) >= grow) {
			cur += grow;
			h->size += grow;
			return p;
		}
	}
	q = malloc(n);
	if (q)
		memcpy(q, p, h->size);
	return q;
}

/* A loop that allocates in each round and keeps nothing (events' poll)
 * takes a mark before a round and gives back everything after it at the
 * end: free() alone gives nothing back. A new chunk taken in the round
 * keeps the rest of the old one. */
void *alloc_mark(void)
{
	return cur;
}

void alloc_release(void *mark)
{
	if ((char *)mark >= base && (char *)mark <= cur)
		cur = mark;
}
