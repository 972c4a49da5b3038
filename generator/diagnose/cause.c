/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cause table.  swanmobile(8), section DIAGNOSE, lists the same codes;
 * tests/unit/test_diagnose_rules.c checks that every code has a meaning and
 * a fix.
 */
#include "config.h"

#include "cause.h"

#include <string.h>

#define PF_P1 "VPN > IPsec > Tunnels > Phase 1"
#define PF_P2 "VPN > IPsec > Tunnels > Phase 2"
#define WIN_CRYPTO                                                             \
	"Windows' built-in client offers only 3DES/AES-CBC with SHA1/SHA2 and "    \
	"MODP_1024: install the generated PowerShell profile ('swanmobile "        \
	"profile windows', Set-VpnConnectionIPsecConfiguration), or allow its "    \
	"defaults with ike.legacy_crypto: true and a proposal such as "            \
	"aes256-sha1-modp1024; Apple devices: use the generated .mobileconfig"

/* clang-format off */
static const sm_cause_info_t table[SM_CAUSE_COUNT] = {
	[SM_CAUSE_UNKNOWN] = {
		"unknown",
		"the log does not show a cause this tool knows; the lines that "
		"looked relevant are listed",
		NULL, NULL, NULL},
	[SM_CAUSE_ESTABLISHED] = {
		"established",
		"the IKE_SA and its CHILD_SAs were established",
		NULL, NULL, NULL},
	[SM_CAUSE_IKE_MODE] = {
		"ike-mode-mismatch",
		"the peers do not speak the same IKE version or mode (IKEv1 and "
		"IKEv2, or IKEv1 Main and Aggressive Mode)",
		"none: the gateway speaks IKEv2 only",
		PF_P1 ": Key Exchange version, and Negotiation mode for IKEv1 (Main)",
		"choose IKEv2 on the client (Windows: VPN type IKEv2; Apple: "
		"type IKEv2; Android: strongSwan app, IKEv2 EAP); for IKEv1 use "
		"Main Mode"},
	[SM_CAUSE_NO_IKE_CONFIG] = {
		"no-ike-config",
		"the responder has no connection for the local address and IKE "
		"version the request arrived with",
		"gateway.listen (the addresses clients connect to)",
		PF_P1 ": Interface and Key Exchange version",
		"connect to the gateway's address with IKEv2"},
	[SM_CAUSE_PEER_ID] = {
		"peer-id-mismatch",
		"an identity one peer sent is not the one the other side expects",
		"gateway.identifier (default gateway.hostname): the identity the "
		"gateway uses and the client must expect",
		PF_P1 ": My identifier / Peer identifier",
		"set the client's server (remote) identity to the gateway's "
		"identifier (Windows: connect with that name; Apple profile: "
		"RemoteIdentifier; strongSwan: remote.id)"},
	[SM_CAUSE_NAT_ID] = {
		"nat-id-mismatch",
		"behind NAT, a peer identifies itself with its private address "
		"(the address before NAT), not the public one the other side "
		"expects",
		"gateway.identifier: use a name, not an address, behind NAT",
		PF_P1 ": Peer identifier = the peer's address before NAT (or a "
		"name on both sides)",
		"give the peer behind NAT a name (FQDN) as its identity, or expect "
		"its private address"},
	[SM_CAUSE_PSK] = {
		"psk-mismatch",
		"the pre-shared keys of the two sides differ (or one side has none "
		"for these identities)",
		"none: swanmobile uses certificates and EAP; for IKEv1 PSK peers "
		"the shared secret must be the same on both sides",
		PF_P1 ": Pre-Shared Key (mobile clients: VPN > IPsec > Pre-Shared "
		"Keys)",
		"enter the same pre-shared key on the client"},
	[SM_CAUSE_P1_ENCRYPTION] = {
		"p1-encryption-mismatch",
		"no IKE (phase 1) encryption algorithm in common",
		"ike.proposals", PF_P1 ": Encryption Algorithm", WIN_CRYPTO},
	[SM_CAUSE_P1_INTEGRITY] = {
		"p1-integrity-mismatch",
		"no IKE (phase 1) integrity (hash) algorithm in common",
		"ike.proposals", PF_P1 ": Hash Algorithm", WIN_CRYPTO},
	[SM_CAUSE_P1_PRF] = {
		"p1-prf-mismatch",
		"no IKE (phase 1) pseudo-random function in common",
		"ike.proposals (prf...)",
		PF_P1 ": PRF Algorithm (Advanced Options: Enable manual PRF "
		"selection)", WIN_CRYPTO},
	[SM_CAUSE_P1_DH] = {
		"p1-dh-group-mismatch",
		"no IKE (phase 1) Diffie-Hellman group (key exchange method) in "
		"common",
		"ike.proposals (modp..., ecp..., curve25519)", PF_P1 ": DH Group",
		WIN_CRYPTO},
	[SM_CAUSE_P1_PROPOSAL] = {
		"p1-proposal-mismatch",
		"the responder accepted none of the IKE (phase 1) proposals; its "
		"log names the algorithm that differs",
		"ike.proposals", PF_P1 ": Encryption Algorithm, Hash, PRF, DH Group",
		WIN_CRYPTO},
	[SM_CAUSE_P2_TS] = {
		"p2-traffic-selector-mismatch",
		"the networks of the CHILD_SA (traffic selectors, phase 2) do not "
		"match",
		"children[].local_networks (what clients may reach)",
		PF_P2 ": Local Network / Remote Network",
		"the networks the client asks for (remote networks, split routes) "
		"must lie within the gateway's local networks; 0.0.0.0/0 for a "
		"full tunnel"},
	[SM_CAUSE_P2_ENCRYPTION] = {
		"p2-encryption-mismatch",
		"no ESP (phase 2) encryption algorithm in common",
		"children[].proposals", PF_P2 ": Encryption Algorithms",
		"Windows' built-in ESP proposals are AES-CBC/3DES with SHA1: use "
		"the generated PowerShell profile (CipherTransformConstants) or "
		"add aes256-sha1 with ike.legacy_crypto: true"},
	[SM_CAUSE_P2_INTEGRITY] = {
		"p2-integrity-mismatch",
		"no ESP (phase 2) integrity (hash) algorithm in common",
		"children[].proposals", PF_P2 ": Hash Algorithms",
		"Windows' built-in ESP integrity is SHA1 only: use the generated "
		"PowerShell profile (AuthenticationTransformConstants) or add "
		"aes256-sha1 with ike.legacy_crypto: true"},
	[SM_CAUSE_P2_PFS] = {
		"p2-pfs-mismatch",
		"one side requires perfect forward secrecy (a key exchange in the "
		"ESP proposal) and the other does not offer it; seen when a "
		"CHILD_SA is created or rekeyed",
		"children[].pfs, or ESP proposals with an optional key exchange "
		"such as aes256gcm16-ecp384-modpnone",
		PF_P2 ": PFS key group (and Mobile Clients: Phase 2 PFS Group)",
		"macOS never proposes PFS when rekeying: make PFS optional on the "
		"gateway; Windows: -PfsGroup of Set-VpnConnectionIPsecConfiguration "
		"must match"},
	[SM_CAUSE_P2_PROPOSAL] = {
		"p2-proposal-mismatch",
		"the responder accepted none of the ESP (phase 2) proposals; its "
		"log names the algorithm that differs",
		"children[].proposals, children[].pfs",
		PF_P2 ": Encryption Algorithms, Hash Algorithms, PFS key group",
		"Windows' built-in ESP proposals are AES-CBC/3DES with SHA1: use "
		"the generated PowerShell profile"},
	[SM_CAUSE_P2_INSTALL] = {
		"child-install-failed",
		"the gateway negotiated the CHILD_SA but its kernel interface "
		"refused to install it (IPsec SA or policies); no proposal or "
		"traffic selector differs",
		"give the gateway an address in the LAN (children[].local_networks), "
		"or use the kernel datapath where the kernel carries ESP: "
		"'swanmobile doctor' checks this as local-ts",
		PF_P2 ": Local Network must be a network of one of pfSense's "
		"interfaces; Status > System Logs > IPsec shows the kernel's "
		"message",
		"none: the gateway must be fixed (the client's TS_UNACCEPTABLE or "
		"NO_PROPOSAL_CHOSEN only echoes it); reconnect afterwards"},
	[SM_CAUSE_EAP_AUTH] = {
		"eap-auth-failed",
		"EAP-MSCHAPv2 authentication failed: the password does not match "
		"the user's",
		"users.accounts[].password ('swanmobile user passwd IDENTITY')",
		"VPN > IPsec > Pre-Shared Keys: the EAP entry of the user",
		"enter the user's password again on the client"},
	[SM_CAUSE_EAP_IDENTITY] = {
		"eap-identity-unknown",
		"the user name (EAP identity) the client sent is not in the user "
		"database",
		"users.accounts[].identity ('swanmobile user add IDENTITY')",
		"VPN > IPsec > Pre-Shared Keys: an entry of type EAP with this "
		"identifier",
		"check the user name on the client; Windows may send "
		"DOMAIN\\user"},
	[SM_CAUSE_XAUTH] = {
		"xauth-failed",
		"IKEv1 XAuth user authentication failed (wrong password or "
		"unknown user)",
		"none: the gateway speaks IKEv2 with EAP-MSCHAPv2",
		"VPN > IPsec > Mobile Clients: User Authentication; System > User "
		"Manager: the user's password",
		"enter the user's name and password again, or use IKEv2"},
	[SM_CAUSE_AUTH_METHOD] = {
		"auth-method-mismatch",
		"the peers use different authentication methods (EAP, certificate, "
		"pre-shared key) or EAP methods",
		"none: the gateway authenticates with its certificate and clients "
		"with EAP-MSCHAPv2 (users.accounts)",
		PF_P1 ": Authentication Method (EAP-MSCHAPv2 for mobile clients)",
		"set the client to IKEv2 with username and password (EAP-MSCHAPv2) "
		"and the gateway's certificate (Windows: Authentication EAP-MSCHAPv2; "
		"strongSwan app: IKEv2 EAP (Username/Password))"},
	[SM_CAUSE_AUTH_FAILED] = {
		"auth-failed",
		"the peer rejected the authentication (AUTHENTICATION_FAILED) and "
		"this log does not say why; the peer's log does",
		"gateway.identifier, users.accounts",
		PF_P1 ": My/Peer identifier, authentication method",
		"run 'swanmobile diagnose' on both logs (the client's and the "
		"gateway's)"},
	[SM_CAUSE_CERT_UNTRUSTED] = {
		"cert-untrusted",
		"the peer's certificate cannot be verified: its CA is not trusted "
		"or missing, or it is expired or revoked",
		"ca (the generated CA certificate must be installed on clients); "
		"certificate.lifetime ('swanmobile renew')",
		"System > Cert. Manager: the CA; " PF_P1 ": Peer Certificate "
		"Authority",
		"import the gateway's CA certificate (Windows: Local Computer > "
		"Trusted Root Certification Authorities; Apple and Android: in the "
		"profile)"},
	[SM_CAUSE_CERT_NAME] = {
		"cert-name-mismatch",
		"the certificate does not contain the identity (name or address) "
		"used for the authentication",
		"gateway.hostname, gateway.names, gateway.addresses (the names in "
		"the certificate) and gateway.identifier (must be one of them)",
		"System > Cert. Manager: the server certificate's SAN must contain "
		PF_P1 ": My identifier",
		"connect with a name that is in the gateway's certificate"},
	[SM_CAUSE_VIP] = {
		"vip-unavailable",
		"no virtual IP address could be assigned (pool exhausted or "
		"missing)",
		"mobile.pool / mobile.pool6 (a larger pool), "
		"users.accounts[].address",
		"VPN > IPsec > Mobile Clients: Virtual Address Pool",
		"request a virtual IP from the gateway's pool"},
	[SM_CAUSE_NO_RESPONSE] = {
		"no-response",
		"the peer never answered (no route, firewall, wrong address, or "
		"fragments lost)",
		"gateway.listen, ike.fragmentation; the firewall must let UDP 500 "
		"and 4500 (and ESP) reach the gateway",
		"Firewall > Rules > WAN: pass UDP 500, 4500 and ESP; " PF_P1
		": Interface",
		"check the server address and that the client's network lets UDP "
		"500 and 4500 out"},
};
/* clang-format on */

const sm_cause_info_t *sm_cause_info(sm_cause_t cause)
{
	if ((int)cause < 0 || cause >= SM_CAUSE_COUNT)
	{
		cause = SM_CAUSE_UNKNOWN;
	}
	return &table[cause];
}

sm_cause_t sm_cause_from_code(const char *code)
{
	int i;

	for (i = 0; i < SM_CAUSE_COUNT; i++)
	{
		if (!strcmp(table[i].code, code))
		{
			return (sm_cause_t)i;
		}
	}
	return SM_CAUSE_COUNT;
}
