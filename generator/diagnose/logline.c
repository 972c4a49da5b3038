/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Splitting charon log lines.  The anchor of every text format charon
 * writes is "NN[GRP]" (thread and group, GRP possibly followed by the log
 * level digit), optionally followed by " <name|id>"; what precedes it is the
 * time stamp, host and program tag.  journalctl's output of charon-systemd
 * has neither thread nor group: there the message follows "charon...: ".
 */
#include "logline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

double sm_time_local(double utc)
{
	time_t t = (time_t)utc;
	struct tm tm;

	if (!localtime_r(&t, &tm))
	{
		return utc;
	}
	return (double)days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
								   tm.tm_mday) *
			   86400.0 +
		   tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec + (utc - (double)t);
}

/** Read up to max digits at s[*i]; -1 if there are fewer than min. */
static long digits(const char *s, size_t len, size_t *i, int min, int max)
{
	long v = 0;
	int n = 0;

	while (*i < len && n < max && isdigit((unsigned char)s[*i]))
	{
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n >= min ? v : -1;
}

static int month_of(const char *s, size_t len)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char m[3];
	int i;

	if (len < 3)
	{
		return 0;
	}
	for (i = 0; i < 3; i++)
	{
		m[i] = (char)tolower((unsigned char)s[i]);
	}
	for (i = 0; i < 12; i++)
	{
		if (!memcmp(names + 3 * i, m, 3))
		{
			return i + 1;
		}
	}
	return 0;
}

/** Parse "H[H]:MM[:SS][.frac]" at s[*i]; -1 if there is none. */
static double clock_at(const char *s, size_t len, size_t *i)
{
	long h, mi, sec = 0;
	double frac = 0, scale = 0.1;
	size_t j = *i;

	if ((h = digits(s, len, &j, 1, 2)) < 0 || j >= len || s[j] != ':')
	{
		return -1;
	}
	j++;
	if ((mi = digits(s, len, &j, 2, 2)) < 0)
	{
		return -1;
	}
	if (j < len && s[j] == ':')
	{
		j++;
		if ((sec = digits(s, len, &j, 2, 2)) < 0)
		{
			return -1;
		}
		if (j + 1 < len && (s[j] == '.' || s[j] == ',') &&
			isdigit((unsigned char)s[j + 1]))
		{
			for (j++; j < len && isdigit((unsigned char)s[j]); j++)
			{
				frac += (s[j] - '0') * scale;
				scale /= 10;
			}
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
	{
		return -1;
	}
	*i = j;
	return h * 3600.0 + mi * 60.0 + sec + frac;
}

/** A time zone "Z", "+01:00" or "+0100" at s[*i], in seconds (0 if none). */
static long zone_at(const char *s, size_t len, size_t *i, bool *has)
{
	size_t j = *i;
	long h, m = 0, sign;

	*has = false;
	if (j < len && s[j] == 'Z')
	{
		*i = j + 1;
		*has = true;
		return 0;
	}
	if (j >= len || (s[j] != '+' && s[j] != '-'))
	{
		return 0;
	}
	sign = s[j] == '-' ? -1 : 1;
	j++;
	if ((h = digits(s, len, &j, 2, 2)) < 0)
	{
		return 0;
	}
	if (j < len && s[j] == ':')
	{
		j++;
	}
	m = digits(s, len, &j, 2, 2);
	*i = j;
	*has = true;
	return sign * (h * 3600 + (m > 0 ? m : 0) * 60);
}

/** Place a date without a year: this year, or last year if in the future. */
static double yearless(double now, int mon, int day, double tod)
{
	time_t t = (time_t)now;
	struct tm tm;
	long y;
	double v;

	/* now is local time counted from 1970 as if it were UTC */
	if (!gmtime_r(&t, &tm))
	{
		return tod;
	}
	y = tm.tm_year + 1900;
	v = (double)days_from_civil(y, (unsigned)mon, (unsigned)day) * 86400.0 +
		tod;
	if (v > now + 86400.0)
	{
		v = (double)days_from_civil(y - 1, (unsigned)mon, (unsigned)day) *
				86400.0 +
			tod;
	}
	return v;
}

/** Look for a date just before position t (where the clock starts). */
static bool date_before(const char *s, size_t t, long *y, int *mon, int *d)
{
	size_t i, j;
	long a, b, c;

	/* "YYYY-MM-DD" + 'T' or ' ', also "YYYY/MM/DD " */
	if (t >= 11)
	{
		i = t - 11;
		j = i;
		a = digits(s, t, &j, 4, 4);
		if (a > 0 && (s[j] == '-' || s[j] == '/') && j++ &&
			(b = digits(s, t, &j, 2, 2)) > 0 && s[j] == s[i + 4] && j++ &&
			(c = digits(s, t, &j, 2, 2)) > 0 && j == t - 1 &&
			(s[j] == 'T' || s[j] == ' ') && b <= 12 && c <= 31)
		{
			*y = a;
			*mon = (int)b;
			*d = (int)c;
			return true;
		}
	}
	/* "DD.MM.YYYY " or "MM/DD/YYYY " */
	if (t >= 11)
	{
		i = t - 11;
		j = i;
		a = digits(s, t, &j, 2, 2);
		if (a > 0 && (s[j] == '.' || s[j] == '/') && j++ &&
			(b = digits(s, t, &j, 2, 2)) > 0 && s[j] == s[i + 2] && j++ &&
			(c = digits(s, t, &j, 4, 4)) > 0 && j == t - 1 && s[j] == ' ')
		{
			*y = c;
			*mon = (int)(s[i + 2] == '.' ? b : a);
			*d = (int)(s[i + 2] == '.' ? a : b);
			return *mon >= 1 && *mon <= 12 && *d >= 1 && *d <= 31;
		}
	}
	/* "Mon D " / "Mon DD " / "Mon  D " */
	for (i = t >= 8 ? t - 8 : 0; i + 5 <= t; i++)
	{
		if ((*mon = month_of(s + i, t - i)) &&
			(i == 0 || !isalpha((unsigned char)s[i - 1])))
		{
			j = i + 3;
			while (j < t && s[j] == ' ')
			{
				j++;
			}
			if (j > i + 3 && (a = digits(s, t, &j, 1, 2)) > 0 && a <= 31 &&
				j + 1 == t && s[j] == ' ')
			{
				*y = 0;
				*d = (int)a;
				return true;
			}
		}
	}
	return false;
}

double sm_time_parse(const char *text, size_t len, double now,
					 sm_time_kind_t *kind)
{
	size_t i, j;
	double tod;
	long y = 0, zone, yy;
	int mon = 0, day = 0;
	bool has_zone;

	*kind = SM_TIME_NONE;
	for (i = 0; i < len; i++)
	{
		if (!isdigit((unsigned char)text[i]) ||
			(i > 0 && isdigit((unsigned char)text[i - 1])))
		{
			continue;
		}
		j = i;
		tod = clock_at(text, len, &j);
		if (tod < 0)
		{
			continue;
		}
		if (!date_before(text, i, &y, &mon, &day))
		{
			*kind = SM_TIME_OF_DAY;
			return tod;
		}
		zone = zone_at(text, len, &j, &has_zone);
		if (!y)
		{
			/* ctime style: the year follows */
			size_t k = j;

			if (k < len && text[k] == ' ')
			{
				k++;
				yy = digits(text, len, &k, 4, 4);
				if (yy > 1900 && (k == len || !isdigit((unsigned char)text[k])))
				{
					y = yy;
				}
			}
		}
		*kind = SM_TIME_DATE;
		if (!y)
		{
			return yearless(now, mon, day, tod);
		}
		tod +=
			(double)days_from_civil(y, (unsigned)mon, (unsigned)day) * 86400.0;
		if (has_zone)
		{
			tod = sm_time_local(tod - (double)zone);
		}
		return tod;
	}
	/* a Unix time: 10 digits at the start */
	i = 0;
	y = digits(text, len, &i, 10, 10);
	if (y > 0 && (i == len || text[i] == '.' || text[i] == ' '))
	{
		double frac = 0, scale = 0.1;

		if (i < len && text[i] == '.')
		{
			for (i++; i < len && isdigit((unsigned char)text[i]); i++)
			{
				frac += (text[i] - '0') * scale;
				scale /= 10;
			}
		}
		*kind = SM_TIME_DATE;
		return sm_time_local((double)y + frac);
	}
	return 0;
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
		t = digits(s, len, &j, 1, 4);
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
	id = digits(s, close, &k, 1, 10);
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
		while (j < len && s[j] != ',' && s[j] != '}')
		{
			j++;
		}
		*vlen = (size_t)(s + j - *val);
		return true;
	}
	return false;
}

/** A JSON line of the file logger (json = yes). */
static bool parse_json(sm_logline_parser_t *p, const char *s, size_t len,
					   sm_logline_t *out)
{
	const char *v;
	size_t vl, i, n = 0, k;
	bool q;
	long num;

	if (!json_field(s, len, "msg", &v, &vl, &q) || !q)
	{
		return false;
	}
	for (i = 0; i < vl && n < JSON_MSG_MAX - 1; i++)
	{
		if (v[i] == '\\' && i + 1 < vl)
		{
			i++;
			p->buf[n++] = v[i] == 'n' ? ' ' : v[i] == 't' ? ' ' : v[i];
		}
		else
		{
			p->buf[n++] = v[i];
		}
	}
	out->msg = p->buf;
	out->msg_len = n;
	if (json_field(s, len, "time", &v, &vl, &q) && q)
	{
		out->time = sm_time_parse(v, vl, p->now, &out->tkind);
	}
	if (json_field(s, len, "thread", &v, &vl, &q))
	{
		k = 0;
		num = digits(v, vl, &k, 1, 6);
		out->thread = num >= 0 ? (int)num : -1;
	}
	if (json_field(s, len, "group", &v, &vl, &q) && vl == 3)
	{
		memcpy(out->group, v, 3);
		out->group[3] = '\0';
	}
	if (json_field(s, len, "ikesa-uniqueid", &v, &vl, &q))
	{
		k = 0;
		num = digits(v, vl, &k, 1, 10);
		if (num >= 0)
		{
			out->has_sa = true;
			out->sa_id = (unsigned int)num;
		}
	}
	if (json_field(s, len, "ikesa-name", &v, &vl, &q) && out->has_sa)
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
