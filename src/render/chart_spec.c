/* SPDX-License-Identifier: MIT
 * chart_spec: parsing and validation of chart specs (cJSON) for the chart module, plus
 * the value range and the accessible description of a chart. Sits under chart.c. */
#include "render/chart_spec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/fmt.h"

const char *const chart_spec_type_names[CHART_NTYPES] = { "bar", "hbar", "line", "band", "step", "scatter",
	"bubble", "heatmap", "donut", "funnel", "sparkline", "roc" };

static int bad(struct chart_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct chart_ctx *x, const char *fmt, ...)
{
	char msg[240];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(x->d, BD_EINPUT, NULL, "chart '%s': %s", x->title, msg);
	return -1;
}

/* 0: *out set; 1: null (missing); -1: error reported. */
static int
get_num(struct chart_ctx *x, const cJSON *it, double *out, int dates, const char *what,
        const char *name, size_t i)
{
	if (!it || cJSON_IsNull(it)) {
		*out = NAN;
		return 1;
	}
	if (cJSON_IsNumber(it)) {
		if (!isfinite(it->valuedouble))
			return bad(x, "%s '%s': element %zu is not a finite number", what, name, i);
		if (fabs(it->valuedouble) > 1e300)   /* ranges and stacks must stay finite */
			return bad(x, "%s '%s': element %zu is too large to plot", what, name, i);
		*out = it->valuedouble;
		return 0;
	}
	if (dates && cJSON_IsString(it)) {
		long days;
		if (date_parse_day(it->valuestring, &days) != 0)
			return bad(x, "%s '%s': element %zu is not an ISO date (YYYY-MM-DD)", what,
			           name, i);
		*out = (double)days;
		return 0;
	}
	return bad(x, "%s '%s': element %zu: expected a number", what, name, i);
}

static int
get_array(struct chart_ctx *x, struct arena *a, const cJSON *arr, size_t n, double **out,
          const char *what, const char *name)
{
	if (!arr) {
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n)
		return bad(x, "%s '%s': expected an array of %zu numbers", what, name, n);
	*out = arena_calloc(a, n ? n : 1, sizeof **out);
	size_t i = 0;
	for (const cJSON *it = arr->child; it; it = it->next, i++)
		if (get_num(x, it, &(*out)[i], 0, what, name, i) < 0)
			return -1;
	return 0;
}

static const char **
get_strings(struct arena *a, const cJSON *arr, size_t *n)
{
	const char **out;
	size_t i = 0;
	*n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
	out = arena_calloc(a, *n ? *n : 1, sizeof *out);
	if (*n)
		for (const cJSON *it = arr->child; it; it = it->next, i++) {
			if (cJSON_IsString(it))
				out[i] = it->valuestring;
			else if (cJSON_IsNumber(it))
				out[i] = arena_printf(a, "%g", it->valuedouble);
			else
				out[i] = "";
		}
	return out;
}

static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static uint32_t
parse_color(const char *s, uint32_t dflt)
{
	unsigned v;
	if (s && s[0] == '#' && strlen(s) == 7 && sscanf(s + 1, "%6x", &v) == 1)
		return v;
	return dflt;
}

int
chart_spec_parse(struct chart_ctx *x, struct arena *a, const cJSON *spec, struct chart_spec *sp)
{
	const cJSON *t, *ser;
	memset(sp, 0, sizeof *sp);
	x->title = "";
	if (!cJSON_IsObject(spec)) {
		diag_error(x->d, BD_EINPUT, NULL, "chart: spec is not a JSON object");
		return -1;
	}
	sp->title = str_of(spec, "title");
	x->title = sp->title ? sp->title : "";
	sp->desc = str_of(spec, "description");
	t = cJSON_GetObjectItemCaseSensitive(spec, "type");
	if (!cJSON_IsString(t)) {
		diag_error(x->d, BD_EINPUT, NULL, "chart '%s': missing \"type\"", x->title);
		return -1;
	}
	size_t k;
	for (k = 0; k < sizeof chart_spec_type_names / sizeof chart_spec_type_names[0]; k++)
		if (strcmp(t->valuestring, chart_spec_type_names[k]) == 0)
			break;
	if (k == sizeof chart_spec_type_names / sizeof chart_spec_type_names[0]) {
		diag_error(x->d, BD_EINPUT, NULL, "chart '%s': unknown type '%s' (expected bar, hbar, "
		           "line, band, step, scatter, bubble, heatmap, donut, funnel, sparkline or roc)",
		           x->title, t->valuestring);
		return -1;
	}
	sp->type = (enum chart_type)k;
	sp->xax = cJSON_GetObjectItemCaseSensitive(spec, "x");
	sp->yax = cJSON_GetObjectItemCaseSensitive(spec, "y");
	sp->xfmt = str_of(sp->xax, "format");
	sp->yfmt = str_of(sp->yax, "format");
	sp->xlabel = str_of(sp->xax, "label");
	sp->ylabel = str_of(sp->yax, "label");
	sp->vfmt = str_of(spec, "value_format");
	sp->x_date = str_of(sp->xax, "type") && strcmp(str_of(sp->xax, "type"), "date") == 0;
	sp->stacked = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "stacked"));
	sp->signed_ = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "signed"));
	t = cJSON_GetObjectItemCaseSensitive(sp->xax, "categories");
	if (!t)
		t = cJSON_GetObjectItemCaseSensitive(spec, "categories");
	sp->cats = get_strings(a, t, &sp->ncat);
	sp->ycats = get_strings(a, cJSON_GetObjectItemCaseSensitive(sp->yax, "categories"),
	                        &sp->nycat);
	t = cJSON_GetObjectItemCaseSensitive(spec, "fit");
	if (cJSON_IsTrue(t)) {
		sp->has_fit = 2;         /* computed below */
	} else if (cJSON_IsObject(t)) {
		if (get_num(x, cJSON_GetObjectItemCaseSensitive(t, "slope"), &sp->fit_b, 0, "fit",
		            "slope", 0) < 0 ||
		    get_num(x, cJSON_GetObjectItemCaseSensitive(t, "intercept"), &sp->fit_a, 0, "fit",
		            "intercept", 0) < 0)
			return -1;
		sp->has_fit = isfinite(sp->fit_a) && isfinite(sp->fit_b);
	}
	t = cJSON_GetObjectItemCaseSensitive(spec, "auc");
	if (t) {
		int r = get_num(x, t, &sp->auc, 0, "auc", "auc", 0);
		if (r < 0)
			return -1;
		sp->has_auc = r == 0;
	}
	if (sp->type == CHART_HEATMAP) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(spec, "values");
		size_t nr = cJSON_IsArray(rows) ? (size_t)cJSON_GetArraySize(rows) : 0, r = 0;
		if (nr != sp->nycat && sp->nycat)
			return bad(x, "heatmap values: expected %zu rows (one per y category)", sp->nycat);
		sp->hm = arena_calloc(a, nr * (sp->ncat ? sp->ncat : 1) + 1, sizeof *sp->hm);
		for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next, r++) {
			double *vals;
			char name[32];
			snprintf(name, sizeof name, "row %zu", r);
			if (get_array(x, a, row, sp->ncat, &vals, "heatmap", name) < 0)
				return -1;
			memcpy(sp->hm + r * sp->ncat, vals, sp->ncat * sizeof *vals);
			for (size_t j = 0; j < sp->ncat; j++)
				sp->npoints += isfinite(vals[j]);
		}
		if (sp->nycat == 0 && nr > 0) {   /* rows without labels: number them */
			sp->ycats = arena_calloc(a, nr, sizeof *sp->ycats);
			for (size_t i = 0; i < nr; i++)
				sp->ycats[i] = arena_printf(a, "%zu", i + 1);
			sp->nycat = nr;
		}
		return 0;
	}
	ser = cJSON_GetObjectItemCaseSensitive(spec, "series");
	if (ser && !cJSON_IsArray(ser))
		return bad(x, "\"series\" must be an array");
	sp->ns = ser ? (size_t)cJSON_GetArraySize(ser) : 0;
	sp->s = arena_calloc(a, sp->ns ? sp->ns : 1, sizeof *sp->s);
	size_t si = 0;
	for (const cJSON *so = ser ? ser->child : NULL; so; so = so->next, si++) {
		struct chart_series *s = &sp->s[si];
		const cJSON *vals = cJSON_GetObjectItemCaseSensitive(so, "values");
		const cJSON *pts = cJSON_GetObjectItemCaseSensitive(so, "points");
		s->name = str_of(so, "name");
		if (!s->name)
			s->name = arena_printf(a, "series %zu", si + 1);
		s->color = parse_color(str_of(so, "color"),
		                       x->th->palette[si % (size_t)(x->th->npalette > 0 ? x->th->npalette : 1)]);
		if (pts) {
			size_t i = 0;
			if (!cJSON_IsArray(pts))
				return bad(x, "series '%s': \"points\" must be an array", s->name);
			s->n = (size_t)cJSON_GetArraySize(pts);
			s->x = arena_calloc(a, s->n + 1, sizeof *s->x);
			s->y = arena_calloc(a, s->n + 1, sizeof *s->y);
			if (sp->type == CHART_BUBBLE)
				s->sz = arena_calloc(a, s->n + 1, sizeof *s->sz);
			for (const cJSON *p = pts->child; p; p = p->next, i++) {
				int want = sp->type == CHART_BUBBLE ? 3 : 2;
				if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) < want)
					return bad(x, "series '%s': point %zu: expected [x, y%s]", s->name,
					           i, want == 3 ? ", size" : "");
				if (get_num(x, cJSON_GetArrayItem(p, 0), &s->x[i], sp->x_date, "series",
				            s->name, i) < 0 ||
				    get_num(x, cJSON_GetArrayItem(p, 1), &s->y[i], 0, "series", s->name, i) < 0 ||
				    (want == 3 && get_num(x, cJSON_GetArrayItem(p, 2), &s->sz[i], 0, "series",
				                          s->name, i) < 0))
					return -1;
				if (want == 3 && isfinite(s->sz[i]) && s->sz[i] < 0)
					return bad(x, "series '%s': point %zu: negative bubble size", s->name, i);
				if (!isfinite(s->x[i]))
					s->y[i] = NAN;
			}
		} else if (vals) {
			if (!cJSON_IsArray(vals))
				return bad(x, "series '%s': \"values\" must be an array", s->name);
			s->n = (size_t)cJSON_GetArraySize(vals);
			if (get_array(x, a, vals, s->n, &s->y, "series", s->name) < 0)
				return -1;
		}
		if (get_array(x, a, cJSON_GetObjectItemCaseSensitive(so, "lower"), s->n, &s->lo,
		              "lower of series", s->name) < 0 ||
		    get_array(x, a, cJSON_GetObjectItemCaseSensitive(so, "upper"), s->n, &s->hi,
		              "upper of series", s->name) < 0)
			return -1;
		if (!s->x && sp->type != CHART_SPARK && s->n > sp->ncat) {
			/* values without enough categories: number them */
			const char **c = arena_calloc(a, s->n, sizeof *c);
			for (size_t i = 0; i < s->n; i++)
				c[i] = i < sp->ncat ? sp->cats[i] : arena_printf(a, "%zu", i + 1);
			sp->cats = c;
			sp->ncat = s->n;
		}
		if ((sp->type == CHART_DONUT || sp->type == CHART_FUNNEL) && s->y)
			for (size_t i = 0; i < s->n; i++)
				if (s->y[i] < 0)
					return bad(x, "series '%s': element %zu is negative (%s needs values >= 0)",
					           s->name, i, chart_spec_type_names[sp->type]);
		for (size_t i = 0; i < s->n; i++)
			sp->npoints += isfinite(s->y[i]);
	}
	if (sp->has_fit == 2) {      /* least squares over every point */
		double n = 0, mx = 0, my = 0, sxx = 0, sxy = 0;
		for (size_t j = 0; j < sp->ns; j++)
			for (size_t i = 0; sp->s[j].x && i < sp->s[j].n; i++)
				if (isfinite(sp->s[j].y[i])) {
					n++;
					double dx = sp->s[j].x[i] - mx;
					mx += dx / n;
					my += (sp->s[j].y[i] - my) / n;
					sxx += dx * (sp->s[j].x[i] - mx);
				}
		for (size_t j = 0; j < sp->ns; j++)
			for (size_t i = 0; sp->s[j].x && i < sp->s[j].n; i++)
				if (isfinite(sp->s[j].y[i]))
					sxy += (sp->s[j].x[i] - mx) * (sp->s[j].y[i] - my);
		sp->has_fit = n >= 2 && sxx > 0;
		if (sp->has_fit) {
			sp->fit_b = sxy / sxx;
			sp->fit_a = my - sp->fit_b * mx;
		}
	}
	return 0;
}

/* Value range of the data; bars stack when asked. */
void
chart_spec_range(const struct chart_spec *sp, double *mn, double *mx)
{
	*mn = INFINITY;
	*mx = -INFINITY;
	if (sp->stacked && (sp->type == CHART_BAR || sp->type == CHART_HBAR)) {
		for (size_t i = 0; i < sp->ncat; i++) {
			double pos = 0, neg = 0;
			for (size_t j = 0; j < sp->ns; j++)
				if (i < sp->s[j].n && isfinite(sp->s[j].y[i]))
					*(sp->s[j].y[i] >= 0 ? &pos : &neg) += sp->s[j].y[i];
			*mn = fmin(*mn, neg);
			*mx = fmax(*mx, pos);
		}
		return;
	}
	for (size_t j = 0; j < sp->ns; j++)
		for (size_t i = 0; i < sp->s[j].n; i++) {
			double vs[3] = { sp->s[j].y[i], sp->s[j].lo ? sp->s[j].lo[i] : NAN,
			                 sp->s[j].hi ? sp->s[j].hi[i] : NAN };
			for (int k = 0; k < 3; k++)
				if (isfinite(vs[k])) {
					*mn = fmin(*mn, vs[k]);
					*mx = fmax(*mx, vs[k]);
				}
		}
}

/* A sentence for <desc>: type, series and the value range. */
void
chart_spec_describe(const struct chart_ctx *x, const struct chart_spec *sp, struct buf *out)
{
	double mn, mx;
	if (sp->desc) {
		buf_puts(out, sp->desc);
		return;
	}
	buf_printf(out, "%s chart", chart_spec_type_names[sp->type]);
	if (sp->ns) {
		buf_puts(out, "; series: ");
		for (size_t i = 0; i < sp->ns && i < 8; i++)
			buf_printf(out, "%s%s", i ? ", " : "", sp->s[i].name);
		if (sp->ns > 8)
			buf_printf(out, " and %zu more", sp->ns - 8);
	}
	if (sp->ncat) {
		buf_printf(out, "; %zu categories", sp->ncat);
		for (size_t i = 0; i < sp->ncat && i < 5; i++)
			buf_printf(out, "%s%s", i ? ", " : ": ", sp->cats[i]);
		if (sp->ncat > 5)
			buf_puts(out, ", …");
	}
	buf_printf(out, "; %zu values", sp->npoints);
	if (sp->type == CHART_HEATMAP) {
		mn = INFINITY;
		mx = -INFINITY;
		for (size_t i = 0; i < sp->nycat * sp->ncat; i++)
			if (isfinite(sp->hm[i])) {
				mn = fmin(mn, sp->hm[i]);
				mx = fmax(mx, sp->hm[i]);
			}
	} else {
		chart_spec_range(sp, &mn, &mx);
	}
	if (sp->npoints && isfinite(mn)) {
		const char *k = sp->type == CHART_HEATMAP || sp->type == CHART_DONUT || sp->type == CHART_FUNNEL
		                ? sp->vfmt : sp->yfmt;
		buf_puts(out, " from ");
		fmt_value(out, mn, k, -1, x->th->locale, x->th->currency);
		buf_puts(out, " to ");
		fmt_value(out, mx, k, -1, x->th->locale, x->th->currency);
	}
	if (sp->has_auc) {
		buf_puts(out, "; AUC ");
		fmt_number(out, sp->auc, 3, x->th->locale);
	}
}

