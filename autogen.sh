#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Generate configure and the Makefile templates (needs autoconf, automake,
# libtool, pkg-config: scripts/setup installs them).
set -e
cd "$(dirname "$0")"
autoreconf --force --install --warnings=all
