/* SPDX-License-Identifier: MIT
 * rsort: stable LSD radix sorts on 64-bit keys, and the order-preserving map of a
 * double onto such a key. O(n) per pass, 11-bit digits, digits that are equal in
 * every key are skipped (0/1 indicators sort in one pass). Part of src/stats; used by
 * survival (event times) and cart (the per-feature presort). */
#ifndef STATS_RSORT_H
#define STATS_RSORT_H

#include <stddef.h>
#include <stdint.h>

/* Unsigned key with the order of the doubles (-0 and +0 map to one key). Every NaN
 * maps to one key above +inf (UINT64_MAX): NaNs sort last and tie with each other. */
uint64_t rsort_dkey(double x);
/* Inverse of rsort_dkey (+0 for the zero key). */
double rsort_dval(uint64_t k);

/* The same order on doubles, for comparison sorts and loops over groups of ties:
 * rsort_cmp is -1, 0 or 1 with NaN after every number and equal to NaN; rsort_tied
 * is 1 when a and b fall in one group (equal, or both NaN). A loop that groups ties
 * with a == b alone never leaves a NaN. */
int rsort_cmp(double a, double b);
static inline int rsort_tied(double a, double b) { return a == b || (a != a && b != b); }

/* Sort k[0..n) ascending; tmp[0..n) is scratch. */
void rsort_keys(uint64_t *k, uint64_t *tmp, size_t n);

/* Sort k[0..n) ascending and apply the same permutation to v[0..n); stable, so equal
 * keys keep the order of v they came in. */
void rsort_pairs(uint64_t *k, uint32_t *v, size_t n);

#endif
