/* SPDX-License-Identifier: MIT
 * rfmscore: RFM quintile scores (1-5) as pandas qcut(x.rank(method="first"), 5)
 * and RFM segments from the (R, F) score pair through a map of small patterns
 * ("5[4-5]" -> "Champions"). Part of src/stats; used by analysis/rfm. */
#ifndef STATS_RFMSCORE_H
#define STATS_RFMSCORE_H

#include <stddef.h>

/* Scores v[0..n) into score[0..n) (1..5). Ranks are 1-based positions after a
 * stable sort by value, so ties go by index order: pass customers in the order
 * that should break ties (the reference sorts by customer id). Bin k is the
 * smallest with 5 (pos - 1) <= k (n - 1) (numpy's linear quintile edges of 1..n,
 * right-closed, in exact integer arithmetic). higher_is_better = 0 reverses the
 * score (6 - bin): recency, where fewer days is better. NaN sorts last. */
void rfmscore_quintiles(const double *v, size_t n, int higher_is_better, int *score);

/* Full-string match of s against a pattern of literal characters and classes
 * "[1-2]", "[345]", "[^5]"; an optional leading '^' and trailing '$' are accepted
 * (the match is always anchored), '.' matches any character. Returns 1 on a match,
 * 0 otherwise, -1 for a malformed pattern (unclosed class). */
int rfmscore_match(const char *pattern, const char *s);

struct rfmscore_rule {
	const char *pattern;    /* over the two-character string "RF", e.g. "[1-2][3-4]" */
	const char *name;
};

/* The standard 10-segment map (DESIGN.md §6): every (R, F) pair matches one rule. */
extern const struct rfmscore_rule rfmscore_default_map[];
extern const size_t rfmscore_default_map_len;

/* Name of the first rule matching the pair (r, f), or NULL if none does. */
const char *rfmscore_segment(const struct rfmscore_rule *map, size_t nmap, int r, int f);

#endif
