/* SPDX-License-Identifier: MIT
 * html_view: the generic section views and the overview and data-page parts of the
 * dashboard's page views. Tables come from the model's lists of objects, figures from
 * its scalars, with the analyses' *_fmt strings where present. */
#include "render/html_view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/fmt.h"
#include "model/i18n.h"

/* Chart ids that do not start with their analysis key. */
static const struct {
	const char *prefix, *key;
} chart_alias[] = {
	{ "km", "retention" }, { "cox", "retention" }, { "survival", "retention" },
	{ "roc", "lead_scoring" }, { "lead", "lead_scoring" }, { "kmeans", "segmentation" },
	{ "cluster", "segmentation" }, { "ols", "forecast" }, { "holt", "forecast" },
	{ "tree", "drivers" }, { "revenue", "kpis" }, { "kpi", "kpis" }, { "dq", "data_quality" },
	{ "pipeline", "funnel" }, { "market", "market" }, { "scheme", "schemes" }, { "partner", "partners" },
};

/* KPIs where a fall is good news. */
static const char *const lower_is_better[] = { "churned_customers", "churn_rate", NULL };

const char *
html_view_label(struct html_ctx *c, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->lab, key);
	if (cJSON_IsString(v))
		return v->valuestring;
	return i18n_label(c->locale, key) ? i18n_label(c->locale, key) : key;
}

const char *
html_view_field(struct html_ctx *c, const char *key)
{
	buf_reset(&c->tmp);
	{
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->lab, key);
		if (cJSON_IsString(v))
			buf_puts(&c->tmp, v->valuestring);
		else
			i18n_field(c->locale, key, &c->tmp);
	}
	return buf_str(&c->tmp);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !memcmp(s + n - m, suffix, m);
}

/* A number the model gave without a _fmt twin: grouped with up to 2 decimals, and
 * small fractions (p-values) with 2 significant digits rather than as 0.00. */
static void
fallback_number(struct html_ctx *c, double v, struct buf *out)
{
	if (v != 0 && fabs(v) < 0.01 && isfinite(v))
		buf_printf(out, "%.2g", v);
	else
		fmt_value(out, v, NULL, -1, c->locale, c->currency);
}

/* The text a template shows for v (a member `key` of obj): obj's key_fmt when present,
 * else a formatted number, the string, yes/no, or a joined list of scalars. */
static void
cell_text(struct html_ctx *c, const cJSON *obj, const cJSON *v, struct buf *out)
{
	char fkey[160];
	const cJSON *f;
	if (v->string && snprintf(fkey, sizeof fkey, "%s_fmt", v->string) < (int)sizeof fkey &&
	    cJSON_IsString(f = cJSON_GetObjectItemCaseSensitive(obj, fkey))) {
		buf_puts(out, f->valuestring);
		return;
	}
	if (cJSON_IsNumber(v))
		fallback_number(c, v->valuedouble, out);
	else if (cJSON_IsString(v))
		buf_puts(out, v->valuestring);
	else if (cJSON_IsBool(v))
		buf_puts(out, cJSON_IsTrue(v) ? c->yes : c->no);
	else if (cJSON_IsArray(v)) {
		const cJSON *e;
		int first = 1;
		cJSON_ArrayForEach(e, v) {
			if (!first)
				buf_puts(out, ", ");
			first = 0;
			if (cJSON_IsNumber(e))
				fallback_number(c, e->valuedouble, out);
			else if (cJSON_IsString(e))
				buf_puts(out, e->valuestring);
		}
	} else
		buf_puts(out, "–");
}

static int
scalar_list(const cJSON *v)
{
	const cJSON *e;
	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v)
		if (cJSON_IsObject(e) || cJSON_IsArray(e))
			return 0;
	return 1;
}

static int
list_of_objects(const cJSON *v)
{
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0 && cJSON_IsObject(v->child);
}

/* A table view {id, caption, columns[{label, num}], rows[{cells[{text, num, v}]}],
 * count, shown_note, csv} from a list of objects (the keys of its first element). */
static cJSON *
table_view(struct html_ctx *c, const char *id, const char *caption, const cJSON *list,
           size_t max_rows, const char *csv)
{
	cJSON *t = cJSON_CreateObject(), *cols, *rows;
	const cJSON *first = list->child, *k, *row;
	size_t n = 0, total = (size_t)cJSON_GetArraySize(list);
	const char *keys[64];
	int isnum[64];
	size_t nk = 0;
	cJSON_AddStringToObject(t, "id", id);
	cJSON_AddStringToObject(t, "caption", caption);
	cols = cJSON_AddArrayToObject(t, "columns");
	cJSON_ArrayForEach(k, first) {
		cJSON *col;
		if (nk == 64 || ends_with(k->string, "_fmt") || cJSON_IsObject(k) ||
		    (cJSON_IsArray(k) && !scalar_list(k)))
			continue;
		keys[nk] = k->string;
		isnum[nk] = cJSON_IsNumber(k);
		col = cJSON_CreateObject();
		cJSON_AddStringToObject(col, "label", html_view_field(c, k->string));
		cJSON_AddBoolToObject(col, "num", isnum[nk]);
		cJSON_AddItemToArray(cols, col);
		nk++;
	}
	rows = cJSON_AddArrayToObject(t, "rows");
	cJSON_ArrayForEach(row, list) {
		cJSON *r, *cells;
		if (n++ == max_rows)
			break;
		r = cJSON_CreateObject();
		cells = cJSON_AddArrayToObject(r, "cells");
		for (size_t i = 0; i < nk; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, keys[i]);
			cJSON *cell = cJSON_CreateObject();
			buf_reset(&c->tmp);
			if (v)
				cell_text(c, row, v, &c->tmp);
			else
				buf_puts(&c->tmp, "–");
			cJSON_AddStringToObject(cell, "text", buf_str(&c->tmp));
			if (cJSON_IsNumber(v)) {
				cJSON_AddBoolToObject(cell, "num", 1);
				cJSON_AddNumberToObject(cell, "v", v->valuedouble);
			} else if (i == 0) {
				cJSON_AddBoolToObject(cell, "head", 1);
			}
			cJSON_AddItemToArray(cells, cell);
		}
		cJSON_AddItemToArray(rows, r);
	}
	cJSON_AddNumberToObject(t, "count", (double)total);
	if (total > max_rows) {
		buf_reset(&c->tmp);
		buf_printf(&c->tmp, "%zu %s %zu", max_rows, html_view_label(c, "ui_rows_shown"), total);
		cJSON_AddStringToObject(t, "shown_note", buf_str(&c->tmp));
	}
	if (csv)
		cJSON_AddStringToObject(t, "csv", csv);
	return t;
}

/* Maps of numbers with the same keys (coefficients{}, std_errors{}, p{} ...) in obj as
 * one table: a row per key, a column per map. */
static cJSON *
maps_table(struct html_ctx *c, const char *id, const char *caption, const cJSON *obj)
{
	const cJSON *maps[16], *m, *k;
	size_t nm = 0;
	cJSON *list, *t;
	cJSON_ArrayForEach(m, obj) {
		int ok = cJSON_IsObject(m) && m->child && !ends_with(m->string, "_fmt");
		cJSON_ArrayForEach(k, m)
			if (!cJSON_IsNumber(k) && !cJSON_IsNull(k))
				ok = 0;
		if (ok && nm < 16 && (nm == 0 || cJSON_GetArraySize(m) == cJSON_GetArraySize(maps[0])))
			maps[nm++] = m;
	}
	if (nm == 0)
		return NULL;
	list = cJSON_CreateArray();
	cJSON_ArrayForEach(k, maps[0]) {
		cJSON *row = cJSON_CreateObject();
		cJSON_AddStringToObject(row, "feature", k->string);
		for (size_t i = 0; i < nm; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(maps[i], k->string);
			cJSON_AddItemToObject(row, maps[i]->string, v ? cJSON_Duplicate(v, 0) : cJSON_CreateNull());
		}
		cJSON_AddItemToArray(list, row);
	}
	t = table_view(c, id, caption, list, HTML_MAX_ROWS, NULL);
	cJSON_Delete(list);
	return t;
}

static void
add_figure(struct html_ctx *c, cJSON *figs, const cJSON *obj, const cJSON *v, const char *prefix)
{
	cJSON *f = cJSON_CreateObject();
	char *name = xstrdup(html_view_field(c, v->string));
	/* a nested figure without a label of its own says where it comes from */
	if (prefix && !i18n_label(c->locale, v->string)) {
		char *pre = xstrdup(html_view_field(c, prefix));
		buf_reset(&c->tmp);
		buf_printf(&c->tmp, "%s: %s", pre, name);
		free(pre);
		free(name);
		name = xstrdup(buf_str(&c->tmp));
	}
	cJSON_AddStringToObject(f, "label", name);
	free(name);
	buf_reset(&c->tmp);
	cell_text(c, obj, v, &c->tmp);
	cJSON_AddStringToObject(f, "value", buf_str(&c->tmp));
	cJSON_AddItemToArray(figs, f);
}

/* Figures, tables and lists of an analysis object, one nested level deep. */
static void
walk(struct html_ctx *c, const char *id, const cJSON *obj, const char *prefix, int depth,
     cJSON *figs, cJSON *tables, cJSON *lists)
{
	const cJSON *v;
	cJSON *mt;
	cJSON_ArrayForEach(v, obj) {
		char tid[128];
		if (!v->string || ends_with(v->string, "_fmt") || (depth == 0 && !strcmp(v->string, "verdict")))
			continue;
		snprintf(tid, sizeof tid, "%s-%s", id, v->string);
		if (cJSON_IsNumber(v) || cJSON_IsString(v) || cJSON_IsBool(v))
			add_figure(c, figs, obj, v, prefix);
		else if (list_of_objects(v))
			cJSON_AddItemToArray(tables, table_view(c, tid, html_view_field(c, v->string), v, HTML_MAX_ROWS, NULL));
		else if (scalar_list(v) && cJSON_GetArraySize(v) > 0 && cJSON_IsString(v->child)) {
			cJSON *l = cJSON_CreateObject(), *items = cJSON_CreateArray();
			const cJSON *e;
			cJSON_AddStringToObject(l, "caption", html_view_field(c, v->string));
			cJSON_ArrayForEach(e, v)
				cJSON_AddItemToArray(items, cJSON_CreateString(e->valuestring));
			cJSON_AddItemToObject(l, "items", items);
			cJSON_AddItemToArray(lists, l);
		} else if (cJSON_IsObject(v) && depth < 1) {
			if ((mt = maps_table(c, tid, html_view_field(c, v->string), v)) != NULL)
				cJSON_AddItemToArray(tables, mt);
			walk(c, tid, v, v->string, depth + 1, figs, tables, lists);
		}
	}
}

const char *
html_view_chart_owner(const char *id)
{
	for (size_t i = 0; i < sizeof chart_alias / sizeof chart_alias[0]; i++)
		if (!strncmp(id, chart_alias[i].prefix, strlen(chart_alias[i].prefix)))
			return chart_alias[i].key;
	return NULL;
}

/* Charts of analysis key: ids equal to key or starting with "key_", or aliased to it. */
void
html_view_add_charts(struct html_ctx *c, const char *key, cJSON *charts)
{
	const cJSON *ch;
	size_t n = strlen(key);
	cJSON_ArrayForEach(ch, c->svgs) {
		const char *id = ch->string, *own = html_view_chart_owner(id);
		int mine = (!strncmp(id, key, n) && (id[n] == '\0' || id[n] == '_')) || (own && !strcmp(own, key));
		/* a longer analysis key owns its own charts ("partners" vs "partners_x" is fine) */
		if (!mine || cJSON_GetObjectItemCaseSensitive(c->chart_used, id))
			continue;
		cJSON_AddItemToArray(charts, cJSON_CreateString(ch->valuestring));
		cJSON_AddBoolToObject(c->chart_used, id, 1);
	}
}

cJSON *
html_view_section(struct html_ctx *c, const struct html_sec *sd)
{
	cJSON *s = cJSON_CreateObject(), *figs, *tables, *lists, *charts;
	const cJSON *obj = cJSON_GetObjectItemCaseSensitive(c->model, sd->key);
	char id[96], key[96];
	if (sd->sub) {
		obj = cJSON_GetObjectItemCaseSensitive(obj, sd->sub);
		snprintf(id, sizeof id, "%s-%s", sd->key, sd->sub);
		snprintf(key, sizeof key, "sec_%s_%s", sd->key, sd->sub);
	} else {
		snprintf(id, sizeof id, "%s", sd->key);
		snprintf(key, sizeof key, "sec_%s", sd->key);
	}
	cJSON_AddStringToObject(s, "id", id);
	cJSON_AddStringToObject(s, "title", html_view_label(c, key));
	snprintf(key, sizeof key, "section_%s", sd->key);
	cJSON_AddStringToObject(s, "partial", key);
	cJSON_AddBoolToObject(s, "available", obj != NULL);
	/* a model's verdict as one plain sentence; an empty list's reason in its place */
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(obj, "verdict")))
		cJSON_AddStringToObject(s, "verdict", cJSON_GetObjectItemCaseSensitive(obj, "verdict")->valuestring);
	if (sd->sub) {
		const cJSON *why = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(c->model, sd->key), "why"), sd->sub);
		if (cJSON_IsString(why))
			cJSON_AddStringToObject(s, "empty_why", why->valuestring);
	}
	figs = cJSON_AddArrayToObject(s, "figures");
	tables = cJSON_AddArrayToObject(s, "tables");
	lists = cJSON_AddArrayToObject(s, "lists");
	charts = cJSON_AddArrayToObject(s, "charts");
	if (!obj)
		return s;
	if (!sd->sub)
		html_view_add_charts(c, sd->key, charts);
	if (list_of_objects(obj)) {
		char csv[96];
		const char *title = cJSON_GetObjectItemCaseSensitive(s, "title")->valuestring;
		snprintf(csv, sizeof csv, "targets/%s.csv", sd->sub ? sd->sub : sd->key);
		cJSON_AddItemToArray(tables, table_view(c, id, title, obj, HTML_MAX_ROWS,
		                                        (sd->sub && c->o->csv_links) ? csv : NULL));
	} else if (cJSON_IsObject(obj)) {
		walk(c, id, obj, NULL, 0, figs, tables, lists);
	}
	cJSON_AddBoolToObject(s, "has_figures", cJSON_GetArraySize(figs) > 0);
	cJSON_AddBoolToObject(s, "has_charts", cJSON_GetArraySize(charts) > 0);
	return s;
}

static int
is_lower_better(const char *key)
{
	for (size_t i = 0; lower_is_better[i]; i++)
		if (!strcmp(key, lower_is_better[i]))
			return 1;
	return 0;
}

static const char *
fmt_or(struct html_ctx *c, const cJSON *obj, const char *key, const char *kind)
{
	char fkey[96];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *f;
	snprintf(fkey, sizeof fkey, "%s_fmt", key);
	buf_reset(&c->tmp);
	if (cJSON_IsString(f = cJSON_GetObjectItemCaseSensitive(obj, fkey)))
		buf_puts(&c->tmp, f->valuestring);
	else if (cJSON_IsNumber(v))
		fmt_value(&c->tmp, v->valuedouble, kind, -1, c->locale, c->currency);
	else
		return NULL;
	return buf_str(&c->tmp);
}

/* KPI tiles: {key, label, value, previous, change, counts ("142 vs 160 orders"), noise
 * ("within the usual range"), dir (up|down|flat), arrow, tone (good|bad|neutral),
 * dir_label, spark (inline svg)} for every kpis.<name> with a value. */
cJSON *
html_view_kpi_tiles(struct html_ctx *c)
{
	const cJSON *kpis = cJSON_GetObjectItemCaseSensitive(c->model, "kpis"), *k;
	cJSON *tiles = cJSON_CreateArray();
	cJSON_ArrayForEach(k, kpis) {
		cJSON *t;
		const cJSON *chg = cJSON_GetObjectItemCaseSensitive(k, "change"), *trend, *lab, *tone, *spark;
		const char *s;
		char chart_id[96];
		int dir = 0;
		if (!cJSON_IsObject(k) || !cJSON_GetObjectItemCaseSensitive(k, "value"))
			continue;
		t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "key", k->string);
		lab = cJSON_GetObjectItemCaseSensitive(k, "label");
		cJSON_AddStringToObject(t, "label", cJSON_IsString(lab) ? lab->valuestring : html_view_field(c, k->string));
		cJSON_AddStringToObject(t, "value", (s = fmt_or(c, k, "value", NULL)) ? s : "–");
		if ((s = fmt_or(c, k, "previous", NULL)) != NULL)
			cJSON_AddStringToObject(t, "previous", s);
		if ((s = fmt_or(c, k, "change_pct", "change")) != NULL || (s = fmt_or(c, k, "change", NULL)) != NULL)
			cJSON_AddStringToObject(t, "change", s);
		if ((s = fmt_or(c, k, "counts", NULL)) != NULL && *s) {
			cJSON_AddStringToObject(t, "counts", s);
			if ((s = fmt_or(c, k, "noise", NULL)) != NULL && *s)
				cJSON_AddStringToObject(t, "noise", s);
		}
		if (cJSON_IsNumber(chg))
			dir = chg->valuedouble > 0 ? 1 : chg->valuedouble < 0 ? -1 : 0;
		cJSON_AddStringToObject(t, "dir", dir > 0 ? "up" : dir < 0 ? "down" : "flat");
		cJSON_AddStringToObject(t, "dir_label", html_view_label(c, dir > 0 ? "ui_up" : dir < 0 ? "ui_down" : "ui_flat"));
		cJSON_AddStringToObject(t, "arrow", dir > 0 ? "▲" : dir < 0 ? "▼" : "▶");
		/* the analysis's own verdict when it gives one, else lower-is-better names */
		tone = cJSON_GetObjectItemCaseSensitive(k, "tone");
		if (cJSON_IsString(tone) && (!strcmp(tone->valuestring, "good") || !strcmp(tone->valuestring, "bad") ||
		                             !strcmp(tone->valuestring, "neutral")))
			cJSON_AddStringToObject(t, "tone", tone->valuestring);
		else
			cJSON_AddStringToObject(t, "tone", dir == 0 ? "neutral" : ((dir > 0) != is_lower_better(k->string)) ? "good" : "bad");
		snprintf(chart_id, sizeof chart_id, "kpi_%s", k->string);
		if ((spark = cJSON_GetObjectItemCaseSensitive(c->svgs, chart_id)) != NULL) {
			cJSON_AddStringToObject(t, "spark", spark->valuestring);
			cJSON_AddBoolToObject(c->chart_used, chart_id, 1);
			cJSON_AddItemToArray(tiles, t);
			continue;
		}
		trend = cJSON_GetObjectItemCaseSensitive(k, "trend");
		if (cJSON_IsArray(trend) && cJSON_GetArraySize(trend) > 1) {
			cJSON *spec = cJSON_CreateObject(), *ser = cJSON_AddArrayToObject(spec, "series");
			cJSON *s1 = cJSON_CreateObject(), *vals = cJSON_AddArrayToObject(s1, "values");
			const cJSON *e;
			struct buf svg;
			struct diag quiet;
			cJSON_AddStringToObject(spec, "type", "sparkline");
			buf_reset(&c->tmp);
			buf_printf(&c->tmp, "%s, 12 %s", html_view_field(c, k->string), html_view_label(c, "unit_weeks"));
			cJSON_AddStringToObject(spec, "title", buf_str(&c->tmp));
			cJSON_ArrayForEach(e, trend) {
				const cJSON *v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "value") : e;
				cJSON_AddItemToArray(vals, cJSON_IsNumber(v) ? cJSON_CreateNumber(v->valuedouble) : cJSON_CreateNull());
			}
			cJSON_AddItemToArray(ser, s1);
			buf_init(&svg);
			diag_init(&quiet);
			quiet.out = NULL;
			if (chart_svg(spec, 120, 32, &c->cth, &svg, &quiet) == 0)
				cJSON_AddStringToObject(t, "spark", buf_str(&svg));
			buf_release(&svg);
			cJSON_Delete(spec);
		}
		cJSON_AddItemToArray(tiles, t);
	}
	return tiles;
}

/* Headline sentences: headlines as a list of strings (or of {text}), or the first such
 * list inside a headlines object. */
cJSON *
html_view_headlines(struct html_ctx *c)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(c->model, "headlines"), *e, *list = NULL;
	cJSON *out = cJSON_CreateArray();
	if (cJSON_IsArray(h))
		list = h;
	else if (cJSON_IsObject(h))
		cJSON_ArrayForEach(e, h)
			if (cJSON_IsArray(e)) {
				list = e;
				break;
			}
	cJSON_ArrayForEach(e, list) {
		const cJSON *t = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "text") : e;
		if (cJSON_IsString(t))
			cJSON_AddItemToArray(out, cJSON_CreateString(t->valuestring));
	}
	return out;
}

/* The overview's target tables: the first rows of each list under targets. */
cJSON *
html_view_top_targets(struct html_ctx *c)
{
	static const char *const pages_of[][2] = { { "prospects", "pipeline.html" }, { "retention", "retention.html" },
	                                           { "expansion", "segments.html" }, { "partners", "partners.html" } };
	const cJSON *tg = cJSON_GetObjectItemCaseSensitive(c->model, "targets");
	cJSON *out = cJSON_CreateArray();
	for (size_t i = 0; i < 4; i++) {
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(tg, pages_of[i][0]);
		char key[64], id[64], csv[64];
		cJSON *t;
		if (!list_of_objects(l))
			continue;
		snprintf(key, sizeof key, "sec_targets_%s", pages_of[i][0]);
		snprintf(id, sizeof id, "top-%s", pages_of[i][0]);
		snprintf(csv, sizeof csv, "targets/%s.csv", pages_of[i][0]);
		t = table_view(c, id, html_view_label(c, key), l, HTML_TOP_ROWS, c->o->csv_links ? csv : NULL);
		cJSON_DeleteItemFromObjectCaseSensitive(t, "shown_note");
		cJSON_AddStringToObject(t, "page", pages_of[i][1]);
		snprintf(id, sizeof id, "targets-%s", pages_of[i][0]);
		cJSON_AddStringToObject(t, "anchor", id);
		cJSON_AddItemToArray(out, t);
	}
	return out;
}

static double
num_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* data.html: a datasets table, missing values and dropped rows by reason, notes. */
cJSON *
html_view_dq(struct html_ctx *c)
{
	const cJSON *dq = cJSON_GetObjectItemCaseSensitive(c->model, "data_quality"), *ds, *e;
	cJSON *v = cJSON_CreateObject(), *rows = cJSON_CreateArray(), *miss = cJSON_CreateArray();
	cJSON *drop = cJSON_CreateArray(), *notes = cJSON_AddArrayToObject(v, "notes");
	cJSON_ArrayForEach(ds, dq) {
		cJSON *r;
		double dropped = 0;
		if (!cJSON_IsObject(ds))
			continue;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ds, "dropped")) {
			cJSON *m = cJSON_CreateObject();
			dropped += cJSON_IsNumber(e) ? e->valuedouble : 0;
			cJSON_AddStringToObject(m, "dataset", ds->string);
			cJSON_AddStringToObject(m, "reason", e->string);
			cJSON_AddNumberToObject(m, "rows", num_of(cJSON_GetObjectItemCaseSensitive(ds, "dropped"), e->string));
			cJSON_AddItemToArray(drop, m);
		}
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "dataset", ds->string);
		cJSON_AddNumberToObject(r, "rows_read", num_of(ds, "rows_read"));
		cJSON_AddNumberToObject(r, "rows_kept", num_of(ds, "rows_kept"));
		cJSON_AddNumberToObject(r, "dropped", dropped);
		e = cJSON_GetObjectItemCaseSensitive(ds, "duplicates");
		cJSON_AddItemToObject(r, "duplicates", cJSON_IsNumber(e) ? cJSON_CreateNumber(e->valuedouble) : cJSON_CreateString("–"));
		e = cJSON_GetObjectItemCaseSensitive(ds, "date_min");
		cJSON_AddStringToObject(r, "date_min", cJSON_IsString(e) ? e->valuestring : "–");
		e = cJSON_GetObjectItemCaseSensitive(ds, "date_max");
		cJSON_AddStringToObject(r, "date_max", cJSON_IsString(e) ? e->valuestring : "–");
		cJSON_AddItemToArray(rows, r);
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ds, "missing")) {
			cJSON *m;
			if (!cJSON_IsNumber(e) || e->valuedouble <= 0)
				continue;
			m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "dataset", ds->string);
			cJSON_AddStringToObject(m, "field", e->string);
			cJSON_AddNumberToObject(m, "missing", e->valuedouble);
			cJSON_AddItemToArray(miss, m);
		}
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(dq, "notes"))
		if (cJSON_IsString(e))
			cJSON_AddItemToArray(notes, cJSON_CreateString(e->valuestring));
	if (cJSON_GetArraySize(rows) > 0)
		cJSON_AddItemToObject(v, "datasets", table_view(c, "dq-datasets", html_view_label(c, "ui_datasets"), rows, HTML_MAX_ROWS, NULL));
	if (cJSON_GetArraySize(miss) > 0)
		cJSON_AddItemToObject(v, "missing", table_view(c, "dq-missing", html_view_label(c, "ui_missing_values"), miss, 1000, NULL));
	if (cJSON_GetArraySize(drop) > 0)
		cJSON_AddItemToObject(v, "dropped", table_view(c, "dq-dropped", html_view_label(c, "ui_dropped_rows"), drop, 1000, NULL));
	cJSON_Delete(rows);
	cJSON_Delete(miss);
	cJSON_Delete(drop);
	return v;
}

/* data.html: parameters (from the project file) and methods of each analysis in the model. */
void
html_view_methods(struct html_ctx *c, cJSON *view)
{
	cJSON *params = cJSON_AddArrayToObject(view, "parameters"), *methods = cJSON_AddArrayToObject(view, "methods");
	const cJSON *k;
	cJSON_ArrayForEach(k, c->model) {
		char key[96];
		const char *m;
		if (!strcmp(k->string, "meta") || !strcmp(k->string, "charts") || !strcmp(k->string, "labels") ||
		    !strcmp(k->string, "data_quality"))
			continue;
		snprintf(key, sizeof key, "sec_%s", k->string);
		if (c->p) {
			const cJSON *pp = project_params(c->p, k->string);
			cJSON *e = cJSON_CreateObject();
			char *txt = pp && pp->child ? cJSON_PrintUnformatted(pp) : NULL;
			cJSON_AddStringToObject(e, "analysis", html_view_label(c, key));
			cJSON_AddStringToObject(e, "value", txt ? txt : html_view_label(c, "ui_defaults"));
			free(txt);
			cJSON_AddItemToArray(params, e);
		}
		snprintf(key, sizeof key, "method_%s", k->string);
		if ((m = i18n_label(c->locale, key)) != NULL) {
			cJSON *e = cJSON_CreateObject();
			snprintf(key, sizeof key, "sec_%s", k->string);
			cJSON_AddStringToObject(e, "title", html_view_label(c, key));
			cJSON_AddStringToObject(e, "text", m);
			snprintf(key, sizeof key, "ref_%s", k->string);
			if ((m = i18n_label(c->locale, key)) != NULL)
				cJSON_AddStringToObject(e, "reference", m);
			cJSON_AddItemToArray(methods, e);
		}
	}
}

