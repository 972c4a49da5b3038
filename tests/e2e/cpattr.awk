# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/cpattr.awk - the configuration attributes of the last CP
# (CONFIGURATION) payload charon parsed, decoded from the raw payload dumps
# of its "enc" log group at level 3 (the test bed's charon-raw.log, see
# e2e_strongswan_conf and bed_cp_attrs), one attribute per line:
#
#   TYPE NAME LENGTH VALUE
#
# e.g. "25 INTERNAL_DNS_DOMAIN 11 example.com".  Addresses are shown as
# a.b.c.d (IPv4), eight groups of four hex digits (IPv6), with "/LEN" for
# subnets and IPv6 addresses; strings with NUL bytes as \0 and other
# control bytes as \xNN, so that a NUL-terminated domain is visible; an
# empty value as "(empty)"; other values as hex.  Payloads charon
# generates (its own requests) are not read.  tests/cli/cpattr.sh feeds it
# captured dumps (tests/fixtures/cpattr/).
#
# Usage: awk -f cpattr.awk charon-raw.log

BEGIN {
	nm[1] = "INTERNAL_IP4_ADDRESS"; nm[2] = "INTERNAL_IP4_NETMASK"
	nm[3] = "INTERNAL_IP4_DNS"; nm[4] = "INTERNAL_IP4_NBNS"
	nm[8] = "INTERNAL_IP6_ADDRESS"; nm[10] = "INTERNAL_IP6_DNS"
	nm[13] = "INTERNAL_IP4_SUBNET"; nm[15] = "INTERNAL_IP6_SUBNET"
	nm[25] = "INTERNAL_DNS_DOMAIN"; nm[28672] = "UNITY_BANNER"
	nm[28673] = "UNITY_SAVE_PASSWD"; nm[28674] = "UNITY_DEF_DOMAIN"
	nm[28675] = "UNITY_SPLITDNS_NAME"; nm[28676] = "UNITY_SPLIT_INCLUDE"
	nm[28679] = "UNITY_PFS"
}

function name(t) { return (t in nm) ? nm[t] : "UNKNOWN" }

# the value of a two-digit upper-case hex byte
function hexval(h) {
	return index("0123456789ABCDEF", substr(h, 1, 1)) * 16 - 17 + \
		index("0123456789ABCDEF", substr(h, 2, 1))
}

function ip4(o) { return hexval(b[o]) "." hexval(b[o+1]) "." hexval(b[o+2]) "." hexval(b[o+3]) }

function ip6(o,   s, i) {
	s = ""
	for (i = 0; i < 16; i += 2)
		s = s (i ? ":" : "") tolower(b[o+i] b[o+i+1])
	return s
}

function str(   s, i, v) {
	s = ""
	for (i = 0; i < n; i++) {
		v = hexval(b[i])
		s = s (v == 0 ? "\\0" : v < 32 || v > 126 ? sprintf("\\x%02x", v) : sprintf("%c", v))
	}
	return s
}

# the number of bits set in LEN bytes from O (a netmask's prefix length)
function bits(o, len,   c, i, v) {
	c = 0
	for (i = 0; i < len; i++) {
		v = hexval(b[o+i])
		while (v) { c += v % 2; v = int(v / 2) }
	}
	return c
}

# one attribute: type, len and the n bytes b[0..n-1]
function emit(   v, i) {
	if (n == 0) v = "(empty)"
	else if ((type == 1 || type == 2 || type == 3 || type == 4) && n == 4) v = ip4(0)
	else if (type == 13 && n == 8) v = ip4(0) "/" bits(4, 4)
	else if ((type == 8 || type == 15) && n == 17) v = ip6(0) "/" hexval(b[16])
	else if (type == 10 && n == 16) v = ip6(0)
	else if (type == 25 || type == 28672 || type == 28674 || type == 28675) v = str()
	else { v = ""; for (i = 0; i < n; i++) v = v b[i] }
	out[++nout] = type " " name(type) " " len " " v
}

# the "NN[ENC]" thread tag of a line ("" if none)
function thread(   t) {
	return match($0, /[0-9]+\[ENC\]/) ? substr($0, RSTART, RLENGTH) : ""
}

# a new CONFIGURATION payload starts a new list; its attributes are parsed
# by the same thread, so follow that thread only
/\[ENC\] parsing CONFIGURATION payload,/ {
	tid = thread(); nout = 0; incp = 1; want = 0; st = ""
	next
}

incp && thread() == tid {
	if ($0 ~ /parsing CONFIGURATION payload finished/) {
		if (want) emit()
		want = 0; incp = 0
		next
	}
	if ($0 ~ /parsing rule 1 ATTRIBUTE_TYPE/) {
		if (want) emit()
		want = 0; st = "type"
		next
	}
	if ($0 ~ /parsing rule 2 ATTRIBUTE_LENGTH/) { st = "len"; next }
	if ($0 ~ /parsing rule 3 ATTRIBUTE_VALUE/) { st = "val"; n = 0; want = 1; next }
	if ($0 ~ /=> [0-9]+$/ && st == "type") { type = $NF + 0; st = ""; next }
	# an empty value has no dump lines: it is emitted (once) when the
	# attribute ends
	if ($0 ~ /=> [0-9]+$/ && st == "len") {
		len = $NF + 0; st = ""
		if (len == 0) { n = 0; want = 1 }
		next
	}
	# "  16: 0A 03 00 01 ...  ascii": up to 16 bytes in the first 48 columns
	if (st == "val" && $0 ~ /\[ENC\] +[0-9]+: /) {
		sub(/.*\[ENC\] +[0-9]+: /, "")
		cnt = split(substr($0, 1, 48), h, " ")
		for (i = 1; i <= cnt; i++) b[n++] = h[i]
		next
	}
	if ($0 ~ /parsing CONFIGURATION_ATTRIBUTE payload finished/) {
		if (want) emit()
		want = 0; st = ""
		next
	}
}

END { for (i = 1; i <= nout; i++) print out[i] }
