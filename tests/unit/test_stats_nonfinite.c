/* SPDX-License-Identifier: MIT
 * Property test of src/stats on hostile numbers: every public function gets inputs
 * holding NaN, +-inf, +-1e308 (whose products overflow) and denormals, in one
 * position, in several, and everywhere, and must return (a value or an error).
 * Each call runs in a forked child under alarm(): a hang or a crash is a failure of
 * that case, not a stuck or dead suite. */
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "stats/cart.h"
#include "stats/cox.h"
#include "stats/holt.h"
#include "stats/kmeans.h"
#include "stats/linalg.h"
#include "stats/logreg.h"
#include "stats/mcda.h"
#include "stats/metrics.h"
#include "stats/ols.h"
#include "stats/rfmscore.h"
#include "stats/rsort.h"
#include "stats/special.h"
#include "stats/survival.h"

#define N 24            /* rows */
#define P 3             /* columns */
#define LIMIT 10        /* seconds a call may take (generous: sanitizer builds) */

static const double poison[] = {
	NAN, INFINITY, -INFINITY, 1e308, -1e308, 4.9e-324, -2.2e-310,
};
#define NPOISON (sizeof poison / sizeof poison[0])

/* Where the poison goes: one cell, every third cell, every cell. */
enum spread { ONE, SOME, ALL, NSPREAD };

static void
fill(double *v, size_t n, double bad, enum spread s, unsigned salt)
{
	for (size_t i = 0; i < n; i++) {
		/* ordinary values with ties: small integers plus a little */
		v[i] = (double)((i * 7 + salt) % 5) + 0.25 * (double)((i + salt) % 3);
		if ((s == ONE && i == n / 2) || (s == SOME && i % 3 == salt % 3) || s == ALL)
			v[i] = bad;
	}
}

static void
labels(int *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		y[i] = (int)((i * 5 + 1) % 3 == 0);
}

/* ---- the calls, one per public function group; each runs in the child ---- */

static void
call_metrics(const double *x, const int *y)
{
	struct metrics_confusion c;
	struct metrics_roc roc;
	unsigned char test[N];
	metrics_confusion(y, x, N, 0.5, &c);
	(void)metrics_auc(y, x, N);
	metrics_roc_curve(y, x, N, &roc);
	metrics_roc_finish(&roc);
	(void)metrics_stratified_split(y, N, x[0] == x[0] ? 0.3 : x[0], 7, test);
}

static void
call_special(double v)
{
	double a = fabs(v) > 1e300 ? v : 2.5;
	(void)special_gamma_p(a, v);
	(void)special_gamma_q(v, 1.5);
	(void)special_beta_inc(a, 2, v);
	(void)special_beta_inc_c(2, v, 0.5);
	(void)special_normal_cdf(v);
	(void)special_normal_sf(v);
	(void)special_normal_pdf(v);
	(void)special_normal_quantile(v);
	(void)special_t_cdf(v, 5);
	(void)special_t_cdf(1.0, v);
	(void)special_t_sf(v, 3);
	(void)special_t_p2(v, v);
	(void)special_t_quantile(0.975, v);
	(void)special_t_quantile(v, 10);
	(void)special_chi2_sf(v, 2);
	(void)special_chi2_sf(3, v);
	(void)special_f_sf(v, 2, 3);
	(void)special_f_sf(2, v, v);
	(void)survival_chisq_log_sf(v, 1);
	(void)survival_chisq_log_sf(4, v);
}

static void
call_rsort_rfm(const double *x)
{
	uint64_t k[N], tmp[N];
	uint32_t v[N];
	int score[N];
	for (size_t i = 0; i < N; i++) {
		k[i] = rsort_dkey(x[i]);
		v[i] = (uint32_t)i;
		(void)rsort_dval(k[i]);
	}
	rsort_pairs(k, v, N);
	rsort_keys(k, tmp, N);
	rfmscore_quintiles(x, N, 1, score);
	rfmscore_quintiles(x, N, 0, score);
}

static void
call_kmeans(const double *x)
{
	struct kmeans_opts o;
	struct kmeans_result r;
	kmeans_opts_default(&o);
	o.k = 3;
	o.threads = 1;
	o.n_init = 2;
	kmeans_fit(&r, x, N, P, &o);
	(void)kmeans_silhouette(x, N, P, r.labels, r.k, 0, 1, 1);
	(void)kmeans_davies_bouldin(x, N, P, r.labels, r.k);
	kmeans_finish(&r);
}

static void
call_regression(const double *x, const double *yv, const int *y)
{
	double xi[N * P], beta[P], out[N];
	struct ols_fit of;
	struct logreg_fit lf;
	struct logreg_opts lo;
	struct linalg_qr q;
	double a[P * P];
	memcpy(xi, x, sizeof xi);
	for (size_t i = 0; i < N; i++)
		xi[i * P] = 1.0;            /* intercept column */
	ols_fit(&of, xi, N, P, yv, 1);
	ols_predict(&of, xi, N, out);
	ols_finish(&of);
	logreg_opts_default(&lo);
	lo.threads = 1;
	lo.fallback_C = 1.0;
	lo.intercept_col = 0;
	logreg_fit(&lf, xi, N, P, y, &lo);
	logreg_predict(&lf, xi, N, out);
	logreg_finish(&lf);
	(void)linalg_lstsq(x, N, P, yv, beta);
	linalg_qr_init(&q, x, N, P, 1e-10);
	(void)linalg_qr_lstsq(&q, yv, beta, out);
	linalg_qr_xtx_inverse(&q, a);
	linalg_qr_finish(&q);
	linalg_gram(x, N, P, a);
	(void)linalg_cholesky(a, P);
	linalg_gram(x, N, P, a);
	(void)linalg_spd_inverse(a, P);
	memcpy(beta, yv, sizeof beta);
	(void)linalg_solve_lower(x, P, beta);
	(void)linalg_solve_lower_t(x, P, beta);
	(void)linalg_solve_upper(x, P, beta);
}

static void
call_survival(struct arena *a, const double *t, const double *x)
{
	int ev[N], grp[N];
	struct survival_km km, kg[2];
	struct survival_logrank lr;
	struct cox_fit cf;
	struct cox_options co;
	double q, lo, hi, s, m, se;
	long nr;
	for (size_t i = 0; i < N; i++) {
		ev[i] = (int)(i % 4 != 0);
		grp[i] = (int)(i % 2);
	}
	survival_km_fit(a, t, ev, N, SURVIVAL_CI_LOG, &km);
	survival_km_quantile(&km, 0.5, &q, &lo, &hi);
	survival_km_at(&km, t[0], &s, &nr);
	survival_km_rmean(&km, t[1], &m, &se);
	survival_km_fit_groups(a, t, ev, grp, N, 2, SURVIVAL_CI_LOGLOG, kg);
	survival_logrank_test(a, t, ev, grp, N, 2, &lr);
	cox_options_default(&co);
	(void)cox_fit(a, x, N, P, t, ev, &co, &cf);
	co.ties = COX_BRESLOW;
	(void)cox_fit(a, x, N, 1, t, ev, &co, &cf);
}

static void
call_cart_holt_mcda(struct arena *a, const double *x, const int *y)
{
	struct cart_options co;
	struct cart_tree tr;
	struct holt_fit hf;
	double imp[P], mean[4], lo[4], hi[4], score[N], norm[N * P], w[P] = { 1, x[0], 2 };
	double keep[N], top[N], mrank[N];
	int lib[P] = { 0, 1, 0 }, rank[N];
	struct buf b;
	static const struct cart_feature_text ft[P] = { { "a", NULL, NULL }, { "b", NULL, NULL },
	                                               { "c", "yes", "no" } };
	static const char *const cls[2] = { "no", "yes" };
	cart_options_default(&co);
	cart_fit(a, x, N, P, y, 2, &co, &tr);
	cart_importances(&tr, imp);
	(void)cart_predict(&tr, x);
	(void)cart_leaf(&tr, x);
	buf_init(&b);
	cart_rules(&tr, ft, cls, &b);
	buf_release(&b);
	holt_initial(x, N, &mean[0], &mean[1]);
	holt_fit_fixed(a, x, N, 0.5, 0.1, &hf);
	holt_forecast(&hf, 4, mean, lo, hi);
	holt_fit_optimal(a, x, N, &hf);
	holt_forecast(&hf, 4, mean, lo, hi);
	struct mcda_input in = { N, P, x, w, lib };
	mcda_normalise_weights(w, P, norm);
	mcda_weighted(&in, score, norm);
	mcda_rank(score, N, rank);
	mcda_topsis(&in, score);
	mcda_rank(score, N, rank);
	mcda_stability(&in, MCDA_WEIGHTED, 20, 0.2, 3, 5, keep, top, mrank);
	mcda_stability(&in, MCDA_TOPSIS, 20, 0.2, 3, 5, keep, top, mrank);
}

enum group { G_METRICS, G_SPECIAL, G_RSORT, G_KMEANS, G_REGRESSION, G_SURVIVAL, G_OTHER, NGROUP };
static const char *const group_name[NGROUP] = {
	"metrics", "special", "rsort/rfmscore", "kmeans", "ols/logreg/linalg",
	"survival/cox", "cart/holt/mcda",
};

static void
run_group(enum group g, double bad, enum spread s)
{
	double x[N * P], t[N];
	int y[N];
	struct arena a;
	fill(x, N * P, bad, s, 1);
	fill(t, N, bad, s, 2);
	for (size_t i = 0; i < N; i++)
		if (t[i] == t[i] && t[i] < 0)
			t[i] = -t[i];
	labels(y, N);
	arena_init(&a);
	switch (g) {
	case G_METRICS: call_metrics(t, y); break;
	case G_SPECIAL: call_special(bad); break;
	case G_RSORT: call_rsort_rfm(t); break;
	case G_KMEANS: call_kmeans(x); break;
	case G_REGRESSION: call_regression(x, t, y); break;
	case G_SURVIVAL: call_survival(&a, t, x); break;
	default: call_cart_holt_mcda(&a, x, y); break;
	}
	arena_finish(&a);
}

/* Runs one case in a child; returns "" when it returned, else what happened. */
static const char *
in_child(enum group g, double bad, enum spread s)
{
	static char why[64];
	int st;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return "fork failed";
	if (pid == 0) {
		alarm(LIMIT);
		run_group(g, bad, s);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0)
		return "waitpid failed";
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return "";
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		return "did not return (hang)";
	if (WIFSIGNALED(st))
		snprintf(why, sizeof why, "killed by signal %d", WTERMSIG(st));
	else
		snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(st));
	return why;
}

static void
test_group(void **state)
{
	enum group g = (enum group)(intptr_t)*state;
	static const char *const spread_name[NSPREAD] = { "one", "some", "all" };
	int failures = 0;
	for (size_t k = 0; k < NPOISON; k++)
		for (int s = 0; s < NSPREAD; s++) {
			const char *why = in_child(g, poison[k], (enum spread)s);
			if (*why) {
				print_message("# %s with %g in %s cell(s): %s\n", group_name[g], poison[k],
				              spread_name[s], why);
				failures++;
			}
		}
	assert_int_equal(failures, 0);
}

/* The harness itself: a call that never returns is reported, not waited for. */
static void
test_child_hang_is_caught(void **state)
{
	(void)state;
	fflush(NULL);
	pid_t pid = fork();
	int st;
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(1);
		for (;;)
			pause();
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM);
}

#define GROUP(name, g) { "nonfinite_" name, test_group, NULL, NULL, (void *)(intptr_t)(g) }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_hang_is_caught),
		GROUP("metrics", G_METRICS),
		GROUP("special", G_SPECIAL),
		GROUP("rsort_rfmscore", G_RSORT),
		GROUP("kmeans", G_KMEANS),
		GROUP("ols_logreg_linalg", G_REGRESSION),
		GROUP("survival_cox", G_SURVIVAL),
		GROUP("cart_holt_mcda", G_OTHER),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
