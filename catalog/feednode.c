#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <libxml/uri.h>

#include "catalog/feedxml.h"
#include "util/xmalloc.h"

/* Reading the text, attributes and URLs of a feed's elements, for feed.c. */

#define FEED_NS_ITUNES	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define FEED_NS_PODCAST	"https://podcastindex.org/namespace/1.0"
#define FEED_NS_PODCAST_OLD \
	"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
#define FEED_NS_ATOM	"http://www.w3.org/2005/Atom"
#define FEED_NS_ATOM03	"http://purl.org/atom/ns#"
#define FEED_NS_MEDIA	"http://search.yahoo.com/mrss/"
#define FEED_NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"

/* True when href names namespace ns. */
static int
feed_ns_href(enum feed_ns ns, const char *href)
{
	switch (ns) {
	case FEED_ITUNES:
		return (strcasecmp(href, FEED_NS_ITUNES) == 0);
	case FEED_PODCAST:
		return (strcmp(href, FEED_NS_PODCAST) == 0 ||
		    strcmp(href, FEED_NS_PODCAST_OLD) == 0);
	case FEED_ATOM:
		return (strcmp(href, FEED_NS_ATOM) == 0 ||
		    strcmp(href, FEED_NS_ATOM03) == 0);
	case FEED_MEDIA:
		return (strncmp(href, FEED_NS_MEDIA,
		    strlen(FEED_NS_MEDIA) - 1) == 0);
	case FEED_CONTENT:
		return (strcmp(href, FEED_NS_CONTENT) == 0);
	case FEED_RSS:
		break;
	}
	return (0);
}

/* True when node is element local in namespace ns, declared or by bare prefix. */
int
feed_is(const xmlNode *node, enum feed_ns ns, const char *local)
{
	static const char	*prefixes[] = { NULL, "itunes:", "podcast:", NULL,
	    "media:", "content:" };
	const char		*name = (const char *)node->name, *prefix;
	size_t			 plen;

	if (node->type != XML_ELEMENT_NODE)
		return (0);
	if (ns == FEED_RSS || (ns == FEED_ATOM && node->ns == NULL))
		return (node->ns == NULL && strcmp(name, local) == 0);
	if (node->ns != NULL && node->ns->href != NULL)
		return (strcmp(name, local) == 0 &&
		    feed_ns_href(ns, (const char *)node->ns->href));
	if (node->ns != NULL || (prefix = prefixes[ns]) == NULL)
		return (0);
	plen = strlen(prefix);
	return (strncmp(name, prefix, plen) == 0 && strcmp(name + plen, local) == 0);
}

/* Copies s without surrounding whitespace, or NULL when nothing is left. */
char *
feed_strip(const char *s, size_t len)
{
	const char	*end;

	if (s == NULL)
		return (NULL);
	end = s + len;
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end == s)
		return (NULL);
	return (xstrndup(s, end - s));
}

/* Appends add to the growing buffer *buf of *len bytes. */
void
feed_append(char **buf, size_t *len, const char *add, size_t n)
{
	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, add, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/*
 * Text and CDATA directly inside node. Entity references are never followed:
 * an undeclared one (an HTML name such as &nbsp;) is decoded from the HTML
 * table, and a declared one is dropped.
 */
char *
feed_text(const xmlNode *node)
{
	const xmlNode	*n;
	char		*buf = NULL, *ref, *dec, *out;
	size_t		 len = 0, dlen;

	for (n = node->children; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL)
			feed_append(&buf, &len, (const char *)n->content,
			    strlen((const char *)n->content));
		else if (n->type == XML_ENTITY_REF_NODE && n->children == NULL &&
		    n->name != NULL) {
			ref = xasprintf("&%s;", (const char *)n->name);
			dec = text_decode_refs(ref, strlen(ref), &dlen);
			if (strcmp(dec, ref) != 0)
				feed_append(&buf, &len, dec, dlen);
			free(dec);
			free(ref);
		}
	}
	out = feed_strip(buf, len);
	free(buf);
	return (out);
}

/* An attribute's value, stripped; entity references are never followed. */
char *
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
char *
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

/* Like feed_resolve, freeing url. */
char *
feed_resolve_take(char *url, const char *base)
{
	char	*out = feed_resolve(url, base);

	free(url);
	return (out);
}

/* An attribute holding a URL, resolved against base. */
char *
feed_attr_url(const xmlNode *node, const char *name, const char *base)
{
	char	*v, *url;

	if ((v = feed_attr(node, name)) == NULL)
		return (NULL);
	url = feed_resolve(v, base);
	free(v);
	return (url);
}

/* An element's text holding a URL, resolved against base. */
char *
feed_text_url(const xmlNode *node, const char *base)
{
	char	*v, *url;

	if ((v = feed_text(node)) == NULL)
		return (NULL);
	url = feed_resolve(v, base);
	free(v);
	return (url);
}

/* Parses a non-negative decimal number of seconds into milliseconds. */
int64_t
feed_seconds(const char *s)
{
	int64_t	ms;

	if (s == NULL || feed_time_parse(s, strlen(s), &ms) != 0)
		return (-1);
	return (ms);
}

/* Parses a non-negative integer of at most max, or -1 when s is not one. */
int64_t
feed_number(const char *s, int64_t max)
{
	int64_t	v = 0;

	if (s == NULL || *s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s) || v > (max - (*s - '0')) / 10)
			return (-1);
		v = v * 10 + (*s - '0');
	}
	return (v);
}

/* Parses a small non-negative integer, 0 when not one. */
int
feed_int(const char *s)
{
	int64_t	v = feed_number(s, 1000000000);

	return (v < 0 ? 0 : (int)v);
}

/* Sets *field to value unless it already holds one (the first tag wins). */
void
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

/* Returns v when it is one of the words in list (compared without case), else frees it. */
char *
feed_word_of(char *v, const char *const *list)
{
	size_t	i;

	if (v == NULL)
		return (NULL);
	for (i = 0; list[i] != NULL; i++) {
		if (strcasecmp(v, list[i]) == 0) {
			free(v);
			return (xstrdup(list[i]));
		}
	}
	free(v);
	return (NULL);
}
