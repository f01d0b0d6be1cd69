/* SPDX-License-Identifier: MIT
 * metrics: binary classification metrics on plain arrays (src/stats): confusion
 * matrix at a threshold, accuracy/precision/recall/F1, ROC curve, AUC (Mann-Whitney,
 * ties count half, O(n log n)) and a seeded stratified train/test split. Labels are
 * ints, nonzero = positive; scores are doubles (higher = more likely positive). */
#ifndef STATS_METRICS_H
#define STATS_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct metrics_confusion {
	size_t tp, fp, tn, fn;
	double accuracy;
	double precision;   /* tp / (tp + fp); 0 when nothing is predicted positive (sklearn's zero_division=0) */
	double recall;      /* tp / (tp + fn); 0 when there are no positives */
	double f1;          /* 2 P R / (P + R); 0 when P + R = 0 */
};

/* Predicted positive when score[i] >= threshold. */
void metrics_confusion(const int *y, const double *score, size_t n, double threshold,
                       struct metrics_confusion *out);

/* Area under the ROC curve = P(score+ > score-) + P(tie)/2. NaN when one class is
 * absent. Allocates O(n) scratch. */
double metrics_auc(const int *y, const double *score, size_t n);

/* ROC points as sklearn.metrics.roc_curve(drop_intermediate=False): the first point
 * is (0, 0) at threshold +inf, then one point per distinct score in decreasing
 * order (predict positive when score >= thr). Arrays xmalloc'd; metrics_roc_finish. */
struct metrics_roc {
	size_t n;
	double *fpr, *tpr, *thr;
};
void metrics_roc_curve(const int *y, const double *score, size_t n, struct metrics_roc *roc);
void metrics_roc_finish(struct metrics_roc *roc);

/* Seeded stratified split: within each class (y == 0, y != 0), round(test_frac *
 * class size) rows chosen uniformly get is_test[i] = 1, the rest 0. Same seed, same
 * input -> same split. test_frac in [0, 1]. Returns the number of test rows. */
size_t metrics_stratified_split(const int *y, size_t n, double test_frac, uint64_t seed,
                                unsigned char *is_test);

/* Seeded stratified k-fold assignment: within each class (y == 0, y != 0) the rows
 * are shuffled (seeded as metrics_stratified_split) and dealt to folds 0..k-1 in
 * turn, so every fold holds floor or ceil of class size / k rows of each class.
 * fold[i] gets the fold of row i. k >= 2. */
void metrics_stratified_folds(const int *y, size_t n, size_t k, uint64_t seed, int *fold);

/* Mean squared error of probabilities against 0/1 labels (the Brier score); NaN
 * when n = 0. */
double metrics_brier(const int *y, const double *prob, size_t n);

#endif
