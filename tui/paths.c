#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/tui.h"
#include "util/xmalloc.h"

/* An XDG base folder: $var when absolute, else $HOME/fallback. */
static char *
xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	const char *home;

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/earmark", v);
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0')
		home = "/tmp";
	return xasprintf("%s/%s/earmark", home, fallback);
}

char *
paths_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *
paths_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *
paths_config(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = xasprintf("%s/config", dir);

	paths_mkdir_p(dir);
	free(dir);
	return path;
}

char *
paths_catalog(void)
{
	char *dir = paths_data_dir();
	char *path = xasprintf("%s/catalog.db", dir);

	free(dir);
	return path;
}

char *
paths_demo_catalog(void)
{
	char *dir = paths_data_dir();
	char *path = xasprintf("%s/demo.db", dir);

	free(dir);
	return path;
}

char *
paths_demo_feed(void)
{
	const char *dirs[3];
	const char *env = getenv("EARMARK_DEMO_DIR");
	int i, n = 0;

	if (env != NULL && env[0] != '\0')
		dirs[n++] = env;
	dirs[n++] = EARMARK_DATA_DEMO;
	dirs[n++] = EARMARK_SRC_DEMO;
	for (i = 0; i < n; i++) {
		char *feed = xasprintf("%s/feed.xml", dirs[i]);

		if (access(feed, R_OK) == 0)
			return feed;
		free(feed);
	}
	return NULL;
}

int
paths_mkdir_p(const char *dir)
{
	char *copy = xstrdup(dir);
	char *p;
	int rc = 0;

	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			rc = errno;
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return 0;
}
