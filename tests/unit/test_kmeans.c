/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/kmeans: the RFM features of
 * data/online_retail (log1p, z-scored with population std) clustered for
 * k = 2..8 and compared with scikit-learn's inertia (1%), silhouette and
 * Davies–Bouldin (2% where inertia agrees to 0.1%); silhouette against a brute-force
 * O(n²) loop; seeding/thread invariance; empty and degenerate inputs. */
#include "testutil.h"

#include <cJSON.h>

#include "base/arena.h"
#include "base/rng.h"
#include "stats/kmeans.h"

static double *
load_rfm(size_t *n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/online_retail/rfm_per_customer.csv", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	assert_non_null(txt);
	size_t cap = 1024, m = 0;
	double *x = xmalloc(cap * 3 * sizeof *x);
	char *save = NULL, *line = strtok_r(txt, "\r\n", &save);
	assert_non_null(strstr(line, "CustomerID,recency,frequency,monetary"));
	long prev = -1;
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		if (m == cap)
			x = xrealloc(x, (cap *= 2) * 3 * sizeof *x);
		char *s = line, *e;
		long id = strtol(s, &e, 10);
		assert_true(id > prev);   /* ordered by CustomerID, as the reference */
		prev = id;
		for (int j = 0; j < 3; j++) {
			s = e + 1;
			x[m * 3 + j] = log1p(strtod(s, &e));
			assert_true(e != s);
		}
		m++;
	}
	free(txt);
	*n = m;
	return x;
}

static cJSON *
load_ref(char **txt)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/online_retail/reference.json", test_repo_dir());
	*txt = test_read_file(path, NULL);
	assert_non_null(*txt);
	cJSON *root = cJSON_Parse(*txt);
	assert_non_null(root);
	return root;
}

static void
test_rfm_against_sklearn(void **state)
{
	(void)state;
	size_t n;
	double *x = load_rfm(&n);
	char *txt;
	cJSON *root = load_ref(&txt);
	const cJSON *km = cJSON_GetObjectItem(root, "kmeans");
	const cJSON *means = cJSON_GetObjectItem(km, "feature_means_log1p");
	const cJSON *sds = cJSON_GetObjectItem(km, "feature_std_log1p_ddof0");
	for (int j = 0; j < 3; j++) {
		double s = 0, ss = 0;
		for (size_t i = 0; i < n; i++)
			s += x[i * 3 + j];
		double mu = s / (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (x[i * 3 + j] - mu) * (x[i * 3 + j] - mu);
		double sd = sqrt(ss / (double)n);
		assert_close_rel(mu, cJSON_GetArrayItem(means, j)->valuedouble, 1e-10);
		assert_close_rel(sd, cJSON_GetArrayItem(sds, j)->valuedouble, 1e-10);
		for (size_t i = 0; i < n; i++)
			x[i * 3 + j] = (x[i * 3 + j] - mu) / sd;
	}
	const cJSON *byk = cJSON_GetObjectItem(km, "by_k"), *e;
	int ks = 0, close_ones = 0;
	cJSON_ArrayForEach(e, byk) {
		int k = atoi(e->string);
		const cJSON *ref = cJSON_GetObjectItem(e, "n_init_10");
		double ri = cJSON_GetObjectItem(ref, "inertia")->valuedouble;
		struct kmeans_opts o;
		kmeans_opts_default(&o);
		o.k = k;
		o.seed = 0;
		struct kmeans_result r;
		kmeans_fit(&r, x, n, 3, &o);
		double rel = (r.inertia - ri) / ri;
		print_message("k=%d inertia %.6f sklearn %.6f (%+.4f%%) iter %d\n", k, r.inertia, ri,
		              100 * rel, r.n_iter);
		assert_close_rel(r.inertia, ri, 0.01);
		assert_true(r.converged);
		size_t tot = 0;
		for (int c = 0; c < k; c++)
			tot += r.sizes[c];
		assert_int_equal(tot, n);
		double sil = kmeans_silhouette(x, n, 3, r.labels, k, 0, 1, 0);
		double db = kmeans_davies_bouldin(x, n, 3, r.labels, k);
		if (fabs(rel) <= 0.001) {
			assert_close_rel(sil, cJSON_GetObjectItem(ref, "silhouette")->valuedouble, 0.02);
			assert_close_rel(db, cJSON_GetObjectItem(ref, "davies_bouldin")->valuedouble, 0.02);
			close_ones++;
		}
		kmeans_finish(&r);
		ks++;
	}
	assert_int_equal(ks, 7);
	assert_true(close_ones >= 1);
	cJSON_Delete(root);
	free(txt);
	free(x);
}

static double
sil_brute(const double *x, size_t n, size_t d, const int *lab, int k)
{
	double tot = 0;
	double *sum = xmalloc((size_t)k * sizeof *sum);
	size_t *cnt = xcalloc((size_t)k, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[lab[i]]++;
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < k; c++)
			sum[c] = 0;
		for (size_t j = 0; j < n; j++) {
			double s = 0;
			for (size_t t = 0; t < d; t++)
				s += (x[i * d + t] - x[j * d + t]) * (x[i * d + t] - x[j * d + t]);
			sum[lab[j]] += sqrt(s);
		}
		if (cnt[lab[i]] == 1)
			continue;
		double a = sum[lab[i]] / (double)(cnt[lab[i]] - 1), b = INFINITY;
		for (int c = 0; c < k; c++)
			if (c != lab[i] && cnt[c] && sum[c] / (double)cnt[c] < b)
				b = sum[c] / (double)cnt[c];
		tot += (b - a) / (a > b ? a : b);
	}
	free(sum);
	free(cnt);
	return tot / (double)n;
}

static double *
blobs(size_t n, size_t d, int k, uint64_t seed, int *truth)
{
	struct rng r;
	rng_seed(&r, seed);
	double *x = xmalloc(n * d * sizeof *x);
	for (size_t i = 0; i < n; i++) {
		int c = (int)(i % (size_t)k);
		if (truth)
			truth[i] = c;
		for (size_t j = 0; j < d; j++)
			x[i * d + j] = 10.0 * c * (j == 0 ? 1 : -0.5) + rng_normal(&r);
	}
	return x;
}

static void
test_blobs_threads_and_silhouette(void **state)
{
	(void)state;
	size_t n = 3000, d = 3;
	int truth[3000];
	double *x = blobs(n, d, 4, 5, truth);
	struct kmeans_opts o;
	kmeans_opts_default(&o);
	o.k = 4;
	o.seed = 11;
	o.threads = 1;
	struct kmeans_result a, b;
	kmeans_fit(&a, x, n, d, &o);
	o.threads = 4;
	kmeans_fit(&b, x, n, d, &o);
	assert_true(a.inertia == b.inertia);
	assert_int_equal(a.best_init, b.best_init);
	assert_memory_equal(a.labels, b.labels, n * sizeof *a.labels);
	/* recovers the blobs: each true blob maps to one cluster */
	int map[4] = { -1, -1, -1, -1 };
	for (size_t i = 0; i < n; i++) {
		if (map[truth[i]] < 0)
			map[truth[i]] = a.labels[i];
		assert_int_equal(a.labels[i], map[truth[i]]);
	}
	/* inertia equals the sum of squared distances to the reported centres */
	double in = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++) {
			double t = x[i * d + j] - a.centers[(size_t)a.labels[i] * d + j];
			in += t * t;
		}
	assert_close_rel(a.inertia, in, 1e-12);

	double s1 = kmeans_silhouette(x, n, d, a.labels, 4, 0, 0, 1);
	double s2 = kmeans_silhouette(x, n, d, a.labels, 4, 0, 0, 3);
	assert_true(s1 == s2);
	/* distances are summed from float SIMD square roots: ~1e-7 relative */
	assert_close_rel(s1, sil_brute(x, n, d, a.labels, 4), 1e-6);
	assert_true(s1 > 0.7);
	/* sampled: deterministic for a seed, close to the exact value */
	double ss1 = kmeans_silhouette(x, n, d, a.labels, 4, 1000, 3, 0);
	double ss2 = kmeans_silhouette(x, n, d, a.labels, 4, 1000, 3, 2);
	assert_true(ss1 == ss2);
	assert_close_rel(ss1, s1, 0.02);
	kmeans_finish(&a);
	kmeans_finish(&b);
	kmeans_finish(NULL);
	free(x);
}

static void
test_davies_bouldin_by_hand(void **state)
{
	(void)state;
	/* two clusters on a line: {0, 2} and {10, 14} -> centroids 1, 12; s = 1, 2;
	 * DB = (1 + 2) / 11 for both clusters */
	double x[4] = { 0, 2, 10, 14 };
	int lab[4] = { 0, 0, 1, 1 };
	assert_close_rel(kmeans_davies_bouldin(x, 4, 1, lab, 2), 3.0 / 11.0, 1e-15);
	/* silhouette by hand: point 0: a = 2, b = (10+14)/2 = 12 -> 10/12 */
	double s0 = 10.0 / 12, s1 = (10.0 - 2) / 10, s2 = (9.0 - 4) / 9, s3 = (13.0 - 4) / 13;
	assert_close_rel(kmeans_silhouette(x, 4, 1, lab, 2, 0, 0, 1), (s0 + s1 + s2 + s3) / 4, 1e-15);
	int one[4] = { 0, 0, 0, 0 };
	assert_true(isnan(kmeans_silhouette(x, 4, 1, one, 2, 0, 0, 1)));
	assert_true(isnan(kmeans_davies_bouldin(x, 4, 1, one, 2)));
}

static void
test_degenerate(void **state)
{
	(void)state;
	/* duplicate points, k larger than the distinct values */
	double x[6] = { 1, 1, 1, 5, 5, 5 };
	struct kmeans_opts o;
	kmeans_opts_default(&o);
	o.k = 3;
	struct kmeans_result r;
	kmeans_fit(&r, x, 6, 1, &o);
	assert_close_abs(r.inertia, 0, 1e-12);
	kmeans_finish(&r);
	o.k = 50;   /* clamped to n */
	kmeans_fit(&r, x, 6, 1, &o);
	assert_int_equal(r.k, 6);
	kmeans_finish(&r);
	kmeans_fit(&r, x, 0, 1, &o);
	assert_int_equal(r.k, 0);
	assert_true(isnan(r.inertia));
	kmeans_finish(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfm_against_sklearn),
		cmocka_unit_test(test_blobs_threads_and_silhouette),
		cmocka_unit_test(test_davies_bouldin_by_hand),
		cmocka_unit_test(test_degenerate),
	};
	return cmocka_run_group_tests_name("kmeans", tests, NULL, NULL);
}
