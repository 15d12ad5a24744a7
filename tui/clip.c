#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Words in a clip's default title. */
#define TITLE_WORDS 8
/* Shortest clip; and how far , and . look past the current time. */
#define CLIP_MIN_MS 200
#define NAV_SLACK_MS 2000

/* Whether the transcript pane shows what is being played. */
static int
hearing(struct app *a)
{
	enum player_state s = player_state(a->player);

	return a->play_episode != 0 && a->play_episode == a->tr_episode &&
	    (s == PLAYER_PLAYING || s == PLAYER_PAUSED);
}

/* The start of the transcript line being heard at t, or t without a transcript. */
static int64_t
snap_start(struct app *a, int64_t t)
{
	int i = transcript_index_at(a->starts, a->nlines, t);

	return i >= 0 ? a->lines[i].start_ms : t;
}

/* The end of the line being heard at t (t itself in a gap after it), or t. */
static int64_t
snap_end(struct app *a, int64_t t)
{
	int i = transcript_index_at(a->starts, a->nlines, t);

	if (i < 0)
		return t;
	return a->lines[i].end_ms > a->lines[i].start_ms ? a->lines[i].end_ms : t;
}

/* The transcript text that overlaps start..end, joined with spaces. */
static char *
quote_of(struct app *a, int64_t start, int64_t end)
{
	struct strbuf q = STRBUF_INIT;
	int i;

	for (i = 0; i < a->nlines; i++) {
		struct catalog_line *l = &a->lines[i];

		if (l->end_ms <= start || l->start_ms >= end || l->text == NULL)
			continue;
		if (l->end_ms <= l->start_ms && l->start_ms < start)
			continue;
		if (q.len > 0)
			strbuf_add(&q, " ", 1);
		strbuf_puts(&q, l->text);
	}
	return q.s;
}

/* The first words of the quote, or the time when there is none. */
static char *
default_title(const char *quote, int64_t start)
{
	char t[16];
	const char *p;
	int words = 0;

	if (quote == NULL || quote[0] == '\0') {
		text_time(t, sizeof t, start);
		return xasprintf("Clip at %s", t);
	}
	for (p = quote; *p != '\0'; p++) {
		if (*p == ' ' && p > quote && p[-1] != ' ' && ++words == TITLE_WORDS)
			break;
	}
	if (*p == '\0')
		return xstrdup(quote);
	/* A sentence that ends there needs no ellipsis after its full stop. */
	while (p > quote && strchr(".,;:!?", p[-1]) != NULL)
		p--;
	return xasprintf("%.*s...", (int)(p - quote), quote);
}

/* Saves a bookmark of the transcript's episode from start to end. */
static int64_t
save_clip(struct app *a, int64_t start, int64_t end, const char *title)
{
	struct catalog_clip k;
	char *quote = quote_of(a, start, end), *def = NULL;
	int64_t id;

	memset(&k, 0, sizeof k);
	k.episode_id = a->tr_episode;
	k.start_ms = start;
	k.end_ms = end;
	k.kind = CLIP_BOOKMARK;
	k.quote = quote;
	if (title == NULL || title[0] == '\0')
		title = def = default_title(quote, start);
	k.title = (char *)title;
	id = catalog_clip_add(a->cat, &k);
	if (id < 0)
		app_message(a, 1, "clip not saved: %s", catalog_error(a->cat));
	else {
		char t0[16], t1[16];

		text_time(t0, sizeof t0, start);
		text_time(t1, sizeof t1, end);
		app_message(a, 0, "saved the clip %s-%s \"%s\"", t0, t1, title);
		if (a->episode_id == a->tr_episode || a->clips_all)
			app_reload_clips(a);
		a->dirty |= DIRTY_EPISODES | DIRTY_CLIPS;
	}
	free(quote);
	free(def);
	return id;
}

unsigned int
clip_range(struct app *a, int64_t start, int64_t end, const char *title)
{
	char t[16];

	if (a->tr_episode <= 0) {
		app_message(a, 1, "clip: no episode; play one or put the cursor on one");
		return DIRTY_STATUS;
	}
	if (end < start + CLIP_MIN_MS) {
		app_message(a, 1, "clip: the end must come after the start");
		return DIRTY_STATUS;
	}
	if (a->play_duration > 0 && a->play_episode == a->tr_episode &&
	    start >= a->play_duration) {
		text_time(t, sizeof t, a->play_duration);
		app_message(a, 1, "clip: the episode ends at %s", t);
		return DIRTY_STATUS;
	}
	save_clip(a, start, end, title);
	return DIRTY_CLIPS | DIRTY_EPISODES | DIRTY_STATUS;
}

/* Holds a clip until the title prompt is answered. */
static void
pend(struct app *a, int64_t start, int64_t end)
{
	char *quote = quote_of(a, start, end), *title = default_title(quote, start);

	clip_pending_cancel(a);
	a->pending = xcalloc(1, sizeof *a->pending);
	a->pending->episode_id = a->tr_episode;
	a->pending->start_ms = start;
	a->pending->end_ms = end;
	prompt_open(a, PROMPT_NEW_CLIP, title);
	free(quote);
	free(title);
}

void
clip_pending_save(struct app *a, const char *title)
{
	if (a->pending == NULL)
		return;
	if (a->pending->episode_id == a->tr_episode)
		save_clip(a, a->pending->start_ms, a->pending->end_ms, title);
	clip_pending_cancel(a);
}

void
clip_pending_cancel(struct app *a)
{
	if (a->pending != NULL) {
		free(a->pending);
		a->pending = NULL;
	}
	a->mark_in = -1;
	a->sel_anchor = -1;
	a->dirty |= DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
clip_mark(struct app *a, int exact)
{
	char t[16];
	int64_t now, end;

	if (!hearing(a)) {
		app_message(a, 0, "play an episode first: m marks the moment being heard");
		return DIRTY_STATUS;
	}
	now = player_time(a->player);
	if (a->mark_in < 0) {
		a->mark_exact = exact;
		a->mark_in = exact ? now : snap_start(a, now);
		text_time(t, sizeof t, a->mark_in);
		app_message(a, 0, "in at %s: m again (or Enter) marks the out-point, Esc cancels", t);
		return DIRTY_STATUS | DIRTY_TRANSCRIPT;
	}
	end = a->mark_exact && exact ? now : snap_end(a, now);
	if (end < a->mark_in + CLIP_MIN_MS) {
		/* Marked on the same line: the clip is that line. */
		end = snap_end(a, a->mark_in);
		if (end < a->mark_in + CLIP_MIN_MS)
			end = a->mark_in + CLIP_MIN_MS;
	}
	pend(a, a->mark_in, end);
	return DIRTY_ALL & ~DIRTY_LAYOUT;
}

unsigned int
clip_quick(struct app *a)
{
	int64_t now, start, end;

	if (!hearing(a)) {
		app_message(a, 0, "play an episode first: b keeps the last %d seconds",
		    a->cfg.quick_clip_ms / 1000);
		return DIRTY_STATUS;
	}
	now = player_time(a->player);
	end = snap_end(a, now);
	start = now > a->cfg.quick_clip_ms ? now - a->cfg.quick_clip_ms : 0;
	start = snap_start(a, start);
	if (end < start + CLIP_MIN_MS)
		end = start + CLIP_MIN_MS;
	save_clip(a, start, end, NULL);
	return DIRTY_CLIPS | DIRTY_STATUS;
}

unsigned int
clip_line(struct app *a)
{
	int line = a->list[PANE_TRANSCRIPT].sel;
	struct catalog_line *l;

	if (a->follow && hearing(a) && a->current >= 0)
		line = a->current;
	if (line < 0 || line >= a->nlines) {
		app_message(a, 1, "no transcript line to bookmark");
		return DIRTY_STATUS;
	}
	l = &a->lines[line];
	save_clip(a, l->start_ms, l->end_ms > l->start_ms ? l->end_ms : l->start_ms + 1000,
	    NULL);
	return DIRTY_CLIPS | DIRTY_STATUS;
}

unsigned int
clip_select(struct app *a)
{
	struct list *l = &a->list[PANE_TRANSCRIPT];

	if (a->sel_anchor >= 0) {
		a->sel_anchor = -1;
		app_message(a, 0, "selection cancelled");
		return DIRTY_TRANSCRIPT | DIRTY_STATUS;
	}
	if (a->nlines == 0) {
		app_message(a, 0, "no transcript to select from");
		return DIRTY_STATUS;
	}
	if (a->focus != PANE_TRANSCRIPT) {
		a->focus = PANE_TRANSCRIPT;
		a->dirty |= a->wide ? DIRTY_PANES : DIRTY_ALL;
	}
	if (a->follow && a->current >= 0)
		l->sel = a->current;
	if (l->sel < 0)
		l->sel = 0;
	a->follow = 0;
	a->follow_off_at = app_now_ms();
	a->sel_anchor = l->sel;
	app_message(a, 0, "selecting lines: move to extend, Enter makes a clip, Esc cancels");
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
clip_select_done(struct app *a)
{
	int from = a->sel_anchor, to = a->list[PANE_TRANSCRIPT].sel, t;
	int64_t end;

	if (from > to) {
		t = from;
		from = to;
		to = t;
	}
	if (from < 0 || to >= a->nlines)
		return 0;
	end = a->lines[to].end_ms;
	if (end < a->lines[from].start_ms + CLIP_MIN_MS)
		end = a->lines[from].start_ms + CLIP_MIN_MS;
	pend(a, a->lines[from].start_ms, end);
	a->sel_anchor = -1;
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

/* The clip under the clips cursor, which must be the user's own. */
static int
own_clip(struct app *a, struct catalog_clip *k)
{
	struct list *l = &a->list[PANE_CLIPS];

	if (a->focus != PANE_CLIPS || a->show_hits || l->sel < 0 ||
	    app_clip_at(a, l->sel, k) != 0) {
		app_message(a, 0, "select one of your clips in the clips pane first");
		return -1;
	}
	if (k->kind != CLIP_BOOKMARK) {
		app_message(a, 1, "%s clips come from the feed; make your own with b, m or v",
		    catalog_clip_kind_name(k->kind));
		catalog_clip_clear(k);
		return -1;
	}
	return 0;
}

/* The line boundary next to t in direction dir: starts (ends = 0) or ends. */
static int64_t
line_step(struct app *a, int64_t t, int dir, int ends)
{
	int i;

	if (dir < 0) {
		for (i = a->nlines - 1; i >= 0; i--) {
			int64_t b = ends ? a->lines[i].end_ms : a->lines[i].start_ms;

			if (b < t)
				return b;
		}
	} else {
		for (i = 0; i < a->nlines; i++) {
			int64_t b = ends ? a->lines[i].end_ms : a->lines[i].start_ms;

			if (b > t)
				return b;
		}
	}
	return t + dir * 1000;
}

unsigned int
clip_refine(struct app *a, int which, int dir)
{
	struct catalog_clip k;
	int64_t *edge, old;
	char t0[16], t1[16];
	char *quote;

	if (own_clip(a, &k) != 0)
		return DIRTY_STATUS;
	if (a->tr_episode != k.episode_id)
		app_transcript_load(a, k.episode_id);
	edge = which == 0 ? &k.start_ms : &k.end_ms;
	old = *edge;
	if (a->count > 0)
		*edge += (int64_t)dir * a->count * 1000;
	else
		*edge = line_step(a, *edge, dir, which != 0);
	if (*edge < 0)
		*edge = 0;
	if (k.end_ms < k.start_ms + CLIP_MIN_MS) {
		app_message(a, 1, "a clip must end after it starts");
		catalog_clip_clear(&k);
		return DIRTY_STATUS;
	}
	quote = quote_of(a, k.start_ms, k.end_ms);
	free(k.quote);
	k.quote = quote;
	if (catalog_clip_update(a->cat, &k) != 0)
		app_message(a, 1, "not changed: %s", catalog_error(a->cat));
	else {
		text_time(t0, sizeof t0, old);
		text_time(t1, sizeof t1, *edge);
		app_message(a, 0, "%s moved from %s to %s", which == 0 ? "start" : "end", t0, t1);
	}
	catalog_clip_clear(&k);
	app_reload_clips(a);
	return DIRTY_CLIPS | DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
clip_edit(struct app *a)
{
	struct catalog_clip k;

	if (own_clip(a, &k) != 0)
		return DIRTY_STATUS;
	a->edit_clip = k.id;
	prompt_open(a, PROMPT_TITLE, k.title);
	catalog_clip_clear(&k);
	return DIRTY_STATUS;
}

/* Changes one text field of the clip being edited. */
static void
edit_field(struct app *a, const char *title, const char *note)
{
	struct catalog_clip k;

	memset(&k, 0, sizeof k);
	if (a->edit_clip <= 0 || catalog_clip_get(a->cat, a->edit_clip, &k) != 0)
		return;
	if (title != NULL) {
		free(k.title);
		k.title = xstrdup(title);
	}
	if (note != NULL) {
		free(k.note);
		k.note = note[0] != '\0' ? xstrdup(note) : NULL;
	}
	if (catalog_clip_update(a->cat, &k) != 0)
		app_message(a, 1, "not changed: %s", catalog_error(a->cat));
	else if (note != NULL)
		app_message(a, 0, "saved the title and note");
	if (title != NULL)
		prompt_open(a, PROMPT_NOTE, k.note);
	catalog_clip_clear(&k);
	app_reload_clips(a);
}

void
clip_edit_title(struct app *a, const char *title)
{
	if (title[0] == '\0') {
		app_message(a, 1, "a clip needs a title");
		return;
	}
	edit_field(a, title, NULL);
}

void
clip_edit_note(struct app *a, const char *note)
{
	edit_field(a, NULL, note);
	a->edit_clip = 0;
}

unsigned int
clip_nav(struct app *a, int dir)
{
	struct catalog_clip ks[256];
	int64_t now, target = -1;
	int i, n;

	if (a->play_episode == 0) {
		app_message(a, 0, "nothing is playing");
		return DIRTY_STATUS;
	}
	now = player_time(a->player);
	n = catalog_clips(a->cat, a->play_episode, 0, 256, ks);
	for (i = 0; i < n; i++) {
		int64_t s = ks[i].start_ms;

		if (dir < 0 && s < now - NAV_SLACK_MS && (target < 0 || s > target))
			target = s;
		if (dir > 0 && s > now + 500 && (target < 0 || s < target))
			target = s;
		catalog_clip_clear(&ks[i]);
	}
	if (target < 0) {
		if (dir > 0) {
			app_message(a, 0, "no later chapter or clip");
			return DIRTY_STATUS;
		}
		target = 0;
	}
	player_seek(a->player, target);
	a->follow = 1;
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}
