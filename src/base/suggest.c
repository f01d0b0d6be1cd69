/* SPDX-License-Identifier: MIT
 * suggest: edit distance (two rows of the dynamic programming table) and the closest
 * candidate for "did you mean" hints (see suggest.h). */
#include "base/suggest.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

size_t
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[SUGGEST_MAX_LEN + 1], cur[SUGGEST_MAX_LEN + 1];
	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

const char *
suggest_closest(const char *name, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX, len = strlen(name), blen;
	for (size_t i = 0; i < n && cands[i]; i++) {
		size_t dist = suggest_distance(name, cands[i]);
		if (dist < bestd) {
			bestd = dist;
			best = cands[i];
		}
	}
	if (!best)
		return NULL;
	blen = strlen(best);
	if (bestd <= (len < 3 ? 1 : len / 3 + 1) && bestd < (len > blen ? len : blen))
		return best;
	return NULL;
}
