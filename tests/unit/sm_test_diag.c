/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixtures of the unit tests of generator/ that look at diagnostics */
#include "config.h"

#include "sm_test.h"

#include "base/diag.h"

void sm_test_dump_diag(struct sm_diag_t *diag)
{
	sm_diag_entry_t e;
	size_t i;

	for (i = 0; i < sm_diag_size(diag); i++)
	{
		assert_true(sm_diag_get(diag, i, &e));
		printf("# %s: %s\n", e.severity == SM_ERROR ? "error" : "warning",
			   e.message);
	}
}
