#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# smoke: the real charon loads the freshly built swanmobile plugin through the
# shipped settings snippet, in an isolated network and mount namespace, and
# stops cleanly.
. "$(dirname "$0")/lib.sh"

e2e_init
[ -f "$SM_PLUGIN_SO" ] || tap_skip_all "plugin not built ($SM_PLUGIN_SO)"

e2e_ns gw
e2e_strongswan_conf gw yes
check "charon starts with the plugin in its own namespace" e2e_charon_start gw gw
stats=$(e2e_swanctl gw --stats 2>&1)
diag "$(echo "$stats" | grep 'loaded plugins')"
check "swanctl --stats lists swanmobile among the loaded plugins" \
	sh -c 'echo "$1" | grep -Eq "^loaded plugins: .*( |^)swanmobile( |$)"' sh "$stats"
check "charon logs the plugin as loaded" \
	e2e_log_has gw "plugin 'swanmobile': loaded successfully"
check "the plugin's feature registered" \
	e2e_log_has gw "swanmobile [0-9.]+ registered \(built against strongSwan"
check "charon stops on SIGTERM" e2e_charon_stop gw
check "no crash in the log" sh -c '! grep -Eq "thread .* received .*SIG|killing ourself" "$1"' \
	sh "$(e2e_charon_dir gw)/charon.log"
e2e_finish
