/* SPDX-License-Identifier: GPL-2.0-or-later */
/* users as swanmobile user list and show print them */
#include "config.h"

#include "user_print.h"

#include "base/nthash.h"

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

const char *sm_user_time(int64_t t, char buf[SM_USER_TIME_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
		!strftime(buf, SM_USER_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
	{
		snprintf(buf, SM_USER_TIME_LEN, "%lld", (long long)t);
	}
	return buf;
}

void sm_user_json(sm_json_t *j, const sm_user_t *user, bool hash)
{
	char hex[SM_NT_HASH_HEXLEN + 1], addr[SM_USER_DNS_STRLEN];
	char time[SM_USER_TIME_LEN], *tok, *save = NULL;

	sm_json_object(j, false);
	sm_json_key(j, "identity");
	sm_json_str(j, user->identity);
	sm_json_key(j, "enabled");
	sm_json_bool(j, user->enabled);
	sm_json_key(j, "address");
	sm_json_str(j, user->vip4[0] ? user->vip4 : NULL);
	sm_json_key(j, "address6");
	sm_json_str(j, user->vip6[0] ? user->vip6 : NULL);
	sm_json_key(j, "dns");
	sm_json_array(j, false);
	snprintf(addr, sizeof(addr), "%s", user->dns);
	for (tok = strtok_r(addr, ",", &save); tok;
		 tok = strtok_r(NULL, ",", &save))
	{
		sm_json_str(j, tok);
	}
	sm_json_end(j);
	sm_json_key(j, "created");
	sm_json_str(j, sm_user_time(user->created, time));
	sm_json_key(j, "updated");
	sm_json_str(j, sm_user_time(user->updated, time));
	if (hash)
	{
		sm_nthash_to_hex(user->nt_hash, hex);
		sm_json_key(j, "nt_hash");
		sm_json_str(j, hex);
		OPENSSL_cleanse(hex, sizeof(hex));
	}
	sm_json_end(j);
}

void sm_user_print_header(FILE *out)
{
	fprintf(out, "%-24s %-8s %-15s %-24s %s\n", "IDENTITY", "STATUS", "ADDRESS",
			"ADDRESS6", "DNS");
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
	char hex[SM_NT_HASH_HEXLEN + 1], time[SM_USER_TIME_LEN];

	fprintf(out,
			"identity: %s\nstatus:   %s\naddress:  %s\naddress6: %s\n"
			"dns:      %s\ncreated:  ",
			user->identity, user->enabled ? "enabled" : "disabled",
			user->vip4[0] ? user->vip4 : "-", user->vip6[0] ? user->vip6 : "-",
			user->dns[0] ? user->dns : "-");
	fputs(sm_user_time(user->created, time), out);
	fputs("\nupdated:  ", out);
	fputs(sm_user_time(user->updated, time), out);
	putc('\n', out);
	if (hash)
	{
		sm_nthash_to_hex(user->nt_hash, hex);
		fprintf(out, "nt-hash:  %s\n", hex);
		OPENSSL_cleanse(hex, sizeof(hex));
	}
}
