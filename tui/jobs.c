#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * Background jobs: a refresh, a download or a cut runs as a second earmark
 * process on the same catalog, so the screen never freezes; its output lines
 * become status messages and the end of a refresh or download reloads the
 * lists.
 */

int
job_start(struct app *a, const char *what, const char *command, const char *arg,
    const char *arg2, int reload)
{
	char self[4096];
	ssize_t n;
	int p[2], devnull;
	pid_t pid;

	if (a->job_pid > 0) {
		app_message(a, 1, "%s is still running", a->job_what ? a->job_what : "a job");
		return -1;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		app_message(a, 1, "cannot find earmark's own program to run %s", what);
		return -1;
	}
	self[n] = '\0';
	if (pipe2(p, O_CLOEXEC) != 0) {
		app_message(a, 1, "cannot start %s: %s", what, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		app_message(a, 1, "cannot start %s: %s", what, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execl(self, "earmark", "--catalog", a->opts->catalog_path, command, arg,
		    arg != NULL ? arg2 : NULL, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	a->job_pid = pid;
	a->job_fd = p[0];
	a->job_len = 0;
	a->job_failed = 0;
	a->job_reload = reload;
	a->job_said = 0;
	free(a->job_what);
	a->job_what = xstrdup(what);
	app_message(a, 0, "%s started", what);
	return 0;
}

/* Shows the last complete line of the job's output. */
static void
job_line(struct app *a, char *line)
{
	if (line[0] == '\0')
		return;
	if (strncmp(line, "earmark: ", 9) == 0) {
		a->job_failed++;
		app_message(a, 1, "%s", line + 9);
	} else
		app_message(a, 0, "%s: %s", a->job_what, line);
	a->job_said = 1;
}

unsigned int
job_read(struct app *a)
{
	char buf[512];
	ssize_t n;
	int status;

	while ((n = read(a->job_fd, buf, sizeof buf)) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\n' || c == '\r') {
				a->job_buf[a->job_len] = '\0';
				job_line(a, a->job_buf);
				a->job_len = 0;
			} else if (a->job_len + 1 < sizeof a->job_buf)
				a->job_buf[a->job_len++] = c;
		}
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return DIRTY_STATUS;
	/* The job ended. */
	close(a->job_fd);
	a->job_fd = -1;
	if (waitpid(a->job_pid, &status, 0) < 0)
		status = -1;
	a->job_pid = 0;
	/* A job that only reports its result (a cut) leaves its last line. */
	if (status == 0 && a->job_failed == 0 && (a->job_reload || !a->job_said))
		app_message(a, 0, "%s finished", a->job_what);
	else if (status != 0 && a->job_failed == 0)
		app_message(a, 1, "%s failed", a->job_what);
	if (!a->job_reload)
		return DIRTY_STATUS;
	app_podcasts_reload(a);
	list_reset(&a->list[PANE_PODCASTS], a->list[PANE_PODCASTS].count);
	a->ncontinue = -1;
	app_podcasts_reload(a);
	app_select(a, PANE_PODCASTS);
	return DIRTY_ALL & ~DIRTY_LAYOUT;
}

void
job_stop(struct app *a)
{
	int status;

	if (a->job_pid <= 0)
		return;
	kill(a->job_pid, SIGTERM);
	waitpid(a->job_pid, &status, 0);
	close(a->job_fd);
	a->job_fd = -1;
	a->job_pid = 0;
}
