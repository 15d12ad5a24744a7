#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Chapters a media file carries, stored as chapter clips of its episode. */

/* The number of chapter clips of an episode, or -1. */
static int
mediachap_count(struct catalog *c, int64_t episode_id)
{
	return ((int)catalog_count(c, "SELECT count(*) FROM clip "
	    "WHERE episode_id = ? AND kind = 'chapter'", episode_id, 1));
}

/* Adds the chapters of l as clips; the last without an end runs to duration_ms. */
static int
mediachap_add(struct catalog *c, int64_t episode_id, const struct chapter_list *l,
    int64_t duration_ms)
{
	struct catalog_clip	 k;
	const struct chapter	*ch;
	size_t			 i;
	int			 added = 0;

	for (i = 0; i < l->n; i++) {
		ch = &l->items[i];
		if (!ch->toc)
			continue;
		memset(&k, 0, sizeof k);
		k.episode_id = episode_id;
		k.kind = CLIP_CHAPTER;
		k.start_ms = ch->start_ms < 0 ? 0 : ch->start_ms;
		k.end_ms = chapter_end(l, i, duration_ms);
		if (k.end_ms <= k.start_ms)
			continue;
		k.title = ch->title != NULL ?
		    text_sanitize(ch->title, strlen(ch->title)) : NULL;
		if (catalog_clip_add(c, &k) == -1) {
			free(k.title);
			return (-1);
		}
		free(k.title);
		added++;
	}
	return (added);
}

int
catalog_media_chapters_add(struct catalog *c, int64_t episode_id,
    const struct chapter_list *l)
{
	struct catalog_episode	e;
	int			n;

	if (l->n == 0)
		return (0);
	memset(&e, 0, sizeof e);
	if (catalog_begin(c) != 0)
		return (-1);
	if (catalog_episode_get(c, episode_id, &e) != 0)
		goto fail;
	if ((n = mediachap_count(c, episode_id)) < 0)
		goto fail;
	if (n > 0)
		n = 0;	/* The feed's chapters, or an earlier reading, come first. */
	else if ((n = mediachap_add(c, episode_id, l, e.duration_ms)) < 0)
		goto fail;
	catalog_episode_clear(&e);
	if (catalog_commit(c) != 0)
		return (-1);
	return (n);
fail:
	catalog_episode_clear(&e);
	catalog_rollback(c);
	return (-1);
}
