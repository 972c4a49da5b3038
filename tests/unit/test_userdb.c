/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for lib/sm_userdb*.c, the records: CRUD, identities and
 * addresses, upserts and bulk import, transactions, wiping (the file
 * itself: test_userdb_file.c).
 */
#include "config.h"

#include "userdb_fixture.h"

#include "sm_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

static void test_create_modes_wal(void **state)
{
	fixture_t *f = *state;
	char path[512];
	struct stat st;
	sm_userdb_t *db;
	sqlite3_stmt *stmt;
	sqlite3 *s;

	umask(022);
	db = open_db(f, SM_USERDB_CREATE);
	add_user(db, "alice", 1);
	assert_int_equal(stat(f->db, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(path, sizeof(path), "%s/lib", f->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	/* the journal files of WAL mode inherit the database's mode */
	snprintf(path, sizeof(path), "%s-wal", f->db);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_string_equal(sm_userdb_path(db), f->db);
	sm_userdb_close(db);

	assert_int_equal(sqlite3_open_v2(f->db, &s, SQLITE_OPEN_READONLY, NULL),
					 SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &stmt, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	assert_int_equal(
		sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &stmt, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), SM_USERDB_SCHEMA_VERSION);
	sqlite3_finalize(stmt);
	sqlite3_close(s);
}

static void test_crud(void **state)
{
	fixture_t *f = *state;
	sm_userdb_t *db;
	sm_user_t user;
	uint8_t hash[SM_NT_HASH_LEN];

	db = open_db(f, SM_USERDB_CREATE);
	add_user(db, "alice", 1);
	add_user(db, "bob@example.com", 2);
	assert_int_equal(count(db), 2);

	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_string_equal(user.identity, "alice");
	memset(hash, 1, sizeof(hash));
	assert_memory_equal(user.nt_hash, hash, SM_NT_HASH_LEN);
	assert_true(user.enabled);
	assert_string_equal(user.vip4, "");
	assert_true(user.created > 0 && user.created == user.updated);

	/* ASCII case is ignored, like strongSwan's FQDN/e-mail identities */
	assert_int_equal(sm_userdb_get(db, "BOB@Example.COM", &user), SM_USERDB_OK);
	assert_string_equal(user.identity, "bob@example.com");

	/* duplicates, also in another case */
	make_user(&user, "alice", 9);
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_EEXIST);
	assert_string_equal(sm_userdb_errmsg(db), "user 'alice' already exists");
	make_user(&user, "ALICE", 9);
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_EEXIST);
	assert_int_equal(count(db), 2);

	memset(hash, 7, sizeof(hash));
	assert_int_equal(sm_userdb_set_hash(db, "alice", hash), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_memory_equal(user.nt_hash, hash, SM_NT_HASH_LEN);

	assert_int_equal(sm_userdb_set_enabled(db, "alice", false), SM_USERDB_OK);
	assert_int_equal(sm_userdb_set_enabled(db, "alice", false), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_false(user.enabled);
	assert_int_equal(sm_userdb_set_enabled(db, "alice", true), SM_USERDB_OK);

	/* unknown users */
	assert_int_equal(sm_userdb_get(db, "carol", &user), SM_USERDB_ENOTFOUND);
	assert_string_equal(sm_userdb_errmsg(db), "user 'carol' does not exist");
	assert_int_equal(sm_userdb_set_hash(db, "carol", hash),
					 SM_USERDB_ENOTFOUND);
	assert_int_equal(sm_userdb_set_enabled(db, "carol", true),
					 SM_USERDB_ENOTFOUND);
	assert_int_equal(sm_userdb_delete(db, "carol"), SM_USERDB_ENOTFOUND);
	make_user(&user, "carol", 3);
	assert_int_equal(sm_userdb_update(db, &user), SM_USERDB_ENOTFOUND);

	assert_int_equal(sm_userdb_delete(db, "alice"), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_ENOTFOUND);
	assert_int_equal(count(db), 1);
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

static const struct {
	const char *identity;
	const char *msg;
} bad_identities[] = {
	{"", "identity is empty"},
	{"a\tb", "identity contains the control character U+0009 (character 2); "
			 "use printable characters only"},
	{"a\x7f", "identity contains the control character U+007F (character "
			  "2); use printable characters only"},
	{"caf\xc3", "identity is not valid UTF-8 (byte 4)"},
	{"\xc0\xaf", "identity is not valid UTF-8 (byte 1)"},
	{" alice", "identity ' alice' begins or ends with a space; remove it"},
	{"alice ", "identity 'alice ' begins or ends with a space; remove it"},
	/* the one identity rule (sm_identity.h) also guards every write */
	{"%any", "identity '%any' stands for any identity in strongSwan and "
			 "would match every user name; give each user's own name"},
	{"*@example.org", "identity '*@example.org' contains the wildcard '*' "
					  "(character 1): strongSwan matches a secret for "
					  "'*@example.org' against every user of that domain; "
					  "list each user by name"},
};

static void test_identities(void **state)
{
	fixture_t *f = *state;
	char longid[SM_USER_IDENTITY_MAX + 2], err[256];
	sm_userdb_t *db;
	sm_user_t user;
	size_t i;

	db = open_db(f, SM_USERDB_CREATE);
	for (i = 0; i < countof(bad_identities); i++)
	{
		sm_user_init(&user);
		assert_int_equal(sm_user_set_identity(&user, bad_identities[i].identity,
											  err, sizeof(err)),
						 false);
		assert_string_equal(err, bad_identities[i].msg);
		/* a record filled by hand is checked on write too */
		snprintf(user.identity, sizeof(user.identity), "%s",
				 bad_identities[i].identity);
		assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_EINVAL);
		assert_string_equal(sm_userdb_errmsg(db), bad_identities[i].msg);
	}
	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	assert_int_equal(sm_user_set_identity(&user, longid, err, sizeof(err)),
					 false);
	assert_string_equal(err, "identity is 256 bytes long; EAP-MSCHAPv2 user "
							 "names have at most 255 bytes");
	longid[SM_USER_IDENTITY_MAX] = '\0';
	add_user(db, longid, 1);

	/* what clients send: domains, e-mail forms, non-ASCII */
	add_user(db, "CORP\\alice", 2);
	add_user(db, "j\xc3\xbcrgen@example.org", 3);
	assert_int_equal(sm_userdb_get(db, "j\xc3\xbcrgen@example.org", &user),
					 SM_USERDB_OK);
	/* NOCASE folds ASCII only */
	assert_int_equal(sm_userdb_get(db, "J\xc3\x9cRGEN@example.org", &user),
					 SM_USERDB_ENOTFOUND);
	assert_int_equal(count(db), 3);
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

static void test_attrs(void **state)
{
	fixture_t *f = *state;
	sm_userdb_t *db;
	sm_user_t user;
	char err[256];

	sm_user_init(&user);
	assert_int_equal(
		sm_user_set_attrs(&user, "10.3.200.7/32", "2001:DB8:0:0::7",
						  "192.0.2.53, 2001:db8::53", err, sizeof(err)),
		true);
	assert_string_equal(user.vip4, "10.3.200.7");
	assert_string_equal(user.vip6, "2001:db8::7");
	assert_string_equal(user.dns, "192.0.2.53,2001:db8::53");

	/* NULL keeps, "" clears */
	assert_int_equal(sm_user_set_attrs(&user, NULL, "", NULL, err, sizeof(err)),
					 true);
	assert_string_equal(user.vip4, "10.3.200.7");
	assert_string_equal(user.vip6, "");
	assert_string_equal(user.dns, "192.0.2.53,2001:db8::53");

	assert_int_equal(
		sm_user_set_attrs(&user, "10.3.200.0/24", NULL, NULL, err, sizeof(err)),
		false);
	assert_string_equal(err, "virtual IPv4 address '10.3.200.0/24' is not a "
							 "single IPv4 address");
	assert_int_equal(
		sm_user_set_attrs(&user, "2001:db8::1", NULL, NULL, err, sizeof(err)),
		false);
	assert_int_equal(
		sm_user_set_attrs(&user, NULL, "10.0.0.1", NULL, err, sizeof(err)),
		false);
	assert_string_equal(err, "virtual IPv6 address '10.0.0.1' is not a "
							 "single IPv6 address");
	assert_int_equal(sm_user_set_attrs(&user, NULL, NULL, "192.0.2.1,dns.local",
									   err, sizeof(err)),
					 false);
	assert_string_equal(err, "DNS server 'dns.local' is not an IPv4 or IPv6 "
							 "address");
	assert_int_equal(sm_user_set_attrs(&user, NULL, NULL,
									   "1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 "
									   "5.5.5.5",
									   err, sizeof(err)),
					 false);
	assert_string_equal(err, "more than 4 DNS servers in '1.1.1.1 2.2.2.2 "
							 "3.3.3.3 4.4.4.4 5.5.5.5'");
	/* failures leave the record alone */
	assert_string_equal(user.vip4, "10.3.200.7");
	assert_string_equal(user.dns, "192.0.2.53,2001:db8::53");

	/* stored canonical, read back as such; hand-filled text is checked */
	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(sm_user_set_identity(&user, "alice", NULL, 0), true);
	snprintf(user.vip6, sizeof(user.vip6), "2001:DB8::0:9");
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_string_equal(user.vip4, "10.3.200.7");
	assert_string_equal(user.vip6, "2001:db8::9");
	snprintf(user.vip4, sizeof(user.vip4), "10.3.200.300");
	assert_int_equal(sm_userdb_update(db, &user), SM_USERDB_EINVAL);
	assert_string_equal(sm_userdb_errmsg(db),
						"virtual IPv4 address "
						"'10.3.200.300' is not a single IPv4 address");
	user.vip4[0] = '\0';
	user.dns[0] = '\0';
	assert_int_equal(sm_userdb_update(db, &user), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_string_equal(user.vip4, "");
	assert_string_equal(user.dns, "");
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

/* set_attrs writes only the values it is given: what another handle wrote
 * since this one read the user stays */
static void test_set_attrs(void **state)
{
	fixture_t *f = *state;
	uint8_t hash[SM_NT_HASH_LEN];
	sm_userdb_t *db, *other;
	sm_user_t user;

	db = open_db(f, SM_USERDB_CREATE);
	other = open_db(f, 0);
	make_user(&user, "alice", 1);
	assert_int_equal(sm_user_set_attrs(&user, "10.3.200.7", "2001:db8::7",
									   "192.0.2.53", NULL, 0),
					 true);
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);

	/* meanwhile, another writer */
	memset(hash, 9, sizeof(hash));
	assert_int_equal(sm_userdb_set_hash(other, "alice", hash), SM_USERDB_OK);
	assert_int_equal(sm_userdb_set_enabled(other, "alice", false),
					 SM_USERDB_OK);

	assert_int_equal(sm_userdb_set_attrs(db, "ALICE", NULL, "",
										 "2001:DB8::53, "
										 "192.0.2.54"),
					 SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_memory_equal(user.nt_hash, hash, SM_NT_HASH_LEN);
	assert_false(user.enabled);
	assert_string_equal(user.vip4, "10.3.200.7");
	assert_string_equal(user.vip6, "");
	assert_string_equal(user.dns, "2001:db8::53,192.0.2.54");
	assert_int_equal(sm_userdb_set_attrs(db, "alice", "10.3.200.8", NULL, ""),
					 SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(other, "alice", &user), SM_USERDB_OK);
	assert_string_equal(user.vip4, "10.3.200.8");
	assert_string_equal(user.dns, "");

	/* bad values and unknown users change nothing */
	assert_int_equal(
		sm_userdb_set_attrs(db, "alice", "10.3.200.9", "10.0.0.1", NULL),
		SM_USERDB_EINVAL);
	assert_string_equal(sm_userdb_errmsg(db),
						"virtual IPv6 address "
						"'10.0.0.1' is not a single IPv6 address");
	assert_int_equal(sm_userdb_set_attrs(db, "bob", "10.3.200.9", NULL, NULL),
					 SM_USERDB_ENOTFOUND);
	assert_string_equal(sm_userdb_errmsg(db), "user 'bob' does not exist");
	assert_int_equal(sm_userdb_get(db, "alice", &user), SM_USERDB_OK);
	assert_string_equal(user.vip4, "10.3.200.8");
	sm_userdb_close(other);

	/* read-only handles refuse */
	other = open_db(f, SM_USERDB_READONLY);
	assert_int_equal(sm_userdb_set_attrs(other, "alice", "", NULL, NULL),
					 SM_USERDB_EIO);
	sm_userdb_close(other);
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

static void test_upsert_prune(void **state)
{
	fixture_t *f = *state;
	const char *keep[] = {"alice", "CAROL", "alice", "nobody"};
	sm_userdb_change_t change;
	sm_userdb_t *db;
	sm_user_t user, got;
	size_t deleted;
	int64_t created;

	db = open_db(f, SM_USERDB_CREATE);
	make_user(&user, "alice", 1);
	assert_int_equal(sm_userdb_upsert(db, &user, &change), SM_USERDB_OK);
	assert_int_equal(change, SM_USERDB_CREATED);
	assert_int_equal(sm_userdb_upsert(db, &user, &change), SM_USERDB_OK);
	assert_int_equal(change, SM_USERDB_UNCHANGED);
	assert_int_equal(sm_userdb_get(db, "alice", &got), SM_USERDB_OK);
	created = got.created;

	/* a new spelling, hash and address are all taken over */
	make_user(&user, "Alice", 2);
	assert_int_equal(
		sm_user_set_attrs(&user, "10.3.200.9", NULL, NULL, NULL, 0), true);
	assert_int_equal(sm_userdb_upsert(db, &user, &change), SM_USERDB_OK);
	assert_int_equal(change, SM_USERDB_UPDATED);
	assert_int_equal(sm_userdb_get(db, "alice", &got), SM_USERDB_OK);
	assert_string_equal(got.identity, "Alice");
	assert_string_equal(got.vip4, "10.3.200.9");
	assert_int_equal(got.nt_hash[0], 2);
	assert_int_equal(got.created, created);
	assert_int_equal(count(db), 1);

	add_user(db, "bob", 3);
	add_user(db, "carol", 4);
	add_user(db, "dave", 5);
	assert_int_equal(sm_userdb_prune(db, keep, countof(keep), &deleted),
					 SM_USERDB_OK);
	assert_int_equal(deleted, 2);
	assert_int_equal(count(db), 2);
	assert_int_equal(sm_userdb_get(db, "carol", &got), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(db, "bob", &got), SM_USERDB_ENOTFOUND);
	assert_int_equal(sm_userdb_prune(db, NULL, 0, &deleted), SM_USERDB_OK);
	assert_int_equal(deleted, 2);
	assert_int_equal(count(db), 0);
	sm_user_wipe(&got);
	sm_userdb_close(db);
}

/** an import source over a table of identities */
typedef struct {
	const char *const *ids;
	size_t n;
	size_t next;
	/** yield -1 at this index (if < n) */
	size_t fail_at;
} source_t;

static int table_source(void *ctx, sm_user_t *user)
{
	source_t *src = ctx;

	if (src->next == src->fail_at)
	{
		return -1;
	}
	if (src->next >= src->n)
	{
		return 0;
	}
	snprintf(user->identity, sizeof(user->identity), "%s", src->ids[src->next]);
	memset(user->nt_hash, (int)src->next, SM_NT_HASH_LEN);
	src->next++;
	return 1;
}

/** a source of n generated users */
typedef struct {
	size_t n;
	size_t next;
} gen_source_t;

static int gen_source(void *ctx, sm_user_t *user)
{
	gen_source_t *src = ctx;

	if (src->next >= src->n)
	{
		return 0;
	}
	snprintf(user->identity, sizeof(user->identity), "user%06zu@example.com",
			 src->next);
	memcpy(user->nt_hash, &src->next, sizeof(src->next));
	src->next++;
	return 1;
}

static void test_import(void **state)
{
	fixture_t *f = *state;
	const char *dup[] = {"x1", "x2", "X1"};
	const char *existing[] = {"x3", "bob"};
	const char *sync[] = {"bob", "new"};
	sm_userdb_stats_t stats;
	gen_source_t gen = {.n = 1000};
	source_t src;
	sm_userdb_t *db;
	sm_user_t user;

	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(sm_userdb_import(db, gen_source, &gen, 0, &stats),
					 SM_USERDB_OK);
	assert_int_equal(stats.created, 1000);
	assert_int_equal(count(db), 1000);
	assert_int_equal(sm_userdb_get(db, "user000999@example.com", &user),
					 SM_USERDB_OK);
	add_user(db, "bob", 1);

	/* a duplicate inside the input: nothing is written */
	src = (source_t){.ids = dup, .n = 3, .fail_at = 99};
	assert_int_equal(sm_userdb_import(db, table_source, &src, 0, &stats),
					 SM_USERDB_EINVAL);
	assert_string_equal(sm_userdb_errmsg(db),
						"user 'X1' appears twice in the input");
	assert_int_equal(stats.created, 0);
	assert_int_equal(count(db), 1001);
	assert_int_equal(sm_userdb_get(db, "x2", &user), SM_USERDB_ENOTFOUND);

	/* an existing user without REPLACE: nothing is written */
	src = (source_t){.ids = existing, .n = 2, .fail_at = 99};
	assert_int_equal(sm_userdb_import(db, table_source, &src, 0, NULL),
					 SM_USERDB_EEXIST);
	assert_string_equal(sm_userdb_errmsg(db), "user 'bob' already exists");
	assert_int_equal(sm_userdb_get(db, "x3", &user), SM_USERDB_ENOTFOUND);

	/* the source fails: nothing is written */
	src = (source_t){.ids = existing, .n = 2, .fail_at = 1};
	assert_int_equal(sm_userdb_import(db, table_source, &src,
									  SM_USERDB_IMPORT_REPLACE, NULL),
					 SM_USERDB_EABORT);
	assert_int_equal(sm_userdb_get(db, "x3", &user), SM_USERDB_ENOTFOUND);

	/* an invalid identity names itself */
	src = (source_t){
		.ids = (const char *[]){"ok", "bad\x01"}, .n = 2, .fail_at = 99};
	assert_int_equal(sm_userdb_import(db, table_source, &src, 0, NULL),
					 SM_USERDB_EINVAL);
	assert_int_equal(count(db), 1001);

	/* replace + prune makes the database equal to the input */
	src = (source_t){.ids = sync, .n = 2, .fail_at = 99};
	assert_int_equal(
		sm_userdb_import(db, table_source, &src,
						 SM_USERDB_IMPORT_REPLACE | SM_USERDB_IMPORT_PRUNE,
						 &stats),
		SM_USERDB_OK);
	assert_int_equal(stats.created, 1);
	assert_int_equal(stats.updated, 1);
	assert_int_equal(stats.unchanged, 0);
	assert_int_equal(stats.deleted, 1000);
	assert_int_equal(count(db), 2);
	src = (source_t){.ids = sync, .n = 2, .fail_at = 99};
	assert_int_equal(sm_userdb_import(db, table_source, &src,
									  SM_USERDB_IMPORT_REPLACE, &stats),
					 SM_USERDB_OK);
	assert_int_equal(stats.unchanged, 2);
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

static void test_transactions(void **state)
{
	fixture_t *f = *state;
	sm_userdb_t *db;
	sm_user_t user;

	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(sm_userdb_begin(db), SM_USERDB_OK);
	assert_int_equal(sm_userdb_begin(db), SM_USERDB_EINVAL);
	add_user(db, "alice", 1);
	make_user(&user, "bob", 2);
	assert_int_equal(sm_userdb_upsert(db, &user, NULL), SM_USERDB_OK);
	/* a failing call inside keeps what came before it */
	make_user(&user, "alice", 3);
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_EEXIST);
	assert_int_equal(count(db), 2);
	assert_int_equal(sm_userdb_rollback(db), SM_USERDB_OK);
	assert_int_equal(count(db), 0);

	assert_int_equal(sm_userdb_begin(db), SM_USERDB_OK);
	add_user(db, "alice", 1);
	assert_int_equal(sm_userdb_prune(db, NULL, 0, NULL), SM_USERDB_OK);
	add_user(db, "carol", 1);
	assert_int_equal(sm_userdb_commit(db), SM_USERDB_OK);
	assert_int_equal(count(db), 1);
	assert_int_equal(sm_userdb_get(db, "carol", &user), SM_USERDB_OK);
	sm_user_wipe(&user);
	sm_userdb_close(db);
}

/* wiping clears the whole record, secret and all */
static void test_user_wipe(void **state)
{
	const unsigned char *bytes;
	sm_user_t user;
	size_t i;

	(void)state;
	memset(&user, 0xA5, sizeof(user));
	sm_user_init(&user);
	assert_true(sm_user_set_identity(&user, "alice", NULL, 0));
	assert_true(sm_user_set_attrs(&user, "10.3.200.7", "2001:db8::7",
								  "192.0.2.53", NULL, 0));
	memset(user.nt_hash, 0x5A, sizeof(user.nt_hash));
	user.created = user.updated = 1;
	sm_user_wipe(&user);
	bytes = (const unsigned char *)&user;
	for (i = 0; i < sizeof(user); i++)
	{
		if (bytes[i])
		{
			fail_msg("byte %zu of %zu is 0x%02x after sm_user_wipe()", i,
					 sizeof(user), bytes[i]);
		}
	}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(sm_userdb_strerror(SM_USERDB_OK), "success");
	assert_string_equal(sm_userdb_strerror(SM_USERDB_EPERM),
						"unsafe permissions");
	assert_string_equal(sm_userdb_strerror((sm_userdb_err_t)999),
						"unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_modes_wal),
		T(test_crud),
		T(test_identities),
		T(test_attrs),
		T(test_set_attrs),
		T(test_upsert_prune),
		T(test_import),
		T(test_transactions),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_user_wipe),
	};

	return sm_run_tests(tests);
}
