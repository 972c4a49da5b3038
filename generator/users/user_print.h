/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file user_print.h
 * How swanmobile user list and show print users: a table, "key: value"
 * lines, or JSON objects (the keys of swanmobile(8)).  NT hashes are printed
 * only when asked for.
 */
#ifndef SM_USER_PRINT_H_
#define SM_USER_PRINT_H_

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/json.h"
#include "sm_user.h"

/** Size of sm_user_time()'s text, with the NUL. */
#define SM_USER_TIME_LEN 32

/**
 * A time in seconds since the epoch as YYYY-MM-DDThh:mm:ssZ (UTC), or as
 * the number when it is out of range.
 *
 * @return			buf
 */
const char *sm_user_time(int64_t t, char buf[SM_USER_TIME_LEN]);

/**
 * Write a user as the next value of a JSON writer, an object on one line:
 * identity, enabled, address, address6 (string or null), dns (array),
 * created, updated, and with hash also nt_hash.
 */
void sm_user_json(sm_json_t *j, const sm_user_t *user, bool hash);

/**
 * Print the header line of the user table.
 */
void sm_user_print_header(FILE *out);

/**
 * Print one user as a line of the user table.
 */
void sm_user_print_row(FILE *out, const sm_user_t *user);

/**
 * Print one user as "key: value" lines, with hash also its NT hash.
 */
void sm_user_print_text(FILE *out, const sm_user_t *user, bool hash);

#endif /* SM_USER_PRINT_H_ */
