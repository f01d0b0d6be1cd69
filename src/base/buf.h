/* SPDX-License-Identifier: MIT
 * buf: growable byte buffer for output documents (HTML, SVG, JSON, CSV).
 * Always NUL-terminated. Growth never fails (out of memory exits).
 * Lifecycle: buf_init / buf_release (caller owns the struct); buf_detach hands
 * the bytes to the caller, who frees them with free(). */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;     /* NUL-terminated; NULL until the first write */
	size_t len;
	size_t cap;
};

void  buf_init(struct buf *b);
void  buf_release(struct buf *b);
void  buf_reset(struct buf *b);                       /* len = 0, keeps memory */
void  buf_grow(struct buf *b, size_t extra);          /* room for extra more bytes */
void  buf_add(struct buf *b, const void *p, size_t n);
void  buf_puts(struct buf *b, const char *s);
void  buf_putc(struct buf *b, int c);
void  buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Shortest representation that round-trips, as JSON would print it
 * ("1.21", "3", "1e+21"); NaN and infinities print as "null". */
void  buf_num(struct buf *b, double v);
/* Append s with &<>"' escaped for HTML/XML text and attributes. */
void  buf_escape_html(struct buf *b, const char *s, size_t n);
const char *buf_str(const struct buf *b);             /* "" when empty */
char *buf_detach(struct buf *b, size_t *len);         /* caller frees; b is empty after */

#endif
