/* SPDX-License-Identifier: MIT
 * The fixture shared by the reader tests (test_csvin, test_jsonin): an arena and a
 * diag whose messages are captured in a buffer, loading text as the file FX_NAME
 * (defined by the including test before this header). */
#ifndef TESTS_INGESTFX_H
#define TESTS_INGESTFX_H

#include "testutil.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "ingest/ingest.h"

#ifndef FX_NAME
#error "define FX_NAME (the file name diagnostics show) before including ingestfx.h"
#endif

struct fx {
	struct arena a;
	struct diag d;
	struct buf msg;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	arena_init(&f->a);
	diag_init(&f->d);
	f->d.out = NULL;
	buf_init(&f->msg);
	f->d.capture = &f->msg;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	arena_finish(&f->a);
	buf_release(&f->msg);
	free(f);
	return 0;
}

/* text read as FX_NAME with options o (NULL = defaults); NULL after a diagnostic. */
static inline struct table *
load(struct fx *f, const char *text, const struct ingest_opts *o)
{
	return ingest_read_mem(&f->a, &f->d, text, strlen(text), FX_NAME, o);
}

/* Fails the test unless the captured diagnostics contain needle. */
static inline void
expect_msg(struct fx *f, const char *needle)
{
	if (!strstr(buf_str(&f->msg), needle))
		fail_msg("expected \"%s\" in diagnostics: %s", needle, buf_str(&f->msg));
}
#endif
