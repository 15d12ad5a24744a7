#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* The filter the clips view applies now. */
static void
filter_of(struct app *a, struct catalog_clip_filter *f)
{
	memset(f, 0, sizeof *f);
	f->kinds = a->filter_kinds;
	f->podcast_id = a->filter_podcast ? a->podcast_id : 0;
	f->text = a->filter_text;
	f->by_episode = a->filter_by_episode;
}

int
app_clip_at(struct app *a, int row, struct catalog_clip *out)
{
	struct catalog_clip_filter f;

	memset(out, 0, sizeof *out);
	if (row < 0)
		return -1;
	if (!a->clips_all)
		return catalog_clips(a->cat, a->episode_id, row, 1, out) == 1 ? 0 : -1;
	filter_of(a, &f);
	return catalog_clips_find(a->cat, &f, row, 1, out) == 1 ? 0 : -1;
}

/* Rows of the clips pane in the current view. */
int
clips_view_count(struct app *a)
{
	struct catalog_clip_filter f;

	if (!a->clips_all)
		return a->episode_id > 0 ? catalog_clip_count(a->cat, a->episode_id) : 0;
	filter_of(a, &f);
	return catalog_clip_count_find(a->cat, &f);
}

int
clips_view_page(struct app *a, int first, int n, struct catalog_clip *out)
{
	struct catalog_clip_filter f;

	if (!a->clips_all)
		return a->episode_id > 0 ? catalog_clips(a->cat, a->episode_id, first, n, out) : 0;
	filter_of(a, &f);
	return catalog_clips_find(a->cat, &f, first, n, out);
}

/* Describes the filter for the pane's title. */
char *
clips_view_title(struct app *a)
{
	static const char *kinds[] = { "chapters", "soundbites", "segments", "bookmarks" };
	const char *kind = "all kinds";
	int k;

	for (k = 0; k < CLIP_KIND_COUNT; k++) {
		if (a->filter_kinds == 1u << k)
			kind = kinds[k];
	}
	return xasprintf("every podcast's %s%s%s%s%s, %s", kind,
	    a->filter_podcast ? " in this podcast" : "",
	    a->filter_text ? " with \"" : "", a->filter_text ? a->filter_text : "",
	    a->filter_text ? "\"" : "", a->filter_by_episode ? "by episode" : "newest first");
}

void
clips_view_toggle(struct app *a)
{
	search_close(a);
	a->clips_all = !a->clips_all;
	a->list[PANE_CLIPS].sel = 0;
	app_reload_clips(a);
	a->focus = PANE_CLIPS;
	if (a->clips_all)
		app_message(a, 0, "every clip: t kind, p this podcast, S sort, / filter, c back");
	a->dirty |= DIRTY_ALL;
}

void
clips_view_filter(struct app *a, const char *text)
{
	free(a->filter_text);
	a->filter_text = text[0] != '\0' ? xstrdup(text) : NULL;
	a->list[PANE_CLIPS].sel = 0;
	app_reload_clips(a);
}

unsigned int
clips_view_key(struct app *a, int key)
{
	switch (key) {
	case 't':
		/* All, then each kind in turn. */
		if (a->filter_kinds == 0)
			a->filter_kinds = 1u << CLIP_BOOKMARK;
		else if (a->filter_kinds == 1u << CLIP_BOOKMARK)
			a->filter_kinds = 1u << CLIP_CHAPTER;
		else if (a->filter_kinds == 1u << CLIP_SEGMENT)
			a->filter_kinds = 0;
		else
			a->filter_kinds <<= 1;
		break;
	case 'p':
		a->filter_podcast = !a->filter_podcast;
		break;
	case 'S':
		a->filter_by_episode = !a->filter_by_episode;
		break;
	case '/':
		prompt_open(a, PROMPT_FILTER, a->filter_text);
		return DIRTY_STATUS;
	default:
		return 0;
	}
	a->list[PANE_CLIPS].sel = 0;
	app_reload_clips(a);
	return DIRTY_CLIPS | DIRTY_STATUS;
}

void
clips_export(struct app *a, const char *format)
{
	clips_export_to(a, format, NULL);
}

void
clips_export_to(struct app *a, const char *format, const char *to)
{
	struct catalog_clip_filter f;
	struct catalog_clip k;
	enum export_format fmt;
	char *out = NULL, *dir, *path, stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	FILE *fp;
	int rc, w;

	if (catalog_export_format_parse(format, &fmt) != 0) {
		app_message(a, 1, "'%s' is not an export format (md, json, m3u, soundbite, "
		    "chapters, srt, vtt)", format);
		return;
	}
	if (a->clips_all) {
		filter_of(a, &f);
		rc = catalog_export_find(a->cat, &f, fmt, &out);
	} else {
		if (app_clip_at(a, a->list[PANE_CLIPS].sel, &k) != 0) {
			app_message(a, 1, "no clip selected to export");
			return;
		}
		rc = catalog_export_clips(a->cat, &k.id, 1, fmt, &out);
		catalog_clip_clear(&k);
	}
	if (rc != 0) {
		app_message(a, 1, "export: %s", catalog_error(a->cat));
		return;
	}
	if (to != NULL)
		path = xstrdup(to);
	else {
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		dir = paths_data_dir();
		path = xasprintf("%s/exports", dir);
		free(dir);
		paths_mkdir_p(path);
		dir = path;
		path = xasprintf("%s/clips-%s%s", dir, stamp, catalog_export_format_ext(fmt));
		free(dir);
	}
	fp = fopen(path, "w");
	w = fp != NULL ? fputs(out, fp) : -1;
	if (fp != NULL && fclose(fp) != 0)
		w = -1;
	if (w < 0)
		app_message(a, 1, "cannot write %s: %s", path, strerror(errno));
	else
		app_message(a, 0, "exported to %s", path);
	free(out);
	free(path);
}
