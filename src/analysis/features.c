/* SPDX-License-Identifier: MIT
 * features: plans design-matrix columns from a role table (numbers as they are,
 * text one-hot with a reference level) and fills row-major matrices for any row
 * subset, dropping and counting rows with a missing feature. */
#include "analysis/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const *sort_dict; /* qsort context (single-threaded use) */

static int
cmp_level(const void *pa, const void *pb)
{
	int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
	return strcmp(sort_dict[a], sort_dict[b]);
}

/* 1 when row r has every feature present. */
static int
complete(const struct table_column *const *src, size_t n, size_t r)
{
	for (size_t j = 0; j < n; j++)
		if (table_missing(src[j], r))
			return 0;
	return 1;
}

int
features_plan(struct arena *a, const struct table *t, const char *const *names, size_t n,
              const unsigned char *rows, int intercept, enum features_coding coding,
              const cJSON *reference_levels, struct features_design *out, const char **err)
{
	const struct table_column **src = arena_calloc(a, n + 1, sizeof *src);
	unsigned char *cc;
	size_t cap = (size_t)(intercept != 0), ncols = 0;
	memset(out, 0, sizeof *out);
	for (size_t j = 0; j < n; j++) {
		const char *hint;
		src[j] = table_column_find(t, names[j]);
		if (src[j])
			continue;
		hint = table_column_suggest(t, names[j]);
		*err = hint ? arena_printf(a, "unknown feature '%s'; did you mean '%s'?", names[j], hint)
		            : arena_printf(a, "unknown feature '%s'", names[j]);
		return -1;
	}
	if (reference_levels)
		for (const cJSON *it = reference_levels->child; it; it = it->next) {
			size_t j = 0;
			while (j < n && strcmp(names[j], it->string) != 0)
				j++;
			if (j == n || src[j]->type != TABLE_TEXT || !cJSON_IsString(it)) {
				*err = arena_printf(a, "reference level for '%s': not a text feature of the model",
				                    it->string);
				return -2;
			}
		}
	/* complete cases among the rows asked for */
	cc = xcalloc(t->nrows + 1, 1);
	for (size_t r = 0; r < t->nrows; r++)
		cc[r] = (!rows || rows[r]) && complete(src, n, r);
	out->nfeatures = n;
	out->features = arena_calloc(a, n + 1, sizeof *out->features);
	out->src = src;
	out->reference = arena_calloc(a, n + 1, sizeof *out->reference);
	out->colof = arena_calloc(a, n + 1, sizeof *out->colof);
	/* levels per text feature, sorted */
	int32_t **lv = xcalloc(n + 1, sizeof *lv);
	size_t *nlv = xcalloc(n + 1, sizeof *nlv);
	for (size_t j = 0; j < n; j++) {
		const struct table_column *c = src[j];
		out->features[j] = names[j];
		if (c->type != TABLE_TEXT) {
			cap++;
			continue;
		}
		unsigned char *seen = xcalloc(c->ndict + 1, 1);
		lv[j] = xmalloc((c->ndict + 1) * sizeof **lv);
		for (size_t r = 0; r < t->nrows; r++)
			if (cc[r])
				seen[c->code[r]] = 1;
		for (size_t k = 0; k < c->ndict; k++)
			if (seen[k])
				lv[j][nlv[j]++] = (int32_t)k;
		free(seen);
		sort_dict = c->dict;
		qsort(lv[j], nlv[j], sizeof **lv, cmp_level);
		cap += nlv[j];
	}
	free(cc);
	out->cols = arena_calloc(a, cap + 1, sizeof *out->cols);
	if (intercept)
		out->cols[ncols++] = (struct features_column){ "(intercept)", -1, -1, NULL };
	for (size_t j = 0; j < n; j++) {
		const struct table_column *c = src[j];
		size_t ref = 0;
		if (c->type != TABLE_TEXT) {
			out->cols[ncols++] = (struct features_column){ names[j], (int)j, -1, NULL };
			continue;
		}
		out->colof[j] = arena_alloc(a, (c->ndict + 1) * sizeof **out->colof);
		for (size_t k = 0; k < c->ndict; k++)
			out->colof[j][k] = -2;
		if (reference_levels) {
			const cJSON *rl = cJSON_GetObjectItemCaseSensitive(reference_levels, names[j]);
			if (rl) {
				while (ref < nlv[j] && strcmp(c->dict[lv[j][ref]], rl->valuestring) != 0)
					ref++;
				if (ref == nlv[j]) {
					*err = arena_printf(a, "reference level '%s' of '%s' not found in the data",
					                    rl->valuestring, names[j]);
					for (size_t i = 0; i < n; i++)
						free(lv[i]);
					free(lv);
					free(nlv);
					return -2;
				}
			}
		}
		if (coding == FEATURES_INDICATOR)
			ref = nlv[j] == 2 ? 0 : (size_t)-1;
		else if (nlv[j])
			out->reference[j] = c->dict[lv[j][ref]];
		for (size_t k = 0; k < nlv[j]; k++) {
			int32_t code = lv[j][k];
			if (k == ref) {
				out->colof[j][code] = -1;
				continue;
			}
			out->colof[j][code] = (int32_t)ncols;
			out->cols[ncols++] = (struct features_column){
				arena_printf(a, "%s[%s]", names[j], c->dict[code]), (int)j, code, c->dict[code] };
		}
	}
	for (size_t i = 0; i < n; i++)
		free(lv[i]);
	free(lv);
	free(nlv);
	out->ncols = ncols;
	return 0;
}

/* Where a table row's values come from: the source column of each feature, and the
 * design column of each numeric one. */
struct fill {
	const struct features_design *d;
	const struct table_column **src;
	size_t *numcol;
};

/* Whether row r has every feature, with a text level the plan has seen. */
static int
row_ok(const struct fill *f, size_t r)
{
	for (size_t j = 0; j < f->d->nfeatures; j++) {
		const struct table_column *c = f->src[j];
		if (!c || table_missing(c, r))
			return 0;
		if (c->type == TABLE_TEXT &&
		    (!f->d->colof[j] || f->d->src[j]->code != c->code || /* the planned column's codes */
		     f->d->colof[j][c->code[r]] == -2))
			return 0;
	}
	return 1;
}

/* Writes row r's p values at x[0], x[stride], x[2 * stride], ... */
static void
row_values(const struct fill *f, size_t r, double *x, size_t stride)
{
	const struct features_design *d = f->d;
	for (size_t k = 0; k < d->ncols; k++)
		x[k * stride] = d->cols[k].feature < 0 ? 1.0 : 0.0;
	for (size_t j = 0; j < d->nfeatures; j++) {
		const struct table_column *c = f->src[j];
		if (c->type != TABLE_TEXT) {
			x[f->numcol[j] * stride] = c->num[r];
		} else {
			int32_t col = d->colof[j][c->code[r]];
			if (col >= 0)
				x[(size_t)col * stride] = 1.0;
		}
	}
}

/* Both layouts: the kept rows first, then every value written once (no zeroing). */
static void
fill(struct arena *a, const struct features_design *d, const struct table *t,
     const unsigned char *rows, struct features_matrix *m, int columns)
{
	size_t want = 0, p = d->ncols;
	struct fill f = { d, arena_calloc(a, d->nfeatures + 1, sizeof *f.src),
	                  arena_calloc(a, d->nfeatures + 1, sizeof *f.numcol) };
	for (size_t j = 0; j < d->nfeatures; j++)
		f.src[j] = table_column_find(t, d->features[j]);
	for (size_t k = 0; k < p; k++)
		if (d->cols[k].feature >= 0 && !d->cols[k].level)
			f.numcol[d->cols[k].feature] = k;
	for (size_t r = 0; r < t->nrows; r++)
		want += !rows || rows[r];
	m->p = p;
	m->n = 0;
	m->dropped = 0;
	m->row = arena_alloc(a, (want + 1) * sizeof *m->row);
	for (size_t r = 0; r < t->nrows; r++) {
		if (rows && !rows[r])
			continue;
		if (row_ok(&f, r))
			m->row[m->n++] = r;
		else
			m->dropped++;
	}
	m->x = arena_alloc(a, (m->n * p + 1) * sizeof *m->x);
	for (size_t i = 0; i < m->n; i++)
		row_values(&f, m->row[i], columns ? m->x + i : m->x + i * p, columns ? m->n : 1);
}

void
features_fill(struct arena *a, const struct features_design *d, const struct table *t,
              const unsigned char *rows, struct features_matrix *m)
{
	fill(a, d, t, rows, m, 0);
}

void
features_fill_columns(struct arena *a, const struct features_design *d, const struct table *t,
                      const unsigned char *rows, struct features_matrix *m)
{
	fill(a, d, t, rows, m, 1);
}

size_t
features_default(struct arena *a, const struct table *t, const unsigned char *rows,
                 const char *const *exclude, size_t max_levels, const char ***names)
{
	size_t n = 0, nrows = 0;
	*names = arena_calloc(a, t->ncols + 1, sizeof **names);
	for (size_t r = 0; r < t->nrows; r++)
		nrows += !rows || rows[r];
	for (size_t j = 0; j < t->ncols; j++) {
		const struct table_column *c = &t->cols[j];
		size_t present = 0, distinct = 0;
		int skip = c->type == TABLE_DATE;
		for (size_t e = 0; exclude && exclude[e] && !skip; e++)
			skip = strcmp(exclude[e], c->name) == 0;
		if (skip)
			continue;
		if (c->type == TABLE_TEXT) {
			unsigned char *seen = xcalloc(c->ndict + 1, 1);
			for (size_t r = 0; r < t->nrows; r++)
				if ((!rows || rows[r]) && c->code[r] >= 0) {
					present++;
					distinct += !seen[c->code[r]];
					seen[c->code[r]] = 1;
				}
			free(seen);
			skip = distinct < 2 || distinct > max_levels;
		} else {
			double first = NAN;
			int varies = 0;
			for (size_t r = 0; r < t->nrows; r++) {
				double v = c->num[r];
				if ((rows && !rows[r]) || v != v)
					continue;
				if (!present++)
					first = v;
				else if (v != first)
					varies = 1;
			}
			skip = !varies;
		}
		if (!skip && present && 2 * present >= nrows)
			(*names)[n++] = c->name;
	}
	return n;
}

const char **
features_exclude(struct arena *a, const char *const *base, const char *target,
                 const struct project_dataset *spec)
{
	size_t nb = 0, k = 0;
	const char **ex;
	while (base && base[nb])
		nb++;
	ex = arena_calloc(a, nb + 2 + (spec ? spec->ncolumns : 0), sizeof *ex);
	for (size_t i = 0; i < nb; i++)
		ex[k++] = base[i];
	if (target)
		ex[k++] = target;
	/* a mapped role field and its source column are the same data: keep the field */
	for (size_t i = 0; spec && i < spec->ncolumns; i++)
		if (!spec->columns[i].is_expr && strcmp(spec->columns[i].field, spec->columns[i].source) != 0)
			ex[k++] = spec->columns[i].source;
	return ex;
}

size_t
features_names_from_json(struct arena *a, const cJSON *v, const char ***names)
{
	size_t n = 0;
	*names = NULL;
	if (cJSON_IsString(v)) {
		*names = arena_calloc(a, 2, sizeof **names);
		(*names)[0] = arena_strdup(a, v->valuestring);
		return 1;
	}
	if (!cJSON_IsArray(v))
		return 0;
	*names = arena_calloc(a, (size_t)cJSON_GetArraySize(v) + 1, sizeof **names);
	for (const cJSON *it = v->child; it; it = it->next)
		if (cJSON_IsString(it))
			(*names)[n++] = arena_strdup(a, it->valuestring);
	if (!n)
		*names = NULL;
	return n;
}
