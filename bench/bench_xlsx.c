/* SPDX-License-Identifier: MIT
 * bench_xlsx: Excel ingestion speed (issue 19). Writes a 1M-cell sheet (100,000 rows
 * x 10 columns: text ids and names as shared strings, dates with a date format,
 * numbers) with libxlsxwriter, then reads it with ingest_read 5 times and prints the
 * median. Target: a 1M-cell sheet loads in under a second.
 * Usage: bench_xlsx [FILE]        loads FILE instead
 *        bench_xlsx --gen FILE   only writes the workbook */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/rng.h"
#include "ingest/ingest.h"

#define NROWS 100000
#define NCOLS 10

static void
generate(const char *path)
{
	static const char *const regions[] = { "North", "South", "East", "West", "Central" };
	static const char *const head[NCOLS] = { "order_id", "customer_id", "order_date", "amount",
		"product", "quantity", "region", "discount", "ship_date", "margin" };
	lxw_workbook_options wo;
	memset(&wo, 0, sizeof wo);
	wo.constant_memory = LXW_TRUE;
	lxw_workbook *wb = workbook_new_opt(path, &wo);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Orders");
	lxw_format *date = workbook_add_format(wb);
	struct rng r;
	char s[32];
	format_set_num_format(date, "yyyy-mm-dd");
	rng_seed(&r, 19);
	for (int c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	for (lxw_row_t i = 1; i <= NROWS; i++) {
		double day = 45000 + (double)(i * 1000 / NROWS);
		snprintf(s, sizeof s, "SO-%07u", (unsigned)i);
		worksheet_write_string(ws, i, 0, s, NULL);
		snprintf(s, sizeof s, "C%05u", (unsigned)rng_below(&r, 20000));
		worksheet_write_string(ws, i, 1, s, NULL);
		worksheet_write_number(ws, i, 2, day, date);
		worksheet_write_number(ws, i, 3, (double)rng_below(&r, 1000000) / 100, NULL);
		snprintf(s, sizeof s, "Product %u", (unsigned)rng_below(&r, 50));
		worksheet_write_string(ws, i, 4, s, NULL);
		worksheet_write_number(ws, i, 5, (double)(1 + rng_below(&r, 20)), NULL);
		worksheet_write_string(ws, i, 6, regions[rng_below(&r, 5)], NULL);
		worksheet_write_number(ws, i, 7, (double)rng_below(&r, 30) / 100, NULL);
		worksheet_write_number(ws, i, 8, day + (double)rng_below(&r, 10), date);
		worksheet_write_number(ws, i, 9, (double)rng_below(&r, 10000) / 100, NULL);
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "bench_xlsx: cannot write %s\n", path);
		exit(3);
	}
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/bench_xlsx-XXXXXX.xlsx";
	const char *path = argc > 1 ? argv[1] : tmp;
	double t[5], cpu[5];
	size_t cells = 0;
	if (argc > 2 && !strcmp(argv[1], "--gen")) {
		generate(argv[2]);
		return 0;
	}
	if (argc <= 1) {
		int fd = mkstemps(tmp, 5);
		if (fd < 0) {
			perror("mkstemps");
			return 3;
		}
		close(fd);
		generate(tmp);
	}
	for (int k = 0; k < 5; k++) {
		struct arena a;
		struct diag d;
		struct table *tb;
		double t0;
		clock_t c0;
		arena_init(&a);
		diag_init(&d);
		t0 = diag_now();
		c0 = clock();
		tb = ingest_read(&a, &d, path, NULL, NULL);
		t[k] = diag_now() - t0;
		cpu[k] = (double)(clock() - c0) / CLOCKS_PER_SEC;
		if (!tb) {
			fprintf(stderr, "bench_xlsx: cannot read %s\n", path);
			return 1;
		}
		cells = tb->nrows * tb->ncols;
		arena_finish(&a);
	}
	if (argc <= 1)
		unlink(tmp);
	qsort(t, 5, sizeof t[0], cmp);
	qsort(cpu, 5, sizeof cpu[0], cmp);
	printf("xlsx load: %zu cells, median of 5: %.3f s wall, %.3f s CPU (%.2f M cells/s); "
	       "target < 1 s for 1M cells\n", cells, t[2], cpu[2], (double)cells / t[2] / 1e6);
	return 0;
}
