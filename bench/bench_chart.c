/* SPDX-License-Identifier: MIT
 * bench_chart: draws 15 charts of realistic size (52-week lines, 20-bar charts, a
 * 1,000-point scatter, a Kaplan–Meier step with 70 steps, ...) to SVG with chart_svg
 * and prints the median of 5 runs against the 20 ms target. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>

#include <cJSON.h>

#include "base/diag.h"
#include "base/rng.h"
#include "render/chart.h"

#define NCHARTS 15

static cJSON *
series_values(cJSON *spec, const char *name, const double *v, int n)
{
	cJSON *ser = cJSON_GetObjectItem(spec, "series");
	if (!ser)
		ser = cJSON_AddArrayToObject(spec, "series");
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", name);
	cJSON_AddItemToObject(s, "values", cJSON_CreateDoubleArray(v, n));
	cJSON_AddItemToArray(ser, s);
	return s;
}

static cJSON *
points(const double *x, const double *y, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		double p[2] = { x[i], y[i] };
		cJSON_AddItemToArray(a, cJSON_CreateDoubleArray(p, 2));
	}
	return a;
}

static cJSON *
make_spec(int k, struct rng *r)
{
	static const char *const types[NCHARTS] = { "line", "line", "bar", "bar", "hbar", "scatter",
		"step", "band", "heatmap", "donut", "funnel", "sparkline", "roc", "bubble", "bar" };
	cJSON *spec = cJSON_CreateObject();
	double v[1000], x[1000], lo[1000], hi[1000];
	char name[32];
	cJSON_AddStringToObject(spec, "type", types[k]);
	snprintf(name, sizeof name, "Chart %d", k);
	cJSON_AddStringToObject(spec, "title", name);
	cJSON *xa = cJSON_AddObjectToObject(spec, "x"), *cats = cJSON_AddArrayToObject(xa, "categories");
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Account %02d", i);
		cJSON_AddItemToArray(cats, cJSON_CreateString(name));
	}
	cJSON *ya = cJSON_AddObjectToObject(spec, "y");
	cJSON_AddStringToObject(ya, "format", "compact");
	switch (k) {
	case 0: case 1:                                     /* 52 weeks, 2-3 series */
		for (int s = 0; s < 2 + k; s++) {
			for (int i = 0; i < 52; i++)
				v[i] = 50000 + 900 * i + 8000 * rng_normal(r);
			series_values(spec, s ? "Target" : "Revenue", v, 52);
		}
		break;
	case 2: case 3: case 4: case 14:                    /* 20 bars, grouped or stacked */
		if (k == 3)
			cJSON_AddTrueToObject(spec, "stacked");
		for (int s = 0; s < (k == 4 ? 1 : 3); s++) {
			for (int i = 0; i < 20; i++)
				v[i] = (k == 4 ? -1 : 0) * 50 + 100 * rng_uniform(r);
			series_values(spec, "s", v, 20);
		}
		break;
	case 5: {                                           /* 1,000-point scatter, 3 groups */
		cJSON_AddTrueToObject(spec, "fit");
		for (int g = 0; g < 3; g++) {
			for (int i = 0; i < 334; i++) {
				x[i] = 10 * rng_uniform(r);
				v[i] = 2 * x[i] + g + rng_normal(r);
			}
			cJSON *s = cJSON_CreateObject();
			cJSON_AddStringToObject(s, "name", g == 0 ? "SMB" : g == 1 ? "Mid" : "Enterprise");
			cJSON_AddItemToObject(s, "points", points(x, v, g == 2 ? 332 : 334));
			cJSON_AddItemToArray(cJSON_GetObjectItem(spec, "series") ? cJSON_GetObjectItem(spec, "series")
			                     : cJSON_AddArrayToObject(spec, "series"), s);
		}
		break;
	}
	case 6: case 7: {                                   /* KM 70 steps / 52-week band */
		int n = k == 6 ? 70 : 52;
		double sv = 1;
		for (int i = 0; i < n; i++) {
			x[i] = i * 1.5;
			sv *= k == 6 ? 0.993 : 1.0;
			v[i] = k == 6 ? sv : 100 + i + 5 * rng_normal(r);
			lo[i] = v[i] - (k == 6 ? 0.02 : 8) - i * 0.001;
			hi[i] = v[i] + (k == 6 ? 0.02 : 8) + i * 0.001;
		}
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", "All");
		cJSON_AddItemToObject(s, "points", points(x, v, n));
		cJSON_AddItemToObject(s, "lower", cJSON_CreateDoubleArray(lo, n));
		cJSON_AddItemToObject(s, "upper", cJSON_CreateDoubleArray(hi, n));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "series"), s);
		break;
	}
	case 8: {                                           /* 5 x 5 R x F grid */
		cJSON_DeleteItemFromObject(xa, "categories");
		const char *rf[5] = { "1", "2", "3", "4", "5" };
		cJSON_AddItemToObject(xa, "categories", cJSON_CreateStringArray(rf, 5));
		cJSON_AddItemToObject(ya, "categories", cJSON_CreateStringArray(rf, 5));
		cJSON *rows = cJSON_AddArrayToObject(spec, "values");
		for (int i = 0; i < 5; i++) {
			for (int j = 0; j < 5; j++)
				v[j] = rng_below(r, 500);
			cJSON_AddItemToArray(rows, cJSON_CreateDoubleArray(v, 5));
		}
		break;
	}
	case 9: case 10: case 11: case 12: case 13:
		for (int i = 0; i < 20; i++) {
			x[i] = i / 19.0;
			v[i] = k == 10 ? 1000.0 / (i + 1) : k == 12 ? sqrt(x[i]) : 10 + 90 * rng_uniform(r);
		}
		if (k == 12 || k == 13) {
			cJSON *s = cJSON_CreateObject();
			cJSON *pts = points(x, v, 20);
			if (k == 13)
				for (cJSON *p = pts->child; p; p = p->next)
					cJSON_AddItemToArray(p, cJSON_CreateNumber(100 * rng_uniform(r)));
			cJSON_AddItemToObject(s, "points", pts);
			cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "series"), s);
			if (k == 12)
				cJSON_AddNumberToObject(spec, "auc", 0.81);
		} else {
			series_values(spec, "s", v, k == 9 ? 6 : k == 10 ? 5 : 20);
		}
		break;
	}
	return spec;
}

/* CPU time of the process: the wall clock is noisy on a loaded machine. */
static double
cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(void)
{
	struct rng r;
	struct diag d;
	cJSON *specs[NCHARTS];
	double t[5], cpu[5];
	size_t bytes = 0;
	diag_init(&d);
	rng_seed(&r, 42);
	for (int k = 0; k < NCHARTS; k++)
		specs[k] = make_spec(k, &r);
	{   /* warm-up: loads the fonts once (not part of drawing) */
		struct buf b;
		buf_init(&b);
		chart_svg(specs[0], 600, 300, NULL, &b, &d);
		buf_release(&b);
	}
	for (int run = 0; run < 5; run++) {
		double t0 = diag_now(), c0 = cpu_now();
		bytes = 0;
		for (int k = 0; k < NCHARTS; k++) {
			struct buf b;
			buf_init(&b);
			if (chart_svg(specs[k], k == 11 ? 120 : 600, k == 11 ? 30 : 300, NULL, &b, &d) != 0)
				return 1;
			bytes += b.len;
			buf_release(&b);
		}
		t[run] = diag_now() - t0;
		cpu[run] = cpu_now() - c0;
	}
	qsort(t, 5, sizeof t[0], cmp);
	qsort(cpu, 5, sizeof cpu[0], cmp);
	printf("15 charts to SVG (%zu bytes): median %.2f ms wall, %.2f ms CPU of 5 runs "
	       "(target <= 20 ms)\n", bytes, t[2] * 1e3, cpu[2] * 1e3);
	for (int k = 0; k < NCHARTS; k++)
		cJSON_Delete(specs[k]);
	return t[2] <= 0.020 ? 0 : 1;
}
