/* SPDX-License-Identifier: MIT
 * bench_tmpl: renders a 10,000-row, 8-cell HTML table (text needing escaping,
 * integers and decimals) through tmpl and prints the output rate in MB/s, the
 * median of 5 runs, next to the target of 100 MB/s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/rng.h"
#include "render/tmpl.h"

enum { ROWS = 10000, RUNS = 5 };

static const char tpl[] =
	"<table>\n"
	"{{#rows}}\n"
	"  <tr><td>{{id}}</td><td>{{name}}</td><td>{{email}}</td><td>{{city}}</td>"
	"<td>{{segment}}</td><td>{{revenue}}</td><td>{{share}}</td><td>{{#active}}yes{{/active}}{{^active}}no{{/active}}</td></tr>\n"
	"{{/rows}}\n"
	"</table>\n";

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(void)
{
	static const char *const names[] = { "Smith & Sons", "O'Brien <Ltd>", "Acme \"Global\"",
	                                     "Müller GmbH", "Zhang Wei Trading", "Nordic Fish AS" };
	static const char *const cities[] = { "London", "Paris", "Berlin", "上海", "New York" };
	static const char *const segs[] = { "enterprise", "mid-market", "smb" };
	struct rng r;
	struct diag d;
	struct buf out;
	double rate[RUNS];
	char tmp[64];

	rng_seed(&r, 42);
	diag_init(&d);
	buf_init(&out);
	cJSON *root = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(root, "rows");
	for (int i = 0; i < ROWS; i++) {
		cJSON *row = cJSON_CreateObject();
		cJSON_AddNumberToObject(row, "id", 100000 + i);
		cJSON_AddStringToObject(row, "name", names[rng_below(&r, 6)]);
		snprintf(tmp, sizeof tmp, "contact%d@example.com", i);
		cJSON_AddStringToObject(row, "email", tmp);
		cJSON_AddStringToObject(row, "city", cities[rng_below(&r, 5)]);
		cJSON_AddStringToObject(row, "segment", segs[rng_below(&r, 3)]);
		cJSON_AddNumberToObject(row, "revenue", (double)rng_below(&r, 10000000) / 100.0);
		cJSON_AddNumberToObject(row, "share", (double)rng_below(&r, 1000) / 10.0);
		cJSON_AddBoolToObject(row, "active", rng_below(&r, 2) != 0);
		cJSON_AddItemToArray(rows, row);
	}
	struct tmpl *t = tmpl_compile("bench", tpl, sizeof tpl - 1, NULL, &d);
	if (!t)
		return 1;
	if (tmpl_render(t, root, &out, &d) != 0)   /* warm-up: grows out once */
		return 1;
	for (int k = 0; k < RUNS; k++) {
		buf_reset(&out);
		double t0 = diag_now();
		if (tmpl_render(t, root, &out, &d) != 0)
			return 1;
		rate[k] = (double)out.len / 1e6 / (diag_now() - t0);
	}
	qsort(rate, RUNS, sizeof *rate, cmp_double);
	printf("tmpl: %d-row x 8-cell table, %.2f MB per render: %.0f MB/s (median of %d; min %.0f, max %.0f)  target >= 100 MB/s\n",
	       ROWS, (double)out.len / 1e6, rate[RUNS / 2], RUNS, rate[0], rate[RUNS - 1]);
	tmpl_destroy(t);
	cJSON_Delete(root);
	buf_release(&out);
	return 0;
}
