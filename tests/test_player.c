#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <check.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "player/player.h"
#include "tests/asan_libvlc.h"
#include "tests/testutil.h"

/* Test audio made once per run, removed at the end. */
static char *test_dir;

/* Where fd 2 pointed before a test redirected it, and the capture file. */
static int test_saved_fd2 = -1;
static char *test_stderr_path;

static int64_t
test_abs(int64_t v)
{
	return (v < 0 ? -v : v);
}

/* Runs a shell command that makes a test file; the file must appear. */
static void
test_make(const char *cmd, const char *name)
{
	if (test_sh_in(test_dir, cmd, name) != 0) {
		fprintf(stderr, "cannot make %s with: %s\n", name, cmd);
		abort();
	}
}

static char *
test_path(const char *name)
{
	return (xasprintf("%s/%s", test_dir, name));
}

static void
test_audio_make(void)
{
	test_dir = test_tmpdir_new();
	test_make("sox -n -r 48000 -c 2 -b 16 sine6.wav synth 6 sine 440 "
	    "vol 0.5", "sine6.wav");
	test_make("sox -n -r 48000 -c 1 sine6.ogg synth 6 sine 440 vol 0.5",
	    "sine6.ogg");
	test_make("sox -n -r 44100 -c 2 sine6.mp3 synth 6 sine 440 vol 0.5",
	    "sine6.mp3");
	test_make("opusenc --quiet sine6.wav sine6.opus", "sine6.opus");
	test_make("printf 'this is not audio at all\\n%.0s' $(seq 200) "
	    "> text.mp3", "text.mp3");
	test_make("sox sine6.wav -n trim 0 0.5 spectrogram -o picture.png",
	    "picture.png");
}

/* Sends fd 2 to a file so anything written there can be checked. */
static void
test_stderr_capture(void)
{
	int fd;

	test_stderr_path = test_path("stderr.txt");
	fd = open(test_stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	test_saved_fd2 = dup(2);
	ck_assert_int_ge(test_saved_fd2, 0);
	ck_assert_int_eq(dup2(fd, 2), 2);
	close(fd);
}

/* Puts fd 2 back and returns how many bytes were written to it meanwhile. */
static off_t
test_stderr_release(void)
{
	struct stat sb;

	fflush(stderr);
	dup2(test_saved_fd2, 2);
	close(test_saved_fd2);
	test_saved_fd2 = -1;
	ck_assert_int_eq(stat(test_stderr_path, &sb), 0);
	free(test_stderr_path);
	test_stderr_path = NULL;
	return (sb.st_size);
}

static struct player *
test_player_new(int timeout_ms)
{
	struct player_options opts;
	struct player *p;
	char *err = NULL, *log;

	memset(&opts, 0, sizeof opts);
	log = test_path("vlc.log");
	opts.output = PLAYER_OUTPUT_SILENT;
	opts.log_path = log;
	opts.opening_timeout_ms = timeout_ms;
	p = player_new(&opts, &err);
	ck_assert_msg(p != NULL, "player_new: %s", err != NULL ? err : "?");
	free(log);
	ck_assert_int_eq(player_state(p), PLAYER_IDLE);
	ck_assert_int_eq(player_time(p), -1);
	ck_assert_int_eq(player_next_tick_ms(p), -1);
	ck_assert_int_eq(player_audible(p), 0);
	return (p);
}

/* Waits on the player's pipe as the UI loop would, for up to ms. */
static void
test_wait(struct player *p, int ms)
{
	struct pollfd pfd;
	int tick;

	if (ms <= 0)
		return;
	tick = player_next_tick_ms(p);
	if (tick < 0 || tick > ms)
		tick = ms;
	pfd.fd = player_fd(p);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, tick) > 0)
		player_update(p);
}

/* Runs the loop for ms of wall time, reading the clock at each wake. */
static void
test_run(struct player *p, int ms)
{
	int64_t end = test_now_ms() + ms;

	while (test_now_ms() < end) {
		test_wait(p, (int)(end - test_now_ms()));
		player_update(p);
		player_time(p);
	}
}

/* Runs the loop until the state is want or final, or ms pass; returns the state. */
static enum player_state
test_until(struct player *p, enum player_state want, int ms)
{
	int64_t end = test_now_ms() + ms;
	enum player_state s;

	for (;;) {
		player_update(p);
		s = player_state(p);
		if (s == want || s == PLAYER_ERROR || s == PLAYER_ENDED ||
		    test_now_ms() >= end)
			return (s);
		test_wait(p, (int)(end - test_now_ms()));
	}
}

static struct player *
test_playing(const char *name, int64_t start, int64_t stop)
{
	struct player *p = test_player_new(0);
	char *path = test_path(name);
	int rc;

	/* Freed before any assertion, so a failed one leaves no leak behind. */
	rc = player_play(p, path, start, stop);
	free(path);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(player_state(p), PLAYER_OPENING);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	return (p);
}

START_TEST(test_player_clock)
{
	struct player *p = test_playing("sine6.wav", 0, 0);
	int64_t t0, t1, w0, w1, prev, t, err, worst = 0;
	int i, tick;

	tick = player_next_tick_ms(p);
	ck_assert_int_ge(tick, 1);
	ck_assert_int_le(tick, 250);

	t0 = player_time(p);
	w0 = test_now_ms();
	ck_assert_int_ge(t0, 0);
	ck_assert_int_le(t0, 250);
	test_run(p, 2000);
	t1 = player_time(p);
	w1 = test_now_ms();
	err = (t1 - t0) - (w1 - w0);
	printf("clock: %lld ms of media in %lld ms of wall time (error %lld)\n",
	    (long long)(t1 - t0), (long long)(w1 - w0), (long long)err);
	ck_assert_int_le(test_abs(err), 250);

	/* From here on the clock follows the wall closely and never goes back. */
	prev = t1;
	for (i = 0; i < 100; i++) {
		test_wait(p, 20);
		t = player_time(p);
		ck_assert_msg(t >= prev, "time went back from %lld to %lld",
		    (long long)prev, (long long)t);
		err = (t - t1) - (test_now_ms() - w1);
		if (test_abs(err) > test_abs(worst))
			worst = err;
		prev = t;
	}
	printf("clock: worst drift over 100 reads 20 ms apart: %lld ms\n",
	    (long long)worst);
	ck_assert_int_le(test_abs(worst), 150);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);

	printf("clock: length %lld ms\n", (long long)player_length(p));
	ck_assert_int_le(test_abs(player_length(p) - 6000), 100);
	ck_assert_int_eq(player_clip_end(p), 0);
	player_free(p);
}
END_TEST

/* Plays a clip of name and checks where and when it ends, and that it plays again. */
static void
test_clip(const char *name, int64_t start, int64_t stop)
{
	struct player *p;
	int64_t w0, first, last = -1, t, wall, mid = 0;
	enum player_state s;

	p = test_playing(name, start, stop);
	w0 = test_now_ms();
	ck_assert_int_eq(player_clip_end(p), stop);
	first = player_time(p);
	for (;;) {
		ck_assert_msg(test_now_ms() - w0 < 5000, "%s: clip never ended",
		    name);
		test_wait(p, 20);
		player_update(p);
		t = player_time(p);
		if ((s = player_state(p)) != PLAYER_PLAYING)
			break;
		/* Half a second in, the clock shows where playback began. */
		if (mid == 0 && test_now_ms() - w0 >= 500)
			mid = t - start - (test_now_ms() - w0);
		last = t;
	}
	wall = test_now_ms() - w0;
	printf("clip %s: start %+lld ms, end %+lld ms, wall %lld ms "
	    "(error %+lld)\n", name, (long long)mid,
	    (long long)(last - stop), (long long)wall,
	    (long long)(wall - (stop - start)));
	ck_assert_int_eq(s, PLAYER_ENDED);
	ck_assert_int_eq(first, start);
	ck_assert_int_le(test_abs(mid), 250);
	ck_assert_int_le(test_abs(last - stop), 250);
	ck_assert_int_le(test_abs(wall - (stop - start)), 400);
	ck_assert_int_eq(player_time(p), stop);
	ck_assert_int_eq(player_next_tick_ms(p), -1);

	/* A seek after the end plays the clip again from there. */
	player_seek(p, stop - 1000);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	ck_assert_int_le(test_abs(player_time(p) - (stop - 1000)), 250);
	ck_assert_int_eq(player_clip_end(p), stop);
	ck_assert_int_eq(test_until(p, PLAYER_ENDED, 3000), PLAYER_ENDED);
	ck_assert_int_eq(player_time(p), stop);
	player_free(p);
}

START_TEST(test_player_clip_wav)
{
	test_clip("sine6.wav", 2000, 4000);
}
END_TEST

START_TEST(test_player_clip_ogg)
{
	test_clip("sine6.ogg", 2000, 4000);
}
END_TEST

START_TEST(test_player_clip_mp3)
{
	test_clip("sine6.mp3", 2000, 4000);
}
END_TEST

START_TEST(test_player_clip_opus)
{
	test_clip("sine6.opus", 1250, 3750);
}
END_TEST

/* Seeks forwards then back in name and checks the clock lands and runs. */
static void
test_seek(const char *name)
{
	struct player *p = test_playing(name, 0, 0);
	int64_t t, w;

	test_run(p, 500);
	player_seek(p, 3000);
	w = test_now_ms();
	t = player_time(p);
	ck_assert_int_le(test_abs(t - 3000), 250);
	test_run(p, 600);
	t = player_time(p);
	printf("seek %s: to 3000, %lld ms later at %lld (error %+lld)\n", name,
	    (long long)(test_now_ms() - w), (long long)t,
	    (long long)(t - 3000 - (test_now_ms() - w)));
	ck_assert_int_le(test_abs(t - 3000 - (test_now_ms() - w)), 250);

	player_seek(p, 1000);
	w = test_now_ms();
	ck_assert_int_le(test_abs(player_time(p) - 1000), 250);
	test_run(p, 600);
	t = player_time(p);
	printf("seek %s: back to 1000, %lld ms later at %lld (error %+lld)\n",
	    name, (long long)(test_now_ms() - w), (long long)t,
	    (long long)(t - 1000 - (test_now_ms() - w)));
	ck_assert_int_le(test_abs(t - 1000 - (test_now_ms() - w)), 250);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);
	player_free(p);
}

START_TEST(test_player_seek_wav)
{
	test_seek("sine6.wav");
}
END_TEST

START_TEST(test_player_seek_ogg)
{
	test_seek("sine6.ogg");
}
END_TEST

START_TEST(test_player_pause)
{
	struct player *p = test_playing("sine6.ogg", 0, 0);
	int64_t t0, t1, t2, w;

	test_run(p, 700);
	player_pause(p, 1);
	ck_assert_int_eq(player_state(p), PLAYER_PAUSED);
	ck_assert_int_eq(player_next_tick_ms(p), -1);
	t0 = player_time(p);
	test_run(p, 500);
	t1 = player_time(p);
	printf("pause: moved %lld ms in 500 ms\n", (long long)(t1 - t0));
	ck_assert_int_le(test_abs(t1 - t0), 50);
	ck_assert_int_eq(player_state(p), PLAYER_PAUSED);

	player_toggle(p);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);
	w = test_now_ms();
	test_run(p, 700);
	t2 = player_time(p);
	printf("pause: resumed, %lld ms of media in %lld ms\n",
	    (long long)(t2 - t1), (long long)(test_now_ms() - w));
	ck_assert_int_le(test_abs((t2 - t1) - (test_now_ms() - w)), 250);
	ck_assert_int_ge(t2, t1);
	player_free(p);
}
END_TEST

/* A seek while paused holds there, and the clock runs from there on resuming. */
START_TEST(test_player_seek_paused)
{
	struct player *p = test_playing("sine6.ogg", 0, 0);
	int64_t t, w;

	test_run(p, 600);
	player_pause(p, 1);
	player_seek(p, 3000);
	ck_assert_int_eq(player_time(p), 3000);
	test_run(p, 400);
	ck_assert_int_eq(player_time(p), 3000);
	player_pause(p, 0);
	w = test_now_ms();
	test_run(p, 800);
	t = player_time(p);
	printf("seek paused: to 3000, resumed, %lld ms later at %lld "
	    "(error %+lld)\n", (long long)(test_now_ms() - w), (long long)t,
	    (long long)(t - 3000 - (test_now_ms() - w)));
	ck_assert_int_le(test_abs(t - 3000 - (test_now_ms() - w)), 250);
	player_free(p);
}
END_TEST

/* At twice the speed the clock runs twice as fast and never goes back. */
/* libvlc left to start later: nothing runs until play, which starts it. */
START_TEST(test_player_deferred)
{
	struct player_options opts;
	struct player *p;
	char *err = NULL, *path = test_path("sine6.ogg");
	int64_t t0, w, t1;

	memset(&opts, 0, sizeof opts);
	opts.output = PLAYER_OUTPUT_SILENT;
	opts.defer_start = 1;
	p = player_new(&opts, &err);
	ck_assert_msg(p != NULL, "player_new: %s", err != NULL ? err : "?");
	ck_assert_int_eq(player_state(p), PLAYER_IDLE);
	ck_assert_int_eq(player_audible(p), 0);
	ck_assert_int_eq(player_time(p), -1);
	/* A rate set before libvlc runs holds once it plays. */
	player_set_rate(p, 2.0);
	player_set_mute(p, 1);
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	test_run(p, 500);
	t0 = player_time(p);
	w = test_now_ms();
	test_run(p, 1000);
	t1 = player_time(p);
	w = test_now_ms() - w;
	printf("deferred, rate 2: %lld ms of media in %lld ms\n", (long long)(t1 - t0),
	    (long long)w);
	ck_assert_int_le(test_abs((t1 - t0) - 2 * w), 300);
	ck_assert_int_eq(player_start(p, &err), 0);
	player_free(p);

	/* Started by hand, and freed without ever starting. */
	p = player_new(&opts, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(player_start(p, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(player_play(p, path, 1000, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	player_free(p);
	p = player_new(&opts, &err);
	ck_assert_ptr_nonnull(p);
	player_free(p);
	free(path);
}
END_TEST

START_TEST(test_player_rate)
{
	struct player *p = test_playing("sine6.ogg", 0, 0);
	int64_t t0, t1, w, prev, t;
	int i;

	test_run(p, 500);
	player_set_rate(p, 2.0);
	t0 = prev = player_time(p);
	w = test_now_ms();
	for (i = 0; i < 75; i++) {
		test_wait(p, 20);
		t = player_time(p);
		ck_assert_msg(t >= prev, "time went back from %lld to %lld",
		    (long long)prev, (long long)t);
		prev = t;
	}
	t1 = player_time(p);
	w = test_now_ms() - w;
	printf("rate 2: %lld ms of media in %lld ms\n", (long long)(t1 - t0),
	    (long long)w);
	ck_assert_int_le(test_abs((t1 - t0) - 2 * w), 300);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);
	player_free(p);
}
END_TEST

/*
 * libvlc must not load the transcript beside the audio as subtitles: with the
 * demo's first episode that stalled its clock at the end of the first cue.
 */
START_TEST(test_player_sidecar)
{
	struct player *p = test_player_new(0);
	char *path = xasprintf("%s/assets/demo/ep1.opus", getenv("top_srcdir"));
	int64_t t0, t1;

	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	t0 = player_time(p);
	test_run(p, 6000);
	t1 = player_time(p);
	printf("sidecar: clock moved %lld ms in 6000 ms\n", (long long)(t1 - t0));
	ck_assert_int_ge(t1 - t0, 5600);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);
	player_free(p);
	free(path);
}
END_TEST

START_TEST(test_player_missing)
{
	struct player *p = test_player_new(0);
	char *path = test_path("no-such-file.mp3");
	int64_t w = test_now_ms();

	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_ERROR, 2000), PLAYER_ERROR);
	printf("missing: error after %lld ms: %s\n",
	    (long long)(test_now_ms() - w), player_message(p));
	ck_assert_ptr_nonnull(player_message(p));
	ck_assert_ptr_nonnull(strstr(player_message(p), "no-such-file.mp3"));
	ck_assert_int_eq(player_time(p), -1);
	ck_assert_int_eq(player_next_tick_ms(p), -1);

	/* The player still plays after an error. */
	free(path);
	path = test_path("sine6.wav");
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	ck_assert_ptr_null(player_message(p));
	free(path);
	player_free(p);
}
END_TEST

START_TEST(test_player_refused)
{
	static const char *const bad[] = {
		"v4l2://", "file:///etc/passwd", "smb://x/y", "dvb://",
		"screen://", "FTP://host/a.mp3", "rtsp://host/a", ""
	};
	struct player *p = test_player_new(0);
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(player_play(p, bad[i], 0, 0) == -1,
		    "%s was not refused", bad[i]);
		ck_assert_ptr_nonnull(player_message(p));
		ck_assert_int_gt(strlen(player_message(p)), 0);
		ck_assert_int_eq(player_state(p), PLAYER_IDLE);
	}
	printf("refused: %s\n", player_message(p));
	player_free(p);
}
END_TEST

START_TEST(test_player_not_audio)
{
	static const char *const names[] = { "text.mp3", "picture.png" };
	struct player *p = test_player_new(0);
	enum player_state s;
	char *path;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		path = test_path(names[i]);
		ck_assert_int_eq(player_play(p, path, 0, 0), 0);
		s = test_until(p, PLAYER_ERROR, 3000);
		printf("not audio: %s: %s: %s\n", names[i],
		    player_state_name(s), player_message(p) != NULL ?
		    player_message(p) : "(no message)");
		ck_assert(s == PLAYER_ERROR || s == PLAYER_ENDED);
		free(path);
	}
	player_free(p);
}
END_TEST

/* Listens on a free port of 127.0.0.1; returns the socket and sets *port. */
static int
test_listen(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int s;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(s, 8), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return (s);
}

/* Answers every request on s with name's bytes, or 404 when name is NULL. */
static pid_t
test_serve(int s, const char *name)
{
	char req[4096], *path, *head, *body = NULL;
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int c;

	if (name != NULL) {
		path = test_path(name);
		body = test_read_file(path, &len);
		free(path);
		head = xasprintf("HTTP/1.0 200 OK\r\nContent-Type: audio/wav\r\n"
		    "Content-Length: %zu\r\n\r\n", len);
	} else
		head = xstrdup("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
	fflush(stdout);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid != 0) {
		free(head);
		free(body);
		return (pid);
	}
	/* Check's handler, inherited, would pass a SIGTERM on to the test. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	while ((c = accept(s, NULL, NULL)) != -1) {
		n = read(c, req, sizeof req);
		if (n > 0 && write(c, head, strlen(head)) > 0 && len > 0)
			(void)!write(c, body, len);
		close(c);
	}
	_exit(0);
}

static void
test_serve_end(pid_t pid, int s)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(s);
}

START_TEST(test_player_http)
{
	struct player *p = test_player_new(0);
	char *url;
	int s, port;
	pid_t pid;
	int64_t w, t;

	s = test_listen(&port);
	pid = test_serve(s, "sine6.wav");
	url = xasprintf("http://127.0.0.1:%d/sine6.wav", port);
	ck_assert_int_eq(player_play(p, url, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	w = test_now_ms();
	test_run(p, 1000);
	t = player_time(p);
	printf("http: %lld ms of media in %lld ms, length %lld\n",
	    (long long)t, (long long)(test_now_ms() - w),
	    (long long)player_length(p));
	ck_assert_int_le(test_abs(t - (test_now_ms() - w)), 250);
	ck_assert_int_le(test_abs(player_length(p) - 6000), 100);
	free(url);
	test_serve_end(pid, s);

	s = test_listen(&port);
	pid = test_serve(s, NULL);
	url = xasprintf("http://127.0.0.1:%d/gone.mp3", port);
	w = test_now_ms();
	ck_assert_int_eq(player_play(p, url, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_ERROR, 2000), PLAYER_ERROR);
	printf("http: 404 after %lld ms: %s\n",
	    (long long)(test_now_ms() - w), player_message(p));
	ck_assert_ptr_nonnull(strstr(player_message(p), "gone.mp3"));
	free(url);
	player_free(p);
	test_serve_end(pid, s);
}
END_TEST

/* Connects to the stream at port and asks for it; returns a non-blocking socket. */
static int
test_stream_open(int port)
{
	struct sockaddr_in sin;
	char *req;
	int c;

	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(c, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(c, (struct sockaddr *)&sin, sizeof sin), 0);
	req = xasprintf("GET / HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
	ck_assert_int_eq(write(c, req, strlen(req)), (ssize_t)strlen(req));
	free(req);
	ck_assert_int_eq(fcntl(c, F_SETFL, O_NONBLOCK), 0);
	return (c);
}

/* Runs the player for ms while saving what the stream sends to out. */
static void
test_stream_read(struct player *p, int c, FILE *out, int ms)
{
	int64_t end = test_now_ms() + ms;
	char buf[8192];
	ssize_t n;

	while (test_now_ms() < end) {
		test_wait(p, 20);
		player_time(p);
		while ((n = read(c, buf, sizeof buf)) > 0)
			ck_assert_int_eq(fwrite(buf, 1, n, out), (size_t)n);
	}
}

/*
 * The stream serves MP3 on 127.0.0.1 while the silent output keeps time, the
 * time reported is what its listener hears (held where playback began or was
 * sought to, then the output's less the delay), and a taken port is refused.
 */
START_TEST(test_player_stream)
{
	struct player_options opts;
	struct player *p, *q;
	char *err = NULL, *path, *url, *got, *cmd, body[64];
	FILE *out;
	int s, c, port;
	int64_t t;

	s = test_listen(&port);
	close(s);
	memset(&opts, 0, sizeof opts);
	opts.output = PLAYER_OUTPUT_SILENT;
	opts.stream_port = port;
	opts.stream_delay_ms = 1000;
	p = player_new(&opts, &err);
	ck_assert_msg(p != NULL, "player_new: %s", err);
	url = xasprintf("http://127.0.0.1:%d/", port);
	ck_assert_str_eq(player_stream_url(p), url);

	path = test_path("sine6.wav");
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	got = test_path("stream.mp3");
	out = fopen(got, "w");
	ck_assert_ptr_nonnull(out);
	c = test_stream_open(port);
	test_stream_read(p, c, out, 500);
	t = player_time(p);
	printf("stream: at 0.5 s the listener is at %lld ms\n", (long long)t);
	ck_assert_int_eq(t, 0);
	test_stream_read(p, c, out, 1300);
	t = player_time(p);
	printf("stream: at 1.8 s the listener is at %lld ms\n", (long long)t);
	ck_assert_int_ge(t, 500);
	ck_assert_int_le(t, 1100);

	player_seek(p, 4000);
	test_stream_read(p, c, out, 400);
	ck_assert_int_eq(player_time(p), 4000);
	test_stream_read(p, c, out, 1000);
	ck_assert_int_gt(player_time(p), 4000);
	close(c);
	fclose(out);

	/* Two seconds and more of MP3 came through. */
	cmd = xasprintf("ffprobe -v error -show_entries format=duration,format_name "
	    "-of csv=p=0 '%s'", got);
	out = popen(cmd, "r");
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(fgets(body, sizeof body, out));
	pclose(out);
	printf("stream: the listener got %s", body);
	ck_assert_msg(strncmp(body, "mp3,", 4) == 0, "%s", body);
	ck_assert_double_ge(strtod(body + 4, NULL), 2.0);

	q = player_new(&opts, &err);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(err, "cannot stream on 127.0.0.1"));
	free(err);
	opts.stream_port = 70000;
	ck_assert_ptr_null(player_new(&opts, &err));
	free(err);

	player_free(p);
	free(cmd);
	free(got);
	free(path);
	free(url);
}
END_TEST

START_TEST(test_player_timeout)
{
	struct player *p = test_player_new(1000);
	char *url;
	int s, port, tick;
	int64_t w;

	/* A server that takes connections and never says a word. */
	s = test_listen(&port);
	url = xasprintf("http://127.0.0.1:%d/silence.mp3", port);

	w = test_now_ms();
	ck_assert_int_eq(player_play(p, url, 0, 0), 0);
	tick = player_next_tick_ms(p);
	ck_assert_int_gt(tick, 0);
	ck_assert_int_le(tick, 1000);
	ck_assert_int_eq(test_until(p, PLAYER_ERROR, 3000), PLAYER_ERROR);
	printf("timeout: error after %lld ms: %s\n",
	    (long long)(test_now_ms() - w), player_message(p));
	ck_assert_int_le(test_now_ms() - w, 2000);
	ck_assert_ptr_nonnull(strstr(player_message(p), "127.0.0.1"));
	free(url);
	player_free(p);
	close(s);
}
END_TEST

START_TEST(test_player_stop)
{
	struct player *p = test_playing("sine6.opus", 1000, 0);
	int64_t w;

	test_run(p, 300);
	w = test_now_ms();
	player_stop(p);
	printf("stop: took %lld ms\n", (long long)(test_now_ms() - w));
	ck_assert_int_le(test_now_ms() - w, 500);
	ck_assert_int_eq(player_state(p), PLAYER_IDLE);
	ck_assert_int_eq(player_time(p), -1);
	ck_assert_int_eq(player_length(p), 0);

	/* Freeing with media playing is fine too. */
	player_free(test_playing("sine6.mp3", 0, 0));
	player_free(p);
}
END_TEST

START_TEST(test_player_auto)
{
	struct player_options opts;
	struct player *p;
	char *err = NULL, *path;
	glob_t g;

	if (glob("/dev/snd/pcmC*D*p", 0, NULL, &g) == 0) {
		globfree(&g);
		printf("auto: this machine has a sound card, skipped\n");
		return;
	}
	/* No sound server either: the player falls back to the silent clock. */
	unsetenv("PULSE_SERVER");
	ck_assert_int_eq(setenv("XDG_RUNTIME_DIR", test_dir, 1), 0);
	memset(&opts, 0, sizeof opts);
	opts.output = PLAYER_OUTPUT_AUTO;
	p = player_new(&opts, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(player_audible(p), 0);
	ck_assert_str_eq(player_message(p), "no sound device: playing silently");
	path = test_path("sine6.wav");
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	ck_assert_str_eq(player_message(p), "no sound device: playing silently");
	free(path);
	player_free(p);

	/* A named output that does not exist is an error, not a crash. */
	opts.output = PLAYER_OUTPUT_NAMED;
	opts.audio_output = "no-such-output";
	ck_assert_ptr_null(player_new(&opts, &err));
	ck_assert_ptr_nonnull(err);
	printf("auto: named output: %s\n", err);
	free(err);
}
END_TEST

/* A named output that cannot start (its sound server refuses) plays silently and says so. */
START_TEST(test_player_unreachable)
{
	struct player_options opts;
	struct player *p;
	char *err = NULL, *path;
	int64_t t0, t1;

	ck_assert_int_eq(setenv("PULSE_SERVER", "tcp:127.0.0.1:1", 1), 0);
	memset(&opts, 0, sizeof opts);
	opts.output = PLAYER_OUTPUT_NAMED;
	opts.audio_output = "pulse";
	p = player_new(&opts, &err);
	if (p == NULL) {
		printf("unreachable: %s, skipped\n", err);
		free(err);
		unsetenv("PULSE_SERVER");
		return;
	}
	ck_assert_int_eq(player_audible(p), 0);
	ck_assert_str_eq(player_message(p),
	    "audio output pulse did not start (see the log): playing silently");
	path = test_path("sine6.wav");
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	ck_assert_int_eq(test_until(p, PLAYER_PLAYING, 3000), PLAYER_PLAYING);
	test_run(p, 300);
	t0 = player_time(p);
	test_run(p, 1000);
	t1 = player_time(p);
	printf("unreachable: %lld ms in 1 s\n", (long long)(t1 - t0));
	ck_assert_int_ge(t1 - t0, 700);
	ck_assert_int_le(t1 - t0, 1300);
	free(path);
	player_free(p);
	unsetenv("PULSE_SERVER");
}
END_TEST

START_TEST(test_player_quiet)
{
	struct player *p;
	char *path, *bad;
	off_t written;

	test_stderr_capture();
	p = test_player_new(0);
	path = test_path("sine6.ogg");
	bad = test_path("text.mp3");
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	test_until(p, PLAYER_PLAYING, 3000);
	test_run(p, 300);
	player_seek(p, 4000);
	test_run(p, 300);
	player_toggle(p);
	test_run(p, 200);
	ck_assert_int_eq(player_play(p, bad, 0, 0), 0);
	test_until(p, PLAYER_ERROR, 3000);
	ck_assert_int_eq(player_play(p, path, 5500, 0), 0);
	test_until(p, PLAYER_ENDED, 3000);
	player_free(p);
	written = test_stderr_release();
	ck_assert_int_eq(written, 0);
	free(path);
	free(bad);
}
END_TEST

static Suite *
player_suite(void)
{
	Suite *s = suite_create("player");
	TCase *tc = tcase_create("libvlc");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_player_clock);
	tcase_add_test(tc, test_player_clip_wav);
	tcase_add_test(tc, test_player_clip_ogg);
	tcase_add_test(tc, test_player_clip_mp3);
	tcase_add_test(tc, test_player_clip_opus);
	tcase_add_test(tc, test_player_seek_wav);
	tcase_add_test(tc, test_player_seek_ogg);
	tcase_add_test(tc, test_player_pause);
	tcase_add_test(tc, test_player_seek_paused);
	tcase_add_test(tc, test_player_rate);
	tcase_add_test(tc, test_player_deferred);
	tcase_add_test(tc, test_player_sidecar);
	tcase_add_test(tc, test_player_missing);
	tcase_add_test(tc, test_player_refused);
	tcase_add_test(tc, test_player_not_audio);
	tcase_add_test(tc, test_player_http);
	tcase_add_test(tc, test_player_stream);
	tcase_add_test(tc, test_player_timeout);
	tcase_add_test(tc, test_player_stop);
	tcase_add_test(tc, test_player_auto);
	tcase_add_test(tc, test_player_unreachable);
	tcase_add_test(tc, test_player_quiet);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	int	 rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_audio_make();
	rc = test_suite_run(player_suite(), CK_FORK_GETENV);
	test_tmpdir_free(test_dir);
	return (rc);
}
