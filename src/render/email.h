/* SPDX-License-Identifier: MIT
 * email: the email-ready briefing (briefing.eml) from the report model: a MIME
 * multipart/mixed message (RFC 5322, RFC 2045-2047) holding a multipart/alternative
 * text/plain + text/html summary (headlines, KPI table, top targets; inline CSS only)
 * and the PDF briefing attached. Render layer: reads the model, writes one file. */
#ifndef RENDER_EMAIL_H
#define RENDER_EMAIL_H

#include <stddef.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "render/theme.h"

/* The project's "output": {"email": {...}} object: "from" (required), "to" (required;
 * a string or an array of strings), "cc" (optional, the same), "subject" (optional;
 * default "<meta.title> — <ISO week>"). Addresses are "addr@host" or
 * "Display Name <addr@host>"; non-ASCII names and subjects are sent as RFC 2047
 * encoded-words. */

/* Appends the whole message to out with CRLF line ends, its HTML part in the colours
 * and font family of theme (not NULL). pdf (pdf_len bytes, may be NULL) is attached as
 * pdf_name. Boundaries and the Message-ID are derived from a hash
 * of the content, so the same input gives the same bytes; a Date header is written only
 * when SOURCE_DATE_EPOCH is set. Returns 0, or -1 after a diag error (BD_EINPUT: a
 * missing or malformed address, a CR or LF in a header value); out is then unchanged. */
int email_compose(const cJSON *model, const cJSON *email, const struct theme *theme,
                  const char *pdf_name, const void *pdf, size_t pdf_len, struct buf *out,
                  struct diag *d);

/* Reads dir/pdf_name when it exists (pdf_name may be NULL), composes the message and
 * writes dir/name. Returns an enum bd_status; errors were reported through d. */
int email_write_in(const cJSON *model, const cJSON *email, const struct theme *theme,
                   const char *dir, const char *pdf_name, const char *name, struct diag *d);

/* RFC 2045 base64 of n bytes with CRLF after every 76 characters (and at the end). */
void email_base64(struct buf *out, const void *data, size_t n);

/* Appends s as a header value: unchanged when it is printable ASCII, else as RFC 2047
 * "=?UTF-8?B?...?=" words of at most 75 characters, folded with CRLF SP, never
 * splitting a UTF-8 character. */
void email_header_text(struct buf *out, const char *s);

#endif
