#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* Most rows one transcript line may wrap to. */
#define MAX_WRAP 32

/* Columns before the text: gutter, time, speaker. */
static int
text_column(struct app *a, int width, int *speaker_w)
{
	int i, sw = 0;

	for (i = 0; i < 4 && a->speakers[i] != NULL; i++) {
		int w = text_width(a->speakers[i]);

		if (w > sw)
			sw = w;
	}
	if (sw > 12)
		sw = 12;
	if (width < 50)
		sw = 0;  /* Narrow: the speaker goes before the text instead. */
	*speaker_w = sw;
	return 1 + 6 + (sw > 0 ? sw + 2 : 0);
}

/* The colour of a speaker: by order of first appearance in this transcript. */
static enum element
speaker_element(struct app *a, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < 4 && a->speakers[i] != NULL; i++) {
		if (strcmp(a->speakers[i], name) == 0)
			return (enum element)(EL_SPEAKER0 + i);
	}
	return colour_speaker(name);
}

/* The text shown for line i: on narrow panes the speaker leads it. */
static char *
line_text(struct app *a, int i, int speaker_w)
{
	struct catalog_line *l = &a->lines[i];
	int changed = i == 0 || l->speaker == NULL || a->lines[i - 1].speaker == NULL ||
	    strcmp(l->speaker, a->lines[i - 1].speaker) != 0;

	if (speaker_w == 0 && l->speaker != NULL && changed)
		return xasprintf("%s: %s", l->speaker, l->text ? l->text : "");
	return xstrdup(l->text ? l->text : "");
}

/* Whether line row is inside the v selection or the marked region. */
static int
in_selection(struct app *a, int row)
{
	struct list *l = &a->list[PANE_TRANSCRIPT];
	int64_t t;

	if (a->sel_anchor >= 0) {
		int lo = a->sel_anchor < l->sel ? a->sel_anchor : l->sel;
		int hi = a->sel_anchor < l->sel ? l->sel : a->sel_anchor;

		return row >= lo && row <= hi;
	}
	if (a->mark_in >= 0 && a->play_episode == a->tr_episode) {
		t = a->current >= 0 ? a->lines[a->current].start_ms : a->mark_in;
		return a->lines[row].start_ms >= a->mark_in && a->lines[row].start_ms <= t;
	}
	return 0;
}

static int
transcript_row_height(void *ctx, int row, int width)
{
	struct app *a = ctx;
	int starts[MAX_WRAP], sw, col = text_column(a, width, &sw), n;
	char *s = line_text(a, row, sw);

	n = text_wrap(s, width - col, starts, MAX_WRAP);
	free(s);
	return n;
}

/* Where the word being heard lies in s (line row's shown text): [*ws, *we), else empty. */
static void
word_span(struct app *a, int row, const char *s, int *ws, int *we)
{
	struct catalog_line *l = &a->lines[row];
	int lead;

	*ws = *we = 0;
	if (row != a->current || a->play_episode != a->tr_episode || a->current_word < 0 ||
	    (size_t)a->current_word >= l->nwords || l->text == NULL)
		return;
	/* A narrow pane puts "Speaker: " before the text. */
	lead = (int)(strlen(s) - strlen(l->text));
	*ws = lead + (int)l->words[a->current_word].off;
	*we = *ws + (int)l->words[a->current_word].len;
}

/* Draws s[from, from + len) padded to width, its bytes [ws, we) as the word being heard. */
static void
row_text(WINDOW *w, const char *s, int from, int len, int ws, int we, int base, int width)
{
	int cut[4], i, used = 0;
	char *part;

	/* Drop the space a wrapped row broke at. */
	if (len > 0 && s[from + len - 1] == ' ')
		len--;
	cut[0] = from;
	cut[1] = ws < from ? from : ws > from + len ? from + len : ws;
	cut[2] = we < cut[1] ? cut[1] : we > from + len ? from + len : we;
	cut[3] = from + len;
	for (i = 0; i < 3; i++) {
		if (cut[i + 1] <= cut[i])
			continue;
		part = xstrndup(s + cut[i], (size_t)(cut[i + 1] - cut[i]));
		wattrset(w, i == 1 ? colour_attr(EL_WORD) : base);
		used += text_put(w, part, width - used);
		free(part);
	}
	wattrset(w, base);
	for (; used < width; used++)
		waddch(w, ' ');
}

static void
transcript_row_draw(void *ctx, WINDOW *w, int y, int row, int height, int width)
{
	struct app *a = ctx;
	struct catalog_line *l = &a->lines[row];
	int starts[MAX_WRAP], sw, col = text_column(a, width, &sw), n, r, ws, we;
	int cursor = row == a->list[PANE_TRANSCRIPT].sel && a->focus == PANE_TRANSCRIPT &&
	    !a->follow;
	int current = row == a->current && a->play_episode == a->tr_episode;
	int selected = in_selection(a, row);
	int outside = a->play_clip != 0 && a->play_episode == a->tr_episode &&
	    (l->end_ms <= a->play_clip_start || l->start_ms >= player_clip_end(a->player));
	/*
	 * Being heard changes the mark and the text only: the columns before the
	 * text keep their look, so a new line sends no time or speaker again.
	 */
	int lead = colour_attr(cursor ? EL_CURSOR : selected ? EL_SELECTED :
	    outside ? EL_DIM : EL_NORMAL);
	int base = current ? colour_attr(EL_CURRENT) : lead;
	int plain = !cursor && !selected && !outside;
	char t[16], *s = line_text(a, row, sw);
	const char *mark;
	enum element sp = speaker_element(a, l->speaker);
	int changed = row == 0 || l->speaker == NULL || a->lines[row - 1].speaker == NULL ||
	    strcmp(l->speaker, a->lines[row - 1].speaker) != 0;

	if (current && cursor)
		base |= A_UNDERLINE;
	n = text_wrap(s, width - col, starts, MAX_WRAP);
	word_span(a, row, s, &ws, &we);
	for (r = 0; r < n && r < height; r++) {
		int len = r + 1 < n ? starts[r + 1] - starts[r] : (int)strlen(s + starts[r]);

		wmove(w, y + r, 0);
		wattrset(w, r == 0 && current ? base : lead);
		mark = " ";
		if (r == 0 && current)
			mark = text_glyph_play();
		else if (r == 0 && sync_gutter(a, row) != NULL)
			mark = sync_gutter(a, row);
		text_put(w, mark, 1);
		wattrset(w, lead);
		if (r == 0) {
			text_time(t, sizeof t, l->start_ms);
			if (plain)
				wattrset(w, colour_attr(EL_TIME));
			text_put_pad(w, t, 6);
			if (sw > 0) {
				wattrset(w, plain ? colour_attr(sp) : lead);
				text_put_pad(w, changed && l->speaker ? l->speaker : "", sw + 2);
			}
		} else {
			text_put_pad(w, "", col - 1);
		}
		row_text(w, s, starts[r], len, ws, we, base, width - col);
	}
	free(s);
	wattrset(w, colour_attr(EL_NORMAL));
}

void
transcript_list_init(struct app *a)
{
	struct list *l = &a->list[PANE_TRANSCRIPT];

	l->ctx = a;
	l->page = NULL;
	l->row_height = transcript_row_height;
	l->row_draw = transcript_row_draw;
}

void
transcript_follow(struct app *a)
{
	struct list *l = &a->list[PANE_TRANSCRIPT];

	int h = a->pane_h[PANE_TRANSCRIPT], w = a->pane_w[PANE_TRANSCRIPT], vis;

	if (a->current < 0)
		return;
	l->sel = a->current;
	/* Scroll only when the line leaves the upper two thirds: fewer redraws. */
	vis = list_visible(l, h, w);
	if (a->current < l->top || a->current >= l->top + (vis * 2 + 2) / 3)
		list_place(l, a->current, h, w);
}

void
transcript_draw(struct app *a)
{
	WINDOW *w = a->win[PANE_TRANSCRIPT];
	struct list *l = &a->list[PANE_TRANSCRIPT];
	int h = a->pane_h[PANE_TRANSCRIPT], width = a->pane_w[PANE_TRANSCRIPT], y;
	static const char *const following[] = { "following ",
		"estimated times, following ", "aligned times, following " };
	static const char *const resting[] = { NULL, "estimated times ", "aligned times " };
	const char *state = NULL;
	int kind = a->tr_estimated >= 0 && a->tr_estimated <= 2 ? a->tr_estimated : 0;

	if (a->play_episode != 0 && a->play_episode == a->tr_episode)
		state = a->follow ? following[kind] : "following off (f) ";
	else
		state = resting[kind];
	if (sync_header(a) != NULL)
		state = sync_header(a);
	panes_header(a, PANE_TRANSCRIPT, a->tr_title, state);
	if (a->nlines == 0) {
		for (y = 1; y <= h; y++) {
			wmove(w, y, 0);
			wclrtoeol(w);
		}
		if (h >= 1) {
			wmove(w, 1, 1);
			wattrset(w, colour_attr(EL_DIM));
			text_put(w, a->tr_episode > 0 ? "This episode has no transcript." :
			    "Select an episode to read its transcript.", width - 2);
			wattrset(w, colour_attr(EL_NORMAL));
		}
		wnoutrefresh(w);
		return;
	}
	if (a->follow && a->current >= 0 && a->play_episode == a->tr_episode)
		transcript_follow(a);
	else
		list_show(l, l->sel, h, width);
	list_draw(l, w, 1, h, width);
	wnoutrefresh(w);
}

void
transcript_draw_word(struct app *a)
{
	WINDOW *w = a->win[PANE_TRANSCRIPT];
	struct list *l = &a->list[PANE_TRANSCRIPT];
	int h = a->pane_h[PANE_TRANSCRIPT], width = a->pane_w[PANE_TRANSCRIPT], y = 1, r, rh;

	if (a->current < l->top || a->current >= l->count)
		return;
	for (r = l->top; r < a->current && y <= h; r++)
		y += transcript_row_height(a, r, width);
	if (y > h)
		return;
	rh = transcript_row_height(a, a->current, width);
	if (y + rh > h + 1)
		rh = h + 1 - y;
	transcript_row_draw(a, w, y, a->current, rh, width);
	wattrset(w, colour_attr(EL_NORMAL));
	wnoutrefresh(w);
}

int
transcript_word(struct app *a, int line, int64_t t_ms)
{
	if (!a->cfg.words || line < 0 || line >= a->nlines || a->lines[line].nwords == 0)
		return -1;
	return transcript_word_at(a->lines[line].words, a->lines[line].nwords, t_ms);
}

int64_t
transcript_word_next(struct app *a, int64_t t_ms)
{
	struct catalog_line *l;
	int i;

	if (!a->cfg.words || a->current < 0 || a->current >= a->nlines)
		return -1;
	l = &a->lines[a->current];
	i = transcript_word_at(l->words, l->nwords, t_ms) + 1;
	return (size_t)i < l->nwords ? l->words[i].start_ms : -1;
}

void
transcript_line_move(struct catalog_line *l, int64_t start_ms)
{
	int64_t d = start_ms - l->start_ms;
	size_t i;

	for (i = 0; i < l->nwords; i++) {
		l->words[i].start_ms += d;
		l->words[i].end_ms += d;
	}
	l->start_ms = start_ms;
}
