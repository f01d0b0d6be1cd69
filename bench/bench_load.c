/* SPDX-License-Identifier: MIT
 * bench_load: ingestion speed and memory (issue 2). Loads an orders CSV in the format
 * of bench/python/gen.py (bench/data/M/orders.csv when present, else a 1M-row one
 * generated here with a seeded rng) 5 times, each time in a fresh child process, in
 * two ways, and prints the medians of time, rows/s, MB/s and peak RSS:
 *   dataset  what `bdreport` does: a project whose orders dataset maps customer, date
 *            and order and has the filter "amount > 0" (project_load, dataset_load_all:
 *            reading, typing, mapping, filter, data quality). The targets apply here:
 *            1M rows in 0.3 s and 150 MB, 10M rows in 3 s and 1.2 GB.
 *   reader   ingest_read alone with every column typed, for comparison.
 * Usage: bench_load               the 1M-row benchmark
 *        bench_load FILE          loads FILE
 *        bench_load --gen FILE N  writes an N-row orders CSV to FILE and exits
 *        BENCH_THREADS=K bench_load ...   parses with K threads (default: online CPUs) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/date.h"
#include "base/rng.h"
#include "ingest/dataset.h"
#include "ingest/ingest.h"
#include "ingest/project.h"

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
		date_format_iso(day, date);
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

/* One load in a child process (a fresh process, as bdreport is): wall time and rows
 * come back through a pipe, CPU time and peak RSS from wait4. Returns 0 or -1. */
/* project: NULL = the reader alone on path with o; else the project file to load. */
static int
load_once(const char *path, const struct ingest_opts *o, const char *project, double *wall,
          double *cpu, double *peak, size_t *rows)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct arena a;
		struct diag d;
		arena_init(&a);
		diag_init(&d);
		d.out = NULL;
		double t0 = diag_now();
		const struct table *t = NULL;
		size_t nread = 0;
		if (project) {
			struct dataset *ds[PROJECT_NROLES] = { 0 };
			struct project *p = project_load(&a, project, &d);
			if (p && dataset_load_all(&a, p, dataset_read, ds, &d) == 0 && ds[PROJECT_ORDERS]) {
				t = ds[PROJECT_ORDERS]->table;
				nread = ds[PROJECT_ORDERS]->q.rows_read;
			}
		} else {
			t = ingest_read(&a, &d, path, NULL, o);
			nread = t ? t->nrows : 0;
		}
		double res[2] = { diag_now() - t0, t ? (double)nread : -1 };
		ssize_t w = write(fd[1], res, sizeof res);
		_exit(w == (ssize_t)sizeof res && t ? 0 : 1);
	}
	close(fd[1]);
	double res[2] = { 0, -1 };
	ssize_t r = read(fd[0], res, sizeof res);
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    r != (ssize_t)sizeof res || res[1] < 0)
		return -1;
	*wall = res[0];
	*rows = (size_t)res[1];
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	*peak = (double)ru.ru_maxrss / 1024.0;
	return 0;
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
	const char *th = getenv("BENCH_THREADS");
	o.threads = th ? atoi(th) : 0;
	char proj[] = "/tmp/bench_load_project_XXXXXX";
	int pfd = mkstemp(proj);
	char abspath[4096];
	FILE *pf = pfd >= 0 ? fdopen(pfd, "w") : NULL;
	if (!pf || !realpath(path, abspath)) {
		perror("bench_load: project file");
		return 3;
	}
	fprintf(pf, "{ \"title\": \"bench_load\", \"as_of\": \"latest\",\n"
	        "  \"datasets\": { \"orders\": { \"path\": \"%s\",\n"
	        "    \"columns\": { \"customer\": \"customer_id\", \"date\": \"order_date\", "
	        "\"order\": \"order_id\" },\n"
	        "    \"filter\": \"amount > 0\" } } }\n",
	        abspath);
	fclose(pf);
	printf("load %s%s: %.1f MB, threads %s, median of 5 runs, each in a fresh process\n",
	       generated ? "generated " : "", path, (double)st.st_size / 1e6, th ? th : "auto");
	printf("  %-8s %8s %9s %8s %8s %10s %10s\n", "", "rows", "wall s", "CPU s", "M rows/s",
	       "MB/s", "peak MB");
	int failed = 0;
	for (int mode = 0; mode < 2 && !failed; mode++) {
		double times[5], cpu[5], peak[5];
		size_t rows = 0;
		for (int i = 0; i < 5; i++) {
			if (load_once(path, &o, mode == 0 ? proj : NULL, &times[i], &cpu[i], &peak[i],
			              &rows) != 0) {
				fprintf(stderr, "bench_load: load failed\n");
				failed = 1;
				break;
			}
			if (getenv("BENCH_VERBOSE"))
				fprintf(stderr, "%s run %d: %.3f s, CPU %.3f s, peak %.1f MB\n",
				        mode == 0 ? "dataset" : "reader", i + 1, times[i], cpu[i], peak[i]);
		}
		if (failed)
			break;
		qsort(times, 5, sizeof *times, cmp_double);
		qsort(cpu, 5, sizeof *cpu, cmp_double);
		qsort(peak, 5, sizeof *peak, cmp_double);
		double mb = (double)st.st_size / 1e6, med = times[2];
		printf("  %-8s %8zu %9.3f %8.3f %8.2f %10.1f %10.1f\n", mode == 0 ? "dataset" : "reader",
		       rows, med, cpu[2], (double)rows / med / 1e6, mb / med, peak[2]);
	}
	printf("  target (dataset): 1M rows <= 0.3 s and 150 MB; 10M rows <= 3 s and 1.2 GB\n"
	       "  (CPU is user+sys; wall time suffers when the machine is shared)\n");
	unlink(proj);
	if (failed)
		return 1;
	if (generated)
		unlink(tmp);
	return 0;
}
