/* SPDX-License-Identifier: MIT
 * font: the one TrueType/TTC reader (table directory, cmap 4/12, head, hhea, hmtx, OS/2):
 * the canvas backends measure UTF-8 text with it exactly as libharu does, so SVG and
 * PDF lay out identically; pdfdoc takes each font's coverage from it and the briefing's
 * subsetter its table directory and glyph ids. Knows nothing of charts or PDF. */
#ifndef RENDER_FONT_H
#define RENDER_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

struct font;

/* Loads face `face` of a .ttf (face 0) or .ttc file. Reads only the tables it needs and
 * precomputes the advance of every BMP code point, so a loaded font is immutable and
 * may be shared between threads. Returns NULL after a diag error (BD_EIO when the file
 * cannot be read, BD_EINPUT when it is not a usable TrueType font). */
struct font *font_create(const char *path, unsigned face, struct diag *d);
void font_destroy(struct font *f);                 /* NULL is a no-op */

const char *font_path(const struct font *f);
unsigned font_face(const struct font *f);
/* Glyph id for a code point; 0 when the font has no glyph for it. BMP code points use
 * the (3,1) format 4 cmap as libharu does; others the format 12 cmap. */
unsigned font_glyph(const struct font *f, uint32_t cp);
/* The code points below U+FFFF with a glyph (font_glyph != 0) as a 65536-bit map:
 * bit cp & 7 of bits[cp >> 3]. Overwrites bits. */
void font_coverage(const struct font *f, unsigned char bits[8192]);
/* Where table tag (4 characters: "glyf", "OS/2") of f's face lies in its file, for
 * callers that hold the file's bytes (subsetting). Returns 0, or -1 when the face has
 * no such table. Offset and length are not checked against the file's size. */
int font_table(const struct font *f, const char *tag, size_t *off, size_t *len);
/* Advance width in integer 1/1000 em, computed as libharu 2.3.0 does
 * (advance * 1000 / unitsPerEm, truncated; glyph 0's width when missing). */
int font_advance(const struct font *f, uint32_t cp);
/* Typographic ascent (positive) and descent (negative) in 1/1000 em from OS/2
 * (hhea when OS/2 is absent). */
int font_ascent(const struct font *f);
int font_descent(const struct font *f);
/* Sum of advances of a UTF-8 string in 1/1000 em, this font only. Decoding follows
 * libharu: invalid bytes are skipped, code points above U+FFFF count as a space. */
long font_text_units(const struct font *f, const char *s, size_t n);

/* Decodes one UTF-8 code point at *s (< end) and advances *s. Returns UINT32_MAX for an
 * invalid byte (skipped: *s advances by one). */
uint32_t font_utf8_next(const char **s, const char *end);

/* The font files of every output, the one place their paths are written (Debian's
 * fonts-dejavu-core and fonts-wqy-zenhei): regular and bold Latin, and the CJK
 * fallback (a .ttc, face 0). Themes do not choose the PDF's fonts: these are the ones
 * measured, subset and embedded. */
#define FONT_FILE_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define FONT_FILE_BOLD    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define FONT_FILE_CJK     "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

/* A theme's fonts: regular and bold for Latin, fallback for code points the primary
 * face lacks (CJK). Members may be NULL except regular. */
struct font_set {
	struct font *regular, *bold, *fallback;
};

/* FONT_FILE_REGULAR, FONT_FILE_BOLD and FONT_FILE_CJK (face 0), loaded
 * once (thread-safe) and kept for the life of the process. NULL if DejaVuSans is
 * missing. */
const struct font_set *font_set_default(void);
/* The face used for code point cp: the primary (bold or regular) when it has a glyph,
 * else the fallback when it has one, else the primary. */
struct font *font_set_pick(const struct font_set *fs, int bold, uint32_t cp);
/* Length in bytes of the leading run of s[0..n) drawn with one face; *face gets it. */
size_t font_set_run(const struct font_set *fs, int bold, const char *s, size_t n,
                    struct font **face);
/* Width in points of s[0..n) at `size` points, per-code-point face choice as above. */
double font_set_width(const struct font_set *fs, int bold, const char *s, size_t n,
                      double size);

#endif
