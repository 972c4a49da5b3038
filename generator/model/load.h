/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file load.h
 * Loading a VPN description: read the file, parse the YAML
 * (yaml_reader.h), fill the model (schema.h), apply the defaults
 * (sm_model_defaults()), check the cross-field rules (validate.h).
 *
 * Cross-field rules are checked only once every value is well-formed, so
 * that one mistake is not reported again as a cascade of others.
 */
#ifndef SM_LOAD_H_
#define SM_LOAD_H_

#include "base/diag.h"
#include "model.h"

#include <stddef.h>

/**
 * Load and validate a file.
 *
 * @param path		file to read (at most SM_YAML_MAX_SIZE bytes)
 * @param diag		receives errors and warnings, and the file's text
 * @return			the model (must be destroyed) if there were no errors
 *					(warnings allowed), else NULL
 */
sm_model_t *sm_load(const char *path, sm_diag_t *diag);

/**
 * As sm_load(), and tell I/O failures apart from invalid input.
 *
 * @param path		file to read
 * @param diag		receives errors and warnings
 * @param io_errno	receives the errno of a failed read, 0 otherwise
 * @return			the model (must be destroyed), or NULL
 */
sm_model_t *sm_load_file(const char *path, sm_diag_t *diag, int *io_errno);

/**
 * Load and validate text already in memory (tests, fuzzing).
 *
 * @param name		file name for positions and messages (cloned)
 * @param text		the YAML text (need not be NUL-terminated)
 * @param len		length of text
 * @param diag		receives errors and warnings, and the text
 * @return			the model (must be destroyed), or NULL on errors
 */
sm_model_t *sm_load_buffer(const char *name, const char *text, size_t len,
						   sm_diag_t *diag);

/**
 * Load the users to import from text in memory (swanmobile user import
 * --yaml): either a complete VPN description, loaded and validated as by
 * sm_load_buffer(), or a users file, a top-level mapping with only the keys
 * users (the same section, with the same tables and rules) and optionally
 * version.  Either way users.accounts must be given (an empty list is
 * fine).
 *
 * @param name		file name for positions and messages (cloned)
 * @param text		the YAML text (need not be NUL-terminated)
 * @param len		length of text
 * @param diag		receives errors and warnings, and the text
 * @return			the model (must be destroyed), or NULL on errors
 */
sm_model_t *sm_load_users_buffer(const char *name, const char *text, size_t len,
								 sm_diag_t *diag);

#endif /* SM_LOAD_H_ */
