/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file profiles_fixture.h
 * What the profiles/ tests (test_profiles.c, test_profiles_render.c)
 * share: proposals parsed or the test fails, platforms by id.
 * Implemented in profiles_fixture.c.
 */
#ifndef PROFILES_FIXTURE_H_
#define PROFILES_FIXTURE_H_

#include "sm_test.h"

#include "profiles/profiles.h"

/**
 * Parse a list of proposals as charon holds them; fails the test if the
 * list is invalid.
 */
void sm_test_props(const char *list, sm_proto_t proto, sm_props_t *out);

/**
 * The platform with this id (profiles/platforms.c); fails the test if
 * there is none.
 *
 * @return			internal data of the table
 */
const sm_platform_t *sm_test_platform(const char *id);

#endif /* PROFILES_FIXTURE_H_ */
