/* SPDX-License-Identifier: MIT
 * xlsxbook: the parts of an Excel workbook (.xlsx) as data: the sheets' names and
 * parts, which cell styles are dates, the shared strings, and one sheet's cells and
 * merged ranges in a compact list. libzip inflates each part in chunks into expat;
 * no XML is parsed by hand. xlsxin turns the cells into a table (ingest <- xlsxin <-
 * xlsxbook <- libzip, expat). */
#ifndef INGEST_XLSXBOOK_H
#define INGEST_XLSXBOOK_H

#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

enum xlsxbook_kind { XLSXBOOK_NUM, XLSXBOOK_DATE, XLSXBOOK_STR, XLSXBOOK_SST, XLSXBOOK_BOOL };

struct xlsxbook_cell {
	uint32_t row, col;      /* 1-based */
	uint32_t off, len;      /* text in x->text, or XLSXBOOK_SST: off = string index */
	unsigned char kind;
};

struct xlsxbook_merge {
	uint32_t r1, c1, r2, c2;
};

struct xlsxbook_sheet {
	char *name, *rid, *target;
};

struct xlsxbook {
	struct arena *a;
	struct diag *d;
	const char *display;
	zip_t *zip;
	/* workbook */
	struct xlsxbook_sheet *sheets;
	size_t nsheets, capsheets;
	int date1904;
	/* styles: per cell style (xf index), 1 if its number format is a date */
	unsigned char *xfdate;
	size_t nxf, capxf;
	struct { unsigned id; int date; } *fmts;
	size_t nfmts, capfmts;
	int in_cellxfs;
	/* shared strings */
	char **sst;
	size_t nsst, capsst;
	/* the sheet */
	struct xlsxbook_cell *cells;
	size_t ncells, capcells;
	struct xlsxbook_merge *merges;
	size_t nmerges, capmerges;
	struct buf text;        /* cell values */
	uint32_t row, col;      /* current row and cell position */
	unsigned char ckind;    /* the current cell's t= */
	int cstyle_date, cis_err, chas;
	int norow;              /* a <row> without its number was seen */
	int threads;            /* threads for the sheet: 0 = the online CPUs (at most 4)
	                           for sheets of 4 MB of XML and more; n > 0: n at any size */
	/* character data being collected */
	struct buf chars;
	int collect;            /* inside <v>, or <t> of <si>/<is> */
	int in_rph;             /* inside phonetic runs (not part of the text) */
	int in_si;
	const char *sheetname;
	uint32_t hrow, hcol0;   /* xlsxin: the header row and its first column */
	const char *part;       /* the part being parsed (for messages) */
	int failed;
};

/* With a, d, display and zip set (the rest zeroed, text and chars buf_init'ed): reads
 * the workbook part and its relationships into sheets[]. Returns 0, or -1 after
 * reporting (BD_EINPUT: not a workbook, no sheet, malformed XML). */
int xlsxbook_open(struct xlsxbook *x);

/* Reads the styles, the shared strings and sheet sh: cells[] in document order (only
 * cells with a value; formula errors left out) and merges[]. Returns 0 or -1 after
 * reporting. */
int xlsxbook_load(struct xlsxbook *x, const struct xlsxbook_sheet *sh);

/* An Excel serial day -> days since 1970-01-01, in the workbook's date system (the
 * 1900 system counts a 29 February 1900 that never was: serials before 61 are one
 * day early; the 1904 system starts at 0 = 1904-01-01). */
double xlsxbook_serial_days(const struct xlsxbook *x, double serial);

/* Frees everything x holds (the zip archive too). */
void xlsxbook_free(struct xlsxbook *x);

/* "B7" style reference of 1-based row and column into out (at least 16 bytes). */
char *xlsxbook_cell_name(long row, long col, char *out);

/* 1 if bytes start like a zip archive ("PK\3\4"). */
int xlsxbook_is_zip(const void *bytes, size_t n);

#endif
