/* SPDX-License-Identifier: MIT
 * Tests for model/i18n, the one label catalogue: every key has both languages and is
 * listed once; an English label has one Chinese translation and a Chinese one stands
 * for one English wording (plurals aside); every label the templates and the code ask
 * for exists. Reads templates/ and src/ of the source tree (tests run from its root). */
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>

#include "model/i18n.h"

static void
test_both_languages_once(void **state)
{
	(void)state;
	assert_true(i18n_count() > 100);
	for (size_t i = 0; i < i18n_count(); i++) {
		const char *k, *en, *zh, *k2, *en2, *zh2;
		i18n_entry(i, &k, &en, &zh);
		if (!k[0] || !en[0] || !zh[0])
			fail_msg("label '%s': a language is missing", k);
		for (size_t j = 0; j < i; j++) {
			i18n_entry(j, &k2, &en2, &zh2);
			if (strcmp(k, k2) == 0)
				fail_msg("label '%s' is listed twice", k);
		}
		assert_string_equal(i18n_label(LOCALE_EN, k), en);
		assert_string_equal(i18n_label(LOCALE_ZH_CN, k), zh);
	}
}

/* s lower-cased without a plural ending: "Weeks" and "week", "Probabilities" and
 * "probability" are one wording to a Chinese reader */
static void
stem(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 2 < cap; s++)
		out[n++] = (char)tolower((unsigned char)*s);
	if (n > 3 && strncmp(out + n - 3, "ies", 3) == 0)
		out[(n -= 2) - 1] = 'y';
	else if (n > 1 && out[n - 1] == 's')
		n--;
	out[n] = '\0';
}

/* one wording extends the other ("Rank", "Ranking"; "previous", "Previous week") */
static int
same_wording(const char *a, const char *b)
{
	return strncmp(a, b, strlen(a) < strlen(b) ? strlen(a) : strlen(b)) == 0;
}

static void
test_one_translation(void **state)
{
	(void)state;
	for (size_t i = 0; i < i18n_count(); i++)
		for (size_t j = 0; j < i; j++) {
			const char *k, *en, *zh, *k2, *en2, *zh2;
			char a[512], b[512];
			i18n_entry(i, &k, &en, &zh);
			i18n_entry(j, &k2, &en2, &zh2);
			if (strcmp(en, en2) == 0 && strcmp(zh, zh2) != 0)
				fail_msg("'%s' has two translations: '%s' (%s) and '%s' (%s)", en, zh, k, zh2, k2);
			stem(en, a, sizeof a);
			stem(en2, b, sizeof b);
			if (strcmp(zh, zh2) == 0 && !same_wording(a, b))
				fail_msg("'%s' translates two wordings: '%s' (%s) and '%s' (%s)", zh, en, k, en2, k2);
		}
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* Checks every key that follows one of the prefixes in the files of dir ending in ext
 * whose name starts with name (a prefix starting with a quote is the start of the key: "\"ui_" finds "ui_week");
 * returns how many were checked. */
static int
check_keys(const char *dir, const char *name, const char *ext, const char *const *prefixes)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int checked = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), m = strlen(ext);
		char path[512], key[128];
		char *text;
		if (n <= m || strcmp(e->d_name + n - m, ext) != 0 || strncmp(e->d_name, name, strlen(name)) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		text = slurp(path);
		for (const char *const *p = prefixes; *p; p++)
			for (const char *s = strstr(text, *p); s; s = strstr(s + 1, *p)) {
				const char *k = **p == '"' ? s + 1 : s + strlen(*p);
				size_t kn = 0;
				while (kn + 1 < sizeof key && (islower((unsigned char)k[kn]) || isdigit((unsigned char)k[kn]) || k[kn] == '_'))
					kn++;
				memcpy(key, k, kn);
				key[kn] = '\0';
				if (kn == 0 || ((p[0][strlen(*p) - 1] == '"' || **p == '"') && k[kn] != '"'))
					continue;       /* a key built at run time */
				if (!i18n_label(LOCALE_EN, key))
					fail_msg("%s: label '%s' is not in the catalogue", path, key);
				checked++;
			}
		free(text);
	}
	closedir(d);
	return checked;
}

static void
test_keys_used_exist(void **state)
{
	static const char *const tmpl[] = { "labels.", NULL };
	static const char *const code[] = { "i18n_label(locale, \"", "i18n_label(c->locale, \"",
	                                    "i18n_label(x->th->locale, \"",
	                                    "html_view_label(c, \"", "L(s, \"", NULL };
	/* the briefing lists its keys in tables: every literal in the label namespaces */
	static const char *const briefing[] = { "\"ui_", "\"sec_", "\"page_", "\"method_", NULL };
	(void)state;
	assert_true(check_keys("templates", "", ".mustache", tmpl) > 20);
	assert_true(check_keys("src/render", "", ".c", code) + check_keys("src/cli", "", ".c", code) > 10);
	assert_true(check_keys("src/render", "briefing", ".c", briefing) > 40);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_languages_once),
		cmocka_unit_test(test_one_translation),
		cmocka_unit_test(test_keys_used_exist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
