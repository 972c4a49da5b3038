/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accounts of the description as records of the user database */
#include "config.h"

#include "account.h"

#include <stdio.h>
#include <string.h>

/* comma-separated canonical addresses of a list */
static void addr_list(const sm_addrlist_t *l, char *buf, size_t size)
{
	char one[SM_PREFIX_STRLEN];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && len < size; i++)
	{
		if (sm_prefix_format(&l->items[i].v, false, one, sizeof(one)))
		{
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
									len ? "," : "", one);
		}
	}
}

sm_account_err_t sm_account_hash(const sm_account_t *a, sm_nthash_ctx_t *ctx,
								 uint8_t hash[SM_NT_HASH_LEN], char *err,
								 size_t errlen)
{
	if (a->has_nt_hash)
	{
		memcpy(hash, a->nt_hash, SM_NT_HASH_LEN);
		return SM_ACCOUNT_OK;
	}
	if (sm_nthash_ctx_hash(ctx, a->password.v, strlen(a->password.v), hash, err,
						   errlen) != SM_NTHASH_OK)
	{
		return SM_ACCOUNT_EHASH;
	}
	return SM_ACCOUNT_OK;
}

sm_account_err_t sm_account_user(const sm_account_t *a, sm_nthash_ctx_t *ctx,
								 sm_user_t *user, char *err, size_t errlen)
{
	char vip4[SM_PREFIX_STRLEN] = "", vip6[SM_PREFIX_STRLEN] = "";
	char dns[SM_USER_DNS_STRLEN];

	sm_user_init(user);
	if (!sm_user_set_identity(user, a->identity.v, err, errlen))
	{
		return SM_ACCOUNT_EIDENTITY;
	}
	if (a->address.set)
	{
		sm_prefix_format(&a->address.v, false, vip4, sizeof(vip4));
	}
	if (a->address6.set)
	{
		sm_prefix_format(&a->address6.v, false, vip6, sizeof(vip6));
	}
	addr_list(&a->dns, dns, sizeof(dns));
	if (!sm_user_set_attrs(user, vip4, vip6, dns, err, errlen))
	{
		return SM_ACCOUNT_EATTRS;
	}
	user->enabled = a->enabled.v;
	if (!ctx && !a->has_nt_hash)
	{
		return SM_ACCOUNT_OK;
	}
	return sm_account_hash(a, ctx, user->nt_hash, err, errlen);
}
