/* SPDX-License-Identifier: MIT
 * Shared helpers for the cmocka unit tests. */
#ifndef TESTS_TESTUTIL_H
#define TESTS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The repository root, where the tests run: real datasets and their reference
 * results are under data/, the mustache specification under tests/spec/mustache. */
static inline const char *
test_repo_dir(void)
{
	return ".";
}

/* assert |a-b| <= rel * max(|b|, tiny) with a readable failure message. */
#define assert_close_rel(a, b, rel) do { \
	double a_ = (a), b_ = (b), s_ = fabs(b_) > 1e-300 ? fabs(b_) : 1e-300; \
	if (!(fabs(a_ - b_) <= (rel) * s_)) \
		fail_msg("%s = %.17g, expected %.17g (rel err %.3g > %.3g)", #a, a_, b_, \
		         fabs(a_ - b_) / s_, (double)(rel)); \
} while (0)

#define assert_close_abs(a, b, tol) do { \
	double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (tol))) \
		fail_msg("%s = %.17g, expected %.17g (abs err %.3g > %.3g)", #a, a_, b_, \
		         fabs(a_ - b_), (double)(tol)); \
} while (0)

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL if unreadable. */
static inline char *
test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0, r;
	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(p, cap + 1);
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

/* Sets environment variable name to value (NULL unsets it) and returns its previous
 * value for test_env_restore (NULL when it was unset). */
static inline char *
test_env_swap(const char *name, const char *value)
{
	const char *old = getenv(name);
	char *saved = old ? strdup(old) : NULL;
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	return saved;
}

/* Puts back what test_env_swap returned, and frees it. */
static inline void
test_env_restore(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

#endif
