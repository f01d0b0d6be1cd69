/* SPDX-License-Identifier: MIT
 * buf: growable, always NUL-terminated byte buffer. */
#include "base/buf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= extra) {
		if (cap > ((size_t)-1) / 2)
			cap = b->len + extra + 1;
		else
			cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;
	buf_add(b, &ch, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0) {
		buf_grow(b, 0);
		b->data[b->len] = '\0';
		return;
	}
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_num(struct buf *b, double v)
{
	char tmp[32];
	if (!isfinite(v)) {
		buf_puts(b, "null");
		return;
	}
	if (v == 0) {
		buf_puts(b, "0");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {     /* integer digits, as "%.0f" */
		char *e = tmp + sizeof tmp, *p = e;
		uint64_t k = (uint64_t)fabs(v);
		do {
			*--p = (char)('0' + k % 10);
			k /= 10;
		} while (k);
		if (v < 0)
			*--p = '-';
		buf_add(b, p, (size_t)(e - p));
		return;
	}
	/* %.15g already gives the shortest form when one of at most 15 digits exists
	 * (%g drops trailing zeros); otherwise 16 or 17 digits round-trip. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	buf_puts(b, tmp);
}

void
buf_escape_html(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	for (i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;
	if (!b->data)
		buf_grow(b, 0), b->data[0] = '\0';
	p = b->data;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
