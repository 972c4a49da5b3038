/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running nft(8): load a ruleset, delete the table, list it, and list what
 * a ruleset file makes by loading it into a scratch network namespace.
 * nft runs as a child process with a fixed argument list (no shell), in
 * the C locale so that its messages can be recognised.
 */
#include "config.h"

#include "firewall.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/** Most output read from one nft run. */
#define MAX_OUTPUT (16 * 1024 * 1024)

/** Exit status of the child when the scratch namespace failed. */
#define EXIT_NO_NETNS 125
/** Exit status of the child when nft rejected the file in scratch. */
#define EXIT_SCRATCH 124

/** What one nft run printed and how it ended. */
typedef struct {
	char *out;
	size_t out_len;
	char *err;
	size_t err_len;
	/** exit status, or 128 + signal */
	int status;
} run_t;

static void run_clear(run_t *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/* append what fd has to *buf; false on EOF or error */
static bool drain(int fd, char **buf, size_t *len)
{
	char chunk[4096], *n;
	ssize_t got;

	got = read(fd, chunk, sizeof(chunk));
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
	{
		return true;
	}
	if (got <= 0)
	{
		return false;
	}
	if (*len + (size_t)got > MAX_OUTPUT)
	{
		/* keep reading so that the child never blocks, drop the rest */
		return true;
	}
	n = realloc(*buf, *len + (size_t)got + 1);
	if (!n)
	{
		return true;
	}
	*buf = n;
	memcpy(*buf + *len, chunk, (size_t)got);
	*len += (size_t)got;
	(*buf)[*len] = '\0';
	return true;
}

/* in the child: exec nft with args; never returns */
static void exec_nft(const char *const args[])
{
	execvp("nft", (char *const *)args);
	fprintf(stderr, "cannot run nft: %s\n", strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* in the child: move into a new network namespace and load file there */
static void scratch_load(const char *file)
{
	const char *args[] = {"nft", "-f", file, NULL};
	int status;
	pid_t pid;

	if (unshare(CLONE_NEWNET) != 0)
	{
		fprintf(stderr,
				"cannot create a network namespace to check the "
				"ruleset in: %s\n",
				strerror(errno));
		_exit(EXIT_NO_NETNS);
	}
	pid = fork();
	if (pid < 0)
	{
		_exit(EXIT_NO_NETNS);
	}
	if (pid == 0)
	{
		/* nothing to say on success; errors go to stderr */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		exec_nft(args);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
	{
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		_exit(WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 127
															  : EXIT_SCRATCH);
	}
}

/*
 * Run nft with args (args[0] "nft"), standard input from /dev/null; with
 * scratch, in a new network namespace after `nft -f scratch` succeeded
 * there.  False (with an error) only if the child could not be started.
 */
static bool run_nft(const char *const args[], const char *scratch, run_t *r,
					sm_diag_t *diag)
{
	int out[2] = {-1, -1}, err[2] = {-1, -1}, status, devnull;
	struct pollfd fds[2];
	bool ok = false;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot run nft: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot run nft: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
	{
		signal(SIGPIPE, SIG_DFL);
		devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 ||
			dup2(out[1], STDOUT_FILENO) < 0 || dup2(err[1], STDERR_FILENO) < 0)
		{
			_exit(126);
		}
		setenv("LC_ALL", "C", 1);
		if (scratch)
		{
			scratch_load(scratch);
		}
		exec_nft(args);
	}
	close(out[1]);
	close(err[1]);
	out[1] = err[1] = -1;
	fds[0] = (struct pollfd){.fd = out[0], .events = POLLIN};
	fds[1] = (struct pollfd){.fd = err[0], .events = POLLIN};
	while (fds[0].fd >= 0 || fds[1].fd >= 0)
	{
		if (poll(fds, 2, -1) < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			break;
		}
		if (fds[0].revents && !drain(out[0], &r->out, &r->out_len))
		{
			fds[0].fd = -1;
		}
		if (fds[1].revents && !drain(err[0], &r->err, &r->err_len))
		{
			fds[1].fd = -1;
		}
	}
	while (waitpid(pid, &status, 0) < 0)
	{
		if (errno != EINTR)
		{
			sm_error(diag, sm_nopos(NULL), "waiting for nft: %s",
					 strerror(errno));
			goto out;
		}
	}
	r->status =
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	ok = true;
out:
	if (out[0] >= 0)
	{
		close(out[0]);
	}
	if (out[1] >= 0)
	{
		close(out[1]);
	}
	if (err[0] >= 0)
	{
		close(err[0]);
	}
	if (err[1] >= 0)
	{
		close(err[1]);
	}
	return ok;
}

/* nft's message without trailing line breaks, "" for none */
static const char *message(run_t *r)
{
	if (!r->err)
	{
		return "";
	}
	while (r->err_len &&
		   (r->err[r->err_len - 1] == '\n' || r->err[r->err_len - 1] == '\r'))
	{
		r->err[--r->err_len] = '\0';
	}
	return r->err;
}

/* whether nft failed because the table is not there */
static bool no_table(const run_t *r)
{
	return r->status == 1 && r->err &&
		   strstr(r->err, "No such file or directory");
}

/* an error about a failed run, with advice for the usual causes */
static void failed(run_t *r, const char *what, sm_diag_t *diag)
{
	const char *msg = message(r);

	if (r->status == 127)
	{
		sm_error(diag, sm_nopos(NULL),
				 "%s: nft is not installed (Debian: "
				 "apt-get install nftables)",
				 what);
	}
	else if (strstr(msg, "Operation not permitted") ||
			 r->status == EXIT_NO_NETNS)
	{
		sm_error(diag, sm_nopos(NULL),
				 "%s: %s (run swanmobile firewall as "
				 "root)",
				 what, msg);
	}
	else
	{
		sm_error(diag, sm_nopos(NULL), "%s: nft failed: %s", what, msg);
	}
}

/* `nft -s list table inet swanmobile`, live or of a scratch file; *text
 * NULL when there is no table */
static bool list_table(const char *scratch, char **text, sm_diag_t *diag)
{
	static const char *const args[] = {"nft",  "-s",         "list", "table",
									   "inet", "swanmobile", NULL};
	bool ok = false;
	run_t r;

	*text = NULL;
	if (!run_nft(args, scratch, &r, diag))
	{
		return false;
	}
	if (r.status == 0)
	{
		*text = r.out ? r.out : strdup("");
		r.out = NULL;
		ok = *text != NULL;
		if (!ok)
		{
			sm_error(diag, sm_nopos(NULL), "out of memory");
		}
	}
	else if (no_table(&r))
	{
		ok = true;
	}
	else if (scratch && r.status == EXIT_SCRATCH)
	{
		sm_error(diag, sm_nopos(NULL), "nft rejects '%s': %s", scratch,
				 message(&r));
	}
	else
	{
		failed(&r,
			   scratch ? "checking the ruleset"
					   : "reading the table " SM_FIREWALL_TABLE,
			   diag);
	}
	run_clear(&r);
	return ok;
}

/* see header file */
bool sm_firewall_status(const char *file, sm_fw_status_t *st, sm_diag_t *diag)
{
	memset(st, 0, sizeof(*st));
	if (!list_table(file, &st->expected, diag) ||
		!list_table(NULL, &st->live, diag))
	{
		sm_fw_status_clear(st);
		return false;
	}
	if (st->expected)
	{
		st->ipv4 = strstr(st->expected, "\tset pool4 {\n") != NULL;
		st->ipv6 = strstr(st->expected, "\tset pool6 {\n") != NULL;
	}
	if (!st->expected)
	{
		st->state = st->live ? SM_FW_STALE : SM_FW_LOADED;
	}
	else if (!st->live)
	{
		st->state = SM_FW_ABSENT;
	}
	else
	{
		st->state =
			strcmp(st->live, st->expected) ? SM_FW_DIFFERENT : SM_FW_LOADED;
	}
	return true;
}

/* see header file */
void sm_fw_status_clear(sm_fw_status_t *st)
{
	free(st->live);
	free(st->expected);
	st->live = st->expected = NULL;
}

/* see header file */
bool sm_firewall_load(const char *file, sm_diag_t *diag)
{
	const char *args[] = {"nft", "-f", file, NULL};
	bool ok = false;
	run_t r;

	if (!run_nft(args, NULL, &r, diag))
	{
		return false;
	}
	if (r.status == 0)
	{
		ok = true;
	}
	else
	{
		failed(&r, "loading the ruleset", diag);
	}
	run_clear(&r);
	return ok;
}

/* see header file */
bool sm_firewall_unload(bool *removed, sm_diag_t *diag)
{
	static const char *const args[] = {"nft",  "delete",     "table",
									   "inet", "swanmobile", NULL};
	bool ok = true;
	run_t r;

	if (removed)
	{
		*removed = false;
	}
	if (!run_nft(args, NULL, &r, diag))
	{
		return false;
	}
	if (r.status == 0)
	{
		if (removed)
		{
			*removed = true;
		}
	}
	else if (!no_table(&r))
	{
		failed(&r, "deleting the table " SM_FIREWALL_TABLE, diag);
		ok = false;
	}
	run_clear(&r);
	return ok;
}
