/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file csv.h
 * A strict RFC 4180 CSV reader over a buffer: fields separated by commas,
 * records by LF or CRLF, fields optionally in double quotes (then holding
 * commas, line breaks and "" for a quote).  Blank lines are skipped.  Field
 * text may hold secrets (passwords): buffers are wiped when reused or freed.
 */
#ifndef SM_CSV_H_
#define SM_CSV_H_

#include <stddef.h>

/** Most fields per record. */
#define SM_CSV_MAX_FIELDS 64

/** Longest record in bytes. */
#define SM_CSV_MAX_RECORD 65536

/** A CSV reader. */
typedef struct sm_csv sm_csv_t;

/**
 * Create a reader.
 *
 * @param data		CSV text, not copied: must stay valid until destroy
 * @param len		length of data
 * @return			reader (must be destroyed), NULL if out of memory
 */
sm_csv_t *sm_csv_create(const char *data, size_t len);

/**
 * Read the next record.
 *
 * @param fields	receives the fields, NUL-terminated; internal data,
 *					valid until the next call
 * @param count		receives the number of fields (at least 1)
 * @return			1 with a record, 0 at the end, -1 on a syntax error
 *					(sm_csv_error() says which; reading stops)
 */
int sm_csv_next(sm_csv_t *csv, char ***fields, size_t *count);

/**
 * The 1-based line on which the last record (or error) started.
 */
size_t sm_csv_line(const sm_csv_t *csv);

/**
 * What was wrong, after sm_csv_next() returned -1.
 *
 * @return			internal data, do not free
 */
const char *sm_csv_error(const sm_csv_t *csv);

/**
 * Wipe and free a reader.  NULL is accepted.
 */
void sm_csv_destroy(sm_csv_t *csv);

#endif /* SM_CSV_H_ */
