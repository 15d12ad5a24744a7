#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "tui/tui.h"

/* One row per element: colours when the terminal has them, else attributes alone. */
static const struct {
	short fg, bg;
	int attr;       /* Added in colour. */
	int mono;       /* Used without colour. */
} table[EL_COUNT] = {
	[EL_NORMAL] = { -1, -1, 0, 0 },
	[EL_HEADER] = { -1, -1, A_BOLD, A_BOLD },
	[EL_HEADER_FOCUS] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[EL_CURSOR] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[EL_CURSOR_DIM] = { -1, -1, A_REVERSE, A_UNDERLINE },
	[EL_CURRENT] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
	[EL_PLAYING] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[EL_TIME] = { COLOR_CYAN, -1, 0, 0 },
	[EL_DIM] = { -1, -1, A_DIM, A_DIM },
	[EL_KIND] = { COLOR_MAGENTA, -1, 0, 0 },
	[EL_BOOKMARK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[EL_STATUS] = { -1, -1, A_BOLD, A_BOLD },
	[EL_PROGRESS] = { COLOR_CYAN, -1, 0, 0 },
	[EL_MESSAGE] = { COLOR_GREEN, -1, 0, 0 },
	[EL_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[EL_SELECTED] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE | A_DIM },
	[EL_SPEAKER0] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER1] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER2] = { COLOR_BLUE, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER3] = { COLOR_RED, -1, A_BOLD, A_BOLD },
};

static int attrs[EL_COUNT];

void
colour_init(void)
{
	const char *no = getenv("NO_COLOR");
	int e, colour = has_colors() && (no == NULL || no[0] == '\0');

	if (colour) {
		start_color();
		use_default_colors();
	}
	for (e = 0; e < EL_COUNT; e++) {
		if (!colour || (table[e].fg == -1 && table[e].bg == -1)) {
			attrs[e] = colour ? table[e].attr : table[e].mono;
			continue;
		}
		init_pair((short)(e + 1), table[e].fg, table[e].bg);
		attrs[e] = (int)COLOR_PAIR(e + 1) | table[e].attr;
	}
}

int
colour_attr(enum element e)
{
	return attrs[e];
}

enum element
colour_speaker(const char *name)
{
	unsigned int h = 5381;

	if (name == NULL)
		return EL_SPEAKER0;
	for (; *name != '\0'; name++)
		h = h * 33 + (unsigned char)*name;
	return (enum element)(EL_SPEAKER0 + h % 4);
}
