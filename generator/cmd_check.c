/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile check [--json] [--strict] [--clients] FILE: load and validate
 * a VPN description without writing anything, and say what each client
 * platform of its clients does against the gateway (profiles/report.c).
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "model/load.h"
#include "profiles/profiles.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "usage: swanmobile check [--json] [--strict] [--clients] "
				 "FILE\n"
				 "\n"
				 "Validate a VPN description (swanmobile.yaml(5)) and print "
				 "its errors and\n"
				 "warnings, each with its position, source line and a caret; "
				 "then, on\n"
				 "standard output, whether each client platform connects and "
				 "rekeys on its\n"
				 "own defaults or which generated profile it needs.\n"
				 "\n"
				 "  --json     print the diagnostics as JSON on stdout (no "
				 "client report)\n"
				 "  --strict   fail on warnings too\n"
				 "  --clients  the client report as one line of KEY=VALUE "
				 "words per platform\n"
				 "\n"
				 "exit status: 0 valid, 1 invalid (or warnings with "
				 "--strict), 2 usage,\n"
				 "3 the file cannot be read\n");
}

/* a usage error: what was wrong, then the usage */
static int usage_error(const char *msg)
{
	fprintf(stderr, "swanmobile check: %s\n\n", msg);
	usage(stderr);
	return SM_EXIT_USAGE;
}

int cmd_check(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"strict", no_argument, NULL, 's'},
		{"clients", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[SM_CMD_OPTERR_LEN];
	bool json = false, strict = false, clients = false;
	const char *file;
	sm_model_t *model = NULL;
	sm_diag_t *diag;
	int c, io_errno = 0, ret;

	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "h", longopts, err, sizeof(err))) !=
		   -1)
	{
		switch (c)
		{
			case 'j':
				json = true;
				break;
			case 's':
				strict = true;
				break;
			case 'c':
				clients = true;
				break;
			case 'h':
				usage(stdout);
				return SM_EXIT_OK;
			default:
				return usage_error(err);
		}
	}
	if (optind == argc)
	{
		return usage_error("missing FILE");
	}
	if (optind < argc - 1)
	{
		return usage_error("one FILE only");
	}
	file = argv[optind];
	diag = sm_diag_create();
	if (!diag)
	{
		fprintf(stderr, "swanmobile check: out of memory\n");
		return SM_EXIT_ENV;
	}
	model = sm_load_file(file, diag, &io_errno);
	if (model)
	{
		/* its warnings belong to the diagnostics printed below */
		sm_compat_report(model, diag, json ? NULL : stdout,
						 clients ? SM_REPORT_LINES : SM_REPORT_TEXT);
		fflush(stdout);
	}
	if (json)
	{
		sm_diag_print_json(diag, stdout);
	}
	else
	{
		sm_diag_print(diag, stderr);
	}
	if (io_errno)
	{
		ret = SM_EXIT_ENV;
	}
	else if (!model || (strict && sm_diag_count(diag, SM_WARNING)))
	{
		ret = SM_EXIT_INPUT;
	}
	else
	{
		ret = SM_EXIT_OK;
	}
	sm_model_destroy(model);
	sm_diag_destroy(diag);
	return ret;
}
