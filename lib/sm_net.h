/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_net.h
 * IPv4/IPv6 addresses and prefixes: strict parsing, canonical formatting and
 * the set relations the validator needs (overlap, containment); and the
 * DNS names the plugin pushes.
 */
#ifndef SM_NET_H_
#define SM_NET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Longest DNS name in characters, without a trailing dot (RFC 1035,
 *  2.3.4: 255 octets on the wire). */
#define SM_DNS_NAME_MAX 253

/** Longest label of a DNS name (RFC 1035, 2.3.4). */
#define SM_DNS_LABEL_MAX 63

/** Longest text sm_prefix_format() writes, with the terminating NUL. */
#define SM_PREFIX_STRLEN 50

/** An address with a prefix length (a single address has 32 or 128). */
typedef struct {
	/** AF_INET or AF_INET6 */
	int family;
	/** address in network byte order; IPv4 uses the first 4 bytes */
	uint8_t addr[16];
	/** prefix length, 0..32 or 0..128 */
	unsigned int len;
} sm_prefix_t;

/** Result of sm_prefix_parse(). */
typedef enum {
	/** parsed */
	SM_NET_OK = 0,
	/** not an IPv4/IPv6 address, with or without /prefix */
	SM_NET_ESYNTAX,
	/** prefix length not a number in range for the address family */
	SM_NET_EPREFIX,
} sm_net_err_t;

/**
 * Parse "ADDR" or "ADDR/LEN" (IPv4 dotted quad without leading zeros, or
 * IPv6 in any RFC 4291 text form); a bare address gets the full length.
 * Host bits are kept: test them with sm_prefix_host_bits().
 *
 * @param text		NUL-terminated text
 * @param out		receives the prefix
 * @return			SM_NET_OK or the reason it was rejected
 */
sm_net_err_t sm_prefix_parse(const char *text, sm_prefix_t *out);

/**
 * Whether bits beyond the prefix length are set (10.3.0.1/24).
 */
bool sm_prefix_host_bits(const sm_prefix_t *p);

/**
 * Clear the bits beyond the prefix length (10.3.0.1/24 -> 10.3.0.0/24).
 */
void sm_prefix_network(sm_prefix_t *p);

/**
 * Whether the two prefixes share at least one address (same family only).
 */
bool sm_prefix_overlaps(const sm_prefix_t *a, const sm_prefix_t *b);

/**
 * Whether every address of inner is in outer (same family only).
 */
bool sm_prefix_contains(const sm_prefix_t *outer, const sm_prefix_t *inner);

/**
 * Number of addresses in the prefix, saturated at UINT64_MAX.
 */
uint64_t sm_prefix_size(const sm_prefix_t *p);

/**
 * Write the canonical text form: "10.3.0.0/24", "2001:db8::/64"; with
 * with_len false and a full-length prefix, the address alone.
 *
 * @param p			prefix
 * @param with_len	always append /LEN
 * @param buf		receives the text, at least SM_PREFIX_STRLEN bytes
 * @param size		size of buf
 * @return			buf, or NULL if it is too small
 */
char *sm_prefix_format(const sm_prefix_t *p, bool with_len, char *buf,
					   size_t size);

/**
 * A short English explanation of an sm_net_err_t.
 */
const char *sm_net_strerror(sm_net_err_t err);

/** What is wrong with a DNS name (sm_dns_name_check()). */
typedef enum {
	SM_DNS_OK = 0,
	/** no name at all ("" or ".") */
	SM_DNS_EEMPTY,
	/** longer than SM_DNS_NAME_MAX (without a trailing dot) */
	SM_DNS_ETOOLONG,
	/** a byte that is not ASCII: an IDN not in its A-label form */
	SM_DNS_ENONASCII,
	/** an empty label: a leading dot or two dots in a row */
	SM_DNS_ELABEL_EMPTY,
	/** a label longer than SM_DNS_LABEL_MAX */
	SM_DNS_ELABEL_LONG,
	/** a character that is not a letter, a digit, '-' or (in a domain)
	 *  '_' */
	SM_DNS_ECHAR,
	/** a label that starts or ends with '-' */
	SM_DNS_EHYPHEN,
	/** the last label is a number: an address, not a name */
	SM_DNS_ENUMERIC,
} sm_dns_err_t;

/** Flags of sm_dns_name_check(). */
enum {
	/** a host name (a certificate's name, an IKE identity): letters,
	 *  digits and '-' only (RFC 952/1123, RFC 5280's preferred name
	 *  syntax); without it a domain, which may also hold '_' (RFC 2181,
	 *  section 11: zones such as _msdcs.corp.example) */
	SM_DNS_HOST = 1 << 0,
};

/** Where sm_dns_name_check() found the fault. */
typedef struct {
	/** offset and length of the label at fault (label errors, ECHAR,
	 *  EHYPHEN, ENUMERIC) */
	size_t label;
	size_t label_len;
	/** offset of the byte at fault (ECHAR, ENONASCII) */
	size_t at;
} sm_dns_fault_t;

/**
 * The one rule for the DNS names of swanmobile: the domains the plugin
 * pushes (default_domain, split_dns; swanmobile.conf(5)), the same keys of
 * the VPN description (swanmobile.yaml(5)), and with SM_DNS_HOST the
 * gateway's host names.  Labels of ASCII letters, digits, '-' (not first
 * or last) and, in domains, '_', 1 to SM_DNS_LABEL_MAX bytes each,
 * separated by single dots; at most SM_DNS_NAME_MAX bytes; the last label
 * not all digits; one trailing dot allowed (an absolute name; the name
 * meant is the one without it, see sm_dns_name_len()).  IDNs must be
 * written as A-labels ("xn--...").  Case is not checked.
 *
 * @param text		the name
 * @param flags		SM_DNS_HOST or 0
 * @param fault		receives where the fault is (may be NULL)
 * @return			SM_DNS_OK, or what is wrong
 */
sm_dns_err_t sm_dns_name_check(const char *text, unsigned int flags,
							   sm_dns_fault_t *fault);

/**
 * Whether text is a domain by sm_dns_name_check()'s rule (flags 0): what
 * the plugin sends and swanmobile selftest expects.
 */
bool sm_dns_name_valid(const char *text);

/**
 * The length of a name without its trailing dot: what to send or write
 * of a name sm_dns_name_check() accepted.
 */
size_t sm_dns_name_len(const char *text);

/**
 * A short English explanation of an sm_dns_err_t ("the last label is a
 * number").
 */
const char *sm_dns_strerror(sm_dns_err_t err);

#endif /* SM_NET_H_ */
