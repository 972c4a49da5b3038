/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file creds_fixture.h
 * The fixture of the credential set tests (test_creds.c,
 * test_creds_threads.c), on top of plugin_fixture.h: the gateway's
 * identity, a user database with the same users in every test, the
 * credential set on it, and lookups as the credential manager makes them.
 * Implemented in creds_fixture.c.
 */
#ifndef CREDS_FIXTURE_H_
#define CREDS_FIXTURE_H_

#include "plugin_fixture.h"

/** the gateway's identity (from setup_lib() to teardown_lib()) */
extern identification_t *gw;

/**
 * cmocka group setup: fixture_setup_daemon() and gw.
 */
int setup_lib(void **state);

/**
 * cmocka group teardown of setup_lib().
 */
int teardown_lib(void **state);

/**
 * cmocka setup: a fixture_t whose database holds alice, bob@example.com,
 * carol (disabled), CORP\dave, dave, CORP\erin (disabled), erin and
 * vpn.example.com, with the set on it (make_set()), the log reset.
 */
int setup(void **state);

/**
 * cmocka teardown of setup().
 */
int teardown(void **state);

/**
 * Add a user through the writer, without addresses or DNS servers.
 */
void add(fixture_t *f, const char *name, bool enabled);

/**
 * Make the user database object and the credential set on it.
 */
void make_set(fixture_t *f);

/**
 * Destroy the credential set and the user database object, so that no
 * handle of theirs stays open.
 */
void drop_set(fixture_t *f);

/**
 * Ask the set like the credential manager does; one key at most.
 *
 * @param me_match		match of me, NULL if not wanted
 * @param other_match	match of other, NULL if not wanted
 * @return				NT hash key (reference, must be destroyed) or NULL
 */
shared_key_t *ask(fixture_t *f, shared_key_type_t type, identification_t *me,
				  identification_t *other, id_match_t *me_match,
				  id_match_t *other_match);

/**
 * Whether the set serves expected_user's hash (fixture_hash_of()) to gw
 * for the identity text other.
 */
bool serves(fixture_t *f, const char *other, const char *expected_user);

/**
 * Whether the set serves nothing to gw for the identity text other.
 */
bool serves_none(fixture_t *f, const char *other);

/** A test with the fixture. */
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

#endif /* CREDS_FIXTURE_H_ */
