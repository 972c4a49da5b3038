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
	free(p->profile_conf);
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
	ok = fmt(&p->swanctl_dir, "%s/etc/swanctl", r) &&
		 fmt(&p->conn_conf, "%s/etc/swanctl/conf.d/%s.conf", r, name) &&
		 fmt(&p->secrets_conf, "%s/etc/swanctl/conf.d/%s-secrets.conf", r,
				  name) &&
		 fmt(&p->ca_cert, "%s/etc/swanctl/x509ca/%s-ca.pem", r, name) &&
		 fmt(&p->server_cert, "%s/etc/swanctl/x509/%s.pem", r, name) &&
		 fmt(&p->server_key, "%s/etc/swanctl/private/%s.key", r, name) &&
		 fmt(&p->state_dir, "%s/etc/swanmobile/%s", r, name) &&
		 fmt(&p->ca_key, "%s/etc/swanmobile/%s/ca.key", r, name) &&
		 fmt(&p->backup_dir, "%s/etc/swanmobile/%s/backup", r, name) &&
		 fmt(&p->plugin_conf, "%s/etc/strongswan.d/charon/swanmobile.conf",
				  r) &&
		 fmt(&p->profile_conf,
			 "%s/etc/strongswan.d/charon/swanmobile-%s.conf", r, name) &&
		 fmt(&p->database, "%s%s", r, SM_DATABASE_PATH) &&
		 fmt(&p->cert_name, "%s.pem", name);
	if (!ok)
	{
		sm_paths_destroy(p);
		return NULL;
	}
	return p;
}
