/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_userdb: how fast the user database answers the plugin's lookups and
 * takes a bulk import.
 *
 *  - import: N users from CSV text with plaintext passwords (CSV parsing,
 *    MD4 of each password, one transaction), as 'swanmobile user import'
 *    does it, into a fresh database;
 *  - lookup: the plugin's query path on a read-only handle, per lookup:
 *    stat() of the file (sm_userdb_stale()) + the prepared SELECT by
 *    identity, for users that exist and for unknown ones, at each size.
 *
 * usage: bench_userdb [-s SIZES] [-i IMPORT] [-l LOOKUPS] [-d DIR]
 *   SIZES    database sizes, comma-separated (default 1000,100000,1000000)
 *   IMPORT   users in the import measurement (default 100000)
 *   LOOKUPS  lookups per size and kind (default 100000)
 *   DIR      scratch directory, removed afterwards (default: mkdtemp in /tmp)
 */
#include "config.h"

#include "base/nthash.h"
#include "sm_userdb.h"
#include "users/user_import.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void identity(size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "user%07zu@example.com", i);
}

/** a source of generated users with precomputed hashes, from..to-1 */
typedef struct {
	size_t next;
	size_t end;
} gen_t;

static int gen_next(void *ctx, sm_user_t *user)
{
	gen_t *gen = ctx;

	if (gen->next >= gen->end)
	{
		return 0;
	}
	identity(gen->next, user->identity, sizeof(user->identity));
	memcpy(user->nt_hash, &gen->next, sizeof(gen->next));
	gen->next++;
	return 1;
}

static sm_userdb_t *open_db(const char *path, int flags)
{
	sm_userdb_t *db = NULL;
	char err[512];

	if (sm_userdb_open(path, flags, 0, &db, err, sizeof(err)) != SM_USERDB_OK)
	{
		fprintf(stderr, "bench_userdb: %s\n", err);
		exit(3);
	}
	return db;
}

/* import n users from CSV with passwords; returns seconds */
static double bench_import(const char *dir, size_t n)
{
	char path[512], line[128], *csv;
	sm_userdb_stats_t stats;
	sm_nthash_ctx_t *nthash;
	sm_import_t *imp;
	sm_userdb_t *db;
	size_t i, len = 0, size = n * 64 + 64;
	double t0, t;

	csv = malloc(size);
	if (!csv || !(nthash = sm_nthash_ctx_create(NULL, 0)))
	{
		exit(3);
	}
	len += (size_t)snprintf(csv, size, "identity,password\n");
	for (i = 0; i < n; i++)
	{
		identity(i, line, sizeof(line));
		len += (size_t)snprintf(csv + len, size - len, "%s,pw-%zu-secret\n",
								line, i * 7919);
	}
	snprintf(path, sizeof(path), "%s/import.db", dir);
	t0 = now();
	db = open_db(path, SM_USERDB_CREATE);
	imp = sm_import_csv("bench.csv", csv, len, nthash);
	if (sm_userdb_import(db, sm_import_next, imp, 0, &stats) !=
			SM_USERDB_OK ||
		stats.created != n)
	{
		fprintf(stderr, "bench_userdb: import failed: %s %s\n",
				sm_userdb_errmsg(db), sm_import_error(imp));
		exit(1);
	}
	sm_userdb_close(db);
	t = now() - t0;
	sm_import_destroy(imp);
	sm_nthash_ctx_destroy(nthash);
	free(csv);
	unlink(path);
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* per-lookup times in microseconds: mean, median, 99th percentile, max */
static void bench_lookups(sm_userdb_t *db, size_t users, size_t lookups,
						  bool hit, double *mean, double *p50, double *p99,
						  double *max)
{
	char name[128];
	uint64_t x = 0x9E3779B97F4A7C15ull;
	double *t, t0, sum = 0;
	sm_userdb_err_t expect = hit ? SM_USERDB_OK : SM_USERDB_ENOTFOUND;
	sm_user_t user;
	size_t i;

	t = malloc(lookups * sizeof(double));
	if (!t)
	{
		exit(3);
	}
	for (i = 0; i < lookups; i++)
	{
		/* xorshift64: a different user each time, spread over the file */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (hit)
		{
			identity((size_t)(x % users), name, sizeof(name));
		}
		else
		{
			snprintf(name, sizeof(name), "nobody%zu@example.com",
					 (size_t)(x % users));
		}
		t0 = now();
		if (sm_userdb_stale(db) || sm_userdb_get(db, name, &user) != expect)
		{
			fprintf(stderr, "bench_userdb: lookup of %s failed\n", name);
			exit(1);
		}
		t[i] = (now() - t0) * 1e6;
		sum += t[i];
	}
	sm_user_wipe(&user);
	qsort(t, lookups, sizeof(double), cmp_double);
	*mean = sum / (double)lookups;
	*p50 = t[lookups / 2];
	*p99 = t[lookups * 99 / 100];
	*max = t[lookups - 1];
	free(t);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char *argv[])
{
	char tmpl[] = "/tmp/bench-userdb.XXXXXX", path[512], *sizes_arg;
	char sizes_buf[] = "1000,100000,1000000";
	size_t import_n = 100000, lookups = 100000, have = 0, size;
	double mean, p50, p99, max, t0, t;
	const char *dir = NULL;
	sm_userdb_t *db, *ro;
	struct stat st;
	gen_t gen;
	char *tok, *save = NULL;
	int c;

	sizes_arg = sizes_buf;
	while ((c = getopt(argc, argv, "s:i:l:d:")) != -1)
	{
		switch (c)
		{
			case 's':
				sizes_arg = optarg;
				break;
			case 'i':
				import_n = strtoul(optarg, NULL, 10);
				break;
			case 'l':
				lookups = strtoul(optarg, NULL, 10);
				break;
			case 'd':
				dir = optarg;
				break;
			default:
				fprintf(stderr, "usage: bench_userdb [-s SIZES] [-i IMPORT] "
								"[-l LOOKUPS] [-d DIR]\n");
				return 2;
		}
	}
	if (!dir && !(dir = mkdtemp(tmpl)))
	{
		perror("mkdtemp");
		return 3;
	}
	chmod(dir, 0700);

	if (import_n)
	{
		t = bench_import(dir, import_n);
		printf("import of %zu users from CSV with passwords (MD4 each, one "
			   "transaction): %.2f s (%.1f us/user)\n",
			   import_n, t, t * 1e6 / (double)import_n);
	}

	snprintf(path, sizeof(path), "%s/users.db", dir);
	printf("lookups (stat + prepared SELECT on a read-only handle), "
		   "microseconds:\n%9s %8s %8s %9s %9s %9s %9s %9s %9s\n", "users",
		   "fill s", "file MB", "hit mean", "hit p50", "hit p99", "hit max",
		   "miss mean", "miss p99");
	for (tok = strtok_r(sizes_arg, ",", &save); tok;
		 tok = strtok_r(NULL, ",", &save))
	{
		size = strtoul(tok, NULL, 10);
		if (size <= have)
		{
			continue;
		}
		/* grow the database to size users with precomputed hashes */
		db = open_db(path, SM_USERDB_CREATE);
		gen = (gen_t){.next = have, .end = size};
		t0 = now();
		if (sm_userdb_import(db, gen_next, &gen, 0, NULL) != SM_USERDB_OK)
		{
			fprintf(stderr, "bench_userdb: %s\n", sm_userdb_errmsg(db));
			return 1;
		}
		sm_userdb_close(db);
		t = now() - t0;
		have = size;
		stat(path, &st);

		/* the plugin's handle: read-only, short busy timeout */
		ro = open_db(path, SM_USERDB_READONLY);
		bench_lookups(ro, size, lookups, true, &mean, &p50, &p99, &max);
		printf("%9zu %8.2f %8.1f %9.2f %9.2f %9.2f %9.1f", size, t,
			   (double)st.st_size / 1e6, mean, p50, p99, max);
		bench_lookups(ro, size, lookups, false, &mean, &p50, &p99, &max);
		printf(" %9.2f %9.2f\n", mean, p99);
		sm_userdb_close(ro);
	}
	if (!strncmp(dir, "/tmp/bench-userdb.", 18))
	{
		nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	}
	return 0;
}
