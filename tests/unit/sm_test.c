/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixtures shared by the unit tests of lib/ and generator/ */
#include "config.h"

#include "sm_test.h"

#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

char *sm_test_tmpdir(const char *name)
{
	char tmpl[PATH_MAX];

	if (snprintf(tmpl, sizeof(tmpl), "/tmp/sm-test-%s.XXXXXX", name) >=
			(int)sizeof(tmpl) ||
		!mkdtemp(tmpl))
	{
		return NULL;
	}
	return strdup(tmpl);
}

/* pre-order: give every directory back to its owner before it is read */
static int unlock_dir(const char *path, const struct stat *st, int flag,
					  struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
	{
		chmod(path, (st->st_mode & 07777) | 0700);
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
					  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void sm_test_rmtree(const char *dir)
{
	if (dir)
	{
		/* a test may have taken permissions away, here or below */
		chmod(dir, 0700);
		nftw(dir, unlock_dir, 16, FTW_PHYS);
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	}
}

void sm_test_path(char *buf, size_t size, const char *dir, const char *rel)
{
	assert_true(snprintf(buf, size, "%s/%s", dir, rel) < (int)size);
}
