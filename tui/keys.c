#include "config.h"

#include <string.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"

/* Seek steps of Left and Right, and of H, L and the shifted arrows. */
#define SEEK_STEP_MS 5000
#define SEEK_LONG_MS 30000

typedef unsigned int (*key_fn)(struct app *);

static unsigned int
moved(struct app *a, int changed)
{
	struct list *l = &a->list[a->focus];

	if (!changed)
		return 0;
	if (a->focus == PANE_TRANSCRIPT) {
		if (a->play_episode == a->tr_episode && a->follow) {
			a->follow = 0;
			a->dirty |= DIRTY_STATUS;
		}
		a->follow_off_at = app_now_ms();
		return DIRTY_TRANSCRIPT;
	}
	(void)l;
	app_select(a, a->focus);
	return a->focus == PANE_PODCASTS ? DIRTY_PANES : DIRTY_EPISODES | DIRTY_CLIPS |
	    DIRTY_TRANSCRIPT | (a->focus == PANE_CLIPS ? DIRTY_CLIPS : 0);
}

/* When following, the transcript cursor starts from the line being heard. */
static void
unfollow_cursor(struct app *a)
{
	if (a->focus == PANE_TRANSCRIPT && a->follow && a->current >= 0)
		a->list[PANE_TRANSCRIPT].sel = a->current;
}

static unsigned int
key_down(struct app *a)
{
	unfollow_cursor(a);
	return moved(a, list_move(&a->list[a->focus], a->count > 0 ? a->count : 1));
}

static unsigned int
key_up(struct app *a)
{
	unfollow_cursor(a);
	return moved(a, list_move(&a->list[a->focus], -(a->count > 0 ? a->count : 1)));
}

static unsigned int
key_page_down(struct app *a)
{
	struct list *l = &a->list[a->focus];
	int n = list_visible(l, a->pane_h[a->focus], a->pane_w[a->focus]);

	unfollow_cursor(a);
	return moved(a, list_move(l, n > 1 ? n - 1 : 1));
}

static unsigned int
key_page_up(struct app *a)
{
	struct list *l = &a->list[a->focus];
	int n = list_visible(l, a->pane_h[a->focus], a->pane_w[a->focus]);

	unfollow_cursor(a);
	return moved(a, list_move(l, -(n > 1 ? n - 1 : 1)));
}

static unsigned int
key_home(struct app *a)
{
	return moved(a, list_set(&a->list[a->focus], 0));
}

static unsigned int
key_end(struct app *a)
{
	return moved(a, list_set(&a->list[a->focus], a->list[a->focus].count - 1));
}

static unsigned int
focus(struct app *a, enum pane p)
{
	a->focus = p;
	if (!a->wide)
		return DIRTY_ALL;
	return DIRTY_PANES;
}

static unsigned int
key_next_pane(struct app *a)
{
	return focus(a, (enum pane)((a->focus + 1) % PANE_COUNT));
}

static unsigned int
key_prev_pane(struct app *a)
{
	return focus(a, (enum pane)((a->focus + PANE_COUNT - 1) % PANE_COUNT));
}

static unsigned int
key_enter(struct app *a)
{
	struct catalog_clip clip;
	struct list *l = &a->list[a->focus];

	if (a->mark_in >= 0)
		return clip_mark(a, a->mark_exact);
	if (a->sel_anchor >= 0 && a->focus == PANE_TRANSCRIPT)
		return clip_select_done(a);
	switch (a->focus) {
	case PANE_PODCASTS:
		return focus(a, PANE_EPISODES);
	case PANE_EPISODES:
		if (a->episode_id > 0)
			app_play_episode(a, a->episode_id, -1);
		break;
	case PANE_CLIPS:
		if (a->show_hits) {
			search_play(a);
			break;
		}
		if (l->sel >= 0 && app_clip_at(a, l->sel, &clip) == 0) {
			if (catalog_clip_reanchor(a->cat, clip.id) == 1) {
				catalog_clip_clear(&clip);
				catalog_clip_get(a->cat, l->sel >= 0 ? clip.id : 0, &clip);
			}
			app_play_clip(a, &clip);
			catalog_clip_clear(&clip);
		}
		break;
	case PANE_TRANSCRIPT:
		app_play_line(a, l->sel);
		break;
	default:
		break;
	}
	return DIRTY_PANES | DIRTY_STATUS;
}

/* On a segment of a compilation: play its source episode from where the segment came. */
static unsigned int
key_source(struct app *a)
{
	struct catalog_clip clip;
	struct list *l = &a->list[PANE_CLIPS];

	if (a->focus != PANE_CLIPS || a->show_hits || l->sel < 0 ||
	    app_clip_at(a, l->sel, &clip) != 0) {
		app_message(a, 0, "o opens the source of a segment in the clips pane");
		return DIRTY_STATUS;
	}
	if (clip.kind != CLIP_SEGMENT || clip.source_episode_id <= 0)
		app_message(a, 0, "this clip is not taken from another episode");
	else
		app_play_episode(a, clip.source_episode_id, clip.source_start_ms);
	catalog_clip_clear(&clip);
	return DIRTY_PANES | DIRTY_STATUS;
}

static unsigned int
key_pause(struct app *a)
{
	enum player_state s = player_state(a->player);

	if (s == PLAYER_PLAYING || s == PLAYER_PAUSED) {
		player_toggle(a->player);
		if (s == PLAYER_PLAYING)
			app_save_position(a);
	} else if (a->play_episode != 0 && (s == PLAYER_ENDED || s == PLAYER_IDLE)) {
		if (a->play_clip != 0) {
			struct catalog_clip clip;

			if (catalog_clip_get(a->cat, a->play_clip, &clip) == 0) {
				app_play_clip(a, &clip);
				catalog_clip_clear(&clip);
			}
		} else
			app_play_episode(a, a->play_episode, -1);
	} else if (a->focus == PANE_EPISODES || a->focus == PANE_PODCASTS)
		return key_enter(a);
	else
		app_message(a, 0, "nothing is playing: Enter plays the episode, clip or line");
	return DIRTY_STATUS | DIRTY_EPISODES | DIRTY_TRANSCRIPT;
}

static unsigned int
seek_by(struct app *a, int64_t delta)
{
	enum player_state s = player_state(a->player);
	int64_t t;

	if (s != PLAYER_PLAYING && s != PLAYER_PAUSED) {
		app_message(a, 0, "nothing is playing");
		return DIRTY_STATUS;
	}
	t = player_time(a->player) + delta;
	player_seek(a->player, t < 0 ? 0 : t);
	a->follow = 1;
	return DIRTY_STATUS | DIRTY_TRANSCRIPT;
}

static unsigned int
key_back(struct app *a)
{
	return seek_by(a, -SEEK_STEP_MS);
}

static unsigned int
key_forward(struct app *a)
{
	return seek_by(a, SEEK_STEP_MS);
}

static unsigned int
key_stop(struct app *a)
{
	app_save_position(a);
	player_stop(a->player);
	a->play_episode = 0;
	a->play_clip = 0;
	a->current = -1;
	if (a->episode_id != a->tr_episode)
		app_transcript_load(a, a->episode_id);
	return DIRTY_PANES | DIRTY_STATUS;
}

static unsigned int
key_mark(struct app *a)
{
	return clip_mark(a, 0);
}

static unsigned int
key_mark_exact(struct app *a)
{
	return clip_mark(a, 1);
}

static unsigned int
key_quick(struct app *a)
{
	return clip_quick(a);
}

static unsigned int
key_line(struct app *a)
{
	return clip_line(a);
}

static unsigned int
key_select(struct app *a)
{
	return clip_select(a);
}

static unsigned int
key_start_back(struct app *a)
{
	return clip_refine(a, 0, -1);
}

static unsigned int
key_start_on(struct app *a)
{
	return clip_refine(a, 0, 1);
}

static unsigned int
key_end_back(struct app *a)
{
	return clip_refine(a, 1, -1);
}

static unsigned int
key_end_on(struct app *a)
{
	return clip_refine(a, 1, 1);
}

static unsigned int
key_edit(struct app *a)
{
	return clip_edit(a);
}

static unsigned int
key_prev_clip(struct app *a)
{
	return clip_nav(a, -1);
}

static unsigned int
key_next_clip(struct app *a)
{
	return clip_nav(a, 1);
}

static unsigned int
key_clips_view(struct app *a)
{
	clips_view_toggle(a);
	return DIRTY_ALL;
}

static unsigned int
key_back_long(struct app *a)
{
	return seek_by(a, -SEEK_LONG_MS);
}

static unsigned int
key_forward_long(struct app *a)
{
	return seek_by(a, SEEK_LONG_MS);
}

/* L: loops the clip being played; with no clip, a long seek forward. */
static unsigned int
key_loop(struct app *a)
{
	if (a->play_clip == 0)
		return key_forward_long(a);
	a->loop = !a->loop;
	app_message(a, 0, a->loop ? "the clip loops (L stops that)" : "the clip plays once");
	return DIRTY_STATUS;
}

static unsigned int
speed_by(struct app *a, double d)
{
	double r = player_rate(a->player) + d;

	r = (double)(int)(r * 10 + (r < 0 ? -0.5 : 0.5)) / 10;
	player_set_rate(a->player, r);
	r = player_rate(a->player);
	if (a->play_podcast > 0)
		catalog_podcast_rate_set(a->cat, a->play_podcast, r);
	app_message(a, 0, "speed %.1fx", r);
	return DIRTY_STATUS;
}

static unsigned int
key_slower(struct app *a)
{
	return speed_by(a, -0.1);
}

static unsigned int
key_faster(struct app *a)
{
	return speed_by(a, 0.1);
}

static unsigned int
volume_by(struct app *a, int d)
{
	player_set_volume(a->player, player_volume(a->player) + d);
	app_message(a, 0, "volume %d%%%s", player_volume(a->player),
	    player_audible(a->player) ? "" : " (no sound device)");
	return DIRTY_STATUS;
}

static unsigned int
key_louder(struct app *a)
{
	return volume_by(a, 10);
}

static unsigned int
key_quieter(struct app *a)
{
	return volume_by(a, -10);
}

static unsigned int
key_mute(struct app *a)
{
	player_set_mute(a->player, !player_mute(a->player));
	app_message(a, 0, player_mute(a->player) ? "muted" : "sound on");
	return DIRTY_STATUS;
}

static unsigned int
key_delete(struct app *a)
{
	if (a->focus != PANE_CLIPS || a->show_hits) {
		app_message(a, 0, "d deletes a bookmark in the clips pane");
		return DIRTY_STATUS;
	}
	app_delete_clip(a);
	return DIRTY_CLIPS | DIRTY_STATUS;
}

static unsigned int
key_undo(struct app *a)
{
	app_undo(a);
	return DIRTY_CLIPS | DIRTY_STATUS;
}

static unsigned int
key_follow(struct app *a)
{
	a->follow = !a->follow;
	if (!a->follow)
		a->follow_off_at = app_now_ms();
	app_message(a, 0, a->follow ? "following the audio" : "following off");
	return DIRTY_TRANSCRIPT | DIRTY_STATUS;
}

static unsigned int
key_help(struct app *a)
{
	a->help = 1;
	a->help_top = 0;
	return DIRTY_STATUS;
}

static unsigned int
key_search(struct app *a)
{
	prompt_open(a, PROMPT_SEARCH, NULL);
	return DIRTY_STATUS;
}

static unsigned int
key_escape(struct app *a)
{
	if (a->mark_in >= 0 || a->sel_anchor >= 0) {
		clip_pending_cancel(a);
		app_message(a, 0, "cancelled");
		return DIRTY_TRANSCRIPT | DIRTY_STATUS;
	}
	if (a->clips_all) {
		clips_view_toggle(a);
		return DIRTY_ALL;
	}
	if (a->show_hits) {
		search_close(a);
		return DIRTY_ALL;
	}
	return 0;
}

static unsigned int
key_quit(struct app *a)
{
	a->quit = 1;
	return 0;
}

static unsigned int
key_redraw(struct app *a)
{
	return DIRTY_ALL;
}

/* Every key earmark knows; the help overlay lists them in this order. */
static const struct binding {
	int key;
	const char *label;  /* Shown in help; NULL for an alias of the row above. */
	const char *what;
	key_fn fn;
} bindings[] = {
	{ KEY_DOWN, "Down  j", "move down", key_down },
	{ 'j', NULL, NULL, key_down },
	{ KEY_UP, "Up  k", "move up", key_up },
	{ 'k', NULL, NULL, key_up },
	{ KEY_NPAGE, "PgDn  PgUp", "move by a page", key_page_down },
	{ KEY_PPAGE, NULL, NULL, key_page_up },
	{ KEY_HOME, "Home  g", "first row", key_home },
	{ 'g', NULL, NULL, key_home },
	{ KEY_END, "End  G", "last row", key_end },
	{ 'G', NULL, NULL, key_end },
	{ '\t', "Tab  S-Tab", "next / previous pane", key_next_pane },
	{ KEY_BTAB, NULL, NULL, key_prev_pane },
	{ '\r', "Enter", "play the episode, clip or line", key_enter },
	{ '\n', NULL, NULL, key_enter },
	{ KEY_ENTER, NULL, NULL, key_enter },
	{ ' ', "Space", "pause / resume", key_pause },
	{ KEY_LEFT, "Left  Right", "seek 5 s back / forward", key_back },
	{ KEY_RIGHT, NULL, NULL, key_forward },
	{ 'h', NULL, NULL, key_back },
	{ 'l', NULL, NULL, key_forward },
	{ KEY_SLEFT, "S-Left  S-Right", "seek 30 s back / forward (also H, L)", key_back_long },
	{ KEY_SRIGHT, NULL, NULL, key_forward_long },
	{ 'H', NULL, NULL, key_back_long },
	{ ',', ",  .", "previous / next chapter or clip", key_prev_clip },
	{ '.', NULL, NULL, key_next_clip },
	{ '[', "[  ]", "slower / faster (kept per podcast)", key_slower },
	{ ']', NULL, NULL, key_faster },
	{ '+', "+  -", "volume up / down", key_louder },
	{ '=', NULL, NULL, key_louder },
	{ '-', NULL, NULL, key_quieter },
	{ '0', "0", "mute / sound on", key_mute },
	{ 's', "s", "stop", key_stop },
	{ 'm', "m", "mark in, then out: a clip, snapped to lines", key_mark },
	{ 'M', "M", "mark in / out at the exact time", key_mark_exact },
	{ 'b', "b", "keep the last 30 s as a clip", key_quick },
	{ 'B', "B", "bookmark the transcript line", key_line },
	{ 'v', "v", "select transcript lines; Enter makes a clip", key_select },
	{ 'L', "L", "loop the clip (no clip: seek 30 s)", key_loop },
	{ 'c', "c", "every clip of the catalog / this episode's", key_clips_view },
	{ '<', "<  >", "clip start a line earlier / later (N<: N s)", key_start_back },
	{ '>', NULL, NULL, key_start_on },
	{ '{', "{  }", "clip end a line earlier / later (N{: N s)", key_end_back },
	{ '}', NULL, NULL, key_end_on },
	{ 'e', "e", "edit the clip's title and note", key_edit },
	{ 'o', "o", "play a segment's source episode from there", key_source },
	{ 'd', "d", "delete your clip", key_delete },
	{ 'u', "u", "undo the delete", key_undo },
	{ 'f', "f", "follow the audio in the transcript", key_follow },
	{ '/', "/", "search every transcript", key_search },
	{ 27, "Esc", "cancel; back from search or every clip", key_escape },
	{ '?', "?", "this help", key_help },
	{ 12, "Ctrl-L", "redraw the screen", key_redraw },
	{ 'q', "q", "quit (the position is saved)", key_quit },
};

const char *
keys_help(int i, const char **what)
{
	int n = (int)(sizeof bindings / sizeof bindings[0]), k, seen = 0;

	for (k = 0; k < n; k++) {
		if (bindings[k].label == NULL)
			continue;
		if (seen++ == i) {
			*what = bindings[k].what;
			return bindings[k].label;
		}
	}
	return NULL;
}

unsigned int
keys_handle(struct app *a, int key)
{
	unsigned int dirty = 0;
	size_t k;

	/* A count: digits before a key (0 alone is a key). */
	if (key >= '0' && key <= '9' && (key != '0' || a->count > 0)) {
		if (a->count < 100000)
			a->count = a->count * 10 + (key - '0');
		return DIRTY_STATUS;
	}
	if (a->clips_all && a->focus == PANE_CLIPS && !a->show_hits)
		dirty = clips_view_key(a, key);
	if (dirty == 0) {
		for (k = 0; k < sizeof bindings / sizeof bindings[0]; k++) {
			if (bindings[k].key == key && bindings[k].fn != NULL) {
				dirty = bindings[k].fn(a);
				break;
			}
		}
	}
	if (a->count > 0) {
		a->count = 0;
		dirty |= DIRTY_STATUS;
	}
	return dirty;
}
