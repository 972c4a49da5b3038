/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile user: the EAP-MSCHAPv2 user database (add, del, passwd,
 * enable, disable, set, list, show, import).  Passwords come from a
 * terminal without echo or from standard input, never from the command
 * line, and are hashed and wiped at once.  How users are printed is in
 * users/user_print.c, the import in users/user_import.c.
 */
#include "config.h"

#include "cmd.h"
#include "ops/ops.h"
#include "sm_file.h"
#include "sm_userdb.h"
#include "users/user_import.h"
#include "users/user_print.h"
#include "users/user_secret.h"
#include "sm_countof.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/** The options, as getopt_long() returns them (above every character). */
enum {
	OPT_PASSWORD_STDIN = 256,
	OPT_NT_HASH_STDIN,
	OPT_ADDRESS,
	OPT_ADDRESS6,
	OPT_DNS,
	OPT_DISABLED,
	OPT_JSON,
	OPT_SHOW_HASH,
	OPT_CSV,
	OPT_YAML,
	OPT_REPLACE,
	OPT_PRUNE,
	OPT_ROOT,
	/** every subcommand takes --db */
	OPT_DB,
};

/** An option's bit, to say which options were given and which subcommand
 *  takes which. */
#define BIT(opt) (1u << ((opt)-OPT_PASSWORD_STDIN))

#define O_PASSWORD_STDIN BIT(OPT_PASSWORD_STDIN)
#define O_NT_HASH_STDIN BIT(OPT_NT_HASH_STDIN)
#define O_ADDRESS BIT(OPT_ADDRESS)
#define O_ADDRESS6 BIT(OPT_ADDRESS6)
#define O_DNS BIT(OPT_DNS)
#define O_DISABLED BIT(OPT_DISABLED)
#define O_JSON BIT(OPT_JSON)
#define O_SHOW_HASH BIT(OPT_SHOW_HASH)
#define O_CSV BIT(OPT_CSV)
#define O_YAML BIT(OPT_YAML)
#define O_REPLACE BIT(OPT_REPLACE)
#define O_PRUNE BIT(OPT_PRUNE)
#define O_ROOT BIT(OPT_ROOT)

/** The parsed command line of one subcommand. */
typedef struct {
	/** O_* options given */
	unsigned int given;
	const char *db;
	/** --root: the gateway whose pools a static address is checked
	 *  against */
	const char *root;
	const char *address;
	const char *address6;
	const char *dns;
	const char *csv;
	const char *yaml;
	/** the IDENTITY argument, if the subcommand takes one */
	const char *identity;
} opts_t;

static const struct option long_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
	{"nt-hash-stdin", no_argument, NULL, OPT_NT_HASH_STDIN},
	{"address", required_argument, NULL, OPT_ADDRESS},
	{"address6", required_argument, NULL, OPT_ADDRESS6},
	{"dns", required_argument, NULL, OPT_DNS},
	{"disabled", no_argument, NULL, OPT_DISABLED},
	{"json", no_argument, NULL, OPT_JSON},
	{"show-hash", no_argument, NULL, OPT_SHOW_HASH},
	{"csv", required_argument, NULL, OPT_CSV},
	{"yaml", required_argument, NULL, OPT_YAML},
	{"replace", no_argument, NULL, OPT_REPLACE},
	{"prune", no_argument, NULL, OPT_PRUNE},
	{"root", required_argument, NULL, OPT_ROOT},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int user_add(opts_t *o);
static int user_del(opts_t *o);
static int user_passwd(opts_t *o);
static int user_enable(opts_t *o);
static int user_set(opts_t *o);
static int user_list(opts_t *o);
static int user_show(opts_t *o);
static int user_import(opts_t *o);

#define O_SECRET (O_PASSWORD_STDIN | O_NT_HASH_STDIN)
#define O_ATTRS (O_ADDRESS | O_ADDRESS6 | O_DNS)

/** The subcommands: dispatch, allowed options and usage in one. */
static const struct {
	const char *name;
	int (*fn)(opts_t *o);
	unsigned int options;
	bool identity;
	const char *args;
	const char *help;
} subcommands[] = {
	{"add", user_add, O_SECRET | O_ATTRS | O_DISABLED | O_ROOT, true,
	 "[--password-stdin | --nt-hash-stdin]\n"
	 "                      [--address IPV4] [--address6 IPV6]\n"
	 "                      [--dns ADDR[,ADDR...]] [--disabled] [--root DIR]\n"
	 "                      IDENTITY",
	 "add a user (the password is asked twice on the terminal)"},
	{"del", user_del, 0, true, "IDENTITY", "delete a user"},
	{"passwd", user_passwd, O_SECRET, true,
	 "[--password-stdin | --nt-hash-stdin] IDENTITY",
	 "change the password of a user"},
	{"enable", user_enable, 0, true, "IDENTITY", "let a user log in again"},
	{"disable", user_enable, 0, true, "IDENTITY",
	 "keep a user from logging in"},
	{"set", user_set, O_ATTRS | O_ROOT, true,
	 "[--address IPV4] [--address6 IPV6]\n"
	 "                      [--dns ADDR[,ADDR...]] [--root DIR] IDENTITY",
	 "change static addresses or DNS servers ('' removes one)"},
	{"list", user_list, O_JSON, false, "[--json]", "list the users"},
	{"show", user_show, O_JSON | O_SHOW_HASH, true,
	 "[--json] [--show-hash] IDENTITY", "show one user"},
	{"import", user_import, O_CSV | O_YAML | O_REPLACE | O_PRUNE, false,
	 "--csv FILE | --yaml FILE [--replace [--prune]]",
	 "add users from CSV or YAML users.accounts, all or none"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: swanmobile user <command> [--db PATH] [options]\n\n"
				 "commands:\n");
	for (i = 0; i < countof(subcommands); i++)
	{
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].help);
	}
	fprintf(out, "\n");
	for (i = 0; i < countof(subcommands); i++)
	{
		fprintf(out, "  swanmobile user %s %s\n", subcommands[i].name,
				subcommands[i].args);
	}
	fprintf(out,
			"\n--db PATH     user database (default %s)\n"
			"--root DIR    add, set: warn when a pool of the gateway "
			"generated below DIR\n"
			"              (default /) leases the static address\n"
			"Passwords are read from the terminal without echo, or one "
			"line from standard\ninput with --password-stdin; never "
			"from the command line.  See swanmobile(8).\n",
			SM_USERDB_DEFAULT_PATH);
}

/* the exit code for a database result */
static int exit_code(sm_userdb_err_t err)
{
	switch (err)
	{
		case SM_USERDB_OK:
			return SM_EXIT_OK;
		case SM_USERDB_ENOTFOUND:
		case SM_USERDB_EEXIST:
		case SM_USERDB_EINVAL:
		case SM_USERDB_EABORT:
			return SM_EXIT_INPUT;
		default:
			return SM_EXIT_ENV;
	}
}

/* print the handle's message and return the exit code for err */
static int db_error(sm_userdb_t *db, sm_userdb_err_t err, const char *hint)
{
	fprintf(stderr, "swanmobile: %s%s\n", sm_userdb_errmsg(db),
			hint ? hint : "");
	return exit_code(err);
}

static sm_userdb_t *open_db(opts_t *o, int flags, int *rc)
{
	sm_userdb_t *db = NULL;
	sm_userdb_err_t err;
	char msg[600];

	err = sm_userdb_open(o->db, flags, 0, &db, msg, sizeof(msg));
	if (err != SM_USERDB_OK)
	{
		fprintf(stderr, "swanmobile: %s%s\n", msg,
				err == SM_USERDB_EMISSING ? " (add a user first with "
											"'swanmobile user add')"
										  : "");
		*rc = exit_code(err);
	}
	return db;
}

/* ---- subcommands ------------------------------------------------------- */

static sm_secret_source_t secret_source(opts_t *o)
{
	if (o->given & O_NT_HASH_STDIN)
	{
		return SM_SECRET_HASH_STDIN;
	}
	return (o->given & O_PASSWORD_STDIN) ? SM_SECRET_PASSWORD_STDIN
										 : SM_SECRET_TTY;
}

/* the NT hash of the new password, from where the options say */
static int new_hash(opts_t *o, uint8_t hash[SM_NT_HASH_LEN])
{
	return sm_cmd_secret_exit(
		sm_secret_nt_hash(secret_source(o), o->identity, hash));
}

/* a static address written: warn when a pool of the generated gateway
 * still leases it (generate leaves it out only when it runs again) */
static void warn_pooled(const opts_t *o)
{
	sm_ops_opts_t ops = {.root = o->root};
	const char *db = o->db ? o->db : SM_USERDB_DEFAULT_PATH;

	sm_ops_warn_pooled(&ops, db, o->address, stderr);
	sm_ops_warn_pooled(&ops, db, o->address6, stderr);
}

static int user_add(opts_t *o)
{
	sm_userdb_t *db = NULL;
	sm_userdb_err_t err;
	sm_user_t user;
	char msg[300];
	int rc = SM_EXIT_OK;

	sm_user_init(&user);
	if (!sm_user_set_identity(&user, o->identity, msg, sizeof(msg)) ||
		!sm_user_set_attrs(&user, o->address, o->address6, o->dns, msg,
						   sizeof(msg)))
	{
		fprintf(stderr, "swanmobile: %s\n", msg);
		return SM_EXIT_INPUT;
	}
	user.enabled = !(o->given & O_DISABLED);
	/* refuse before asking for a password that would be thrown away */
	db = open_db(o, SM_USERDB_CREATE, &rc);
	if (!db)
	{
		goto out;
	}
	err = sm_userdb_get(db, o->identity, &user);
	if (err == SM_USERDB_OK)
	{
		fprintf(stderr,
				"swanmobile: user '%s' already exists (use "
				"'swanmobile user passwd' to change the password)\n",
				user.identity);
		rc = SM_EXIT_INPUT;
		goto out;
	}
	if (err != SM_USERDB_ENOTFOUND)
	{
		rc = db_error(db, err, NULL);
		goto out;
	}
	rc = new_hash(o, user.nt_hash);
	if (rc != SM_EXIT_OK)
	{
		goto out;
	}
	err = sm_userdb_add(db, &user);
	if (err != SM_USERDB_OK)
	{
		rc = db_error(db, err,
					  err == SM_USERDB_EEXIST
						  ? " (use 'swanmobile user passwd' to change the "
							"password)"
						  : NULL);
	}
	else
	{
		warn_pooled(o);
	}

out:
	sm_user_wipe(&user);
	sm_userdb_close(db);
	return rc;
}

/** One change to the database, for one_change(). */
typedef sm_userdb_err_t (*change_fn_t)(sm_userdb_t *db, const opts_t *o);

/* open the database, make one change, say what went wrong */
static int one_change(opts_t *o, change_fn_t change)
{
	sm_userdb_t *db;
	sm_userdb_err_t err;
	int rc = SM_EXIT_OK;

	db = open_db(o, 0, &rc);
	if (db)
	{
		err = change(db, o);
		if (err != SM_USERDB_OK)
		{
			rc = db_error(db, err, NULL);
		}
		sm_userdb_close(db);
	}
	return rc;
}

static sm_userdb_err_t delete_user(sm_userdb_t *db, const opts_t *o)
{
	return sm_userdb_delete(db, o->identity);
}

static int user_del(opts_t *o)
{
	return one_change(o, delete_user);
}

static int user_passwd(opts_t *o)
{
	uint8_t hash[SM_NT_HASH_LEN];
	sm_userdb_t *db;
	sm_userdb_err_t err;
	sm_user_t user;
	int rc = SM_EXIT_OK;

	db = open_db(o, 0, &rc);
	if (!db)
	{
		return rc;
	}
	err = sm_userdb_get(db, o->identity, &user);
	sm_user_wipe(&user);
	if (err != SM_USERDB_OK)
	{
		rc = db_error(db, err, NULL);
	}
	else
	{
		rc = new_hash(o, hash);
		if (rc == SM_EXIT_OK)
		{
			err = sm_userdb_set_hash(db, o->identity, hash);
			if (err != SM_USERDB_OK)
			{
				rc = db_error(db, err, NULL);
			}
		}
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	sm_userdb_close(db);
	return rc;
}

static sm_userdb_err_t set_enabled(sm_userdb_t *db, const opts_t *o)
{
	return sm_userdb_set_enabled(db, o->identity, !(o->given & O_DISABLED));
}

/* enable and disable ("disable" sets O_DISABLED) */
static int user_enable(opts_t *o)
{
	return one_change(o, set_enabled);
}

static sm_userdb_err_t set_attrs(sm_userdb_t *db, const opts_t *o)
{
	return sm_userdb_set_attrs(db, o->identity, o->address, o->address6,
							   o->dns);
}

/* changes only the values named on the command line, in one statement, so
 * that a concurrent passwd, disable or set of other values is kept */
static int user_set(opts_t *o)
{
	sm_user_t attrs;
	char msg[300];
	int rc;

	if (!(o->given & O_ATTRS))
	{
		fprintf(stderr, "swanmobile: user set: nothing to change (give "
						"--address, --address6 or --dns)\n");
		return SM_EXIT_USAGE;
	}
	/* bad values are refused before the database is touched */
	sm_user_init(&attrs);
	if (!sm_user_set_attrs(&attrs, o->address, o->address6, o->dns, msg,
						   sizeof(msg)))
	{
		fprintf(stderr, "swanmobile: %s\n", msg);
		return SM_EXIT_INPUT;
	}
	rc = one_change(o, set_attrs);
	if (rc == SM_EXIT_OK)
	{
		warn_pooled(o);
	}
	return rc;
}

/* ---- output ------------------------------------------------------------ */

/** state of user_list() */
typedef struct {
	/** with --json: the array of users */
	bool json;
	sm_json_t j;
} list_t;

static bool list_one(void *ctx, const sm_user_t *user)
{
	list_t *list = ctx;

	if (list->json)
	{
		sm_user_json(&list->j, user, false);
	}
	else
	{
		sm_user_print_row(stdout, user);
	}
	return !ferror(stdout);
}

/* exit code after printing: a write error (EPIPE, disk full) is one too */
static int flush_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout))
	{
		fprintf(stderr, "swanmobile: cannot write the output: %s\n",
				strerror(errno));
		return rc == SM_EXIT_OK ? SM_EXIT_ENV : rc;
	}
	return rc;
}

static int user_list(opts_t *o)
{
	list_t list = {.json = (o->given & O_JSON) != 0};
	sm_userdb_t *db;
	sm_userdb_err_t err;
	int rc = SM_EXIT_OK;

	db = open_db(o, 0, &rc);
	if (!db)
	{
		return rc;
	}
	if (list.json)
	{
		sm_json_init(&list.j, stdout);
		sm_json_array(&list.j, true);
	}
	else
	{
		sm_user_print_header(stdout);
	}
	err = sm_userdb_foreach(db, list_one, &list);
	if (err != SM_USERDB_OK && err != SM_USERDB_EABORT)
	{
		rc = db_error(db, err, NULL);
	}
	if (list.json)
	{
		sm_json_end(&list.j);
	}
	sm_userdb_close(db);
	return flush_stdout(rc);
}

static int user_show(opts_t *o)
{
	bool hash = (o->given & O_SHOW_HASH) != 0;
	sm_json_t j;
	sm_userdb_t *db;
	sm_userdb_err_t err;
	sm_user_t user;
	int rc = SM_EXIT_OK;

	db = open_db(o, 0, &rc);
	if (!db)
	{
		return rc;
	}
	err = sm_userdb_get(db, o->identity, &user);
	if (err != SM_USERDB_OK)
	{
		rc = db_error(db, err, NULL);
	}
	else if (o->given & O_JSON)
	{
		sm_json_init(&j, stdout);
		sm_user_json(&j, &user, hash);
	}
	else
	{
		sm_user_print_text(stdout, &user, hash);
	}
	sm_user_wipe(&user);
	sm_userdb_close(db);
	return flush_stdout(rc);
}

static int user_import(opts_t *o)
{
	int flags = 0;

	flags |= (o->given & O_REPLACE) ? SM_USERDB_IMPORT_REPLACE : 0;
	flags |= (o->given & O_PRUNE) ? SM_USERDB_IMPORT_PRUNE : 0;
	switch (sm_users_import(o->db, o->csv ? o->csv : o->yaml,
							o->csv ? SM_IMPORT_CSV : SM_IMPORT_YAML, flags))
	{
		case SM_IMPORT_OK:
			return flush_stdout(SM_EXIT_OK);
		case SM_IMPORT_EINPUT:
			return SM_EXIT_INPUT;
		case SM_IMPORT_EENV:
			break;
	}
	return SM_EXIT_ENV;
}

/* ---- dispatch ---------------------------------------------------------- */

static int bad_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int bad_usage(const char *fmt, ...)
{
	va_list args;

	fputs("swanmobile: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputs(" (see 'swanmobile user --help')\n", stderr);
	return SM_EXIT_USAGE;
}

int cmd_user(int argc, char *argv[])
{
	opts_t o = {.db = SM_USERDB_DEFAULT_PATH};
	char err[SM_CMD_OPTERR_LEN];
	size_t i;
	int c;

	if (argc < 2)
	{
		usage(stderr);
		return SM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
		!strcmp(argv[1], "help"))
	{
		usage(stdout);
		return SM_EXIT_OK;
	}
	for (i = 0; i < countof(subcommands); i++)
	{
		if (!strcmp(argv[1], subcommands[i].name))
		{
			break;
		}
	}
	if (i == countof(subcommands))
	{
		return bad_usage("unknown user command '%s'", argv[1]);
	}
	argc--;
	argv++;
	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "h", long_options, err,
							  sizeof(err))) != -1)
	{
		switch (c)
		{
			case 'h':
				usage(stdout);
				return SM_EXIT_OK;
			case OPT_DB:
				o.db = optarg;
				continue;
			case '?':
				return bad_usage("%s", err);
			default:
				break;
		}
		if (!(subcommands[i].options & BIT(c)))
		{
			return bad_usage("option '--%s' does not apply to this command",
							 sm_cmd_option_name(long_options, c));
		}
		o.given |= BIT(c);
		switch (c)
		{
			case OPT_ADDRESS:
				o.address = optarg;
				break;
			case OPT_ADDRESS6:
				o.address6 = optarg;
				break;
			case OPT_DNS:
				o.dns = optarg;
				break;
			case OPT_CSV:
				o.csv = optarg;
				break;
			case OPT_YAML:
				o.yaml = optarg;
				break;
			case OPT_ROOT:
				o.root = optarg;
				break;
			default:
				break;
		}
	}
	if (subcommands[i].identity ? optind != argc - 1 : optind != argc)
	{
		return bad_usage(subcommands[i].identity
							 ? "user %s: expected one IDENTITY"
							 : "user %s: unexpected argument",
						 subcommands[i].name);
	}
	o.identity = subcommands[i].identity ? argv[optind] : NULL;
	if ((o.given & O_SECRET) == O_SECRET)
	{
		return bad_usage("--password-stdin and --nt-hash-stdin exclude each "
						 "other");
	}
	if (subcommands[i].fn == user_import && !o.csv == !o.yaml)
	{
		return bad_usage("user import: give either --csv FILE or --yaml FILE");
	}
	if ((o.given & O_PRUNE) && !(o.given & O_REPLACE))
	{
		return bad_usage("user import: --prune needs --replace");
	}
	if (!strcmp(subcommands[i].name, "disable"))
	{
		o.given |= O_DISABLED;
	}
	return subcommands[i].fn(&o);
}
