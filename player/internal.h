#ifndef EARMARK_PLAYER_INTERNAL_H
#define EARMARK_PLAYER_INTERNAL_H

/* Shared between the player's own files; never included outside player/. */

#include <vlc/vlc.h>

/*
 * A private libvlc for a short job (cutting, decoding, reading chapters,
 * listing outputs) whose log is dropped, so nothing reaches the terminal;
 * NULL when libvlc cannot start.
 */
libvlc_instance_t *player_vlc_quiet(const char *const *args, int nargs);

#endif
