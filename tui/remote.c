#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * The control socket: a running earmark started with --remote listens on a
 * Unix socket that only its user can reach; `earmark remote COMMAND` sends
 * one line and prints the one-line answer. Commands: status, play, pause,
 * toggle, stop, seek [+|-]TIME, clip (keep the last 30 s), quit.
 */

/* Longest command line, and how long a client may take to send it. */
#define REMOTE_LINE_MAX 256
#define REMOTE_READ_MS 500

char *
remote_path(void)
{
	const char *rundir = getenv("XDG_RUNTIME_DIR");
	char *dir, *path;

	if (rundir != NULL && rundir[0] == '/')
		dir = xasprintf("%s/earmark", rundir);
	else
		dir = paths_state_dir();
	paths_mkdir_p(dir);
	chmod(dir, 0700);
	path = xasprintf("%s/remote.sock", dir);
	free(dir);
	return path;
}

int
remote_listen(char **err)
{
	struct sockaddr_un sa;
	char *path = remote_path();
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		*err = xasprintf("the control socket path is too long: %s", path);
		free(path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		*err = xasprintf("cannot make the control socket: %s", strerror(errno));
		free(path);
		return -1;
	}
	/* A socket left by an earmark that died: replace it, unless one still answers. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
		*err = xasprintf("another earmark already listens on %s", path);
		close(fd);
		free(path);
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || chmod(path, 0600) != 0 ||
	    listen(fd, 4) != 0) {
		*err = xasprintf("cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		free(path);
		return -1;
	}
	free(path);
	return fd;
}

void
remote_close(int fd)
{
	char *path;

	if (fd < 0)
		return;
	close(fd);
	path = remote_path();
	unlink(path);
	free(path);
}

/* Reads one line from a client, waiting a little; returns its length or -1. */
static int
read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len + 1 < size) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, REMOTE_READ_MS) <= 0)
			return -1;
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len) != NULL)
			break;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return (int)len;
}

/* The answer to status: state, time, length, title. */
static char *
status_line(struct app *a)
{
	char t0[16], t1[16];
	int64_t t = player_time(a->player), len = player_length(a->player);

	text_time(t0, sizeof t0, t < 0 ? 0 : t);
	text_time(t1, sizeof t1, len > 0 ? len : a->play_duration);
	if (a->play_episode == 0)
		return xstrdup("stopped");
	return xasprintf("%s %s / %s %s", player_state_name(player_state(a->player)), t0, t1,
	    a->play_title ? a->play_title : "");
}

/* Carries out one command; returns the answer, "error: ..." when refused. */
static char *
run(struct app *a, char *line, unsigned int *dirty)
{
	char *arg = line + strcspn(line, " ");
	enum player_state s = player_state(a->player);

	if (*arg != '\0')
		*arg++ = '\0';
	*dirty |= DIRTY_STATUS | DIRTY_TRANSCRIPT | DIRTY_EPISODES;
	if (strcmp(line, "status") == 0)
		return status_line(a);
	if (strcmp(line, "pause") == 0 || strcmp(line, "play") == 0 ||
	    strcmp(line, "toggle") == 0) {
		if (a->play_episode == 0)
			return xstrdup("error: nothing is loaded; choose an episode in earmark");
		if (strcmp(line, "toggle") == 0)
			player_toggle(a->player);
		else if (s == PLAYER_ENDED && strcmp(line, "play") == 0)
			app_play_episode(a, a->play_episode, 0);
		else
			player_pause(a->player, strcmp(line, "pause") == 0);
		if (strcmp(line, "play") != 0)
			app_save_position(a);
		return status_line(a);
	}
	if (strcmp(line, "stop") == 0) {
		app_save_position(a);
		player_stop(a->player);
		return xstrdup("stopped");
	}
	if (strcmp(line, "seek") == 0) {
		int64_t t;
		int sign;

		/* The times of the : command line: 90, 1:30, 1:02:03, +30, -10. */
		if (cmdline_time(arg, strlen(arg), &t, &sign) != 0)
			return xstrdup("error: seek takes a time (90, 1:30, 1:02:03), "
			    "or +N / -N seconds");
		if (s != PLAYER_PLAYING && s != PLAYER_PAUSED)
			return xstrdup("error: nothing is playing");
		if (sign != 0)
			t = player_time(a->player) + sign * t;
		player_seek(a->player, t < 0 ? 0 : t);
		a->follow = 1;
		return status_line(a);
	}
	if (strcmp(line, "clip") == 0) {
		clip_quick(a);
		return xstrdup(a->message ? a->message : "done");
	}
	if (strcmp(line, "quit") == 0) {
		a->quit = 1;
		return xstrdup("bye");
	}
	return xasprintf("error: unknown command '%s' (status, play, pause, toggle, stop, "
	    "seek, clip, quit)", line);
}

unsigned int
remote_accept(struct app *a, int lfd)
{
	char line[REMOTE_LINE_MAX], *answer;
	unsigned int dirty = 0;
	int fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		if (read_line(fd, line, sizeof line) > 0) {
			answer = run(a, line, &dirty);
			if (write(fd, answer, strlen(answer)) < 0 || write(fd, "\n", 1) < 0) {
				/* The client left; nothing to tell it. */
			}
			free(answer);
		}
		close(fd);
	}
	return dirty;
}

int
remote_send(int argc, char **argv)
{
	struct sockaddr_un sa;
	char *path = remote_path(), buf[1024];
	size_t len = 0;
	ssize_t n;
	int fd, i;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		fprintf(stderr, "earmark: no earmark is listening on %s (start it with --remote)\n",
		    path);
		free(path);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	free(path);
	buf[0] = '\0';
	for (i = 0; i < argc && len + strlen(argv[i]) + 2 < sizeof buf; i++) {
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", argv[i]);
	}
	if (argc == 0)
		len = (size_t)snprintf(buf, sizeof buf, "status");
	buf[len++] = '\n';
	if (write(fd, buf, len) != (ssize_t)len) {
		close(fd);
		return 1;
	}
	len = 0;
	while (len + 1 < sizeof buf && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	fputs(buf, stdout);
	return strncmp(buf, "error:", 6) == 0 || len == 0 ? 1 : 0;
}
