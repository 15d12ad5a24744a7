#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bench/words.h"

/* The head of the vocabulary, roughly in order of frequency in speech. */
static const char *const words_common[] = {
	"the", "and", "to", "of", "a", "that", "is", "in", "it", "you", "i",
	"we", "this", "so", "was", "for", "they", "but", "on", "what", "with",
	"have", "like", "be", "are", "not", "just", "do", "know", "about",
	"think", "there", "can", "at", "people", "really", "if", "all", "one",
	"as", "or", "right", "from", "get", "because", "an", "going", "more",
	"would", "some", "there's", "them", "very", "when", "he", "she", "how",
	"then", "which", "out", "up", "time", "had", "kind", "thing", "were",
	"say", "said", "mean", "things", "lot", "work", "way", "our", "also",
	"other", "well", "want", "make", "go", "new", "see", "good", "could",
	"something", "first", "now", "actually", "different", "much", "years",
	"into", "where", "by", "been", "world", "those", "their", "these",
	"us", "even", "back", "here", "question", "maybe", "little", "sort",
	"point", "need", "yeah", "doing", "great", "idea", "talk", "feel",
	"show", "story", "today", "never", "always", "interesting", "problem",
	"why", "look", "understand", "part", "life", "day", "last", "long",
	"data", "science", "music", "history", "book", "research", "language",
	"listen", "episode", "podcast", "guest", "question", "answer", "start",
	"sound", "voice", "record", "recording", "microphone", "microphones",
	"study", "studies", "studying", "studied", "run", "runs", "running",
	"ran", "argue", "argued", "argues", "argument", "arguments", "build",
	"building", "built", "city", "cities", "water", "river", "mountain",
	"school", "teacher", "children", "family", "money", "market", "company",
	"software", "computer", "network", "model", "models", "theory", "number",
	"numbers", "mathematics", "physics", "energy", "light", "space", "star",
	"planet", "ocean", "climate", "weather", "forest", "animal", "animals",
	"bird", "birds", "brain", "memory", "sleep", "dream", "dreams", "health",
	"doctor", "medicine", "food", "coffee", "kitchen", "garden", "travel",
	"train", "road", "journey", "war", "peace", "government", "election",
	"law", "court", "justice", "freedom", "power", "culture", "art",
	"painting", "film", "writer", "writing", "wrote", "poem", "poetry",
	"song", "songs", "guitar", "piano", "festival", "football", "game",
	"games", "player", "team", "coach", "season", "winter", "summer",
	"morning", "evening", "night", "silence", "noise", "signal", "pattern",
	"patterns", "system", "systems", "design", "designer", "engineer",
	"engineering", "experiment", "experiments", "evidence", "truth",
	"infinite", "infinity", "infinitely", "infinitesimal", "universe",
	"galaxy", "quantum", "particle", "gravity", "telescope", "archive",
	"library", "museum", "century", "ancient", "empire", "island", "harbour",
	"lighthouse", "bicycle", "tomato", "volcano", "glacier", "desert",
	"hurricane", "earthquake", "algorithm", "compiler", "terminal",
	"keyboard", "transcript", "chapter", "clip", "bookmark", "serendipity",
	"ephemeral", "quixotic", "labyrinth", "marmalade", "zeppelin",
};

static const char *const words_onsets[] = {
	"b", "br", "c", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k",
	"l", "m", "n", "p", "pl", "r", "s", "st", "sh", "t", "tr", "v", "w",
};
static const char *const words_nuclei[] = {
	"a", "e", "i", "o", "u", "ai", "ea", "ou", "io",
};
static const char *const words_codas[] = {
	"", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck",
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])
#define WORDS_MAXLEN 24

static char	words_made[WORDS_COUNT][WORDS_MAXLEN];
static double	words_cdf[WORDS_COUNT];
static int	words_ready;

/* Builds the made-up tail of the vocabulary and the cumulative weights. */
static void
words_init(void)
{
	struct words	g;
	double		sum = 0;
	size_t		i, j, n, syl;

	words_seed(&g, 0x5eedf00d);
	for (i = NELEM(words_common); i < WORDS_COUNT; i++) {
		words_made[i][0] = '\0';
		n = 0;
		syl = 2 + words_below(&g, 2);
		for (j = 0; j < syl; j++)
			n += (size_t)snprintf(words_made[i] + n, WORDS_MAXLEN - n,
			    "%s%s%s", words_onsets[words_below(&g, NELEM(words_onsets))],
			    words_nuclei[words_below(&g, NELEM(words_nuclei))],
			    j + 1 == syl ? words_codas[words_below(&g,
			    NELEM(words_codas))] : "");
	}
	for (i = 0; i < WORDS_COUNT; i++) {
		sum += 1.0 / (double)(i + 1);
		words_cdf[i] = sum;
	}
	for (i = 0; i < WORDS_COUNT; i++)
		words_cdf[i] /= sum;
	words_ready = 1;
}

void
words_seed(struct words *w, uint64_t seed)
{
	w->state = seed;
}

/* splitmix64. */
uint64_t
words_next(struct words *w)
{
	uint64_t	z;

	z = (w->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

uint32_t
words_below(struct words *w, uint32_t n)
{
	return ((uint32_t)((words_next(w) >> 32) % n));
}

const char *
words_at(int rank)
{
	if (!words_ready)
		words_init();
	if ((size_t)rank < NELEM(words_common))
		return (words_common[rank]);
	return (words_made[rank]);
}

const char *
words_draw(struct words *w)
{
	double	u;
	int	lo = 0, hi = WORDS_COUNT - 1, mid;

	if (!words_ready)
		words_init();
	u = (double)(words_next(w) >> 11) / 9007199254740992.0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (words_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (words_at(lo));
}

size_t
words_sentence(struct words *w, char *buf, size_t size, int lo, int hi)
{
	size_t		n = 0, len;
	const char	*word;
	int		i, count;

	count = lo + (int)words_below(w, (uint32_t)(hi - lo + 1));
	for (i = 0; i < count; i++) {
		word = words_draw(w);
		len = strlen(word);
		if (n + len + 3 > size)
			break;
		if (i > 0)
			buf[n++] = ' ';
		memcpy(buf + n, word, len);
		if (i == 0)
			buf[n] = (char)toupper((unsigned char)buf[n]);
		n += len;
	}
	if (n + 2 <= size)
		buf[n++] = words_below(w, 6) == 0 ? '?' : '.';
	buf[n] = '\0';
	return (n);
}
