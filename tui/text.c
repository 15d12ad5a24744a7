#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <curses.h>

#include "tui/tui.h"

static int utf8_locale;

void
text_init(void)
{
	const char *cs = nl_langinfo(CODESET);

	utf8_locale = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int
text_utf8(void)
{
	return utf8_locale;
}

/* Decodes one UTF-8 sequence at s (n bytes left); sets *len, returns the code point or U+FFFD. */
static unsigned int
utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned int c = s[0], min;
	size_t need, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		*len = 1;
		return 0xfffd;
	}
	if (need >= n) {
		*len = 1;
		return 0xfffd;
	}
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*len = need + 1;
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0xfffd;
	return c;
}

/* Whether c must never be drawn: controls, and bidi overrides and isolates. */
static int
unsafe(unsigned int c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/* The display width of code point c in this locale, -1 when it is not drawn. */
static int
char_width(unsigned int c)
{
	int w;

	if (unsafe(c))
		return -1;
	if (!utf8_locale)
		return 1;  /* Drawn as itself when ASCII, else as '?'. */
	w = wcwidth((wchar_t)c);
	if (w < 0)
		return -1;
	return w;
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	int total = 0;

	while (n > 0) {
		int w = char_width(utf8_next(p, n, &len));

		if (w > 0)
			total += w;
		p += len;
		n -= len;
	}
	return total;
}

/* Draws one code point known to be drawable. */
static void
put_char(WINDOW *w, unsigned int c)
{
	wchar_t wc[2];

	if (!utf8_locale) {
		waddch(w, c < 0x80 ? (chtype)c : '?');
		return;
	}
	wc[0] = (wchar_t)c;
	wc[1] = L'\0';
	waddnwstr(w, wc, 1);
}

int
text_put(WINDOW *w, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	int used = 0, total = text_width(s);
	int ell = utf8_locale ? 1 : 3;

	if (width <= 0)
		return 0;
	while (n > 0) {
		unsigned int c = utf8_next(p, n, &len);
		int cw = char_width(c);

		p += len;
		n -= len;
		if (cw < 0)
			continue;
		if (total > width && used + cw > width - ell) {
			if (width - used >= ell) {
				waddstr(w, utf8_locale ? "\xe2\x80\xa6" : "...");
				used += ell;
			}
			break;
		}
		if (used + cw > width)
			break;
		put_char(w, c);
		used += cw;
	}
	return used;
}

void
text_put_pad(WINDOW *w, const char *s, int width)
{
	int used = text_put(w, s, width);

	for (; used < width; used++)
		waddch(w, ' ');
}

int
text_wrap(const char *s, int width, int *starts, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len, off = 0, row_start = 0, last_space = 0;
	int rows = 0, col = 0, col_at_space = 0, have_space = 0;

	if (max < 1)
		return 1;
	starts[rows++] = 0;
	if (width < 1)
		return 1;
	while (off < n) {
		unsigned int c = utf8_next(p + off, n - off, &len);
		int cw = char_width(c);

		if (cw < 0)
			cw = 0;
		if (c == ' ') {
			last_space = off;
			col_at_space = col;
			have_space = 1;
		}
		if (col + cw > width && off > row_start) {
			size_t next;

			if (rows >= max)
				break;
			if (have_space && last_space > row_start) {
				next = last_space + 1;
				col -= col_at_space + 1;
			} else {
				next = off;
				col = 0;
			}
			starts[rows++] = (int)next;
			row_start = next;
			have_space = 0;
			if (next > off) {
				/* The space itself overflowed: the next row starts after it. */
				col = 0;
				off = next;
				continue;
			}
		}
		col += cw;
		off += len;
	}
	return rows;
}

const char *
text_glyph_play(void)
{
	return utf8_locale ? "\xe2\x96\xb6" : ">";
}

const char *
text_glyph_pause(void)
{
	return utf8_locale ? "\xe2\x80\x96" : "=";
}

const char *
text_glyph_bar_full(void)
{
	return utf8_locale ? "\xe2\x94\x81" : "=";
}

const char *
text_glyph_bar_empty(void)
{
	return utf8_locale ? "\xe2\x94\x80" : "-";
}

const char *
text_glyph_vline(void)
{
	return utf8_locale ? "\xe2\x94\x82" : "|";
}

void
text_time(char *buf, int size, int64_t ms)
{
	int64_t s;

	if (ms < 0)
		ms = 0;
	s = ms / 1000;
	if (s >= 3600)
		snprintf(buf, size, "%d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60),
		    (int)(s % 60));
	else
		snprintf(buf, size, "%d:%02d", (int)(s / 60), (int)(s % 60));
}
