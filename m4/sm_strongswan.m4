# SPDX-License-Identifier: GPL-2.0-or-later
#
# SM_STRONGSWAN
# -------------
# Find strongSwan's libraries, plugin directory, the directories where the
# installed strongSwan reads its configuration, and headers plus a config.h
# that match the installed daemon.
#
# Headers are looked up, in order, in
#   --with-strongswan-headers=DIR   (DIR/config.h, DIR/strongswan, DIR/charon)
#   --with-strongswan-source=SRC    an unpacked strongSwan source package
#     (upstream tree plus Debian's debian/): scripts/strongswan-headers
#     --from-source applies Debian's patches and runs strongSwan's configure
#     with Debian's flags in a copy below the build tree (strongswan-sdk/),
#     without network or root; the Debian package builds this way
#   the cache scripts/strongswan-headers fills, keyed by the installed
#   version:  /var/cache/swanmobile/strongswan-sdk/VERSION/include
#   a distribution's /usr/include/strongswan
#
# Mediation (ME) changes the layout of daemon_t, ike_sa_t and peer_cfg_t, so
# the headers' config.h must say ME exactly when the installed libcharon was
# built with it (Debian's is, most others are not).  The plugin is compiled
# with -include strongswan-config.h, written here: the headers' config.h with
# ME defined or undefined as libcharon has it, detected by linking against
# mediation_manager_create(), which only a libcharon with ME exports
# (--with-strongswan-mediation=yes|no overrides the detection).
#
# strongSwan's configuration directory (its sysconfdir: strongswan.conf,
# strongswan.d/, swanctl/) is where the installed libstrongswan looks for
# strongswan.conf, found in the library's strings, else /etc.
#
# The headers' version (config.h's VERSION) must be the upstream version of
# the installed libstrongswan where dpkg knows it: the plugin's ABI is that
# of one strongSwan release.
#
# The plugin links with STRONGSWAN_PLUGIN_LIBS (no run path: charon, which
# loads it, has already loaded libcharon and libstrongswan from its own run
# path); programs that run on their own (tests) with STRONGSWAN_LIBS.
#
# The CLI's operating commands (status, disconnect, doctor, selftest) talk
# to charon through libvici, the vici client library (Debian ships it with
# swanctl, strongswan-swanctl's /usr/lib/ipsec/libvici.so.0, but not its
# header): libvici.h is looked up in --with-strongswan-headers=DIR, the
# cache (VERSION/include/libvici.h) and /usr/include[/strongswan], the
# library in strongSwan's libdir.  This does not depend on --enable-plugin.
# Without both (or with --without-vici) the commands build and say that
# they cannot reach charon.  Defines HAVE_VICI and SM_LIBVICI_H (the
# header's path) in config.h, substitutes VICI_LIBS, AM_CONDITIONAL VICI.
#
# Sets and substitutes: STRONGSWAN_CPPFLAGS, STRONGSWAN_LIBS,
# STRONGSWAN_PLUGIN_LIBS, plugindir,
# strongswan_confdir, swanctldir, charon_confdir, SM_STRONGSWAN_VERSION,
# SM_STRONGSWAN_LIBDIR, SM_STRONGSWAN_HEADERS, SM_STRONGSWAN_MEDIATION,
# SM_STRONGSWAN_SYSCONFDIR; AM_CONDITIONAL PLUGIN.

AC_DEFUN([SM_STRONGSWAN], [
dnl libFuzzer builds instrument every object; charon cannot load such a
dnl plugin, so fuzzing builds leave it out unless asked for
AC_ARG_ENABLE([plugin],
	AS_HELP_STRING([--disable-plugin],
		[build only the CLI (no strongSwan headers needed; default with --enable-fuzzing)]),
	[], [AS_IF([test "x$enable_fuzzing" = xyes], [enable_plugin=no], [enable_plugin=yes])])
AC_ARG_WITH([strongswan-headers],
	AS_HELP_STRING([--with-strongswan-headers=DIR],
		[strongSwan headers: DIR/config.h, DIR/strongswan/, DIR/charon/ @<:@autodetect@:>@]),
	[sm_ss_headers=$withval], [sm_ss_headers=])
AC_ARG_WITH([strongswan-source],
	AS_HELP_STRING([--with-strongswan-source=SRC],
		[build against the headers of an unpacked strongSwan source package with Debian's debian/ (configured here with Debian's flags; no network) @<:@no@:>@]),
	[sm_ss_source=$withval], [sm_ss_source=])
AC_ARG_WITH([strongswan-libdir],
	AS_HELP_STRING([--with-strongswan-libdir=DIR],
		[directory of libstrongswan.so and libcharon.so @<:@autodetect, Debian: /usr/lib/ipsec@:>@]),
	[sm_ss_libdir=$withval], [sm_ss_libdir=])
AC_ARG_WITH([strongswan-plugindir],
	AS_HELP_STRING([--with-strongswan-plugindir=DIR],
		[where charon loads plugins from @<:@STRONGSWAN_LIBDIR/plugins@:>@]),
	[plugindir=$withval], [plugindir=])
AC_ARG_WITH([strongswan-sysconfdir],
	AS_HELP_STRING([--with-strongswan-sysconfdir=DIR],
		[where the installed strongSwan reads strongswan.conf, strongswan.d/ and swanctl/ @<:@detected, else /etc@:>@]),
	[sm_ss_sysconfdir=$withval], [sm_ss_sysconfdir=])
AC_ARG_WITH([swanctldir],
	AS_HELP_STRING([--with-swanctldir=DIR],
		[where swanctl reads its configuration and swanmobile generate writes it @<:@STRONGSWAN_SYSCONFDIR/swanctl@:>@]),
	[swanctldir=$withval], [swanctldir=])
AC_ARG_WITH([strongswan-confdir],
	AS_HELP_STRING([--with-strongswan-confdir=DIR],
		[where make install puts the plugin's default settings snippet @<:@STRONGSWAN_SYSCONFDIR/strongswan.d/charon@:>@]),
	[strongswan_confdir=$withval], [strongswan_confdir=])
AC_ARG_WITH([strongswan-mediation],
	AS_HELP_STRING([--with-strongswan-mediation=yes|no],
		[whether the installed libcharon was built with mediation (ME) @<:@detected@:>@]),
	[sm_ss_me=$withval], [sm_ss_me=auto])
AC_ARG_WITH([vici],
	AS_HELP_STRING([--without-vici],
		[build the CLI without libvici (status, disconnect, doctor and selftest then cannot reach charon) @<:@detected@:>@]),
	[sm_vici=$withval], [sm_vici=auto])
AC_ARG_VAR([SM_SDK_CACHE],
	[cache of strongSwan headers made by scripts/strongswan-headers @<:@/var/cache/swanmobile/strongswan-sdk@:>@])

SM_STRONGSWAN_VERSION=unknown
SM_STRONGSWAN_HEADERS=none
SM_STRONGSWAN_MEDIATION=unknown
STRONGSWAN_CPPFLAGS=
STRONGSWAN_LIBS=
STRONGSWAN_PLUGIN_LIBS=

# --- libraries ---------------------------------------------------------------
AC_MSG_CHECKING([for strongSwan's libraries])
if test -z "$sm_ss_libdir"; then
	sm_multiarch=`$CC -print-multiarch 2>/dev/null`
	for d in /usr/lib/ipsec /usr/lib/$sm_multiarch/ipsec /usr/lib64/ipsec \
		/usr/libexec/ipsec /usr/lib64/strongswan /usr/lib/strongswan \
		/usr/local/lib/ipsec; do
		if test -e "$d/libstrongswan.so" && test -e "$d/libcharon.so"; then
			sm_ss_libdir=$d
			break
		fi
	done
fi
if test -n "$sm_ss_libdir" && test -e "$sm_ss_libdir/libstrongswan.so"; then
	AC_MSG_RESULT([$sm_ss_libdir])
else
	AC_MSG_RESULT([no])
	sm_ss_libdir=
fi
SM_STRONGSWAN_LIBDIR=${sm_ss_libdir:-none}
if test -z "$plugindir" && test -n "$sm_ss_libdir"; then
	plugindir=$sm_ss_libdir/plugins
fi

# --- where strongSwan reads its configuration --------------------------------
AC_MSG_CHECKING([where strongSwan reads its configuration])
if test -z "$sm_ss_sysconfdir"; then
	sm_ss_conf=
	if test -n "$sm_ss_libdir" && test -r "$sm_ss_libdir/libstrongswan.so"; then
		sm_ss_conf=`LC_ALL=C tr -c '[[:print:]]' '\n' < "$sm_ss_libdir/libstrongswan.so" | \
			grep -E '^/[[^ ]]*/strongswan\.conf$' | sed -n 1p`
	fi
	if test -n "$sm_ss_conf"; then
		sm_ss_sysconfdir=`dirname "$sm_ss_conf"`
		AC_MSG_RESULT([$sm_ss_sysconfdir (from $sm_ss_libdir/libstrongswan.so)])
	else
		sm_ss_sysconfdir=/etc
		AC_MSG_RESULT([$sm_ss_sysconfdir (default)])
	fi
else
	AC_MSG_RESULT([$sm_ss_sysconfdir])
fi
SM_STRONGSWAN_SYSCONFDIR=$sm_ss_sysconfdir
test -n "$swanctldir" || swanctldir=$sm_ss_sysconfdir/swanctl
charon_confdir=$sm_ss_sysconfdir/strongswan.d/charon
test -n "$strongswan_confdir" || strongswan_confdir=$charon_confdir

# --- headers -----------------------------------------------------------------
if test "x$enable_plugin" = xyes; then
	AC_MSG_CHECKING([for strongSwan headers matching the installed daemon])
	sm_cache=${SM_SDK_CACHE:-/var/cache/swanmobile/strongswan-sdk}
	sm_pkgver=`dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null`
	if test -n "$sm_ss_source"; then
		AC_MSG_RESULT([from $sm_ss_source])
		if test -n "$sm_ss_headers"; then
			AC_MSG_ERROR([--with-strongswan-source and --with-strongswan-headers exclude each other])
		fi
		AC_MSG_NOTICE([configuring strongSwan's source $sm_ss_source with Debian's flags in strongswan-sdk/ (about 20 s)])
		sm_sdk=`pwd`/strongswan-sdk
		$SHELL "$srcdir/scripts/strongswan-headers" --from-source "$sm_ss_source" \
			--output "$sm_sdk" >&AS_MESSAGE_LOG_FD 2>&1 ||
			AC_MSG_ERROR([scripts/strongswan-headers --from-source $sm_ss_source failed; see config.log])
		sm_ss_headers=$sm_sdk/include
		AC_MSG_CHECKING([for the headers made from $sm_ss_source])
	fi
	sm_found=
	for d in $sm_ss_headers ${sm_pkgver:+$sm_cache/$sm_pkgver/include} /usr/include/strongswan /usr/include; do
		sm_config_h=
		sm_lib_inc=
		sm_charon_inc=
		for c in "$d/config.h" "$sm_ss_libdir/include/config.h"; do
			if test -f "$c" && grep -q 'define PACKAGE_NAME "strongSwan"' "$c"; then
				sm_config_h=$c
				break
			fi
		done
		for c in "$d/strongswan" "$d"; do
			if test -f "$c/library.h"; then
				sm_lib_inc=$c
				break
			fi
		done
		for c in "$d/charon" "$d/libcharon" "$d"; do
			if test -f "$c/daemon.h"; then
				sm_charon_inc=$c
				break
			fi
		done
		if test -n "$sm_config_h" && test -n "$sm_lib_inc" && test -n "$sm_charon_inc"; then
			sm_found=$d
			break
		fi
		if test -n "$sm_ss_headers" && test "x$d" = "x$sm_ss_headers"; then
			AC_MSG_RESULT([no])
			AC_MSG_ERROR([--with-strongswan-headers=$d lacks config.h, strongswan/library.h or charon/daemon.h])
		fi
	done
	if test -z "$sm_found"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([no strongSwan headers matching the installed daemon${sm_pkgver:+ ($sm_pkgver)}: run 'sudo scripts/setup' (or scripts/strongswan-headers), or pass --with-strongswan-headers=DIR, or --disable-plugin to build only the CLI])
	fi
	AC_MSG_RESULT([$sm_found])
	SM_STRONGSWAN_HEADERS=$sm_found
	SM_STRONGSWAN_VERSION=`sed -n 's/^#define VERSION "\(.*\)"$/\1/p' "$sm_config_h"`
	# the installed libstrongswan's upstream version, written as strongSwan
	# writes it (no epoch, revision or repack suffix, 5.9.9~rc1 as 5.9.9rc1)
	sm_pkgup=`echo "$sm_pkgver" | sed -e 's/^[[0-9]]*://' -e 's/-[[^-]]*$//' -e 's/+.*//' -e 's/~//g'`
	if test -n "$sm_pkgup" && test "x$sm_pkgup" != "x$SM_STRONGSWAN_VERSION"; then
		AC_MSG_ERROR([the strongSwan headers in $sm_found are of strongSwan $SM_STRONGSWAN_VERSION, the installed libstrongswan is $sm_pkgver: a plugin built so would not match the daemon (use headers or a source of $sm_pkgup)])
	fi
	if test -z "$sm_ss_libdir"; then
		AC_MSG_ERROR([strongSwan's libstrongswan.so/libcharon.so not found: install the strongswan-charon package (scripts/setup) or pass --with-strongswan-libdir=DIR])
	fi
	STRONGSWAN_PLUGIN_LIBS="-L$sm_ss_libdir -lcharon -lstrongswan"
	STRONGSWAN_LIBS="-L$sm_ss_libdir -Wl,-rpath,$sm_ss_libdir -lcharon -lstrongswan"

	AC_MSG_CHECKING([whether the installed libcharon was built with mediation (ME)])
	case $sm_ss_me in
		yes|no)
			AC_MSG_RESULT([$sm_ss_me (--with-strongswan-mediation)]) ;;
		auto)
			sm_save_LIBS=$LIBS
			LIBS="$STRONGSWAN_LIBS $LIBS"
			AC_LINK_IFELSE([AC_LANG_CALL([], [mediation_manager_create])],
				[sm_ss_me=yes], [sm_ss_me=no])
			LIBS=$sm_save_LIBS
			AC_MSG_RESULT([$sm_ss_me]) ;;
		*)
			AC_MSG_RESULT([?])
			AC_MSG_ERROR([--with-strongswan-mediation takes yes or no]) ;;
	esac
	SM_STRONGSWAN_MEDIATION=$sm_ss_me
	# the headers' config.h, with ME as libcharon has it
	sm_ss_config=`pwd`/strongswan-config.h
	{
		echo "/* Generated by configure: strongSwan's config.h from"
		echo " * $sm_config_h,"
		echo " * with ME (mediation) as the installed libcharon has it: $sm_ss_me. */"
		echo "#include \"$sm_config_h\""
		echo "#undef ME"
		if test "x$sm_ss_me" = xyes; then
			echo "#define ME /**/"
		fi
	} > "$sm_ss_config"
	STRONGSWAN_CPPFLAGS="-include $sm_ss_config -I$sm_lib_inc -I$sm_charon_inc"

	AC_MSG_CHECKING([whether a plugin builds and links against them])
	sm_save_CPPFLAGS=$CPPFLAGS
	sm_save_LIBS=$LIBS
	CPPFLAGS="$STRONGSWAN_CPPFLAGS $CPPFLAGS"
	LIBS="$STRONGSWAN_LIBS $LIBS"
	AC_LINK_IFELSE([AC_LANG_PROGRAM([[
#include <library.h>
#include <daemon.h>
]], [[
	return library_init(NULL, "charon") && libcharon_init() ? 0 : 1;
]])], [AC_MSG_RESULT([yes])],
	[AC_MSG_RESULT([no])
	 AC_MSG_ERROR([cannot build against the strongSwan headers in $sm_found with the libraries in $sm_ss_libdir; see config.log])])
	CPPFLAGS=$sm_save_CPPFLAGS
	LIBS=$sm_save_LIBS
	if test -z "$plugindir"; then
		AC_MSG_ERROR([cannot tell strongSwan's plugin directory: pass --with-strongswan-plugindir=DIR])
	fi
fi

# --- the vici client library (for the CLI) ------------------------------------
SM_VICI=no
VICI_LIBS=
if test "x$sm_vici" != xno; then
	AC_MSG_CHECKING([for libvici.h, the vici client library's header])
	sm_cache=${SM_SDK_CACHE:-/var/cache/swanmobile/strongswan-sdk}
	sm_pkgver=`dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null`
	sm_vici_h=
	for h in ${sm_ss_headers:+$sm_ss_headers/libvici.h $sm_ss_headers/strongswan/libvici.h} \
		${sm_pkgver:+$sm_cache/$sm_pkgver/include/libvici.h} \
		/usr/include/strongswan/libvici.h /usr/include/libvici.h; do
		if test -f "$h"; then
			sm_vici_h=$h
			break
		fi
	done
	AC_MSG_RESULT([${sm_vici_h:-no}])
	if test -n "$sm_vici_h" && test -n "$sm_ss_libdir"; then
		AC_MSG_CHECKING([whether a program links against libvici])
		sm_save_LIBS=$LIBS
		LIBS="-L$sm_ss_libdir -Wl,-rpath,$sm_ss_libdir -lvici $LIBS"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([[
#include "$sm_vici_h"
]], [[
	vici_init();
	vici_deinit();
	return 0;
]])], [SM_VICI=yes], [SM_VICI=no])
		LIBS=$sm_save_LIBS
		AC_MSG_RESULT([$SM_VICI])
	fi
	if test "x$SM_VICI" = xyes; then
		VICI_LIBS="-L$sm_ss_libdir -Wl,-rpath,$sm_ss_libdir -lvici"
		AC_DEFINE([HAVE_VICI], [1], [libvici is available to the CLI])
		AC_DEFINE_UNQUOTED([SM_LIBVICI_H], ["$sm_vici_h"], [path of libvici.h])
		SM_VICI="yes ($sm_vici_h)"
	elif test "x$sm_vici" = xyes; then
		AC_MSG_ERROR([--with-vici: libvici.h or libvici.so not found: install strongswan-swanctl and run scripts/strongswan-headers])
	else
		AC_MSG_WARN([no libvici: swanmobile status, disconnect, doctor and selftest will not reach charon (install strongswan-swanctl, run scripts/strongswan-headers)])
	fi
fi
AM_CONDITIONAL([VICI], [test "x$SM_VICI" != xno])
AC_SUBST([VICI_LIBS])
AC_SUBST([SM_VICI])

AM_CONDITIONAL([PLUGIN], [test "x$enable_plugin" = xyes])
AC_SUBST([STRONGSWAN_CPPFLAGS])
AC_SUBST([STRONGSWAN_LIBS])
AC_SUBST([STRONGSWAN_PLUGIN_LIBS])
AC_SUBST([SM_STRONGSWAN_VERSION])
AC_SUBST([SM_STRONGSWAN_LIBDIR])
AC_SUBST([SM_STRONGSWAN_HEADERS])
AC_SUBST([SM_STRONGSWAN_MEDIATION])
AC_SUBST([SM_STRONGSWAN_SYSCONFDIR])
AC_SUBST([plugindir])
AC_SUBST([strongswan_confdir])
AC_SUBST([swanctldir])
AC_SUBST([charon_confdir])
])
