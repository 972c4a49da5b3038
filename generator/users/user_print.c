/* SPDX-License-Identifier: GPL-2.0-or-later */
/* users as swanmobile user list and show print them */
#include "config.h"

#include "user_print.h"

#include "base/nthash.h"

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

void sm_user_print_time(FILE *out, int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
		!strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
	{
		snprintf(buf, sizeof(buf), "%lld", (long long)t);
	}
	fputs(buf, out);
}

/* a JSON string (identities are UTF-8 without control characters, but
 * escape those anyway: a database of an earlier version may hold some) */
static void print_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
		{
			fprintf(out, "\\%c", *s);
		}
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
		{
			fprintf(out, "\\u%04x", (unsigned int)(unsigned char)*s);
		}
		else
		{
			putc(*s, out);
		}
	}
	putc('"', out);
}

static void print_json_opt(FILE *out, const char *s)
{
	if (*s)
	{
		print_json_string(out, s);
	}
	else
	{
		fputs("null", out);
	}
}

void sm_user_print_json(FILE *out, const sm_user_t *user, bool hash)
{
	char hex[SM_NT_HASH_HEXLEN + 1], addr[SM_USER_DNS_STRLEN];
	char *tok, *save = NULL;
	bool first = true;

	fputs("{\"identity\": ", out);
	print_json_string(out, user->identity);
	fprintf(out, ", \"enabled\": %s, \"address\": ",
			user->enabled ? "true" : "false");
	print_json_opt(out, user->vip4);
	fputs(", \"address6\": ", out);
	print_json_opt(out, user->vip6);
	fputs(", \"dns\": [", out);
	snprintf(addr, sizeof(addr), "%s", user->dns);
	for (tok = strtok_r(addr, ",", &save); tok;
		 tok = strtok_r(NULL, ",", &save))
	{
		fputs(first ? "" : ", ", out);
		print_json_string(out, tok);
		first = false;
	}
	fputs("], \"created\": \"", out);
	sm_user_print_time(out, user->created);
	fputs("\", \"updated\": \"", out);
	sm_user_print_time(out, user->updated);
	putc('"', out);
	if (hash)
	{
		sm_nthash_to_hex(user->nt_hash, hex);
		fprintf(out, ", \"nt_hash\": \"%s\"", hex);
		OPENSSL_cleanse(hex, sizeof(hex));
	}
	putc('}', out);
}

void sm_user_print_header(FILE *out)
{
	fprintf(out, "%-24s %-8s %-15s %-24s %s\n", "IDENTITY", "STATUS",
			"ADDRESS", "ADDRESS6", "DNS");
}

void sm_user_print_row(FILE *out, const sm_user_t *user)
{
	fprintf(out, "%-24s %-8s %-15s %-24s %s\n", user->identity,
			user->enabled ? "enabled" : "disabled",
			user->vip4[0] ? user->vip4 : "-", user->vip6[0] ? user->vip6 : "-",
			user->dns[0] ? user->dns : "-");
}

void sm_user_print_text(FILE *out, const sm_user_t *user, bool hash)
{
	char hex[SM_NT_HASH_HEXLEN + 1];

	fprintf(out, "identity: %s\nstatus:   %s\naddress:  %s\naddress6: %s\n"
			"dns:      %s\ncreated:  ",
			user->identity, user->enabled ? "enabled" : "disabled",
			user->vip4[0] ? user->vip4 : "-", user->vip6[0] ? user->vip6 : "-",
			user->dns[0] ? user->dns : "-");
	sm_user_print_time(out, user->created);
	fputs("\nupdated:  ", out);
	sm_user_print_time(out, user->updated);
	putc('\n', out);
	if (hash)
	{
		sm_nthash_to_hex(user->nt_hash, hex);
		fprintf(out, "nt-hash:  %s\n", hex);
		OPENSSL_cleanse(hex, sizeof(hex));
	}
}
