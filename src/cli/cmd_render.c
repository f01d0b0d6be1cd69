/* SPDX-License-Identifier: MIT
 * cmd_render: the `render` command, argv to exit status. Reads the JSON data (file or
 * standard input), compiles the template with tmpl (src/render), and writes the
 * rendered text to standard output; every message goes through diag. */
#include "cli/cmd_render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "base/arena.h"
#include "base/buf.h"
#include "render/tmpl.h"

static const char usage[] = "usage: bdreport render TEMPLATE [DATA] [--partials DIR]...";

static int
read_stream(FILE *f, struct buf *out)
{
	char tmp[65536];
	size_t r;
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, r);
	buf_grow(out, 0);
	out->data[out->len] = '\0';
	return ferror(f) ? -1 : 0;
}

/* Parses text as JSON; on a syntax error reports name:line:col. */
static cJSON *
parse_json(const char *name, const struct buf *text, struct diag *d)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(buf_str(text), text->len, &end, 0);
	if (!j) {
		size_t off = end && end >= buf_str(text) ? (size_t)(end - buf_str(text)) : 0;
		struct diag_loc loc = { name, 1, 1 };
		for (size_t i = 0; i < off && i < text->len; i++) {
			if (text->data[i] == '\n') {
				loc.line++;
				loc.col = 1;
			} else {
				loc.col++;
			}
		}
		diag_error(d, BD_EINPUT, &loc, "invalid JSON data");
	}
	return j;
}

int
cmd_render(int argc, char **argv, struct diag *d)
{
	const char *tpath = NULL, *dpath = NULL;
	const char **dirs = xcalloc((size_t)argc + 1, sizeof *dirs);
	size_t ndirs = 0;
	char *tdir = NULL;
	struct buf data, out;
	cJSON *json = NULL;
	struct tmpl *t = NULL;
	int status = BD_OK;

	buf_init(&data);
	buf_init(&out);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--partials") == 0) {
			if (i + 1 >= argc) {
				diag_error(d, BD_EUSAGE, NULL, "option '--partials' needs a folder; %s", usage);
				status = BD_EUSAGE;
				goto done;
			}
			dirs[ndirs++] = argv[++i];
		} else if (strncmp(a, "--partials=", 11) == 0) {
			dirs[ndirs++] = a + 11;
		} else if (a[0] == '-' && a[1] != '\0') {
			diag_error(d, BD_EUSAGE, NULL, "unknown option '%s'; %s", a, usage);
			status = BD_EUSAGE;
			goto done;
		} else if (!tpath) {
			tpath = a;
		} else if (!dpath) {
			dpath = a;
		} else {
			diag_error(d, BD_EUSAGE, NULL, "unexpected argument '%s'; %s", a, usage);
			status = BD_EUSAGE;
			goto done;
		}
	}
	if (!tpath) {
		diag_error(d, BD_EUSAGE, NULL, "missing TEMPLATE; %s", usage);
		status = BD_EUSAGE;
		goto done;
	}

	/* the template's own folder comes after the --partials folders */
	tdir = xstrdup(tpath);
	char *slash = strrchr(tdir, '/');
	if (slash == tdir)
		tdir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(tdir, ".");
	dirs[ndirs++] = tdir;

	if (!dpath || strcmp(dpath, "-") == 0) {
		dpath = "<stdin>";
		if (read_stream(stdin, &data) < 0) {
			diag_error(d, BD_EIO, NULL, "cannot read standard input: %s", strerror(errno));
			status = BD_EIO;
			goto done;
		}
	} else {
		FILE *f = fopen(dpath, "rb");
		if (!f || read_stream(f, &data) < 0) {
			diag_error(d, BD_EIO, NULL, "cannot read data '%s': %s", dpath, strerror(errno));
			if (f)
				fclose(f);
			status = BD_EIO;
			goto done;
		}
		fclose(f);
	}

	struct tmpl_opts opts = { 0 };
	opts.dirs = dirs;
	opts.ndirs = ndirs;
	opts.warn_missing = 1;
	t = tmpl_compile_file(tpath, &opts, d);
	if (!t) {
		status = d->status ? d->status : BD_EINPUT;
		goto done;
	}
	json = parse_json(dpath, &data, d);
	if (!json) {
		status = BD_EINPUT;
		goto done;
	}
	status = tmpl_render(t, json, &out, d);
	if (status == BD_OK) {
		if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
			diag_error(d, BD_EIO, NULL, "cannot write standard output: %s", strerror(errno));
			status = BD_EIO;
		}
	}
done:
	cJSON_Delete(json);
	tmpl_destroy(t);
	buf_release(&data);
	buf_release(&out);
	free(tdir);
	free(dirs);
	return status;
}
