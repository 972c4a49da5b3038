/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "user_import.h"

#include "csv.h"
#include "base/diag.h"
#include "model/account.h"
#include "model/load.h"
#include "sm_file.h"
#include "sm_identity.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

/** Largest import file, in bytes. */
#define IMPORT_MAX (256 * 1024 * 1024)

/** The columns of a CSV file. */
typedef enum {
	F_IDENTITY,
	F_PASSWORD,
	F_NT_HASH,
	F_ADDRESS,
	F_ADDRESS6,
	F_DNS,
	F_ENABLED,
	F_MAX,
} field_t;

static const char *const field_names[F_MAX] = {
	[F_IDENTITY] = "identity", [F_PASSWORD] = "password",
	[F_NT_HASH] = "nt_hash",   [F_ADDRESS] = "address",
	[F_ADDRESS6] = "address6", [F_DNS] = "dns",
	[F_ENABLED] = "enabled",
};

#define FIELD_LIST                                                             \
	"identity, password, nt_hash, address, address6, dns, enabled"

struct sm_import {
	/** file name for messages */
	const char *name;
	/** MD4, not owned */
	sm_nthash_ctx_t *nthash;
	/** CSV reader, or NULL for accounts */
	sm_csv_t *csv;
	/** CSV: which field each column is */
	field_t columns[SM_CSV_MAX_FIELDS];
	size_t ncolumns;
	/** accounts of a loaded model, not owned, and the next one */
	const sm_model_t *model;
	size_t next;
	/** no more users */
	bool done;
	/** "FILE:LINE[:COL]" of the current user */
	char where[300];
	/** message of the last error */
	char err[1024];
};

static bool fail(sm_import_t *imp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* record an error, prefixed with where it happened; returns false */
static bool fail(sm_import_t *imp, const char *fmt, ...)
{
	char msg[700];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	snprintf(imp->err, sizeof(imp->err), "%s: %s", imp->where, msg);
	return false;
}

static int field_id(const char *name)
{
	int i;

	for (i = 0; i < F_MAX; i++)
	{
		if (!strcmp(name, field_names[i]))
		{
			return i;
		}
	}
	return -1;
}

/* apply one value to user; seen collects the fields set so far */
static bool apply(sm_import_t *imp, sm_user_t *user, field_t field,
				  const char *value, unsigned int *seen)
{
	sm_text_check_t res;
	char msg[700];
	bool ok = true;

	if (*seen & (1u << field))
	{
		return fail(imp, "'%s' given twice", field_names[field]);
	}
	*seen |= 1u << field;
	msg[0] = '\0';
	switch (field)
	{
		case F_IDENTITY:
			ok = sm_user_set_identity(user, value, msg, sizeof(msg));
			break;
		case F_PASSWORD:
			/* the one password rule (sm_identity.h); never quoted */
			if (!sm_password_check(value, strlen(value), &res))
			{
				return fail(imp, "password %s",
							sm_password_message(&res, msg, sizeof(msg)));
			}
			ok = sm_nthash_ctx_hash(imp->nthash, value, strlen(value),
									user->nt_hash, msg,
									sizeof(msg)) == SM_NTHASH_OK;
			break;
		case F_NT_HASH:
			if (!sm_nthash_from_hex(value, user->nt_hash))
			{
				return fail(imp, "nt_hash is not 32 hex digits");
			}
			break;
		case F_ADDRESS:
			ok = sm_user_set_attrs(user, value, NULL, NULL, msg, sizeof(msg));
			break;
		case F_ADDRESS6:
			ok = sm_user_set_attrs(user, NULL, value, NULL, msg, sizeof(msg));
			break;
		case F_DNS:
			ok = sm_user_set_attrs(user, NULL, NULL, value, msg, sizeof(msg));
			break;
		case F_ENABLED:
			/* empty: the default, enabled */
			if (strcmp(value, "true") && strcmp(value, "false") && *value)
			{
				return fail(imp, "enabled must be true or false, not '%s'",
							value);
			}
			user->enabled = strcmp(value, "false") != 0;
			break;
		case F_MAX:
			break;
	}
	return ok || fail(imp, "%s", msg);
}

/* a complete user has an identity and exactly one of password/nt_hash */
static bool complete(sm_import_t *imp, unsigned int seen)
{
	if (!(seen & (1u << F_IDENTITY)))
	{
		return fail(imp, "user without an identity");
	}
	if (!(seen & (1u << F_PASSWORD | 1u << F_NT_HASH)))
	{
		return fail(imp, "no password or nt_hash for user");
	}
	if ((seen & (1u << F_PASSWORD)) && (seen & (1u << F_NT_HASH)))
	{
		return fail(imp, "both password and nt_hash given");
	}
	return true;
}

/* ---- CSV ------------------------------------------------------------- */

static void csv_where(sm_import_t *imp)
{
	snprintf(imp->where, sizeof(imp->where), "%s:%zu", imp->name,
			 sm_csv_line(imp->csv));
}

static bool csv_header(sm_import_t *imp)
{
	unsigned int seen = 0;
	char **fields;
	size_t i, n;
	int r, id;

	r = sm_csv_next(imp->csv, &fields, &n);
	csv_where(imp);
	if (r <= 0)
	{
		return fail(imp, "%s",
					r ? sm_csv_error(imp->csv)
					  : "no header row (expected " FIELD_LIST ")");
	}
	for (i = 0; i < n; i++)
	{
		id = field_id(fields[i]);
		if (id < 0)
		{
			return fail(imp, "unknown column '%s' (expected " FIELD_LIST ")",
						fields[i]);
		}
		if (seen & (1u << id))
		{
			return fail(imp, "column '%s' appears twice", fields[i]);
		}
		seen |= 1u << id;
		imp->columns[i] = (field_t)id;
	}
	imp->ncolumns = n;
	if (!(seen & (1u << F_IDENTITY)))
	{
		return fail(imp, "no 'identity' column");
	}
	if (!(seen & (1u << F_PASSWORD | 1u << F_NT_HASH)) ||
		((seen & (1u << F_PASSWORD)) && (seen & (1u << F_NT_HASH))))
	{
		return fail(imp, "need either a 'password' or an 'nt_hash' column");
	}
	return true;
}

static int csv_next(sm_import_t *imp, sm_user_t *user)
{
	unsigned int seen = 0;
	char **fields;
	size_t i, n;
	int r;

	if (imp->ncolumns == 0 && !csv_header(imp))
	{
		return -1;
	}
	r = sm_csv_next(imp->csv, &fields, &n);
	csv_where(imp);
	if (r <= 0)
	{
		return r == 0 ? 0 : (fail(imp, "%s", sm_csv_error(imp->csv)), -1);
	}
	if (n != imp->ncolumns)
	{
		fail(imp, "%zu fields, the header has %zu", n, imp->ncolumns);
		return -1;
	}
	for (i = 0; i < n; i++)
	{
		if (!apply(imp, user, imp->columns[i], fields[i], &seen))
		{
			return -1;
		}
	}
	return complete(imp, seen) ? 1 : -1;
}

sm_import_t *sm_import_csv(const char *name, const char *data, size_t len,
						   sm_nthash_ctx_t *nthash)
{
	sm_import_t *imp = calloc(1, sizeof(*imp));

	if (!imp)
	{
		return NULL;
	}
	/* spreadsheets like to start UTF-8 files with a byte order mark */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
	{
		data += 3;
		len -= 3;
	}
	imp->name = name;
	imp->nthash = nthash;
	imp->csv = sm_csv_create(data, len);
	if (!imp->csv)
	{
		free(imp);
		return NULL;
	}
	snprintf(imp->where, sizeof(imp->where), "%s", name);
	return imp;
}

/* ---- accounts of a loaded description ------------------------------------ */

/* the database record of a validated account */
static bool account_user(sm_import_t *imp, const sm_account_t *a,
						 sm_user_t *user)
{
	char msg[700];

	if (sm_account_user(a, imp->nthash, user, msg, sizeof(msg)) !=
		SM_ACCOUNT_OK)
	{
		return fail(imp, "%s", msg);
	}
	return true;
}

static int accounts_next(sm_import_t *imp, sm_user_t *user)
{
	const sm_account_t *a;

	if (imp->next >= imp->model->users.n_accounts)
	{
		imp->done = true;
		return 0;
	}
	a = &imp->model->users.accounts[imp->next++];
	snprintf(imp->where, sizeof(imp->where), "%s:%u:%u", imp->name, a->pos.line,
			 a->pos.col);
	return account_user(imp, a, user) ? 1 : -1;
}

sm_import_t *sm_import_accounts(const sm_model_t *model,
								sm_nthash_ctx_t *nthash)
{
	sm_import_t *imp = calloc(1, sizeof(*imp));

	if (!imp)
	{
		return NULL;
	}
	imp->name = model->file ? model->file : "-";
	imp->model = model;
	imp->nthash = nthash;
	snprintf(imp->where, sizeof(imp->where), "%s", imp->name);
	return imp;
}

/* ---- common ---------------------------------------------------------- */

int sm_import_next(void *ctx, sm_user_t *user)
{
	sm_import_t *imp = ctx;
	int r;

	if (imp->done)
	{
		return 0;
	}
	r = imp->model ? accounts_next(imp, user) : csv_next(imp, user);
	if (r < 0)
	{
		imp->done = true;
		sm_user_wipe(user);
	}
	return r;
}

const char *sm_import_where(const sm_import_t *imp)
{
	return imp->where;
}

const char *sm_import_error(const sm_import_t *imp)
{
	return imp->err;
}

void sm_import_destroy(sm_import_t *imp)
{
	if (imp)
	{
		sm_csv_destroy(imp->csv);
		OPENSSL_cleanse(imp->err, sizeof(imp->err));
		free(imp);
	}
}

/* ---- the import command ------------------------------------------------ */

/* read an import file: "-" is standard input; refuses files that others
 * may read, as they hold passwords or hashes */
static char *read_import(const char *path, size_t *len, sm_import_result_t *res)
{
	struct stat st;
	char *data;

	if (!strcmp(path, "-"))
	{
		data = sm_file_read("/dev/stdin", IMPORT_MAX, len);
	}
	else
	{
		data = sm_file_read_private(path, IMPORT_MAX, 0, len, &st);
		if (!data && (st.st_mode & 077))
		{
			fprintf(stderr,
					"swanmobile: '%s' is accessible by group or "
					"others (mode %04o) and holds secrets: chmod 600 "
					"it first\n",
					path, (unsigned int)(st.st_mode & 07777));
			*res = SM_IMPORT_EENV;
			return NULL;
		}
	}
	if (!data)
	{
		fprintf(stderr, "swanmobile: cannot read '%s': %s\n", path,
				strerror(errno));
		*res = errno == ENOENT ? SM_IMPORT_EINPUT : SM_IMPORT_EENV;
	}
	return data;
}

/* the outcome for a database result */
static sm_import_result_t db_result(sm_userdb_err_t err)
{
	switch (err)
	{
		case SM_USERDB_OK:
			return SM_IMPORT_OK;
		case SM_USERDB_ENOTFOUND:
		case SM_USERDB_EEXIST:
		case SM_USERDB_EINVAL:
		case SM_USERDB_EABORT:
			return SM_IMPORT_EINPUT;
		default:
			return SM_IMPORT_EENV;
	}
}

/* load a YAML file's users; prints the diagnostics if it is invalid */
static sm_model_t *load_yaml(const char *path, const char *data, size_t len,
							 sm_diag_t *diag)
{
	sm_model_t *model;

	model = sm_load_users_buffer(path, data, len, diag);
	if (!model)
	{
		sm_diag_print(diag, stderr);
	}
	return model;
}

sm_import_result_t sm_users_import(const char *db_path, const char *path,
								   sm_import_format_t format, int flags)
{
	sm_import_result_t res = SM_IMPORT_OK;
	sm_nthash_ctx_t *nthash = NULL;
	sm_userdb_stats_t stats;
	sm_import_t *imp = NULL;
	sm_model_t *model = NULL;
	sm_userdb_t *db = NULL;
	sm_diag_t *diag = NULL;
	sm_userdb_err_t err;
	char *data, msg[600];
	size_t len = 0;

	data = read_import(path, &len, &res);
	if (!data)
	{
		return res;
	}
	nthash = sm_nthash_ctx_create(msg, sizeof(msg));
	if (!nthash)
	{
		fprintf(stderr, "swanmobile: %s\n", msg);
		res = SM_IMPORT_EENV;
		goto out;
	}
	if (format == SM_IMPORT_YAML)
	{
		diag = sm_diag_create();
		if (!diag)
		{
			fprintf(stderr, "swanmobile: out of memory\n");
			res = SM_IMPORT_EENV;
			goto out;
		}
		model = load_yaml(path, data, len, diag);
		if (!model)
		{
			res = SM_IMPORT_EINPUT;
			goto out;
		}
		imp = sm_import_accounts(model, nthash);
	}
	else
	{
		imp = sm_import_csv(path, data, len, nthash);
	}
	if (!imp)
	{
		fprintf(stderr, "swanmobile: out of memory\n");
		res = SM_IMPORT_EENV;
		goto out;
	}
	/* everything is checked before the database is opened for writing */
	err = sm_userdb_open(db_path, SM_USERDB_CREATE, 0, &db, msg, sizeof(msg));
	if (err != SM_USERDB_OK)
	{
		fprintf(stderr, "swanmobile: %s\n", msg);
		res = db_result(err);
		goto out;
	}
	err = sm_userdb_import(db, sm_import_next, imp, flags, &stats);
	if (err == SM_USERDB_EABORT)
	{
		fprintf(stderr, "swanmobile: %s\n", sm_import_error(imp));
	}
	else if (err == SM_USERDB_EEXIST || err == SM_USERDB_EINVAL)
	{
		fprintf(stderr, "swanmobile: %s: %s%s\n", sm_import_where(imp),
				sm_userdb_errmsg(db),
				err == SM_USERDB_EEXIST
					? " (use --replace to update existing users)"
					: "");
	}
	else if (err != SM_USERDB_OK)
	{
		fprintf(stderr, "swanmobile: %s\n", sm_userdb_errmsg(db));
	}
	else
	{
		printf("%s: %zu added, %zu updated, %zu unchanged, %zu deleted\n", path,
			   stats.created, stats.updated, stats.unchanged, stats.deleted);
	}
	res = db_result(err);

out:
	sm_userdb_close(db);
	sm_import_destroy(imp);
	/* the model holds passwords, the diagnostics a copy of the text */
	sm_model_destroy(model);
	sm_diag_destroy(diag);
	sm_nthash_ctx_destroy(nthash);
	OPENSSL_clear_free(data, len);
	return res;
}
