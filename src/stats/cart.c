/* SPDX-License-Identifier: MIT
 * cart: depth-first CART growth (every feature radix-sorted once at the root and
 * its order kept by stable partitions down the tree; each node sweeps the class
 * counts), prediction, and rules text. Part of src/stats. */
#include "stats/cart.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "stats/rsort.h"

void
cart_options_default(struct cart_options *o)
{
	o->max_depth = 3;
	o->min_samples_leaf = 1;
	o->min_samples_split = 2;
}

struct grow {
	struct arena *a;
	const double *xc;         /* x: p columns of n values */
	const int *y;
	size_t n, p;
	int nclass;
	struct cart_options o;
	struct cart_node *nodes;
	size_t nnodes, cap;
	uint32_t *order;          /* p runs of n row numbers, each sorted by its feature */
	uint32_t *tmp;            /* n, partition scratch */
	unsigned char *left;      /* n, 1 when the row goes to the left child */
	size_t *left_counts;
};

static double
gini_of(const size_t *c, int k, size_t n)
{
	if (n == 0)
		return 0;
	double s = 0;
	for (int j = 0; j < k; j++) {
		double q = (double)c[j] / (double)n;
		s += q * q;
	}
	return 1 - s;
}

/* sum_c n_c^2 / n: larger means purer; the split maximising the sum of both sides
 * maximises the weighted Gini decrease. */
static double
purity(const size_t *c, int k, size_t n)
{
	double s = 0;
	for (int j = 0; j < k; j++)
		s += (double)c[j] * (double)c[j];
	return n ? s / (double)n : 0;
}

/* The node's n rows are order[f * g->n + lo ..][0 .. n) for every feature f, in
 * that feature's order. Only where adjacent values differ is a split considered, so the
 * order among equal values (which the presort leaves to row number) never matters. */
static int
grow(struct grow *g, size_t lo, size_t n, int depth)
{
	if (g->nnodes == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->nodes = xreallocarray(g->nodes, g->cap, sizeof *g->nodes);
	}
	int id = (int)g->nnodes++;
	struct cart_node *nd = &g->nodes[id];
	int k = g->nclass;
	const uint32_t *rows = g->order + lo;
	nd->counts = arena_calloc(g->a, (size_t)k, sizeof *nd->counts);
	for (size_t i = 0; i < n; i++)
		nd->counts[g->y[rows[i]]]++;
	nd->samples = n;
	nd->depth = depth;
	nd->feature = -1;
	nd->left = nd->right = -1;
	nd->threshold = NAN;
	nd->gini = gini_of(nd->counts, k, n);
	nd->predicted = 0;
	for (int j = 1; j < k; j++)
		if (nd->counts[j] > nd->counts[nd->predicted])
			nd->predicted = j;
	if (depth >= g->o.max_depth || n < g->o.min_samples_split || nd->gini <= 0 ||
	    n < 2 * g->o.min_samples_leaf)
		return id;

	int best_f = -1;
	double best_thr = 0, best_score = -INFINITY;
	size_t *lc = g->left_counts, *rc = lc + k;
	const size_t *total = nd->counts, p = g->p, minleaf = g->o.min_samples_leaf;
	for (size_t f = 0; f < p; f++) {
		const uint32_t *o = g->order + f * g->n + lo;
		const double *col = g->xc + f * g->n;
		memset(lc, 0, (size_t)k * sizeof *lc);
		double v = col[o[0]];
		for (size_t i = 0; i + 1 < n; i++) {
			double next = col[o[i + 1]];
			lc[g->y[o[i]]]++;
			if (v == next)
				continue;
			double lo_v = v;
			v = next;
			size_t nl = i + 1, nr = n - nl;
			if (nl < minleaf || nr < minleaf)
				continue;
			for (int j = 0; j < k; j++)
				rc[j] = total[j] - lc[j];
			double s = purity(lc, k, nl) + purity(rc, k, nr);
			if (s > best_score) {
				double mid = lo_v / 2 + next / 2;
				best_score = s;
				best_f = (int)f;
				best_thr = mid >= next ? lo_v : mid;
			}
		}
	}
	if (best_f < 0)
		return id;
	/* Stable partition of every feature's run: the left rows first, each side in
	 * its feature's order. */
	size_t nl = 0;
	const double *bcol = g->xc + (size_t)best_f * g->n;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = rows[i];
		g->left[r] = bcol[r] <= best_thr;
		nl += g->left[r];
	}
	for (size_t f = 0; f < p; f++) {
		uint32_t *o = g->order + f * g->n + lo;
		size_t l = 0, r = 0;
		for (size_t i = 0; i < n; i++)
			if (g->left[o[i]])
				o[l++] = o[i];
			else
				g->tmp[r++] = o[i];
		memcpy(o + l, g->tmp, r * sizeof *o);
	}
	g->nodes[id].feature = best_f;
	g->nodes[id].threshold = best_thr;
	int l = grow(g, lo, nl, depth + 1);
	g->nodes[id].left = l;
	int r = grow(g, lo + nl, n - nl, depth + 1);
	g->nodes[id].right = r;
	return id;
}

void
cart_fit(struct arena *a, const double *x, size_t n, size_t p, const int *y, int nclass,
         const struct cart_options *opt, struct cart_tree *out)
{
	struct grow g = { 0 };
	g.a = a;
	g.y = y;
	g.n = n;
	g.p = p;
	g.nclass = nclass;
	if (opt)
		g.o = *opt;
	else
		cart_options_default(&g.o);
	if (g.o.min_samples_leaf < 1)
		g.o.min_samples_leaf = 1;
	if (g.o.min_samples_split < 2)
		g.o.min_samples_split = 2;
	size_t n1 = n ? n : 1;
	g.order = xreallocarray(NULL, p ? p : 1, n1 * sizeof *g.order);
	g.tmp = xmalloc(n1 * sizeof *g.tmp);
	g.left = xmalloc(n1);
	g.left_counts = xmalloc(2 * (size_t)nclass * sizeof *g.left_counts);
	uint64_t *key = xmalloc(n1 * sizeof *key);
	for (size_t f = 0; f < p; f++) {
		uint32_t *o = g.order + f * n;
		for (size_t i = 0; i < n; i++) {
			key[i] = rsort_dkey(x[f * n + i]);
			o[i] = (uint32_t)i;
		}
		rsort_pairs(key, o, n);
	}
	free(key);
	g.xc = x;
	grow(&g, 0, n, 0);
	out->nnodes = g.nnodes;
	out->nfeatures = p;
	out->nclass = nclass;
	out->nodes = arena_alloc(a, g.nnodes * sizeof *out->nodes);
	memcpy(out->nodes, g.nodes, g.nnodes * sizeof *out->nodes);
	size_t right = 0;
	for (size_t i = 0; i < n; i++) {
		int id = 0;
		while (out->nodes[id].feature >= 0)
			id = x[(size_t)out->nodes[id].feature * n + i] <= out->nodes[id].threshold ?
			     out->nodes[id].left : out->nodes[id].right;
		right += out->nodes[id].predicted == y[i];
	}
	out->accuracy = n ? (double)right / (double)n : NAN;
	free(g.nodes);
	free(g.order);
	free(g.tmp);
	free(g.left);
	free(g.left_counts);
}

void
cart_importances(const struct cart_tree *t, double *imp)
{
	double total = 0;
	for (size_t f = 0; f < t->nfeatures; f++)
		imp[f] = 0;
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct cart_node *nd = &t->nodes[i];
		if (nd->feature < 0)
			continue;
		const struct cart_node *l = &t->nodes[nd->left], *r = &t->nodes[nd->right];
		imp[nd->feature] += (double)nd->samples * nd->gini - (double)l->samples * l->gini -
		                    (double)r->samples * r->gini;
	}
	for (size_t f = 0; f < t->nfeatures; f++)
		total += imp[f];
	for (size_t f = 0; f < t->nfeatures; f++)
		imp[f] = total > 0 ? imp[f] / total : 0;
}

int
cart_leaf(const struct cart_tree *t, const double *row)
{
	int i = 0;
	while (t->nodes[i].feature >= 0)
		i = row[t->nodes[i].feature] <= t->nodes[i].threshold ? t->nodes[i].left : t->nodes[i].right;
	return i;
}

int
cart_predict(const struct cart_tree *t, const double *row)
{
	return t->nodes[cart_leaf(t, row)].predicted;
}

struct bound {
	int used, order;
	double lo, hi;          /* lo < x <= hi; -inf/+inf when open */
};

static void
rules_walk(const struct cart_tree *t, int id, const struct cart_feature_text *ft,
           const char *const *cls, struct bound *b, int *order, struct buf *out)
{
	const struct cart_node *nd = &t->nodes[id];
	if (nd->feature >= 0) {
		struct bound save = b[nd->feature];
		int so = *order;
		struct bound *fb = &b[nd->feature];
		if (!fb->used) {
			fb->used = 1;
			fb->order = (*order)++;
		}
		fb->hi = fmin(fb->hi, nd->threshold);
		rules_walk(t, nd->left, ft, cls, b, order, out);
		fb->hi = save.hi;
		fb->lo = fmax(fb->lo, nd->threshold);
		rules_walk(t, nd->right, ft, cls, b, order, out);
		b[nd->feature] = save;
		*order = so;
		return;
	}
	int first = 1;
	for (int o = 0; o < *order; o++)
		for (size_t f = 0; f < t->nfeatures; f++) {
			if (!b[f].used || b[f].order != o)
				continue;
			buf_puts(out, first ? "if " : " and ");
			first = 0;
			if (ft[f].is_true) {
				if (b[f].lo > -INFINITY)
					buf_puts(out, ft[f].is_true);
				else if (ft[f].is_false)
					buf_puts(out, ft[f].is_false);
				else
					buf_printf(out, "not %s", ft[f].is_true);
			} else if (b[f].lo > -INFINITY && b[f].hi < INFINITY) {
				buf_printf(out, "%.10g < %s <= %.10g", b[f].lo, ft[f].name, b[f].hi);
			} else if (b[f].lo > -INFINITY) {
				buf_printf(out, "%s > %.10g", ft[f].name, b[f].lo);
			} else {
				buf_printf(out, "%s <= %.10g", ft[f].name, b[f].hi);
			}
		}
	double share = nd->samples ? 100.0 * (double)nd->counts[nd->predicted] / (double)nd->samples : 0;
	buf_printf(out, "%s%s (%.0f%%, %zu rows)\n", first ? "always " : " then ",
	           cls[nd->predicted], share, nd->samples);
}

void
cart_rules(const struct cart_tree *t, const struct cart_feature_text *features,
           const char *const *class_names, struct buf *out)
{
	if (t->nnodes == 0)
		return;
	struct bound *b = xcalloc(t->nfeatures ? t->nfeatures : 1, sizeof *b);
	for (size_t f = 0; f < t->nfeatures; f++) {
		b[f].lo = -INFINITY;
		b[f].hi = INFINITY;
	}
	int order = 0;
	rules_walk(t, 0, features, class_names, b, &order, out);
	free(b);
}
