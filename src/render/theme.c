/* SPDX-License-Identifier: MIT
 * theme: reads a theme folder (theme.json + style.css, optionally extending another
 * theme) into struct theme, finds the program's data folder, and turns a theme into
 * CSS custom properties and a chart theme. */
#include "render/theme.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "base/arena.h"

#ifndef BDREPORT_PREFIX
#define BDREPORT_PREFIX "/usr/local"
#endif

#define MAX_EXTENDS 4

static int
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
has_templates(const char *dir)
{
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof path, "%s/templates", dir) >= sizeof path)
		return 0;
	return is_dir(path);
}

const char *
theme_data_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("BDREPORT_DATA_DIR");
	ssize_t n;
	char *slash;
	if (env && *env && has_templates(env)) {
		snprintf(dir, sizeof dir, "%s", env);
		return dir;
	}
	n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n > 0) {
		dir[n] = '\0';
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			if (has_templates(dir))
				return dir;
			if ((slash = strrchr(dir, '/')) != NULL) {
				*slash = '\0';
				if (has_templates(dir))
					return dir;
			}
		}
	}
	snprintf(dir, sizeof dir, "%s/share/bdreport", BDREPORT_PREFIX);
	return has_templates(dir) ? dir : NULL;
}

/* Reads a whole file; returns 0, or an errno value. */
static int
slurp(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;
	int err;
	if (!f)
		return errno ? errno : EIO;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, n);
	err = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	return err;
}

int
theme_parse_color(const char *s, uint32_t *out)
{
	size_t n;
	uint32_t v = 0;
	if (!s || s[0] != '#')
		return -1;
	n = strlen(s + 1);
	if (n != 6 && n != 3)
		return -1;
	for (size_t i = 1; i <= n; i++) {
		int c = (unsigned char)s[i], h;
		if (c >= '0' && c <= '9')
			h = c - '0';
		else if (c >= 'a' && c <= 'f')
			h = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			h = c - 'A' + 10;
		else
			return -1;
		v = n == 6 ? (v << 4) | (uint32_t)h : (v << 8) | (uint32_t)(h * 17);
	}
	*out = v;
	return 0;
}

static double
channel(uint32_t c, int shift)
{
	double v = ((c >> shift) & 0xFF) / 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double
luminance(uint32_t c)
{
	return 0.2126 * channel(c, 16) + 0.7152 * channel(c, 8) + 0.0722 * channel(c, 0);
}

double
theme_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void
set_defaults(struct theme *t)
{
	static const uint32_t okabe_ito[] = { 0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9,
	                                      0xCC79A7, 0xF0E442, 0x000000 };
	memcpy(t->palette, okabe_ito, sizeof okabe_ito);
	t->npalette = 8;
	t->c = (struct theme_colors){ 0x1F2933, 0x52606D, 0xFFFFFF, 0xF5F7FA, 0xD9E2EC,
	                              0xE4E7EB, 0x9AA5B1, 0x0B7A3E, 0xB42318, 0x0B5CAD };
	t->font_family = xstrdup("system-ui, -apple-system, \"Segoe UI\", \"DejaVu Sans\", "
	                         "\"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", sans-serif");
}

static int
bad(struct diag *d, const char *file, const char *what)
{
	struct diag_loc loc = { file, 0, 0 };
	diag_error(d, BD_EINPUT, &loc, "%s", what);
	return -1;
}

static int
get_str(const cJSON *o, const char *key, char **dst, const char *file, struct diag *d)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char msg[128];
	if (!v)
		return 0;
	if (!cJSON_IsString(v)) {
		snprintf(msg, sizeof msg, "theme key '%s': expected a string", key);
		return bad(d, file, msg);
	}
	free(*dst);
	*dst = xstrdup(v->valuestring);
	return 0;
}

static int
get_color(const cJSON *o, const char *key, uint32_t *dst, const char *file, struct diag *d)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char msg[160];
	if (!v)
		return 0;
	if (!cJSON_IsString(v) || theme_parse_color(v->valuestring, dst) != 0) {
		snprintf(msg, sizeof msg, "theme colour '%s': expected \"#rrggbb\"", key);
		return bad(d, file, msg);
	}
	return 0;
}

static struct theme *load_dir(const char *dir, int depth, struct diag *d);

/* Applies theme.json (already parsed) over t. */
static int
apply_json(struct theme *t, const cJSON *j, const char *file, struct diag *d)
{
	static const char *const names[] = { "text", "muted", "background", "surface", "border",
	                                     "grid", "axis", "good", "bad", "accent" };
	uint32_t *slots[] = { &t->c.text, &t->c.muted, &t->c.background, &t->c.surface,
	                      &t->c.border, &t->c.grid, &t->c.axis, &t->c.good, &t->c.bad,
	                      &t->c.accent };
	const cJSON *v;
	if (!cJSON_IsObject(j))
		return bad(d, file, "expected a JSON object");
	if (get_str(j, "name", &t->name, file, d) || get_str(j, "font_family", &t->font_family, file, d))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "palette")) != NULL) {
		int n = 0;
		const cJSON *e;
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1)
			return bad(d, file, "theme key 'palette': expected a list of colours");
		cJSON_ArrayForEach(e, v) {
			if (n == CHART_MAX_PALETTE)
				break;
			if (!cJSON_IsString(e) || theme_parse_color(e->valuestring, &t->palette[n]) != 0)
				return bad(d, file, "theme key 'palette': expected \"#rrggbb\" colours");
			n++;
		}
		t->npalette = n;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "colors")) != NULL) {
		if (!cJSON_IsObject(v))
			return bad(d, file, "theme key 'colors': expected an object");
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (get_color(v, names[i], slots[i], file, d))
				return -1;
	}
	if (cJSON_GetObjectItemCaseSensitive(j, "pdf")) {
		/* the PDF embeds subsets of the fonts it measures (render/font.h); a theme
		 * naming others would be silently wrong */
		struct diag_loc loc = { file, 0, 0 };
		diag_warn(d, &loc, "theme key 'pdf' is ignored: the PDF briefing always uses "
		          "DejaVu Sans and WenQuanYi Zen Hei");
	}
	return 0;
}

static struct theme *
load_dir(const char *dir, int depth, struct diag *d)
{
	struct buf path, text;
	struct theme *t = NULL;
	cJSON *j = NULL;
	const cJSON *ext;
	int err;
	buf_init(&path);
	buf_init(&text);
	buf_printf(&path, "%s/theme.json", dir);
	if ((err = slurp(buf_str(&path), &text)) != 0) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, err == ENOENT ? BD_EINPUT : BD_EIO, &loc, "cannot read theme: %s", strerror(err));
		goto out;
	}
	j = cJSON_ParseWithLength(buf_str(&text), text.len);
	if (!j) {
		bad(d, buf_str(&path), "not valid JSON");
		goto out;
	}
	ext = cJSON_GetObjectItemCaseSensitive(j, "extends");
	if (ext) {
		const char *data;
		struct buf pdir;
		if (!cJSON_IsString(ext) || strchr(ext->valuestring, '/') || !strcmp(ext->valuestring, "..")) {
			bad(d, buf_str(&path), "theme key 'extends': expected a built-in theme name");
			goto out;
		}
		if (depth >= MAX_EXTENDS || !(data = theme_data_dir())) {
			bad(d, buf_str(&path), "theme key 'extends': cannot find the theme it extends");
			goto out;
		}
		buf_init(&pdir);
		buf_printf(&pdir, "%s/themes/%s", data, ext->valuestring);
		t = load_dir(buf_str(&pdir), depth + 1, d);
		if (t) {
			free(t->parent_dir);
			t->parent_dir = buf_detach(&pdir, NULL);
		}
		buf_release(&pdir);
		if (!t)
			goto out;
	} else {
		t = xcalloc(1, sizeof *t);
		set_defaults(t);
	}
	free(t->dir);
	t->dir = xstrdup(dir);
	free(t->name);
	t->name = NULL;
	if (apply_json(t, j, buf_str(&path), d) != 0) {
		theme_destroy(t);
		t = NULL;
		goto out;
	}
	if (!t->name) {
		const char *base = strrchr(dir, '/');
		t->name = xstrdup(base ? base + 1 : dir);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/style.css", dir);
	buf_reset(&text);
	if ((err = slurp(buf_str(&path), &text)) != 0 && err != ENOENT) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot read theme style sheet: %s", strerror(err));
		theme_destroy(t);
		t = NULL;
		goto out;
	}
	if (text.len) {
		buf_add(&t->css, text.data, text.len);
		buf_putc(&t->css, '\n');
	}
out:
	cJSON_Delete(j);
	buf_release(&path);
	buf_release(&text);
	return t;
}

struct theme *
theme_load(const char *spec, struct diag *d)
{
	struct buf dir;
	struct theme *t;
	const char *data;
	if (!spec || !*spec)
		spec = "default";
	buf_init(&dir);
	if (strchr(spec, '/')) {
		buf_puts(&dir, spec);
	} else {
		if (!strcmp(spec, ".") || !strcmp(spec, "..") || !(data = theme_data_dir()) ||
		    (buf_printf(&dir, "%s/themes/%s", data, spec), !is_dir(buf_str(&dir)))) {
			diag_error(d, BD_EINPUT, NULL,
			           "theme '%s': no such built-in theme (built in: default, dark, print; or give a folder path)%s",
			           spec, theme_data_dir() ? "" : "; set BDREPORT_DATA_DIR to the folder holding templates/ and themes/");
			buf_release(&dir);
			return NULL;
		}
	}
	t = load_dir(buf_str(&dir), 0, d);
	buf_release(&dir);
	return t;
}

void
theme_destroy(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->dir);
	free(t->font_family);
	free(t->parent_dir);
	buf_release(&t->css);
	free(t);
}

void
theme_pdf_chart(const struct theme *t, struct chart_theme *out)
{
	chart_theme_default(out);
	if (!t)
		return;
	memcpy(out->palette, t->palette, sizeof out->palette);
	out->npalette = t->npalette;
	out->positive = t->c.accent;
	out->negative = t->c.bad;
}

void
theme_chart(const struct theme *t, enum locale locale, const char *currency, struct chart_theme *out)
{
	chart_theme_default(out);
	memcpy(out->palette, t->palette, sizeof out->palette);
	out->npalette = t->npalette;
	out->text = t->c.text;
	out->muted = t->c.muted;
	out->grid = t->c.grid;
	out->axis = t->c.axis;
	out->background = t->c.background;
	out->positive = t->c.accent;
	out->negative = t->c.bad;
	out->locale = locale;
	if (currency)
		out->currency = currency;
}

void
theme_css(const struct theme *t, struct buf *out)
{
	static const char *const names[] = { "text", "muted", "bg", "surface", "border",
	                                     "grid", "axis", "good", "bad", "accent" };
	const uint32_t v[] = { t->c.text, t->c.muted, t->c.background, t->c.surface, t->c.border,
	                       t->c.grid, t->c.axis, t->c.good, t->c.bad, t->c.accent };
	buf_puts(out, ":root{");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		buf_printf(out, "--%s:#%06x;", names[i], (unsigned)v[i]);
	buf_puts(out, "--font:");
	/* a font list must not close the style element */
	for (const char *s = t->font_family; *s; s++)
		if (*s != '<' && *s != '>' && *s != '{' && *s != '}' && *s != ';')
			buf_putc(out, *s);
	buf_puts(out, "}\n");
	buf_add(out, t->css.data ? t->css.data : "", t->css.len);
}
