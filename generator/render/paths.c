/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "paths.h"
#include "sm_file.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/** Most symbolic links followed on the way to one directory. */
#define MAX_LINKS 40

void sm_paths_destroy(sm_paths_t *p)
{
	size_t i;

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
	free(p->cert_conf);
	free(p->backup_dir);
	free(p->plugin_conf);
	free(p->profile_conf);
	free(p->datapath_conf);
	free(p->database);
	free(p->clients_dir);
	free(p->cert_name);
	for (i = 0; i < SM_DIR_MAX; i++)
	{
		free(p->dirs[i].path);
	}
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

/* the directory of file, with the mode generate gives it */
static bool dir_of(sm_path_dir_t *dir, const char *file, mode_t mode)
{
	/* never longer than file, or "." */
	size_t size = strlen(file) + 2;

	dir->mode = mode;
	dir->path = malloc(size);
	return dir->path && sm_path_dir(file, dir->path, size);
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
		 fmt(&p->secrets_conf, "%s%s/conf.d/%s-secrets.conf", r, SM_SWANCTLDIR,
			 name) &&
		 fmt(&p->ca_cert, "%s%s/x509ca/%s-ca.pem", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->server_cert, "%s%s/x509/%s.pem", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->server_key, "%s%s/private/%s.key", r, SM_SWANCTLDIR, name) &&
		 fmt(&p->state_dir, "%s%s/%s", r, SM_CONFDIR, name) &&
		 fmt(&p->ca_key, "%s%s/%s/ca.key", r, SM_CONFDIR, name) &&
		 fmt(&p->cert_conf, "%s%s/%s/" SM_CERT_CONF, r, SM_CONFDIR, name) &&
		 fmt(&p->backup_dir, "%s%s/%s/backup", r, SM_CONFDIR, name) &&
		 fmt(&p->plugin_conf, "%s%s/swanmobile.conf", r, SM_CHARON_CONFDIR) &&
		 fmt(&p->profile_conf, "%s%s/swanmobile-%s.conf", r, SM_CHARON_CONFDIR,
			 name) &&
		 fmt(&p->datapath_conf, "%s%s/" SM_DATAPATH_CONF, r,
			 SM_CHARON_CONFDIR) &&
		 fmt(&p->database, "%s%s", r, SM_DATABASE_PATH) &&
		 fmt(&p->cert_name, "%s.pem", name) &&
		 dir_of(&p->dirs[SM_DIR_CONF], p->conn_conf, 0755) &&
		 dir_of(&p->dirs[SM_DIR_X509CA], p->ca_cert, 0755) &&
		 dir_of(&p->dirs[SM_DIR_X509], p->server_cert, 0755) &&
		 dir_of(&p->dirs[SM_DIR_PRIVATE], p->server_key, 0700) &&
		 dir_of(&p->dirs[SM_DIR_CHARON], p->plugin_conf, 0755) &&
		 dir_of(&p->dirs[SM_DIR_STATE], p->ca_key, 0700) &&
		 fmt(&p->dirs[SM_DIR_BACKUP].path, "%s", p->backup_dir) &&
		 dir_of(&p->dirs[SM_DIR_DATABASE], p->database, 0700) &&
		 fmt(&p->clients_dir, "%s/clients", p->state_dir) &&
		 fmt(&p->dirs[SM_DIR_CLIENTS].path, "%s", p->clients_dir) &&
		 fmt(&p->dirs[SM_DIR_CLIENTS_LINUX].path, "%s/linux", p->clients_dir) &&
		 fmt(&p->dirs[SM_DIR_CLIENTS_CONF].path, "%s/linux/conf.d",
			 p->clients_dir) &&
		 fmt(&p->dirs[SM_DIR_CLIENTS_X509CA].path, "%s/linux/x509ca",
			 p->clients_dir);
	p->dirs[SM_DIR_BACKUP].mode = 0700;
	p->dirs[SM_DIR_CLIENTS].mode = 0755;
	p->dirs[SM_DIR_CLIENTS_LINUX].mode = 0755;
	p->dirs[SM_DIR_CLIENTS_CONF].mode = 0755;
	p->dirs[SM_DIR_CLIENTS_X509CA].mode = 0755;
	if (!ok)
	{
		sm_paths_destroy(p);
		return NULL;
	}
	return p;
}

/* whether st belongs to root or to the user running generate */
static bool trusted_owner(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

/* follow the symbolic link path (and the links it leads through), each of
 * which must belong to root or the caller; target receives where it
 * ends */
static bool check_links(const char *path, char *target, size_t size,
						sm_diag_t *diag)
{
	char cur[PATH_MAX], next[PATH_MAX], link[PATH_MAX];
	struct stat st;
	const char *slash;
	ssize_t len;
	int hops;

	snprintf(cur, sizeof(cur), "%s", path);
	for (hops = 0; hops < MAX_LINKS; hops++)
	{
		if (lstat(cur, &st) != 0)
		{
			sm_error(diag, sm_nopos(NULL),
					 "'%s' is a symbolic link to '%s', "
					 "which cannot be reached: %s",
					 path, cur, strerror(errno));
			return false;
		}
		if (!S_ISLNK(st.st_mode))
		{
			snprintf(target, size, "%s", cur);
			return true;
		}
		if (!trusted_owner(&st))
		{
			if (hops)
			{
				sm_error(diag, sm_nopos(NULL),
						 "'%s' leads through the "
						 "symbolic link '%s', which belongs to uid %u: a "
						 "link is followed only if it belongs to root or to "
						 "uid %u (the user running swanmobile)",
						 path, cur, (unsigned int)st.st_uid,
						 (unsigned int)geteuid());
			}
			else
			{
				sm_error(diag, sm_nopos(NULL),
						 "'%s' is a symbolic link that "
						 "belongs to uid %u: a link is followed only if it "
						 "belongs to root or to uid %u (the user running "
						 "swanmobile)",
						 path, (unsigned int)st.st_uid,
						 (unsigned int)geteuid());
			}
			return false;
		}
		len = readlink(cur, link, sizeof(link) - 1);
		if (len < 0)
		{
			sm_error(diag, sm_nopos(NULL),
					 "cannot read the symbolic link "
					 "'%s': %s",
					 cur, strerror(errno));
			return false;
		}
		link[len] = '\0';
		slash = strrchr(cur, '/');
		if (link[0] == '/' || !slash)
		{
			snprintf(next, sizeof(next), "%s", link);
		}
		else if ((size_t)snprintf(next, sizeof(next), "%.*s/%s",
								  (int)(slash - cur), cur,
								  link) >= sizeof(next))
		{
			sm_error(diag, sm_nopos(NULL), "'%s': path too long", path);
			return false;
		}
		memcpy(cur, next, sizeof(cur));
	}
	sm_error(diag, sm_nopos(NULL), "'%s': too many symbolic links", path);
	return false;
}

/* check one existing component; *missing if it does not exist */
static bool check_component(const char *path, bool *missing, sm_diag_t *diag)
{
	char target[PATH_MAX] = "", via[PATH_MAX + 32] = "";
	struct stat st;

	*missing = false;
	if (lstat(path, &st) != 0)
	{
		if (errno == ENOENT)
		{
			*missing = true;
			return true;
		}
		sm_error(diag, sm_nopos(NULL), "cannot access '%s': %s", path,
				 strerror(errno));
		return false;
	}
	if (S_ISLNK(st.st_mode))
	{
		if (!check_links(path, target, sizeof(target), diag))
		{
			return false;
		}
		if (stat(path, &st) != 0)
		{
			sm_error(diag, sm_nopos(NULL),
					 "'%s' is a symbolic link to '%s', "
					 "which cannot be reached: %s",
					 path, target, strerror(errno));
			return false;
		}
		snprintf(via, sizeof(via), " (a symbolic link to '%s')", target);
	}
	if (!S_ISDIR(st.st_mode))
	{
		sm_error(diag, sm_nopos(NULL), "'%s'%s is not a directory", path, via);
		return false;
	}
	if (!trusted_owner(&st))
	{
		sm_error(diag, sm_nopos(NULL),
				 "'%s'%s belongs to uid %u: swanmobile "
				 "writes only into directories of root or of uid %u (the user "
				 "running it)",
				 path, via, (unsigned int)st.st_uid, (unsigned int)geteuid());
		return false;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH))
	{
		sm_error(diag, sm_nopos(NULL),
				 "'%s'%s can be written by group or "
				 "others (mode %04o): run 'chmod go-w' on it",
				 path, via, (unsigned int)(st.st_mode & 07777));
		return false;
	}
	return true;
}

bool sm_paths_check(const sm_paths_t *p, const char *dir, sm_diag_t *diag)
{
	char buf[PATH_MAX];
	size_t rlen = strlen(p->root), len = strlen(dir), i;
	bool missing;

	if (len >= sizeof(buf) || strncmp(dir, p->root, rlen) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "'%s' is not below '%s'", dir, p->root);
		return false;
	}
	memcpy(buf, dir, len + 1);
	/* the root itself ("/" for the real system), then each component */
	if (!check_component(rlen ? p->root : "/", &missing, diag))
	{
		return false;
	}
	for (i = rlen + 1; !missing && i <= len; i++)
	{
		if (buf[i] == '/' || buf[i] == '\0')
		{
			char c = buf[i];

			buf[i] = '\0';
			if (!check_component(buf, &missing, diag))
			{
				return false;
			}
			buf[i] = c;
		}
	}
	return true;
}
