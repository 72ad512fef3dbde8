/* The printf family, small: runlet formats no floating point, and musl's
 * printf core (with its floating-point formatter) is 8 KB of the binary.
 * Defining these here keeps libc's out of the static link; musl's own
 * users get these too. No FILE functions (see out_fd).
 *
 * Conversions d i u x X o c s p %; flags - and 0; width and precision as
 * digits or *; length modifiers hh h l ll z j t. Anything else is copied
 * through as it is.
 *
 * A glibc build (the sanitizer build of test/) keeps glibc's own. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef __GLIBC__

struct out {
	char *p;
	size_t cap, len; /* len counts everything, even what did not fit */
};

static void put(struct out *o, const char *s, size_t k)
{
	if (o->len < o->cap)
		memcpy(o->p + o->len, s, k < o->cap - o->len ? k : o->cap - o->len);
	o->len += k;
}

static void pad(struct out *o, char c, int k)
{
	while (k-- > 0)
		put(o, &c, 1);
}

static int num(const char **f, va_list *ap)
{
	int v = 0;

	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	while (**f >= '0' && **f <= '9')
		v = v * 10 + *(*f)++ - '0';
	return v;
}

static size_t format(char *buf, size_t cap, const char *f, va_list ap0)
{
	struct out o = { buf, cap, 0 };
	va_list ap;

	va_copy(ap, ap0);
	for (; *f; f++) {
		char tmp[24], *s = tmp + sizeof(tmp), sign = 0;
		int left = 0, zero = 0, w, prec = -1, lng = 0, base = 10;
		unsigned long long u = 0;
		size_t len;

		if (*f != '%') {
			const char *e = strchrnul(f, '%');
			put(&o, f, (size_t)(e - f));
			f = e - 1;
			continue;
		}
		for (f++; *f == '-' || *f == '0'; f++)
			*f == '-' ? (left = 1) : (zero = 1);
		if ((w = num(&f, &ap)) < 0)
			left = 1, w = -w;
		if (*f == '.') {
			f++;
			prec = num(&f, &ap);
		}
		for (; *f == 'h' || *f == 'l' || *f == 'z' || *f == 'j' || *f == 't'; f++)
			lng += *f == 'l' ? 1 : *f == 'j' ? 2 : *f == 'h' ? 0 : 1;
		switch (*f) {
		case 'd':
		case 'i': {
			long long v = lng > 1 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0)
				sign = '-';
			u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
			goto digits;
		}
		case 'x':
		case 'X':
		case 'p':
			base = 16;
			goto unsig;
		case 'o':
			base = 8;
			/* fall through */
		case 'u':
		unsig:
			u = *f == 'p'    ? (uintptr_t)va_arg(ap, void *)
			    : lng > 1 ? va_arg(ap, unsigned long long)
			    : lng     ? va_arg(ap, unsigned long)
				      : va_arg(ap, unsigned);
		digits:
			do
				*--s = "0123456789abcdef"[u % (unsigned)base] - (*f == 'X' && u % 16 > 9 ? 32 : 0);
			while (u /= (unsigned)base);
			if (*f == 'p') {
				*--s = 'x';
				*--s = '0';
			}
			len = (size_t)(tmp + sizeof(tmp) - s);
			break;
		case 'c':
			*--s = (char)va_arg(ap, int);
			len = 1;
			break;
		case 's':
			s = va_arg(ap, char *);
			if (!s)
				s = "(null)";
			len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			break;
		default: /* "%%", or a conversion runlet does not use: as is */
			if (!*f)
				f--;
			s = (char *)f;
			len = *f != 0;
			break;
		}
		w -= (int)len + !!sign;
		if (!left && !zero)
			pad(&o, ' ', w);
		if (sign)
			put(&o, &sign, 1);
		if (!left && zero)
			pad(&o, '0', w);
		put(&o, s, len);
		if (left)
			pad(&o, ' ', w);
	}
	va_end(ap);
	return o.len;
}

int vsnprintf(char *restrict s, size_t n, const char *restrict f, va_list ap)
{
	size_t len = format(s, n ? n - 1 : 0, f, ap);

	if (n)
		s[len < n - 1 ? len : n - 1] = 0;
	return (int)len;
}

int snprintf(char *restrict s, size_t n, const char *restrict f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = vsnprintf(s, n, f, ap);
	va_end(ap);
	return r;
}

int vsprintf(char *restrict s, const char *restrict f, va_list ap)
{
	return vsnprintf(s, INT32_MAX, f, ap);
}

int sprintf(char *restrict s, const char *restrict f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = vsprintf(s, f, ap);
	va_end(ap);
	return r;
}

int vasprintf(char **s, const char *f, va_list ap)
{
	int n = vsnprintf(NULL, 0, f, ap);

	if (n < 0 || !(*s = malloc((size_t)n + 1)))
		return -1;
	return vsnprintf(*s, (size_t)n + 1, f, ap);
}

int asprintf(char **s, const char *f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = vasprintf(s, f, ap);
	va_end(ap);
	return r;
}

/* Through a buffer on the stack, or the heap for a long line. Only the
 * dprintf pair writes: runlet uses no stdio (a printf or fprintf would
 * link musl's FILE machinery and its printf core back in, 10 KB: `make
 * sizes` shows it). */
static int out_fd(int fd, const char *f, va_list ap)
{
	char b[512], *p = b;
	int n = vsnprintf(b, sizeof(b), f, ap);

	if (n >= (int)sizeof(b) && vasprintf(&p, f, ap) < 0)
		return -1;
	n = write(fd, p, (size_t)n) == n ? n : -1;
	if (p != b)
		free(p);
	return n;
}

int vdprintf(int fd, const char *restrict f, va_list ap)
{
	return out_fd(fd, f, ap);
}

int dprintf(int fd, const char *restrict f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = out_fd(fd, f, ap);
	va_end(ap);
	return r;
}

#endif
