/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "nthash.h"
#include "sm_err.h"
#include "sm_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

struct sm_nthash_ctx {
	/** private library context, so the default one stays untouched */
	OSSL_LIB_CTX *libctx;
	/** the legacy provider, loaded into libctx */
	OSSL_PROVIDER *legacy;
	/** MD4 fetched from libctx */
	EVP_MD *md4;
	/** reused digest context */
	EVP_MD_CTX *mdctx;
};

/* "what: <OpenSSL's reason>", draining OpenSSL's error queue */
static void crypto_err(char *err, size_t errlen, const char *what)
{
	char reason[256] = "no details from OpenSSL";
	unsigned long code, first = 0;

	while ((code = ERR_get_error()) != 0)
	{
		if (!first)
		{
			first = code;
		}
	}
	if (first)
	{
		ERR_error_string_n(first, reason, sizeof(reason));
	}
	sm_err(err, errlen, "%s: %s", what, reason);
}

sm_nthash_ctx_t *sm_nthash_ctx_create(char *err, size_t errlen)
{
	sm_nthash_ctx_t *ctx;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
	{
		sm_err(err, errlen, "out of memory");
		return NULL;
	}
	ctx->libctx = OSSL_LIB_CTX_new();
	if (!ctx->libctx)
	{
		crypto_err(err, errlen, "cannot create an OpenSSL library context");
		goto fail;
	}
	ctx->legacy = OSSL_PROVIDER_load(ctx->libctx, "legacy");
	if (!ctx->legacy)
	{
		crypto_err(err, errlen,
				   "MD4 is unavailable: cannot load OpenSSL's "
				   "legacy provider (legacy.so in OpenSSL's modules "
				   "directory or $OPENSSL_MODULES)");
		goto fail;
	}
	ctx->md4 = EVP_MD_fetch(ctx->libctx, "MD4", NULL);
	if (!ctx->md4)
	{
		crypto_err(err, errlen,
				   "MD4 is unavailable in OpenSSL's legacy "
				   "provider");
		goto fail;
	}
	ctx->mdctx = EVP_MD_CTX_new();
	if (!ctx->mdctx)
	{
		crypto_err(err, errlen, "cannot create an OpenSSL digest context");
		goto fail;
	}
	return ctx;

fail:
	sm_nthash_ctx_destroy(ctx);
	return NULL;
}

void sm_nthash_ctx_destroy(sm_nthash_ctx_t *ctx)
{
	if (!ctx)
	{
		return;
	}
	EVP_MD_CTX_free(ctx->mdctx);
	EVP_MD_free(ctx->md4);
	if (ctx->legacy)
	{
		OSSL_PROVIDER_unload(ctx->legacy);
	}
	OSSL_LIB_CTX_free(ctx->libctx);
	free(ctx);
}

sm_nthash_err_t sm_nthash_ctx_hash(sm_nthash_ctx_t *ctx, const char *password,
								   size_t len, uint8_t hash[SM_NT_HASH_LEN],
								   char *err, size_t errlen)
{
	sm_nthash_err_t ret = SM_NTHASH_ECRYPTO;
	uint8_t *utf16 = NULL;
	size_t utf16len = 0, bad = 0;
	unsigned int mdlen = 0;

	if (len > (SIZE_MAX - 1) / 2)
	{
		sm_err(err, errlen, "password too long");
		return SM_NTHASH_ENOMEM;
	}
	/* 2 bytes per UTF-8 byte is the worst case (ASCII) */
	utf16 = malloc(len * 2 + 1);
	if (!utf16)
	{
		sm_err(err, errlen, "out of memory");
		return SM_NTHASH_ENOMEM;
	}
	if (!sm_utf8_to_utf16le(password, len, utf16, &utf16len, &bad))
	{
		sm_err(err, errlen, "the password is not valid UTF-8 (byte %zu)",
			   bad + 1);
		ret = SM_NTHASH_EUTF8;
		goto out;
	}
	if (EVP_DigestInit_ex2(ctx->mdctx, ctx->md4, NULL) != 1 ||
		EVP_DigestUpdate(ctx->mdctx, utf16, utf16len) != 1 ||
		EVP_DigestFinal_ex(ctx->mdctx, hash, &mdlen) != 1 ||
		mdlen != SM_NT_HASH_LEN)
	{
		crypto_err(err, errlen, "computing MD4 failed");
		goto out;
	}
	ret = SM_NTHASH_OK;

out:
	OPENSSL_clear_free(utf16, len * 2 + 1);
	return ret;
}

sm_nthash_err_t sm_nthash(const char *password, size_t len,
						  uint8_t hash[SM_NT_HASH_LEN], char *err,
						  size_t errlen)
{
	sm_nthash_ctx_t *ctx;
	sm_nthash_err_t ret;

	ctx = sm_nthash_ctx_create(err, errlen);
	if (!ctx)
	{
		return SM_NTHASH_ECRYPTO;
	}
	ret = sm_nthash_ctx_hash(ctx, password, len, hash, err, errlen);
	sm_nthash_ctx_destroy(ctx);
	return ret;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
	{
		return c - '0';
	}
	if (c >= 'a' && c <= 'f')
	{
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F')
	{
		return c - 'A' + 10;
	}
	return -1;
}

bool sm_nthash_from_hex(const char *hex, uint8_t hash[SM_NT_HASH_LEN])
{
	uint8_t tmp[SM_NT_HASH_LEN];
	size_t i;

	if (strlen(hex) != SM_NT_HASH_HEXLEN)
	{
		return false;
	}
	for (i = 0; i < SM_NT_HASH_LEN; i++)
	{
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
		{
			OPENSSL_cleanse(tmp, sizeof(tmp));
			return false;
		}
		tmp[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(hash, tmp, sizeof(tmp));
	OPENSSL_cleanse(tmp, sizeof(tmp));
	return true;
}

void sm_nthash_to_hex(const uint8_t hash[SM_NT_HASH_LEN],
					  char hex[SM_NT_HASH_HEXLEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SM_NT_HASH_LEN; i++)
	{
		hex[2 * i] = digits[hash[i] >> 4];
		hex[2 * i + 1] = digits[hash[i] & 0x0F];
	}
	hex[SM_NT_HASH_HEXLEN] = '\0';
}

const char *sm_nthash_strerror(sm_nthash_err_t err)
{
	switch (err)
	{
		case SM_NTHASH_OK:
			return "success";
		case SM_NTHASH_EUTF8:
			return "not valid UTF-8";
		case SM_NTHASH_ECRYPTO:
			return "MD4 unavailable or failed";
		case SM_NTHASH_ENOMEM:
			return "out of memory";
	}
	return "unknown error";
}
