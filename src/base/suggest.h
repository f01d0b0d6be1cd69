/* SPDX-License-Identifier: MIT
 * suggest: "did you mean" hints: the case-insensitive edit distance between two names
 * and the closest of a list of candidates. Used by the project file checks, the
 * column lookups and the command line. */
#ifndef BASE_SUGGEST_H
#define BASE_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance of a and b (insertions, deletions and substitutions cost 1;
 * letters compared case-insensitively, ASCII only). SIZE_MAX when either is longer
 * than SUGGEST_MAX_LEN bytes. */
#define SUGGEST_MAX_LEN 64
size_t suggest_distance(const char *a, const char *b);

/* The candidate of cands[0..n) closest to name (the first of equals; the list also
 * ends at a NULL entry), or NULL when none is reasonably close: the distance is at
 * most a third of name's length plus one (1 for names shorter than 3 bytes), and
 * smaller than the longer of the two lengths (a hint shares something with the name). */
const char *suggest_closest(const char *name, const char *const *cands, size_t n);

#endif
