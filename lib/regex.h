/* regex.h: the PCRE2 side of matching. Pattern rules run over folded text (lower case, straight
 * quotes), compiled once with UTF, UCP, caseless and invalid-UTF tolerance, JIT-compiled before
 * the policy is shared, and matched with a per-scanner match limit so no pattern can hang. */
#ifndef PD_REGEX_H
#define PD_REGEX_H

#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Compiles `pattern`. On failure returns NULL and writes PCRE2's message and the offending
 * offset (in bytes) into msg/offset. */
pcre2_code *pd_regex_compile(const char *pattern, char *msg, size_t msg_size, size_t *offset);

/* Per-scanner matching state (match data, match context with the limit, JIT stack). */
typedef struct pd_regex_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
} pd_regex_scratch;

int pd_regex_scratch_init(pd_regex_scratch *s, uint32_t match_limit);
void pd_regex_scratch_free(pd_regex_scratch *s);

/* Calls fn for each non-overlapping match in text[0, len), which must be valid UTF-8. Returns 0,
 * 1 when the match limit stopped the pattern early, or a negative status. */
typedef int (*pd_regex_match_fn)(void *ctx, size_t start, size_t end);
int pd_regex_each(const pcre2_code *code, pd_regex_scratch *s, const char *text, size_t len,
                  pd_regex_match_fn fn, void *ctx);

#endif
