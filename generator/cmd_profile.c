/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile profile OS [options] FILE: a client profile made from the same
 * VPN description as the gateway, so that it matches the gateway: the CA
 * (PEM and DER), Windows' PowerShell script, Apple's .mobileconfig, the
 * Android app's .sswan, a NetworkManager keyfile or a swanctl client
 * directory, for no user in particular or for one (--user), with that
 * user's password only when asked for (--password-stdin, --ask-password).
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "model/load.h"
#include "pki/pki.h"
#include "profiles/profiles.h"
#include "render/paths.h"
#include "users/user_secret.h"

#include "sm_file.h"
#include "sm_identity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

typedef struct {
	sm_profile_kind_t kind;
	const char *file;
	const char *root;
	const char *templates;
	const char *out;
	const char *user;
	const char *sign_cert;
	const char *sign_key;
	const char *sign_chain;
	const char *ca_path;
	bool on_demand;
	bool quiet;
	/** --help was given (and printed) */
	bool help;
	/** where the password comes from, or -1 for none */
	int password;
} options_t;

static void usage(FILE *out)
{
	fprintf(out,
			"usage: swanmobile profile OS [--user ID [--password-stdin | "
			"--ask-password]]\n"
			"                          [--out DIR] [--root DIR] "
			"[--templates DIR] [--quiet]\n"
			"                          [--sign-cert FILE --sign-key FILE "
			"[--sign-chain FILE]]\n"
			"                          [--on-demand] [--ca-path PATH] FILE\n"
			"\n"
			"Write a client profile for the gateway of FILE (run 'swanmobile "
			"generate'\nfirst: the profile carries its CA certificate).  OS "
			"is one of:\n"
			"  ca              the CA certificate, PEM and DER (.crt)\n"
			"  windows         Windows 10/11: a PowerShell script\n"
			"  apple           iOS and macOS: a .mobileconfig\n"
			"  android         the strongSwan app: a .sswan\n"
			"  networkmanager  NetworkManager's strongSwan plugin: a keyfile\n"
			"  linux           strongSwan's swanctl: a client directory\n"
			"\n"
			"  --user ID          the profile of this user (EAP identity)\n"
			"  --password-stdin   put the user's password in (one line of "
			"standard input)\n"
			"  --ask-password     put the user's password in (asked twice "
			"on the terminal)\n"
			"  --out DIR          where the files go (default: .)\n"
			"  --root DIR         the gateway was generated below DIR\n"
			"  --templates DIR    take the templates from DIR (default %s)\n"
			"  --sign-cert FILE   apple: sign with this certificate (PEM) ...\n"
			"  --sign-key FILE    ... and its key (PEM, unencrypted)\n"
			"  --sign-chain FILE  apple: certificates to add to the "
			"signature\n"
			"  --on-demand        apple: connect on demand (Wi-Fi, cellular)\n"
			"  --ca-path PATH     networkmanager: where the keyfile expects "
			"the CA\n"
			"  --quiet            print nothing but errors\n"
			"\n"
			"exit status: 0 ok, 1 invalid input, 2 usage, 3 environment\n",
			SM_TEMPLATESDIR);
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "swanmobile profile: %s\n\n", msg);
	usage(stderr);
	return SM_EXIT_USAGE;
}

/* parse the command line into o: SM_EXIT_OK (with o->help after printing
 * the usage for --help), or SM_EXIT_USAGE after printing what was wrong */
static int parse(int argc, char *argv[], options_t *o)
{
	static const struct option longopts[] = {
		{"user", required_argument, NULL, 'u'},
		{"password-stdin", no_argument, NULL, 'P'},
		{"ask-password", no_argument, NULL, 'A'},
		{"out", required_argument, NULL, 'o'},
		{"root", required_argument, NULL, 'r'},
		{"templates", required_argument, NULL, 't'},
		{"sign-cert", required_argument, NULL, 'c'},
		{"sign-key", required_argument, NULL, 'k'},
		{"sign-chain", required_argument, NULL, 'C'},
		{"on-demand", no_argument, NULL, 'd'},
		{"ca-path", required_argument, NULL, 'a'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[SM_CMD_OPTERR_LEN];
	int c;

	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "u:PAo:r:t:c:k:C:da:qh", longopts,
							  err, sizeof(err))) != -1)
	{
		switch (c)
		{
			case 'u':
				o->user = optarg;
				break;
			case 'P':
			case 'A':
				if (o->password >= 0)
				{
					return usage_error("give the password one way only");
				}
				o->password =
					c == 'P' ? SM_SECRET_PASSWORD_STDIN : SM_SECRET_TTY;
				break;
			case 'o':
				o->out = optarg;
				break;
			case 'r':
				o->root = optarg;
				break;
			case 't':
				o->templates = optarg;
				break;
			case 'c':
				o->sign_cert = optarg;
				break;
			case 'k':
				o->sign_key = optarg;
				break;
			case 'C':
				o->sign_chain = optarg;
				break;
			case 'd':
				o->on_demand = true;
				break;
			case 'a':
				o->ca_path = optarg;
				break;
			case 'q':
				o->quiet = true;
				break;
			case 'h':
				usage(stdout);
				o->help = true;
				return SM_EXIT_OK;
			default:
				return usage_error(err);
		}
	}
	if (argc - optind != 2)
	{
		return usage_error("expects OS and one VPN description file");
	}
	o->kind = sm_profile_by_name(argv[optind]);
	o->file = argv[optind + 1];
	if (o->kind == SM_PROFILE_NONE)
	{
		return usage_error("unknown OS (ca, windows, apple, android, "
						   "networkmanager, linux)");
	}
	if (o->password >= 0 && !o->user)
	{
		return usage_error("a password goes only into the profile of one "
						   "user: give --user");
	}
	if (o->password >= 0 &&
		(o->kind == SM_PROFILE_WINDOWS || o->kind == SM_PROFILE_CA))
	{
		return usage_error("this profile cannot carry a password (Windows "
						   "asks for it when connecting)");
	}
	if (o->user && o->kind == SM_PROFILE_CA)
	{
		return usage_error("the CA certificate is the same for every user");
	}
	if ((o->sign_cert || o->sign_key || o->sign_chain || o->on_demand) &&
		o->kind != SM_PROFILE_APPLE)
	{
		return usage_error("--sign-cert, --sign-key, --sign-chain and "
						   "--on-demand are for apple");
	}
	if (!o->sign_cert != !o->sign_key || (o->sign_chain && !o->sign_cert))
	{
		return usage_error("signing needs --sign-cert and --sign-key");
	}
	if (o->ca_path && o->kind != SM_PROFILE_NETWORKMANAGER)
	{
		return usage_error("--ca-path is for networkmanager");
	}
	if (o->ca_path && o->ca_path[0] != '/')
	{
		return usage_error("--ca-path must be an absolute path");
	}
	return SM_EXIT_OK;
}

/* the user's identity by the one rule for identities */
static bool check_user(const char *user)
{
	char msg[512];
	sm_text_check_t res;

	if (sm_identity_check(user, strlen(user), &res))
	{
		return true;
	}
	fprintf(stderr, "swanmobile profile: --user: the identity %s\n",
			sm_identity_message(user, strlen(user), &res, msg, sizeof(msg)));
	return false;
}

static int write_all(const sm_outputs_t *out, bool quiet)
{
	char dir[4096];
	size_t i;

	for (i = 0; i < out->n; i++)
	{
		const sm_output_t *f = &out->files[i];
		sm_file_result_t res;

		if (!sm_path_dir(f->path, dir, sizeof(dir)) ||
			(strcmp(dir, ".") && sm_mkdirs(dir, 0755) != 0))
		{
			fprintf(stderr,
					"swanmobile profile: cannot create directory "
					"'%s': %s\n",
					dir, strerror(errno));
			return SM_EXIT_ENV;
		}
		if (sm_file_write(f->path, f->data, f->len, f->mode, 0, &res) != 0)
		{
			fprintf(stderr, "swanmobile profile: cannot write '%s': %s\n",
					f->path, strerror(errno));
			return SM_EXIT_ENV;
		}
		if (!quiet)
		{
			printf("%s %s%s\n",
				   res == SM_FILE_CREATED   ? "created"
				   : res == SM_FILE_UPDATED ? "updated"
											: "unchanged",
				   f->path, f->secret ? " (holds a password, mode 0600)" : "");
		}
	}
	return SM_EXIT_OK;
}

static int run(const options_t *o)
{
	char password[SM_SECRET_PASSWORD_SIZE];
	sm_profile_opts_t popts;
	sm_outputs_t out = {0};
	sm_model_t *m = NULL;
	sm_paths_t *paths = NULL;
	sm_diag_t *diag;
	char *ca = NULL;
	size_t ca_len = 0;
	int ret = SM_EXIT_INPUT, io_errno = 0;
	bool have_password = false;

	diag = sm_diag_create();
	if (!diag)
	{
		fprintf(stderr, "swanmobile profile: out of memory\n");
		return SM_EXIT_ENV;
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
	ca = sm_file_read(paths->ca_cert, SM_PKI_FILE_MAX, &ca_len);
	if (!ca)
	{
		sm_error(diag, sm_nopos(NULL),
				 "cannot read the gateway's CA "
				 "certificate '%s': %s (run 'swanmobile generate' first%s)",
				 paths->ca_cert, strerror(errno),
				 o->root ? "" : ", or give --root DIR where it wrote");
		ret = SM_EXIT_ENV;
		goto out;
	}
	if (o->password >= 0)
	{
		ret = sm_cmd_secret_exit(
			sm_secret_password((sm_secret_source_t)o->password, o->user,
							   password, sizeof(password)));
		if (ret != SM_EXIT_OK)
		{
			goto out;
		}
		have_password = true;
	}
	popts = (sm_profile_opts_t){
		.templates_dir = o->templates,
		.source = o->file,
		.out_dir = o->out,
		.ca_pem = ca,
		.ca_pem_len = ca_len,
		.user = o->user,
		.password = have_password ? password : NULL,
		.on_demand = o->on_demand,
		.sign_cert = o->sign_cert,
		.sign_key = o->sign_key,
		.sign_chain = o->sign_chain,
		.nm_ca_path = o->ca_path,
	};
	if (o->kind != SM_PROFILE_CA)
	{
		sm_profile_crypto_t *c = calloc(1, sizeof(*c));
		char err[256];

		if (!c || !sm_profile_crypto(m, o->kind, c, err, sizeof(err)))
		{
			sm_error(diag, m->clients_pos,
					 "no %s profile fits the gateway's "
					 "proposals: %s",
					 sm_profile_name(o->kind), c ? err : "out of memory");
			free(c);
			goto out;
		}
		free(c);
	}
	ret = SM_EXIT_ENV;
	if (!sm_profile_render(m, o->kind, &popts, &out, diag))
	{
		goto out;
	}
	sm_diag_print(diag, stderr);
	sm_diag_destroy(diag);
	diag = NULL;
	ret = write_all(&out, o->quiet);
out:
	if (have_password)
	{
		OPENSSL_cleanse(password, sizeof(password));
	}
	if (diag)
	{
		sm_diag_print(diag, stderr);
		sm_diag_destroy(diag);
	}
	sm_outputs_clear(&out);
	free(ca);
	sm_paths_destroy(paths);
	sm_model_destroy(m);
	return ret;
}

int cmd_profile(int argc, char *argv[])
{
	options_t o = {
		.templates = sm_cmd_templates_dir(),
		.out = ".",
		.password = -1,
	};
	int ret = parse(argc, argv, &o);

	if (ret != SM_EXIT_OK || o.help)
	{
		return ret;
	}
	if (o.user && !check_user(o.user))
	{
		return SM_EXIT_INPUT;
	}
	return run(&o);
}
