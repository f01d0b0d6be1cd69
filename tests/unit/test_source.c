/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/source: gzip by content (and truncated gzip), BOM,
 * latin-1 conversion, invalid UTF-8 and NUL bytes with line:col, unreadable files. */
#include "testutil.h"

#include <zlib.h>

#include "ingest/source.h"

struct cap {
	struct diag d;
	struct buf msg;
};

static void
cap_init(struct cap *c)
{
	diag_init(&c->d);
	c->d.out = NULL;
	buf_init(&c->msg);
	c->d.capture = &c->msg;
}

static void
cap_expect(struct cap *c, const char *needle)
{
	if (!strstr(buf_str(&c->msg), needle))
		fail_msg("expected \"%s\" in diagnostics: %s", needle, buf_str(&c->msg));
}

/* gzip-compresses in[0..n) into a malloc'd buffer. */
static unsigned char *
gzip(const char *in, size_t n, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&z, (uLong)n) + 64;
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void
test_gzip_by_content(void **state)
{
	(void)state;
	struct cap c;
	cap_init(&c);
	struct buf text;
	buf_init(&text);
	buf_puts(&text, "id,name\n");
	for (int i = 0; i < 20000; i++)
		buf_printf(&text, "%d,customer %d 李伟\n", i, i * 7);
	size_t zn;
	unsigned char *z = gzip(text.data, text.len, &zn);
	struct source s;
	/* the name says .csv, the content says gzip: content wins */
	assert_int_equal(source_load_mem(&s, &c.d, z, zn, "x.csv", SOURCE_UTF8), 0);
	assert_true(s.gzip);
	assert_int_equal(s.len, text.len);
	assert_memory_equal(s.data, text.data, text.len);
	source_release(&s);
	source_release(&s);     /* idempotent */

	/* truncated: the last bytes (trailer and some data) are gone */
	assert_int_equal(source_load_mem(&s, &c.d, z, zn - 40, "x.csv.gz", SOURCE_UTF8), -1);
	cap_expect(&c, "bdreport: x.csv.gz: error: unexpected end of compressed data");
	assert_int_equal(c.d.status, BD_EINPUT);

	/* corrupt: damage the deflate stream */
	z[zn / 2] ^= 0xff;
	z[zn / 2 + 1] ^= 0x55;
	buf_reset(&c.msg);
	assert_int_equal(source_load_mem(&s, &c.d, z, zn, "y.gz", SOURCE_UTF8), -1);
	assert_non_null(strstr(buf_str(&c.msg), "y.gz: error:"));
	free(z);
	buf_release(&text);
	buf_release(&c.msg);
}

static void
test_bom_and_latin1(void **state)
{
	(void)state;
	struct cap c;
	cap_init(&c);
	struct source s;
	const char bom[] = "\xef\xbb\xbf" "a,b\n1,2\n";
	assert_int_equal(source_load_mem(&s, &c.d, bom, sizeof bom - 1, "b.csv", SOURCE_UTF8), 0);
	assert_int_equal(s.len, 8);
	assert_memory_equal(s.data, "a,b\n1,2\n", 8);
	source_release(&s);

	const char lat[] = "name\nCaf\xe9 M\xfcller \xa3" "5\n";
	assert_int_equal(source_load_mem(&s, &c.d, lat, sizeof lat - 1, "l.csv", SOURCE_LATIN1), 0);
	const char want[] = "name\nCaf\xc3\xa9 M\xc3\xbcller \xc2\xa3" "5\n";
	assert_int_equal(s.len, sizeof want - 1);
	assert_memory_equal(s.data, want, s.len);
	source_release(&s);

	/* the same bytes read as UTF-8 are invalid, at line 2, column 4 */
	assert_int_equal(source_load_mem(&s, &c.d, lat, sizeof lat - 1, "l.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "bdreport: l.csv:2:4: error: invalid UTF-8 byte 0xe9");
	cap_expect(&c, "latin-1");
	assert_int_equal(source_encoding_parse("Latin-1"), SOURCE_LATIN1);
	assert_int_equal(source_encoding_parse("ISO-8859-1"), SOURCE_LATIN1);
	assert_int_equal(source_encoding_parse(NULL), SOURCE_UTF8);
	assert_int_equal(source_encoding_parse("utf-8"), SOURCE_UTF8);
	assert_int_equal(source_encoding_parse("cp1252"), -1);
	buf_release(&c.msg);
}

static void
test_invalid_utf8_positions(void **state)
{
	(void)state;
	struct cap c;
	cap_init(&c);
	struct source s;
	/* Chinese text is fine; the column counts characters, not bytes */
	const char ok[] = "名称,金额\r\n上海华信科技,12\r\n";
	assert_int_equal(source_load_mem(&s, &c.d, ok, sizeof ok - 1, "zh.csv", SOURCE_UTF8), 0);
	source_release(&s);
	const char bad[] = "a\r\n\xe4\xb8\x8a\xe6\xb5\xb7x\xc3(\r\n";      /* 上海x then a bad pair */
	assert_int_equal(source_load_mem(&s, &c.d, bad, sizeof bad - 1, "u.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "u.csv:2:4: error: invalid UTF-8 byte 0xc3");
	/* overlong encoding, surrogate, CR-only line ends */
	buf_reset(&c.msg);
	const char ov[] = "x\ry\r\xc0\xaf";
	assert_int_equal(source_load_mem(&s, &c.d, ov, sizeof ov - 1, "o.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "o.csv:3:1:");
	buf_reset(&c.msg);
	const char sur[] = "ab\xed\xa0\x80";
	assert_int_equal(source_load_mem(&s, &c.d, sur, sizeof sur - 1, "s.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "s.csv:1:3:");
	buf_reset(&c.msg);
	const char cut[] = "ab\xe4\xb8";          /* sequence cut by the end of the file */
	assert_int_equal(source_load_mem(&s, &c.d, cut, sizeof cut - 1, "c.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "c.csv:1:3:");
	buf_release(&c.msg);
}

/* Validation goes in SOURCE_WINDOW (64 MB) windows: a character that straddles a
 * window end is valid (a file over 64 MB with Chinese text near the boundary was
 * rejected before); a stray continuation byte or a cut sequence there is not, and
 * is reported where it is. The data: one long line of 'a' with the bytes put at
 * the boundary. */
static void
test_window_boundary(void **state)
{
	(void)state;
	struct cap c;
	struct source s;
	size_t W = SOURCE_WINDOW, n = W + 16;
	char *data = malloc(n);
	assert_non_null(data);
	cap_init(&c);
	memset(data, 'a', n);
	memcpy(data + W - 1, "\xe4\xb8\x8a", 3);            /* 上 across the boundary */
	assert_int_equal(source_load_mem(&s, &c.d, data, n, "w.csv", SOURCE_UTF8), 0);
	source_release(&s);
	memset(data + W - 4, 'a', 8);
	memcpy(data + W - 2, "\xf0\x9f\x98\x80", 4);        /* an emoji across it */
	assert_int_equal(source_load_mem(&s, &c.d, data, n, "w.csv", SOURCE_UTF8), 0);
	source_release(&s);
	memset(data + W - 4, 'a', 8);
	data[W] = (char)0x8a;                                /* stray continuation */
	assert_int_equal(source_load_mem(&s, &c.d, data, n, "w.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "invalid UTF-8 byte 0x8a");
	buf_reset(&c.msg);
	memset(data + W - 4, 'a', 8);
	memcpy(data + W - 1, "\xe4\xb8", 2);                  /* cut: ASCII follows */
	assert_int_equal(source_load_mem(&s, &c.d, data, n, "w.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "invalid UTF-8 byte 0xe4");
	buf_release(&c.msg);
	free(data);
}

static void
test_nul_byte(void **state)
{
	(void)state;
	struct cap c;
	cap_init(&c);
	struct source s;
	const char data[] = "a,b\n1,x\0y\n";
	assert_int_equal(source_load_mem(&s, &c.d, data, sizeof data - 1, "n.csv", SOURCE_UTF8), -1);
	cap_expect(&c, "bdreport: n.csv:2:4: error: NUL byte");
	assert_int_equal(c.d.status, BD_EINPUT);
	buf_release(&c.msg);
}

static void
test_files(void **state)
{
	(void)state;
	struct cap c;
	cap_init(&c);
	struct source s;
	assert_int_equal(source_load(&s, &c.d, "tests/data/ingest/no-such-file.csv", "data/x.csv",
	                             SOURCE_UTF8), -1);
	cap_expect(&c, "bdreport: data/x.csv: error: cannot open file: no such file");
	assert_int_equal(c.d.status, BD_EIO);
	buf_reset(&c.msg);
	assert_int_equal(source_load(&s, &c.d, "tests/data/ingest", NULL, SOURCE_UTF8), -1);
	cap_expect(&c, "is a directory");
	/* a real file through the mapping path, and an empty one */
	assert_int_equal(source_load(&s, &c.d, "tests/data/ingest/quoted.csv", NULL, SOURCE_UTF8), 0);
	size_t n;
	char *ref = test_read_file("tests/data/ingest/quoted.csv", &n);
	assert_non_null(ref);
	assert_int_equal(s.len, n);
	assert_memory_equal(s.data, ref, n);
	free(ref);
	source_release(&s);
	assert_int_equal(source_load(&s, &c.d, "tests/data/ingest/empty.csv", NULL, SOURCE_UTF8), 0);
	assert_int_equal(s.len, 0);
	source_release(&s);
	buf_release(&c.msg);
}

static void
test_positions(void **state)
{
	(void)state;
	long l, c;
	const char *s = "ab\r\ncd\ref\ngé";
	source_position(s, 0, &l, &c);
	assert_int_equal(l, 1);
	assert_int_equal(c, 1);
	source_position(s, 2, &l, &c);              /* the CR of CRLF */
	assert_int_equal(l, 1);
	assert_int_equal(c, 3);
	source_position(s, 5, &l, &c);              /* 'd' */
	assert_int_equal(l, 2);
	assert_int_equal(c, 2);
	source_position(s, 7, &l, &c);              /* after a lone CR */
	assert_int_equal(l, 3);
	assert_int_equal(c, 1);
	source_position(s, strlen(s), &l, &c);      /* end: after "gé" */
	assert_int_equal(l, 4);
	assert_int_equal(c, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_by_content),
		cmocka_unit_test(test_bom_and_latin1),
		cmocka_unit_test(test_invalid_utf8_positions),
		cmocka_unit_test(test_window_boundary),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
