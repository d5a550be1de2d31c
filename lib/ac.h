/* ac.h: Aho-Corasick multi-literal matching over folded text.
 *
 * Build once from every literal of a policy (names, parties, phrases); the compiled automaton is
 * immutable and shared by threads. Scanning reports every occurrence of every pattern, overlapping
 * ones included, in order of end offset (and for equal ends, longer patterns first). */
#ifndef PD_AC_H
#define PD_AC_H

#include "internal.h"

typedef struct pd_ac_builder pd_ac_builder;
typedef struct pd_ac pd_ac;

int pd_ac_builder_new(pd_ac_builder **out);
void pd_ac_builder_free(pd_ac_builder *b);
/* Adds a pattern (bytes, matched exactly: fold it first) with a caller id. The same pattern may
 * be added with several ids; each id is reported. Empty patterns are ignored. */
int pd_ac_builder_add(pd_ac_builder *b, const char *pattern, size_t len, uint32_t id);
/* Compiles the automaton; the builder may be freed afterwards. */
int pd_ac_compile(pd_ac **out, const pd_ac_builder *b);
void pd_ac_free(pd_ac *ac);
size_t pd_ac_pattern_count(const pd_ac *ac);

enum {
    /* report only matches that start and end on a word boundary (see pd_is_word_byte) */
    PD_AC_WHOLE_WORDS = 1u << 0
};

/* Called for each match of pattern `id` at text[start, end). Return non-zero to stop the scan. */
typedef int (*pd_ac_match_fn)(void *ctx, uint32_t id, size_t start, size_t end);
/* Returns 0, or the callback's non-zero value when it stopped the scan. */
int pd_ac_scan(const pd_ac *ac, const char *text, size_t len, unsigned flags, pd_ac_match_fn fn,
               void *ctx);

#endif
