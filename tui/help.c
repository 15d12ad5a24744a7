#include "config.h"

#include <curses.h>

#include "tui/tui.h"

/* Rows of the overlay given the screen. */
static void
help_size(struct app *a, int *h, int *w, int *rows)
{
	int n = 0;
	const char *what;

	while (keys_help(n, &what) != NULL)
		n++;
	*rows = n;
	*w = a->cols - 4 < 78 ? a->cols - 4 : 78;
	*h = n + 4;
	if (*h > a->rows - 2)
		*h = a->rows - 2;
}

/* A frame drawn with the same glyphs as the rest of the screen (no ACS). */
static void
frame(WINDOW *w, int h, int width)
{
	const char *hl = text_utf8() ? "\xe2\x94\x80" : "-";
	const char *corners[4] = { "+", "+", "+", "+" };
	int x, y;

	if (text_utf8()) {
		corners[0] = "\xe2\x94\x8c";
		corners[1] = "\xe2\x94\x90";
		corners[2] = "\xe2\x94\x94";
		corners[3] = "\xe2\x94\x98";
	}
	for (y = 0; y < h; y++) {
		for (x = 0; x < width; x++) {
			const char *g = NULL;

			if ((y == 0 || y == h - 1) && (x == 0 || x == width - 1))
				g = corners[(y > 0) * 2 + (x > 0)];
			else if (y == 0 || y == h - 1)
				g = hl;
			else if (x == 0 || x == width - 1)
				g = text_glyph_vline();
			if (g != NULL) {
				wmove(w, y, x);
				text_put(w, g, 1);
			}
		}
	}
}

void
help_draw(struct app *a)
{
	WINDOW *w;
	int h, width, rows, y, i, names, keyw;

	help_size(a, &h, &width, &rows);
	if (h < 3 || width < 20)
		return;
	if (a->help_top > rows - (h - 4))
		a->help_top = rows - (h - 4);
	if (a->help_top < 0)
		a->help_top = 0;
	w = newwin(h, width, (a->rows - h) / 2, (a->cols - width) / 2);
	if (w == NULL)
		return;
	wattrset(w, colour_attr(EL_NORMAL));
	werase(w);
	frame(w, h, width);
	wmove(w, 0, 2);
	wattrset(w, colour_attr(EL_HEADER));
	text_put(w, " earmark keys ", width - 4);
	/* Narrow, the action names (for key.NAME in the config) give way to the text. */
	names = width >= 60;
	keyw = width >= 50 ? 14 : 10;
	for (y = 2, i = a->help_top; y < h - 2; y++, i++) {
		const char *what, *key = keys_help(i, &what);

		if (key == NULL)
			break;
		wmove(w, y, 2);
		wattrset(w, colour_attr(EL_TIME));
		text_put_pad(w, key, keyw);
		wattrset(w, colour_attr(EL_NORMAL));
		if (!names) {
			text_put(w, what, width - 3 - getcurx(w));
			continue;
		}
		text_put(w, what, width - 18 - text_width(keys_action_name(i)) - 1);
		wattrset(w, colour_attr(EL_DIM));
		for (int n = width - 2 - text_width(keys_action_name(i)) - getcurx(w); n > 0; n--)
			waddch(w, ' ');
		text_put(w, keys_action_name(i), width - 2 - getcurx(w));
	}
	wmove(w, h - 1, 2);
	wattrset(w, colour_attr(EL_DIM));
	text_put(w, " j/k scroll, any other key closes; key.NAME = KEY in the config ", width - 4);
	wnoutrefresh(w);
	delwin(w);
}

unsigned int
help_key(struct app *a, int key)
{
	if (key == 'j' || key == KEY_DOWN) {
		a->help_top++;
		return DIRTY_STATUS;
	}
	if (key == 'k' || key == KEY_UP) {
		a->help_top--;
		return DIRTY_STATUS;
	}
	a->help = 0;
	return DIRTY_ALL;
}
