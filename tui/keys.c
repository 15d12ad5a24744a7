#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/keymap.h"
#include "tui/tui.h"
#include "util/xmalloc.h"



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

unsigned int
keys_focus(struct app *a, enum pane p)
{
	return focus(a, p);
}

unsigned int
keys_move_to(struct app *a, int row)
{
	unfollow_cursor(a);
	return moved(a, list_set(&a->list[a->focus], row));
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
	return seek_by(a, -a->cfg.seek_short_ms);
}

static unsigned int
key_forward(struct app *a)
{
	return seek_by(a, a->cfg.seek_short_ms);
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
	return seek_by(a, -a->cfg.seek_long_ms);
}

static unsigned int
key_forward_long(struct app *a)
{
	return seek_by(a, a->cfg.seek_long_ms);
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
key_refresh(struct app *a)
{
	job_start(a, "refresh", "refresh", NULL, NULL, 1);
	return DIRTY_STATUS;
}

static unsigned int
key_download(struct app *a)
{
	char id[32];

	if (a->episode_id <= 0) {
		app_message(a, 0, "no episode under the cursor to download");
		return DIRTY_STATUS;
	}
	snprintf(id, sizeof id, "%lld", (long long)a->episode_id);
	job_start(a, "download", "download", id, NULL, 1);
	return DIRTY_STATUS;
}

static unsigned int
key_delete(struct app *a)
{
	if (a->focus == PANE_EPISODES)
		return key_download(a);
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
key_words(struct app *a)
{
	int i, timed = 0;

	a->cfg.words = !a->cfg.words;
	if (!a->cfg.words) {
		a->current_word = -1;
		app_message(a, 0, "highlighting the line being heard, no word");
		return DIRTY_TRANSCRIPT | DIRTY_STATUS;
	}
	for (i = 0; i < a->nlines && !timed; i++)
		timed = a->lines[i].nwords > 0;
	app_message(a, 0, "highlighting the word being heard%s",
	    timed || a->nlines == 0 ? "" : " (this transcript does not time its words)");
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

/* p: marks the episode under the cursor played, or not. */
static unsigned int
key_played(struct app *a)
{
	struct catalog_episode e;

	if (a->focus != PANE_EPISODES || a->episode_id <= 0 ||
	    catalog_episode_get(a->cat, a->episode_id, &e) != 0) {
		app_message(a, 0, "p marks the episode under the cursor in the episodes pane");
		return DIRTY_STATUS;
	}
	if (catalog_episode_set_played(a->cat, e.id, !e.played) != 0)
		app_message(a, 1, "not marked: %s", catalog_error(a->cat));
	else
		app_message(a, 0, e.played ? "marked as not played" : "marked as played");
	catalog_episode_clear(&e);
	app_podcasts_reload(a);
	return DIRTY_EPISODES | DIRTY_PODCASTS | DIRTY_STATUS;
}

static unsigned int
key_export(struct app *a)
{
	if (a->focus != PANE_CLIPS || a->show_hits) {
		app_message(a, 0, "x exports from the clips pane (c lists every clip)");
		return DIRTY_STATUS;
	}
	prompt_open(a, PROMPT_EXPORT, "md");
	return DIRTY_STATUS;
}

static unsigned int
key_next_hit(struct app *a)
{
	return search_next(a, 1);
}

static unsigned int
key_prev_hit(struct app *a)
{
	return search_next(a, -1);
}

static unsigned int
key_sync(struct app *a)
{
	return sync_active(a) ? sync_leave(a) : sync_enter(a);
}

static unsigned int
key_sync_stamp(struct app *a)
{
	return sync_stamp(a);
}

static unsigned int
key_sync_undo(struct app *a)
{
	return sync_undo(a);
}

static unsigned int
key_sync_earlier(struct app *a)
{
	return sync_nudge(a, -1);
}

static unsigned int
key_sync_later(struct app *a)
{
	return sync_nudge(a, 1);
}

static unsigned int
key_sync_leave(struct app *a)
{
	return sync_leave(a);
}

static unsigned int
key_command(struct app *a)
{
	return cmdline_open(a);
}

unsigned int
keys_seek(struct app *a, int64_t ms, int relative)
{
	return seek_by(a, relative ? ms : ms - player_time(a->player));
}

unsigned int
keys_speed(struct app *a, double rate)
{
	return speed_by(a, rate - player_rate(a->player));
}

unsigned int
keys_volume(struct app *a, int volume)
{
	return volume_by(a, volume - player_volume(a->player));
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

/* Every action, in the help overlay's order (see tui/keymap.h). */
const struct key_action keys_actions[] = {
	{ "down", "move down", key_down, "Down j" },
	{ "up", "move up", key_up, "Up k" },
	{ "page-down", "move a page down", key_page_down, "PgDn" },
	{ "page-up", "move a page up", key_page_up, "PgUp" },
	{ "first", "first row", key_home, "Home g" },
	{ "last", "last row", key_end, "End G" },
	{ "next-pane", "next pane", key_next_pane, "Tab" },
	{ "previous-pane", "previous pane", key_prev_pane, "S-Tab" },
	{ "play", "play the episode, clip or line", key_enter, "Enter" },
	{ "pause", "pause / resume", key_pause, "Space" },
	{ "back", "seek back a little", key_back, "Left h" },
	{ "forward", "seek forward a little", key_forward, "Right l" },
	{ "back-long", "seek back a lot", key_back_long, "S-Left H" },
	{ "forward-long", "seek forward a lot", key_forward_long, "S-Right" },
	{ "previous-clip", "previous chapter or clip", key_prev_clip, "," },
	{ "next-clip", "next chapter or clip", key_next_clip, "." },
	{ "slower", "slower (kept per podcast)", key_slower, "[" },
	{ "faster", "faster (kept per podcast)", key_faster, "]" },
	{ "louder", "volume up", key_louder, "+ =" },
	{ "quieter", "volume down", key_quieter, "-" },
	{ "mute", "mute / sound on", key_mute, "0" },
	{ "stop", "stop", key_stop, "s" },
	{ "played", "mark the episode played / not played", key_played, "p" },
	{ "mark", "mark in, then out: a clip, snapped to lines", key_mark, "m" },
	{ "mark-exact", "mark in / out at the exact time", key_mark_exact, "M" },
	{ "quick-clip", "keep the last seconds as a clip", key_quick, "b" },
	{ "bookmark-line", "bookmark the transcript line", key_line, "B" },
	{ "select", "select transcript lines; Enter makes a clip", key_select, "v" },
	{ "loop", "loop the clip (no clip: seek forward a lot)", key_loop, "L" },
	{ "clips", "every clip of the catalog / the episode's", key_clips_view, "c" },
	{ "start-earlier", "clip start a line earlier (N: N s)", key_start_back, "<" },
	{ "start-later", "clip start a line later (N: N s)", key_start_on, ">" },
	{ "end-earlier", "clip end a line earlier (N: N s)", key_end_back, "{" },
	{ "end-later", "clip end a line later (N: N s)", key_end_on, "}" },
	{ "edit", "edit the clip's title and note", key_edit, "e" },
	{ "source", "play a segment's source episode from there", key_source, "o" },
	{ "export", "export the clip, or every clip listed (c)", key_export, "x" },
	{ "delete", "delete your clip (episodes pane: download)", key_delete, "d" },
	{ "refresh", "refresh every feed in the background", key_refresh, "R" },
	{ "undo", "undo the delete", key_undo, "u" },
	{ "follow", "follow the audio in the transcript", key_follow, "f" },
	{ "words", "highlight the word being heard too / the line only", key_words, "W" },
	{ "sync", "sync mode: stamp transcript lines as heard", key_sync, "S" },
	{ "sync-stamp", "sync mode: the next line starts now", key_sync_stamp, "Space Enter" },
	{ "sync-undo", "sync mode: undo the last stamp", key_sync_undo, "Backspace" },
	{ "sync-earlier", "sync mode: line 0.1 s earlier (N: N x 0.1 s)", key_sync_earlier,
	    "<" },
	{ "sync-later", "sync mode: line 0.1 s later (N: N x 0.1 s)", key_sync_later, ">" },
	{ "sync-pause", "sync mode: pause / resume", key_pause, "p" },
	{ "sync-leave", "sync mode: leave it", key_sync_leave, "S Esc" },
	{ "search", "search every transcript", key_search, "/" },
	{ "next-match", "next line of this transcript with the searched words", key_next_hit, "n" },
	{ "previous-match", "previous such line", key_prev_hit, "N" },
	{ "cancel", "cancel; back from search or every clip", key_escape, "Esc" },
	{ "help", "this help", key_help, "?" },
	{ "command", "command line: :seek 1:30, :speed 1.5, :set...", key_command, ":" },
	{ "redraw", "redraw the screen", key_redraw, "C-l" },
	{ "quit", "quit (the position is saved)", key_quit, "q" },
};

const int keys_nactions = (int)(sizeof keys_actions / sizeof keys_actions[0]);
unsigned int
keys_run(struct app *a, const char *name)
{
	size_t	i;

	for (i = 0; i < (size_t)keys_nactions; i++) {
		if (strcmp(keys_actions[i].name, name) == 0)
			return (keys_actions[i].fn(a));
	}
	BUG();
}

unsigned int
keys_handle(struct app *a, int key)
{
	unsigned int dirty = 0;
	int i, done;

	keymap_defaults();
	if (key == KEY_MOUSE)
		return mouse_key(a);
	/* A count: digits before a key (0 alone is a key). */
	if (key >= '0' && key <= '9' && (key != '0' || a->count > 0)) {
		if (a->count < 100000)
			a->count = a->count * 10 + (key - '0');
		return DIRTY_STATUS;
	}
	if (a->clips_all && a->focus == PANE_CLIPS && !a->show_hits)
		dirty = clips_view_key(a, key);
	done = dirty != 0;
	/* Sync mode belongs to the transcript pane (a search may have moved the focus). */
	if (sync_active(a) && a->focus != PANE_TRANSCRIPT)
		dirty |= sync_leave(a);
	if (!done && sync_active(a) && (i = keymap_action(key, 1)) >= 0) {
		dirty |= keys_actions[i].fn(a) | DIRTY_STATUS;
		done = 1;
	}
	if (!done && (i = keymap_action(key, 0)) >= 0)
		dirty |= keys_actions[i].fn(a);
	if (sync_active(a) && a->focus != PANE_TRANSCRIPT)
		dirty |= sync_leave(a);
	if (a->count > 0) {
		a->count = 0;
		dirty |= DIRTY_STATUS;
	}
	return dirty;
}
