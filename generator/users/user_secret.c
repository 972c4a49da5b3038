/* SPDX-License-Identifier: GPL-2.0-or-later */
/* passwords and NT hashes for swanmobile user, from a terminal without echo
 * or from standard input; read without stdio buffers and wiped after use */
#include "config.h"

#include "cmd.h"
#include "user_secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

/** Longest password accepted, in bytes. */
#define PASSWORD_MAX 1024

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
 * returns its length without the line break, or -1 if too long / failed */
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
			OPENSSL_cleanse(buf, size);
			return -1;
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

/* a new password from the terminal, asked twice */
static int password_from_tty(const char *identity, char *pw, size_t size)
{
	struct sigaction sa = {.sa_handler = restore_tty};
	char again[PASSWORD_MAX + 1], text[400];
	int fd, rc = SM_EXIT_OK;
	ssize_t len;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || tcgetattr(fd, &saved_tty) != 0)
	{
		fprintf(stderr, "swanmobile: no terminal to ask for the password "
						"(use --password-stdin or --nt-hash-stdin)\n");
		if (fd >= 0)
		{
			close(fd);
		}
		return SM_EXIT_USAGE;
	}
	tty_fd = fd;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	snprintf(text, sizeof(text), "Password for '%s': ", identity);
	len = prompt(fd, text, pw, size);
	if (len >= 0)
	{
		len = prompt(fd, "Retype password: ", again, sizeof(again)) < 0 ? -1
																		: len;
		if (len >= 0 && strcmp(pw, again) != 0)
		{
			fprintf(stderr, "swanmobile: the passwords do not match\n");
			rc = SM_EXIT_INPUT;
		}
	}
	if (len < 0)
	{
		fprintf(stderr,
				"swanmobile: cannot read the password (at most %d bytes)\n",
				PASSWORD_MAX);
		rc = SM_EXIT_INPUT;
	}
	tty_fd = -1;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	close(fd);
	OPENSSL_cleanse(again, sizeof(again));
	return rc;
}

int sm_secret_nt_hash(sm_secret_source_t source, const char *identity,
					  uint8_t hash[SM_NT_HASH_LEN])
{
	char pw[PASSWORD_MAX + 1], err[512];
	sm_nthash_err_t herr;
	int rc = SM_EXIT_OK;
	ssize_t len;

	switch (source)
	{
		case SM_SECRET_HASH_STDIN:
			len = read_secret_line(STDIN_FILENO, pw, sizeof(pw));
			if (len < 0 || !sm_nthash_from_hex(pw, hash))
			{
				fprintf(stderr, "swanmobile: expected an NT hash of 32 hex "
								"digits on standard input\n");
				rc = SM_EXIT_INPUT;
			}
			goto out;
		case SM_SECRET_PASSWORD_STDIN:
			if (read_secret_line(STDIN_FILENO, pw, sizeof(pw)) < 0)
			{
				fprintf(stderr, "swanmobile: cannot read the password from "
								"standard input (at most %d bytes)\n",
						PASSWORD_MAX);
				rc = SM_EXIT_INPUT;
				goto out;
			}
			break;
		case SM_SECRET_TTY:
			rc = password_from_tty(identity, pw, sizeof(pw));
			if (rc != SM_EXIT_OK)
			{
				goto out;
			}
			break;
	}
	if (!pw[0])
	{
		fprintf(stderr, "swanmobile: empty password\n");
		rc = SM_EXIT_INPUT;
		goto out;
	}
	herr = sm_nthash(pw, strlen(pw), hash, err, sizeof(err));
	if (herr != SM_NTHASH_OK)
	{
		fprintf(stderr, "swanmobile: %s\n", err);
		rc = herr == SM_NTHASH_EUTF8 ? SM_EXIT_INPUT : SM_EXIT_ENV;
	}

out:
	OPENSSL_cleanse(pw, sizeof(pw));
	return rc;
}
