/* suppress.c: reads inline suppression directives from a draft (see suppress.h). */
#include "suppress.h"

void pd_suppressions_reset(pd_suppressions *s)
{
    s->count = 0;
    s->line_count = 0;
}

void pd_suppressions_free(pd_suppressions *s)
{
    pd_free(s->items);
    pd_free(s->lines);
    memset(s, 0, sizeof *s);
}

static void trim(const char **p, size_t *n)
{
    while (*n && pd_ascii_isspace((unsigned char)**p)) { (*p)++; (*n)--; }
    while (*n && pd_ascii_isspace((unsigned char)(*p)[*n - 1])) (*n)--;
}

static bool starts_with(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && memcmp(p, word, w) == 0;
}

typedef enum { VERB_DISABLE, VERB_ENABLE, VERB_NEXT_LINE } verb;

typedef struct parser {
    pd_suppressions *s;
    const char *src;
    size_t len;
    pd_suppress_warn_fn warn;
    void *ctx;
    bool failed;
    size_t directives; /* seen so far */
} parser;

/* A draft with more directives than this is hostile, not written by hand: the ones past it are
 * ignored, with one warning. Ignoring a directive can only add findings, never hide one, and the
 * cap keeps the per-finding lookups (and enable's closing of regions) bounded. */
enum { MAX_DIRECTIVES = 1000 };

/* Counts a directive at `at`; false (with one warning) once there are too many. */
static bool count_directive(parser *p, size_t at)
{
    if (p->directives++ < MAX_DIRECTIVES) return true;
    if (p->directives == MAX_DIRECTIVES + 1)
        p->warn(p->ctx, at, "more than 1000 purdah directives: this one and the rest were ignored");
    return false;
}

/* Byte offset just past the end of the line holding `at` (after its '\n'), or len. */
static size_t next_line_start(const parser *p, size_t at)
{
    const char *nl = at < p->len ? memchr(p->src + at, '\n', p->len - at) : NULL;
    return nl ? (size_t)(nl - p->src) + 1 : p->len;
}

static void add(parser *p, size_t at, size_t start, size_t end, const char *rules, size_t rules_len,
                const char *reason, size_t reason_len)
{
    pd_suppressions *s = p->s;
    if (PD_RESERVE(s->items, s->cap, s->count + 1) != 0) {
        p->failed = true;
        return;
    }
    s->items[s->count++] = (pd_suppression){start, end, at, rules_len ? rules : NULL, rules_len, reason, reason_len};
}

/* Steps through a comma- or space-separated list of rule ids. */
static bool next_id(const char *list, size_t len, size_t *pos, const char **id, size_t *id_len)
{
    size_t k = *pos;
    while (k < len && (list[k] == ',' || list[k] == ' ')) k++;
    size_t w = k;
    while (k < len && list[k] != ',' && list[k] != ' ') k++;
    *pos = k;
    *id = list + w;
    *id_len = k - w;
    return k > w;
}

static bool list_has(const char *list, size_t len, const char *id, size_t id_len)
{
    size_t pos = 0;
    const char *item;
    size_t n;
    while (next_id(list, len, &pos, &item, &n))
        if (n == id_len && memcmp(item, id, n) == 0) return true;
    return false;
}

/* Closes the open disable regions at `at` (all of them, or those naming one of `rules`). Open
 * regions are the ones whose end is still the end of the input. */
static void close_regions(parser *p, size_t at, const char *rules, size_t rules_len)
{
    for (size_t i = 0; i < p->s->count; i++) {
        pd_suppression *r = &p->s->items[i];
        if (r->end != p->len || r->start > at) continue;
        bool match = rules_len == 0 || r->rules == NULL;
        size_t pos = 0;
        const char *id;
        size_t n;
        while (!match && next_id(rules, rules_len, &pos, &id, &n)) match = list_has(r->rules, r->rules_len, id, n);
        if (match) r->end = at;
    }
}

/* Handles one directive: `body` is the text after "purdah-", `after` the offset where it ends
 * (end of the comment or of the line), `at` where it starts (for warnings). */
static void directive(parser *p, const char *body, size_t n, size_t at, size_t after)
{
    verb v;
    if (starts_with(body, n, "disable-next-line")) { v = VERB_NEXT_LINE; body += 17; n -= 17; }
    else if (starts_with(body, n, "disable")) { v = VERB_DISABLE; body += 7; n -= 7; }
    else if (starts_with(body, n, "enable")) { v = VERB_ENABLE; body += 6; n -= 6; }
    else {
        p->warn(p->ctx, at, "unknown purdah directive (expected purdah-disable, purdah-enable or "
                            "purdah-disable-next-line)");
        return;
    }
    if (n && !pd_ascii_isspace((unsigned char)*body)) {
        p->warn(p->ctx, at, "unknown purdah directive");
        return;
    }
    /* RULES -- REASON */
    const char *rules = body, *reason = NULL;
    size_t rules_len = n, reason_len = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (body[i] == '-' && body[i + 1] == '-') {
            rules_len = i;
            reason = body + i + 2;
            reason_len = n - i - 2;
            break;
        }
    trim(&rules, &rules_len);
    if (reason) trim(&reason, &reason_len);
    if (v == VERB_ENABLE) {
        close_regions(p, at, rules, rules_len);
        return;
    }
    if (reason_len == 0) {
        p->warn(p->ctx, at, "suppression ignored: it gives no reason (write \"-- reason\" after the rules)");
        return;
    }
    if (v == VERB_DISABLE) add(p, at, after, p->len, rules, rules_len, reason, reason_len);
    else {
        size_t line = next_line_start(p, after > 0 ? after - 1 : 0);
        add(p, at, line, next_line_start(p, line), rules, rules_len, reason, reason_len);
    }
}

static void find_in_comments(parser *p)
{
    const char *src = p->src;
    size_t len = p->len;
    for (size_t i = 0; i + 4 <= len;) {
        const char *open = memchr(src + i, '<', len - i);
        if (!open) break;
        i = (size_t)(open - src);
        if (i + 4 > len || memcmp(src + i, "<!--", 4) != 0) {
            i++;
            continue;
        }
        size_t body = i + 4, end = body;
        while (end + 3 <= len && memcmp(src + end, "-->", 3) != 0) end++;
        if (end + 3 > len) break; /* unclosed comment: the markup parser reports it */
        const char *b = src + body;
        size_t n = end - body;
        trim(&b, &n);
        if (starts_with(b, n, "purdah-") && count_directive(p, i)) directive(p, b + 7, n - 7, i, end + 3);
        i = end + 3;
    }
}

static void find_in_lines(parser *p)
{
    const char *src = p->src;
    for (size_t i = 0; i < p->len;) {
        size_t next = next_line_start(p, i);
        const char *b = src + i;
        size_t n = next - i;
        trim(&b, &n);
        size_t mark = starts_with(b, n, "#") ? 1 : starts_with(b, n, "//") ? 2 : 0;
        if (mark) {
            const char *d = b + mark;
            size_t dn = n - mark;
            trim(&d, &dn);
            if (starts_with(d, dn, "purdah-") && count_directive(p, i)) {
                pd_suppressions *s = p->s;
                if (PD_RESERVE(s->lines, s->line_cap, s->line_count + 1) != 0) {
                    p->failed = true;
                    return;
                }
                s->lines[s->line_count++] = (pd_directive_line){i, next};
                directive(p, d + 7, dn - 7, i, next);
            }
        }
        i = next;
    }
}

int pd_suppressions_find(pd_suppressions *s, const char *src, size_t len, bool comments,
                         pd_suppress_warn_fn warn, void *ctx)
{
    pd_suppressions_reset(s);
    parser p = {s, src, len, warn, ctx, false, 0};
    if (comments) find_in_comments(&p);
    else find_in_lines(&p);
    return p.failed ? PURDAH_ENOMEM : PURDAH_OK;
}

bool pd_suppression_next_rule(const pd_suppression *r, size_t *pos, const char **id, size_t *len)
{
    return r->rules && next_id(r->rules, r->rules_len, pos, id, len);
}

static bool names_rule(const pd_suppression *r, const char *rule)
{
    return !r->rules || list_has(r->rules, r->rules_len, rule, strlen(rule));
}

const pd_suppression *pd_suppression_for(const pd_suppressions *s, const char *rule, size_t at)
{
    for (size_t i = 0; i < s->count; i++)
        if (at >= s->items[i].start && at < s->items[i].end && names_rule(&s->items[i], rule)) return &s->items[i];
    return NULL;
}

bool pd_on_directive_line(const pd_suppressions *s, size_t at)
{
    for (size_t i = 0; i < s->line_count; i++)
        if (at >= s->lines[i].start && at < s->lines[i].end) return true;
    return false;
}
