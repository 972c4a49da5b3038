/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the fixture of the profiles/ tests (profiles_fixture.h) */
#include "config.h"

#include "profiles_fixture.h"

#include <string.h>

void sm_test_props(const char *list, sm_proto_t proto, sm_props_t *out)
{
	char err[256];

	out->n = 0;
	if (!sm_props_parse(list, proto, out, err, sizeof(err)))
	{
		fail_msg("'%s': %s", list, err);
	}
}

const sm_platform_t *sm_test_platform(const char *id)
{
	const sm_platform_t *pf;
	size_t n, i;

	pf = sm_platforms(&n);
	for (i = 0; i < n; i++)
	{
		if (!strcmp(pf[i].id, id))
		{
			return &pf[i];
		}
	}
	fail_msg("no platform %s", id);
	return NULL;
}
