/* SPDX-License-Identifier: MIT
 * bench_customers: the customer analyses on the generated M data (bench/data.sh):
 * custagg_get (the aggregation of the orders and the customers row map) (target ~20 ms for 1M rows), then rfm, lifecycle,
 * clv, health, segmentation and market one by one; median of 5 runs each.
 *   build/bench/bench_customers [DATADIR]      (default bench/data/M) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/clv.h"
#include "analysis/custagg.h"
#include "analysis/health.h"
#include "analysis/lifecycle.h"
#include "analysis/market.h"
#include "analysis/rfm.h"
#include "analysis/segmentation.h"
#include "ingest/dataset.h"
#include "model/results.h"

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double
median5(double *t)
{
	qsort(t, 5, sizeof *t, cmp_d);
	return t[2];
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "bench/data/M";
	static const char text[] =
		"{\"title\": \"bench\", \"as_of\": \"latest\", \"datasets\": {\n"
		" \"orders\": {\"path\": \"orders.csv\", \"columns\": {\"customer\": \"customer_id\", "
		"\"date\": \"order_date\", \"order\": \"order_id\"}},\n"
		" \"customers\": {\"path\": \"customers.csv\", \"columns\": {\"id\": \"customer_id\"}},\n"
		" \"opportunities\": {\"path\": \"opportunities.csv\", \"columns\": {\"id\": \"opp_id\"}}}}\n";
	static const char *const names[] = { "custagg_get", "rfm", "lifecycle", "clv", "health",
	                                     "segmentation", "market" };
	typedef cJSON *(*run_fn)(struct analysis_ctx *, const cJSON *);
	static const run_fn runs[] = { NULL, rfm_run, lifecycle_run, clv_run, health_run, segmentation_run, market_run };
	struct arena a;
	struct diag d;
	struct project *p;
	struct dataset *ds[PROJECT_NROLES];
	char *file;
	double as_of, t[7][5], u[7][5], total = 0, utotal = 0;
	arena_init(&a);
	diag_init(&d);
	d.quiet = 1;
	file = arena_printf(&a, "%s/bench.json", dir);
	p = project_parse(&a, file, text, sizeof text - 1, &d);
	if (!p || dataset_load_all(&a, p, dataset_read, ds, &d) != 0) {
		fprintf(stderr, "bench_customers: cannot load %s (run: sh bench/data.sh M)\n", dir);
		return 0;
	}
	if (dataset_as_of(p->as_of_kind, p->as_of, ds, &as_of) != 0)
		as_of = 0;
	for (int rep = 0; rep < 5; rep++) {
		struct analysis_ctx ctx;
		memset(&ctx, 0, sizeof ctx);
		ctx.a = &a;
		ctx.project = p;
		ctx.datasets = ds;
		ctx.as_of = as_of;
		ctx.results = cJSON_CreateObject();
		ctx.notes = cJSON_CreateArray();
		for (int k = 0; k < 7; k++) {
			double t0 = diag_now(), c0 = cpu_now();
			if (k == 0) {
				custagg_get(&ctx);      /* the build, plus the customers row map */
			} else {
				cJSON *o = runs[k](&ctx, NULL);
				cJSON_Delete(o);
			}
			t[k][rep] = diag_now() - t0;
			u[k][rep] = cpu_now() - c0;
		}
		cJSON_Delete(ctx.results);
		cJSON_Delete(ctx.notes);
	}
	printf("%zu order rows, %zu customers rows (median of 5)\n", ds[PROJECT_ORDERS]->table->nrows,
	       ds[PROJECT_CUSTOMERS]->table->nrows);
	printf("%-15s %10s %10s  %s\n", "step", "wall ms", "cpu ms", "target (wall)");
	for (int k = 0; k < 7; k++) {
		double m = median5(t[k]), c = median5(u[k]);
		total += m;
		utotal += c;
		printf("%-15s %10.1f %10.1f  %s\n", names[k], 1e3 * m, 1e3 * c, k == 0 ? "~20 ms for 1M rows" : "");
	}
	printf("%-15s %10.1f %10.1f  %s\n", "total", 1e3 * total, 1e3 * utotal, "well under 1000 ms on M");
	project_finish(p);
	arena_finish(&a);
	return 0;
}
