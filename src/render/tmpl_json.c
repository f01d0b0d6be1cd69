/* SPDX-License-Identifier: MIT
 * tmpl_json: the cJSON data backend of the mustache engine (tmpl.c). The report
 * model is one cJSON tree; this file is the only place the engine touches cJSON.
 * Values are const cJSON pointers; NULL means missing. */
#include "render/tmpl.h"

#include <stdlib.h>
#include <string.h>

static const void *
json_get(void *ctx, const void *v, const char *key)
{
	const cJSON *o = v;
	(void)ctx;
	if (!cJSON_IsObject(o))
		return NULL;
	/* cJSON_GetObjectItemCaseSensitive, with the first byte compared inline: most
	 * members differ there, and lookups are most of the work in a big table */
	for (const cJSON *c = o->child; c; c = c->next)
		if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

static int
json_truthy(void *ctx, const void *v)
{
	const cJSON *j = v;
	(void)ctx;
	if (!j || cJSON_IsFalse(j) || cJSON_IsNull(j) || cJSON_IsInvalid(j))
		return 0;
	if (cJSON_IsArray(j))
		return j->child != NULL;
	if (cJSON_IsString(j))
		return j->valuestring && j->valuestring[0];
	return 1;
}

static int
json_is_list(void *ctx, const void *v)
{
	(void)ctx;
	return cJSON_IsArray((const cJSON *)v);
}

static const void *
json_enter(void *ctx, const void *list)
{
	(void)ctx;
	return ((const cJSON *)list)->child;
}

static const void *
json_next(void *ctx, const void *list, const void *item)
{
	(void)ctx;
	(void)list;
	return ((const cJSON *)item)->next;
}

/* Appends s[0..n), escaped as buf_escape_html does (& < > " '), in one pass: room
 * for the worst case is made once and bytes are copied by runs. */
static void
put(struct buf *out, const char *s, size_t n, int escape)
{
	static const char *const rep[256] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	};
	size_t i, start = 0;
	char *w;
	if (!escape) {
		buf_add(out, s, n);
		return;
	}
	buf_grow(out, n * 6);
	w = out->data + out->len;
	for (i = 0; i < n; i++) {
		const char *r = rep[(unsigned char)s[i]];
		if (!r)
			continue;
		memcpy(w, s + start, i - start);
		w += i - start;
		while (*r)
			*w++ = *r++;
		start = i + 1;
	}
	memcpy(w, s + start, n - start);
	w += n - start;
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
}

/* Writes |m| with f fractional digits (f may be 0), after a '-' when neg. */
static void
put_fixed(struct buf *out, unsigned long long m, int f, int neg)
{
	char tmp[32], *p = tmp + sizeof tmp;
	int k = 0;
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
		if (++k == f)
			*--p = '.';
	} while (m || k <= f);
	if (*p == '.')
		*--p = '0';
	if (neg)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

/* Numbers exactly as buf_num prints them (shortest round trip), without printf for
 * the common cases: integers below 1e15, and decimals of at most 6 fractional
 * digits in [1e-4, 1e15) (money, shares, rates). A decimal m/10^f that converts back
 * to v with the fewest f is what "%.{p}g" gives for the smallest round-tripping p,
 * since one unit of the f-th digit is then far more than v's rounding error. */
static void
put_num(struct buf *out, double v)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	double a = v < 0 ? -v : v;
	if (v != 0 && a < 1e15 && v == (double)(long long)v) {
		put_fixed(out, (unsigned long long)a, 0, v < 0);
		return;
	}
	if (a >= 1e-4 && a < 1e15) {
		for (int f = 1; f <= 6 && a * pow10[f] < 1e15; f++) {
			double m = (double)(long long)(a * pow10[f] + 0.5);
			if (m / pow10[f] == a) {
				put_fixed(out, (unsigned long long)m, f, v < 0);
				return;
			}
		}
	}
	buf_num(out, v);
}

static void
json_text(void *ctx, const void *v, int escape, struct buf *out)
{
	const cJSON *j = v;
	(void)ctx;
	if (cJSON_IsString(j)) {
		if (j->valuestring)
			put(out, j->valuestring, strlen(j->valuestring), escape);
	} else if (cJSON_IsNumber(j)) {
		put_num(out, j->valuedouble);
	} else if (cJSON_IsTrue(j)) {
		buf_add(out, "true", 4);
	} else if (cJSON_IsFalse(j)) {
		buf_add(out, "false", 5);
	} else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
		char *s = cJSON_PrintUnformatted(j);
		if (s) {
			put(out, s, strlen(s), escape);
			free(s);
		}
	}
	/* null and raw/invalid values print nothing */
}

const struct tmpl_data_ops tmpl_json_ops = {
	.name = "cjson",
	.get = json_get,
	.truthy = json_truthy,
	.is_list = json_is_list,
	.enter = json_enter,
	.next = json_next,
	.text = json_text,
};
