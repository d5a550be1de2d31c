/* extract_html.c: text content of HTML with an exact map back to the source bytes.
 *
 * A small tokenizer in the spirit of the WHATWG one, written for offsets rather than a DOM: one
 * forward pass, no recursion, nothing rescanned, so time is linear in the input whatever it holds
 * (every search for an end marker starts where the last one stopped, and what is unterminated
 * at EOF is dropped, never re-read as text). Choices where browsers and our needs differ:
 *   - roles: the innermost element with a role wins (<a> inside <h1> is link_text, <q> inside
 *     <h1> is quote); elements past the depth cap get their parent's role; <a> content is
 *     link_text with or without href; <title> is a headline wherever it is (even inside <svg>);
 *   - a self-closing non-void tag (<span/>, <a name="x"/>) is treated as opened and closed, as
 *     XHTML-minded CMSes mean it, except <script/>, <title/> and the other raw-text and RCDATA
 *     elements, which browsers still read up to their end tag;
 *   - <![CDATA[...]]> content is kept as literal text (browsers hide it outside SVG/MathML, but
 *     the author wrote it, so we would rather check it);
 *   - a few implied end tags (p, li, dt/dd, option, tr, td/th, h1-h6, a) so unclosed paragraphs
 *     and list items do not pile up towards the depth cap;
 *   - PD_EXTRACT_MALFORMED is set when the input ends inside a tag, comment, CDATA section or
 *     raw-text element (whose rest is dropped, as browsers do), not for unclosed elements. */
#include "extract.h"


#define MAX_DEPTH 256 /* open elements tracked; deeper ones are flattened (PD_EXTRACT_DEEP) */
#define NO_ROLE PD_ROLE_COUNT

enum {
    EL_BLOCK = 1u << 0,  /* start and end tags break the line */
    EL_VOID = 1u << 1,   /* never has content or an end tag */
    EL_RAW = 1u << 2,    /* content skipped up to the end tag */
    EL_RCDATA = 1u << 3, /* content is text (entities decoded) up to the end tag */
    EL_ALT = 1u << 4,    /* alt="" is image alt text */
    EL_HREF = 1u << 5    /* href="" is a link URL */
};

/* Implied end tags: a new element of a group closes an open one at the top of the stack. */
enum { G_NONE, G_P, G_LI, G_DTDD, G_OPTION, G_TR, G_CELL, G_HEADING, G_A };

typedef struct element {
    const char *name;
    uint8_t flags;
    uint8_t role; /* NO_ROLE: the parent's */
    uint8_t group;
} element;

#define B EL_BLOCK
#define N NO_ROLE
/* Sorted by name (strcmp) for binary search. Unknown elements are inline with no role. */
static const element elements[] = {
    {"a", EL_HREF, PD_ROLE_LINK_TEXT, G_A}, {"abbr", 0, N, 0}, {"address", B, N, 0},
    {"area", EL_VOID | EL_ALT | EL_HREF, N, 0}, {"article", B, N, 0}, {"aside", B, N, 0},
    {"audio", 0, N, 0}, {"b", 0, N, 0}, {"base", EL_VOID, N, 0}, {"bdi", 0, N, 0},
    {"bdo", 0, N, 0}, {"big", 0, N, 0}, {"blockquote", B, PD_ROLE_QUOTE, 0}, {"body", B, N, 0},
    {"br", B | EL_VOID, N, 0}, {"button", 0, N, 0}, {"caption", B, N, 0}, {"center", B, N, 0},
    {"cite", 0, N, 0}, {"code", 0, N, 0}, {"col", EL_VOID, N, 0}, {"colgroup", 0, N, 0},
    {"data", 0, N, 0}, {"dd", B, N, G_DTDD}, {"del", 0, N, 0}, {"details", B, N, 0},
    {"dfn", 0, N, 0}, {"dialog", B, N, 0}, {"dir", B, N, 0}, {"div", B, N, 0}, {"dl", B, N, 0},
    {"dt", B, N, G_DTDD}, {"em", 0, N, 0}, {"embed", EL_VOID, N, 0}, {"fieldset", B, N, 0},
    {"figcaption", B, PD_ROLE_CAPTION, 0}, {"figure", B, N, 0}, {"font", 0, N, 0},
    {"footer", B, N, 0}, {"form", B, N, 0}, {"frame", EL_VOID, N, 0}, {"frameset", B, N, 0},
    {"h1", B, PD_ROLE_HEADLINE, G_HEADING}, {"h2", B, PD_ROLE_HEADLINE, G_HEADING},
    {"h3", B, PD_ROLE_HEADLINE, G_HEADING}, {"h4", B, PD_ROLE_HEADLINE, G_HEADING},
    {"h5", B, PD_ROLE_HEADLINE, G_HEADING}, {"h6", B, PD_ROLE_HEADLINE, G_HEADING},
    {"head", B, N, 0}, {"header", B, N, 0}, {"hgroup", B, N, 0}, {"hr", B | EL_VOID, N, 0},
    {"html", B, N, 0}, {"i", 0, N, 0}, {"iframe", EL_RAW, N, 0},
    {"img", EL_VOID | EL_ALT, N, 0}, {"input", EL_VOID, N, 0}, {"ins", 0, N, 0},
    {"kbd", 0, N, 0}, {"keygen", EL_VOID, N, 0}, {"label", 0, N, 0}, {"legend", B, N, 0},
    {"li", B, N, G_LI}, {"link", EL_VOID, N, 0}, {"main", B, N, 0}, {"mark", 0, N, 0},
    {"menu", B, N, 0}, {"meta", EL_VOID, N, 0}, {"nav", B, N, 0}, {"nobr", 0, N, 0},
    {"noembed", EL_RAW, N, 0}, {"noframes", EL_RAW, N, 0}, {"noscript", EL_RAW, N, 0},
    {"ol", B, N, 0}, {"optgroup", B, N, 0}, {"option", B, N, G_OPTION}, {"p", B, N, G_P},
    {"param", EL_VOID, N, 0}, {"picture", 0, N, 0}, {"pre", B, N, 0},
    {"q", 0, PD_ROLE_QUOTE, 0}, {"rp", 0, N, 0}, {"rt", 0, N, 0}, {"ruby", 0, N, 0},
    {"s", 0, N, 0}, {"samp", 0, N, 0}, {"script", EL_RAW, N, 0}, {"section", B, N, 0},
    {"select", B, N, 0}, {"small", 0, N, 0}, {"source", EL_VOID, N, 0}, {"span", 0, N, 0},
    {"strike", 0, N, 0}, {"strong", 0, N, 0}, {"style", EL_RAW, N, 0}, {"sub", 0, N, 0},
    {"summary", B, N, 0}, {"sup", 0, N, 0}, {"svg", 0, N, 0}, {"table", B, N, 0},
    {"tbody", B, N, 0}, {"td", B, N, G_CELL}, {"template", EL_RAW, N, 0},
    {"textarea", B | EL_RCDATA, N, 0}, {"tfoot", B, N, 0}, {"th", B, N, G_CELL},
    {"thead", B, N, 0}, {"time", 0, N, 0}, {"title", B | EL_RCDATA, PD_ROLE_HEADLINE, 0},
    {"tr", B, N, G_TR}, {"track", EL_VOID, N, 0}, {"tt", 0, N, 0}, {"u", 0, N, 0},
    {"ul", B, N, 0}, {"var", 0, N, 0}, {"video", 0, N, 0}, {"wbr", EL_VOID, N, 0},
};
#undef B
#undef N

#define MAX_ELEMENT_NAME 10 /* "blockquote", "figcaption" */

/* key[0..len) (any bytes, NULs included) against a NUL-terminated table name, in strcmp order. */
static int name_cmp(const char *key, size_t len, const char *name)
{
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '\0') return 1;
        if (key[i] != name[i]) return (unsigned char)key[i] < (unsigned char)name[i] ? -1 : 1;
    }
    return name[len] == '\0' ? 0 : -1;
}

/* name: lower-case, len bytes. */
static const element *find_element(const char *name, size_t len)
{
    size_t lo = 0, hi = PD_ARRAY_LEN(elements);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(name, len, elements[mid].name);
        if (c == 0) return &elements[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* ---- the parser ---- */

typedef struct open_element {
    uint32_t hash; /* of the lower-cased tag name */
    pd_role role;  /* role of the content */
} open_element;

typedef struct parser {
    const char *s;
    size_t len;
    pd_extracted *x;
    pd_emitter em;
    open_element stack[MAX_DEPTH];
    const element *stack_el[MAX_DEPTH]; /* NULL for unknown elements */
    size_t depth;
    size_t overflow;      /* elements opened past MAX_DEPTH and not yet closed */
    uint16_t buckets[64]; /* open elements per hash & 63: most end tags skip the stack search */
} parser;

enum { ATTR_ALT, ATTR_TITLE, ATTR_HREF, ATTR_KINDS };

typedef struct tag {
    size_t end; /* just past '>' */
    bool self_closing;
    uint32_t hash;
    const element *el;
    unsigned attr_count;
    struct {
        size_t start, end;
        pd_role role;
    } attrs[ATTR_KINDS]; /* the first alt, title and href, in source order */
} tag;

static pd_role current_role(const parser *p)
{
    return p->depth ? p->stack[p->depth - 1].role : PD_ROLE_BODY;
}

static void malformed(parser *p) { p->x->flags |= PD_EXTRACT_MALFORMED; }

/* Text s[a, b) with character references decoded. */
static void emit_text(parser *p, pd_role role, size_t a, size_t b, bool in_attr)
{
    const char *s = p->s;
    size_t run = a, i = a;
    while (i < b) {
        const char *amp = memchr(s + i, '&', b - i);
        if (!amp) break;
        i = (size_t)(amp - s);
        char out[8];
        size_t out_len = 0;
        size_t n = pd_decode_char_ref(s, i, b, in_attr ? PD_REF_ATTR : 0, out, &out_len);
        if (n == 0) {
            i++;
            continue;
        }
        if (i > run) pd_emit_copy(&p->em, role, s, run, i - run);
        pd_emit_atomic(&p->em, role, out, out_len, i, n);
        i += n;
        run = i;
    }
    if (b > run) pd_emit_copy(&p->em, role, s, run, b - run);
}

static bool attr_is(const char *s, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (pd_ascii_lower((unsigned char)s[i]) != name[i]) return false;
    return true;
}

/* Parses a tag whose name starts at `at` (just after "<" or "</"). Returns false when the input
 * ends first: the tag is then dropped. Attribute values to report are noted, not emitted. */
static bool parse_tag(const parser *p, size_t at, bool is_end, tag *t)
{
    const char *s = p->s;
    size_t len = p->len, i = at;
    char name[MAX_ELEMENT_NAME + 1] = {0};
    uint32_t hash = 2166136261u; /* FNV-1a */
    memset(t, 0, sizeof *t);
    while (i < len && !pd_ascii_isspace((unsigned char)s[i]) && s[i] != '/' && s[i] != '>') {
        unsigned char c = (unsigned char)pd_ascii_lower((unsigned char)s[i]);
        hash = (hash ^ c) * 16777619u;
        if (i - at < MAX_ELEMENT_NAME) name[i - at] = (char)c;
        i++;
    }
    t->hash = hash;
    t->el = i - at <= MAX_ELEMENT_NAME ? find_element(name, i - at) : NULL;
    unsigned flags = t->el ? t->el->flags : 0;
    unsigned seen = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (pd_ascii_isspace(c)) {
            i++;
            continue;
        }
        if (c == '>') {
            t->end = i + 1;
            return true;
        }
        if (c == '/') {
            if (i + 1 < len && s[i + 1] == '>') {
                t->self_closing = true;
                t->end = i + 2;
                return true;
            }
            i++;
            continue;
        }
        size_t name_start = i++; /* the first character may be '=' */
        while (i < len && !pd_ascii_isspace((unsigned char)s[i]) && s[i] != '/' && s[i] != '>' &&
               s[i] != '=')
            i++;
        size_t name_end = i;
        while (i < len && pd_ascii_isspace((unsigned char)s[i])) i++;
        size_t vs = 0, ve = 0;
        bool has_value = false;
        if (i < len && s[i] == '=') {
            i++;
            while (i < len && pd_ascii_isspace((unsigned char)s[i])) i++;
            if (i < len && (s[i] == '"' || s[i] == '\'')) {
                const char *q = memchr(s + i + 1, s[i], len - i - 1);
                if (!q) return false;
                vs = i + 1;
                ve = (size_t)(q - s);
                i = ve + 1;
            } else {
                vs = i;
                while (i < len && !pd_ascii_isspace((unsigned char)s[i]) && s[i] != '>') i++;
                ve = i;
            }
            has_value = true;
        }
        if (is_end || !has_value) continue;
        const char *an = s + name_start;
        size_t al = name_end - name_start;
        int kind;
        if ((flags & EL_ALT) && attr_is(an, al, "alt")) kind = ATTR_ALT;
        else if (attr_is(an, al, "title")) kind = ATTR_TITLE;
        else if ((flags & EL_HREF) && attr_is(an, al, "href")) kind = ATTR_HREF;
        else continue;
        if (seen & (1u << kind)) continue; /* browsers keep the first of duplicates */
        seen |= 1u << kind;
        static const pd_role roles[ATTR_KINDS] = {PD_ROLE_IMAGE_ALT, PD_ROLE_TITLE,
                                                  PD_ROLE_LINK_URL};
        t->attrs[t->attr_count].start = vs;
        t->attrs[t->attr_count].end = ve;
        t->attrs[t->attr_count].role = roles[kind];
        t->attr_count++;
    }
    return false;
}

static void emit_attributes(parser *p, const tag *t)
{
    for (unsigned k = 0; k < t->attr_count; k++) {
        pd_emit_isolate_begin(&p->em);
        emit_text(p, t->attrs[k].role, t->attrs[k].start, t->attrs[k].end, true);
        pd_emit_isolate_end(&p->em);
    }
}

static void pop(parser *p)
{
    p->depth--;
    p->buckets[p->stack[p->depth].hash & 63]--;
}

static void push(parser *p, const element *el, uint32_t hash)
{
    if (p->depth == MAX_DEPTH) {
        p->overflow++;
        p->x->flags |= PD_EXTRACT_DEEP;
        return;
    }
    pd_role role = el && el->role != NO_ROLE ? (pd_role)el->role : current_role(p);
    p->stack[p->depth] = (open_element){hash, role};
    p->stack_el[p->depth] = el;
    p->depth++;
    p->buckets[hash & 63]++;
}

static unsigned top_group(const parser *p)
{
    const element *el = p->depth ? p->stack_el[p->depth - 1] : NULL;
    return el ? el->group : G_NONE;
}

/* The few implied end tags that keep unclosed <p>, <li>, <td>... from nesting. */
static void close_implied(parser *p, const element *el)
{
    if (p->overflow) return; /* the top of the stack is not the current element */
    if ((el->flags & EL_BLOCK) && top_group(p) == G_P) pop(p);
    unsigned g = el->group, top = top_group(p);
    if (g == G_TR && top == G_CELL) {
        pop(p);
        top = top_group(p);
    }
    if (g != G_NONE && g != G_P && top == g) pop(p);
}

static void close_element(parser *p, uint32_t hash)
{
    if (p->overflow) { /* the innermost open elements are the untracked ones */
        p->overflow--;
        return;
    }
    if (p->buckets[hash & 63] == 0) return; /* a stray end tag */
    for (size_t i = p->depth; i-- > 0;) {
        if (p->stack[i].hash == hash) {
            while (p->depth > i) pop(p);
            return;
        }
    }
}

/* Offset of the "</name" (followed by space, '/' or '>', or the end) that ends a raw-text or
 * RCDATA element, or `len` when there is none. */
static size_t find_end_tag(const parser *p, size_t from, const char *name)
{
    const char *s = p->s;
    size_t len = p->len, n = strlen(name);
    while (from < len) {
        const char *lt = memchr(s + from, '<', len - from);
        if (!lt) break;
        size_t k = (size_t)(lt - s);
        if (len - k >= n + 2 && s[k + 1] == '/') {
            size_t j = 0;
            while (j < n && pd_ascii_lower((unsigned char)s[k + 2 + j]) == name[j]) j++;
            if (j == n) {
                size_t after = k + 2 + n;
                if (after == len || pd_ascii_isspace((unsigned char)s[after]) || s[after] == '/' ||
                    s[after] == '>')
                    return k;
            }
        }
        from = k + 1;
    }
    return len;
}

/* Block elements end a paragraph, so sentences and phrases never run from one block into the
 * next; <br> only ends a line. */
static void break_for(parser *p, const element *el)
{
    if (strcmp(el->name, "br") == 0) pd_emit_break(&p->em);
    else pd_emit_paragraph(&p->em);
}

/* After the start tag of a raw-text or RCDATA element: its content and end tag. */
static size_t special_content(parser *p, const tag *t)
{
    const element *el = t->el;
    size_t close = find_end_tag(p, t->end, el->name);
    if (el->flags & EL_RCDATA) {
        pd_role role = el->role != NO_ROLE ? (pd_role)el->role : current_role(p);
        emit_text(p, role, t->end, close, false);
        pd_emit_break(&p->em);
    }
    if (close == p->len) {
        malformed(p);
        return p->len;
    }
    tag end_tag;
    if (!parse_tag(p, close + 2, true, &end_tag)) {
        malformed(p);
        return p->len;
    }
    return end_tag.end;
}

static size_t start_tag(parser *p, size_t lt)
{
    tag t;
    if (!parse_tag(p, lt + 1, false, &t)) {
        malformed(p);
        return p->len;
    }
    const element *el = t.el;
    unsigned flags = el ? el->flags : 0;
    if (flags & EL_RAW) return special_content(p, &t);
    if (flags & EL_BLOCK) break_for(p, el);
    if (flags & EL_RCDATA) {
        emit_attributes(p, &t);
        return special_content(p, &t);
    }
    if (el) close_implied(p, el);
    if (!(flags & EL_VOID) && !t.self_closing) push(p, el, t.hash);
    emit_attributes(p, &t);
    return t.end;
}

static size_t end_tag(parser *p, size_t lt)
{
    tag t;
    if (!parse_tag(p, lt + 2, true, &t)) {
        malformed(p);
        return p->len;
    }
    unsigned flags = t.el ? t.el->flags : 0;
    /* stray ends of void, raw-text and RCDATA elements close nothing ("</br>" still breaks) */
    if (!(flags & (EL_VOID | EL_RAW | EL_RCDATA))) close_element(p, t.hash);
    if (flags & EL_BLOCK) break_for(p, t.el);
    return t.end;
}

/* The first '>' at or after `from` preceded by `tail` (lying at or after `min`), or SIZE_MAX. */
static size_t find_gt(const parser *p, size_t from, size_t min, const char *tail)
{
    size_t n = strlen(tail);
    while (from < p->len) {
        const char *gt = memchr(p->s + from, '>', p->len - from);
        if (!gt) break;
        size_t k = (size_t)(gt - p->s);
        if (k >= min + n && memcmp(p->s + k - n, tail, n) == 0) return k;
        from = k + 1;
    }
    return SIZE_MAX;
}

/* "<!DOCTYPE ...>", "<?...>", "</ ...>": skipped up to '>'. */
static size_t bogus_comment(parser *p, size_t lt)
{
    size_t k = find_gt(p, lt + 2, lt + 2, "");
    if (k != SIZE_MAX) return k + 1;
    malformed(p);
    return p->len;
}

static size_t comment(parser *p, size_t lt)
{
    size_t i = lt + 4, len = p->len;
    const char *s = p->s;
    if (i < len && s[i] == '>') return i + 1;                               /* <!--> */
    if (i + 1 < len && s[i] == '-' && s[i + 1] == '>') return i + 2;        /* <!---> */
    /* "-->" or "--!>", the dashes not overlapping "<!--" */
    size_t from = i;
    while (from < len) {
        const char *gt = memchr(s + from, '>', len - from);
        if (!gt) break;
        size_t k = (size_t)(gt - s);
        if (k >= i + 2 && s[k - 1] == '-' && s[k - 2] == '-') return k + 1;
        if (k >= i + 3 && s[k - 1] == '!' && s[k - 2] == '-' && s[k - 3] == '-') return k + 1;
        from = k + 1;
    }
    malformed(p);
    return len;
}

/* <![CDATA[...]]>: the content is literal text. */
static size_t cdata(parser *p, size_t lt)
{
    size_t start = lt + 9, k = find_gt(p, start, start, "]]");
    size_t text_end = k != SIZE_MAX ? k - 2 : p->len;
    pd_emit_copy(&p->em, current_role(p), p->s, start, text_end - start);
    if (k != SIZE_MAX) return k + 1;
    malformed(p);
    return p->len;
}

typedef enum markup {
    MK_TEXT, /* a '<' that starts nothing: literal text */
    MK_START,
    MK_END,
    MK_EMPTY_END, /* "</>": ignored */
    MK_COMMENT,
    MK_CDATA,
    MK_BOGUS /* doctype, "<?...>", "</ ...>": skipped to '>' */
} markup;

static markup classify(const parser *p, size_t lt)
{
    const char *s = p->s;
    size_t left = p->len - lt;
    if (left < 2) return MK_TEXT;
    unsigned char c = (unsigned char)s[lt + 1];
    if (is_alpha(c)) return MK_START;
    if (c == '/') {
        if (left < 3) return MK_TEXT; /* "</" at the end */
        if (is_alpha((unsigned char)s[lt + 2])) return MK_END;
        return s[lt + 2] == '>' ? MK_EMPTY_END : MK_BOGUS;
    }
    if (c == '!') {
        if (left >= 4 && s[lt + 2] == '-' && s[lt + 3] == '-') return MK_COMMENT;
        if (left >= 9 && memcmp(s + lt + 2, "[CDATA[", 7) == 0) return MK_CDATA;
        return MK_BOGUS;
    }
    if (c == '?') return MK_BOGUS;
    return MK_TEXT;
}

int pd_extract_html(pd_extracted *x, const char *src, size_t len)
{
    if (!src && len) {
        pd_extracted_reset(x);
        return PURDAH_EINVAL;
    }
    if (len > UINT32_MAX) { /* map offsets are 32-bit */
        pd_extracted_reset(x);
        return PURDAH_ELIMIT;
    }
    parser parser_state; /* ~4 KB, mostly the stack of open elements */
    parser *p = &parser_state;
    memset(p, 0, sizeof *p);
    p->s = src;
    p->len = len;
    p->x = x;
    pd_emit_begin(&p->em, x);
    size_t pos = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    size_t text_start = pos;
    while (pos < len && p->em.status == PURDAH_OK) {
        const char *lt = memchr(src + pos, '<', len - pos);
        if (!lt) break;
        size_t k = (size_t)(lt - src);
        markup m = classify(p, k);
        if (m == MK_TEXT) {
            pos = k + 1;
            continue;
        }
        if (k > text_start) emit_text(p, current_role(p), text_start, k, false);
        switch (m) {
        case MK_START: pos = start_tag(p, k); break;
        case MK_END: pos = end_tag(p, k); break;
        case MK_EMPTY_END: pos = k + 3; break;
        case MK_COMMENT: pos = comment(p, k); break;
        case MK_CDATA: pos = cdata(p, k); break;
        case MK_BOGUS: pos = bogus_comment(p, k); break;
        case MK_TEXT: break;
        }
        text_start = pos;
    }
    if (len > text_start) emit_text(p, current_role(p), text_start, len, false);
    return pd_emit_end(&p->em);
}

/* ---- sniffing ---- */

/* A known tag (start or end) at s[i] == '<', closed by '>' before any other '<'. Sets *is_end. */
static bool known_tag_at(const char *s, size_t i, size_t limit, bool *is_end)
{
    size_t j = i + 1;
    *is_end = j < limit && s[j] == '/';
    if (*is_end) j++;
    char name[MAX_ELEMENT_NAME + 1];
    size_t n = 0;
    while (j < limit && pd_ascii_isalnum((unsigned char)s[j])) {
        if (n == MAX_ELEMENT_NAME) return false;
        name[n++] = (char)pd_ascii_lower((unsigned char)s[j++]);
    }
    if (n == 0 || j >= limit || !find_element(name, n)) return false;
    if (!pd_ascii_isspace((unsigned char)s[j]) && s[j] != '>' && s[j] != '/') return false;
    for (; j < limit; j++) {
        if (s[j] == '>') return true;
        if (s[j] == '<') return false;
    }
    return false;
}

static bool starts_ci(const char *s, size_t avail, const char *lit)
{
    size_t n = strlen(lit);
    if (avail < n) return false;
    for (size_t i = 0; i < n; i++)
        if (pd_ascii_lower((unsigned char)s[i]) != lit[i]) return false;
    return true;
}

bool pd_looks_like_html(const char *src, size_t len)
{
    if (!src) return false;
    size_t limit = len < 4096 ? len : 4096, i = 0;
    bool is_end;
    if (limit >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) i = 3;
    /* the start: whitespace, then an XML declaration or comments, then a doctype or a tag */
    for (;;) {
        while (i < limit && pd_ascii_isspace((unsigned char)src[i])) i++;
        if (starts_ci(src + i, limit - i, "<!doctype html")) return true;
        if (starts_ci(src + i, limit - i, "<?xml") || starts_ci(src + i, limit - i, "<!--")) {
            const char *gt = memchr(src + i, '>', limit - i);
            if (!gt) break;
            i = (size_t)(gt - src) + 1;
            continue;
        }
        if (i < limit && src[i] == '<' && known_tag_at(src, i, limit, &is_end) && !is_end)
            return true;
        break;
    }
    /* or several tags further in: three, or two when one is an end tag ("<b>x</b>") */
    unsigned tags = 0, ends = 0;
    for (i = 0; i < limit; i++) {
        const char *lt = memchr(src + i, '<', limit - i);
        if (!lt) break;
        i = (size_t)(lt - src);
        if (known_tag_at(src, i, limit, &is_end)) {
            tags++;
            ends += is_end;
            if (tags >= 3 || (tags >= 2 && ends)) return true;
        }
    }
    return false;
}
