#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/parse.h"

/* Parses digits into *v (capped), returning how many were read. */
static size_t
feed_digits(const char *s, size_t len, int64_t *v)
{
	size_t	i;

	*v = 0;
	for (i = 0; i < len && isdigit((unsigned char)s[i]); i++) {
		if (*v < 100000000000LL)
			*v = *v * 10 + (s[i] - '0');
	}
	return (i);
}

int
feed_time_parse(const char *s, size_t len, int64_t *out_ms)
{
	int64_t	 parts[3], v, frac = 0, scale = 100;
	size_t	 i = 0, n, np = 0;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	for (;;) {
		if ((n = feed_digits(s + i, len - i, &v)) == 0)
			return (-1);
		if (np == 3)
			return (-1);
		parts[np++] = v;
		i += n;
		if (i < len && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && isdigit((unsigned char)s[i]); i++) {
			frac += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	if (i != len)
		return (-1);
	v = 0;
	for (n = 0; n < np; n++) {
		if (n > 0 && parts[n] >= 60)
			return (-1);
		v = v * 60 + parts[n];
	}
	*out_ms = v * 1000 + frac;
	return (0);
}

/* Reads a word of letters, returning its length. */
static size_t
feed_word(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len && isalpha((unsigned char)s[i]); i++)
		/* nothing */;
	return (i);
}

/* Offset in minutes east of UTC for a named zone, or -1 for an unknown one. */
static int
feed_zone(const char *s, size_t n, int *minutes)
{
	static const struct {
		const char	*name;
		int		 minutes;
	} zones[] = {
		{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
		{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
		{ "BST", 60 }, { "CET", 60 }, { "CEST", 120 },
	};
	size_t	i;

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (strlen(zones[i].name) == n && strncasecmp(s, zones[i].name, n) == 0) {
			*minutes = zones[i].minutes;
			return (0);
		}
	}
	return (-1);
}

/* Skips spaces and commas from *i. */
static void
feed_date_skip(const char *s, size_t len, size_t *i)
{
	while (*i < len && (isspace((unsigned char)s[*i]) || s[*i] == ','))
		(*i)++;
}

/* Reads a zone at *i (+hhmm, -hhmm or a name; none is UTC) into minutes east. */
static int
feed_date_zone(const char *s, size_t len, size_t *i, int *zone)
{
	int64_t	hhmm;
	size_t	n;
	int	sign;

	*zone = 0;
	if (*i < len && (s[*i] == '+' || s[*i] == '-')) {
		sign = s[*i] == '-' ? -1 : 1;
		(*i)++;
		if (feed_digits(s + *i, len - *i, &hhmm) != 4)
			return (-1);
		*i += 4;
		*zone = sign * (int)((hhmm / 100) * 60 + hhmm % 100);
	} else if ((n = feed_word(s + *i, len - *i)) > 0) {
		if (feed_zone(s + *i, n, zone) != 0)
			*zone = 0;	/* RFC 2822: an unknown zone is UTC. */
		*i += n;
	}
	return (0);
}

/* Reads HH:MM[:SS] at *i. */
static int
feed_date_clock(const char *s, size_t len, size_t *i, struct tm *tm)
{
	int64_t	hh, mm, ss = 0;
	size_t	n;

	if ((n = feed_digits(s + *i, len - *i, &hh)) == 0 || n > 2)
		return (-1);
	*i += n;
	if (*i >= len || s[*i] != ':')
		return (-1);
	(*i)++;
	if (feed_digits(s + *i, len - *i, &mm) != 2)
		return (-1);
	*i += 2;
	if (*i < len && s[*i] == ':') {
		(*i)++;
		if (feed_digits(s + *i, len - *i, &ss) != 2)
			return (-1);
		*i += 2;
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return (-1);
	tm->tm_hour = (int)hh;
	tm->tm_min = (int)mm;
	tm->tm_sec = (int)ss;
	return (0);
}

/* Reads [weekday,] DD Mon YY[YY] at *i. */
static int
feed_date_day(const char *s, size_t len, size_t *i, struct tm *tm)
{
	static const char *months[] = { "jan", "feb", "mar", "apr", "may", "jun",
	    "jul", "aug", "sep", "oct", "nov", "dec" };
	int64_t	 day, year;
	size_t	 n, k;

	feed_date_skip(s, len, i);
	if ((n = feed_word(s + *i, len - *i)) > 0) {
		*i += n;	/* The weekday is not checked. */
		feed_date_skip(s, len, i);
	}
	if ((n = feed_digits(s + *i, len - *i, &day)) == 0 || n > 2 || day < 1 ||
	    day > 31)
		return (-1);
	*i += n;
	feed_date_skip(s, len, i);
	if ((n = feed_word(s + *i, len - *i)) < 3)
		return (-1);
	for (k = 0; k < 12; k++) {
		if (strncasecmp(s + *i, months[k], 3) == 0)
			break;
	}
	if (k == 12)
		return (-1);
	*i += n;
	feed_date_skip(s, len, i);
	if ((n = feed_digits(s + *i, len - *i, &year)) != 2 && n != 4)
		return (-1);
	if (n == 2)
		year += year < 50 ? 2000 : 1900;
	*i += n;
	tm->tm_mday = (int)day;
	tm->tm_mon = (int)k;
	tm->tm_year = (int)year - 1900;
	return (0);
}

/* Parses an RFC 822 date. */
static int
feed_date_rfc822(const char *s, size_t len, int64_t *out)
{
	struct tm	tm;
	size_t		i = 0;
	int		zone;
	time_t		t;

	memset(&tm, 0, sizeof tm);
	if (feed_date_day(s, len, &i, &tm) != 0)
		return (-1);
	feed_date_skip(s, len, &i);
	if (feed_date_clock(s, len, &i, &tm) != 0)
		return (-1);
	feed_date_skip(s, len, &i);
	if (feed_date_zone(s, len, &i, &zone) != 0)
		return (-1);
	feed_date_skip(s, len, &i);
	if (i != len)
		return (-1);
	if ((t = timegm(&tm)) == (time_t)-1)
		return (-1);
	*out = (int64_t)t - (int64_t)zone * 60;
	return (0);
}


/* Reads exactly n digits at *i into *v. */
static int
feed_date_fixed(const char *s, size_t len, size_t *i, size_t n, int64_t *v)
{
	if (*i > len || len - *i < n || feed_digits(s + *i, n, v) != n)
		return (-1);
	*i += n;
	return (0);
}

/* Parses an ISO 8601 date: YYYY-MM-DD, optionally T or space and hh:mm[:ss[.f]] and a zone. */
static int
feed_date_iso(const char *s, size_t len, int64_t *out)
{
	struct tm	tm;
	int64_t		v[6] = { 0, 0, 0, 0, 0, 0 }, zh, zm;
	size_t		i = 0;
	int		zone = 0, sign;
	time_t		t;

	if (feed_date_fixed(s, len, &i, 4, &v[0]) != 0 || i >= len || s[i++] != '-' ||
	    feed_date_fixed(s, len, &i, 2, &v[1]) != 0 || i >= len || s[i++] != '-' ||
	    feed_date_fixed(s, len, &i, 2, &v[2]) != 0)
		return (-1);
	if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		i++;
		if (feed_date_fixed(s, len, &i, 2, &v[3]) != 0 || i >= len ||
		    s[i++] != ':' || feed_date_fixed(s, len, &i, 2, &v[4]) != 0)
			return (-1);
		if (i < len && s[i] == ':') {
			i++;
			if (feed_date_fixed(s, len, &i, 2, &v[5]) != 0)
				return (-1);
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				for (i++; i < len && isdigit((unsigned char)s[i]); i++)
					/* nothing */;
			}
		}
		if (i < len && (s[i] == 'Z' || s[i] == 'z'))
			i++;
		else if (i < len && (s[i] == '+' || s[i] == '-')) {
			sign = s[i++] == '-' ? -1 : 1;
			if (feed_date_fixed(s, len, &i, 2, &zh) != 0)
				return (-1);
			if (i < len && s[i] == ':')
				i++;
			if (feed_date_fixed(s, len, &i, 2, &zm) != 0 || zh > 23 || zm > 59)
				return (-1);
			zone = sign * (int)(zh * 60 + zm);
		}
	}
	if (i != len || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 ||
	    v[3] > 23 || v[4] > 59 || v[5] > 60)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)v[0] - 1900;
	tm.tm_mon = (int)v[1] - 1;
	tm.tm_mday = (int)v[2];
	tm.tm_hour = (int)v[3];
	tm.tm_min = (int)v[4];
	tm.tm_sec = (int)v[5];
	if ((t = timegm(&tm)) == (time_t)-1 && v[0] != 1969)
		return (-1);
	*out = (int64_t)t - (int64_t)zone * 60;
	return (0);
}

int
feed_date_parse(const char *s, size_t len, int64_t *out)
{
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (feed_date_rfc822(s, len, out) == 0)
		return (0);
	return (feed_date_iso(s, len, out));
}
