#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* Finds a clip by its number; prints why not and returns -1. */
static int
cut_clip_arg(struct catalog *c, const char *arg, struct catalog_clip *k)
{
	char *end;
	long long id = strtoll(arg, &end, 10);

	memset(k, 0, sizeof *k);
	if (end != arg && *end == '\0' && id > 0 && catalog_clip_get(c, id, k) == 0)
		return 0;
	fprintf(stderr, "earmark: no clip '%s' (give its \"id\" from earmark export "
	    "--format json)\n", arg);
	return -1;
}

/* On a terminal, one line telling how far the decoding is (a cut decodes up to the clip's end). */
static void
cut_progress(void *arg, int64_t done, int64_t end)
{
	int	*shown = arg;

	if (end <= 0)
		return;
	fprintf(stderr, "\rcutting: decoding %3d%% (%lld:%02lld of %lld:%02lld)",
	    (int)(done * 100 / end), (long long)(done / 60000), (long long)(done / 1000 % 60),
	    (long long)(end / 60000), (long long)(end / 1000 % 60));
	fflush(stderr);
	*shown = 1;
}

int
cmd_cut(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_clip k;
	struct catalog_episode e;
	int64_t episode_id, start_ms, end_ms;
	char *local, *err = NULL;
	const char *title;
	int rc = 1, shown = 0, cut;

	(void)co;
	if (argc != 2) {
		fputs("earmark: cut takes a clip and a file (.ogg, .opus or .mp3)\n", stderr);
		return 2;
	}
	if (cut_clip_arg(c, argv[0], &k) < 0)
		return 1;
	/* A segment's audio is in the episode it came from. */
	episode_id = k.kind == CLIP_SEGMENT && k.source_episode_id > 0 ?
	    k.source_episode_id : k.episode_id;
	start_ms = episode_id != k.episode_id ? k.source_start_ms : k.start_ms;
	end_ms = start_ms + (k.end_ms - k.start_ms);
	memset(&e, 0, sizeof e);
	if (catalog_episode_get(c, episode_id, &e) != 0) {
		fprintf(stderr, "earmark: clip %s: its episode is gone\n", argv[0]);
		catalog_clip_clear(&k);
		return 1;
	}
	local = catalog_episode_local_audio(c, e.id);
	cut = -1;
	if (local == NULL && (e.audio == NULL || e.audio[0] == '\0'))
		fprintf(stderr, "earmark: clip %s: its episode has no audio\n", argv[0]);
	else {
		cut = player_cut_progress(local != NULL ? local : e.audio, start_ms,
		    end_ms, argv[1], isatty(STDERR_FILENO) ? cut_progress : NULL,
		    &shown, &err);
		if (shown)
			fputs("\r\033[K", stderr);
		if (cut != 0)
			fprintf(stderr, "earmark: %s\n", err);
	}
	if (cut == 0) {
		title = k.title != NULL && k.title[0] != '\0' ? k.title :
		    e.title != NULL ? e.title : "";
		printf("%s: %.1f s of \"%s\"\n", argv[1], (double)(end_ms - start_ms) / 1000,
		    title);
		rc = 0;
	}
	free(err);
	free(local);
	catalog_episode_clear(&e);
	catalog_clip_clear(&k);
	return rc;
}
