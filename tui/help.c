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
	*w = a->cols - 4 < 60 ? a->cols - 4 : 60;
	*h = n + 4;
	if (*h > a->rows - 2)
		*h = a->rows - 2;
}

void
help_draw(struct app *a)
{
	WINDOW *w;
	int h, width, rows, y, i;

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
	box(w, 0, 0);
	wmove(w, 0, 2);
	wattrset(w, colour_attr(EL_HEADER));
	text_put(w, " earmark keys ", width - 4);
	for (y = 2, i = a->help_top; y < h - 2; y++, i++) {
		const char *what, *key = keys_help(i, &what);

		if (key == NULL)
			break;
		wmove(w, y, 2);
		wattrset(w, colour_attr(EL_TIME));
		text_put_pad(w, key, 14);
		wattrset(w, colour_attr(EL_NORMAL));
		text_put(w, what, width - 18);
	}
	wmove(w, h - 1, 2);
	wattrset(w, colour_attr(EL_DIM));
	text_put(w, " j/k scroll, any other key closes ", width - 4);
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
