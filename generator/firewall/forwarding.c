/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IP forwarding switches of the running kernel (per network namespace) and
 * the sysctl.d file that turns them on at boot; finding the ruleset files
 * generate wrote.
 */
#include "config.h"

#include "firewall.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** Longest connection name (swanmobile.yaml(5), name). */
#define NAME_MAX_LEN 32

static const char *fwd_path(sm_fwd_t which)
{
	return which == SM_FWD_IPV4 ? "/proc/sys/net/ipv4/ip_forward"
								: "/proc/sys/net/ipv6/conf/all/forwarding";
}

/* see header file */
bool sm_forwarding_get(sm_fwd_t which, bool *on, sm_diag_t *diag)
{
	char buf[8] = "";
	ssize_t n;
	int fd;

	fd = open(fwd_path(which), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot read '%s': %s", fwd_path(which),
				 strerror(errno));
		return false;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot read '%s': %s", fwd_path(which),
				 n < 0 ? strerror(errno) : "empty");
		return false;
	}
	*on = buf[0] != '0';
	return true;
}

/* see header file */
bool sm_forwarding_enable(sm_fwd_t which, sm_diag_t *diag)
{
	int fd;

	fd = open(fwd_path(which), O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1\n", 2) != 2)
	{
		sm_error(diag, sm_nopos(NULL),
				 "cannot turn on %s forwarding ('%s'): "
				 "%s",
				 which == SM_FWD_IPV4 ? "IPv4" : "IPv6", fwd_path(which),
				 strerror(errno));
		if (fd >= 0)
		{
			close(fd);
		}
		return false;
	}
	close(fd);
	return true;
}

/* see header file */
char *sm_forwarding_conf(const char *name, bool ipv4, bool ipv6)
{
	char *text;

	if (asprintf(&text,
				 "# %s: IP forwarding for the VPN clients of\n"
				 "# connection '%s', written by 'swanmobile firewall apply' "
				 "(swanmobile %s)\n"
				 "# and removed by 'swanmobile firewall remove'; changes here "
				 "are lost.\n"
				 "%s%s",
				 SM_FIREWALL_SYSCTL, name, PACKAGE_VERSION,
				 ipv4 ? "net.ipv4.ip_forward = 1\n" : "",
				 ipv6 ? "net.ipv6.conf.all.forwarding = 1\n" : "") < 0)
	{
		return NULL;
	}
	return text;
}

/* a connection name: 1 to 32 of a-z, 0-9, '-' and '_' (never a path) */
static bool valid_name(const char *name)
{
	size_t len = strlen(name);

	return len && len <= NAME_MAX_LEN &&
		   strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") == len;
}

/* see header file */
char *sm_firewall_find(const char *root, const char *name, sm_diag_t *diag)
{
	char *dir = NULL, *path = NULL, *found = NULL, names[256] = "";
	size_t n = 0, len = 0;
	struct dirent *e;
	DIR *d = NULL;

	root = root && strcmp(root, "/") ? root : "";
	if (asprintf(&dir, "%s%s", root, SM_CONFDIR) < 0)
	{
		dir = NULL;
		goto oom;
	}
	if (name)
	{
		if (!valid_name(name))
		{
			sm_error(diag, sm_nopos(NULL),
					 "'%s' is not a connection name "
					 "(1 to 32 of a-z, 0-9, '-' and '_')",
					 name);
			goto out;
		}
		if (asprintf(&path, "%s/%s/%s", dir, name, SM_FIREWALL_FILE) < 0)
		{
			path = NULL;
			goto oom;
		}
		if (access(path, F_OK) != 0)
		{
			sm_error(diag, sm_nopos(NULL),
					 "no ruleset of connection '%s' "
					 "('%s': %s); 'swanmobile generate' writes it",
					 name, path, strerror(errno));
			goto out;
		}
		found = path;
		path = NULL;
		goto out;
	}
	d = opendir(dir);
	if (!d && errno != ENOENT)
	{
		sm_error(diag, sm_nopos(NULL), "cannot read '%s': %s", dir,
				 strerror(errno));
		goto out;
	}
	while (d && (e = readdir(d)))
	{
		if (!valid_name(e->d_name))
		{
			continue;
		}
		free(path);
		if (asprintf(&path, "%s/%s/%s", dir, e->d_name, SM_FIREWALL_FILE) < 0)
		{
			path = NULL;
			goto oom;
		}
		if (access(path, F_OK) != 0)
		{
			continue;
		}
		if (len < sizeof(names))
		{
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
									n ? ", " : "", e->d_name);
		}
		if (!n++)
		{
			found = path;
			path = NULL;
		}
	}
	if (!n)
	{
		sm_error(diag, sm_nopos(NULL),
				 "no ruleset below '%s': 'swanmobile "
				 "generate' writes one for each connection",
				 dir);
	}
	else if (n > 1)
	{
		sm_error(diag, sm_nopos(NULL),
				 "several connections have a ruleset "
				 "(%s) and the table " SM_FIREWALL_TABLE " holds one; name it "
				 "with --name",
				 names);
		free(found);
		found = NULL;
	}
	goto out;
oom:
	sm_error(diag, sm_nopos(NULL), "out of memory");
out:
	if (d)
	{
		closedir(d);
	}
	free(path);
	free(dir);
	return found;
}
