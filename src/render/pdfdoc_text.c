/* SPDX-License-Identifier: MIT
 * pdfdoc_text: the pdfdoc engine's text primitives: UTF-8 decoding, line breaking
 * (Latin at spaces and hyphens, CJK between characters, basic kinsoku) and splitting
 * text into font runs. Pure functions over a width/coverage callback; no libharu. */
#include "render/pdfdoc.h"

#include <string.h>

uint32_t
pdfdoc_text_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = len - *i;
	uint32_t c = p[0];
	int n;
	uint32_t min;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xE0) == 0xC0) { n = 1; c &= 0x1F; min = 0x80; }
	else if ((c & 0xF0) == 0xE0) { n = 2; c &= 0x0F; min = 0x800; }
	else if ((c & 0xF8) == 0xF0) { n = 3; c &= 0x07; min = 0x10000; }
	else { (*i)++; return 0xFFFD; }
	if ((size_t)n >= left) {
		(*i)++;
		return 0xFFFD;
	}
	for (int k = 1; k <= n; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		c = (c << 6) | (p[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		(*i)++;
		return 0xFFFD;
	}
	*i += (size_t)n + 1;
	return c;
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000;
}

/* Characters between which a line may break without a space. */
static int
is_cjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) ||   /* radicals, CJK punctuation, kana, ideographs */
	       (c >= 0xAC00 && c <= 0xD7AF) ||   /* hangul */
	       (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
	       (c >= 0xFE30 && c <= 0xFE4F) ||   /* CJK compatibility forms */
	       (c >= 0xFF00 && c <= 0xFFEF) ||   /* full-width forms */
	       (c >= 0x20000 && c <= 0x3FFFF);
}

/* Kinsoku: may not start a line. */
static int
no_start(uint32_t c)
{
	static const uint32_t set[] = {
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F,
		0x3011, 0x300B, 0x3009, 0xFF0E, 0x2026, 0x30FC, 0x2019, 0x201D,
		',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
	};
	for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
		if (set[k] == c)
			return 1;
	return 0;
}

/* Kinsoku: may not end a line. */
static int
no_end(uint32_t c)
{
	static const uint32_t set[] = {
		0xFF08, 0x300C, 0x300E, 0x3010, 0x300A, 0x3008, 0x2018, 0x201C, '(', '[', '{',
	};
	for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
		if (set[k] == c)
			return 1;
	return 0;
}

static int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c >= 0xC0 && c < 0x2000);
}

/* May the line break before cp[k] (k > 0)? */
static int
can_break(const uint32_t *cp, size_t k)
{
	uint32_t a = cp[k - 1], b = cp[k];
	if (is_space(b) || no_start(b))
		return 0;
	if (is_space(a)) {
		/* after spaces, unless they follow an opening mark */
		size_t j = k - 1;
		while (j > 0 && is_space(cp[j - 1]))
			j--;
		return j == 0 || !no_end(cp[j - 1]);
	}
	if (no_end(a))
		return 0;
	if ((a == '-' || a == 0x2010) && k >= 2 && is_letter(cp[k - 2]) && is_letter(b))
		return 1;
	return is_cjk(a) || is_cjk(b);
}

size_t
pdfdoc_text_break(const char *s, size_t len, double max_w,
                  double (*width)(void *ctx, uint32_t cp), void *ctx,
                  struct arena *a, struct pdfdoc_text_line **lines)
{
	/* Decode once: code points, their byte offsets (n + 1 entries) and prefix widths. */
	size_t n = 0, i = 0, cap = len + 1;
	uint32_t *cp = arena_alloc(a, cap * sizeof *cp);
	size_t *off = arena_alloc(a, (cap + 1) * sizeof *off);
	double *pw = arena_alloc(a, (cap + 1) * sizeof *pw);
	while (i < len) {
		off[n] = i;
		cp[n] = pdfdoc_text_next(s, len, &i);
		n++;
	}
	off[n] = len;
	pw[0] = 0;
	for (size_t k = 0; k < n; k++)
		pw[k + 1] = pw[k] + (cp[k] == '\n' ? 0 : width(ctx, cp[k]));

	struct pdfdoc_text_line *out = arena_alloc(a, (n + 1) * sizeof *out);
	size_t nl = 0;
	if (n == 0) {
		*lines = out;
		return 0;
	}

	size_t ls = 0;      /* first char of the current line */
	size_t brk = 0;     /* last break opportunity (index of the next line's first char), 0 = none */
#define EMIT(st, en) do { \
	size_t e_ = (en); \
	while (e_ > (st) && is_space(cp[e_ - 1])) \
		e_--; \
	out[nl].start = off[st]; out[nl].end = off[e_]; \
	out[nl].width = pw[e_] - pw[st]; nl++; \
} while (0)
	size_t k = 0;
	while (k < n) {
		if (cp[k] == '\n') {
			EMIT(ls, k);
			ls = ++k;
			brk = 0;
			continue;
		}
		if (k > ls && can_break(cp, k))
			brk = k;
		/* spaces hang; a line always takes its first character */
		if (is_space(cp[k]) || k == ls || pw[k + 1] - pw[ls] <= max_w) {
			k++;
			continue;
		}
		size_t nx;
		if (brk > ls)
			nx = brk;
		else if (no_start(cp[k]))
			nx = k + 1;  /* inside a word: let the closing mark hang past the edge */
		else if (no_end(cp[k - 1]) && k - 1 > ls)
			nx = k - 1;  /* carry an opening mark over with what it opens */
		else
			nx = k;
		for (;;) {   /* closing marks after the break (even after spaces) hang too */
			size_t j = nx;
			while (j < n && is_space(cp[j]))
				j++;
			if (j >= n || !no_start(cp[j]))
				break;
			nx = j + 1;
		}
		EMIT(ls, nx);
		ls = nx;
		while (ls < n && is_space(cp[ls]))
			ls++;
		brk = 0;
		k = ls;     /* rescan the carried-over characters against the new line */
	}
	if (ls < n)
		EMIT(ls, n);
#undef EMIT
	*lines = out;
	return nl;
}

size_t
pdfdoc_text_runs(const char *s, size_t len, int (*font_of)(void *ctx, uint32_t cp),
                 void *ctx, struct arena *a, struct pdfdoc_text_run **runs)
{
	size_t i = 0, nr = 0, cap = 8;
	struct pdfdoc_text_run *r = arena_alloc(a, cap * sizeof *r);
	while (i < len) {
		size_t at = i;
		uint32_t c = pdfdoc_text_next(s, len, &i);
		int f = font_of(ctx, c);
		if (nr > 0 && (r[nr - 1].font == f || (c == ' ' && r[nr - 1].font >= 0))) {
			/* same font, or a space (every font we use has one) */
			r[nr - 1].end = i;
			continue;
		}
		if (nr == cap) {
			struct pdfdoc_text_run *nr2 = arena_alloc(a, 2 * cap * sizeof *r);
			memcpy(nr2, r, cap * sizeof *r);
			r = nr2;
			cap *= 2;
		}
		r[nr].start = at;
		r[nr].end = i;
		r[nr].font = f;
		nr++;
	}
	*runs = r;
	return nr;
}
