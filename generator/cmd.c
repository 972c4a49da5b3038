/* SPDX-License-Identifier: GPL-2.0-or-later */
/* what the subcommands share: reading their options, exit codes, where
 * the templates are */
#include "config.h"

#include "cmd.h"
#include "pki/pki.h"
#include "users/user_secret.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the long option named by an argument "--NAME[=VALUE]" (given may be an
 * abbreviation); with val >= 0 only one with that value; NULL if none or
 * (for an abbreviation) more than one does; *count receives how many
 * matched */
static const struct option *find_long(const struct option *longopts,
									  const char *given, size_t len, int val,
									  int *count)
{
	const struct option *found = NULL;
	size_t i;

	*count = 0;
	for (i = 0; longopts[i].name; i++)
	{
		if (strncmp(longopts[i].name, given, len) ||
			(val >= 0 && longopts[i].val != val))
		{
			continue;
		}
		if (strlen(longopts[i].name) == len)
		{
			*count = 1;
			return &longopts[i];
		}
		found = &longopts[i];
		(*count)++;
	}
	return *count == 1 ? found : NULL;
}

/* describe what getopt_long() refused: c is '?' or ':' */
static void describe(int c, char *argv[], const struct option *longopts,
					 char *err, size_t errlen)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const struct option *opt = NULL;
	size_t len;
	int count = 0;

	/* a long option: "--NAME" or "--NAME=VALUE", of which only the name
	 * is shown (a value may be a secret); a short option refused in the
	 * middle of a cluster leaves optind at the cluster, so that arg is
	 * the element before it, which may be a long option of another
	 * value */
	if (!strncmp(arg, "--", 2) && arg[2])
	{
		len = strcspn(arg + 2, "=");
		opt = find_long(longopts, arg + 2, len, optopt ? optopt : -1, &count);
		if (optopt && !opt)
		{
			arg = NULL;
		}
	}
	else
	{
		arg = NULL;
	}
	if (!arg)
	{
		snprintf(err, errlen,
				 c == ':' ? "option '-%c' needs an argument"
						  : "unknown option '-%c'",
				 optopt);
	}
	else if (c == ':')
	{
		snprintf(err, errlen, "option '--%s' needs an argument", opt->name);
	}
	else if (opt)
	{
		snprintf(err, errlen, "option '--%s' takes no argument", opt->name);
	}
	else
	{
		snprintf(err, errlen, "%s option '--%.*s'",
				 count > 1 ? "ambiguous" : "unknown", (int)len, arg + 2);
	}
}

const char *sm_cmd_option_name(const struct option *longopts, int val)
{
	size_t i;

	for (i = 0; longopts[i].name; i++)
	{
		if (longopts[i].val == val)
		{
			return longopts[i].name;
		}
	}
	return "?";
}

int sm_cmd_getopt(int argc, char *argv[], const char *shortopts,
				  const struct option *longopts, char *err, size_t errlen)
{
	char optstring[64];
	int c;

	/* ':' first: a missing argument is told apart from an unknown
	 * option; no messages of getopt's own */
	snprintf(optstring, sizeof(optstring), ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, optstring, longopts, NULL);
	if (c == '?' || c == ':')
	{
		describe(c, argv, longopts, err, errlen);
		return '?';
	}
	return c;
}

bool sm_cmd_uint(const char *arg, unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	/* strtoul() would take a sign or leading space */
	if (*arg < '0' || *arg > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v > max)
	{
		return false;
	}
	*out = (unsigned int)v;
	return true;
}

bool sm_cmd_days(const char *cmd, const char *arg, unsigned int *days)
{
	if (sm_cmd_uint(arg, SM_PKI_DAYS_MAX, days))
	{
		return true;
	}
	fprintf(stderr, "swanmobile %s: --days expects a number of days (0-%d)\n",
			cmd, SM_PKI_DAYS_MAX);
	return false;
}

int sm_cmd_secret_exit(int result)
{
	switch ((sm_secret_result_t)result)
	{
		case SM_SECRET_OK:
			return SM_EXIT_OK;
		case SM_SECRET_EINPUT:
			return SM_EXIT_INPUT;
		case SM_SECRET_ENOTTY:
			return SM_EXIT_USAGE;
		case SM_SECRET_EENV:
			break;
	}
	return SM_EXIT_ENV;
}

const char *sm_cmd_templates_dir(void)
{
	const char *dir = getenv("SWANMOBILE_TEMPLATES");

	return dir ? dir : SM_TEMPLATESDIR;
}
