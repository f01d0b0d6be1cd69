/* SPDX-License-Identifier: MIT
 * segmentation: builds the feature matrix (RFM from custagg, or customers columns),
 * scales it, runs src/stats/kmeans for every k of k_range, picks k, and describes
 * and names the clusters; the model adds a scatter and an elbow/silhouette chart. */
#include "analysis/segmentation.h"

#include <math.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/rng.h"
#include "stats/kmeans.h"

static const char *const rfm_features[3] = { "recency", "frequency", "monetary" };

int
segmentation_params_parse(struct arena *a, const cJSON *params, struct segmentation_params *p,
                          const char **err)
{
	const cJSON *j;
	memset(p, 0, sizeof *p);
	p->k_lo = 2;
	p->k_hi = 8;
	p->n_init = 10;
	p->max_iter = 300;
	p->tol = 1e-4;
	p->silhouette_sample = 10000;
	p->log1p = -1;
	*err = NULL;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "dataset")) && cJSON_IsString(j))
		p->use_customers = !strcmp(j->valuestring, "customers");
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "features")) && cJSON_IsArray(j)) {
		for (const cJSON *e = j->child; e; e = e->next) {
			if (!cJSON_IsString(e))
				continue;
			if (p->nfeatures == SEGMENTATION_MAX_FEATURES) {
				*err = arena_printf(a, "analysis 'segmentation': 'features': at most %d features",
				                    SEGMENTATION_MAX_FEATURES);
				return -1;
			}
			if (!p->use_customers && strcmp(e->valuestring, "recency") && strcmp(e->valuestring, "frequency") &&
			    strcmp(e->valuestring, "monetary")) {
				*err = arena_printf(a, "analysis 'segmentation': 'features': '%s' is not an RFM feature "
				                    "(recency, frequency, monetary); set \"dataset\": \"customers\" for "
				                    "customer columns", e->valuestring);
				return -1;
			}
			p->features[p->nfeatures++] = e->valuestring;
		}
	}
	if (p->use_customers && p->nfeatures == 0) {
		*err = arena_printf(a, "analysis 'segmentation': 'features': required with \"dataset\": \"customers\"");
		return -1;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "transform")) && cJSON_IsString(j))
		p->log1p = !strcmp(j->valuestring, "log1p");
	if (p->log1p < 0)
		p->log1p = !p->use_customers;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "k")) && cJSON_IsNumber(j))
		p->k = j->valueint;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "k_range")) && cJSON_GetArraySize(j) == 2) {
		p->k_lo = cJSON_GetArrayItem(j, 0)->valueint;
		p->k_hi = cJSON_GetArrayItem(j, 1)->valueint;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "n_init")) && cJSON_IsNumber(j))
		p->n_init = j->valueint;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "max_iter")) && cJSON_IsNumber(j))
		p->max_iter = j->valueint;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "tol")) && cJSON_IsNumber(j))
		p->tol = j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "seed")) && cJSON_IsNumber(j))
		p->seed = (uint64_t)j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "silhouette_sample")) && cJSON_IsNumber(j))
		p->silhouette_sample = (size_t)j->valuedouble;
	return 0;
}

static void
kopts(struct kmeans_opts *o, const struct segmentation_params *p, int k)
{
	kmeans_opts_default(o);
	o->k = k;
	o->n_init = p->n_init;
	o->max_iter = p->max_iter;
	o->tol = p->tol;
	o->seed = p->seed;
	o->threads = p->threads;
}

/* Names from the RFM centre ranks: value score = z(F) + z(M) - z(R). */
static void
name_rfm(struct arena *a, struct segmentation_result *r, int zh)
{
	int k = r->k, *order = xmalloc((size_t)k * sizeof *order);
	size_t fi[3] = { 0, 1, 2 };
	for (size_t j = 0; j < r->d && j < 3; j++)
		for (size_t t = 0; t < 3; t++)
			if (!strcmp(r->features[j], rfm_features[t]))
				fi[t] = j;
	for (int i = 0; i < k; i++)
		order[i] = i;
	for (int i = 1; i < k; i++) /* insertion sort by value score, best first */
		for (int j = i; j > 0; j--) {
			const double *A = r->clusters[order[j]].center_z, *B = r->clusters[order[j - 1]].center_z;
			double va = A[fi[1]] + A[fi[2]] - A[fi[0]], vb = B[fi[1]] + B[fi[2]] - B[fi[0]];
			if (va > vb) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			} else {
				break;
			}
		}
	for (int i = 0; i < k; i++) {
		struct segmentation_cluster *c = &r->clusters[order[i]];
		const char *base;
		int dup = 0;
		if (i == 0)
			base = zh ? "\xe9\xab\x98\xe4\xbb\xb7\xe5\x80\xbc\xe5\xbf\xa0\xe8\xaf\x9a" : "High-value loyal";
		else if (i == k - 1)
			base = zh ? "\xe4\xbd\x8e\xe4\xbb\xb7\xe5\x80\xbc\xe6\xb5\x81\xe5\xa4\xb1" : "Low-value lapsed";
		else if (c->center_z[fi[0]] < 0)
			base = zh ? "\xe8\xbf\x91\xe6\x9c\x9f\xe6\xb4\xbb\xe8\xb7\x83" : "Recent mid-value";
		else
			base = zh ? "\xe6\xb8\x90\xe8\xa1\xb0\xe4\xb8\xad\xe4\xbb\xb7\xe5\x80\xbc" : "Fading mid-value";
		for (int j = 0; j < i; j++)
			if (!strncmp(r->clusters[order[j]].name, base, strlen(base)))
				dup++;
		c->name = dup ? arena_printf(a, "%s %d", base, dup + 1) : base;
	}
	free(order);
}

/* Silhouettes of several labelings of the same rows in one pass over the pairwise
 * distances (each distance computed once for all candidates k). Rows are grouped by
 * their vector of labels across the labelings, so a row's distance sums per cluster
 * come from contiguous range sums over the few groups. Rows are split over threads;
 * per-row values are summed in row order, so the result does not depend on threads. */
struct msil {
	const double *x;        /* m x d, rows in group order */
	const double *xcol;     /* d x m: the same, column by column (vectorisable) */
	size_t m, d;
	int nl;                 /* labelings */
	const int *ks;          /* clusters per labeling */
	const size_t *gstart;   /* ng + 1 */
	const int *glab;        /* ng x nl */
	size_t ng;
	const size_t *csize;    /* nl x kmax: cluster sizes */
	int kmax;
	double *s;              /* m x nl: silhouette per row and labeling */
	int nthreads;
	int tid_next;
	pthread_mutex_t mu;
};

/* dist[j] = |xi - x_j| for the m rows of the column-major xcol; two rows at a time
 * with SSE2 where the compiler offers it (the same arithmetic, in the same order). */
static void
row_distances(const double *xcol, size_t m, size_t d, const double *xi, double *restrict dist)
{
	size_t j = 0;
#ifdef __SSE2__
	for (; j + 2 <= m; j += 2) {
		__m128d acc = _mm_setzero_pd();
		for (size_t q = 0; q < d; q++) {
			__m128d t = _mm_sub_pd(_mm_set1_pd(xi[q]), _mm_loadu_pd(xcol + q * m + j));
			acc = _mm_add_pd(acc, _mm_mul_pd(t, t));
		}
		_mm_storeu_pd(dist + j, _mm_sqrt_pd(acc));
	}
#endif
	for (; j < m; j++) {
		double acc = 0;
		for (size_t q = 0; q < d; q++) {
			double t = xi[q] - xcol[q * m + j];
			acc += t * t;
		}
		dist[j] = sqrt(acc);
	}
}

static void *
msil_worker(void *arg)
{
	struct msil *S = arg;
	double *dist = xmalloc((S->m + 1) * sizeof *dist), *gs = xmalloc((S->ng + 1) * sizeof *gs);
	double *cs = xmalloc((size_t)S->kmax * sizeof *cs);
	int tid;
	pthread_mutex_lock(&S->mu);
	tid = S->tid_next++;
	pthread_mutex_unlock(&S->mu);
	for (size_t i = (size_t)tid; i < S->m; i += (size_t)S->nthreads) {
		const double *xi = S->x + i * S->d;
		size_t gi = 0;
		row_distances(S->xcol, S->m, S->d, xi, dist);
		for (size_t g = 0; g < S->ng; g++) {
			double a = 0;
			for (size_t j = S->gstart[g]; j < S->gstart[g + 1]; j++)
				a += dist[j];
			gs[g] = a;
			if (S->gstart[g] <= i && i < S->gstart[g + 1])
				gi = g;
		}
		for (int l = 0; l < S->nl; l++) {
			int own = S->glab[gi * (size_t)S->nl + (size_t)l], k = S->ks[l];
			const size_t *sz = S->csize + (size_t)l * (size_t)S->kmax;
			double a, b = INFINITY;
			for (int c = 0; c < k; c++)
				cs[c] = 0;
			for (size_t g = 0; g < S->ng; g++)
				cs[S->glab[g * (size_t)S->nl + (size_t)l]] += gs[g];
			if (sz[own] <= 1) {
				S->s[i * (size_t)S->nl + (size_t)l] = 0;
				continue;
			}
			a = cs[own] / (double)(sz[own] - 1);
			for (int c = 0; c < k; c++)
				if (c != own && sz[c] > 0 && cs[c] / (double)sz[c] < b)
					b = cs[c] / (double)sz[c];
			S->s[i * (size_t)S->nl + (size_t)l] = (a < b ? 1 - a / b : a > b ? b / a - 1 : 0);
		}
	}
	free(dist);
	free(gs);
	free(cs);
	return NULL;
}

static const int *const *sort_labs;
static int sort_nl;

static int
cmp_labvec(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	for (int l = 0; l < sort_nl; l++)
		if (sort_labs[l][x] != sort_labs[l][y])
			return sort_labs[l][x] < sort_labs[l][y] ? -1 : 1;
	return (x > y) - (x < y);
}

static int
same_labels(const int *const *labs, int nl, size_t x, size_t y)
{
	for (int l = 0; l < nl; l++)
		if (labs[l][x] != labs[l][y])
			return 0;
	return 1;
}

/* out[l] = mean silhouette of labeling labs[l] (ks[l] clusters) over the m rows of
 * x; NaN unless 2 <= clusters used <= m - 1 (as sklearn). */
static void
multi_silhouette(const double *x, size_t m, size_t d, int nl, const int *const *labs, const int *ks,
                 double *out, int threads)
{
	struct msil S;
	size_t *ord = xmalloc((m + 1) * sizeof *ord), ng = 0;
	double *xs = xmalloc((m * d + 1) * sizeof *xs);
	size_t *gstart = xmalloc((m + 2) * sizeof *gstart);
	int *glab = xmalloc(((m + 1) * (size_t)nl) * sizeof *glab), kmax = 1;
	size_t *csize;
	pthread_t th[16];
	int nt = threads > 0 ? threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	for (int l = 0; l < nl; l++)
		kmax = ks[l] > kmax ? ks[l] : kmax;
	csize = xcalloc((size_t)nl * (size_t)kmax, sizeof *csize);
	for (size_t i = 0; i < m; i++)
		ord[i] = i;
	sort_labs = labs;
	sort_nl = nl;
	qsort(ord, m, sizeof *ord, cmp_labvec);
	sort_labs = NULL;
	for (size_t i = 0; i < m; i++) {
		memcpy(xs + i * d, x + ord[i] * d, d * sizeof *xs);
		if (i == 0 || !same_labels(labs, nl, ord[i], ord[i - 1])) {
			gstart[ng] = i;
			for (int l = 0; l < nl; l++)
				glab[ng * (size_t)nl + (size_t)l] = labs[l][ord[i]];
			ng++;
		}
		for (int l = 0; l < nl; l++)
			csize[(size_t)l * (size_t)kmax + (size_t)labs[l][ord[i]]]++;
	}
	gstart[ng] = m;
	memset(&S, 0, sizeof S);
	S.x = xs;
	{
		double *xc = xmalloc((m * d + 1) * sizeof *xc);
		for (size_t i = 0; i < m; i++)
			for (size_t q = 0; q < d; q++)
				xc[q * m + i] = xs[i * d + q];
		S.xcol = xc;
	}
	S.m = m;
	S.d = d;
	S.nl = nl;
	S.ks = ks;
	S.gstart = gstart;
	S.glab = glab;
	S.ng = ng;
	S.csize = csize;
	S.kmax = kmax;
	S.s = xmalloc((m * (size_t)nl + 1) * sizeof *S.s);
	if (nt < 1)
		nt = 1;
	if (nt > 16)
		nt = 16;
	S.nthreads = nt;
	pthread_mutex_init(&S.mu, NULL);
	{
		int started = 1, extra = 0;
		for (int t = 1; t < nt; t++) {
			if (pthread_create(&th[started], NULL, msil_worker, &S) == 0)
				started++;
			else
				extra++;        /* this thread's share of rows runs here */
		}
		for (int t = 0; t <= extra; t++)
			msil_worker(&S);
		for (int t = 1; t < started; t++)
			pthread_join(th[t], NULL);
	}
	pthread_mutex_destroy(&S.mu);
	for (int l = 0; l < nl; l++) {
		int used = 0;
		double sum = 0;
		for (int c = 0; c < ks[l]; c++)
			used += csize[(size_t)l * (size_t)kmax + (size_t)c] > 0;
		for (size_t i = 0; i < m; i++)
			sum += S.s[i * (size_t)nl + (size_t)l];
		out[l] = used >= 2 && (size_t)used <= m - 1 ? sum / (double)m : NAN;
	}
	free(S.s);
	free((void *)S.xcol);
	free(ord);
	free(xs);
	free(gstart);
	free(glab);
	free(csize);
}

/* Lloyd iterations on all n rows from the centres of km (fitted on a sample): assign,
 * move each centre to its members' mean (an empty cluster keeps its centre), stop
 * when the summed squared shift <= tol_abs or after max_iter; km's labels, sizes and
 * inertia are replaced by the full-data ones. */
static void
refine(struct kmeans_result *km, const double *z, size_t n, size_t d, int max_iter, double tol_abs)
{
	int k = km->k;
	double *sum = xmalloc((size_t)k * d * sizeof *sum), inertia = 0;
	size_t *cnt = xmalloc((size_t)k * sizeof *cnt);
	int *lab = xrealloc(km->labels, n * sizeof *lab);
	km->labels = lab;
	km->sizes = xreallocarray(km->sizes, (size_t)k, sizeof *km->sizes);
	for (int it = 0; it <= max_iter; it++) {
		double shift = 0;
		memset(sum, 0, (size_t)k * d * sizeof *sum);
		memset(cnt, 0, (size_t)k * sizeof *cnt);
		inertia = 0;
		for (size_t i = 0; i < n; i++) {
			const double *x = z + i * d;
			double bd = INFINITY;
			int b = 0;
			for (int c = 0; c < k; c++) {
				const double *cc = km->centers + (size_t)c * d;
				double dd = 0;
				for (size_t j = 0; j < d; j++)
					dd += (x[j] - cc[j]) * (x[j] - cc[j]);
				if (dd < bd) {
					bd = dd;
					b = c;
				}
			}
			lab[i] = b;
			inertia += bd;
			cnt[b]++;
			for (size_t j = 0; j < d; j++)
				sum[(size_t)b * d + j] += x[j];
		}
		if (it == max_iter)
			break;
		for (int c = 0; c < k; c++)
			for (size_t j = 0; j < d && cnt[c]; j++) {
				double v = sum[(size_t)c * d + j] / (double)cnt[c], t = v - km->centers[(size_t)c * d + j];
				shift += t * t;
				km->centers[(size_t)c * d + j] = v;
			}
		if (shift <= tol_abs) {   /* one more pass makes labels match the centres */
			max_iter = it + 1;
		}
	}
	for (int c = 0; c < k; c++)
		km->sizes[c] = cnt[c];
	km->n = n;
	km->inertia = inertia;
	free(sum);
	free(cnt);
}

struct segmentation_result *
segmentation_fit(struct arena *a, const double *x, size_t n, size_t d, const char **features,
                 const struct segmentation_params *p, int names_rfm, int zh)
{
	struct segmentation_result *r;
	double *z, *mean, *sd;
	struct kmeans_opts o;
	struct kmeans_result best;
	int lo = p->k_lo, hi = p->k_hi, bestk = 0;
	double bestsil = -INFINITY;
	if (n < 3 || d == 0)
		return NULL;
	r = arena_calloc(a, 1, sizeof *r);
	r->n = n;
	r->d = d;
	r->features = features;
	r->x = arena_alloc(a, n * d * sizeof *r->x);
	memcpy(r->x, x, n * d * sizeof *x);
	z = xmalloc(n * d * sizeof *z);
	mean = xcalloc(d, sizeof *mean);
	sd = xcalloc(d, sizeof *sd);
	for (size_t i = 0; i < n * d; i++)
		z[i] = p->log1p ? log1p(x[i] > 0 ? x[i] : 0) : x[i];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			mean[j] += z[i * d + j];
	for (size_t j = 0; j < d; j++)
		mean[j] /= (double)n;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++) {
			double t = z[i * d + j] - mean[j];
			sd[j] += t * t;
		}
	for (size_t j = 0; j < d; j++)
		sd[j] = sqrt(sd[j] / (double)n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			z[i * d + j] = sd[j] > 0 ? (z[i * d + j] - mean[j]) / sd[j] : 0;
	if (hi > (int)n - 1)
		hi = (int)n - 1;
	if (lo > hi)
		lo = hi;
	memset(&best, 0, sizeof best);
	{
		/* fit every k (on a seeded sample above silhouette_sample rows), then all
		 * silhouettes in one pass, then (sampled) refine on all rows */
		size_t m = n, *idx = NULL;
		const double *zf = z;
		double *zs = NULL, tol_abs = 0, sil[SEGMENTATION_MAX_K];
		struct kmeans_result kr[SEGMENTATION_MAX_K];
		const int *labs[SEGMENTATION_MAX_K];
		int ks[SEGMENTATION_MAX_K], nk = 0;
		if (n > p->silhouette_sample && p->silhouette_sample >= 2) {
			struct rng g;
			m = p->silhouette_sample;
			idx = xmalloc(n * sizeof *idx);
			zs = xmalloc(m * d * sizeof *zs);
			rng_seed(&g, p->seed);
			for (size_t i = 0; i < n; i++)
				idx[i] = i;
			for (size_t i = 0; i < m; i++) {   /* partial Fisher-Yates: idx[0..m) */
				size_t j = i + (size_t)rng_below(&g, n - i), t = idx[i];
				idx[i] = idx[j];
				idx[j] = t;
			}
			for (size_t i = 0; i < m; i++)
				memcpy(zs + i * d, z + idx[i] * d, d * sizeof *zs);
			zf = zs;
			for (size_t j = 0; j < d; j++)     /* mean per-feature variance of z (0 or 1) */
				tol_abs += sd[j] > 0 ? 1.0 / (double)d : 0;
			tol_abs *= p->tol;
			r->sampled = m;
			if (hi > (int)m - 1)
				hi = (int)m - 1;
		}
		for (int k = lo; k <= hi; k++) {
			kopts(&o, p, k);
			kmeans_fit(&kr[nk], zf, m, d, &o);
			labs[nk] = kr[nk].labels;
			ks[nk] = kr[nk].k;
			nk++;
		}
		multi_silhouette(zf, m, d, nk, labs, ks, sil, p->threads);
		for (int i = 0; i < nk; i++) {
			struct segmentation_candidate *c = &r->cand[r->ncand++];
			int k = lo + i;
			if (zs)
				refine(&kr[i], z, n, d, p->max_iter, tol_abs);
			c->k = k;
			c->inertia = kr[i].inertia;
			c->silhouette = sil[i];
			c->davies_bouldin = kmeans_davies_bouldin(z, n, d, kr[i].labels, kr[i].k);
			if ((p->k == 0 && c->silhouette > bestsil) || p->k == k) {
				bestsil = c->silhouette;
				bestk = k;
				kmeans_finish(&best);
				best = kr[i];
			} else {
				kmeans_finish(&kr[i]);
			}
		}
		free(idx);
		free(zs);
	}
	if (bestk) {
		r->silhouette = bestsil;
		r->davies_bouldin = r->cand[bestk - lo].davies_bouldin;
	}
	if (p->k != 0 && bestk != p->k) { /* k outside k_range */
		kopts(&o, p, p->k > (int)n - 1 ? (int)n - 1 : p->k);
		kmeans_finish(&best);
		kmeans_fit(&best, z, n, d, &o);
		bestk = best.k;
		r->silhouette = kmeans_silhouette(z, n, d, best.labels, best.k, p->silhouette_sample, p->seed, p->threads);
		r->davies_bouldin = kmeans_davies_bouldin(z, n, d, best.labels, best.k);
	}
	if (bestk == 0) { /* every silhouette NaN: keep the smallest k */
		kopts(&o, p, lo);
		kmeans_fit(&best, z, n, d, &o);
		bestk = best.k;
		r->silhouette = NAN;
		r->davies_bouldin = kmeans_davies_bouldin(z, n, d, best.labels, best.k);
	}
	r->k = bestk;
	r->auto_k = p->k == 0;
	r->inertia = best.inertia;
	/* renumber by size, largest first */
	{
		int *perm = xmalloc((size_t)bestk * sizeof *perm), *inv = xmalloc((size_t)bestk * sizeof *inv);
		for (int i = 0; i < bestk; i++)
			perm[i] = i;
		for (int i = 1; i < bestk; i++)
			for (int j = i; j > 0 && best.sizes[perm[j]] > best.sizes[perm[j - 1]]; j--) {
				int t = perm[j];
				perm[j] = perm[j - 1];
				perm[j - 1] = t;
			}
		for (int i = 0; i < bestk; i++)
			inv[perm[i]] = i;
		r->labels = arena_alloc(a, n * sizeof *r->labels);
		for (size_t i = 0; i < n; i++)
			r->labels[i] = inv[best.labels[i]];
		r->clusters = arena_calloc(a, (size_t)bestk, sizeof *r->clusters);
		for (int c = 0; c < bestk; c++) {
			struct segmentation_cluster *cl = &r->clusters[c];
			cl->size = best.sizes[perm[c]];
			cl->share = (double)cl->size / (double)n;
			cl->centroid = arena_calloc(a, d, sizeof *cl->centroid);
			cl->center_z = arena_alloc(a, d * sizeof *cl->center_z);
			memcpy(cl->center_z, best.centers + (size_t)perm[c] * d, d * sizeof *cl->center_z);
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < d; j++)
				r->clusters[r->labels[i]].centroid[j] += x[i * d + j];
		for (int c = 0; c < bestk; c++)
			for (size_t j = 0; j < d; j++)
				if (r->clusters[c].size)
					r->clusters[c].centroid[j] /= (double)r->clusters[c].size;
		free(perm);
		free(inv);
	}
	if (names_rfm) {
		name_rfm(a, r, zh);
	} else {
		for (int c = 0; c < bestk; c++)
			r->clusters[c].name = arena_printf(a, zh ? "\xe7\xbe\xa4\xe7\xbb\x84 %d" : "Cluster %d", c + 1);
	}
	kmeans_finish(&best);
	free(z);
	free(mean);
	free(sd);
	return r;
}

static void
line_chart(cJSON *ch, const struct segmentation_result *r, const char *title, const char *series, int which,
           const char *fmt)
{
	cJSON *ax, *ser, *s1, *pts;
	cJSON_AddStringToObject(ch, "type", "line");
	cJSON_AddStringToObject(ch, "title", title);
	ax = cJSON_AddObjectToObject(ch, "x");
	cJSON_AddStringToObject(ax, "label", "k");
	cJSON_AddStringToObject(ax, "type", "number");
	cJSON_AddStringToObject(ax, "format", "integer");
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "format", fmt);
	ser = cJSON_AddArrayToObject(ch, "series");
	s1 = cJSON_CreateObject();
	cJSON_AddStringToObject(s1, "name", series);
	pts = cJSON_AddArrayToObject(s1, "points");
	for (size_t i = 0; i < r->ncand; i++) {
		double v = which == 0 ? r->cand[i].inertia : r->cand[i].silhouette;
		cJSON *p;
		if (!isfinite(v))
			continue;
		p = cJSON_CreateArray();
		cJSON_AddItemToArray(p, cJSON_CreateNumber(r->cand[i].k));
		cJSON_AddItemToArray(p, cJSON_CreateNumber(v));
		cJSON_AddItemToArray(pts, p);
	}
	cJSON_AddItemToArray(ser, s1);
}

cJSON *
segmentation_model(const struct segmentation_result *r, struct analysis_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject(), *arr, *ch, *ax, *ser;
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	size_t fx = 0, fy = r->d > 1 ? r->d - 1 : 0, step;
	cJSON_AddNumberToObject(o, "k", r->k);
	cJSON_AddBoolToObject(o, "auto", r->auto_k);
	arr = cJSON_AddArrayToObject(o, "features");
	for (size_t j = 0; j < r->d; j++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->features[j]));
	custagg_add_num(o, "customers", (double)r->n, "integer", ctx);
	custagg_add_num(o, "inertia", r->inertia, "number", ctx);
	custagg_add_num(o, "silhouette", r->silhouette, "number", ctx);
	custagg_add_num(o, "davies_bouldin", r->davies_bouldin, "number", ctx);
	arr = cJSON_AddArrayToObject(o, "candidates");
	for (size_t i = 0; i < r->ncand; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "k", r->cand[i].k);
		custagg_add_num(e, "inertia", r->cand[i].inertia, "number", ctx);
		custagg_add_num(e, "silhouette", r->cand[i].silhouette, "number", ctx);
		custagg_add_num(e, "davies_bouldin", r->cand[i].davies_bouldin, "number", ctx);
		cJSON_AddItemToArray(arr, e);
	}
	arr = cJSON_AddArrayToObject(o, "clusters");
	for (int c = 0; c < r->k; c++) {
		const struct segmentation_cluster *cl = &r->clusters[c];
		cJSON *e = cJSON_CreateObject(), *cen;
		cJSON_AddNumberToObject(e, "id", c + 1);
		cJSON_AddStringToObject(e, "name", cl->name);
		custagg_add_num(e, "size", (double)cl->size, "integer", ctx);
		custagg_add_num(e, "share", cl->share, "percent", ctx);
		cen = cJSON_AddObjectToObject(e, "centroid");
		for (size_t j = 0; j < r->d; j++)
			custagg_add_num(cen, r->features[j], cl->centroid[j],
			                !strcmp(r->features[j], "monetary") ? "money" :
			                !strcmp(r->features[j], "recency") ? "days" : "number", ctx);
		cJSON_AddItemToArray(arr, e);
	}
	/* scatter: first feature (recency) vs last (monetary), log1p values, <= 2,000 points */
	for (size_t j = 0; j < r->d; j++) {
		if (!strcmp(r->features[j], "recency"))
			fx = j;
		if (!strcmp(r->features[j], "monetary"))
			fy = j;
	}
	step = (r->n + 1999) / 2000;
	if (step == 0)
		step = 1;
	ch = custagg_chart(ctx, "segmentation_scatter");
	cJSON_AddStringToObject(ch, "type", "scatter");
	cJSON_AddStringToObject(ch, "title", zh ? "\xe5\xae\xa2\xe6\x88\xb7\xe7\xbe\xa4\xe7\xbb\x84" : "Customer clusters");
	ax = cJSON_AddObjectToObject(ch, "x");
	cJSON_AddStringToObject(ax, "label", arena_printf(ctx->a, "log1p(%s)", r->features[fx]));
	cJSON_AddStringToObject(ax, "type", "number");
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "label", arena_printf(ctx->a, "log1p(%s)", r->features[fy]));
	ser = cJSON_AddArrayToObject(ch, "series");
	for (int c = 0; c < r->k; c++) {
		cJSON *s1 = cJSON_CreateObject(), *pts;
		cJSON_AddStringToObject(s1, "name", r->clusters[c].name);
		pts = cJSON_AddArrayToObject(s1, "points");
		for (size_t i = 0; i < r->n; i += step) {
			cJSON *p;
			double vx = r->x[i * r->d + fx], vy = r->x[i * r->d + fy];
			if (r->labels[i] != c)
				continue;
			p = cJSON_CreateArray();
			cJSON_AddItemToArray(p, cJSON_CreateNumber(round(log1p(vx > 0 ? vx : 0) * 1e4) / 1e4));
			cJSON_AddItemToArray(p, cJSON_CreateNumber(round(log1p(vy > 0 ? vy : 0) * 1e4) / 1e4));
			cJSON_AddItemToArray(pts, p);
		}
		cJSON_AddItemToArray(ser, s1);
	}
	line_chart(custagg_chart(ctx, "segmentation_elbow"), r, zh ? "\xe8\x82\x98\xe9\x83\xa8\xe5\x9b\xbe\xef\xbc\x88\xe6\x83\xaf\xe6\x80\xa7\xef\xbc\x89" : "Elbow (inertia by k)",
	                                 zh ? "\xe6\x83\xaf\xe6\x80\xa7" : "Inertia", 0, "number");
	line_chart(custagg_chart(ctx, "segmentation_silhouette"), r, zh ? "\xe8\xbd\xae\xe5\xbb\x93\xe7\xb3\xbb\xe6\x95\xb0" : "Silhouette by k",
	                                 zh ? "\xe8\xbd\xae\xe5\xbb\x93\xe7\xb3\xbb\xe6\x95\xb0" : "Silhouette", 1, "number");
	return o;
}

cJSON *
segmentation_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct segmentation_params p;
	struct segmentation_result *r;
	const char *err;
	double *x;
	int32_t *rows;
	size_t n = 0, d;
	const char **feat;
	if (segmentation_params_parse(ctx->a, params, &p, &err) != 0) {
		ctx->error = err;
		ctx->error_path = "analyses.segmentation";
		return NULL;
	}
	d = p.nfeatures ? p.nfeatures : 3;
	feat = arena_alloc(ctx->a, d * sizeof *feat);
	for (size_t j = 0; j < d; j++)
		feat[j] = p.nfeatures ? p.features[j] : rfm_features[j];
	if (p.use_customers) {
		const struct table *t = analysis_table_of(ctx, PROJECT_CUSTOMERS);
		const struct table_column *col[SEGMENTATION_MAX_FEATURES];
		if (!t) {
			analysis_note(ctx, "segmentation skipped: no 'customers' dataset");
			return NULL;
		}
		for (size_t j = 0; j < d; j++) {
			col[j] = table_column_find(t, feat[j]);
			if (!col[j] || col[j]->type == TABLE_TEXT) {
				ctx->error = arena_printf(ctx->a, "analysis 'segmentation': 'features': '%s' is %s",
				                          feat[j], col[j] ? "not a numeric column of customers"
				                                          : "not a column of customers");
				ctx->error_path = "analyses.segmentation.features";
				return NULL;
			}
		}
		x = xmalloc((t->nrows * d + 1) * sizeof *x);
		rows = arena_alloc(ctx->a, (t->nrows + 1) * sizeof *rows);
		for (size_t i = 0; i < t->nrows; i++) {
			size_t j;
			for (j = 0; j < d; j++)
				if (!isfinite(x[n * d + j] = col[j]->num[i]))
					break;
			if (j == d)
				rows[n++] = (int32_t)i;
		}
		if (n < t->nrows)
			analysis_note(ctx, "segmentation: %zu customers without every feature left out", t->nrows - n);
	} else {
		const struct custagg *ca = custagg_get(ctx);
		if (!ca) {
			analysis_note(ctx, "segmentation skipped: no orders to build RFM features from");
			return NULL;
		}
		x = xmalloc((ca->nactive * d + 1) * sizeof *x);
		rows = arena_alloc(ctx->a, (ca->nactive + 1) * sizeof *rows);
		for (size_t i = 0; i < ca->nactive; i++) {
			int32_t c = ca->active[i];
			for (size_t j = 0; j < d; j++)
				x[i * d + j] = feat[j][0] == 'r' ? ca->as_of - ca->last[c] :
				               feat[j][0] == 'f' ? ca->orders[c] : ca->monetary[c];
			rows[i] = c;
		}
		n = ca->nactive;
	}
	r = segmentation_fit(ctx->a, x, n, d, feat, &p, !p.use_customers, (project_locale(ctx->project) == LOCALE_ZH_CN));
	free(x);
	if (!r) {
		analysis_note(ctx, "segmentation skipped: fewer than 3 customers to cluster");
		return NULL;
	}
	r->rows = rows;
	r->from_customers = p.use_customers;
	if (!p.use_customers) {
		const struct custagg *ca = ctx->custagg;
		r->label_by_code = arena_alloc(ctx->a, (ca->n + 1) * sizeof *r->label_by_code);
		for (size_t c = 0; c < ca->n; c++)
			r->label_by_code[c] = -1;
		for (size_t i = 0; i < n; i++)
			r->label_by_code[rows[i]] = r->labels[i];
	}
	ctx->segmentation = r;
	return segmentation_model(r, ctx);
}

/* features fit the dataset (data-free) */
static int
check_segmentation(struct analysis_ctx *ctx, const cJSON *params)
{
	struct segmentation_params p;
	ctx->error_path = "analyses.segmentation";
	return segmentation_params_parse(ctx->a, params, &p, &ctx->error) != 0 ? -1 : 0;
}

static const struct jsoncheck_param params[] = {
	{ "dataset", JSONCHECK_ENUM, "customers|rfm", 0, 0, "\"rfm\"",
	  "the rows clustered: rfm customers or the customers dataset" },
	{ "features", JSONCHECK_STRS, NULL, 0, 0, "recency, frequency, monetary",
	  "columns to cluster on (at most 32; required with \"dataset\": \"customers\")" },
	{ "transform", JSONCHECK_ENUM, "log1p|none", 0, 0, "\"log1p\" for RFM features",
	  "transform before z-scoring" },
	{ "k", JSONCHECK_INT_OR_AUTO, NULL, 2, SEGMENTATION_MAX_K, "\"auto\"",
	  "number of clusters, or \"auto\": the best silhouette in k_range" },
	{ "k_range", JSONCHECK_INT_RANGE, NULL, 2, SEGMENTATION_MAX_K, "[2, 8]",
	  "candidates for \"auto\"" },
	{ "n_init", JSONCHECK_INT, NULL, 1, 10000, "10",
	  "k-means++ restarts" },
	{ "max_iter", JSONCHECK_INT, NULL, 1, 1e7, "300",
	  "Lloyd iterations at most" },
	{ "tol", JSONCHECK_NUM, NULL, 0, 1e6, "1e-4",
	  "tolerance on the centre shift" },
	{ "seed", JSONCHECK_INT, NULL, 0, 4294967295.0, "0",
	  "random seed" },
	{ "silhouette_sample", JSONCHECK_INT, NULL, 2, 1e15, "10000",
	  "rows for the silhouette (a seeded sample beyond)" },
};

const struct analysis segmentation_analysis = {
	.key = "segmentation",
	.doc = "k-means customer segments on log1p and z-scored features, k chosen by the silhouette",
	.needs = 0,
	.data = "the rfm table, or numeric customers columns",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.check = check_segmentation,
	.run = segmentation_run,
};
