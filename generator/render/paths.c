/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "paths.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sm_paths_destroy(sm_paths_t *p)
{
	if (!p)
	{
		return;
	}
	free(p->root);
	free(p->swanctl_dir);
	free(p->conn_conf);
	free(p->secrets_conf);
	free(p->ca_cert);
	free(p->server_cert);
	free(p->server_key);
	free(p->state_dir);
	free(p->ca_key);
	free(p->backup_dir);
	free(p->plugin_conf);
	free(p->database);
	free(p->cert_name);
	free(p);
}

/* asprintf() that leaves NULL on failure */
static bool fmt(char **out, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static bool fmt(char **out, const char *format, ...)
{
	va_list args;
	int n;

	va_start(args, format);
	n = vasprintf(out, format, args);
	va_end(args);
	if (n < 0)
	{
		*out = NULL;
		return false;
	}
	return true;
}

sm_paths_t *sm_paths_create(const char *root, const char *name)
{
	sm_paths_t *p = calloc(1, sizeof(*p));
	size_t len;
	const char *r;
	bool ok;

	if (!p)
	{
		return NULL;
	}
	r = root ? root : "";
	len = strlen(r);
	/* "/" and "dir/" become "" and "dir": paths below start with '/' */
	while (len && r[len - 1] == '/')
	{
		len--;
	}
	p->root = strndup(r, len);
	if (!p->root)
	{
		sm_paths_destroy(p);
		return NULL;
	}
	r = p->root;
	ok = fmt(&p->swanctl_dir, "%s%s", r, SM_SWANCTLDIR) &&
		 fmt(&p->conn_conf, "%s%s/conf.d/%s.conf", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->secrets_conf, "%s%s/conf.d/%s-secrets.conf", r,
				  SM_SWANCTLDIR, name) &&
		 fmt(&p->ca_cert, "%s%s/x509ca/%s-ca.pem", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->server_cert, "%s%s/x509/%s.pem", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->server_key, "%s%s/private/%s.key", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->state_dir, "%s%s/%s", r, SM_CONFDIR, name) &&
		 fmt(&p->ca_key, "%s%s/%s/ca.key", r, SM_CONFDIR, name) &&
		 fmt(&p->backup_dir, "%s%s/%s/backup", r, SM_CONFDIR, name) &&
		 fmt(&p->plugin_conf, "%s%s/swanmobile.conf", r,
				  SM_CHARON_CONFDIR) &&
		 fmt(&p->database, "%s%s", r, SM_DATABASE_PATH) &&
		 fmt(&p->cert_name, "%s.pem", name);
	if (!ok)
	{
		sm_paths_destroy(p);
		return NULL;
	}
	return p;
}
