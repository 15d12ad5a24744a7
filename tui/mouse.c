#include "config.h"

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"

/*
 * The mouse, when asked for (--mouse, mouse = on): a click focuses the pane
 * under it and puts the cursor on the row clicked, a second click on that row
 * acts as Enter, the wheel moves the cursor of the pane under the pointer,
 * and a click on the progress bar seeks there. Off by default, since a
 * terminal that reports the mouse no longer selects text with it.
 */

#define MOUSE_WHEEL_ROWS 3
#define MOUSE_DOUBLE_MS 400

void
mouse_enable(int on)
{
	if (!on)
		return;
	/*
	 * Releases are asked for only to be ignored: without them ncurses 6.4
	 * leaves an SGR release report half read and blocks on the terminal.
	 */
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	/* Presses are acted on at once, not held back to tell clicks apart. */
	mouseinterval(0);
}

/* The pane whose window holds screen cell y, x, and the row under its title there. */
static int
mouse_pane(struct app *a, int y, int x, int *rel)
{
	int	p, by, bx, h, w;

	for (p = 0; p < PANE_COUNT; p++) {
		if (a->win[p] == NULL)
			continue;
		getbegyx(a->win[p], by, bx);
		getmaxyx(a->win[p], h, w);
		if (y >= by && y < by + h && x >= bx && x < bx + w) {
			*rel = y - by - 1;
			return (p);
		}
	}
	return (-1);
}

/* The list row drawn at row rel of pane p (rows may wrap), or -1. */
static int
mouse_row(struct app *a, enum pane p, int rel)
{
	struct list	*l = &a->list[p];
	int		 r, y = 0, h;

	if (rel < 0)
		return (-1);
	for (r = l->top; r < l->count && y < a->pane_h[p]; r++) {
		h = l->row_height != NULL ? l->row_height(l->ctx, r, a->pane_w[p]) : 1;
		if (rel < y + h)
			return (r);
		y += h;
	}
	return (-1);
}

/* Seeks to where on the progress bar column x lies. */
static unsigned int
mouse_bar(struct app *a, int x)
{
	enum player_state	s = player_state(a->player);
	int64_t			total = player_length(a->player);

	if (total <= 0)
		total = a->play_duration;
	if ((s != PLAYER_PLAYING && s != PLAYER_PAUSED) || total <= 0 || a->bar_w <= 0)
		return (0);
	player_seek(a->player, total * (x - a->bar_x) / a->bar_w);
	a->follow = 1;
	return (DIRTY_STATUS | DIRTY_TRANSCRIPT);
}

unsigned int
mouse_key(struct app *a)
{
	static int64_t	 last_at;	/* The last press on a row, for a second one. */
	static int	 last_pane = -1, last_row = -1;
	MEVENT		 ev;
	unsigned int	 dirty = 0;
	int		 p, rel, row, i, twice;

	if (getmouse(&ev) != OK ||
	    !(ev.bstate & (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED)))
		return (0);
	if ((ev.bstate & BUTTON1_PRESSED) && a->bar_w > 0 && ev.y == a->bar_y &&
	    ev.x >= a->bar_x && ev.x < a->bar_x + a->bar_w)
		return (mouse_bar(a, ev.x));
	if ((p = mouse_pane(a, ev.y, ev.x, &rel)) < 0)
		return (0);
	if (p != (int)a->focus)
		dirty |= keys_focus(a, (enum pane)p);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		for (i = 0; i < MOUSE_WHEEL_ROWS; i++)
			dirty |= keys_run(a, ev.bstate & BUTTON4_PRESSED ? "up" : "down");
		return (dirty);
	}
	if ((row = mouse_row(a, p, rel)) < 0)
		return (dirty);
	twice = p == last_pane && row == last_row &&
	    app_now_ms() - last_at <= MOUSE_DOUBLE_MS;
	last_pane = p;
	last_row = row;
	last_at = app_now_ms();
	dirty |= keys_move_to(a, row);
	if (twice) {
		last_row = -1;
		dirty |= keys_run(a, "play");
	}
	return (dirty);
}
