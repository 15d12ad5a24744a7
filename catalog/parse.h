#ifndef EARMARK_PARSE_H
#define EARMARK_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Pure parsers: bytes in, structures out. None touches the catalog, the
 * network or the file system. Each takes a buffer and its length, never relies
 * on a terminating NUL, caps what it allocates, and on failure returns -1 with
 * *err set to a message the caller frees.
 */

/* Caps shared by every parser. */
#define PARSE_MAX_INPUT   (64u << 20) /* Bytes of one file. */
#define PARSE_MAX_LINES   200000      /* Transcript lines or chapters. */
#define PARSE_MAX_TEXT    8192        /* Bytes of one line's text. */
#define PARSE_MAX_WORDS   1024        /* Timed words of one line. */

/*
 * A timed word of a line: the bytes text[off, off + len) are heard from
 * start_ms to end_ms. A "word" is whatever the file timed, sometimes a few
 * words. A line's words are in order, never overlap, start at or after the
 * line's start, and hold no leading or trailing space.
 */
struct transcript_word {
	int64_t start_ms;
	int64_t end_ms;
	uint32_t off;
	uint32_t len;
};

struct transcript_line {
	int64_t start_ms;
	int64_t end_ms;
	char *speaker;   /* NULL when none. */
	char *text;      /* Plain UTF-8, tags removed, entities decoded. */
	struct transcript_word *words;  /* NULL when the file times no words. */
	size_t nwords;
};

struct transcript {
	struct transcript_line *lines;
	size_t n;
	size_t cap;
	char *warnings;  /* Newline-separated notes on what was skipped, or NULL. */
	int estimated;   /* 1 when times were spread over the duration, not read. */
};

void transcript_init(struct transcript *t);
void transcript_clear(struct transcript *t);
/* Appends a line, taking ownership of speaker and text; -1 past PARSE_MAX_LINES. */
int transcript_add(struct transcript *t, int64_t start_ms, int64_t end_ms, char *speaker,
    char *text);
void transcript_warn(struct transcript *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Gives the last line added the n words of w, taking ownership of w. Each
 * word's span is trimmed of spaces and cut to the text (empty ones are
 * dropped); starts are made non-decreasing and no earlier than the line's; an
 * end before its start becomes the next word's start (the line's end for the
 * last). At most PARSE_MAX_WORDS are kept. Returns the number kept.
 */
size_t transcript_add_words(struct transcript *t, struct transcript_word *w, size_t n);
/* Index of the word heard at t_ms: the last one started by then; -1 before the first. */
int transcript_word_at(const struct transcript_word *w, size_t n, int64_t t_ms);
/*
 * The words of a line in the catalog's compact form (see words.c), NULL when
 * there are none; and read back against the line's text and start, where
 * anything malformed gives no words (0 in *n, NULL in *out).
 */
char *transcript_words_encode(const struct transcript_word *w, size_t n, int64_t line_start);
void transcript_words_decode(const char *s, size_t len, const char *text, int64_t line_start,
    struct transcript_word **out, size_t *n);

/* WebVTT (WHATWG parsing rules, lenient where podcast files need it; see vtt.c). */
int vtt_parse(const char *buf, size_t len, struct transcript *out, char **err);
/* Podcast Index JSON; word-level segments are joined into lines (see jsontr.c). */
int jsontr_parse(const char *buf, size_t len, struct transcript *out, char **err);
/* Podcast Index JSON with one line per segment, as the file gives them. */
int jsontr_parse_segments(const char *buf, size_t len, struct transcript *out,
    char **err);
/* SubRip, in UTF-8, UTF-16, UTF-32 or windows-1252 (see srt.c). */
int srt_parse(const char *buf, size_t len, struct transcript *out, char **err);
/* LRC lyrics; several time tags on a line repeat its text (see lrc.c). */
int lrc_parse(const char *buf, size_t len, struct transcript *out, char **err);
/*
 * Podcasting 2.0 HTML transcripts (<cite>, <time>, <p>); fails on a document
 * with no <time>, whose paragraphs htmltr_text() gives as "Speaker: text"
 * lines for plain_parse() (see htmltr.c).
 */
int htmltr_parse(const char *buf, size_t len, struct transcript *out, char **err);
int htmltr_text(const char *buf, size_t len, char **text, size_t *textlen, char **err);
/* Plain text, a line each, spread over duration_ms by length and marked estimated. */
int plain_parse(const char *buf, size_t len, int64_t duration_ms, struct transcript *out,
    char **err);
/*
 * The parser for a MIME type or a file name's extension (.vtt .srt .json .lrc
 * .html .htm .txt); duration_ms (0 when unknown) spreads untimed text.
 */
int transcript_parse_any(const char *buf, size_t len, const char *type_or_name,
    int64_t duration_ms, struct transcript *out, char **err);
/* 0 for WebVTT, then JSON, SubRip, HTML, LRC, plain text; -1 when none reads it. */
int transcript_format_rank(const char *type_or_name);
/* The MIME type the catalog stores for that format, or NULL. */
const char *transcript_format_type(const char *type_or_name);
/* The lines as "vtt", "srt" or "txt"; NULL for another format (see trwrite.c). */
char *transcript_write(const struct transcript *t, const char *format);
/* Lines (start, end in seconds, speaker, text, words), warnings, as pretty JSON. */
char *transcript_to_json(const struct transcript *t);

struct chapter {
	int64_t start_ms;
	int64_t end_ms;  /* -1 when the file gives none. */
	char *title;
	char *url;
	char *img;
	int toc;         /* 0 when the chapter is hidden from the table of contents. */
};

struct chapter_list {
	struct chapter *items;
	size_t n;
};

/* Podcasting 2.0 JSON chapters. */
int chapters_parse_json(const char *buf, size_t len, struct chapter_list *out, char **err);
void chapter_list_clear(struct chapter_list *l);
/* Where chapter i ends: its own end, else the next one's start, else duration_ms. */
int64_t chapter_end(const struct chapter_list *l, size_t i, int64_t duration_ms);
/* Podcasting 2.0 JSON chapters again, pretty with sorted keys. */
char *chapters_to_json(const struct chapter_list *l);

/*
 * Removes what must never reach a terminal: C0 and C1 controls (tab and
 * newline become a space), DEL, ESC sequences, bidi overrides and invalid
 * UTF-8 (replaced by U+FFFD). Returns a new string.
 */
char *text_sanitize(const char *s, size_t len);
/*
 * "Name: text" with a short name (one to three words, no punctuation) gives
 * the name in *speaker and returns the text after it; otherwise *speaker is
 * NULL and text is returned as it is. Shared by the SubRip and plain-text readers.
 */
const char *text_speaker(const char *text, char **speaker);
/*
 * Appends a line of sanitized text, taking ownership of clean: a leading
 * "Name:" becomes its speaker (text_speaker), spaces around it go, and it is
 * cut to PARSE_MAX_TEXT bytes on a character boundary. An empty line adds
 * nothing and gives 0; else as transcript_add.
 */
int transcript_add_text(struct transcript *t, int64_t start_ms, int64_t end_ms,
    char *clean);

/*
 * Helpers shared by the parsers inside catalog/ only; nothing outside the
 * folder calls them.
 */

/*
 * Decodes HTML character references (named, &#NN; and &#xNN;) in s; an
 * unknown or unterminated reference stays literal. Returns a new string
 * and its length in *outlen (a reference to NUL yields U+FFFD).
 */
char *text_decode_refs(const char *s, size_t len, size_t *outlen);

/*
 * RSS 2.0 and Atom with the iTunes, Media RSS and Podcasting 2.0 tags a
 * podcast player needs. Items keep their document order; an item with no
 * guid, enclosure or link is dropped, as is a later item repeating a guid.
 */
/*
 * Items kept from one feed. Feeds are read an item at a time, so this bounds
 * what a hostile feed makes the catalog store rather than memory; the largest
 * real podcast feeds (daily shows of decades) hold some 20,000 items.
 */
#define FEED_MAX_ITEMS    200000
#define FEED_MAX_TAGS     64         /* Transcripts or soundbites kept per item. */

struct feed_transcript {
	char *url;       /* Resolved against the feed's base. */
	char *type;      /* MIME type, e.g. text/vtt; NULL when absent. */
	char *language;
	char *rel;       /* "captions" or NULL. */
};

struct feed_soundbite {
	int64_t start_ms;
	int64_t duration_ms;
	char *title;     /* NULL when the tag holds no text. */
};

struct feed_person {
	char *name;
	char *role;      /* NULL when the tag gives none (a host). */
	char *group;
	char *img;
	char *href;
};

struct feed_item {
	char *guid;      /* Else the enclosure URL, else the link; never NULL. */
	char *title;
	char *link;
	char *description;
	int64_t published;   /* Unix seconds, 0 when absent or unreadable. */
	int64_t duration_ms; /* 0 when absent or unreadable. */
	int number;          /* itunes:episode, 0 when none. */
	int season;          /* itunes:season, 0 when none. */
	char *enclosure_url; /* Resolved against the feed's base. */
	char *enclosure_type;
	int64_t enclosure_length;
	struct feed_transcript *transcripts;
	size_t ntranscripts;
	char *chapters_url;  /* Resolved against the feed's base. */
	char *chapters_type;
	struct feed_soundbite *soundbites;
	size_t nsoundbites;
	/* Later fields; the ones above keep their places. */
	char *author;        /* itunes:author, else the Atom author's name. */
	char *image;         /* itunes:image href, resolved. */
	char *summary;       /* itunes:summary. */
	char *content;       /* content:encoded or Atom content, as HTML. */
	char *episode_type;  /* itunes:episodeType: full, trailer or bonus; else NULL. */
	int explicit;        /* itunes:explicit: 1 yes, -1 no, 0 unsaid. */
	struct feed_person *persons;
	size_t npersons;
};

struct feed {
	char *title;
	char *description;
	char *link;
	char *language;
	char *author;    /* itunes:author. */
	char *guid;      /* podcast:guid. */
	char *image;     /* itunes:image href, else image/url. */
	struct feed_item *items;
	size_t n;
	char *warnings;  /* Newline-separated, or NULL. */
	/* Later fields. */
	char *summary;   /* itunes:summary. */
	char *type;      /* itunes:type: episodic or serial; else NULL. */
	int explicit;    /* itunes:explicit: 1 yes, -1 no, 0 unsaid. */
	int atom;        /* 1 when the document was Atom rather than RSS. */
	char *new_url;   /* Where the feed says it moved (itunes:new-feed-url). */
	int locked;      /* podcast:locked: 1 yes, -1 no, 0 unsaid. */
};

/* Parses an RSS or Atom feed; relative URLs resolve against base_url (may be NULL). */
int feed_parse(const char *buf, size_t len, const char *base_url, struct feed **out,
    char **err);
void feed_free(struct feed *f);

/* Where the bytes of a feed come from: a buffer, or a file when fd is not -1. */
struct feed_source {
	const char *buf;
	size_t len;
	int fd;
	const char *base_url;  /* Relative URLs resolve against it; may be NULL. */
	const char *charset;   /* The HTTP header's, used when the document names none. */
};

/*
 * Called with each item as soon as it is read, the head (title, language...)
 * read so far in f; it may take the item's fields, leaving NULL behind.
 * Returns 0, or -1 to stop reading.
 */
typedef int (*feed_item_fn)(void *ctx, struct feed *f, struct feed_item *it);

/*
 * Reads a feed a block and an item at a time, so memory is bounded by the
 * largest item rather than the document: items go to cb, and *out gets the
 * head with no items (its warnings are those cb has not taken). Returns -1
 * with *err, or with *err NULL when cb stopped it.
 */
int feed_read(const struct feed_source *src, feed_item_fn cb, void *ctx,
    struct feed **out, char **err);
/* An RFC 822 date (named or numeric zone, 2- or 4-digit year) or ISO 8601 to Unix seconds. */
int feed_date_parse(const char *s, size_t len, int64_t *out);
/* Seconds as SS, MM:SS or HH:MM:SS with an optional fraction, to milliseconds. */
int feed_time_parse(const char *s, size_t len, int64_t *out_ms);

/* OPML subscription lists (see opml.c) and JSON dumps (see feedjson.c). */
#define OPML_MAX_FEEDS    10000      /* Outlines kept from one list. */
#define OPML_MAX_DEPTH    32         /* Nested folders followed. */

struct opml_feed {
	char *url;       /* xmlUrl. */
	char *title;     /* title, else text; "" when neither. */
	char *folder;    /* Enclosing outlines joined with '/'; NULL at the top. */
};

struct opml {
	char *title;     /* head/title, or NULL. */
	struct opml_feed *feeds;
	size_t n;
};

int opml_parse(const char *buf, size_t len, struct opml **out, char **err);
void opml_free(struct opml *o);
/* An OPML 2.0 document listing o's feeds in folders. */
char *opml_write(const struct opml *o);

/* Pretty-printed JSON with sorted keys, for `earmark parse --json`. */
char *feed_to_json(const struct feed *f);
char *opml_to_json(const struct opml *o);

#endif
