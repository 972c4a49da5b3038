/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* whether path holds exactly data with the given mode */
static bool same_file(const char *path, const void *data, size_t len,
					  mode_t mode, bool *exists)
{
	struct stat st;
	char buf[8192];
	size_t off = 0;
	ssize_t n;
	bool same = false;
	int fd;

	*exists = false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
	{
		*exists = errno != ENOENT;
		return false;
	}
	*exists = true;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
		(st.st_mode & 07777) != (mode & 07777) || (size_t)st.st_size != len)
	{
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
	{
		if (off + (size_t)n > len ||
			memcmp(buf, (const char *)data + off, (size_t)n) != 0)
		{
			goto out;
		}
		off += (size_t)n;
	}
	same = n == 0 && off == len;
out:
	close(fd);
	return same;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len)
	{
		ssize_t n = write(fd, p, len);

		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, ret;

	if (!slash)
	{
		strcpy(dir, ".");
	}
	else if (slash == path)
	{
		strcpy(dir, "/");
	}
	else
	{
		if ((size_t)(slash - path) >= sizeof(dir))
		{
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
	{
		return -1;
	}
	ret = fsync(fd);
	close(fd);
	return ret;
}

int sm_file_write(const char *path, const void *data, size_t len, mode_t mode,
				  int flags, sm_file_result_t *result)
{
	char tmp[PATH_MAX];
	bool exists;
	int fd, err;

	if (same_file(path, data, len, mode, &exists))
	{
		if (result)
		{
			*result = SM_FILE_UNCHANGED;
		}
		return 0;
	}
	if (exists && (flags & SM_FILE_NOCLOBBER))
	{
		errno = EEXIST;
		return -1;
	}
	if (result)
	{
		*result = exists ? SM_FILE_UPDATED : SM_FILE_CREATED;
	}
	if (flags & SM_FILE_DRYRUN)
	{
		return 0;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
	{
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
	{
		return -1;
	}
	/* mode first: a private key is never readable by others, not even
	 * while it is being written */
	if (fchmod(fd, mode & 07777) != 0 || write_all(fd, data, len) != 0 ||
		fsync(fd) != 0)
	{
		goto fail;
	}
	if (close(fd) != 0)
	{
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (flags & SM_FILE_NOCLOBBER)
	{
		/* link() fails with EEXIST if a file appeared meanwhile */
		if (link(tmp, path) != 0)
		{
			goto fail;
		}
		unlink(tmp);
	}
	else if (rename(tmp, path) != 0)
	{
		goto fail;
	}
	return fsync_dir_of(path);

fail:
	err = errno;
	if (fd >= 0)
	{
		close(fd);
	}
	unlink(tmp);
	errno = err;
	return -1;
}

char *sm_file_read(const char *path, size_t max, size_t *len)
{
	char *buf = NULL, *nbuf;
	size_t size = 0, used = 0;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		return NULL;
	}
	for (;;)
	{
		if (used + 1 >= size)
		{
			size = size ? size * 2 : 4096;
			nbuf = realloc(buf, size);
			if (!nbuf)
			{
				goto fail;
			}
			buf = nbuf;
		}
		n = read(fd, buf + used, size - used - 1);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			goto fail;
		}
		if (n == 0)
		{
			break;
		}
		used += (size_t)n;
		if (used > max)
		{
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	buf[used] = '\0';
	if (len)
	{
		*len = used;
	}
	return buf;

fail:
	err = errno;
	close(fd);
	free(buf);
	errno = err;
	return NULL;
}

int sm_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t i, len = strlen(path);

	if (len == 0 || len >= sizeof(buf))
	{
		errno = len ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++)
	{
		if (buf[i] == '/' || buf[i] == '\0')
		{
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, mode) != 0 && errno != EEXIST)
			{
				return -1;
			}
			buf[i] = c;
		}
	}
	return 0;
}
