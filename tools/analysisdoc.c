/* SPDX-License-Identifier: MIT
 * analysisdoc: the documentation of the analyses' parameters, generated from the
 * registry's entries (src/analysis/analysis.h) so that the manual and the website
 * say what the validator accepts. Copies FILE to standard output with the text
 * between its markers replaced:
 *   analysisdoc roff doc/bdreport.1      between '.\" BEGIN analysisdoc' and '.\" END analysisdoc'
 *   analysisdoc html site/analyses.html  between '<!-- BEGIN analysisdoc KEY -->' and
 *                                        '<!-- END analysisdoc -->' (the table of KEY)
 *   analysisdoc keys                     the analyses' keys, one a line
 * `make docs` rewrites both files; tests/e2e/docs.sh checks they are current. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "base/buf.h"

/* text with the characters special to fmt ('r' roff, 'h' HTML) escaped */
static void
put(struct buf *b, char fmt, const char *s)
{
	for (; *s; s++) {
		if (fmt == 'h')
			buf_escape_html(b, s, 1);
		else if (fmt == 'r' && *s == '\\')
			buf_puts(b, "\\e");
		else if (fmt == 'r' && *s == '-')
			buf_puts(b, "\\-");
		else
			buf_putc(b, *s);
	}
}

static int
unbounded(double max)
{
	return max >= 1e15;
}

/* what p accepts, in words: "integer in [1, 64]", "one of none, l2" */
static void
accepts(struct buf *b, const struct jsoncheck_param *p)
{
	switch (p->kind) {
	case JSONCHECK_NUM:
	case JSONCHECK_INT:
	case JSONCHECK_INT_OR_AUTO:
	case JSONCHECK_INT_RANGE:
		buf_puts(b, jsoncheck_kind_name(p->kind));
		if (unbounded(p->max))
			buf_printf(b, " >= %g", p->min);
		else
			buf_printf(b, " in [%g, %g]", p->min, p->max);
		return;
	case JSONCHECK_ENUM:
		buf_puts(b, "one of ");
		for (const char *s = p->allowed; *s; s++) {
			if (*s == '|')
				buf_puts(b, ", ");
			else
				buf_putc(b, *s);
		}
		return;
	default:
		buf_puts(b, jsoncheck_kind_name(p->kind));
	}
}

static void
roff(struct buf *b)
{
	for (size_t i = 0; i < analysis_count; i++) {
		const struct analysis *an = analysis_registry[i];
		struct buf t;
		buf_init(&t);
		buf_printf(b, ".TP\n.B %s\n", an->key);
		put(b, 'r', an->doc);
		buf_puts(b, ". Reads ");
		put(b, 'r', an->data);
		buf_puts(b, an->nparams ? ".\n" : ". No parameters.\n");
		if (an->nparams)
			buf_puts(b, ".RS\n");
		for (size_t k = 0; k < an->nparams; k++) {
			const struct jsoncheck_param *p = &an->params[k];
			buf_reset(&t);
			accepts(&t, p);
			buf_printf(b, ".TP\n.B %s\n", p->name);
			put(b, 'r', buf_str(&t));
			buf_puts(b, " [");
			put(b, 'r', p->def);
			buf_puts(b, "]: ");
			put(b, 'r', p->doc);
			buf_puts(b, ".\n");
		}
		if (an->nparams)
			buf_puts(b, ".RE\n");
		buf_release(&t);
	}
}

static void
html(struct buf *b, const struct analysis *an)
{
	struct buf t;
	buf_init(&t);
	buf_puts(b, "<table class=\"params\"><thead><tr><th>parameter</th><th>accepts</th><th>default</th>"
	            "<th>meaning</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < an->nparams; k++) {
		const struct jsoncheck_param *p = &an->params[k];
		buf_reset(&t);
		accepts(&t, p);
		buf_puts(b, "<tr><td><code>");
		put(b, 'h', p->name);
		buf_puts(b, "</code></td><td>");
		put(b, 'h', buf_str(&t));
		buf_puts(b, "</td><td>");
		put(b, 'h', p->def);
		buf_puts(b, "</td><td>");
		put(b, 'h', p->doc);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table>\n");
	buf_release(&t);
}

/* Copies text to out with each marked region regenerated; returns 0, or 1 with a
 * message for a marker without its end or naming no analysis. */
static int
splice(const char *file, const char *text, char fmt, struct buf *out)
{
	const char *begin = fmt == 'r' ? ".\\\" BEGIN analysisdoc" : "<!-- BEGIN analysisdoc ";
	const char *end = fmt == 'r' ? ".\\\" END analysisdoc" : "<!-- END analysisdoc -->";
	const char *s = text;
	int n = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s + 1) : strlen(s);
		buf_add(out, s, len);
		if (strncmp(s, begin, strlen(begin)) == 0) {
			const char *e = strstr(s + len, end);
			n++;
			if (!e || (e != s + len && e[-1] != '\n')) {
				fprintf(stderr, "analysisdoc: %s: '%s' without '%s'\n", file, begin, end);
				return 1;
			}
			if (fmt == 'r') {
				roff(out);
			} else {
				char key[64];
				const struct analysis *an;
				if (sscanf(s + strlen(begin), "%63[a-z_]", key) != 1 || !(an = analysis_find(key))) {
					fprintf(stderr, "analysisdoc: %s: %.*s: no such analysis\n", file, (int)len - 1, s);
					return 1;
				}
				html(out, an);
			}
			s = e;
			continue;
		}
		s += len;
	}
	if (n == 0) {
		fprintf(stderr, "analysisdoc: %s: no '%s' marker\n", file, begin);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct buf text, out;
	FILE *f;
	char chunk[8192];
	size_t got;
	int rc;
	if (argc == 2 && strcmp(argv[1], "keys") == 0) {
		for (size_t i = 0; i < analysis_count; i++)
			printf("%s\n", analysis_registry[i]->key);
		return 0;
	}
	if (argc != 3 || (strcmp(argv[1], "roff") != 0 && strcmp(argv[1], "html") != 0)) {
		fprintf(stderr, "usage: analysisdoc roff|html FILE | analysisdoc keys\n");
		return 2;
	}
	if (!(f = fopen(argv[2], "rb"))) {
		perror(argv[2]);
		return 3;
	}
	buf_init(&text);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, got);
	fclose(f);
	buf_init(&out);
	rc = splice(argv[2], buf_str(&text), argv[1][0], &out);
	if (rc == 0)
		fwrite(buf_str(&out), 1, out.len, stdout);
	buf_release(&text);
	buf_release(&out);
	return rc;
}
