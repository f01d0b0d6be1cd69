/* SPDX-License-Identifier: MIT
 * Tests for cli/outdir: removing a tree never follows a symlink; a folder is replaced
 * only when missing, empty or listed by its manifest; the check is made again at the
 * swap; inputs inside or around the output folder are refused; the lock; a dead build's
 * leftovers go and a report set aside by a stopped swap comes back. Synthetic folders
 * under a temporary directory. The command line side is tests/e2e/output_safety.sh. */
#define _GNU_SOURCE             /* renameat2, syscall */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "cli/outdir.h"

static char root[64];

/* renameat2 as outdir.c sees it: the test's own definition comes before the C
 * library's, so a test can play a file system without RENAME_EXCHANGE. */
static int no_exchange, refused_exchanges;

int
renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
	if (no_exchange && (flags & RENAME_EXCHANGE)) {
		refused_exchanges++;
		errno = EINVAL;
		return -1;
	}
	return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

static const char *
at(const char *rel)
{
	static char path[8][256];
	static int k;
	k = (k + 1) % 8;
	snprintf(path[k], sizeof path[k], "%s/%s", root, rel);
	return path[k];
}

static void
put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
exists(const char *rel)
{
	struct stat st;
	return lstat(at(rel), &st) == 0;
}

/* Entries of root that look like a build's temporary, old or lock files. */
static int
leftovers(void)
{
	DIR *dir = opendir(root);
	struct dirent *e;
	int n = 0;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL)
		n += strstr(e->d_name, ".tmp-") || strstr(e->d_name, ".old-") || strstr(e->d_name, ".lock");
	closedir(dir);
	return n;
}

static void
mkdirs(const char *rel)
{
	assert_int_equal(mkdir(at(rel), 0755), 0);
}

static int
setup(void **s)
{
	(void)s;
	snprintf(root, sizeof root, "/tmp/test_outdir.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int
teardown(void **s)
{
	(void)s;
	assert_int_equal(outdir_remove_tree(root), 0);
	return 0;
}

/* A diag that keeps its messages in memory only. */
static void
quiet_diag(struct diag *d, struct buf *msgs)
{
	diag_init(d);
	d->out = NULL;
	buf_init(msgs);
	d->capture = msgs;
}

/* One whole build into rel with a single file name: open, begin, write, commit. */
static int
build(const char *rel, const char *file, struct buf *msgs)
{
	struct outdir o;
	struct diag d;
	char path[300];
	FILE *f;
	int rc;
	quiet_diag(&d, msgs);
	rc = outdir_open(&o, at(rel), NULL, NULL, 0, &d);
	if (rc == 0)
		rc = outdir_begin(&o, &d);
	if (rc == 0) {
		snprintf(path, sizeof path, "%s/%s", o.tmp, file);
		f = fopen(path, "wb");
		assert_non_null(f);
		fputs("new\n", f);
		fclose(f);
		rc = outdir_commit(&o, "bdreport test", &d);
	}
	outdir_close(&o);
	return rc;
}

static void
test_remove_tree_no_follow(void **s)
{
	(void)s;
	mkdirs("foreign");
	put("foreign/keep.txt", "precious");
	mkdirs("tree");
	mkdirs("tree/sub");
	put("tree/sub/a", "a");
	assert_int_equal(symlink(at("foreign"), at("tree/sub/link")), 0);
	assert_int_equal(symlink(at("foreign/keep.txt"), at("tree/file-link")), 0);
	assert_int_equal(outdir_remove_tree(at("tree")), 0);
	assert_false(exists("tree"));
	assert_true(exists("foreign/keep.txt"));
	/* the path itself a symlink: the link goes, its target stays */
	assert_int_equal(symlink(at("foreign"), at("alias")), 0);
	assert_int_equal(outdir_remove_tree(at("alias")), 0);
	assert_false(exists("alias"));
	assert_true(exists("foreign/keep.txt"));
}

static void
test_manifest_written_and_checked(void **s)
{
	struct buf m;
	char *text;
	(void)s;
	assert_int_equal(build("report", "index.html", &m), 0);
	text = test_read_file(at("report/" OUTDIR_MANIFEST), NULL);
	assert_non_null(text);
	assert_string_equal(text, OUTDIR_MAGIC "\nbdreport test\nindex.html\n");
	free(text);
	assert_false(exists("report/" OUTDIR_MARKER));
	/* a rebuild replaces it, leaving nothing beside it */
	assert_int_equal(build("report", "other.html", &m), 0);
	assert_false(exists("report/index.html"));
	assert_true(exists("report/other.html"));
	assert_int_equal(leftovers(), 0);
	/* a file of someone else's: refused, named, kept */
	put("report/notes.txt", "mine");
	assert_int_equal(build("report", "x.html", &m), BD_EINPUT);
	assert_non_null(strstr(buf_str(&m), "report/notes.txt: error: not written by bdreport"));
	assert_true(exists("report/notes.txt") && exists("report/other.html") && !exists("report/x.html"));
	buf_release(&m);
}

static void
test_foreign_folders(void **s)
{
	struct buf m;
	(void)s;
	mkdirs("photos");
	put("photos/cat.jpg", "meow");
	assert_int_equal(build("photos", "index.html", &m), BD_EINPUT);
	assert_non_null(strstr(buf_str(&m), "is not empty and has no " OUTDIR_MANIFEST));
	assert_true(exists("photos/cat.jpg") && !exists("photos/index.html"));
	buf_release(&m);
	mkdirs("empty");
	assert_int_equal(build("empty", "index.html", &m), 0);
	assert_true(exists("empty/index.html"));
	buf_release(&m);
	put("afile", "x");
	assert_int_equal(build("afile", "index.html", &m), BD_EINPUT);
	assert_non_null(strstr(buf_str(&m), "exists and is not a folder"));
	buf_release(&m);
	assert_int_equal(build("missing/report", "index.html", &m), BD_EIO);
	buf_release(&m);
}

/* A file added while the build runs is found again just before the swap. */
static void
test_checked_again_at_swap(void **s)
{
	struct outdir o;
	struct diag d;
	struct buf m;
	char *tmp;
	(void)s;
	assert_int_equal(build("report", "index.html", &m), 0);
	buf_release(&m);
	quiet_diag(&d, &m);
	assert_int_equal(outdir_open(&o, at("report"), NULL, NULL, 0, &d), 0);
	assert_int_equal(outdir_begin(&o, &d), 0);
	tmp = xstrdup(o.tmp);
	put("report/late.txt", "added during the build");
	assert_int_equal(outdir_commit(&o, "v", &d), BD_EINPUT);
	outdir_close(&o);
	assert_true(exists("report/late.txt") && exists("report/index.html"));
	assert_true(access(tmp, F_OK) != 0);       /* the temporary folder is gone */
	free(tmp);
	buf_release(&m);
}

static void
test_inputs(void **s)
{
	struct outdir o;
	struct diag d;
	struct buf m;
	struct outdir_input in[2];
	(void)s;
	mkdirs("proj");
	mkdirs("proj/data");
	mkdirs("proj/templates");
	put("proj/data/orders.csv", "a\n1\n");
	in[0] = (struct outdir_input){ "the dataset", at("proj/data/orders.csv") };
	in[1] = (struct outdir_input){ "the templates folder", at("proj/templates") };
	quiet_diag(&d, &m);
	assert_int_equal(outdir_open(&o, at("proj/data"), NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_non_null(strstr(buf_str(&m), "contains the dataset"));
	assert_int_equal(outdir_open(&o, at("proj/data/orders.csv"), NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_int_equal(outdir_open(&o, at("proj/templates/out"), NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_non_null(strstr(buf_str(&m), "lies inside the templates folder"));
	assert_int_equal(outdir_open(&o, at("proj/../proj/./data/"), NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_int_equal(outdir_open(&o, root, NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_int_equal(outdir_open(&o, "", NULL, in, 2, &d), BD_EINPUT);
	outdir_close(&o);
	assert_true(exists("proj/data/orders.csv"));
	assert_int_equal(outdir_open(&o, at("proj/report"), NULL, in, 2, &d), 0);
	outdir_close(&o);
	buf_release(&m);
}

static void
test_lock(void **s)
{
	struct outdir a, b;
	struct diag d;
	struct buf m;
	(void)s;
	quiet_diag(&d, &m);
	assert_int_equal(outdir_open(&a, at("report"), NULL, NULL, 0, &d), 0);
	assert_true(exists("report.lock"));
	assert_int_equal(outdir_open(&b, at("report"), NULL, NULL, 0, &d), BD_EIO);
	assert_non_null(strstr(buf_str(&m), "another build (pid "));
	outdir_close(&b);
	assert_true(exists("report.lock"));         /* the refused one leaves it alone */
	outdir_close(&a);
	assert_false(exists("report.lock"));
	buf_release(&m);
}

/* Where the atomic exchange is missing, two renames replace the report. */
static void
test_swap_without_exchange(void **s)
{
	struct buf m;
	char *text;
	(void)s;
	assert_int_equal(build("report", "index.html", &m), 0);
	buf_release(&m);
	no_exchange = 1;
	assert_int_equal(build("report", "other.html", &m), 0);
	no_exchange = 0;
	assert_int_equal(refused_exchanges, 1);
	assert_true(exists("report/other.html") && !exists("report/index.html"));
	text = test_read_file(at("report/" OUTDIR_MANIFEST), NULL);
	assert_string_equal(text, OUTDIR_MAGIC "\nbdreport test\nother.html\n");
	free(text);
	assert_int_equal(leftovers(), 0);
	buf_release(&m);
}

static long
dead_pid(void)
{
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	assert_true(p > 0);
	waitpid(p, NULL, 0);
	return (long)p;
}

static void
test_recover(void **s)
{
	struct buf m;
	char text[64];
	(void)s;
	assert_int_equal(build("report", "index.html", &m), 0);
	buf_release(&m);
	/* a killed build's temporary folder, one of a live process, one without a marker */
	mkdirs("report.tmp-Dead01");
	snprintf(text, sizeof text, "bdreport-build %ld\n", dead_pid());
	put("report.tmp-Dead01/" OUTDIR_MARKER, text);
	put("report.tmp-Dead01/half.html", "half");
	mkdirs("report.tmp-Live01");
	snprintf(text, sizeof text, "bdreport-build %ld\n", (long)getppid());
	put("report.tmp-Live01/" OUTDIR_MARKER, text);
	mkdirs("report.tmp-NoMark");
	put("report.tmp-NoMark/mine.txt", "mine");
	mkdirs("report.tmp-Unnamed");
	snprintf(text, sizeof text, "bdreport-build %ld\n", dead_pid());
	put("report.tmp-Unnamed/" OUTDIR_MARKER, text);
	mkdirs("report.tmp-Empty1");
	mkdirs("reportx.tmp-Dead02");           /* another output's name */
	/* the dead build's journal names what it made (and a name of another output) */
	put("report.lock", "bdreport lock 1\nreport.tmp-Dead01\nreport.tmp-Live01\nreport.tmp-NoMark\n"
	    "report.tmp-Empty1\nreportx.tmp-Dead02\n../x\n");
	assert_int_equal(build("report", "index.html", &m), 0);
	assert_false(exists("report.tmp-Dead01"));
	assert_false(exists("report.tmp-Empty1"));
	assert_true(exists("report.tmp-Live01/" OUTDIR_MARKER));
	assert_true(exists("report.tmp-NoMark/mine.txt"));
	assert_true(exists("report.tmp-Unnamed/" OUTDIR_MARKER));      /* not in the journal */
	assert_true(exists("reportx.tmp-Dead02"));
	assert_false(exists("report.lock"));
	buf_release(&m);
	/* a swap stopped between its renames: report missing, the previous one aside */
	assert_int_equal(rename(at("report"), at("report.old-Aside1")), 0);
	put("report.old-Aside1/index.html", "previous");
	put("report.lock", "bdreport lock 1\nreport.old-Aside1\n");
	{
		struct outdir o;
		struct diag d;
		quiet_diag(&d, &m);
		assert_int_equal(outdir_open(&o, at("report"), NULL, NULL, 0, &d), 0);
		outdir_close(&o);
	}
	assert_non_null(strstr(buf_str(&m), "restored the previous report"));
	assert_false(exists("report.old-Aside1"));
	{
		char *t = test_read_file(at("report/index.html"), NULL);
		assert_string_equal(t, "previous");
		free(t);
	}
	buf_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_remove_tree_no_follow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_written_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checked_again_at_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_without_exchange, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
