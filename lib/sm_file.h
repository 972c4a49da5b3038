/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_file.h
 * Crash-safe file output: every file is written to a temporary file in the
 * target directory, fsynced, then renamed (or linked, when an existing file
 * must never be replaced) into place, and the directory is fsynced.
 */
#ifndef SM_FILE_H_
#define SM_FILE_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/** What sm_file_write() did. */
typedef enum {
	/** the file already had exactly this content and mode: left alone */
	SM_FILE_UNCHANGED,
	/** the file did not exist and was created */
	SM_FILE_CREATED,
	/** the file existed with other content or mode and was replaced */
	SM_FILE_UPDATED,
} sm_file_result_t;

/** Flags for sm_file_write(). */
enum {
	/** fail with EEXIST instead of replacing an existing file */
	SM_FILE_NOCLOBBER = 1 << 0,
	/** report what would happen, write nothing */
	SM_FILE_DRYRUN = 1 << 1,
};

/**
 * Write data to path atomically with the given mode.  Content and mode equal
 * to what is on disk leave the file untouched (mtime kept).
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

/**
 * Read a whole file (at most max bytes) into a NUL-terminated buffer.
 *
 * @param path		file to read
 * @param max		largest accepted size; larger files fail with EFBIG
 * @param len		receives the length without the NUL (may be NULL)
 * @return			allocated buffer (must be freed), or NULL with errno set
 */
char *sm_file_read(const char *path, size_t max, size_t *len);

/**
 * Create a directory and its missing parents with the given mode (existing
 * directories keep theirs).
 *
 * @return			0, or -1 with errno set
 */
int sm_mkdirs(const char *path, mode_t mode);

#endif /* SM_FILE_H_ */
