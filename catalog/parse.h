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

struct transcript_line {
	int64_t start_ms;
	int64_t end_ms;
	char *speaker;   /* NULL when none. */
	char *text;      /* Plain UTF-8, tags removed, entities decoded. */
};

struct transcript {
	struct transcript_line *lines;
	size_t n;
	size_t cap;
	char *warnings;  /* Newline-separated notes on what was skipped, or NULL. */
};

void transcript_init(struct transcript *t);
void transcript_clear(struct transcript *t);
/* Appends a line, taking ownership of speaker and text; -1 past PARSE_MAX_LINES. */
int transcript_add(struct transcript *t, int64_t start_ms, int64_t end_ms, char *speaker,
    char *text);
void transcript_warn(struct transcript *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* WebVTT (WHATWG parsing rules, lenient where podcast files need it; see vtt.c). */
int vtt_parse(const char *buf, size_t len, struct transcript *out, char **err);

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

/*
 * Removes what must never reach a terminal: C0 and C1 controls (tab and
 * newline become a space), DEL, ESC sequences, bidi overrides and invalid
 * UTF-8 (replaced by U+FFFD). Returns a new string.
 */
char *text_sanitize(const char *s, size_t len);

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

#endif
