/* SPDX-License-Identifier: MIT
 * data_quality: turns the counts the dataset layer kept (struct dataset_quality)
 * into the data_quality subtree of results.json; datasets in role order. */
#include "analysis/data_quality.h"

#include <math.h>
#include <stdlib.h>

#include "base/date.h"

static cJSON *
date_or_null(double days)
{
	char s[16];
	if (days != days)
		return cJSON_CreateNull();
	return cJSON_CreateString(date_format_iso(floor(days), s));
}

/* distinct{} for text role fields and sum{} for numeric ones, over the kept rows:
 * the figures to reconcile against the source system. */
static void
add_profile(cJSON *o, const struct dataset *ds)
{
	size_t nf;
	const struct project_field_spec *fs = project_role_fields(ds->role, &nf);
	const struct table *t = ds->table;
	cJSON *distinct = cJSON_AddObjectToObject(o, "distinct");
	cJSON *sum = cJSON_AddObjectToObject(o, "sum");
	for (size_t i = 0; i < nf; i++) {
		const struct table_column *c = table_column_find(t, fs[i].name);
		if (!c)
			continue;
		if (c->type == TABLE_TEXT) {
			unsigned char *seen = xcalloc(c->ndict + 1, 1);
			size_t n = 0;
			for (size_t r = 0; r < t->nrows; r++)
				if (c->code[r] >= 0 && !seen[c->code[r]]) {
					seen[c->code[r]] = 1;
					n++;
				}
			free(seen);
			cJSON_AddNumberToObject(distinct, fs[i].name, (double)n);
		} else if (c->type == TABLE_NUM) {
			/* Neumaier summation: stable to the last digit on millions of rows */
			double s = 0, comp = 0;
			for (size_t r = 0; r < t->nrows; r++) {
				double v = c->num[r], u;
				if (v != v)
					continue;
				u = s + v;
				comp += fabs(s) >= fabs(v) ? (s - u) + v : (v - u) + s;
				s = u;
			}
			cJSON_AddNumberToObject(sum, fs[i].name, s + comp);
		}
	}
}

cJSON *
data_quality_run(struct analysis_ctx *ctx, const cJSON *params)
{
	cJSON *root = cJSON_CreateObject();
	(void)params;
	for (int r = 0; r < PROJECT_NROLES; r++) {
		const struct dataset *ds = ctx->datasets[r];
		const struct dataset_quality *q;
		cJSON *o, *dropped, *missing;
		if (!ds)
			continue;
		q = &ds->q;
		o = cJSON_AddObjectToObject(root, ds->name);
		cJSON_AddNumberToObject(o, "rows_read", (double)q->rows_read);
		cJSON_AddNumberToObject(o, "rows_kept", (double)q->rows_kept);
		dropped = cJSON_AddObjectToObject(o, "dropped");
		for (size_t i = 0; i < q->ndropped; i++)
			cJSON_AddNumberToObject(dropped, q->dropped[i].name, (double)q->dropped[i].n);
		missing = cJSON_AddObjectToObject(o, "missing");
		for (size_t i = 0; i < q->nmissing; i++)
			cJSON_AddNumberToObject(missing, q->missing[i].name, (double)q->missing[i].n);
		missing = cJSON_AddObjectToObject(o, "unreadable");
		for (size_t i = 0; i < q->nunreadable; i++)
			cJSON_AddNumberToObject(missing, q->unreadable[i].name, (double)q->unreadable[i].n);
		if (q->duplicates < 0)
			cJSON_AddNullToObject(o, "duplicates");
		else
			cJSON_AddNumberToObject(o, "duplicates", (double)q->duplicates);
		add_profile(o, ds);
		cJSON_AddItemToObject(o, "date_min", date_or_null(q->date_min));
		cJSON_AddItemToObject(o, "date_max", date_or_null(q->date_max));
	}
	ctx->notes = cJSON_AddArrayToObject(root, "notes");
	for (int r = 0; r < PROJECT_NROLES; r++) {
		const struct dataset *ds = ctx->datasets[r];
		if (!ds)
			continue;
		for (size_t i = 0; i < ds->q.nnotes; i++)
			analysis_note(ctx, "%s", ds->q.notes[i]);
		if (ds->q.duplicates > 0)
			analysis_note(ctx, "%s: %ld rows repeat an earlier id", ds->name, ds->q.duplicates);
		if (ds->q.rows_kept == 0)
			analysis_note(ctx, "%s: no rows left after dropping and filtering", ds->name);
	}
	return root;
}

const struct analysis data_quality_analysis = {
	.key = "data_quality",
	.doc = "rows read and kept, missing values, duplicates and distinct counts per dataset, and the notes of skipped work",
	.needs = 0,
	.data = "every dataset present",
	.params = NULL,
	.nparams = 0,
	.run = data_quality_run,
};
