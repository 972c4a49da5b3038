/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file render_int.h
 * Internals of the client profiles' rendering: the values each template
 * gets (render_vars.c), for render.c, which renders and adds the files.
 */
#ifndef SM_PROFILES_RENDER_INT_H_
#define SM_PROFILES_RENDER_INT_H_

#include "profiles.h"

#include "sm_net.h"

#include <stdbool.h>
#include <stddef.h>

/** Most networks behind the gateway a profile routes. */
#define SM_PROFILE_NETS_MAX 64

/** The networks behind the gateway (the children's local networks), each
 *  once. */
typedef struct {
	sm_prefix_t nets[SM_PROFILE_NETS_MAX];
	size_t n;
	/** 0.0.0.0/0 or ::/0 is among them: a full tunnel */
	bool full4;
	bool full6;
} sm_profile_nets_t;

/**
 * Collect the networks behind the gateway.
 */
void sm_profile_nets(const sm_model_t *m, sm_profile_nets_t *nets);

/**
 * ca_base64: the CA certificate in DER, base64 in lines of wrap characters
 * joined by sep (wrap 0: one line); "" while there is no CA yet.
 *
 * @return			false on errors (in diag)
 */
bool sm_profile_ca_vars(sm_tvars_t *v, const sm_profile_opts_t *o, size_t wrap,
						const char *sep, sm_diag_t *diag);

/**
 * user and password ("" for none).
 *
 * @return			false if out of memory
 */
bool sm_profile_user_vars(sm_tvars_t *v, const sm_profile_opts_t *o);

/**
 * The values of windows.ps1.tmpl: crypto settings, routes, DNS triggers.
 *
 * @return			false if out of memory
 */
bool sm_profile_windows_vars(sm_tvars_t *v, const sm_model_t *m,
							 const sm_profile_crypto_t *c,
							 const sm_profile_nets_t *nets);

/**
 * The values of apple.mobileconfig.tmpl: identifiers, UUIDs, crypto
 * settings and lifetimes.
 *
 * @return			false if out of memory
 */
bool sm_profile_apple_vars(sm_tvars_t *v, const sm_model_t *m,
						   const sm_profile_opts_t *o,
						   const sm_profile_crypto_t *c);

/**
 * The values of android.sswan.tmpl: UUID, proposals, split networks.
 *
 * @return			false if out of memory
 */
bool sm_profile_android_vars(sm_tvars_t *v, const sm_model_t *m,
							 const sm_profile_opts_t *o,
							 const sm_profile_crypto_t *c,
							 const sm_profile_nets_t *nets);

/**
 * The values of networkmanager.nmconnection.tmpl.
 *
 * @return			false if out of memory (or the networks do not fit)
 */
bool sm_profile_nm_vars(sm_tvars_t *v, const sm_model_t *m,
						const sm_profile_opts_t *o,
						const sm_profile_crypto_t *c,
						const sm_profile_nets_t *nets);

/**
 * The values of the linux-*.conf.tmpl templates.
 *
 * @return			false if out of memory (or the networks do not fit)
 */
bool sm_profile_linux_vars(sm_tvars_t *v, const sm_model_t *m,
						   const sm_profile_crypto_t *c,
						   const sm_profile_nets_t *nets);

#endif /* SM_PROFILES_RENDER_INT_H_ */
