#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/*
 * Clips written out for other programs: Markdown notes, a JSON dump, an M3U
 * playlist for VLC, podcast:soundbite tags for a feed, Podcasting 2.0 JSON
 * chapters, and SubRip or WebVTT captions of the clips' transcript lines.
 * Captions time each clip from its own start; several clips follow one
 * another, as they would in one audio file made of the cuts in that order.
 */

#define EXPORT_PAGE       256        /* Clips or lines read at a time. */
#define EXPORT_TITLE_WORDS 8         /* Words of the quote standing in for a title. */

static const struct {
	const char	*name;
	const char	*ext;
} export_formats[EXPORT_FORMAT_COUNT] = {
	{ "md", ".md" },
	{ "json", ".json" },
	{ "m3u", ".m3u" },
	{ "soundbite", ".xml" },
	{ "chapters", ".json" },
	{ "srt", ".srt" },
	{ "vtt", ".vtt" }
};

/* One clip with what its export needs. */
struct export_item {
	struct catalog_clip	 clip;
	struct catalog_episode	 ep;
	char			*source_guid;	/* A segment's source episode, or NULL. */
	struct catalog_line	*lines;		/* Lines overlapping the clip. */
	int			 nlines;
};

const char *
catalog_export_format_name(enum export_format fmt)
{
	if ((unsigned)fmt >= EXPORT_FORMAT_COUNT)
		return ("unknown");
	return (export_formats[fmt].name);
}

const char *
catalog_export_format_ext(enum export_format fmt)
{
	if ((unsigned)fmt >= EXPORT_FORMAT_COUNT)
		return ("");
	return (export_formats[fmt].ext);
}

int
catalog_export_format_parse(const char *name, enum export_format *out)
{
	int	i;

	for (i = 0; name != NULL && i < EXPORT_FORMAT_COUNT; i++) {
		if (strcmp(name, export_formats[i].name) == 0) {
			*out = (enum export_format)i;
			return (0);
		}
	}
	return (-1);
}

/*
 * Appends s with each character in special written by esc(); a control
 * character becomes a space whatever the format.
 */
static void
export_escaped(struct strbuf *b, const char *s,
    const char *(*esc)(char))
{
	const char	*p, *rep;
	char		 sp = ' ';

	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			strbuf_add(b, &sp, 1);
		else if (esc != NULL && (rep = esc(*p)) != NULL)
			strbuf_puts(b, rep);
		else
			strbuf_add(b, p, 1);
	}
}

static const char *
export_esc_xml(char ch)
{
	switch (ch) {
	case '&':
		return ("&amp;");
	case '<':
		return ("&lt;");
	case '>':
		return ("&gt;");
	case '"':
		return ("&quot;");
	}
	return (NULL);
}

static const char *
export_esc_vtt(char ch)
{
	switch (ch) {
	case '&':
		return ("&amp;");
	case '<':
		return ("&lt;");
	case '>':
		return ("&gt;");
	}
	return (NULL);
}

static const char *
export_esc_md(char ch)
{
	static const char	 specials[] = "\\`*_[]<>&#|~";
	static const char *const escaped[] = {
		"\\\\", "\\`", "\\*", "\\_", "\\[", "\\]", "\\<", "\\>", "\\&",
		"\\#", "\\|", "\\~"
	};
	const char		*p;

	if (ch == '\0' || (p = strchr(specials, ch)) == NULL)
		return (NULL);
	return (escaped[p - specials]);
}

/* Milliseconds as seconds with three decimals. */
static void
export_seconds(struct strbuf *b, int64_t ms)
{
	strbuf_printf(b, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* A time as M:SS, or H:MM:SS from an hour on. */
static void
export_clock(struct strbuf *b, int64_t ms)
{
	long long	s = (long long)(ms / 1000);

	if (s >= 3600)
		strbuf_printf(b, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		strbuf_printf(b, "%lld:%02lld", s / 60, s % 60);
}

/* A caption time, HH:MM:SS followed by sep and milliseconds. */
static void
export_cue_time(struct strbuf *b, int64_t ms, char sep)
{
	long long	s = (long long)(ms / 1000);

	strbuf_printf(b, "%02lld:%02lld:%02lld%c%03lld", s / 3600, s / 60 % 60, s % 60,
	    sep, (long long)(ms % 1000));
}

/* The clip's title, else the first words of its quote, else where it starts; caller frees. */
static char *
export_title(const struct export_item *it)
{
	const struct catalog_clip	*k = &it->clip;
	const char			*p, *q;
	struct strbuf		 b;
	int				 words = 0;

	if (k->title != NULL && k->title[0] != '\0')
		return (xstrdup(k->title));
	q = k->quote;
	if ((q == NULL || q[0] == '\0') && it->nlines > 0)
		q = it->lines[0].text;
	memset(&b, 0, sizeof b);
	if (q == NULL || q[strspn(q, " ")] == '\0') {
		strbuf_puts(&b, "Clip at ");
		export_clock(&b, k->start_ms);
		return (strbuf_finish(&b));
	}
	for (p = q; *p != '\0'; ) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		if (words == EXPORT_TITLE_WORDS) {
			strbuf_puts(&b, "\u2026");
			break;
		}
		if (words++ > 0)
			strbuf_puts(&b, " ");
		strbuf_add(&b, p, strcspn(p, " "));
		p += strcspn(p, " ");
	}
	return (strbuf_finish(&b));
}

/* Appends c percent-escaped unless it is unreserved or in keep. */
static void
export_uri_char(struct strbuf *b, unsigned char c, const char *keep)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("-._~", c) != NULL) ||
	    (c != '\0' && strchr(keep, c) != NULL))
		strbuf_add(b, (const char *)&c, 1);
	else
		strbuf_printf(b, "%%%02X", c);
}

/*
 * The episode's audio as a URI with a media fragment for the clip: a local
 * path becomes a percent-escaped file:// URI, a URL loses any fragment it had
 * and has what is not allowed in a URI escaped. Caller frees; NULL when the
 * episode has no audio.
 */
static char *
export_audio_uri(const struct export_item *it)
{
	const char		*a = it->ep.audio, *p;
	struct strbuf	 b;

	if (a == NULL || a[0] == '\0')
		return (NULL);
	memset(&b, 0, sizeof b);
	if (a[0] == '/') {
		strbuf_puts(&b, "file://");
		for (p = a; *p != '\0'; p++)
			export_uri_char(&b, (unsigned char)*p, "/");
	} else {
		for (p = a; *p != '\0' && *p != '#'; p++)
			export_uri_char(&b, (unsigned char)*p, "%:/?[]@!$&'*+,;=");
	}
	strbuf_puts(&b, "#t=");
	export_seconds(&b, it->clip.start_ms);
	strbuf_puts(&b, ",");
	export_seconds(&b, it->clip.end_ms);
	return (strbuf_finish(&b));
}

static void
export_md(struct strbuf *b, const struct export_item *items, int n)
{
	const struct export_item	*it;
	const struct catalog_line	*l;
	char				*s;
	int				 i, j;

	for (i = 0; i < n; i++) {
		it = &items[i];
		if (i > 0)
			strbuf_puts(b, "\n");
		s = export_title(it);
		strbuf_puts(b, "### ");
		export_escaped(b, s, export_esc_md);
		strbuf_puts(b, "\n\n");
		free(s);
		for (j = 0; j < it->nlines; j++) {
			l = &it->lines[j];
			strbuf_puts(b, j > 0 ? ">\n> " : "> ");
			if (l->speaker != NULL && l->speaker[0] != '\0') {
				strbuf_puts(b, "**");
				export_escaped(b, l->speaker, export_esc_md);
				strbuf_puts(b, ":** ");
			}
			export_escaped(b, l->text, export_esc_md);
			strbuf_puts(b, "\n");
		}
		if (it->nlines == 0 && it->clip.quote != NULL && it->clip.quote[0] != '\0') {
			strbuf_puts(b, "> ");
			export_escaped(b, it->clip.quote, export_esc_md);
			strbuf_puts(b, "\n");
		}
		if (it->nlines > 0 || (it->clip.quote != NULL && it->clip.quote[0] != '\0'))
			strbuf_puts(b, "\n");
		export_escaped(b, it->clip.podcast_title, export_esc_md);
		strbuf_puts(b, " / ");
		export_escaped(b, it->clip.episode_title, export_esc_md);
		strbuf_puts(b, " / ");
		export_clock(b, it->clip.start_ms);
		strbuf_puts(b, "\u2013");
		export_clock(b, it->clip.end_ms);
		strbuf_puts(b, "\n");
		if (it->clip.note != NULL && it->clip.note[0] != '\0') {
			strbuf_puts(b, "\n");
			export_escaped(b, it->clip.note, export_esc_md);
			strbuf_puts(b, "\n");
		}
		if ((s = export_audio_uri(it)) != NULL) {
			strbuf_printf(b, "\n[Listen](%s)\n", s);
			free(s);
		}
	}
}

/* Sets key to s, or to null; text that is not UTF-8 is sanitized first. */
static void
export_json_str(json_t *o, const char *key, const char *s)
{
	json_t	*v;
	char	*clean;

	if (s == NULL)
		v = json_null();
	else if ((v = json_string(s)) == NULL) {
		clean = text_sanitize(s, strlen(s));
		v = json_string(clean);
		free(clean);
	}
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		BUG();
}

static void
export_json_set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		BUG();
}

/* Milliseconds as a JSON number of seconds. */
static json_t *
export_json_seconds(int64_t ms)
{
	return (json_real((double)ms / 1000.0));
}

/* Dumps v pretty-printed with sorted keys and short numbers, and frees it. */
static void
export_json_dump(struct strbuf *b, json_t *v)
{
	char	*s;

	s = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	if (s == NULL)
		BUG();
	json_decref(v);
	strbuf_puts(b, s);
	strbuf_puts(b, "\n");
	free(s);
}

static json_t *
export_json_clip(const struct export_item *it)
{
	const struct catalog_clip	*k = &it->clip;
	json_t				*o, *e, *a, *l;
	struct tm			 tm;
	time_t				 t = (time_t)k->created;
	char				 when[32];
	int				 j;

	if ((o = json_object()) == NULL || (e = json_object()) == NULL ||
	    (a = json_array()) == NULL)
		BUG();
	export_json_set(o, "id", json_integer(k->id));
	export_json_str(o, "kind", catalog_clip_kind_name(k->kind));
	export_json_str(o, "title", k->title);
	export_json_str(o, "note", k->note);
	export_json_str(o, "quote", k->quote);
	export_json_str(o, "podcast", k->podcast_title);
	export_json_str(e, "title", k->episode_title);
	export_json_str(e, "guid", it->ep.guid);
	export_json_str(e, "audio", it->ep.audio);
	export_json_set(o, "episode", e);
	export_json_set(o, "start", export_json_seconds(k->start_ms));
	export_json_set(o, "end", export_json_seconds(k->end_ms));
	export_json_set(o, "episode_duration", k->episode_duration_ms > 0 ?
	    export_json_seconds(k->episode_duration_ms) : json_null());
	for (j = 0; j < it->nlines; j++) {
		if ((l = json_object()) == NULL)
			BUG();
		export_json_set(l, "start", export_json_seconds(it->lines[j].start_ms));
		export_json_set(l, "end", export_json_seconds(it->lines[j].end_ms));
		export_json_str(l, "speaker", it->lines[j].speaker);
		export_json_str(l, "text", it->lines[j].text);
		if (json_array_append_new(a, l) != 0)
			BUG();
	}
	export_json_set(o, "lines", a);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		export_json_set(o, "created", json_null());
	else
		export_json_str(o, "created", when);
	if (k->kind == CLIP_SEGMENT) {
		if ((e = json_object()) == NULL)
			BUG();
		export_json_str(e, "guid", it->source_guid);
		export_json_set(e, "start", export_json_seconds(k->source_start_ms));
		export_json_set(o, "source", e);
	}
	return (o);
}

static void
export_json(struct strbuf *b, const struct export_item *items, int n)
{
	json_t	*a;
	int	 i;

	if ((a = json_array()) == NULL)
		BUG();
	for (i = 0; i < n; i++) {
		if (json_array_append_new(a, export_json_clip(&items[i])) != 0)
			BUG();
	}
	export_json_dump(b, a);
}

/* An M3U entry per clip with audio, with VLC's start and stop options. */
static void
export_m3u(struct strbuf *b, const struct export_item *items, int n)
{
	const struct export_item	*it;
	char				*s;
	int				 i;

	strbuf_puts(b, "#EXTM3U\n");
	for (i = 0; i < n; i++) {
		it = &items[i];
		if (it->ep.audio == NULL || it->ep.audio[0] == '\0')
			continue;
		strbuf_printf(b, "#EXTINF:%lld,", (long long)
		    ((it->clip.end_ms - it->clip.start_ms + 500) / 1000));
		export_escaped(b, it->clip.podcast_title, NULL);
		strbuf_puts(b, " - ");
		s = export_title(it);
		export_escaped(b, s, NULL);
		free(s);
		strbuf_puts(b, "\n#EXTVLCOPT:start-time=");
		export_seconds(b, it->clip.start_ms);
		strbuf_puts(b, "\n#EXTVLCOPT:stop-time=");
		export_seconds(b, it->clip.end_ms);
		strbuf_puts(b, "\n");
		export_escaped(b, it->ep.audio, NULL);
		strbuf_puts(b, "\n");
	}
}

/*
 * Appends s with a space after each "-" that another "-" or the end follows,
 * so it may stand in an XML comment or a WebVTT note.
 */
static void
export_nodashes(struct strbuf *b, const char *s)
{
	const char	*p;
	char		*part;
	size_t		 n;

	for (p = s; p != NULL && *p != '\0'; p += n) {
		n = strcspn(p, "-");
		if (n == 0) {
			strbuf_puts(b, p[1] == '-' || p[1] == '\0' ? "- " : "-");
			n = 1;
		} else {
			part = xstrndup(p, n);
			export_escaped(b, part, NULL);
			free(part);
		}
	}
}

/* Soundbite tags grouped by episode, episodes in the order they first appear. */
static void
export_soundbite(struct strbuf *b, const struct export_item *items, int n)
{
	const struct export_item	*it;
	char				*s, *done;
	int				 i, j, groups = 0;

	done = xcalloc(n > 0 ? (size_t)n : 1, 1);
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		if (groups++ > 0)
			strbuf_puts(b, "\n");
		strbuf_puts(b, "<!-- ");
		export_nodashes(b, items[i].ep.guid);
		strbuf_puts(b, " -->\n");
		for (j = i; j < n; j++) {
			it = &items[j];
			if (done[j] || it->clip.episode_id != items[i].clip.episode_id)
				continue;
			done[j] = 1;
			strbuf_puts(b, "<podcast:soundbite startTime=\"");
			export_seconds(b, it->clip.start_ms);
			strbuf_puts(b, "\" duration=\"");
			export_seconds(b, it->clip.end_ms - it->clip.start_ms);
			strbuf_puts(b, "\">");
			s = export_title(it);
			export_escaped(b, s, export_esc_xml);
			free(s);
			strbuf_puts(b, "</podcast:soundbite>\n");
		}
	}
	free(done);
}

static int
export_cmp_start(const void *a, const void *b)
{
	const struct export_item	*x = a, *y = b;

	if (x->clip.start_ms != y->clip.start_ms)
		return (x->clip.start_ms < y->clip.start_ms ? -1 : 1);
	if (x->clip.end_ms != y->clip.end_ms)
		return (x->clip.end_ms < y->clip.end_ms ? -1 : 1);
	return (x->clip.id < y->clip.id ? -1 : x->clip.id > y->clip.id);
}

/* Podcasting 2.0 chapters of clips of one episode, in time order; -1 for several. */
static int
export_chapters(struct catalog *c, struct strbuf *b, struct export_item *items, int n)
{
	json_t	*o, *a, *ch;
	char	*s;
	int	 i, j, episodes = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (items[j].clip.episode_id == items[i].clip.episode_id)
				break;
		}
		if (j == i)
			episodes++;
	}
	if (episodes > 1) {
		catalog_set_error(c, "chapters are for one episode, and these clips "
		    "come from %d", episodes);
		return (-1);
	}
	qsort(items, (size_t)n, sizeof *items, export_cmp_start);
	if ((o = json_object()) == NULL || (a = json_array()) == NULL)
		BUG();
	export_json_str(o, "version", "1.2.0");
	for (i = 0; i < n; i++) {
		if ((ch = json_object()) == NULL)
			BUG();
		export_json_set(ch, "startTime", export_json_seconds(items[i].clip.start_ms));
		export_json_set(ch, "endTime", export_json_seconds(items[i].clip.end_ms));
		s = export_title(&items[i]);
		export_json_str(ch, "title", s);
		free(s);
		if (json_array_append_new(a, ch) != 0)
			BUG();
	}
	export_json_set(o, "chapters", a);
	export_json_dump(b, o);
	return (0);
}

/*
 * SubRip or WebVTT cues of each clip's lines, clamped to the clip and timed
 * from its start plus the length of the clips before it.
 */
static void
export_captions(struct strbuf *b, const struct export_item *items, int n, int vtt)
{
	const struct export_item	*it;
	const struct catalog_line	*l;
	int64_t				 base = 0, len, from, to;
	int				 i, j, cue = 0;
	char				*s;

	if (vtt)
		strbuf_puts(b, "WEBVTT\n");
	for (i = 0; i < n; i++) {
		it = &items[i];
		len = it->clip.end_ms - it->clip.start_ms;
		if (vtt) {
			strbuf_puts(b, "\nNOTE ");
			s = export_title(it);
			export_nodashes(b, s);
			free(s);
			strbuf_puts(b, "\n");
		}
		for (j = 0; j < it->nlines; j++) {
			l = &it->lines[j];
			from = l->start_ms - it->clip.start_ms;
			to = l->end_ms - it->clip.start_ms;
			from = from < 0 ? 0 : from > len ? len : from;
			to = to < from ? from : to > len ? len : to;
			if (vtt)
				strbuf_puts(b, "\n");
			else
				strbuf_printf(b, "%s%d\n", cue > 0 ? "\n" : "", cue + 1);
			cue++;
			export_cue_time(b, base + from, vtt ? '.' : ',');
			strbuf_puts(b, " --> ");
			export_cue_time(b, base + to, vtt ? '.' : ',');
			strbuf_puts(b, "\n");
			if (l->speaker != NULL && l->speaker[0] != '\0') {
				strbuf_puts(b, vtt ? "<v " : "");
				export_escaped(b, l->speaker, vtt ? export_esc_vtt : NULL);
				strbuf_puts(b, vtt ? ">" : ": ");
			}
			export_escaped(b, l->text, vtt ? export_esc_vtt : NULL);
			strbuf_puts(b, "\n");
		}
		base += len;
	}
}

/* Reads the lines of the clip's episode that overlap the clip. */
static int
export_lines(struct catalog *c, struct export_item *it)
{
	struct catalog_line	*page, *l;
	int			 first, got, j, cap = 0, done = 0;

	first = catalog_line_index_at(c, it->clip.episode_id, it->clip.start_ms);
	if (first < 0)
		first = 0;
	page = xreallocarray(NULL, EXPORT_PAGE, sizeof *page);
	while (!done) {
		got = catalog_lines(c, it->clip.episode_id, first, EXPORT_PAGE, page);
		if (got < 0) {
			free(page);
			return (-1);
		}
		done = got < EXPORT_PAGE;
		for (j = 0; j < got; j++) {
			l = &page[j];
			if (l->start_ms >= it->clip.end_ms)
				done = 1;
			if (l->start_ms >= it->clip.end_ms || l->end_ms <= it->clip.start_ms) {
				catalog_line_clear(l);
				continue;
			}
			if (it->nlines == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				it->lines = xreallocarray(it->lines, (size_t)cap,
				    sizeof *it->lines);
			}
			it->lines[it->nlines++] = *l;
		}
		first += got;
	}
	free(page);
	return (0);
}

/* Fills in the episode, source and lines of an item whose clip is read. */
static int
export_item_load(struct catalog *c, struct export_item *it)
{
	struct catalog_episode	src;

	if (catalog_episode_get(c, it->clip.episode_id, &it->ep) != 0)
		return (-1);
	if (it->clip.kind == CLIP_SEGMENT && it->clip.source_episode_id > 0) {
		memset(&src, 0, sizeof src);
		if (catalog_episode_get(c, it->clip.source_episode_id, &src) == 0) {
			it->source_guid = src.guid;
			src.guid = NULL;
			catalog_episode_clear(&src);
		}
	}
	return (export_lines(c, it));
}

static void
export_items_free(struct export_item *items, int n)
{
	int	i, j;

	for (i = 0; i < n; i++) {
		catalog_clip_clear(&items[i].clip);
		catalog_episode_clear(&items[i].ep);
		free(items[i].source_guid);
		for (j = 0; j < items[i].nlines; j++)
			catalog_line_clear(&items[i].lines[j]);
		free(items[i].lines);
	}
	free(items);
}

/* Writes loaded items in fmt; items may be reordered. */
static int
export_write(struct catalog *c, struct export_item *items, int n,
    enum export_format fmt, char **out)
{
	struct strbuf	b;

	memset(&b, 0, sizeof b);
	switch (fmt) {
	case EXPORT_MARKDOWN:
		export_md(&b, items, n);
		break;
	case EXPORT_JSON:
		export_json(&b, items, n);
		break;
	case EXPORT_M3U:
		export_m3u(&b, items, n);
		break;
	case EXPORT_SOUNDBITE:
		export_soundbite(&b, items, n);
		break;
	case EXPORT_CHAPTERS:
		if (export_chapters(c, &b, items, n) != 0) {
			free(b.s);
			return (-1);
		}
		break;
	case EXPORT_SRT:
	case EXPORT_VTT:
		export_captions(&b, items, n, fmt == EXPORT_VTT);
		break;
	default:
		catalog_set_error(c, "unknown export format %d", (int)fmt);
		return (-1);
	}
	*out = strbuf_finish(&b);
	return (0);
}

int
catalog_export_clips(struct catalog *c, const int64_t *clip_ids, int n,
    enum export_format fmt, char **out)
{
	struct export_item	*items;
	int			 i, got = 0, rc = -1;

	*out = NULL;
	if (n < 0 || (n > 0 && clip_ids == NULL)) {
		catalog_set_error(c, "no clips to export");
		return (-1);
	}
	items = xcalloc(n > 0 ? (size_t)n : 1, sizeof *items);
	for (i = 0; i < n; i++) {
		if (catalog_clip_get(c, clip_ids[i], &items[i].clip) != 0)
			goto out;
		got++;
		if (export_item_load(c, &items[i]) != 0)
			goto out;
	}
	rc = export_write(c, items, n, fmt, out);
out:
	export_items_free(items, got);
	return (rc);
}

int
catalog_export_find(struct catalog *c, const struct catalog_clip_filter *f,
    enum export_format fmt, char **out)
{
	struct export_item	*items = NULL;
	struct catalog_clip	*page;
	int			 i, got, n = 0, cap = 0, rc = -1;

	*out = NULL;
	page = xreallocarray(NULL, EXPORT_PAGE, sizeof *page);
	do {
		if ((got = catalog_clips_find(c, f, n, EXPORT_PAGE, page)) < 0)
			goto out;
		if (n + got > cap) {
			cap = n + got + EXPORT_PAGE;
			items = xreallocarray(items, (size_t)cap, sizeof *items);
		}
		for (i = 0; i < got; i++) {
			memset(&items[n], 0, sizeof items[n]);
			items[n++].clip = page[i];
		}
	} while (got == EXPORT_PAGE);
	for (i = 0; i < n; i++) {
		if (export_item_load(c, &items[i]) != 0)
			goto out;
	}
	if (items == NULL)
		items = xcalloc(1, sizeof *items);
	rc = export_write(c, items, n, fmt, out);
out:
	free(page);
	export_items_free(items, n);
	return (rc);
}
