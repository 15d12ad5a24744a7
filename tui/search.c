#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* Most hits one search lists. */
#define SEARCH_MAX_HITS 200

static void
hits_free(struct app *a)
{
	int i;

	for (i = 0; i < a->nhits; i++)
		catalog_hit_clear(&a->hits[i]);
	free(a->hits);
	a->hits = NULL;
	a->nhits = 0;
}

/* Draws a snippet, the words between [ and ] in the match colour. */
static void
put_snippet(WINDOW *w, const char *s, int width, int cursor)
{
	const char *p = s;
	int in = 0;

	while (*p != '\0' && getcurx(w) < width) {
		const char *q = p + strcspn(p, in ? "]" : "[");
		char *part = xstrndup(p, (size_t)(q - p));

		if (!cursor)
			wattrset(w, colour_attr(in ? EL_CURRENT : EL_NORMAL));
		text_put(w, part, width - getcurx(w));
		free(part);
		if (*q == '\0')
			break;
		in = !in;
		p = q + 1;
	}
}

static void
draw_hit(void *ctx, WINDOW *w, int y, int row, int height, int width)
{
	struct app *a = ctx;
	struct catalog_hit *h = &a->hits[row];
	int cursor = row == a->list[PANE_CLIPS].sel;
	char t[16];

	wmove(w, y, 0);
	wattrset(w, colour_attr(cursor ? (a->focus == PANE_CLIPS ? EL_CURSOR : EL_CURSOR_DIM) :
	    EL_NORMAL));
	waddch(w, ' ');
	if (!cursor)
		wattrset(w, colour_attr(EL_DIM));
	text_put(w, h->episode_title ? h->episode_title : "", width / 4);
	waddch(w, ' ');
	text_time(t, sizeof t, h->start_ms);
	if (!cursor)
		wattrset(w, colour_attr(EL_TIME));
	text_put(w, t, 8);
	waddch(w, ' ');
	put_snippet(w, h->snippet ? h->snippet : "", width, cursor);
	if (cursor) {
		int x;

		for (x = getcurx(w); x < width && x > 0; x++)
			waddch(w, ' ');
	} else {
		wattrset(w, colour_attr(EL_NORMAL));
		if (getcurx(w) > 0)
			wclrtoeol(w);
	}
}

void
search_run(struct app *a, const char *query)
{
	struct list *l = &a->list[PANE_CLIPS];
	int n;

	hits_free(a);
	a->hits = xcalloc(SEARCH_MAX_HITS, sizeof *a->hits);
	n = catalog_search(a->cat, query, 0, SEARCH_MAX_HITS, a->hits);
	if (n < 0) {
		app_message(a, 1, "search failed: %s", catalog_error(a->cat));
		n = 0;
	}
	a->nhits = n;
	free(a->query);
	a->query = xstrdup(query);
	a->show_hits = 1;
	l->page = NULL;
	l->row_draw = draw_hit;
	list_reset(l, n);
	a->focus = PANE_CLIPS;
	if (n == 0)
		app_message(a, 0, "nothing found for \"%s\"", query);
	else
		app_message(a, 0, "%d line%s found: Enter plays, Esc returns to the clips", n,
		    n == 1 ? "" : "s");
	a->dirty |= DIRTY_ALL;
}

void
search_close(struct app *a)
{
	if (!a->show_hits)
		return;
	hits_free(a);
	a->show_hits = 0;
	panes_init_lists(a);
	app_reload_clips(a);
	a->dirty |= DIRTY_ALL;
}

void
search_play(struct app *a)
{
	struct catalog_hit *h;
	int sel = a->list[PANE_CLIPS].sel;

	if (sel < 0 || sel >= a->nhits)
		return;
	h = &a->hits[sel];
	app_play_episode(a, h->episode_id, h->start_ms > 1000 ? h->start_ms - 1000 : 0);
}

void
search_free(struct app *a)
{
	hits_free(a);
	free(a->query);
	a->query = NULL;
}
