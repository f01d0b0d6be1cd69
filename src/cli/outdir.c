/* SPDX-License-Identifier: MIT
 * outdir: replaces the output folder only when bdreport can prove it wrote it (its
 * manifest), under a lock, with an atomic swap, and cleans up after killed builds.
 * The guarantees are listed in outdir.h. CLI layer, used by build.c. */
#define _GNU_SOURCE             /* renameat2, RENAME_EXCHANGE */
#include "cli/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/rng.h"

#define LOCK_MAGIC "bdreport lock"
#define MARKER_MAGIC "bdreport-build"
#define REPLACE_HINT "each build replaces the output folder as a whole"

/* ------------------------------------------------------------- sorted string lists */

struct list {
	char **s;
	size_t n, cap;
};

static void
list_add(struct list *l, char *s)
{
	if (l->n == l->cap)
		l->s = xreallocarray(l->s, l->cap = l->cap ? 2 * l->cap : 32, sizeof *l->s);
	l->s[l->n++] = s;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_sort(struct list *l)
{
	if (l->n)
		qsort(l->s, l->n, sizeof *l->s, cmp_str);
}

static int
list_has(const struct list *l, const char *s)
{
	return l->n && bsearch(&s, l->s, l->n, sizeof *l->s, cmp_str) != NULL;
}

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof *l);
}

static char *
cat3(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *p = xmalloc(na + nb + nc + 1);
	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	memcpy(p + na + nb, c, nc + 1);
	return p;
}

/* ------------------------------------------------------------- the manifest */

/* Reads the manifest of the folder dirfd into m (sorted). Returns 1 when it is one of
 * ours, 0 when there is none, -1 when the file is not a bdreport manifest. */
static int
manifest_read(int dirfd, struct list *m)
{
	int fd = openat(dirfd, OUTDIR_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 1;
	struct stat st;
	FILE *f;
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "r"))) {
		close(fd);
		return -1;
	}
	while (rc == 1 && (n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (++lineno == 1)
			rc = strcmp(line, OUTDIR_MAGIC) == 0 ? 1 : -1;
		else if (lineno > 2 && n > 0)       /* line 2: the version that wrote it */
			list_add(m, xstrdup(line));
	}
	if (lineno == 0 || ferror(f))
		rc = -1;
	free(line);
	fclose(f);
	list_sort(m);
	return rc;
}

/* ------------------------------------------------------------- walking a report */

enum walk_mode {
	WALK_LIST,      /* collect every file ("a/b.html") and folder ("a/") into out */
	WALK_CHECK,     /* find the first entry (sorted) that m does not list */
	WALK_REMOVE,    /* remove what m lists (everything when m is NULL), keep the rest */
};

struct walk {
	enum walk_mode mode;
	const struct list *m;
	struct list *out;               /* WALK_LIST */
	char *foreign;                  /* WALK_CHECK: the first entry not listed */
	size_t kept;                    /* WALK_REMOVE: entries left in place */
	int marker;                     /* WALK_REMOVE: a top-level build marker goes too */
};

/* Visits the open folder fd (consumed), whose path inside the report is rel ("" or
 * "dir/"), in name order, never following a symlink. */
static void
walk_dir(struct walk *w, int fd, const char *rel)
{
	DIR *dir = fdopendir(fd);
	struct list names = { 0 };
	struct dirent *e;
	int top = rel[0] == '\0';
	if (!dir) {
		close(fd);
		w->kept++;
		return;
	}
	while ((e = readdir(dir)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			list_add(&names, xstrdup(e->d_name));
	list_sort(&names);
	for (size_t i = 0; i < names.n && !w->foreign; i++) {
		const char *name = names.s[i];
		struct stat st;
		char *entry;
		int sub, listed;
		if (top && strcmp(name, OUTDIR_MANIFEST) == 0)
			continue;                       /* read first, removed last */
		if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			w->kept++;
			continue;
		}
		entry = cat3(rel, name, S_ISDIR(st.st_mode) ? "/" : "");
		if (!w->m)                      /* everything: a symlink is removed as a link */
			listed = w->mode != WALK_LIST || S_ISDIR(st.st_mode) || S_ISREG(st.st_mode);
		else
			listed = (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) && list_has(w->m, entry);
		if (w->mode == WALK_REMOVE && w->marker && top && strcmp(name, OUTDIR_MARKER) == 0 && S_ISREG(st.st_mode))
			listed = 1;                     /* a build's own marker */
		if (w->mode == WALK_LIST && (strchr(name, '\n') || (top && strcmp(name, OUTDIR_MARKER) == 0)))
			listed = 0;                     /* not representable / not part of the report */
		if (!listed) {
			if (w->mode == WALK_CHECK)
				w->foreign = xstrdup(entry);
			else if (w->mode == WALK_REMOVE)
				w->kept++;
		} else if (S_ISDIR(st.st_mode)) {
			size_t kept = w->kept;
			if (w->mode == WALK_LIST)
				list_add(w->out, xstrdup(entry));
			sub = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				w->kept++;
			else
				walk_dir(w, sub, entry);
			if (w->mode == WALK_REMOVE && w->kept == kept && unlinkat(dirfd(dir), name, AT_REMOVEDIR) != 0)
				w->kept++;
		} else if (w->mode == WALK_LIST) {
			list_add(w->out, xstrdup(entry));
		} else if (w->mode == WALK_REMOVE && unlinkat(dirfd(dir), name, 0) != 0) {
			w->kept++;
		}
		free(entry);
	}
	if (top && w->mode == WALK_REMOVE && w->kept == 0 && unlinkat(dirfd(dir), OUTDIR_MANIFEST, 0) != 0 &&
	    errno != ENOENT)
		w->kept++;
	closedir(dir);
	list_free(&names);
}

/* Removes the folder name (in dirfd): what m lists, everything when m is NULL, plus a
 * build marker when marker is set; the manifest last; then the folder itself when nothing is left. A
 * symlink given as name is removed as a link (only when m is NULL). Returns the number
 * of entries kept (0: the folder is gone). */
static size_t
remove_folder(int dirfd, const char *name, const struct list *m, int marker)
{
	struct walk w = { WALK_REMOVE, m, NULL, NULL, 0, marker };
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (!m && (errno == ELOOP || errno == ENOTDIR))
			return unlinkat(dirfd, name, 0) == 0 ? 0 : 1;
		return 1;
	}
	walk_dir(&w, fd, "");
	if (w.kept == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
		w.kept++;
	return w.kept;
}

int
outdir_remove_tree(const char *path)
{
	return remove_folder(AT_FDCWD, path, NULL, 1) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------- checks */

/* Fills o->path (absolute, symlinks resolved), parent, base, exists and mode. */
static int
resolve(struct outdir *o, const struct diag_loc *loc, struct diag *d)
{
	char *name = xstrdup(o->name), *slash, *real = NULL;
	size_t n = strlen(name);
	struct stat st;
	int rc = 0;
	while (n > 1 && name[n - 1] == '/')
		name[--n] = '\0';
	if (lstat(name, &st) == 0) {
		if (!(real = realpath(name, NULL)) || stat(real, &st) != 0) {
			diag_error(d, BD_EINPUT, loc, "output folder '%s' is a symbolic link to a missing folder", o->name);
			rc = BD_EINPUT;
		} else if (!S_ISDIR(st.st_mode)) {
			diag_error(d, BD_EINPUT, loc, "output folder '%s' exists and is not a folder", o->name);
			rc = BD_EINPUT;
		}
		o->exists = rc == 0;
		o->mode = st.st_mode & 07777;
	} else if (errno == ENOENT || errno == ENOTDIR) {
		const char *parent = ".", *base = name;
		char *rp;
		if ((slash = strrchr(name, '/')) != NULL) {
			*slash = '\0';
			parent = slash == name ? "/" : name;
			base = slash + 1;
		}
		rp = realpath(parent, NULL);
		if (!rp || stat(rp, &st) != 0 || !S_ISDIR(st.st_mode)) {
			diag_error(d, BD_EIO, loc, "cannot create the output folder '%s': '%s' is not an existing folder",
			           o->name, parent);
			rc = BD_EIO;
		} else {
			real = cat3(strcmp(rp, "/") ? rp : "", "/", base);
		}
		free(rp);
	} else {
		diag_error(d, BD_EIO, loc, "cannot use the output folder '%s': %s", o->name, strerror(errno));
		rc = BD_EIO;
	}
	free(name);
	if (rc == 0 && strcmp(real, "/") == 0) {
		diag_error(d, BD_EINPUT, loc, "output folder '%s' is the root folder; " REPLACE_HINT, o->name);
		rc = BD_EINPUT;
	}
	if (rc) {
		free(real);
		return rc;
	}
	o->path = real;
	slash = strrchr(real, '/');
	o->parent = slash == real ? xstrdup("/") : xstrdup(real);
	if (slash != real)
		o->parent[slash - real] = '\0';
	o->base = xstrdup(slash + 1);
	return 0;
}

/* 1 when path is inside folder (both absolute, canonical). */
static int
inside(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return strncmp(path, folder, n) == 0 && path[n] == '/';
}

static int
check_inputs(struct outdir *o, const struct diag_loc *loc, const struct outdir_input *in, size_t nin,
             struct diag *d)
{
	for (size_t i = 0; i < nin; i++) {
		char *ri = in[i].path ? realpath(in[i].path, NULL) : NULL;
		const char *how = NULL;
		if (!ri)
			continue;
		if (strcmp(ri, o->path) == 0)
			how = "is";
		else if (inside(ri, o->path))
			how = "contains";
		else if (inside(o->path, ri))
			how = "lies inside";
		free(ri);
		if (!how)
			continue;
		diag_error(d, BD_EINPUT, loc, "output folder '%s' %s %s '%s'; " REPLACE_HINT ", so it must be a folder "
		           "of its own (the default is 'report' beside the project file)", o->name, how, in[i].what,
		           in[i].path);
		return BD_EINPUT;
	}
	return 0;
}

/* The folder as it is now may be replaced: missing, empty, or everything in it listed by
 * its manifest. */
static int
check_contents(struct outdir *o, const struct diag_loc *loc, struct diag *d)
{
	struct list m = { 0 };
	struct walk w = { WALK_CHECK, &m, NULL, NULL, 0, 0 };
	struct stat st;
	int fd, mres, rc = 0;
	if (lstat(o->path, &st) != 0 && errno == ENOENT) {
		o->exists = 0;
		return 0;
	}
	fd = open(o->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		diag_error(d, BD_EINPUT, loc, "output folder '%s' is not a folder bdreport can replace: %s", o->name,
		           strerror(errno));
		return BD_EINPUT;
	}
	o->exists = 1;
	o->mode = st.st_mode & 07777;
	mres = manifest_read(fd, &m);
	walk_dir(&w, fd, "");
	if (mres < 0 || (w.foreign && mres == 0)) {
		diag_error(d, BD_EINPUT, loc, mres == 0 ?
		           "output folder '%s' is not empty and has no " OUTDIR_MANIFEST ", so bdreport did not "
		           "write it; " REPLACE_HINT ": give a new or empty folder" :
		           "output folder '%s' has a " OUTDIR_MANIFEST " that bdreport did not write; "
		           REPLACE_HINT ": give a new or empty folder", o->name);
		rc = BD_EINPUT;
	} else if (w.foreign) {
		char *path = cat3(o->name, o->name[strlen(o->name) - 1] == '/' ? "" : "/", w.foreign);
		struct diag_loc at = { path, 0, 0 };
		diag_error(d, BD_EINPUT, &at, "not written by bdreport (not listed in " OUTDIR_MANIFEST "); move it "
		           "out of the output folder '%s', which each build replaces as a whole", o->name);
		rc = BD_EINPUT;
		free(path);
	}
	free(w.foreign);
	list_free(&m);
	return rc;
}

/* ------------------------------------------------------------- lock and journal */

/* The lock file holds "bdreport lock PID", then one line per folder this build may
 * have made beside the output folder, each written before the folder is made: after a
 * kill it is the proof of what the dead build left behind. */
static int
journal(struct outdir *o, int truncate)
{
	struct buf text;
	int bad;
	buf_init(&text);
	buf_printf(&text, LOCK_MAGIC " %ld\n", (long)getpid());
	if (o->tmp)
		buf_printf(&text, "%s\n", strrchr(o->tmp, '/') + 1);
	if (o->old)
		buf_printf(&text, "%s\n", strrchr(o->old, '/') + 1);
	/* growing the text keeps its start: no moment without the earlier names */
	bad = (truncate && ftruncate(o->lockfd, 0) != 0) ||
	      pwrite(o->lockfd, text.data, text.len, 0) != (ssize_t)text.len;
	buf_release(&text);
	return bad ? -1 : 0;
}

/* The lock file's text (at most 4 KB) into out; its pid, 0 when empty, -1 when the
 * file is not one of ours. */
static long
read_lock(int fd, struct buf *out)
{
	char chunk[4096];
	ssize_t n = pread(fd, chunk, sizeof chunk - 1, 0);
	size_t k = strlen(LOCK_MAGIC);
	if (n < 0)
		return -1;
	chunk[n] = '\0';
	if (n == 0)
		return 0;
	if (strncmp(chunk, LOCK_MAGIC, k) != 0 || chunk[k] != ' ')
		return -1;
	buf_add(out, chunk, (size_t)n);
	return strtol(chunk + k + 1, NULL, 10);
}

/* Takes NAME.lock; *stale receives what a dead build wrote in it. */
static int
lock(struct outdir *o, struct buf *stale, struct diag *d)
{
	char *path = cat3(o->parent, strcmp(o->parent, "/") ? "/" : "", o->base);
	o->lockpath = cat3(path, ".lock", "");
	free(path);
	for (int tries = 0; tries < 16; tries++) {
		struct diag_loc at = { o->lockpath, 0, 0 };
		struct stat a, b;
		long pid;
		int fd = open(o->lockpath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			diag_error(d, BD_EIO, &at, "cannot create the lock file of the output folder: %s", strerror(errno));
			return BD_EIO;
		}
		buf_reset(stale);
		if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode) || (pid = read_lock(fd, stale)) < 0) {
			diag_error(d, BD_EINPUT, &at, "not a lock file of bdreport; move it away so that builds into '%s' "
			           "can be locked", o->name);
			close(fd);
			return BD_EINPUT;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno == EWOULDBLOCK)
				diag_error(d, BD_EIO, &at, "another build (pid %ld) is writing the output folder '%s'; "
				           "try again when it has finished", pid, o->name);
			else
				diag_error(d, BD_EIO, &at, "cannot lock: %s", strerror(errno));
			close(fd);
			return BD_EIO;
		}
		if (stat(o->lockpath, &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			close(fd);      /* removed by the build that just finished: take the new one */
			continue;
		}
		buf_reset(stale);
		read_lock(fd, stale);   /* again: it may have changed before the lock was ours */
		o->lockfd = fd;
		return 0;
	}
	diag_error(d, BD_EIO, NULL, "cannot lock '%s': it keeps being replaced", o->lockpath);
	return BD_EIO;
}

/* ------------------------------------------------------------- leftovers */

/* 1 when name is base.tmp-XXXXXX or base.old-XXXXXX (six letters or digits). */
static int
leftover_name(const char *name, const char *base)
{
	size_t n = strlen(base);
	if (strncmp(name, base, n) != 0 || (strncmp(name + n, ".tmp-", 5) && strncmp(name + n, ".old-", 5)))
		return 0;
	name += n + 5;
	for (int i = 0; i < 6; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return name[6] == '\0';
}

/* 1 when the folder fd holds a build marker naming a process that no longer runs. */
static int
dead_build(int fd)
{
	int mfd = openat(fd, OUTDIR_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char text[64];
	ssize_t n;
	long pid = 0;
	size_t k = strlen(MARKER_MAGIC);
	if (mfd < 0)
		return 0;
	n = read(mfd, text, sizeof text - 1);
	close(mfd);
	if (n > 0) {
		text[n] = '\0';
		if (strncmp(text, MARKER_MAGIC, k) == 0 && text[k] == ' ')
			pid = strtol(text + k + 1, NULL, 10);
	}
	return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* With the lock held, for the folders a dead build named in its journal (stale): puts
 * back the previous report when that build was stopped between the two renames of its
 * swap, then removes the rest: a temporary folder with the dead build's marker
 * entirely, a report set aside only as far as its manifest lists, anything else only
 * when empty. Folders no journal names are never touched. */
static void
recover(struct outdir *o, char *stale, struct diag *d)
{
	int pfd = open(o->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct list names = { 0 };
	struct stat st;
	char *save = NULL;
	if (pfd < 0)
		return;
	strtok_r(stale, "\n", &save);         /* "bdreport lock PID" */
	for (char *t = strtok_r(NULL, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
		if (leftover_name(t, o->base))
			list_add(&names, xstrdup(t));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < names.n; i++) {
			const char *name = names.s[i];
			struct list m = { 0 };
			int fd, mres, old = strncmp(name + strlen(o->base), ".old-", 5) == 0;
			size_t kept;
			if (!name[0] || fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
			    (fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
				continue;
			mres = manifest_read(fd, &m);
			if (pass == 0) {        /* the swap stopped between its two renames */
				if (old && mres == 1 && fstatat(pfd, o->base, &st, AT_SYMLINK_NOFOLLOW) != 0 &&
				    errno == ENOENT && renameat(pfd, name, pfd, o->base) == 0) {
					diag_warn(d, NULL, "restored the previous report '%s' from '%s', left by a build that "
					          "was stopped", o->name, name);
					names.s[i][0] = '\0';
				}
			} else {
				int dead = mres != 1 && dead_build(fd);
				kept = remove_folder(pfd, name, dead ? NULL : &m, mres == 1 || dead);
				if (kept)
					diag_warn(d, NULL, "kept '%s/%s', left by a build that was stopped: it holds %zu "
					          "entr%s bdreport did not write", o->parent, name, kept, kept == 1 ? "y" : "ies");
				else
					diag_note(d, NULL, "removed '%s/%s', left by a build that was stopped", o->parent, name);
			}
			close(fd);
			list_free(&m);
		}
	}
	close(pfd);
	list_free(&names);
}

/* ------------------------------------------------------------- the transaction */

int
outdir_open(struct outdir *o, const char *name, const struct diag_loc *loc, const struct outdir_input *in,
            size_t nin, struct diag *d)
{
	struct buf stale;
	int rc;
	memset(o, 0, sizeof *o);
	o->lockfd = -1;
	o->name = name;
	if (!name[0]) {
		diag_error(d, BD_EINPUT, loc, "expected an output folder name, got ''");
		return BD_EINPUT;
	}
	if ((rc = resolve(o, loc, d)) != 0 || (rc = check_inputs(o, loc, in, nin, d)) != 0)
		return rc;
	buf_init(&stale);
	rc = lock(o, &stale, d);
	if (rc == 0) {
		recover(o, (char *)buf_str(&stale), d);
		if (journal(o, 1) != 0) {       /* the dead build's names are dealt with */
			struct diag_loc at = { o->lockpath, 0, 0 };
			diag_error(d, BD_EIO, &at, "cannot write: %s", strerror(errno));
			rc = BD_EIO;
		}
	}
	buf_release(&stale);
	return rc ? rc : check_contents(o, loc, d);
}

/* A new name beside the output folder, kind ".tmp-" or ".old-", recorded in the journal
 * before anything of that name exists. Returns NULL after a diag error. */
static char *
new_name(struct outdir *o, const char *kind, struct diag *d)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	struct timespec ts;
	struct rng r;
	char suffix[7], *path;
	struct stat st;
	clock_gettime(CLOCK_REALTIME, &ts);
	rng_seed(&r, (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40));
	for (int tries = 0; tries < 100; tries++) {
		for (int i = 0; i < 6; i++)
			suffix[i] = set[rng_below(&r, sizeof set - 1)];
		suffix[6] = '\0';
		path = cat3(o->path, kind, suffix);
		if (lstat(path, &st) != 0 && errno == ENOENT)
			return path;
		free(path);
	}
	diag_error(d, BD_EIO, NULL, "cannot find a free name beside '%s'", o->name);
	return NULL;
}

int
outdir_begin(struct outdir *o, struct diag *d)
{
	struct diag_loc at = { o->name, 0, 0 };
	char text[64];
	char *marker;
	FILE *f;
	if (!(o->tmp = new_name(o, ".tmp-", d)))
		return BD_EIO;
	if (journal(o, 0) != 0 || mkdir(o->tmp, 0700) != 0) {
		diag_error(d, BD_EIO, &at, "cannot create a temporary folder beside the output folder: %s",
		           strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return BD_EIO;
	}
	chmod(o->tmp, o->exists ? (o->mode | 0700) : 0755);
	snprintf(text, sizeof text, MARKER_MAGIC " %ld\n", (long)getpid());
	marker = cat3(o->tmp, "/", OUTDIR_MARKER);
	f = fopen(marker, "wb");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		at.file = marker;
		diag_error(d, BD_EIO, &at, "cannot write: %s", strerror(errno));
		free(marker);
		return BD_EIO;
	}
	free(marker);
	return 0;
}

static int
write_manifest(const char *dir, const char *version, struct diag *d)
{
	struct list all = { 0 };
	struct walk w = { WALK_LIST, NULL, &all, NULL, 0, 0 };
	char *path = cat3(dir, "/", OUTDIR_MANIFEST);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), bad;
	FILE *f;
	if (fd >= 0)
		walk_dir(&w, fd, "");
	list_sort(&all);
	f = fopen(path, "wb");
	bad = !f || fd < 0 || fprintf(f, "%s\n%s\n", OUTDIR_MAGIC, version) < 0;
	for (size_t i = 0; f && !bad && i < all.n; i++)
		bad = fprintf(f, "%s\n", all.s[i]) < 0;
	if (f && fclose(f) != 0)
		bad = 1;
	list_free(&all);
	if (bad) {
		struct diag_loc at = { path, 0, 0 };
		diag_error(d, BD_EIO, &at, "cannot write: %s", strerror(errno));
	}
	free(path);
	return bad ? BD_EIO : 0;
}

/* Removes the previous report set aside as name in pfd: only what its manifest lists. */
static void
remove_aside(struct outdir *o, int pfd, const char *name, struct diag *d)
{
	struct list m = { 0 };
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t kept;
	if (fd < 0)
		return;
	/* no manifest: an empty folder was replaced; remove it only when still empty */
	kept = manifest_read(fd, &m) >= 0 ? remove_folder(pfd, name, &m, 0) : unlinkat(pfd, name, AT_REMOVEDIR) != 0;
	close(fd);
	if (kept)
		diag_warn(d, NULL, "kept the previous report as '%s/%s': it holds %zu entr%s bdreport did not write",
		          o->parent, name, kept, kept == 1 ? "y" : "ies");
	list_free(&m);
}

int
outdir_commit(struct outdir *o, const char *version, struct diag *d)
{
	const char *tmpname = strrchr(o->tmp, '/') + 1;
	struct diag_loc at = { o->name, 0, 0 };
	char *marker;
	int rc, pfd;
	if ((rc = write_manifest(o->tmp, version, d)) != 0 || (rc = check_contents(o, NULL, d)) != 0)
		return rc;
	marker = cat3(o->tmp, "/", OUTDIR_MARKER);
	unlink(marker);
	free(marker);
	if ((pfd = open(o->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(d, BD_EIO, &at, "cannot open the folder holding the output folder: %s", strerror(errno));
		return BD_EIO;
	}
	if (!o->exists) {
		if (renameat(pfd, tmpname, pfd, o->base) != 0) {
			diag_error(d, BD_EIO, &at, "cannot create the output folder: %s", strerror(errno));
			rc = BD_EIO;
		}
	} else if (renameat2(pfd, tmpname, pfd, o->base, RENAME_EXCHANGE) == 0) {
		remove_aside(o, pfd, tmpname, d);   /* tmpname now holds the previous report */
	} else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
		diag_error(d, BD_EIO, &at, "cannot swap the new report into place: %s", strerror(errno));
		rc = BD_EIO;
	} else {
		/* no atomic exchange here: two renames, the old name in the journal first; a stop
		 * between them is undone by the next build (recover) */
		if (!(o->old = new_name(o, ".old-", d)) || journal(o, 0) != 0 || rename(o->path, o->old) != 0) {
			if (o->old)
				diag_error(d, BD_EIO, &at, "cannot move the previous report aside: %s", strerror(errno));
			rc = BD_EIO;
		} else if (renameat(pfd, tmpname, pfd, o->base) != 0) {
			diag_error(d, BD_EIO, &at, "cannot rename the new report into place: %s", strerror(errno));
			rename(o->old, o->path);
			rc = BD_EIO;
		} else {
			remove_aside(o, pfd, strrchr(o->old, '/') + 1, d);
		}
	}
	close(pfd);
	if (rc == 0) {
		free(o->tmp);
		o->tmp = NULL;
	}
	return rc;
}

void
outdir_close(struct outdir *o)
{
	int forget = 1;         /* the journal's folders are all dealt with */
	if (o->tmp)
		forget = outdir_remove_tree(o->tmp) == 0;
	if (o->lockfd >= 0 && o->lockpath) {
		struct stat a, b;
		if (forget && fstat(o->lockfd, &a) == 0 && lstat(o->lockpath, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			unlink(o->lockpath);
		close(o->lockfd);
	}
	free(o->tmp);
	free(o->old);
	free(o->path);
	free(o->parent);
	free(o->base);
	free(o->lockpath);
	memset(o, 0, sizeof *o);
	o->lockfd = -1;
}
