#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

#define FEED_NS_ITUNES	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define FEED_NS_PODCAST	"https://podcastindex.org/namespace/1.0"
#define FEED_NS_PODCAST_OLD \
	"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"

enum feed_ns {
	FEED_RSS,	/* No namespace. */
	FEED_ITUNES,
	FEED_PODCAST
};

/* Appends one line to a newline-separated warning list. */
static void __attribute__((format(printf, 2, 3)))
feed_warn(struct feed *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *joined;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		BUG();
	va_end(ap);
	if (f->warnings == NULL)
		f->warnings = msg;
	else {
		joined = xasprintf("%s\n%s", f->warnings, msg);
		free(f->warnings);
		free(msg);
		f->warnings = joined;
	}
}

/* True when node is element local in namespace ns, declared or by bare prefix. */
static int
feed_is(const xmlNode *node, enum feed_ns ns, const char *local)
{
	const char	*name = (const char *)node->name, *href, *prefix;
	size_t		 plen;

	if (node->type != XML_ELEMENT_NODE)
		return (0);
	if (ns == FEED_RSS)
		return (node->ns == NULL && strcmp(name, local) == 0);
	if (node->ns != NULL && node->ns->href != NULL) {
		if (strcmp(name, local) != 0)
			return (0);
		href = (const char *)node->ns->href;
		if (ns == FEED_ITUNES)
			return (strcasecmp(href, FEED_NS_ITUNES) == 0);
		return (strcmp(href, FEED_NS_PODCAST) == 0 ||
		    strcmp(href, FEED_NS_PODCAST_OLD) == 0);
	}
	if (node->ns != NULL)
		return (0);
	prefix = ns == FEED_ITUNES ? "itunes:" : "podcast:";
	plen = strlen(prefix);
	return (strncmp(name, prefix, plen) == 0 && strcmp(name + plen, local) == 0);
}

/* Copies s without surrounding whitespace, or NULL when nothing is left. */
static char *
feed_strip(const char *s)
{
	const char	*end;

	if (s == NULL)
		return (NULL);
	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end == s)
		return (NULL);
	return (xstrndup(s, end - s));
}

/* Text and CDATA directly inside node; entity references are never followed. */
static char *
feed_text(const xmlNode *node)
{
	const xmlNode	*n;
	char		*buf = NULL, *out;
	size_t		 len = 0, add;

	for (n = node->children; n != NULL; n = n->next) {
		if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
			continue;
		if (n->content == NULL)
			continue;
		add = strlen((const char *)n->content);
		buf = xrealloc(buf, len + add + 1);
		memcpy(buf + len, n->content, add);
		len += add;
		buf[len] = '\0';
	}
	out = feed_strip(buf);
	free(buf);
	return (out);
}

/* An attribute's value, stripped; entity references are never followed. */
static char *
feed_attr(const xmlNode *node, const char *name)
{
	const xmlAttr	*a;

	for (a = node->properties; a != NULL; a = a->next) {
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return (feed_text((const xmlNode *)a));
	}
	return (NULL);
}

/* Resolves url against base; a reference that is not a valid URI is escaped first. */
static char *
feed_resolve(const char *url, const char *base)
{
	xmlChar	*r, *esc;
	char	*out;

	if (url == NULL)
		return (NULL);
	if (base == NULL)
		return (xstrdup(url));
	r = xmlBuildURI((const xmlChar *)url, (const xmlChar *)base);
	if (r == NULL) {
		esc = xmlURIEscapeStr((const xmlChar *)url,
		    (const xmlChar *)":/?#[]@!$&'()*+,;=%");
		if (esc != NULL)
			r = xmlBuildURI(esc, (const xmlChar *)base);
		xmlFree(esc);
	}
	if (r == NULL)
		return (xstrdup(url));
	out = xstrdup((const char *)r);
	xmlFree(r);
	return (out);
}

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

int
feed_date_parse(const char *s, size_t len, int64_t *out)
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

/* Parses a non-negative decimal number of seconds into milliseconds. */
static int64_t
feed_seconds(const char *s)
{
	int64_t	ms;

	if (s == NULL || feed_time_parse(s, strlen(s), &ms) != 0)
		return (-1);
	return (ms);
}

/* Parses a small non-negative integer, 0 when not one. */
static int
feed_int(const char *s)
{
	int64_t	v;
	size_t	n;

	if (s == NULL || (n = feed_digits(s, strlen(s), &v)) == 0 || s[n] != '\0')
		return (0);
	return (v > 1000000000 ? 0 : (int)v);
}

/* Sets *field to value unless it already holds one (the first tag wins). */
static void
feed_set(char **field, char *value)
{
	if (value == NULL)
		return;
	if (*field != NULL) {
		free(value);
		return;
	}
	*field = value;
}

static void
feed_item_podcast(struct feed *f, struct feed_item *it, const xmlNode *n,
    const char *base)
{
	struct feed_transcript	*tr;
	struct feed_soundbite	*sb;
	char			*url, *v;
	int64_t			 start, dur;

	if (feed_is(n, FEED_PODCAST, "transcript")) {
		if ((url = feed_attr(n, "url")) == NULL)
			return;
		if (it->ntranscripts == FEED_MAX_TAGS) {
			free(url);
			return;
		}
		it->transcripts = xreallocarray(it->transcripts, it->ntranscripts + 1,
		    sizeof *it->transcripts);
		tr = &it->transcripts[it->ntranscripts++];
		tr->url = feed_resolve(url, base);
		free(url);
		tr->type = feed_attr(n, "type");
		tr->language = feed_attr(n, "language");
		tr->rel = feed_attr(n, "rel");
	} else if (feed_is(n, FEED_PODCAST, "chapters")) {
		if (it->chapters_url != NULL || (url = feed_attr(n, "url")) == NULL)
			return;
		it->chapters_url = feed_resolve(url, base);
		free(url);
		it->chapters_type = feed_attr(n, "type");
	} else if (feed_is(n, FEED_PODCAST, "soundbite")) {
		v = feed_attr(n, "startTime");
		start = feed_seconds(v);
		free(v);
		v = feed_attr(n, "duration");
		dur = feed_seconds(v);
		free(v);
		if (start < 0 || dur <= 0) {
			feed_warn(f, "%s: soundbite without a valid start or duration",
			    it->title != NULL ? it->title : "item");
			return;
		}
		if (it->nsoundbites == FEED_MAX_TAGS)
			return;
		it->soundbites = xreallocarray(it->soundbites, it->nsoundbites + 1,
		    sizeof *it->soundbites);
		sb = &it->soundbites[it->nsoundbites++];
		sb->start_ms = start;
		sb->duration_ms = dur;
		sb->title = feed_text(n);
	}
}

static void
feed_item_parse(struct feed *f, struct feed_item *it, const xmlNode *item,
    const char *base)
{
	const xmlNode	*n;
	char		*v;

	for (n = item->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(n, FEED_RSS, "guid"))
			feed_set(&it->guid, feed_text(n));
		else if (feed_is(n, FEED_RSS, "title"))
			feed_set(&it->title, feed_text(n));
		else if (feed_is(n, FEED_RSS, "link"))
			feed_set(&it->link, feed_text(n));
		else if (feed_is(n, FEED_RSS, "description"))
			feed_set(&it->description, feed_text(n));
		else if (feed_is(n, FEED_RSS, "pubDate")) {
			if ((v = feed_text(n)) != NULL &&
			    feed_date_parse(v, strlen(v), &it->published) != 0) {
				feed_warn(f, "unreadable date: %s", v);
				it->published = 0;
			}
			free(v);
		} else if (feed_is(n, FEED_ITUNES, "duration")) {
			v = feed_text(n);
			if (v == NULL || feed_time_parse(v, strlen(v), &it->duration_ms) != 0)
				it->duration_ms = 0;
			free(v);
		} else if (feed_is(n, FEED_ITUNES, "episode")) {
			v = feed_text(n);
			it->number = feed_int(v);
			free(v);
		} else if (feed_is(n, FEED_ITUNES, "season")) {
			v = feed_text(n);
			it->season = feed_int(v);
			free(v);
		} else if (feed_is(n, FEED_RSS, "enclosure")) {
			if (it->enclosure_url != NULL || (v = feed_attr(n, "url")) == NULL)
				continue;
			it->enclosure_url = feed_resolve(v, base);
			free(v);
			it->enclosure_type = feed_attr(n, "type");
			v = feed_attr(n, "length");
			if (v != NULL && feed_digits(v, strlen(v), &it->enclosure_length) !=
			    strlen(v))
				it->enclosure_length = 0;
			free(v);
		} else
			feed_item_podcast(f, it, n, base);
	}
	if (it->guid == NULL && it->enclosure_url != NULL)
		it->guid = xstrdup(it->enclosure_url);
	if (it->guid == NULL && it->link != NULL)
		it->guid = xstrdup(it->link);
}

static void
feed_channel_parse(struct feed *f, const xmlNode *channel, const char *base)
{
	const xmlNode	*n, *m;
	char		*v;

	for (n = channel->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(n, FEED_RSS, "title"))
			feed_set(&f->title, feed_text(n));
		else if (feed_is(n, FEED_RSS, "description"))
			feed_set(&f->description, feed_text(n));
		else if (feed_is(n, FEED_RSS, "link"))
			feed_set(&f->link, feed_text(n));
		else if (feed_is(n, FEED_RSS, "language"))
			feed_set(&f->language, feed_text(n));
		else if (feed_is(n, FEED_ITUNES, "author"))
			feed_set(&f->author, feed_text(n));
		else if (feed_is(n, FEED_PODCAST, "guid"))
			feed_set(&f->guid, feed_text(n));
		else if (feed_is(n, FEED_ITUNES, "image")) {
			if ((v = feed_attr(n, "href")) != NULL) {
				free(f->image);
				f->image = feed_resolve(v, base);
				free(v);
			}
		} else if (feed_is(n, FEED_RSS, "image") && f->image == NULL) {
			for (m = n->children; m != NULL; m = m->next) {
				if (feed_is(m, FEED_RSS, "url") &&
				    (v = feed_text(m)) != NULL) {
					f->image = feed_resolve(v, base);
					free(v);
					break;
				}
			}
		} else if (feed_is(n, FEED_RSS, "item")) {
			if (f->n == FEED_MAX_ITEMS) {
				feed_warn(f, "more than %d items; the rest are ignored",
				    FEED_MAX_ITEMS);
				break;
			}
			f->items = xreallocarray(f->items, f->n + 1, sizeof *f->items);
			memset(&f->items[f->n], 0, sizeof f->items[f->n]);
			feed_item_parse(f, &f->items[f->n++], n, base);
		}
	}
}

int
feed_parse(const char *buf, size_t len, const char *base_url, struct feed **out,
    char **err)
{
	xmlDoc		*doc;
	const xmlNode	*root, *n;
	struct feed	*f;

	*out = NULL;
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		*err = xasprintf("feed is larger than %u bytes", PARSE_MAX_INPUT);
		return (-1);
	}
	doc = xmlReadMemory(buf, (int)len, base_url, NULL, XML_PARSE_RECOVER |
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		*err = xstrdup("feed is not readable XML");
		return (-1);
	}
	if (!feed_is(root, FEED_RSS, "rss")) {
		*err = xasprintf("feed is not RSS (root element <%s>)",
		    (const char *)root->name);
		xmlFreeDoc(doc);
		return (-1);
	}
	f = xcalloc(1, sizeof *f);
	for (n = root->children; n != NULL; n = n->next) {
		if (feed_is(n, FEED_RSS, "channel")) {
			feed_channel_parse(f, n, base_url);
			break;
		}
	}
	xmlFreeDoc(doc);
	if (n == NULL) {
		feed_free(f);
		*err = xstrdup("feed has no <channel>");
		return (-1);
	}
	*out = f;
	return (0);
}

static void
feed_item_clear(struct feed_item *it)
{
	size_t	i;

	free(it->guid);
	free(it->title);
	free(it->link);
	free(it->description);
	free(it->enclosure_url);
	free(it->enclosure_type);
	for (i = 0; i < it->ntranscripts; i++) {
		free(it->transcripts[i].url);
		free(it->transcripts[i].type);
		free(it->transcripts[i].language);
		free(it->transcripts[i].rel);
	}
	free(it->transcripts);
	free(it->chapters_url);
	free(it->chapters_type);
	for (i = 0; i < it->nsoundbites; i++)
		free(it->soundbites[i].title);
	free(it->soundbites);
}

void
feed_free(struct feed *f)
{
	size_t	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		feed_item_clear(&f->items[i]);
	free(f->items);
	free(f->title);
	free(f->description);
	free(f->link);
	free(f->language);
	free(f->author);
	free(f->guid);
	free(f->image);
	free(f->warnings);
	free(f);
}
