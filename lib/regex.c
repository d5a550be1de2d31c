/* regex.c: PCRE2 compile and match loop (see regex.h). */
#include "regex.h"

#include <stdio.h>

enum { MAX_PATTERN_BYTES = 4096, MAX_PARENS_NEST = 64 };

pcre2_code *pd_regex_compile(const char *pattern, char *msg, size_t msg_size, size_t *offset)
{
    *offset = 0;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        snprintf(msg, msg_size, "out of memory");
        return NULL;
    }
    pcre2_set_max_pattern_length(cc, MAX_PATTERN_BYTES);
    pcre2_set_parens_nest_limit(cc, MAX_PARENS_NEST);
    int code_err;
    PCRE2_SIZE err_off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF,
                                   &code_err, &err_off, cc);
    pcre2_compile_context_free(cc);
    if (!re) {
        PCRE2_UCHAR buf[160];
        pcre2_get_error_message(code_err, buf, sizeof buf);
        snprintf(msg, msg_size, "%s", (const char *)buf);
        *offset = err_off;
        return NULL;
    }
    /* JIT updates the code block, so it must happen before the policy is shared; when JIT is
     * unavailable the interpreter is used, which is slower but equally correct */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

int pd_regex_scratch_init(pd_regex_scratch *s, uint32_t match_limit)
{
    memset(s, 0, sizeof *s);
    s->md = pcre2_match_data_create(10, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!s->md || !s->mctx || !s->jit) {
        pd_regex_scratch_free(s);
        return PURDAH_ENOMEM;
    }
    pcre2_set_match_limit(s->mctx, match_limit ? match_limit : 100000);
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
    return PURDAH_OK;
}

void pd_regex_scratch_free(pd_regex_scratch *s)
{
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    memset(s, 0, sizeof *s);
}

int pd_regex_each(const pcre2_code *code, pd_regex_scratch *s, const char *text, size_t len,
                  pd_regex_match_fn fn, void *ctx)
{
    PCRE2_SIZE start = 0;
    uint32_t options = PCRE2_NO_UTF_CHECK; /* folded text is valid UTF-8 */
    while (start <= len) {
        int rc = pcre2_match(code, (PCRE2_SPTR)text, len, start, options, s->md, s->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (options & PCRE2_NOTEMPTY_ATSTART) {
                /* the empty match could not be extended: step over one character */
                options = PCRE2_NO_UTF_CHECK;
                start++;
                while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80) start++;
                continue;
            }
            return 0;
        }
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
            rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
            return 1;
        if (rc < 0) return PURDAH_ENOMEM;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t ms = ov[0], me = ov[1];
        if (me < ms) me = ms; /* \K can move the start past the end */
        if (me > ms && fn(ctx, ms, me)) return 0;
        options = PCRE2_NO_UTF_CHECK;
        if (me == ms) options |= PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
        start = me;
    }
    return 0;
}
