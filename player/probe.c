#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/*
 * Chapters of a media file as libvlc's own demuxers read them (MP4 chapter
 * lists and Nero chapters, Matroska editions, Ogg/Opus CHAPTERxxx comments).
 * The media is opened paused through a private libvlc with no sound output;
 * the chapters are known once it reports Paused, which takes a few
 * milliseconds for a local file. The avformat demuxer that playback uses
 * names every chapter after the file's title, so it is not used here.
 */

#define PROBE_TIMEOUT_MS 3000
#define PROBE_STEP_MS 5

static void
probe_sleep(void)
{
	struct timespec	ts = { 0, PROBE_STEP_MS * 1000000L };

	nanosleep(&ts, NULL);
}

/* A chapter's name without the blanks around it (Matroska's start with one), or NULL. */
static char *
probe_title(const char *s)
{
	size_t	n;

	if (s == NULL)
		return (NULL);
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (n > 0 ? xstrndup(s, n) : NULL);
}

/* Copies libvlc's descriptions, giving each chapter without an end the next one's start. */
static void
probe_copy(libvlc_chapter_description_t **cd, int n, struct player_chapter *out)
{
	int	i;

	for (i = 0; i < n; i++) {
		out[i].start_ms = cd[i]->i_time_offset;
		out[i].end_ms = cd[i]->i_duration > 0 ?
		    cd[i]->i_time_offset + cd[i]->i_duration : -1;
		if (out[i].end_ms < 0 && i + 1 < n)
			out[i].end_ms = cd[i + 1]->i_time_offset;
		out[i].title = probe_title(cd[i]->psz_name);
	}
}

int
player_chapters(const char *path, struct player_chapter **out, int *n, char **err)
{
	static const char *const args[] = {
		"--quiet", "--no-video", "--no-spu", "--aout=dummy",
		"--no-stats", "--start-paused"
	};
	libvlc_chapter_description_t	**cd = NULL;
	libvlc_instance_t		 *vlc;
	libvlc_media_player_t		 *mp = NULL;
	libvlc_media_t			 *m;
	libvlc_state_t			  s;
	int				  url, waited, got = -1, rc = -1;

	*out = NULL;
	*n = 0;
	*err = NULL;
	if (!player_location_allowed(path, &url) || url) {
		*err = xasprintf("%s: chapters are read from local files only", path);
		return (-1);
	}
	if ((vlc = player_vlc_quiet(args, sizeof args / sizeof args[0])) == NULL) {
		*err = xstrdup("cannot start libvlc");
		return (-1);
	}
	if ((m = libvlc_media_new_path(vlc, path)) == NULL) {
		*err = xasprintf("cannot open %s", path);
		goto out;
	}
	mp = libvlc_media_player_new_from_media(m);
	libvlc_media_release(m);
	if (mp == NULL || libvlc_media_player_play(mp) != 0) {
		*err = xasprintf("cannot open %s", path);
		goto out;
	}
	for (waited = 0; waited < PROBE_TIMEOUT_MS; waited += PROBE_STEP_MS) {
		probe_sleep();
		s = libvlc_media_player_get_state(mp);
		got = libvlc_media_player_get_full_chapter_descriptions(mp, -1, &cd);
		if (got > 0 || s == libvlc_Paused || s == libvlc_Playing)
			break;
		if (got >= 0)
			libvlc_chapter_descriptions_release(cd, got);
		cd = NULL;
		got = -1;
		if (s == libvlc_Ended || s == libvlc_Error) {
			*err = xasprintf("cannot read %s", path);
			goto out;
		}
	}
	if (waited >= PROBE_TIMEOUT_MS) {
		*err = xasprintf("reading %s took too long", path);
		goto out;
	}
	if (got > 0) {
		*out = xcalloc(got, sizeof **out);
		probe_copy(cd, got, *out);
		*n = got;
	}
	rc = 0;
out:
	if (cd != NULL && got >= 0)
		libvlc_chapter_descriptions_release(cd, got);
	if (mp != NULL) {
		libvlc_media_player_stop(mp);
		libvlc_media_player_release(mp);
	}
	libvlc_release(vlc);
	return (rc);
}

void
player_chapters_free(struct player_chapter *c, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		free(c[i].title);
	free(c);
}
