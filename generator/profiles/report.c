/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `swanmobile check` says about the clients: for every platform of the
 * model's clients, whether its defaults (or its generated profile) connect
 * to the gateway, or which profile it needs, and whether its CHILD_SA and
 * IKE rekeys succeed; a warning for each platform that connects but fails
 * a rekey.
 */
#include "config.h"

#include "profiles.h"
#include "model/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const step_names[SM_STEP_MAX] = {
	"IKE_SA_INIT",
	"IKE_AUTH (its CHILD_SA)",
	"CHILD_SA rekeys it starts",
	"CHILD_SA rekeys the gateway starts",
	"IKE rekeys it starts",
	"IKE rekeys the gateway starts",
};

/* the words of the machine-readable lines */
static const char *const step_keys[SM_STEP_MAX] = {
	"ike",       "child",        "child_rekey", "child_rekey_gw",
	"ike_rekey", "ike_rekey_gw",
};

/* where a warning about a step points */
static sm_pos_t step_pos(const sm_model_t *m, sm_step_t step, const char **path)
{
	if (step == SM_STEP_IKE_REKEY || step == SM_STEP_IKE_REKEY_GW ||
		!m->n_children)
	{
		*path = "ike.proposals";
		return m->ike.proposals.pos.line ? m->ike.proposals.pos
										 : m->clients_pos;
	}
	*path = "children[0].proposals";
	if (m->children[0].pfs.v)
	{
		*path = "children[0].pfs";
		return m->children[0].pfs.pos;
	}
	return m->children[0].proposals.pos.line ? m->children[0].proposals.pos
											 : m->children[0].pos;
}

/* what to do about a failing rekey */
static const char *advice(const sm_platform_t *pf, sm_step_t step)
{
	if (pf->profile == SM_PROFILE_NONE && pf->fix != SM_PROFILE_NONE &&
		(step == SM_STEP_CHILD_REKEY_GW || step == SM_STEP_IKE_REKEY_GW))
	{
		return "set it up with the generated profile, or make the gateway's "
			   "first key exchange method one it has";
	}
	switch (step)
	{
		case SM_STEP_CHILD_REKEY:
			return "accept its key exchange methods with 'none' in an ESP "
				   "proposal, such as 'aes256gcm16-ecp384-curve25519-"
				   "ecp256-modp3072-modp2048-none' (the default)";
		case SM_STEP_CHILD_REKEY_GW:
			return "put a key exchange method it has, or 'none', first in the "
				   "ESP proposals";
		default:
			return "put a proposal with its group first in ike.proposals";
	}
}

static void text_line(FILE *out, const sm_platform_t *pf, const sm_nego_t *r)
{
	char ike[1024], esp[1024];
	int step;
	bool all = true;

	fprintf(out, "  %s: %s:\n    ", pf->id, pf->name);
	for (step = SM_STEP_IKE; step <= SM_STEP_CHILD; step++)
	{
		if (!r->ok[step])
		{
			fprintf(out, "refused at %s: %s", step_names[step], r->why[step]);
			if (pf->fix != SM_PROFILE_NONE)
			{
				fprintf(out,
						"\n    needs the generated profile: swanmobile "
						"profile %s",
						sm_profile_name(pf->fix));
			}
			fprintf(out, "\n");
			return;
		}
	}
	fprintf(out, "connects (IKE %s, ESP %s)",
			sm_prop_format(&r->ike, ike, sizeof(ike)),
			sm_prop_format(&r->child, esp, sizeof(esp)));
	for (step = SM_STEP_CHILD_REKEY; step < SM_STEP_MAX; step++)
	{
		if (!r->ok[step])
		{
			fprintf(out, "\n    but %s fail: %s", step_names[step],
					r->why[step]);
			all = false;
		}
	}
	if (all)
	{
		uint16_t ke = 0;

		sm_prop_first(&r->child_rekey, SM_TRANS_KE, &ke, NULL);
		if (ke)
		{
			fprintf(out, " and rekeys (its CHILD_SA rekeys with PFS %s)",
					sm_ke_keyword(ke));
		}
		else
		{
			fprintf(out, " and rekeys (its CHILD_SA rekeys without PFS)");
		}
	}
	fprintf(out, "\n");
	if (pf->note)
	{
		fprintf(out, "    note: %s\n", pf->note);
	}
}

static void spaceless(char *s)
{
	char *p, *q;

	for (p = q = s; *p; p++)
	{
		if (*p != ' ')
		{
			*q++ = *p;
		}
	}
	*q = '\0';
}

static void machine_line(FILE *out, const sm_platform_t *pf, const sm_nego_t *r,
						 const char *error)
{
	char ike[sizeof(r->emu_ike)], esp[sizeof(r->emu_esp)];
	int step;

	fprintf(out, "id=%s client=%s profile=%s", pf->id,
			sm_client_name(pf->client),
			pf->profile ? sm_profile_name(pf->profile) : "-");
	if (error)
	{
		fprintf(out, " error=profile\n");
		return;
	}
	fprintf(out, " connect=%s", r->ok[SM_STEP_CHILD] ? "yes" : "no");
	for (step = SM_STEP_IKE; step < SM_STEP_MAX; step++)
	{
		fprintf(out, " %s=%s", step_keys[step],
				!r->run[step] ? "-"
				: r->ok[step] ? "yes"
							  : "no");
	}
	snprintf(ike, sizeof(ike), "%s", r->emu_ike);
	snprintf(esp, sizeof(esp), "%s", r->emu_esp);
	spaceless(ike);
	spaceless(esp);
	fprintf(out, " ike_proposals=%s esp_proposals=%s\n", ike, esp);
}

void sm_compat_report(const sm_model_t *m, sm_diag_t *diag, FILE *out,
					  sm_report_format_t format)
{
	const sm_platform_t *pf;
	sm_client_offer_t *offer = NULL;
	sm_props_t *ike = NULL, *esp = NULL;
	sm_nego_t *r = NULL;
	const char *path;
	char err[256];
	size_t n, i;
	int step;

	offer = calloc(1, sizeof(*offer));
	ike = calloc(1, sizeof(*ike));
	esp = calloc(1, sizeof(*esp));
	r = calloc(1, sizeof(*r));
	if (!offer || !ike || !esp || !r)
	{
		sm_error(diag, m->clients_pos, "out of memory");
		goto out;
	}
	if (!sm_gateway_props(m, ike, esp, err, sizeof(err)))
	{
		/* reported by the validation */
		goto out;
	}
	if (out && format == SM_REPORT_TEXT)
	{
		fprintf(out, "clients of '%s' (swanmobile.yaml(5), CLIENTS):\n",
				m->name.v);
	}
	pf = sm_platforms(&n);
	for (i = 0; i < n; i++)
	{
		if (!(m->clients & pf[i].client))
		{
			continue;
		}
		if (!sm_platform_offer(m, &pf[i], offer, err, sizeof(err)))
		{
			sm_warning(diag, m->clients_pos,
					   "clients: no generated profile "
					   "can set up %s: %s",
					   pf[i].name, err);
			if (out && format == SM_REPORT_LINES)
			{
				machine_line(out, &pf[i], r, err);
			}
			else if (out)
			{
				fprintf(out, "  %s: %s:\n    no profile: %s\n", pf[i].id,
						pf[i].name, err);
			}
			continue;
		}
		sm_negotiate(ike, esp, offer, r);
		if (out && format == SM_REPORT_LINES)
		{
			machine_line(out, &pf[i], r, NULL);
		}
		else if (out)
		{
			text_line(out, &pf[i], r);
		}
		if (!r->ok[SM_STEP_CHILD])
		{
			continue;
		}
		for (step = SM_STEP_CHILD_REKEY; step < SM_STEP_MAX; step++)
		{
			sm_pos_t pos;

			if (r->ok[step])
			{
				continue;
			}
			pos = step_pos(m, step, &path);
			sm_validate_report(diag, SM_WARNING, pos, path,
							   "%s connects, "
							   "but %s fail: %s; %s",
							   pf[i].name, step_names[step], r->why[step],
							   advice(&pf[i], step));
		}
	}
out:
	free(offer);
	free(ike);
	free(esp);
	free(r);
}
