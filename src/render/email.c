/* SPDX-License-Identifier: MIT
 * email: builds briefing.eml. The summary text and HTML are read from the report model
 * (headlines, kpis, targets) defensively: a part of the model that is absent is left
 * out. Everything non-ASCII travels base64-encoded, so every line is 7-bit and short. */
#include "render/email.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/fmt.h"
#include "model/i18n.h"
#include "model/results.h"

#define TOP_ROWS 5

/* ------------------------------------------------------------- encodings */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes without line breaks. */
static void
base64_raw(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_putc(out, b64[(v >> 18) & 63]);
		buf_putc(out, b64[(v >> 12) & 63]);
		buf_putc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		buf_putc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

void
email_base64(struct buf *out, const void *data, size_t n)
{
	const unsigned char *p = data;
	/* 57 input bytes make one 76-character line */
	for (size_t i = 0; i < n; i += 57) {
		base64_raw(out, p + i, n - i < 57 ? n - i : 57);
		buf_puts(out, "\r\n");
	}
}

static int
is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

void
email_header_text(struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;
	if (is_plain_ascii(s)) {
		buf_puts(out, s);
		return;
	}
	/* 30 bytes -> 40 base64 characters -> a 52-character encoded-word */
	while (i < n) {
		size_t k = n - i < 30 ? n - i : 30;
		while (i + k < n && k > 1 && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;        /* do not cut a UTF-8 sequence */
		if (i > 0)
			buf_puts(out, "\r\n ");
		buf_puts(out, "=?UTF-8?B?");
		base64_raw(out, (const unsigned char *)s + i, k);
		buf_puts(out, "?=");
		i += k;
	}
}

static uint64_t
fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ------------------------------------------------------------- addresses */

static int
bad_header_chars(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			return 1;
	return 0;
}

static int
valid_addr(const char *s, size_t n)
{
	size_t at = 0, nat = 0;
	if (n == 0 || n > 254)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return 0;
		if (c == '@') {
			at = i;
			nat++;
		}
	}
	return nat == 1 && at > 0 && at + 1 < n;
}

int
email_addr_spec(const char *s, struct buf *out)
{
	const char *lt = strchr(s, '<'), *gt, *a = s;
	size_t n;
	if (bad_header_chars(s))
		return -1;
	if (lt) {
		gt = strchr(lt, '>');
		if (!gt || gt[1 + strspn(gt + 1, " ")] != '\0')
			return -1;
		a = lt + 1;
		n = (size_t)(gt - a);
	} else {
		while (*a == ' ')
			a++;
		n = strlen(a);
		while (n > 0 && a[n - 1] == ' ')
			n--;
	}
	if (!valid_addr(a, n))
		return -1;
	buf_add(out, a, n);
	return 0;
}

/* Appends one address ("a@b" or "Name <a@b>") in header form. Returns 0 or -1. */
static int
put_address(struct buf *out, const char *key, const char *s, struct diag *d)
{
	const char *lt = strchr(s, '<'), *gt;
	if (bad_header_chars(s)) {
		diag_error(d, BD_EINPUT, NULL, "output.email.%s: a line break in '%s' is not allowed", key, s);
		return -1;
	}
	if (!lt) {
		while (*s == ' ')
			s++;
		size_t n = strlen(s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (!valid_addr(s, n))
			goto bad;
		buf_add(out, s, n);
		return 0;
	}
	gt = strchr(lt, '>');
	if (!gt || gt[1 + strspn(gt + 1, " ")] != '\0' || !valid_addr(lt + 1, (size_t)(gt - lt - 1)))
		goto bad;
	{
		const char *a = s, *e = lt;
		char *name;
		while (a < e && *a == ' ')
			a++;
		while (e > a && e[-1] == ' ')
			e--;
		if (e - a >= 2 && *a == '"' && e[-1] == '"') {
			a++;
			e--;
		}
		name = xmalloc((size_t)(e - a) + 1);
		memcpy(name, a, (size_t)(e - a));
		name[e - a] = '\0';
		if (!*name) {
			/* no display name */
		} else if (!is_plain_ascii(name)) {
			email_header_text(out, name);
			buf_putc(out, ' ');
		} else if (strpbrk(name, "()<>[]:;@\\,.\"")) {
			buf_putc(out, '"');
			for (const char *c = name; *c; c++) {
				if (*c == '"' || *c == '\\')
					buf_putc(out, '\\');
				buf_putc(out, *c);
			}
			buf_puts(out, "\" ");
		} else {
			buf_puts(out, name);
			buf_putc(out, ' ');
		}
		free(name);
	}
	buf_putc(out, '<');
	buf_add(out, lt + 1, (size_t)(gt - lt - 1));
	buf_putc(out, '>');
	return 0;
bad:
	diag_error(d, BD_EINPUT, NULL, "output.email.%s: expected an address like 'name@example.com' or "
	           "'Name <name@example.com>', got '%s'", key, s);
	return -1;
}

/* "To: a,\r\n b" from a string or an array of strings. required: an empty list is an error. */
static int
put_address_header(struct buf *out, const char *header, const char *key, const cJSON *v,
                   int required, struct diag *d)
{
	const cJSON *e;
	int n = 0;
	if (!v) {
		if (required)
			diag_error(d, BD_EINPUT, NULL, "output.email: '%s' is required", key);
		return required ? -1 : 0;
	}
	if (cJSON_IsString(v)) {
		buf_printf(out, "%s: ", header);
		if (put_address(out, key, v->valuestring, d) != 0)
			return -1;
		buf_puts(out, "\r\n");
		return 0;
	}
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e)) {
			diag_error(d, BD_EINPUT, NULL, "output.email.%s: expected strings", key);
			return -1;
		}
		buf_puts(out, n++ ? ",\r\n " : "");
		if (n == 1)
			buf_printf(out, "%s: ", header);
		if (put_address(out, key, e->valuestring, d) != 0)
			return -1;
	}
	if (n)
		buf_puts(out, "\r\n");
	else if (required) {
		diag_error(d, BD_EINPUT, NULL, "output.email: '%s' needs at least one address", key);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- the model */

struct summary {
	const cJSON *model;
	enum locale locale;
	const char *currency;
	const struct theme *th;     /* colours and font family */
	int zh;
	struct buf text, html;
};

static const char *
str_at(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The catalogue's label for key (model/i18n) in the report's locale. */
static const char *
L(const struct summary *s, const char *key)
{
	const char *l = i18n_label(s->locale, key);
	return l ? l : key;
}

/* Label of KPI k: its "label", model labels.kpis.<key>, the catalogue's, or the key. */
static const char *
kpi_label(const struct summary *s, const cJSON *k)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(s->model, "labels");
	const char *key = k->string;
	const char *l = str_at(k, "label");
	if (l)
		return l;
	l = str_at(cJSON_GetObjectItemCaseSensitive(labels, "kpis"), key);
	if (l)
		return l;
	return L(s, key);
}

/* fmt_value kind of a KPI without a _fmt string, from its name. */
static const char *
kpi_kind(const char *name)
{
	if (strstr(name, "rate") || strstr(name, "share"))
		return "percent";
	if (strstr(name, "revenue") || strstr(name, "value") || strstr(name, "pipeline") || strstr(name, "amount"))
		return "currency";
	return NULL;
}

/* The formatted value of o.key: o.key_fmt, else the number (as kind), else an en dash. */
static void
fmt_field(const struct summary *s, const cJSON *o, const char *key, const char *kind, struct buf *out)
{
	char fk[64];
	const cJSON *v;
	snprintf(fk, sizeof fk, "%s_fmt", key);
	if (str_at(o, fk)) {
		buf_puts(out, str_at(o, fk));
		return;
	}
	v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsNumber(v))
		fmt_value(out, v->valuedouble, kind, -1, s->locale, s->currency);
	else if (cJSON_IsString(v))
		buf_puts(out, v->valuestring);
	else
		buf_puts(out, "\xe2\x80\x93");
}

/* The headline sentences: model.headlines as an array, or its first array member
 * among items / sentences / headlines / list; elements are strings or {"text"}. */
static const cJSON *
headline_list(const cJSON *model)
{
	static const char *const keys[] = { "items", "sentences", "headlines", "list" };
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(model, "headlines");
	if (cJSON_IsArray(h))
		return h;
	for (size_t i = 0; i < 4; i++)
		if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(h, keys[i])))
			return cJSON_GetObjectItemCaseSensitive(h, keys[i]);
	return NULL;
}

static const char *
headline_text(const cJSON *e)
{
	return cJSON_IsString(e) ? e->valuestring : str_at(e, "text");
}

/* Rows of a target list: targets.<key> as an array, or its "rows" array. */
static const cJSON *
target_rows(const cJSON *model, const char *key)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(model, "targets"), key);
	if (cJSON_IsArray(t))
		return t;
	t = cJSON_GetObjectItemCaseSensitive(t, "rows");
	return cJSON_IsArray(t) ? t : NULL;
}

static const char *
row_name(const cJSON *row)
{
	static const char *const keys[] = { "name", "customer", "account", "id" };
	for (size_t i = 0; i < 4; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, keys[i]);
		if (cJSON_IsString(v))
			return v->valuestring;
	}
	return "";
}

/* The row's ranking value: the score of its list (expected_value, value_at_risk, gap,
 * score) formatted, else its first formatted value (a key ending in "_fmt"), or "". */
static const char *
row_value(const cJSON *row)
{
	static const char *const scores[] = { "expected_value_fmt", "value_at_risk_fmt", "gap_fmt", "score_fmt" };
	const cJSON *v;
	for (size_t i = 0; i < 4; i++)
		if (str_at(row, scores[i]))
			return str_at(row, scores[i]);
	cJSON_ArrayForEach(v, row) {
		size_t n = v->string ? strlen(v->string) : 0;
		if (n > 4 && strcmp(v->string + n - 4, "_fmt") == 0 && cJSON_IsString(v))
			return v->valuestring;
	}
	return "";
}

static void
row_reasons(const cJSON *row, struct buf *out)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(row, "reasons"), *e;
	if (cJSON_IsString(r)) {
		buf_puts(out, r->valuestring);
		return;
	}
	cJSON_ArrayForEach(e, r) {
		const char *t = headline_text(e);
		if (!t)
			continue;
		if (out->len)
			buf_puts(out, "; ");
		buf_puts(out, t);
	}
	if (!out->len && str_at(row, "reason"))
		buf_puts(out, str_at(row, "reason"));
}

static void
html_text(struct buf *out, const char *s)
{
	buf_escape_html(out, s, strlen(s));
}

/* Appends the opening tag <TAG style="font-family:...;STYLE;color:#rrggbb;">: the
 * theme's font family and a colour of it; STYLE is printf-formatted (sizes, margins). */
static void
el(struct summary *s, const char *tag, uint32_t color, const char *fmt, ...)
{
	va_list ap;
	buf_printf(&s->html, "<%s style=\"font-family:", tag);
	buf_escape_html(&s->html, s->th->font_family, strlen(s->th->font_family));
	buf_puts(&s->html, ";");
	va_start(ap, fmt);
	buf_vprintf(&s->html, fmt, ap);
	va_end(ap);
	buf_printf(&s->html, "color:#%06x;\">", (unsigned)color);
}

static void
th_cell(struct summary *s, const char *text)
{
	el(s, "th", s->th->c.muted, "font-size:13px;text-align:left;padding:6px 8px;border-bottom:2px solid #%06x;",
	   (unsigned)s->th->c.border);
	html_text(&s->html, text);
	buf_puts(&s->html, "</th>");
}

/* <td>, right-aligned when right != 0 */
static void
td_cell(struct summary *s, int right)
{
	el(s, "td", s->th->c.text, "font-size:14px;padding:6px 8px;border-bottom:1px solid #%06x;%s",
	   (unsigned)s->th->c.grid, right ? "text-align:right;" : "");
}

static void
h2(struct summary *s, const char *text)
{
	el(s, "h2", s->th->c.text, "font-size:17px;margin:24px 0 8px 0;");
	html_text(&s->html, text);
	buf_puts(&s->html, "</h2>\n");
}

#define TABLE "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%%;\">"

static void
summary_head(struct summary *s, const char *week)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(s->model, "meta");
	const char *title = str_at(meta, "title"), *org = str_at(meta, "organization");
	const char *ws = str_at(meta, "week_start"), *we = str_at(meta, "week_end");
	if (!title)
		title = "bdreport";
	buf_printf(&s->text, "%s\n", title);
	buf_printf(&s->text, "%s %s", L(s, "ui_week"), week);
	if (ws && we)
		buf_printf(&s->text, " (%s .. %s)", ws, we);
	buf_puts(&s->text, "\n");
	if (org && *org)
		buf_printf(&s->text, "%s\n", org);

	buf_printf(&s->html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	           locale_name(s->locale));
	html_text(&s->html, title);
	buf_printf(&s->html, "</title>\n</head>\n<body style=\"margin:0;padding:0;background:#%06x;\">\n"
	           "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%%;background:#%06x;\">"
	           "<tr><td style=\"padding:16px;\">\n"
	           "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:680px;width:100%%;"
	           "margin:0 auto;background:#%06x;border:1px solid #%06x;\"><tr><td style=\"padding:24px;\">\n",
	           (unsigned)s->th->c.surface, (unsigned)s->th->c.surface, (unsigned)s->th->c.background,
	           (unsigned)s->th->c.grid);
	el(s, "h1", s->th->c.text, "font-size:22px;margin:0 0 4px 0;");
	html_text(&s->html, title);
	buf_puts(&s->html, "</h1>\n");
	el(s, "p", s->th->c.muted, "font-size:13px;margin:0;");
	if (org && *org) {
		html_text(&s->html, org);
		buf_puts(&s->html, " &middot; ");
	}
	buf_printf(&s->html, "%s %s", L(s, "ui_week"), week);
	if (ws && we) {
		buf_puts(&s->html, " (");
		html_text(&s->html, ws);
		buf_puts(&s->html, " &ndash; ");
		html_text(&s->html, we);
		buf_puts(&s->html, ")");
	}
	buf_puts(&s->html, "</p>\n");
}

static void
summary_headlines(struct summary *s)
{
	const cJSON *h = headline_list(s->model), *e;
	int n = 0;
	cJSON_ArrayForEach(e, h) {
		const char *t = headline_text(e);
		if (!t)
			continue;
		if (n++ == 0) {
			buf_printf(&s->text, "\n%s\n", L(s, "sec_headlines"));
			h2(s, L(s, "sec_headlines"));
			buf_puts(&s->html, "<ul style=\"margin:0;padding-left:20px;\">\n");
		}
		buf_printf(&s->text, "- %s\n", t);
		el(s, "li", s->th->c.text, "font-size:14px;margin:0 0 6px 0;");
		html_text(&s->html, t);
		buf_puts(&s->html, "</li>\n");
	}
	if (n)
		buf_puts(&s->html, "</ul>\n");
}

static void
summary_kpis(struct summary *s)
{
	const cJSON *kpis = cJSON_GetObjectItemCaseSensitive(s->model, "kpis"), *k;
	int n = 0;
	struct buf v;
	buf_init(&v);
	cJSON_ArrayForEach(k, kpis) {
		const char *cols[] = { "value", "previous", "change_pct" };
		if (!cJSON_IsObject(k) || !cJSON_GetObjectItemCaseSensitive(k, "value"))
			continue;
		if (n++ == 0) {
			buf_printf(&s->text, "\n%s\n", L(s, "sec_kpis"));
			h2(s, L(s, "sec_kpis"));
			buf_puts(&s->html, TABLE "\n<tr>");
			th_cell(s, L(s, "ui_indicator"));
			th_cell(s, L(s, "ui_this_week"));
			th_cell(s, L(s, "ui_previous"));
			th_cell(s, L(s, "change"));
			buf_puts(&s->html, "</tr>\n");
		}
		buf_printf(&s->text, "- %s:", kpi_label(s, k));
		buf_puts(&s->html, "<tr>");
		td_cell(s, 0);
		html_text(&s->html, kpi_label(s, k));
		buf_puts(&s->html, "</td>");
		for (int c = 0; c < 3; c++) {
			buf_reset(&v);
			if (c == 2 && !cJSON_GetObjectItemCaseSensitive(k, "change_pct_fmt") &&
			    cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(k, "change_pct")))
				fmt_change(&v, cJSON_GetObjectItemCaseSensitive(k, "change_pct")->valuedouble, 1);
			else
				fmt_field(s, k, cols[c], kpi_kind(k->string), &v);
			if (c == 1)     /* "(previous $1.07M, +12.0%)", full-width brackets in Chinese */
				buf_printf(&s->text, "%s%s ", s->zh ? "（" : " (", L(s, "ui_previous_short"));
			buf_printf(&s->text, "%s%s", c == 0 ? " " : c == 1 ? "" : ", ", buf_str(&v));
			td_cell(s, 1);
			html_text(&s->html, buf_str(&v));
			buf_puts(&s->html, "</td>");
		}
		buf_puts(&s->text, s->zh ? "）\n" : ")\n");
		buf_puts(&s->html, "</tr>\n");
	}
	if (n)
		buf_puts(&s->html, "</table>\n");
	buf_release(&v);
}

static void
summary_targets(struct summary *s)
{
	static const char *const lists[][2] = {     /* target list, its label key */
		{ "prospects", "sec_targets_prospects" },
		{ "retention", "sec_targets_retention" },
		{ "expansion", "sec_targets_expansion" },
		{ "partners", "sec_targets_partners" },
	};
	struct buf why;
	int any = 0;
	buf_init(&why);
	for (size_t l = 0; l < 4; l++) {
		const cJSON *rows = target_rows(s->model, lists[l][0]), *r;
		int n = 0;
		if (!rows || cJSON_GetArraySize(rows) == 0)
			continue;
		if (!any++) {
			buf_printf(&s->text, "\n%s\n", L(s, "sec_targets"));
			h2(s, L(s, "sec_targets"));
		}
		buf_printf(&s->text, "%s:\n", L(s, lists[l][1]));
		el(s, "h3", s->th->c.text, "font-size:15px;margin:16px 0 6px 0;");
		html_text(&s->html, L(s, lists[l][1]));
		buf_puts(&s->html, "</h3>\n" TABLE "\n");
		cJSON_ArrayForEach(r, rows) {
			if (n++ == TOP_ROWS)
				break;
			buf_reset(&why);
			row_reasons(r, &why);
			buf_printf(&s->text, "%d. %s", n, row_name(r));
			if (*row_value(r))
				buf_printf(&s->text, " (%s)", row_value(r));
			if (why.len)
				buf_printf(&s->text, ": %s", buf_str(&why));
			buf_puts(&s->text, "\n");
			buf_puts(&s->html, "<tr>");
			td_cell(s, 1);
			buf_printf(&s->html, "%d</td>", n);
			td_cell(s, 0);
			html_text(&s->html, row_name(r));
			buf_puts(&s->html, "</td>");
			td_cell(s, 1);
			html_text(&s->html, row_value(r));
			buf_puts(&s->html, "</td>");
			td_cell(s, 0);
			html_text(&s->html, buf_str(&why));
			buf_puts(&s->html, "</td></tr>\n");
		}
		buf_puts(&s->html, "</table>\n");
	}
	buf_release(&why);
}

static void
summary_foot(struct summary *s, const char *pdf_name)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(s->model, "meta");
	const char *by = str_at(meta, "generated_by");
	if (pdf_name) {
		buf_printf(&s->text, "\n%s %s\n", L(s, "ui_briefing_attached"), pdf_name);
		el(s, "p", s->th->c.text, "font-size:14px;margin:24px 0 0 0;");
		buf_printf(&s->html, "%s ", L(s, "ui_briefing_attached"));
		html_text(&s->html, pdf_name);
		buf_puts(&s->html, "</p>\n");
	}
	if (by) {
		buf_printf(&s->text, "\n-- \n%s\n", by);
		el(s, "p", s->th->c.muted, "font-size:12px;margin:16px 0 0 0;");
		html_text(&s->html, by);
		buf_puts(&s->html, "</p>\n");
	}
	buf_puts(&s->html, "</td></tr></table>\n</td></tr></table>\n</body>\n</html>\n");
}

/* ------------------------------------------------------------- the message */

/* Text with LF line ends as CRLF lines (for the hash and base64 both). */
static void
crlf(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			buf_putc(out, '\r');
		buf_putc(out, *s);
	}
}

static void
date_header(struct buf *out)
{
	static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	                                      "Sep", "Oct", "Nov", "Dec" };
	long long secs;
	long days;
	int y, mo, d, h, mi, sec;
	if (date_source_epoch(&secs) != 1)
		return;
	date_split_epoch(secs, &days, &h, &mi, &sec);
	date_to_civil(days, &y, &mo, &d);
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", wdays[date_weekday(days) - 1], d,
	           months[mo - 1], y, h, mi, sec);
}

/* Domain of the From address, for the Message-ID. */
static void
from_domain(const char *from, struct buf *out)
{
	const char *at = strrchr(from, '@');
	size_t n;
	if (!at) {
		buf_puts(out, "bdreport.invalid");
		return;
	}
	at++;
	n = strcspn(at, "> ");
	buf_add(out, at, n);
}

int
email_compose(const cJSON *model, const cJSON *email, const struct theme *theme,
              const char *pdf_name, const void *pdf, size_t pdf_len, struct buf *out,
              struct diag *d)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(model, "meta");
	const char *from = str_at(email, "from"), *subject = str_at(email, "subject");
	const char *as_of = str_at(meta, "as_of");
	struct summary s;
	struct buf hdr, week, subj, text, html, dom;
	uint64_t h = 0xcbf29ce484222325ULL;
	char hex[17];
	long days = 0;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.model = model;
	s.th = theme;
	s.locale = results_locale(model);
	s.currency = str_at(meta, "currency") ? str_at(meta, "currency") : "USD";
	s.zh = s.locale == LOCALE_ZH_CN;
	buf_init(&s.text);
	buf_init(&s.html);
	buf_init(&hdr);
	buf_init(&week);
	buf_init(&subj);
	buf_init(&text);
	buf_init(&html);
	buf_init(&dom);

	if (!cJSON_IsObject(email)) {
		diag_error(d, BD_EINPUT, NULL, "output.email: expected an object {from, to, cc, subject}");
		goto done;
	}
	if (!from) {
		diag_error(d, BD_EINPUT, NULL, "output.email: 'from' is required");
		goto done;
	}
	if (subject && bad_header_chars(subject)) {
		diag_error(d, BD_EINPUT, NULL, "output.email.subject: a line break is not allowed");
		goto done;
	}
	if (as_of && date_parse_day(as_of, &days) == 0)
		fmt_week(&week, days, LOCALE_EN);
	else
		buf_puts(&week, "?");
	if (subject)
		buf_puts(&subj, subject);
	else
		buf_printf(&subj, "%s \xe2\x80\x94 %s", str_at(meta, "title") ? str_at(meta, "title") : "bdreport",
		           buf_str(&week));

	/* headers that can fail first, so nothing is appended on error */
	if (put_address_header(&hdr, "From", "from", cJSON_GetObjectItemCaseSensitive(email, "from"), 1, d) ||
	    put_address_header(&hdr, "To", "to", cJSON_GetObjectItemCaseSensitive(email, "to"), 1, d) ||
	    put_address_header(&hdr, "Cc", "cc", cJSON_GetObjectItemCaseSensitive(email, "cc"), 0, d))
		goto done;

	summary_head(&s, buf_str(&week));
	summary_headlines(&s);
	summary_kpis(&s);
	summary_targets(&s);
	summary_foot(&s, pdf ? pdf_name : NULL);
	crlf(&text, buf_str(&s.text));
	crlf(&html, buf_str(&s.html));

	h = fnv1a(h, hdr.data, hdr.len);
	h = fnv1a(h, buf_str(&subj), subj.len);
	h = fnv1a(h, text.data, text.len);
	h = fnv1a(h, html.data, html.len);
	if (pdf)
		h = fnv1a(h, pdf, pdf_len);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
	from_domain(from, &dom);

	buf_puts(out, buf_str(&hdr));
	buf_puts(out, "Subject: ");
	email_header_text(out, buf_str(&subj));
	buf_puts(out, "\r\n");
	date_header(out);
	buf_printf(out, "Message-ID: <%s.%s@%s>\r\n", hex, buf_str(&week), buf_str(&dom));
	buf_puts(out, "MIME-Version: 1.0\r\n");
	/* "=_" cannot occur in base64 text, so the boundaries never collide with a body */
	buf_printf(out, "Content-Type: multipart/mixed;\r\n boundary=\"=_bdreport_mixed_%s\"\r\n\r\n", hex);
	buf_puts(out, "This is a MIME message: the weekly briefing as text and HTML,\r\nwith the PDF attached.\r\n");
	buf_printf(out, "\r\n--=_bdreport_mixed_%s\r\n", hex);
	buf_printf(out, "Content-Type: multipart/alternative;\r\n boundary=\"=_bdreport_alt_%s\"\r\n", hex);
	buf_printf(out, "\r\n--=_bdreport_alt_%s\r\n", hex);
	buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	email_base64(out, text.data, text.len);
	buf_printf(out, "\r\n--=_bdreport_alt_%s\r\n", hex);
	buf_puts(out, "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	email_base64(out, html.data, html.len);
	buf_printf(out, "\r\n--=_bdreport_alt_%s--\r\n", hex);
	if (pdf) {
		const char *name = pdf_name ? pdf_name : "briefing.pdf";
		buf_printf(out, "\r\n--=_bdreport_mixed_%s\r\n", hex);
		buf_puts(out, "Content-Type: application/pdf; name=\"");
		email_header_text(out, name);
		buf_puts(out, "\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"");
		email_header_text(out, name);
		buf_puts(out, "\"\r\n\r\n");
		email_base64(out, pdf, pdf_len);
	}
	buf_printf(out, "\r\n--=_bdreport_mixed_%s--\r\n", hex);
	rc = 0;
done:
	buf_release(&s.text);
	buf_release(&s.html);
	buf_release(&hdr);
	buf_release(&week);
	buf_release(&subj);
	buf_release(&text);
	buf_release(&html);
	buf_release(&dom);
	return rc;
}

/* Whole file into *data (caller frees); 1 read, 0 absent, -1 error (errno set). */
static int
slurp(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;
	if (!f)
		return errno == ENOENT ? 0 : -1;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		return -1;
	}
	fclose(f);
	*data = buf_detach(&b, len);
	if (!*data)
		*data = xstrdup("");
	return 1;
}

int
email_write_in(const cJSON *model, const cJSON *email, const struct theme *theme,
               const char *dir, const char *pdf_name, const char *name, struct diag *d)
{
	struct buf path, msg;
	char *pdf = NULL;
	size_t pdf_len = 0;
	FILE *f;
	int rc = 0;
	buf_init(&path);
	buf_init(&msg);
	if (pdf_name) {
		buf_printf(&path, "%s/%s", dir, pdf_name);
		if (slurp(buf_str(&path), &pdf, &pdf_len) < 0) {
			struct diag_loc loc = { buf_str(&path), 0, 0 };
			diag_error(d, BD_EIO, &loc, "cannot read: %s", strerror(errno));
			rc = BD_EIO;
			goto done;
		}
	}
	if (email_compose(model, email, theme, pdf_name, pdf, pdf_len, &msg, d) != 0) {
		rc = d->status ? d->status : BD_EINPUT;
		goto done;
	}
	buf_reset(&path);
	buf_printf(&path, "%s/%s", dir, name);
	f = fopen(buf_str(&path), "wb");
	if (f) {
		int bad = fwrite(msg.data, 1, msg.len, f) != msg.len;
		if (fclose(f) != 0)
			bad = 1;
		f = bad ? NULL : f;
	}
	if (!f) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot write: %s", strerror(errno));
		rc = BD_EIO;
	}
done:
	free(pdf);
	buf_release(&path);
	buf_release(&msg);
	return rc;
}
