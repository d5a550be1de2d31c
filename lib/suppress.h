/* suppress.h: inline suppressions that a comms officer writes into a draft, with a reason kept
 * for audit:
 *
 *   HTML, Markdown, XML:  <!-- purdah-disable RULE[,RULE...] -- REASON -->  ...  <!-- purdah-enable -->
 *                         <!-- purdah-disable-next-line RULE -- REASON -->
 *   text, social posts:   # purdah-disable RULE -- REASON     (also "//")
 *                         # purdah-enable
 *                         # purdah-disable-next-line RULE -- REASON
 *
 * No RULE means every rule. A disable without a reason (nothing after "--") suppresses nothing
 * and is reported as a warning, as is an unknown rule id. Suppressed findings stay in the result,
 * marked, and do not count towards the score or verdict. Directives are read from the raw input
 * before any markup is parsed, so they work wherever the comment sits. Past 1000 directives in one
 * draft the rest are ignored with a warning (a bound on hostile drafts; it only adds findings). */
#ifndef PD_SUPPRESS_H
#define PD_SUPPRESS_H

#include "internal.h"

typedef struct pd_suppression {
    size_t start, end;    /* input bytes it covers */
    size_t directive;     /* where the directive itself is written */
    const char *rules;    /* comma-separated rule ids, or NULL for every rule (points into the input) */
    size_t rules_len;
    const char *reason;   /* points into the input */
    size_t reason_len;
} pd_suppression;

/* A directive line of a text draft: not publishable text, so findings in it are dropped. */
typedef struct pd_directive_line {
    size_t start, end;
} pd_directive_line;

typedef struct pd_suppressions {
    pd_suppression *items;
    size_t count, cap;
    pd_directive_line *lines;
    size_t line_count, line_cap;
} pd_suppressions;

/* A problem with a directive, for the result's warnings. */
typedef void (*pd_suppress_warn_fn)(void *ctx, size_t offset, const char *what);

/* Finds the directives in src. `comments` selects <!-- --> comments (markup formats); otherwise
 * whole lines starting with # or //. Returns PURDAH_OK or PURDAH_ENOMEM. */
int pd_suppressions_find(pd_suppressions *s, const char *src, size_t len, bool comments,
                         pd_suppress_warn_fn warn, void *ctx);
void pd_suppressions_reset(pd_suppressions *s);
void pd_suppressions_free(pd_suppressions *s);

/* The suppression covering a finding of `rule` at input offset `at`, or NULL. */
const pd_suppression *pd_suppression_for(const pd_suppressions *s, const char *rule, size_t at);
/* Steps through the rule ids a suppression names (it names none when it covers every rule). */
bool pd_suppression_next_rule(const pd_suppression *r, size_t *pos, const char **id, size_t *len);
/* True when input offset `at` lies on a directive line. */
bool pd_on_directive_line(const pd_suppressions *s, size_t at);

#endif
