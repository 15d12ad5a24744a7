#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transcript	 t;
	char			*err = NULL, *text = NULL;
	size_t			 len = 0;

	transcript_init(&t);
	htmltr_parse((const char *)data, size, &t, &err);
	transcript_clear(&t);
	free(err);
	err = NULL;
	if (htmltr_text((const char *)data, size, &text, &len, &err) == 0)
		free(text);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
