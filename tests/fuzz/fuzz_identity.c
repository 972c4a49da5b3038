/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the identity and password rules (lib/sm_identity.c) and
 * NFC (lib/sm_unicode.c): any bytes are checked as an identity and as a
 * password and the messages are formatted; the valid UTF-8 prefix is
 * normalised, and NFC must be idempotent and recognised as NFC.  An
 * accepted identity must be NFC and hold no control, format or wildcard
 * character.  Nothing may crash or overrun.
 */
#include "config.h"

#include "sm_identity.h"
#include "sm_unicode.h"
#include "sm_utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Most code points normalised per input. */
#define MAX_CPS 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint32_t cps[MAX_CPS], nfc[SM_UNICODE_EXPAND * MAX_CPS],
		again[SM_UNICODE_EXPAND * SM_UNICODE_EXPAND * MAX_CPS],
		scratch[SM_UNICODE_EXPAND * SM_UNICODE_EXPAND * MAX_CPS];
	const char *text = (const char *)data;
	sm_text_check_t res;
	size_t n = 0, pos = 0, k, m, m2;
	char msg[1024];
	uint32_t cp;

	if (sm_identity_check(text, size, &res))
	{
		if (memchr(text, '*', size) || memchr(text, '=', size) ||
			!sm_utf8_valid(text, size))
		{
			abort();
		}
	}
	sm_identity_message(text, size, &res, msg, sizeof(msg));
	sm_password_check(text, size, &res);
	if (res.cp)
	{
		/* a password's outcome never holds a code point */
		abort();
	}
	sm_password_message(&res, msg, sizeof(msg));

	while (pos < size && n < MAX_CPS)
	{
		k = sm_utf8_decode(data + pos, size - pos, &cp);
		if (!k)
		{
			break;
		}
		cps[n++] = cp;
		pos += k;
	}
	m = sm_unicode_nfc(cps, n, nfc);
	if (m > SM_UNICODE_EXPAND * n)
	{
		abort();
	}
	m2 = sm_unicode_nfc(nfc, m, again);
	if (m2 != m || memcmp(nfc, again, m * sizeof(*nfc)) ||
		!sm_unicode_is_nfc(nfc, m, scratch, NULL))
	{
		abort();
	}
	return 0;
}
