/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_lookup: one NT-hash lookup through strongSwan's credential manager,
 * stock strongSwan against swanmobile, in one process on the same users.
 *
 * What eap-mschapv2 does on a gateway is timed: lib->credmgr->get_shared(
 * SHARED_NT_HASH, me = the gateway, other = the user), with the credential
 * sets of one side registered:
 *
 *  - stock: a mem_cred_t filled the way vici's load-shared fills it for
 *    'swanctl --load-creds' (add_shared_unique() with the secrets section
 *    name as unique id, a SHARED_NT_HASH key, the user's identity as its
 *    only owner: an 'ntlm-...' secret with 'id = user');
 *  - swanmobile: the plugin's credential set (plugin/swanmobile_creds.c and
 *    swanmobile_users.c compiled into this program, as the unit tests do)
 *    on a users.db holding the same users.
 *
 * Every size gets its own sets and database, all built before the first
 * lookup; then each repetition measures every size and every side, in an
 * order that rotates from one repetition to the next, so that the noise of
 * a shared machine falls on all sizes and sides alike.  The user looked up
 * is the last one inserted; each repetition yields the p50, p99 and maximum
 * of its lookups.
 *
 * Stock is measured up to -S users.  Filling one mem_cred_t costs O(n) per
 * secret (the unique id is searched in its list, as for every secret that
 * 'swanctl --load-creds' sends): 100k secrets take 7 minutes and more.
 * Above -c users (default 10000), stock's secrets are therefore held in
 * sets of -c secrets each, all registered at once: a lookup still scans
 * every secret, the same entries with the same work per entry, plus one
 * enumerator per set.  That this does not change the result is measured in
 * the same run: at -c users, a third side ("stock_sets") holds the same
 * secrets in ten sets, next to the one set vici has.
 *
 * With -i, at the size -P, the lookups are timed once more while something
 * writes: for swanmobile, 'swanmobile user import --csv FILE' of new users
 * into the same database (a separate process); for stock, a thread adding
 * secrets with add_shared_unique() as vici's load-shared does (to the last
 * set, so above -c users its write lock is held for a scan of -c secrets,
 * not of all: in stock's favour), for as long as the import took.
 *
 * Output: one CSV row per measurement, for bench/bench.sh to aggregate:
 *   lookup,METRIC,SIDE,USERS,REP,VALUE,UNIT
 *
 * usage: bench_lookup [-s SIZES] [-S MAX] [-c CHUNK] [-r REPS] [-d DIR]
 *                     [-i CSV -x SWANMOBILE -P SIZE]
 *   SIZES       users, comma-separated (default 1000,10000,100000,1000000)
 *   MAX         largest stock size (default 100000)
 *   CHUNK       most secrets in one stock set (default 10000)
 *   REPS        repetitions (default 5)
 *   DIR         scratch directory (default: a new one in /tmp, removed)
 *   CSV         users to import during the parallel measurement
 *   SWANMOBILE  the swanmobile binary
 *   SIZE        the size at which to run it (one of SIZES)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <credentials/sets/mem_cred.h>
#include <threading/thread.h>

#include "swanmobile_creds.h"
#include "swanmobile_users.h"
#include <sm_userdb.h>

extern char **environ;

/** Fewest lookups per repetition and side (so that p99 is not the max). */
#define MIN_SAMPLES 200

/** Most lookups per repetition and side. */
#define MAX_SAMPLES 20000

/** Least time per repetition and side (seconds), within the two above. */
#define MIN_SECONDS 0.1

/** Identity of the gateway, "me" of every lookup. */
#define GATEWAY "vpn.example.com"

/** Most sizes. */
#define MAX_SIZES 16

/** Most stock sets per size. */
#define MAX_SETS 1024

/** Times of the lookups of one measurement (microseconds). */
typedef struct {
	/** the times, count of them */
	double *t;
	/** number of times */
	size_t n;
	/** allocated */
	size_t size;
} samples_t;

/** Stock's secrets: users 0..n-1, chunk of them per mem_cred_t. */
typedef struct {
	/** the sets, each filled as vici fills its one */
	mem_cred_t *sets[MAX_SETS];
	/** number of sets */
	int nsets;
	/** users held */
	size_t n;
	/** most users per set */
	size_t chunk;
} stock_t;

/** The sides compared. */
typedef enum {
	SIDE_SWANMOBILE,
	SIDE_STOCK,
	/** stock's secrets in ten sets, the check of the chunked stock */
	SIDE_STOCK_SETS,
	SIDE_COUNT,
} side_t;

static const char *side_names[] = {"swanmobile", "stock", "stock_sets"};

/** One size: its users on every side. */
typedef struct {
	/** users */
	size_t n;
	/** stock: what vici fills (if measured at this size) */
	stock_t stock;
	/** the same secrets in ten sets (at the chunk size only) */
	stock_t check;
	/** swanmobile: the database file, the plugin's objects on it */
	char path[512];
	swanmobile_users_t *users;
	swanmobile_creds_t *creds;
	/** sides measured at this size */
	side_t sides[SIDE_COUNT];
	int nsides;
	/** lookup times of the current repetition, per side */
	samples_t samples[SIDE_COUNT];
} size_ctx_t;

/** The gateway's identity. */
static identification_t *gateway;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/** Identity of user i (the one scheme of every bench program). */
static void identity(size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "user%07zu@example.com", i);
}

/**
 * The NT hash user i gets here: made from i, so that a served key tells
 * whose it is (lookups need no real password).
 */
static void hash_of(size_t i, uint8_t hash[SM_NT_HASH_LEN])
{
	uint64_t x = (uint64_t)i * 0x9E3779B97F4A7C15ull + 1;

	memcpy(hash, &x, sizeof(x));
	x ^= x >> 29;
	memcpy(hash + sizeof(x), &x, sizeof(x));
}

static void die(const char *what)
{
	fprintf(stderr, "bench_lookup: %s\n", what);
	exit(1);
}

/** A source of users from..end-1 for sm_userdb_import(). */
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
	hash_of(gen->next, user->nt_hash);
	gen->next++;
	return 1;
}

/** A database of users 0..n-1 (fast: one transaction, no MD4). */
static void make_db(const char *path, size_t n)
{
	sm_userdb_t *db = NULL;
	gen_t gen = {.next = 0, .end = n};
	char err[512];

	if (sm_userdb_open(path, SM_USERDB_CREATE, 0, &db, err, sizeof(err)) !=
		SM_USERDB_OK)
	{
		die(err);
	}
	if (sm_userdb_import(db, gen_next, &gen, 0, NULL) != SM_USERDB_OK)
	{
		die(sm_userdb_errmsg(db));
	}
	sm_userdb_close(db);
}

/** Add user i to a mem_cred_t as vici's load-shared does for an ntlm secret. */
static void stock_add(mem_cred_t *set, size_t i)
{
	char id[64], section[64];
	uint8_t hash[SM_NT_HASH_LEN];
	linked_list_t *owners;

	identity(i, id, sizeof(id));
	snprintf(section, sizeof(section), "ntlm-u%07zu", i);
	hash_of(i, hash);
	owners = linked_list_create();
	owners->insert_last(owners, identification_create_from_string(id));
	set->add_shared_unique(set, section,
						   shared_key_create(SHARED_NT_HASH,
											 chunk_clone(chunk_create(
												 hash, sizeof(hash)))),
						   owners);
}

/** Fill a stock_t with n users; prints the time it took. */
static void fill_stock(stock_t *st, const char *name, size_t n)
{
	double t0 = now();

	while (st->n < n)
	{
		if (st->n / st->chunk >= (size_t)st->nsets)
		{
			if (st->nsets == MAX_SETS)
			{
				die("too many stock sets");
			}
			st->sets[st->nsets++] = mem_cred_create();
		}
		stock_add(st->sets[st->n / st->chunk], st->n);
		st->n++;
	}
	printf("lookup,fill_seconds,%s,%zu,1,%.3f,s\n", name, n, now() - t0);
	printf("lookup,sets,%s,%zu,1,%d,count\n", name, n, st->nsets);
}

static void destroy_stock(stock_t *st)
{
	while (st->nsets)
	{
		st->nsets--;
		st->sets[st->nsets]->destroy(st->sets[st->nsets]);
	}
	st->n = 0;
}

static void samples_add(samples_t *s, double us)
{
	if (s->n == s->size)
	{
		s->size = s->size ? 2 * s->size : 1024;
		s->t = realloc(s->t, s->size * sizeof(double));
		if (!s->t)
		{
			die("out of memory");
		}
	}
	s->t[s->n++] = us;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/** The q-quantile of sorted samples (nearest rank). */
static double quantile(samples_t *s, double q)
{
	size_t k = (size_t)(q * (double)s->n + 0.999999);

	return s->t[k ? k - 1 : 0];
}

/** Print p50, p99 and max of a measurement as CSV rows; empties it. */
static void report(samples_t *s, const char *metric, const char *side,
				   size_t users, int rep)
{
	qsort(s->t, s->n, sizeof(double), cmp_double);
	printf("lookup,%sp50,%s,%zu,%d,%.3f,us\n", metric, side, users, rep,
		   quantile(s, 0.5));
	printf("lookup,%sp99,%s,%zu,%d,%.3f,us\n", metric, side, users, rep,
		   quantile(s, 0.99));
	printf("lookup,%smax,%s,%zu,%d,%.3f,us\n", metric, side, users, rep,
		   s->t[s->n - 1]);
	printf("lookup,%ssamples,%s,%zu,%d,%zu,count\n", metric, side, users, rep,
		   s->n);
	fflush(stdout);
	s->n = 0;
}

/**
 * One lookup of user i through the credential manager, timed; fails the
 * run unless it yields i's hash.
 */
static double lookup(identification_t *user, size_t i)
{
	uint8_t hash[SM_NT_HASH_LEN];
	shared_key_t *key;
	double t0, t;

	t0 = now();
	key = lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gateway,
								   user);
	t = now() - t0;
	hash_of(i, hash);
	if (!key || !chunk_equals(key->get_key(key),
							  chunk_create(hash, sizeof(hash))))
	{
		die("a lookup did not yield the user's NT hash");
	}
	key->destroy(key);
	return t * 1e6;
}

/** Register (or unregister) the sets of a side with the manager. */
static void enable(size_ctx_t *z, side_t side, bool on)
{
	stock_t *st = side == SIDE_STOCK ? &z->stock : &z->check;
	int k;

	if (side == SIDE_SWANMOBILE)
	{
		if (on)
		{
			lib->credmgr->add_set(lib->credmgr, &z->creds->set);
		}
		else
		{
			lib->credmgr->remove_set(lib->credmgr, &z->creds->set);
		}
		return;
	}
	for (k = 0; k < st->nsets; k++)
	{
		if (on)
		{
			lib->credmgr->add_set(lib->credmgr, &st->sets[k]->set);
		}
		else
		{
			lib->credmgr->remove_set(lib->credmgr, &st->sets[k]->set);
		}
	}
}

/** Time lookups of the last user on one side until enough are taken. */
static void measure(size_ctx_t *z, side_t side)
{
	samples_t *out = &z->samples[side];
	identification_t *user;
	char id[64];
	double start;

	identity(z->n - 1, id, sizeof(id));
	user = identification_create_from_string(id);
	enable(z, side, TRUE);
	/* warm up (caches, the plugin's pool of handles) */
	lookup(user, z->n - 1);
	start = now();
	while (out->n < MAX_SAMPLES &&
		   (out->n < MIN_SAMPLES || now() - start < MIN_SECONDS))
	{
		samples_add(out, lookup(user, z->n - 1));
	}
	enable(z, side, FALSE);
	user->destroy(user);
}

/** What the stock writer thread does. */
typedef struct {
	mem_cred_t *set;
	/** next user to add */
	size_t next;
	/** set to stop */
	volatile bool stop;
} writer_t;

static void *writer_main(writer_t *w)
{
	while (!w->stop)
	{
		stock_add(w->set, w->next++);
	}
	return NULL;
}

/** Start 'swanmobile user import --csv CSV --db PATH'. */
static pid_t spawn_import(const char *swanmobile, const char *csv,
						  const char *path)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = {(char *)swanmobile, "user", "import", "--csv", (char *)csv,
					"--db", (char *)path, NULL};
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY,
									 0);
	if (posix_spawn(&pid, swanmobile, &fa, NULL, argv, environ) != 0)
	{
		die("cannot start swanmobile user import");
	}
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/**
 * Lookups while the database takes an import (swanmobile), and while a
 * thread adds secrets for as long (stock).
 */
static void measure_parallel(size_ctx_t *z, const char *csv,
							 const char *swanmobile)
{
	samples_t sm = {0}, st = {0};
	identification_t *user;
	writer_t w = {.next = 10000000};
	thread_t *thread;
	double start, seconds;
	size_t last = z->n - 1;
	char id[64];
	int status;
	pid_t pid;

	identity(last, id, sizeof(id));
	user = identification_create_from_string(id);

	enable(z, SIDE_SWANMOBILE, TRUE);
	lookup(user, last);
	start = now();
	pid = spawn_import(swanmobile, csv, z->path);
	while (waitpid(pid, &status, WNOHANG) == 0)
	{
		samples_add(&sm, lookup(user, last));
	}
	seconds = now() - start;
	enable(z, SIDE_SWANMOBILE, FALSE);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || sm.n == 0)
	{
		die("swanmobile user import failed during the lookups");
	}
	printf("lookup,import_seconds,swanmobile,%zu,1,%.3f,s\n", z->n, seconds);
	report(&sm, "import_", "swanmobile", z->n, 1);

	if (z->stock.nsets)
	{
		w.set = z->stock.sets[z->stock.nsets - 1];
		enable(z, SIDE_STOCK, TRUE);
		lookup(user, last);
		thread = thread_create((thread_main_t)writer_main, &w);
		if (!thread)
		{
			die("cannot start a thread");
		}
		start = now();
		while (now() - start < seconds || st.n < MIN_SAMPLES)
		{
			samples_add(&st, lookup(user, last));
		}
		w.stop = TRUE;
		thread->join(thread);
		enable(z, SIDE_STOCK, FALSE);
		printf("lookup,import_added,stock,%zu,1,%zu,count\n", z->n,
			   w.next - 10000000);
		report(&st, "import_", "stock", z->n, 1);
	}
	free(sm.t);
	free(st.t);
	user->destroy(user);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	return remove(path);
}

/** Build one size: its database and objects, its stock sets. */
static void build(size_ctx_t *z, const char *dir, size_t stock_max,
				  size_t chunk)
{
	double t0 = now();

	snprintf(z->path, sizeof(z->path), "%s/users-%zu.db", dir, z->n);
	make_db(z->path, z->n);
	printf("lookup,fill_seconds,swanmobile,%zu,1,%.3f,s\n", z->n, now() - t0);
	z->users = swanmobile_users_create(z->path);
	if (!z->users)
	{
		die("cannot create the user database object");
	}
	z->creds = swanmobile_creds_create(z->users);
	z->sides[z->nsides++] = SIDE_SWANMOBILE;
	if (z->n <= stock_max)
	{
		z->stock.chunk = chunk;
		fill_stock(&z->stock, "stock", z->n);
		z->sides[z->nsides++] = SIDE_STOCK;
		if (z->n == chunk)
		{
			z->check.chunk = chunk / 10;
			fill_stock(&z->check, "stock_sets", z->n);
			z->sides[z->nsides++] = SIDE_STOCK_SETS;
		}
	}
	fflush(stdout);
}

int main(int argc, char *argv[])
{
	char tmpl[] = "/tmp/bench-lookup.XXXXXX", *sizes = NULL, *tok, *save;
	const char *dir = NULL, *csv = NULL, *swanmobile = NULL;
	size_t stock_max = 100000, parallel = 0, chunk = 10000;
	size_ctx_t *all;
	int c, reps = 5, rep, i, j, k, nsizes = 0;
	char conf[600];
	FILE *f;

	while ((c = getopt(argc, argv, "s:S:c:r:d:i:x:P:")) != -1)
	{
		switch (c)
		{
			case 's':
				sizes = optarg;
				break;
			case 'S':
				stock_max = strtoul(optarg, NULL, 10);
				break;
			case 'c':
				chunk = strtoul(optarg, NULL, 10);
				break;
			case 'r':
				reps = atoi(optarg);
				break;
			case 'd':
				dir = optarg;
				break;
			case 'i':
				csv = optarg;
				break;
			case 'x':
				swanmobile = optarg;
				break;
			case 'P':
				parallel = strtoul(optarg, NULL, 10);
				break;
			default:
				fprintf(stderr, "usage: bench_lookup [-s SIZES] [-S MAX] "
								"[-c CHUNK] [-r REPS] [-d DIR] [-i CSV -x "
								"SWANMOBILE -P SIZE]\n");
				return 2;
		}
	}
	if (reps < 1 || chunk < 10 || (csv && (!swanmobile || !parallel)))
	{
		fprintf(stderr, "bench_lookup: -r must be positive, -c at least 10; "
						"-i needs -x and -P\n");
		return 2;
	}
	all = calloc(MAX_SIZES, sizeof(*all));
	sizes = strdup(sizes ? sizes : "1000,10000,100000,1000000");
	if (!all || !sizes)
	{
		die("out of memory");
	}
	for (tok = strtok_r(sizes, ",", &save); tok;
		 tok = strtok_r(NULL, ",", &save))
	{
		if (nsizes == MAX_SIZES || (all[nsizes].n = strtoul(tok, NULL, 10)) < 1)
		{
			die("sizes: at most 16, each at least 1");
		}
		nsizes++;
	}
	if (!dir && !(dir = mkdtemp(tmpl)))
	{
		perror("mkdtemp");
		return 3;
	}

	/* an empty strongswan.conf: nothing of the host's settings */
	snprintf(conf, sizeof(conf), "%s/strongswan.conf", dir);
	if (!(f = fopen(conf, "w")) || fclose(f) != 0 ||
		!library_init(conf, "bench-lookup"))
	{
		die("library_init failed");
	}
	/* charon logs at level 1; nothing of the sets' DBG2 lines */
	dbg_default_set_level(LEVEL_SILENT);
	gateway = identification_create_from_string(GATEWAY);

	for (i = 0; i < nsizes; i++)
	{
		build(&all[i], dir, stock_max, chunk);
	}
	for (rep = 1; rep <= reps; rep++)
	{
		/* every size and side, each first in turn */
		for (i = 0; i < nsizes; i++)
		{
			size_ctx_t *z = &all[(i + rep) % nsizes];

			for (j = 0; j < z->nsides; j++)
			{
				measure(z, z->sides[(j + rep) % z->nsides]);
			}
		}
		for (i = 0; i < nsizes; i++)
		{
			for (k = 0; k < all[i].nsides; k++)
			{
				report(&all[i].samples[all[i].sides[k]], "",
					   side_names[all[i].sides[k]], all[i].n, rep);
			}
		}
	}
	for (i = 0; i < nsizes; i++)
	{
		destroy_stock(&all[i].check);
		if (csv && all[i].n == parallel)
		{
			measure_parallel(&all[i], csv, swanmobile);
		}
	}

	for (i = 0; i < nsizes; i++)
	{
		all[i].creds->destroy(all[i].creds);
		all[i].users->destroy(all[i].users);
		destroy_stock(&all[i].stock);
		for (k = 0; k < SIDE_COUNT; k++)
		{
			free(all[i].samples[k].t);
		}
	}
	gateway->destroy(gateway);
	library_deinit();
	free(all);
	free(sizes);
	if (!strncmp(dir, "/tmp/bench-lookup.", 18))
	{
		nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	}
	return 0;
}
