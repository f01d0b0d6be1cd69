/* SPDX-License-Identifier: MIT
 * archive: week folders are hard-linked from the previous report into the new one
 * (files in a finished report are never rewritten in place, so sharing inodes is
 * safe), and the index page is regenerated from every week's results.json. */
#include "cli/archive.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/date.h"
#include "cli/outdir.h"
#include "base/fmt.h"
#include "model/i18n.h"
#include "model/results.h"
#include "render/chart.h"
#include "render/theme.h"

#define MAX_KPIS 6

/* ------------------------------------------------------------- index page */

static const char *
str_at(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
kpi_of(const struct archive_week *w, const char *key)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(w->results, "kpis"), key);
	return cJSON_IsObject(k) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(k, "value")) ? k : NULL;
}

static void
esc(struct buf *out, const char *s)
{
	buf_escape_html(out, s, strlen(s));
}

/* Chart axis format of a KPI, from its name. */
static const char *
kpi_format(const char *key)
{
	if (strstr(key, "rate") || strstr(key, "share"))
		return "percent";
	if (strstr(key, "revenue") || strstr(key, "value") || strstr(key, "pipeline") || strstr(key, "amount"))
		return "currency";
	if (strstr(key, "satisfaction") || strstr(key, "average"))
		return "number";
	return "integer";
}

/* The KPI's "label" in the newest week that has one (HTML-escaped when html), else
 * the key in words. */
static void
kpi_title(const struct archive_week *w, size_t n, const char *key, int html, struct buf *out)
{
	for (size_t i = n; i-- > 0;) {
		const cJSON *k = kpi_of(&w[i], key);
		if (k && str_at(k, "label")) {
			if (html)
				esc(out, str_at(k, "label"));
			else
				buf_puts(out, str_at(k, "label"));
			return;
		}
	}
	for (const char *c = key; *c; c++)
		buf_putc(out, c == key && *c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c == '_' ? ' ' : *c);
}

/* The KPI keys to show: in the order of the newest week that has them, then keys only
 * older weeks have; at most MAX_KPIS. */
static size_t
kpi_keys(const struct archive_week *w, size_t n, const char **keys)
{
	size_t nk = 0;
	for (size_t i = n; i-- > 0 && nk < MAX_KPIS;) {
		const cJSON *k;
		cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(w[i].results, "kpis")) {
			size_t j;
			if (!k->string || !kpi_of(&w[i], k->string))
				continue;
			for (j = 0; j < nk; j++)
				if (strcmp(keys[j], k->string) == 0)
					break;
			if (j == nk && nk < MAX_KPIS)
				keys[nk++] = k->string;
		}
	}
	return nk;
}

static int
trend_chart(const struct archive_week *w, size_t n, const char *key, const struct chart_theme *th,
            struct buf *out, struct diag *d)
{
	cJSON *spec = cJSON_CreateObject(), *x, *y, *series, *s, *pts;
	struct buf title;
	int rc;
	buf_init(&title);
	kpi_title(w, n, key, 0, &title);
	cJSON_AddStringToObject(spec, "type", "line");
	cJSON_AddStringToObject(spec, "title", buf_str(&title));
	x = cJSON_AddObjectToObject(spec, "x");
	cJSON_AddStringToObject(x, "type", "date");
	cJSON_AddStringToObject(x, "format", "date_short");
	y = cJSON_AddObjectToObject(spec, "y");
	cJSON_AddStringToObject(y, "format", kpi_format(key));
	series = cJSON_AddArrayToObject(spec, "series");
	s = cJSON_CreateObject();
	cJSON_AddItemToArray(series, s);
	cJSON_AddStringToObject(s, "name", buf_str(&title));
	pts = cJSON_AddArrayToObject(s, "points");
	for (size_t i = 0; i < n; i++) {
		const cJSON *k = kpi_of(&w[i], key);
		const char *as_of = str_at(cJSON_GetObjectItemCaseSensitive(w[i].results, "meta"), "as_of");
		cJSON *p;
		if (!k || !as_of)
			continue;
		p = cJSON_CreateArray();
		cJSON_AddItemToArray(p, cJSON_CreateString(as_of));
		cJSON_AddItemToArray(p, cJSON_CreateNumber(cJSON_GetObjectItemCaseSensitive(k, "value")->valuedouble));
		cJSON_AddItemToArray(pts, p);
	}
	buf_puts(out, "<figure class=\"trend\">");
	rc = chart_svg(spec, 320, 180, th, out, d);
	buf_puts(out, "</figure>\n");
	cJSON_Delete(spec);
	buf_release(&title);
	return rc;
}

int
archive_index_html(const struct archive_week *w, size_t n, int current_html,
                   const struct theme *theme, struct buf *out, struct diag *d)
{
	const char *keys[MAX_KPIS];
	const cJSON *meta = NULL, *newest = NULL;
	const char *title = "bdreport";
	enum locale locale;
	struct chart_theme th;
	size_t nk;
	for (size_t i = n; i-- > 0;)
		if (w[i].results && !newest)
			newest = w[i].results;
	meta = cJSON_GetObjectItemCaseSensitive(newest, "meta");
	locale = results_locale(newest);
	if (str_at(meta, "title"))
		title = str_at(meta, "title");
	theme_chart(theme, locale, str_at(meta, "currency"), &th);
	nk = kpi_keys(w, n, keys);

	buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", locale_name(locale));
	esc(out, title);
	buf_printf(out, " \xe2\x80\x94 %s</title>\n", i18n_label(locale, "ui_archive"));
	/* the theme's colours and font family (the page is self-contained: no style.css) */
	buf_printf(out, "<style>\n"
	           "body{font-family:%s;margin:0;color:#%06x;background:#%06x}\n"
	           "main{max-width:1100px;margin:0 auto;padding:24px}\n"
	           "h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}\n"
	           ".trends{display:flex;flex-wrap:wrap;gap:12px}\n"
	           ".trend{margin:0;background:#%06x;border:1px solid #%06x;padding:8px}\n"
	           "table{border-collapse:collapse;width:100%%;background:#%06x}\n"
	           "th,td{padding:6px 10px;border-bottom:1px solid #%06x;text-align:left}\n"
	           "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	           "a{color:#%06x}.muted{color:#%06x}\n"
	           "@media print{body{background:#%06x}.trend{break-inside:avoid}}\n"
	           "</style>\n</head>\n<body>\n<main>\n<h1>",
	           theme->font_family, (unsigned)theme->c.text, (unsigned)theme->c.surface,
	           (unsigned)theme->c.background, (unsigned)theme->c.grid, (unsigned)theme->c.background,
	           (unsigned)theme->c.grid, (unsigned)theme->c.accent, (unsigned)theme->c.muted,
	           (unsigned)theme->c.background);
	esc(out, title);
	buf_printf(out, "</h1>\n<p class=\"muted\">%s: %zu</p>\n", i18n_label(locale, "ui_weeks_archived"), n);
	if (current_html)
		buf_printf(out, "<p><a href=\"../index.html\">%s</a></p>\n", i18n_label(locale, "ui_current_report"));

	buf_printf(out, "<h2 id=\"trends\">%s</h2>\n", i18n_label(locale, "ui_trends"));
	if (nk == 0)
		buf_printf(out, "<p class=\"muted\">%s</p>\n", i18n_label(locale, "ui_no_kpi_history"));
	else {
		buf_puts(out, "<div class=\"trends\">\n");
		for (size_t k = 0; k < nk; k++)
			if (trend_chart(w, n, keys[k], &th, out, d) != 0)
				return -1;
		buf_puts(out, "</div>\n");
	}

	buf_printf(out, "<h2 id=\"weeks\">%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th>",
	           i18n_label(locale, "ui_weekly_reports"), i18n_label(locale, "ui_week"),
	           i18n_label(locale, "ui_report_date"));
	for (size_t k = 0; k < nk; k++) {
		buf_puts(out, "<th>");
		kpi_title(w, n, keys[k], 1, out);
		buf_puts(out, "</th>");
	}
	buf_printf(out, "<th>%s</th></tr></thead>\n<tbody>\n", i18n_label(locale, "ui_files"));
	for (size_t i = n; i-- > 0;) {
		const char *as_of = str_at(cJSON_GetObjectItemCaseSensitive(w[i].results, "meta"), "as_of");
		const char *sep = "";
		buf_printf(out, "<tr id=\"w%s\"><td>", w[i].name);
		if (w[i].has_html)
			buf_printf(out, "<a href=\"%s/index.html\">%s</a>", w[i].name, w[i].name);
		else
			buf_puts(out, w[i].name);
		buf_puts(out, "</td><td>");
		esc(out, as_of ? as_of : "\xe2\x80\x93");
		buf_puts(out, "</td>");
		for (size_t k = 0; k < nk; k++) {
			const cJSON *kp = kpi_of(&w[i], keys[k]);
			const char *f = kp ? str_at(kp, "value_fmt") : NULL;
			buf_puts(out, "<td class=\"num\">");
			if (f)
				esc(out, f);
			else if (kp)
				fmt_value(out, cJSON_GetObjectItemCaseSensitive(kp, "value")->valuedouble,
				          kpi_format(keys[k]), -1, locale, th.currency);
			else
				buf_puts(out, "\xe2\x80\x93");
			buf_puts(out, "</td>");
		}
		buf_puts(out, "<td>");
		if (w[i].has_pdf) {
			buf_printf(out, "<a href=\"%s/", w[i].name);
			esc(out, w[i].pdf);
			buf_puts(out, "\">PDF</a>");
			sep = " &middot; ";
		}
		if (w[i].results) {
			buf_printf(out, "%s<a href=\"%s/", sep, w[i].name);
			esc(out, w[i].json);
			buf_puts(out, "\">JSON</a>");
		}
		buf_puts(out, "</td></tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
	return 0;
}

/* ------------------------------------------------------------- folders */

static char *
join(const char *a, const char *b)
{
	char *p = xmalloc(strlen(a) + strlen(b) + 2);
	sprintf(p, "%s/%s", a, b);
	return p;
}

static int
copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb"), *out;
	char chunk[65536];
	size_t n;
	int bad = 0;
	if (!in)
		return -1;
	out = fopen(dst, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			bad = 1;
	if (ferror(in))
		bad = 1;
	fclose(in);
	if (fclose(out) != 0)
		bad = 1;
	return bad ? -1 : 0;
}

/* Mirrors the tree src into dst (created), skipping the entry named skip and the build
 * marker at the top level (skip != NULL). Returns 0, or -1 with errno set and *failed
 * naming the path. */
static int
link_tree(const char *src, const char *dst, const char *skip, char **failed)
{
	DIR *dir;
	struct dirent *e;
	int rc = 0;
	if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
		*failed = xstrdup(dst);
		return -1;
	}
	if (!(dir = opendir(src))) {
		*failed = xstrdup(src);
		return -1;
	}
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		char *s, *t;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (skip && (!strcmp(e->d_name, skip) || !strcmp(e->d_name, OUTDIR_MARKER))))
			continue;
		s = join(src, e->d_name);
		t = join(dst, e->d_name);
		if (lstat(s, &st) != 0) {
			rc = -1;
			*failed = xstrdup(s);
		} else if (S_ISDIR(st.st_mode)) {
			rc = link_tree(s, t, NULL, failed);
		} else if (S_ISREG(st.st_mode) && link(s, t) != 0 && copy_file(s, t) != 0) {
			rc = -1;
			*failed = xstrdup(t);
		}
		free(s);
		free(t);
	}
	closedir(dir);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
exists(const char *dir, const char *name)
{
	struct stat st;
	char *p;
	int r;
	if (!name)
		return 0;
	p = join(dir, name);
	r = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return r;
}

static cJSON *
read_json(const char *dir, const char *name)
{
	char *p, chunk[65536];
	FILE *f;
	struct buf b;
	size_t n;
	cJSON *j = NULL;
	if (!name)
		return NULL;
	p = join(dir, name);
	f = fopen(p, "rb");
	free(p);
	if (!f)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (b.len)
		j = cJSON_ParseWithLength(b.data, b.len);
	buf_release(&b);
	return j;
}

static int
io_error(struct diag *d, const char *path, const char *what)
{
	struct diag_loc loc = { path, 0, 0 };
	diag_error(d, BD_EIO, &loc, "archive: %s: %s", what, strerror(errno));
	return BD_EIO;
}

int
archive_update(const char *tmp, const char *out, const cJSON *results, int keep,
               const char *json, const char *pdf, const struct theme *theme, char week[16],
               struct diag *d)
{
	const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(results, "meta"), "as_of");
	char *arc = join(tmp, "archive"), *old = join(out, "archive"), *failed = NULL, *wdir;
	char **names = NULL;
	size_t nn = 0, cap = 0, first;
	struct archive_week *weeks;
	struct buf page;
	DIR *dir;
	long days;
	int rc = 0;
	FILE *f;

	if (!cJSON_IsString(as_of) || date_parse_day(as_of->valuestring, &days) != 0) {
		diag_error(d, BD_EINTERNAL, NULL, "archive: the results have no meta.as_of date");
		free(arc);
		free(old);
		return BD_EINTERNAL;
	}
	date_format_week(days, week);
	outdir_remove_tree(arc);       /* a renderer never writes archive/, but be sure */
	if (mkdir(arc, 0755) != 0) {
		rc = io_error(d, arc, "cannot create the folder");
		goto done;
	}
	/* the previous weeks, except this one */
	if ((dir = opendir(old)) != NULL) {
		struct dirent *e;
		while (rc == 0 && (e = readdir(dir)) != NULL) {
			char *s, *t;
			if (!date_is_week_name(e->d_name) || strcmp(e->d_name, week) == 0)
				continue;
			s = join(old, e->d_name);
			t = join(arc, e->d_name);
			if (link_tree(s, t, NULL, &failed) != 0)
				rc = io_error(d, failed, "cannot keep the archived week");
			free(s);
			free(t);
		}
		closedir(dir);
	}
	if (rc)
		goto done;
	wdir = join(arc, week);
	if (link_tree(tmp, wdir, "archive", &failed) != 0)
		rc = io_error(d, failed, "cannot archive this week");
	free(wdir);
	if (rc)
		goto done;

	/* every week now present, oldest first; drop the oldest beyond keep */
	if ((dir = opendir(arc)) != NULL) {
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			if (!date_is_week_name(e->d_name))
				continue;
			if (nn == cap)
				names = xreallocarray(names, cap = cap ? 2 * cap : 16, sizeof *names);
			names[nn++] = xstrdup(e->d_name);
		}
		closedir(dir);
	}
	qsort(names, nn, sizeof *names, cmp_names);
	first = keep > 0 && nn > (size_t)keep ? nn - (size_t)keep : 0;
	for (size_t i = 0; i < first; i++) {
		char *p = join(arc, names[i]);
		outdir_remove_tree(p);
		free(p);
	}

	weeks = xcalloc(nn - first + 1, sizeof *weeks);
	for (size_t i = first; i < nn; i++) {
		struct archive_week *w = &weeks[i - first];
		char *p = join(arc, names[i]);
		snprintf(w->name, sizeof w->name, "%s", names[i]);
		w->json = json && exists(p, json) ? json : "results.json";
		w->results = read_json(p, w->json);
		w->has_html = exists(p, "index.html");
		w->pdf = pdf ? pdf : "briefing.pdf";
		w->has_pdf = exists(p, w->pdf);
		free(p);
	}
	buf_init(&page);
	if (archive_index_html(weeks, nn - first, exists(tmp, "index.html"), theme, &page, d) != 0) {
		rc = d->status ? d->status : BD_EINTERNAL;
	} else {
		char *p = join(arc, "index.html");
		f = fopen(p, "wb");
		if (f) {
			int bad = fwrite(page.data, 1, page.len, f) != page.len;
			if (fclose(f) != 0 || bad)
				f = NULL;
		}
		if (!f)
			rc = io_error(d, p, "cannot write");
		free(p);
	}
	buf_release(&page);
	for (size_t i = 0; i < nn - first; i++)
		cJSON_Delete(weeks[i].results);
	free(weeks);
done:
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(failed);
	free(arc);
	free(old);
	return rc;
}

int
archive_keep(const char *tmp, const char *out, struct diag *d)
{
	char *old = join(out, "archive"), *arc = join(tmp, "archive"), *failed = NULL;
	struct stat st;
	int rc = 0;
	if (stat(old, &st) == 0 && S_ISDIR(st.st_mode) && stat(arc, &st) != 0 &&
	    link_tree(old, arc, NULL, &failed) != 0)
		rc = io_error(d, failed, "cannot keep the archive");
	free(failed);
	free(old);
	free(arc);
	return rc;
}
