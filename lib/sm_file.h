/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_file.h
 * Crash-safe file output: every file is written to a temporary file, fsynced,
 * then renamed (or linked, when an existing file must never be replaced)
 * into place, and the directory is fsynced.
 *
 * Temporary files never lie beside the files charon and swanctl read:
 * swanctl --load-all loads every regular file in private/, x509ca/, x509/
 * (dotfiles too), so a temporary file there would be loaded as a key or a
 * certificate, and an empty one breaks the whole load.  They live in a
 * private subdirectory of the target directory (SM_FILE_TMPDIR, mode 0700,
 * same file system, so the rename stays atomic); swanctl's and charon's
 * loaders skip directories.  A run that is killed may leave files there;
 * the next write into that directory, or sm_file_cleanup(), removes them,
 * and the subdirectory itself, once no other writer uses it (writers hold a
 * shared flock(2) on it while their temporary file exists).
 */
#ifndef SM_FILE_H_
#define SM_FILE_H_

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/** The private directory for temporary files inside a target directory. */
#define SM_FILE_TMPDIR ".swanmobile-tmp"

/** What sm_file_write() did. */
typedef enum {
	/** the file already had exactly this content and mode: left alone */
	SM_FILE_UNCHANGED,
	/** the file did not exist and was created */
	SM_FILE_CREATED,
	/** the file existed with other content or mode and was replaced */
	SM_FILE_UPDATED,
} sm_file_result_t;

/** Flags for sm_file_write(), sm_file_tmp_commit() and
 *  sm_file_read_private(). */
enum {
	/** fail with EEXIST instead of replacing an existing file */
	SM_FILE_NOCLOBBER = 1 << 0,
	/** report what would happen, write nothing */
	SM_FILE_DRYRUN = 1 << 1,
	/** read only a regular file (no pipe, device or directory) */
	SM_FILE_REGULAR = 1 << 2,
};

/**
 * Write data to path atomically with the given mode.  Content and mode equal
 * to what is on disk leave the file untouched (mtime kept).  On failure no
 * temporary file remains.
 *
 * @param path		target file; its directory must exist
 * @param data		content
 * @param len		length of data
 * @param mode		permission bits, applied before the file is visible
 * @param flags		SM_FILE_* flags
 * @param result	receives what was done (may be NULL)
 * @return			0, or -1 with errno set
 */
int sm_file_write(const char *path, const void *data, size_t len, mode_t mode,
				  int flags, sm_file_result_t *result);

/** A temporary file that becomes a target file (see sm_file_tmp_create()). */
typedef struct {
	/** the target's directory */
	int dirfd;
	/** its SM_FILE_TMPDIR, share-locked */
	int tmpdirfd;
	/** the temporary file, open for writing; -1 once closed */
	int fd;
	/** whether the temporary file became the target */
	bool committed;
	/** the temporary file's name in SM_FILE_TMPDIR */
	char name[NAME_MAX + 1];
	/** the target's name in its directory */
	char base[NAME_MAX + 1];
	/** the temporary file's full path, for code that wants a path */
	char path[PATH_MAX];
} sm_file_tmp_t;

/**
 * Create an empty temporary file with the given mode for the target path,
 * in the SM_FILE_TMPDIR of path's directory (created 0700 if missing).
 * Write through tmp->fd, or close it (close(tmp->fd); tmp->fd = -1) and
 * hand tmp->path to a library; then sm_file_tmp_commit(), and in any case
 * sm_file_tmp_release().
 *
 * @param tmp		receives the temporary file
 * @param path		target file; its directory must exist
 * @param mode		permission bits of the temporary file
 * @return			0, or -1 with errno set (tmp needs no release then);
 *					EPERM if SM_FILE_TMPDIR exists but is not a directory
 *					of the caller's
 */
int sm_file_tmp_create(sm_file_tmp_t *tmp, const char *path, mode_t mode);

/**
 * Put the temporary file in place of the target: fsync it, rename it over
 * the target (or with SM_FILE_NOCLOBBER link it, failing with EEXIST if the
 * target exists), fsync the directory.
 *
 * @param tmp		from sm_file_tmp_create()
 * @param flags		0 or SM_FILE_NOCLOBBER
 * @return			0, or -1 with errno set
 */
int sm_file_tmp_commit(sm_file_tmp_t *tmp, int flags);

/**
 * Remove the temporary file unless it was committed (with the -wal, -shm
 * and -journal files SQLite may have left beside it), close it, and remove
 * leftovers and SM_FILE_TMPDIR itself when no other writer uses it.
 * Keeps errno.
 */
void sm_file_tmp_release(sm_file_tmp_t *tmp);

/**
 * Remove the temporary files an interrupted earlier run left in dir's
 * SM_FILE_TMPDIR, and the directory, unless another writer uses it.  Only
 * names of the form NAME.XXXXXX (with SQLite's -wal, -shm, -journal
 * suffixes) are removed.
 *
 * @param dir		a target directory (missing is fine)
 * @param removed	receives the number of files removed (may be NULL)
 * @return			0, or -1 with errno set
 */
int sm_file_cleanup(const char *dir, size_t *removed);

/**
 * Read a whole file (at most max bytes) into a NUL-terminated buffer.  The
 * buffer grows without realloc(), so that no copy of the text (which may
 * hold secrets) is left behind in freed memory.
 *
 * @param path		file to read
 * @param max		largest accepted size; larger files fail with EFBIG
 * @param len		receives the length without the NUL (may be NULL)
 * @return			allocated buffer (must be freed), or NULL with errno set
 */
char *sm_file_read(const char *path, size_t max, size_t *len);

/**
 * Read a whole file that holds secrets (a private key, passwords), as
 * sm_file_read() does, after checking the open file, before a byte of it
 * is read: group and others must have no access to it, and with
 * SM_FILE_REGULAR it must be a regular file.  The one way to read a
 * private file.
 *
 * @param path		file to read
 * @param max		largest accepted size; larger files fail with EFBIG
 * @param flags		0 or SM_FILE_REGULAR
 * @param len		receives the length without the NUL (may be NULL)
 * @param st		receives the status of the open file, all zero if it
 *					could not be opened (may be NULL)
 * @return			allocated buffer (holds a secret: wipe it, then free
 *					it), or NULL with errno set: EPERM if group or others
 *					have access (st->st_mode & 077), EINVAL if it is not a
 *					regular file (with SM_FILE_REGULAR), EFBIG if it is too
 *					large, else what open(2), fstat(2) or read(2) said
 */
char *sm_file_read_private(const char *path, size_t max, int flags, size_t *len,
						   struct stat *st);

/**
 * The directory part of a path: everything before its last '/' ("a/b" ->
 * "a"), "/" for a name in the root ("/b"), "." for a bare name ("b").
 *
 * @param path		a path
 * @param buf		receives the directory
 * @param size		size of buf
 * @return			false if it does not fit (buf is then undefined)
 */
bool sm_path_dir(const char *path, char *buf, size_t size);

/**
 * The last name of a path: everything after its last '/' ("" if it ends
 * with one).
 *
 * @return			a pointer into path
 */
const char *sm_path_base(const char *path);

/**
 * Create a directory and its missing parents: the directory gets mode,
 * missing parents 0755, whatever the umask.  Existing directories keep
 * their mode.
 *
 * @return			0, or -1 with errno set
 */
int sm_mkdirs(const char *path, mode_t mode);

#endif /* SM_FILE_H_ */
