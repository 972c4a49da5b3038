/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_err.h"

#include <stdio.h>

void sm_verr(char *err, size_t errlen, const char *fmt, va_list args)
{
	if (err && errlen)
	{
		vsnprintf(err, errlen, fmt, args);
	}
}

void sm_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sm_verr(err, errlen, fmt, args);
	va_end(args);
}
