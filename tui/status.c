#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "player/player.h"
#include "tui/tui.h"

static const char *hint = "Enter play  Space pause  \xe2\x86\x90\xe2\x86\x92 seek  m mark  b clip"
    "  / search  c clips  ? help  q quit";
static const char *hint_ascii = "Enter play  Space pause  <-/-> seek  m mark  b clip"
    "  / search  c clips  ? help  q quit";

/*
 * Whether the clock's tick at t can wait for the transcript line or the
 * word that begins less than half a second later, so that both go out in
 * one write.
 */
int
status_tick_waits(struct app *a, int64_t t)
{
	int next = a->current + 1;
	int64_t d = -1, word;

	if (a->play_episode == 0 || a->play_episode != a->tr_episode)
		return 0;
	if (next >= 0 && next < a->nlines)
		d = a->starts[next] - t;
	if ((word = transcript_word_next(a, t)) > t && (d <= 0 || word - t < d))
		d = word - t;
	return d > 0 && d < 500;
}

/* The progress bar between elapsed and total, width columns. */
static void
draw_bar(WINDOW *w, int64_t t, int64_t total, int width)
{
	int fill = 0, x;

	if (width <= 0)
		return;
	if (total > 0 && t > 0)
		fill = (int)((t * width) / total);
	if (fill > width)
		fill = width;
	wattrset(w, colour_attr(EL_PROGRESS));
	for (x = 0; x < width; x++)
		text_put(w, x < fill ? text_glyph_bar_full() : text_glyph_bar_empty(), 1);
	wattrset(w, colour_attr(EL_NORMAL));
}

/* Speed, loop, mute, a pending mark or count: short words after the time. */
static void
status_flags(struct app *a, WINDOW *w, int width)
{
	char buf[64], t[16];
	double r = player_rate(a->player);

	wattrset(w, colour_attr(EL_MESSAGE));
	if (r < 0.95 || r > 1.05) {
		snprintf(buf, sizeof buf, "%.1fx ", r);
		text_put(w, buf, width - getcurx(w));
	}
	if (a->loop && a->play_clip != 0)
		text_put(w, "loop ", width - getcurx(w));
	if (player_mute(a->player))
		text_put(w, "muted ", width - getcurx(w));
	if (!player_audible(a->player))
		text_put(w, a->opts->silent ? "silent " : "no sound device ", width - getcurx(w));
	if (sync_active(a))
		text_put(w, "SYNC ", width - getcurx(w));
	if (a->mark_in >= 0) {
		text_time(t, sizeof t, a->mark_in);
		snprintf(buf, sizeof buf, "in %s ", t);
		text_put(w, buf, width - getcurx(w));
	}
	if (a->count > 0) {
		snprintf(buf, sizeof buf, "%d ", a->count);
		text_put(w, buf, width - getcurx(w));
	}
	wattrset(w, colour_attr(EL_NORMAL));
}

/* The state word and glyph for the first status row. */
static const char *
state_label(enum player_state s, const char **glyph)
{
	switch (s) {
	case PLAYER_PLAYING:
		*glyph = text_glyph_play();
		return "playing";
	case PLAYER_PAUSED:
		*glyph = text_glyph_pause();
		return "paused";
	case PLAYER_OPENING:
		*glyph = "~";
		return "opening";
	case PLAYER_ENDED:
		*glyph = " ";
		return "ended";
	case PLAYER_ERROR:
		*glyph = "!";
		return "error";
	default:
		*glyph = " ";
		return "stopped";
	}
}

void
status_draw(struct app *a)
{
	WINDOW *w = a->status;
	enum player_state s = player_state(a->player);
	const char *glyph, *label = state_label(s, &glyph);
	char times[48], t0[16], t1[16];
	int64_t t = player_time(a->player), total = player_length(a->player);
	int width, bar;

	if (w == NULL)
		return;
	width = getmaxx(w);
	if (total <= 0)
		total = a->play_duration;
	wmove(w, 0, 0);
	wattrset(w, colour_attr(EL_STATUS));
	text_put(w, glyph, 1);
	waddch(w, ' ');
	a->bar_w = 0;
	if (a->play_episode == 0 || s == PLAYER_IDLE) {
		text_put(w, label, width - 2);
		wattrset(w, colour_attr(EL_NORMAL));
		wclrtoeol(w);
	} else {
		if (t < 0)
			t = 0;
		a->shown_second = t / 1000;
		text_time(t0, sizeof t0, t);
		text_time(t1, sizeof t1, total);
		snprintf(times, sizeof times, "%-7s ", label);
		text_put(w, times, width - 2);
		/* The clock changes every second: plain text, so a tick sends only its digits. */
		wattrset(w, colour_attr(EL_NORMAL));
		snprintf(times, sizeof times, "%s / %s ", t0, t1);
		text_put(w, times, width - getcurx(w));
		status_flags(a, w, width);
		wattrset(w, colour_attr(EL_NORMAL));
		bar = width / 4;
		if (width - getcurx(w) - bar < 12)
			bar = 0;
		a->bar_y = getbegy(w);
		a->bar_x = getbegx(w) + getcurx(w);
		a->bar_w = bar;
		draw_bar(w, t, total, bar);
		waddch(w, ' ');
		if (a->play_clip != 0)
			text_put(w, "clip of ", width - getcurx(w));
		wattrset(w, colour_attr(EL_PLAYING));
		text_put(w, a->play_title ? a->play_title : "", width - getcurx(w));
		wattrset(w, colour_attr(EL_NORMAL));
		if (getcurx(w) < width - 1)
			wclrtoeol(w);
	}
	if (getmaxy(w) > 1 && a->prompt) {
		prompt_draw(a, w, 1, width);
	} else if (getmaxy(w) > 1) {
		wmove(w, 1, 0);
		if (a->message != NULL) {
			wattrset(w, colour_attr(a->message_error ? EL_ERROR : EL_MESSAGE));
			text_put(w, a->message, width);
		} else {
			wattrset(w, colour_attr(EL_DIM));
			text_put(w, sync_active(a) ? sync_hint() : text_utf8() ? hint : hint_ascii,
			    width);
		}
		wattrset(w, colour_attr(EL_NORMAL));
		if (getcurx(w) < width - 1)
			wclrtoeol(w);
	}
	wnoutrefresh(w);
}
