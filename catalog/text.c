#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Bytes of U+FFFD in UTF-8. */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"

/* Named character references understood; the HTML set is far larger. */
static const struct text_ref {
	const char *name;
	uint32_t cp;
} text_refs[] = {
	{ "AElig", 0xc6 }, { "Aacute", 0xc1 }, { "Agrave", 0xc0 }, { "Auml", 0xc4 },
	{ "Ccedil", 0xc7 }, { "Eacute", 0xc9 }, { "Egrave", 0xc8 }, { "Ntilde", 0xd1 },
	{ "Oacute", 0xd3 }, { "Ouml", 0xd6 }, { "Uacute", 0xda }, { "Uuml", 0xdc },
	{ "aacute", 0xe1 }, { "acirc", 0xe2 }, { "aelig", 0xe6 }, { "agrave", 0xe0 },
	{ "amp", 0x26 }, { "apos", 0x27 }, { "aring", 0xe5 }, { "atilde", 0xe3 },
	{ "auml", 0xe4 }, { "bdquo", 0x201e }, { "bull", 0x2022 },
	{ "ccedil", 0xe7 }, { "cent", 0xa2 }, { "copy", 0xa9 }, { "deg", 0xb0 },
	{ "divide", 0xf7 }, { "eacute", 0xe9 }, { "ecirc", 0xea }, { "egrave", 0xe8 },
	{ "euml", 0xeb }, { "euro", 0x20ac }, { "frac12", 0xbd }, { "gt", 0x3e },
	{ "hellip", 0x2026 }, { "iacute", 0xed }, { "icirc", 0xee }, { "iexcl", 0xa1 },
	{ "iquest", 0xbf }, { "iuml", 0xef }, { "laquo", 0xab }, { "ldquo", 0x201c },
	{ "lrm", 0x200e }, { "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x3c },
	{ "mdash", 0x2014 }, { "middot", 0xb7 }, { "micro", 0xb5 }, { "nbsp", 0xa0 },
	{ "ndash", 0x2013 }, { "ntilde", 0xf1 }, { "oacute", 0xf3 }, { "ocirc", 0xf4 },
	{ "ograve", 0xf2 }, { "ouml", 0xf6 }, { "para", 0xb6 }, { "plusmn", 0xb1 },
	{ "pound", 0xa3 }, { "quot", 0x22 }, { "raquo", 0xbb }, { "rdquo", 0x201d },
	{ "reg", 0xae }, { "rlm", 0x200f }, { "rsaquo", 0x203a }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201a }, { "sect", 0xa7 }, { "shy", 0xad }, { "szlig", 0xdf },
	{ "times", 0xd7 }, { "trade", 0x2122 }, { "uacute", 0xfa }, { "ucirc", 0xfb },
	{ "ugrave", 0xf9 }, { "uuml", 0xfc }, { "yen", 0xa5 }, { "zwj", 0x200d },
	{ "zwnj", 0x200c },
};

/* Writes cp as UTF-8 at out (room for 4 bytes); returns the bytes written. */
static size_t
text_put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decodes one UTF-8 sequence at s; returns its length and sets *cp, or
 * returns 0 when the bytes are not valid UTF-8 (overlong, surrogate, too big).
 */
static size_t
text_get_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Whether s[i] starts a string terminator (ESC \ or U+009C); sets *n to its length. */
static int
text_is_st(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	if (s[i] == 0x1b && i + 1 < len && s[i + 1] == '\\') {
		*n = 2;
		return 1;
	}
	if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0x9c) {
		*n = 2;
		return 1;
	}
	return 0;
}

/* Skips a control string from i up to and including its terminator; returns the new index. */
static size_t
text_skip_string(const unsigned char *s, size_t len, size_t i, int bel)
{
	size_t n;

	while (i < len) {
		if (bel && s[i] == 0x07)
			return i + 1;
		if (text_is_st(s, len, i, &n))
			return i + n;
		i++;
	}
	return len;
}

/* Skips CSI parameters, intermediates and the final byte from i; returns the new index. */
static size_t
text_skip_csi(const unsigned char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= 0x20 && s[i] <= 0x3f)
		i++;
	if (i < len && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/* Skips the escape sequence whose ESC is at i; returns the index after it. */
static size_t
text_skip_esc(const unsigned char *s, size_t len, size_t i)
{
	i++;
	if (i >= len)
		return len;
	switch (s[i]) {
	case '[':
		return text_skip_csi(s, len, i + 1);
	case ']':
		return text_skip_string(s, len, i + 1, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return text_skip_string(s, len, i + 1, 0);
	}
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < len && s[i] >= 0x30 && s[i] <= 0x7e)
		i++;
	return i;
}

/* Whether cp is a bidi embedding, override or isolate control. */
static int
text_is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
text_sanitize(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out;
	size_t i, o, n;
	uint32_t cp;

	/* Invalid bytes become three bytes each, nothing grows more. */
	if (len > (SIZE_MAX - 1) / 3)
		len = (SIZE_MAX - 1) / 3;
	out = xmalloc(len * 3 + 1);
	i = o = 0;
	while (i < len) {
		n = text_get_utf8(u + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, TEXT_REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		if (cp == 0x1b) {
			i = text_skip_esc(u, len, i);
			continue;
		}
		i += n;
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			out[o++] = ' ';
			continue;
		}
		if (cp == 0x9b)
			i = text_skip_csi(u, len, i);
		else if (cp == 0x9d)
			i = text_skip_string(u, len, i, 1);
		else if (cp == 0x90 || cp == 0x98 || cp == 0x9e || cp == 0x9f)
			i = text_skip_string(u, len, i, 0);
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || text_is_bidi(cp))
			continue;
		memcpy(out + o, s + i - n, n);
		o += n;
	}
	out[o] = '\0';
	return out;
}

/* Parses a numeric reference body (after "&#"); returns its code point or -1. */
static int64_t
text_numeric_ref(const char *s, size_t len)
{
	int64_t cp = 0;
	size_t i = 0;
	int hex = 0, digits = 0, d;

	if (len > 0 && (s[0] == 'x' || s[0] == 'X')) {
		hex = 1;
		i = 1;
	}
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		cp = cp * (hex ? 16 : 10) + d;
		if (cp > 0x10ffff)
			cp = 0x110000;
		digits++;
	}
	if (digits == 0)
		return -1;
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	return cp;
}

/* Looks up a reference name; returns its code point or -1. */
static int64_t
text_named_ref(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof text_refs / sizeof text_refs[0]; i++) {
		if (strlen(text_refs[i].name) == len &&
		    memcmp(text_refs[i].name, s, len) == 0)
			return text_refs[i].cp;
	}
	return -1;
}

char *
text_decode_refs(const char *s, size_t len, size_t *outlen)
{
	char *out;
	size_t i, o, end;
	int64_t cp;

	/* No reference is shorter than its UTF-8 form ("&lt;" is 4, "<" is 1). */
	out = xmalloc(len + 1);
	i = o = 0;
	while (i < len) {
		if (s[i] != '&') {
			out[o++] = s[i++];
			continue;
		}
		for (end = i + 1; end < len && end - i <= 32; end++) {
			if (s[end] == ';' || s[end] == '&' || s[end] == '<' ||
			    s[end] == ' ' || s[end] == '\n')
				break;
		}
		cp = -1;
		if (end < len && s[end] == ';' && end > i + 1) {
			if (s[i + 1] == '#')
				cp = text_numeric_ref(s + i + 2, end - i - 2);
			else
				cp = text_named_ref(s + i + 1, end - i - 1);
		}
		if (cp < 0) {
			out[o++] = s[i++];
			continue;
		}
		o += text_put_utf8(out + o, (uint32_t)cp);
		i = end + 1;
	}
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return out;
}

/* Bytes of a name taken as a speaker. */
#define TEXT_MAX_SPEAKER 40

const char *
text_speaker(const char *text, char **speaker)
{
	const char *p;
	int words = 1;

	*speaker = NULL;
	if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z')) &&
	    (unsigned char)text[0] < 0x80)
		return text;
	for (p = text; *p != '\0' && *p != ':'; p++) {
		if (*p == ' ') {
			if (p[1] == ' ' || p[1] == ':' || ++words > 3)
				return text;
		} else if (strchr(".,;!?\"()[]", *p) != NULL)
			return text;
	}
	if (*p != ':' || p[1] != ' ' || p - text > TEXT_MAX_SPEAKER)
		return text;
	for (p += 2; *p == ' '; p++)
		/* nothing */;
	if (*p == '\0')
		return text;
	*speaker = xstrndup(text, (size_t)(strchr(text, ':') - text));
	return p;
}

int
transcript_add_text(struct transcript *t, int64_t start_ms, int64_t end_ms,
    char *clean)
{
	const char	*text;
	char		*speaker, *line;
	size_t		 len;

	for (text = clean; *text == ' '; text++)
		/* nothing */;
	text = text_speaker(text, &speaker);
	len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len > PARSE_MAX_TEXT) {
		len = PARSE_MAX_TEXT;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	if (len == 0) {
		free(clean);
		free(speaker);
		return (0);
	}
	line = xstrndup(text, len);
	free(clean);
	return (transcript_add(t, start_ms, end_ms, speaker, line));
}
