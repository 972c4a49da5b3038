/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the CSV user import: the RFC 4180 reader
 * (generator/users/csv.c) and the column mapping with validation and
 * hashing (generator/users/user_import.c).  No crash on any input; fields
 * never hold more bytes than the input; every user yielded is valid.
 */
#include "config.h"

#include "users/csv.h"
#include "users/user_import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sm_nthash_ctx_t *nthash;
	const char *text = (const char *)data;
	sm_import_t *imp;
	sm_csv_t *csv;
	sm_user_t user, check;
	char **fields;
	size_t n, i, total;
	int r;

	if (!nthash && !(nthash = sm_nthash_ctx_create(NULL, 0)))
	{
		abort();
	}
	csv = sm_csv_create(text, size);
	while ((r = sm_csv_next(csv, &fields, &n)) > 0)
	{
		for (i = total = 0; i < n; i++)
		{
			total += strlen(fields[i]);
		}
		if (n < 1 || n > SM_CSV_MAX_FIELDS || total > size)
		{
			abort();
		}
	}
	if (r < 0 && !*sm_csv_error(csv))
	{
		abort();
	}
	sm_csv_destroy(csv);

	imp = sm_import_csv("fuzz.csv", text, size, nthash);
	sm_user_init(&user);
	while ((r = sm_import_next(imp, &user)) > 0)
	{
		sm_user_init(&check);
		if (!sm_user_set_identity(&check, user.identity, NULL, 0) ||
			!sm_user_set_attrs(&check, user.vip4, user.vip6, user.dns, NULL,
							   0) ||
			strcmp(check.vip4, user.vip4) || strcmp(check.vip6, user.vip6) ||
			strcmp(check.dns, user.dns))
		{
			abort();
		}
		sm_user_init(&user);
	}
	if (r < 0 && strncmp(sm_import_error(imp), "fuzz.csv", 8))
	{
		abort();
	}
	sm_import_destroy(imp);
	return 0;
}
