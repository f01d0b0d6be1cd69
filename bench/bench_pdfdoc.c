/* SPDX-License-Identifier: MIT
 * bench_pdfdoc: time to lay out and write a briefing-sized PDF with the pdfdoc engine:
 * headings, paragraphs, 10 figure boxes and 3 tables of 500 rows (Latin and CJK
 * cells), saved to a temporary file. Prints the median of 5 runs next to the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "render/pdfdoc.h"

enum { RUNS = 5, TABLES = 3, ROWS = 500, FIGURES = 10 };

static void
bars(void *ctx, HPDF_Doc pdf, HPDF_Page page, double x, double y, double w, double h,
     double page_h)
{
	(void)ctx;
	(void)pdf;
	for (int i = 0; i < 24; i++) {
		double bh = (h - 10) * (0.2 + 0.8 * ((i * 37) % 100) / 100.0);
		HPDF_Page_SetRGBFill(page, 0.12f, 0.3f, 0.5f);
		HPDF_Page_Rectangle(page, (float)(x + w / 24 * i + 2), (float)(page_h - y - h),
		                    (float)(w / 24 - 4), (float)bh);
		HPDF_Page_Fill(page);
	}
}

static size_t
build(const char *path, int *status)
{
	struct diag d;
	struct arena a;
	diag_init(&d);
	arena_init(&a);
	struct pdfdoc_options o = { 0 };
	o.title = "Weekly BD Report 周报";
	o.locale = LOCALE_EN;
	struct pdfdoc *doc = pdfdoc_create(&o, &d);
	static const struct pdfdoc_col cols[] = {
		{ "Account", 0, PDFDOC_LEFT, 0 }, { "Region", 0, PDFDOC_LEFT, 0 },
		{ "Revenue", 0.15, PDFDOC_RIGHT, 1 }, { "Change", 0.12, PDFDOC_RIGHT, 1 },
		{ "Comment", 0.35, PDFDOC_LEFT, 0 },
	};
	const char **cells = arena_calloc(&a, ROWS * 5, sizeof *cells);
	for (int r = 0; r < ROWS; r++) {
		cells[r * 5] = arena_printf(&a, "Account %04d", r);
		cells[r * 5 + 1] = r % 2 ? "EMEA" : "华东";
		cells[r * 5 + 2] = arena_printf(&a, "%d,%03d", r * 13, r * 7 % 1000);
		cells[r * 5 + 3] = arena_printf(&a, "%+.1f%%", (r % 21 - 10) * 0.7);
		cells[r * 5 + 4] = r % 5 ? "steady" : "renewal at risk: executive visit this quarter";
	}
	struct pdfdoc_table t = { cols, 5, cells, ROWS, NULL, 1, 0, 0 };
	for (int f = 0; f < FIGURES; f++) {
		pdfdoc_heading(doc, 1, "Section with a chart");
		pdfdoc_paragraph(doc, "Revenue kept growing this week, with EMEA and APAC ahead of "
		                      "plan; 本周营业收入继续增长，华东地区表现突出。", NULL);
		pdfdoc_figure(doc, 160, "Figure: weekly revenue", bars, NULL);
		if (f % 3 == 2 && f / 3 < TABLES) {
			pdfdoc_heading(doc, 2, "Accounts");
			pdfdoc_table(doc, &t);
		}
	}
	size_t pages = pdfdoc_page_count(doc);
	*status = pdfdoc_save(doc, path);
	pdfdoc_destroy(doc);
	arena_finish(&a);
	return pages;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

int
main(void)
{
	char path[256];
	double t[RUNS];
	size_t pages = 0;
	int st = 0;
	snprintf(path, sizeof path, "%s/bench_pdfdoc-%ld.pdf",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	for (int i = 0; i < RUNS; i++) {
		double t0 = diag_now();
		pages = build(path, &st);
		t[i] = diag_now() - t0;
		if (st != 0) {
			fprintf(stderr, "bench_pdfdoc: save failed (status %d)\n", st);
			return 1;
		}
	}
	FILE *f = fopen(path, "rb");
	long size = 0;
	if (f) {
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
	}
	remove(path);
	qsort(t, RUNS, sizeof t[0], cmp_double);
	printf("pdfdoc: %zu pages, %d tables x %d rows, %d figures, %ld bytes\n",
	       pages, TABLES, ROWS, FIGURES, size);
	printf("  median of %d runs: %.3f s (min %.3f, max %.3f); target for the whole briefing: 0.3 s\n",
	       RUNS, t[RUNS / 2], t[0], t[RUNS - 1]);
	return 0;
}
