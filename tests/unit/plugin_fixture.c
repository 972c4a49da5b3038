/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared fixture of the plugin's unit tests, see plugin_fixture.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin_fixture.h"

/** lines captured since the last reset */
static int logged;
/** the last of them */
static char last_log[512];
/** all of them, one per line */
static char all_logs[8192];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/** see fixture_hold_lookups() */
static pthread_barrier_t *hold;

/** charon's dbg(), through which the plugin's non-daemon files log */
static void (*charon_dbg)(debug_t group, level_t level, char *fmt, ...);

/* the hook of fixture_hold_lookups(), then on to charon's bus as charon's
 * dbg() does it */
static void hook_dbg(debug_t group, level_t level, char *fmt, ...)
{
	va_list args;

	if (hold && level == 2 && strstr(fmt, "no enabled EAP user"))
	{
		pthread_barrier_wait(hold);
	}
	va_start(args, fmt);
	charon->bus->vlog(charon->bus, group, level, fmt, args);
	va_end(args);
}

static void capture_log(logger_t *this, debug_t group, level_t level,
						int thread, ike_sa_t *ike_sa, const char *message)
{
	if (level > 1 || strncmp(message, "swanmobile", 10) ||
		strstr(message, "mobile profile"))
	{
		return;
	}
	pthread_mutex_lock(&log_lock);
	logged++;
	snprintf(last_log, sizeof(last_log), "%s", message);
	snprintf(all_logs + strlen(all_logs), sizeof(all_logs) - strlen(all_logs),
			 "%s\n", message);
	pthread_mutex_unlock(&log_lock);
}

/* charon's default level for every group: what a stock gateway logs */
static level_t capture_level(logger_t *this, debug_t group)
{
	return LEVEL_CTRL;
}

static logger_t capture = {
	.log = capture_log,
	.get_level = capture_level,
};

int fixture_setup_daemon(void **state)
{
	(void)state;
	if (!library_init(NULL, "charon-swanmobile-test") || !libcharon_init())
	{
		return -1;
	}
	charon->bus->add_logger(charon->bus, &capture);
	charon_dbg = dbg;
	dbg = hook_dbg;
	return 0;
}

int fixture_teardown_daemon(void **state)
{
	(void)state;
	dbg = charon_dbg;
	charon->bus->remove_logger(charon->bus, &capture);
	libcharon_deinit();
	library_deinit();
	return 0;
}

sm_userdb_t *fixture_open_writer(fixture_t *f)
{
	sm_userdb_t *db;
	char err[512];

	if (sm_userdb_open(f->path, SM_USERDB_CREATE, 0, &db, err, sizeof(err)) !=
		SM_USERDB_OK)
	{
		fail_msg("%s", err);
	}
	return db;
}

fixture_t *fixture_create(const char *name)
{
	fixture_t *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sm-test-%s.XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/users.db", f->dir);
	f->db = fixture_open_writer(f);
	return f;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	return remove(path);
}

void fixture_destroy(fixture_t *f)
{
	if (f->provider)
	{
		f->provider->destroy(f->provider);
	}
	if (f->creds)
	{
		f->creds->destroy(f->creds);
	}
	if (f->users)
	{
		f->users->destroy(f->users);
	}
	sm_userdb_close(f->db);
	nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
}

void fixture_hash_of(const char *name, uint8_t hash[SM_NT_HASH_LEN])
{
	size_t len = min(strlen(name), SM_NT_HASH_LEN - 1);

	memset(hash, 0, SM_NT_HASH_LEN);
	memcpy(hash, name, len);
	hash[SM_NT_HASH_LEN - 1] = 0xA5;
}

void fixture_add(fixture_t *f, const char *name, bool enabled,
				 const char *vip4, const char *vip6, const char *dns)
{
	char err[256];
	sm_user_t user;

	sm_user_init(&user);
	assert_true(sm_user_set_identity(&user, name, NULL, 0));
	if (!sm_user_set_attrs(&user, vip4, vip6, dns, err, sizeof(err)))
	{
		fail_msg("%s", err);
	}
	fixture_hash_of(name, user.nt_hash);
	user.enabled = enabled;
	if (sm_userdb_add(f->db, &user) != SM_USERDB_OK)
	{
		fail_msg("%s", sm_userdb_errmsg(f->db));
	}
	sm_user_wipe(&user);
}

void fixture_settings(const char *text)
{
	char *buf;

	assert_true(asprintf(&buf, "%s { plugins { swanmobile { %s } } }",
						 lib->ns, text) > 0);
	assert_true(lib->settings->load_string(lib->settings, buf, FALSE));
	free(buf);
}

int fixture_fds_on(const char *path)
{
	char link[PATH_MAX], target[PATH_MAX];
	struct dirent *entry;
	ssize_t len;
	int n = 0;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	assert_non_null(dir);
	while ((entry = readdir(dir)))
	{
		snprintf(link, sizeof(link), "/proc/self/fd/%s", entry->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len > 0)
		{
			target[len] = '\0';
			n += streq(target, path);
		}
	}
	closedir(dir);
	return n;
}

void fixture_log_reset(void)
{
	pthread_mutex_lock(&log_lock);
	logged = 0;
	last_log[0] = '\0';
	all_logs[0] = '\0';
	pthread_mutex_unlock(&log_lock);
}

int fixture_logged(void)
{
	int n;

	pthread_mutex_lock(&log_lock);
	n = logged;
	pthread_mutex_unlock(&log_lock);
	return n;
}

const char *fixture_last_log(void)
{
	return last_log;
}

bool fixture_last_log_has(const char *text)
{
	bool found;

	pthread_mutex_lock(&log_lock);
	found = strstr(last_log, text) != NULL;
	pthread_mutex_unlock(&log_lock);
	return found;
}

bool fixture_log_has(const char *text)
{
	bool found;

	pthread_mutex_lock(&log_lock);
	found = strstr(all_logs, text) != NULL;
	pthread_mutex_unlock(&log_lock);
	return found;
}

void fixture_hold_lookups(pthread_barrier_t *barrier)
{
	hold = barrier;
}
