/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cross-field rules of lifetimes: rekey and reauthenticate before the end
 * of a lifetime, with room for the random jitter; renew certificates
 * before they expire */
#include "config.h"

#include "validate.h"

#include <stdio.h>

/* the short name used below */
#define report sm_validate_report

/* "; default values: a, b" for the values that were not given, or "" */
static const char *defaults(char *buf, size_t size, const char *prefix,
							const char *na, const sm_uint_t *a, const char *nb,
							const sm_uint_t *b)
{
	const char *names[2] = {a->pos.line ? NULL : na, b->pos.line ? NULL : nb};

	if (names[0] && names[1])
	{
		snprintf(buf, size, "; default values: %s.%s, %s.%s", prefix, names[0],
				 prefix, names[1]);
	}
	else if (names[0] || names[1])
	{
		snprintf(buf, size, "; default value: %s.%s", prefix,
				 names[0] ? names[0] : names[1]);
	}
	else
	{
		buf[0] = '\0';
	}
	return buf;
}

/* a < b, reported at a if it was given, else at b */
static bool check_less(sm_diag_t *diag, const char *prefix, const char *na,
					   const sm_uint_t *a, const char *nb, const sm_uint_t *b)
{
	char path[64], note[128];

	if (a->v < b->v)
	{
		return true;
	}
	defaults(note, sizeof(note), prefix, na, a, nb, b);
	if (a->pos.line)
	{
		snprintf(path, sizeof(path), "%s.%s", prefix, na);
		report(diag, SM_ERROR, a->pos, path,
			   "%llu must be less than %s.%s "
			   "(%llu)%s",
			   (unsigned long long)a->v, prefix, nb, (unsigned long long)b->v,
			   note);
	}
	else
	{
		snprintf(path, sizeof(path), "%s.%s", prefix, nb);
		report(diag, SM_ERROR, b->pos, path,
			   "%llu must be greater than "
			   "%s.%s (%llu)%s",
			   (unsigned long long)b->v, prefix, na, (unsigned long long)a->v,
			   note);
	}
	return false;
}

static void check_times(sm_diag_t *diag, const char *prefix,
						const sm_uint_t *life, const sm_uint_t *rekey,
						const sm_uint_t *reauth, const sm_uint_t *rand)
{
	const sm_uint_t *soft = rekey, *given;
	const char *soft_name = "rekey_time";
	char path[64], note[128];

	if ((rekey->v &&
		 !check_less(diag, prefix, "rekey_time", rekey, "lifetime", life)) ||
		(reauth && reauth->v &&
		 !check_less(diag, prefix, "reauth_time", reauth, "lifetime", life)))
	{
		return;
	}
	if (reauth && reauth->v > rekey->v)
	{
		soft = reauth;
		soft_name = "reauth_time";
	}
	/* charon subtracts a random time up to rand_time from the rekey time;
	 * its own default (vici_config.c) is lifetime - rekey_time exactly, so
	 * equality is fine */
	if (rand->v <= life->v - soft->v)
	{
		return;
	}
	given = rand->pos.line ? rand : soft->pos.line ? soft : life;
	snprintf(path, sizeof(path), "%s.%s", prefix,
			 given == rand   ? "rand_time"
			 : given == soft ? soft_name
							 : "lifetime");
	defaults(note, sizeof(note), prefix, "lifetime", life, soft_name, soft);
	if (given == rand)
	{
		report(diag, SM_ERROR, rand->pos, path,
			   "%llu must not exceed "
			   "%s.lifetime - %s.%s (%llu - %llu = %llu)%s",
			   (unsigned long long)rand->v, prefix, prefix, soft_name,
			   (unsigned long long)life->v, (unsigned long long)soft->v,
			   (unsigned long long)(life->v - soft->v), note);
		return;
	}
	report(diag, SM_ERROR, given->pos, path,
		   "%s.rand_time (%llu) must not "
		   "exceed %s.lifetime - %s.%s (%llu - %llu = %llu)%s",
		   prefix, (unsigned long long)rand->v, prefix, prefix, soft_name,
		   (unsigned long long)life->v, (unsigned long long)soft->v,
		   (unsigned long long)(life->v - soft->v), note);
}

void sm_validate_lifetimes(const sm_model_t *m, sm_diag_t *diag)
{
	char prefix[32];
	size_t i;

	check_times(diag, "ike", &m->ike.lifetime, &m->ike.rekey_time,
				&m->ike.reauth_time, &m->ike.rand_time);
	for (i = 0; i < m->n_children; i++)
	{
		snprintf(prefix, sizeof(prefix), "children[%zu]", i);
		check_times(diag, prefix, &m->children[i].lifetime,
					&m->children[i].rekey_time, NULL,
					&m->children[i].rand_time);
	}
	check_less(diag, "certificate", "renew_before",
			   &m->certificate.renew_before, "lifetime",
			   &m->certificate.lifetime);
}
