/* SPDX-License-Identifier: MIT
 * bench_stats: timings of the statistics core (src/stats) on seeded synthetic data,
 * median of 5 runs next to the target: k-means k=2..8 with n_init 10 on 100,000 x 3,
 * silhouette on a 10,000-row sample per k, logistic regression on 1,000,000 x 20. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/rng.h"
#include "stats/kmeans.h"
#include "stats/logreg.h"

#define RUNS 5

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median(double *t)
{
	qsort(t, RUNS, sizeof *t, cmp_d);
	return t[RUNS / 2];
}

/* process CPU seconds (all threads): shows the work when the machine is shared */
static double
cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void
report(const char *what, double secs, double cpu, double target)
{
	printf("%-48s %7.3f s wall, %7.3f s cpu  (target <= %.3f s)  %s\n", what, secs, cpu,
	       target, secs <= target ? "ok" : "SLOW");
}

static int
want(int argc, char **argv, const char *what)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], what))
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct rng r;
	rng_seed(&r, 2024);

	/* k-means data: 5 gaussian blobs in 3-d */
	size_t n = 100000, d = 3;
	double *x = xmalloc(n * d * sizeof *x);
	for (size_t i = 0; i < n; i++) {
		size_t c = rng_below(&r, 5);
		for (size_t j = 0; j < d; j++)
			x[i * d + j] = 3.0 * (double)((c * (j + 2)) % 5) + rng_normal(&r);
	}
	double tk[RUNS], ts[RUNS], ck[RUNS], cs[RUNS], inertia8 = 0, sil = 0;
	for (int run = 0; run < RUNS && want(argc, argv, "kmeans"); run++) {
		double t0 = diag_now(), c0 = cpu_now(), st = 0, sc = 0;
		for (int k = 2; k <= 8; k++) {
			struct kmeans_opts o;
			kmeans_opts_default(&o);
			o.k = k;
			o.seed = 1;
			struct kmeans_result res;
			kmeans_fit(&res, x, n, d, &o);
			if (k == 8)
				inertia8 = res.inertia;
			double s0 = diag_now(), sc0 = cpu_now();
			sil = kmeans_silhouette(x, n, d, res.labels, k, 10000, 7, 0);
			st += diag_now() - s0;
			sc += cpu_now() - sc0;
			kmeans_finish(&res);
		}
		ts[run] = st / 7;
		cs[run] = sc / 7;
		tk[run] = diag_now() - t0 - st;
		ck[run] = cpu_now() - c0 - sc;
	}
	if (want(argc, argv, "kmeans")) {
		report("kmeans k=2..8, n_init 10, 100000 x 3 (total)", median(tk), median(ck), 1.0);
		report("silhouette, 10000-row sample (per k)", median(ts), median(cs), 0.1);
		printf("  (k=8 inertia %.4f, silhouette %.4f)\n", inertia8, sil);
	}
	free(x);

	/* logistic regression: 1e6 x 20 (intercept + 19 gaussian features) */
	n = 1000000;
	size_t p = 20;
	x = xmalloc(n * p * sizeof *x);
	int *y = xmalloc(n * sizeof *y);
	for (size_t i = 0; i < n; i++) {
		double eta = -1;
		x[i * p] = 1;
		for (size_t j = 1; j < p; j++) {
			x[i * p + j] = rng_normal(&r);
			eta += (j % 3 == 0 ? 0.4 : -0.1) * x[i * p + j];
		}
		y[i] = rng_uniform(&r) < 1 / (1 + exp(-eta));
	}
	double tl[RUNS], cl[RUNS];
	int iters = 0, status = 0;
	for (int run = 0; run < RUNS && want(argc, argv, "logreg"); run++) {
		double t0 = diag_now(), c0 = cpu_now();
		struct logreg_fit f;
		logreg_fit(&f, x, n, p, y, NULL);
		tl[run] = diag_now() - t0;
		cl[run] = cpu_now() - c0;
		iters = f.iterations;
		status = f.status;
		logreg_finish(&f);
	}
	if (want(argc, argv, "logreg")) {
		report("logistic regression 1000000 x 20", median(tl), median(cl), 1.0);
		printf("  (%d Newton iterations, status %d)\n", iters, status);
	}
	free(x);
	free(y);
	return 0;
}
