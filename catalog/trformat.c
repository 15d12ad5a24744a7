/*
 * Which transcript parser reads what: MIME types and file name extensions,
 * ranked in the order a feed item's transcripts are preferred (WebVTT,
 * Podcast Index JSON, SubRip, HTML, LRC, plain text).
 */

#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

enum trformat {
	TRFORMAT_VTT = 0,
	TRFORMAT_JSON,
	TRFORMAT_SRT,
	TRFORMAT_HTML,
	TRFORMAT_LRC,
	TRFORMAT_PLAIN
};

/* The MIME type stored in the catalog for each format. */
static const char *const trformat_types[] = {
	"text/vtt", "application/json", "application/srt", "text/html", "text/lrc",
	"text/plain"
};

static const struct {
	const char *name;    /* A MIME type without parameters, or an extension. */
	enum trformat format;
} trformat_mimes[] = {
	{ "text/vtt", TRFORMAT_VTT },
	{ "application/json", TRFORMAT_JSON },
	{ "application/srt", TRFORMAT_SRT },
	{ "application/x-subrip", TRFORMAT_SRT },
	{ "text/srt", TRFORMAT_SRT },
	{ "text/html", TRFORMAT_HTML },
	{ "text/lrc", TRFORMAT_LRC },
	{ "application/lrc", TRFORMAT_LRC },
	{ "application/x-lrc", TRFORMAT_LRC },
	{ "text/x-lrc", TRFORMAT_LRC },
	{ "text/plain", TRFORMAT_PLAIN },
}, trformat_exts[] = {
	{ "vtt", TRFORMAT_VTT },
	{ "json", TRFORMAT_JSON },
	{ "srt", TRFORMAT_SRT },
	{ "html", TRFORMAT_HTML },
	{ "htm", TRFORMAT_HTML },
	{ "lrc", TRFORMAT_LRC },
	{ "txt", TRFORMAT_PLAIN },
};

#define TRFORMAT_COUNT(a) (sizeof (a) / sizeof (a)[0])

int
transcript_format_rank(const char *type_or_name)
{
	const char *base, *dot;
	size_t i, n;

	if (type_or_name == NULL)
		return -1;
	for (i = 0; i < TRFORMAT_COUNT(trformat_mimes); i++) {
		n = strlen(trformat_mimes[i].name);
		if (strncasecmp(type_or_name, trformat_mimes[i].name, n) == 0 &&
		    (type_or_name[n] == '\0' || type_or_name[n] == ';' ||
		    type_or_name[n] == ' '))
			return (int)trformat_mimes[i].format;
	}
	base = strrchr(type_or_name, '/');
	base = base != NULL ? base + 1 : type_or_name;
	if ((dot = strrchr(base, '.')) == NULL)
		return -1;
	for (i = 0; i < TRFORMAT_COUNT(trformat_exts); i++) {
		if (strcasecmp(dot + 1, trformat_exts[i].name) == 0)
			return (int)trformat_exts[i].format;
	}
	return -1;
}

const char *
transcript_format_type(const char *type_or_name)
{
	int rank = transcript_format_rank(type_or_name);

	return rank < 0 ? NULL : trformat_types[rank];
}

/* HTML with times, else its paragraphs spread over the duration. */
static int
trformat_html(const char *buf, size_t len, int64_t duration_ms, struct transcript *out,
    char **err)
{
	char *text, *err2;
	size_t textlen;

	if (htmltr_parse(buf, len, out, err) == 0)
		return 0;
	if (htmltr_text(buf, len, &text, &textlen, &err2) != 0) {
		free(err2);
		return -1;
	}
	free(*err);
	*err = NULL;
	if (plain_parse(text, textlen, duration_ms, out, err) != 0) {
		free(text);
		return -1;
	}
	free(text);
	transcript_warn(out, "the HTML gives no times");
	return 0;
}

/* Whether s reads as a media type (text/vtt) rather than a file name. */
static int
trformat_is_mime(const char *s)
{
	const char *slash;
	size_t i;

	if (s == NULL || (slash = strchr(s, '/')) == NULL || slash == s ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '/' && !isalnum((unsigned char)s[i]) &&
		    strchr(".+-_", s[i]) == NULL)
			return 0;
	}
	return 1;
}

int
transcript_parse_any(const char *buf, size_t len, const char *type_or_name,
    int64_t duration_ms, struct transcript *out, char **err)
{
	*err = NULL;
	switch (transcript_format_rank(type_or_name)) {
	case TRFORMAT_VTT:
		return vtt_parse(buf, len, out, err);
	case TRFORMAT_JSON:
		return jsontr_parse(buf, len, out, err);
	case TRFORMAT_SRT:
		return srt_parse(buf, len, out, err);
	case TRFORMAT_HTML:
		return trformat_html(buf, len, duration_ms, out, err);
	case TRFORMAT_LRC:
		return lrc_parse(buf, len, out, err);
	case TRFORMAT_PLAIN:
		return plain_parse(buf, len, duration_ms, out, err);
	}
	transcript_init(out);
	/* Every caller names the file already; a media type is news. */
	if (trformat_is_mime(type_or_name))
		*err = xasprintf("type %s is not a transcript format earmark reads",
		    type_or_name);
	else
		*err = xstrdup("not a transcript format earmark reads");
	return -1;
}
