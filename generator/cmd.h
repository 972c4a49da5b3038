/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file cmd.h
 * The swanmobile subcommands and the CLI's exit codes.
 */
#ifndef SM_CMD_H_
#define SM_CMD_H_

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

#endif /* SM_CMD_H_ */
