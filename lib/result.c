/* result.c: builds a purdah_result from the judged drafts: maps each span back to the caller's
 * bytes, merges duplicates, computes lines and columns in one pass, writes messages, and scores.
 *
 * Score: each rule that fired contributes the weight of its most severe finding (block 70,
 * review 30, advisory 5 by default; the policy's <score> element can change them), and the
 * contributions combine like independent risks: score = 100 * (1 - prod(1 - w_i / 100)),
 * rounded. Repeating one rule does not raise the score; several different concerns do.
 * Verdict: block when any finding is block or the score reaches the block threshold (90);
 * else review when any finding is review or the score reaches the review threshold (40); else
 * pass. Suppressed findings (an inline purdah-disable with a reason) are kept for audit and
 * count towards neither. */
#include "scan.h"

#include <math.h>
#include <stdio.h>

struct purdah_result {
    pd_arena arena;
    purdah_finding *findings;
    size_t finding_count;
    purdah_window *windows;
    size_t window_count;
    const char **warnings;
    size_t warning_count;
    int score;
    purdah_verdict verdict;
    int in_window;
    char as_of[11];
    const char *format;
    const char *text; /* the extracted text findings point into (Word), or NULL */
    size_t text_len;
};

/* ---- accessors ---- */

PURDAH_API purdah_verdict purdah_result_verdict(const purdah_result *r) { return r ? r->verdict : PURDAH_VERDICT_PASS; }
PURDAH_API int purdah_result_score(const purdah_result *r) { return r ? r->score : 0; }
PURDAH_API size_t purdah_result_finding_count(const purdah_result *r) { return r ? r->finding_count : 0; }
PURDAH_API const purdah_finding *purdah_result_finding(const purdah_result *r, size_t i)
{
    return r && i < r->finding_count ? &r->findings[i] : NULL;
}
PURDAH_API int purdah_result_in_window(const purdah_result *r) { return r ? r->in_window : 0; }
PURDAH_API const char *purdah_result_as_of(const purdah_result *r) { return r ? r->as_of : NULL; }
PURDAH_API const char *purdah_result_format(const purdah_result *r) { return r ? r->format : NULL; }
PURDAH_API const char *purdah_result_offsets(const purdah_result *r) { return r && r->text ? "text" : "input"; }
PURDAH_API const char *purdah_result_text(const purdah_result *r, size_t *len)
{
    if (len) *len = r && r->text ? r->text_len : 0;
    return r ? r->text : NULL;
}
PURDAH_API size_t purdah_result_window_count(const purdah_result *r) { return r ? r->window_count : 0; }
PURDAH_API const purdah_window *purdah_result_window(const purdah_result *r, size_t i)
{
    return r && i < r->window_count ? &r->windows[i] : NULL;
}
PURDAH_API size_t purdah_result_warning_count(const purdah_result *r) { return r ? r->warning_count : 0; }
PURDAH_API const char *purdah_result_warning(const purdah_result *r, size_t i)
{
    return r && i < r->warning_count ? r->warnings[i] : NULL;
}

PURDAH_API void purdah_result_free(purdah_result *r)
{
    if (!r) return;
    pd_arena_free(&r->arena);
    pd_free(r);
}

PURDAH_API const char *purdah_severity_name(purdah_severity s)
{
    switch (s) {
    case PURDAH_SEVERITY_ADVISORY: return "advisory";
    case PURDAH_SEVERITY_REVIEW: return "review";
    case PURDAH_SEVERITY_BLOCK: return "block";
    default: return "none";
    }
}

PURDAH_API const char *purdah_verdict_name(purdah_verdict v)
{
    switch (v) {
    case PURDAH_VERDICT_REVIEW: return "review";
    case PURDAH_VERDICT_BLOCK: return "block";
    default: return "pass";
    }
}

/* ---- building ---- */

/* A draft mapped to input offsets. */
typedef struct mapped {
    const pd_draft *d;
    size_t start, end; /* input offsets */
    pd_role role;
} mapped;

/* Text order: by start, longer first, then by rule. */
static int compare_mapped(const void *a, const void *b)
{
    const mapped *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    if (x->d->rule != y->d->rule) return x->d->rule < y->d->rule ? -1 : 1;
    return (int)y->d->severity - (int)x->d->severity;
}

/* Rule order, then text order: lets one pass drop a rule's findings inside its longer ones. */
static int compare_by_rule(const void *a, const void *b)
{
    const mapped *x = a, *y = b;
    if (x->d->rule != y->d->rule) return x->d->rule < y->d->rule ? -1 : 1;
    return compare_mapped(a, b);
}

/* Keeps one finding per rule and span, and drops a rule's finding that lies inside a longer one
 * of the same rule ("vote for" inside "vote for Labour"). Returns the new count. */
static size_t drop_covered(mapped *m, size_t n)
{
    qsort(m, n, sizeof *m, compare_by_rule);
    size_t kept = 0, reach = 0;
    for (size_t i = 0; i < n; i++) {
        bool new_rule = kept == 0 || m[kept - 1].d->rule != m[i].d->rule;
        if (!new_rule && m[i].end <= reach) continue;
        if (new_rule || m[i].end > reach) reach = m[i].end;
        m[kept++] = m[i];
    }
    qsort(m, kept, sizeof *m, compare_mapped);
    return kept;
}

static const pd_segment *segment_at(const pd_extracted *x, size_t xa)
{
    size_t lo = 0, hi = x->segment_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->segments[mid].end <= xa) lo = mid + 1;
        else hi = mid;
    }
    return lo < x->segment_count ? &x->segments[lo] : NULL;
}

static bool url_byte(unsigned char c)
{
    return c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != '(' && c != ')';
}

/* A link finding covers the whole address it was found in (the href value, or a web address
 * written in the text), not just the party's domain inside it. */
static void widen_to_address(const pd_extracted *x, const pd_segment *seg, size_t *xa, size_t *xb)
{
    size_t lo = seg ? seg->start : 0, hi = seg ? seg->end : x->len;
    const unsigned char *t = (const unsigned char *)x->text;
    while (*xa > lo && url_byte(t[*xa - 1])) (*xa)--;
    while (*xb < hi && url_byte(t[*xb])) (*xb)++;
    while (*xb > *xa + 1 && strchr(".,;:!?", t[*xb - 1])) (*xb)--; /* sentence punctuation */
}

/* Fills the placeholders of a rule's message. */
static const char *render_message(pd_arena *arena, const char *tmpl, const purdah_scanner *s,
                                  const pd_draft *d, const char *text)
{
    const purdah_policy *p = s->policy;
    const pd_person *person = d->person >= 0 ? &p->people[d->person] : NULL;
    const char *canonical = NULL;
    if (d->pattern != UINT32_MAX && p->patterns[d->pattern].kind == PD_PAT_LIST) {
        const pd_list *l = &p->lists[p->patterns[d->pattern].a];
        canonical = l->canonical[p->patterns[d->pattern].b];
        if (!canonical) canonical = l->display[p->patterns[d->pattern].b];
    }
    const char *election = d->election >= 0 && (size_t)d->election < s->window_count ? s->windows[d->election].label : NULL;
    pd_buf b;
    pd_buf_init(&b);
    for (const char *t = tmpl; *t;) {
        const char *open = strchr(t, '{');
        if (!open) {
            pd_buf_puts(&b, t);
            break;
        }
        pd_buf_append(&b, t, (size_t)(open - t));
        const char *close = strchr(open, '}');
        if (!close) {
            pd_buf_puts(&b, open);
            break;
        }
        size_t n = (size_t)(close - open - 1);
        const char *value = NULL;
#define KEY(k) (n == sizeof(k) - 1 && strncmp(open + 1, k, n) == 0)
        if (KEY("text")) value = text;
        else if (KEY("name")) value = person ? person->name : text;
        else if (KEY("party")) value = person ? (person->party ? person->party : "party not given") : NULL;
        else if (KEY("area")) value = person ? (person->area ? person->area : "area not given") : NULL;
        else if (KEY("role")) value = person && person->role ? person->role : text;
        else if (KEY("canonical")) value = canonical ? canonical : text;
        else if (KEY("election")) value = election ? election : "forthcoming";
#undef KEY
        if (value) pd_buf_puts(&b, value);
        else pd_buf_append(&b, open, n + 2);
        t = close + 1;
    }
    const char *out = b.failed ? NULL : pd_arena_strdup(arena, b.data ? b.data : "");
    pd_buf_free(&b);
    return out;
}

static const char *render_context(pd_arena *arena, const purdah_scanner *s, const pd_draft *d)
{
    char buf[256];
    const pd_window_state *w = NULL;
    if (d->election >= 0 && (size_t)d->election < s->window_count) w = &s->windows[d->election];
    for (size_t i = 0; !w && i < s->window_count; i++)
        if (s->windows[i].pub.applies && s->windows[i].pub.in_window) w = &s->windows[i];
    int n;
    if (w && w->pub.in_window)
        n = snprintf(buf, sizeof buf, "inside the pre-election period of %s (%s to %s)", w->label, w->pub.start, w->pub.end);
    else if (w)
        n = snprintf(buf, sizeof buf, "before the pre-election period of %s (from %s)", w->label, w->pub.start);
    else
        n = snprintf(buf, sizeof buf, "outside any pre-election period");
    if (d->capped_by && n > 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, "; lowered to %s by the %s exemption",
                 purdah_severity_name(d->severity), d->capped_by);
    return pd_arena_strdup(arena, buf);
}

/* Lines and columns for findings sorted by start, in one pass over the input. Columns count code
 * points (UTF-8 lead bytes and invalid bytes). */
static void locate(purdah_finding *f, size_t n, const char *input, size_t len)
{
    size_t pos = 0, line = 1, line_start = 0, column = 1;
    for (size_t i = 0; i < n; i++) {
        size_t target = f[i].start < len ? f[i].start : len;
        if (target < pos) { /* cannot happen when sorted; restart to stay correct */
            pos = line_start = 0;
            line = column = 1;
        }
        while (pos < target) {
            unsigned char c = (unsigned char)input[pos];
            if (c == '\n' || (c == '\r' && !(pos + 1 < len && input[pos + 1] == '\n'))) {
                line++;
                column = 1;
                line_start = pos + 1;
            } else if ((c & 0xC0) != 0x80) {
                column++;
            }
            pos++;
        }
        (void)line_start;
        f[i].line = line;
        f[i].column = column;
    }
}

static int weight_of(const pd_score_cfg *cfg, purdah_severity s)
{
    switch (s) {
    case PURDAH_SEVERITY_BLOCK: return cfg->block_weight;
    case PURDAH_SEVERITY_REVIEW: return cfg->review_weight;
    case PURDAH_SEVERITY_ADVISORY: return cfg->advisory_weight;
    default: return 0;
    }
}

static void score(purdah_result *r, const purdah_policy *p)
{
    double keep = 1.0;
    purdah_severity worst = PURDAH_SEVERITY_NONE;
    for (size_t rule = 0; rule < p->rule_count; rule++) {
        purdah_severity top = PURDAH_SEVERITY_NONE;
        for (size_t i = 0; i < r->finding_count; i++)
            if (r->findings[i].rule == &p->rules[rule].pub && !r->findings[i].suppressed && r->findings[i].severity > top)
                top = r->findings[i].severity;
        keep *= 1.0 - weight_of(&p->score, top) / 100.0;
        if (top > worst) worst = top;
    }
    r->score = (int)lround(100.0 * (1.0 - keep));
    if (worst == PURDAH_SEVERITY_BLOCK || r->score >= p->score.block_threshold) r->verdict = PURDAH_VERDICT_BLOCK;
    else if (worst == PURDAH_SEVERITY_REVIEW || r->score >= p->score.review_threshold) r->verdict = PURDAH_VERDICT_REVIEW;
    else r->verdict = PURDAH_VERDICT_PASS;
}

static int copy_windows(purdah_result *r, const purdah_scanner *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->window_count; i++) n += s->windows[i].pub.applies != 0;
    r->windows = pd_arena_array(&r->arena, n, sizeof *r->windows);
    if (!r->windows) return PURDAH_ENOMEM;
    for (size_t i = 0; i < s->window_count; i++) {
        if (!s->windows[i].pub.applies) continue;
        purdah_window *w = &r->windows[r->window_count++];
        *w = s->windows[i].pub;
        w->election = pd_arena_strdup(&r->arena, s->windows[i].label);
        if (!w->election) return PURDAH_ENOMEM;
        if (w->in_window) r->in_window = 1;
    }
    return PURDAH_OK;
}

int pd_result_build(purdah_scanner *s, const char *input, size_t len, const char *format_name,
                    purdah_result **out)
{
    *out = NULL;
    purdah_result *r = pd_calloc(1, sizeof *r);
    if (!r) return PURDAH_ENOMEM;
    pd_arena_init(&r->arena);
    pd_date_format(s->as_of, r->as_of);
    r->format = format_name;
    if (s->extracted.flags & PD_EXTRACT_TEXT_OFFSETS) {
        r->text = pd_arena_strndup(&r->arena, input, len);
        r->text_len = len;
        if (!r->text) {
            purdah_result_free(r);
            return PURDAH_ENOMEM;
        }
    }
    mapped *m = pd_calloc(s->draft_count, sizeof *m);
    int rc = m ? copy_windows(r, s) : PURDAH_ENOMEM;
    if (rc) goto fail;

    for (size_t i = 0; i < s->draft_count; i++) {
        size_t xa, xb;
        pd_offmap_range(&s->folded.map, s->drafts[i].start, s->drafts[i].end, &xa, &xb);
        m[i].d = &s->drafts[i];
        const pd_segment *seg = segment_at(&s->extracted, xa);
        m[i].role = s->drafts[i].role;
        if (s->policy->rules[s->drafts[i].rule].category == PD_CAT_LINK) widen_to_address(&s->extracted, seg, &xa, &xb);
        if (s->extracted.flags & PD_EXTRACT_TEXT_OFFSETS) {
            m[i].start = xa;
            m[i].end = xb;
        } else {
            pd_offmap_range(&s->extracted.map, xa, xb, &m[i].start, &m[i].end);
        }
        if (m[i].end > len) m[i].end = len;
        if (m[i].start > m[i].end) m[i].start = m[i].end;
    }
    size_t n = drop_covered(m, s->draft_count);

    r->findings = pd_arena_array(&r->arena, n, sizeof *r->findings);
    if (!r->findings) { rc = PURDAH_ENOMEM; goto fail; }
    for (size_t i = 0; i < n; i++) {
        const pd_draft *d = m[i].d;
        const pd_rule_c *rule = &s->policy->rules[d->rule];
        /* a directive line of a text draft is an instruction to purdah, not publishable text */
        if (pd_on_directive_line(&s->suppressions, m[i].start)) continue;
        purdah_finding *f = &r->findings[r->finding_count++];
        const pd_suppression *sup = pd_suppression_for(&s->suppressions, rule->pub.id, m[i].start);
        if (sup) {
            f->suppressed = 1;
            f->suppression = pd_arena_strndup(&r->arena, sup->reason, sup->reason_len);
            if (!f->suppression) { rc = PURDAH_ENOMEM; goto fail; }
        }
        f->rule = &rule->pub;
        f->rule_id = rule->pub.id;
        f->category = rule->pub.category;
        f->severity = d->severity;
        f->start = m[i].start;
        f->end = m[i].end;
        f->text = pd_arena_strndup(&r->arena, input + f->start, f->end - f->start);
        f->role = pd_role_name(m[i].role);
        f->suggestion = rule->pub.suggestion;
        f->clauses = rule->pub.clauses;
        f->clause_count = rule->pub.clause_count;
        if (!f->text) { rc = PURDAH_ENOMEM; goto fail; }
        /* messages quote the words as matched, without markup */
        size_t xa, xb;
        pd_offmap_range(&s->folded.map, d->start, d->end, &xa, &xb);
        if (rule->category == PD_CAT_LINK) widen_to_address(&s->extracted, segment_at(&s->extracted, xa), &xa, &xb);
        char *plain = pd_strndup(s->extracted.text + xa, xb - xa);
        f->message = plain ? render_message(&r->arena, rule->pub.message, s, d, plain) : NULL;
        pd_free(plain);
        f->context = render_context(&r->arena, s, d);
        if (!f->message || !f->context) { rc = PURDAH_ENOMEM; goto fail; }
    }
    locate(r->findings, r->finding_count, input, len);

    r->warnings = pd_arena_array(&r->arena, s->warning_count, sizeof *r->warnings);
    if (!r->warnings) { rc = PURDAH_ENOMEM; goto fail; }
    for (size_t i = 0; i < s->warning_count; i++)
        if (!(r->warnings[r->warning_count++] = pd_arena_strdup(&r->arena, s->warnings[i]))) {
            rc = PURDAH_ENOMEM;
            goto fail;
        }
    score(r, s->policy);
    pd_free(m);
    *out = r;
    return PURDAH_OK;
fail:
    pd_free(m);
    purdah_result_free(r);
    return rc;
}
