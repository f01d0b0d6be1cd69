/* SPDX-License-Identifier: MIT
 * results: builds the "meta" object and prints the results tree deterministically
 * (our own printer so that numbers use buf_num's shortest round-trip form and the
 * layout never depends on the cJSON version). */
#include "model/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"

static void
add_date(cJSON *o, const char *key, double days)
{
	char s[16];
	cJSON_AddStringToObject(o, key, date_format_iso(days, s));
}

cJSON *
results_new(const struct project *p, double as_of, enum project_asof basis)
{
	static const char *const basis_name[] = {
		[PROJECT_ASOF_DATE] = "date", [PROJECT_ASOF_TODAY] = "today", [PROJECT_ASOF_LATEST] = "latest",
	};
	cJSON *root = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(root, "meta");
	cJSON *prev;
	long long sde;
	cJSON_AddStringToObject(meta, "title", p->title);
	cJSON_AddStringToObject(meta, "organization", p->organization);
	add_date(meta, "as_of", as_of);
	cJSON_AddStringToObject(meta, "as_of_basis", basis_name[basis]);
	if (basis == PROJECT_ASOF_TODAY)        /* the report says so where it shows the week */
		cJSON_AddTrueToObject(meta, "as_of_today");
	add_date(meta, "week_start", as_of - 6);
	add_date(meta, "week_end", as_of);
	prev = cJSON_AddObjectToObject(meta, "previous_week");
	add_date(prev, "start", as_of - 13);
	add_date(prev, "end", as_of - 7);
	cJSON_AddStringToObject(meta, "generated_by", RESULTS_GENERATED_BY);
	cJSON_AddStringToObject(meta, "locale", locale_name(p->locale));
	cJSON_AddStringToObject(meta, "currency", p->currency);
	if (date_source_epoch(&sde) == 1) {
		char s[32];
		cJSON_AddStringToObject(meta, "generated_at", date_format_epoch(sde, s));
	}
	return root;
}

static void
put_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

static void
indent(struct buf *b, int depth)
{
	buf_putc(b, '\n');
	for (int i = 0; i < depth; i++)
		buf_puts(b, "  ");
}

static void
put_value(struct buf *b, const cJSON *j, int depth)
{
	if (cJSON_IsString(j))
		put_string(b, j->valuestring);
	else if (cJSON_IsNumber(j))
		buf_num(b, j->valuedouble);
	else if (cJSON_IsTrue(j))
		buf_puts(b, "true");
	else if (cJSON_IsFalse(j))
		buf_puts(b, "false");
	else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
		int obj = cJSON_IsObject(j);
		/* short arrays of scalars stay on one line */
		int flat = !obj;
		size_t n = 0;
		for (const cJSON *c = j->child; c; c = c->next, n++)
			if (cJSON_IsArray(c) || cJSON_IsObject(c))
				flat = 0;
		if (n > 16)
			flat = 0;
		buf_putc(b, obj ? '{' : '[');
		if (!j->child) {
			buf_putc(b, obj ? '}' : ']');
			return;
		}
		for (const cJSON *c = j->child; c; c = c->next) {
			if (flat) {
				if (c != j->child)
					buf_puts(b, ", ");
			} else {
				if (c != j->child)
					buf_putc(b, ',');
				indent(b, depth + 1);
			}
			if (obj) {
				put_string(b, c->string);
				buf_puts(b, ": ");
			}
			put_value(b, c, depth + 1);
		}
		if (!flat)
			indent(b, depth);
		buf_putc(b, obj ? '}' : ']');
	} else
		buf_puts(b, "null");
}

char *
results_print(const cJSON *root)
{
	struct buf b;
	buf_init(&b);
	put_value(&b, root, 0);
	buf_putc(&b, '\n');
	return buf_detach(&b, NULL);
}

enum locale
results_locale(const cJSON *model)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(model, "meta");
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(meta, "locale");
	return locale_of(cJSON_IsString(l) ? l->valuestring : NULL);
}
