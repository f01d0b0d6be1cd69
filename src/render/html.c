/* SPDX-License-Identifier: MIT
 * html: page assembly for the dashboard. The view of a page is a small cJSON tree that
 * refers to the model's subtrees (never copies them) and adds what templates cannot
 * compute: navigation, inline SVG charts, generic section tables built from the
 * model's lists (with their *_fmt strings), KPI tiles and data-quality tables. */
#include "render/html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/fmt.h"
#include "model/i18n.h"
#include "model/results.h"
#include "render/chart.h"
#include "render/html_view.h"
#include "render/theme.h"
#include "render/tmpl.h"

const char *const html_pages[] = { "index", "customers", "segments", "pipeline",
                                   "retention", "partners", "forecast", "data" };
const size_t html_npages = sizeof html_pages / sizeof html_pages[0];

/* The sections of each page, in html_pages order (the overview and data pages have
 * their own parts besides). */
static const struct html_sec page_secs[][4] = {
	{ { NULL, NULL } },
	{ { "rfm", NULL }, { "clv", NULL }, { "lifecycle", NULL }, { "health", NULL } },
	{ { "segmentation", NULL }, { "market", NULL }, { "targets", "expansion" } },
	{ { "funnel", NULL }, { "lead_scoring", NULL }, { "targets", "prospects" } },
	{ { "retention", NULL }, { "churn", NULL }, { "targets", "retention" } },
	{ { "partners", NULL }, { "schemes", NULL }, { "targets", "partners" } },
	{ { "drivers", NULL }, { "forecast", NULL } },
	{ { NULL, NULL } },
};

static void
chart_size(const cJSON *spec, double *w, double *h)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(spec, "type");
	const char *type = cJSON_IsString(t) ? t->valuestring : "";
	*w = 640;
	*h = 340;
	if (!strcmp(type, "sparkline")) {
		*w = 160;
		*h = 40;
	} else if (!strcmp(type, "donut") || !strcmp(type, "roc")) {
		*w = 420;
		*h = 340;
	} else if (!strcmp(type, "hbar") || !strcmp(type, "heatmap")) {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(spec, "x"), *y = cJSON_GetObjectItemCaseSensitive(spec, "y");
		int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(!strcmp(type, "hbar") ? x : y, "categories"));
		if (n * 24 + 90 > *h)
			*h = n * 24 + 90 > 900 ? 900 : n * 24 + 90;
	}
}

/* {chart id: <svg>} for every spec under model.charts; a spec that cannot be drawn
 * becomes a note (with a warning). */
static cJSON *
charts_svg(struct html_ctx *c)
{
	const cJSON *charts = cJSON_GetObjectItemCaseSensitive(c->model, "charts"), *ch;
	cJSON *out = cJSON_CreateObject();
	struct buf svg, msg;
	buf_init(&svg);
	buf_init(&msg);
	cJSON_ArrayForEach(ch, charts) {
		struct diag quiet;
		double w, h;
		diag_init(&quiet);
		quiet.out = NULL;
		quiet.capture = &msg;
		buf_reset(&svg);
		buf_reset(&msg);
		chart_size(ch, &w, &h);
		if (chart_svg(ch, w, h, &c->cth, &svg, &quiet) == 0) {
			cJSON_AddStringToObject(out, ch->string, buf_str(&svg));
		} else {
			diag_warn(c->d, NULL, "chart '%s' not drawn: %s", ch->string, buf_str(&msg));
			buf_reset(&svg);
			buf_puts(&svg, "<p class=\"note\">");
			buf_escape_html(&svg, ch->string, strlen(ch->string));
			buf_puts(&svg, ": ");
			buf_puts(&svg, html_view_label(c, "ui_not_available"));
			buf_puts(&svg, "</p>");
			cJSON_AddStringToObject(out, ch->string, buf_str(&svg));
		}
	}
	buf_release(&svg);
	buf_release(&msg);
	return out;
}

/* The overview's revenue chart: a kpis chart when an analysis made one, else a bar
 * chart of kpis.revenue.trend by week. */
static void
revenue_chart(struct html_ctx *c, cJSON *pv)
{
	static const char *const ids[] = { "kpis_revenue", "revenue_trend", "kpis_revenue_trend", "revenue_weekly" };
	const cJSON *rev = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->model, "kpis"), "revenue");
	const cJSON *trend = cJSON_GetObjectItemCaseSensitive(rev, "trend"), *e, *we;
	const cJSON *weeks = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->model, "kpis"), "weeks");
	cJSON *spec, *x, *cats, *ser, *s1, *vals, *y;
	struct buf svg;
	struct diag quiet;
	long end;
	int n, i = 0;
	for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
		if ((e = cJSON_GetObjectItemCaseSensitive(c->svgs, ids[k])) != NULL) {
			cJSON_AddStringToObject(pv, "revenue_svg", e->valuestring);
			cJSON_AddBoolToObject(c->chart_used, ids[k], 1);
			return;
		}
	n = cJSON_GetArraySize(trend);
	we = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->model, "meta"), "week_end");
	if (n < 2 || !cJSON_IsString(we) || date_parse_day(we->valuestring, &end) != 0)
		return;
	spec = cJSON_CreateObject();
	cJSON_AddStringToObject(spec, "type", "bar");
	cJSON_AddStringToObject(spec, "title", html_view_label(c, "ui_revenue_trend"));
	x = cJSON_AddObjectToObject(spec, "x");
	cats = cJSON_AddArrayToObject(x, "categories");
	y = cJSON_AddObjectToObject(spec, "y");
	cJSON_AddStringToObject(y, "format", "currency");
	ser = cJSON_AddArrayToObject(spec, "series");
	s1 = cJSON_CreateObject();
	cJSON_AddStringToObject(s1, "name", html_view_field(c, "revenue"));
	vals = cJSON_AddArrayToObject(s1, "values");
	cJSON_AddItemToArray(ser, s1);
	cJSON_ArrayForEach(e, trend) {
		const cJSON *v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "value") : e;
		const cJSON *wk = cJSON_GetArrayItem(weeks, i);
		long day = end - 7L * (n - 1 - i);
		if (cJSON_IsString(wk))
			date_parse_day(wk->valuestring, &day);
		buf_reset(&c->tmp);
		fmt_date(&c->tmp, day, FMT_DATE_SHORT, c->locale);
		cJSON_AddItemToArray(cats, cJSON_CreateString(buf_str(&c->tmp)));
		cJSON_AddItemToArray(vals, cJSON_IsNumber(v) ? cJSON_CreateNumber(v->valuedouble) : cJSON_CreateNull());
		i++;
	}
	buf_init(&svg);
	diag_init(&quiet);
	quiet.out = NULL;
	if (chart_svg(spec, 640, 300, &c->cth, &svg, &quiet) == 0)
		cJSON_AddStringToObject(pv, "revenue_svg", buf_str(&svg));
	buf_release(&svg);
	cJSON_Delete(spec);
}

static void
add_refs(cJSON *dst, const cJSON *src)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, src)
		if (!cJSON_GetObjectItemCaseSensitive(dst, e->string))
			cJSON_AddItemReferenceToObject(dst, e->string, (cJSON *)e);
}

/* The page-specific part of page i's view. */
static cJSON *
page_view(struct html_ctx *c, size_t i)
{
	cJSON *pv = cJSON_CreateObject(), *nav, *secs, *pg;
	char key[64];
	int any = 0;
	pg = cJSON_AddObjectToObject(pv, "page");
	cJSON_AddStringToObject(pg, "id", html_pages[i]);
	snprintf(key, sizeof key, "%s.html", html_pages[i]);
	cJSON_AddStringToObject(pg, "file", key);
	snprintf(key, sizeof key, "page_%s", html_pages[i]);
	cJSON_AddStringToObject(pg, "title", html_view_label(c, key));
	nav = cJSON_AddArrayToObject(pv, "nav");
	for (size_t j = 0; j < html_npages; j++) {
		cJSON *n = cJSON_CreateObject();
		snprintf(key, sizeof key, "%s.html", html_pages[j]);
		cJSON_AddStringToObject(n, "file", key);
		snprintf(key, sizeof key, "page_%s", html_pages[j]);
		cJSON_AddStringToObject(n, "label", html_view_label(c, key));
		cJSON_AddBoolToObject(n, "current", j == i);
		cJSON_AddItemToArray(nav, n);
	}
	secs = cJSON_AddArrayToObject(pv, "sections");
	for (size_t j = 0; j < 4 && page_secs[i][j].key; j++) {
		cJSON *s = html_view_section(c, &page_secs[i][j]);
		any |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "available"));
		cJSON_AddItemToArray(secs, s);
	}
	if (!strcmp(html_pages[i], "index")) {
		cJSON *tiles = html_view_kpi_tiles(c), *hl = html_view_headlines(c), *tt = html_view_top_targets(c), *fun = cJSON_CreateArray();
		any = cJSON_GetArraySize(tiles) > 0 || cJSON_GetArraySize(hl) > 0 || cJSON_GetArraySize(tt) > 0;
		cJSON_AddItemToObject(pv, "kpi_tiles", tiles);
		cJSON_AddBoolToObject(pv, "has_headlines", cJSON_GetArraySize(hl) > 0);
		cJSON_AddItemToObject(pv, "headline_list", hl);
		cJSON_AddItemToObject(pv, "top_targets", tt);
		revenue_chart(c, pv);
		{
			const cJSON *ch;
			cJSON_ArrayForEach(ch, c->svgs) {
				const char *own = html_view_chart_owner(ch->string);
				if ((!strncmp(ch->string, "funnel", 6) || (own && !strcmp(own, "funnel"))) && cJSON_GetArraySize(fun) == 0)
					cJSON_AddItemToArray(fun, cJSON_CreateString(ch->valuestring));
			}
		}
		cJSON_AddItemToObject(pv, "funnel_svg", fun);
		any |= cJSON_GetArraySize(fun) > 0;
	} else if (!strcmp(html_pages[i], "data")) {
		cJSON *dq = html_view_dq(c);
		any = cJSON_GetObjectItemCaseSensitive(c->model, "data_quality") != NULL;
		cJSON_AddItemToObject(pv, "dq", dq);
		html_view_methods(c, pv);
		{
			cJSON *charts = cJSON_AddArrayToObject(pv, "dq_charts");
			html_view_add_charts(c, "data_quality", charts);
		}
	}
	cJSON_AddBoolToObject(pv, "page_available", any);
	return pv;
}

/* Charts no section placed, for the overview's "more charts". */
static cJSON *
other_charts(struct html_ctx *c)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *ch;
	cJSON_ArrayForEach(ch, c->svgs)
		if (!cJSON_GetObjectItemCaseSensitive(c->chart_used, ch->string))
			cJSON_AddItemToArray(out, cJSON_CreateString(ch->valuestring));
	return out;
}

static int
write_page(const char *dir, const char *page, const struct buf *b, struct diag *d)
{
	struct buf path;
	FILE *f;
	int rc = 0;
	buf_init(&path);
	buf_printf(&path, "%s/%s.html", dir, page);
	f = fopen(buf_str(&path), "wb");
	if (!f || fwrite(b->data ? b->data : "", 1, b->len, f) != b->len || fclose(f) != 0) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot write: %s", strerror(errno));
		if (f)
			fclose(f);
		rc = BD_EIO;
	}
	buf_release(&path);
	return rc;
}

static void
stamp(struct html_ctx *c, const cJSON *meta, struct buf *out)
{
	const cJSON *gb = cJSON_GetObjectItemCaseSensitive(meta, "generated_by");
	const cJSON *ws = cJSON_GetObjectItemCaseSensitive(meta, "week_start");
	const cJSON *we = cJSON_GetObjectItemCaseSensitive(meta, "week_end");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(meta, "generated_at");
	const char *by = cJSON_IsString(gb) ? gb->valuestring : "bdreport";
	const char *s = cJSON_IsString(ws) ? ws->valuestring : "?", *e = cJSON_IsString(we) ? we->valuestring : "?";
	if (c->locale == LOCALE_ZH_CN)
		buf_printf(out, "由 %s 生成，报告周 %s – %s", by, s, e);
	else
		buf_printf(out, "Generated by %s for the week %s – %s", by, s, e);
	if (cJSON_IsString(at))
		buf_printf(out, c->locale == LOCALE_ZH_CN ? "（%s）" : " (%s)", at->valuestring);
}

static int
find_template(const char *const *dirs, size_t ndirs, const char *name)
{
	for (size_t i = 0; i < ndirs; i++) {
		char path[4096];
		FILE *f;
		snprintf(path, sizeof path, "%s/%s.mustache", dirs[i], name);
		if ((f = fopen(path, "rb")) != NULL) {
			fclose(f);
			return 1;
		}
	}
	return 0;
}

int
html_write(const cJSON *model, const struct project *p, const struct html_opts *o,
           const char *outdir, struct diag *d)
{
	struct html_opts dflt;
	struct html_ctx c;
	const struct theme *th;
	struct theme *owned = NULL;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(model, "meta"), *cur;
	const char *dirs[4];
	size_t ndirs = 0;
	struct buf pdir, tdir, ptdir, ddir, css, out;
	cJSON *base, *views[16];
	struct tmpl_opts to;
	int rc = 0;
	const char *data = theme_data_dir();
	if (!o) {
		memset(&dflt, 0, sizeof dflt);
		dflt.csv_links = p ? p->output.csv : 0;
		o = &dflt;
	}
	memset(&c, 0, sizeof c);
	c.model = model;
	c.p = p;
	c.o = o;
	c.d = d;
	cur = cJSON_GetObjectItemCaseSensitive(meta, "currency");
	c.locale = results_locale(model);
	c.yes = i18n_label(c.locale, "ui_yes");
	c.no = i18n_label(c.locale, "ui_no");
	c.currency = cJSON_IsString(cur) ? cur->valuestring : "USD";
	th = o->th ? o->th : (owned = theme_load(o->theme ? o->theme : p ? p->theme : "default", d));
	if (!th)
		return d->status ? d->status : BD_EINPUT;
	theme_chart(th, c.locale, c.currency, &c.cth);
	buf_init(&c.tmp);
	buf_init(&pdir);
	buf_init(&tdir);
	buf_init(&ptdir);
	buf_init(&ddir);
	buf_init(&css);
	buf_init(&out);
	c.lab = cJSON_GetObjectItemCaseSensitive(model, "labels");
	if (!cJSON_IsObject(c.lab))
		c.lab = c.labels = i18n_labels(c.locale);
	c.chart_used = cJSON_CreateObject();
	c.svgs = charts_svg(&c);

	base = cJSON_CreateObject();
	add_refs(base, model);
	if (c.labels)
		cJSON_AddItemReferenceToObject(base, "labels", c.labels);
	cJSON_AddItemReferenceToObject(base, "charts_svg", c.svgs);
	theme_css(th, &css);
	cJSON_AddStringToObject(base, "theme_css", buf_str(&css));
	cJSON_AddStringToObject(base, "theme_name", th->name);
	stamp(&c, meta, &out);
	cJSON_AddStringToObject(base, "stamp", buf_str(&out));
	buf_reset(&out);
	cJSON_AddStringToObject(base, "lang", locale_name(c.locale));

	/* every page but the overview first, so the overview can show charts left over */
	for (size_t i = html_npages; i-- > 0;) {
		views[i] = page_view(&c, i);
		if (i == 0) {
			cJSON *more = other_charts(&c);
			cJSON_AddBoolToObject(views[0], "has_other_charts", cJSON_GetArraySize(more) > 0);
			cJSON_AddItemToObject(views[0], "other_charts", more);
		}
		add_refs(views[i], base);
	}

	if (p || o->project_dir) {
		buf_printf(&pdir, "%s/templates", o->project_dir ? o->project_dir : p->dir);
		dirs[ndirs++] = buf_str(&pdir);
	}
	buf_printf(&tdir, "%s/templates", th->dir);
	dirs[ndirs++] = buf_str(&tdir);
	if (th->parent_dir) {
		buf_printf(&ptdir, "%s/templates", th->parent_dir);
		dirs[ndirs++] = buf_str(&ptdir);
	}
	if (data) {
		buf_printf(&ddir, "%s/templates", data);
		dirs[ndirs++] = buf_str(&ddir);
	}
	memset(&to, 0, sizeof to);
	to.dirs = dirs;
	to.ndirs = ndirs;
	to.warn_missing = 1;
	for (size_t i = 0; i < html_npages && rc == 0; i++) {
		struct buf src;
		struct tmpl *t;
		if (!find_template(dirs, ndirs, html_pages[i])) {
			diag_error(d, BD_EINPUT, NULL, "template '%s.mustache' not found in %s%s%s%s%s%s%s", html_pages[i],
			           dirs[0], ndirs > 1 ? ", " : "", ndirs > 1 ? dirs[1] : "", ndirs > 2 ? ", " : "",
			           ndirs > 2 ? dirs[2] : "", ndirs > 3 ? ", " : "", ndirs > 3 ? dirs[3] : "");
			rc = BD_EINPUT;
			break;
		}
		buf_init(&src);
		buf_printf(&src, "{{>%s}}", html_pages[i]);
		t = tmpl_compile(html_pages[i], src.data, src.len, &to, d);
		buf_release(&src);
		if (!t) {
			rc = d->status ? d->status : BD_EINPUT;
			break;
		}
		buf_reset(&out);
		rc = tmpl_render(t, views[i], &out, d);
		tmpl_destroy(t);
		if (rc == 0)
			rc = write_page(outdir, html_pages[i], &out, d);
	}
	for (size_t i = 0; i < html_npages; i++)
		cJSON_Delete(views[i]);
	cJSON_Delete(base);
	cJSON_Delete(c.svgs);
	cJSON_Delete(c.chart_used);
	cJSON_Delete(c.labels);
	buf_release(&c.tmp);
	buf_release(&pdir);
	buf_release(&tdir);
	buf_release(&ptdir);
	buf_release(&ddir);
	buf_release(&css);
	buf_release(&out);
	theme_destroy(owned);
	return rc;
}
