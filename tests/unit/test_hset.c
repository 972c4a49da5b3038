/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/base/hset.c: duplicates by hash */
#include "config.h"

#include "sm_test.h"

#include "base/hset.h"

#include <stdlib.h>
#include <strings.h>

static bool same_word(const void *ctx, size_t a, size_t b)
{
	const char *const *words = ctx;

	return !strcasecmp(words[a], words[b]);
}

static uint64_t hash_word(const char *w)
{
	return sm_hash_fold(SM_HASH_INIT, w, strlen(w));
}

/* the first of equal elements stays; later ones name it */
static void test_duplicates(void **state)
{
	static const char *const words[] = {"alice", "bob", "Alice",
										"carol", "BOB", "ALICE"};
	static const size_t first[] = {SIZE_MAX, SIZE_MAX, 0, SIZE_MAX, 1, 0};
	sm_hset_t h = {NULL, 0};
	size_t i;

	(void)state;
	assert_true(sm_hset_init(&h, countof(words)));
	for (i = 0; i < countof(words); i++)
	{
		assert_int_equal(
			sm_hset_put(&h, hash_word(words[i]), i, same_word, words),
			first[i]);
	}
	sm_hset_free(&h);
	assert_null(h.slots);
	sm_hset_free(&h);
}

/* equal hashes of different elements (collisions) are told apart */
static void test_collisions(void **state)
{
	enum { N = 1000 };
	char(*words)[8] = calloc(N, sizeof(*words));
	const char **ptrs = calloc(N, sizeof(*ptrs));
	sm_hset_t h;
	size_t i;

	(void)state;
	assert_non_null(words);
	assert_non_null(ptrs);
	assert_true(sm_hset_init(&h, N));
	for (i = 0; i < N; i++)
	{
		snprintf(words[i], sizeof(words[i]), "w%zu", i % (N / 2));
		ptrs[i] = words[i];
		/* every element hashes alike: only eq() can tell them apart */
		assert_int_equal(sm_hset_put(&h, 42, i, same_word, ptrs),
						 i < N / 2 ? SIZE_MAX : i - N / 2);
	}
	sm_hset_free(&h);
	free(ptrs);
	free(words);
}

/* FNV-1a, and the folded variant differs only in ASCII case */
static void test_hash(void **state)
{
	(void)state;
	/* FNV-1a 64 test vectors */
	assert_true(sm_hash_bytes(SM_HASH_INIT, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(sm_hash_bytes(SM_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(sm_hash_bytes(SM_HASH_INIT, "foobar", 6) ==
				0x85944171f73967e8ULL);
	assert_true(sm_hash_fold(SM_HASH_INIT, "FooBar", 6) ==
				sm_hash_bytes(SM_HASH_INIT, "foobar", 6));
	assert_true(sm_hash_fold(SM_HASH_INIT, "\xc3\x89", 2) ==
				sm_hash_bytes(SM_HASH_INIT, "\xc3\x89", 2));
	/* a hash continues where it stopped */
	assert_true(sm_hash_bytes(sm_hash_bytes(SM_HASH_INIT, "foo", 3), "bar",
							  3) == sm_hash_bytes(SM_HASH_INIT, "foobar", 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_hash),
	};

	return sm_run_tests(tests);
}
