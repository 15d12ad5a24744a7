#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

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
