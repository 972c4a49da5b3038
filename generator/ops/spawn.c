/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running the system's programs (ip, nsenter, ping) for selftest: a fixed
 * argument vector, no shell, no PATH search, standard input from
 * /dev/null, output captured, and a bounded wait.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *sm_spawn_which(const char *name, char *path, size_t len)
{
	static const char *const dirs[] = {"/usr/sbin", "/usr/bin", "/sbin",
									   "/bin"};
	size_t i;

	for (i = 0; i < countof(dirs); i++)
	{
		if (snprintf(path, len, "%s/%s", dirs[i], name) < (int)len &&
			access(path, X_OK) == 0)
		{
			return path;
		}
	}
	return NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sm_spawn_run(char *const argv[], char *output, size_t outlen,
				 int timeout_ms)
{
	/* a minimal environment: nothing of the caller's reaches the tools */
	static char *const env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
								"LC_ALL=C", NULL};
	posix_spawn_file_actions_t fa;
	long long deadline = now_ms() + timeout_ms;
	struct pollfd pfd;
	size_t used = 0;
	char discard[512];
	int fds[2], status = 0, ret = -1, err;
	bool open_pipe;
	pid_t pid;
	ssize_t n;

	if (output && outlen)
	{
		output[0] = '\0';
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
	{
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY,
									 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
	err = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err)
	{
		close(fds[0]);
		errno = err;
		return -1;
	}
	open_pipe = true;
	while (open_pipe)
	{
		pfd.fd = fds[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1,
				 (int)(deadline > now_ms() ? deadline - now_ms() : 0)) <= 0)
		{
			if (errno == EINTR && now_ms() < deadline)
			{
				continue;
			}
			/* too slow: kill it (its output pipe stays open otherwise) */
			kill(pid, SIGKILL);
			break;
		}
		if (output && used + 1 < outlen)
		{
			n = read(fds[0], output + used, outlen - used - 1);
			if (n > 0)
			{
				used += (size_t)n;
				output[used] = '\0';
			}
		}
		else
		{
			n = read(fds[0], discard, sizeof(discard));
		}
		open_pipe = n > 0 || (n < 0 && errno == EINTR);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
	{
		if (errno != EINTR)
		{
			return -1;
		}
	}
	if (WIFEXITED(status))
	{
		ret = WEXITSTATUS(status);
	}
	else if (WIFSIGNALED(status))
	{
		ret = 128 + WTERMSIG(status);
	}
	return ret;
}
