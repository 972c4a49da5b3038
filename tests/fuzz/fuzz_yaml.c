/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the loader: any input goes through the YAML reader, the
 * schema, the defaults and the validator (sm_load_buffer()), and the
 * diagnostics are printed as text and as JSON; nothing may crash, leak or
 * hang.
 */
#include "config.h"

#include "model/load.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_model_t *model;
	sm_diag_t *diag;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	diag = sm_diag_create();
	if (!diag)
	{
		return 0;
	}
	model = sm_load_buffer("fuzz.yaml", (const char *)data, size, diag);
	out = open_memstream(&buf, &len);
	if (out)
	{
		sm_diag_print(diag, out);
		sm_diag_print_json(diag, out);
		fclose(out);
	}
	free(buf);
	sm_model_destroy(model);
	sm_diag_destroy(diag);
	return 0;
}
