/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile - provisions an IKEv2 road-warrior VPN on strongSwan.
 * This file only dispatches; each subcommand lives in cmd_<name>.c.
 */
#include "config.h"

#include "cmd.h"
#include "sm_countof.h"

#include <stdio.h>
#include <string.h>

static int cmd_help(int argc, char *argv[]);

/** The subcommands: dispatch table and usage text in one. */
static const struct {
	const char *name;
	sm_cmd_fn_t fn;
	const char *help;
} commands[] = {
	{"check", cmd_check,
	 "validate a VPN description (YAML) and show its errors"},
	{"diagnose", cmd_diagnose,
	 "read charon logs: why connections fail and what to change"},
	{"generate", cmd_generate,
	 "write the gateway's configuration, certificates and users"},
	{"renew", cmd_renew, "reissue certificates that expire soon"},
	{"firewall", cmd_firewall,
	 "load or remove the gateway's firewall and IP forwarding"},
	{"profile", cmd_profile,
	 "write a client profile (Windows, Apple, Android, Linux)"},
	{"user", cmd_user, "manage the EAP-MSCHAPv2 user database"},
	{"status", cmd_status,
	 "show who is connected, their traffic and the pools"},
	{"disconnect", cmd_disconnect, "terminate every connection of a user"},
	{"doctor", cmd_doctor, "check the host the gateway runs on, with fixes"},
	{"selftest", cmd_selftest,
	 "connect to the gateway as a client and check it"},
	{"datapath", cmd_datapath,
	 "whether the kernel carries IPsec, and charon's datapath"},
	{"version", cmd_version, "print the version of swanmobile"},
	{"help", cmd_help, "show this help"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: swanmobile <command> [options] [args]\n"
				 "       swanmobile --help | --version\n\ncommands:\n");
	for (i = 0; i < countof(commands); i++)
	{
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	}
	fprintf(out, "\n'swanmobile <command> --help' describes a command; "
				 "see swanmobile(8).\n"
				 "exit status: 0 ok, 1 invalid input, 2 usage, "
				 "3 environment (permissions, I/O, tools)\n");
}

static int cmd_help(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return SM_EXIT_OK;
}

int cmd_version(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	printf("swanmobile %s\n", PACKAGE_VERSION);
	return SM_EXIT_OK;
}

int main(int argc, char *argv[])
{
	size_t i;

	if (argc < 2)
	{
		usage(stderr);
		return SM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
	{
		return cmd_help(argc - 1, argv + 1);
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
	{
		return cmd_version(argc - 1, argv + 1);
	}
	for (i = 0; i < countof(commands); i++)
	{
		if (!strcmp(argv[1], commands[i].name))
		{
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "swanmobile: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return SM_EXIT_USAGE;
}
