/* SPDX-License-Identifier: MIT
 * bench_briefing: time to lay out and write the PDF briefing of a report model
 * (argv[1], default the hand-made tests/data/briefing/model-en.json; bench_briefing.sh
 * passes the results.json of the M bench data). Prints the median wall and CPU time of 5
 * runs next to the target of 0.3 s (CPU time is the fair figure on a busy machine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "base/diag.h"
#include "render/briefing.h"
#include "testutil.h"

enum { RUNS = 5 };

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "tests/data/briefing/model-en.json";
	char out[] = "/tmp/bench-briefing-XXXXXX";
	double t[RUNS], cpu[RUNS];
	size_t size = 0;
	char *text = test_read_file(path, NULL);
	cJSON *m = text ? cJSON_Parse(text) : NULL;
	int fd;
	free(text);
	if (!m) {
		fprintf(stderr, "bench_briefing: cannot read a report model from '%s'\n", path);
		return 1;
	}
	fd = mkstemp(out);
	if (fd < 0)
		return 1;
	close(fd);
	for (int i = 0; i < RUNS; i++) {
		struct diag d;
		double t0;
		clock_t c0;
		diag_init(&d);
		t0 = diag_now();
		c0 = clock();
		if (briefing_write(m, NULL, out, &d) != 0) {
			remove(out);
			return 1;
		}
		t[i] = diag_now() - t0;
		cpu[i] = (double)(clock() - c0) / CLOCKS_PER_SEC;
	}
	free(test_read_file(out, &size));
	remove(out);
	qsort(t, RUNS, sizeof t[0], cmp);
	qsort(cpu, RUNS, sizeof cpu[0], cmp);
	printf("%-40s wall %6.3f s  cpu %6.3f s  (target <= 0.300 s)  %zu bytes\n", path, t[RUNS / 2],
	       cpu[RUNS / 2], size);
	cJSON_Delete(m);
	return cpu[RUNS / 2] <= 0.3 ? 0 : 1;
}
