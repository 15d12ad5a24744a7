#include "config.h"

#include <locale.h>

#include "tui/tui.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/*
	 * Messages in English, as earmark's own are. libvlc asks gettext for
	 * one string with every packet it reads, and outside the C locale a
	 * string with no translation is searched for afresh each time.
	 */
	setlocale(LC_MESSAGES, "C");
	return cli_main(argc, argv);
}
