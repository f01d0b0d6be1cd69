/* SPDX-License-Identifier: MIT
 * csvout: RFC 4180 cells (quoting, doubled quotes, CRLF rows) with the formula-injection
 * guard, and the one file writer for targets/NAME.csv. */
#include "base/csvout.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"

void
csvout_init(struct csvout *w, struct buf *out, unsigned flags)
{
	w->out = out;
	w->flags = flags;
	w->col = 0;
	w->rows = 0;
	if (flags & CSVOUT_BOM)
		buf_puts(out, "\xEF\xBB\xBF");
}

static void
separate(struct csvout *w)
{
	if (w->col++ > 0)
		buf_putc(w->out, ',');
}

void
csvout_text(struct csvout *w, const char *s)
{
	size_t n;
	int quote, guard;
	separate(w);
	if (!s || !*s)
		return;
	n = strlen(s);
	guard = strchr("=+-@\t\r", s[0]) != NULL;
	quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' ||
	        s[n - 1] == '\t';
	if (quote)
		buf_putc(w->out, '"');
	if (guard)
		buf_putc(w->out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(w->out, '"');
		buf_putc(w->out, *p);
	}
	if (quote)
		buf_putc(w->out, '"');
}

void
csvout_num(struct csvout *w, double v, int decimals)
{
	separate(w);
	if (!isfinite(v))
		return;
	if (v == 0)
		v = 0; /* no "-0" */
	if (decimals >= 0) {
		double r = round(v * pow(10, decimals)) / pow(10, decimals);
		buf_printf(w->out, "%.*f", decimals, r == 0 ? 0.0 : r);
	} else {
		buf_num(w->out, v);
	}
}

void
csvout_end_row(struct csvout *w)
{
	buf_puts(w->out, (w->flags & CSVOUT_LF) ? "\n" : "\r\n");
	w->col = 0;
	w->rows++;
}

int
csvout_write_file(const char *dir, const char *name, const char *data, size_t len, struct diag *d)
{
	char *path;
	FILE *f;
	int rc = 0;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		struct diag_loc loc = { dir, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot create folder: %s", strerror(errno));
		return BD_EIO;
	}
	path = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		int bad = fwrite(data, 1, len, f) != len;
		if (fclose(f) != 0)
			bad = 1;
		if (bad)
			f = NULL;
	}
	if (!f) {
		struct diag_loc loc = { path, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot write: %s", strerror(errno));
		rc = BD_EIO;
	}
	free(path);
	return rc;
}
