/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile generate / renew: a validated VPN description becomes the
 * swanctl configuration, the plugin settings, the certificates and the user
 * database.  Nothing is written unless everything validated and rendered;
 * every file is written atomically; re-running with the same input changes
 * nothing.
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "base/esp.h"
#include "firewall/firewall.h"
#include "render/emit.h"
#include "model/load.h"
#include "model/model.h"
#include "render/paths.h"
#include "pki/pki.h"
#include "profiles/profiles.h"
#include "render/users_sync.h"

#include "sm_file.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Options shared by generate and renew. */
typedef struct {
	const char *root;
	const char *templates;
	const char *file;
	bool dry_run;
	bool prune;
	bool quiet;
	bool json;
	bool renew;
	/** --days N: renew_days is N, else certificate.renew_before */
	bool days_given;
	unsigned int renew_days;
	/** --help: print the usage, do nothing else */
	bool help;
	/** --datapath: replaces gateway.datapath */
	bool datapath_set;
	sm_datapath_t datapath;
} options_t;

static void usage(FILE *out, const char *cmd)
{
	if (!strcmp(cmd, "renew"))
	{
		fprintf(
			out,
			"usage: swanmobile renew [--days N] [--root DIR] [--dry-run] FILE\n"
			"  reissue the certificates of FILE that expire within N days\n"
			"  (default: certificate.renew_before of FILE)\n");
		return;
	}
	fprintf(
		out,
		"usage: swanmobile generate [--root DIR] [--templates DIR] [--dry-run]\n"
		"                           [--prune] [--quiet] [--json]\n"
		"                           [--datapath auto|kernel|libipsec] FILE\n"
		"  --root DIR       write below DIR instead of / (for staging, tests)\n"
		"  --templates DIR  take the templates from DIR (default %s)\n"
		"  --dry-run        say what would change, write nothing\n"
		"  --prune          also remove database users absent from FILE\n"
		"  --quiet          print nothing but errors and warnings\n"
		"  --json           print the changes and diagnostics as JSON\n"
		"  --datapath MODE  how charon carries ESP, instead of\n"
		"                   gateway.datapath (auto: kernel-libipsec where\n"
		"                   the kernel refuses AES-GCM ESP)\n",
		SM_TEMPLATESDIR);
}

static const char *result_word(sm_file_result_t r, bool dry)
{
	switch (r)
	{
		case SM_FILE_CREATED:
			return dry ? "would create" : "created";
		case SM_FILE_UPDATED:
			return dry ? "would update" : "updated";
		case SM_FILE_UNCHANGED:
			break;
	}
	return "unchanged";
}

static const char *pki_word(sm_pki_action_t a, bool dry)
{
	switch (a)
	{
		case SM_PKI_CREATED:
			return dry ? "would create" : "created";
		case SM_PKI_REISSUED:
			return dry ? "would reissue" : "reissued";
		case SM_PKI_KEPT:
			break;
	}
	return "unchanged";
}

/* the directories generate always writes into (backups: when a
 * certificate is replaced; the database's: with users.backend database) */
static bool always_written(sm_dir_id_t id)
{
	return id != SM_DIR_BACKUP && id != SM_DIR_DATABASE;
}

/* before anything is written: owners, modes and symbolic links of every
 * directory generate writes into, and of the way there */
static bool check_dirs(const sm_paths_t *p, bool database, sm_diag_t *diag)
{
	int i;

	for (i = 0; i < SM_DIR_MAX; i++)
	{
		if ((i != SM_DIR_DATABASE || database) &&
			!sm_paths_check(p, p->dirs[i].path, diag))
		{
			return false;
		}
	}
	return true;
}

/* create the directories with their modes, whatever the umask */
static int make_dirs(const sm_paths_t *p, sm_diag_t *diag)
{
	int i;

	for (i = 0; i < SM_DIR_MAX; i++)
	{
		if (always_written(i) &&
			sm_mkdirs(p->dirs[i].path, p->dirs[i].mode) != 0)
		{
			sm_error(diag, sm_nopos(NULL), "cannot create directory '%s': %s",
					 p->dirs[i].path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* what a run changed: printed as lines, or as JSON with --json */
typedef struct {
	/** lines "ACTION PATH (REASON)" unless quiet or json */
	bool print;
	/** --json: the elements of "changes" go here */
	bool json;
	sm_json_t j;
} changes_t;

/* a change as an element of "changes": {"action": ..., "path": ...} */
static void json_change(changes_t *c, const char *action, const char *path)
{
	sm_json_object(&c->j, false);
	sm_json_key(&c->j, "action");
	sm_json_str(&c->j, action);
	sm_json_key(&c->j, "path");
	sm_json_str(&c->j, path);
}

/* one change: "created PATH", "reissued PATH (REASON)", ... */
static void change(changes_t *c, const char *action, const char *path,
				   const char *reason)
{
	if (c->json)
	{
		json_change(c, action, path);
		if (*reason)
		{
			sm_json_key(&c->j, "reason");
			sm_json_str(&c->j, reason);
		}
		sm_json_end(&c->j);
	}
	else if (c->print && *reason)
	{
		printf("%s %s (%s)\n", action, path, reason);
	}
	else if (c->print)
	{
		printf("%s %s\n", action, path);
	}
}

/* remove what interrupted earlier runs left in the directories
 * SM_FILE_TMPDIR (never read by charon or swanctl, but litter) */
static void cleanup(const sm_paths_t *p, changes_t *c, sm_diag_t *diag)
{
	char reason[96];
	size_t n;
	int i;

	for (i = 0; i < SM_DIR_MAX; i++)
	{
		if (sm_file_cleanup(p->dirs[i].path, &n) != 0)
		{
			sm_warning(diag, sm_nopos(NULL), "cannot clean up '%s/%s': %s",
					   p->dirs[i].path, SM_FILE_TMPDIR, strerror(errno));
		}
		else if (n)
		{
			snprintf(reason, sizeof(reason),
					 "%zu temporary file%s of an "
					 "interrupted run",
					 n, n == 1 ? "" : "s");
			change(c, "cleaned", p->dirs[i].path, reason);
		}
	}
}

static void pki_changes(changes_t *c, const sm_pki_report_t *r,
						const sm_pki_paths_t *pp, bool dry)
{
	if (r->ca_key != SM_PKI_KEPT)
	{
		change(c, pki_word(r->ca_key, dry), pp->ca_key, "");
	}
	if (r->ca_cert != SM_PKI_KEPT)
	{
		change(c, pki_word(r->ca_cert, dry), pp->ca_cert,
			   r->ca_cert == SM_PKI_REISSUED ? r->ca_reason : "");
	}
	if (r->server_key != SM_PKI_KEPT)
	{
		change(c, pki_word(r->server_key, dry), pp->server_key, "");
	}
	if (r->server_cert != SM_PKI_KEPT)
	{
		change(c, pki_word(r->server_cert, dry), pp->server_cert,
			   r->server_cert == SM_PKI_REISSUED ? r->server_reason : "");
	}
	if (r->ca_backup[0])
	{
		change(c, "saved", r->ca_backup, "the previous CA certificate");
	}
	if (r->server_backup[0])
	{
		change(c, "saved", r->server_backup, "the previous server certificate");
	}
}

static void users_change(changes_t *c, const sm_users_stats_t *st,
						 const char *path, bool dry)
{
	char counts[160];

	if (!st->synced || !(st->added || st->updated || st->removed))
	{
		return;
	}
	snprintf(counts, sizeof(counts),
			 "%zu added, %zu updated, %zu unchanged, %zu removed", st->added,
			 st->updated, st->unchanged, st->removed);
	if (c->json)
	{
		json_change(c, dry ? "would update" : "updated", path);
		sm_json_key(&c->j, "users");
		sm_json_object(&c->j, false);
		sm_json_key(&c->j, "added");
		sm_json_uint(&c->j, st->added);
		sm_json_key(&c->j, "updated");
		sm_json_uint(&c->j, st->updated);
		sm_json_key(&c->j, "unchanged");
		sm_json_uint(&c->j, st->unchanged);
		sm_json_key(&c->j, "removed");
		sm_json_uint(&c->j, st->removed);
		sm_json_end(&c->j);
		sm_json_end(&c->j);
	}
	else if (c->print)
	{
		printf("%s %s: %s\n", dry ? "would update" : "updated", path, counts);
	}
}

/* clients/: the CA and the profiles of the description's clients, from
 * the CA certificate on disk, replacing what out holds from index from on
 * (before the CA exists, they are rendered without it, which checks every
 * template before the first write) */
static bool render_clients(const sm_model_t *m, const sm_paths_t *paths,
						   const sm_emit_ctx_t *ctx, sm_outputs_t *out,
						   size_t from, sm_diag_t *diag)
{
	sm_profile_opts_t o = {
		.templates_dir = ctx->templates_dir,
		.source = ctx->source,
		.out_dir = paths->clients_dir,
	};
	size_t len = 0;
	char *ca;
	bool ok;

	ca = sm_file_read(paths->ca_cert, SM_PKI_FILE_MAX, &len);
	o.ca_pem = ca;
	o.ca_pem_len = len;
	/* the files before from stay, those after are rendered again */
	sm_outputs_truncate(out, from);
	ok = sm_profiles_render_all(m, &o, out, diag);
	free(ca);
	return ok;
}

static const char *esp_word(sm_esp_t esp)
{
	return esp == SM_ESP_YES ? "yes" : esp == SM_ESP_NO ? "no" : "unknown";
}

/* --json: {"changes": [...], "datapath": {...}, "diagnostics": [...]} on
 * stdout; the changes are written as they happen, the rest at the end (no
 * datapath when generate stopped before deciding it) */
static void json_start(changes_t *c)
{
	sm_json_init(&c->j, stdout);
	sm_json_object(&c->j, true);
	sm_json_key(&c->j, "changes");
	sm_json_array(&c->j, true);
}

static void json_finish(changes_t *c, const sm_datapath_choice_t *dp,
						sm_diag_t *diag)
{
	char note[SM_ESP_WHY_LEN * 2];

	sm_json_end(&c->j);
	if (dp)
	{
		sm_json_key(&c->j, "datapath");
		sm_json_object(&c->j, false);
		sm_json_key(&c->j, "mode");
		sm_json_str(&c->j, sm_datapath_name(dp->mode));
		sm_json_key(&c->j, "chosen");
		sm_json_str(&c->j, sm_datapath_name(dp->chosen));
		sm_json_key(&c->j, "kernel_esp");
		sm_json_str(&c->j, esp_word(dp->esp));
		sm_json_key(&c->j, "kernel");
		sm_json_str(&c->j, dp->why);
		sm_json_key(&c->j, "works");
		sm_json_bool(&c->j, sm_datapath_works(dp));
		sm_json_key(&c->j, "note");
		if (sm_datapath_note(dp, note, sizeof(note)))
		{
			sm_json_str(&c->j, note);
		}
		else
		{
			sm_json_null(&c->j);
		}
		sm_json_end(&c->j);
	}
	sm_json_key(&c->j, "diagnostics");
	sm_diag_json(diag, &c->j);
	sm_json_end(&c->j);
}

/* the datapath: decided (the kernel probed) and its snippet rendered */
static bool datapath(const options_t *o, const sm_model_t *m,
					 const sm_paths_t *paths, const sm_emit_ctx_t *ctx,
					 sm_datapath_choice_t *dp, sm_outputs_t *out,
					 sm_diag_t *diag)
{
	sm_datapath_choose(o->datapath_set ? o->datapath : m->gateway.datapath.v,
					   dp);
	return sm_emit_datapath(ctx, dp, paths->datapath_conf, out, diag);
}

/* tell the admin about the datapath: a warning if it cannot carry ESP
 * here, else one line when the decision is new (the snippet changed),
 * unless quiet */
static void datapath_note(const options_t *o, const sm_model_t *m,
						  const sm_datapath_choice_t *dp, bool changed,
						  sm_diag_t *diag)
{
	char note[SM_ESP_WHY_LEN * 2];

	if (!sm_datapath_note(dp, note, sizeof(note)))
	{
		return;
	}
	if (!sm_datapath_works(dp))
	{
		sm_warning(diag,
				   o->datapath_set ? (sm_pos_t){0} : m->gateway.datapath.pos,
				   "%s", note);
	}
	else if (changed && !o->quiet && !o->json)
	{
		printf("datapath: %s\n", note);
	}
}

static int run(const options_t *o)
{
	sm_diag_t *diag = sm_diag_create();
	sm_outputs_t out = {0};
	sm_model_t *m = NULL;
	sm_paths_t *paths = NULL;
	sm_users_plan_t *users_plan = NULL;
	sm_pki_report_t report;
	sm_users_stats_t users = {0};
	sm_pki_paths_t pp;
	sm_emit_ctx_t ctx;
	sm_datapath_choice_t dp;
	bool decided = false, dp_changed = false;
	changes_t changes = {.print = !o->quiet && !o->json, .json = o->json};
	int ret = SM_EXIT_INPUT, flags, io_errno = 0;
	unsigned int renew_days;
	size_t i, clients_at;

	if (!diag)
	{
		fprintf(stderr, "swanmobile: out of memory\n");
		return SM_EXIT_ENV;
	}
	if (o->json)
	{
		json_start(&changes);
	}
	m = sm_load_file(o->file, diag, &io_errno);
	if (!m)
	{
		ret = io_errno ? SM_EXIT_ENV : SM_EXIT_INPUT;
		goto out;
	}
	paths = sm_paths_create(o->root, m->name.v);
	if (!paths)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		ret = SM_EXIT_ENV;
		goto out;
	}
	pp = (sm_pki_paths_t){
		.ca_key = paths->ca_key,
		.ca_cert = paths->ca_cert,
		.server_key = paths->server_key,
		.server_cert = paths->server_cert,
		.backup_dir = paths->backup_dir,
	};
	ctx = (sm_emit_ctx_t){
		.templates_dir = o->templates,
		.source = o->file,
	};
	/* everything is checked before the first write, so that an error
	 * leaves the disk as it was: (1) every account as the database will
	 * store it (input errors); (2) every file rendered and the
	 * certificates planned; (3) the directories; (4) the database's write
	 * lock taken and the user changes staged */
	if (!o->renew)
	{
		switch (sm_users_plan(m, paths, o->prune, &users_plan, diag))
		{
			case SM_USERS_OK:
				break;
			case SM_USERS_EINPUT:
				goto out;
			case SM_USERS_EENV:
				ret = SM_EXIT_ENV;
				goto out;
		}
	}
	/* the database users' static addresses stay out of the pools too */
	ctx.statics = sm_users_plan_statics(users_plan, &ctx.n_statics);
	/* what each client platform does against this gateway: warnings */
	sm_compat_report(m, diag, NULL, SM_REPORT_TEXT);
	ret = SM_EXIT_ENV;
	/* --datapath replaces gateway.datapath, also for the firewall rules
	 * that follow it */
	if (o->datapath_set && !m->firewall.datapath.pos.line)
	{
		m->firewall.datapath.v = o->datapath;
	}
	if (!sm_emit_all(m, paths, &ctx, &out, diag) ||
		!sm_firewall_emit(m, paths, &ctx, &out, diag) ||
		!sm_users_render(m, paths, &ctx, &out, diag))
	{
		goto out;
	}
	decided = true;
	if (!datapath(o, m, paths, &ctx, &dp, &out, diag))
	{
		goto out;
	}
	clients_at = out.n;
	if (!render_clients(m, paths, &ctx, &out, clients_at, diag))
	{
		goto out;
	}
	/* renew without --days: the description's certificate.renew_before */
	renew_days = o->days_given ? o->renew_days
							   : (unsigned int)m->certificate.renew_before.v;
	flags = SM_PKI_DRYRUN | (o->renew ? SM_PKI_RENEW : 0);
	if (sm_pki_sync(m, &pp, flags, renew_days, &report, diag) != 0 ||
		!check_dirs(paths, users_plan != NULL, diag) ||
		sm_users_stage(users_plan, o->dry_run, &users, diag) != SM_USERS_OK)
	{
		goto out;
	}
	if (!o->dry_run)
	{
		cleanup(paths, &changes, diag);
		if (make_dirs(paths, diag) != 0 ||
			sm_pki_sync(m, &pp, flags & ~SM_PKI_DRYRUN, renew_days, &report,
						diag) != 0 ||
			/* with the CA as it is now */
			!render_clients(m, paths, &ctx, &out, clients_at, diag))
		{
			goto out;
		}
	}
	pki_changes(&changes, &report, &pp, o->dry_run);
	for (i = 0; i < out.n; i++)
	{
		sm_output_t *f = &out.files[i];
		sm_file_result_t res;

		if (sm_file_write(f->path, f->data, f->len, f->mode,
						  o->dry_run ? SM_FILE_DRYRUN : 0, &res) != 0)
		{
			sm_error(diag, sm_nopos(NULL), "cannot write '%s': %s", f->path,
					 strerror(errno));
			goto out;
		}
		if (res != SM_FILE_UNCHANGED)
		{
			change(&changes, result_word(res, o->dry_run), f->path, "");
			dp_changed = dp_changed || !strcmp(f->path, paths->datapath_conf);
		}
	}
	/* the users last: the database commits once every file is in place */
	if (!o->dry_run && !sm_users_commit(users_plan, &users, diag))
	{
		goto out;
	}
	users_change(&changes, &users, paths->database, o->dry_run);
	datapath_note(o, m, &dp, dp_changed, diag);
	ret = SM_EXIT_OK;
out:
	/* rolls back what was staged and not committed */
	sm_users_plan_destroy(users_plan);
	if (o->json)
	{
		json_finish(&changes, decided ? &dp : NULL, diag);
	}
	else
	{
		sm_diag_print(diag, stderr);
	}
	sm_outputs_clear(&out);
	sm_paths_destroy(paths);
	sm_model_destroy(m);
	sm_diag_destroy(diag);
	return ret;
}

/* parse the command line into o: SM_EXIT_OK (with o->help for --help), or
 * SM_EXIT_USAGE after printing what was wrong */
static int parse(int argc, char *argv[], options_t *o)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"templates", required_argument, NULL, 't'},
		{"dry-run", no_argument, NULL, 'n'},
		{"prune", no_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"json", no_argument, NULL, 'j'},
		{"days", required_argument, NULL, 'd'},
		{"datapath", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[SM_CMD_OPTERR_LEN];
	int c;

	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "r:t:npqjd:D:h", longopts, err,
							  sizeof(err))) != -1)
	{
		switch (c)
		{
			case 'r':
				o->root = optarg;
				break;
			case 't':
				o->templates = optarg;
				break;
			case 'n':
				o->dry_run = true;
				break;
			case 'p':
				o->prune = true;
				break;
			case 'q':
				o->quiet = true;
				break;
			case 'j':
				o->json = true;
				break;
			case 'd':
				if (!o->renew)
				{
					fprintf(stderr, "swanmobile: --days is an option of "
									"'renew'\n");
					return SM_EXIT_USAGE;
				}
				if (!sm_cmd_days(argv[0], optarg, &o->renew_days))
				{
					return SM_EXIT_USAGE;
				}
				o->days_given = true;
				break;
			case 'D':
				o->datapath_set = true;
				if (!strcmp(optarg, "auto"))
				{
					o->datapath = SM_DATAPATH_AUTO;
				}
				else if (!strcmp(optarg, "kernel"))
				{
					o->datapath = SM_DATAPATH_KERNEL;
				}
				else if (!strcmp(optarg, "libipsec"))
				{
					o->datapath = SM_DATAPATH_LIBIPSEC;
				}
				else
				{
					fprintf(stderr, "swanmobile: --datapath expects auto, "
									"kernel or libipsec\n");
					return SM_EXIT_USAGE;
				}
				break;
			case 'h':
				o->help = true;
				return SM_EXIT_OK;
			default:
				fprintf(stderr, "swanmobile %s: %s\n", argv[0], err);
				usage(stderr, argv[0]);
				return SM_EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
	{
		fprintf(stderr, "swanmobile: %s expects one VPN description file\n",
				argv[0]);
		usage(stderr, argv[0]);
		return SM_EXIT_USAGE;
	}
	o->file = argv[optind];
	return SM_EXIT_OK;
}

/* generate and renew: parse, then help or run */
static int parse_run(int argc, char *argv[], options_t *o)
{
	int ret = parse(argc, argv, o);

	if (ret != SM_EXIT_OK)
	{
		return ret;
	}
	if (o->help)
	{
		usage(stdout, argv[0]);
		return SM_EXIT_OK;
	}
	return run(o);
}

int cmd_generate(int argc, char *argv[])
{
	options_t o = {
		.templates = sm_cmd_templates_dir(),
	};

	return parse_run(argc, argv, &o);
}

int cmd_renew(int argc, char *argv[])
{
	options_t o = {
		.templates = sm_cmd_templates_dir(),
		.renew = true,
	};

	return parse_run(argc, argv, &o);
}
