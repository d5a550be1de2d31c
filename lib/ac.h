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
 * be added with several ids; each id is reported. Empty patterns are ignored. Returns
 * PURDAH_OK, PURDAH_ENOMEM, or PURDAH_ELIMIT past 4 GB of pattern bytes. */
int pd_ac_builder_add(pd_ac_builder *b, const char *pattern, size_t len, uint32_t id);
/* Makes room for `patterns` more patterns of `bytes` bytes in all (a hint: adding works without
 * it, and a failure here is not an error). */
void pd_ac_builder_reserve(pd_ac_builder *b, size_t patterns, size_t bytes);
/* Compiles the automaton; the builder may be freed afterwards (or reused: compiling does not
 * change it). Returns PURDAH_OK, PURDAH_ENOMEM, or PURDAH_ELIMIT past 2^30 trie states. */
int pd_ac_compile(pd_ac **out, const pd_ac_builder *b);
/* As pd_ac_compile, with at most `dense_entries` dense transition entries (at least the root's
 * row is always dense). Tests use small caps to exercise the sparse states. */
int pd_ac_compile_budget(pd_ac **out, const pd_ac_builder *b, size_t dense_entries);
/* As pd_ac_compile_budget (0 = the default budget), for whole-word scanning only: the automaton
 * reads a virtual boundary symbol after every non-word byte (and at the start of the text) and
 * every pattern is compiled with that symbol where the text would have it, so a pattern that
 * begins with a word byte can only start matching at a word start. Inside a word that no pattern
 * starts the automaton stays at its root (a few hot rows instead of states deep in the trie), and
 * it never reports a match that whole-word mode would then reject at its start. Scanning it
 * reports exactly what pd_ac_scan with PD_AC_WHOLE_WORDS reports on an automaton from
 * pd_ac_compile, in the same order, whatever `flags` says. */
int pd_ac_compile_words(pd_ac **out, const pd_ac_builder *b, size_t dense_entries);
void pd_ac_free(pd_ac *ac);
/* Patterns added (non-empty ones, duplicates included). */
size_t pd_ac_pattern_count(const pd_ac *ac);
/* Trie states and approximate bytes held by the compiled automaton (for benchmarks and limits). */
size_t pd_ac_state_count(const pd_ac *ac);
size_t pd_ac_memory_size(const pd_ac *ac);

enum {
    /* Report only matches on word boundaries (see pd_is_word_byte): where the pattern's first
     * byte is a word byte, the byte before the match (if any) must not be one; where its last
     * byte is a word byte, the byte after the match (if any) must not be one. A pattern edge
     * that is not a word byte ("#vote", "cllr.") needs no boundary there: "#vote" matches in
     * "a#vote", and "cllr." in "cllr.smith". */
    PD_AC_WHOLE_WORDS = 1u << 0
};

/* Called for each match of pattern `id` at text[start, end): in order of end, then longest
 * first, then (for one pattern added with several ids) in the order the ids were added. Return
 * non-zero to stop the scan. */
typedef int (*pd_ac_match_fn)(void *ctx, uint32_t id, size_t start, size_t end);
/* Returns 0, or the callback's non-zero value when it stopped the scan. Reads only `ac`, so any
 * number of threads may scan with one automaton at once. */
int pd_ac_scan(const pd_ac *ac, const char *text, size_t len, unsigned flags, pd_ac_match_fn fn,
               void *ctx);

/* As pd_ac_scan, for texts of `split_from` bytes or more scanned as two halves at once (faster
 * when the automaton does not fit the cache): matches starting in the first half go to `first`,
 * those starting in the second half to `second`, each in pd_ac_scan's order. A shorter text's
 * matches (or a one-byte text's) all go to `first`. The scanner passes PD_AC_SPLIT_FROM; tests
 * pass less. */
enum { PD_AC_SPLIT_FROM = 64 * 1024 };
int pd_ac_scan_halves(const pd_ac *ac, const char *text, size_t len, unsigned flags,
                      size_t split_from, pd_ac_match_fn fn, void *first, void *second);

#endif
