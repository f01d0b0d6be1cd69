/* SPDX-License-Identifier: MIT
 * csvout: the RFC 4180 CSV writer behind targets/NAME.csv (files a CRM imports). Cells are
 * quoted only when needed, text cells that a spreadsheet would run as a formula get a
 * leading apostrophe, and rows end in CRLF. Base layer: text into a struct buf, and the file
 * writer the build uses for its outputs. */
#ifndef BASE_CSVOUT_H
#define BASE_CSVOUT_H
#include <stddef.h>
#include "base/buf.h"
#include "base/diag.h"

enum csvout_flags {
	CSVOUT_BOM = 1 << 0,            /* start with a UTF-8 byte order mark (Excel) */
	CSVOUT_LF = 1 << 1,             /* end rows with LF instead of RFC 4180's CRLF */
};

/* A writer appending to out (owned by the caller; not reset). */
struct csvout {
	struct buf *out;
	unsigned flags;
	size_t col;                     /* cells written in the current row */
	size_t rows;                    /* rows ended so far (the header counts) */
};

/* Starts a document: writes the BOM when flags has CSVOUT_BOM. */
void csvout_init(struct csvout *w, struct buf *out, unsigned flags);

/* A text cell. NULL is an empty cell. The cell is quoted (with "" for ") when it holds
 * a comma, a quote, CR, LF, or begins or ends with a blank; a cell beginning with
 * = + - @ TAB or CR is prefixed with ' so that spreadsheets show it as text instead
 * of running it (formula injection). */
void csvout_text(struct csvout *w, const char *s);
/* A number cell: shortest round-trip form, or rounded to decimals (>= 0) with trailing
 * zeros kept; decimals < 0 = shortest. Not finite = an empty cell. Never guarded. */
void csvout_num(struct csvout *w, double v, int decimals);
/* Ends the current row. */
void csvout_end_row(struct csvout *w);

/* Writes data (len bytes) to dir/name, creating dir (mode 0755) when it is missing.
 * Returns 0, or BD_EIO after a diag error naming the file. */
int csvout_write_file(const char *dir, const char *name, const char *data, size_t len,
                      struct diag *d);
#endif
