/* Unit tests for fmt.c, runlet's own printf family (in this musl build it
 * replaces libc's, as in runlet). Each case is a format, its arguments and
 * the exact text C's printf gives for them. TAP output.
 *
 *   make build/unit/fmt.t && ./build/unit/fmt.t */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int n, failed;

static void is(const char *desc, const char *got, const char *want)
{
	n++;
	if (!strcmp(got, want)) {
		printf("ok %d - %s\n", n, desc);
		return;
	}
	failed++;
	printf("not ok %d - %s\n# got:  '%s'\n# want: '%s'\n", n, desc, got, want);
}

#define T(want, ...)                                                  \
	do {                                                          \
		char b_[256];                                         \
		int r_ = snprintf(b_, sizeof(b_), __VA_ARGS__);       \
		is(#__VA_ARGS__, b_, want);                           \
		if (r_ != (int)strlen(want))                          \
			is(#__VA_ARGS__ " (return value)", "wrong", ""); \
	} while (0)

int main(void)
{
	char small[5], *p;

	T("plain text", "plain text");
	T("100%", "100%%");
	T("a=-42 b=42 c=0", "a=%d b=%i c=%d", -42, 42, 0);
	T("-2147483648 2147483647", "%d %d", (int)INT32_MIN, (int)INT32_MAX);
	T("4294967295", "%u", 4294967295u);
	T("-9223372036854775808 18446744073709551615", "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	T("-1 1", "%ld %lu", -1L, 1UL);
	T("123456789 -5", "%zu %zd", (size_t)123456789, (ssize_t)-5);
	T("ff FF 777 0", "%x %X %o %x", 255u, 255u, 0777u, 0u);
	T("ffffffffffffffff", "%llx", ~0ULL);
	T("7", "%jd", (intmax_t)7);
	T("0x1000", "%p", (void *)0x1000);
	T("x", "%c", 'x');
	T("[hello] [(null)]", "[%s] [%s]", "hello", (char *)NULL);
	T("[  ab] [ab  ] [ab]", "[%4s] [%-4s] [%1s]", "ab", "ab", "ab");
	T("[abc] [ab]", "[%.3s] [%.*s]", "abcdef", 2, "abcdef");
	T("[  ab]|[ab  ]", "[%*s]|[%-*s]", 4, "ab", 4, "ab");
	T("[ab  ]", "[%*s]", -4, "ab");
	T("07 0042 -042 000000123", "%02d %04lld %04d %09ld", 7, 42LL, -42, 123L);
	T("[  -7] [-7  ]", "[%4d] [%-4d]", -7, -7);
	T("01:02:03", "%02u:%02u:%02d", 1u, 2u, 3);
	T("%-8s|", "%%-8s|");
	T("a\nb\\c\"", "a\nb\\c\"");
	/* truncation: the return value is what would have been written */
	is("truncated", (snprintf(small, sizeof(small), "%s", "abcdefgh"), small), "abcd");
	is("truncated return", snprintf(small, sizeof(small), "%d", 1234567) == 7 ? "7" : "bad", "7");
	is("size 0 measures", snprintf(NULL, 0, "%s-%d", "ab", 12) == 5 ? "5" : "bad", "5");
	is("asprintf", (asprintf(&p, "%s=%zu", "long", (size_t)600) == 8 ? p : "bad"), "long=600");
	free(p);
	/* longer than fprintf's stack buffer */
	char big[2000];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	is("asprintf of 2000", (asprintf(&p, "<%s>", big), strlen(p) == 2001 && p[1000] == 'y' ? "ok" : "bad"), "ok");
	free(p);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
