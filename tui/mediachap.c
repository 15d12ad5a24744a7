#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* How long the interface waits for the chapters child (its probe stops at 3 s). */
#define MEDIACHAP_WAIT_MS 10000

/* Chapters a media file carries, read by libvlc and kept in the catalog. */

int
media_chapters_read(struct catalog *c, int64_t episode_id, const char *path, char **err)
{
	struct player_chapter	*pc;
	struct chapter_list	 l;
	int			 i, n, rc;

	*err = NULL;
	if (player_chapters(path, &pc, &n, err) != 0)
		return (-1);
	if (n == 0)
		return (0);
	l.n = n;
	l.items = xcalloc(n, sizeof *l.items);
	for (i = 0; i < n; i++) {
		l.items[i].start_ms = pc[i].start_ms;
		l.items[i].end_ms = pc[i].end_ms;
		l.items[i].title = pc[i].title;
		l.items[i].toc = 1;
	}
	rc = catalog_media_chapters_add(c, episode_id, &l);
	if (rc < 0)
		*err = xstrdup(catalog_error(c));
	free(l.items);
	player_chapters_free(pc, n);
	return (rc);
}

/* earmark chapters EPISODE FILE: reads the chapters FILE carries into EPISODE. */
int
cmd_chapters(struct catalog *c, int argc, char **argv)
{
	char	*end, *err = NULL;
	long long id;
	int	 n;

	if (argc != 2) {
		fprintf(stderr, "earmark: usage: earmark chapters EPISODE FILE\n");
		return 2;
	}
	id = strtoll(argv[0], &end, 10);
	if (end == argv[0] || *end != '\0' || id <= 0) {
		fprintf(stderr, "earmark: '%s' is not an episode number\n", argv[0]);
		return 2;
	}
	if ((n = media_chapters_read(c, id, argv[1], &err)) < 0) {
		fprintf(stderr, "earmark: %s\n", err ? err : "cannot read the chapters");
		free(err);
		return 1;
	}
	printf("%d chapters read\n", n);
	return 0;
}

/*
 * Reads the chapters of path into the episode in a second earmark process
 * and waits for it: the libvlc instance and the demuxers that reading takes
 * (about 4 MB) then never stay in this one. Returns the chapters read, or -1.
 */
int
media_chapters_spawn(const char *catalog_path, int64_t episode_id, const char *path)
{
	char	 self[4096], id[32], out[64];
	ssize_t	 n;
	size_t	 len = 0;
	int	 p[2], fd, status;
	pid_t	 pid;
	struct pollfd pfd;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) <= 0)
		return -1;
	self[n] = '\0';
	snprintf(id, sizeof id, "%lld", (long long)episode_id);
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		dup2(p[1], STDOUT_FILENO);
		execl(self, "earmark", "--catalog", catalog_path, "chapters", id, path,
		    (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	/* The probe gives up after 3 s; a child stuck past that is ended. */
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (len < sizeof out - 1) {
		if ((n = poll(&pfd, 1, MEDIACHAP_WAIT_MS)) == 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (n > 0)
			n = read(p[0], out + len, sizeof out - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return atoi(out);
}
