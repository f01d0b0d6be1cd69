/* SPDX-License-Identifier: MIT
 * diag: formats every diagnostic as "bdreport: FILE:LINE:COL: LEVEL: message". */
#include "base/diag.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const level_name[] = { "note", "warning", "error" };

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof *d);
	d->out = stderr;
	d->meter_pct = -1;
	d->tty = -1;
}

static int
meter_enabled(struct diag *d)
{
	if (d->quiet || !d->out)
		return 0;
	if (d->tty < 0)
		d->tty = isatty(fileno(d->out)) ? 1 : 0;
	return d->tty;
}

void
diag_meter(struct diag *d, const char *label, double fraction)
{
	enum { WIDTH = 30 };
	char bar[WIDTH + 1];
	int pct, i, fill;
	if (!meter_enabled(d))
		return;
	if (!(fraction >= 0))
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	pct = (int)(fraction * 100);
	if (pct == d->meter_pct)
		return;
	d->meter_pct = pct;
	fill = (int)(fraction * WIDTH);
	for (i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(d->out, "\rbdreport: %s [%s] %3d%%", label, bar, pct);
	fflush(d->out);
}

void
diag_meter_done(struct diag *d)
{
	if (d->meter_pct < 0 || !meter_enabled(d))
		return;
	fprintf(d->out, "\r\033[K");
	fflush(d->out);
	d->meter_pct = -1;
}

void
diag_vmsg(struct diag *d, enum diag_level level, int status, const struct diag_loc *loc,
          const char *fmt, va_list ap)
{
	struct buf line;
	buf_init(&line);
	buf_puts(&line, "bdreport: ");
	if (loc && loc->file) {
		buf_puts(&line, loc->file);
		if (loc->line > 0) {
			buf_printf(&line, ":%ld", loc->line);
			if (loc->col > 0)
				buf_printf(&line, ":%ld", loc->col);
		}
		buf_puts(&line, ": ");
	}
	buf_puts(&line, level_name[level]);
	buf_puts(&line, ": ");
	buf_vprintf(&line, fmt, ap);
	buf_putc(&line, '\n');

	if (level == DIAG_ERROR) {
		d->nerrors++;
		if (status > d->status)
			d->status = status;
	} else if (level == DIAG_WARNING) {
		d->nwarnings++;
	}
	if (level != DIAG_NOTE || !d->quiet) {
		diag_meter_done(d);
		if (d->out) {
			fputs(buf_str(&line), d->out);
			fflush(d->out);
		}
		if (d->capture)
			buf_add(d->capture, line.data, line.len);
	}
	buf_release(&line);
}

void
diag_error(struct diag *d, int status, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vmsg(d, DIAG_ERROR, status, loc, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vmsg(d, DIAG_WARNING, 0, loc, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vmsg(d, DIAG_NOTE, 0, loc, fmt, ap);
	va_end(ap);
}

void
diag_progress(struct diag *d, const char *fmt, ...)
{
	struct buf line;
	va_list ap;
	if (d->quiet)
		return;
	buf_init(&line);
	buf_puts(&line, "bdreport: ");
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	buf_putc(&line, '\n');
	diag_meter_done(d);
	if (d->out) {
		fputs(buf_str(&line), d->out);
		fflush(d->out);
	}
	if (d->capture)
		buf_add(d->capture, line.data, line.len);
	buf_release(&line);
}

const char *
diag_quote(char *out, size_t outsz, const char *s, size_t max)
{
	size_t o = 0, i;
	static const char hex[] = "0123456789abcdef";
	if (outsz == 0)
		return out;
	for (i = 0; s && s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			if (o + 5 >= outsz)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			if (o + 2 >= outsz)
				break;
			out[o++] = (char)c;
		}
	}
	if (s && s[i] && o + 4 < outsz) {
		/* do not cut a UTF-8 sequence in half */
		while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
			o--;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

double
diag_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
