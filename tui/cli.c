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
	    "       earmark [OPTION]... add URL...      subscribe to podcasts at http(s) URLs\n"
	    "       earmark [OPTION]... refresh         update every podcast subscribed by URL\n"
	    "       earmark [OPTION]... download EPISODE save an episode's audio for playback\n"
	    "       earmark [OPTION]... search QUERY    search every transcript (--json)\n"
	    "       earmark [OPTION]... export [CLIP...] write clips (all, or those given):\n"
	    "                                       --format md|json|m3u|soundbite|chapters|\n"
	    "                                       srt|vtt, --kind KIND, --text WORDS, -o FILE\n"
	    "       earmark parse FILE [--type T]   what a feed, OPML list, transcript or\n"
	    "                                       chapters file reads as, in JSON\n"
	    "       earmark episodes                episodes with their numbers\n"
	    "       earmark transcript EPISODE FILE attach a transcript (vtt srt json lrc\n"
	    "                                       html txt) to an episode\n"
	    "       earmark align EPISODE [FILE]    place an untimed transcript (the stored\n"
	    "                                       one, or FILE) on the episode's audio\n"
	    "       earmark chapters EPISODE FILE  read the chapters an audio file carries\n"
	    "       earmark export-transcript EPISODE [--format vtt|srt|txt] [-o FILE]\n"
	    "       earmark backup FILE             copy the catalog, safely while in use\n"
	    "       earmark clip EPISODE START END [TITLE]  make a clip (times: s or m:ss)\n"
	    "       earmark cut CLIP FILE           write a clip's audio to a new .ogg, .opus\n"
	    "                                       or .mp3 file\n"
	    "       earmark export --all [-o FILE]  every clip, note, position and subscription\n"
	    "       earmark import-backup FILE      bring those back into this catalog\n"
	    "       earmark import-opml FILE        subscribe to every feed of an OPML list\n"
	    "       earmark export-opml [-o FILE]   the subscriptions as OPML\n"
	    "       earmark remote COMMAND          drive an earmark started with --remote:\n"
	    "                                       status, play, pause, toggle, stop,\n"
	    "                                       seek [+|-]TIME, clip, quit\n"
	    "\n"
	    "  -c, --catalog PATH       use the catalog at PATH\n"
	    "                           (default $XDG_DATA_HOME/earmark/catalog.db)\n"
	    "  -d, --demo               open the demo podcast in its own catalog\n"
	    "  -a, --audio-output NAME  libvlc audio output (pulse, alsa, ...)\n"
	    "      --audio-device DEV   the device of that output\n"
	    "      --list-audio-outputs list libvlc's audio outputs\n"
	    "  -s, --silent             play without sound, keeping the clock running\n"
	    "      --remote             listen for earmark remote commands\n"
	    "      --mouse              clicks pick rows and seek, the wheel scrolls\n"
	    "      --stream PORT        also serve the audio as MP3 on http://127.0.0.1:PORT/\n"
	    "      --stream-delay SECS  how far that stream's listener hears behind\n"
	    "      --no-align           import, transcript: leave untimed lines estimated\n"
	    "  -h, --help               show this help\n"
	    "  -V, --version            show the version\n"
	    "\n"
	    "Inside earmark, press ? for the keys.\n", f);
}

/*
 * Reads the configuration file for a command: the catalog gets its transcript
 * language, co its download folder (borrowed from cfg, cleared by the caller).
 */
static void
cli_config(struct catalog *c, struct config *cfg, struct cli_opts *co)
{
	char	*path = paths_config();

	config_init(cfg);
	if (path != NULL)
		config_load(path, cfg, 0);
	catalog_set_language(c, cfg->language);
	co->download_dir = cfg->download_dir;
	free(path);
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
		{ "mouse", no_argument, NULL, 'M' },
		{ "stream", required_argument, NULL, 'S' },
		{ "stream-delay", required_argument, NULL, 'Y' },
		{ "list-audio-outputs", no_argument, NULL, 'O' },
		{ "format", required_argument, NULL, 'f' },
		{ "kind", required_argument, NULL, 'k' },
		{ "text", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'A' },
		{ "no-align", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct app_options o;
	struct cli_opts co;
	char *catalog_path = NULL, *demo_feed = NULL, *state, *log_path, *config_path;
	const char *catalog_arg = NULL;
	int ch, demo = 0, rc;

	memset(&o, 0, sizeof o);
	memset(&co, 0, sizeof co);
	o.stream_delay_ms = -1;
	while ((ch = getopt_long(argc, argv, "c:da:shVf:k:t:o:j", longopts, NULL)) != -1) {
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
		case 'M':
			o.mouse = 1;
			break;
		case 'S':
			if ((o.stream_port = config_number(optarg, 1, 65535)) < 0) {
				fprintf(stderr, "earmark: --stream wants a port from 1 to 65535\n");
				return 2;
			}
			break;
		case 'Y':
			o.stream_delay_ms = config_seconds(optarg);
			if (o.stream_delay_ms < 0 || o.stream_delay_ms > PLAYER_STREAM_DELAY_MAX) {
				fprintf(stderr, "earmark: --stream-delay wants seconds from "
				    "0 to %d\n", PLAYER_STREAM_DELAY_MAX / 1000);
				return 2;
			}
			break;
		case 'f':
			co.format = optarg;
			break;
		case 'k':
			co.kind = optarg;
			break;
		case 't':
			co.text = optarg;
			break;
		case 'o':
			co.output = optarg;
			break;
		case 'T':
			co.type = optarg;
			break;
		case 'j':
			co.json = 1;
			break;
		case 'A':
			co.all = 1;
			break;
		case 'L':
			co.no_align = 1;
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
	if (argc > 0 && strcmp(argv[0], "parse") == 0)
		return cmd_parse(&co, argc - 1, argv + 1);

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
		struct config cfg;
		char *err = NULL;

		static const char *const commands[] = { "import", "search", "export", "transcript",
			"export-transcript", "backup", "episodes", "add", "refresh", "download",
			"import-opml", "export-opml", "import-backup", "clip", "cut",
			"align", "chapters" };
		size_t k;

		for (k = 0; k < sizeof commands / sizeof commands[0]; k++) {
			if (strcmp(argv[0], commands[k]) == 0)
				break;
		}
		if (k == sizeof commands / sizeof commands[0]) {
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
		cli_config(c, &cfg, &co);
		if (strcmp(argv[0], "import") == 0)
			rc = cmd_import(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "export") == 0)
			rc = cmd_export(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "transcript") == 0)
			rc = cmd_transcript(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "export-transcript") == 0)
			rc = cmd_export_transcript(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "backup") == 0)
			rc = cmd_backup(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "episodes") == 0)
			rc = cmd_episodes(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "add") == 0)
			rc = cmd_add(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "refresh") == 0)
			rc = cmd_refresh(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "download") == 0)
			rc = cmd_download(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "clip") == 0)
			rc = cmd_clip(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "cut") == 0)
			rc = cmd_cut(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "align") == 0)
			rc = cmd_align(c, &co, argc - 1, argv + 1);
		else if (strcmp(argv[0], "chapters") == 0)
			rc = cmd_chapters(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "import-backup") == 0)
			rc = cmd_import_backup(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "import-opml") == 0)
			rc = cmd_import_opml(c, argc - 1, argv + 1);
		else if (strcmp(argv[0], "export-opml") == 0)
			rc = cmd_export_opml(c, &co, argc - 1, argv + 1);
		else
			rc = cmd_search(c, &co, argc - 1, argv + 1);
		config_clear(&cfg);
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
