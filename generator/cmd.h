/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file cmd.h
 * The top of generator/: main.c dispatches to one cmd_<name>.c per
 * subcommand, which reads its options (sm_cmd_getopt(), cmd.c), calls the
 * stages below (render/, pki/, users/, model/, base/; each folder's
 * header says what goes in and out) and prints.  Nothing below includes
 * this header.  It holds the subcommands, the CLI's exit codes and the
 * option reader.
 */
#ifndef SM_CMD_H_
#define SM_CMD_H_

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/** Exit codes of every subcommand (swanmobile(8), EXIT STATUS). */
enum {
	/** success */
	SM_EXIT_OK = 0,
	/** invalid input: the YAML, a user name, a log file */
	SM_EXIT_INPUT = 1,
	/** usage error: unknown subcommand or option, missing argument */
	SM_EXIT_USAGE = 2,
	/** environment: permissions, I/O, missing tools, crypto failure */
	SM_EXIT_ENV = 3,
};

/** A subcommand: gets argv with argv[0] = its name. */
typedef int (*sm_cmd_fn_t)(int argc, char *argv[]);

/** Room for the message of sm_cmd_getopt(). */
#define SM_CMD_OPTERR_LEN 128

/**
 * The next option of a subcommand's command line: getopt_long(3), the one
 * way every subcommand reads its options.  Options and arguments may come
 * in any order, "--" ends the options, long options may be abbreviated.
 * Set optind = 0 before the first call (a fresh start).  An unknown or
 * ambiguous option, a missing argument, or an argument to an option that
 * takes none is not printed but described in err ("unknown option
 * '--frob'", "option '--root' needs an argument"; never with the value
 * given after '='), for the subcommand to report as a usage error.
 *
 * @param argc		argument count
 * @param argv		arguments; argv[0] is the subcommand
 * @param shortopts	short options as for getopt(3), without a leading ':'
 * @param longopts	long options, ending with a row of zeros
 * @param err		receives the message when '?' is returned
 * @param errlen	size of err (SM_CMD_OPTERR_LEN is enough)
 * @return			the option's value, -1 after the last option, or '?'
 */
int sm_cmd_getopt(int argc, char *argv[], const char *shortopts,
				  const struct option *longopts, char *err, size_t errlen);

/**
 * The long name of an option, for messages.
 *
 * @param longopts	long options, ending with a row of zeros
 * @param val		the value sm_cmd_getopt() returned for it
 * @return			its name without "--" (static), "?" if none has val
 */
const char *sm_cmd_option_name(const struct option *longopts, int val);

/**
 * An option's argument that is a decimal number: digits only (no sign, no
 * space), at most max.
 *
 * @param arg		the argument
 * @param max		largest value allowed
 * @param out		receives the number (unchanged if arg is not one)
 * @return			whether arg is such a number
 */
bool sm_cmd_uint(const char *arg, unsigned long max, unsigned int *out);

/**
 * The argument of --days N (renew, doctor): a number of days, 0 to
 * SM_PKI_DAYS_MAX (the longest certificate lifetime); if it is not one,
 * "swanmobile CMD: --days expects a number of days (0-MAX)" on stderr.
 *
 * @param cmd		the subcommand, for the message
 * @param arg		the argument
 * @param days		receives the number
 * @return			whether arg is such a number
 */
bool sm_cmd_days(const char *cmd, const char *arg, unsigned int *days);

/**
 * Where the templates are: $SWANMOBILE_TEMPLATES, else where they were
 * installed (SM_TEMPLATESDIR, configure's --with-templatesdir).
 *
 * @return			a directory (internal data)
 */
const char *sm_cmd_templates_dir(void);

/**
 * The exit code for a result of the password input (users/user_secret.h):
 * bad input 1, no terminal to ask on 2 (a usage error: give
 * --password-stdin), anything else 3.
 */
int sm_cmd_secret_exit(int result);

int cmd_version(int argc, char *argv[]);
int cmd_user(int argc, char *argv[]);
int cmd_check(int argc, char *argv[]);
int cmd_diagnose(int argc, char *argv[]);
int cmd_generate(int argc, char *argv[]);
int cmd_renew(int argc, char *argv[]);
int cmd_status(int argc, char *argv[]);
int cmd_disconnect(int argc, char *argv[]);
int cmd_doctor(int argc, char *argv[]);
int cmd_selftest(int argc, char *argv[]);
int cmd_datapath(int argc, char *argv[]);
int cmd_firewall(int argc, char *argv[]);
int cmd_profile(int argc, char *argv[]);

#endif /* SM_CMD_H_ */
