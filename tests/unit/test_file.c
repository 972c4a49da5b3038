/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for lib/sm_file.c: atomic, idempotent, mode-safe writes */
#include "config.h"

#include "sm_test.h"

#include "sm_file.h"

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int setup_dir(void **state)
{
	char tmpl[] = "/tmp/sm-test-file.XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!dir)
	{
		return -1;
	}
	*state = strdup(dir);
	return *state ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[PATH_MAX + 300];
	char *dir = *state;
	DIR *d;
	struct dirent *e;

	d = opendir(dir);
	while (d && (e = readdir(d)))
	{
		if (e->d_name[0] != '.')
		{
			snprintf(cmd, sizeof(cmd), "%s/%s", dir, e->d_name);
			remove(cmd);
		}
	}
	if (d)
	{
		closedir(d);
	}
	rmdir(dir);
	free(dir);
	return 0;
}

static void path_in(void **state, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", (char *)*state, name);
}

/* number of directory entries other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
	{
		n += e->d_name[0] != '.';
	}
	closedir(d);
	return n;
}

static void test_create_update_unchanged(void **state)
{
	char path[512];
	struct stat st1, st2;
	sm_file_result_t res;
	size_t len;
	char *buf;

	path_in(state, "a.conf", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "one\n", 4, 0644, 0, &res), 0);
	assert_int_equal(res, SM_FILE_CREATED);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(st1.st_mode & 07777, 0644);

	/* the same content and mode: the file is left alone */
	assert_int_equal(sm_file_write(path, "one\n", 4, 0644, 0, &res), 0);
	assert_int_equal(res, SM_FILE_UNCHANGED);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);

	/* new content replaces the file through a rename */
	assert_int_equal(sm_file_write(path, "two\n", 4, 0644, 0, &res), 0);
	assert_int_equal(res, SM_FILE_UPDATED);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_not_equal(st1.st_ino, st2.st_ino);
	buf = sm_file_read(path, 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, 4);
	assert_string_equal(buf, "two\n");
	free(buf);

	/* only a mode change is an update too */
	assert_int_equal(sm_file_write(path, "two\n", 4, 0600, 0, &res), 0);
	assert_int_equal(res, SM_FILE_UPDATED);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st2.st_mode & 07777, 0600);
	assert_int_equal(entries(*state), 1);
}

static void test_private_mode_despite_umask(void **state)
{
	char path[512];
	struct stat st;
	mode_t old = umask(0);

	path_in(state, "key.pem", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "secret", 6, 0600, 0, NULL), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void test_noclobber_keeps_existing(void **state)
{
	char path[512];
	sm_file_result_t res;
	char *buf;

	path_in(state, "ca.key", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "key-1", 5, 0600, SM_FILE_NOCLOBBER,
								   &res), 0);
	assert_int_equal(res, SM_FILE_CREATED);
	errno = 0;
	assert_int_equal(sm_file_write(path, "key-2", 5, 0600, SM_FILE_NOCLOBBER,
								   &res), -1);
	assert_int_equal(errno, EEXIST);
	buf = sm_file_read(path, 1024, NULL);
	assert_string_equal(buf, "key-1");
	free(buf);
	/* identical content is not a clobber */
	assert_int_equal(sm_file_write(path, "key-1", 5, 0600, SM_FILE_NOCLOBBER,
								   &res), 0);
	assert_int_equal(res, SM_FILE_UNCHANGED);
	assert_int_equal(entries(*state), 1);
}

static void test_dry_run_writes_nothing(void **state)
{
	char path[512];
	sm_file_result_t res;

	path_in(state, "dry.conf", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "x", 1, 0644, SM_FILE_DRYRUN, &res), 0);
	assert_int_equal(res, SM_FILE_CREATED);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(entries(*state), 0);
}

static void test_failure_leaves_no_temp(void **state)
{
	char path[512];

	path_in(state, "missing-dir/x.conf", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "x", 1, 0644, 0, NULL), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(entries(*state), 0);
}

static void test_read_limit(void **state)
{
	char path[512];

	path_in(state, "big", path, sizeof(path));
	assert_int_equal(sm_file_write(path, "0123456789", 10, 0644, 0, NULL), 0);
	errno = 0;
	assert_null(sm_file_read(path, 9, NULL));
	assert_int_equal(errno, EFBIG);
}

static void test_mkdirs(void **state)
{
	char path[512];
	struct stat st;

	path_in(state, "a/b/c", path, sizeof(path));
	assert_int_equal(sm_mkdirs(path, 0700), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(sm_mkdirs(path, 0700), 0);
	rmdir(path);
	path_in(state, "a/b", path, sizeof(path));
	rmdir(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_update_unchanged, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_private_mode_despite_umask,
										setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_noclobber_keeps_existing,
										setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_failure_leaves_no_temp, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_limit, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_mkdirs, setup_dir, teardown_dir),
	};

	return sm_run_tests(tests);
}
