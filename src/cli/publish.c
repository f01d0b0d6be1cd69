/* SPDX-License-Identifier: MIT
 * publish: email and archive hooks of the build's output phase, and the summary
 * line; the file formats themselves live in render/email.c and cli/archive.c. */
#include "cli/publish.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/date.h"
#include "cli/archive.h"
#include "base/fmt.h"
#include "cli/send.h"
#include "render/email.h"

int
publish_outputs(struct build *b, const struct build_opts *o, const char *tmp,
                const char *out, struct diag *d)
{
	unsigned only = o->only ? o->only : BUILD_ALL;
	char week[16];
	int rc = 0;
	if (b->p->output.email && (only & BUILD_PDF))
		rc = email_write_in(b->results, b->p->output.email, b->theme, tmp, b->p->output.pdf, PUBLISH_EMAIL_FILE, d);
	if (rc == 0 && b->p->output.archive > 0)
		rc = archive_update(tmp, out, b->results, b->p->output.archive, b->p->output.json,
		                    b->p->output.pdf, b->theme, week, d);
	else if (rc == 0)
		rc = archive_keep(tmp, out, d);
	if (rc == 0 && b->p->output.smtp)
		rc = send_keep_marker(tmp, out, d);     /* an unchanged briefing is not sent twice */
	return rc;
}

void
publish_summary(const struct build *b, const char *out, struct diag *d)
{
	struct buf what;
	DIR *dir = opendir(out);
	double seconds = 0;
	int pages = 0;
	struct stat st;
	buf_init(&what);
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n > 5 && strcmp(e->d_name + n - 5, ".html") == 0)
				pages++;
		}
		closedir(dir);
	}
	if (pages)
		buf_printf(&what, "%d page%s", pages, pages == 1 ? "" : "s");
	if (b->p->output.pdf) {
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s", out, b->p->output.pdf);
		if (stat(buf_str(&path), &st) == 0)
			buf_printf(&what, "%s%s %lld KB", what.len ? ", " : "", b->p->output.pdf,
			           ((long long)st.st_size + 1023) / 1024);
		buf_release(&path);
	}
	if (b->p->output.email) {
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s", out, PUBLISH_EMAIL_FILE);
		if (stat(buf_str(&path), &st) == 0)
			buf_printf(&what, "%s%s", what.len ? ", " : "", PUBLISH_EMAIL_FILE);
		buf_release(&path);
	}
	if (b->p->output.archive > 0) {
		const cJSON *meta = cJSON_GetObjectItemCaseSensitive(b->results, "meta");
		const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(meta, "as_of");
		long days;
		if (cJSON_IsString(as_of) && date_parse_day(as_of->valuestring, &days) == 0) {
			char week[16];
			date_format_week(days, week);
			buf_printf(&what, "%sarchive %s", what.len ? ", " : "", week);
		}
	}
	if (!what.len && b->p->output.json)
		buf_puts(&what, b->p->output.json);
	for (size_t i = 0; i < b->nphase; i++)
		seconds += b->phase[i].seconds;
	diag_progress(d, "built %s%s (%s) in %.1f s", out, out[0] && out[strlen(out) - 1] == '/' ? "" : "/",
	              buf_str(&what), seconds);
	buf_release(&what);
}
