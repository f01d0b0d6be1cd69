/* SPDX-License-Identifier: MIT
 * rfmscore: quintile scores by stable rank and the (R, F) segment map with a tiny
 * anchored pattern matcher (literals, '.', character classes). Part of src/stats. */
#include "stats/rfmscore.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"

struct item {
	double v;
	size_t i;
};

static int
cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int na = isnan(a->v), nb = isnan(b->v);
	if (na != nb)
		return na - nb;
	if (!na && a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

void
rfmscore_quintiles(const double *v, size_t n, int higher_is_better, int *score)
{
	if (n == 0)
		return;
	struct item *it = xmalloc(n * sizeof *it);
	for (size_t i = 0; i < n; i++) {
		it[i].v = v[i];
		it[i].i = i;
	}
	qsort(it, n, sizeof *it, cmp_item);
	for (size_t p = 0; p < n; p++) {
		/* pos - 1 = p; bin k: smallest with 5 p <= k (n - 1) */
		int k = 1;
		while (k < 5 && 5 * (unsigned long long)p > (unsigned long long)k * (n - 1))
			k++;
		score[it[p].i] = higher_is_better ? k : 6 - k;
	}
	free(it);
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
