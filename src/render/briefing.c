/* SPDX-License-Identifier: MIT
 * briefing: the PDF briefing renderer (report model -> pdfdoc). This file holds the
 * section plan, model access, generic tables and the cover, KPI and appendix sections;
 * briefing_sections.c the analysis sections, briefing_chart.c the charts,
 * briefing_labels.c the wording, briefing_font.c the font subsets. Numbers shown are
 * the model's *_fmt strings (only the cover's week line is formatted here). */
#include "render/briefing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/fmt.h"
#include "model/results.h"
#include "render/briefing_impl.h"

const char *const briefing_section_names[BRIEFING_NSECTIONS] = {
	"cover", "kpis", "pipeline", "customers", "retention", "segments", "partners",
	"forecast", "appendix",
};

/* Model keys whose presence makes a section worth drawing (NULL-terminated). */
static const char *const section_keys[BRIEFING_NSECTIONS][6] = {
	[BRIEFING_COVER] = { "meta", NULL },
	[BRIEFING_KPIS] = { "kpis", NULL },
	[BRIEFING_PIPELINE] = { "funnel", "lead_scoring", "targets.prospects", NULL },
	[BRIEFING_CUSTOMERS] = { "rfm", "clv", "lifecycle", "health", "targets.expansion", NULL },
	[BRIEFING_RETENTION] = { "retention", "churn", "targets.retention", NULL },
	[BRIEFING_SEGMENTS] = { "segmentation", "market", NULL },
	[BRIEFING_PARTNERS] = { "partners", "schemes", NULL },
	[BRIEFING_FORECAST] = { "forecast", "drivers", NULL },
	[BRIEFING_APPENDIX] = { "data_quality", NULL },
};

/* ------------------------------------------------------------ model access */

const cJSON *
briefing_get(const cJSON *root, const char *path)
{
	const cJSON *o = root;
	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		const cJSON *c = NULL;
		if (!cJSON_IsObject(o))
			return NULL;
		for (c = o->child; c; c = c->next)
			if (c->string && strlen(c->string) == n && memcmp(c->string, path, n) == 0)
				break;
		o = c;
		path += n + (dot != NULL);
	}
	return o && !cJSON_IsNull(o) ? o : NULL;
}

/* A raw model number the model gave no _fmt string for: grouped, integers plainly,
 * others with 2 decimals (3 significant digits below 1). */
static const char *
number_text(struct briefing *b, double v)
{
	struct buf t;
	const char *s;
	int dec = v == floor(v) ? 0 : fabs(v) >= 1 ? 2 : -1;
	if (dec < 0 && isfinite(v))
		return arena_printf(&b->a, "%.3g", v);
	buf_init(&t);
	fmt_number(&t, v, dec, b->locale);
	s = arena_strdup(&b->a, buf_str(&t));
	buf_release(&t);
	return s;
}

const char *
briefing_value(struct briefing *b, const cJSON *obj, const char *key)
{
	char fk[96];
	const cJSON *v;
	snprintf(fk, sizeof fk, "%s_fmt", key);
	v = cJSON_GetObjectItemCaseSensitive(obj, fk);
	if (cJSON_IsString(v))
		return v->valuestring;
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return number_text(b, v->valuedouble);
	if (cJSON_IsBool(v))
		return briefing_label(b, cJSON_IsTrue(v) ? "ui_yes" : "ui_no");
	if (cJSON_IsArray(v)) {
		struct buf t;
		const cJSON *e;
		const char *s;
		buf_init(&t);
		cJSON_ArrayForEach(e, v) {
			const char *es = cJSON_IsString(e) ? e->valuestring
			               : cJSON_IsObject(e) ? briefing_value(b, e, "text") : NULL;
			if (!es)
				continue;
			if (t.len)
				buf_puts(&t, b->zh ? "；" : "; ");
			buf_puts(&t, es);
		}
		s = t.len ? arena_strdup(&b->a, buf_str(&t)) : NULL;
		buf_release(&t);
		return s;
	}
	return NULL;
}

/* ------------------------------------------------------------------ tables */

/* A formatted number: optional sign or comparison, currency, then a digit. */
static int
looks_numeric(const char *s)
{
	static const char *const lead[] = { "+", "-", "\xE2\x88\x92", "<", ">", "\xE2\x89\xA4",
	                                    "\xE2\x89\xA5", "$", "\xC2\xA3", "\xE2\x82\xAC",
	                                    "\xC2\xA5", "\xEF\xBF\xA5" };
	int again = 1;
	if (!s)
		return 0;
	while (again) {
		again = 0;
		for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
			if (strncmp(s, lead[i], strlen(lead[i])) == 0) {
				s += strlen(lead[i]);
				again = 1;
			}
	}
	return *s >= '0' && *s <= '9';
}

static int
is_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	return 1;
}

/* The value of a possibly dotted key ("centroid.recency") in row. */
static const char *
cell_value(struct briefing *b, const cJSON *row, const char *key)
{
	const char *dot = strrchr(key, '.');
	if (dot) {
		row = briefing_get(row, arena_strndup(&b->a, key, (size_t)(dot - key)));
		key = dot + 1;
	}
	return row ? briefing_value(b, row, key) : NULL;
}

static const cJSON *
cell_raw(struct briefing *b, const cJSON *row, const char *key)
{
	const char *dot = strrchr(key, '.');
	if (dot) {
		row = briefing_get(row, arena_strndup(&b->a, key, (size_t)(dot - key)));
		key = dot + 1;
	}
	return row ? cJSON_GetObjectItemCaseSensitive(row, key) : NULL;
}

void
briefing_table(struct briefing *b, const cJSON *arr, const char *const *prefer, size_t max_rows)
{
	enum { MAXC = 10 };
	const char *keys[MAXC];
	struct pdfdoc_col cols[MAXC];
	const cJSON *first = cJSON_IsArray(arr) ? arr->child : NULL, *row;
	size_t nc = 0, nr = 0, n = (size_t)cJSON_GetArraySize(arr);
	const char **cells;
	struct pdfdoc_table t;
	if (!cJSON_IsObject(first))
		return;
	for (size_t i = 0; prefer && prefer[i] && nc < MAXC; i++)
		if (cell_value(b, first, prefer[i]))
			keys[nc++] = prefer[i];
	if (nc < 2) {
		const cJSON *c;
		nc = 0;
		for (c = first->child; c && nc < MAXC; c = c->next) {
			size_t len = strlen(c->string);
			if (cJSON_IsObject(c))
				continue;
			if (len > 4 && strcmp(c->string + len - 4, "_fmt") == 0) {
				char *base = arena_strndup(&b->a, c->string, len - 4);
				if (cJSON_GetObjectItemCaseSensitive(first, base))
					continue;       /* shown through its base key */
				keys[nc++] = base;
			} else {
				keys[nc++] = c->string;
			}
		}
	}
	if (max_rows && n > max_rows)
		n = max_rows;
	cells = arena_calloc(&b->a, n * nc + 1, sizeof *cells);
	for (size_t j = 0; j < nc; j++) {
		const cJSON *raw = cell_raw(b, first, keys[j]);
		const char *dot = strrchr(keys[j], '.'), *name = dot ? dot + 1 : keys[j];
		memset(&cols[j], 0, sizeof cols[j]);
		/* "#" for ranks and "Segment" for keys read better than "Rank" and "Key" */
		cols[j].title = briefing_label(b, strcmp(name, "rank") == 0 ? "rank_sign"
		                                  : strcmp(name, "key") == 0 ? "segment" : name);
		/* numbers right-aligned; a formatted date ("28 Nov") is not one */
		cols[j].numeric = strcmp(keys[j], "id") != 0 &&
		                  (cJSON_IsNumber(raw) || (looks_numeric(cell_value(b, first, keys[j])) &&
		                                           !(cJSON_IsString(raw) && is_date(raw->valuestring))));
		cols[j].align = cols[j].numeric ? PDFDOC_RIGHT : PDFDOC_LEFT;
		if (strcmp(keys[j], "reasons") == 0 || strcmp(keys[j], "reason") == 0)
			cols[j].width = nc > 4 ? 0.36 : 0.5;
		else if (strcmp(keys[j], "rank") == 0)
			cols[j].width = 0.05;
	}
	cJSON_ArrayForEach(row, arr) {
		if (nr == n)
			break;
		for (size_t j = 0; j < nc; j++)
			cells[nr * nc + j] = cJSON_IsObject(row) ? cell_value(b, row, keys[j]) : NULL;
		nr++;
	}
	memset(&t, 0, sizeof t);
	t.cols = cols;
	t.ncols = nc;
	t.cells = cells;
	t.nrows = nr;
	t.zebra = 1;
	t.landscape = nc > 8;
	pdfdoc_table(b->doc, &t);
	pdfdoc_space(b->doc, 6);
}

void
briefing_facts(struct briefing *b, const cJSON *obj, const char *const *pairs)
{
	struct buf t;
	static const struct pdfdoc_style st = { 0, PDFDOC_LEFT, 0x333333, 0, 0 };
	buf_init(&t);
	for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2) {
		const char *dot = strrchr(pairs[i], '.'), *v;
		const cJSON *o = obj;
		if (dot) {
			char *parent = arena_strndup(&b->a, pairs[i], (size_t)(dot - pairs[i]));
			o = briefing_get(obj, parent);
		}
		v = o ? briefing_value(b, o, dot ? dot + 1 : pairs[i]) : NULL;
		if (!v)
			continue;
		if (t.len)
			buf_puts(&t, "  ·  ");
		buf_printf(&t, "%s%s%s", briefing_label(b, pairs[i + 1]), b->zh ? "：" : ": ", v);
	}
	if (t.len)
		pdfdoc_paragraph(b->doc, buf_str(&t), &st);
	buf_release(&t);
}

void
briefing_note(struct briefing *b, const char *text)
{
	static const struct pdfdoc_style st = { 8.5, PDFDOC_LEFT, 0x666666, 0, 0 };
	pdfdoc_paragraph(b->doc, text, &st);
}

/* ------------------------------------------------------------------- cover */

static void
headlines(struct briefing *b, const char ***out, size_t *n)
{
	const cJSON *h = briefing_get(b->model, "headlines"), *e;
	static const char *const keys[] = { "items", "sentences", "headlines", "list" };
	for (size_t i = 0; cJSON_IsObject(h) && i < sizeof keys / sizeof keys[0]; i++)
		if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(h, keys[i])))
			h = cJSON_GetObjectItemCaseSensitive(h, keys[i]);
	*n = 0;
	*out = arena_calloc(&b->a, (size_t)cJSON_GetArraySize(h) + 1, sizeof **out);
	if (!cJSON_IsArray(h))
		return;
	cJSON_ArrayForEach(e, h) {
		const char *s = cJSON_IsString(e) ? e->valuestring
		              : cJSON_IsObject(e) ? briefing_value(b, e, "text") : NULL;
		if (s && *s)
			(*out)[(*n)++] = s;
	}
}

static const char *
week_line(struct briefing *b)
{
	const cJSON *meta = briefing_get(b->model, "meta");
	const char *org = briefing_value(b, meta, "organization");
	const char *wk = briefing_value(b, meta, "week");
	const char *ws = briefing_value(b, meta, "week_start"), *we = briefing_value(b, meta, "week_end");
	struct buf t;
	const char *s;
	buf_init(&t);
	if (org)
		buf_puts(&t, org);
	long d0, d1;
	enum locale loc = b->locale;
	if (wk)
		buf_printf(&t, "%s%s", t.len ? "  ·  " : "", wk);
	if (ws && we && date_parse_day(ws, &d0) == 0 && date_parse_day(we, &d1) == 0) {
		/* meta holds ISO dates only: "2026-W47  ·  15 Nov – 21 Nov 2026" */
		if (!wk) {
			buf_puts(&t, t.len ? "  ·  " : "");
			fmt_week(&t, d1, loc);
		}
		buf_puts(&t, "  ·  ");
		fmt_date(&t, d0, FMT_DATE_SHORT, loc);
		buf_puts(&t, " – ");
		fmt_date(&t, d1, FMT_DATE_LONG, loc);
	} else if (ws && we) {
		buf_printf(&t, "%s%s %s %s", t.len ? "  ·  " : "", ws, briefing_label(b, "ui_to"), we);
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(meta, "as_of_today")))
		buf_printf(&t, "%s%s", t.len ? "  ·  " : "", briefing_label(b, "ui_as_of_today"));
	s = t.len ? arena_strdup(&b->a, buf_str(&t)) : NULL;
	buf_release(&t);
	return s;
}

static void
cover(struct briefing *b)
{
	const cJSON *meta = briefing_get(b->model, "meta");
	const char *title = briefing_value(b, meta, "title");
	const char **hl;
	size_t n;
	headlines(b, &hl, &n);
	pdfdoc_cover(b->doc, title ? title : briefing_label(b, "ui_pdf_subject"), week_line(b), hl, n);
}

/* -------------------------------------------------------------------- KPIs */

/* KPIs where a rise is bad news. */
static int
lower_is_better(const char *name)
{
	return strstr(name, "churn") != NULL || strstr(name, "cycle") != NULL;
}

static int
sign_of(const cJSON *k)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(k, "change");
	if (!cJSON_IsNumber(c))
		c = cJSON_GetObjectItemCaseSensitive(k, "change_pct");
	if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble) || c->valuedouble == 0)
		return 0;
	return c->valuedouble > 0 ? 1 : -1;
}

static const char *
kpi_name(struct briefing *b, const cJSON *k)
{
	const char *l = briefing_value(b, k, "label");
	return l ? l : briefing_label(b, k->string);
}

static const char *
arrow(int dir)
{
	return dir > 0 ? "▲ " : dir < 0 ? "▼ " : "";
}

static void
kpis(struct briefing *b)
{
	const cJSON *all = briefing_get(b->model, "kpis"), *k;
	struct pdfdoc_kpi tiles[4];
	size_t nt = 0, nk = 0, r = 0;
	static const struct pdfdoc_col cols[] = {
		{ NULL, 0.21, PDFDOC_LEFT, 0 }, { NULL, 0.11, PDFDOC_RIGHT, 1 },
		{ NULL, 0.11, PDFDOC_RIGHT, 1 }, { NULL, 0.11, PDFDOC_RIGHT, 1 },
		{ NULL, 0.11, PDFDOC_RIGHT, 1 }, { NULL, 0.25, PDFDOC_RIGHT, 1 },
		{ NULL, 0.10, PDFDOC_LEFT, 0 },
	};
	struct pdfdoc_col c[7];
	const char **cells;
	struct pdfdoc_table t;
	static const char *const trend[] = { "revenue_trend", "weekly_revenue", NULL };

	cJSON_ArrayForEach(k, all)
		nk += cJSON_IsObject(k);
	pdfdoc_heading(b->doc, 1, briefing_label(b, "sec_kpis"));
	cells = arena_calloc(&b->a, nk * 7 + 1, sizeof *cells);
	cJSON_ArrayForEach(k, all) {
		int dir, good;
		const char *pct, *vs, *noise;
		const cJSON *tone;
		if (!cJSON_IsObject(k))
			continue;
		dir = sign_of(k);
		good = lower_is_better(k->string) ? dir <= 0 : dir >= 0;
		tone = cJSON_GetObjectItemCaseSensitive(k, "tone");
		if (cJSON_IsString(tone))          /* the analysis knows which way is good */
			good = strcmp(tone->valuestring, "bad") != 0;
		pct = briefing_value(b, k, "change_pct");
		if (nt < 4) {
			vs = briefing_label(b, "ui_vs_previous");
			tiles[nt].label = kpi_name(b, k);
			tiles[nt].value = briefing_value(b, k, "value");
			if (!tiles[nt].value)
				tiles[nt].value = "\xE2\x80\x93";
			tiles[nt].change = pct ? arena_printf(&b->a, "%s %s", pct, vs) : NULL;
			tiles[nt].direction = dir;
			tiles[nt].good = good;
			nt++;
		}
		cells[r * 7 + 0] = kpi_name(b, k);
		cells[r * 7 + 1] = briefing_value(b, k, "value");
		cells[r * 7 + 2] = briefing_value(b, k, "previous");
		cells[r * 7 + 3] = briefing_value(b, k, "change");
		cells[r * 7 + 4] = pct ? arena_printf(&b->a, "%s%s", arrow(dir), pct) : NULL;
		cells[r * 7 + 5] = briefing_value(b, k, "counts");
		noise = briefing_value(b, k, "noise");
		cells[r * 7 + 6] = noise && *noise ? briefing_label(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
			k, "beyond_noise")) ? "ui_noise_beyond" : "ui_noise_within") : NULL;
		r++;
	}
	if (nt)
		pdfdoc_kpis(b->doc, tiles, nt);
	if (!briefing_chart_prefix(b, trend, 170) && briefing_get(b->model, "charts.kpi_revenue")) {
		pdfdoc_heading(b->doc, 3, briefing_label(b, "ui_revenue_trend"));
		briefing_chart(b, "kpi_revenue", 60);
	}
	if (r == 0)
		return;
	memcpy(c, cols, sizeof c);
	c[0].title = briefing_label(b, "ui_indicator");
	c[1].title = briefing_label(b, "ui_this_week");
	c[2].title = briefing_label(b, "ui_previous");
	c[3].title = briefing_label(b, "change");
	c[4].title = briefing_label(b, "change_pct");
	c[5].title = briefing_label(b, "ui_counts");
	c[6].title = briefing_label(b, "ui_noise");
	memset(&t, 0, sizeof t);
	t.cols = c;
	t.ncols = 7;
	t.cells = cells;
	t.nrows = r;
	t.zebra = 1;
	pdfdoc_heading(b->doc, 2, briefing_label(b, "ui_week_over_week"));
	pdfdoc_table(b->doc, &t);
}

/* ---------------------------------------------------------------- appendix */

static const char *
dq_dropped(struct briefing *b, const cJSON *ds, const char *key)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(ds, key), *e;
	struct buf t;
	const char *s;
	double total = 0;
	if (!cJSON_IsObject(d))
		return briefing_value(b, ds, key);
	buf_init(&t);
	cJSON_ArrayForEach(e, d)
		if (cJSON_IsNumber(e) && e->valuedouble > 0) {
			buf_printf(&t, "%s%s %s", t.len ? ", " : "", number_text(b, e->valuedouble), e->string);
			total += e->valuedouble;
		}
	s = total > 0 ? arena_strdup(&b->a, buf_str(&t)) : "0";
	buf_release(&t);
	return s;
}

/* One bullet per analysis that wrote a "parameters" object: "clv: horizon_years 5,
 * discount_rate 0.1". */
static void
parameters(struct briefing *b)
{
	const cJSON *an, *p;
	const char **items = arena_calloc(&b->a, (size_t)cJSON_GetArraySize(b->model) + 1, sizeof *items);
	size_t n = 0;
	cJSON_ArrayForEach(an, b->model) {
		struct buf t;
		const cJSON *params = cJSON_GetObjectItemCaseSensitive(an, "parameters");
		if (!cJSON_IsObject(params) || !params->child)
			continue;
		buf_init(&t);
		buf_printf(&t, "%s: ", an->string);
		cJSON_ArrayForEach(p, params) {
			char *v = cJSON_IsString(p) ? NULL : cJSON_PrintUnformatted(p);
			buf_printf(&t, "%s%s %s", p == params->child ? "" : ", ", p->string,
			           v ? v : p->valuestring);
			cJSON_free(v);
		}
		items[n++] = arena_strdup(&b->a, buf_str(&t));
		buf_release(&t);
	}
	if (n) {
		static const struct pdfdoc_style st = { 8.5, PDFDOC_LEFT, 0x444444, 0, 2 };
		pdfdoc_heading(b->doc, 2, briefing_label(b, "ui_parameters"));
		for (size_t i = 0; i < n; i++)
			pdfdoc_paragraph(b->doc, items[i], &st);
	}
}

static void
appendix(struct briefing *b)
{
	const cJSON *dq = briefing_get(b->model, "data_quality"), *ds, *notes, *e, *meta;
	struct pdfdoc_col cols[6];
	static const char *const colkeys[6] = { "dataset", "rows_read", "rows_kept",
	                                        "dropped", "missing", "ui_dates" };
	static const double widths[6] = { 0.14, 0.12, 0.12, 0.24, 0.2, 0.18 };
	size_t n = 0, r = 0, nm = 0;
	const char **cells, **items;
	struct pdfdoc_table t;

	pdfdoc_space(b->doc, 12);   /* flows on: the page budget is 4-10 */
	pdfdoc_heading(b->doc, 1, briefing_label(b, "page_data"));
	cJSON_ArrayForEach(ds, dq)
		n += cJSON_IsObject(ds);
	cells = arena_calloc(&b->a, n * 6 + 1, sizeof *cells);
	cJSON_ArrayForEach(ds, dq) {
		const char *lo, *hi;
		if (!cJSON_IsObject(ds))
			continue;
		cells[r * 6 + 0] = ds->string;
		cells[r * 6 + 1] = briefing_value(b, ds, "rows_read");
		cells[r * 6 + 2] = briefing_value(b, ds, "rows_kept");
		cells[r * 6 + 3] = dq_dropped(b, ds, "dropped");
		cells[r * 6 + 4] = dq_dropped(b, ds, "missing");
		lo = briefing_value(b, ds, "date_min");
		hi = briefing_value(b, ds, "date_max");
		cells[r * 6 + 5] = lo && hi ? arena_printf(&b->a, "%s – %s", lo, hi) : NULL;
		r++;
	}
	if (r) {
		for (int j = 0; j < 6; j++) {
			cols[j] = (struct pdfdoc_col){ briefing_label(b, colkeys[j]), widths[j],
			                               j == 1 || j == 2 ? PDFDOC_RIGHT : PDFDOC_LEFT, j == 1 || j == 2 };
		}
		memset(&t, 0, sizeof t);
		t.cols = cols;
		t.ncols = 6;
		t.cells = cells;
		t.nrows = r;
		t.zebra = 1;
		t.size = 8;
		pdfdoc_heading(b->doc, 2, briefing_label(b, "sec_data_quality"));
		pdfdoc_table(b->doc, &t);
		pdfdoc_space(b->doc, 6);
	}
	notes = briefing_get(b->model, "data_quality.notes");
	if (cJSON_GetArraySize(notes) > 0) {
		size_t k = 0;
		items = arena_calloc(&b->a, (size_t)cJSON_GetArraySize(notes), sizeof *items);
		cJSON_ArrayForEach(e, notes)
			if (cJSON_IsString(e))
				items[k++] = e->valuestring;
		pdfdoc_heading(b->doc, 2, briefing_label(b, "ui_notes"));
		pdfdoc_bullets(b->doc, items, k);
	}
	/* methods of the analyses that ran */
	items = arena_calloc(&b->a, 16, sizeof *items);
	static const char *const methods[][2] = {   /* analysis, its method label */
		{ "data_quality", "ui_method_data_quality" }, { "kpis", "method_kpis" },
		{ "rfm", "method_rfm" }, { "clv", "method_clv" }, { "segmentation", "method_segmentation" },
		{ "funnel", "method_funnel" }, { "lead_scoring", "method_lead_scoring" },
		{ "churn", "method_churn" }, { "retention", "method_retention" },
		{ "partners", "method_partners" }, { "forecast", "method_forecast" },
		{ "targets", "method_targets" },
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (briefing_get(b->model, methods[i][0]))
			items[nm++] = briefing_label(b, methods[i][1]);
	if (nm) {
		static const struct pdfdoc_style st = { 8.5, PDFDOC_LEFT, 0x333333, 0, 3 };
		pdfdoc_heading(b->doc, 2, briefing_label(b, "ui_methods"));
		for (size_t i = 0; i < nm; i++)
			pdfdoc_paragraph(b->doc, items[i], &st);
	}
	parameters(b);
	meta = briefing_get(b->model, "meta");
	if (meta) {
		pdfdoc_space(b->doc, 8);
		static const char *const facts[] = { "as_of", "ui_as_of", "generated_by", "ui_generated_by",
		                                     NULL, NULL };
		briefing_facts(b, meta, facts);
	}
}

/* --------------------------------------------------------------- the plan */

static int
section_present(const cJSON *model, enum briefing_section s)
{
	for (int i = 0; section_keys[s][i]; i++)
		if (briefing_get(model, section_keys[s][i]))
			return 1;
	return 0;
}

size_t
briefing_plan(const cJSON *model, const struct briefing_options *o, struct diag *d,
              enum briefing_section *out)
{
	int seen[BRIEFING_NSECTIONS] = { 0 };
	size_t n = 0;
	const cJSON *e;
	if (!o || !cJSON_IsArray(o->sections)) {
		for (int s = 0; s < BRIEFING_NSECTIONS; s++)
			if (section_present(model, (enum briefing_section)s))
				out[n++] = (enum briefing_section)s;
		return n;
	}
	cJSON_ArrayForEach(e, o->sections) {
		int s;
		if (!cJSON_IsString(e))
			continue;
		for (s = 0; s < BRIEFING_NSECTIONS; s++)
			if (strcmp(e->valuestring, briefing_section_names[s]) == 0)
				break;
		if (s == BRIEFING_NSECTIONS) {
			diag_warn(d, NULL, "pdf: unknown section '%s' skipped (sections: cover, kpis, pipeline, "
			          "customers, retention, segments, partners, forecast, appendix)", e->valuestring);
			continue;
		}
		if (seen[s]++ || !section_present(model, (enum briefing_section)s))
			continue;
		out[n++] = (enum briefing_section)s;
	}
	return n;
}

/* ------------------------------------------------------------- rendering */

void
briefing_doc_options(const cJSON *model, const struct briefing_options *o,
                     struct pdfdoc_options *out)
{
	const cJSON *meta = briefing_get(model, "meta");
	const cJSON *title = cJSON_GetObjectItemCaseSensitive(meta, "title");
	const cJSON *org = cJSON_GetObjectItemCaseSensitive(meta, "organization");
	struct briefing b;
	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	b.locale = results_locale(model);
	b.zh = b.locale == LOCALE_ZH_CN;
	b.labels = briefing_get(model, "labels");
	out->paper = o && o->paper && strcmp(o->paper, "Letter") == 0 ? PDFDOC_LETTER : PDFDOC_A4;
	out->locale = b.locale;
	out->title = cJSON_IsString(title) ? title->valuestring : NULL;
	out->author = cJSON_IsString(org) ? org->valuestring : NULL;
	/* labels from the model or static built-ins: no arena needed (no humanising) */
	out->subject = briefing_label(&b, "ui_pdf_subject");
	out->keywords = briefing_label(&b, "ui_pdf_keywords");
}

int
briefing_render(struct pdfdoc *doc, const cJSON *model, const struct briefing_options *o,
                struct diag *d)
{
	enum briefing_section plan[BRIEFING_NSECTIONS];
	size_t n = briefing_plan(model, o, d, plan);
	struct briefing b;
	memset(&b, 0, sizeof b);
	b.doc = doc;
	b.model = model;
	b.labels = briefing_get(model, "labels");
	b.diag = d;
	b.locale = results_locale(model);
	b.zh = b.locale == LOCALE_ZH_CN;
	b.top = o && o->top > 0 ? o->top : 8;
	b.chart_theme = o ? o->chart_theme : NULL;
	arena_init(&b.a);
	for (size_t i = 0; i < n && pdfdoc_status(doc) == BD_OK; i++) {
		switch (plan[i]) {
		case BRIEFING_COVER: cover(&b); break;
		case BRIEFING_KPIS: kpis(&b); break;
		case BRIEFING_PIPELINE: briefing_pipeline(&b); break;
		case BRIEFING_CUSTOMERS: briefing_customers(&b); break;
		case BRIEFING_RETENTION: briefing_retention(&b); break;
		case BRIEFING_SEGMENTS: briefing_segments(&b); break;
		case BRIEFING_PARTNERS: briefing_partners(&b); break;
		case BRIEFING_FORECAST: briefing_forecast(&b); break;
		case BRIEFING_APPENDIX: appendix(&b); break;
		case BRIEFING_NSECTIONS: break;
		}
	}
	arena_finish(&b.a);
	return pdfdoc_status(doc) != BD_OK ? pdfdoc_status(doc) : b.status;
}

int
briefing_write(const cJSON *model, const struct briefing_options *o, const char *path,
               struct diag *d)
{
	struct pdfdoc_options po;
	struct pdfdoc *doc;
	unsigned char *set = xcalloc(8192, 1);
	char *files[PDFDOC_NFONTS] = { NULL };
	int rc, cjk;
	briefing_doc_options(model, o, &po);
	/* the built-in labels hold Chinese too: only the model and the locale decide */
	briefing_font_codepoints(model, 0, set);
	cjk = briefing_font_needs_cjk(set) || po.locale == LOCALE_ZH_CN;
	briefing_font_codepoints(model, 1, set);
	for (int k = 0; k < PDFDOC_NFONTS; k++)
		if (k != PDFDOC_FONT_CJK || cjk)
			po.font_files[k] = files[k] = briefing_font_subset((enum pdfdoc_font_kind)k, set, d);
	doc = pdfdoc_create(&po, d);
	rc = briefing_render(doc, model, o, d);
	if (rc == BD_OK)
		rc = pdfdoc_save(doc, path);
	pdfdoc_destroy(doc);
	for (int k = 0; k < PDFDOC_NFONTS; k++) {
		if (files[k])
			unlink(files[k]);
		free(files[k]);
	}
	free(set);
	return rc;
}

int
briefing_write_in(const cJSON *model, const char *paper, const cJSON *sections,
                  const struct theme *theme, const char *dir, const char *name,
                  struct diag *d)
{
	struct chart_theme ct;
	struct briefing_options o = { paper, sections, 0, &ct };
	struct buf path;
	int rc;
	theme_pdf_chart(theme, &ct);
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir, name);
	rc = briefing_write(model, &o, buf_str(&path), d);
	buf_release(&path);
	return rc;
}
