/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile datapath: whether this kernel carries IPsec (ESP) and which
 * datapath the generated configuration gives charon; with --update, the
 * decision of gateway.datapath: auto taken again on this host (what
 * scripts/gateway up runs before it starts charon).
 */
#include "config.h"

#include "cmd.h"
#include "base/diag.h"
#include "base/esp.h"
#include "base/json.h"
#include "ops/ops.h"
#include "render/emit.h"
#include "render/paths.h"

#include "sm_file.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** What --update said to do. */
typedef struct {
	const char *root;
	const char *templates;
	bool update;
	bool json;
} options_t;

static void usage(FILE *out)
{
	fprintf(
		out,
		"usage: swanmobile datapath [--root DIR] [--update] [--json]\n"
		"                           [--templates DIR]\n"
		"\n"
		"Say whether this kernel carries IPsec (ESP) and which datapath\n"
		"the generated configuration gives charon: the kernel's IPsec\n"
		"(kernel-netlink) or ESP in userspace (kernel-libipsec).\n"
		"  --update         with gateway.datapath auto (or no snippet yet),\n"
		"                   decide again on this host and rewrite the\n"
		"                   snippet if that changes it (scripts/gateway up)\n"
		"  --root DIR       the root generate wrote below (default /)\n"
		"  --templates DIR  take the templates from DIR (default %s)\n"
		"  --json           print the result as JSON\n"
		"\n"
		"exit status: 0 the datapath can carry ESP here, 1 it cannot,\n"
		"2 usage, 3 the snippet cannot be read or written\n",
		SM_TEMPLATESDIR);
}

static const char *esp_word(sm_esp_t esp)
{
	return esp == SM_ESP_YES ? "yes" : esp == SM_ESP_NO ? "no" : "unknown";
}

/* write the snippet for a decision; false with the reason on stderr */
static bool write_conf(const options_t *o, const sm_datapath_conf_t *conf,
					   const sm_datapath_choice_t *c, bool *changed)
{
	sm_emit_ctx_t ctx = {
		.templates_dir = o->templates,
		.source = "swanmobile datapath --update",
	};
	sm_diag_t *diag = sm_diag_create();
	sm_outputs_t out = {0};
	sm_file_result_t res = SM_FILE_UNCHANGED;
	bool ok = false;

	if (!diag)
	{
		fprintf(stderr, "swanmobile: out of memory\n");
		return false;
	}
	if (!sm_emit_datapath(&ctx, c, conf->path, &out, diag))
	{
		sm_diag_print(diag, stderr);
		goto out;
	}
	if (sm_file_write(conf->path, out.files[0].data, out.files[0].len, 0644, 0,
					  &res) != 0)
	{
		fprintf(stderr, "swanmobile: cannot write '%s': %s\n", conf->path,
				strerror(errno));
		goto out;
	}
	*changed = res != SM_FILE_UNCHANGED;
	ok = true;
out:
	sm_outputs_clear(&out);
	sm_diag_destroy(diag);
	return ok;
}

static void print_json(const sm_datapath_conf_t *conf,
					   const sm_datapath_choice_t *c, bool works, bool changed,
					   const char *note)
{
	sm_json_t j;

	sm_json_init(&j, stdout);
	sm_json_object(&j, false);
	sm_json_key(&j, "kernel_esp");
	sm_json_str(&j, esp_word(c->esp));
	sm_json_key(&j, "kernel");
	sm_json_str(&j, c->why);
	sm_json_key(&j, "tun");
	sm_json_bool(&j, c->tun);
	sm_json_key(&j, "libipsec_installed");
	sm_json_bool(&j, c->plugin);
	sm_json_key(&j, "path");
	sm_json_str(&j, conf->path);
	sm_json_key(&j, "generated");
	sm_json_bool(&j, conf->found);
	sm_json_key(&j, "mode");
	sm_json_str(&j, sm_datapath_name(conf->mode));
	sm_json_key(&j, "configured");
	sm_json_str(&j, sm_datapath_name(conf->configured));
	sm_json_key(&j, "works");
	sm_json_bool(&j, works);
	sm_json_key(&j, "updated");
	sm_json_bool(&j, changed);
	sm_json_key(&j, "note");
	sm_json_str(&j, note);
	sm_json_end(&j);
}

static int run(const options_t *o)
{
	sm_datapath_conf_t conf;
	sm_datapath_choice_t c;
	char note[SM_ESP_WHY_LEN * 2];
	const char *said;
	bool changed = false, works;

	if (!sm_datapath_conf_read(o->root, &conf))
	{
		fprintf(stderr, "swanmobile: %s\n", conf.error);
		return SM_EXIT_ENV;
	}
	/* what the configuration asks for, decided on this host */
	sm_datapath_choose(conf.mode, &c);
	if (o->update && (!conf.found || conf.mode == SM_DATAPATH_AUTO) &&
		(!conf.found || c.chosen != conf.configured))
	{
		if (!write_conf(o, &conf, &c, &changed))
		{
			return SM_EXIT_ENV;
		}
		conf.found = true;
		conf.configured = c.chosen;
	}
	/* what charon will use, which may not be the decision (forced) */
	c.chosen = conf.configured;
	works = sm_datapath_works(&c);
	said = sm_datapath_note(&c, note, sizeof(note));
	if (o->json)
	{
		print_json(&conf, &c, works, changed, said);
	}
	else if (o->update)
	{
		if (changed)
		{
			printf("updated %s\n", conf.path);
		}
		if (said)
		{
			fprintf(works ? stdout : stderr, "datapath: %s\n", said);
		}
	}
	else
	{
		printf("kernel IPsec (ESP): %s: %s\n", esp_word(c.esp), c.why);
		printf("TUN device:         %s\n",
			   c.tun ? "/dev/net/tun opens" : c.tun_why);
		printf("kernel-libipsec:    %s\n",
			   c.plugin ? "installed in " SM_STRONGSWAN_PLUGINDIR
						: c.plugin_why);
		printf("configured:         %s (gateway.datapath %s)%s%s\n",
			   conf.configured == SM_DATAPATH_LIBIPSEC
				   ? "kernel-libipsec"
				   : "the kernel's IPsec (kernel-netlink)",
			   sm_datapath_name(conf.mode), conf.found ? " in " : "",
			   conf.found ? conf.path
						  : ", no snippet: the distribution's "
							"default");
		printf("verdict:            %s\n",
			   said ? said : "the kernel's IPsec carries ESP (kernel-netlink)");
	}
	return works ? SM_EXIT_OK : SM_EXIT_INPUT;
}

/* a usage error: what was wrong, then the usage */
static int usage_error(const char *msg)
{
	fprintf(stderr, "swanmobile datapath: %s\n\n", msg);
	usage(stderr);
	return SM_EXIT_USAGE;
}

int cmd_datapath(int argc, char *argv[])
{
	/** the options, as sm_cmd_getopt() returns them */
	enum {
		OPT_ROOT = 256,
		OPT_TEMPLATES,
		OPT_UPDATE,
		OPT_JSON,
	};
	static const struct option longopts[] = {
		{"root", required_argument, NULL, OPT_ROOT},
		{"templates", required_argument, NULL, OPT_TEMPLATES},
		{"update", no_argument, NULL, OPT_UPDATE},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	options_t o = {
		.templates = sm_cmd_templates_dir(),
	};
	char err[SM_CMD_OPTERR_LEN];
	int c;

	optind = 0;
	while ((c = sm_cmd_getopt(argc, argv, "h", longopts, err, sizeof(err))) !=
		   -1)
	{
		switch (c)
		{
			case OPT_ROOT:
				o.root = optarg;
				break;
			case OPT_TEMPLATES:
				o.templates = optarg;
				break;
			case OPT_UPDATE:
				o.update = true;
				break;
			case OPT_JSON:
				o.json = true;
				break;
			case 'h':
				usage(stdout);
				return SM_EXIT_OK;
			default:
				return usage_error(err);
		}
	}
	if (optind != argc)
	{
		return usage_error("takes no arguments");
	}
	return run(&o);
}
