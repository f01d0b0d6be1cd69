/* SPDX-License-Identifier: MIT
 * bench_models: the model analyses (lead_scoring, churn, retention with groups and
 * Cox, drivers) on the bench M data (bench/data/M: 100k customers, 50k
 * opportunities; `sh bench/data.sh M` writes it). Loads once, then prints the median
 * wall and CPU time of 5 runs per analysis. Built against libbd.a by `make bench`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/churn.h"
#include "analysis/drivers.h"
#include "analysis/lead_scoring.h"
#include "analysis/retention.h"
#include "base/arena.h"
#include "base/diag.h"
#include "ingest/dataset.h"
#include "ingest/project.h"

static const char project_text[] =
	"{\"title\": \"bench\", \"as_of\": \"2026-11-21\",\n"
	" \"datasets\": {\n"
	"  \"customers\": {\"path\": \"customers.csv\", \"columns\": {\"id\": \"customer_id\"}},\n"
	"  \"opportunities\": {\"path\": \"opportunities.csv\", \"columns\": {\"id\": \"opp_id\"},\n"
	"    \"won\": [\"Closed Won\"], \"lost\": [\"Closed Lost\"]}},\n"
	" \"analyses\": {\n"
	"  \"lead_scoring\": {\"features\": [\"employees\", \"amount\", \"engagement_score\", \"industry\",\n"
	"                   \"region\", \"source\", \"owner\"]},\n"
	"  \"churn\": {\"features\": [\"satisfaction\", \"competitor_activity\", \"employees\", \"industry\"]},\n"
	"  \"retention\": {\"group_by\": \"competitor_activity\",\n"
	"                \"cox\": {\"features\": [\"competitor_activity\", \"employees\"]}},\n"
	"  \"drivers\": {\"dataset\": \"opportunities\",\n"
	"              \"features\": [\"engagement_score\", \"employees\", \"amount\", \"source\", \"industry\"]}}}\n";

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

enum { RUNS = 5 };

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "bench/data/M";
	static const char *const names[] = { "lead_scoring", "churn", "retention", "drivers" };
	struct arena a;
	struct diag d;
	struct dataset *ds[PROJECT_NROLES];
	struct project *p;
	char file[512];
	arena_init(&a);
	diag_init(&d);
	d.quiet = 1;
	snprintf(file, sizeof file, "%s/bench_models.json", dir);
	p = project_parse(&a, file, project_text, strlen(project_text), &d);
	if (!p || dataset_load_all(&a, p, dataset_read, ds, &d) != 0) {
		printf("bench_models: no bench data in %s (sh bench/data.sh M)\n", dir);
		return 0;
	}
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		double secs[RUNS], cpu[RUNS];
		int ok = 1;
		for (int run = 0; run < RUNS; run++) {
			struct arena ra;
			struct analysis_ctx ctx;
			const cJSON *params = project_params(p, names[k]);
			const void *res = NULL;
			arena_init(&ra);
			memset(&ctx, 0, sizeof ctx);
			ctx.a = &ra;
			ctx.project = p;
			ctx.datasets = ds;
			ctx.as_of = p->as_of;
			ctx.results = cJSON_CreateObject();
			ctx.notes = cJSON_CreateArray();
			double t0 = diag_now();
			clock_t c0 = clock();
			if (k == 0)
				res = lead_scoring_compute(&ctx, ds[PROJECT_OPPORTUNITIES]->table, params);
			else if (k == 1)
				res = churn_compute(&ctx, ds[PROJECT_CUSTOMERS]->table, params);
			else if (k == 2)
				res = retention_compute(&ctx, ds[PROJECT_CUSTOMERS]->table, NULL, params);
			else
				res = drivers_compute(&ctx, params);
			cpu[run] = (double)(clock() - c0) / CLOCKS_PER_SEC;
			secs[run] = diag_now() - t0;
			ok = ok && res;
			cJSON_Delete(ctx.results);
			cJSON_Delete(ctx.notes);
			arena_finish(&ra);
		}
		qsort(secs, RUNS, sizeof secs[0], cmp_double);
		qsort(cpu, RUNS, sizeof cpu[0], cmp_double);
		printf("%-13s %s: median %.3f s wall, %.3f s cpu%s\n", names[k], dir, secs[RUNS / 2],
		       cpu[RUNS / 2], ok ? "" : " (skipped: see notes)");
	}
	project_finish(p);
	arena_finish(&a);
	return 0;
}
