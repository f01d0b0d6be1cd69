/* SPDX-License-Identifier: MIT
 * fuzz_tmpl: libFuzzer harness for the mustache engine (src/render/tmpl.c). The
 * input is TEMPLATE [NUL JSON-DATA]; the template is also served as partials "p" and
 * "self" and the data text as partial "d", so recursion and inheritance get exercised. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "render/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const char *tpl, *json;
	size_t ntpl, njson;
};

static int
loader(void *ctx, const char *name, struct buf *text, struct buf *path, struct diag *d)
{
	const struct input *in = ctx;
	(void)path;
	(void)d;
	if (strcmp(name, "p") == 0 || strcmp(name, "self") == 0) {
		buf_add(text, in->tpl, in->ntpl);
		return 1;
	}
	if (strcmp(name, "d") == 0) {
		buf_add(text, in->json, in->njson);
		return 1;
	}
	if (strcmp(name, "base") == 0) {
		buf_puts(text, "<{{$a}}A{{/a}}|{{$b}}\n  B {{x}}\n{{/b}}>\n{{>p}}");
		return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	const char *nul = memchr(data, '\0', size);
	struct tmpl_opts o = { 0 };
	struct diag d;
	struct buf out;

	in.tpl = (const char *)data;
	in.ntpl = nul ? (size_t)(nul - (const char *)data) : size;
	in.json = nul ? nul + 1 : "{\"x\":\"<&>\",\"l\":[1,{\"x\":2},[]],\"t\":true,\"n\":\"p\"}";
	in.njson = nul ? size - in.ntpl - 1 : strlen(in.json);
	o.load = loader;
	o.load_ctx = &in;
	o.max_depth = 12;
	o.max_output = 1 << 20;
	o.max_steps = 200000;
	diag_init(&d);
	d.out = NULL;
	buf_init(&out);

	struct tmpl *t = tmpl_compile("fuzz", in.tpl, in.ntpl, &o, &d);
	if (t) {
		cJSON *j = cJSON_ParseWithLength(in.json, in.njson);
		tmpl_render(t, j, &out, &d);
		tmpl_render(t, j, &out, &d);   /* rendering twice must work (cache) */
		tmpl_render(t, NULL, &out, &d);
		cJSON_Delete(j);
	}
	tmpl_destroy(t);
	buf_release(&out);
	return 0;
}
