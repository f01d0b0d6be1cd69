/* SPDX-License-Identifier: MIT
 * data_quality: turns the counts the dataset layer kept (struct dataset_quality)
 * into the data_quality subtree of results.json; datasets in role order. */
#include "analysis/data_quality.h"

#include <math.h>

static cJSON *
date_or_null(double days)
{
	char s[16];
	if (days != days)
		return cJSON_CreateNull();
	return cJSON_CreateString(table_format_date(floor(days), s));
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
		if (q->duplicates < 0)
			cJSON_AddNullToObject(o, "duplicates");
		else
			cJSON_AddNumberToObject(o, "duplicates", (double)q->duplicates);
		cJSON_AddItemToObject(o, "date_min", date_or_null(q->date_min));
		cJSON_AddItemToObject(o, "date_max", date_or_null(q->date_max));
	}
	ctx->notes = cJSON_AddArrayToObject(root, "notes");
	for (int r = 0; r < PROJECT_NROLES; r++) {
		const struct dataset *ds = ctx->datasets[r];
		if (!ds)
			continue;
		if (ds->q.duplicates > 0)
			analysis_note(ctx, "%s: %ld rows repeat an earlier id", ds->name, ds->q.duplicates);
		if (ds->q.rows_kept == 0)
			analysis_note(ctx, "%s: no rows left after dropping and filtering", ds->name);
	}
	return root;
}
