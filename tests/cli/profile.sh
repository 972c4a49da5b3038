#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile profile and generate's clients/: every profile of the example
# is written with the gateway's CA; the .mobileconfig parses with Python's
# plistlib and carries only keys and values of Apple's VPN payload
# (apple/device-management), the .sswan parses as JSON with the keys of the
# Android app's format, the PowerShell script uses only documented cmdlet
# parameters and values (learn.microsoft.com), the NetworkManager keyfile
# only charon-nm's data items, the swanctl directory reads back with
# strongSwan's own parser; hostile user names come back exactly as given;
# passwords only when asked for; a signed profile verifies with OpenSSL;
# usage errors; --on-demand's rules carry Apple's documented actions and
# interface types; check's client report, on the example and on generate's
# defaults (every platform that can connect also rekeys).
. "$(dirname "$0")/tap.sh"

tmp=$(mktemp -d /tmp/sm-profile.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
export SWANMOBILE_TEMPLATES="$SM_SRCDIR/templates"
cd "$SM_SRCDIR" || exit 1

run "$SWANMOBILE" profile windows --root "$root" --out "$tmp/none" examples/road-warrior.yaml
expect_rc 3 "before generate: no CA, exit 3"
expect_match "$err" "run 'swanmobile generate' first" "it says to run generate first"

run "$SWANMOBILE" generate --root "$root" examples/road-warrior.yaml
expect_rc 0 "generate the example"
clients=$root/etc/swanmobile/rw/clients
for f in rw-ca.pem rw-ca.crt rw.ps1 rw.mobileconfig rw.sswan rw.nmconnection \
	linux/swanctl.conf linux/conf.d/rw.conf linux/x509ca/rw-ca.pem; do
	[ -s "$clients/$f" ] && ok "generate wrote clients/$f" || not_ok "generate wrote clients/$f"
done
openssl x509 -inform DER -in "$clients/rw-ca.crt" -outform PEM 2> /dev/null |
	cmp -s - "$root/etc/swanctl/x509ca/rw-ca.pem" &&
	ok "clients/rw-ca.crt is the gateway's CA in DER" || not_ok "clients/rw-ca.crt is the gateway's CA in DER"

out_dir=$tmp/p
for os in ca windows apple android networkmanager linux; do
	run "$SWANMOBILE" profile "$os" --root "$root" --out "$out_dir/$os" examples/road-warrior.yaml
	expect_rc 0 "profile $os"
done
for f in rw.ps1 rw.mobileconfig rw.sswan rw.nmconnection; do
	os=$(case $f in *.ps1) echo windows ;; *.mobileconfig) echo apple ;;
		*.sswan) echo android ;; *) echo networkmanager ;; esac)
	cmp -s "$out_dir/$os/$f" "$clients/$f" && ok "profile $os writes what generate put in clients/" ||
		not_ok "profile $os writes what generate put in clients/"
done
run "$SWANMOBILE" profile windows --root "$root" --out "$out_dir/windows" examples/road-warrior.yaml
expect_match "$out" "^unchanged " "a second run changes nothing"
[ "$(stat -c %a "$out_dir/networkmanager/rw.nmconnection")" = 600 ] &&
	ok "the keyfile is 0600 (NetworkManager loads no other)" || not_ok "the keyfile is 0600 (NetworkManager loads no other)"

# --- the formats, parsed ---------------------------------------------------------
cat > "$tmp/check.py" <<'EOF'
import base64, json, os, plistlib, re, subprocess, sys

kind, path = sys.argv[1], sys.argv[2]
ca_der = open(sys.argv[3], "rb").read()
user = sys.argv[4] if len(sys.argv) > 4 else None
password = sys.argv[5] if len(sys.argv) > 5 else None
bad = []

def need(cond, msg):
    if not cond:
        bad.append(msg)

# Apple's VPN.IKEv2 keys and values (apple/device-management,
# mdm/profiles/com.apple.vpn.managed.yaml)
ENCR = {"DES", "3DES", "AES-128", "AES-256", "AES-128-GCM", "AES-256-GCM",
        "ChaCha20Poly1305"}
INTEG = {"SHA1-96", "SHA1-160", "SHA2-256", "SHA2-384", "SHA2-512"}
DH = {1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 31, 32}
IKEV2 = {
    "RemoteAddress": str, "LocalIdentifier": str, "RemoteIdentifier": str,
    "AuthenticationMethod": {"None", "SharedSecret", "Certificate"},
    "ExtendedAuthEnabled": {0, 1}, "AuthName": str, "AuthPassword": str,
    "ServerCertificateIssuerCommonName": str,
    "ServerCertificateCommonName": str, "EnablePFS": {0, 1},
    "DeadPeerDetectionRate": {"None", "Low", "Medium", "High"},
    "DisableMOBIKE": {0, 1}, "DisableRedirect": {0, 1},
    "EnableCertificateRevocationCheck": {0, 1},
    "UseConfigurationAttributeInternalIPSubnet": {0, 1},
    "OnDemandEnabled": {0, 1}, "OnDemandRules": list,
    "IKESecurityAssociationParameters": dict,
    "ChildSecurityAssociationParameters": dict,
}
SA = {"EncryptionAlgorithm": ENCR, "IntegrityAlgorithm": INTEG,
      "DiffieHellmanGroup": DH, "LifeTimeInMinutes": range(10, 1441)}

def check_value(where, spec, v):
    if isinstance(spec, type):
        need(isinstance(v, spec) and not isinstance(v, bool),
             "%s: %r is not a %s" % (where, v, spec.__name__))
    else:
        need(not isinstance(v, bool) and v in spec,
             "%s: %r is not one of Apple's values" % (where, v))

if kind == "apple":
    data = open(path, "rb").read()
    if data[:1] != b"<":
        # signed: the CMS content is the plist
        data = subprocess.run(["openssl", "cms", "-verify", "-noverify",
                               "-inform", "DER"], input=data,
                              capture_output=True, check=True).stdout
    p = plistlib.loads(data)
    need(p["PayloadType"] == "Configuration", "top PayloadType")
    need(p["PayloadVersion"] == 1, "top PayloadVersion")
    for k in ("PayloadIdentifier", "PayloadUUID", "PayloadDisplayName"):
        need(isinstance(p.get(k), str) and p[k], "top " + k)
    ca, vpn = p["PayloadContent"]
    need(ca["PayloadType"] == "com.apple.security.root", "CA payload type")
    need(ca["PayloadContent"] == ca_der, "the CA payload is the gateway's CA")
    need(vpn["PayloadType"] == "com.apple.vpn.managed", "VPN payload type")
    need(vpn["VPNType"] == "IKEv2", "VPNType")
    need(len({p["PayloadUUID"], ca["PayloadUUID"], vpn["PayloadUUID"]}) == 3,
         "three UUIDs")
    ike = vpn["IKEv2"]
    for k, v in ike.items():
        need(k in IKEV2, "IKEv2 key %s is not Apple's" % k)
        if k in IKEV2:
            check_value(k, IKEV2[k], v)
    for k in ("RemoteAddress", "RemoteIdentifier", "AuthenticationMethod",
              "ExtendedAuthEnabled", "IKESecurityAssociationParameters",
              "ChildSecurityAssociationParameters", "EnablePFS"):
        need(k in ike, "IKEv2 lacks " + k)
    need(ike["RemoteAddress"] == "vpn.example.com", "RemoteAddress")
    need(ike["RemoteIdentifier"] == "vpn.example.com", "RemoteIdentifier")
    need(ike["ExtendedAuthEnabled"] == 1, "EAP")
    for d in ("IKESecurityAssociationParameters",
              "ChildSecurityAssociationParameters"):
        for k, v in ike[d].items():
            need(k in SA, "%s key %s" % (d, k))
            if k in SA:
                check_value(d + "." + k, SA[k], v)
    # On Demand (VPN.VPN.OnDemandRulesElement): only with --on-demand
    # (SM_ON_DEMAND=1); Action without the deprecated Allow
    RULE = {"Action": {"Connect", "Disconnect", "EvaluateConnection",
                       "Ignore"},
            "InterfaceTypeMatch": {"Ethernet", "WiFi", "Cellular"},
            "ActionParameters": list, "DNSDomainMatch": list,
            "DNSServerAddressMatch": list, "SSIDMatch": list,
            "URLStringProbe": str}
    rules = ike.get("OnDemandRules")
    if os.environ.get("SM_ON_DEMAND") == "1":
        need(ike.get("OnDemandEnabled") == 1, "OnDemandEnabled is not 1")
        need(isinstance(rules, list) and rules, "no OnDemandRules")
    else:
        need("OnDemandEnabled" not in ike and rules is None,
             "On Demand without --on-demand")
    for i, r in enumerate(rules if isinstance(rules, list) else []):
        need(isinstance(r, dict) and "Action" in r,
             "OnDemandRules[%d] has no Action" % i)
        for k, v in (r.items() if isinstance(r, dict) else ()):
            need(k in RULE, "OnDemandRules[%d] key %s is not Apple's" % (i, k))
            if k in RULE:
                check_value("OnDemandRules[%d].%s" % (i, k), RULE[k], v)
    if isinstance(rules, list) and rules:
        need(set(rules[-1]) == {"Action"},
             "the last rule must match every network (only an Action)")
    need(ike.get("AuthName") == user, "AuthName %r" % ike.get("AuthName"))
    need(ike.get("AuthPassword") == password, "AuthPassword")
    if user:
        need(ike.get("LocalIdentifier") == user, "LocalIdentifier")
elif kind == "android":
    p = json.load(open(path, encoding="utf-8"))
    TOP = {"uuid", "name", "type", "remote", "local", "ike-proposal",
           "esp-proposal", "split-tunneling", "apps", "excluded-apps", "mtu",
           "nat-keepalive", "dns-servers", "ipv6-transport", "proxy"}
    need(set(p) <= TOP, "keys not in the format: %s" % (set(p) - TOP))
    for k in ("uuid", "name", "type", "remote"):
        need(k in p, "lacks " + k)
    need(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                      r"[0-9a-f]{12}", p["uuid"]), "uuid")
    need(p["type"] == "ikev2-eap", "type")
    r = p["remote"]
    need(set(r) <= {"addr", "port", "id", "cert", "certreq", "revocation"},
         "remote keys")
    need(r["addr"] == "vpn.example.com" and r["id"] == "vpn.example.com",
         "remote addr and id")
    need(base64.b64decode(r["cert"]) == ca_der, "remote.cert is the CA")
    loc = p.get("local", {})
    need(set(loc) <= {"eap_id", "id", "shared_secret", "p12", "rsa-pss"},
         "local keys")
    need(loc.get("eap_id") == user, "eap_id %r" % loc.get("eap_id"))
    need(loc.get("shared_secret") == password, "shared_secret")
    need("," not in p.get("ike-proposal", "") and
         "," not in p.get("esp-proposal", ""), "one proposal each")
    need(p["split-tunneling"]["subnets"] == ["10.3.0.0/24"], "subnets")
elif kind == "windows":
    text = open(path, encoding="utf-8-sig").read()
    need(open(path, "rb").read(3) == b"\xef\xbb\xbf", "UTF-8 BOM")
    COMMON = {"Verbose", "Debug", "ErrorAction", "WarningAction",
              "InformationAction", "ErrorVariable", "WarningVariable",
              "InformationVariable", "OutVariable", "OutBuffer",
              "PipelineVariable"}
    CIM = {"CimSession", "ThrottleLimit", "AsJob", "WhatIf", "Confirm"}
    # learn.microsoft.com, modules vpnclient and pki: parameters and the
    # accepted values of the enumerations
    DOC = {
        "Add-VpnConnection": ({"Name", "ServerAddress", "TunnelType",
            "AllUserConnection", "RememberCredential", "SplitTunneling",
            "Force", "PassThru", "L2tpPsk", "UseWinlogonCredential",
            "ServerList", "DnsSuffix", "IdleDisconnectSeconds",
            "EapConfigXmlStream", "AuthenticationMethod", "EncryptionLevel",
            "MachineCertificateIssuerFilter", "MachineCertificateEKUFilter"}
            | CIM, {
            "TunnelType": {"Pptp", "L2tp", "Sstp", "Ikev2", "Automatic"},
            "AuthenticationMethod": {"Pap", "Chap", "MSChapv2", "Eap",
                                     "MachineCertificate"},
            "EncryptionLevel": {"NoEncryption", "Optional", "Required",
                                "Maximum", "Custom"}}),
        "Set-VpnConnectionIPsecConfiguration": ({"ConnectionName",
            "AuthenticationTransformConstants", "CipherTransformConstants",
            "EncryptionMethod", "IntegrityCheckMethod", "PfsGroup", "DHGroup",
            "PassThru", "Force", "AllUserConnection", "RevertToDefault"}
            | CIM, {
            "AuthenticationTransformConstants": {"MD596", "SHA196",
                "SHA256128", "GCMAES128", "GCMAES192", "GCMAES256", "None"},
            "CipherTransformConstants": {"DES", "DES3", "AES128", "AES192",
                "AES256", "GCMAES128", "GCMAES192", "GCMAES256", "None"},
            "EncryptionMethod": {"DES", "DES3", "AES128", "AES192", "AES256",
                                 "GCMAES128", "GCMAES256"},
            "IntegrityCheckMethod": {"MD5", "SHA1", "SHA256", "SHA384"},
            "PfsGroup": {"None", "PFS1", "PFS2", "PFS2048", "ECP256",
                         "ECP384", "PFSMM", "PFS24"},
            "DHGroup": {"None", "Group1", "Group2", "Group14", "ECP256",
                        "ECP384", "Group24"}}),
        "Add-VpnConnectionRoute": ({"ConnectionName", "DestinationPrefix",
            "RouteMetric", "PassThru", "AllUserConnection"} | CIM, {}),
        "Add-VpnConnectionTriggerDnsConfiguration": ({"ConnectionName",
            "DnsSuffix", "DnsIPAddress", "PassThru", "Force"} | CIM, {}),
        "New-EapConfiguration": ({"UseWinlogonCredential", "Ttls",
            "TunneledNonEapAuthMethod", "TunneledEapAuthMethod", "Tls",
            "UserCertificate", "VerifyServerIdentity", "Peap", "EnableNap",
            "FastReconnect"} | CIM, {}),
        "Get-VpnConnection": ({"Name", "AllUserConnection"} | CIM, {}),
        "Remove-VpnConnection": ({"Name", "Force", "AllUserConnection",
                                  "PassThru"} | CIM, {}),
        "Import-Certificate": ({"FilePath", "CertStoreLocation", "Exportable"}
                               | CIM, {}),
        "Join-Path": ({"Path", "ChildPath"}, {}),
        "Remove-Item": ({"LiteralPath", "Path", "Force", "Recurse"}, {}),
    }
    seen = set()
    for line in text.splitlines():
        code = line.split("#", 1)[0] if "'" not in line else line
        for cmd, (params, enums) in DOC.items():
            for m in re.finditer(r"(?<![\w-])%s\b" % re.escape(cmd), code):
                seen.add(cmd)
                toks = re.findall(r"'(?:[^']|'')*'|[^\s,()|]+", code[m.end():])
                for i, t in enumerate(toks):
                    if not re.fullmatch(r"-[A-Za-z]+", t):
                        continue
                    p = t[1:]
                    need(p in params or p in COMMON,
                         "%s has no parameter -%s" % (cmd, p))
                    if p in enums:
                        v = toks[i + 1].strip("'")
                        need(v in enums[p], "%s -%s %s is not an accepted "
                             "value" % (cmd, p, v))
    for cmd in ("Add-VpnConnection", "Set-VpnConnectionIPsecConfiguration",
                "Add-VpnConnectionRoute",
                "Add-VpnConnectionTriggerDnsConfiguration",
                "Import-Certificate", "New-EapConfiguration"):
        need(cmd in seen, "no " + cmd)
    need("'Cert:\\LocalMachine\\Root'" in text, "the machine's root store")
    need(re.search(r"-ServerAddress 'vpn\.example\.com'", text), "server")
    need(re.search(r"-AuthenticationMethod 'Eap' -EapConfigXmlStream", text),
         "EAP-MSCHAPv2 through New-EapConfiguration")
    need(re.search(r"-DestinationPrefix '10\.3\.0\.0/24'", text), "route")
    need(re.search(r"-DnsSuffix 'example\.org' -DnsIPAddress '10\.3\.0\.1'",
                   text), "split DNS trigger")
    der = re.search(r"FromBase64String\('([^']*)'\)", text).group(1)
    need(base64.b64decode(der) == ca_der, "the script's CA is the gateway's")
    if user:
        # a comment: '\' doubled
        need("# User name: " + user.replace("\\", "\\\\") in text,
             "the user in the comment")
elif kind == "networkmanager":
    groups, group = {}, None
    for line in open(path, encoding="utf-8").read().splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            group = groups.setdefault(line.strip("[]"), {})
            continue
        k, v = line.split("=", 1)
        # g_key_file's escapes
        v = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t",
                   "r": "\r", "\\": "\\"}[m.group(1)], v.lstrip(" "))
        group[k] = v
    vpn = groups["vpn"]
    # the data items charon-nm reads (nm_service.c)
    ITEMS = {"service-type", "address", "certificate", "remote-identity",
             "method", "user", "virtual", "encap", "ipcomp", "proposal", "ike",
             "esp", "remote-ts", "password-flags", "local-identity",
             "server-port", "usercert", "userkey", "cert-source", "local-ts"}
    need(set(vpn) <= ITEMS, "vpn items: %s" % (set(vpn) - ITEMS))
    need(vpn["service-type"] == "org.freedesktop.NetworkManager.strongswan",
         "service-type")
    need(vpn["address"] == "vpn.example.com", "address")
    need(vpn["method"] == "eap", "method")
    need(vpn.get("user") == user, "user %r" % vpn.get("user"))
    need(groups.get("vpn-secrets", {}).get("password") == password, "password")
    need(vpn["password-flags"] == ("0" if password else "1"), "password-flags")
    need(groups["connection"]["type"] == "vpn", "connection type")
if bad:
    print("\n".join(bad))
    sys.exit(1)
EOF
openssl x509 -in "$root/etc/swanctl/x509ca/rw-ca.pem" -outform DER -out "$tmp/ca.der"
for pair in apple:rw.mobileconfig android:rw.sswan windows:rw.ps1 networkmanager:rw.nmconnection; do
	os=${pair%%:*} f=${pair#*:}
	if python3 "$tmp/check.py" "$os" "$out_dir/$os/$f" "$tmp/ca.der" > "$tmp/py.out" 2>&1; then
		ok "$f parses and carries the expected keys and values"
	else
		not_ok "$f parses and carries the expected keys and values"
		diag "$(cat "$tmp/py.out")"
	fi
done

# On Demand: enabled, with rules of Apple's documented actions and
# interface types (VPN.VPN.OnDemandRulesElement)
run "$SWANMOBILE" profile apple --on-demand --root "$root" --out "$tmp/od" examples/road-warrior.yaml
expect_rc 0 "profile apple --on-demand"
if SM_ON_DEMAND=1 python3 "$tmp/check.py" apple "$tmp/od/rw.mobileconfig" "$tmp/ca.der" > "$tmp/py.out" 2>&1; then
	ok "--on-demand: OnDemandEnabled 1, rules of Apple's actions and interface types"
else
	not_ok "--on-demand: OnDemandEnabled 1, rules of Apple's actions and interface types"
	diag "$(cat "$tmp/py.out")"
fi
python3 -c 'import plistlib, sys
r = plistlib.load(open(sys.argv[1], "rb"))["PayloadContent"][1]["IKEv2"]["OnDemandRules"]
sys.exit(not any(x.get("Action") == "Connect" for x in r))' "$tmp/od/rw.mobileconfig" 2> /dev/null &&
	ok "--on-demand: a rule connects" || not_ok "--on-demand: a rule connects"

# the swanctl directory, read back by strongSwan's own parser
dump=$SM_BUILDDIR/tests/cli/settings-dump
if [ -x "$dump" ]; then
	"$dump" "$out_dir/linux/conf.d/rw.conf" > "$tmp/linux.dump" 2>&1
	for line in 'key connections.rw.remote_addrs = "vpn.example.com"' \
		'key connections.rw.local.auth = "eap-mschapv2"' \
		'key connections.rw.remote.id = "vpn.example.com"' \
		'key connections.rw.remote.cacerts = "rw-ca.pem"' \
		'key connections.rw.children.rw.remote_ts = "10.3.0.0/24"' \
		'key connections.rw.proposals = "aes256gcm16-prfsha384-ecp384, aes256gcm16-prfsha256-ecp256, aes256-sha256-modp2048"'; do
		grep -qxF "$line" "$tmp/linux.dump" && ok "linux: $line" ||
			{ not_ok "linux: $line"; diag "$(cat "$tmp/linux.dump")"; }
	done
else
	tap_skip "strongSwan's parser reads the linux profile back" \
		"no tests/cli/settings-dump (built only with strongSwan headers)"
fi

# --- a user, hostile names, passwords -------------------------------------------
# quotes of every syntax, PowerShell's typographic quote, markup, a
# backslash, '#', braces: the parsers read back exactly this
user=$(printf "o'b\342\200\231r\"ien</string>&#{x}\\\\ \$(id)@example.com")
for os in apple android networkmanager linux windows; do
	run "$SWANMOBILE" profile "$os" --root "$root" --user "$user" --out "$tmp/u/$os" examples/road-warrior.yaml
	expect_rc 0 "profile $os --user with quotes, markup and \$()"
done
for pair in apple:rw.mobileconfig android:rw.sswan windows:rw.ps1 networkmanager:rw.nmconnection; do
	os=${pair%%:*} f=${pair#*:}
	if python3 "$tmp/check.py" "$os" "$tmp/u/$os/$f" "$tmp/ca.der" "$user" > "$tmp/py.out" 2>&1; then
		ok "$os: the user name reads back as given"
	else
		not_ok "$os: the user name reads back as given"
		diag "$(cat "$tmp/py.out")"
	fi
done
if [ -x "$dump" ]; then
	"$dump" "$tmp/u/linux/conf.d/rw.conf" > "$tmp/u.dump" 2>&1
	grep -qxF 'key connections.rw.local.eap_id = "o'"'"'b’r\"ien</string>&#{x}\\ $(id)@example.com"' "$tmp/u.dump" &&
		ok "linux: the user name reads back as given" ||
		{ not_ok "linux: the user name reads back as given"; diag "$(cat "$tmp/u.dump")"; }
fi
grep -rq 'abc123' "$tmp/u" "$clients" && not_ok "no password without --password-stdin" ||
	ok "no password without --password-stdin"

pw='pa"ss w#rd\ {x}'
for os in apple android networkmanager linux; do
	printf '%s\n' "$pw" | "$SWANMOBILE" profile "$os" --root "$root" --user jimp@example.com \
		--password-stdin --out "$tmp/pw/$os" examples/road-warrior.yaml > "$tmp/pw.out" 2>&1
	expect_rc 0 "profile $os --password-stdin"
	expect_match "$(cat "$tmp/pw.out")" "holds a password, mode 0600" "$os: it says which file holds the password"
done
for pair in apple:rw.mobileconfig android:rw.sswan networkmanager:rw.nmconnection; do
	os=${pair%%:*} f=${pair#*:}
	[ "$(stat -c %a "$tmp/pw/$os/$f")" = 600 ] && ok "$os: the file with the password is 0600" ||
		not_ok "$os: the file with the password is 0600"
	if python3 "$tmp/check.py" "$os" "$tmp/pw/$os/$f" "$tmp/ca.der" jimp@example.com "$pw" > "$tmp/py.out" 2>&1; then
		ok "$os: the password reads back as given"
	else
		not_ok "$os: the password reads back as given"
		diag "$(cat "$tmp/py.out")"
	fi
done
[ "$(stat -c %a "$tmp/pw/linux/conf.d/rw-secrets.conf")" = 600 ] &&
	ok "linux: the secrets file is 0600" || not_ok "linux: the secrets file is 0600"
if [ -x "$dump" ]; then
	"$dump" "$tmp/pw/linux/conf.d/rw-secrets.conf" > "$tmp/pw.dump" 2>&1
	grep -qxF 'key secrets.eap-rw.secret = "pa\"ss w#rd\\ {x}"' "$tmp/pw.dump" &&
		ok "linux: the password reads back as given" ||
		{ not_ok "linux: the password reads back as given"; diag "$(cat "$tmp/pw.dump")"; }
fi
! grep -q 'pa"ss' "$tmp/pw/linux/conf.d/rw.conf" && ok "linux: the password only in the secrets file" ||
	not_ok "linux: the password only in the secrets file"

# --- a signed .mobileconfig --------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
	-subj "/CN=Profile Signer" -keyout "$tmp/sign.key" -out "$tmp/sign.pem" > /dev/null 2>&1
run "$SWANMOBILE" profile apple --root "$root" --sign-cert "$tmp/sign.pem" --sign-key "$tmp/sign.key" \
	--out "$tmp/signed" examples/road-warrior.yaml
expect_rc 0 "profile apple --sign-cert --sign-key"
if openssl cms -verify -inform DER -in "$tmp/signed/rw.mobileconfig" -CAfile "$tmp/sign.pem" \
	-purpose any -out "$tmp/signed.plist" > /dev/null 2>&1 &&
	cmp -s "$tmp/signed.plist" "$out_dir/apple/rw.mobileconfig"; then
	ok "the signature verifies and its content is the unsigned profile"
else
	not_ok "the signature verifies and its content is the unsigned profile"
fi
python3 "$tmp/check.py" apple "$tmp/signed/rw.mobileconfig" "$tmp/ca.der" > "$tmp/py.out" 2>&1 &&
	ok "the signed profile's plist carries the expected keys" ||
	{ not_ok "the signed profile's plist carries the expected keys"; diag "$(cat "$tmp/py.out")"; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
	-subj "/CN=Other" -keyout "$tmp/other.key" -out "$tmp/other.pem" > /dev/null 2>&1
run "$SWANMOBILE" profile apple --root "$root" --sign-cert "$tmp/sign.pem" --sign-key "$tmp/other.key" \
	--out "$tmp/signed2" examples/road-warrior.yaml
expect_rc 3 "a key that is not the certificate's: exit 3"
expect_match "$err" "does not belong to the certificate" "it says the key does not belong to the certificate"

# --- usage -------------------------------------------------------------------
run "$SWANMOBILE" profile beos --root "$root" examples/road-warrior.yaml
expect_rc 2 "an unknown OS exits 2"
run "$SWANMOBILE" profile apple --root "$root" --password-stdin examples/road-warrior.yaml
expect_rc 2 "a password without --user exits 2"
run "$SWANMOBILE" profile windows --root "$root" --user jimp@example.com --password-stdin examples/road-warrior.yaml
expect_rc 2 "windows with a password exits 2"
run "$SWANMOBILE" profile android --root "$root" --sign-cert x --sign-key y examples/road-warrior.yaml
expect_rc 2 "signing options for android exit 2"
run "$SWANMOBILE" profile apple --root "$root" --user '%any' --out "$tmp/x" examples/road-warrior.yaml
expect_rc 1 "a user name strongSwan does not take literally exits 1"
expect_match "$err" "--user: the identity" "it names --user"
printf '\n' | "$SWANMOBILE" profile apple --root "$root" --user jimp@example.com --password-stdin \
	--out "$tmp/x" examples/road-warrior.yaml > /dev/null 2>&1
[ $? -eq 1 ] && ok "an empty password exits 1" || not_ok "an empty password exits 1"
[ ! -e "$tmp/x" ] && ok "nothing is written after an error" || not_ok "nothing is written after an error"

# --- check's client report -----------------------------------------------------------
run "$SWANMOBILE" check examples/road-warrior.yaml
expect_rc 0 "check the example"
expect_match "$out" "^clients of 'rw'" "the report names the gateway"
expect_match "$out" "^  windows: Windows 10/11, built-in client on its defaults:" "it reports Windows on its defaults"
expect_match "$out" "refused at IKE_SA_INIT: .*its key exchange is modp1024" "Windows' defaults are refused for MODP-1024"
expect_match "$out" "needs the generated profile: swanmobile profile windows" "and need the generated script"
n=$(printf '%s\n' "$out" | grep -c "^    connects .* and rekeys")
[ "$n" = 12 ] && ok "the 12 other platforms connect and rekey" ||
	{ not_ok "the 12 other platforms connect and rekey ($n)"; diag "$out"; }
# what the example's comment on its ESP proposals says: the Windows and Apple
# profiles rekey with PFS ecp384; macOS by hand, strongSwan 5.9's and
# NetworkManager's defaults without PFS (so the proposals keep 'none')
nopfs=$(printf '%s\n' "$out" | grep -B1 'rekeys without PFS)' | sed -n 's/^  \([a-z0-9-]*\): .*/\1/p' | tr '\n' ' ')
[ "$nopfs" = "macos strongswan networkmanager " ] && ok "the example: macOS, strongSwan 5.9 and NetworkManager rekey without PFS" ||
	not_ok "the example: macOS, strongSwan 5.9 and NetworkManager rekey without PFS ($nopfs)"
for id in windows-profile apple-profile; do
	printf '%s\n' "$out" | grep -A1 "^  $id: " | grep -q 'rekeys with PFS ecp384)' &&
		ok "the example: the $id rekeys with PFS ecp384" || not_ok "the example: the $id rekeys with PFS ecp384"
done
run "$SWANMOBILE" check --clients examples/road-warrior.yaml
n=$(printf '%s\n' "$out" | grep -Ec '^id=[a-z0-9-]+ client=(windows|apple|android|linux) profile=[a-z-]+ connect=(yes|no) ike=(yes|no) child=(yes|no|-) child_rekey=(yes|no|-) child_rekey_gw=(yes|no|-) ike_rekey=(yes|no|-) ike_rekey_gw=(yes|no|-) ike_proposals=[a-z0-9,-]+ esp_proposals=[a-z0-9_,-]+$')
[ "$n" = 13 ] && ok "--clients: one line per platform" || { not_ok "--clients: one line per platform ($n)"; diag "$out"; }
# generate's defaults (a YAML without proposals): every platform connects
# and rekeys, both sides, except Windows' built-in client on its defaults,
# which offers only MODP-1024 and is refused at IKE_SA_INIT (its profile
# connects)
cat > "$tmp/defaults.yaml" <<'EOF'
version: 1
name: dflt
gateway:
  hostname: vpn.example.net
mobile:
  pool: 10.9.0.0/24
children:
  - name: lan
    local_networks: [10.8.0.0/24]
clients: [windows, apple, android, linux]
EOF
run "$SWANMOBILE" check --clients "$tmp/defaults.yaml"
expect_rc 0 "check --clients on generate's defaults"
printf '%s\n' "$out" | grep '^id=' > "$tmp/defaults.out"
all=' connect=yes ike=yes child=yes child_rekey=yes child_rekey_gw=yes ike_rekey=yes ike_rekey_gw=yes '
[ "$(wc -l < "$tmp/defaults.out")" = 13 ] && ok "the defaults: a line per platform" ||
	not_ok "the defaults: a line per platform"
bad=$(grep -v '^id=windows ' "$tmp/defaults.out" | grep -vF "$all")
[ -s "$tmp/defaults.out" ] && [ -z "$bad" ] && ok "the defaults: the 12 other platforms connect and rekey, both sides" ||
	{ not_ok "the defaults: the 12 other platforms connect and rekey, both sides"; diag "$bad"; }
grep -q '^id=windows client=windows profile=- connect=no ike=no ' "$tmp/defaults.out" &&
	ok "the defaults: Windows' own offer is refused at IKE_SA_INIT" ||
	not_ok "the defaults: Windows' own offer is refused at IKE_SA_INIT"
sed 's/^clients: .*/clients: [linux]/' examples/road-warrior.yaml > "$tmp/linux.yaml"
run "$SWANMOBILE" check --clients "$tmp/linux.yaml"
[ "$(printf '%s\n' "$out" | grep -c '^id=')" = 6 ] && ok "only the listed clients' platforms" ||
	not_ok "only the listed clients' platforms"
finish
