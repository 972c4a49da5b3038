/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OpenSSL helpers the other files of pki/ share: errors with the text of
 * OpenSSL's error queue, times and names.
 */
#include "config.h"

#include "pki_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>

/* append formatted text to a NUL-terminated buffer, truncating */
static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list args;

	if (used + 1 >= size)
	{
		return;
	}
	va_start(args, fmt);
	vsnprintf(buf + used, size - used, fmt, args);
	va_end(args);
}

/* add an error naming the operation that failed, followed by everything
 * OpenSSL's error queue says about it (the queue is left empty) */
void sm_pki_ossl_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
{
	char op[512], why[512] = "", one[256], last[256] = "";
	const char *data, *reason;
	unsigned long e;
	va_list args;
	int flags;

	va_start(args, fmt);
	vsnprintf(op, sizeof(op), fmt, args);
	va_end(args);
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0)
	{
		reason = ERR_reason_error_string(e);
		if (reason)
		{
			snprintf(one, sizeof(one), "%s", reason);
		}
		else
		{
			ERR_error_string_n(e, one, sizeof(one));
		}
		if ((flags & ERR_TXT_STRING) && data && *data)
		{
			append(one, sizeof(one), " (%s)", data);
		}
		if (strcmp(one, last) != 0)
		{
			append(why, sizeof(why), "%s%s", why[0] ? "; " : "", one);
			memcpy(last, one, sizeof(last));
		}
	}
	sm_error(diag, pos, "%s: %s", op, why[0] ? why : "unknown OpenSSL error");
}

bool sm_pki_asn1_to_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
	{
		ERR_clear_error();
		return false;
	}
	*out = timegm(&tm);
	return true;
}

bool sm_pki_same_name(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	if (!X509_NAME_get0_der(a, &da, &la) || !X509_NAME_get0_der(b, &db, &lb))
	{
		ERR_clear_error();
		return false;
	}
	return la == lb && memcmp(da, db, la) == 0;
}
