/* vsnprintf and vfprintf for the conversions runlet uses, in place of
 * musl's printf_core, whose float formatting alone is 4.7 KB that runlet
 * never calls (9 KB in all). musl's snprintf, fprintf, printf, vasprintf
 * and dprintf call these two. Supported: flags '-' and '0', a width and a
 * precision (a number or *), the length modifiers l, ll and z, and the
 * conversions d i u o x s c %. Anything else is copied as it is. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

struct out {
	char *s;
	size_t n, len;
};

static void put(struct out *o, char c, int times)
{
	for (; times > 0; times--, o->len++)
		if (o->len + 1 < o->n)
			o->s[o->len] = c;
}

static void put_str(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width - (int)n;

	if (!left)
		put(o, pad, fill);
	for (size_t k = 0; k < n; k++)
		put(o, s[k], 1);
	if (left)
		put(o, ' ', fill);
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	struct out o = { s, n, 0 };

	for (; *fmt; fmt++) {
		const char *start = fmt;
		bool left = false, zero = false;
		int width = 0, prec = -1, lng = 0;

		if (*fmt != '%') {
			put(&o, *fmt, 1);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = true;
			else
				zero = true;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + *fmt - '0';
		if (*fmt == '.') {
			prec = 0;
			if (*++fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + *fmt - '0';
		}
		if (width < 0) {
			left = true;
			width = -width;
		}
		/* z: size_t is unsigned long on every Linux ABI */
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		char tmp[24], *p = tmp + sizeof(tmp);
		unsigned long long v;
		bool neg = false;
		switch (*fmt) {
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			size_t len = prec < 0 ? strlen(str) : strnlen(str, (size_t)prec);
			put_str(&o, str, len, width, left, ' ');
			continue;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_str(&o, tmp, 1, width, left, ' ');
			continue;
		case '%':
			put(&o, '%', 1);
			continue;
		case 'd':
		case 'i': {
			long long sv = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			neg = sv < 0;
			v = neg ? 0 - (unsigned long long)sv : (unsigned long long)sv;
			break;
		}
		case 'u':
		case 'o':
		case 'x':
			v = lng >= 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			break;
		default: /* not ours: as it is */
			fmt = start;
			put(&o, '%', 1);
			continue;
		}
		unsigned base = *fmt == 'o' ? 8 : *fmt == 'x' ? 16 : 10;
		do
			*--p = "0123456789abcdef"[v % base];
		while (v /= base);
		size_t len = (size_t)(tmp + sizeof(tmp) - p);
		if (zero && !left) {
			if (neg)
				put(&o, '-', 1);
			put_str(&o, p, len, width - neg, false, '0');
		} else {
			if (neg)
				*--p = '-';
			put_str(&o, p, len + neg, width, left, ' ');
		}
	}
	if (n)
		s[o.len < n ? o.len : n - 1] = 0;
	return (int)o.len;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	char small[512], *p = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small))
		vsnprintf(p = xmalloc((size_t)n + 1), (size_t)n + 1, fmt, again);
	va_end(again);
	return fwrite(p, 1, (size_t)n, f) == (size_t)n ? n : -1;
}
