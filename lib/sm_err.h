/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_err.h
 * lib/ never prints: functions that can fail describe the failure in a
 * caller's buffer (err, errlen), which these helpers fill.
 */
#ifndef SM_ERR_H_
#define SM_ERR_H_

#include <stdarg.h>
#include <stddef.h>

/**
 * Write a message into err (if err is not NULL and errlen not 0),
 * truncated to fit.
 */
void sm_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** va_list variant of sm_err(). */
void sm_verr(char *err, size_t errlen, const char *fmt, va_list args)
	__attribute__((format(printf, 3, 0)));

#endif /* SM_ERR_H_ */
