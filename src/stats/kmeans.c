/* SPDX-License-Identifier: MIT
 * kmeans: greedy k-means++ (2 + floor(ln k) candidates per centre), Lloyd iterations
 * with sklearn's stopping rules and empty-cluster relocation, restarts on pthreads
 * each drawing from its own rng_split stream; silhouette (rows sorted by cluster so
 * the inner loop is contiguous) and Davies–Bouldin. Part of src/stats. */
#include "stats/kmeans.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/arena.h"
#include "base/rng.h"

void
kmeans_opts_default(struct kmeans_opts *o)
{
	o->k = 2;
	o->n_init = 10;
	o->max_iter = 300;
	o->tol = 1e-4;
	o->seed = 0;
	o->threads = 0;
}

static int
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static inline double
dist2(const double *a, const double *b, size_t d)
{
	double s = 0;
	for (size_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return s;
}

/* one restart's working state */
struct run {
	double *centers;    /* k x d */
	int *labels;
	double inertia;
	int n_iter, converged;
};

struct job {
	const double *x;
	size_t n, d;
	int k, max_iter, n_init;
	double tol_abs;
	struct rng parent;
	struct run *runs;
	int next;
	pthread_mutex_t mu;
};

static void
seed_plusplus(const struct job *jb, struct rng *r, double *c, double *closest, double *cum)
{
	size_t n = jb->n, d = jb->d;
	int k = jb->k;
	const double *x = jb->x;
	int trials = 2 + (int)floor(log((double)k));
	double *cand = xmalloc((size_t)trials * n * sizeof *cand);
	size_t *cid = xmalloc((size_t)trials * sizeof *cid);

	size_t first = (size_t)rng_below(r, n);
	memcpy(c, x + first * d, d * sizeof *c);
	double pot = 0;
	for (size_t i = 0; i < n; i++) {
		closest[i] = dist2(x + i * d, c, d);
		pot += closest[i];
	}
	for (int m = 1; m < k; m++) {
		double s = 0;
		for (size_t i = 0; i < n; i++) {
			s += closest[i];
			cum[i] = s;
		}
		for (int t = 0; t < trials; t++) {
			double v = rng_uniform(r) * pot;
			/* first index with cum > v ... sklearn's searchsorted(side=left): cum >= v */
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (cum[mid] < v)
					lo = mid + 1;
				else
					hi = mid;
			}
			cid[t] = lo < n ? lo : n - 1;
		}
		int best = 0;
		double bestpot = INFINITY;
		for (int t = 0; t < trials; t++) {
			const double *cc = x + cid[t] * d;
			double *nd = cand + (size_t)t * n, p = 0;
			for (size_t i = 0; i < n; i++) {
				double e = dist2(x + i * d, cc, d);
				nd[i] = e < closest[i] ? e : closest[i];
				p += nd[i];
			}
			if (p < bestpot) {
				bestpot = p;
				best = t;
			}
		}
		memcpy(c + (size_t)m * d, x + cid[best] * d, d * sizeof *c);
		memcpy(closest, cand + (size_t)best * n, n * sizeof *closest);
		pot = bestpot;
	}
	free(cand);
	free(cid);
}

/* labels for centres c; accumulates per-cluster sums and counts; returns inertia and
 * how many labels changed; mind2[i] = squared distance to the chosen centre */
static size_t
assign(const struct job *jb, const double *c, int *labels, double *sums, size_t *counts,
       double *mind2, double *inertia)
{
	size_t n = jb->n, d = jb->d, changed = 0;
	int k = jb->k;
	double in = 0;
	if (sums) {
		memset(sums, 0, (size_t)k * d * sizeof *sums);
		memset(counts, 0, (size_t)k * sizeof *counts);
	}
	for (size_t i = 0; i < n; i++) {
		const double *xi = jb->x + i * d;
		int best = 0;
		double bd = dist2(xi, c, d);
		for (int m = 1; m < k; m++) {
			double e = dist2(xi, c + (size_t)m * d, d);
			if (e < bd) {
				bd = e;
				best = m;
			}
		}
		changed += labels[i] != best;
		labels[i] = best;
		mind2[i] = bd;
		in += bd;
		if (sums) {
			double *s = sums + (size_t)best * d;
			for (size_t j = 0; j < d; j++)
				s[j] += xi[j];
			counts[best]++;
		}
	}
	*inertia = in;
	return changed;
}

static void
one_run(const struct job *jb, int idx, struct run *out)
{
	size_t n = jb->n, d = jb->d;
	int k = jb->k;
	struct rng r;
	rng_split(&jb->parent, (uint64_t)idx, &r);
	double *c = xmalloc((size_t)k * d * sizeof *c);
	double *nc = xmalloc((size_t)k * d * sizeof *nc);
	double *closest = xmalloc(n * sizeof *closest), *cum = xmalloc(n * sizeof *cum);
	size_t *counts = xmalloc((size_t)k * sizeof *counts);
	int *labels = xmalloc(n * sizeof *labels);
	seed_plusplus(jb, &r, c, closest, cum);
	for (size_t i = 0; i < n; i++)
		labels[i] = -1;
	double inertia = 0;
	int it, converged = 0, strict = 0;
	for (it = 0; it < jb->max_iter; it++) {
		size_t changed = assign(jb, c, labels, nc, counts, closest, &inertia);
		if (it > 0 && changed == 0) {
			strict = 1;
			converged = 1;
			it++;
			break;
		}
		/* empty clusters take the points farthest from their centres */
		for (int m = 0; m < k; m++) {
			if (counts[m] > 0)
				continue;
			size_t far = 0;
			for (size_t i = 1; i < n; i++)
				if (closest[i] > closest[far])
					far = i;
			int from = labels[far];
			const double *xf = jb->x + far * d;
			if (counts[from] > 1) {
				for (size_t j = 0; j < d; j++)
					nc[(size_t)from * d + j] -= xf[j];
				counts[from]--;
				memcpy(nc + (size_t)m * d, xf, d * sizeof *nc);
				counts[m] = 1;
				labels[far] = m;
			}
			closest[far] = 0;
		}
		double shift = 0;
		for (int m = 0; m < k; m++) {
			for (size_t j = 0; j < d; j++) {
				double v = counts[m] ? nc[(size_t)m * d + j] / (double)counts[m] : c[(size_t)m * d + j];
				double t = v - c[(size_t)m * d + j];
				shift += t * t;
				c[(size_t)m * d + j] = v;
			}
		}
		if (shift <= jb->tol_abs) {
			converged = 1;
			it++;
			break;
		}
	}
	if (!strict)   /* make labels match the final centres */
		assign(jb, c, labels, NULL, NULL, closest, &inertia);
	out->centers = c;
	out->labels = labels;
	out->inertia = inertia;
	out->n_iter = it > jb->max_iter ? jb->max_iter : it;
	out->converged = converged;
	free(nc);
	free(closest);
	free(cum);
	free(counts);
}

static void *
worker(void *arg)
{
	struct job *jb = arg;
	for (;;) {
		pthread_mutex_lock(&jb->mu);
		int i = jb->next++;
		pthread_mutex_unlock(&jb->mu);
		if (i >= jb->n_init)
			return NULL;
		one_run(jb, i, &jb->runs[i]);
	}
}

static void
run_threads(void *(*fn)(void *), void *arg, int nthreads)
{
	pthread_t tid[64];
	int started = 0;
	for (int t = 0; t < nthreads - 1 && t < 64; t++)
		if (pthread_create(&tid[started], NULL, fn, arg) == 0)
			started++;
	fn(arg);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
}

void
kmeans_fit(struct kmeans_result *r, const double *x, size_t n, size_t d,
           const struct kmeans_opts *o)
{
	struct kmeans_opts def;
	if (!o) {
		kmeans_opts_default(&def);
		o = &def;
	}
	struct job jb;
	memset(&jb, 0, sizeof jb);
	jb.x = x;
	jb.n = n;
	jb.d = d;
	jb.k = o->k < 1 ? 1 : (size_t)o->k > n ? (int)n : o->k;
	jb.max_iter = o->max_iter > 0 ? o->max_iter : 300;
	jb.n_init = o->n_init > 0 ? o->n_init : 10;
	double tol = o->tol >= 0 ? o->tol : 1e-4;
	/* tol relative to the mean per-feature variance */
	double mv = 0;
	for (size_t j = 0; j < d; j++) {
		double s = 0, ss = 0;
		for (size_t i = 0; i < n; i++)
			s += x[i * d + j];
		double mu = s / (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (x[i * d + j] - mu) * (x[i * d + j] - mu);
		mv += ss / (double)n;
	}
	jb.tol_abs = d ? tol * mv / (double)d : 0;
	rng_seed(&jb.parent, o->seed);
	jb.runs = xcalloc((size_t)jb.n_init, sizeof *jb.runs);
	pthread_mutex_init(&jb.mu, NULL);
	int nt = o->threads > 0 ? o->threads : cpu_count();
	if (nt > jb.n_init)
		nt = jb.n_init;
	run_threads(worker, &jb, nt);
	pthread_mutex_destroy(&jb.mu);

	int best = 0;
	for (int i = 1; i < jb.n_init; i++)
		if (jb.runs[i].inertia < jb.runs[best].inertia)
			best = i;
	r->n = n;
	r->d = d;
	r->k = jb.k;
	r->centers = jb.runs[best].centers;
	r->labels = jb.runs[best].labels;
	r->inertia = jb.runs[best].inertia;
	r->n_iter = jb.runs[best].n_iter;
	r->converged = jb.runs[best].converged;
	r->best_init = best;
	r->sizes = xcalloc((size_t)jb.k, sizeof *r->sizes);
	for (size_t i = 0; i < n; i++)
		r->sizes[r->labels[i]]++;
	for (int i = 0; i < jb.n_init; i++)
		if (i != best) {
			free(jb.runs[i].centers);
			free(jb.runs[i].labels);
		}
	free(jb.runs);
}

void
kmeans_finish(struct kmeans_result *r)
{
	if (!r)
		return;
	free(r->centers);
	free(r->labels);
	free(r->sizes);
	r->centers = NULL;
	r->labels = NULL;
	r->sizes = NULL;
}

/* ---- silhouette ---- */

struct sil {
	size_t m, d;
	int k;
	const float *cols;     /* d columns of m values, rows sorted by cluster (float:
	                          4-wide SIMD; distances carry ~1e-7 relative error) */
	const size_t *start;   /* k + 1 block starts */
	const int *lab;        /* label per sorted row */
	double *s;             /* per-row silhouette */
	size_t next;
	pthread_mutex_t mu;
};

#define SIL_ROWS 64

/* sum over j in [j0, j1) of |x_i - x_j|, distances in float; SSE (x86-64 baseline)
 * does 4 square roots at once, sums are kept in double */
static double
block_sum(const float *cols, size_t m, size_t d, size_t i, size_t j0, size_t j1)
{
	size_t j = j0;
	double tot = 0;
#ifdef __SSE2__
	__m128d acc0 = _mm_setzero_pd(), acc1 = _mm_setzero_pd();
	for (; j + 4 <= j1; j += 4) {
		__m128 s = _mm_setzero_ps();
		for (size_t t = 0; t < d; t++) {
			const float *c = cols + t * m;
			__m128 u = _mm_sub_ps(_mm_loadu_ps(c + j), _mm_set1_ps(c[i]));
			s = _mm_add_ps(s, _mm_mul_ps(u, u));
		}
		__m128 r = _mm_sqrt_ps(s);
		acc0 = _mm_add_pd(acc0, _mm_cvtps_pd(r));
		acc1 = _mm_add_pd(acc1, _mm_cvtps_pd(_mm_movehl_ps(r, r)));
	}
	double lanes[2];
	_mm_storeu_pd(lanes, _mm_add_pd(acc0, acc1));
	tot = lanes[0] + lanes[1];
#endif
	for (; j < j1; j++) {
		float s = 0;
		for (size_t t = 0; t < d; t++) {
			float u = cols[t * m + j] - cols[t * m + i];
			s += u * u;
		}
		tot += sqrtf(s);
	}
	return tot;
}

static void
sil_rows(struct sil *S, size_t r0, size_t r1)
{
	size_t m = S->m, d = S->d;
	int k = S->k;
	double *sum = xmalloc((size_t)k * sizeof *sum);
	for (size_t i = r0; i < r1; i++) {
		for (int c = 0; c < k; c++)
			sum[c] = block_sum(S->cols, m, d, i, S->start[c], S->start[c + 1]);
		int own = S->lab[i];
		size_t nown = S->start[own + 1] - S->start[own];
		if (nown <= 1) {
			S->s[i] = 0;
			continue;
		}
		double a = sum[own] / (double)(nown - 1), b = INFINITY;
		for (int c = 0; c < k; c++) {
			size_t nc = S->start[c + 1] - S->start[c];
			if (c == own || nc == 0)
				continue;
			double v = sum[c] / (double)nc;
			if (v < b)
				b = v;
		}
		double mx = a > b ? a : b;
		S->s[i] = mx > 0 ? (b - a) / mx : 0;
	}
	free(sum);
}

static void *
sil_worker(void *arg)
{
	struct sil *S = arg;
	for (;;) {
		pthread_mutex_lock(&S->mu);
		size_t r0 = S->next;
		S->next += SIL_ROWS;
		pthread_mutex_unlock(&S->mu);
		if (r0 >= S->m)
			return NULL;
		sil_rows(S, r0, r0 + SIL_ROWS < S->m ? r0 + SIL_ROWS : S->m);
	}
}

double
kmeans_silhouette(const double *x, size_t n, size_t d, const int *labels, int k,
                  size_t sample, uint64_t seed, int threads)
{
	if (sample == 0)
		sample = 10000;
	if (k < 2 || n < 2)
		return NAN;
	size_t *rows = xmalloc(n * sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = i;
	size_t m = n;
	if (n > sample) {
		struct rng r;
		rng_seed(&r, seed);
		rng_shuffle(&r, rows, n);
		m = sample;
	}
	/* counting sort of the chosen rows by label (stable) */
	size_t *start = xcalloc((size_t)k + 1, sizeof *start);
	for (size_t i = 0; i < m; i++) {
		int l = labels[rows[i]];
		if (l < 0 || l >= k) {
			free(rows);
			free(start);
			return NAN;
		}
		start[l + 1]++;
	}
	int used = 0;
	for (int c = 0; c < k; c++)
		used += start[c + 1] > 0;
	if (used < 2 || used > (int)m - 1) {
		free(rows);
		free(start);
		return NAN;
	}
	for (int c = 0; c < k; c++)
		start[c + 1] += start[c];
	size_t *pos = xmalloc((size_t)k * sizeof *pos);
	memcpy(pos, start, (size_t)k * sizeof *pos);
	float *cols = xmalloc(m * d * sizeof *cols);
	int *lab = xmalloc(m * sizeof *lab);
	for (size_t i = 0; i < m; i++) {
		int l = labels[rows[i]];
		size_t p = pos[l]++;
		lab[p] = l;
		for (size_t t = 0; t < d; t++)
			cols[t * m + p] = (float)x[rows[i] * d + t];
	}
	struct sil S = { .m = m, .d = d, .k = k, .cols = cols, .start = start, .lab = lab };
	S.s = xmalloc(m * sizeof *S.s);
	pthread_mutex_init(&S.mu, NULL);
	int nt = threads > 0 ? threads : cpu_count();
	if (m < 2000)
		nt = 1;
	run_threads(sil_worker, &S, nt);
	pthread_mutex_destroy(&S.mu);
	double tot = 0;
	for (size_t i = 0; i < m; i++)
		tot += S.s[i];
	free(S.s);
	free(cols);
	free(lab);
	free(pos);
	free(start);
	free(rows);
	return tot / (double)m;
}

double
kmeans_davies_bouldin(const double *x, size_t n, size_t d, const int *labels, int k)
{
	if (k < 2)
		return NAN;
	double *cen = xcalloc((size_t)k * d, sizeof *cen);
	double *s = xcalloc((size_t)k, sizeof *s);
	size_t *cnt = xcalloc((size_t)k, sizeof *cnt);
	for (size_t i = 0; i < n; i++) {
		int l = labels[i];
		if (l < 0 || l >= k)
			continue;
		cnt[l]++;
		for (size_t j = 0; j < d; j++)
			cen[(size_t)l * d + j] += x[i * d + j];
	}
	int used = 0;
	for (int c = 0; c < k; c++) {
		used += cnt[c] > 0;
		for (size_t j = 0; j < d && cnt[c]; j++)
			cen[(size_t)c * d + j] /= (double)cnt[c];
	}
	double db = NAN;
	if (used >= 2) {
		for (size_t i = 0; i < n; i++) {
			int l = labels[i];
			if (l >= 0 && l < k)
				s[l] += sqrt(dist2(x + i * d, cen + (size_t)l * d, d));
		}
		double tot = 0;
		for (int c = 0; c < k; c++) {
			if (!cnt[c])
				continue;
			s[c] /= (double)cnt[c];
		}
		for (int a = 0; a < k; a++) {
			if (!cnt[a])
				continue;
			double mx = 0;
			for (int b = 0; b < k; b++) {
				if (b == a || !cnt[b])
					continue;
				double m = sqrt(dist2(cen + (size_t)a * d, cen + (size_t)b * d, d));
				double v = m > 0 ? (s[a] + s[b]) / m : INFINITY;
				if (v > mx)
					mx = v;
			}
			tot += mx;
		}
		db = tot / used;
	}
	free(cen);
	free(s);
	free(cnt);
	return db;
}
