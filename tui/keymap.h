#ifndef EARMARK_TUI_KEYMAP_H
#define EARMARK_TUI_KEYMAP_H

/* Shared by keys.c (the actions) and keymap.c (which keys run them). */

struct app;

typedef unsigned int (*key_fn)(struct app *);

/*
 * Every action earmark has, with its default keys; the help overlay lists them
 * in this order. Actions named sync-* act only in sync mode, where their keys
 * come before the others'.
 */
struct key_action {
	const char *name;      /* As in key.NAME in the configuration. */
	const char *what;
	key_fn fn;
	const char *keys;      /* Default keys, by name. */
};

extern const struct key_action keys_actions[];
extern const int keys_nactions;

/* Binds the default keys, unless a keymap is there already. */
void keymap_defaults(void);
/* The action key runs among the sync-mode actions (sync 1) or the others, or -1. */
int keymap_action(int key, int sync);

#endif
