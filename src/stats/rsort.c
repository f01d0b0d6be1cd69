/* SPDX-License-Identifier: MIT
 * rsort: LSD radix sorts. All digit histograms come from one read pass; the passes
 * ping-pong between the data and a scratch copy. Part of src/stats. */
#include "stats/rsort.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

#define DIGIT 11
#define NBUCKET ((size_t)1 << DIGIT)
#define NPASS ((64 + DIGIT - 1) / DIGIT)
#define SIGN 0x8000000000000000ull

uint64_t
rsort_dkey(double x)
{
	uint64_t u;
	if (x != x)
		return UINT64_MAX;
	if (x == 0)
		x = 0;
	memcpy(&u, &x, sizeof u);
	return (u & SIGN) ? ~u : (u | SIGN);
}

int
rsort_cmp(double a, double b)
{
	if (a != a || b != b)
		return (a != a) - (b != b);
	return (a > b) - (a < b);
}

double
rsort_dval(uint64_t k)
{
	double x;
	k = (k & SIGN) ? (k & ~SIGN) : ~k;
	memcpy(&x, &k, sizeof x);
	return x;
}

/* Histograms of every digit; turns each into starting offsets. Returns a mask of
 * the passes that must run (a digit equal in every key needs none). */
static unsigned
offsets(const uint64_t *k, size_t n, size_t *cnt)
{
	unsigned need = 0;
	memset(cnt, 0, NPASS * NBUCKET * sizeof *cnt);
	for (size_t i = 0; i < n; i++) {
		uint64_t v = k[i];
		for (int d = 0; d < NPASS; d++)
			cnt[d * NBUCKET + ((v >> (d * DIGIT)) & (NBUCKET - 1))]++;
	}
	for (int d = 0; d < NPASS; d++) {
		size_t *c = cnt + d * NBUCKET, sum = 0;
		if (c[(k[0] >> (d * DIGIT)) & (NBUCKET - 1)] == n)
			continue;
		need |= 1u << d;
		for (size_t b = 0; b < NBUCKET; b++) {
			size_t t = c[b];
			c[b] = sum;
			sum += t;
		}
	}
	return need;
}

/* The passes: keys ping-pong between k and ktmp, and v (NULL: none) with them. */
static void
sort(uint64_t *k, uint32_t *v, size_t n, uint64_t *ktmp)
{
	if (n < 2)
		return;
	size_t *cnt = xmalloc(NPASS * NBUCKET * sizeof *cnt);
	unsigned need = offsets(k, n, cnt);
	uint64_t *ks = k, *kd = ktmp;
	uint32_t *vtmp = v && need ? xmalloc(n * sizeof *vtmp) : NULL, *vs = v, *vd = vtmp;
	for (int d = 0; d < NPASS; d++) {
		if (!(need & (1u << d)))
			continue;
		size_t *c = cnt + d * NBUCKET;
		int shift = d * DIGIT;
		for (size_t i = 0; i < n; i++) {
			size_t at = c[(ks[i] >> shift) & (NBUCKET - 1)]++;
			kd[at] = ks[i];
			if (vs)
				vd[at] = vs[i];
		}
		uint64_t *kt = ks;
		ks = kd;
		kd = kt;
		uint32_t *vt = vs;
		vs = vd;
		vd = vt;
	}
	if (ks != k) {
		memcpy(k, ks, n * sizeof *k);
		if (v)
			memcpy(v, vs, n * sizeof *v);
	}
	free(vtmp);
	free(cnt);
}

void
rsort_keys(uint64_t *k, uint64_t *tmp, size_t n)
{
	sort(k, NULL, n, tmp);
}

void
rsort_pairs(uint64_t *k, uint32_t *v, size_t n)
{
	if (n < 2)
		return;
	uint64_t *ktmp = xmalloc(n * sizeof *ktmp);
	sort(k, v, n, ktmp);
	free(ktmp);
}
