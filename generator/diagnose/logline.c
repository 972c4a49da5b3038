/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Splitting charon log lines.  The anchor of every text format charon
 * writes is "NN[GRP]" (thread and group, GRP possibly followed by the log
 * level digit), optionally followed by " <name|id>"; what precedes it is the
 * time stamp, host and program tag.  journalctl's output of charon-systemd
 * has neither thread nor group: there the message follows "charon...: ".
 */
#include "config.h"

#include "logline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/** Longest JSON message kept. */
#define JSON_MSG_MAX 65536

struct sm_logline_parser {
	/** "now", local time counted like SM_TIME_DATE */
	double now;
	/** unescaped JSON message */
	char *buf;
};

sm_logline_parser_t *sm_logline_parser_create(double now)
{
	sm_logline_parser_t *p = calloc(1, sizeof(*p));

	if (!p)
	{
		return NULL;
	}
	p->buf = malloc(JSON_MSG_MAX);
	if (!p->buf)
	{
		free(p);
		return NULL;
	}
	p->now = sm_time_local(now);
	return p;
}

void sm_logline_parser_destroy(sm_logline_parser_t *p)
{
	if (p)
	{
		free(p->buf);
		free(p);
	}
}

/** Find "NN[GRP]" or "NN[GRPn]" followed by a space or the end. */
static bool find_anchor(const char *s, size_t len, size_t *start, size_t *end,
						int *thread, char group[4])
{
	size_t i, j, g;
	long t;

	for (i = 0; i + 5 <= len; i++)
	{
		if (!isdigit((unsigned char)s[i]) ||
			(i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '[')))
		{
			continue;
		}
		j = i;
		t = sm_time_digits(s, len, &j, 1, 4);
		if (t < 0 || j >= len || s[j] != '[')
		{
			continue;
		}
		j++;
		for (g = 0; g < 3 && j + g < len && isupper((unsigned char)s[j + g]);
			 g++)
		{
		}
		if (g != 3)
		{
			continue;
		}
		g = j + 3;
		if (g < len && isdigit((unsigned char)s[g]))
		{
			g++;
		}
		if (g >= len || s[g] != ']' || (g + 1 < len && s[g + 1] != ' '))
		{
			continue;
		}
		*start = i;
		*end = g + 1;
		*thread = (int)t;
		memcpy(group, s + j, 3);
		group[3] = '\0';
		return true;
	}
	return false;
}

/** Parse " <name|id>" or " <id>" at s[*i]. */
static void sa_prefix(const char *s, size_t len, size_t *i, sm_logline_t *out)
{
	size_t j = *i, close, bar, k;
	long id;

	if (j + 2 >= len || s[j] != ' ' || s[j + 1] != '<')
	{
		return;
	}
	j += 2;
	for (close = j; close < len && s[close] != '>'; close++)
	{
	}
	if (close >= len || close == j)
	{
		return;
	}
	for (bar = close; bar > j && s[bar - 1] != '|'; bar--)
	{
	}
	k = bar;
	id = sm_time_digits(s, close, &k, 1, 10);
	if (id < 0 || k != close)
	{
		return;
	}
	out->has_sa = true;
	out->sa_id = (unsigned int)id;
	if (bar > j)
	{
		k = bar - 1 - j;
		if (k >= SM_LOGLINE_NAME)
		{
			k = SM_LOGLINE_NAME - 1;
		}
		memcpy(out->sa_name, s + j, k);
		out->sa_name[k] = '\0';
	}
	*i = close + 1;
}

/** Value of "key": in a JSON line, as a string span (quotes removed). */
static bool json_field(const char *s, size_t len, const char *key,
					   const char **val, size_t *vlen, bool *quoted)
{
	size_t kl = strlen(key), i, j;

	for (i = 0; i + kl + 3 <= len; i++)
	{
		if (s[i] != '"' || memcmp(s + i + 1, key, kl) || s[i + 1 + kl] != '"' ||
			s[i + 2 + kl] != ':')
		{
			continue;
		}
		j = i + 3 + kl;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
		{
			j++;
		}
		if (j < len && s[j] == '"')
		{
			*quoted = true;
			*val = s + ++j;
			while (j < len && s[j] != '"')
			{
				j += s[j] == '\\' ? 2 : 1;
			}
			if (j > len)
			{
				j = len;
			}
			*vlen = (size_t)(s + j - *val);
			return true;
		}
		*quoted = false;
		*val = s + j;
		if (j < len && s[j] == '[')
		{
			while (j < len && s[j] != ']')
			{
				j++;
			}
		}
		while (j < len && s[j] != ',' && s[j] != '}')
		{
			j++;
		}
		*vlen = (size_t)(s + j - *val);
		return true;
	}
	return false;
}

/** Unescape a JSON string (or decode a JSON array of byte values, as the
 * journal writes messages that are not UTF-8) into the parser's buffer. */
static size_t json_text(sm_logline_parser_t *p, const char *v, size_t vl,
						bool quoted)
{
	size_t i, n = 0, k;
	long num;

	for (i = 0; !quoted && i < vl && n < JSON_MSG_MAX - 1; i++)
	{
		if (v[i] >= '0' && v[i] <= '9')
		{
			k = i;
			num = sm_time_digits(v, vl, &k, 1, 3);
			p->buf[n++] = num > 0 && num < 256 && num != '\n' ? (char)num : ' ';
			i = k - 1;
		}
	}
	for (i = 0; quoted && i < vl && n < JSON_MSG_MAX - 1; i++)
	{
		if (v[i] != '\\' || i + 1 >= vl)
		{
			p->buf[n++] = v[i];
			continue;
		}
		i++;
		switch (v[i])
		{
			case 'n':
			case 't':
			case 'r':
				p->buf[n++] = ' ';
				break;
			case 'u':
				/* \uXXXX: only ASCII matters in charon's messages */
				k = i + 1;
				num = 0;
				while (k < vl && k < i + 5 &&
					   strchr("0123456789abcdefABCDEF", v[k]))
				{
					num = num * 16 +
						  (v[k] <= '9' ? v[k] - '0' : (v[k] | 32) - 'a' + 10);
					k++;
				}
				p->buf[n++] = num >= 0x20 && num < 0x7f ? (char)num : '?';
				i = k - 1;
				break;
			default:
				p->buf[n++] = v[i];
				break;
		}
	}
	return n;
}

/** A number in a JSON field, -1 if none. */
static long json_number(const char *s, size_t len, const char *key, int max)
{
	const char *v;
	size_t vl, k = 0;
	bool q;

	if (!json_field(s, len, key, &v, &vl, &q))
	{
		return -1;
	}
	return sm_time_digits(v, vl, &k, 1, max);
}

/**
 * A JSON line: charon's file logger with json = yes ("msg", "time",
 * "thread", "group", "ikesa-uniqueid", "ikesa-name"), or the journal's
 * export as journalctl -o json writes it ("MESSAGE", "THREAD", "GROUP",
 * "IKE_SA_UNIQUE_ID", "IKE_SA_NAME", "__REALTIME_TIMESTAMP").
 */
static bool parse_json(sm_logline_parser_t *p, const char *s, size_t len,
					   sm_logline_t *out)
{
	bool journal, q;
	const char *v;
	size_t vl, k;
	long num;

	journal = json_field(s, len, "MESSAGE", &v, &vl, &q);
	if (!journal && (!json_field(s, len, "msg", &v, &vl, &q) || !q))
	{
		return false;
	}
	out->msg = p->buf;
	out->msg_len = json_text(p, v, vl, q);
	if (journal)
	{
		if (json_field(s, len, "SYSLOG_IDENTIFIER", &v, &vl, &q) &&
			(vl < 6 || memcmp(v, "charon", 6)))
		{
			return false;
		}
		if (json_field(s, len, "__REALTIME_TIMESTAMP", &v, &vl, &q) && vl > 6)
		{
			k = 0;
			num = sm_time_digits(v, vl - 6, &k, 9, 12);
			if (num > 0)
			{
				out->time = sm_time_local((double)num);
				out->tkind = SM_TIME_DATE;
			}
		}
	}
	else if (json_field(s, len, "time", &v, &vl, &q) && q)
	{
		out->time = sm_time_parse(v, vl, p->now, &out->tkind);
	}
	num = json_number(s, len, journal ? "THREAD" : "thread", 6);
	out->thread = num >= 0 ? (int)num : -1;
	if (json_field(s, len, journal ? "GROUP" : "group", &v, &vl, &q) && vl == 3)
	{
		memcpy(out->group, v, 3);
		out->group[3] = '\0';
	}
	num = json_number(s, len, journal ? "IKE_SA_UNIQUE_ID" : "ikesa-uniqueid",
					  10);
	if (num >= 0)
	{
		out->has_sa = true;
		out->sa_id = (unsigned int)num;
	}
	if (json_field(s, len, journal ? "IKE_SA_NAME" : "ikesa-name", &v, &vl,
				   &q) &&
		out->has_sa)
	{
		k = vl < SM_LOGLINE_NAME - 1 ? vl : SM_LOGLINE_NAME - 1;
		memcpy(out->sa_name, v, k);
		out->sa_name[k] = '\0';
	}
	return true;
}

/** "charon:", "charon[123]:", "charon-systemd[123]:" in s, returns the end. */
static bool find_program(const char *s, size_t len, size_t *end)
{
	size_t i, j;

	for (i = 0; i + 7 <= len; i++)
	{
		if (memcmp(s + i, "charon", 6) || (i > 0 && s[i - 1] != ' '))
		{
			continue;
		}
		j = i + 6;
		while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '-'))
		{
			j++;
		}
		if (j < len && s[j] == '[')
		{
			while (j < len && s[j] != ']')
			{
				j++;
			}
			j++;
		}
		if (j + 1 < len && s[j] == ':' && s[j + 1] == ' ')
		{
			*end = j + 2;
			return true;
		}
	}
	return false;
}

bool sm_logline_parse(sm_logline_parser_t *p, const char *line, size_t len,
					  sm_logline_t *out)
{
	size_t start, end, head;

	memset(out, 0, sizeof(*out));
	out->thread = -1;
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
	{
		len--;
	}
	if (len && line[0] == '{')
	{
		return parse_json(p, line, len, out);
	}
	if (find_anchor(line, len, &start, &end, &out->thread, out->group))
	{
		head = start;
		sa_prefix(line, len, &end, out);
		if (end < len && line[end] == ' ')
		{
			end++;
		}
	}
	else if (find_program(line, len, &end))
	{
		head = end;
	}
	else
	{
		return false;
	}
	out->msg = line + end;
	out->msg_len = len - end;
	out->time = sm_time_parse(line, head, p->now, &out->tkind);
	return true;
}
