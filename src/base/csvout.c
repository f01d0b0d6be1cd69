/* SPDX-License-Identifier: MIT
 * csvout: RFC 4180 cells (quoting, doubled quotes, CRLF rows) with the formula-injection
 * guard, and the one file writer for targets/NAME.csv. */
#include "base/csvout.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
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
	for (const char *p = s, *q; *p; p = q + 1) {
		if (!(q = strchr(p, '"'))) {
			buf_add(w->out, p, strlen(p));
			break;
		}
		buf_add(w->out, p, (size_t)(q - p) + 1);
		buf_putc(w->out, '"');          /* a quote is doubled */
	}
	if (quote)
		buf_putc(w->out, '"');
}

/* Fixed-point digits of t = round(v * 10^decimals) for |t| < 1e15: the same text as
 * printf("%.*f", t / 10^decimals), whose exact value lies far closer to t / 10^d
 * than half a unit of the last decimal, without printf's arbitrary precision. */
static void
fixed(struct buf *b, double t, int decimals)
{
	char tmp[40], *e = tmp + sizeof tmp, *p = e;
	uint64_t k = (uint64_t)fabs(t);
	int d = 0;
	do {
		*--p = (char)('0' + k % 10);
		k /= 10;
		if (++d == decimals)
			*--p = '.';
	} while (k || d <= decimals);
	if (t < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(e - p));
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
		double scale = pow(10, decimals), t = round(v * scale), r = t / scale;
		if (fabs(t) < 1e15 && decimals <= 15)
			fixed(w->out, t == 0 ? 0.0 : t, decimals);
		else
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
