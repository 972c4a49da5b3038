/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the fixture of the pki/ tests (see pki_fixture.h) */
#include "config.h"

#include "pki_fixture.h"

#include "sm_net.h"

#include <errno.h>
#include <ftw.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void set_str(sm_str_t *s, const char *v)
{
	free(s->v);
	s->v = v ? strdup(v) : NULL;
	assert_true(!v || s->v);
}

void set_names(sm_strlist_t *l, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
	{
		free(l->items[i].v);
	}
	free(l->items);
	l->items = n ? calloc(n, sizeof(*l->items)) : NULL;
	assert_true(!n || l->items);
	for (i = 0; i < n; i++)
	{
		set_str(&l->items[i], v[i]);
	}
	l->n = n;
	l->set = true;
}

void set_addrs(sm_addrlist_t *l, const char *const *v, size_t n)
{
	size_t i;

	free(l->items);
	l->items = n ? calloc(n, sizeof(*l->items)) : NULL;
	assert_true(!n || l->items);
	for (i = 0; i < n; i++)
	{
		assert_int_equal(sm_prefix_parse(v[i], &l->items[i].v), SM_NET_OK);
		l->items[i].set = true;
	}
	l->n = n;
	l->set = true;
}

/* the model of a typical gateway, defaults applied */
sm_model_t *model_new(sm_key_kind_t ca, sm_key_kind_t server)
{
	static const char *const names[] = {"vpn2.example.com"};
	static const char *const addrs[] = {"198.51.100.1", "2001:db8::1"};
	sm_model_t *m = sm_model_create();

	assert_non_null(m);
	m->version.v = 1;
	m->version.set = true;
	set_str(&m->gateway.hostname, HOST);
	set_names(&m->gateway.names, names, countof(names));
	set_addrs(&m->gateway.addresses, addrs, countof(addrs));
	set_str(&m->ca.subject.country, "CH");
	set_str(&m->ca.subject.organization, "Example Ltd");
	m->ca.key.v = ca;
	m->certificate.key.v = server;
	assert_true(sm_model_defaults(m));
	return m;
}

int setup(void **state)
{
	fx_t *fx = calloc(1, sizeof(*fx));
	char *root = sm_test_tmpdir("pki");

	if (!fx || !root)
	{
		free(root);
		free(fx);
		return -1;
	}
	fx->param = *state;
	snprintf(fx->root, sizeof(fx->root), "%s", root);
	free(root);
	sm_test_path(fx->ca_key, sizeof(fx->ca_key), fx->root,
				 "etc/swanmobile/ca/ca.key");
	sm_test_path(fx->ca_cert, sizeof(fx->ca_cert), fx->root,
				 "etc/swanctl/x509ca/swanmobile-ca.pem");
	sm_test_path(fx->server_key, sizeof(fx->server_key), fx->root,
				 "etc/swanctl/private/swanmobile.key");
	sm_test_path(fx->server_cert, sizeof(fx->server_cert), fx->root,
				 "etc/swanctl/x509/swanmobile.pem");
	sm_test_path(fx->backup, sizeof(fx->backup), fx->root,
				 "etc/swanmobile/backup");
	fx->paths.ca_key = fx->ca_key;
	fx->paths.ca_cert = fx->ca_cert;
	fx->paths.server_key = fx->server_key;
	fx->paths.server_cert = fx->server_cert;
	fx->paths.backup_dir = fx->backup;
	fx->m = model_new(SM_KEY_ECDSA_P384, SM_KEY_ECDSA_P256);
	*state = fx;
	return 0;
}

int teardown(void **state)
{
	fx_t *fx = *state;

	sm_test_rmtree(fx->root);
	sm_model_destroy(fx->m);
	sm_diag_destroy(fx->diag);
	free(fx);
	return 0;
}

/* run a sync with a fresh diagnostics list */
int sync_pki(fx_t *fx, int flags, unsigned int renew_days)
{
	int rc;

	sm_diag_destroy(fx->diag);
	fx->diag = sm_diag_create();
	assert_non_null(fx->diag);
	rc = sm_pki_sync(fx->m, &fx->paths, flags, renew_days, &fx->report,
					 fx->diag);
	if (rc != 0)
	{
		sm_test_dump_diag(fx->diag);
	}
	return rc;
}

void sync_ok(fx_t *fx, int flags, unsigned int renew_days)
{
	assert_int_equal(sync_pki(fx, flags, renew_days), 0);
	assert_int_equal(sm_diag_count(fx->diag, SM_ERROR), 0);
}

void expect_actions(const fx_t *fx, sm_pki_action_t ca_key,
					sm_pki_action_t ca_cert, sm_pki_action_t server_key,
					sm_pki_action_t server_cert)
{
	const sm_pki_report_t *r = &fx->report;

	if (r->ca_key != ca_key || r->ca_cert != ca_cert ||
		r->server_key != server_key || r->server_cert != server_cert)
	{
		fail_msg("got CA key %s, CA cert %s (%s), server key %s, server "
				 "cert %s (%s)",
				 sm_pki_action_name(r->ca_key), sm_pki_action_name(r->ca_cert),
				 r->ca_reason, sm_pki_action_name(r->server_key),
				 sm_pki_action_name(r->server_cert), r->server_reason);
	}
}

bool diag_has(sm_diag_t *diag, sm_severity_t severity, const char *needle)
{
	sm_diag_entry_t e;
	size_t i;

	for (i = 0; i < sm_diag_size(diag); i++)
	{
		if (sm_diag_get(diag, i, &e) && e.severity == severity &&
			strstr(e.message, needle))
		{
			return true;
		}
	}
	return false;
}

/* run a shell command, keep its output (stdout and stderr) in fx->out */
int run(fx_t *fx, const char *fmt, ...)
{
	char cmd[4 * PATH_MAX];
	size_t len = 0, n;
	va_list args;
	FILE *p;
	int st;

	va_start(args, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, args);
	va_end(args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(fx->out + len, 1, sizeof(fx->out) - 1 - len, p)) > 0)
	{
		len += n;
	}
	fx->out[len] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

char *slurp(const char *path)
{
	char *buf = malloc(OUT_MAX);
	size_t n;
	FILE *f;

	assert_non_null(buf);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, OUT_MAX - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

void write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* snapshot of a tree: name, mode, inode, mtime and content of each entry */
static char *snap_buf;
static size_t snap_len;

static int snap_entry(const char *path, const struct stat *st, int flag,
					  struct FTW *ftw)
{
	char *content = NULL;
	size_t need;

	(void)ftw;
	if (flag == FTW_F)
	{
		content = slurp(path);
	}
	need = strlen(path) + (content ? strlen(content) : 0) + 128;
	snap_buf = realloc(snap_buf, snap_len + need);
	assert_non_null(snap_buf);
	snap_len +=
		(size_t)snprintf(snap_buf + snap_len, need, "%s %o %lu %ld.%09ld\n%s",
						 path, (unsigned int)st->st_mode,
						 (unsigned long)st->st_ino, (long)st->st_mtim.tv_sec,
						 (long)st->st_mtim.tv_nsec, content ? content : "");
	free(content);
	return 0;
}

char *snapshot(const fx_t *fx)
{
	snap_buf = NULL;
	snap_len = 0;
	assert_int_equal(nftw(fx->root, snap_entry, 16, FTW_PHYS), 0);
	if (!snap_buf)
	{
		snap_buf = strdup("");
	}
	return snap_buf;
}

int count_entries(const char *dir)
{
	char cmd[PATH_MAX + 32];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' 2>/dev/null | wc -l", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* the public key of a certificate, as PEM text */
char *pubkey_of(fx_t *fx, const char *cert)
{
	assert_int_equal(run(fx, "openssl x509 -noout -pubkey -in '%s'", cert), 0);
	return strdup(fx->out);
}

char *serial_of(fx_t *fx, const char *cert)
{
	assert_int_equal(run(fx, "openssl x509 -noout -serial -in '%s'", cert), 0);
	return strdup(fx->out);
}

void expect_chain_ok(fx_t *fx)
{
	if (run(fx, "openssl verify -purpose sslserver -CAfile '%s' '%s' 2>&1",
			fx->ca_cert, fx->server_cert) != 0)
	{
		fail_msg("openssl verify failed:\n%s", fx->out);
	}
	assert_out_has(fx, ": OK");
}

/*
 * Change the certificate at CERT and sign it again with the key at KEY and
 * the digest it was signed with, so that it differs from what the sync
 * wrote in nothing but the change: a certificate the sync must still judge
 * by its content, not by a broken signature.
 */
void tamper(const char *cert, const char *key, tamper_t change)
{
	const EVP_MD *md;
	EVP_PKEY *pkey;
	X509 *x;
	FILE *f;
	int mdnid;

	f = fopen(cert, "r");
	assert_non_null(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(x);
	f = fopen(key, "r");
	assert_non_null(f);
	pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(pkey);
	assert_int_equal(X509_get_signature_info(x, &mdnid, NULL, NULL, NULL), 1);
	md = EVP_get_digestbynid(mdnid);
	assert_non_null(md);

	change(x);
	assert_true(X509_sign(x, pkey, md) > 0);
	f = fopen(cert, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_X509(f, x), 1);
	assert_int_equal(fclose(f), 0);
	X509_free(x);
	EVP_PKEY_free(pkey);
}

/* basicConstraints CA:TRUE, critical or not */
static void set_ca_true(X509 *x, int critical)
{
	BASIC_CONSTRAINTS *bc = BASIC_CONSTRAINTS_new();

	assert_non_null(bc);
	bc->ca = 0xff;
	assert_int_equal(X509_add1_ext_i2d(x, NID_basic_constraints, bc, critical,
									   X509V3_ADD_REPLACE),
					 1);
	BASIC_CONSTRAINTS_free(bc);
}

void ca_true_critical(X509 *x)
{
	set_ca_true(x, 1);
}

void ca_true(X509 *x)
{
	set_ca_true(x, 0);
}

void no_basic_constraints(X509 *x)
{
	int i = X509_get_ext_by_NID(x, NID_basic_constraints, -1);

	assert_true(i >= 0);
	X509_EXTENSION_free(X509_delete_ext(x, i));
}

/* moved into the past by its own lifetime and a day: expired yesterday */
void expired(X509 *x)
{
	time_t nb, na, now = time(NULL);
	ASN1_TIME *t;
	int days, secs;

	assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
									X509_get0_notAfter(x)),
					 1);
	na = now - 86400;
	nb = na - ((time_t)days * 86400 + secs);
	t = ASN1_TIME_set(NULL, nb);
	assert_non_null(t);
	assert_int_equal(X509_set1_notBefore(x, t), 1);
	assert_non_null(ASN1_TIME_set(t, na));
	assert_int_equal(X509_set1_notAfter(x, t), 1);
	ASN1_TIME_free(t);
}
