/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * selftest's client side of the host: a child process in new network and
 * mount namespaces (its own /run, like the test bed's lib.sh gives each
 * charon), a veth pair from this namespace into it with a /30 of the
 * documentation ranges that clashes with nothing here, and the client's
 * charon started in it.  Between fork() and execve() the child makes only
 * system calls (this process runs libvici's threads).  It is killed when
 * this process dies (PR_SET_PDEATHSIG), and its namespaces, the veth pair
 * with them, vanish when its charon exits.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/** The client's end of the veth pair (inside its namespace). */
#define CLIENT_IF "smst0"
/** How long the child may take to make its namespaces (ms). */
#define READY_TIMEOUT_MS 5000
/** How long ip(8) and nsenter(1) may take (ms). */
#define TOOL_TIMEOUT_MS 5000
/** How long charon may take to stop (ms). */
#define STOP_TIMEOUT_MS 5000

bool sm_client_pick_link(sm_selftest_client_t *c, char *err)
{
	/* the documentation ranges, from their ends (rarely in use) */
	static const char *const ranges[] = {
		"203.0.113.0",
		"198.51.100.0",
		"192.0.2.0",
	};
	sm_prefix_t nets[1024], cand;
	sm_range_t a, b;
	size_t n, i, k;
	int block;
	bool clash;

	n = sm_host_networks(nets, countof(nets));
	for (i = 0; i < countof(ranges); i++)
	{
		for (block = 63; block >= 0; block--)
		{
			if (sm_prefix_parse(ranges[i], &cand) != SM_NET_OK)
			{
				continue;
			}
			cand.addr[3] = (uint8_t)(block * 4);
			cand.len = 30;
			sm_range_from_prefix(&cand, &a);
			clash = false;
			for (k = 0; k < n && !clash; k++)
			{
				if (nets[k].family != AF_INET)
				{
					continue;
				}
				sm_range_from_prefix(&nets[k], &b);
				clash = sm_range_overlaps(&a, &b);
			}
			if (!clash)
			{
				c->link = cand;
				cand.len = 32;
				cand.addr[3] = (uint8_t)(block * 4 + 2);
				sm_prefix_format(&cand, false, c->host_addr,
								 sizeof(c->host_addr));
				cand.addr[3] = (uint8_t)(block * 4 + 1);
				sm_prefix_format(&cand, false, c->client_addr,
								 sizeof(c->client_addr));
				return true;
			}
		}
	}
	snprintf(err, SM_OPS_ERR_LEN,
			 "every /30 of the documentation ranges "
			 "overlaps a network or route of this host: no address for the "
			 "test link");
	return false;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the child: namespaces, then wait for "G", then charon (system calls
 * only) */
static void child(int ready, int go, const char *run, const char *log,
				  char *const argv[], char *const env[])
{
	char b = 'E';
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	/* terminal signals go to selftest, which stops charon in order */
	setpgid(0, 0);
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) == 0 &&
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
		mount(run, "/run", NULL, MS_BIND, NULL) == 0)
	{
		b = 'R';
	}
	if (write(ready, &b, 1) != 1 || b != 'R')
	{
		_exit(126);
	}
	if (read(go, &b, 1) != 1 || b != 'G')
	{
		_exit(0);
	}
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
	{
		_exit(126);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
	{
		_exit(126);
	}
	/* nothing of this process (sockets, pipes) reaches charon */
	close_range(3, ~0U, 0);
	execve(argv[0], argv, env);
	_exit(127);
}

bool sm_client_spawn(sm_selftest_client_t *c, const char *charon, char *err)
{
	char run[300], log[300], conf[320], *argv[2], *env[3];
	int ready[2], go[2];
	pid_t pid;

	/* everything the child needs is ready before fork() */
	snprintf(run, sizeof(run), "%s/run", c->dir);
	snprintf(log, sizeof(log), "%s/charon.stderr", c->dir);
	snprintf(conf, sizeof(conf), "STRONGSWAN_CONF=%s/strongswan.conf", c->dir);
	argv[0] = (char *)charon;
	argv[1] = NULL;
	env[0] = conf;
	env[1] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	env[2] = NULL;
	if (pipe2(ready, O_CLOEXEC) != 0)
	{
		snprintf(err, SM_OPS_ERR_LEN, "pipe: %s", strerror(errno));
		return false;
	}
	if (pipe2(go, O_CLOEXEC) != 0)
	{
		snprintf(err, SM_OPS_ERR_LEN, "pipe: %s", strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return false;
	}
	pid = fork();
	if (pid == 0)
	{
		child(ready[1], go[0], run, log, argv, env);
	}
	close(ready[1]);
	close(go[0]);
	if (pid < 0)
	{
		snprintf(err, SM_OPS_ERR_LEN, "fork: %s", strerror(errno));
		close(ready[0]);
		close(go[1]);
		return false;
	}
	c->pid = pid;
	c->ready_fd = ready[0];
	c->go_fd = go[1];
	return true;
}

/* wait for the child's "R" */
static bool wait_ready(sm_selftest_client_t *c, char *err)
{
	struct pollfd pfd = {.fd = c->ready_fd, .events = POLLIN};
	long long deadline = now_ms() + READY_TIMEOUT_MS;
	char b = 0;
	int n;

	do
	{
		n = poll(&pfd, 1, (int)(deadline - now_ms()));
	} while (n < 0 && errno == EINTR && now_ms() < deadline);
	if (n <= 0 || read(c->ready_fd, &b, 1) != 1 || b != 'R')
	{
		snprintf(err, SM_OPS_ERR_LEN,
				 "cannot make a network and mount "
				 "namespace for the client (unshare, mount): does this "
				 "system allow namespaces?");
		return false;
	}
	return true;
}

/* run ip(8) with the arguments after err (NULL-terminated), in this
 * namespace or, through nsenter(1), in the client's */
static bool tool(const sm_selftest_client_t *c, bool inside, char *err, ...)
{
	char ip[256], nsenter[256], pid[24], out[512], text[256], *argv[16], *arg;
	size_t n = 0, first, len = 0;
	va_list args;
	int rc;

	if (!sm_spawn_which("ip", ip, sizeof(ip)) ||
		(inside && !sm_spawn_which("nsenter", nsenter, sizeof(nsenter))))
	{
		snprintf(err, SM_OPS_ERR_LEN, "%s",
				 !sm_spawn_which("ip", ip, sizeof(ip))
					 ? "ip(8) not found (Debian: iproute2)"
					 : "nsenter(1) not found (Debian: util-linux)");
		return false;
	}
	if (inside)
	{
		snprintf(pid, sizeof(pid), "%ld", (long)c->pid);
		argv[n++] = nsenter;
		argv[n++] = "--target";
		argv[n++] = pid;
		argv[n++] = "--net";
	}
	first = n;
	argv[n++] = ip;
	va_start(args, err);
	while ((arg = va_arg(args, char *)) && n < countof(argv) - 1)
	{
		argv[n++] = arg;
	}
	va_end(args);
	argv[n] = NULL;
	rc = sm_spawn_run(argv, out, sizeof(out), TOOL_TIMEOUT_MS);
	if (rc == 0)
	{
		return true;
	}
	text[0] = '\0';
	for (n = first + 1; argv[n] && len < sizeof(text); n++)
	{
		len += (size_t)snprintf(text + len, sizeof(text) - len, " %s", argv[n]);
	}
	out[strcspn(out, "\n")] = '\0';
	snprintf(err, SM_OPS_ERR_LEN, "'ip%.200s'%s failed: %.200s", text,
			 inside ? " in the client's namespace" : "",
			 rc < 0 ? strerror(errno) : out);
	return false;
}

bool sm_client_link(sm_selftest_client_t *c, char *err)
{
	char pid[24], host[SM_PREFIX_STRLEN + 4], client[SM_PREFIX_STRLEN + 4];

	if (!wait_ready(c, err))
	{
		return false;
	}
	snprintf(pid, sizeof(pid), "%ld", (long)c->pid);
	snprintf(host, sizeof(host), "%s/30", c->host_addr);
	snprintf(client, sizeof(client), "%s/30", c->client_addr);
	/* unique per selftest: the pid, in hex to fit IFNAMSIZ */
	snprintf(c->host_if, sizeof(c->host_if), "smst%lx", (long)getpid());
	if (!tool(c, false, err, "link", "add", c->host_if, "type", "veth", "peer",
			  "name", CLIENT_IF, "netns", pid, NULL))
	{
		c->host_if[0] = '\0';
		return false;
	}
	return tool(c, false, err, "addr", "add", host, "dev", c->host_if, NULL) &&
		   tool(c, false, err, "link", "set", c->host_if, "up", NULL) &&
		   tool(c, true, err, "link", "set", "lo", "up", NULL) &&
		   tool(c, true, err, "addr", "add", client, "dev", CLIENT_IF, NULL) &&
		   tool(c, true, err, "link", "set", CLIENT_IF, "up", NULL);
}

bool sm_client_exec(sm_selftest_client_t *c, char *err)
{
	char b = 'G';

	if (write(c->go_fd, &b, 1) != 1)
	{
		snprintf(err, SM_OPS_ERR_LEN, "the client process is gone");
		return false;
	}
	close(c->go_fd);
	c->go_fd = -1;
	return true;
}

int sm_client_ping(const sm_selftest_client_t *c, const char *addr, char *out,
				   size_t len)
{
	char nsenter[256], ping[256], pid[24], text[2048], *line;
	char *argv[] = {nsenter, "--target", pid,  "--net",      ping,
					"-n",    "-q",       "-c", "3",          "-i",
					"0.2",   "-W",       "2",  (char *)addr, NULL};
	int rc;

	out[0] = '\0';
	if (!sm_spawn_which("nsenter", nsenter, sizeof(nsenter)) ||
		!sm_spawn_which("ping", ping, sizeof(ping)))
	{
		errno = ENOENT;
		return -1;
	}
	snprintf(pid, sizeof(pid), "%ld", (long)c->pid);
	rc = sm_spawn_run(argv, text, sizeof(text), 10000);
	/* "3 packets transmitted, 3 received, 0% packet loss, time 402ms" */
	line = strstr(text, "packets transmitted");
	if (line)
	{
		while (line > text && line[-1] != '\n')
		{
			line--;
		}
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, len, "%s", line);
	}
	return rc;
}

void sm_client_stop(sm_selftest_client_t *c)
{
	char ip[256], *argv[] = {ip, "link", "del", c->host_if, NULL};
	long long deadline;
	int status;
	pid_t r;

	if (c->go_fd >= 0)
	{
		close(c->go_fd);
		c->go_fd = -1;
	}
	if (c->ready_fd >= 0)
	{
		close(c->ready_fd);
		c->ready_fd = -1;
	}
	if (c->pid > 0)
	{
		kill(c->pid, SIGTERM);
		deadline = now_ms() + STOP_TIMEOUT_MS;
		while ((r = waitpid(c->pid, &status, WNOHANG)) == 0 &&
			   now_ms() < deadline)
		{
			nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
		}
		if (r == 0)
		{
			kill(c->pid, SIGKILL);
			while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
			{
			}
		}
		c->pid = 0;
	}
	if (c->host_if[0])
	{
		/* normally gone with the client's namespace; not if the peer
		 * never got there */
		if (sm_spawn_which("ip", ip, sizeof(ip)))
		{
			sm_spawn_run(argv, NULL, 0, TOOL_TIMEOUT_MS);
		}
		c->host_if[0] = '\0';
	}
}
