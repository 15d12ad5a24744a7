#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "catalog/feedxml.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * Where earmark parts from what gpodder's podcastparser returns (see
 * tests/test_conformance_feeds.c): a guid is kept as written, never
 * resolved against the feed's location, so that it stays the same when the
 * feed moves; a link made from a permalink guid must be a web address; an
 * item without a title takes its enclosure's file name even when it has
 * several enclosures; and of several enclosures the first audio or video
 * one is kept rather than a cover image listed before it.
 */

/* An enclosure or media:content candidate. */
struct feed_enclosure {
	char	*url;
	char	*type;
	int64_t	 length;
};

void
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

/* Reads podcast:locked: 1 for yes, -1 for no, 0 when unsaid. */
static int
feed_locked(const xmlNode *n)
{
	char	*v = feed_text(n);
	int	 r = 0;

	if (v != NULL && strcasecmp(v, "yes") == 0)
		r = 1;
	else if (v != NULL && strcasecmp(v, "no") == 0)
		r = -1;
	free(v);
	return (r);
}

/* Reads itunes:explicit's words into 1 (explicit), -1 (clean) or 0. */
static int
feed_explicit(const xmlNode *n)
{
	char	*v = feed_text(n);
	int	 r = 0;

	if (v != NULL && (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "explicit") == 0))
		r = 1;
	else if (v != NULL && (strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "false") == 0 || strcasecmp(v, "clean") == 0))
		r = -1;
	free(v);
	return (r);
}

/* True for a MIME type a player can play. */
static int
feed_playable(const char *type)
{
	return (type != NULL && (strncasecmp(type, "audio/", 6) == 0 ||
	    strncasecmp(type, "video/", 6) == 0));
}

/* Reads an enclosure-like element's url, type and length attributes. */
static int
feed_enclosure_read(const xmlNode *n, const char *urlattr, const char *lenattr,
    const char *base, struct feed_enclosure *e)
{
	char	*v;

	memset(e, 0, sizeof *e);
	if ((e->url = feed_attr_url(n, urlattr, base)) == NULL)
		return (-1);
	e->type = feed_attr(n, "type");
	if (e->type != NULL && strchr(e->type, '/') == NULL) {
		free(e->type);
		e->type = NULL;
	}
	v = feed_attr(n, lenattr);
	if ((e->length = feed_number(v, INT64_MAX)) < 0)
		e->length = 0;
	free(v);
	return (0);
}

/* Keeps e in *into when it holds none yet, or when e plays and it does not. */
static void
feed_enclosure_offer(struct feed_enclosure *into, struct feed_enclosure *e)
{
	if (into->url == NULL ||
	    (!feed_playable(into->type) && feed_playable(e->type))) {
		free(into->url);
		free(into->type);
		*into = *e;
	} else {
		free(e->url);
		free(e->type);
	}
	memset(e, 0, sizeof *e);
}

static void
feed_item_transcript(struct feed_item *it, const xmlNode *n, const char *base)
{
	struct feed_transcript	*tr;
	char			*url;

	if ((url = feed_attr_url(n, "url", base)) == NULL)
		return;
	if (it->ntranscripts == FEED_MAX_TAGS) {
		free(url);
		return;
	}
	it->transcripts = xreallocarray(it->transcripts, it->ntranscripts + 1,
	    sizeof *it->transcripts);
	tr = &it->transcripts[it->ntranscripts++];
	tr->url = url;
	tr->type = feed_attr(n, "type");
	tr->language = feed_attr(n, "language");
	tr->rel = feed_attr(n, "rel");
}

static void
feed_item_soundbite(struct feed *f, struct feed_item *it, const xmlNode *n)
{
	struct feed_soundbite	*sb;
	char			*v;
	int64_t			 start, dur;

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

static void
feed_item_person(struct feed_item *it, const xmlNode *n, const char *base)
{
	struct feed_person	*p;
	char			*name;

	if ((name = feed_text(n)) == NULL)
		return;
	if (it->npersons == FEED_MAX_TAGS) {
		free(name);
		return;
	}
	it->persons = xreallocarray(it->persons, it->npersons + 1, sizeof *it->persons);
	p = &it->persons[it->npersons++];
	p->name = name;
	p->role = feed_attr(n, "role");
	p->group = feed_attr(n, "group");
	p->img = feed_attr_url(n, "img", base);
	p->href = feed_attr_url(n, "href", base);
}

/* Reads a podcast: tag of an item. */
static void
feed_item_podcast(struct feed *f, struct feed_item *it, const xmlNode *n,
    const char *base)
{
	char	*v;

	if (feed_is(n, FEED_PODCAST, "transcript"))
		feed_item_transcript(it, n, base);
	else if (feed_is(n, FEED_PODCAST, "chapters")) {
		if (it->chapters_url != NULL ||
		    (it->chapters_url = feed_attr_url(n, "url", base)) == NULL)
			return;
		it->chapters_type = feed_attr(n, "type");
	} else if (feed_is(n, FEED_PODCAST, "soundbite"))
		feed_item_soundbite(f, it, n);
	else if (feed_is(n, FEED_PODCAST, "person"))
		feed_item_person(it, n, base);
	else if (feed_is(n, FEED_PODCAST, "season") && it->season == 0) {
		v = feed_text(n);
		it->season = feed_int(v);
		free(v);
	} else if (feed_is(n, FEED_PODCAST, "episode") && it->number == 0) {
		v = feed_text(n);
		it->number = feed_int(v);
		free(v);
	}
}

/* Reads an itunes: tag of an item. */
static void
feed_item_itunes(struct feed_item *it, const xmlNode *n, const char *base)
{
	static const char *const types[] = { "full", "trailer", "bonus", NULL };
	char			*v;

	if (feed_is(n, FEED_ITUNES, "duration")) {
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
	} else if (feed_is(n, FEED_ITUNES, "author"))
		feed_set(&it->author, feed_text(n));
	else if (feed_is(n, FEED_ITUNES, "summary"))
		feed_set(&it->summary, feed_text(n));
	else if (feed_is(n, FEED_ITUNES, "image"))
		feed_set(&it->image, feed_attr_url(n, "href", base));
	else if (feed_is(n, FEED_ITUNES, "episodeType"))
		feed_set(&it->episode_type, feed_word_of(feed_text(n), types));
	else if (feed_is(n, FEED_ITUNES, "explicit"))
		it->explicit = feed_explicit(n);
}

/* Offers each media:content in n (a media:group too) as a fallback enclosure. */
static void
feed_item_media(const xmlNode *n, const char *base, struct feed_enclosure *media)
{
	struct feed_enclosure	 e;
	const xmlNode		*m;

	if (feed_is(n, FEED_MEDIA, "group")) {
		for (m = n->children; m != NULL; m = m->next)
			feed_item_media(m, base, media);
	} else if (feed_is(n, FEED_MEDIA, "content") &&
	    feed_enclosure_read(n, "url", "fileSize", base, &e) == 0)
		feed_enclosure_offer(media, &e);
}

/* Reads a date element into *t, warning when it cannot be read. */
static void
feed_item_date(struct feed *f, const xmlNode *n, int64_t *t)
{
	char	*v;

	if ((v = feed_text(n)) != NULL && feed_date_parse(v, strlen(v), t) != 0) {
		feed_warn(f, "unreadable date: %s", v);
		*t = 0;
	}
	free(v);
}

/* Reads an RSS guid; a permalink guid stands in for a missing web link. */
static void
feed_item_guid(struct feed_item *it, const xmlNode *n, const char *base,
    char **permalink)
{
	char	*perma, *url;

	if (it->guid != NULL || (it->guid = feed_text(n)) == NULL)
		return;
	perma = feed_attr(n, "isPermaLink");
	if (perma == NULL || strcasecmp(perma, "false") != 0) {
		url = feed_resolve(it->guid, base);
		if (strncasecmp(url, "http://", 7) == 0 ||
		    strncasecmp(url, "https://", 8) == 0)
			*permalink = url;
		else
			free(url);
	}
	free(perma);
}

/* The file name of url without its extension, or NULL. */
static char *
feed_url_basename(const char *url)
{
	const char	*end, *start, *dot;

	end = url + strcspn(url, "?#");
	for (start = end; start > url && start[-1] != '/'; start--)
		/* nothing */;
	for (dot = end; dot > start && *dot != '.'; dot--)
		/* nothing */;
	if (dot > start)
		end = dot;
	return (end > start ? xstrndup(start, end - start) : NULL);
}

/* Fills what an item lacks from what it has. */
static void
feed_item_finish(struct feed_item *it, struct feed_enclosure *enc,
    struct feed_enclosure *media, char *permalink)
{
	if (enc->url == NULL) {
		*enc = *media;
		memset(media, 0, sizeof *media);
	}
	free(media->url);
	free(media->type);
	it->enclosure_url = enc->url;
	it->enclosure_type = enc->type;
	it->enclosure_length = enc->length;
	if (it->link == NULL)
		it->link = permalink;
	else
		free(permalink);
	if (it->description == NULL && it->summary != NULL)
		it->description = xstrdup(it->summary);
	if (it->description == NULL && it->content != NULL)
		it->description = xstrdup(it->content);
	if (it->title == NULL && it->enclosure_url != NULL)
		it->title = feed_url_basename(it->enclosure_url);
	if (it->guid == NULL && it->enclosure_url != NULL)
		it->guid = xstrdup(it->enclosure_url);
	if (it->guid == NULL && it->link != NULL)
		it->guid = xstrdup(it->link);
}

static void
feed_item_parse(struct feed *f, struct feed_item *it, const xmlNode *item,
    const char *base)
{
	struct feed_enclosure	 enc, media, e;
	const xmlNode		*n;
	char			*permalink = NULL;

	memset(&enc, 0, sizeof enc);
	memset(&media, 0, sizeof media);
	for (n = item->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(n, FEED_RSS, "guid"))
			feed_item_guid(it, n, base, &permalink);
		else if (feed_is(n, FEED_RSS, "title"))
			feed_set(&it->title, feed_text(n));
		else if (feed_is(n, FEED_RSS, "link"))
			feed_set(&it->link, feed_text_url(n, base));
		else if (feed_is(n, FEED_RSS, "description"))
			feed_set(&it->description, feed_text(n));
		else if (feed_is(n, FEED_CONTENT, "encoded"))
			feed_set(&it->content, feed_text(n));
		else if (feed_is(n, FEED_RSS, "pubDate"))
			feed_item_date(f, n, &it->published);
		else if (feed_is(n, FEED_RSS, "enclosure")) {
			if (feed_enclosure_read(n, "url", "length", base, &e) == 0)
				feed_enclosure_offer(&enc, &e);
		} else if (n->ns != NULL || strchr((const char *)n->name, ':') != NULL) {
			feed_item_itunes(it, n, base);
			feed_item_podcast(f, it, n, base);
			feed_item_media(n, base, &media);
		}
	}
	feed_item_finish(it, &enc, &media, permalink);
}

/* The text of the first child of n named local in namespace ns, or NULL. */
static char *
feed_child_text(const xmlNode *n, enum feed_ns ns, const char *local)
{
	const xmlNode	*m;

	for (m = n->children; m != NULL; m = m->next) {
		if (feed_is(m, ns, local))
			return (feed_text(m));
	}
	return (NULL);
}

/* Reads an Atom link: rel=alternate (the default) is the page, rel=enclosure the media. */
static void
feed_atom_link(const xmlNode *n, const char *base, char **link,
    struct feed_enclosure *enc)
{
	struct feed_enclosure	 e;
	char			*rel;

	rel = feed_attr(n, "rel");
	if (rel == NULL || strcmp(rel, "alternate") == 0)
		feed_set(link, feed_attr_url(n, "href", base));
	else if (enc != NULL && strcmp(rel, "enclosure") == 0 &&
	    feed_enclosure_read(n, "href", "length", base, &e) == 0)
		feed_enclosure_offer(enc, &e);
	free(rel);
}

static void
feed_entry_parse(struct feed *f, struct feed_item *it, const xmlNode *entry,
    const char *base)
{
	struct feed_enclosure	 enc, media;
	const xmlNode		*n;
	int64_t			 updated = 0;

	memset(&enc, 0, sizeof enc);
	memset(&media, 0, sizeof media);
	for (n = entry->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(n, FEED_ATOM, "id"))
			feed_set(&it->guid, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "title"))
			feed_set(&it->title, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "link"))
			feed_atom_link(n, base, &it->link, &enc);
		else if (feed_is(n, FEED_ATOM, "summary"))
			feed_set(&it->description, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "content") ||
		    feed_is(n, FEED_CONTENT, "encoded"))
			feed_set(&it->content, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "published"))
			feed_item_date(f, n, &it->published);
		else if (feed_is(n, FEED_ATOM, "updated"))
			feed_item_date(f, n, &updated);
		else if (feed_is(n, FEED_ATOM, "author"))
			feed_set(&it->author, feed_child_text(n, FEED_ATOM, "name"));
		else if (n->ns != NULL || strchr((const char *)n->name, ':') != NULL) {
			feed_item_itunes(it, n, base);
			feed_item_podcast(f, it, n, base);
			feed_item_media(n, base, &media);
		}
	}
	if (it->published == 0)
		it->published = updated;
	feed_item_finish(it, &enc, &media, NULL);
}

/* Reads a tag the channel and the Atom feed share. */
static void
feed_head_common(struct feed *f, const xmlNode *n, const char *base)
{
	static const char *const types[] = { "episodic", "serial", NULL };

	if (feed_is(n, FEED_ITUNES, "author"))
		feed_set(&f->author, feed_text(n));
	else if (feed_is(n, FEED_ITUNES, "summary"))
		feed_set(&f->summary, feed_text(n));
	else if (feed_is(n, FEED_ITUNES, "type"))
		feed_set(&f->type, feed_word_of(feed_text(n), types));
	else if (feed_is(n, FEED_ITUNES, "explicit"))
		f->explicit = feed_explicit(n);
	else if (feed_is(n, FEED_PODCAST, "guid"))
		feed_set(&f->guid, feed_text(n));
	else if (feed_is(n, FEED_ITUNES, "new-feed-url"))
		feed_set(&f->new_url, feed_text_url(n, base));
	else if (feed_is(n, FEED_PODCAST, "locked"))
		f->locked = feed_locked(n);
	else if (feed_is(n, FEED_ITUNES, "image"))
		feed_set(&f->image, feed_attr_url(n, "href", base));
}

int
feed_root_kind(const xmlNode *root)
{
	if (root == NULL || root->type != XML_ELEMENT_NODE)
		return (FEED_ROOT_NONE);
	if (feed_is(root, FEED_RSS, "rss"))
		return (FEED_ROOT_RSS);
	if (root->ns != NULL && feed_is(root, FEED_ATOM, "feed"))
		return (FEED_ROOT_ATOM);
	return (FEED_ROOT_OTHER);
}

int
feed_is_rss(const xmlNode *n, const char *local)
{
	return (feed_is(n, FEED_RSS, local));
}

int
feed_is_item(const xmlNode *n, int atom)
{
	return (atom ? feed_is(n, FEED_ATOM, "entry") : feed_is(n, FEED_RSS, "item"));
}

void
feed_item_read(struct feed *f, struct feed_item *it, const xmlNode *n,
    const char *base, int atom)
{
	if (atom)
		feed_entry_parse(f, it, n, base);
	else
		feed_item_parse(f, it, n, base);
}

void
feed_head_read(struct feed *f, const xmlNode *n, const char *base, int atom,
    char **image)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (atom) {
		if (feed_is(n, FEED_ATOM, "title"))
			feed_set(&f->title, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "subtitle"))
			feed_set(&f->description, feed_text(n));
		else if (feed_is(n, FEED_ATOM, "link"))
			feed_atom_link(n, base, &f->link, NULL);
		else if (feed_is(n, FEED_ATOM, "author"))
			feed_set(&f->author, feed_child_text(n, FEED_ATOM, "name"));
		else if (feed_is(n, FEED_ATOM, "logo") || feed_is(n, FEED_ATOM, "icon"))
			feed_set(image, feed_text_url(n, base));
		else
			feed_head_common(f, n, base);
		return;
	}
	if (feed_is(n, FEED_RSS, "title"))
		feed_set(&f->title, feed_text(n));
	else if (feed_is(n, FEED_RSS, "description"))
		feed_set(&f->description, feed_text(n));
	else if (feed_is(n, FEED_RSS, "link"))
		feed_set(&f->link, feed_text(n));
	else if (feed_is(n, FEED_RSS, "language"))
		feed_set(&f->language, feed_text(n));
	else if (feed_is(n, FEED_RSS, "image"))
		feed_set(image, feed_resolve_take(feed_child_text(n, FEED_RSS, "url"),
		    base));
	else
		feed_head_common(f, n, base);
}

char *
feed_redirect_url(const xmlNode *n, const char *base)
{
	return (feed_resolve_take(feed_child_text(n, FEED_RSS, "newLocation"), base));
}


void
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
	free(it->author);
	free(it->image);
	free(it->summary);
	free(it->content);
	free(it->episode_type);
	for (i = 0; i < it->npersons; i++) {
		free(it->persons[i].name);
		free(it->persons[i].role);
		free(it->persons[i].group);
		free(it->persons[i].img);
		free(it->persons[i].href);
	}
	free(it->persons);
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
	free(f->summary);
	free(f->type);
	free(f->new_url);
	free(f->warnings);
	free(f);
}
