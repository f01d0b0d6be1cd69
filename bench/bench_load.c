/* SPDX-License-Identifier: MIT
 * bench_load: ingestion speed and memory. Loads a 1M-row orders CSV in the format of
 * ../shared/bench/gen.py (bench/data/M/orders.csv when present, else one generated
 * here with a seeded rng) 5 times with every column typed, and prints the median
 * time, rows/s, MB/s and peak RSS next to the targets (0.3 s, 150 MB).
 * Usage: bench_load               the 1M-row benchmark, all columns typed
 *        bench_load FILE          loads FILE 5 times (orders schema typed, others AUTO)
 *        bench_load --gen FILE N  writes an N-row orders CSV to FILE and exits */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/rng.h"
#include "ingest/ingest.h"

static const char *const products[] = {
	"CRM Suite", "Analytics Pro", "Data Connector", "Cloud Storage 1TB",
	"Cloud Storage 10TB", "Security Add-on", "Support Basic", "Support Premium",
	"Onboarding Package", "API Access", "Mobile SDK", "BI Dashboard", "ML Toolkit",
	"Integration Hub", "Compliance Pack", "Training Seat", "Consulting Day",
	"Hardware Gateway", "IoT Sensor Kit", "Enterprise License",
};

/* Writes n order lines like gen.py: sorted dates over 3 years, 1.25 lines/order. */
static void
generate(const char *path, size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(3);
	}
	struct rng r;
	rng_seed(&r, 42);
	fputs("order_id,customer_id,order_date,amount,product\n", f);
	long oid = 10000001;
	double day0 = 19682;                    /* 2023-11-21 */
	size_t written = 0;
	while (written < n) {
		size_t lines = 1 + (rng_uniform(&r) < 0.2) + (rng_uniform(&r) < 0.05);
		double day = day0 + (double)written * 1096.0 / (double)n;
		char date[16];
		table_format_date(day, date);
		unsigned cust = (unsigned)rng_below(&r, 100000) + 1;
		for (size_t k = 0; k < lines && written < n; k++, written++) {
			double amt = 120.0 * (0.2 + 3 * rng_uniform(&r)) * (rng_uniform(&r) < 0.01 ? -1 : 1);
			fprintf(f, "%ld,C%07u,%s,%.2f,%s\n", oid, cust, date, amt,
			        products[rng_below(&r, 20)]);
		}
		oid++;
	}
	fclose(f);
}

static void
typed(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx;
	(void)index;
	if (!strcmp(name, "amount"))
		spec->type = INGEST_NUM;
	else if (!strcmp(name, "order_date"))
		spec->type = INGEST_DATE;
	else if (!strcmp(name, "order_id") || !strcmp(name, "customer_id") ||
	         !strcmp(name, "product"))
		spec->type = INGEST_TEXT;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--gen")) {
		generate(argv[2], (size_t)strtoull(argv[3], NULL, 10));
		return 0;
	}
	const char *path = argc > 1 ? argv[1] : "bench/data/M/orders.csv";
	char tmp[] = "/tmp/bench_load_XXXXXX";
	int generated = 0;
	struct stat st;
	if (stat(path, &st) != 0) {
		if (argc > 1) {
			perror(path);
			return 3;
		}
		int fd = mkstemp(tmp);
		if (fd < 0) {
			perror("mkstemp");
			return 3;
		}
		close(fd);
		path = tmp;
		generate(path, 1000000);
		generated = 1;
		stat(path, &st);
	}
	struct ingest_opts o;
	memset(&o, 0, sizeof o);
	o.name = "orders";
	o.column = typed;
	double times[5], cpu[5];
	size_t rows = 0;
	for (int i = 0; i < 5; i++) {
		struct arena a;
		struct diag d;
		arena_init(&a);
		diag_init(&d);
		struct rusage r0, r1;
		getrusage(RUSAGE_SELF, &r0);
		double t0 = diag_now();
		struct table *t = ingest_read(&a, &d, path, NULL, &o);
		times[i] = diag_now() - t0;
		getrusage(RUSAGE_SELF, &r1);
		cpu[i] = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec -
		                  r0.ru_stime.tv_sec) +
		         (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec -
		                  r0.ru_stime.tv_usec) / 1e6;
		if (!t) {
			fprintf(stderr, "bench_load: load failed\n");
			return 1;
		}
		rows = t->nrows;
		arena_finish(&a);
	}
	qsort(times, 5, sizeof *times, cmp_double);
	qsort(cpu, 5, sizeof *cpu, cmp_double);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double mb = (double)st.st_size / 1e6, med = times[2];
	printf("load %s%s: %zu rows, %.1f MB\n", generated ? "generated " : "", path, rows, mb);
	printf("  median of 5   %8.3f s    (target <= 0.3 s for 1M rows, 3 s for 10M)\n", med);
	printf("  CPU (user+sys)%8.3f s    (median; wall time suffers when the machine is shared)\n",
	       cpu[2]);
	printf("  rows/s        %8.2f M\n", (double)rows / med / 1e6);
	printf("  MB/s          %8.1f\n", mb / med);
	printf("  peak RSS      %8.1f MB   (target <= 150 MB for 1M rows, 1.2 GB for 10M)\n",
	       (double)ru.ru_maxrss / 1024.0);
	if (generated)
		unlink(tmp);
	return 0;
}
