/* SPDX-License-Identifier: MIT
 * tmpl_json: the cJSON data backend of the mustache engine (tmpl.c). The report
 * model is one cJSON tree; this file is the only place the engine touches cJSON.
 * Values are const cJSON pointers; NULL means missing. */
#include "render/tmpl.h"

#include <stdlib.h>
#include <string.h>

static const void *
json_get(void *ctx, const void *v, const char *key)
{
	const cJSON *o = v;
	(void)ctx;
	if (!cJSON_IsObject(o))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int
json_truthy(void *ctx, const void *v)
{
	const cJSON *j = v;
	(void)ctx;
	if (!j || cJSON_IsFalse(j) || cJSON_IsNull(j) || cJSON_IsInvalid(j))
		return 0;
	if (cJSON_IsArray(j))
		return j->child != NULL;
	if (cJSON_IsString(j))
		return j->valuestring && j->valuestring[0];
	return 1;
}

static int
json_is_list(void *ctx, const void *v)
{
	(void)ctx;
	return cJSON_IsArray((const cJSON *)v);
}

static const void *
json_enter(void *ctx, const void *list)
{
	(void)ctx;
	return ((const cJSON *)list)->child;
}

static const void *
json_next(void *ctx, const void *list, const void *item)
{
	(void)ctx;
	(void)list;
	return ((const cJSON *)item)->next;
}

static void
put(struct buf *out, const char *s, size_t n, int escape)
{
	if (escape)
		buf_escape_html(out, s, n);
	else
		buf_add(out, s, n);
}

static void
json_text(void *ctx, const void *v, int escape, struct buf *out)
{
	const cJSON *j = v;
	(void)ctx;
	if (cJSON_IsString(j)) {
		if (j->valuestring)
			put(out, j->valuestring, strlen(j->valuestring), escape);
	} else if (cJSON_IsNumber(j)) {
		buf_num(out, j->valuedouble);
	} else if (cJSON_IsTrue(j)) {
		buf_add(out, "true", 4);
	} else if (cJSON_IsFalse(j)) {
		buf_add(out, "false", 5);
	} else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
		char *s = cJSON_PrintUnformatted(j);
		if (s) {
			put(out, s, strlen(s), escape);
			free(s);
		}
	}
	/* null and raw/invalid values print nothing */
}

const struct tmpl_data_ops tmpl_json_ops = {
	.name = "cjson",
	.get = json_get,
	.truthy = json_truthy,
	.is_list = json_is_list,
	.enter = json_enter,
	.next = json_next,
	.text = json_text,
};
