/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_file.h"
#include "sm_countof.h"
#include "sm_mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/** Letters of the random part of a temporary name (as mkstemp uses). */
static const char tmp_letters[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Length of that random part. */
#define TMP_RANDOM_LEN 6
/** Files SQLite keeps beside a database (a temporary database too). */
static const char *const sqlite_suffixes[] = {"-wal", "-shm", "-journal"};

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

bool sm_path_dir(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (!slash)
	{
		path = ".";
		len = 1;
	}
	else
	{
		len = slash == path ? 1 : (size_t)(slash - path);
	}
	if (len >= size)
	{
		return false;
	}
	memcpy(buf, path, len);
	buf[len] = '\0';
	return true;
}

const char *sm_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* split path into its directory (dir, "." or "/") and last name (base) */
static int split_path(const char *path, char *dir, size_t dirsize, char *base,
					  size_t basesize)
{
	const char *name = sm_path_base(path);

	if (!*name)
	{
		errno = EISDIR;
		return -1;
	}
	if (strlen(name) >= basesize || !sm_path_dir(path, dir, dirsize))
	{
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(base, name);
	return 0;
}

/* whether name is one of ours: STEM.XXXXXX, maybe with a SQLite suffix */
static bool tmp_name(const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < countof(sqlite_suffixes); i++)
	{
		size_t slen = strlen(sqlite_suffixes[i]);

		if (len > slen && !strcmp(name + len - slen, sqlite_suffixes[i]))
		{
			len -= slen;
			break;
		}
	}
	if (len < TMP_RANDOM_LEN + 2 || name[len - TMP_RANDOM_LEN - 1] != '.')
	{
		return false;
	}
	for (i = len - TMP_RANDOM_LEN; i < len; i++)
	{
		if (!name[i] || !strchr(tmp_letters, name[i]))
		{
			return false;
		}
	}
	return true;
}

/* remove our leftovers from an exclusively locked SM_FILE_TMPDIR */
static size_t remove_leftovers(int tmpdirfd)
{
	struct dirent *e;
	struct stat st;
	size_t n = 0;
	DIR *d;
	int fd;

	fd = openat(tmpdirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d)
	{
		if (fd >= 0)
		{
			close(fd);
		}
		return 0;
	}
	while ((e = readdir(d)))
	{
		if (tmp_name(e->d_name) &&
			fstatat(tmpdirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			S_ISREG(st.st_mode) && unlinkat(tmpdirfd, e->d_name, 0) == 0)
		{
			n++;
		}
	}
	closedir(d);
	return n;
}

/* with no other writer (exclusive lock), remove leftovers and the
 * directory; the lock goes with the descriptor */
static size_t tidy_tmpdir(int dirfd, int tmpdirfd)
{
	size_t n;

	if (flock(tmpdirfd, LOCK_EX | LOCK_NB) != 0)
	{
		return 0;
	}
	n = remove_leftovers(tmpdirfd);
	unlinkat(dirfd, SM_FILE_TMPDIR, AT_REMOVEDIR);
	return n;
}

/* open dir's SM_FILE_TMPDIR (creating it 0700), check that it is ours and
 * share-lock it; retries when a concurrent writer removed it meanwhile */
static int open_tmpdir(int dirfd, bool create)
{
	struct stat st, now;
	int fd, tries, err;
	bool made;

	for (tries = 0; tries < 16; tries++)
	{
		made = create && mkdirat(dirfd, SM_FILE_TMPDIR, 0700) == 0;
		if (create && !made && errno != EEXIST)
		{
			return -1;
		}
		/* under umask 777 it was made 0000, which its owner cannot open
		 * unless root: 0700 by name first (the fchmod below fixes a
		 * directory someone loosened) */
		if (made && fchmodat(dirfd, SM_FILE_TMPDIR, 0700, 0) != 0)
		{
			return -1;
		}
		fd = openat(dirfd, SM_FILE_TMPDIR,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
		{
			if (errno == ENOENT && create)
			{
				continue;
			}
			if (errno == ELOOP || errno == ENOTDIR)
			{
				errno = EPERM;
			}
			return -1;
		}
		if (fstat(fd, &st) != 0)
		{
			goto fail;
		}
		if (st.st_uid != geteuid())
		{
			/* a directory of this name that someone else made */
			errno = EPERM;
			goto fail;
		}
		/* 0700 whatever the umask (or whoever loosened it) */
		if ((st.st_mode & 07777) != 0700 && fchmod(fd, 0700) != 0)
		{
			goto fail;
		}
		if (flock(fd, create ? LOCK_SH : LOCK_EX | LOCK_NB) != 0)
		{
			goto fail;
		}
		/* still the directory of that name, not one a tidying writer
		 * removed between our open and our lock */
		if (fstatat(dirfd, SM_FILE_TMPDIR, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
			now.st_dev == st.st_dev && now.st_ino == st.st_ino)
		{
			return fd;
		}
		close(fd);
		if (!create)
		{
			errno = ENOENT;
			return -1;
		}
	}
	errno = EAGAIN;
	return -1;

fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

int sm_file_tmp_create(sm_file_tmp_t *tmp, const char *path, mode_t mode)
{
	char dir[PATH_MAX];
	unsigned char rnd[TMP_RANDOM_LEN];
	size_t stem, i;
	int tries, err, len;

	memset(tmp, 0, sizeof(*tmp));
	tmp->dirfd = tmp->tmpdirfd = tmp->fd = -1;
	if (split_path(path, dir, sizeof(dir), tmp->base, sizeof(tmp->base)) != 0)
	{
		return -1;
	}
	/* room for ".XXXXXX" and "-journal" within NAME_MAX */
	stem = strlen(tmp->base);
	if (stem > NAME_MAX - TMP_RANDOM_LEN - 1 - strlen("-journal"))
	{
		stem = NAME_MAX - TMP_RANDOM_LEN - 1 - strlen("-journal");
	}
	tmp->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tmp->dirfd < 0)
	{
		goto fail;
	}
	tmp->tmpdirfd = open_tmpdir(tmp->dirfd, true);
	if (tmp->tmpdirfd < 0)
	{
		goto fail;
	}
	for (tries = 0; tries < 100; tries++)
	{
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		{
			goto fail;
		}
		len = snprintf(tmp->name, sizeof(tmp->name), "%.*s.", (int)stem,
					   tmp->base);
		for (i = 0; i < TMP_RANDOM_LEN; i++)
		{
			tmp->name[len + i] =
				tmp_letters[rnd[i] % (sizeof(tmp_letters) - 1)];
		}
		tmp->name[len + TMP_RANDOM_LEN] = '\0';
		tmp->fd =
			openat(tmp->tmpdirfd, tmp->name,
				   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (tmp->fd >= 0 || errno != EEXIST)
		{
			break;
		}
	}
	if (tmp->fd < 0)
	{
		tmp->name[0] = '\0';
		goto fail;
	}
	/* mode first: a private key is never readable by others, not even
	 * while it is being written */
	if (fchmod(tmp->fd, mode & 07777) != 0)
	{
		goto fail;
	}
	len = snprintf(tmp->path, sizeof(tmp->path), "%s/%s/%s",
				   strcmp(dir, "/") ? dir : "", SM_FILE_TMPDIR, tmp->name);
	if (len < 0 || (size_t)len >= sizeof(tmp->path))
	{
		errno = ENAMETOOLONG;
		goto fail;
	}
	return 0;

fail:
	err = errno;
	sm_file_tmp_release(tmp);
	errno = err;
	return -1;
}

int sm_file_tmp_commit(sm_file_tmp_t *tmp, int flags)
{
	int fd = tmp->fd;

	tmp->fd = -1;
	if (fd < 0)
	{
		fd =
			openat(tmp->tmpdirfd, tmp->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
		{
			return -1;
		}
	}
	if (fsync(fd) != 0)
	{
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	if (close(fd) != 0)
	{
		return -1;
	}
	if (flags & SM_FILE_NOCLOBBER)
	{
		/* link() fails with EEXIST if a file appeared meanwhile */
		if (linkat(tmp->tmpdirfd, tmp->name, tmp->dirfd, tmp->base, 0) != 0)
		{
			return -1;
		}
		tmp->committed = true;
		unlinkat(tmp->tmpdirfd, tmp->name, 0);
	}
	else
	{
		if (renameat(tmp->tmpdirfd, tmp->name, tmp->dirfd, tmp->base) != 0)
		{
			return -1;
		}
		tmp->committed = true;
	}
	return fsync(tmp->dirfd);
}

void sm_file_tmp_release(sm_file_tmp_t *tmp)
{
	char name[NAME_MAX + 1];
	int err = errno;
	size_t i;

	if (tmp->fd >= 0)
	{
		close(tmp->fd);
		tmp->fd = -1;
	}
	if (tmp->tmpdirfd >= 0 && tmp->name[0] && !tmp->committed)
	{
		unlinkat(tmp->tmpdirfd, tmp->name, 0);
		for (i = 0; i < countof(sqlite_suffixes); i++)
		{
			if (snprintf(name, sizeof(name), "%s%s", tmp->name,
						 sqlite_suffixes[i]) < (int)sizeof(name))
			{
				unlinkat(tmp->tmpdirfd, name, 0);
			}
		}
	}
	if (tmp->tmpdirfd >= 0)
	{
		tidy_tmpdir(tmp->dirfd, tmp->tmpdirfd);
		close(tmp->tmpdirfd);
		tmp->tmpdirfd = -1;
	}
	if (tmp->dirfd >= 0)
	{
		close(tmp->dirfd);
		tmp->dirfd = -1;
	}
	tmp->name[0] = '\0';
	errno = err;
}

int sm_file_cleanup(const char *dir, size_t *removed)
{
	int dirfd, tmpdirfd, err = 0;
	size_t n = 0;

	if (removed)
	{
		*removed = 0;
	}
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
	{
		return errno == ENOENT ? 0 : -1;
	}
	tmpdirfd = open_tmpdir(dirfd, false);
	if (tmpdirfd < 0 && errno != ENOENT && errno != EWOULDBLOCK)
	{
		/* ENOENT: nothing to clean; EWOULDBLOCK: a writer is at work */
		err = errno;
	}
	if (tmpdirfd >= 0)
	{
		/* exclusively locked by open_tmpdir(): no writer uses it */
		n = remove_leftovers(tmpdirfd);
		unlinkat(dirfd, SM_FILE_TMPDIR, AT_REMOVEDIR);
		close(tmpdirfd);
	}
	close(dirfd);
	if (removed)
	{
		*removed = n;
	}
	errno = err;
	return err ? -1 : 0;
}

int sm_file_write(const char *path, const void *data, size_t len, mode_t mode,
				  int flags, sm_file_result_t *result)
{
	sm_file_tmp_t tmp;
	bool exists;
	int ret = -1;

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
	if (sm_file_tmp_create(&tmp, path, mode) != 0)
	{
		return -1;
	}
	if (write_all(tmp.fd, data, len) == 0 &&
		sm_file_tmp_commit(&tmp, flags & SM_FILE_NOCLOBBER) == 0)
	{
		ret = 0;
	}
	sm_file_tmp_release(&tmp);
	return ret;
}

/* grow a buffer that may hold a secret: never realloc(), which would leave
 * a copy behind in freed memory */
static char *grow(char *buf, size_t used, size_t size)
{
	char *nbuf = malloc(size);

	if (nbuf && buf)
	{
		memcpy(nbuf, buf, used);
	}
	if (buf)
	{
		sm_wipe(buf, used);
		free(buf);
	}
	return nbuf;
}

/* read what is left of fd (at most max bytes) into a NUL-terminated
 * buffer; size_hint: its size, if known */
static char *read_fd(int fd, size_t size_hint, size_t max, size_t *len)
{
	char *buf = NULL;
	size_t size = 0, used = 0;
	ssize_t n;
	int err;

	if (size_hint > max)
	{
		errno = EFBIG;
		return NULL;
	}
	size = size_hint + 1 > 4096 ? size_hint + 1 : 4096;
	buf = grow(NULL, 0, size);
	while (buf)
	{
		if (used + 1 >= size)
		{
			size *= 2;
			buf = grow(buf, used, size);
			if (!buf)
			{
				return NULL;
			}
		}
		n = read(fd, buf + used, size - used - 1);
		if (n < 0 && errno == EINTR)
		{
			continue;
		}
		if (n <= 0)
		{
			break;
		}
		used += (size_t)n;
		if (used > max)
		{
			errno = EFBIG;
			n = -1;
			break;
		}
	}
	if (!buf)
	{
		return NULL;
	}
	if (n < 0)
	{
		err = errno;
		sm_wipe(buf, used);
		free(buf);
		errno = err;
		return NULL;
	}
	buf[used] = '\0';
	if (len)
	{
		*len = used;
	}
	return buf;
}

/* sm_file_read() and sm_file_read_private(): with private, refuse files
 * that group or others may access */
static char *read_file(const char *path, size_t max, bool private, int flags,
					   size_t *len, struct stat *st)
{
	struct stat tmp;
	char *buf = NULL;
	int fd, err;

	st = st ? st : &tmp;
	memset(st, 0, sizeof(*st));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
	{
		return NULL;
	}
	if (fstat(fd, st) != 0)
	{
		err = errno;
		memset(st, 0, sizeof(*st));
		errno = err;
	}
	else if ((flags & SM_FILE_REGULAR) && !S_ISREG(st->st_mode))
	{
		errno = EINVAL;
	}
	else if (private && (st->st_mode & 077))
	{
		errno = EPERM;
	}
	else
	{
		buf = read_fd(fd, S_ISREG(st->st_mode) ? (size_t)st->st_size : 0, max,
					  len);
	}
	err = errno;
	close(fd);
	errno = err;
	return buf;
}

char *sm_file_read(const char *path, size_t max, size_t *len)
{
	return read_file(path, max, false, 0, len, NULL);
}

char *sm_file_read_private(const char *path, size_t max, int flags, size_t *len,
						   struct stat *st)
{
	return read_file(path, max, true, flags, len, st);
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
	while (len > 1 && buf[len - 1] == '/')
	{
		buf[--len] = '\0';
	}
	for (i = 1; i <= len; i++)
	{
		if (buf[i] == '/' || buf[i] == '\0')
		{
			mode_t m = i == len ? mode & 07777 : 0755;
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, m) == 0)
			{
				/* the umask narrowed it: a directory we made gets the
				 * mode asked for, not 0000 under umask 777 */
				if (chmod(buf, m) != 0)
				{
					return -1;
				}
			}
			else if (errno != EEXIST)
			{
				return -1;
			}
			buf[i] = c;
		}
	}
	return 0;
}
