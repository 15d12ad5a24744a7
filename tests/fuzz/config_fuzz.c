#include "config.h"

#include <stdlib.h>

#include "tui/tui.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;

	config_init(&c);
	config_parse((const char *)data, size, &c);
	config_clear(&c);
	return (0);
}
