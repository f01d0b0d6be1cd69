/* SPDX-License-Identifier: MIT
 * send: `bdreport send` and `build --send` (see send.h). libcurl speaks SMTP; its
 * debug callback keeps the server's replies so a refused delivery is reported with
 * the server's own words. */
#include "cli/send.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/outdir.h"
#include "ingest/table.h"
#include "render/email.h"

#define EML "briefing.eml"

static int
read_file(const char *path, struct buf *out)
{
	char tmp[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, n);
	n = (size_t)ferror(f);
	fclose(f);
	return n ? -1 : 0;
}

static int
write_file(const char *path, const struct buf *b, struct diag *d, const char *what)
{
	FILE *f = fopen(path, "wb");
	int bad = !f;
	if (f) {
		bad = fwrite(buf_str(b), 1, b->len, f) != b->len;
		bad |= fclose(f) != 0;
	}
	if (bad) {
		struct diag_loc loc = { path, 0, 0 };
		diag_error(d, BD_EIO, &loc, "%s: %s", what, strerror(errno));
		return BD_EIO;
	}
	return BD_OK;
}

static void
marker_text(const struct buf *eml, struct buf *out)
{
	buf_printf(out, "%016llx %s\n", (unsigned long long)table_hash(buf_str(eml), eml->len),
	           EML);
}

int
send_keep_marker(const char *tmp, const char *out, struct diag *d)
{
	struct buf from, m;
	int rc;
	buf_init(&from);
	buf_init(&m);
	buf_printf(&from, "%s/%s", out, SEND_MARKER);
	if (read_file(buf_str(&from), &m) != 0)
		buf_reset(&m);      /* nothing sent yet: an empty marker, listed in the manifest */
	buf_reset(&from);
	buf_printf(&from, "%s/%s", tmp, SEND_MARKER);
	rc = write_file(buf_str(&from), &m, d, "cannot write");
	buf_release(&from);
	buf_release(&m);
	return rc;
}

/* A report built before the project had "smtp" has no marker in its manifest: list
 * it, so that the next build may replace the folder. */
static void
list_marker(const char *dir)
{
	struct buf path, text;
	buf_init(&path);
	buf_init(&text);
	buf_printf(&path, "%s/%s", dir, OUTDIR_MANIFEST);
	if (read_file(buf_str(&path), &text) == 0 && !strstr(buf_str(&text), "\n" SEND_MARKER "\n")) {
		FILE *f = fopen(buf_str(&path), "ab");
		if (f) {
			fputs(SEND_MARKER "\n", f);
			fclose(f);
		}
	}
	buf_release(&path);
	buf_release(&text);
}

/* ---- libcurl callbacks ---- */

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;
	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(dst, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* Keeps the server's first refusal (a 4xx or 5xx reply; curl says QUIT after it),
 * else its last reply: the last line of it, without CR LF. */
static int
debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *ud)
{
	struct buf *reply = ud;
	(void)c;
	if (type != CURLINFO_HEADER_IN || size < 4 || data[3] != ' ')
		return 0;
	if (reply->len && (reply->data[0] == '4' || reply->data[0] == '5'))
		return 0;
	buf_reset(reply);
	while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	buf_add(reply, data, size);
	return 0;
}

/* ---- recipients and password ---- */

static int
add_rcpts(const cJSON *v, const char *key, struct curl_slist **list, struct diag *d)
{
	const cJSON *e;
	if (!v)
		return 0;
	for (e = cJSON_IsString(v) ? v : v->child; e; e = cJSON_IsString(v) ? NULL : e->next) {
		struct buf a;
		buf_init(&a);
		buf_putc(&a, '<');
		if (!cJSON_IsString(e) || email_addr_spec(e->valuestring, &a) != 0) {
			diag_error(d, BD_EINPUT, NULL, "output.email.%s: '%s' is not an address", key,
			           cJSON_IsString(e) ? e->valuestring : "?");
			buf_release(&a);
			return -1;
		}
		buf_putc(&a, '>');
		*list = curl_slist_append(*list, buf_str(&a));
		buf_release(&a);
	}
	return 0;
}

static char *
password(const struct project_smtp *s, struct diag *d)
{
	if (s->password_env) {
		const char *v = getenv(s->password_env);
		if (!v || !*v) {
			diag_error(d, BD_EINPUT, NULL, "output.email.smtp: the environment variable '%s' "
			           "(password_env) is not set", s->password_env);
			return NULL;
		}
		return xstrdup(v);
	}
	if (s->password_file) {
		struct buf b;
		char *p;
		buf_init(&b);
		if (read_file(s->password_file, &b) != 0) {
			struct diag_loc loc = { s->password_file, 0, 0 };
			diag_error(d, BD_EIO, &loc, "cannot read the SMTP password file: %s", strerror(errno));
			buf_release(&b);
			return NULL;
		}
		p = buf_detach(&b, NULL);
		if (!p)
			p = xstrdup("");
		p[strcspn(p, "\r\n")] = '\0';
		return p;
	}
	diag_error(d, BD_EINPUT, NULL, "output.email.smtp: 'user' needs 'password_env' or 'password_file'");
	return NULL;
}

int
send_briefing(const struct project *p, const char *dir, struct diag *d)
{
	const struct project_smtp *s = p->output.smtp;
	const cJSON *email = p->output.email;
	const cJSON *from = email ? cJSON_GetObjectItemCaseSensitive(email, "from") : NULL;
	struct buf path, eml, mark, old, reply, sender;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	char errbuf[CURL_ERROR_SIZE];
	char *pass = NULL;
	CURL *c = NULL;
	CURLcode cc;
	int rc = BD_OK;
	if (!email || !s) {
		struct diag_loc loc;
		project_locate(p, "output", &loc);
		diag_error(d, BD_EINPUT, &loc, "nothing to send: the project has no \"output\": "
		           "{\"email\": {\"smtp\": {...}}}");
		return BD_EINPUT;
	}
	buf_init(&path);
	buf_init(&eml);
	buf_init(&mark);
	buf_init(&old);
	buf_init(&reply);
	buf_init(&sender);
	buf_printf(&path, "%s/%s", dir, EML);
	if (read_file(buf_str(&path), &eml) != 0) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot read the briefing (run 'bdreport build' first): %s",
		           strerror(errno));
		rc = BD_EIO;
		goto out;
	}
	marker_text(&eml, &mark);
	buf_reset(&path);
	buf_printf(&path, "%s/%s", dir, SEND_MARKER);
	if (read_file(buf_str(&path), &old) == 0 && old.len == mark.len && !memcmp(old.data, mark.data, mark.len)) {
		diag_progress(d, "%s/%s was already sent (%s); not sending it again", dir, EML, SEND_MARKER);
		goto out;
	}
	if (!cJSON_IsString(from) || email_addr_spec(from->valuestring, &sender) != 0) {
		diag_error(d, BD_EINPUT, NULL, "output.email.from: expected an address");
		rc = BD_EINPUT;
		goto out;
	}
	if (add_rcpts(cJSON_GetObjectItemCaseSensitive(email, "to"), "to", &rcpt, d) != 0 ||
	    add_rcpts(cJSON_GetObjectItemCaseSensitive(email, "cc"), "cc", &rcpt, d) != 0) {
		rc = BD_EINPUT;
		goto out;
	}
	if (s->user && !(pass = password(s, d))) {
		rc = d->status ? d->status : BD_EINPUT;
		goto out;
	}
	c = curl_easy_init();
	if (!c) {
		diag_error(d, BD_EINTERNAL, NULL, "cannot start libcurl");
		rc = BD_EINTERNAL;
		goto out;
	}
	{
		struct buf env;
		buf_init(&env);
		buf_printf(&env, "<%s>", buf_str(&sender));
		curl_easy_setopt(c, CURLOPT_MAIL_FROM, buf_str(&env));
		up.data = eml.data;
		up.len = eml.len;
		up.pos = 0;
		errbuf[0] = '\0';
		curl_easy_setopt(c, CURLOPT_URL, s->url);
		curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(c, CURLOPT_READDATA, &up);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)eml.len);
		curl_easy_setopt(c, CURLOPT_USE_SSL, s->starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
		if (s->ca_file)
			curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
		if (s->user) {
			curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
			curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
		}
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, &reply);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);   /* feeds debug_cb only */
		cc = curl_easy_perform(c);
		buf_release(&env);
	}
	if (cc != CURLE_OK) {
		struct diag_loc loc = { s->url, 0, 0 };
		if (reply.len)
			diag_error(d, BD_EIO, &loc, "delivery failed: the server replied \"%s\" (%s)", buf_str(&reply),
			           errbuf[0] ? errbuf : curl_easy_strerror(cc));
		else
			diag_error(d, BD_EIO, &loc, "delivery failed: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		rc = BD_EIO;
		goto out;
	}
	rc = write_file(buf_str(&path), &mark, d, "the briefing was sent, but the marker cannot be written");
	if (rc != BD_OK)
		goto out;
	list_marker(dir);
	{
		size_t n = 0;
		for (struct curl_slist *r = rcpt; r; r = r->next)
			n++;
		diag_progress(d, "sent %s/%s to %zu recipient%s through %s", dir, EML, n, n == 1 ? "" : "s", s->url);
	}
out:
	if (c)
		curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	if (pass) {
		memset(pass, 0, strlen(pass));
		free(pass);
	}
	buf_release(&path);
	buf_release(&eml);
	buf_release(&mark);
	buf_release(&old);
	buf_release(&reply);
	buf_release(&sender);
	return rc;
}
