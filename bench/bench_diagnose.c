/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_diagnose: how fast swanmobile diagnose reads a large gateway log,
 * and that its memory does not grow with the log.
 *
 * The log is built from the test bed's gateway logs (tests/fixtures/logs/
 * CASE.responder.log): copies of all cases, each copy with its own client
 * address, IKE_SA unique ids, CHILD_SA SPIs and times, four copies at a
 * time interleaved line by line as if four clients connected at once.
 * Each size is diagnosed in a child process (so that its peak RSS is its
 * own), with the JSON report written to /dev/null.
 *
 * Output: CSV rows for bench/bench.sh on standard output,
 *   diagnose,METRIC,swanmobile,MB,REP,VALUE,UNIT
 * (seconds, MB/s, peak RSS, attempts), and one readable line per run on
 * standard error.
 *
 * usage: bench_diagnose [-s SIZES_MB] [-r REPS] [-d DIR] [-o FILE]
 *                       FIXTURES_DIR
 *   SIZES_MB  log sizes in MB, comma-separated (default 10,100)
 *   REPS      runs per size, on the same log (default 1)
 *   DIR       scratch directory (default: /tmp)
 *   FILE      only write the log of the first size to FILE (for profiling
 *             swanmobile diagnose itself)
 */
#include "config.h"

#include "diagnose/diagnose.h"
#include "diagnose/report.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LOGS 64
#define MAX_LINE 8192

typedef struct {
	char **lines;
	size_t n;
} log_t;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load(const char *dir, log_t *logs)
{
	char path[4096], line[MAX_LINE];
	struct dirent *e;
	int n = 0;
	DIR *d;
	FILE *f;

	d = opendir(dir);
	while (d && (e = readdir(d)) && n < MAX_LOGS)
	{
		if (!strstr(e->d_name, ".responder.log"))
		{
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		if (!f)
		{
			continue;
		}
		logs[n].lines = NULL;
		logs[n].n = 0;
		while (fgets(line, sizeof(line), f))
		{
			logs[n].lines =
				realloc(logs[n].lines, (logs[n].n + 1) * sizeof(char *));
			logs[n].lines[logs[n].n++] = strdup(line);
		}
		fclose(f);
		n++;
	}
	if (d)
	{
		closedir(d);
	}
	return n;
}

static void free_logs(log_t *logs, int n)
{
	size_t i;

	while (n--)
	{
		for (i = 0; i < logs[n].n; i++)
		{
			free(logs[n].lines[i]);
		}
		free(logs[n].lines);
	}
}

/** Seconds of a line's "HH:MM:SS" time stamp, -1 if none. */
static long tod(const char *line)
{
	int h, m, s;

	return sscanf(line, "%2d:%2d:%2d", &h, &m, &s) == 3 ? h * 3600 + m * 60 + s
														: -1;
}

/**
 * Rewrite one fixture line for copy k in slot (client address, ids, SPIs,
 * time from tshift on, thread numbers of its own slot).
 */
static void rewrite(const char *in, long t0, unsigned long k, int slot,
					long tshift, FILE *out)
{
	char addr[32];
	const char *p = in;
	unsigned long v;
	int th, n = 0;
	char *end;

	snprintf(addr, sizeof(addr), "100.%lu.%lu.%lu", 64 + (k >> 16 & 63),
			 k >> 8 & 255, k & 255);
	if (tod(p) >= 0 && t0 >= 0 && sscanf(p + 8, " %d%n", &th, &n) == 1)
	{
		long t = tod(p) - t0 + tshift;

		fprintf(out, "%02ld:%02ld:%02ld %02d", t / 3600 % 24, t / 60 % 60,
				t % 60, th + 20 * slot);
		p += 8 + n;
	}
	while (*p)
	{
		if (!strncmp(p, "198.51.100.2", 12) && !(p[12] >= '0' && p[12] <= '9'))
		{
			fputs(addr, out);
			p += 12;
		}
		else if ((*p == '[' || *p == '{') && p[1] >= '0' && p[1] <= '9' &&
				 (v = strtoul(p + 1, &end, 10), *end == ']' || *end == '}') &&
				 p > in && p[-1] != ' ' && p[-1] != '0' && end - p < 8 &&
				 !(p[-1] >= '0' && p[-1] <= '9'))
		{
			/* an IKE_SA or CHILD_SA unique id (not a port or a thread) */
			fprintf(out, "%c%lu%c", *p, v + k * 100, *end);
			p = end + 1;
		}
		else if (strlen(p) > 10 && p[8] == '_' &&
				 (p[9] == 'i' || p[9] == 'o') &&
				 strspn(p, "0123456789abcdef") == 8)
		{
			fprintf(out, "%08lx", strtoul(p, NULL, 16) ^ (k * 2654435761u));
			p += 8;
		}
		else
		{
			fputc(*p++, out);
		}
	}
}

/** Build a log of about size bytes; returns the number of lines. */
static unsigned long build(const char *path, log_t *logs, int nlogs, long size)
{
	unsigned long k = 0, lines = 0;
	size_t pos[4];
	int which[4], i, active;
	long tshift = 0;
	FILE *out = fopen(path, "w");

	if (!out)
	{
		return 0;
	}
	while (ftell(out) < size)
	{
		for (i = 0; i < 4; i++)
		{
			which[i] = (int)((k + (unsigned long)i) % (unsigned long)nlogs);
			pos[i] = 0;
		}
		do
		{
			active = 0;
			for (i = 0; i < 4; i++)
			{
				if (pos[i] < logs[which[i]].n)
				{
					rewrite(logs[which[i]].lines[pos[i]++],
							tod(logs[which[i]].lines[0]), k + (unsigned long)i,
							i, tshift, out);
					lines++;
					active++;
				}
			}
		} while (active);
		k += 4;
		tshift += 3;
	}
	fclose(out);
	return lines;
}

typedef struct {
	sm_report_t *report;
	sm_diagnose_t *d;
	unsigned long attempts, unknown;
	size_t max_open;
} count_t;

static void count(const sm_attempt_t *a, void *ctx)
{
	count_t *c = ctx;

	c->attempts++;
	c->unknown += a->cause == SM_CAUSE_UNKNOWN;
	if (sm_diagnose_open(c->d) > c->max_open)
	{
		c->max_open = sm_diagnose_open(c->d);
	}
	sm_report_attempt(c->report, a);
}

/** Diagnose a file in this process; prints its results. */
static int measure(const char *path, long size, unsigned long lines, int rep)
{
	static const char *const names[] = {"bench.log"};
	struct rusage ru;
	count_t c = {NULL, NULL, 0, 0, 0};
	unsigned int failed;
	FILE *in, *null;
	double t0, t;
	int err;

	in = fopen(path, "r");
	null = fopen("/dev/null", "w");
	if (!in || !null)
	{
		return 1;
	}
	c.report = sm_report_create(null, true, names, 1);
	c.d = sm_diagnose_create(1, (double)time(NULL), count, &c);
	t0 = now();
	err = sm_diagnose_run(c.d, &in, &failed);
	sm_diagnose_finish(c.d);
	sm_report_finish(c.report);
	t = now() - t0;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr,
			"  %4ld MB, %8lu lines: %7lu attempts (%lu unknown) in "
			"%6.2f s (%5.1f MB/s), at most %zu held, peak RSS %ld MB\n",
			size >> 20, lines, c.attempts, c.unknown, t,
			(double)size / (1 << 20) / t, c.max_open, ru.ru_maxrss / 1024);
	printf("diagnose,seconds,swanmobile,%ld,%d,%.3f,s\n", size >> 20, rep, t);
	printf("diagnose,mb_per_s,swanmobile,%ld,%d,%.1f,MB/s\n", size >> 20, rep,
		   (double)size / (1 << 20) / t);
	printf("diagnose,peak_rss_mb,swanmobile,%ld,%d,%.1f,MB\n", size >> 20, rep,
		   (double)ru.ru_maxrss / 1024);
	printf("diagnose,attempts,swanmobile,%ld,%d,%lu,count\n", size >> 20, rep,
		   c.attempts);
	sm_diagnose_destroy(c.d);
	sm_report_destroy(c.report);
	fclose(in);
	fclose(null);
	return err;
}

int main(int argc, char *argv[])
{
	const char *sizes = "10,100", *dir = "/tmp", *keep = NULL, *p;
	log_t logs[MAX_LOGS];
	char path[4096] = "";
	unsigned long lines;
	int nlogs, opt, status, reps = 1, rep, ret = 0;
	long mb;
	pid_t pid;

	while ((opt = getopt(argc, argv, "s:r:d:o:")) != -1)
	{
		switch (opt)
		{
			case 'r':
				reps = atoi(optarg);
				break;
			case 'o':
				keep = optarg;
				break;
			case 's':
				sizes = optarg;
				break;
			case 'd':
				dir = optarg;
				break;
			default:
				fprintf(stderr, "usage: bench_diagnose [-s MB,...] [-r REPS] "
								"[-d DIR] [-o FILE] FIXTURES_DIR\n");
				return 2;
		}
	}
	if (optind >= argc || (nlogs = load(argv[optind], logs)) == 0)
	{
		fprintf(stderr, "bench_diagnose: no CASE.responder.log in %s\n",
				optind < argc ? argv[optind] : "(none given)");
		return 2;
	}
	if (keep)
	{
		lines = build(keep, logs, nlogs, strtol(sizes, NULL, 10) << 20);
		printf("%s: %lu lines\n", keep, lines);
		ret = lines ? 0 : 1;
		goto out;
	}
	fprintf(stderr,
			"swanmobile diagnose on gateway logs built from %d bed "
			"cases (4 clients at a time):\n",
			nlogs);
	snprintf(path, sizeof(path), "%s/sm-bench-diagnose.%d.log", dir,
			 (int)getpid());
	for (p = sizes; *p; p += strcspn(p, ","), p += *p == ',')
	{
		mb = strtol(p, NULL, 10);
		lines = build(path, logs, nlogs, mb << 20);
		for (rep = 1; rep <= reps; rep++)
		{
			fflush(stdout);
			pid = fork();
			if (pid == 0)
			{
				status = measure(path, mb << 20, lines, rep);
				fflush(stdout);
				_exit(status);
			}
			if (pid < 0 || waitpid(pid, &status, 0) != pid ||
				!WIFEXITED(status) || WEXITSTATUS(status))
			{
				fprintf(stderr, "bench_diagnose: measuring %ld MB failed\n",
						mb);
				ret = 1;
				goto out;
			}
		}
	}
out:
	if (path[0])
	{
		unlink(path);
	}
	free_logs(logs, nlogs);
	return ret;
}
