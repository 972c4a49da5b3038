/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_users: the benchmark's users, written for both sides, so that stock
 * strongSwan and swanmobile get the very same accounts.
 *
 * User i is "userIIIIIII@example.com" (seven digits) with the password
 * "pw-I" (I without leading zeros); the NT hash is MD4 of the password in
 * UTF-16LE, computed as 'swanmobile' computes it.
 *
 * usage: bench_users FORMAT COUNT [FIRST]
 *   csv      a CSV file for 'swanmobile user import --csv':
 *            identity,nt_hash
 *   secrets  a swanctl.conf 'secrets' section for 'swanctl --load-creds':
 *            one ntlm-uIIIIIII { id = ...  secret = 0x<NT hash> } each,
 *            as 'users.backend: swanctl' writes them
 *   hash     the NT hashes alone, one per line (for 'user add
 *            --nt-hash-stdin')
 * COUNT users starting at user FIRST (default 0).
 */
#include "config.h"

#include "base/nthash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char *argv[])
{
	char err[256], pw[32], hash_hex[SM_NT_HASH_HEXLEN + 1];
	uint8_t hash[SM_NT_HASH_LEN];
	sm_nthash_ctx_t *ctx;
	size_t count, first = 0, i;
	const char *format;
	int ret = 1;

	if (argc < 3 || argc > 4 ||
		(strcmp(argv[1], "csv") && strcmp(argv[1], "secrets") &&
		 strcmp(argv[1], "hash")))
	{
		fprintf(stderr, "usage: bench_users csv|secrets|hash COUNT [FIRST]\n");
		return 2;
	}
	format = argv[1];
	count = strtoul(argv[2], NULL, 10);
	if (argc == 4)
	{
		first = strtoul(argv[3], NULL, 10);
	}
	ctx = sm_nthash_ctx_create(err, sizeof(err));
	if (!ctx)
	{
		fprintf(stderr, "bench_users: %s\n", err);
		return 3;
	}
	if (!strcmp(format, "csv"))
	{
		printf("identity,nt_hash\n");
	}
	else if (!strcmp(format, "secrets"))
	{
		printf("secrets {\n");
	}
	for (i = first; i < first + count; i++)
	{
		snprintf(pw, sizeof(pw), "pw-%zu", i);
		if (sm_nthash_ctx_hash(ctx, pw, strlen(pw), hash, err, sizeof(err)) !=
			SM_NTHASH_OK)
		{
			fprintf(stderr, "bench_users: %s\n", err);
			goto out;
		}
		sm_nthash_to_hex(hash, hash_hex);
		if (!strcmp(format, "csv"))
		{
			printf("user%07zu@example.com,%s\n", i, hash_hex);
		}
		else if (!strcmp(format, "secrets"))
		{
			printf("\tntlm-u%07zu {\n\t\tid = user%07zu@example.com\n"
				   "\t\tsecret = 0x%s\n\t}\n",
				   i, i, hash_hex);
		}
		else
		{
			printf("%s\n", hash_hex);
		}
	}
	if (!strcmp(format, "secrets"))
	{
		printf("}\n");
	}
	ret = fflush(stdout) == 0 ? 0 : 3;
out:
	sm_nthash_ctx_destroy(ctx);
	return ret;
}
