/* SPDX-License-Identifier: MIT
 * libFuzzer harness for Excel workbooks: the input is read as an .xlsx (libzip +
 * expat + xlsxbook/xlsxin) in one thread and with the sheet split into runs of rows
 * for 3 threads, with AUTO columns; both must give the same number of rows. Any
 * crash, leak or sanitizer report is a bug; error diagnostics are expected. Seeds:
 * tests/fuzz/corpus/fuzz_xlsx (the workbooks of tests/data/xlsx). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long rows[2] = { -1, -1 };
	for (int k = 0; k < 2; k++) {
		struct arena a;
		struct diag d;
		struct table *t;
		struct ingest_opts o = { 0 };
		arena_init(&a);
		diag_init(&d);
		d.out = NULL;
		o.format = INGEST_XLSX;
		o.threads = k ? 3 : 1;
		t = ingest_read_mem(&a, &d, data, size, "f.xlsx", &o);
		rows[k] = t ? (long)t->nrows : -1;
		arena_finish(&a);
	}
	if (rows[0] != rows[1])
		abort();
	return 0;
}
