/*
 * Sync mode of the transcript pane: while the episode plays, each stamp
 * fixes the start of the next line at the time being heard; Backspace
 * undoes, < and > nudge the line under the cursor. Every stamp is written
 * to the catalog at once (catalog/lines.c re-places the lines around it),
 * so nothing made is lost when the terminal goes away.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* How far one < or > moves a line. */
#define SYNC_NUDGE_MS 100

/* A change to undo: where the line was before and whether it was stamped. */
struct sync_undo {
	int64_t line_id;
	int64_t start_ms;
	int stamped;
};

struct sync {
	int active;
	int64_t active_episode;    /* The episode being synced. */
	int64_t episode;           /* Whose flags are loaded; 0 when none are. */
	unsigned char *stamped;    /* One per line of a->lines. */
	int n;
	int nstamped;
	int next;                  /* Line the next stamp goes to, -1 when none is left. */
	struct sync_undo *undo;
	int nundo, capundo;
};

static struct sync *
sync_get(struct app *a)
{
	if (a->sync == NULL)
		a->sync = xcalloc(1, sizeof *a->sync);
	return a->sync;
}

/*
 * Reads the lines' times and stamps again into a->lines; -1 when the rows no
 * longer match them (the transcript changed under us), as far as they do.
 */
static int
sync_load(struct app *a)
{
	struct sync *s = sync_get(a);
	struct catalog_line_time *t;
	int i, n = a->nlines, got;

	free(s->stamped);
	s->stamped = xcalloc((size_t)(n > 0 ? n : 1), 1);
	s->n = n;
	s->nstamped = 0;
	s->episode = a->tr_episode;
	if (n == 0)
		return 0;
	t = xcalloc((size_t)n, sizeof *t);
	got = catalog_line_times(a->cat, a->tr_episode, 0, n, t);
	for (i = 0; i < got && i < n; i++) {
		if (t[i].id != a->lines[i].id)
			break;
		transcript_line_move(&a->lines[i], t[i].start_ms);
		a->starts[i] = t[i].start_ms;
		a->lines[i].end_ms = t[i].end_ms;
		s->stamped[i] = (unsigned char)t[i].stamped;
		s->nstamped += t[i].stamped;
	}
	free(t);
	if (got < 0)
		app_message(a, 1, "cannot read the stamps: %s", catalog_error(a->cat));
	return got >= 0 && i < n ? -1 : 0;
}

/* The flags of the transcript shown, loaded when they are not. */
static struct sync *
sync_flags(struct app *a)
{
	struct sync *s = sync_get(a);

	if (s->episode != a->tr_episode || s->n != a->nlines)
		sync_load(a);
	return s;
}

void
sync_forget(struct app *a)
{
	if (a->sync == NULL)
		return;
	if (a->sync->active && a->sync->active_episode != a->tr_episode) {
		a->sync->active = 0;
		a->sync->nundo = 0;
		app_message(a, 0, "sync mode off: the transcript pane shows another episode");
	}
	a->sync->episode = 0;
}

void
sync_free(struct app *a)
{
	if (a->sync == NULL)
		return;
	free(a->sync->stamped);
	free(a->sync->undo);
	free(a->sync);
	a->sync = NULL;
}

int
sync_active(struct app *a)
{
	return a->sync != NULL && a->sync->active;
}

const char *
sync_gutter(struct app *a, int row)
{
	struct sync *s;

	if (a->nlines == 0)
		return NULL;
	s = sync_flags(a);
	if (row < 0 || row >= s->n)
		return NULL;
	if (s->active && row == s->next)
		return text_utf8() ? "\xe2\x80\xba" : "~";
	if (s->stamped[row])
		return text_utf8() ? "\xe2\x9c\x93" : "*";
	return NULL;
}

const char *
sync_header(struct app *a)
{
	static char buf[96];
	struct sync *s;
	const char *follow = "";

	if (a->nlines == 0)
		return NULL;
	s = sync_flags(a);
	if (a->play_episode != 0 && a->play_episode == a->tr_episode)
		follow = a->follow ? ", following" : ", following off (f)";
	if (s->active)
		snprintf(buf, sizeof buf, "SYNC %d/%d stamped%s ", s->nstamped, s->n, follow);
	else if (s->nstamped > 0)
		snprintf(buf, sizeof buf, "hand-synced %d/%d%s ", s->nstamped, s->n, follow);
	else
		return NULL;
	return buf;
}

const char *
sync_hint(void)
{
	static char buf[400];
	char stamp[64], undo[64], earlier[64], later[64];

	snprintf(stamp, sizeof stamp, "%s", keys_of("sync-stamp"));
	snprintf(undo, sizeof undo, "%s", keys_of("sync-undo"));
	snprintf(earlier, sizeof earlier, "%s", keys_of("sync-earlier"));
	snprintf(later, sizeof later, "%s", keys_of("sync-later"));
	snprintf(buf, sizeof buf, "SYNC: %s stamps the next line  %s undoes  %s %s nudge 0.1 s"
	    "  %s leaves", stamp, undo, earlier, later, keys_of("sync-leave"));
	return buf;
}

/* The first unstamped line from row on, else from the top; -1 when all are stamped. */
static int
sync_next_from(struct sync *s, int row)
{
	int i;

	for (i = row < 0 ? 0 : row; i < s->n; i++) {
		if (!s->stamped[i])
			return i;
	}
	for (i = 0; i < s->n && i < row; i++) {
		if (!s->stamped[i])
			return i;
	}
	return -1;
}

/* The line under the cursor, or the one being heard while following. */
static int
sync_cursor(struct app *a)
{
	if (a->follow && a->current >= 0 && a->play_episode == a->tr_episode)
		return a->current;
	return a->list[PANE_TRANSCRIPT].sel;
}

unsigned int
sync_enter(struct app *a)
{
	struct sync *s;
	char stamp[64];

	if (a->focus != PANE_TRANSCRIPT || a->nlines == 0) {
		app_message(a, 0, "S syncs a transcript by hand: open one in the transcript pane");
		return DIRTY_STATUS;
	}
	if (catalog_read_only(a->cat)) {
		app_message(a, 1, "the catalog is read-only: stamps could not be kept");
		return DIRTY_STATUS;
	}
	s = sync_flags(a);
	s->active = 1;
	s->active_episode = a->tr_episode;
	s->nundo = 0;
	s->next = sync_next_from(s, sync_cursor(a));
	snprintf(stamp, sizeof stamp, "%s", keys_of("sync-stamp"));
	app_message(a, 0, "sync mode: play, and press %s as each line begins (%s leaves)",
	    stamp, keys_of("sync-leave"));
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
sync_leave(struct app *a)
{
	struct sync *s = sync_get(a);

	s->active = 0;
	s->nundo = 0;
	app_message(a, 0, "sync mode off: %d of %d lines stamped", s->nstamped, s->n);
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

static void
sync_push(struct sync *s, const struct catalog_line *l, int stamped)
{
	if (s->nundo == s->capundo) {
		s->capundo = s->capundo == 0 ? 16 : s->capundo * 2;
		s->undo = xreallocarray(s->undo, (size_t)s->capundo, sizeof *s->undo);
	}
	s->undo[s->nundo].line_id = l->id;
	s->undo[s->nundo].start_ms = l->start_ms;
	s->undo[s->nundo].stamped = stamped;
	s->nundo++;
}

/* Index of the line with id, or -1. */
static int
sync_line_index(struct app *a, int64_t id)
{
	int i;

	for (i = 0; i < a->nlines; i++) {
		if (a->lines[i].id == id)
			return i;
	}
	return -1;
}

/* After a change: the new times on screen and the current line again. */
static unsigned int
sync_changed(struct app *a)
{
	enum player_state st = player_state(a->player);

	if (sync_load(a) != 0) {
		/* The lines changed order or number under us: read them all again. */
		app_transcript_load(a, a->tr_episode);
		sync_load(a);
	}
	if (a->play_episode == a->tr_episode && (st == PLAYER_PLAYING || st == PLAYER_PAUSED))
		a->current = transcript_index_at(a->starts, a->nlines, player_time(a->player));
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

/* Sets line i's start to t as a stamp, remembering how to undo it. */
static int
sync_set(struct app *a, int i, int64_t t)
{
	struct sync *s = sync_flags(a);
	struct catalog_line old = a->lines[i];

	if (catalog_line_stamp(a->cat, a->lines[i].id, t) != 0) {
		app_message(a, 1, "not stamped: %s", catalog_error(a->cat));
		return -1;
	}
	sync_push(s, &old, s->stamped[i]);
	return 0;
}

unsigned int
sync_stamp(struct app *a)
{
	struct sync *s = sync_flags(a);
	enum player_state st = player_state(a->player);
	int i = s->next;
	char when[16];
	int64_t t;

	if (a->play_episode != a->tr_episode || (st != PLAYER_PLAYING && st != PLAYER_PAUSED)) {
		app_message(a, 0, "play this episode to stamp its lines (Enter outside sync mode)");
		return DIRTY_STATUS;
	}
	if (i < 0 || i >= s->n || s->stamped[i]) {
		s->next = i = sync_next_from(s, i);
		if (i < 0) {
			app_message(a, 0, "every line is stamped");
			return DIRTY_STATUS;
		}
	}
	t = player_time(a->player);
	if (sync_set(a, i, t) != 0)
		return DIRTY_STATUS;
	sync_changed(a);
	s->next = sync_next_from(s, i + 1);
	if (s->next <= i)
		s->next = -1;
	text_time(when, sizeof when, t);
	app_message(a, 0, "line %d starts at %s (%d of %d stamped)", i + 1, when, s->nstamped,
	    s->n);
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
sync_undo(struct app *a)
{
	struct sync *s = sync_flags(a);
	int i, rc;

	if (s->nundo > 0) {
		struct sync_undo *u = &s->undo[--s->nundo];

		if ((i = sync_line_index(a, u->line_id)) < 0)
			return DIRTY_STATUS;
		if (u->stamped)
			rc = catalog_line_stamp(a->cat, u->line_id, u->start_ms);
		else if ((rc = catalog_line_unstamp(a->cat, u->line_id, u->start_ms)) != 0)
			rc = catalog_line_unstamp(a->cat, u->line_id, -1);
	} else {
		/* Nothing done in this sitting: the stamped line before the next one. */
		for (i = (s->next < 0 ? s->n : s->next) - 1; i >= 0 && !s->stamped[i]; i--)
			/* nothing */;
		if (i < 0) {
			app_message(a, 0, "no stamp to undo");
			return DIRTY_STATUS;
		}
		rc = catalog_line_unstamp(a->cat, a->lines[i].id, -1);
	}
	if (rc != 0) {
		app_message(a, 1, "cannot undo: %s", catalog_error(a->cat));
		return DIRTY_STATUS;
	}
	sync_changed(a);
	if (i < s->n && !s->stamped[i])
		s->next = i;
	app_message(a, 0, "line %d: stamp undone (%d of %d stamped)", i + 1, s->nstamped, s->n);
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

unsigned int
sync_nudge(struct app *a, int dir)
{
	int i = sync_cursor(a), steps = a->count > 0 ? a->count : 1;
	int64_t t;
	char when[16];

	if (i < 0 || i >= a->nlines)
		return 0;
	t = a->lines[i].start_ms + (int64_t)dir * steps * SYNC_NUDGE_MS;
	if (t < 0)
		t = 0;
	if (sync_set(a, i, t) != 0)
		return DIRTY_STATUS;
	sync_changed(a);
	text_time(when, sizeof when, t);
	app_message(a, 0, "line %d starts at %s.%d", i + 1, when, (int)(t % 1000) / 100);
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}
