#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

static void
usage(FILE *f)
{
	fputs("Usage: earmark [OPTION]...              browse and play the catalog\n"
	    "       earmark [OPTION]... import FEED...  add or update podcasts from RSS files\n"
	    "       earmark [OPTION]... search QUERY    search every transcript\n"
	    "       earmark remote COMMAND          drive an earmark started with --remote:\n"
	    "                                       status, play, pause, toggle, stop,\n"
	    "                                       seek [+|-]SECONDS, clip, quit\n"
	    "\n"
	    "  -c, --catalog PATH       use the catalog at PATH\n"
	    "                           (default $XDG_DATA_HOME/earmark/catalog.db)\n"
	    "  -d, --demo               open the demo podcast in its own catalog\n"
	    "  -a, --audio-output NAME  libvlc audio output (pulse, alsa, ...)\n"
	    "      --audio-device DEV   the device of that output\n"
	    "      --list-audio-outputs list libvlc's audio outputs\n"
	    "  -s, --silent             play without sound, keeping the clock running\n"
	    "      --remote             listen for earmark remote commands\n"
	    "  -h, --help               show this help\n"
	    "  -V, --version            show the version\n"
	    "\n"
	    "Inside earmark, press ? for the keys.\n", f);
}

static void
print_report(const char *path, const struct catalog_import_report *r)
{
	printf("%s: %s: %d new, %d updated episodes, %d transcript lines, %d clips",
	    path, r->podcast_title ? r->podcast_title : "(untitled)",
	    r->episodes_added, r->episodes_updated, r->lines, r->clips);
	if (r->skipped > 0)
		printf(", %d skipped", r->skipped);
	putchar('\n');
	if (r->warnings != NULL)
		printf("%s%s", r->warnings,
		    r->warnings[strlen(r->warnings) - 1] == '\n' ? "" : "\n");
}

static int
cmd_import(struct catalog *c, int argc, char **argv)
{
	int i, failed = 0;

	if (argc < 1) {
		fputs("earmark: import needs a feed file\n", stderr);
		return 2;
	}
	for (i = 0; i < argc; i++) {
		struct catalog_import_report r;

		memset(&r, 0, sizeof r);
		if (catalog_import_feed(c, argv[i], &r) != 0) {
			fprintf(stderr, "earmark: %s: %s\n", argv[i], catalog_error(c));
			failed = 1;
		} else
			print_report(argv[i], &r);
		catalog_import_report_clear(&r);
	}
	return failed;
}

static int
cmd_search(struct catalog *c, int argc, char **argv)
{
	struct catalog_hit hits[50];
	char *query, t[16];
	size_t len = 0;
	int i, n;

	if (argc < 1) {
		fputs("earmark: search needs a query\n", stderr);
		return 2;
	}
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	query = xcalloc(1, len + 1);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(query, " ");
		strcat(query, argv[i]);
	}
	n = catalog_search(c, query, 0, 50, hits);
	free(query);
	if (n < 0) {
		fprintf(stderr, "earmark: search: %s\n", catalog_error(c));
		return 1;
	}
	for (i = 0; i < n; i++) {
		char *pod = text_sanitize(hits[i].podcast_title, strlen(hits[i].podcast_title));
		char *ep = text_sanitize(hits[i].episode_title, strlen(hits[i].episode_title));
		char *snip = text_sanitize(hits[i].snippet, strlen(hits[i].snippet));

		text_time(t, sizeof t, hits[i].start_ms);
		printf("%s / %s / %s  %s\n", pod, ep, t, snip);
		free(pod);
		free(ep);
		free(snip);
		catalog_hit_clear(&hits[i]);
	}
	return n > 0 ? 0 : 1;
}

/* Imports the demo feed into the demo catalog when that is still empty. */
static int
demo_prepare(struct app_options *o, char **feed_out)
{
	char *feed = paths_demo_feed();

	if (feed == NULL) {
		fputs("earmark: the demo podcast is not installed (set EARMARK_DEMO_DIR to its folder)\n",
		    stderr);
		return -1;
	}
	*feed_out = feed;
	o->demo_feed = feed;
	return 0;
}

int
cli_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "catalog", required_argument, NULL, 'c' },
		{ "demo", no_argument, NULL, 'd' },
		{ "audio-output", required_argument, NULL, 'a' },
		{ "silent", no_argument, NULL, 's' },
		{ "audio-device", required_argument, NULL, 'D' },
		{ "remote", no_argument, NULL, 'R' },
		{ "list-audio-outputs", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct app_options o;
	char *catalog_path = NULL, *demo_feed = NULL, *state, *log_path, *config_path;
	const char *catalog_arg = NULL;
	int ch, demo = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, "c:da:shV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			catalog_arg = optarg;
			break;
		case 'd':
			demo = 1;
			break;
		case 'a':
			o.audio_output = optarg;
			break;
		case 's':
			o.silent = 1;
			break;
		case 'D':
			o.audio_device = optarg;
			break;
		case 'R':
			o.remote = 1;
			break;
		case 'O': {
			char *list = player_outputs_list();

			fputs(list, stdout);
			free(list);
			return 0;
		}
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("earmark %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 && strcmp(argv[0], "remote") == 0)
		return remote_send(argc - 1, argv + 1);

	if (catalog_arg != NULL)
		catalog_path = xstrdup(catalog_arg);
	else if (demo)
		catalog_path = paths_demo_catalog();
	else
		catalog_path = paths_catalog();
	if (demo && demo_prepare(&o, &demo_feed) != 0) {
		free(catalog_path);
		return 1;
	}

	if (argc > 0) {
		struct catalog *c;
		char *err = NULL;

		if (strcmp(argv[0], "import") != 0 && strcmp(argv[0], "search") != 0) {
			fprintf(stderr, "earmark: unknown command '%s'\n", argv[0]);
			usage(stderr);
			free(catalog_path);
			free(demo_feed);
			return 2;
		}
		if (catalog_open(catalog_path, &c, &err) != 0) {
			fprintf(stderr, "earmark: %s: %s\n", catalog_path, err ? err : "cannot open");
			free(err);
			free(catalog_path);
			free(demo_feed);
			return 1;
		}
		if (strcmp(argv[0], "import") == 0)
			rc = cmd_import(c, argc - 1, argv + 1);
		else
			rc = cmd_search(c, argc - 1, argv + 1);
		catalog_free(c);
		free(catalog_path);
		free(demo_feed);
		return rc;
	}

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("earmark: the interface needs a terminal (see earmark --help)\n", stderr);
		free(catalog_path);
		free(demo_feed);
		return 1;
	}
	state = paths_state_dir();
	paths_mkdir_p(state);
	log_path = xasprintf("%s/earmark.log", state);
	free(state);
	o.catalog_path = catalog_path;
	o.log_path = log_path;
	config_path = paths_config();
	o.config_path = config_path;
	rc = app_run(&o);
	free(config_path);
	free(log_path);
	free(catalog_path);
	free(demo_feed);
	return rc;
}
