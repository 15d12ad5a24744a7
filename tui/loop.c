#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"

/* How often the position is saved while playing. */
#define SAVE_EVERY_MS 1000

static int sig_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	if (write(sig_pipe[1], &b, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
	errno = saved;
}

static int
signals_init(void)
{
	struct sigaction sa;
	int i;

	if (pipe(sig_pipe) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void
signals_done(void)
{
	signal(SIGWINCH, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

static void
resize(struct app *a)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	a->dirty |= DIRTY_ALL;
}

static void
handle_signals(struct app *a)
{
	unsigned char buf[32];
	ssize_t n, i;

	while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH)
				resize(a);
			else
				a->quit = 1;
		}
	}
}

/* Whether the transcript pane is showing what is being heard. */
static int
hearing_transcript(struct app *a)
{
	enum player_state s = player_state(a->player);

	return a->play_episode != 0 && a->play_episode == a->tr_episode &&
	    (s == PLAYER_PLAYING || s == PLAYER_PAUSED || s == PLAYER_OPENING);
}

unsigned int
app_tick(struct app *a)
{
	unsigned int dirty = 0;
	int64_t now = app_now_ms(), t;
	enum player_state s;

	if (player_update(a->player)) {
		dirty |= DIRTY_STATUS | DIRTY_EPISODES;
		s = player_state(a->player);
		if (s == PLAYER_ERROR) {
			const char *m = player_message(a->player);

			app_message(a, 1, "%s", m ? m : "playback failed");
		} else if (s == PLAYER_ENDED && a->loop && a->play_clip != 0) {
			struct catalog_clip clip;

			if (catalog_clip_get(a->cat, a->play_clip, &clip) == 0) {
				app_play_clip(a, &clip);
				catalog_clip_clear(&clip);
			}
		} else if (s == PLAYER_ENDED)
			app_save_position(a);
		if (!a->audio_warned && !player_audible(a->player) &&
		    player_message(a->player) != NULL && s != PLAYER_ERROR) {
			app_message(a, 0, "%s", player_message(a->player));
			a->audio_warned = 1;
		}
	}
	s = player_state(a->player);
	if (hearing_transcript(a)) {
		int idx, word;

		t = player_time(a->player);
		idx = transcript_index_at(a->starts, a->nlines, t);
		word = transcript_word(a, idx, t);
		if (idx != a->current) {
			a->current = idx;
			dirty |= DIRTY_TRANSCRIPT;
		} else if (word != a->current_word)
			dirty |= DIRTY_WORD;
		a->current_word = word;
		if (!a->follow && now - a->follow_off_at >= a->cfg.follow_timeout_ms) {
			a->follow = 1;
			dirty |= DIRTY_TRANSCRIPT | DIRTY_STATUS;
		}
	}
	if (s == PLAYER_PLAYING) {
		t = player_time(a->player);
		/* A tick that waited goes out with the line or word it waited for. */
		if (t / 1000 != a->shown_second &&
		    ((dirty & (DIRTY_TRANSCRIPT | DIRTY_WORD)) || !status_tick_waits(a, t)))
			dirty |= DIRTY_STATUS;
		if (now - a->saved_at >= SAVE_EVERY_MS)
			app_save_position(a);
	}
	if (a->message != NULL && a->message_until > 0 && now >= a->message_until) {
		free(a->message);
		a->message = NULL;
		dirty |= DIRTY_STATUS;
	}
	return dirty;
}

static int
min_wake(int a, int64_t b)
{
	if (b < 0)
		return a;
	if (b > 60000)
		b = 60000;
	if (a < 0 || b < a)
		return (int)b;
	return a;
}

/* Wall-clock ms until the media has played d ms more at the current rate; at least 1. */
static int64_t
media_wait(struct app *a, int64_t d)
{
	double rate = player_rate(a->player), w;

	if (d <= 0)
		return 1;
	w = rate > 0 ? (double)d / rate : (double)d;
	return w < 1 ? 1 : (int64_t)(w + 0.999);
}

int
app_next_wake(struct app *a)
{
	int64_t now = app_now_ms();
	int wake = player_next_tick_ms(a->player);

	if (hearing_transcript(a) && player_state(a->player) == PLAYER_PLAYING) {
		int next = a->current + 1;
		int64_t t = player_time(a->player), word = transcript_word_next(a, t);

		if (next < a->nlines)
			wake = min_wake(wake, media_wait(a, a->starts[next] - t));
		if (word >= 0)
			wake = min_wake(wake, media_wait(a, word - t));
		if (!a->follow)
			wake = min_wake(wake, a->follow_off_at + a->cfg.follow_timeout_ms - now + 1);
	}
	if (a->message != NULL && a->message_until > 0)
		wake = min_wake(wake, a->message_until > now ? a->message_until - now : 0);
	return wake;
}

static void
read_keys(struct app *a)
{
	wint_t ch;
	int r;

	while ((r = wget_wch(stdscr, &ch)) != ERR) {
		int key = (int)ch;

		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			a->dirty |= DIRTY_ALL;
			continue;
		}
		if (r != KEY_CODE_YES && ch >= KEY_MIN)
			key = -1;  /* A character that would read as a function key. */
		if (a->prompt)
			a->dirty |= prompt_key(a, r == KEY_CODE_YES, ch);
		else if (a->help)
			a->dirty |= help_key(a, key);
		else
			a->dirty |= keys_handle(a, key);
		if (a->quit)
			break;
	}
}

int
loop_run(struct app *a)
{
	struct pollfd fds[5];

	if (signals_init() != 0)
		return 1;
	while (!a->quit) {
		int timeout;

		a->dirty |= app_tick(a);
		if (a->dirty) {
			panes_draw(a, a->dirty);
			a->dirty = 0;
		}
		timeout = app_next_wake(a);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[1].fd = sig_pipe[0];
		fds[1].events = POLLIN;
		fds[2].fd = player_fd(a->player);
		fds[2].events = POLLIN;
		fds[3].fd = a->remote_fd;
		fds[3].events = POLLIN;
		fds[3].revents = 0;
		fds[4].fd = a->job_pid > 0 ? a->job_fd : -1;
		fds[4].events = POLLIN;
		fds[4].revents = 0;
		if (poll(fds, 5, timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[1].revents & POLLIN)
			handle_signals(a);
		if (fds[3].revents & POLLIN)
			a->dirty |= remote_accept(a, a->remote_fd);
		if (fds[4].revents & (POLLIN | POLLHUP))
			a->dirty |= job_read(a);
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			a->quit = 1;
		else if (fds[0].revents & POLLIN)
			read_keys(a);
	}
	signals_done();
	return 0;
}
