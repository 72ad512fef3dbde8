/* Unit tests for fmt.c, runlet's own vsnprintf and vfprintf: every
 * conversion runlet uses, the truncation and return value of snprintf,
 * and fprintf of a line longer than vfprintf's stack buffer. TAP.
 *
 *   make build/unit/fmt.t && ./build/unit/fmt.t */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* truncation and a NULL %s are what is tested here */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static int n, failed;

static void is(const char *what, const char *got, const char *want)
{
	n++;
	if (!strcmp(got, want)) {
		printf("ok %d - %s\n", n, what);
		return;
	}
	failed++;
	printf("not ok %d - %s\n# got:  '%s'\n# want: '%s'\n", n, what, got, want);
}

#define F(want, ...)                                                           \
	do {                                                                   \
		char b_[256];                                                  \
		snprintf(b_, sizeof(b_), __VA_ARGS__);                         \
		is(#__VA_ARGS__, b_, want);                                    \
	} while (0)

int main(void)
{
	char b[8], big[2000];
	int r;

	F("plain text", "plain text");
	F("a b", "%s %s", "a", "b");
	F("(null)", "%s", (char *)NULL);
	F("0 -1 2147483647 -2147483648", "%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	F("4294967295", "%u", UINT_MAX);
	F("18446744073709551615 -9223372036854775808", "%llu %lld", ULLONG_MAX, LLONG_MIN);
	F("123456789012 -5", "%ld %ld", 123456789012L, -5L);
	F("42 7", "%zu %lu", (size_t)42, 7UL);
	F("755 0", "%o %o", 0755u, 0u);
	F("ff", "%x", 255u);
	F("x=%", "x=%c", '%');
	F("100%", "100%%");
	F("05 007 -07", "%02d %03u %03d", 5, 7u, -7);
	F("2024-01-02T03:04:05.000000006Z", "%04lld-%02u-%02uT%02d:%02d:%02d.%09ldZ", 2024LL, 1u, 2u, 3, 4, 5, 6L);
	F("[ab  ][  ab][ab]", "[%-4s][%4s][%1s]", "ab", "ab", "ab");
	F("[abc   ]", "[%-*s]", 6, "abc");
	F("[   abc]", "[%*s]", 6, "abc");
	F("[abc   ]", "[%*s]", -6, "abc");
	F("hel|hello|he", "%.3s|%.64s|%.*s", "hello", "hello", 2, "hello");
	F("[  -3][-3  ]", "[%4d][%-4d]", -3, -3);
	/* unknown conversions are copied (formats through a variable:
	 * the compiler would refuse them as literals) */
	const char *odd[] = { "%q stays", "end %" };
	for (int k = 0; k < 2; k++) {
		char o[32];
		snprintf(o, sizeof(o), odd[k]);
		is(odd[k], o, odd[k]);
	}

	/* truncation: NUL-terminated, the return value is the full length */
	r = snprintf(b, sizeof(b), "%s-%d", "abcdef", 12345);
	is("truncated text", b, "abcdef-");
	is("return value past the buffer", r == 12 ? "12" : "other", "12");
	r = snprintf(NULL, 0, "%d", 123);
	is("size with a NULL buffer", r == 3 ? "3" : "other", "3");

	/* asprintf sizes with vsnprintf then formats */
	char *s = xasprintf("%s/%s.%d", "dir", "file", 7);
	is("xasprintf", s, "dir/file.7");

	/* fprintf past vfprintf's 512-byte stack buffer, through a pipe */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	int p[2];
	if (pipe(p) == 0) {
		FILE *f = fdopen(p[1], "w");
		r = fprintf(f, "<%s>", big);
		fclose(f);
		static char back[4096];
		ssize_t k, got = 0;
		while ((k = read(p[0], back + got, sizeof(back) - 1 - (size_t)got)) > 0)
			got += k;
		back[got] = 0;
		char want[2100];
		snprintf(want, sizeof(want), "<%s>", big);
		is("fprintf of 2001 bytes", back, want);
		is("fprintf's return value", r == 2001 ? "2001" : "other", "2001");
	}
	printf("1..%d\n", n);
	return failed != 0;
}
