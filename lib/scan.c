/* scan.c: the scanner and the pipeline of one scan: extract -> fold -> match -> judge -> result. */
#include "scan.h"

#include <stdio.h>

enum { DEFAULT_MAX_INPUT = 16 * 1024 * 1024, ABSOLUTE_MAX_INPUT = 0x7FFFFFFF };

PURDAH_API int purdah_scanner_new(purdah_scanner **out, const purdah_policy *policy)
{
    if (!out) return PURDAH_EINVAL;
    *out = NULL;
    if (!policy) return PURDAH_EINVAL;
    purdah_scanner *s = pd_calloc(1, sizeof *s);
    if (!s) return PURDAH_ENOMEM;
    s->policy = policy;
    atomic_flag_clear(&s->busy);
    pd_extracted_init(&s->extracted);
    pd_folded_init(&s->folded);
    s->list_offsets = pd_calloc(policy->list_count + 1, sizeof *s->list_offsets);
    s->identified = pd_calloc(policy->person_count, sizeof *s->identified);
    if (!s->list_offsets || !s->identified || pd_regex_scratch_init(&s->regex, policy->score.match_limit) != 0) {
        purdah_scanner_free(s);
        return PURDAH_ENOMEM;
    }
    *out = s;
    return PURDAH_OK;
}

static void clear_warnings(purdah_scanner *s)
{
    for (size_t i = 0; i < s->warning_count; i++) pd_free(s->warnings[i]);
    s->warning_count = 0;
}

PURDAH_API void purdah_scanner_free(purdah_scanner *s)
{
    if (!s) return;
    pd_extracted_free(&s->extracted);
    pd_folded_free(&s->folded);
    pd_suppressions_free(&s->suppressions);
    pd_regex_scratch_free(&s->regex);
    clear_warnings(s);
    pd_free(s->warnings);
    pd_free(s->hits);
    pd_free(s->second_hits);
    pd_free(s->list_hits);
    pd_free(s->list_offsets);
    pd_free(s->windows);
    pd_free(s->window_cache);
    pd_free(s->drafts);
    pd_free(s->identified);
    pd_free(s->touched);
    pd_free(s);
}

void pd_scan_warn(purdah_scanner *s, const char *fmt, ...)
{
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *copy = pd_strdup(buf);
    if (!copy || PD_RESERVE(s->warnings, s->warning_cap, s->warning_count + 1) != 0) {
        pd_free(copy);
        s->failed = true;
        return;
    }
    s->warnings[s->warning_count++] = copy;
}

/* ---- matching ---- */

/* Where the automaton's matches go: the scanner's hits, or the list of a long draft's second
 * half (scanned at the same time as the first, see pd_ac_scan_halves). */
typedef struct hit_sink {
    purdah_scanner *s;
    pd_hit **hits;
    size_t *count, *cap;
} hit_sink;

static int on_ac_match(void *ctx, uint32_t id, size_t start, size_t end)
{
    hit_sink *k = ctx;
    if (PD_RESERVE(*k->hits, *k->cap, *k->count + 1) != 0) {
        k->s->failed = true;
        return 1;
    }
    (*k->hits)[(*k->count)++] = (pd_hit){id, (uint32_t)start, (uint32_t)end};
    return 0;
}

/* Runs the automaton over the folded draft: the hits, each half's in order of end. */
static void find_hits(purdah_scanner *s)
{
    hit_sink first = {s, &s->hits, &s->hit_count, &s->hit_cap};
    hit_sink second = {s, &s->second_hits, &s->second_count, &s->second_cap};
    s->second_count = 0;
    pd_ac_scan_halves(s->policy->ac, s->folded.text, s->folded.len, PD_AC_WHOLE_WORDS, PD_AC_SPLIT_FROM,
                      on_ac_match, &first, &second);
    if (s->failed || s->second_count == 0) return;
    /* every second-half hit starts after every first-half one: appended, they stay nearly sorted */
    if (PD_RESERVE(s->hits, s->hit_cap, s->hit_count + s->second_count) != 0) {
        s->failed = true;
        return;
    }
    memcpy(s->hits + s->hit_count, s->second_hits, s->second_count * sizeof *s->hits);
    s->hit_count += s->second_count;
}

static int compare_hits(const void *a, const void *b)
{
    const pd_hit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return x->pattern < y->pattern ? -1 : x->pattern > y->pattern;
}

/* Sorts the hits by compare_hits. The automaton reports them in order of end, so a hit is out of
 * place only by the hits reported within its own span: an insertion sort is linear in practice.
 * Past a budget of moves (pathologically overlapping patterns) qsort finishes the job, so the
 * worst case stays O(n log n). */
static void sort_hits(pd_hit *h, size_t n)
{
    size_t budget = 8 * n + 1024;
    for (size_t i = 1; i < n; i++) {
        if (compare_hits(&h[i - 1], &h[i]) <= 0) continue;
        pd_hit x = h[i];
        size_t j = i;
        do {
            h[j] = h[j - 1];
            j--;
        } while (j > 0 && compare_hits(&h[j - 1], &x) > 0 && --budget > 0);
        h[j] = x;
        if (budget == 0) {
            qsort(h, n, sizeof *h, compare_hits);
            return;
        }
    }
}

/* Groups the list hits by list (counting sort keeps each group in text order). */
static int index_list_hits(purdah_scanner *s)
{
    const purdah_policy *p = s->policy;
    size_t *off = s->list_offsets;
    memset(off, 0, (p->list_count + 1) * sizeof *off);
    size_t total = 0;
    for (size_t i = 0; i < s->hit_count; i++) {
        const pd_pattern *pat = &p->patterns[s->hits[i].pattern];
        if (pat->kind == PD_PAT_LIST) {
            off[pat->a + 1]++;
            total++;
        }
    }
    for (size_t l = 0; l < p->list_count; l++) off[l + 1] += off[l];
    if (PD_RESERVE(s->list_hits, s->list_hits_cap, total) != 0) return PURDAH_ENOMEM;
    /* fill using a moving cursor per list, then restore the offsets */
    for (size_t i = 0; i < s->hit_count; i++) {
        const pd_pattern *pat = &p->patterns[s->hits[i].pattern];
        if (pat->kind == PD_PAT_LIST) s->list_hits[off[pat->a]++] = (uint32_t)i;
    }
    for (size_t l = p->list_count; l > 0; l--) off[l] = off[l - 1];
    off[0] = 0;
    return PURDAH_OK;
}

/* ---- formats ---- */

typedef enum { DIRECTIVES_NONE, DIRECTIVES_COMMENTS, DIRECTIVES_LINES } directive_style;

typedef struct input_format {
    purdah_format format;
    int (*extract)(pd_extracted *x, const char *src, size_t len);
    bool (*looks_like)(const char *src, size_t len); /* NULL: the fallback */
    directive_style directives;                      /* how suppressions are written in it */
    bool truncatable;                                /* a prefix of it can still be read */
} input_format;

/* In the order auto-detection tries them: the most specific signatures first. */
static const input_format input_formats[] = {
    {PURDAH_FORMAT_DOCX, pd_extract_docx, pd_looks_like_docx, DIRECTIVES_NONE, false},
    {PURDAH_FORMAT_XML, pd_extract_xml, pd_looks_like_xml, DIRECTIVES_COMMENTS, true},
    {PURDAH_FORMAT_HTML, pd_extract_html, pd_looks_like_html, DIRECTIVES_COMMENTS, true},
    {PURDAH_FORMAT_MARKDOWN, pd_extract_markdown, pd_looks_like_markdown, DIRECTIVES_COMMENTS, true},
    {PURDAH_FORMAT_SOCIAL, pd_extract_social, pd_looks_like_social, DIRECTIVES_LINES, true},
    {PURDAH_FORMAT_TEXT, pd_extract_text, NULL, DIRECTIVES_LINES, true},
};

static const input_format *format_entry(purdah_format f)
{
    for (size_t i = 0; i < PD_ARRAY_LEN(input_formats); i++)
        if (input_formats[i].format == f) return &input_formats[i];
    return NULL;
}

static const input_format *detect_format(const char *data, size_t len)
{
    size_t probe = len < 65536 ? len : 65536; /* signatures sit near the start */
    for (size_t i = 0; i < PD_ARRAY_LEN(input_formats); i++)
        if (input_formats[i].looks_like && input_formats[i].looks_like(data, probe)) return &input_formats[i];
    return format_entry(PURDAH_FORMAT_TEXT);
}

/* ---- suppression directives ---- */

/* Line numbers for directive warnings, counted on from the previous one (directives come in
 * input order), so a draft full of directives costs one pass, not one pass per warning. Lines
 * are counted as finding lines are: "\r\n", "\n" and a lone "\r" each end one. */
typedef struct line_cursor {
    const char *input;
    size_t len, at, line;
} line_cursor;

static size_t line_of(line_cursor *c, size_t at)
{
    if (at < c->at) {
        c->at = 0;
        c->line = 1;
    }
    for (; c->at < at && c->at < c->len; c->at++) {
        char ch = c->input[c->at];
        c->line += ch == '\n' || (ch == '\r' && !(c->at + 1 < c->len && c->input[c->at + 1] == '\n'));
    }
    return c->line;
}

typedef struct warn_ctx {
    purdah_scanner *s;
    line_cursor lines;
} warn_ctx;

static void warn_directive(void *ctx, size_t at, const char *what)
{
    warn_ctx *w = ctx;
    pd_scan_warn(w->s, "line %zu: %s", line_of(&w->lines, at), what);
}

/* A directive naming a rule the policy does not have is almost always a typo: say so. */
static void check_directive_rules(purdah_scanner *s, const char *input, size_t len)
{
    line_cursor lines = {input, len, 0, 1};
    for (size_t i = 0; i < s->suppressions.count; i++) {
        const pd_suppression *r = &s->suppressions.items[i];
        size_t pos = 0, n;
        const char *id;
        while (pd_suppression_next_rule(r, &pos, &id, &n)) {
            bool known = false;
            for (size_t k = 0; k < s->policy->rule_count && !known; k++)
                known = strlen(s->policy->rules[k].pub.id) == n && memcmp(s->policy->rules[k].pub.id, id, n) == 0;
            if (!known)
                pd_scan_warn(s, "line %zu: suppression names \"%.*s\", which is not a rule of the policy",
                             line_of(&lines, r->directive), (int)(n > 60 ? 60 : n), id);
        }
    }
}

/* ---- the scan ---- */

/* The elections' windows for this scan. They depend only on the policy, the date and the areas
 * given, and computing them walks the calendar (Easter, bank holidays, working days), so the
 * last day's windows without areas are kept and copied for the next draft of that day. */
static int compute_windows(purdah_scanner *s, const purdah_scan_options *o)
{
    if (o->area_count == 0 && s->window_cache_valid && s->window_cache_day == s->as_of) {
        size_t n = s->window_cache_count;
        if (n) {
            memcpy(s->windows, s->window_cache, n * sizeof *s->windows); /* windows holds n already */
            for (size_t i = 0; i < n; i++) s->windows[i].pub.election = s->windows[i].label;
        }
        s->window_count = n;
        return PURDAH_OK;
    }
    int rc = pd_windows_compute(s->policy, s->as_of, o->areas, o->area_count, &s->windows, &s->window_count);
    if (rc != PURDAH_OK || o->area_count != 0) return rc;
    s->window_cache_valid = false;
    size_t n = s->window_count;
    if (n) {
        pd_window_state *c = pd_realloc_array(s->window_cache, n, sizeof *c);
        if (!c) return PURDAH_OK; /* no cache, no harm */
        s->window_cache = c;
        memcpy(c, s->windows, n * sizeof *c);
    }
    s->window_cache_count = n;
    s->window_cache_day = s->as_of;
    s->window_cache_valid = true;
    return PURDAH_OK;
}

static void reset(purdah_scanner *s)
{
    s->hit_count = 0;
    s->draft_count = 0;
    s->window_count = 0;
    s->any_active = false;
    s->failed = false;
    clear_warnings(s);
    for (size_t i = 0; i < s->touched_count; i++) s->identified[s->touched[i]] = 0;
    s->touched_count = 0;
}

static int run(purdah_scanner *s, const char *data, size_t len, const purdah_scan_options *o,
               purdah_result **out, purdah_error **err)
{
    if (!o->as_of || !pd_date_parse(o->as_of, strlen(o->as_of), &s->as_of))
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0,
                            "the as-of date \"%s\" is not a real date in YYYY-MM-DD form (it is required: "
                            "the library never reads the clock)", o->as_of ? o->as_of : "(none)");
    if (o->area_count && !o->areas) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "areas is NULL");
    for (size_t i = 0; i < o->area_count; i++)
        if (!o->areas[i]) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "area %zu is NULL", i);
    const input_format *fmt = NULL;
    if (o->format != PURDAH_FORMAT_AUTO && !(fmt = format_entry(o->format)))
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "unknown input format %d", (int)o->format);

    size_t limit = o->max_input_bytes ? o->max_input_bytes : DEFAULT_MAX_INPUT;
    if (limit > ABSOLUTE_MAX_INPUT) limit = ABSOLUTE_MAX_INPUT;
    size_t scan_len = len;
    if (!fmt) fmt = detect_format(data, len);
    if (len > limit && !fmt->truncatable)
        return pd_error_set(err, PURDAH_ELIMIT, NULL, 0, 0,
                            "the %s draft is %zu bytes, over the %zu-byte limit, and cannot be checked in part",
                            purdah_format_name(fmt->format), len, limit);
    if (len > limit) {
        scan_len = limit;
        /* cut at a character boundary so the last character is not mangled */
        while (scan_len > 0 && ((unsigned char)data[scan_len] & 0xC0) == 0x80) scan_len--;
        pd_scan_warn(s, "input truncated: only the first %zu of %zu bytes were checked", scan_len, len);
    }

    int rc = fmt->extract(&s->extracted, data, scan_len);
    if (rc) return pd_error_set(err, rc, NULL, 0, 0, "cannot read the draft as %s: %s", purdah_format_name(fmt->format),
                                purdah_strerror(rc));
    if (s->extracted.flags & PD_EXTRACT_MALFORMED)
        pd_scan_warn(s, "malformed markup: the draft ends inside a tag, comment or script; that part was not checked");
    if (s->extracted.flags & PD_EXTRACT_DEEP)
        pd_scan_warn(s, "markup nested too deeply: inner elements were read as their parent");
    if (s->extracted.flags & PD_EXTRACT_TRUNCATED)
        pd_scan_warn(s, "the document is larger than the extraction limits: only its first part was checked");
    pd_offmap_index(&s->extracted.map, s->extracted.len); /* every finding is mapped back */
    /* Word offsets cannot point into zip bytes: findings then point into the extracted text */
    bool text_offsets = s->extracted.flags & PD_EXTRACT_TEXT_OFFSETS;
    s->source = text_offsets ? s->extracted.text : data;
    s->source_len = text_offsets ? s->extracted.len : scan_len;
    if (fmt->directives != DIRECTIVES_NONE) {
        warn_ctx wc = {s, {data, scan_len, 0, 1}};
        if (pd_suppressions_find(&s->suppressions, data, scan_len, fmt->directives == DIRECTIVES_COMMENTS,
                                 warn_directive, &wc) != 0)
            return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
        check_directive_rules(s, data, scan_len);
    } else {
        pd_suppressions_reset(&s->suppressions);
    }

    if (pd_fold(&s->folded, s->extracted.text, s->extracted.len) != 0 || s->folded.map.failed)
        return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    if (s->folded.flags & PD_FOLD_INVALID_UTF8) {
        size_t a, b;
        pd_offmap_range(&s->extracted.map, s->folded.first_invalid, s->folded.first_invalid + 1, &a, &b);
        pd_scan_warn(s, "invalid UTF-8 from byte %zu: bad bytes were read as U+FFFD", a);
    }
    if (s->folded.flags & PD_FOLD_NUL) pd_scan_warn(s, "the draft contains NUL bytes; they were read as spaces");

    find_hits(s);
    if (s->failed) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    if (s->hit_count > 1) sort_hits(s->hits, s->hit_count); /* hits is NULL before any */
    if (index_list_hits(s) != 0) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");

    if (compute_windows(s, o) != 0) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    pd_judge(s);
    if (s->failed) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    rc = pd_result_build(s, s->source, s->source_len, purdah_format_name(fmt->format), out);
    if (rc) return pd_error_set(err, rc, NULL, 0, 0, "%s", purdah_strerror(rc));
    return PURDAH_OK;
}

PURDAH_API int purdah_scan(purdah_scanner *s, const void *data, size_t len,
                           const purdah_scan_options *options, purdah_result **out, purdah_error **err)
{
    if (err) *err = NULL;
    if (out) *out = NULL;
    if (!s || !out || (!data && len)) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    if (!options) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "scan options are required (the as-of date)");
    if (options->version != PURDAH_SCAN_OPTIONS_VERSION)
        return pd_error_set(err, PURDAH_EVERSION, NULL, 0, 0, "scan options version %u is not supported (this library knows %d)",
                            options->version, PURDAH_SCAN_OPTIONS_VERSION);
    /* Hyperscan-style best-effort detection of one scanner used by two threads at once */
    if (atomic_flag_test_and_set(&s->busy))
        return pd_error_set(err, PURDAH_EBUSY, NULL, 0, 0,
                            "this scanner is already scanning in another thread; use one scanner per thread");
    reset(s);
    int rc = run(s, data ? data : "", len, options, out, err);
    atomic_flag_clear(&s->busy);
    return rc;
}

static const char *const format_names[] = {"auto", "text", "html", "markdown", "xml", "docx", "social"};

PURDAH_API const char *purdah_format_name(purdah_format f)
{
    return (unsigned)f < PD_ARRAY_LEN(format_names) ? format_names[f] : "auto";
}

PURDAH_API int purdah_format_from_name(const char *name)
{
    for (size_t i = 0; name && i < PD_ARRAY_LEN(format_names); i++)
        if (strcmp(name, format_names[i]) == 0) return (int)i;
    return -1;
}

PURDAH_API purdah_format purdah_format_from_file_name(const char *name)
{
    static const struct { const char *ext; purdah_format format; } by_extension[] = {
        {".html", PURDAH_FORMAT_HTML}, {".htm", PURDAH_FORMAT_HTML}, {".xhtml", PURDAH_FORMAT_HTML},
        {".md", PURDAH_FORMAT_MARKDOWN},
        {".markdown", PURDAH_FORMAT_MARKDOWN}, {".xml", PURDAH_FORMAT_XML}, {".docx", PURDAH_FORMAT_DOCX},
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || strchr(dot, '/')) return PURDAH_FORMAT_AUTO;
    for (size_t i = 0; i < PD_ARRAY_LEN(by_extension); i++)
        if (pd_ascii_ieq(dot, by_extension[i].ext)) return by_extension[i].format;
    return PURDAH_FORMAT_AUTO;
}
