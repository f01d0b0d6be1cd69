/* SPDX-License-Identifier: MIT
 * outdir: the output folder transaction of `bdreport build`. CLI layer.
 * What it guarantees:
 *  - bdreport replaces only a folder it can prove it wrote: a missing folder, an empty
 *    one, or one whose .bdreport-manifest lists every file and folder in it. Anything
 *    else (a folder without a manifest, a file or symlink the manifest does not list,
 *    an output folder that is, holds or lies inside a project input) is refused before
 *    any work is done, and again just before the swap.
 *  - The new report is written into NAME.tmp-XXXXXX beside the output folder and swapped
 *    in with one renameat2(RENAME_EXCHANGE) (two renames where the file system lacks it);
 *    the previous report is then removed entry by entry, only what its manifest lists,
 *    never following a symlink. A failed build leaves the previous report as it was.
 *  - One build at a time per output folder: NAME.lock (flock) is held from the checks to
 *    the end; a second build fails at once. The lock file is removed at the end.
 *  - The lock file is also a journal: the name of every folder the build makes beside
 *    the output folder is written into it before the folder is made. After a build was
 *    killed, the next one reads that journal and, for those folders only, puts back a
 *    report whose swap was cut between its two renames, removes a temporary folder that
 *    holds the dead build's marker, removes a set-aside report as far as its manifest
 *    lists, and otherwise only an empty folder. Folders it cannot prove are its own stay. */
#ifndef CLI_OUTDIR_H
#define CLI_OUTDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "base/diag.h"

#define OUTDIR_MANIFEST ".bdreport-manifest"    /* in every report folder */
#define OUTDIR_MAGIC "bdreport-manifest 1"      /* its first line */
#define OUTDIR_MARKER ".bdreport-build"         /* in a temporary folder while it is written */

/* A project input the output folder must not be, hold, or lie inside. */
struct outdir_input {
	const char *what;               /* "the dataset", "the templates folder", ... */
	const char *path;               /* as the user knows it; skipped when it does not exist */
};

struct outdir {
	const char *name;               /* the output folder as given (messages) */
	char *path;                     /* absolute, symlinks resolved: the folder replaced */
	char *parent, *base;            /* path split at its last '/' */
	char *tmp;                      /* the temporary folder being written, or NULL */
	char *old;                      /* where the previous report is set aside, or NULL */
	char *lockpath;                 /* NAME.lock beside it */
	int lockfd;                     /* -1 when not locked */
	int exists;                     /* path was an existing folder when checked */
	mode_t mode;                    /* its permissions (the new folder gets them too) */
};

/* Checks that name may be replaced (see above; in[0..nin) are the project's inputs),
 * takes the lock and cleans up after a dead build. loc, when not NULL, is where the
 * name came from (the project file's output.dir), for messages. Returns 0, or after a
 * diag error BD_EINPUT (refused), BD_EIO (cannot lock, parent folder missing). o is
 * always left ready for outdir_close. */
int outdir_open(struct outdir *o, const char *name, const struct diag_loc *loc,
                const struct outdir_input *in, size_t nin, struct diag *d);

/* Creates the temporary folder (o->tmp) with its build marker. Returns 0 or BD_EIO. */
int outdir_begin(struct outdir *o, struct diag *d);

/* Writes the manifest of everything in o->tmp (version is its second line), checks the
 * output folder again, and swaps the new report in. Returns 0, BD_EINPUT (the folder
 * changed meanwhile and is refused now) or BD_EIO; on failure the previous report is
 * unchanged and outdir_close removes the temporary folder. */
int outdir_commit(struct outdir *o, const char *version, struct diag *d);

/* Removes the temporary folder when a build did not commit, releases and removes the
 * lock file, frees o. A zeroed struct (or one closed already) is a no-op. */
void outdir_close(struct outdir *o);

/* rm -rf path without following any symlink (a symlink is removed as a link; its
 * target is untouched). For folders this program made. Returns 0, or -1 when something
 * could not be removed. */
int outdir_remove_tree(const char *path);

#endif
