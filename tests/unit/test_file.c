/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for lib/sm_file.c: atomic, idempotent, mode-safe writes */
#include "config.h"

#include "sm_test.h"

#include "sm_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int setup_dir(void **state)
{
	*state = sm_test_tmpdir("file");
	return *state ? 0 : -1;
}

static int teardown_dir(void **state)
{
	sm_test_rmtree(*state);
	free(*state);
	return 0;
}

/* number of directory entries other than . and .. (dotfiles count) */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
	{
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
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

	sm_test_path(path, sizeof(path), *state, "a.conf");
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

	sm_test_path(path, sizeof(path), *state, "key.pem");
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

	sm_test_path(path, sizeof(path), *state, "ca.key");
	assert_int_equal(
		sm_file_write(path, "key-1", 5, 0600, SM_FILE_NOCLOBBER, &res), 0);
	assert_int_equal(res, SM_FILE_CREATED);
	errno = 0;
	assert_int_equal(
		sm_file_write(path, "key-2", 5, 0600, SM_FILE_NOCLOBBER, &res), -1);
	assert_int_equal(errno, EEXIST);
	buf = sm_file_read(path, 1024, NULL);
	assert_string_equal(buf, "key-1");
	free(buf);
	/* identical content is not a clobber */
	assert_int_equal(
		sm_file_write(path, "key-1", 5, 0600, SM_FILE_NOCLOBBER, &res), 0);
	assert_int_equal(res, SM_FILE_UNCHANGED);
	assert_int_equal(entries(*state), 1);
}

static void test_dry_run_writes_nothing(void **state)
{
	char path[512];
	sm_file_result_t res;

	sm_test_path(path, sizeof(path), *state, "dry.conf");
	assert_int_equal(sm_file_write(path, "x", 1, 0644, SM_FILE_DRYRUN, &res),
					 0);
	assert_int_equal(res, SM_FILE_CREATED);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(entries(*state), 0);
}

static void test_failure_leaves_no_temp(void **state)
{
	char path[512];

	sm_test_path(path, sizeof(path), *state, "missing-dir/x.conf");
	assert_int_equal(sm_file_write(path, "x", 1, 0644, 0, NULL), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(entries(*state), 0);
}

/* the temporary file is in a private subdirectory, never beside the target
 * (swanctl loads every regular file of private/ and x509ca/, dotfiles too) */
static void test_temp_in_private_subdir(void **state)
{
	char path[512], tmpdir[600];
	sm_file_tmp_t tmp;
	struct stat st;
	mode_t old = umask(0777);

	sm_test_path(path, sizeof(path), *state, "rw.key");
	sm_test_path(tmpdir, sizeof(tmpdir), *state, SM_FILE_TMPDIR);
	assert_int_equal(sm_file_tmp_create(&tmp, path, 0600), 0);
	umask(old);
	assert_int_equal(strncmp(tmp.path, tmpdir, strlen(tmpdir)), 0);
	assert_int_equal(tmp.path[strlen(tmpdir)], '/');
	assert_int_equal(lstat(tmpdir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	/* the target directory holds the subdirectory and nothing else */
	assert_int_equal(entries(*state), 1);
	assert_int_equal(lstat(tmp.path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(write(tmp.fd, "key", 3), 3);
	assert_int_equal(sm_file_tmp_commit(&tmp, SM_FILE_NOCLOBBER), 0);
	sm_file_tmp_release(&tmp);
	/* committed: the target, and neither temporary file nor directory */
	assert_int_equal(entries(*state), 1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 3);
	assert_int_equal(st.st_nlink, 1);
}

/* act as a concurrent writer: share-lock the directory's SM_FILE_TMPDIR,
 * so that a failing write cannot leave its mess to the tidying of the
 * last writer and must remove its own temporary file */
static int hold_tmpdir(void **state, char *tmpdir, size_t len)
{
	int fd;

	sm_test_path(tmpdir, len, *state, SM_FILE_TMPDIR);
	assert_int_equal(mkdir(tmpdir, 0700), 0);
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_SH), 0);
	return fd;
}

/* the rename fails after the temporary file was written (the target is a
 * non-empty directory): the temporary file and its directory are gone */
static void test_failed_rename_leaves_no_temp(void **state)
{
	char path[512], inner[600], tmpdir[600];
	int fd;

	sm_test_path(path, sizeof(path), *state, "x509");
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep.pem", path);
	assert_int_equal(sm_file_write(inner, "pem", 3, 0644, 0, NULL), 0);
	errno = 0;
	assert_int_equal(sm_file_write(path, "data", 4, 0644, 0, NULL), -1);
	assert_true(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST);
	assert_int_equal(entries(*state), 1);
	assert_int_equal(entries(path), 1);
	/* with another writer at work the failed write removes its own */
	fd = hold_tmpdir(state, tmpdir, sizeof(tmpdir));
	errno = 0;
	assert_int_equal(sm_file_write(path, "data", 4, 0644, 0, NULL), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(entries(tmpdir), 0);
	close(fd);
	assert_int_equal(rmdir(tmpdir), 0);
	/* the same with a file that must not be replaced */
	errno = 0;
	assert_int_equal(
		sm_file_write(path, "data", 4, 0644, SM_FILE_NOCLOBBER, NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(entries(*state), 1);
}

/* the write itself fails half way (file size limit): no temporary file,
 * and the old target is untouched */
static void test_failed_write_leaves_no_temp(void **state)
{
	char path[512], big[8192], tmpdir[600];
	struct rlimit old, lim;
	void (*old_handler)(int);
	char *buf;
	int fd;

	sm_test_path(path, sizeof(path), *state, "rw.conf");
	assert_int_equal(sm_file_write(path, "old\n", 4, 0644, 0, NULL), 0);
	memset(big, 'x', sizeof(big));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	errno = 0;
	assert_int_equal(sm_file_write(path, big, sizeof(big), 0644, 0, NULL), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(entries(*state), 1);
	/* with another writer at work the failed write removes its own */
	fd = hold_tmpdir(state, tmpdir, sizeof(tmpdir));
	errno = 0;
	assert_int_equal(sm_file_write(path, big, sizeof(big), 0644, 0, NULL), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(entries(tmpdir), 0);
	close(fd);
	assert_int_equal(rmdir(tmpdir), 0);
	buf = sm_file_read(path, 1024, NULL);
	assert_non_null(buf);
	assert_string_equal(buf, "old\n");
	free(buf);
}

/* a writer killed after writing its temporary file: the next write into
 * the directory removes the leftover, keeps what is not of ours */
static void test_next_write_removes_leftovers(void **state)
{
	char path[512], tmpdir[600], other[700];
	sm_file_tmp_t tmp;
	pid_t pid;
	int status;

	sm_test_path(path, sizeof(path), *state, "rw.key");
	sm_test_path(tmpdir, sizeof(tmpdir), *state, SM_FILE_TMPDIR);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
	{
		if (sm_file_tmp_create(&tmp, path, 0600) != 0 ||
			write(tmp.fd, "half", 4) != 4)
		{
			_exit(1);
		}
		raise(SIGKILL);
		_exit(2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(entries(tmpdir), 1);
	assert_int_equal(access(path, F_OK), -1);
	/* a foreign name in our directory is never removed */
	snprintf(other, sizeof(other), "%s/notes.txt", tmpdir);
	assert_int_equal(sm_file_write(other, "n", 1, 0600, 0, NULL), 0);
	assert_int_equal(entries(tmpdir), 2);

	assert_int_equal(
		sm_file_write(path, "key", 3, 0600, SM_FILE_NOCLOBBER, NULL), 0);
	assert_int_equal(entries(tmpdir), 1);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(unlink(other), 0);
	assert_int_equal(sm_file_write(path, "key2", 4, 0600, 0, NULL), 0);
	/* nothing left: the directory went with its last file */
	assert_int_equal(entries(*state), 1);
}

/* sm_file_cleanup() removes leftovers (also SQLite's) unless a writer holds
 * the directory */
static void test_cleanup(void **state)
{
	static const char *const leftovers[] = {
		"rw.key.aB3xY9",       "users.db.Qq1234",         "users.db.Qq1234-wal",
		"users.db.Qq1234-shm", "users.db.Qq1234-journal",
	};
	char tmpdir[600], path[700];
	size_t removed, i;
	int fd;

	sm_test_path(tmpdir, sizeof(tmpdir), *state, SM_FILE_TMPDIR);
	assert_int_equal(sm_file_cleanup(*state, &removed), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(mkdir(tmpdir, 0700), 0);
	for (i = 0; i < countof(leftovers); i++)
	{
		snprintf(path, sizeof(path), "%s/%s", tmpdir, leftovers[i]);
		assert_int_equal(sm_file_write(path, "x", 1, 0600, 0, NULL), 0);
	}
	/* not of the form NAME.XXXXXX: kept */
	snprintf(path, sizeof(path), "%s/rw.key.bak", tmpdir);
	assert_int_equal(sm_file_write(path, "x", 1, 0600, 0, NULL), 0);

	/* a writer at work (shared lock): nothing is touched */
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_SH), 0);
	assert_int_equal(sm_file_cleanup(*state, &removed), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(entries(tmpdir), (int)countof(leftovers) + 1);
	close(fd);

	assert_int_equal(sm_file_cleanup(*state, &removed), 0);
	assert_int_equal(removed, countof(leftovers));
	assert_int_equal(entries(tmpdir), 1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sm_file_cleanup(*state, &removed), 0);
	assert_int_equal(access(tmpdir, F_OK), -1);
}

/* a SM_FILE_TMPDIR that is not the caller's (or a symlink) is not used */
static void test_foreign_tmpdir_refused(void **state)
{
	char path[512], tmpdir[600], target[600];
	struct passwd *nobody = getpwnam("nobody");

	sm_test_path(path, sizeof(path), *state, "rw.conf");
	sm_test_path(tmpdir, sizeof(tmpdir), *state, SM_FILE_TMPDIR);
	sm_test_path(target, sizeof(target), *state, "elsewhere");
	assert_int_equal(mkdir(target, 0700), 0);
	assert_int_equal(symlink(target, tmpdir), 0);
	errno = 0;
	assert_int_equal(sm_file_write(path, "x", 1, 0644, 0, NULL), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(entries(target), 0);
	assert_int_equal(unlink(tmpdir), 0);
	if (geteuid() != 0 || !nobody)
	{
		return;
	}
	assert_int_equal(mkdir(tmpdir, 0700), 0);
	assert_int_equal(chown(tmpdir, nobody->pw_uid, nobody->pw_gid), 0);
	errno = 0;
	assert_int_equal(sm_file_write(path, "x", 1, 0644, 0, NULL), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(entries(tmpdir), 0);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_read_limit(void **state)
{
	char path[512];

	sm_test_path(path, sizeof(path), *state, "big");
	assert_int_equal(sm_file_write(path, "0123456789", 10, 0644, 0, NULL), 0);
	errno = 0;
	assert_null(sm_file_read(path, 9, NULL));
	assert_int_equal(errno, EFBIG);
}

/* reading grows the buffer past its first size, whatever the file type */
static void test_read_grows(void **state)
{
	char path[512], *data, *buf;
	size_t len = 0, i, n = 3 * 4096 + 7;
	int fds[2];

	sm_test_path(path, sizeof(path), *state, "grow");
	data = malloc(n);
	assert_non_null(data);
	for (i = 0; i < n; i++)
	{
		data[i] = (char)('a' + i % 26);
	}
	assert_int_equal(sm_file_write(path, data, n, 0600, 0, NULL), 0);
	buf = sm_file_read(path, n, &len);
	assert_non_null(buf);
	assert_int_equal(len, n);
	assert_memory_equal(buf, data, n);
	assert_int_equal(buf[n], '\0');
	free(buf);
	/* a pipe has no size to start from */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], data, 5000), 5000);
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	buf = sm_file_read(path, n, &len);
	close(fds[0]);
	assert_non_null(buf);
	assert_int_equal(len, 5000);
	assert_memory_equal(buf, data, 5000);
	free(buf);
	free(data);
}

/* a private file is checked on the open file before a byte is read */
static void test_read_private(void **state)
{
	char path[512], *buf;
	struct stat st;
	size_t len = 0;

	sm_test_path(path, sizeof(path), *state, "key");
	assert_int_equal(sm_file_write(path, "secret", 6, 0600, 0, NULL), 0);
	buf = sm_file_read_private(path, 64, SM_FILE_REGULAR, &len, &st);
	assert_non_null(buf);
	assert_string_equal(buf, "secret");
	assert_int_equal(len, 6);
	assert_true(S_ISREG(st.st_mode));
	free(buf);
	/* group or others may read it: refused, with the mode to report */
	assert_int_equal(chmod(path, 0640), 0);
	errno = 0;
	assert_null(sm_file_read_private(path, 64, 0, &len, &st));
	assert_int_equal(errno, EPERM);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(chmod(path, 0604), 0);
	assert_null(sm_file_read_private(path, 64, 0, &len, &st));
	assert_int_equal(errno, EPERM);
	assert_int_equal(chmod(path, 0600), 0);
	/* too large */
	assert_null(sm_file_read_private(path, 5, 0, &len, &st));
	assert_int_equal(errno, EFBIG);
	/* not a regular file, with SM_FILE_REGULAR */
	assert_int_equal(chmod((char *)*state, 0700), 0);
	assert_null(
		sm_file_read_private((char *)*state, 64, SM_FILE_REGULAR, &len, &st));
	assert_int_equal(errno, EINVAL);
	assert_true(S_ISDIR(st.st_mode));
	/* missing: nothing was opened */
	sm_test_path(path, sizeof(path), *state, "none");
	assert_null(sm_file_read_private(path, 64, 0, &len, &st));
	assert_int_equal(errno, ENOENT);
	assert_int_equal(st.st_mode, 0);
}

/* modes are explicit: the directory gets its mode, parents 0755, whatever
 * the umask; existing directories keep theirs */
static void test_mkdirs(void **state)
{
	char path[512];
	struct stat st;
	mode_t old = umask(0777);

	sm_test_path(path, sizeof(path), *state, "a/b/c");
	assert_int_equal(sm_mkdirs(path, 0700), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	sm_test_path(path, sizeof(path), *state, "a/b");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	sm_test_path(path, sizeof(path), *state, "a");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(chmod(path, 0750), 0);
	sm_test_path(path, sizeof(path), *state, "a/b/c");
	assert_int_equal(sm_mkdirs(path, 0700), 0);
	sm_test_path(path, sizeof(path), *state, "a");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);
}

/* the directory and last name of a path, as every caller splits it */
static void test_path_parts(void **state)
{
	static const struct {
		const char *path, *dir, *base;
	} cases[] = {
		{"/etc/swanctl/x509/rw.pem", "/etc/swanctl/x509", "rw.pem"},
		{"/users.db", "/", "users.db"},
		{"users.db", ".", "users.db"},
		{"a/b", "a", "b"},
		{"a/", "a", ""},
		{"/", "/", ""},
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_true(sm_path_dir(cases[i].path, buf, sizeof(buf)));
		assert_string_equal(buf, cases[i].dir);
		assert_string_equal(sm_path_base(cases[i].path), cases[i].base);
	}
	/* exactly fitting, one byte short */
	assert_true(sm_path_dir("abc/d", buf, 4));
	assert_string_equal(buf, "abc");
	assert_false(sm_path_dir("abc/d", buf, 3));
	assert_true(sm_path_dir("d", buf, 2));
	assert_false(sm_path_dir("d", buf, 1));
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
		cmocka_unit_test_setup_teardown(test_temp_in_private_subdir, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_rename_leaves_no_temp,
										setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_write_leaves_no_temp,
										setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_next_write_removes_leftovers,
										setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cleanup, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_foreign_tmpdir_refused, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_limit, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_grows, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_private, setup_dir,
										teardown_dir),
		cmocka_unit_test_setup_teardown(test_mkdirs, setup_dir, teardown_dir),
		cmocka_unit_test(test_path_parts),
	};

	return sm_run_tests(tests);
}
