/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/cart: the depth-3 Gini tree on the Telco data against
 * sklearn (data/telco_churn/reference.json python.cart_depth3_*: same
 * splits, thresholds, node sizes, class counts, training accuracy), tie-breaking
 * and min_samples_leaf on hand cases, the rules text, and randomized tie-heavy data
 * against a direct grower that sorts inside every node. */
#include "testutil.h"
#include "telco_data.h"

#include "base/rng.h"
#include "stats/cart.h"

/* The test data are written row by row; cart_fit takes columns. */
static void
fit_rows(struct arena *a, const double *x, size_t n, size_t p, const int *y, int nclass,
         const struct cart_options *o, struct cart_tree *out)
{
	double *c = malloc((n * p + 1) * sizeof *c);
	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < p; f++)
			c[f * n + i] = x[i * p + f];
	cart_fit(a, c, n, p, y, nclass, o, out);
	free(c);
}

static cJSON *
reference_py(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/reference.json", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	if (!txt)
		return NULL;
	cJSON *j = cJSON_Parse(txt);
	free(txt);
	return cJSON_GetObjectItem(j, "python") ? j : (cJSON_Delete(j), NULL);
}

/* Design matrix as reference.py: tenure, MonthlyCharges, SeniorCitizen,
 * ContractOrdinal (0/1/2), FiberOptic, PaperlessBilling. */
static size_t
design(const struct telco *t, const char *keep, double *x, int *y)
{
	size_t m = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (keep && !keep[i])
			continue;
		double *r = x + m * 6;
		r[0] = t->tenure[i];
		r[1] = t->monthly[i];
		r[2] = t->senior[i];
		r[3] = t->contract[i];
		r[4] = t->fiber[i];
		r[5] = t->paperless[i];
		y[m++] = t->churn[i];
	}
	return m;
}

static void
compare_tree(const struct cart_tree *tr, const cJSON *py, const char *key)
{
	const cJSON *feats = cJSON_GetObjectItem(cJSON_GetObjectItem(py, "cart_depth3_all_rows"), "features");
	const cJSON *ref = cJSON_GetObjectItem(py, key);
	assert_non_null(feats);
	assert_non_null(ref);
	const cJSON *nodes = cJSON_GetObjectItem(ref, "nodes");
	assert_int_equal(tr->nnodes, cJSON_GetArraySize(nodes));
	size_t k = 0;
	const cJSON *nd;
	cJSON_ArrayForEach(nd, nodes) {
		const struct cart_node *c = &tr->nodes[k++];
		const cJSON *f = cJSON_GetObjectItem(nd, "feature");
		if (cJSON_IsNull(f)) {
			assert_int_equal(c->feature, -1);
		} else {
			assert_true(c->feature >= 0);
			assert_string_equal(cJSON_GetArrayItem(feats, c->feature)->valuestring, f->valuestring);
			assert_close_rel(c->threshold, telco_num(nd, "threshold"), 1e-6);
			assert_int_equal(c->left, (int)telco_num(nd, "left_if_le"));
			assert_int_equal(c->right, (int)telco_num(nd, "right"));
		}
		assert_int_equal(c->samples, (size_t)telco_num(nd, "n_samples"));
		const cJSON *cc = cJSON_GetObjectItem(nd, "class_counts_[No,Yes]");
		assert_int_equal(c->counts[0], (size_t)cJSON_GetArrayItem(cc, 0)->valuedouble);
		assert_int_equal(c->counts[1], (size_t)cJSON_GetArrayItem(cc, 1)->valuedouble);
		assert_close_abs(c->gini, telco_num(nd, "gini"), 1e-11);
		assert_string_equal(c->predicted ? "Yes" : "No", cJSON_GetObjectItem(nd, "predicted")->valuestring);
	}
	assert_close_abs(tr->accuracy, telco_num(ref, "training_accuracy"), 1e-11);
}

static void
test_cart_all_rows(void **state)
{
	(void)state;
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	cJSON *j = reference_py();
	assert_non_null(j);
	cJSON *py = cJSON_GetObjectItem(j, "python");
	double *x = malloc(t.n * 6 * sizeof *x);
	int *y = malloc(t.n * sizeof *y);
	size_t n = design(&t, NULL, x, y);
	struct arena a;
	arena_init(&a);
	struct cart_tree tr;
	fit_rows(&a, x, n, 6, y, 2, NULL, &tr);
	compare_tree(&tr, py, "cart_depth3_all_rows");
	double imp[6];
	cart_importances(&tr, imp);
	const cJSON *fi = cJSON_GetObjectItem(cJSON_GetObjectItem(py, "cart_depth3_all_rows"), "feature_importances");
	const cJSON *fn = cJSON_GetObjectItem(cJSON_GetObjectItem(py, "cart_depth3_all_rows"), "features");
	for (int f = 0; f < 6; f++)
		assert_close_abs(imp[f], telco_num(fi, cJSON_GetArrayItem(fn, f)->valuestring), 1e-11);

	/* rules text: one line per leaf, merged bounds, indicator phrasing */
	struct cart_feature_text ft[6] = {
		{ "tenure", NULL, NULL }, { "MonthlyCharges", NULL, NULL }, { "SeniorCitizen", NULL, NULL },
		{ "Contract", NULL, NULL }, { "fiber", "InternetService is Fiber optic", NULL },
		{ "paperless", NULL, NULL },
	};
	const char *cls[] = { "stays", "churns" };
	struct buf b;
	buf_init(&b);
	cart_rules(&tr, ft, cls, &b);
	size_t leaves = 0;
	for (size_t i = 0; i < tr.nnodes; i++)
		leaves += tr.nodes[i].feature < 0;
	size_t lines = 0;
	for (const char *p = buf_str(&b); *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, leaves);
	/* node 6 of the reference: Contract <= 0.5, fiber, 5.5... tenure <= 15.5 -> Yes 717/1036 */
	assert_non_null(strstr(buf_str(&b),
		"if Contract <= 0.5 and InternetService is Fiber optic and tenure <= 15.5 then churns (69%, 1036 rows)\n"));
	assert_non_null(strstr(buf_str(&b), "if Contract <= 0.5 and not InternetService is Fiber optic and tenure <= 5.5"));
	buf_release(&b);
	arena_finish(&a);
	free(x);
	free(y);
	cJSON_Delete(j);
	telco_free(&t);
}

static void
test_cart_split(void **state)
{
	(void)state;
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	cJSON *j = reference_py();
	assert_non_null(j);
	cJSON *py = cJSON_GetObjectItem(j, "python");
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/telco_split.csv", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	assert_non_null(txt);
	char *keep = calloc(t.n, 1), *save = NULL;
	strtok_r(txt, "\r\n", &save);
	for (char *line = strtok_r(NULL, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *f[3];
		assert_int_equal(telco_split(line, f, 3), 3);
		size_t row = (size_t)atol(f[0]);
		assert_true(row < t.n);
		keep[row] = strcmp(f[2], "train") == 0;
	}
	free(txt);
	double *x = malloc(t.n * 6 * sizeof *x);
	int *y = malloc(t.n * sizeof *y);
	size_t n = design(&t, keep, x, y);
	struct arena a;
	arena_init(&a);
	struct cart_tree tr;
	fit_rows(&a, x, n, 6, y, 2, NULL, &tr);
	compare_tree(&tr, py, "cart_depth3_split");
	arena_finish(&a);
	free(keep);
	free(x);
	free(y);
	cJSON_Delete(j);
	telco_free(&t);
}

/* Hand case: features f0 and f1 are identical, so both give the same best split;
 * the first feature wins. Values 1,2,3,4 with classes 0,0,1,1: threshold 2.5,
 * pure children. With min_samples_leaf 3 no split of 4 rows is allowed. */
static void
test_cart_ties_and_leaf_size(void **state)
{
	(void)state;
	double x[] = { 1, 1, 2, 2, 3, 3, 4, 4 };
	int y[] = { 0, 0, 1, 1 };
	struct arena a;
	arena_init(&a);
	struct cart_tree tr;
	fit_rows(&a, x, 4, 2, y, 2, NULL, &tr);
	assert_int_equal(tr.nnodes, 3);
	assert_int_equal(tr.nodes[0].feature, 0);
	assert_close_rel(tr.nodes[0].threshold, 2.5, 1e-15);
	assert_close_rel(tr.accuracy, 1, 0);
	double row[] = { 2.6, 0 };
	assert_int_equal(cart_predict(&tr, row), 1);
	struct cart_options o;
	cart_options_default(&o);
	o.min_samples_leaf = 3;
	fit_rows(&a, x, 4, 2, y, 2, &o, &tr);
	assert_int_equal(tr.nnodes, 1);
	assert_close_rel(tr.accuracy, 0.5, 1e-15);
	struct cart_feature_text ft[2] = { { "a", NULL, NULL }, { "b", NULL, NULL } };
	const char *cls[] = { "no", "yes" };
	struct buf b;
	buf_init(&b);
	cart_rules(&tr, ft, cls, &b);
	assert_string_equal(buf_str(&b), "always no (50%, 4 rows)\n");
	buf_release(&b);
	arena_finish(&a);
}

/* Three classes on one feature: x = 1..6 with classes 0 0 1 1 2 2. Root Gini
 * 1 - 3 (1/3)^2 = 2/3. Candidate splits (left sizes 1..5), sum of n_c^2/n per side:
 *   2|4: 4/2 + (4+4)/4 = 4;  4|2: (4+4)/4 + 4/2 = 4;  1|5: 1 + (1+4+4)/5 = 2.8; ...
 * 2|4 and 4|2 tie, so the lowest threshold 2.5 wins; then the right node splits at
 * 4.5. Depth 2 gives 5 nodes and accuracy 1. */
static void
test_cart_three_classes(void **state)
{
	(void)state;
	double x[] = { 1, 2, 3, 4, 5, 6 };
	int y[] = { 0, 0, 1, 1, 2, 2 };
	struct arena a;
	arena_init(&a);
	struct cart_tree tr;
	fit_rows(&a, x, 6, 1, y, 3, NULL, &tr);
	assert_int_equal(tr.nnodes, 5);
	assert_close_rel(tr.nodes[0].gini, 2.0 / 3, 1e-15);
	assert_close_rel(tr.nodes[0].threshold, 2.5, 1e-15);
	assert_int_equal(tr.nodes[0].left, 1);
	assert_int_equal(tr.nodes[0].right, 2);
	assert_close_rel(tr.nodes[2].threshold, 4.5, 1e-15);
	assert_close_rel(tr.accuracy, 1, 0);
	struct cart_feature_text ft[1] = { { "score", NULL, NULL } };
	const char *cls[] = { "low", "mid", "high" };
	struct buf b;
	buf_init(&b);
	cart_rules(&tr, ft, cls, &b);
	assert_string_equal(buf_str(&b),
		"if score <= 2.5 then low (100%, 2 rows)\n"
		"if 2.5 < score <= 4.5 then mid (100%, 2 rows)\n"
		"if score > 4.5 then high (100%, 2 rows)\n");
	buf_release(&b);
	arena_finish(&a);
}

/* A direct reference grower for the randomized comparison: every node sorts its
 * rows by each feature (qsort) and scans; the same rules as cart.h. */
struct naive {
	const double *x;
	const int *y;
	size_t p;
	int k;
	struct cart_options o;
	struct cart_node nodes[64];
	size_t counts[64][3];
	int nn;
};

static const double *naive_key;
static size_t naive_p;

static int
naive_cmp(const void *a, const void *b)
{
	double u = naive_key[*(const size_t *)a * naive_p], v = naive_key[*(const size_t *)b * naive_p];
	return (u > v) - (u < v);
}

static int
naive_grow(struct naive *g, size_t *idx, size_t n, int depth)
{
	int id = g->nn++;
	struct cart_node *nd = &g->nodes[id];
	size_t *c = g->counts[id], tot = 0;
	memset(c, 0, sizeof g->counts[id]);
	for (size_t i = 0; i < n; i++)
		c[g->y[idx[i]]]++;
	double sq = 0;
	for (int j = 0; j < g->k; j++)
		sq += (double)c[j] * (double)c[j];
	nd->samples = n;
	nd->feature = -1;
	nd->left = nd->right = -1;
	nd->gini = n ? 1 - sq / ((double)n * (double)n) : 0;
	if (depth >= g->o.max_depth || n < 2 * g->o.min_samples_leaf || nd->gini <= 0)
		return id;
	size_t *s = malloc(n * sizeof *s);
	int bf = -1;
	double bthr = 0, best = -INFINITY;
	for (size_t f = 0; f < g->p; f++) {
		size_t lc[3] = { 0, 0, 0 };
		memcpy(s, idx, n * sizeof *s);
		naive_key = g->x + f;
		naive_p = g->p;
		qsort(s, n, sizeof *s, naive_cmp);
		for (size_t i = 0; i + 1 < n; i++) {
			double lo = g->x[s[i] * g->p + f], hi = g->x[s[i + 1] * g->p + f];
			lc[g->y[s[i]]]++;
			tot = i + 1;
			if (lo == hi || tot < g->o.min_samples_leaf || n - tot < g->o.min_samples_leaf)
				continue;
			double l2 = 0, r2 = 0;
			for (int j = 0; j < g->k; j++) {
				l2 += (double)lc[j] * (double)lc[j];
				r2 += (double)(c[j] - lc[j]) * (double)(c[j] - lc[j]);
			}
			double sc = l2 / (double)tot + r2 / (double)(n - tot);
			if (sc > best) {
				double mid = lo / 2 + hi / 2;
				best = sc;
				bf = (int)f;
				bthr = mid >= hi ? lo : mid;
			}
		}
	}
	free(s);
	if (bf < 0)
		return id;
	size_t *tmp = malloc(n * sizeof *tmp), nl = 0, nr = 0;
	for (size_t i = 0; i < n; i++)
		if (g->x[idx[i] * g->p + (size_t)bf] <= bthr)
			idx[nl++] = idx[i];
		else
			tmp[nr++] = idx[i];
	memcpy(idx + nl, tmp, nr * sizeof *tmp);
	free(tmp);
	g->nodes[id].feature = bf;
	g->nodes[id].threshold = bthr;
	int l = naive_grow(g, idx, nl, depth + 1);
	g->nodes[id].left = l;
	int r = naive_grow(g, idx + nl, nr, depth + 1);
	g->nodes[id].right = r;
	return id;
}

/* 40 random data sets heavy with ties (0/1 indicators, small integers, signed zeros,
 * negatives, a few spread values): cart_fit's presorted growth gives the same tree,
 * node for node, as sorting inside every node. */
static void
test_cart_matches_direct_growth(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 2026);
	for (int trial = 0; trial < 40; trial++) {
		size_t n = 20 + rng_below(&r, 400), p = 1 + rng_below(&r, 5);
		int k = 2 + (int)rng_below(&r, 2);
		double *x = malloc(n * p * sizeof *x);
		int *y = malloc(n * sizeof *y);
		size_t *idx = malloc(n * sizeof *idx);
		for (size_t i = 0; i < n; i++) {
			for (size_t f = 0; f < p; f++) {
				double v;
				switch ((f + (size_t)trial) % 4) {
				case 0: v = (double)rng_below(&r, 2); break;
				case 1: v = (double)rng_below(&r, 7) - 3; break;
				case 2: v = rng_below(&r, 2) ? 0.0 : -0.0; break;
				default: v = rng_normal(&r) * 100; break;
				}
				x[i * p + f] = v;
			}
			/* a class that leans on the first features, with noise */
			double z = x[i * p] + (p > 1 ? x[i * p + 1] : 0) + rng_normal(&r);
			y[i] = z > 0.5 ? 1 : (k == 3 && z < -1 ? 2 : 0);
			idx[i] = i;
		}
		struct cart_options o;
		cart_options_default(&o);
		o.max_depth = 1 + (int)rng_below(&r, 4);
		o.min_samples_leaf = 1 + rng_below(&r, 10);
		struct naive *g = calloc(1, sizeof *g);
		g->x = x;
		g->y = y;
		g->p = p;
		g->k = k;
		g->o = o;
		naive_grow(g, idx, n, 0);
		struct arena a;
		arena_init(&a);
		struct cart_tree tr;
		fit_rows(&a, x, n, p, y, k, &o, &tr);
		assert_int_equal(tr.nnodes, g->nn);
		for (int i = 0; i < g->nn; i++) {
			assert_int_equal(tr.nodes[i].feature, g->nodes[i].feature);
			assert_int_equal(tr.nodes[i].left, g->nodes[i].left);
			assert_int_equal(tr.nodes[i].right, g->nodes[i].right);
			assert_int_equal(tr.nodes[i].samples, g->nodes[i].samples);
			if (g->nodes[i].feature >= 0)
				assert_true(tr.nodes[i].threshold == g->nodes[i].threshold);
			for (int j = 0; j < k; j++)
				assert_int_equal(tr.nodes[i].counts[j], g->counts[i][j]);
		}
		arena_finish(&a);
		free(g);
		free(x);
		free(y);
		free(idx);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cart_all_rows),
		cmocka_unit_test(test_cart_split),
		cmocka_unit_test(test_cart_ties_and_leaf_size),
		cmocka_unit_test(test_cart_three_classes),
		cmocka_unit_test(test_cart_matches_direct_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
