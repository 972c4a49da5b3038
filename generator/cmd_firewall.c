/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile firewall apply|remove|show: load the ruleset generate wrote
 * (the table inet swanmobile, one nft transaction) and turn IP forwarding
 * on, take both off the host again, or say what is loaded.
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "firewall/firewall.h"
#include "render/paths.h"

#include "sm_file.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const char *root;
	const char *name;
	bool quiet;
} options_t;

static void usage(FILE *out)
{
	fprintf(
		out,
		"usage: swanmobile firewall apply [--root DIR] [--name NAME] [--quiet]\n"
		"       swanmobile firewall remove [--root DIR] [--quiet]\n"
		"       swanmobile firewall show [--root DIR] [--name NAME]\n"
		"\n"
		"  apply    load the ruleset 'swanmobile generate' wrote (the table\n"
		"           " SM_FIREWALL_TABLE
		", in one transaction; unchanged if it is\n"
		"           loaded already), turn IP forwarding on for the pools'\n"
		"           families and write " SM_FIREWALL_SYSCTL "\n"
		"  remove   delete the table and the sysctl.d file (forwarding stays on)\n"
		"  show     whether the ruleset is loaded, forwarding, the loaded table\n"
		"\n"
		"  --root DIR   the generated files and the sysctl.d file are below DIR\n"
		"               (the rules always go to the running kernel)\n"
		"  --name NAME  the connection, when several have a ruleset\n"
		"  --quiet      print nothing but errors\n"
		"\n"
		"Needs root.  exit status: 0 ok, 2 usage, 3 environment (no ruleset,\n"
		"nft missing or failing, permissions)\n");
}

/* the connection's name: the directory the ruleset lies in */
static const char *conn_name(const char *file, char *buf, size_t size)
{
	char dir[PATH_MAX];

	snprintf(buf, size, "%s",
			 sm_path_dir(file, dir, sizeof(dir)) ? sm_path_base(dir) : "?");
	return buf;
}

/* ROOT/etc/sysctl.d/60-swanmobile.conf */
static char *sysctl_path(const options_t *o)
{
	const char *root = o->root && strcmp(o->root, "/") ? o->root : "";
	char *path;

	if (asprintf(&path, "%s%s", root, SM_FIREWALL_SYSCTL) < 0)
	{
		return NULL;
	}
	return path;
}

/* write the sysctl.d file (or remove it when nothing is forwarded), after
 * the checks generate makes on the directories it writes into */
static bool write_sysctl(const options_t *o, const char *name, bool ipv4,
						 bool ipv6, sm_diag_t *diag)
{
	char *path = sysctl_path(o), *text = NULL, dir[PATH_MAX];
	sm_paths_t *paths = sm_paths_create(o->root, name);
	sm_file_result_t res;
	bool ok = false;

	if (!path || !paths)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	if (!ipv4 && !ipv6)
	{
		if (unlink(path) == 0)
		{
			if (!o->quiet)
			{
				printf("removed %s\n", path);
			}
		}
		else if (errno != ENOENT)
		{
			sm_error(diag, sm_nopos(NULL), "cannot remove '%s': %s", path,
					 strerror(errno));
			goto out;
		}
		ok = true;
		goto out;
	}
	text = sm_forwarding_conf(name, ipv4, ipv6);
	if (!text)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	if (!sm_path_dir(path, dir, sizeof(dir)))
	{
		sm_error(diag, sm_nopos(NULL), "path too long: '%s'", path);
		goto out;
	}
	if (!sm_paths_check(paths, dir, diag))
	{
		goto out;
	}
	if (sm_mkdirs(dir, 0755) != 0 ||
		sm_file_write(path, text, strlen(text), 0644, 0, &res) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot write '%s': %s", path,
				 strerror(errno));
		goto out;
	}
	if (res != SM_FILE_UNCHANGED && !o->quiet)
	{
		printf("%s %s\n", res == SM_FILE_CREATED ? "created" : "updated", path);
	}
	ok = true;
out:
	free(text);
	free(path);
	sm_paths_destroy(paths);
	return ok;
}

/* turn a forwarding switch on unless it is */
static bool forward(const options_t *o, sm_fwd_t which, sm_diag_t *diag)
{
	bool on;

	if (!sm_forwarding_get(which, &on, diag))
	{
		return false;
	}
	if (on)
	{
		return true;
	}
	if (!sm_forwarding_enable(which, diag))
	{
		return false;
	}
	if (!o->quiet)
	{
		printf("turned on %s forwarding\n",
			   which == SM_FWD_IPV4 ? "IPv4" : "IPv6");
	}
	return true;
}

static int apply(const options_t *o, sm_diag_t *diag)
{
	sm_fw_status_t st = {0};
	char *file, name[64];
	bool removed;
	int ret = SM_EXIT_ENV;

	file = sm_firewall_find(o->root, o->name, diag);
	if (!file || !sm_firewall_status(file, &st, diag))
	{
		goto out;
	}
	conn_name(file, name, sizeof(name));
	/* the rules first: forwarding never runs without them */
	if (st.state == SM_FW_LOADED)
	{
		if (!o->quiet)
		{
			printf(st.expected ? "unchanged table " SM_FIREWALL_TABLE " (%s)\n"
							   : "no table " SM_FIREWALL_TABLE
								 " (firewall.enabled is false in %s)\n",
				   file);
		}
	}
	else if (!st.expected)
	{
		if (!sm_firewall_unload(&removed, diag))
		{
			goto out;
		}
		if (!o->quiet)
		{
			printf("removed table " SM_FIREWALL_TABLE " (firewall.enabled is "
				   "false in %s)\n",
				   file);
		}
	}
	else
	{
		if (!sm_firewall_load(file, diag))
		{
			goto out;
		}
		if (!o->quiet)
		{
			printf("loaded table " SM_FIREWALL_TABLE " from %s\n", file);
		}
	}
	if ((st.ipv4 && !forward(o, SM_FWD_IPV4, diag)) ||
		(st.ipv6 && !forward(o, SM_FWD_IPV6, diag)) ||
		!write_sysctl(o, name, st.ipv4, st.ipv6, diag))
	{
		goto out;
	}
	ret = SM_EXIT_OK;
out:
	sm_fw_status_clear(&st);
	free(file);
	return ret;
}

static int remove_all(const options_t *o, sm_diag_t *diag)
{
	bool removed, on;

	if (!sm_firewall_unload(&removed, diag))
	{
		return SM_EXIT_ENV;
	}
	if (!o->quiet)
	{
		printf("%s table " SM_FIREWALL_TABLE "\n", removed ? "removed" : "no");
	}
	if (!write_sysctl(o, "", false, false, diag))
	{
		return SM_EXIT_ENV;
	}
	if (!o->quiet)
	{
		/* other services (containers, routers) may need it */
		if (sm_forwarding_get(SM_FWD_IPV4, &on, diag) && on)
		{
			printf("IPv4 forwarding stays on ('sysctl -w "
				   "net.ipv4.ip_forward=0' turns it off)\n");
		}
		if (sm_forwarding_get(SM_FWD_IPV6, &on, diag) && on)
		{
			printf("IPv6 forwarding stays on ('sysctl -w "
				   "net.ipv6.conf.all.forwarding=0' turns it off)\n");
		}
	}
	return SM_EXIT_OK;
}

static const char *state_text(const sm_fw_status_t *st)
{
	switch (st->state)
	{
		case SM_FW_LOADED:
			return st->expected ? "loaded"
								: "not loaded (firewall.enabled "
								  "is false)";
		case SM_FW_DIFFERENT:
			return "loaded, but it differs from the ruleset ('swanmobile "
				   "firewall apply' loads the ruleset)";
		case SM_FW_ABSENT:
			return "not loaded ('swanmobile firewall apply' loads it)";
		case SM_FW_STALE:
			return "loaded, but firewall.enabled is false ('swanmobile "
				   "firewall apply' removes it)";
	}
	return "?";
}

static void show_forwarding(const char *family, sm_fwd_t which, bool needed,
							sm_diag_t *diag)
{
	bool on;

	if (!sm_forwarding_get(which, &on, diag))
	{
		return;
	}
	printf("%s forwarding: %s%s\n", family, on ? "on" : "off",
		   needed && !on ? " (needed: 'swanmobile firewall apply' turns it "
						   "on)"
						 : "");
}

static int show(const options_t *o, sm_diag_t *diag)
{
	sm_fw_status_t st = {0};
	char *file, *conf = NULL;
	int ret = SM_EXIT_ENV;

	file = sm_firewall_find(o->root, o->name, diag);
	if (!file || !sm_firewall_status(file, &st, diag))
	{
		goto out;
	}
	conf = sysctl_path(o);
	printf("ruleset: %s\n", file);
	printf("table " SM_FIREWALL_TABLE ": %s\n", state_text(&st));
	show_forwarding("IPv4", SM_FWD_IPV4, st.ipv4, diag);
	show_forwarding("IPv6", SM_FWD_IPV6, st.ipv6, diag);
	if (conf)
	{
		printf(
			"forwarding at boot: %s\n",
			access(conf, F_OK) == 0
				? conf
				: "no sysctl.d file ('swanmobile firewall apply' writes it)");
	}
	if (st.live)
	{
		printf("\n%s", st.live);
	}
	ret = SM_EXIT_OK;
out:
	sm_fw_status_clear(&st);
	free(conf);
	free(file);
	return ret;
}

/* a usage error of the command sub: what was wrong, then the usage */
static int usage_error(const char *sub, const char *msg)
{
	fprintf(stderr, "swanmobile firewall %s: %s\n\n", sub, msg);
	usage(stderr);
	return SM_EXIT_USAGE;
}

int cmd_firewall(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[SM_CMD_OPTERR_LEN];
	options_t o = {0};
	const char *sub;
	sm_diag_t *diag;
	int c, ret;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
	{
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SM_EXIT_USAGE : SM_EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "apply") && strcmp(sub, "remove") && strcmp(sub, "show"))
	{
		fprintf(stderr, "swanmobile firewall: unknown command '%s'\n\n", sub);
		usage(stderr);
		return SM_EXIT_USAGE;
	}
	/* the options of sub, which stands in for argv[0] */
	argc--;
	argv++;
	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "r:n:qh", longopts, err,
							  sizeof(err))) != -1)
	{
		switch (c)
		{
			case 'r':
				o.root = optarg;
				break;
			case 'n':
				o.name = optarg;
				break;
			case 'q':
				o.quiet = true;
				break;
			case 'h':
				usage(stdout);
				return SM_EXIT_OK;
			default:
				return usage_error(sub, err);
		}
	}
	if (optind != argc)
	{
		return usage_error(sub, "unexpected argument");
	}
	if (o.name && !strcmp(sub, "remove"))
	{
		return usage_error(sub, "--name is an option of apply and show");
	}
	diag = sm_diag_create();
	if (!diag)
	{
		fprintf(stderr, "swanmobile: out of memory\n");
		return SM_EXIT_ENV;
	}
	ret = !strcmp(sub, "apply")    ? apply(&o, diag)
		  : !strcmp(sub, "remove") ? remove_all(&o, diag)
								   : show(&o, diag);
	sm_diag_print(diag, stderr);
	sm_diag_destroy(diag);
	return ret;
}
