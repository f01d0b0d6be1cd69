/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/rfmscore: every customer's R, F, M scores and segment
 * against data/online_retail (rfm_per_customer.csv, reference.json),
 * plus the pattern matcher on hand cases. */
#include "testutil.h"

#include <cJSON.h>

#include "stats/rfmscore.h"

static cJSON *
load_reference(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/online_retail/reference.json", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	if (!txt)
		return NULL;
	cJSON *j = cJSON_Parse(txt);
	free(txt);
	return j;
}

static void
test_pattern_matcher(void **state)
{
	(void)state;
	assert_int_equal(rfmscore_match("5[4-5]", "54"), 1);
	assert_int_equal(rfmscore_match("^5[4-5]$", "55"), 1);
	assert_int_equal(rfmscore_match("5[4-5]", "53"), 0);
	assert_int_equal(rfmscore_match("5[4-5]", "545"), 0);   /* anchored */
	assert_int_equal(rfmscore_match("5[4-5]", "5"), 0);
	assert_int_equal(rfmscore_match("[135]1", "31"), 1);
	assert_int_equal(rfmscore_match("[^5]1", "51"), 0);
	assert_int_equal(rfmscore_match("[^5]1", "41"), 1);
	assert_int_equal(rfmscore_match(".3", "23"), 1);
	assert_int_equal(rfmscore_match("[1-2", "1"), -1);
	assert_null(rfmscore_segment(rfmscore_default_map, 0, 5, 5));
}

/* Hand case, n = 6: edges 1 + k (n-1)/5 = 1, 2, 3, 4, 5, 6, so positions 1..6 get
 * bins 1, 1, 2, 3, 4, 5. Values {10, 5, 5, 7, 1, 5}: sorted stably by (value, index)
 * -> 1(i4) 5(i1) 5(i2) 5(i5) 7(i3) 10(i0), so i4=1, i1=1, i2=2, i5=3, i3=4, i0=5;
 * reversed (6 - bin): i4=5, i1=5, i2=4, i5=3, i3=2, i0=1. */
static void
test_quintiles_hand(void **state)
{
	(void)state;
	double v[] = { 10, 5, 5, 7, 1, 5 };
	int s[6], want[] = { 5, 1, 2, 4, 1, 3 };
	rfmscore_quintiles(v, 6, 1, s);
	for (int i = 0; i < 6; i++)
		assert_int_equal(s[i], want[i]);
	rfmscore_quintiles(v, 6, 0, s);
	for (int i = 0; i < 6; i++)
		assert_int_equal(s[i], 6 - want[i]);
	/* negatives, -0 tied with 0 (index order), missing values last: sorted positions
	 * -5 -1 0 -0 0 1 2 3 NaN NaN take bins 1 1 2 2 3 3 4 4 5 5 */
	double w[] = { NAN, -1, 0.0, -0.0, 3, NAN, 2, -5, 0, 1 };
	int t[10], wantw[] = { 5, 1, 2, 2, 4, 5, 4, 1, 3, 3 };
	rfmscore_quintiles(w, 10, 1, t);
	for (int i = 0; i < 10; i++)
		assert_int_equal(t[i], wantw[i]);
}

static void
test_online_retail(void **state)
{
	(void)state;
	cJSON *ref = load_reference();
	assert_non_null(ref);
	/* the default map reproduces segment_map_RF for all 25 pairs */
	cJSON *map = cJSON_GetObjectItem(ref, "segment_map_RF");
	assert_int_equal(cJSON_GetArraySize(map), 25);
	const cJSON *e;
	cJSON_ArrayForEach(e, map) {
		const char *seg = rfmscore_segment(rfmscore_default_map, rfmscore_default_map_len,
		                                   e->string[0] - '0', e->string[1] - '0');
		assert_non_null(seg);
		assert_string_equal(seg, e->valuestring);
	}

	char path[512];
	snprintf(path, sizeof path, "%s/data/online_retail/rfm_per_customer.csv", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	assert_non_null(txt);
	size_t cap = 8192, n = 0;
	double *rec = malloc(cap * sizeof *rec), *freq = malloc(cap * sizeof *freq),
	       *mon = malloc(cap * sizeof *mon), prev_id = -1;
	int (*want)[3] = malloc(cap * sizeof *want);
	char (*seg)[32] = malloc(cap * sizeof *seg);
	char *save = NULL;
	strtok_r(txt, "\r\n", &save);
	for (char *line = strtok_r(NULL, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *f[9];
		int k = 0;
		f[k++] = line;
		for (char *p = line; *p && k < 9; p++)
			if (*p == ',') {
				*p = '\0';
				f[k++] = p + 1;
			}
		assert_int_equal(k, 9);
		assert_true(n < cap);
		double id = atof(f[0]);
		assert_true(id > prev_id);   /* customers in id order: ties break by id */
		prev_id = id;
		rec[n] = atof(f[1]);
		freq[n] = atof(f[2]);
		mon[n] = atof(f[3]);
		want[n][0] = atoi(f[4]);
		want[n][1] = atoi(f[5]);
		want[n][2] = atoi(f[6]);
		snprintf(seg[n], sizeof seg[n], "%s", f[8]);
		n++;
	}
	free(txt);
	assert_int_equal(n, (size_t)cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "rfm_summary"), "customers")->valuedouble);
	int *r = malloc(n * sizeof *r), *fs = malloc(n * sizeof *fs), *m = malloc(n * sizeof *m);
	rfmscore_quintiles(rec, n, 0, r);
	rfmscore_quintiles(freq, n, 1, fs);
	rfmscore_quintiles(mon, n, 1, m);
	long counts[3][6] = { { 0 } };
	cJSON *segc = cJSON_GetObjectItem(ref, "segment_counts");
	long *segn = calloc((size_t)cJSON_GetArraySize(segc), sizeof *segn);
	for (size_t i = 0; i < n; i++) {
		if (r[i] != want[i][0] || fs[i] != want[i][1] || m[i] != want[i][2])
			fail_msg("customer row %zu: got %d%d%d, expected %d%d%d", i, r[i], fs[i], m[i],
			         want[i][0], want[i][1], want[i][2]);
		const char *s = rfmscore_segment(rfmscore_default_map, rfmscore_default_map_len, r[i], fs[i]);
		assert_non_null(s);
		assert_string_equal(s, seg[i]);
		counts[0][r[i]]++;
		counts[1][fs[i]]++;
		counts[2][m[i]]++;
		int k = 0;
		cJSON_ArrayForEach(e, segc) {
			if (strcmp(e->string, s) == 0)
				segn[k]++;
			k++;
		}
	}
	static const char *letters[] = { "R", "F", "M" };
	cJSON *sc = cJSON_GetObjectItem(ref, "rfm_score_counts");
	for (int l = 0; l < 3; l++)
		for (int b = 1; b <= 5; b++) {
			char key[2] = { (char)('0' + b), 0 };
			assert_int_equal(counts[l][b],
			                 (long)cJSON_GetObjectItem(cJSON_GetObjectItem(sc, letters[l]), key)->valuedouble);
		}
	int k = 0;
	cJSON_ArrayForEach(e, segc)
		assert_int_equal(segn[k++], (long)e->valuedouble);
	free(segn);
	free(r);
	free(fs);
	free(m);
	free(rec);
	free(freq);
	free(mon);
	free(want);
	free(seg);
	cJSON_Delete(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_matcher),
		cmocka_unit_test(test_quintiles_hand),
		cmocka_unit_test(test_online_retail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
