/* SPDX-License-Identifier: MIT
 * source: whole-file input with gzip inflation, latin-1 conversion, BOM removal and
 * NUL / UTF-8 validation (see source.h). One big read (or a zlib inflate loop into a
 * doubling buffer), then one validation pass that checks 8 ASCII bytes at a time. */
#include "ingest/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/arena.h"

int
source_encoding_parse(const char *name)
{
	if (!name || !*name || !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
		return SOURCE_UTF8;
	if (!strcasecmp(name, "latin-1") || !strcasecmp(name, "latin1") ||
	    !strcasecmp(name, "iso-8859-1"))
		return SOURCE_LATIN1;
	return -1;
}

void
source_position(const char *data, size_t off, long *line, long *col)
{
	long ln = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '\n' || (ch == '\r' && !(i + 1 < off && data[i + 1] == '\n'))) {
			ln++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = ln;
	*col = c;
}

/* Inflates gzip member(s) in in[0..n). Returns the buffer (xmalloc) or NULL after
 * reporting. */
static char *
inflate_all(struct diag *d, const char *path, const unsigned char *in, size_t n, size_t *outlen)
{
	struct diag_loc loc = { path, 0, 0 };
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		diag_error(d, BD_EINTERNAL, &loc, "cannot initialise zlib");
		return NULL;
	}
	size_t cap = n < ((size_t)1 << 28) ? n * 4 + 65536 : n * 2, len = 0;
	char *out = xmalloc(cap + 1);
	size_t pos = 0;
	int rc = Z_OK;
	for (;;) {
		if (cap - len < 65536) {
			cap *= 2;
			out = xrealloc(out, cap + 1);
		}
		size_t in_chunk = n - pos > 0x40000000u ? 0x40000000u : n - pos;
		size_t out_chunk = cap - len > 0x40000000u ? 0x40000000u : cap - len;
		z.next_in = (unsigned char *)(uintptr_t)(in + pos);
		z.avail_in = (uInt)in_chunk;
		z.next_out = (unsigned char *)out + len;
		z.avail_out = (uInt)out_chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		pos += in_chunk - z.avail_in;
		len += out_chunk - z.avail_out;
		if (rc == Z_STREAM_END) {
			/* another member follows? (concatenated gzip files) */
			if (pos + 2 <= n && in[pos] == 0x1f && in[pos + 1] == 0x8b) {
				inflateReset(&z);
				continue;
			}
			break;
		}
		if (rc == Z_OK)
			continue;
		if (rc == Z_BUF_ERROR && pos == n) {
			diag_error(d, BD_EINPUT, &loc, "unexpected end of compressed data "
			           "(the gzip file is truncated)");
		} else {
			diag_error(d, BD_EINPUT, &loc, "corrupt compressed data: %s",
			           z.msg ? z.msg : "inflate failed");
		}
		inflateEnd(&z);
		free(out);
		return NULL;
	}
	inflateEnd(&z);
	*outlen = len;
	out[len] = '\0';
	return out;
}

static char *
latin1_to_utf8(const char *in, size_t n, size_t *outlen)
{
	size_t extra = 0;
	for (size_t i = 0; i < n; i++)
		extra += (unsigned char)in[i] >> 7;
	char *out = xmalloc(n + extra + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			out[k++] = (char)c;
		} else {
			out[k++] = (char)(0xc0 | (c >> 6));
			out[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

/* Validates the UTF-8 sequences of s that start before limit (the last may run on
 * to n). Returns where the next sequence starts (>= limit), or, with *bad set, the
 * offset of the first invalid one. */
static size_t
utf8_check(const unsigned char *s, size_t n, size_t limit, int *bad)
{
	size_t i = 0;
	*bad = 0;
	while (i < limit) {
		if (i + 8 <= limit) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		uint32_t cp;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			*bad = 1;
			return i;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xc0) != 0x80) {
				*bad = 1;
				return i;
			}
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
			*bad = 1;
			return i;
		}
		i += k + 1;
	}
	return i;
}

void
source_drop(const char *base, size_t maplen, const char *upto)
{
	if (!maplen || upto <= base)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t n = (size_t)(upto - base) / page * page;
	if (n > maplen)
		n = maplen;
	if (n)
		madvise((void *)(uintptr_t)base, n, MADV_DONTNEED);
}

void
source_drop_range(const char *base, size_t maplen, const char *from, const char *upto)
{
	if (!maplen || upto <= from || from < base)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t lo = ((size_t)(from - base) + page - 1) / page * page;
	size_t hi = (size_t)(upto - base) / page * page;
	if (hi > maplen)
		hi = maplen;
	if (hi > lo)
		madvise((void *)(uintptr_t)(base + lo), hi - lo, MADV_DONTNEED);
}

static void
release_base(char *base, size_t maplen)
{
	if (maplen)
		munmap(base, maplen);
	else
		free(base);
}

/* base: the buffer (xmalloc'd, or mapped when maplen > 0); takes ownership. */
static int
finish(struct source *src, struct diag *d, char *base, size_t len, size_t maplen,
       enum source_encoding enc)
{
	const char *path = src->path;
	char *data = base;
	if (enc == SOURCE_LATIN1) {
		size_t nl;
		char *conv = latin1_to_utf8(data, len, &nl);
		release_base(base, maplen);
		base = data = conv;
		maplen = 0;
		len = nl;
	}
	if (len >= 3 && (unsigned char)data[0] == 0xef && (unsigned char)data[1] == 0xbb &&
	    (unsigned char)data[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	/* validate in windows (a NUL is found before the UTF-8 pass reaches it) */
	const char *nul = NULL;
	size_t bad = len;
	size_t pos = 0;         /* where the next UTF-8 sequence starts */
	for (size_t w = 0; w < len && !nul && bad == len; w += SOURCE_WINDOW) {
		size_t wn = len - w < SOURCE_WINDOW ? len - w : SOURCE_WINDOW;
		nul = memchr(data + w, '\0', wn);
		if (!nul && pos < w + wn) {
			/* a sequence may straddle the window end: it is checked here, up to 3
			 * bytes into the next window, which then resumes after it */
			size_t stop = w + wn, end = len - stop < 3 ? len : stop + 3;
			int isbad;
			size_t r = utf8_check((const unsigned char *)data + pos, end - pos, stop - pos, &isbad);
			if (isbad)
				bad = pos + r;
			else
				pos += r;
		}
	}
	if (nul) {
		struct diag_loc loc = { path, 0, 0 };
		source_position(data, (size_t)(nul - data), &loc.line, &loc.col);
		diag_error(d, BD_EINPUT, &loc, "NUL byte in text data (is this a binary file?)");
		release_base(base, maplen);
		return -1;
	}
	if (bad < len) {
		struct diag_loc loc = { path, 0, 0 };
		source_position(data, bad, &loc.line, &loc.col);
		diag_error(d, BD_EINPUT, &loc, "invalid UTF-8 byte 0x%02x (for latin-1 data set "
		           "\"encoding\": \"latin-1\")", (unsigned char)data[bad]);
		release_base(base, maplen);
		return -1;
	}
	src->base = base;
	src->maplen = maplen;
	src->data = data;
	src->len = len;
	return 0;
}

static int
load_bytes(struct source *src, struct diag *d, char *raw, size_t n, enum source_encoding enc)
{
	src->raw_len = n;
	if (n >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		size_t len;
		char *out = inflate_all(d, src->path, (unsigned char *)raw, n, &len);
		free(raw);
		if (!out)
			return -1;
		src->gzip = 1;
		return finish(src, d, out, len, 0, enc);
	}
	return finish(src, d, raw, n, 0, enc);
}

int
source_load_mem(struct source *src, struct diag *d, const void *bytes, size_t n,
                const char *display, enum source_encoding enc)
{
	memset(src, 0, sizeof *src);
	src->path = display ? display : "<memory>";
	char *raw = xmalloc(n + 1);
	if (n)
		memcpy(raw, bytes, n);
	return load_bytes(src, d, raw, n, enc);
}

/* strerror text in lower case (diagnostics are lower case). */
static const char *
errtext(int e, char *out)
{
	snprintf(out, 128, "%s", strerror(e));
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
		out[0] = (char)(out[0] - 'A' + 'a');
	return out;
}

int
source_load(struct source *src, struct diag *d, const char *path, const char *display,
            enum source_encoding enc)
{
	memset(src, 0, sizeof *src);
	src->path = display ? display : path;
	struct diag_loc loc = { src->path, 0, 0 };
	char eb[128];
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		diag_error(d, BD_EIO, &loc, "cannot open file: %s", errtext(errno, eb));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(d, BD_EIO, &loc, "cannot read file: is a directory");
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		/* map the page cache instead of copying it (populated at once: one batch of
		 * page-table work instead of a fault per page); gzip input is inflated from
		 * the mapping, plain text is used in place and readers drop what they have
		 * parsed (source_drop), so peak memory is not file + table */
		size_t sz = (size_t)st.st_size;
		void *m = mmap(NULL, sz, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (m != MAP_FAILED) {
			close(fd);
			src->raw_len = sz;
			unsigned char *b = m;
			if (sz >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
				size_t len;
				char *out = inflate_all(d, src->path, b, sz, &len);
				munmap(m, sz);
				if (!out)
					return -1;
				src->gzip = 1;
				return finish(src, d, out, len, 0, enc);
			}
			return finish(src, d, m, sz, sz, enc);
		}
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size : 65536, n = 0;
	char *raw = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			raw = xrealloc(raw, cap + 1);
		}
		size_t want = cap - n > ((size_t)1 << 30) ? (size_t)1 << 30 : cap - n;
		ssize_t r = read(fd, raw + n, want);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			diag_error(d, BD_EIO, &loc, "cannot read file: %s", errtext(errno, eb));
			free(raw);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	return load_bytes(src, d, raw, n, enc);
}

void
source_release(struct source *src)
{
	if (!src)
		return;
	if (src->base)
		release_base(src->base, src->maplen);
	src->base = NULL;
	src->data = NULL;
	src->len = 0;
}
