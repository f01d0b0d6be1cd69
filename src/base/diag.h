/* SPDX-License-Identifier: MIT
 * diag: the one place diagnostics are formatted and printed.
 *   bdreport: data/orders.csv:1042:7: error: column 'amount': expected a number, got "n/a"
 * Lower case, no final period, the subject quoted. Every module reports through a
 * struct diag; nothing else in the program writes to stderr. The worst status seen
 * becomes the exit status (DESIGN.md §3). Analyses never call diag: they return
 * notes in their results, and the caller reports them. */
#ifndef BASE_DIAG_H
#define BASE_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "base/buf.h"

enum bd_status {
	BD_OK = 0,
	BD_EINPUT = 1,      /* bad project file, dataset or template */
	BD_EUSAGE = 2,      /* bad command line */
	BD_EIO = 3,         /* I/O or system error */
	BD_EINTERNAL = 4,   /* a bug */
};

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* A place in an input file. line/col are 1-based; 0 means unknown. */
struct diag_loc {
	const char *file;
	long line, col;
};

struct diag {
	FILE *out;              /* stderr by default; NULL discards (but capture still works) */
	struct buf *capture;    /* when set, every message is appended here too (tests) */
	int quiet;              /* suppress notes and progress, keep warnings and errors */
	int nerrors, nwarnings;
	int status;             /* worst enum bd_status so far */
	int meter_pct;          /* last percent drawn by diag_meter, -1 = none */
	int tty;                /* out is a terminal: -1 unknown, 0 no, 1 yes */
};

void diag_init(struct diag *d);   /* out = stderr, everything else zero */

/* Report at a location (loc may be NULL). An error raises d->status to at least
 * status (BD_EINPUT, BD_EIO, ...); warnings and notes leave it alone. */
void diag_error(struct diag *d, int status, const struct diag_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_note(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_vmsg(struct diag *d, enum diag_level level, int status, const struct diag_loc *loc,
               const char *fmt, va_list ap);
/* Progress lines ("loaded orders: 541909 rows in 0.41 s"): no prefix level, silenced by quiet. */
void diag_progress(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Progress meter for long phases (loading a large file): on a terminal, redraws one
 * line "bdreport: loading orders [#######.......] 47%" in place; elsewhere, with
 * quiet, or when captured, does nothing. Calls are cheap when nothing changes
 * (redraws at most every whole percent). diag_meter_done clears the line. */
void diag_meter(struct diag *d, const char *label, double fraction);
void diag_meter_done(struct diag *d);

/* Helper for messages that quote data: copies at most max bytes of s into out with
 * control characters shown as \xNN and an ellipsis when cut. Returns out. */
const char *diag_quote(char *out, size_t outsz, const char *s, size_t max);

/* Monotonic seconds, for progress and --timings. */
double diag_now(void);

#endif
