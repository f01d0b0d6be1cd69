/* SPDX-License-Identifier: MIT
 * rfmscore: quintile scores by stable rank and the (R, F) segment map with a tiny
 * anchored pattern matcher (literals, '.', character classes). Part of src/stats. */
#include "stats/rfmscore.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "stats/rsort.h"

/* Ranks by a stable radix sort on (value, position): ties keep their input order,
 * missing values rank after every number. */
void
rfmscore_quintiles(const double *v, size_t n, int higher_is_better, int *score)
{
	if (n == 0)
		return;
	uint64_t *key = xmalloc(n * sizeof *key);
	uint32_t *ord = xmalloc(n * sizeof *ord);
	for (size_t i = 0; i < n; i++) {
		key[i] = isnan(v[i]) ? UINT64_MAX : rsort_dkey(v[i]);
		ord[i] = (uint32_t)i;
	}
	rsort_pairs(key, ord, n);
	for (size_t p = 0; p < n; p++) {
		/* pos - 1 = p; bin k: smallest with 5 p <= k (n - 1) */
		int k = 1;
		while (k < 5 && 5 * (unsigned long long)p > (unsigned long long)k * (n - 1))
			k++;
		score[ord[p]] = higher_is_better ? k : 6 - k;
	}
	free(key);
	free(ord);
}

/* Matches one class starting after '['; *pp is left after ']'. -1 if unclosed. */
static int
match_class(const char **pp, char c)
{
	const char *p = *pp;
	int neg = 0, hit = 0;
	if (*p == '^') {
		neg = 1;
		p++;
	}
	int first = 1;
	while (*p && (*p != ']' || first)) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (c >= p[0] && c <= p[2])
				hit = 1;
			p += 3;
		} else {
			if (c == *p)
				hit = 1;
			p++;
		}
		first = 0;
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return hit != neg;
}

int
rfmscore_match(const char *pattern, const char *s)
{
	const char *p = pattern;
	int ok = 1;
	if (*p == '^')
		p++;
	while (*p && !(p[0] == '$' && p[1] == '\0')) {
		if (*p == '[') {
			p++;
			int r = match_class(&p, *s);
			if (r < 0)
				return -1;
			if (!*s || !r)
				ok = 0;
		} else {
			if (!*s || (*p != '.' && *p != *s))
				ok = 0;
			p++;
		}
		if (*s)
			s++;
	}
	return ok && *s == '\0';
}

const struct rfmscore_rule rfmscore_default_map[] = {
	{ "[1-2][1-2]", "Hibernating" },
	{ "[1-2][3-4]", "At Risk" },
	{ "[1-2]5", "Cannot Lose Them" },
	{ "3[1-2]", "About To Sleep" },
	{ "33", "Need Attention" },
	{ "[3-4][4-5]", "Loyal Customers" },
	{ "41", "Promising" },
	{ "51", "New Customers" },
	{ "[4-5][2-3]", "Potential Loyalists" },
	{ "5[4-5]", "Champions" },
};
const size_t rfmscore_default_map_len = sizeof rfmscore_default_map / sizeof rfmscore_default_map[0];

const char *
rfmscore_segment(const struct rfmscore_rule *map, size_t nmap, int r, int f)
{
	char key[3] = { (char)('0' + r), (char)('0' + f), '\0' };
	for (size_t i = 0; i < nmap; i++)
		if (rfmscore_match(map[i].pattern, key) == 1)
			return map[i].name;
	return NULL;
}
