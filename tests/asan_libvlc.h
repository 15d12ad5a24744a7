#ifndef EARMARK_ASAN_LIBVLC_H
#define EARMARK_ASAN_LIBVLC_H

/*
 * Sanitizer settings for a test program that runs libvlc; include in exactly
 * one file of the program.
 */
#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

/* The slow unwinder reaches past libvlc's plugins, which lack frame pointers. */
const char *
__asan_default_options(void)
{
	return ("fast_unwind_on_malloc=0:print_suppressions=0");
}

/*
 * As tests/lsan.supp: what libvlc's unloaded plugins' libraries allocated, and
 * what the audio output libvlc opens with each media player keeps for good.
 */
const char *
__lsan_default_suppressions(void)
{
	return ("leak:_dl_init\nleak:input_resource_GetAout\n");
}
#endif

#endif
