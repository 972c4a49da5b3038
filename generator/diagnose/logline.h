/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file logline.h
 * One line of a charon log, split into its prefix and the message, in every
 * form charon's loggers take: file loggers with or without a time stamp (any
 * time_format, with or without milliseconds, ike_name and log_level), the
 * file logger's JSON lines, syslog lines with host names and program tags,
 * journalctl's output of charon-systemd (no thread or group), and the output
 * of swanctl --log.
 *
 * In: a line.  Out: time, thread, group, IKE_SA name/unique id (when
 * logged) and the message; or "not a charon line".
 */
#ifndef SM_DX_LOGLINE_H_
#define SM_DX_LOGLINE_H_

#include <stdbool.h>
#include <stddef.h>

/** What a time stamp says. */
typedef enum {
	/** no time stamp */
	SM_TIME_NONE = 0,
	/** only the time of day: seconds since midnight */
	SM_TIME_OF_DAY,
	/** date and time: seconds since 1970-01-01 00:00 local time */
	SM_TIME_DATE,
} sm_time_kind_t;

/** Longest IKE_SA name kept. */
#define SM_LOGLINE_NAME 64

/** A parsed line. */
typedef struct {
	/** see tkind */
	double time;
	sm_time_kind_t tkind;
	/** charon's thread number, -1 if not logged (journal) */
	int thread;
	/** log group such as "IKE", empty if not logged */
	char group[4];
	/** whether the line names its IKE_SA (ike_name = yes, JSON, journal) */
	bool has_sa;
	/** IKE_SA name, may be empty */
	char sa_name[SM_LOGLINE_NAME];
	/** IKE_SA unique id */
	unsigned int sa_id;
	/** the message; internal data of the line or of the parser */
	const char *msg;
	size_t msg_len;
} sm_logline_t;

/** A line parser (keeps the buffer of unescaped JSON messages). */
typedef struct sm_logline_parser sm_logline_parser_t;

/**
 * Create a parser.
 *
 * @param now		"now" in seconds since the epoch: dates without a year
 *					are placed in the year that makes them not lie in the
 *					future
 * @return			parser (must be destroyed), NULL if out of memory
 */
sm_logline_parser_t *sm_logline_parser_create(double now);

/**
 * Destroy a parser; NULL is fine.
 */
void sm_logline_parser_destroy(sm_logline_parser_t *p);

/**
 * Parse one line (without its newline).
 *
 * @param p			parser
 * @param line		line text
 * @param len		its length
 * @param out		receives the parts; msg points into line or into the
 *					parser, valid until the next call
 * @return			false if this is not a line charon wrote
 */
bool sm_logline_parse(sm_logline_parser_t *p, const char *line, size_t len,
					  sm_logline_t *out);

/**
 * Find and parse a time stamp in text (the prefix of a line, or an argument
 * such as --since): ISO 8601 ("2024-12-01T02:22:46.123+01:00", also with a
 * space), syslog and ctime style ("Dec  1 02:22:46", "Sun Dec  1 02:22:46
 * 2024"), "01.12.2024 02:22:46", "2024/12/01 02:22:46", a bare
 * "02:22:46[.123]", or a Unix time with 10 digits.
 *
 * @param text		text
 * @param len		its length
 * @param now		see sm_logline_parser_create()
 * @param kind		receives the kind of the result
 * @return			the time (see sm_time_kind_t)
 */
double sm_time_parse(const char *text, size_t len, double now,
					 sm_time_kind_t *kind);

/**
 * Convert seconds since the epoch (UTC) into this machine's local time
 * counted the same way (what SM_TIME_DATE holds).
 */
double sm_time_local(double utc);

/**
 * Read a decimal number of min to max digits at s[*i] (the scanner of
 * logline.c and timestamp.c); *i moves past the digits read.
 *
 * @param s			text
 * @param len		its length
 * @param i			position, moved past the digits
 * @return			the number, -1 if there are fewer than min digits
 */
long sm_time_digits(const char *s, size_t len, size_t *i, int min, int max);

#endif /* SM_DX_LOGLINE_H_ */
