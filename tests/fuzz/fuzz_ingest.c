/* SPDX-License-Identifier: MIT
 * libFuzzer harness for ingestion: the input is read as CSV (delimiter detected), as
 * whitespace-separated columns and as JSON, with AUTO columns. Any crash, leak or
 * sanitizer report is a bug; error diagnostics are expected and discarded. */
#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "f.csv", "f.txt", "f.json" };
	for (int k = 0; k < 3; k++) {
		struct arena a;
		struct diag d;
		arena_init(&a);
		diag_init(&d);
		d.out = NULL;
		struct ingest_opts o = { 0 };
		o.delimiter = k == 1 ? "whitespace" : NULL;
		o.num.thousands = ',';
		o.num.currency = 1;
		o.num.percent = 1;
		o.date_format = "%d-%b-%y";
		ingest_read_mem(&a, &d, data, size, names[k], &o);
		arena_finish(&a);
	}
	return 0;
}
