# SPDX-License-Identifier: GPL-2.0-or-later
#
# SM_CHECK_CFLAGS(FLAGS, [ACTION-IF-OK], [ACTION-IF-NOT])
# -------------------------------------------------------
# Test-compile and link an empty program with FLAGS added to CFLAGS/LDFLAGS.
AC_DEFUN([SM_CHECK_CFLAGS], [
	AC_MSG_CHECKING([whether $CC accepts $1])
	sm_save_CFLAGS=$CFLAGS
	sm_save_LDFLAGS=$LDFLAGS
	CFLAGS="$CFLAGS $1"
	LDFLAGS="$LDFLAGS $1"
	AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
		[AC_MSG_RESULT([yes]); $2], [AC_MSG_RESULT([no]); $3])
	CFLAGS=$sm_save_CFLAGS
	LDFLAGS=$sm_save_LDFLAGS
])

# SM_SANITIZERS
# -------------
# --enable-asan:    AddressSanitizer + UndefinedBehaviorSanitizer for all code
# --enable-fuzzing: libFuzzer targets in tests/fuzz (needs clang); objects get
#                   -fsanitize=fuzzer-no-link, fuzz binaries -fsanitize=fuzzer
# Substitutes SANITIZER_CFLAGS, FUZZER_CFLAGS, FUZZER_LDFLAGS.
AC_DEFUN([SM_SANITIZERS], [
AC_ARG_ENABLE([asan],
	AS_HELP_STRING([--enable-asan], [build with -fsanitize=address,undefined]),
	[], [enable_asan=no])
AC_ARG_ENABLE([fuzzing],
	AS_HELP_STRING([--enable-fuzzing], [build libFuzzer fuzz targets (clang)]),
	[], [enable_fuzzing=no])
SANITIZER_CFLAGS=
FUZZER_CFLAGS=
FUZZER_LDFLAGS=
if test "x$enable_asan" = xyes; then
	SM_CHECK_CFLAGS([-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer],
		[SANITIZER_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"],
		[AC_MSG_ERROR([--enable-asan: $CC cannot build with -fsanitize=address,undefined (Debian: gcc works; clang needs libclang-rt-14-dev)])])
fi
if test "x$enable_fuzzing" = xyes; then
	SM_CHECK_CFLAGS([-fsanitize=fuzzer-no-link,address,undefined],
		[FUZZER_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"],
		[AC_MSG_ERROR([--enable-fuzzing needs clang with libFuzzer: CC=clang ./configure --enable-fuzzing])])
	AC_MSG_CHECKING([whether $CC links a libFuzzer target])
	sm_save_CFLAGS=$CFLAGS
	CFLAGS="$CFLAGS -fsanitize=fuzzer,address,undefined"
	dnl libFuzzer brings main(): the test program is a fuzz target instead
	AC_LINK_IFELSE([AC_LANG_SOURCE([[
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return data && size ? 0 : 0;
}
]])], [AC_MSG_RESULT([yes]); FUZZER_LDFLAGS="-fsanitize=fuzzer,address,undefined"],
	[AC_MSG_RESULT([no])
	 AC_MSG_ERROR([--enable-fuzzing: $CC cannot link -fsanitize=fuzzer (Debian: apt-get install clang libclang-rt-14-dev)])])
	CFLAGS=$sm_save_CFLAGS
fi
AM_CONDITIONAL([FUZZING], [test "x$enable_fuzzing" = xyes])
AC_SUBST([SANITIZER_CFLAGS])
AC_SUBST([FUZZER_CFLAGS])
AC_SUBST([FUZZER_LDFLAGS])
])
