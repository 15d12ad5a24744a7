#include "config.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* Resume positions this close to the end count as finished. */
#define RESUME_END_MARGIN_MS 5000

int64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
app_message(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;

	free(a->message);
	va_start(ap, fmt);
	if (vasprintf(&a->message, fmt, ap) < 0)
		a->message = NULL;
	va_end(ap);
	a->message_error = error;
	a->message_until = app_now_ms() + (error ? 8000 : 4000);
	a->dirty |= DIRTY_STATUS;
}

/* The row under the cursor of the episodes list, fetched from the catalog. */
static int
cursor_episode(struct app *a, struct catalog_episode *e)
{
	struct list *l = &a->list[PANE_EPISODES];

	if (l->sel < 0)
		return -1;
	if (catalog_episodes(a->cat, a->podcast_id, l->sel, 1, e) != 1)
		return -1;
	return 0;
}

void
app_reload_clips(struct app *a)
{
	int count = clips_view_count(a);
	int sel = a->list[PANE_CLIPS].sel;

	list_reset(&a->list[PANE_CLIPS], count);
	if (sel > 0)
		list_set(&a->list[PANE_CLIPS], sel);
	a->dirty |= DIRTY_CLIPS;
}

void
app_select(struct app *a, enum pane p)
{
	if (p == PANE_PODCASTS) {
		struct catalog_podcast pod;
		int64_t id = 0;

		int sel = a->list[PANE_PODCASTS].sel, cont = a->ncontinue > 0;

		memset(&pod, 0, sizeof pod);
		if (cont && sel == 0)
			id = CATALOG_CONTINUE;
		else if (sel >= 0 && catalog_podcasts(a->cat, sel - cont, 1, &pod) == 1) {
			id = pod.id;
			catalog_podcast_clear(&pod);
		}
		if (id != a->podcast_id || id == 0) {
			a->podcast_id = id;
			list_reset(&a->list[PANE_EPISODES],
			    id != 0 ? catalog_episode_count(a->cat, id) : 0);
		}
		a->dirty |= DIRTY_PODCASTS | DIRTY_EPISODES;
		p = PANE_EPISODES;
	}
	if (p == PANE_EPISODES) {
		struct catalog_episode e;
		int64_t id = 0;

		memset(&e, 0, sizeof e);
		free(a->episode_title);
		a->episode_title = NULL;
		if (cursor_episode(a, &e) == 0) {
			id = e.id;
			a->episode_title = xstrdup(e.title ? e.title : "");
			catalog_episode_clear(&e);
		}
		if (id != a->episode_id) {
			a->episode_id = id;
			a->list[PANE_CLIPS].sel = -1;
			app_reload_clips(a);
		}
		if (a->play_episode == 0 && id != a->tr_episode)
			app_transcript_load(a, id);
		a->dirty |= DIRTY_EPISODES | DIRTY_CLIPS;
	}
}

void
app_podcasts_reload(struct app *a)
{
	struct list *l = &a->list[PANE_PODCASTS];
	int had = a->ncontinue > 0, cont = catalog_episode_count(a->cat, CATALOG_CONTINUE);
	int has = cont > 0;

	if (cont == a->ncontinue && l->count > 0)
		return;
	a->ncontinue = cont > 0 ? cont : 0;
	l->count = catalog_podcast_count(a->cat) + has;
	/* The row "Continue listening" came or went: keep the cursor on its podcast. */
	if (had != has && l->sel >= 0)
		l->sel += has - had;
	list_set(l, l->sel < 0 ? 0 : l->sel);
	app_select(a, PANE_PODCASTS);
	a->dirty |= DIRTY_PODCASTS | DIRTY_EPISODES;
	if (a->podcast_id == CATALOG_CONTINUE) {
		list_reset(&a->list[PANE_EPISODES], a->ncontinue);
		app_select(a, PANE_EPISODES);
	}
}

void
app_transcript_load(struct app *a, int64_t episode_id)
{
	struct catalog_episode e;
	int i, n;

	for (i = 0; i < a->nlines; i++)
		catalog_line_clear(&a->lines[i]);
	free(a->lines);
	free(a->starts);
	free(a->tr_title);
	for (i = 0; i < 4; i++) {
		free(a->speakers[i]);
		a->speakers[i] = NULL;
	}
	a->lines = NULL;
	a->starts = NULL;
	a->tr_title = NULL;
	a->nlines = 0;
	a->current = -1;
	a->current_word = -1;
	a->tr_episode = episode_id;
	a->dirty |= DIRTY_TRANSCRIPT;
	if (episode_id <= 0)
		goto done;
	memset(&e, 0, sizeof e);
	if (catalog_episode_get(a->cat, episode_id, &e) == 0) {
		a->tr_title = xstrdup(e.title ? e.title : "");
		catalog_episode_clear(&e);
	}
	{
		char *kind = NULL;

		a->tr_estimated = 0;
		if (catalog_transcript_kind(a->cat, episode_id, &kind) == 0 && kind != NULL)
			a->tr_estimated = strcmp(kind, "estimated") == 0 ? 1 :
			    strcmp(kind, "aligned") == 0 ? 2 : 0;
		free(kind);
	}
	n = catalog_line_count(a->cat, episode_id);
	if (n <= 0)
		goto done;
	a->lines = xcalloc((size_t)n, sizeof *a->lines);
	n = catalog_lines(a->cat, episode_id, 0, n, a->lines);
	if (n < 0) {
		app_message(a, 1, "cannot read the transcript: %s", catalog_error(a->cat));
		n = 0;
	}
	a->nlines = n;
	a->starts = xcalloc((size_t)(n > 0 ? n : 1), sizeof *a->starts);
	for (i = 0; i < n; i++) {
		int k;

		a->starts[i] = a->lines[i].start_ms;
		/* The first four speakers get a colour each. */
		for (k = 0; k < 4 && a->lines[i].speaker != NULL; k++) {
			if (a->speakers[k] == NULL) {
				a->speakers[k] = xstrdup(a->lines[i].speaker);
				break;
			}
			if (strcmp(a->speakers[k], a->lines[i].speaker) == 0)
				break;
		}
	}
done:
	list_reset(&a->list[PANE_TRANSCRIPT], a->nlines);
	a->follow = 1;
	sync_forget(a);
}

void
app_save_position(struct app *a)
{
	int64_t t;

	if (a->play_episode <= 0 || a->play_clip != 0)
		return;
	t = player_time(a->player);
	if (t < 0)
		return;
	if (player_state(a->player) == PLAYER_ENDED ||
	    (a->play_duration > 0 && t > a->play_duration - RESUME_END_MARGIN_MS)) {
		t = 0;
		if (catalog_episode_set_played(a->cat, a->play_episode, 1) != 0)
			app_message(a, 1, "cannot mark as played: %s", catalog_error(a->cat));
	}
	if (catalog_resume_set(a->cat, a->play_episode, t) != 0)
		app_message(a, 1, "cannot save the position: %s", catalog_error(a->cat));
	a->saved_at = app_now_ms();
	app_podcasts_reload(a);
}

/*
 * Reads the chapters a local audio file carries, once per episode played in
 * a row, into an episode that has none (a second earmark process, a few tens
 * of milliseconds).
 */
static void
chapters_probe(struct app *a, int64_t episode_id, const char *location)
{
	int	 url, n;

	if (a->chapters_probed == episode_id || catalog_read_only(a->cat) ||
	    !player_location_allowed(location, &url) || url)
		return;
	a->chapters_probed = episode_id;
	n = media_chapters_spawn(a->opts->catalog_path, episode_id, location);
	if (n > 0) {
		app_reload_clips(a);
		app_message(a, 0, "%d chapter%s read from the audio file", n,
		    n == 1 ? "" : "s");
	}
}

/* Starts location for episode e (whole, or one clip when stop_ms > 0). */
static int
start_playing(struct app *a, const struct catalog_episode *e, int64_t from_ms,
    int64_t stop_ms)
{
	app_save_position(a);
	if (e->audio == NULL || e->audio[0] == '\0') {
		app_message(a, 1, "this episode has no audio to play");
		return -1;
	}
	/* A downloaded copy plays before the network one. */
	{
		char *local = catalog_episode_local_audio(a->cat, e->id);
		int rc = player_play(a->player, local ? local : e->audio, from_ms, stop_ms);

		if (rc == 0)
			chapters_probe(a, e->id, local ? local : e->audio);
		free(local);
		if (rc != 0) {
			const char *m = player_message(a->player);

			app_message(a, 1, "%s", m ? m : "cannot play this episode");
			return -1;
		}
	}
	free(a->play_title);
	a->play_title = xstrdup(e->title ? e->title : "");
	a->play_episode = e->id;
	if (e->podcast_id != a->play_podcast) {
		a->play_podcast = e->podcast_id;
		player_set_rate(a->player, catalog_podcast_rate(a->cat, e->podcast_id));
	}
	a->play_duration = e->duration_ms;
	a->shown_second = -1;
	a->saved_at = app_now_ms();
	if (a->tr_episode != e->id)
		app_transcript_load(a, e->id);
	a->follow = 1;
	a->dirty |= DIRTY_ALL & ~DIRTY_LAYOUT;
	return 0;
}

void
app_play_episode(struct app *a, int64_t episode_id, int64_t from_ms)
{
	struct catalog_episode e;

	memset(&e, 0, sizeof e);
	if (catalog_episode_get(a->cat, episode_id, &e) != 0) {
		app_message(a, 1, "cannot read the episode: %s", catalog_error(a->cat));
		return;
	}
	if (from_ms < 0) {
		from_ms = e.resume_ms;
		if (from_ms > 0) {
			char t[16];

			text_time(t, sizeof t, from_ms);
			app_message(a, 0, "resuming at %s", t);
		}
	}
	a->play_clip = 0;
	a->play_clip_start = 0;
	start_playing(a, &e, from_ms, 0);
	catalog_episode_clear(&e);
}

void
app_play_clip(struct app *a, const struct catalog_clip *clip)
{
	struct catalog_episode e;

	memset(&e, 0, sizeof e);
	if (catalog_episode_get(a->cat, clip->episode_id, &e) != 0) {
		app_message(a, 1, "cannot read the episode: %s", catalog_error(a->cat));
		return;
	}
	app_save_position(a);
	a->play_clip = clip->id;
	a->play_clip_start = clip->start_ms;
	if (start_playing(a, &e, clip->start_ms, clip->end_ms) == 0)
		app_message(a, 0, "playing the clip \"%s\"", clip->title ? clip->title : "");
	else
		a->play_clip = 0;
	catalog_episode_clear(&e);
}

void
app_play_line(struct app *a, int line)
{
	enum player_state s = player_state(a->player);

	if (line < 0 || line >= a->nlines)
		return;
	if (a->play_episode == a->tr_episode && a->play_clip == 0 &&
	    (s == PLAYER_PLAYING || s == PLAYER_PAUSED)) {
		player_seek(a->player, a->lines[line].start_ms);
		if (s == PLAYER_PAUSED)
			player_pause(a->player, 0);
		a->follow = 1;
		a->dirty |= DIRTY_TRANSCRIPT | DIRTY_STATUS;
		return;
	}
	a->play_clip = 0;
	app_play_episode(a, a->tr_episode, a->lines[line].start_ms);
}

/* The last clip deleted, kept so u can bring it back. */
static struct catalog_clip undo_clip;
static int have_undo;

void
app_delete_clip(struct app *a)
{
	struct list *l = &a->list[PANE_CLIPS];
	struct catalog_clip clip;

	if (l->sel < 0 || app_clip_at(a, l->sel, &clip) != 0)
		return;
	if (clip.kind != CLIP_BOOKMARK) {
		app_message(a, 1, "only your own bookmarks can be deleted");
		catalog_clip_clear(&clip);
		return;
	}
	if (catalog_clip_delete(a->cat, clip.id) != 0) {
		app_message(a, 1, "cannot delete: %s", catalog_error(a->cat));
		catalog_clip_clear(&clip);
		return;
	}
	if (have_undo)
		catalog_clip_clear(&undo_clip);
	undo_clip = clip;
	have_undo = 1;
	app_message(a, 0, "bookmark deleted (u brings it back)");
	app_reload_clips(a);
	a->dirty |= DIRTY_EPISODES;
}

void
app_undo(struct app *a)
{
	if (!have_undo) {
		app_message(a, 0, "nothing to undo");
		return;
	}
	if (catalog_clip_add(a->cat, &undo_clip) < 0) {
		app_message(a, 1, "cannot restore: %s", catalog_error(a->cat));
		return;
	}
	catalog_clip_clear(&undo_clip);
	have_undo = 0;
	app_message(a, 0, "bookmark restored");
	app_reload_clips(a);
	a->dirty |= DIRTY_EPISODES;
}

/* Sends fd 2 to the log file: libraries below libvlc write there directly. */
static int
redirect_stderr(const char *log_path)
{
	int fd, saved;

	if (log_path == NULL)
		return -1;
	fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	return saved;
}

/* Opens the catalog, importing the demo feed into it when asked and still empty. */
static int
open_catalog(struct app *a, const struct app_options *o)
{
	char *err = NULL;

	if (catalog_open(o->catalog_path, &a->cat, &err) != 0) {
		fprintf(stderr, "earmark: %s: %s\n", o->catalog_path, err ? err : "cannot open");
		free(err);
		return -1;
	}
	catalog_set_language(a->cat, a->cfg.language);
	if (o->demo_feed != NULL && catalog_podcast_count(a->cat) == 0) {
		struct catalog_import_report r;

		memset(&r, 0, sizeof r);
		if (catalog_import_feed(a->cat, o->demo_feed, &r) != 0) {
			fprintf(stderr, "earmark: %s: %s\n", o->demo_feed, catalog_error(a->cat));
			catalog_import_report_clear(&r);
			return -1;
		}
		catalog_import_report_clear(&r);
	}
	return 0;
}

static int
open_player(struct app *a, const struct app_options *o)
{
	struct player_options po;
	char *err = NULL;

	memset(&po, 0, sizeof po);
	po.log_path = o->log_path;
	po.audio_device = o->audio_device ? o->audio_device : a->cfg.audio_device;
	if (o->silent)
		po.output = PLAYER_OUTPUT_SILENT;
	else if (o->audio_output != NULL || a->cfg.audio_output != NULL) {
		po.output = PLAYER_OUTPUT_NAMED;
		po.audio_output = o->audio_output ? o->audio_output : a->cfg.audio_output;
	}
	po.stream_port = o->stream_port > 0 ? o->stream_port : a->cfg.stream_port;
	po.stream_delay_ms = o->stream_delay_ms >= 0 ? o->stream_delay_ms :
	    a->cfg.stream_delay_ms;
	/* libvlc starts after the first screen is drawn (app_run). */
	po.defer_start = 1;
	a->player = player_new(&po, &err);
	if (a->player == NULL) {
		fprintf(stderr, "earmark: cannot start the audio player: %s\n",
		    err ? err : "libvlc failed");
		free(err);
		return -1;
	}
	return 0;
}

/*
 * Starts libvlc once the first screen is up; when it cannot start, leaves
 * the screen and says why on the terminal, as when opening fails.
 */
static int
start_player(struct app *a, int saved_stderr)
{
	char *err = NULL;

	if (player_start(a->player, &err) == 0)
		return 0;
	endwin();
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
	}
	fprintf(stderr, "earmark: cannot start the audio player: %s\n",
	    err ? err : "libvlc failed");
	free(err);
	return -1;
}

static void
app_free(struct app *a)
{
	int i;

	panes_free(a);
	search_free(a);
	sync_free(a);
	cmdline_free();
	for (i = 0; i < a->nlines; i++)
		catalog_line_clear(&a->lines[i]);
	free(a->lines);
	free(a->starts);
	free(a->tr_title);
	for (i = 0; i < 4; i++)
		free(a->speakers[i]);
	free(a->episode_title);
	free(a->play_title);
	free(a->message);
	free(a->filter_text);
	free(a->pending);
	free(a->job_what);
	if (have_undo)
		catalog_clip_clear(&undo_clip);
	have_undo = 0;
	if (a->player != NULL)
		player_free(a->player);
	config_clear(&a->cfg);
	if (a->cat != NULL)
		catalog_free(a->cat);
}

int
app_run(const struct app_options *o)
{
	struct app a;
	int saved_stderr, rc;

	memset(&a, 0, sizeof a);
	a.opts = o;
	config_init(&a.cfg);
	if (o->config_path != NULL)
		config_load(o->config_path, &a.cfg, 1);
	a.current = -1;
	a.current_word = -1;
	a.mark_in = -1;
	a.sel_anchor = -1;
	a.follow = 1;
	a.shown_second = -1;
	if (open_catalog(&a, o) != 0 || open_player(&a, o) != 0) {
		app_free(&a);
		return 1;
	}
	saved_stderr = redirect_stderr(o->log_path);
	keys_configure(&a.cfg);
	colour_configure(&a.cfg);

	initscr();
	/*
	 * Until it has come back from endwin(), ncurses writes to the terminal
	 * at every cursor move inside doupdate(): over ssh each write costs a
	 * packet. Leaving and coming back at once makes each doupdate() one write.
	 */
	endwin();
	doupdate();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mouse_enable(o->mouse || a.cfg.mouse);
	curs_set(0);
	leaveok(stdscr, TRUE);
	text_init();
	colour_init(a.cfg.colour);

	panes_init_lists(&a);
	list_reset(&a.list[PANE_PODCASTS], 0);
	app_podcasts_reload(&a);
	a.focus = a.list[PANE_PODCASTS].count - (a.ncontinue > 0) > 1 ? PANE_PODCASTS :
	    PANE_EPISODES;
	app_select(&a, PANE_PODCASTS);
	if (catalog_read_only(a.cat)) {
		app_message(&a, 1, "the catalog is read-only: nothing you change will be kept");
		a.message_until = 0;
	} else if (a.cfg.errors != NULL) {
		char *nl = strchr(a.cfg.errors, '\n');

		app_message(&a, 1, "config %.*s%s (defaults used there)",
		    nl ? (int)(nl - a.cfg.errors) : (int)strlen(a.cfg.errors), a.cfg.errors,
		    a.cfg.nerrors > 1 ? ", and more" : "");
		a.message_until = app_now_ms() + 15000;
	} else if (a.list[PANE_PODCASTS].count == 0)
		app_message(&a, 0, "the catalog is empty: try earmark --demo, or earmark import FEED.xml");
	else if (player_stream_url(a.player) != NULL)
		app_message(&a, 0, "streaming the audio on %s", player_stream_url(a.player));
	else if (!player_audible(a.player) && player_message(a.player) != NULL) {
		app_message(&a, 0, "%s", player_message(a.player));
		a.audio_warned = 1;
	}

	a.remote_fd = -1;
	a.job_fd = -1;
	/* The first screen; the loop draws what changes after it. */
	panes_draw(&a, DIRTY_ALL);
	a.dirty = 0;
	if (start_player(&a, saved_stderr) != 0) {
		app_free(&a);
		return 1;
	}
	/* A named output that did not start is known only now. */
	if (!a.audio_warned && a.message == NULL && !player_audible(a.player) &&
	    player_message(a.player) != NULL) {
		app_message(&a, 0, "%s", player_message(a.player));
		a.audio_warned = 1;
	}
	if (o->remote) {
		char *err = NULL;

		a.remote_fd = remote_listen(&err);
		if (a.remote_fd < 0) {
			app_message(&a, 1, "%s", err);
			free(err);
		}
	}
	rc = loop_run(&a);
	job_stop(&a);
	app_save_position(&a);
	remote_close(a.remote_fd);

	endwin();
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
	}
	app_free(&a);
	return rc;
}
