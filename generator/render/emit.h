/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file emit.h
 * Stage render/ (librender.la): a validated model to the files generate
 * writes.  This header says what the folder holds.
 *
 *   in          a validated model, the paths (paths.h), the templates
 *   out         the text of every generated file (this header), the
 *               checks of the directories written into (paths.h), the
 *               users rendered as swanctl secrets or planned, staged and
 *               committed into the database (users_sync.h); errors in an
 *               sm_diag_t.  The command writes the files.
 *   inside      emit.c (the files), template.c + template_vars.c +
 *               template_settings.c (the template engine, template.h)
 *               with its escaping by output syntax: template_nft.c
 *               (nftables), template_ctx.c (lexers of XML, JSON,
 *               PowerShell and key files) + template_escape.c (their
 *               escapers, sharing template_ctx_int.h),
 *               paths.c, users_sync.c + users_statics.c (the user
 *               database sync and its users' static addresses, sharing
 *               users_sync_int.h)
 *   includes    model/, base/ and lib/; never pki/, users/ or the commands
 *
 * Emitters: turn a validated model into the text of the generated files,
 * rendered from the templates.  Nothing is written here; the caller writes
 * the list with sm_file_write() once everything rendered.
 */
#ifndef SM_EMIT_H_
#define SM_EMIT_H_

#include "base/diag.h"
#include "model/model.h"
#include "paths.h"
#include "template.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/** One generated file. */
typedef struct {
	/** where it goes (owned) */
	char *path;
	/** content (owned; wiped when it is secret) */
	char *data;
	size_t len;
	/** permission bits */
	mode_t mode;
	/** holds secrets: mode 0600 and wiped from memory */
	bool secret;
} sm_output_t;

/** The files of one generate run. */
typedef struct {
	sm_output_t *files;
	size_t n;
} sm_outputs_t;

/**
 * Free the files of a list (wiping secrets); the list itself is reusable.
 */
void sm_outputs_clear(sm_outputs_t *out);

/**
 * Free the files of a list from index from on (wiping secrets), keeping
 * those before it.
 */
void sm_outputs_truncate(sm_outputs_t *out, size_t from);

/**
 * Append a file to a list.
 *
 * @param out		the list
 * @param path		where the file goes (cloned)
 * @param data		its content (gets owned, also on failure, when it is
 *					wiped if secret and freed)
 * @param len		length of data
 * @param mode		its permission bits
 * @param secret	it holds secrets: wiped from memory when freed
 * @return			false if out of memory
 */
bool sm_outputs_add(sm_outputs_t *out, const char *path, char *data, size_t len,
					mode_t mode, bool secret);

/** Where the templates come from and what to say about the source. */
typedef struct {
	/** directory of the *.tmpl files */
	const char *templates_dir;
	/** name of the YAML file, for the "generated from" comments */
	const char *source;
	/** static addresses of users the description does not list (the
	 *  user database's), carved out of the pools like those of
	 *  users.accounts (not owned; NULL for none) */
	const sm_prefix_t *statics;
	size_t n_statics;
} sm_emit_ctx_t;

/**
 * Render swanctl.conf's connection and pools, the plugin settings, the
 * mobile profile, the certificate settings doctor reads and, for
 * users.backend swanctl, the ntlm secrets.
 *
 * @param m			validated model
 * @param paths		output paths
 * @param ctx		templates and source name
 * @param out		receives the files (appended)
 * @param diag		receives errors (unreadable or broken templates)
 * @return			true on success
 */
bool sm_emit_all(const sm_model_t *m, const sm_paths_t *paths,
				 const sm_emit_ctx_t *ctx, sm_outputs_t *out, sm_diag_t *diag);

/**
 * Render the template name (a path below ctx->templates_dir) in the given
 * syntax with vars, to which the values every template's header comment
 * names are added: name (the connection), version and source.  The values
 * are raw: the template engine escapes each one for where it lands.
 *
 * @param m			model (for the connection name)
 * @param ctx		templates and source name
 * @param name		template file name, e.g. "profiles/apple.mobileconfig.tmpl"
 * @param syntax	the syntax of the output
 * @param vars		values of the template
 * @param text		receives the text (must be freed; wiped first when a
 *					value was secret)
 * @param len		receives its length
 * @param diag		receives errors (unreadable or broken template)
 * @return			true on success
 */
bool sm_emit_text(const sm_model_t *m, const sm_emit_ctx_t *ctx,
				  const char *name, sm_syntax_t syntax, sm_tvars_t *vars,
				  char **text, size_t *len, sm_diag_t *diag);

/**
 * Render the datapath snippet (paths->datapath_conf): the mode asked for,
 * and kernel-libipsec loaded or not as decided.
 *
 * @param ctx		templates and source name
 * @param c			the decision (sm_datapath_choose())
 * @param path		where the file goes (cloned)
 * @param out		receives the file (appended)
 * @param diag		receives errors (unreadable or broken template)
 * @return			true on success
 */
bool sm_emit_datapath(const sm_emit_ctx_t *ctx, const sm_datapath_choice_t *c,
					  const char *path, sm_outputs_t *out, sm_diag_t *diag);

/**
 * Render the template name from ctx->templates_dir with vars (to which the
 * header values name, version, source and conf_file are added) and append
 * the result to out as the file path.  The values are raw: the template
 * engine escapes each one for where it lands (template.h): *.conf.tmpl in
 * strongSwan's settings syntax, *.nft.tmpl in nft's; no other template is
 * rendered.
 *
 * @param m			model (for the connection name), NULL for none
 * @param ctx		templates and source name
 * @param name		template file name, e.g. "swanctl.conf.tmpl"
 * @param vars		values of the template
 * @param path		where the file goes (cloned)
 * @param mode		its permission bits
 * @param secret	it holds secrets: wiped from memory when freed
 * @param out		receives the file
 * @param diag		receives errors (unreadable or broken template)
 * @return			true on success
 */
bool sm_emit_render(const sm_model_t *m, const sm_emit_ctx_t *ctx,
					const char *name, sm_tvars_t *vars, const char *path,
					mode_t mode, bool secret, sm_outputs_t *out,
					sm_diag_t *diag);

#endif /* SM_EMIT_H_ */
