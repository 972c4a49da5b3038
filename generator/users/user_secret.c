/* SPDX-License-Identifier: GPL-2.0-or-later */
/* passwords and NT hashes for swanmobile user, from a terminal without echo
 * or from standard input; read without stdio buffers and wiped after use */
#include "config.h"

#include "sm_identity.h"
#include "user_secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

/** Longest password line read, in bytes: more than any password the rule
 *  accepts (256 UTF-16 code units are at most 768 bytes of UTF-8). */
#define PASSWORD_MAX 1024

/** read_secret_line(): the line does not fit */
#define LINE_TOO_LONG (-2)

/** the terminal settings to restore if a signal interrupts a prompt */
static struct termios saved_tty;
static volatile sig_atomic_t tty_fd = -1;

static void restore_tty(int sig)
{
	if (tty_fd >= 0)
	{
		tcsetattr(tty_fd, TCSAFLUSH, &saved_tty);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* read one line from fd without stdio buffers (they would keep a copy);
 * returns its length without the line break, LINE_TOO_LONG (the rest of the
 * line is read and dropped) or -1 if reading failed */
static ssize_t read_secret_line(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	char c;

	for (;;)
	{
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
		{
			continue;
		}
		if (n <= 0 || c == '\n')
		{
			break;
		}
		if (len + 1 >= size)
		{
			/* drop the rest, so it is not read as the next line */
			while ((n = read(fd, &c, 1)) > 0 || (n < 0 && errno == EINTR))
			{
				if (n > 0 && c == '\n')
				{
					break;
				}
			}
			OPENSSL_cleanse(buf, size);
			OPENSSL_cleanse(&c, sizeof(c));
			return LINE_TOO_LONG;
		}
		buf[len++] = c;
	}
	if (n < 0)
	{
		OPENSSL_cleanse(buf, size);
		return -1;
	}
	if (len && buf[len - 1] == '\r')
	{
		len--;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

/* ask on the terminal without echo */
static ssize_t prompt(int fd, const char *text, char *buf, size_t size)
{
	struct termios raw;
	ssize_t len;

	if (write(fd, text, strlen(text)) < 0)
	{
		return -1;
	}
	raw = saved_tty;
	raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	raw.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &raw);
	len = read_secret_line(fd, buf, size);
	tcsetattr(fd, TCSAFLUSH, &saved_tty);
	if (write(fd, "\n", 1) < 0)
	{
		len = -1;
	}
	return len;
}

/* a new password from the terminal, asked twice; *pwlen receives its
 * length */
static sm_secret_result_t password_from_tty(const char *identity, char *pw,
											size_t size, ssize_t *pwlen)
{
	struct sigaction sa = {.sa_handler = restore_tty};
	char again[PASSWORD_MAX + 1], text[400];
	sm_secret_result_t rc = SM_SECRET_OK;
	ssize_t len;
	int fd;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || tcgetattr(fd, &saved_tty) != 0)
	{
		fprintf(stderr, "swanmobile: no terminal to ask for the password "
						"(use --password-stdin or --nt-hash-stdin)\n");
		if (fd >= 0)
		{
			close(fd);
		}
		return SM_SECRET_ENOTTY;
	}
	tty_fd = fd;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	snprintf(text, sizeof(text), "Password for '%s': ", identity);
	len = prompt(fd, text, pw, size);
	if (len >= 0)
	{
		if (prompt(fd, "Retype password: ", again, sizeof(again)) < 0)
		{
			len = -1;
		}
		if (len >= 0 && strcmp(pw, again) != 0)
		{
			fprintf(stderr, "swanmobile: the passwords do not match\n");
			rc = SM_SECRET_EINPUT;
		}
	}
	if (len == LINE_TOO_LONG)
	{
		fprintf(stderr,
				"swanmobile: the password is longer than %d "
				"characters, the limit of MS-CHAPv2\n",
				SM_PASSWORD_MAX_UNITS);
		rc = SM_SECRET_EINPUT;
	}
	else if (len < 0)
	{
		fprintf(stderr, "swanmobile: cannot read the password\n");
		rc = SM_SECRET_EINPUT;
	}
	*pwlen = len;
	tty_fd = -1;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	close(fd);
	OPENSSL_cleanse(again, sizeof(again));
	return rc;
}

sm_secret_result_t sm_secret_nt_hash(sm_secret_source_t source,
									 const char *identity,
									 uint8_t hash[SM_NT_HASH_LEN])
{
	char pw[PASSWORD_MAX + 1], err[512];
	sm_secret_result_t rc = SM_SECRET_OK;
	sm_text_check_t res;
	sm_nthash_err_t herr;
	ssize_t len = 0;

	switch (source)
	{
		case SM_SECRET_HASH_STDIN:
			len = read_secret_line(STDIN_FILENO, pw, sizeof(pw));
			if (len < 0 || !sm_nthash_from_hex(pw, hash))
			{
				fprintf(stderr, "swanmobile: expected an NT hash of 32 hex "
								"digits on standard input\n");
				rc = SM_SECRET_EINPUT;
			}
			goto out;
		case SM_SECRET_PASSWORD_STDIN:
			len = read_secret_line(STDIN_FILENO, pw, sizeof(pw));
			if (len < 0)
			{
				if (len == LINE_TOO_LONG)
				{
					fprintf(stderr,
							"swanmobile: the password is longer than "
							"%d characters, the limit of MS-CHAPv2\n",
							SM_PASSWORD_MAX_UNITS);
				}
				else
				{
					fprintf(stderr, "swanmobile: cannot read the password "
									"from standard input\n");
				}
				rc = SM_SECRET_EINPUT;
				goto out;
			}
			break;
		case SM_SECRET_TTY:
			rc = password_from_tty(identity, pw, sizeof(pw), &len);
			if (rc != SM_SECRET_OK)
			{
				goto out;
			}
			break;
	}
	/* the one password rule (sm_identity.h); never shows the password; a
	 * NUL byte counts (as a control character), it does not cut it short */
	if (!sm_password_check(pw, (size_t)len, &res))
	{
		fprintf(stderr, "swanmobile: the password %s\n",
				sm_password_message(&res, err, sizeof(err)));
		rc = SM_SECRET_EINPUT;
		goto out;
	}
	herr = sm_nthash(pw, (size_t)len, hash, err, sizeof(err));
	if (herr != SM_NTHASH_OK)
	{
		fprintf(stderr, "swanmobile: %s\n", err);
		rc = herr == SM_NTHASH_EUTF8 ? SM_SECRET_EINPUT : SM_SECRET_EENV;
	}

out:
	OPENSSL_cleanse(pw, sizeof(pw));
	return rc;
}

sm_secret_result_t sm_secret_password(sm_secret_source_t source,
									  const char *identity, char *buf,
									  size_t size)
{
	char err[512];
	sm_text_check_t res;
	ssize_t len = -1;
	sm_secret_result_t rc = SM_SECRET_OK;

	if (size < PASSWORD_MAX + 1)
	{
		return SM_SECRET_EENV;
	}
	switch (source)
	{
		case SM_SECRET_PASSWORD_STDIN:
			len = read_secret_line(STDIN_FILENO, buf, size);
			if (len < 0)
			{
				fprintf(stderr, "swanmobile: %s\n",
						len == LINE_TOO_LONG
							? "the password is longer than MS-CHAPv2 allows"
							: "cannot read the password from standard input");
				rc = SM_SECRET_EINPUT;
			}
			break;
		case SM_SECRET_TTY:
			rc = password_from_tty(identity, buf, size, &len);
			break;
		default:
			rc = SM_SECRET_ENOTTY;
			break;
	}
	if (rc == SM_SECRET_OK && !sm_password_check(buf, (size_t)len, &res))
	{
		fprintf(stderr, "swanmobile: the password %s\n",
				sm_password_message(&res, err, sizeof(err)));
		rc = SM_SECRET_EINPUT;
	}
	if (rc != SM_SECRET_OK)
	{
		OPENSSL_cleanse(buf, size);
	}
	return rc;
}
