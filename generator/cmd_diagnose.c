/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile diagnose [--json] [--since TIME] [FILE...]: read charon logs
 * (one side or both) and say, for each connection attempt, why it failed
 * and what to change, or that it was established.
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "diagnose/diagnose.h"
#include "diagnose/report.h"

#include <errno.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/** The log scripts/gateway writes (SM_CHARON_LOG overrides, as there). */
#define GATEWAY_LOG "/var/log/swanmobile/charon.log"

static void usage(FILE *out)
{
	fprintf(out,
			"usage: swanmobile diagnose [--json] [--since TIME] [FILE...]\n"
			"\n"
			"Read charon logs and report, for each connection attempt, "
			"its cause (or that\n"
			"it was established), the values that differ, the fix and "
			"the lines that show it.\n"
			"Give the client's and the gateway's log together to match "
			"both sides.\n"
			"\n"
			"  FILE          a charon log (file logger, syslog, journalctl, "
			"swanctl --log);\n"
			"                '-' is standard input; none: the gateway's "
			"log (" GATEWAY_LOG ",\n"
			"                else journalctl -u strongswan.service)\n"
			"  --json        one JSON object per attempt (swanmobile(8), "
			"DIAGNOSE)\n"
			"  --since TIME  ignore lines before TIME: '2024-12-01 "
			"14:00', '14:00:00',\n"
			"                'Dec  1 14:00:00', -30m, -2h, -1d, today, "
			"yesterday\n"
			"\n"
			"exit status: 0 read, 1 no charon log lines in the input, "
			"2 usage,\n"
			"3 a log cannot be read\n");
}

/** Parse --since; false if TIME is not understood. */
static bool parse_since(const char *arg, double now, double *since,
						sm_time_kind_t *kind)
{
	char *end;
	double n, local = sm_time_local(now);
	long days;

	if (!strcmp(arg, "today") || !strcmp(arg, "yesterday"))
	{
		days = (long)(local / 86400) - (arg[0] == 'y');
		*since = (double)days * 86400.0;
		*kind = SM_TIME_DATE;
		return true;
	}
	if (arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9')
	{
		n = strtod(arg + 1, &end);
		if (end[0] && !end[1] && strchr("smhd", end[0]))
		{
			n *= end[0] == 'm'   ? 60
				 : end[0] == 'h' ? 3600
				 : end[0] == 'd' ? 86400
								 : 1;
			*since = local - n;
			*kind = SM_TIME_DATE;
			return true;
		}
		return false;
	}
	*since = sm_time_parse(arg, strlen(arg), now, kind);
	return *kind != SM_TIME_NONE;
}

typedef struct {
	sm_report_t *report;
} out_t;

static void print_attempt(const sm_attempt_t *a, void *ctx)
{
	out_t *o = ctx;

	sm_report_attempt(o->report, a);
}

/**
 * Start journalctl with a fixed argv; its output is read through a pipe.
 * JSON keeps charon-systemd's fields (thread, group, IKE_SA unique id) that
 * the short formats drop.
 */
static FILE *journal(pid_t *pid)
{
	static char *const argv[] = {
		"journalctl", "--no-pager",         "--quiet", "-o", "json",
		"-u",         "strongswan.service", NULL,
	};
	posix_spawn_file_actions_t fa;
	int fds[2], rc;
	FILE *in;

	if (pipe(fds) != 0)
	{
		return NULL;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0)
	{
		close(fds[0]);
		errno = rc;
		return NULL;
	}
	in = fdopen(fds[0], "r");
	if (!in)
	{
		close(fds[0]);
	}
	return in;
}

/* a usage error: what was wrong, then the usage */
static int usage_error(const char *msg)
{
	fprintf(stderr, "swanmobile diagnose: %s\n\n", msg);
	usage(stderr);
	return SM_EXIT_USAGE;
}

int cmd_diagnose(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"since", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char msg[512];
	const char **names = NULL;
	FILE **in = NULL;
	sm_diagnose_t *d = NULL;
	out_t o = {NULL};
	bool json = false;
	double now = (double)time(NULL), since = 0;
	sm_time_kind_t since_kind = SM_TIME_NONE;
	unsigned long lines, charon;
	unsigned int n = 0, i, failed = 0;
	pid_t pid = -1;
	int ret = SM_EXIT_ENV, c, err, status;
	const char *gw_log = getenv("SM_CHARON_LOG");

	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "h", longopts, msg, sizeof(msg))) !=
		   -1)
	{
		switch (c)
		{
			case 'j':
				json = true;
				break;
			case 's':
				if (!parse_since(optarg, now, &since, &since_kind))
				{
					snprintf(msg, sizeof(msg),
							 "--since needs a time such as '2024-12-01 "
							 "14:00', '14:00:00' or -2h, not '%s'",
							 optarg);
					return usage_error(msg);
				}
				break;
			case 'h':
				usage(stdout);
				return SM_EXIT_OK;
			default:
				return usage_error(msg);
		}
	}
	names = calloc((size_t)(argc - optind) + 1, sizeof(char *));
	in = calloc((size_t)(argc - optind) + 1, sizeof(FILE *));
	if (!names || !in)
	{
		fprintf(stderr, "swanmobile diagnose: out of memory\n");
		goto out;
	}
	while (optind < argc)
	{
		names[n++] = argv[optind++];
	}
	if (n == 0)
	{
		names[n++] = gw_log && gw_log[0] ? gw_log : GATEWAY_LOG;
		if (access(names[0], R_OK) != 0)
		{
			if (errno != ENOENT)
			{
				fprintf(stderr, "swanmobile diagnose: %s: %s\n", names[0],
						strerror(errno));
				goto out;
			}
			names[0] = "journalctl -u strongswan.service";
			in[0] = journal(&pid);
			if (!in[0])
			{
				fprintf(stderr,
						"swanmobile diagnose: no log file %s and "
						"journalctl cannot be run (%s); give the log as FILE\n",
						gw_log && gw_log[0] ? gw_log : GATEWAY_LOG,
						strerror(errno));
				goto out;
			}
		}
	}
	for (i = 0; i < n; i++)
	{
		if (in[i])
		{
			continue;
		}
		in[i] = strcmp(names[i], "-") ? fopen(names[i], "r") : stdin;
		if (!in[i])
		{
			fprintf(stderr, "swanmobile diagnose: %s: %s\n", names[i],
					strerror(errno));
			goto out;
		}
	}
	o.report = sm_report_create(stdout, json, names, n);
	d = sm_diagnose_create(n, now, print_attempt, &o);
	if (!o.report || !d)
	{
		fprintf(stderr, "swanmobile diagnose: out of memory\n");
		goto out;
	}
	sm_diagnose_since(d, since, since_kind);
	err = sm_diagnose_run(d, in, &failed);
	sm_diagnose_finish(d);
	sm_report_finish(o.report);
	if (err)
	{
		fprintf(stderr, "swanmobile diagnose: %s: %s\n", names[failed],
				strerror(err));
		goto out;
	}
	sm_diagnose_counts(d, &lines, &charon);
	if (charon == 0)
	{
		fprintf(stderr, "swanmobile diagnose: no charon log lines in %s%s\n",
				n == 1 ? names[0] : "the input", lines ? "" : " (it is empty)");
		ret = SM_EXIT_INPUT;
		goto out;
	}
	ret = SM_EXIT_OK;

out:
	sm_diagnose_destroy(d);
	sm_report_destroy(o.report);
	for (i = 0; in && i < n; i++)
	{
		if (in[i] && in[i] != stdin)
		{
			fclose(in[i]);
		}
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid &&
		(!WIFEXITED(status) || WEXITSTATUS(status) != 0))
	{
		fprintf(stderr, "swanmobile diagnose: journalctl failed\n");
		ret = SM_EXIT_ENV;
	}
	free(names);
	free(in);
	return ret;
}
