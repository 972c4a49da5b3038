/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture of the credential set tests, see creds_fixture.h.
 */
#include "plugin_fixture.h"
#include "creds_fixture.h"

identification_t *gw;

int setup_lib(void **state)
{
	if (fixture_setup_daemon(state) != 0)
	{
		return -1;
	}
	gw = identification_create_from_string("vpn.example.com");
	return 0;
}

int teardown_lib(void **state)
{
	gw->destroy(gw);
	return fixture_teardown_daemon(state);
}

void add(fixture_t *f, const char *name, bool enabled)
{
	fixture_add(f, name, enabled, "", "", "");
}

void make_set(fixture_t *f)
{
	f->users = swanmobile_users_create(f->path);
	assert_non_null(f->users);
	f->creds = swanmobile_creds_create(f->users);
}

void drop_set(fixture_t *f)
{
	f->creds->destroy(f->creds);
	f->creds = NULL;
	f->users->destroy(f->users);
	f->users = NULL;
}

int setup(void **state)
{
	fixture_t *f = fixture_create("creds");

	add(f, "alice", TRUE);
	add(f, "bob@example.com", TRUE);
	add(f, "carol", FALSE);
	add(f, "CORP\\dave", TRUE);
	add(f, "dave", TRUE);
	add(f, "CORP\\erin", FALSE);
	add(f, "erin", TRUE);
	add(f, "vpn.example.com", TRUE);
	fixture_log_reset();
	make_set(f);
	*state = f;
	return 0;
}

int teardown(void **state)
{
	fixture_destroy(*state);
	return 0;
}

shared_key_t *ask(fixture_t *f, shared_key_type_t type, identification_t *me,
				  identification_t *other, id_match_t *me_match,
				  id_match_t *other_match)
{
	enumerator_t *enumerator;
	shared_key_t *key, *found = NULL;
	id_match_t m = ID_MATCH_NONE, o = ID_MATCH_NONE;

	enumerator = f->creds->set.create_shared_enumerator(&f->creds->set, type,
														me, other);
	if (!enumerator)
	{
		return NULL;
	}
	if (enumerator->enumerate(enumerator, &key, &m, &o))
	{
		found = key->get_ref(key);
		/* one key per lookup */
		assert_false(enumerator->enumerate(enumerator, &key, &m, &o));
	}
	enumerator->destroy(enumerator);
	if (me_match)
	{
		*me_match = m;
	}
	if (other_match)
	{
		*other_match = o;
	}
	return found;
}

bool serves(fixture_t *f, const char *other, const char *expected_user)
{
	identification_t *id = identification_create_from_string((char *)other);
	uint8_t hash[SM_NT_HASH_LEN];
	shared_key_t *key;
	bool ok = FALSE;

	key = ask(f, SHARED_NT_HASH, gw, id, NULL, NULL);
	id->destroy(id);
	if (key)
	{
		fixture_hash_of(expected_user, hash);
		assert_int_equal(key->get_type(key), SHARED_NT_HASH);
		ok = chunk_equals(key->get_key(key), chunk_create(hash, sizeof(hash)));
		key->destroy(key);
	}
	return ok;
}

bool serves_none(fixture_t *f, const char *other)
{
	identification_t *id = identification_create_from_string((char *)other);
	shared_key_t *key;

	key = ask(f, SHARED_NT_HASH, gw, id, NULL, NULL);
	id->destroy(id);
	DESTROY_IF(key);
	return key == NULL;
}
