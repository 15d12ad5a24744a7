#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* The commands that reach the network: add, refresh, download. */

/* Where the progress of the transfers stands, for one line on a terminal. */
struct net_progress {
	int	 tty;		/* stderr is a terminal: one line, rewritten. */
	int	 count;		/* Transfers in the current call. */
	int	 finished;	/* Of those, how many are over. */
	int	 failed;
};

/* Clears the progress line so a message can follow. */
static void
net_progress_clear(struct net_progress *np)
{
	if (np->tty)
		fputs("\r\033[K", stderr);
}

/*
 * Shows a transfer's progress: on a terminal one line rewritten, the bytes
 * of a single transfer or the count of several; otherwise a plain line as
 * each of several ends.
 */
static void
net_progress_show(void *ctx, const struct catalog_progress *p)
{
	struct net_progress	*np = ctx;

	if (p->count != np->count || (p->index == 0 && np->finished >= np->count)) {
		np->count = p->count;
		np->finished = np->failed = 0;
	}
	if (p->finished) {
		np->finished++;
		np->failed += p->error != NULL;
	}
	if (!np->tty) {
		if (p->finished && p->count > 1)
			fprintf(stderr, "[%d/%d] %s %s\n", np->finished, p->count, p->url,
			    p->error != NULL ? "failed" : "fetched");
		return;
	}
	if (p->count > 1)
		fprintf(stderr, "\r\033[K[%d/%d fetched%s] %.60s", np->finished,
		    p->count, np->failed > 0 ? ", some failed" : "", p->url);
	else if (p->total > 0)
		fprintf(stderr, "\r\033[K%3d%%  %.1f of %.1f MB", (int)(p->done * 100 /
		    p->total), p->done / 1048576.0, p->total / 1048576.0);
	else
		fprintf(stderr, "\r\033[K%.1f MB", p->done / 1048576.0);
	fflush(stderr);
}

int
cmd_add(struct catalog *c, int argc, char **argv)
{
	struct catalog_import_report	r;
	struct net_progress		np;
	int				i, rc, failed = 0;

	if (argc < 1) {
		fputs("earmark: add needs a feed URL\n", stderr);
		return 2;
	}
	memset(&np, 0, sizeof np);
	np.tty = isatty(STDERR_FILENO);
	for (i = 0; i < argc; i++) {
		rc = catalog_subscribe_progress(c, argv[i], net_progress_show, &np, &r);
		net_progress_clear(&np);
		if (rc != 0) {
			fprintf(stderr, "earmark: %s\n", catalog_error(c));
			failed = 1;
		} else
			cmd_import_report(argv[i], &r);
		catalog_import_report_clear(&r);
	}
	return failed;
}

int
cmd_refresh(struct catalog *c, int argc, char **argv)
{
	struct catalog_refresh_report	 rr;
	struct catalog_feed_report	*f;
	struct net_progress		 np;
	int				 i, rc;

	(void)argv;
	if (argc > 0) {
		fputs("earmark: refresh takes no arguments\n", stderr);
		return 2;
	}
	memset(&np, 0, sizeof np);
	np.tty = isatty(STDERR_FILENO);
	rc = catalog_refresh(c, net_progress_show, &np, &rr);
	net_progress_clear(&np);
	if (rc == -1) {
		fprintf(stderr, "earmark: refresh: %s\n", catalog_error(c));
		catalog_refresh_report_clear(&rr);
		return 1;
	}
	if (rr.n == 0)
		puts("No podcast with an http or https feed to refresh.");
	for (i = 0; i < rr.n; i++) {
		f = &rr.feeds[i];
		if (f->state == CATALOG_FEED_FAILED)
			fprintf(stderr, "earmark: %s\n", f->error);
		else if (f->state == CATALOG_FEED_UNCHANGED)
			printf("%s: not modified\n", f->url);
		else
			cmd_import_report(f->url, &f->import);
	}
	rc = rr.failed > 0;
	catalog_refresh_report_clear(&rr);
	return rc;
}

/* Makes the download folder when missing; says why when it cannot be used. */
static int
net_download_dir(const char *dir)
{
	struct stat	st;

	if (paths_mkdir_p(dir) != 0) {
		fprintf(stderr, "earmark: download: cannot make the folder %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "earmark: download: %s is not a folder\n", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(stderr, "earmark: download: cannot write in the folder %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
cmd_download(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct net_progress	 np;
	char			*data, *dir, *end, *path;
	long long		 id;
	int			 rc;

	if (argc != 1) {
		fputs("earmark: download needs one episode number (see earmark episodes)\n",
		    stderr);
		return 2;
	}
	errno = 0;
	id = strtoll(argv[0], &end, 10);
	if (errno != 0 || *end != '\0' || id <= 0) {
		fprintf(stderr, "earmark: %s: not an episode number\n", argv[0]);
		return 2;
	}
	memset(&np, 0, sizeof np);
	np.tty = isatty(STDERR_FILENO);
	if (co->download_dir != NULL)
		dir = xstrdup(co->download_dir);
	else {
		data = paths_data_dir();
		dir = xasprintf("%s/audio", data);
		free(data);
	}
	if (net_download_dir(dir) != 0) {
		free(dir);
		return 1;
	}
	rc = catalog_download(c, id, dir, net_progress_show, &np);
	net_progress_clear(&np);
	free(dir);
	if (rc != 0) {
		fprintf(stderr, "earmark: download: %s\n", catalog_error(c));
		return 1;
	}
	path = catalog_episode_local_audio(c, id);
	printf("%lld: %s\n", id, path != NULL ? path : "saved");
	if (path != NULL) {
		char	*err;
		int	 n = media_chapters_read(c, id, path, &err);

		if (n > 0)
			printf("%lld: %d chapter%s read from the audio file\n", id, n,
			    n == 1 ? "" : "s");
		free(err);
	}
	free(path);
	return 0;
}
