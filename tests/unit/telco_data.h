/* SPDX-License-Identifier: MIT
 * Test helper for test_survival / test_cox: loads the IBM Telco churn CSV from
 * data/telco_churn (no quoted fields in that file) and the R reference
 * JSON, so reference numbers are read at test time. */
#ifndef TESTS_TELCO_DATA_H
#define TESTS_TELCO_DATA_H

#include <cJSON.h>

struct telco {
	size_t n;
	double *tenure, *monthly;
	int *churn, *senior, *contract, *fiber, *paperless;   /* contract: 0 month-to-month, 1 one year, 2 two year */
};

/* Splits a CSV line in place on commas (no quoting); returns the number of fields. */
static inline int
telco_split(char *line, char **f, int maxf)
{
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < maxf; p++)
		if (*p == ',') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static inline int
telco_load(struct telco *t)
{
	char path[512];
	memset(t, 0, sizeof *t);
	snprintf(path, sizeof path, "%s/data/telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv",
	         test_repo_dir());
	char *txt = test_read_file(path, NULL);
	if (!txt)
		return -1;
	size_t cap = 8192;
	t->tenure = malloc(cap * sizeof *t->tenure);
	t->monthly = malloc(cap * sizeof *t->monthly);
	t->churn = malloc(cap * sizeof *t->churn);
	t->senior = malloc(cap * sizeof *t->senior);
	t->contract = malloc(cap * sizeof *t->contract);
	t->fiber = malloc(cap * sizeof *t->fiber);
	t->paperless = malloc(cap * sizeof *t->paperless);
	char *save = NULL;
	int header = 1;
	for (char *line = strtok_r(txt, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *f[32];
		if (header) {
			header = 0;
			continue;
		}
		if (telco_split(line, f, 32) != 21 || t->n == cap)
			continue;
		size_t i = t->n++;
		t->senior[i] = atoi(f[2]);
		t->tenure[i] = atof(f[5]);
		t->contract[i] = strcmp(f[15], "Month-to-month") == 0 ? 0 :
		                 strcmp(f[15], "One year") == 0 ? 1 : 2;
		t->fiber[i] = strcmp(f[8], "Fiber optic") == 0;
		t->paperless[i] = strcmp(f[16], "Yes") == 0;
		t->monthly[i] = atof(f[18]);
		t->churn[i] = strcmp(f[20], "Yes") == 0;
	}
	free(txt);
	return 0;
}

static inline void
telco_free(struct telco *t)
{
	free(t->tenure);
	free(t->monthly);
	free(t->churn);
	free(t->senior);
	free(t->contract);
	free(t->fiber);
	free(t->paperless);
}

/* reference_R.json parsed; caller cJSON_Delete()s. */
static inline cJSON *
telco_reference_r(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/reference_R.json", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	if (!txt)
		return NULL;
	cJSON *j = cJSON_Parse(txt);
	free(txt);
	return j;
}

/* JSON number or NaN for null/missing. */
static inline double
telco_num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

#endif
