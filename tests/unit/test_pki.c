/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/pki/: the CA and server certificate, checked
 * with the openssl CLI and strongSwan's pki tool; every test works in its
 * own temporary root.
 */
#include "config.h"

#include "sm_test.h"

#include "base/diag.h"
#include "model/model.h"
#include "pki/pki.h"
#include "sm_net.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOST "vpn.example.com"
#define OUT_MAX (64 * 1024)

typedef struct {
	char root[PATH_MAX];
	char ca_key[PATH_MAX];
	char ca_cert[PATH_MAX];
	char server_key[PATH_MAX];
	char server_cert[PATH_MAX];
	char backup[PATH_MAX];
	sm_pki_paths_t paths;
	sm_model_t *m;
	sm_diag_t *diag;
	sm_pki_report_t report;
	/** output of the last run() */
	char out[OUT_MAX];
	/** test parameter (cmocka prestate) */
	const void *param;
} fx_t;

/* ---- helpers ----------------------------------------------------------- */

static void set_str(sm_str_t *s, const char *v)
{
	free(s->v);
	s->v = v ? strdup(v) : NULL;
	assert_true(!v || s->v);
}

static void set_names(sm_strlist_t *l, const char *const *v, size_t n)
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

static void set_addrs(sm_addrlist_t *l, const char *const *v, size_t n)
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
static sm_model_t *model_new(sm_key_kind_t ca, sm_key_kind_t server)
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

static int setup(void **state)
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

static int teardown(void **state)
{
	fx_t *fx = *state;

	sm_test_rmtree(fx->root);
	sm_model_destroy(fx->m);
	sm_diag_destroy(fx->diag);
	free(fx);
	return 0;
}

/* print the diagnostics as TAP comments */
static void dump_diag(sm_diag_t *diag)
{
	sm_diag_entry_t e;
	size_t i;

	for (i = 0; i < sm_diag_size(diag); i++)
	{
		assert_true(sm_diag_get(diag, i, &e));
		printf("# %s: %s\n", e.severity == SM_ERROR ? "error" : "warning",
			   e.message);
	}
}

/* run a sync with a fresh diagnostics list */
static int sync_pki(fx_t *fx, int flags, unsigned int renew_days)
{
	int rc;

	sm_diag_destroy(fx->diag);
	fx->diag = sm_diag_create();
	assert_non_null(fx->diag);
	rc = sm_pki_sync(fx->m, &fx->paths, flags, renew_days, &fx->report,
					 fx->diag);
	if (rc != 0)
	{
		dump_diag(fx->diag);
	}
	return rc;
}

static void sync_ok(fx_t *fx, int flags, unsigned int renew_days)
{
	assert_int_equal(sync_pki(fx, flags, renew_days), 0);
	assert_int_equal(sm_diag_count(fx->diag, SM_ERROR), 0);
}

static void expect_actions(const fx_t *fx, sm_pki_action_t ca_key,
						   sm_pki_action_t ca_cert, sm_pki_action_t server_key,
						   sm_pki_action_t server_cert)
{
	const sm_pki_report_t *r = &fx->report;

	if (r->ca_key != ca_key || r->ca_cert != ca_cert ||
		r->server_key != server_key || r->server_cert != server_cert)
	{
		fail_msg("got CA key %s, CA cert %s (%s), server key %s, server "
				 "cert %s (%s)", sm_pki_action_name(r->ca_key),
				 sm_pki_action_name(r->ca_cert), r->ca_reason,
				 sm_pki_action_name(r->server_key),
				 sm_pki_action_name(r->server_cert), r->server_reason);
	}
}

static bool diag_has(sm_diag_t *diag, sm_severity_t severity,
					 const char *needle)
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

#define assert_error(fx, needle)                                               \
	do                                                                         \
	{                                                                          \
		if (!diag_has((fx)->diag, SM_ERROR, (needle)))                         \
		{                                                                      \
			dump_diag((fx)->diag);                                             \
			fail_msg("no error mentions '%s'", (needle));                      \
		}                                                                      \
	} while (0)

/* run a shell command, keep its output (stdout and stderr) in fx->out */
static int run(fx_t *fx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int run(fx_t *fx, const char *fmt, ...)
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

#define assert_out_has(fx, needle)                                             \
	do                                                                         \
	{                                                                          \
		if (!strstr((fx)->out, (needle)))                                      \
		{                                                                      \
			fail_msg("output lacks '%s':\n%s", (needle), (fx)->out);           \
		}                                                                      \
	} while (0)

#define assert_out_lacks(fx, needle)                                           \
	do                                                                         \
	{                                                                          \
		if (strstr((fx)->out, (needle)))                                       \
		{                                                                      \
			fail_msg("output has '%s':\n%s", (needle), (fx)->out);             \
		}                                                                      \
	} while (0)

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *slurp(const char *path)
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

static void write_text(const char *path, const char *text, mode_t mode)
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
	snap_len += (size_t)snprintf(snap_buf + snap_len, need,
								 "%s %o %lu %ld.%09ld\n%s", path,
								 (unsigned int)st->st_mode,
								 (unsigned long)st->st_ino,
								 (long)st->st_mtim.tv_sec,
								 (long)st->st_mtim.tv_nsec,
								 content ? content : "");
	free(content);
	return 0;
}

static char *snapshot(const fx_t *fx)
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

static int count_entries(const char *dir)
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
static char *pubkey_of(fx_t *fx, const char *cert)
{
	assert_int_equal(run(fx, "openssl x509 -noout -pubkey -in '%s'", cert), 0);
	return strdup(fx->out);
}

static char *serial_of(fx_t *fx, const char *cert)
{
	assert_int_equal(run(fx, "openssl x509 -noout -serial -in '%s'", cert), 0);
	return strdup(fx->out);
}

static void expect_chain_ok(fx_t *fx)
{
	if (run(fx, "openssl verify -purpose sslserver -CAfile '%s' '%s' 2>&1",
			fx->ca_cert, fx->server_cert) != 0)
	{
		fail_msg("openssl verify failed:\n%s", fx->out);
	}
	assert_out_has(fx, ": OK");
}

/* a change to a certificate, before it is signed again */
typedef void (*tamper_t)(X509 *x);

/*
 * Change the certificate at CERT and sign it again with the key at KEY and
 * the digest it was signed with, so that it differs from what the sync
 * wrote in nothing but the change: a certificate the sync must still judge
 * by its content, not by a broken signature.
 */
static void tamper(const char *cert, const char *key, tamper_t change)
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
									   X509V3_ADD_REPLACE), 1);
	BASIC_CONSTRAINTS_free(bc);
}

static void ca_true_critical(X509 *x)
{
	set_ca_true(x, 1);
}

static void ca_true(X509 *x)
{
	set_ca_true(x, 0);
}

static void no_basic_constraints(X509 *x)
{
	int i = X509_get_ext_by_NID(x, NID_basic_constraints, -1);

	assert_true(i >= 0);
	X509_EXTENSION_free(X509_delete_ext(x, i));
}

/* moved into the past by its own lifetime and a day: expired yesterday */
static void expired(X509 *x)
{
	time_t nb, na, now = time(NULL);
	ASN1_TIME *t;
	int days, secs;

	assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
									X509_get0_notAfter(x)), 1);
	na = now - 86400;
	nb = na - ((time_t)days * 86400 + secs);
	t = ASN1_TIME_set(NULL, nb);
	assert_non_null(t);
	assert_int_equal(X509_set1_notBefore(x, t), 1);
	assert_non_null(ASN1_TIME_set(t, na));
	assert_int_equal(X509_set1_notAfter(x, t), 1);
	ASN1_TIME_free(t);
}

/* ---- tests -------------------------------------------------------------- */

static void test_create(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX], *pem;

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_CREATED,
				   SM_PKI_CREATED);
	assert_string_equal(fx->report.ca_backup, "");
	assert_string_equal(fx->report.server_backup, "");

	/* modes: keys 0600 in 0700 directories, certificates 0644 */
	assert_int_equal(mode_of(fx->ca_key), 0600);
	assert_int_equal(mode_of(fx->server_key), 0600);
	assert_int_equal(mode_of(fx->ca_cert), 0644);
	assert_int_equal(mode_of(fx->server_cert), 0644);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanmobile/ca");
	assert_int_equal(mode_of(dir), 0700);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(mode_of(dir), 0700);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/x509");
	assert_int_equal(mode_of(dir), 0755);

	/* unencrypted PKCS#8 */
	pem = slurp(fx->server_key);
	assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
	free(pem);
	pem = slurp(fx->ca_key);
	assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
	free(pem);

	expect_chain_ok(fx);

	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "TLS Web Server Authentication, 1.3.6.1.5.5.8.2.2");
	assert_out_has(fx, "DNS:vpn.example.com");
	assert_out_has(fx, "DNS:vpn2.example.com");
	assert_out_has(fx, "IP Address:198.51.100.1");
	assert_out_has(fx, "DNS:198.51.100.1");
	/* OpenSSL versions differ in how they print IPv6 addresses */
	assert_out_has(fx, "IP Address:2001:");
	assert_out_has(fx, "DNS:2001:db8::1");
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Digital Signature\n");
	assert_out_lacks(fx, "Key Encipherment");
	assert_out_has(fx, "CA:FALSE");
	assert_out_has(fx, "X509v3 Subject Key Identifier");
	assert_out_has(fx, "X509v3 Authority Key Identifier");
	assert_out_has(fx, "Subject: C = CH, O = Example Ltd, "
					   "CN = vpn.example.com");
	assert_out_has(fx, "Issuer: C = CH, O = Example Ltd, "
					   "CN = vpn.example.com VPN CA");
	assert_out_has(fx, "Signature Algorithm: ecdsa-with-SHA256");
	assert_out_has(fx, "NIST CURVE: P-256");

	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'", fx->ca_cert),
					 0);
	assert_out_has(fx, "X509v3 Basic Constraints: critical\n"
					   "                CA:TRUE\n");
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Certificate Sign, CRL Sign\n");
	assert_out_has(fx, "X509v3 Subject Key Identifier");
	assert_out_has(fx, "X509v3 Authority Key Identifier");
	assert_out_has(fx, "Signature Algorithm: ecdsa-with-SHA384");
	assert_out_has(fx, "NIST CURVE: P-384");
	assert_out_lacks(fx, "Extended Key Usage");

	/* the subject uses UTF8String (PrintableString for the country) */
	assert_int_equal(run(fx, "openssl asn1parse -in '%s'", fx->ca_cert), 0);
	assert_out_has(fx, "PRINTABLESTRING   :CH");
	assert_out_has(fx, "UTF8STRING        :vpn.example.com VPN CA");
}

/* the server certificate of an RSA key also has keyEncipherment */
static void test_rsa_key_usage(void **state)
{
	fx_t *fx = *state;

	fx->m->certificate.key.v = SM_KEY_RSA_2048;
	sync_ok(fx, 0, 0);
	expect_chain_ok(fx);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Digital Signature, Key Encipherment\n");
	assert_out_has(fx, "X509v3 Basic Constraints: \n"
					   "                CA:FALSE\n");
	assert_out_lacks(fx, "CA:TRUE");
	assert_out_has(fx, "Public-Key: (2048 bit)");
}

typedef struct {
	const char *name;
	sm_key_kind_t ca_key;
	sm_digest_kind_t ca_digest;
	sm_key_kind_t server_key;
	sm_digest_kind_t server_digest;
	/** openssl x509 -text of the server certificate shows these */
	const char *server_pubkey;
	const char *server_sigalg;
	/** pki --print of the server key */
	const char *pki_key;
} key_case_t;

static const key_case_t key_cases[] = {
	{"ca rsa-2048/sha256, server ecdsa-p384/sha384", SM_KEY_RSA_2048,
	 SM_DIGEST_SHA256, SM_KEY_ECDSA_P384, SM_DIGEST_SHA384, "NIST CURVE: P-384",
	 "sha384WithRSAEncryption", "ECDSA 384 bits"},
	{"ca ecdsa-p256/sha512, server rsa-2048/sha512", SM_KEY_ECDSA_P256,
	 SM_DIGEST_SHA512, SM_KEY_RSA_2048, SM_DIGEST_SHA512,
	 "Public-Key: (2048 bit)", "ecdsa-with-SHA512", "RSA 2048 bits"},
	{"ca ecdsa-p384/sha384, server rsa-3072/sha256", SM_KEY_ECDSA_P384,
	 SM_DIGEST_SHA384, SM_KEY_RSA_3072, SM_DIGEST_SHA256,
	 "Public-Key: (3072 bit)", "ecdsa-with-SHA256", "RSA 3072 bits"},
	{"ca ecdsa-p256/sha256, server ecdsa-p256/sha512", SM_KEY_ECDSA_P256,
	 SM_DIGEST_SHA256, SM_KEY_ECDSA_P256, SM_DIGEST_SHA512,
	 "NIST CURVE: P-256", "ecdsa-with-SHA512", "ECDSA 256 bits"},
};

static void test_key_types(void **state)
{
	fx_t *fx = *state;
	const key_case_t *c = fx->param;
	sm_pki_cert_info_t info;

	printf("# %s\n", c->name);
	fx->m->ca.key.v = c->ca_key;
	fx->m->ca.digest.v = c->ca_digest;
	fx->m->certificate.key.v = c->server_key;
	fx->m->certificate.digest.v = c->server_digest;
	sync_ok(fx, 0, 0);
	expect_chain_ok(fx);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, c->server_pubkey);
	assert_out_has(fx, c->server_sigalg);

	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.key, c->server_key);
	assert_int_equal(info.digest, c->server_digest);
	assert_int_equal(sm_pki_cert_info(fx->ca_cert, &info, fx->diag), 0);
	assert_int_equal(info.key, c->ca_key);
	assert_int_equal(info.digest, c->ca_digest);

	if (system("command -v pki >/dev/null 2>&1") == 0)
	{
		assert_int_equal(run(fx, "pki --print --type priv --in '%s' "
							 "2>/dev/null", fx->server_key), 0);
		assert_out_has(fx, c->pki_key);
	}

	/* every key type and digest is recognised on the next run */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

/* strongSwan's own parser accepts what we write */
static void test_strongswan_accepts(void **state)
{
	fx_t *fx = *state;

	if (system("command -v pki >/dev/null 2>&1") != 0)
	{
		printf("# strongSwan's pki tool is not installed\n");
		skip();
	}
	sync_ok(fx, 0, 0);
	assert_int_equal(run(fx, "pki --print --in '%s' 2>/dev/null",
						 fx->server_cert), 0);
	assert_out_has(fx, "flags:     serverAuth ikeIntermediate");
	assert_out_has(fx, "altNames:  vpn.example.com, vpn2.example.com, "
					   "198.51.100.1, 198.51.100.1, 2001:db8::1, 2001:db8::1");
	assert_out_has(fx, "subject:  \"C=CH, O=Example Ltd, CN=vpn.example.com\"");
	assert_out_has(fx, "authkeyId:");
	assert_out_has(fx, "subjkeyId:");
	assert_int_equal(run(fx, "pki --print --in '%s' 2>/dev/null", fx->ca_cert),
					 0);
	assert_out_has(fx, "flags:     CA CRLSign self-signed");
	assert_int_equal(run(fx, "pki --verify --in '%s' --cacert '%s' 2>/dev/null",
						 fx->server_cert, fx->ca_cert), 0);
	assert_out_has(fx, "certificate trusted, lifetimes valid");
	assert_int_equal(run(fx, "pki --print --type priv --in '%s' 2>/dev/null",
						 fx->server_key), 0);
	assert_out_has(fx, "privkey:   ECDSA 256 bits");
}

static void test_second_sync_keeps_everything(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	assert_string_equal(fx->report.ca_reason, "");
	assert_string_equal(fx->report.server_reason, "");
	/* renewal does not touch certificates far from expiry either */
	sync_ok(fx, SM_PKI_RENEW, 30);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* an existing key of the right type is used, not replaced */
static void test_existing_key_is_used(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX], *before, *after;

	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(run(fx, "mkdir -p '%s' && openssl genpkey -algorithm EC "
						 "-pkeyopt ec_paramgen_curve:P-256 -out '%s' 2>&1 && "
						 "chmod 600 '%s'", dir, fx->server_key,
						 fx->server_key), 0);
	before = slurp(fx->server_key);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_KEPT,
				   SM_PKI_CREATED);
	after = slurp(fx->server_key);
	assert_string_equal(before, after);
	assert_int_equal(run(fx, "openssl pkey -pubout -in '%s'", fx->server_key),
					 0);
	free(before);
	before = strdup(fx->out);
	free(after);
	after = pubkey_of(fx, fx->server_cert);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_names_change_reissues(void **state)
{
	static const char *const names[] = {"vpn2.example.com",
										"vpn3.example.com"};
	fx_t *fx = *state;
	char *key, *ca, *old, *pub1, *pub2, *ser1, *ser2, *saved;
	struct stat st1, st2;

	sync_ok(fx, 0, 0);
	key = slurp(fx->server_key);
	ca = slurp(fx->ca_cert);
	old = slurp(fx->server_cert);
	assert_int_equal(stat(fx->server_key, &st1), 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	ser1 = serial_of(fx, fx->server_cert);

	set_names(&fx->m->gateway.names, names, countof(names));
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.server_reason, "vpn3.example.com"));
	printf("# reason: %s\n", fx->report.server_reason);

	/* same key, new serial, old certificate in the backup directory */
	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(strncmp(fx->report.server_backup, fx->backup,
							 strlen(fx->backup)), 0);
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, old);
	assert_int_equal(count_entries(fx->backup), 1);
	free(saved);
	saved = slurp(fx->server_key);
	assert_string_equal(saved, key);
	free(saved);
	saved = slurp(fx->ca_cert);
	assert_string_equal(saved, ca);
	free(saved);
	assert_int_equal(stat(fx->server_key, &st2), 0);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(st1.st_ino, st2.st_ino);
	expect_chain_ok(fx);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "DNS:vpn3.example.com");

	/* and now that is the state: kept */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);

	/* the order of names does not matter */
	{
		static const char *const swapped[] = {"vpn3.example.com",
											  "vpn2.example.com"};

		static const char *const v4[] = {"198.51.100.1"};

		set_names(&fx->m->gateway.names, swapped, countof(swapped));
		sync_ok(fx, 0, 0);
		expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT,
					   SM_PKI_KEPT);

		/* a name removed */
		set_addrs(&fx->m->gateway.addresses, v4, countof(v4));
		sync_ok(fx, 0, 0);
		expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT,
					   SM_PKI_REISSUED);
		assert_string_equal(fx->report.server_reason,
							"its name IP:2001:db8::1 is no longer "
							"configured");
		assert_int_equal(count_entries(fx->backup), 2);
	}
	free(key);
	free(ca);
	free(old);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
}

static void test_key_type_change_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	fx->m->certificate.key.v = SM_KEY_RSA_2048;
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "the server key '");
	assert_error(fx, "is ecdsa-p256, but certificate.key is rsa-2048");
	assert_error(fx, "keys are never overwritten: move the key away");
	/* the CA key too, in the same run */
	fx->m->ca.key.v = SM_KEY_ECDSA_P256;
	assert_int_equal(sync_pki(fx, SM_PKI_DRYRUN, 0), -1);
	assert_error(fx, "is ecdsa-p384, but ca.key is ecdsa-p256");
	assert_error(fx, "is ecdsa-p256, but certificate.key is rsa-2048");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_exposed_key_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	assert_int_equal(chmod(fx->server_key, 0644), 0);
	assert_int_equal(chmod(fx->ca_key, 0640), 0);
	before = snapshot(fx);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "has mode 0644 and is accessible by group or others; "
					 "refusing to use it");
	assert_error(fx, "the CA key '");
	assert_error(fx, "has mode 0640");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_corrupt_key_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	write_text(fx->server_key, "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n"
							   "-----END PRIVATE KEY-----\n", 0600);
	before = snapshot(fx);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "reading the server key '");
	/* the reason comes from OpenSSL's error queue */
	assert_false(diag_has(fx->diag, SM_ERROR, "unknown OpenSSL error"));
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* not PEM at all */
	write_text(fx->server_key, "garbage\n", 0600);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "reading the server key '");
	after = slurp(fx->server_key);
	assert_string_equal(after, "garbage\n");
	free(after);
}

static void test_encrypted_key_refused(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX];

	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(run(fx, "mkdir -p '%s' && openssl genpkey -algorithm EC "
						 "-pkeyopt ec_paramgen_curve:P-256 -aes256 -pass "
						 "pass:secret -out '%s' 2>&1 && chmod 600 '%s'", dir,
						 fx->server_key, fx->server_key), 0);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "is protected by a passphrase");
	/* nothing was written, not even the CA */
	assert_int_equal(access(fx->ca_key, F_OK), -1);
	assert_int_equal(access(fx->ca_cert, F_OK), -1);
}

/* OpenSSL refuses a common name over 64 characters: its reason is shown */
static void test_openssl_failure_reported(void **state)
{
	fx_t *fx = *state;
	const char *host = "a-gateway-name-that-is-far-too-long-for-a-common-name."
					   "example.com";

	set_str(&fx->m->gateway.hostname, host);
	set_str(&fx->m->gateway.identifier, host);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "setting the common name 'a-gateway-name");
	assert_error(fx, "of the server certificate 'a-gateway-name");
	assert_error(fx, "string too long");
	assert_int_equal(count_entries(fx->root), 0);
}

static void test_dry_run_writes_nothing(void **state)
{
	static const char *const names[] = {"other.example.com"};
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_CREATED,
				   SM_PKI_CREATED);
	assert_int_equal(count_entries(fx->root), 0);

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	set_names(&fx->m->gateway.names, names, countof(names));
	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_backup, "");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* a missing CA key: everything but the server key would change */
	assert_int_equal(unlink(fx->ca_key), 0);
	before = snapshot(fx);
	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	after = snapshot(fx);
	assert_string_equal(before, after);
	assert_int_equal(access(fx->backup, F_OK), -1);
	free(before);
	free(after);
}

static void test_renewal(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *pub1, *pub2;

	fx->m->certificate.lifetime.v = 10;
	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.not_after - info.not_before, 10 * 86400);

	/* without renewal, or with a shorter window: kept */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	sync_ok(fx, SM_PKI_RENEW, 5);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);

	/* expiring within 30 days: reissued from the same key */
	sync_ok(fx, SM_PKI_RENEW, 30);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.server_reason, "within 30 days"));
	assert_true(diag_has(fx->diag, SM_WARNING, "renewal window"));
	assert_int_not_equal(fx->report.server_backup[0], '\0');
	pub2 = pubkey_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	expect_chain_ok(fx);
	free(pub1);
	free(pub2);
}

static void test_ca_change_reissues_server(void **state)
{
	fx_t *fx = *state;
	char *ca_pub1, *ca_pub2, *key1, *key2;

	sync_ok(fx, 0, 0);
	ca_pub1 = pubkey_of(fx, fx->ca_cert);
	key1 = slurp(fx->ca_key);
	set_str(&fx->m->ca.common_name, "Example VPN Root");
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.ca_reason, "Example VPN Root"));
	assert_string_equal(fx->report.server_reason,
						"the CA certificate is reissued");
	ca_pub2 = pubkey_of(fx, fx->ca_cert);
	key2 = slurp(fx->ca_key);
	assert_string_equal(ca_pub1, ca_pub2);
	assert_string_equal(key1, key2);
	assert_int_not_equal(fx->report.ca_backup[0], '\0');
	assert_int_not_equal(fx->report.server_backup[0], '\0');
	assert_int_equal(count_entries(fx->backup), 2);
	expect_chain_ok(fx);
	assert_int_equal(run(fx, "openssl x509 -noout -issuer -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "CN = Example VPN Root");
	free(ca_pub1);
	free(ca_pub2);
	free(key1);
	free(key2);
}

/* a CA key moved away: a new CA, the server certificate follows */
static void test_new_ca_key(void **state)
{
	fx_t *fx = *state;
	char moved[PATH_MAX + 8];

	sync_ok(fx, 0, 0);
	snprintf(moved, sizeof(moved), "%s.old", fx->ca_key);
	assert_int_equal(rename(fx->ca_key, moved), 0);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	assert_string_equal(fx->report.ca_reason, "a new CA key is generated");
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

static void test_digest_and_lifetime_changes(void **state)
{
	fx_t *fx = *state;

	sync_ok(fx, 0, 0);
	fx->m->certificate.digest.v = SM_DIGEST_SHA384;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_reason,
						"it is signed with sha256, not sha384");
	fx->m->certificate.lifetime.v = 400;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_reason,
						"it is valid for 825 days, the lifetime is 400 days");
	fx->m->ca.lifetime.v = 7300;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	assert_int_equal(count_entries(fx->backup), 4);
}

static void test_hostname_is_address(void **state)
{
	fx_t *fx = *state;

	set_str(&fx->m->gateway.hostname, "203.0.113.5");
	set_str(&fx->m->gateway.identifier, "203.0.113.5");
	set_names(&fx->m->gateway.names, NULL, 0);
	set_addrs(&fx->m->gateway.addresses, NULL, 0);
	sync_ok(fx, 0, 0);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "IP Address:203.0.113.5");
	assert_out_has(fx, "DNS:203.0.113.5");
	assert_out_has(fx, "CN = 203.0.113.5");
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

static void test_identifier_must_be_a_name(void **state)
{
	fx_t *fx = *state;

	set_str(&fx->m->gateway.identifier, "other.example.com");
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "gateway.identifier 'other.example.com' is not one of "
					 "the certificate's names");
	assert_int_equal(count_entries(fx->root), 0);

	/* an address works, in any spelling */
	set_str(&fx->m->gateway.identifier, "2001:DB8:0::1");
	sync_ok(fx, 0, 0);
}

static void test_unreadable_cert_reissued(void **state)
{
	fx_t *fx = *state;
	char *saved;

	sync_ok(fx, 0, 0);
	write_text(fx->server_cert, "not a certificate\n", 0644);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.server_reason,
						   "does not hold a PEM certificate"));
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, "not a certificate\n");
	free(saved);
	expect_chain_ok(fx);
}

/* a certificate from elsewhere at the server's path is replaced */
static void test_foreign_cert_reissued(void **state)
{
	fx_t *fx = *state;

	sync_ok(fx, 0, 0);
	assert_int_equal(run(fx, "openssl req -x509 -key '%s' -subj "
						 "'/C=CH/O=Example Ltd/CN=vpn.example.com' -days 825 "
						 "-out '%s' 2>&1", fx->server_key, fx->server_cert),
					 0);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_non_null(strstr(fx->report.server_reason, "its issuer"));
	expect_chain_ok(fx);
}

/* a server certificate whose basicConstraints say anything but CA:FALSE
 * is reissued from the same key, for RSA and ECDSA keys alike */
typedef struct {
	const char *name;
	sm_key_kind_t key;
	tamper_t change;
	/** openssl x509 -text of the tampered certificate shows this */
	const char *shows;
	/** the reason the sync gives */
	const char *reason;
} bc_case_t;

static const bc_case_t bc_cases[] = {
	{"rsa-2048, CA:TRUE critical", SM_KEY_RSA_2048, ca_true_critical,
	 "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
	{"rsa-2048, CA:TRUE", SM_KEY_RSA_2048, ca_true,
	 "X509v3 Basic Constraints: \n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
	{"rsa-2048, no basicConstraints", SM_KEY_RSA_2048, no_basic_constraints,
	 "X509v3 Key Usage", "it lacks the basicConstraints extension"},
	{"ecdsa-p256, CA:TRUE critical", SM_KEY_ECDSA_P256, ca_true_critical,
	 "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
};

static void test_server_ca_flag_reissued(void **state)
{
	fx_t *fx = *state;
	const bc_case_t *c = fx->param;
	char *pub1, *pub2, *ser1, *ser2, *tampered, *saved;

	printf("# %s\n", c->name);
	fx->m->certificate.key.v = c->key;
	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	tamper(fx->server_cert, fx->ca_key, c->change);
	ser1 = serial_of(fx, fx->server_cert);
	tampered = slurp(fx->server_cert);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, c->shows);
	assert_out_lacks(fx, "CA:FALSE");
	/* still a valid chain: only its content can give it away */
	assert_int_equal(run(fx, "openssl verify -CAfile '%s' "
						 "'%s' 2>&1", fx->ca_cert, fx->server_cert), 0);

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_string_equal(fx->report.server_reason, c->reason);
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, tampered);

	/* the same key, a new serial, CA:FALSE again */
	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'",
						 fx->server_cert), 0);
	assert_out_has(fx, "X509v3 Basic Constraints: \n"
					   "                CA:FALSE\n");
	assert_out_lacks(fx, "CA:TRUE");
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
	free(tampered);
	free(saved);
}

/* an expired server certificate is reissued without SM_PKI_RENEW, from
 * the same key */
static void test_expired_server_cert_reissued(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *pub1, *pub2, *ser1, *ser2, *old, *saved;

	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	tamper(fx->server_cert, fx->ca_key, expired);
	ser1 = serial_of(fx, fx->server_cert);
	old = slurp(fx->server_cert);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_true(info.not_after < time(NULL));
	/* the lifetime is still the configured one */
	assert_int_equal(info.not_after - info.not_before, 825 * 86400);
	assert_int_not_equal(run(fx, "openssl verify -CAfile '%s' '%s' 2>&1",
							 fx->ca_cert, fx->server_cert), 0);
	assert_out_has(fx, "certificate has expired");

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_non_null(strstr(fx->report.server_reason, "it expired on "));
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, old);

	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_true(info.not_before <= time(NULL));
	assert_true(info.not_after > time(NULL) + 824 * 86400);
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
	free(old);
	free(saved);
}

/* an expired CA certificate is reissued from the same key, and the server
 * certificate with it */
static void test_expired_ca_cert_reissued(void **state)
{
	fx_t *fx = *state;
	char *pub1, *pub2, *key1, *key2;

	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->ca_cert);
	key1 = slurp(fx->ca_key);
	tamper(fx->ca_cert, fx->ca_key, expired);

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.ca_reason);
	assert_non_null(strstr(fx->report.ca_reason, "it expired on "));
	assert_string_equal(fx->report.server_reason,
						"the CA certificate is reissued");
	pub2 = pubkey_of(fx, fx->ca_cert);
	key2 = slurp(fx->ca_key);
	assert_string_equal(pub1, pub2);
	assert_string_equal(key1, key2);
	expect_chain_ok(fx);
	free(pub1);
	free(pub2);
	free(key1);
	free(key2);
}

static void test_cert_info(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *serial;

	sync_ok(fx, 0, 0);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.not_after - info.not_before, 825 * 86400);
	assert_true(info.not_before <= time(NULL));
	assert_true(info.not_before > time(NULL) - 600);
	assert_string_equal(info.subject, "CN=vpn.example.com,O=Example Ltd,C=CH");
	assert_string_equal(info.issuer,
						"CN=vpn.example.com VPN CA,O=Example Ltd,C=CH");
	assert_int_equal(info.key, SM_KEY_ECDSA_P256);
	assert_int_equal(info.digest, SM_DIGEST_SHA256);
	/* 16 random bytes with the top bit clear */
	assert_true(strlen(info.serial) > 0 && strlen(info.serial) <= 32);
	assert_true(strlen(info.serial) < 32 || info.serial[0] < '8');
	serial = serial_of(fx, fx->server_cert);
	assert_non_null(strcasestr(serial, info.serial));
	free(serial);

	assert_int_equal(sm_pki_cert_info(fx->server_key, &info, fx->diag), -1);
	assert_error(fx, "reading the certificate '");
	sm_test_path(fx->out, sizeof(fx->out), fx->root, "missing.pem");
	assert_int_equal(sm_pki_cert_info(fx->out, &info, fx->diag), -1);
	assert_error(fx, "No such file or directory");
}

#define pki_test(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define bc_test(i)                                                             \
	cmocka_unit_test_prestate_setup_teardown(test_server_ca_flag_reissued,   \
											 setup, teardown,                 \
											 (void *)&bc_cases[i])
#define key_test(i)                                                            \
	cmocka_unit_test_prestate_setup_teardown(test_key_types, setup, teardown, \
											 (void *)&key_cases[i])

int main(void)
{
	const struct CMUnitTest tests[] = {
		pki_test(test_create),
		pki_test(test_rsa_key_usage),
		key_test(0),
		key_test(1),
		key_test(2),
		key_test(3),
		pki_test(test_strongswan_accepts),
		pki_test(test_second_sync_keeps_everything),
		pki_test(test_existing_key_is_used),
		pki_test(test_names_change_reissues),
		pki_test(test_key_type_change_refused),
		pki_test(test_exposed_key_refused),
		pki_test(test_corrupt_key_refused),
		pki_test(test_encrypted_key_refused),
		pki_test(test_openssl_failure_reported),
		pki_test(test_dry_run_writes_nothing),
		pki_test(test_renewal),
		pki_test(test_ca_change_reissues_server),
		pki_test(test_new_ca_key),
		pki_test(test_digest_and_lifetime_changes),
		pki_test(test_hostname_is_address),
		pki_test(test_identifier_must_be_a_name),
		pki_test(test_unreadable_cert_reissued),
		pki_test(test_foreign_cert_reissued),
		bc_test(0),
		bc_test(1),
		bc_test(2),
		bc_test(3),
		pki_test(test_expired_server_cert_reissued),
		pki_test(test_expired_ca_cert_reissued),
		pki_test(test_cert_info),
	};

	return sm_run_tests(tests);
}
