/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sm_pki_sync(): keep, reissue, back up and write.
 *
 * It works in three steps, so that an error never leaves half the changes
 * behind: (1) check the model and load what exists (keys must parse, be
 * private and of the configured type, or nothing happens); (2) decide per
 * certificate whether it is kept, and build new keys and certificates in
 * memory; (3) write keys, backups and certificates.
 */
#include "config.h"

#include "pki_int.h"

#include "sm_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>

/** Modes of what is written. */
#define MODE_KEY 0600
#define MODE_CERT 0644
#define MODE_PRIVATE_DIR 0700
#define MODE_DIR 0755

/* ---- files ------------------------------------------------------------ */

/* create a directory with exactly the given mode (and missing parents with
 * MODE_DIR); an existing directory is left as it is */
static bool ensure_dir(const char *dir, mode_t mode, sm_diag_t *diag)
{
	char parent[PATH_MAX];
	struct stat st;

	if (stat(dir, &st) == 0)
	{
		if (!S_ISDIR(st.st_mode))
		{
			sm_error(diag, sm_nopos(NULL), "'%s' is not a directory", dir);
			return false;
		}
		return true;
	}
	if (errno != ENOENT || !sm_path_dir(dir, parent, sizeof(parent)) ||
		sm_mkdirs(parent, MODE_DIR) != 0 ||
		(mkdir(dir, mode) != 0 && errno != EEXIST) || chmod(dir, mode) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "creating the directory '%s': %s", dir,
				 strerror(errno));
		return false;
	}
	return true;
}

static bool write_bio(const char *path, BIO *bio, mode_t mode, int fflags,
					  mode_t dir_mode, const char *what, sm_diag_t *diag)
{
	char dir[PATH_MAX], *data;
	long len;

	if (!sm_path_dir(path, dir, sizeof(dir)) ||
		!ensure_dir(dir, dir_mode, diag))
	{
		return false;
	}
	len = BIO_get_mem_data(bio, &data);
	if (len <= 0 ||
		sm_file_write(path, data, (size_t)len, mode, fflags, NULL) != 0)
	{
		if (len > 0 && errno == EEXIST && (fflags & SM_FILE_NOCLOBBER))
		{
			sm_error(diag, sm_nopos(NULL),
					 "writing %s '%s': the file appeared "
					 "meanwhile; it was not replaced",
					 what, path);
		}
		else
		{
			sm_error(diag, sm_nopos(NULL), "writing %s '%s': %s", what, path,
					 len > 0 ? strerror(errno) : "nothing to write");
		}
		return false;
	}
	return true;
}

/* save a copy of the certificate file being replaced as
 * DIR/STEM.YYYYMMDDTHHMMSSZ[-N].pem */
static bool backup_cert(const item_t *it, const char *dir, char *saved,
						size_t size, sm_diag_t *diag)
{
	const char *base, *ext = "";
	char stamp[32], path[PATH_MAX], suffix[16] = "";
	time_t now = time(NULL);
	size_t stem;
	struct tm tm;
	int n, len;

	base = sm_path_base(it->cert_path);
	stem = strlen(base);
	if (stem > 4 && !strcmp(base + stem - 4, ".pem"))
	{
		stem -= 4;
		ext = ".pem";
	}
	if (!gmtime_r(&now, &tm) ||
		!strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) ||
		!ensure_dir(dir, MODE_PRIVATE_DIR, diag))
	{
		return false;
	}
	for (n = 1; n < 100; n++)
	{
		if (n > 1)
		{
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		len = snprintf(path, sizeof(path), "%s/%.*s.%s%s%s", dir, (int)stem,
					   base, stamp, suffix, ext);
		if (len < 0 || (size_t)len >= sizeof(path))
		{
			errno = ENAMETOOLONG;
			break;
		}
		if (sm_file_write(path, it->old_pem, it->old_len, MODE_CERT,
						  SM_FILE_NOCLOBBER, NULL) == 0)
		{
			snprintf(saved, size, "%s", path);
			return true;
		}
		if (errno != EEXIST)
		{
			break;
		}
	}
	sm_error(diag, sm_nopos(NULL), "saving a copy of '%s' in '%s': %s",
			 it->cert_path, dir, strerror(errno));
	return false;
}

/* ---- sync ------------------------------------------------------------- */

/* step 1b: load the key and certificate that exist (all errors reported) */
static bool load(item_t *it, sm_diag_t *diag)
{
	int rc = sm_pki_load_key(it, diag);

	it->new_key = rc == 0;
	return sm_pki_load_cert(it, diag) >= 0 && rc >= 0;
}

/* step 2: decide whether the certificate is kept, and issue it if not */
static bool plan(item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
				 const char *forced, int flags, unsigned int renew_days,
				 sm_pki_action_t *action, char *reason, sm_diag_t *diag)
{
	size_t size = SM_PKI_REASON_LEN;

	*action = SM_PKI_REISSUED;
	if (!it->old_pem)
	{
		*action = SM_PKI_CREATED;
		snprintf(reason, size, "there is no certificate yet");
	}
	else if (it->new_key)
	{
		snprintf(reason, size, "a new %s key is generated", it->role);
	}
	else if (forced)
	{
		snprintf(reason, size, "%s", forced);
	}
	else if (!it->old)
	{
		snprintf(reason, size, "'%s' does not hold a PEM certificate",
				 it->cert_path);
	}
	else if (sm_pki_cert_current(it, issuer, issuer_key, flags, renew_days,
								 reason, size))
	{
		*action = SM_PKI_KEPT;
		reason[0] = '\0';
		return true;
	}
	if (flags & SM_PKI_DRYRUN)
	{
		return true;
	}
	it->issued = sm_pki_issue(it, issuer, issuer_key, diag);
	it->cert_bio = BIO_new(BIO_s_mem());
	if (!it->issued || !it->cert_bio ||
		!PEM_write_bio_X509(it->cert_bio, it->issued))
	{
		if (it->issued)
		{
			sm_pki_ossl_error(diag, sm_nopos(NULL), "encoding %s", it->what);
		}
		return false;
	}
	return true;
}

/* step 3a: write a new key, never replacing a file */
static bool write_key(item_t *it, sm_diag_t *diag)
{
	char what[64];

	if (!it->key_bio)
	{
		return true;
	}
	snprintf(what, sizeof(what), "the %s key", it->role);
	return write_bio(it->key_path, it->key_bio, MODE_KEY, SM_FILE_NOCLOBBER,
					 MODE_PRIVATE_DIR, what, diag);
}

/* step 3b: write a new certificate, after saving the one it replaces */
static bool write_cert(item_t *it, const char *backup_dir, char *saved,
					   sm_diag_t *diag)
{
	if (!it->cert_bio)
	{
		return true;
	}
	if (it->old_pem && !backup_cert(it, backup_dir, saved, PATH_MAX, diag))
	{
		return false;
	}
	return write_bio(it->cert_path, it->cert_bio, MODE_CERT, 0, MODE_DIR,
					 it->what, diag);
}

static void item_free(item_t *it)
{
	EVP_PKEY_free(it->key);
	X509_NAME_free(it->subject);
	GENERAL_NAMES_free(it->sans);
	free(it->old_pem);
	X509_free(it->old);
	X509_free(it->issued);
	sm_pki_bio_wipe_free(it->key_bio);
	BIO_free(it->cert_bio);
}

int sm_pki_sync(const sm_model_t *m, const sm_pki_paths_t *paths, int flags,
				unsigned int renew_days, sm_pki_report_t *report,
				sm_diag_t *diag)
{
	item_t ca, srv;
	const char *forced = NULL;
	bool loaded;
	int ret = -1;

	memset(&ca, 0, sizeof(ca));
	memset(&srv, 0, sizeof(srv));
	memset(report, 0, sizeof(*report));
	ERR_clear_error();
	if (!sm_pki_prepare(m, paths, &ca, &srv, diag))
	{
		goto out;
	}
	loaded = load(&ca, diag);
	if (!load(&srv, diag) || !loaded)
	{
		goto out;
	}
	if ((flags & SM_PKI_RENEW) && (unsigned int)srv.days <= renew_days)
	{
		sm_warning(diag, m->certificate.lifetime.pos,
				   "the certificate "
				   "lifetime of %d days is not longer than the renewal "
				   "window of %u days: every renewal reissues it",
				   srv.days, renew_days);
	}
	if (!sm_pki_make_key(&ca, flags, &report->ca_key, diag) ||
		!sm_pki_make_key(&srv, flags, &report->server_key, diag) ||
		!plan(&ca, NULL, ca.key, NULL, flags, renew_days, &report->ca_cert,
			  report->ca_reason, diag))
	{
		goto out;
	}
	if (report->ca_cert != SM_PKI_KEPT)
	{
		forced = report->ca_cert == SM_PKI_CREATED
					 ? "the CA certificate is created"
					 : "the CA certificate is reissued";
	}
	if (!plan(&srv, ca.issued ? ca.issued : ca.old, ca.key, forced, flags,
			  renew_days, &report->server_cert, report->server_reason, diag))
	{
		goto out;
	}
	if (!(flags & SM_PKI_DRYRUN) &&
		(!write_key(&ca, diag) || !write_key(&srv, diag) ||
		 !write_cert(&ca, paths->backup_dir, report->ca_backup, diag) ||
		 !write_cert(&srv, paths->backup_dir, report->server_backup, diag)))
	{
		goto out;
	}
	ret = 0;

out:
	item_free(&ca);
	item_free(&srv);
	ERR_clear_error();
	return ret;
}

const char *sm_pki_action_name(sm_pki_action_t action)
{
	switch (action)
	{
		case SM_PKI_KEPT:
			return "kept";
		case SM_PKI_CREATED:
			return "created";
		case SM_PKI_REISSUED:
			return "reissued";
	}
	return "unknown";
}
