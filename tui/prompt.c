#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "tui/tui.h"
#include "util/xmalloc.h"

#define PROMPT_CAP ((int)(sizeof ((struct app *)0)->prompt_buf / sizeof (wchar_t)))

static const char *labels[PROMPT_KIND_COUNT] = {
	[PROMPT_SEARCH] = "Search: ",
	[PROMPT_NEW_CLIP] = "Clip title: ",
	[PROMPT_TITLE] = "Title: ",
	[PROMPT_NOTE] = "Note: ",
	[PROMPT_FILTER] = "Filter clips: ",
	[PROMPT_EXPORT] = "Export as md, json, m3u, soundbite, chapters, srt or vtt: ",
	[PROMPT_COMMAND] = ":",
};

void
prompt_open(struct app *a, enum prompt_kind kind, const char *initial)
{
	const char *s = initial;
	mbstate_t ps;
	size_t n;

	a->prompt = kind;
	a->prompt_len = 0;
	a->prompt_buf[0] = L'\0';
	if (s != NULL) {
		memset(&ps, 0, sizeof ps);
		n = mbsrtowcs(a->prompt_buf, &s, PROMPT_CAP - 1, &ps);
		if (n == (size_t)-1)
			n = 0;
		a->prompt_len = (int)n;
		a->prompt_buf[n] = L'\0';
	}
	a->dirty |= DIRTY_STATUS;
}

/* The prompt's text as UTF-8 (or the locale's encoding). */
char *
prompt_text(struct app *a)
{
	size_t cap = (size_t)a->prompt_len * MB_CUR_MAX + 1, n;
	char *buf = xmalloc(cap);

	n = wcstombs(buf, a->prompt_buf, cap - 1);
	if (n == (size_t)-1)
		n = 0;
	buf[n] = '\0';
	return buf;
}

static unsigned int
prompt_submit(struct app *a)
{
	enum prompt_kind kind = a->prompt;
	char *text = prompt_text(a);

	a->prompt = PROMPT_NONE;
	switch (kind) {
	case PROMPT_SEARCH:
		if (text[0] != '\0')
			search_run(a, text);
		break;
	case PROMPT_NEW_CLIP:
		clip_pending_save(a, text);
		break;
	case PROMPT_TITLE:
		clip_edit_title(a, text);
		break;
	case PROMPT_NOTE:
		clip_edit_note(a, text);
		break;
	case PROMPT_FILTER:
		clips_view_filter(a, text);
		break;
	case PROMPT_EXPORT:
		clips_export(a, text);
		break;
	case PROMPT_COMMAND:
		cmdline_run(a, text);
		break;
	default:
		break;
	}
	free(text);
	return DIRTY_ALL & ~DIRTY_LAYOUT;
}

static unsigned int
prompt_cancel(struct app *a)
{
	if (a->prompt == PROMPT_NEW_CLIP)
		clip_pending_cancel(a);
	a->prompt = PROMPT_NONE;
	return DIRTY_STATUS | DIRTY_TRANSCRIPT;
}

unsigned int
prompt_key(struct app *a, int is_key, wint_t ch)
{
	unsigned int dirty;
	int handled = 0;

	if (a->prompt == PROMPT_COMMAND) {
		dirty = cmdline_key(a, is_key, ch, &handled);
		if (handled)
			return dirty;
	}
	if (is_key) {
		if (ch == KEY_BACKSPACE && a->prompt_len > 0)
			a->prompt_buf[--a->prompt_len] = L'\0';
		else if (ch == KEY_ENTER)
			return prompt_submit(a);
		return DIRTY_STATUS;
	}
	switch (ch) {
	case 27:
	case 7:  /* Ctrl-G */
		return prompt_cancel(a);
	case 127:
	case 8:
		if (a->prompt_len > 0)
			a->prompt_buf[--a->prompt_len] = L'\0';
		return DIRTY_STATUS;
	case 21:  /* Ctrl-U */
		a->prompt_len = 0;
		a->prompt_buf[0] = L'\0';
		return DIRTY_STATUS;
	case 23:  /* Ctrl-W: the last word */
		while (a->prompt_len > 0 && a->prompt_buf[a->prompt_len - 1] == L' ')
			a->prompt_len--;
		while (a->prompt_len > 0 && a->prompt_buf[a->prompt_len - 1] != L' ')
			a->prompt_len--;
		a->prompt_buf[a->prompt_len] = L'\0';
		return DIRTY_STATUS;
	case '\r':
	case '\n':
		return prompt_submit(a);
	default:
		break;
	}
	if (ch < 32 || (ch >= 0x7f && ch < 0xa0) || a->prompt_len + 1 >= PROMPT_CAP)
		return 0;
	a->prompt_buf[a->prompt_len++] = (wchar_t)ch;
	a->prompt_buf[a->prompt_len] = L'\0';
	return DIRTY_STATUS;
}

void
prompt_draw(struct app *a, WINDOW *w, int y, int width)
{
	char *text = prompt_text(a);
	const char *s = text;
	int room;

	wmove(w, y, 0);
	wattrset(w, colour_attr(EL_STATUS));
	text_put(w, labels[a->prompt] ? labels[a->prompt] : "> ", width);
	wattrset(w, colour_attr(EL_NORMAL));
	room = width - getcurx(w) - 1;
	/* Show the end of a long text. */
	while (text_width(s) > room && *s != '\0') {
		do
			s++;
		while ((*s & 0xc0) == 0x80);
	}
	text_put(w, s, room);
	wattrset(w, colour_attr(EL_CURSOR));
	waddch(w, ' ');
	wattrset(w, colour_attr(EL_NORMAL));
	if (getcurx(w) < width - 1 && getcurx(w) > 0)
		wclrtoeol(w);
	free(text);
}
