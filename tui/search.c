#include "config.h"

#include <ctype.h>
#include <stdio.h>
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

/*
 * Where to start drawing s in avail columns so that its first match (between
 * [ and ]) shows: s itself when it fits, else a word start that leaves about a
 * third of the room before the match.
 */
static const char *
snippet_start(const char *s, int avail)
{
	const char	*open = strchr(s, '['), *close, *p;
	char		*part;
	int		 before, match;

	if (open == NULL || (close = strchr(open, ']')) == NULL)
		return (s);
	part = xstrndup(s, (size_t)(close - s));
	before = text_width(part) - text_width(part + (open - s));
	match = text_width(part + (open - s) + 1);
	free(part);
	if (before + match < avail - 1)
		return (s);
	for (p = s; p < open; p++) {
		if (*p != ' ')
			continue;
		part = xstrndup(p + 1, (size_t)(open - p - 1));
		before = text_width(part);
		free(part);
		if (before <= avail / 3)
			return (p + 1);
	}
	return (open);
}

/* Draws a snippet, the words between [ and ] in the match colour. */
static void
put_snippet(WINDOW *w, const char *s, int width, int cursor)
{
	const char *p = snippet_start(s, width - getcurx(w));
	int in = 0;

	if (p != s) {
		if (!cursor)
			wattrset(w, colour_attr(EL_DIM));
		waddstr(w, text_utf8() ? "\xe2\x80\xa6" : "...");
	}

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
	/* Lines and clips show their time; an episode found by its title or notes says so. */
	if (h->kind == 1)
		snprintf(t, sizeof t, "episode");
	else
		text_time(t, sizeof t, h->start_ms);
	if (!cursor)
		wattrset(w, colour_attr(h->kind == 2 ? EL_BOOKMARK : EL_TIME));
	text_put_pad(w, t, 7);
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

/* Whether text holds one of the query's words (case folded, ASCII letters). */
static int
line_matches(const char *text, const char *query)
{
	char word[64];
	const char *q = query;

	while (*q != '\0') {
		size_t n = 0;

		while (*q != '\0' && !((unsigned char)*q >= 0x80 || isalnum((unsigned char)*q)))
			q++;
		while (*q != '\0' && ((unsigned char)*q >= 0x80 || isalnum((unsigned char)*q) ||
		    *q == '\'')) {
			if (n + 1 < sizeof word)
				word[n++] = *q;
			q++;
		}
		word[n] = '\0';
		if (n > 0 && strcasestr(text, word) != NULL)
			return 1;
	}
	return 0;
}

unsigned int
search_next(struct app *a, int dir)
{
	struct list *l = &a->list[PANE_TRANSCRIPT];
	int from, i = -1, k, total = 0, nth = 0;

	if (a->query == NULL) {
		app_message(a, 0, "no search yet: / searches every transcript");
		return DIRTY_STATUS;
	}
	if (a->nlines == 0)
		return 0;
	from = a->follow && a->current >= 0 ? a->current : l->sel;
	for (k = 1; k <= a->nlines; k++) {
		i = ((from + dir * k) % a->nlines + a->nlines) % a->nlines;
		if (a->lines[i].text != NULL && line_matches(a->lines[i].text, a->query))
			break;
	}
	if (k > a->nlines || i < 0) {
		app_message(a, 0, "\"%s\" is not in this transcript", a->query);
		return DIRTY_STATUS;
	}
	for (k = 0; k < a->nlines; k++) {
		if (a->lines[k].text != NULL && line_matches(a->lines[k].text, a->query)) {
			total++;
			if (k <= i)
				nth++;
		}
	}
	l->sel = i;
	a->follow = 0;
	a->follow_off_at = app_now_ms();
	if (a->focus != PANE_TRANSCRIPT) {
		a->focus = PANE_TRANSCRIPT;
		a->dirty |= a->wide ? DIRTY_PANES : DIRTY_ALL;
	}
	app_message(a, 0, "\"%s\": line %d of %d in this transcript (Enter plays it)", a->query,
	    nth, total);
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}
