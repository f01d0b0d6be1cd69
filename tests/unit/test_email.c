/* SPDX-License-Identifier: MIT
 * Tests for render/email: base64 (RFC 4648 vectors, 76-character lines), RFC 2047
 * encoded-words that never split a character, address checks, the message layout,
 * determinism and the Date header. The full MIME parse is in tests/e2e/publish.sh. */
#include "testutil.h"

#include <cJSON.h>

#include "render/email.h"
#include "themefx.h"     /* the dark theme: the e-mail takes its colours and font from it */

static int
unb64(int c)
{
	const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(t, c) : NULL;
	return p ? (int)(p - t) : -1;
}

/* Decodes base64 text (CRLF ignored) into out; returns the length. */
static size_t
decode(const char *s, size_t n, char *out)
{
	unsigned v = 0;
	int bits = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int x = unb64(s[i]);
		if (x < 0)
			continue;
		v = v << 6 | (unsigned)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (char)(v >> bits & 0xff);
		}
	}
	out[k] = '\0';
	return k;
}

static void
test_base64(void **s)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const want[] = { "", "Zg==\r\n", "Zm8=\r\n", "Zm9v\r\n", "Zm9vYg==\r\n",
	                                    "Zm9vYmE=\r\n", "Zm9vYmFy\r\n" };
	struct buf b;
	unsigned char big[1000];
	char back[1100];
	const char *p;
	(void)s;
	buf_init(&b);
	for (int i = 0; i < 7; i++) {
		buf_reset(&b);
		email_base64(&b, in[i], strlen(in[i]));
		assert_string_equal(buf_str(&b), want[i]);
	}
	for (int i = 0; i < 1000; i++)
		big[i] = (unsigned char)(i * 7919 % 251);
	buf_reset(&b);
	email_base64(&b, big, sizeof big);
	for (p = buf_str(&b); *p;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 76);
		if (e[2])
			assert_int_equal(e - p, 76);
		p = e + 2;
	}
	assert_int_equal(decode(b.data, b.len, back), sizeof big);
	assert_memory_equal(back, big, sizeof big);
	buf_release(&b);
}

static void
test_header_text(void **s)
{
	/* 3-byte characters so a 30-byte cut would fall inside one */
	const char *zh = "周报周报周报周报周报周报周报周报周报周报周报周报 — 2026 Zoë";
	char out[400], word[200];
	struct buf b;
	const char *p;
	size_t k = 0;
	(void)s;
	buf_init(&b);
	email_header_text(&b, "Plain ASCII subject");
	assert_string_equal(buf_str(&b), "Plain ASCII subject");
	buf_reset(&b);
	email_header_text(&b, zh);
	for (p = buf_str(&b); *p;) {
		const char *e = strstr(p, "?=");
		size_t n;
		assert_true(strncmp(p, "=?UTF-8?B?", 10) == 0);
		assert_non_null(e);
		assert_true(e + 2 - p <= 75);
		n = decode(p + 10, (size_t)(e - p - 10), word);
		/* each word holds whole characters: it does not start with a continuation byte */
		assert_true(n > 0 && ((unsigned char)word[0] & 0xc0) != 0x80);
		memcpy(out + k, word, n);
		k += n;
		p = e + 2;
		if (*p)
			assert_true(strncmp(p, "\r\n ", 3) == 0), p += 3;
	}
	out[k] = '\0';
	assert_string_equal(out, zh);
	buf_release(&b);
}

static cJSON *
model(void)
{
	return cJSON_Parse(
		"{\"meta\": {\"title\": \"ACME <weekly>\", \"organization\": \"ACME\", \"as_of\": \"2026-11-21\","
		" \"week_start\": \"2026-11-15\", \"week_end\": \"2026-11-21\", \"locale\": \"en\", \"currency\": \"USD\","
		" \"generated_by\": \"bdreport test\"},"
		" \"headlines\": [\"Revenue rose 12% to $1.2M\", {\"text\": \"Win rate fell\"}],"
		" \"kpis\": {\"weeks\": [\"2026-11-21\"], \"revenue\": {\"value\": 1200000, \"value_fmt\": \"$1.2M\", \"previous\": 1071428,"
		"  \"previous_fmt\": \"$1.07M\", \"change_pct\": 0.12}, \"win_rate\": {\"value\": 0.25, \"previous\": 0.2}},"
		" \"targets\": {\"prospects\": [{\"name\": \"Globex & Co\", \"score_fmt\": \"$40k\","
		"  \"reasons\": [\"large deal\", \"engaged\"]},"
		"  {\"rank\": 2, \"id\": \"D7\", \"name\": null, \"amount\": 9, \"amount_fmt\": \"$9\","
		"   \"expected_value\": 4.5, \"expected_value_fmt\": \"$4.50\", \"reasons\": []}]}}");
}

static cJSON *
email(const char *extra)
{
	char text[600];
	snprintf(text, sizeof text, "{\"from\": \"BD <bd@acme.example>\", \"to\": [\"ceo@acme.example\"]%s}", extra);
	return cJSON_Parse(text);
}

static void
part(const char *msg, const char *type, char *out)
{
	const char *p = strstr(msg, type), *e;
	assert_non_null(p);
	p = strstr(p, "\r\n\r\n");
	e = strstr(p, "\r\n--");
	decode(p, (size_t)(e - p), out);
}

static void
test_compose(void **s)
{
	cJSON *m = model(), *e = email("");
	struct buf a, b;
	struct diag d;
	static char text[20000];
	(void)s;
	unsetenv("SOURCE_DATE_EPOCH");
	diag_init(&d);
	d.out = NULL;
	buf_init(&a);
	buf_init(&b);
	assert_int_equal(email_compose(m, e, theme, "briefing.pdf", "%PDF-1.4 test", 13, &a, &d), 0);
	assert_non_null(strstr(buf_str(&a), "From: BD <bd@acme.example>\r\n"));
	assert_non_null(strstr(buf_str(&a), "To: ceo@acme.example\r\n"));
	assert_non_null(strstr(buf_str(&a), "MIME-Version: 1.0\r\n"));
	assert_null(strstr(buf_str(&a), "\r\nDate:"));
	assert_null(strstr(buf_str(&a), "\r\nCc:"));
	/* default subject: title and ISO week; the em dash makes it an encoded-word */
	assert_non_null(strstr(buf_str(&a), "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(buf_str(&a), "Content-Disposition: attachment; filename=\"briefing.pdf\""));
	part(buf_str(&a), "text/plain", text);
	assert_non_null(strstr(text, "ACME <weekly>\r\nReport week 2026-W47 (2026-11-15 .. 2026-11-21)"));
	assert_non_null(strstr(text, "- Revenue rose 12% to $1.2M\r\n- Win rate fell\r\n"));
	assert_non_null(strstr(text, "- Revenue: $1.2M (previous $1.07M, +12.0%)"));
	/* without _fmt strings: formatted by kind; no change_pct: an en dash */
	assert_non_null(strstr(text, "- Win rate: 25.0% (previous 20.0%, \xe2\x80\x93)"));
	assert_non_null(strstr(text, "1. Globex & Co ($40k): large deal; engaged"));
	assert_non_null(strstr(text, "2. D7 ($4.50)\r\n"));     /* id without a name; the list's score */
	assert_non_null(strstr(text, "attached: briefing.pdf"));
	part(buf_str(&a), "text/html", text);
	assert_non_null(strstr(text, "<h1 style=\"font-family:system-ui, -apple-system, &quot;Segoe UI&quot;"));
	assert_non_null(strstr(text, "color:#e4e7eb;"));       /* dark's text colour */
	assert_non_null(strstr(text, "background:#1c252f;"));  /* dark's surface */
	assert_null(strstr(text, "#1f2933"));                  /* no default colour left */
	assert_non_null(strstr(text, "ACME &lt;weekly&gt;</h1>"));
	assert_non_null(strstr(text, "Globex &amp; Co"));
	assert_null(strstr(text, "<script"));
	part(buf_str(&a), "application/pdf", text);
	assert_string_equal(text, "%PDF-1.4 test");

	/* same input, same bytes; another attachment, another Message-ID and boundary */
	assert_int_equal(email_compose(m, e, theme, "briefing.pdf", "%PDF-1.4 test", 13, &b, &d), 0);
	assert_string_equal(buf_str(&a), buf_str(&b));
	buf_reset(&b);
	assert_int_equal(email_compose(m, e, theme, "briefing.pdf", "%PDF-1.4 tesT", 13, &b, &d), 0);
	assert_string_not_equal(strstr(buf_str(&a), "Message-ID:"), strstr(buf_str(&b), "Message-ID:"));

	/* no PDF: no attachment */
	buf_reset(&b);
	assert_int_equal(email_compose(m, e, theme, "briefing.pdf", NULL, 0, &b, &d), 0);
	assert_null(strstr(buf_str(&b), "application/pdf"));

	/* the Date header comes from SOURCE_DATE_EPOCH only */
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	buf_reset(&b);
	assert_int_equal(email_compose(m, e, theme, NULL, NULL, 0, &b, &d), 0);
	assert_non_null(strstr(buf_str(&b), "\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(d.nerrors, 0);
	cJSON_Delete(m);
	cJSON_Delete(e);
	buf_release(&a);
	buf_release(&b);
}

static void
test_addresses(void **s)
{
	static const char *const bad[] = {
		", \"cc\": \"not an address\"",
		", \"cc\": \"Name <a@b.example\"",
		", \"cc\": \"Name <a@b.example> trailing\"",
		", \"cc\": \"a@@b.example\"",
		", \"cc\": \"Evil\\r\\nBcc: x@y.example <a@b.example>\"",
		", \"cc\": [1]",
		", \"subject\": \"x\\nBcc: y@z.example\"",
	};
	cJSON *m = model();
	struct buf out, cap;
	struct diag d;
	(void)s;
	buf_init(&out);
	buf_init(&cap);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *e = email(bad[i]);
		assert_non_null(e);
		diag_init(&d);
		d.out = NULL;
		buf_reset(&cap);
		d.capture = &cap;
		assert_int_equal(email_compose(m, e, theme, NULL, NULL, 0, &out, &d), -1);
		assert_int_equal(d.status, BD_EINPUT);
		assert_int_equal(out.len, 0);      /* nothing appended on error */
		cJSON_Delete(e);
	}
	{
		cJSON *e = cJSON_Parse("{\"to\": \"a@b.example\"}");
		diag_init(&d);
		d.out = NULL;
		buf_reset(&cap);
		d.capture = &cap;
		assert_int_equal(email_compose(m, e, theme, NULL, NULL, 0, &out, &d), -1);
		assert_non_null(strstr(buf_str(&cap), "'from' is required"));
		cJSON_Delete(e);
	}
	{
		cJSON *e = email(", \"cc\": [\"\\\"Smith, Jo\\\" <jo@b.example>\", \"Zoë <z@b.example>\", \"Ann Lee <ann@b.example>\"]");
		diag_init(&d);
		d.out = NULL;
		assert_int_equal(email_compose(m, e, theme, NULL, NULL, 0, &out, &d), 0);
		assert_non_null(strstr(buf_str(&out), "Cc: \"Smith, Jo\" <jo@b.example>,\r\n =?UTF-8?B?Wm/Dqw==?= "
		                                      "<z@b.example>,\r\n Ann Lee <ann@b.example>\r\n"));
		cJSON_Delete(e);
	}
	cJSON_Delete(m);
	buf_release(&out);
	buf_release(&cap);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_header_text),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_addresses),
	};
	return cmocka_run_group_tests(tests, load_theme, free_theme);
}
