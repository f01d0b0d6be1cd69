/* SPDX-License-Identifier: MIT
 * bench_expr: the online-retail filter and amount expression over 10 million rows
 * (DESIGN.md §9 scale); prints the median of 5 runs of each. Target: well under 1 s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/diag.h"
#include "ingest/expr.h"

#define ROWS 10000000u

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(void)
{
	struct arena a;
	struct table *t;
	struct expr_error err;
	struct expr *f, *m;
	unsigned char *keep;
	double tf[5], tm[5];
	char inv[16];
	arena_init(&a);
	t = table_new(&a, "orders", ROWS);
	table_add_column(&a, t, "InvoiceNo", TABLE_TEXT);
	table_add_column(&a, t, "Quantity", TABLE_NUM);
	table_add_column(&a, t, "UnitPrice", TABLE_NUM);
	for (size_t r = 0; r < ROWS; r++) {
		size_t k = r / 20;          /* 20 lines per invoice, 1 in 50 a cancellation */
		int len = snprintf(inv, sizeof inv, "%s%zu", k % 50 == 7 ? "C" : "", 500000 + k % 600000);
		t->cols[0].code[r] = table_intern(&a, &t->cols[0], inv, (size_t)len);
		t->cols[1].num[r] = (double)((r * 7919) % 97) - 3;
		t->cols[2].num[r] = (double)((r * 104729) % 1000) / 100.0;
	}
	f = expr_compile(&a, "not InvoiceNo ~ '^C' and Quantity > 0 and UnitPrice > 0", t, &err);
	m = expr_compile(&a, "Quantity * UnitPrice", t, &err);
	if (!f || !m) {
		fprintf(stderr, "bench_expr: %s\n", err.msg);
		return 1;
	}
	keep = malloc(ROWS);
	for (int i = 0; i < 5; i++) {
		double t0 = diag_now();
		expr_eval_mask(&a, f, t, keep);
		tf[i] = diag_now() - t0;
		t0 = diag_now();
		expr_eval_column(&a, m, t, "amount");
		tm[i] = diag_now() - t0;
		t->ncols = 3;               /* drop the column again */
	}
	qsort(tf, 5, sizeof *tf, cmp);
	qsort(tm, 5, sizeof *tm, cmp);
	printf("bench_expr: filter over %u rows: %.3f s (target < 1 s)\n", ROWS, tf[2]);
	printf("bench_expr: amount expression over %u rows: %.3f s (target < 1 s)\n", ROWS, tm[2]);
	free(keep);
	expr_release(f);
	expr_release(m);
	arena_finish(&a);
	return 0;
}
