#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

static const char *pane_names[PANE_COUNT] = { "Podcasts", "Episodes", "Clips", "Transcript" };
static const char *hits_name = "Search";

/* Rows of the status area at the bottom. */
#define STATUS_ROWS 2

static void
delete_windows(struct app *a)
{
	int p;

	for (p = 0; p < PANE_COUNT; p++) {
		if (a->win[p] != NULL)
			delwin(a->win[p]);
		a->win[p] = NULL;
	}
	if (a->sep != NULL)
		delwin(a->sep);
	if (a->status != NULL)
		delwin(a->status);
	a->sep = a->status = NULL;
}

static void
make_pane(struct app *a, enum pane p, int h, int w, int y, int x)
{
	if (h < 1 || w < 1)
		return;
	a->win[p] = newwin(h, w, y, x);
	/* Let curses scroll with the terminal's own line insert and delete. */
	if (a->win[p] != NULL) {
		idlok(a->win[p], TRUE);
		leaveok(a->win[p], TRUE);
	}
	a->pane_h[p] = h - 1;
	a->pane_w[p] = w;
}

void
panes_layout(struct app *a)
{
	int body, left, right, top, clips;

	delete_windows(a);
	getmaxyx(stdscr, a->rows, a->cols);
	body = a->rows - STATUS_ROWS;
	if (body < 2)
		body = a->rows > 1 ? a->rows - 1 : 1;
	memset(a->pane_h, 0, sizeof a->pane_h);
	a->wide = a->cols >= 80 && body >= 10;
	if (a->wide) {
		left = a->cols * 2 / 5;
		if (left < 28)
			left = 28;
		if (left > 48)
			left = 48;
		right = a->cols - left - 1;
		top = a->list[PANE_PODCASTS].count + 1;
		if (top < 3)
			top = 3;
		if (top > body / 4)
			top = body / 4 > 3 ? body / 4 : 3;
		make_pane(a, PANE_PODCASTS, top, left, 0, 0);
		make_pane(a, PANE_EPISODES, body - top, left, top, 0);
		a->sep = newwin(body, 1, 0, left);
		leaveok(a->sep, TRUE);
		clips = body / 3 > 4 ? body / 3 : 4;
		make_pane(a, PANE_CLIPS, clips, right, 0, left + 1);
		make_pane(a, PANE_TRANSCRIPT, body - clips, right, clips, left + 1);
	} else
		make_pane(a, a->focus, body, a->cols, 0, 0);
	if (a->rows > body) {
		a->status = newwin(a->rows - body, a->cols, body, 0);
		/* The cursor is hidden: never spend bytes moving it back. */
		if (a->status != NULL)
			leaveok(a->status, TRUE);
	}
	clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
}

/* Sets the attribute of a list row: cursor rows stand out, more so in the focused pane. */
static int
row_attr(struct app *a, enum pane p, int row)
{
	if (row != a->list[p].sel)
		return colour_attr(EL_NORMAL);
	return colour_attr(a->focus == p ? EL_CURSOR : EL_CURSOR_DIM);
}

/* Draws s in element e unless the row is the cursor row, which keeps its own attribute. */
static void
put_el(WINDOW *w, int cursor, enum element e, const char *s, int width)
{
	if (!cursor)
		wattrset(w, colour_attr(e));
	text_put(w, s, width);
}

/*
 * Writes spaces up to column x. Bounded by a count, not by the cursor, which
 * wraps to the next row after the last column.
 */
static void
pad_to(WINDOW *w, int x)
{
	int n;

	for (n = x - getcurx(w); n > 0; n--)
		waddch(w, ' ');
}

/* Fills the rest of a row: the cursor's colour runs to the edge. */
static void
row_finish(WINDOW *w, int cursor, int width)
{
	int x = getcurx(w);

	if (!cursor) {
		wattrset(w, colour_attr(EL_NORMAL));
		wclrtoeol(w);
		return;
	}
	for (; x < width; x++)
		waddch(w, ' ');
}

static void
page_podcasts(void *ctx, int first, int n)
{
	struct app *a = ctx;
	int i;

	int cont = a->ncontinue > 0;

	for (i = 0; i < a->npods; i++)
		catalog_podcast_clear(&a->pods[i]);
	a->pods = xreallocarray(a->pods, (size_t)n, sizeof *a->pods);
	memset(a->pods, 0, (size_t)n * sizeof *a->pods);
	/* Row 0 may be "Continue listening": podcasts start below it. */
	if (cont && first == 0) {
		a->pods[0].title = xstrdup("Continue listening");
		a->pods[0].id = CATALOG_CONTINUE;
		a->pods[0].episodes = a->ncontinue;
		a->npods = catalog_podcasts(a->cat, 0, n - 1, a->pods + 1);
		a->npods = a->npods < 0 ? 1 : a->npods + 1;
	} else {
		a->npods = catalog_podcasts(a->cat, first - cont, n, a->pods);
		if (a->npods < 0)
			a->npods = 0;
	}
	a->pods_first = first;
}

static void
draw_podcast(void *ctx, WINDOW *w, int y, int row, int height, int width)
{
	struct app *a = ctx;
	struct catalog_podcast *p;
	int cursor = row == a->list[PANE_PODCASTS].sel;
	char count[24];

	wmove(w, y, 0);
	wattrset(w, row_attr(a, PANE_PODCASTS, row));
	if (row - a->pods_first >= a->npods) {
		wclrtoeol(w);
		return;
	}
	p = &a->pods[row - a->pods_first];
	snprintf(count, sizeof count, " %d ", p->episodes);
	waddch(w, ' ');
	text_put(w, p->title ? p->title : "(untitled)", width - 1 - (int)strlen(count));
	pad_to(w, width - (int)strlen(count));
	put_el(w, cursor, EL_DIM, count, (int)strlen(count));
	row_finish(w, cursor, width);
}

static void
page_episodes(void *ctx, int first, int n)
{
	struct app *a = ctx;
	int i;

	for (i = 0; i < a->neps; i++)
		catalog_episode_clear(&a->eps[i]);
	a->eps = xreallocarray(a->eps, (size_t)n, sizeof *a->eps);
	memset(a->eps, 0, (size_t)n * sizeof *a->eps);
	a->neps = a->podcast_id != 0 ?
	    catalog_episodes(a->cat, a->podcast_id, first, n, a->eps) : 0;
	if (a->neps < 0)
		a->neps = 0;
	a->eps_first = first;
}

static void
draw_episode(void *ctx, WINDOW *w, int y, int row, int height, int width)
{
	struct app *a = ctx;
	struct catalog_episode *e;
	int cursor = row == a->list[PANE_EPISODES].sel;
	char num[16], dur[16];
	int playing, tw;

	wmove(w, y, 0);
	wattrset(w, row_attr(a, PANE_EPISODES, row));
	if (row - a->eps_first >= a->neps) {
		wclrtoeol(w);
		return;
	}
	e = &a->eps[row - a->eps_first];
	playing = e->id == a->play_episode;
	if (playing)
		put_el(w, cursor, EL_PLAYING, text_glyph_play(), 1);
	else if (e->played)
		put_el(w, cursor, EL_DIM, text_utf8() ? "\xe2\x9c\x93" : "v", 1);
	else if (e->resume_ms > 0)
		put_el(w, cursor, EL_DIM, text_utf8() ? "\xe2\x97\x94" : "~", 1);
	else
		waddch(w, ' ');
	if (!cursor)
		wattrset(w, colour_attr(EL_NORMAL));
	if (e->number > 0)
		snprintf(num, sizeof num, "%3d ", e->number);
	else
		snprintf(num, sizeof num, "    ");
	put_el(w, cursor, EL_DIM, num, width - 1);
	dur[0] = '\0';
	if (e->duration_ms > 0)
		text_time(dur, sizeof dur, e->duration_ms);
	tw = width - 1 - (int)strlen(num) - (int)strlen(dur) - 1;
	put_el(w, cursor, playing ? EL_PLAYING : e->played ? EL_DIM : EL_NORMAL,
	    e->title ? e->title : "", tw);
	if (!cursor)
		wattrset(w, colour_attr(EL_NORMAL));
	pad_to(w, width - (int)strlen(dur));
	put_el(w, cursor, EL_TIME, dur, (int)strlen(dur));
	row_finish(w, cursor, width);
}

static void
page_clips(void *ctx, int first, int n)
{
	struct app *a = ctx;
	int i;

	for (i = 0; i < a->nclips; i++)
		catalog_clip_clear(&a->clips[i]);
	a->clips = xreallocarray(a->clips, (size_t)n, sizeof *a->clips);
	memset(a->clips, 0, (size_t)n * sizeof *a->clips);
	a->nclips = clips_view_page(a, first, n, a->clips);
	if (a->nclips < 0)
		a->nclips = 0;
	a->clips_first = first;
}

static const char *
kind_glyph(enum clip_kind k)
{
	static const char *utf8[] = { "\xc2\xa7", "\xe2\x99\xaa", "\xe2\x86\xb3", "\xe2\x98\x85" };
	static const char *ascii[] = { "#", "~", ">", "*" };

	if (k >= CLIP_KIND_COUNT)
		return "?";
	return text_utf8() ? utf8[k] : ascii[k];
}

static void
draw_clip(void *ctx, WINDOW *w, int y, int row, int height, int width)
{
	struct app *a = ctx;
	struct catalog_clip *c;
	int cursor = row == a->list[PANE_CLIPS].sel;
	char t0[16], t1[16], range[40], src[160];

	wmove(w, y, 0);
	wattrset(w, row_attr(a, PANE_CLIPS, row));
	if (row - a->clips_first >= a->nclips) {
		wclrtoeol(w);
		return;
	}
	c = &a->clips[row - a->clips_first];
	waddch(w, ' ');
	put_el(w, cursor, c->kind == CLIP_BOOKMARK ? EL_BOOKMARK : EL_KIND, kind_glyph(c->kind), 1);
	text_time(t0, sizeof t0, c->start_ms);
	text_time(t1, sizeof t1, c->end_ms);
	snprintf(range, sizeof range, " %5s-%-5s ", t0, t1);
	put_el(w, cursor, EL_TIME, range, width - 2);
	src[0] = '\0';
	if (c->kind == CLIP_SEGMENT && c->source_episode_id > 0) {
		struct catalog_episode e;

		memset(&e, 0, sizeof e);
		if (catalog_episode_get(a->cat, c->source_episode_id, &e) == 0) {
			text_time(t0, sizeof t0, c->source_start_ms);
			if (e.number > 0)
				snprintf(src, sizeof src, " (from #%d at %s)", e.number, t0);
			else
				snprintf(src, sizeof src, " (from another episode at %s)", t0);
			catalog_episode_clear(&e);
		}
	}
	if (a->clips_all && c->episode_title != NULL) {
		put_el(w, cursor, EL_DIM, c->episode_title, width / 4);
		put_el(w, cursor, EL_DIM, ": ", 2);
	}
	put_el(w, cursor, c->id == a->play_clip ? EL_PLAYING : EL_NORMAL,
	    c->title ? c->title : "", width - getcurx(w) - text_width(src));
	if (c->note != NULL && c->note[0] != '\0')
		put_el(w, cursor, EL_DIM, " +note", width - getcurx(w) - text_width(src));
	put_el(w, cursor, EL_DIM, src, width - getcurx(w));
	row_finish(w, cursor, width);
}

void
panes_init_lists(struct app *a)
{
	static void (*pages[])(void *, int, int) = { page_podcasts, page_episodes, page_clips };
	static void (*draws[])(void *, WINDOW *, int, int, int, int) = {
		draw_podcast, draw_episode, draw_clip
	};
	int p;

	for (p = 0; p < PANE_TRANSCRIPT; p++) {
		a->list[p].ctx = a;
		a->list[p].page = pages[p];
		a->list[p].row_draw = draws[p];
	}
	transcript_list_init(a);
}

/* The pane's title row: the focused pane stands out; narrow screens show tabs. */
void
panes_header(struct app *a, enum pane p, const char *detail, const char *right)
{
	WINDOW *w = a->win[p];
	int width = a->pane_w[p], q, rw = right ? text_width(right) : 0;

	wmove(w, 0, 0);
	wattrset(w, colour_attr(a->focus == p ? EL_HEADER_FOCUS : EL_HEADER));
	if (!a->wide) {
		for (q = 0; q < PANE_COUNT && getcurx(w) < width - 1; q++) {
			wattrset(w, colour_attr(q == (int)p ? EL_HEADER_FOCUS : EL_DIM));
			text_put(w, " ", 1);
			text_put(w, q == PANE_CLIPS && a->show_hits ? hits_name : pane_names[q],
			    width - getcurx(w));
			text_put(w, " ", width - getcurx(w));
		}
		wattrset(w, colour_attr(EL_HEADER));
	} else {
		text_put(w, " ", 1);
		text_put(w, p == PANE_CLIPS && a->show_hits ? hits_name : pane_names[p], width - 1);
	}
	if (detail != NULL && detail[0] != '\0' && getcurx(w) < width - rw - 4) {
		text_put(w, ": ", 2);
		text_put(w, detail, width - getcurx(w) - rw - 1);
	}
	pad_to(w, width - rw < width - 1 ? width - rw : width - 1);
	if (right != NULL && getcurx(w) + rw <= width)
		text_put(w, right, rw);
	if (getcurx(w) < width - 1 || (getcurx(w) == width - 1 && a->focus == p))
		wclrtoeol(w);
	wattrset(w, colour_attr(EL_NORMAL));
}

/* A hint in an empty pane. */
static void
draw_empty(struct app *a, enum pane p, const char *hint)
{
	WINDOW *w = a->win[p];
	int y;

	for (y = 1; y <= a->pane_h[p]; y++) {
		wmove(w, y, 0);
		wclrtoeol(w);
	}
	if (a->pane_h[p] >= 1) {
		wmove(w, 1, 1);
		wattrset(w, colour_attr(EL_DIM));
		text_put(w, hint, a->pane_w[p] - 2);
		wattrset(w, colour_attr(EL_NORMAL));
	}
}

static void
draw_list_pane(struct app *a, enum pane p, const char *detail, const char *empty)
{
	char right[32];
	struct list *l = &a->list[p];

	if (a->win[p] == NULL)
		return;
	right[0] = '\0';
	if (l->count > 0)
		snprintf(right, sizeof right, "%d/%d ", l->sel + 1, l->count);
	panes_header(a, p, detail, right);
	if (l->count == 0) {
		draw_empty(a, p, empty);
	} else {
		list_show(l, l->sel, a->pane_h[p], a->pane_w[p]);
		list_draw(l, a->win[p], 1, a->pane_h[p], a->pane_w[p]);
	}
	wnoutrefresh(a->win[p]);
}

/*
 * A bench aid: when EARMARK_TRACE_FIRST_DRAW names a file, the wall-clock
 * time of the first doupdate() is written there (seconds since the epoch).
 */
static void
trace_first_draw(void)
{
	static int done;
	const char *path;
	struct timespec ts;
	FILE *f;

	if (done)
		return;
	done = 1;
	if ((path = getenv("EARMARK_TRACE_FIRST_DRAW")) == NULL || *path == '\0')
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	if ((f = fopen(path, "we")) == NULL)
		return;
	fprintf(f, "%lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	fclose(f);
}

void
panes_draw(struct app *a, unsigned int dirty)
{
	if (dirty & DIRTY_LAYOUT) {
		panes_layout(a);
		dirty |= DIRTY_ALL;
	}
	if (a->sep != NULL && (dirty & DIRTY_LAYOUT)) {
		int y;

		wattrset(a->sep, colour_attr(EL_DIM));
		for (y = 0; y < getmaxy(a->sep); y++) {
			wmove(a->sep, y, 0);
			text_put(a->sep, text_glyph_vline(), 1);
		}
		wnoutrefresh(a->sep);
	}
	if (dirty & DIRTY_PODCASTS)
		draw_list_pane(a, PANE_PODCASTS, NULL,
		    "No podcasts yet. Try earmark --demo, or earmark import FEED.xml");
	if (dirty & DIRTY_EPISODES)
		draw_list_pane(a, PANE_EPISODES, NULL,
		    a->list[PANE_PODCASTS].count == 0 ?
		    "The catalog is empty: run earmark --demo for the demo podcast, "
		    "or earmark import FEED.xml to add one." : "No episodes.");
	if ((dirty & DIRTY_CLIPS) && a->show_hits)
		draw_list_pane(a, PANE_CLIPS, a->query, "Nothing found. Esc returns to the clips.");
	else if ((dirty & DIRTY_CLIPS) && a->clips_all) {
		char *title = clips_view_title(a);

		draw_list_pane(a, PANE_CLIPS, title, "No clip matches. t, p and / change the filter.");
		free(title);
	} else if (dirty & DIRTY_CLIPS)
		draw_list_pane(a, PANE_CLIPS, a->episode_title,
		    "No clips yet: b keeps the last 30 s, m marks in and out.");
	if ((dirty & DIRTY_TRANSCRIPT) && a->win[PANE_TRANSCRIPT] != NULL)
		transcript_draw(a);
	else if ((dirty & DIRTY_WORD) && a->win[PANE_TRANSCRIPT] != NULL)
		transcript_draw_word(a);
	if (dirty & (DIRTY_STATUS | DIRTY_TRANSCRIPT))
		status_draw(a);
	if (a->help)
		help_draw(a);
	doupdate();
	trace_first_draw();
}

void
panes_free(struct app *a)
{
	int i;

	delete_windows(a);
	for (i = 0; i < a->npods; i++)
		catalog_podcast_clear(&a->pods[i]);
	for (i = 0; i < a->neps; i++)
		catalog_episode_clear(&a->eps[i]);
	for (i = 0; i < a->nclips; i++)
		catalog_clip_clear(&a->clips[i]);
	free(a->pods);
	free(a->eps);
	free(a->clips);
	a->pods = NULL;
	a->eps = NULL;
	a->clips = NULL;
	a->npods = a->neps = a->nclips = 0;
}
