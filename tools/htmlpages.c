/* SPDX-License-Identifier: MIT
 * htmlpages: renders the dashboard pages from a results.json without running the
 * analyses, for golden tests, browser tests, theme work and timing.
 *   htmlpages MODEL.json OUTDIR [--theme NAME|DIR] [--project-dir DIR] [--csv] [--runs N]
 * With --runs N it renders N times and prints the median time of html_write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "model/i18n.h"
#include "model/results.h"
#include "render/html.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct html_opts o;
	struct diag d;
	struct buf text;
	cJSON *model;
	FILE *f;
	char tmp[8192];
	size_t n;
	int runs = 1, rc = 0;
	double times[101], cpu[101];
	memset(&o, 0, sizeof o);
	diag_init(&d);
	if (argc < 3) {
		fprintf(stderr, "usage: htmlpages MODEL.json OUTDIR [--theme T] [--project-dir DIR] [--csv] [--runs N]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--theme") && i + 1 < argc)
			o.theme = argv[++i];
		else if (!strcmp(argv[i], "--project-dir") && i + 1 < argc)
			o.project_dir = argv[++i];
		else if (!strcmp(argv[i], "--csv"))
			o.csv_links = 1;
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else {
			fprintf(stderr, "htmlpages: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (runs < 1 || runs > 101)
		runs = 1;
	buf_init(&text);
	if (!(f = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 3;
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&text, tmp, n);
	fclose(f);
	model = cJSON_ParseWithLength(buf_str(&text), text.len);
	buf_release(&text);
	if (!model) {
		fprintf(stderr, "htmlpages: %s: not valid JSON\n", argv[1]);
		return 1;
	}
	if (!cJSON_GetObjectItemCaseSensitive(model, "labels"))
		i18n_add_labels(model, results_locale(model));
	for (int r = 0; r < runs && rc == 0; r++) {
		double t0 = diag_now(), c0 = cpu_now();
		rc = html_write(model, NULL, &o, argv[2], &d);
		times[r] = diag_now() - t0;
		cpu[r] = cpu_now() - c0;
	}
	if (rc == 0 && runs > 1) {
		qsort(times, (size_t)runs, sizeof times[0], cmp);
		qsort(cpu, (size_t)runs, sizeof cpu[0], cmp);
		printf("html_write: %d pages, median of %d runs: %.1f ms wall, %.1f ms CPU (target 100 ms)\n",
		       (int)html_npages, runs, times[runs / 2] * 1000, cpu[runs / 2] * 1000);
	}
	cJSON_Delete(model);
	return rc;
}
