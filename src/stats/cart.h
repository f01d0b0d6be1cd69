/* SPDX-License-Identifier: MIT
 * cart: CART classification tree (Gini) on numeric features, grown depth-first
 * with deterministic tie-breaking, plus prediction and readable rules text.
 * Part of src/stats (plain arrays in, struct out); used by analysis/drivers. Text
 * features arrive from the analysis layer as 0/1 indicator columns. */
#ifndef STATS_CART_H
#define STATS_CART_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

struct cart_options {
	int max_depth;              /* default 3; the root is depth 0 */
	size_t min_samples_leaf;    /* default 1 (DESIGN.md's analysis uses 20) */
	size_t min_samples_split;   /* default 2 */
};

void cart_options_default(struct cart_options *o);

struct cart_node {
	int feature;            /* -1 for a leaf */
	double threshold;       /* go left when x[feature] <= threshold */
	int left, right;        /* child node indices, -1 for a leaf */
	int depth;
	size_t samples;
	size_t *counts;         /* nclass entries (arena) */
	int predicted;          /* class with the largest count; ties -> lowest class */
	double gini;
};

/* Nodes are numbered in depth-first pre-order (root 0, then the whole left
 * subtree, then the right), as sklearn's tree_ arrays. */
struct cart_tree {
	size_t nnodes, nfeatures;
	int nclass;
	struct cart_node *nodes;  /* arena */
	double accuracy;          /* training accuracy */
};

/* Grow a tree on n rows (n < 2^32): x holds p columns of n finite numbers
 * (column-major, x[f * n + i]: each node scans one feature at a time), y[i] in
 * [0, nclass).
 * A node is split when depth < max_depth, it holds >= min_samples_split rows, its
 * Gini impurity is > 0, and some split leaves >= min_samples_leaf rows per side.
 * Candidate thresholds are midpoints of adjacent distinct values (the lower value
 * if the midpoint rounds up to the upper one). The split with the largest Gini
 * decrease wins; ties go to the first feature in column order, then the lowest
 * threshold (a later candidate must be strictly better to replace the best).
 * opt NULL = defaults. Memory from a. */
void cart_fit(struct arena *a, const double *x, size_t n, size_t p, const int *y, int nclass,
              const struct cart_options *opt, struct cart_tree *out);

/* Gini importance per feature (imp has p entries): the total weighted impurity
 * decrease of the feature's splits, normalised to sum 1 (all 0 for a stump), as
 * sklearn's feature_importances_. */
void cart_importances(const struct cart_tree *t, double *imp);

/* Leaf index reached by one row (p values). */
int cart_leaf(const struct cart_tree *t, const double *row);
/* Predicted class of one row. */
int cart_predict(const struct cart_tree *t, const double *row);

/* How a feature reads in rules. Numeric: name only ("tenure <= 16.5",
 * "5.5 < tenure <= 15.5"). Indicator (is_true set): left (<= threshold) reads
 * is_false, right reads is_true ("Contract is Month-to-month"). */
struct cart_feature_text {
	const char *name;
	const char *is_true, *is_false;
};

/* One line per leaf, in node order:
 *   if tenure <= 15.5 and Contract is Month-to-month then Yes (69%, 1036 rows)
 * class_names has nclass entries; the percentage is the predicted class's share of
 * the leaf. Conditions on the same feature along a path are merged. The root-only
 * tree prints "always <class> (..)". Appends to out. */
void cart_rules(const struct cart_tree *t, const struct cart_feature_text *features,
                const char *const *class_names, struct buf *out);

#endif
