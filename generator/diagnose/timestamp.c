/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Time stamps of log lines and of --since: ISO 8601, syslog and ctime
 * styles, dotted and slashed dates, bare times of day, Unix times.  Local
 * times are counted in seconds from 1970-01-01 00:00 as if they were UTC,
 * so that they compare without knowing the zone of the log.
 */
#include "config.h"

#include "logline.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

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

/* see logline.h */
long sm_time_digits(const char *s, size_t len, size_t *i, int min, int max)
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

	if ((h = sm_time_digits(s, len, &j, 1, 2)) < 0 || j >= len || s[j] != ':')
	{
		return -1;
	}
	j++;
	if ((mi = sm_time_digits(s, len, &j, 2, 2)) < 0)
	{
		return -1;
	}
	if (j < len && s[j] == ':')
	{
		j++;
		if ((sec = sm_time_digits(s, len, &j, 2, 2)) < 0)
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
	if ((h = sm_time_digits(s, len, &j, 2, 2)) < 0)
	{
		return 0;
	}
	if (j < len && s[j] == ':')
	{
		j++;
	}
	m = sm_time_digits(s, len, &j, 2, 2);
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
		a = sm_time_digits(s, t, &j, 4, 4);
		if (a > 0 && (s[j] == '-' || s[j] == '/') && j++ &&
			(b = sm_time_digits(s, t, &j, 2, 2)) > 0 && s[j] == s[i + 4] &&
			j++ && (c = sm_time_digits(s, t, &j, 2, 2)) > 0 && j == t - 1 &&
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
		a = sm_time_digits(s, t, &j, 2, 2);
		if (a > 0 && (s[j] == '.' || s[j] == '/') && j++ &&
			(b = sm_time_digits(s, t, &j, 2, 2)) > 0 && s[j] == s[i + 2] &&
			j++ && (c = sm_time_digits(s, t, &j, 4, 4)) > 0 && j == t - 1 &&
			s[j] == ' ')
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
			if (j > i + 3 && (a = sm_time_digits(s, t, &j, 1, 2)) > 0 &&
				a <= 31 && j + 1 == t && s[j] == ' ')
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
				yy = sm_time_digits(text, len, &k, 4, 4);
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
	y = sm_time_digits(text, len, &i, 10, 10);
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
