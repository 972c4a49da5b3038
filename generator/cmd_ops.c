/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operating the running gateway: swanmobile status, disconnect, doctor and
 * selftest.  They share their options (where charon and the generated
 * files are); the work is in ops/.
 */
#include "config.h"

#include "cmd.h"
#include "ops/ops.h"
#include "users/user_secret.h"

#include "sm_mem.h"
#include "sm_user.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SM_STRONGSWAN_LIBDIR
#define SM_STRONGSWAN_LIBDIR "/usr/lib/ipsec"
#endif

/** Seconds selftest waits for the connection by default, and at most. */
#define SELFTEST_TIMEOUT 20
#define SELFTEST_TIMEOUT_MAX 600

/** The options, as sm_cmd_getopt() returns them (above every character). */
enum {
	OPT_URI = 256,
	OPT_ROOT,
	OPT_DB,
	OPT_CONN,
	OPT_JSON,
	OPT_DAYS,
	OPT_USER,
	OPT_PING,
	OPT_TIMEOUT,
};

/** An option's bit, to say which command takes which. */
#define BIT(opt) (1u << ((opt)-OPT_URI))

#define O_URI BIT(OPT_URI)
#define O_ROOT BIT(OPT_ROOT)
#define O_DB BIT(OPT_DB)
#define O_CONN BIT(OPT_CONN)
#define O_JSON BIT(OPT_JSON)
#define O_DAYS BIT(OPT_DAYS)
#define O_USER BIT(OPT_USER)
#define O_PING BIT(OPT_PING)
#define O_TIMEOUT BIT(OPT_TIMEOUT)

static const struct option long_options[] = {
	{"uri", required_argument, NULL, OPT_URI},
	{"root", required_argument, NULL, OPT_ROOT},
	{"db", required_argument, NULL, OPT_DB},
	{"conn", required_argument, NULL, OPT_CONN},
	{"json", no_argument, NULL, OPT_JSON},
	{"days", required_argument, NULL, OPT_DAYS},
	{"user", required_argument, NULL, OPT_USER},
	{"ping", required_argument, NULL, OPT_PING},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/** A parsed command line. */
typedef struct {
	sm_ops_opts_t ops;
	/** --help: the usage was printed, nothing else is to be done */
	bool help;
	bool json;
	unsigned int days;
	const char *user;
	const char *ping;
	unsigned int timeout;
	/** the positional argument (disconnect's USER) */
	const char *arg;
} opts_t;

/** The commands, indexes of commands[]. */
typedef enum {
	CMD_STATUS,
	CMD_DISCONNECT,
	CMD_DOCTOR,
	CMD_SELFTEST,
} cmd_t;

/** The commands: options, arguments and usage. */
static const struct {
	const char *name;
	unsigned int options;
	/** name of the one positional argument, NULL for none */
	const char *arg;
	/** synopsis and description */
	const char *usage;
	/** the exit statuses */
	const char *exits;
} commands[] = {
	[CMD_STATUS] =
		{"status", O_URI | O_JSON, NULL,
		 "usage: swanmobile status [--json] [--uri URI]\n"
		 "\n"
		 "Show who is connected: for each IKE_SA the user (EAP identity),\n"
		 "virtual IPs, client address and port, since when, bytes and packets\n"
		 "in and out, IKE and ESP algorithms; then the address pools (size,\n"
		 "online and offline leases).\n",
		 "exit status: 0 ok, 2 usage, 3 charon cannot be asked\n"},
	[CMD_DISCONNECT] =
		{"disconnect", O_URI, "USER",
		 "usage: swanmobile disconnect [--uri URI] USER\n"
		 "\n"
		 "Terminate every IKE_SA authenticated as USER (or DOMAIN\\USER,\n"
		 "ignoring ASCII case).  To lock USER out, run 'swanmobile user\n"
		 "disable USER' first.\n",
		 "exit status: 0 disconnected, 1 USER is not connected (or could not\n"
		 "be disconnected), 2 usage, 3 charon cannot be asked\n"},
	[CMD_DOCTOR] =
		{"doctor", O_URI | O_ROOT | O_DB | O_CONN | O_JSON | O_DAYS, NULL,
		 "usage: swanmobile doctor [--json] [--uri URI] [--root DIR]\n"
		 "                         [--db PATH] [--conn NAME] [--days N]\n"
		 "\n"
		 "Check the host the gateway runs on, each with PASS, WARN, FAIL or\n"
		 "SKIP and the fix: charon and the plugin, the generated connections,\n"
		 "pools and certificates as loaded, UDP 500/4500, the firewall rules\n"
		 "generate wrote, IP forwarding, pools overlapping interfaces or\n"
		 "routes, the certificates as clients check them, the user database.\n",
		 "exit status: 0 nothing failed, 1 a check failed, 2 usage\n"},
	[CMD_SELFTEST] =
		{"selftest",
		 O_URI | O_ROOT | O_DB | O_CONN | O_JSON | O_USER | O_PING | O_TIMEOUT,
		 NULL,
		 "usage: swanmobile selftest [--json] [--user ID] [--ping ADDR]\n"
		 "                           [--uri URI] [--root DIR] [--db PATH]\n"
		 "                           [--conn NAME] [--timeout SECONDS]\n"
		 "\n"
		 "Connect to the gateway as a client from a throw-away network\n"
		 "namespace and check the virtual IP, the pushed DNS, domains and\n"
		 "routes, and a ping through the tunnel; as a temporary user, or as ID\n"
		 "with its password read from standard input.  Everything is removed\n"
		 "afterwards.\n",
		 "exit status: 0 passed, 1 failed, 2 usage, 3 cannot run the test,\n"
		 "128 + N interrupted by signal N\n"},
};

static void usage(FILE *out, cmd_t cmd)
{
	unsigned int o = commands[cmd].options;

	fputs(commands[cmd].usage, out);
	fputc('\n', out);
	if (o & O_JSON)
	{
		fputs("  --json         print JSON (swanmobile(8) describes it)\n",
			  out);
	}
	if (o & O_URI)
	{
		fputs(
			"  --uri URI      charon's vici socket (default " SM_VICI_DEFAULT_URI
			")\n",
			out);
	}
	if (o & O_ROOT)
	{
		fputs("  --root DIR     the gateway was generated below DIR "
			  "(generate --root)\n",
			  out);
	}
	if (o & O_DB)
	{
		fputs("  --db PATH      the user database (default: the plugin "
			  "settings' one)\n",
			  out);
	}
	if (o & O_CONN)
	{
		fputs("  --conn NAME    only the generated connection NAME\n", out);
	}
	if (o & O_USER)
	{
		fputs("  --user ID      connect as ID, its password on standard "
			  "input\n"
			  "  --ping ADDR    ping ADDR through the tunnel (default: an "
			  "address of\n"
			  "                 the gateway in the networks it routes to "
			  "clients)\n",
			  out);
	}
	if (o & O_DAYS)
	{
		fputs("  --days N       warn about certificates that expire "
			  "within N days\n"
			  "                 (default: each connection's "
			  "certificate.renew_before)\n",
			  out);
	}
	if (o & O_TIMEOUT)
	{
		fprintf(out,
				"  --timeout S    wait S seconds for the connection "
				"(default %d)\n",
				SELFTEST_TIMEOUT);
	}
	fputc('\n', out);
	fputs(commands[cmd].exits, out);
}

/* a usage error of command cmd: what was wrong, then the usage; the exit
 * code */
static int usage_error(cmd_t cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(cmd_t cmd, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "swanmobile %s: ", commands[cmd].name);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputs("\n\n", stderr);
	usage(stderr, cmd);
	return SM_EXIT_USAGE;
}

/* parse argv for command cmd into o: SM_EXIT_OK (with o->help after
 * printing the usage for --help), else SM_EXIT_USAGE after saying what
 * was wrong */
static int parse(cmd_t cmd, int argc, char *argv[], opts_t *o)
{
	const char *name = commands[cmd].name;
	char err[SM_CMD_OPTERR_LEN];
	int c;

	/* a charon that goes away while it is asked is an error to report,
	 * not a reason to die (libvici writes without MSG_NOSIGNAL) */
	signal(SIGPIPE, SIG_IGN);
	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "h", long_options, err,
							  sizeof(err))) != -1)
	{
		if (c == 'h')
		{
			usage(stdout, cmd);
			o->help = true;
			return SM_EXIT_OK;
		}
		if (c == '?')
		{
			return usage_error(cmd, "%s", err);
		}
		if (!(commands[cmd].options & BIT(c)))
		{
			return usage_error(cmd,
							   "option '--%s' does not apply to this "
							   "command",
							   sm_cmd_option_name(long_options, c));
		}
		switch (c)
		{
			case OPT_URI:
				o->ops.uri = optarg;
				break;
			case OPT_ROOT:
				o->ops.root = optarg;
				break;
			case OPT_DB:
				o->ops.db = optarg;
				break;
			case OPT_CONN:
				o->ops.conn = optarg;
				break;
			case OPT_JSON:
				o->json = true;
				break;
			case OPT_DAYS:
				if (!sm_cmd_days(name, optarg, &o->days))
				{
					return SM_EXIT_USAGE;
				}
				break;
			case OPT_USER:
				o->user = optarg;
				break;
			case OPT_PING:
				o->ping = optarg;
				break;
			case OPT_TIMEOUT:
				if (!sm_cmd_uint(optarg, SELFTEST_TIMEOUT_MAX, &o->timeout) ||
					!o->timeout)
				{
					return usage_error(cmd,
									   "--timeout expects a number of "
									   "seconds (1-%d)",
									   SELFTEST_TIMEOUT_MAX);
				}
				break;
			default:
				break;
		}
	}
	if (commands[cmd].arg)
	{
		if (optind != argc - 1)
		{
			return usage_error(cmd, "expects one %s", commands[cmd].arg);
		}
		o->arg = argv[optind];
	}
	else if (optind != argc)
	{
		return usage_error(cmd, "takes no arguments");
	}
	return SM_EXIT_OK;
}

int cmd_status(int argc, char *argv[])
{
	opts_t o = {0};
	sm_status_t *status;
	char err[SM_OPS_ERR_LEN];
	int ret;

	ret = parse(CMD_STATUS, argc, argv, &o);
	if (ret != SM_EXIT_OK || o.help)
	{
		return ret;
	}
	if (sm_status_query(&o.ops, &status, err) != 0)
	{
		fprintf(stderr, "swanmobile status: %s%s\n", err,
				sm_vici_available() ? " (is charon running? swanmobile "
									  "doctor tells more)"
									: "");
		return SM_EXIT_ENV;
	}
	if (o.json)
	{
		sm_status_print_json(status, stdout);
	}
	else
	{
		sm_status_print(status, stdout);
	}
	sm_status_destroy(status);
	return SM_EXIT_OK;
}

int cmd_disconnect(int argc, char *argv[])
{
	sm_disconnect_result_t r;
	opts_t o = {0};
	char err[SM_OPS_ERR_LEN];
	int ret;

	ret = parse(CMD_DISCONNECT, argc, argv, &o);
	if (ret != SM_EXIT_OK || o.help)
	{
		return ret;
	}
	if (sm_disconnect(&o.ops, o.arg, stdout, &r, err) != 0)
	{
		fprintf(stderr, "swanmobile disconnect: %s\n", err);
		return SM_EXIT_ENV;
	}
	if (!r.found)
	{
		fprintf(stderr, "swanmobile disconnect: '%s' is not connected\n",
				o.arg);
		return SM_EXIT_INPUT;
	}
	if (r.remaining)
	{
		fprintf(stderr,
				"swanmobile disconnect: '%s' still has %zu IKE_SA%s "
				"(connected again? 'swanmobile user disable' keeps "
				"a user out)\n",
				o.arg, r.remaining, r.remaining == 1 ? "" : "s");
		return SM_EXIT_INPUT;
	}
	return r.terminated == r.found ? SM_EXIT_OK : SM_EXIT_INPUT;
}

int cmd_doctor(int argc, char *argv[])
{
	opts_t o = {.days = SM_OPS_RENEW_RECORDED};
	sm_checks_t *r;
	int ret;

	ret = parse(CMD_DOCTOR, argc, argv, &o);
	if (ret != SM_EXIT_OK || o.help)
	{
		return ret;
	}
	r = sm_doctor(&o.ops, o.days);
	if (!r)
	{
		fprintf(stderr, "swanmobile doctor: out of memory\n");
		return SM_EXIT_ENV;
	}
	if (o.json)
	{
		sm_checks_print_json(r, stdout);
	}
	else
	{
		sm_checks_print(r, stdout);
	}
	ret = sm_checks_count(r, SM_CHECK_FAIL) ? SM_EXIT_INPUT : SM_EXIT_OK;
	sm_checks_destroy(r);
	return ret;
}

int cmd_selftest(int argc, char *argv[])
{
	opts_t o = {.timeout = SELFTEST_TIMEOUT};
	sm_selftest_opts_t so;
	uint8_t hash[SM_NT_HASH_LEN];
	char err[256];
	sm_prefix_t ping;
	sm_checks_t *r;
	sm_user_t u;
	int ret, signo;

	ret = parse(CMD_SELFTEST, argc, argv, &o);
	if (ret != SM_EXIT_OK || o.help)
	{
		return ret;
	}
	if (o.ping &&
		(sm_prefix_parse(o.ping, &ping) != SM_NET_OK || strchr(o.ping, '/')))
	{
		fprintf(stderr,
				"swanmobile selftest: --ping '%s' is not an IPv4 or "
				"IPv6 address\n",
				o.ping);
		return SM_EXIT_USAGE;
	}
	so = (sm_selftest_opts_t){
		.ops = &o.ops,
		.ping = o.ping,
		.timeout = o.timeout,
		.charon = SM_STRONGSWAN_LIBDIR "/charon",
		.snippetdir = SM_CHARON_CONFDIR,
	};
	if (o.user)
	{
		sm_user_init(&u);
		if (!sm_user_set_identity(&u, o.user, err, sizeof(err)))
		{
			fprintf(stderr, "swanmobile selftest: --user: %s\n", err);
			return SM_EXIT_INPUT;
		}
		sm_user_wipe(&u);
		/* one line of standard input, hashed and wiped at once */
		ret = sm_secret_nt_hash(SM_SECRET_PASSWORD_STDIN, o.user, hash);
		if (ret != SM_EXIT_OK)
		{
			return ret;
		}
		so.user = o.user;
		so.nt_hash = hash;
	}
	r = sm_selftest(&so, &signo);
	sm_wipe(hash, sizeof(hash));
	if (!r)
	{
		fprintf(stderr, "swanmobile selftest: out of memory\n");
		return SM_EXIT_ENV;
	}
	if (o.json)
	{
		sm_checks_print_json(r, stdout);
	}
	else
	{
		sm_checks_print(r, stdout);
	}
	ret = signo ? 128 + signo
		  : !strcmp(sm_checks_get_fact(r, "result") ?: "", "error")
			  ? SM_EXIT_ENV
		  : sm_checks_count(r, SM_CHECK_FAIL) ? SM_EXIT_INPUT
											  : SM_EXIT_OK;
	sm_checks_destroy(r);
	return ret;
}
