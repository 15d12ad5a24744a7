#include "config.h"

#include <curses.h>

#include "tui/tui.h"

static int
row_height(struct list *l, int row, int width)
{
	int h;

	if (l->row_height == NULL)
		return 1;
	h = l->row_height(l->ctx, row, width);
	return h < 1 ? 1 : h;
}

void
list_reset(struct list *l, int count)
{
	l->count = count < 0 ? 0 : count;
	l->top = 0;
	l->sel = l->count > 0 ? 0 : -1;
}

int
list_set(struct list *l, int row)
{
	int old = l->sel;

	if (l->count == 0) {
		l->sel = -1;
		return old != -1;
	}
	if (row < 0)
		row = 0;
	if (row >= l->count)
		row = l->count - 1;
	l->sel = row;
	return old != row;
}

int
list_move(struct list *l, int delta)
{
	return list_set(l, (l->sel < 0 ? 0 : l->sel) + delta);
}

void
list_show(struct list *l, int row, int height, int width)
{
	int used, r;

	if (row < 0 || l->count == 0) {
		l->top = 0;
		return;
	}
	if (row < l->top) {
		l->top = row;
		return;
	}
	/* Move top down until rows top..row fit. */
	for (;;) {
		used = 0;
		for (r = l->top; r <= row; r++)
			used += row_height(l, r, width);
		if (used <= height || l->top == row)
			break;
		l->top++;
	}
}

void
list_place(struct list *l, int row, int height, int width)
{
	int above = height / 3, used = 0;

	if (row < 0) {
		l->top = 0;
		return;
	}
	l->top = row;
	while (l->top > 0) {
		int h = row_height(l, l->top - 1, width);

		if (used + h > above)
			break;
		used += h;
		l->top--;
	}
}

int
list_visible(struct list *l, int height, int width)
{
	int used = 0, r, n = 0;

	for (r = l->top; r < l->count; r++) {
		used += row_height(l, r, width);
		if (used > height)
			break;
		n++;
	}
	return n > 0 ? n : 1;
}

void
list_draw(struct list *l, WINDOW *w, int y0, int height, int width)
{
	int y = y0, r, n;

	if (l->top > 0 && l->top >= l->count)
		l->top = l->count - 1;
	if (l->top < 0)
		l->top = 0;
	n = l->count - l->top;
	if (n > height)
		n = height;
	if (l->page != NULL && n > 0)
		l->page(l->ctx, l->top, n);
	for (r = l->top; r < l->count && y < y0 + height; r++) {
		int h = row_height(l, r, width);

		if (y + h > y0 + height)
			h = y0 + height - y;
		l->row_draw(l->ctx, w, y, r, h, width);
		y += h;
	}
	for (; y < y0 + height; y++) {
		wmove(w, y, 0);
		wclrtoeol(w);
	}
}
