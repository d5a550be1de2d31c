/* extract_markdown.c: the text of a Markdown draft (CommonMark and the GitHub extensions comms
 * teams use) with an exact map back to the source bytes.
 *
 * Two stages, each a forward pass with no recursion:
 *  - blocks, line by line as CommonMark describes them: a stack of blockquote and list-item
 *    containers (deeper ones are flattened, PD_EXTRACT_DEEP), then one open leaf (paragraph,
 *    fenced or indented code, HTML block, table);
 *  - inlines, per paragraph, over a buffer holding the paragraph's lines without their container
 *    prefixes. Each buffer byte gets a class (text of some role, or markup) and the classes are
 *    then emitted in runs, mapped back to the source through the lines.
 * Time is linear whatever the input: a search for a closing marker either succeeds and its span
 * is jumped over, or fails once and the failure is remembered (backtick runs per length, comment
 * and quote ends); link destinations nest at most 32 parentheses; labels are at most 999 bytes;
 * emphasis follows cmark's delimiter algorithm with its openers_bottom bound, and each byte gets
 * its link role once (nested links are skipped as whole spans).
 *
 * Choices where CommonMark and our needs differ:
 *  - code (fenced, indented, spans) is read as text: a draft can hide a candidate's name in code
 *    formatting as well as anywhere else, and readers still see it;
 *  - inline HTML tags are dropped, except that <br> breaks the line, block tags (<p>, <div>...)
 *    break the paragraph and alt/title/href attribute values are image_alt/title/link_url, as in
 *    the HTML extractor; the text inside <a>...</a> keeps the surrounding role. HTML blocks are
 *    read by the HTML extractor itself (roles, <script> skipped, comments skipped);
 *  - a link's text is link_text and its destination link_url (in source order: text first);
 *    an image's alt text is image_alt, its source is not text; titles are title; a reference
 *    link's destination is reported once, where its definition is. Definitions must fit on one
 *    line. Bare URLs (http://, https://, www.) are link_url and stop at whitespace, '<', '>',
 *    '"', '[', ']' and non-ASCII bytes (GFM would run on through them);
 *  - table cells are separate paragraphs, as <td>s are in HTML, so no phrase runs across cells;
 *    cells past the header's count are still text;
 *  - front matter: each line is metadata, except the title (YAML "title:", TOML "title =")
 *    whose value is a headline; comment lines are skipped;
 *  - PD_EXTRACT_MALFORMED: an unclosed fence at the end, an inline "<!--" never closed (then
 *    shown as text, as readers would see it), or malformed HTML in an HTML block. */
#include "extract.h"

#define MAX_DEPTH 64   /* nested blockquotes and list items tracked */
#define MAX_TICKS 32   /* longer backtick runs never delimit code spans */
#define MAX_LABEL 999  /* link label bytes (CommonMark) */
#define MAX_PARENS 32  /* nested parentheses in a link destination (as cmark) */
#define MAX_PROBES 64  /* a label sits at most this far from its hash slot (else dropped) */
#define NO_NL UINT32_MAX

/* Class of a buffer byte: a role (its low nibble) and flags. */
enum {
    R_INHERIT = 13,   /* text of the block's role */
    R_SKIP = 14,      /* markup */
    R_SKIP_PARA = 15, /* markup that ends the paragraph (a block-level HTML tag) */
    R_MASK = 0x0F,
    F_ISO = 0x10,       /* part of an isolated piece (a URL, a title) */
    F_ISO_START = 0x20, /* the first byte of one */
    F_ENT = 0x40,       /* a character reference starts here; decoded when emitted */
    F_BREAK = 0x80      /* markup that breaks the line (hard line break, <br>) */
};
_Static_assert((int)PD_ROLE_COUNT <= (int)R_INHERIT, "roles must fit below R_INHERIT");

enum { C_QUOTE, C_ITEM };
enum { L_NONE, L_PARA, L_FENCE, L_CODE, L_HTML, L_TABLE };
enum { CH_SPACE, CH_PUNCT, CH_OTHER };

/* A line of the buffer: buffer bytes [buf, buf + len) are input bytes [src, src + len); when
 * another line follows, the buffer byte after it is a '\n' standing for input byte nl. */
typedef struct bline {
    uint32_t buf, src, len, nl;
} bline;

/* A run of '*', '_' or '~' that may open or close emphasis, in a list ordered by position. */
typedef struct delim {
    uint32_t pos, len, count; /* count: delimiters not used yet (the innermost are used first) */
    int32_t prev, next;
    char ch;
    bool can_open, can_close;
} delim;

typedef struct bracket {
    uint32_t pos; /* of '[', or of '!' for "![" */
    uint32_t delim_bottom;
    bool image, active, bracket_after;
} bracket;

typedef struct span {
    uint32_t start, end;
} span;

typedef struct link_parts {
    size_t dest_a, dest_b, title_a, title_b, end;
} link_parts;

typedef struct ref_label {
    const char *s;
    uint32_t len, hash;
} ref_label;

typedef struct md {
    const char *s;
    size_t len;
    pd_extracted *x;
    pd_emitter em;
    int status;
    /* containers */
    uint8_t kind[MAX_DEPTH];
    uint32_t content_col[MAX_DEPTH]; /* of list items */
    size_t depth, quotes;
    bool deep_quote; /* a '>' past MAX_DEPTH on this line */
    /* the open leaf */
    int leaf;
    pd_role leaf_role;
    char fence_ch;
    size_t fence_len, fence_indent;
    int html_type;
    /* the inline buffer */
    char *buf;
    size_t buf_len, buf_cap;
    uint8_t *cls;
    size_t cls_cap;
    bline *lines;
    size_t nlines, lines_cap;
    delim *delims;
    size_t ndelims, delims_cap;
    int32_t delim_tail;
    bracket *brackets;
    size_t nbrackets, brackets_cap;
    span *done; /* resolved links not yet inside a resolved enclosing one, by position */
    size_t ndone, done_cap;
    /* searches that failed to the end of the buffer, so fail at once next time */
    bool tick_fail[MAX_TICKS + 1];
    bool no_comment_end, no_pi_end, no_cdata_end, no_decl_end, no_quote[2], no_title_end[3];
    /* link reference definitions */
    ref_label *refs;
    size_t nrefs, refs_cap;
    uint32_t *slots; /* open addressing: index + 1, 0 when empty */
    size_t nslots;
    /* HTML blocks are read by the HTML extractor into this */
    pd_extracted html;
} md;

/* ---- characters ---- */

static bool is_space_tab(unsigned char c) { return c == ' ' || c == '\t'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool is_punct(unsigned char c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

static bool blank_range(const char *s, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!is_space_tab((unsigned char)s[a])) return false;
    return true;
}

/* s[i, i + strlen(lit)) equals lit, ASCII case-insensitively (lit lower-case). */
static bool prefix_ci(const char *s, size_t i, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (i > n || n - i < k) return false;
    for (size_t j = 0; j < k; j++)
        if (pd_ascii_lower((unsigned char)s[i + j]) != lit[j]) return false;
    return true;
}

/* The first occurrence of lit in s[a, b), or SIZE_MAX. */
static size_t find_lit(const char *s, size_t a, size_t b, const char *lit)
{
    size_t k = strlen(lit);
    while (a < b && b - a >= k) {
        const char *c = memchr(s + a, lit[0], b - a - k + 1);
        if (!c) return SIZE_MAX;
        a = (size_t)(c - s);
        if (memcmp(s + a, lit, k) == 0) return a;
        a++;
    }
    return SIZE_MAX;
}

/* The code point of the UTF-8 sequence at s[i] (i < n), or 0xFFFD when it is not valid. */
static uint32_t cp_at(const char *s, size_t i, size_t n)
{
    size_t len;
    return pd_utf8_decode(s, i, n, &len);
}

static size_t utf8_len(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/* The code point ending just before s[i] (i > 0), or 0xFFFD. */
static uint32_t cp_before(const char *s, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    if (utf8_len((unsigned char)s[j]) != i - j) /* a stray byte */
        return (unsigned char)s[i - 1] < 0x80 ? (unsigned char)s[i - 1] : 0xFFFD;
    return cp_at(s, j, i);
}

/* Whitespace, punctuation (symbols and emoji included, as CommonMark 0.31 counts them) or
 * other, for the flanking rules of emphasis. */
static int cp_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (pd_ascii_isspace((int)cp)) return CH_SPACE;
        return is_punct((unsigned char)cp) ? CH_PUNCT : CH_OTHER;
    }
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return CH_SPACE;
    if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2010 && cp <= 0x2027) ||
        (cp >= 0x2030 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF))
        return CH_PUNCT;
    return CH_OTHER;
}

/* ---- lines and columns ---- */

typedef struct cursor {
    size_t i, col; /* byte offset, and column with tabs to the next multiple of 4 */
} cursor;

/* Skips spaces and tabs up to column `stop` (or the end of the line). */
static void skip_ws(const char *s, size_t le, cursor *c, size_t stop)
{
    while (c->i < le && c->col < stop) {
        if (s[c->i] == ' ') c->col++;
        else if (s[c->i] == '\t') c->col = (c->col / 4 + 1) * 4;
        else break;
        c->i++;
    }
}

static void skip_one_space(const char *s, size_t le, cursor *c)
{
    if (c->i < le && is_space_tab((unsigned char)s[c->i])) {
        c->col = s[c->i] == '\t' ? (c->col / 4 + 1) * 4 : c->col + 1;
        c->i++;
    }
}

static size_t line_end(const char *s, size_t i, size_t n)
{
    while (i < n && s[i] != '\n' && s[i] != '\r') i++;
    return i;
}

/* Just past the line ending at le; *nl is the input offset of the byte standing for it. */
static size_t next_line(const char *s, size_t le, size_t n, uint32_t *nl)
{
    *nl = NO_NL;
    if (le >= n) return n;
    if (s[le] == '\r' && le + 1 < n && s[le + 1] == '\n') {
        *nl = (uint32_t)(le + 1);
        return le + 2;
    }
    *nl = (uint32_t)le;
    return le + 1;
}

/* ---- memory ---- */

static void fail(md *p, int status)
{
    if (p->status == PURDAH_OK) p->status = status;
}

static bool ok(const md *p) { return p->status == PURDAH_OK && p->em.status == PURDAH_OK; }

static void buf_reset(md *p)
{
    p->buf_len = 0;
    p->nlines = 0;
}

static void buf_put(md *p, const char *bytes, size_t n)
{
    if (!ok(p)) return;
    if (PD_RESERVE(p->buf, p->buf_cap, p->buf_len + n + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    memcpy(p->buf + p->buf_len, bytes, n);
    p->buf_len += n;
}

/* Appends input bytes [a, b) as a new line of the buffer. */
static void buf_line(md *p, size_t a, size_t b, uint32_t nl)
{
    if (!ok(p)) return;
    if (p->nlines) buf_put(p, "\n", 1);
    if (PD_RESERVE(p->lines, p->lines_cap, p->nlines + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    p->lines[p->nlines++] = (bline){(uint32_t)p->buf_len, (uint32_t)a, (uint32_t)(b - a), nl};
    buf_put(p, p->s + a, b - a);
}

/* ---- emitting buffer bytes ---- */

static size_t line_of(const md *p, size_t b)
{
    size_t lo = 0, hi = p->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->lines[mid].buf <= b) lo = mid;
        else hi = mid;
    }
    return lo;
}

static size_t src_of(const md *p, size_t b)
{
    const bline *l = &p->lines[line_of(p, b)];
    return l->src + (b - l->buf);
}

/* Copies buffer bytes [a, b) byte to byte from the input bytes they stand for. */
static void emit_buf(md *p, pd_role role, size_t a, size_t b)
{
    size_t k = line_of(p, a);
    while (a < b && k < p->nlines) {
        const bline *l = &p->lines[k];
        size_t content_end = l->buf + l->len;
        if (a < content_end) {
            size_t n = (b < content_end ? b : content_end) - a;
            pd_emit_copy(&p->em, role, p->s, l->src + (a - l->buf), n);
            a += n;
        }
        if (a < b) { /* the line end */
            if (l->nl != NO_NL) pd_emit_copy(&p->em, role, p->s, l->nl, 1);
            a++;
            k++;
        }
    }
}

static void flush_run(md *p, size_t *run, int *run_role, size_t end)
{
    if (*run_role >= 0 && *run < end) emit_buf(p, (pd_role)*run_role, *run, end);
    *run_role = -1;
}

/* Emits the buffer by its classes; text of R_INHERIT gets `base`. */
static void emit_classes(md *p, pd_role base)
{
    const uint8_t *cls = p->cls;
    size_t n = p->buf_len, run = 0;
    int run_role = -1;
    bool iso = false;
    for (size_t i = 0; i < n; i++) {
        unsigned c = cls[i], r = c & R_MASK;
        if (iso && (!(c & F_ISO) || (c & F_ISO_START))) {
            flush_run(p, &run, &run_role, i);
            pd_emit_isolate_end(&p->em);
            iso = false;
        }
        if (c & F_ISO_START) {
            flush_run(p, &run, &run_role, i);
            pd_emit_isolate_begin(&p->em);
            iso = true;
        }
        if ((c & F_BREAK) || r == R_SKIP_PARA || r == R_SKIP) {
            flush_run(p, &run, &run_role, i);
            if (c & F_BREAK) pd_emit_break(&p->em);
            else if (r == R_SKIP_PARA) pd_emit_paragraph(&p->em);
            continue;
        }
        pd_role role = r == R_INHERIT ? base : (pd_role)r;
        if (c & F_ENT) {
            char out[8];
            size_t out_len = 0, m = pd_decode_char_ref(p->buf, i, n, PD_REF_STRICT, out, &out_len);
            if (m) {
                flush_run(p, &run, &run_role, i);
                pd_emit_atomic(&p->em, role, out, out_len, src_of(p, i), m);
                i += m - 1;
                continue;
            }
        }
        if (run_role != (int)role) {
            flush_run(p, &run, &run_role, i);
            run = i;
            run_role = (int)role;
        }
    }
    flush_run(p, &run, &run_role, n);
    if (iso) pd_emit_isolate_end(&p->em);
}

/* ---- classes ---- */

static void set_class(md *p, size_t a, size_t b, uint8_t value)
{
    if (a < b) memset(p->cls + a, value, b - a);
}

/* Marks [a, b) as a piece of `role` of its own (a URL, a title), with backslash escapes (when
 * `escapes`) and character references decoded. */
static void mark_literal(md *p, size_t a, size_t b, pd_role role, bool escapes)
{
    const char *s = p->buf;
    uint8_t iso = F_ISO | F_ISO_START;
    for (size_t i = a; i < b; i++) {
        p->cls[i] = (uint8_t)(role | iso);
        iso = F_ISO;
        if (escapes && s[i] == '\\' && i + 1 < b && is_punct((unsigned char)s[i + 1])) {
            p->cls[i] = (uint8_t)((p->cls[i] & ~R_MASK) | R_SKIP);
            p->cls[++i] = (uint8_t)(role | F_ISO);
        } else if (s[i] == '&') {
            char out[8];
            size_t out_len, m = pd_decode_char_ref(s, i, b, PD_REF_STRICT, out, &out_len);
            if (m) {
                p->cls[i] |= F_ENT;
                set_class(p, i + 1, i + m, (uint8_t)(role | F_ISO));
                i += m - 1;
            }
        }
    }
}

/* Gives text bytes [a, b) still of the block's role the role `role`, skipping (in O(1) each)
 * the links already resolved inside, whose bytes have their own roles. */
static void assign_role(md *p, size_t a, size_t b, pd_role role)
{
    size_t k = p->ndone;
    while (k > 0 && p->done[k - 1].start >= a) k--;
    size_t at = a;
    for (size_t d = k; d <= p->ndone; d++) {
        size_t to = d < p->ndone ? p->done[d].start : b;
        for (; at < to; at++)
            if ((p->cls[at] & R_MASK) == R_INHERIT)
                p->cls[at] = (uint8_t)((p->cls[at] & ~R_MASK) | role);
        if (d < p->ndone) at = p->done[d].end;
    }
    p->ndone = k;
}

/* ---- link reference definitions ---- */

typedef struct norm {
    const char *s;
    size_t i, n;
} norm;

/* Labels match case-insensitively (ASCII) with whitespace runs as one space, trimmed. */
static void norm_init(norm *it, const char *s, size_t n)
{
    it->s = s;
    it->n = n;
    it->i = 0;
    while (it->i < n && pd_ascii_isspace((unsigned char)s[it->i])) it->i++;
}

static int norm_next(norm *it)
{
    if (it->i >= it->n) return -1;
    unsigned char c = (unsigned char)it->s[it->i];
    if (pd_ascii_isspace(c)) {
        while (it->i < it->n && pd_ascii_isspace((unsigned char)it->s[it->i])) it->i++;
        return it->i < it->n ? ' ' : -1;
    }
    it->i++;
    return pd_ascii_lower(c);
}

/* FNV-1a of the normalized label; *empty when it has no character. */
static uint32_t label_hash(const char *s, size_t n, bool *empty)
{
    norm it;
    norm_init(&it, s, n);
    uint32_t h = 2166136261u;
    int c;
    *empty = true;
    while ((c = norm_next(&it)) >= 0) {
        h = (h ^ (uint32_t)c) * 16777619u;
        *empty = false;
    }
    return h;
}

static bool label_eq(const char *a, size_t an, const char *b, size_t bn)
{
    norm x, y;
    norm_init(&x, a, an);
    norm_init(&y, b, bn);
    for (;;) {
        int c = norm_next(&x), d = norm_next(&y);
        if (c != d) return false;
        if (c < 0) return true;
    }
}

static void add_ref(md *p, const char *label, size_t n)
{
    bool empty;
    uint32_t h = label_hash(label, n, &empty);
    if (empty) return;
    if (PD_RESERVE(p->refs, p->refs_cap, p->nrefs + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    p->refs[p->nrefs++] = (ref_label){label, (uint32_t)n, h};
}

/* The slot holding `label`, else the empty slot where it would go, within MAX_PROBES of its
 * hash slot; SIZE_MAX when neither (so lookups and inserts stay O(1) even against labels
 * crafted to collide). */
static size_t ref_slot(const md *p, const char *label, size_t n, uint32_t h)
{
    size_t mask = p->nslots - 1, k = h & mask;
    for (size_t probes = 0; probes < MAX_PROBES; probes++, k = (k + 1) & mask) {
        if (!p->slots[k]) return k;
        const ref_label *r = &p->refs[p->slots[k] - 1];
        if (r->hash == h && label_eq(r->s, r->len, label, n)) return k;
    }
    return SIZE_MAX;
}

/* The first definition of a label wins, as in CommonMark. */
static void build_ref_table(md *p)
{
    if (!p->nrefs || !ok(p)) return;
    size_t size = 16;
    while (size < p->nrefs * 2) size *= 2;
    p->slots = pd_calloc(size, sizeof *p->slots);
    if (!p->slots) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    p->nslots = size;
    for (size_t i = 0; i < p->nrefs; i++) {
        const ref_label *r = &p->refs[i];
        size_t k = ref_slot(p, r->s, r->len, r->hash);
        if (k != SIZE_MAX && !p->slots[k]) p->slots[k] = (uint32_t)(i + 1);
    }
}

static bool ref_defined(const md *p, const char *label, size_t n)
{
    if (!p->nslots || n > MAX_LABEL) return false;
    bool empty;
    uint32_t h = label_hash(label, n, &empty);
    if (empty) return false;
    size_t k = ref_slot(p, label, n, h);
    return k != SIZE_MAX && p->slots[k] != 0;
}

typedef struct ref_def {
    size_t label_a, label_b, dest_a, dest_b, title_a, title_b;
} ref_def;

/* A link destination at s[k] (before `end`): "<...>" or a run with balanced parentheses.
 * Returns just past it and sets [*a, *b), or 0. */
static size_t link_dest(const char *s, size_t k, size_t end, size_t *a, size_t *b)
{
    if (k < end && s[k] == '<') {
        for (size_t m = k + 1; m < end; m++) {
            if (s[m] == '\\' && m + 1 < end && is_punct((unsigned char)s[m + 1])) m++;
            else if (s[m] == '>') {
                *a = k + 1;
                *b = m;
                return m + 1;
            } else if (s[m] == '<' || s[m] == '\n' || s[m] == '\r') return 0;
        }
        return 0;
    }
    size_t m = k, depth = 0;
    while (m < end) {
        unsigned char c = (unsigned char)s[m];
        if (c == '\\' && m + 1 < end && is_punct((unsigned char)s[m + 1])) m += 2;
        else if (c == '(') {
            if (++depth > MAX_PARENS) return 0;
            m++;
        } else if (c == ')') {
            if (depth == 0) break;
            depth--;
            m++;
        } else if (c <= 0x20 || c == 0x7F) break;
        else m++;
    }
    if (m == k || depth) return 0;
    *a = k;
    *b = m;
    return m;
}

/* A link title at s[k] ('"', '\'' or '('): returns just past it and sets [*a, *b), or 0.
 * `no_end` (may be NULL) remembers, per kind, that no closing one follows. */
static size_t link_title(const char *s, size_t k, size_t end, size_t *a, size_t *b, bool *no_end)
{
    char open = s[k], close = open == '(' ? ')' : open;
    int kind = open == '"' ? 0 : open == '\'' ? 1 : 2;
    if (no_end && no_end[kind]) return 0;
    for (size_t m = k + 1; m < end; m++) {
        if (s[m] == '\\' && m + 1 < end && is_punct((unsigned char)s[m + 1])) m++;
        else if (s[m] == close) {
            *a = k + 1;
            *b = m;
            return m + 1;
        } else if (open == '(' && s[m] == '(') return 0;
    }
    if (no_end) no_end[kind] = true;
    return 0;
}

/* "[label]: destination 'title'" filling the line s[j, le) (single-line definitions only). */
static bool parse_ref_def(const char *s, size_t j, size_t le, ref_def *d)
{
    memset(d, 0, sizeof *d);
    if (j >= le || s[j] != '[') return false;
    size_t k = j + 1;
    while (k < le && s[k] != ']') {
        if (s[k] == '[') return false;
        k += (s[k] == '\\' && k + 1 < le) ? 2 : 1;
    }
    if (k >= le || k - j - 1 > MAX_LABEL || blank_range(s, j + 1, k)) return false;
    d->label_a = j + 1;
    d->label_b = k;
    if (++k >= le || s[k] != ':') return false;
    k++;
    while (k < le && is_space_tab((unsigned char)s[k])) k++;
    k = link_dest(s, k, le, &d->dest_a, &d->dest_b);
    if (k == 0) return false;
    size_t ws = k;
    while (k < le && is_space_tab((unsigned char)s[k])) k++;
    if (k == le) return true;
    if (k == ws || (s[k] != '"' && s[k] != '\'' && s[k] != '(')) return false;
    k = link_title(s, k, le, &d->title_a, &d->title_b, NULL);
    if (k == 0) return false;
    return blank_range(s, k, le);
}

/* ---- blocks: recognizers on a line s[j, le) ---- */

static bool thematic_break(const char *s, size_t j, size_t le)
{
    if (j >= le) return false;
    char c = s[j];
    if (c != '*' && c != '-' && c != '_') return false;
    size_t count = 0;
    for (; j < le; j++) {
        if (s[j] == c) count++;
        else if (!is_space_tab((unsigned char)s[j])) return false;
    }
    return count >= 3;
}

static bool setext_underline(const char *s, size_t j, size_t le)
{
    if (j >= le || (s[j] != '=' && s[j] != '-')) return false;
    char c = s[j];
    while (j < le && s[j] == c) j++;
    return blank_range(s, j, le);
}

/* An opening fence: sets the character and length; the info string is not text. */
static bool fence_open(const char *s, size_t j, size_t le, char *ch, size_t *n)
{
    if (j >= le || (s[j] != '`' && s[j] != '~')) return false;
    size_t k = j;
    while (k < le && s[k] == s[j]) k++;
    if (k - j < 3) return false;
    if (s[j] == '`' && memchr(s + k, '`', le - k)) return false;
    *ch = s[j];
    *n = k - j;
    return true;
}

static bool fence_close(const char *s, size_t j, size_t le, char ch, size_t n)
{
    size_t k = j;
    while (k < le && s[k] == ch) k++;
    return k - j >= n && blank_range(s, k, le);
}

/* "# Heading #": sets the content [*a, *b). */
static bool atx_heading(const char *s, size_t j, size_t le, size_t *a, size_t *b)
{
    size_t k = j;
    while (k < le && s[k] == '#' && k - j < 7) k++;
    if (k == j || k - j > 6 || (k < le && !is_space_tab((unsigned char)s[k]))) return false;
    size_t ca = k, cb = le;
    while (ca < cb && is_space_tab((unsigned char)s[ca])) ca++;
    while (cb > ca && is_space_tab((unsigned char)s[cb - 1])) cb--;
    size_t h = cb;
    while (h > ca && s[h - 1] == '#') h--;
    if (h < cb && (h == ca || is_space_tab((unsigned char)s[h - 1]))) {
        cb = h;
        while (cb > ca && is_space_tab((unsigned char)s[cb - 1])) cb--;
    }
    *a = ca;
    *b = cb;
    return true;
}

/* CommonMark's block-level HTML tag names (start condition 6), sorted. */
static const char *const block_tags[] = {
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption",
    "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main",
    "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track",
    "ul",
};

#define MAX_TAG_NAME 10

/* name: lower-case, n bytes. */
static bool is_block_tag(const char *name, size_t n)
{
    size_t lo = 0, hi = PD_ARRAY_LEN(block_tags);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(name, block_tags[mid], n);
        if (c == 0 && block_tags[mid][n] != '\0') c = -1;
        if (c == 0) return true;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

typedef struct html_tag {
    size_t end;
    bool closing;
    char name[MAX_TAG_NAME + 1]; /* lower-case; empty when longer */
    size_t nattrs;
    struct {
        size_t a, b;
        pd_role role;
    } attrs[3];
} html_tag;

static bool name_is(const html_tag *t, const char *name) { return strcmp(t->name, name) == 0; }

static bool attr_name_char(unsigned char c)
{
    return pd_ascii_isalnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
}

/* Notes the value of alt (images), title (any) or href (links), the first of each. */
static void note_attr(html_tag *t, const char *s, size_t an, size_t ae, size_t va, size_t vb)
{
    pd_role role;
    if (ae - an == 3 && prefix_ci(s, an, ae, "alt") && (name_is(t, "img") || name_is(t, "area")))
        role = PD_ROLE_IMAGE_ALT;
    else if (ae - an == 5 && prefix_ci(s, an, ae, "title")) role = PD_ROLE_TITLE;
    else if (ae - an == 4 && prefix_ci(s, an, ae, "href") &&
             (name_is(t, "a") || name_is(t, "area")))
        role = PD_ROLE_LINK_URL;
    else return;
    for (size_t k = 0; k < t->nattrs; k++)
        if (t->attrs[k].role == role) return;
    if (va >= vb) return;
    t->attrs[t->nattrs].a = va;
    t->attrs[t->nattrs].b = vb;
    t->attrs[t->nattrs].role = role;
    t->nattrs++;
}

/* An open or closing tag at s[i] == '<' (CommonMark's raw HTML grammar). Returns just past it,
 * or 0. no_quote (may be NULL) remembers that no closing '"' / '\'' follows. */
static size_t scan_tag(const char *s, size_t i, size_t n, html_tag *t, bool *no_quote)
{
    memset(t, 0, sizeof *t);
    size_t j = i + 1;
    if (j < n && s[j] == '/') {
        t->closing = true;
        j++;
    }
    if (j >= n || !is_alpha((unsigned char)s[j])) return 0;
    size_t name = j;
    while (j < n && (pd_ascii_isalnum((unsigned char)s[j]) || s[j] == '-')) j++;
    if (j - name <= MAX_TAG_NAME)
        for (size_t k = name; k < j; k++)
            t->name[k - name] = (char)pd_ascii_lower((unsigned char)s[k]);
    if (t->closing) {
        while (j < n && pd_ascii_isspace((unsigned char)s[j])) j++;
        return j < n && s[j] == '>' ? (t->end = j + 1) : 0;
    }
    for (;;) {
        size_t ws = j;
        while (j < n && pd_ascii_isspace((unsigned char)s[j])) j++;
        if (j >= n) return 0;
        if (s[j] == '>') return t->end = j + 1;
        if (s[j] == '/') return j + 1 < n && s[j + 1] == '>' ? (t->end = j + 2) : 0;
        if (j == ws) return 0;
        if (!is_alpha((unsigned char)s[j]) && s[j] != '_' && s[j] != ':') return 0;
        size_t an = j;
        while (j < n && attr_name_char((unsigned char)s[j])) j++;
        size_t ae = j, k = j;
        while (k < n && pd_ascii_isspace((unsigned char)s[k])) k++;
        if (k >= n || s[k] != '=') continue;
        k++;
        while (k < n && pd_ascii_isspace((unsigned char)s[k])) k++;
        if (k >= n) return 0;
        size_t va, vb;
        if (s[k] == '"' || s[k] == '\'') {
            int q = s[k] == '"' ? 0 : 1;
            if (no_quote && no_quote[q]) return 0;
            const char *e = memchr(s + k + 1, s[k], n - k - 1);
            if (!e) {
                if (no_quote) no_quote[q] = true;
                return 0;
            }
            va = k + 1;
            vb = (size_t)(e - s);
            j = vb + 1;
        } else {
            va = k;
            while (k < n && !pd_ascii_isspace((unsigned char)s[k]) && s[k] != '"' && s[k] != '\'' &&
                   s[k] != '=' && s[k] != '<' && s[k] != '>' && s[k] != '`')
                k++;
            if (k == va) return 0;
            vb = j = k;
        }
        note_attr(t, s, an, ae, va, vb);
    }
}

/* The HTML block a line starting at s[j] opens (CommonMark start conditions 1-7), or 0. */
static int html_block_start(const char *s, size_t j, size_t le, bool in_paragraph)
{
    if (j >= le || s[j] != '<') return 0;
    static const char *const raw[] = {"script", "pre", "style", "textarea"};
    for (size_t k = 0; k < PD_ARRAY_LEN(raw); k++) {
        size_t e = j + 1 + strlen(raw[k]);
        if (prefix_ci(s, j + 1, le, raw[k]) &&
            (e == le || is_space_tab((unsigned char)s[e]) || s[e] == '>'))
            return 1;
    }
    if (prefix_ci(s, j, le, "<!--")) return 2;
    if (prefix_ci(s, j, le, "<?")) return 3;
    if (prefix_ci(s, j, le, "<![cdata[")) return 5;
    if (j + 2 < le && s[j + 1] == '!' && is_alpha((unsigned char)s[j + 2])) return 4;
    size_t k = j + 1 + (j + 1 < le && s[j + 1] == '/'), name = k;
    char lower[MAX_TAG_NAME + 1];
    while (k < le && pd_ascii_isalnum((unsigned char)s[k]) && k - name < MAX_TAG_NAME) {
        lower[k - name] = (char)pd_ascii_lower((unsigned char)s[k]);
        k++;
    }
    if (k > name && is_block_tag(lower, k - name) &&
        (k == le || is_space_tab((unsigned char)s[k]) || s[k] == '>' ||
         (s[k] == '/' && k + 1 < le && s[k + 1] == '>')))
        return 6;
    if (in_paragraph) return 0;
    html_tag t;
    size_t e = scan_tag(s, j, le, &t, NULL);
    if (e && blank_range(s, e, le) && !name_is(&t, "script") && !name_is(&t, "style") &&
        !name_is(&t, "pre") && !name_is(&t, "textarea"))
        return 7;
    return 0;
}

/* Whether the line s[a, b) ends an HTML block of start condition 1-5. */
static bool html_block_ends(const char *s, size_t a, size_t b, int type)
{
    switch (type) {
    case 1:
        for (size_t k = a; k + 1 < b; k++) {
            if (s[k] != '<' || s[k + 1] != '/') continue;
            if (prefix_ci(s, k + 2, b, "script>") || prefix_ci(s, k + 2, b, "pre>") ||
                prefix_ci(s, k + 2, b, "style>") || prefix_ci(s, k + 2, b, "textarea>"))
                return true;
        }
        return false;
    case 2: return find_lit(s, a, b, "-->") != SIZE_MAX;
    case 3: return find_lit(s, a, b, "?>") != SIZE_MAX;
    case 4: return memchr(s + a, '>', b - a) != NULL;
    case 5: return find_lit(s, a, b, "]]>") != SIZE_MAX;
    default: return false;
    }
}

/* A list marker at c (indentation already skipped). Sets the cursor after the marker and its
 * spaces and the item's content column. An ordered list must start at 1, and an item must not
 * be empty, to interrupt a paragraph. */
static bool list_item(const char *s, size_t le, cursor c, bool interrupts, cursor *after,
                      size_t *content_col)
{
    size_t i = c.i, mlen;
    bool ordered = false;
    unsigned long start = 0;
    if (i >= le) return false;
    if (s[i] == '-' || s[i] == '+' || s[i] == '*') {
        mlen = 1;
    } else {
        size_t k = i;
        while (k < le && is_digit((unsigned char)s[k]) && k - i < 10)
            start = start * 10 + (unsigned long)(s[k++] - '0');
        if (k == i || k - i > 9 || k >= le || (s[k] != '.' && s[k] != ')')) return false;
        mlen = k - i + 1;
        ordered = true;
    }
    if (thematic_break(s, i, le)) return false;
    size_t m = i + mlen;
    if (m < le && !is_space_tab((unsigned char)s[m])) return false;
    bool empty = blank_range(s, m, le);
    if (interrupts && (empty || (ordered && start != 1))) return false;
    cursor a = {m, c.col + mlen};
    if (empty) {
        *content_col = a.col + 1;
        a.i = le;
        *after = a;
        return true;
    }
    cursor b = a;
    skip_ws(s, le, &b, SIZE_MAX);
    if (b.col - a.col > 4) { /* indented code inside the item: one space belongs to the marker */
        *content_col = a.col + 1;
        skip_one_space(s, le, &a);
        *after = a;
    } else {
        *content_col = b.col;
        *after = b;
    }
    return true;
}

/* ---- inlines ---- */

static void push_delim(md *p, size_t pos, size_t len, char ch, bool can_open, bool can_close)
{
    if (PD_RESERVE(p->delims, p->delims_cap, p->ndelims + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    int32_t idx = (int32_t)p->ndelims++;
    p->delims[idx] = (delim){(uint32_t)pos, (uint32_t)len, (uint32_t)len, p->delim_tail, -1,
                             ch, can_open, can_close};
    if (p->delim_tail >= 0) p->delims[p->delim_tail].next = idx;
    p->delim_tail = idx;
}

static void remove_delim(md *p, int32_t k)
{
    delim *d = &p->delims[k];
    if (d->prev >= 0) p->delims[d->prev].next = d->next;
    if (d->next >= 0) p->delims[d->next].prev = d->prev;
    else p->delim_tail = d->prev;
}

/* Where the search for an opener may stop for this closer (cmark's openers_bottom): '*' and
 * '_' by the closer's length mod 3 and whether it can open, '~' by its length. */
static int opener_key(const delim *c)
{
    if (c->ch == '~') return 12 + (int)(c->len - 1);
    return (c->ch == '_' ? 6 : 0) + (c->can_open ? 3 : 0) + (int)(c->len % 3);
}

static bool delims_match(const delim *o, const delim *c)
{
    if (o->ch != c->ch || !o->can_open || o->count == 0) return false;
    if (c->ch == '~') return o->len == c->len;
    /* the rule of 3 */
    return !((o->can_close || c->can_open) && (o->len + c->len) % 3 == 0 &&
             !(o->len % 3 == 0 && c->len % 3 == 0));
}

/* Matches the delimiters above `bottom` (cmark's process_emphasis), marking the used ones as
 * markup, then drops them all. */
static void process_emphasis(md *p, size_t bottom)
{
    int32_t ob[14];
    for (size_t k = 0; k < PD_ARRAY_LEN(ob); k++) ob[k] = (int32_t)bottom - 1;
    int32_t c = -1;
    for (int32_t k = p->delim_tail; k >= 0 && (size_t)k >= bottom; k = p->delims[k].prev) c = k;
    while (c >= 0) {
        delim *cl = &p->delims[c];
        if (!cl->can_close) {
            c = cl->next;
            continue;
        }
        int key = opener_key(cl);
        int32_t o = cl->prev;
        while (o >= (int32_t)bottom && o > ob[key] && !delims_match(&p->delims[o], cl))
            o = p->delims[o].prev;
        int32_t next = cl->next;
        if (o < (int32_t)bottom || o <= ob[key]) {
            ob[key] = cl->prev;
            if (!cl->can_open) remove_delim(p, c);
            c = next;
            continue;
        }
        delim *op = &p->delims[o];
        uint32_t use = cl->ch == '~' ? cl->count : (cl->count >= 2 && op->count >= 2) ? 2 : 1;
        op->count -= use;
        set_class(p, op->pos + op->count, op->pos + op->count + use, R_SKIP);
        set_class(p, cl->pos + cl->len - cl->count, cl->pos + cl->len - cl->count + use, R_SKIP);
        cl->count -= use;
        for (int32_t k = cl->prev; k != o; k = p->delims[k].prev) remove_delim(p, k);
        if (op->count == 0) remove_delim(p, o);
        if (cl->count == 0) {
            remove_delim(p, c);
            c = next;
        }
    }
    while (p->delim_tail >= 0 && (size_t)p->delim_tail >= bottom) remove_delim(p, p->delim_tail);
    p->ndelims = bottom;
}

static size_t on_delims(md *p, size_t i)
{
    const char *s = p->buf;
    size_t n = p->buf_len, j = i;
    char ch = s[i];
    while (j < n && s[j] == ch) j++;
    if (ch == '~' && j - i > 2) return j; /* not strikethrough */
    int before = i == 0 ? CH_SPACE : cp_class(cp_before(s, i));
    int after = j >= n ? CH_SPACE : cp_class(cp_at(s, j, n));
    bool left = after != CH_SPACE && (after != CH_PUNCT || before != CH_OTHER);
    bool right = before != CH_SPACE && (before != CH_PUNCT || after != CH_OTHER);
    bool can_open = left, can_close = right;
    if (ch == '_') {
        can_open = left && (!right || before == CH_PUNCT);
        can_close = right && (!left || after == CH_PUNCT);
    }
    if (can_open || can_close) push_delim(p, i, j - i, ch, can_open, can_close);
    return j;
}

static size_t on_backslash(md *p, size_t i)
{
    const char *s = p->buf;
    if (i + 1 >= p->buf_len) return i + 1;
    if (is_punct((unsigned char)s[i + 1])) { /* the escaped character is text */
        p->cls[i] = R_SKIP;
        return i + 2;
    }
    if (s[i + 1] == '\n') { /* a hard line break */
        p->cls[i] = R_SKIP;
        p->cls[i + 1] = R_SKIP | F_BREAK;
        return i + 2;
    }
    return i + 1;
}

static size_t on_backticks(md *p, size_t i)
{
    const char *s = p->buf;
    size_t n = p->buf_len, j = i;
    while (j < n && s[j] == '`') j++;
    size_t k = j - i;
    if (k > MAX_TICKS || p->tick_fail[k]) return j;
    for (size_t q = j; q < n;) {
        const char *bt = memchr(s + q, '`', n - q);
        if (!bt) break;
        size_t a = (size_t)(bt - s), b = a;
        while (b < n && s[b] == '`') b++;
        if (b - a == k) { /* the content stays text, as it is */
            set_class(p, i, j, R_SKIP);
            set_class(p, a, b, R_SKIP);
            return b;
        }
        q = b;
    }
    p->tick_fail[k] = true;
    return j;
}

static size_t on_entity(md *p, size_t i)
{
    char out[8];
    size_t out_len, m = pd_decode_char_ref(p->buf, i, p->buf_len, PD_REF_STRICT, out, &out_len);
    if (!m) return i + 1;
    p->cls[i] |= F_ENT;
    return i + m;
}

static void on_newline(md *p, size_t i)
{
    size_t k = i;
    while (k > 0 && p->buf[k - 1] == ' ') k--;
    if (i - k >= 2) {
        set_class(p, k, i, R_SKIP);
        p->cls[i] = R_SKIP | F_BREAK;
    }
}

/* "<scheme:...>" or "<user@example.org>": returns just past '>' or 0. */
static size_t autolink(const char *s, size_t i, size_t n)
{
    size_t j = i + 1;
    if (j < n && is_alpha((unsigned char)s[j])) {
        size_t k = j + 1;
        while (k < n && k - j < 32 &&
               (pd_ascii_isalnum((unsigned char)s[k]) || s[k] == '+' || s[k] == '.' || s[k] == '-'))
            k++;
        if (k < n && s[k] == ':' && k - j >= 2) {
            for (k++; k < n && s[k] != '>'; k++)
                if ((unsigned char)s[k] <= 0x20 || s[k] == '<' || s[k] == 0x7F) return 0;
            return k < n ? k + 1 : 0;
        }
    }
    static const char local[] = ".!#$%&'*+/=?^_`{|}~-";
    size_t k = j;
    while (k < n && (pd_ascii_isalnum((unsigned char)s[k]) || (s[k] && strchr(local, s[k])))) k++;
    if (k == j || k >= n || s[k] != '@') return 0;
    size_t labels = 0;
    for (k++;; k++) {
        size_t a = k;
        while (k < n && (pd_ascii_isalnum((unsigned char)s[k]) || s[k] == '-') && k - a < 63) k++;
        if (k == a || s[a] == '-' || s[k - 1] == '-') return 0;
        labels++;
        if (k < n && s[k] == '.') continue;
        break;
    }
    return labels && k < n && s[k] == '>' ? k + 1 : 0;
}

/* Finds the end of "<!--...-->", "<?...?>", "<![CDATA[...]]>" or "<!X...>" at s[i] == '<'.
 * A failed search is remembered, so an unclosed one costs one pass in all. */
static size_t html_special(md *p, size_t i)
{
    const char *s = p->buf;
    size_t n = p->buf_len;
    if (prefix_ci(s, i, n, "<!--")) {
        size_t k = i + 4;
        if (k < n && s[k] == '>') return k + 1;                          /* <!--> */
        if (k + 1 < n && s[k] == '-' && s[k + 1] == '>') return k + 2;   /* <!---> */
        size_t e = p->no_comment_end ? SIZE_MAX : find_lit(s, k, n, "-->");
        if (e != SIZE_MAX) return e + 3;
        p->no_comment_end = true;
        p->x->flags |= PD_EXTRACT_MALFORMED; /* shown as text, as readers would see it */
        return 0;
    }
    bool *memo;
    const char *tail;
    size_t from;
    if (prefix_ci(s, i, n, "<![cdata[")) memo = &p->no_cdata_end, tail = "]]>", from = i + 9;
    else if (i + 1 < n && s[i + 1] == '?') memo = &p->no_pi_end, tail = "?>", from = i + 2;
    else if (i + 2 < n && s[i + 1] == '!' && is_alpha((unsigned char)s[i + 2]))
        memo = &p->no_decl_end, tail = ">", from = i + 2;
    else return 0;
    size_t e = *memo ? SIZE_MAX : find_lit(s, from, n, tail);
    if (e == SIZE_MAX) {
        *memo = true;
        return 0;
    }
    return e + strlen(tail);
}

static void mark_tag(md *p, size_t i, const html_tag *t)
{
    set_class(p, i, t->end, R_SKIP);
    size_t n = strlen(t->name);
    if (!t->closing && name_is(t, "br")) p->cls[i] = R_SKIP | F_BREAK;
    else if (n && is_block_tag(t->name, n)) p->cls[i] = R_SKIP_PARA;
    for (size_t k = 0; k < t->nattrs; k++)
        mark_literal(p, t->attrs[k].a, t->attrs[k].b, t->attrs[k].role, false);
}

/* Markup alone on its line inside a paragraph takes its line end with it, so that the lines
 * around it stay one soft break apart rather than reading as two ("\n\n" is a paragraph). */
static size_t drop_own_line(md *p, size_t i, size_t e)
{
    if (i > 0 && p->buf[i - 1] == '\n' && e < p->buf_len && p->buf[e] == '\n') {
        p->cls[e] = R_SKIP;
        return e + 1;
    }
    return e;
}

static size_t on_angle(md *p, size_t i)
{
    size_t e = autolink(p->buf, i, p->buf_len);
    if (e) {
        p->cls[i] = R_SKIP;
        mark_literal(p, i + 1, e - 1, PD_ROLE_LINK_URL, false);
        p->cls[e - 1] = R_SKIP;
        return e;
    }
    if (i + 1 < p->buf_len && (p->buf[i + 1] == '!' || p->buf[i + 1] == '?')) {
        e = html_special(p, i);
        if (!e) return i + 1;
        set_class(p, i, e, R_SKIP); /* comments, declarations, processing instructions */
        return drop_own_line(p, i, e);
    }
    html_tag t;
    e = scan_tag(p->buf, i, p->buf_len, &t, p->no_quote);
    if (!e) return i + 1;
    mark_tag(p, i, &t);
    return drop_own_line(p, i, e);
}

/* A bare URL (GFM's extended autolinks): "http://", "https://" or "www." and what follows up to
 * whitespace, less trailing punctuation and unbalanced ')'. Returns its end or 0. */
static size_t bare_url(const char *s, size_t i, size_t n)
{
    size_t j;
    if (prefix_ci(s, i, n, "https://")) j = i + 8;
    else if (prefix_ci(s, i, n, "http://")) j = i + 7;
    else if (prefix_ci(s, i, n, "www.")) j = i + 4;
    else return 0;
    if (j >= n || !pd_ascii_isalnum((unsigned char)s[j])) return 0;
    size_t e = j, open = 0, close = 0;
    for (; e < n; e++) {
        unsigned char c = (unsigned char)s[e];
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"' || c == '[' || c == ']')
            break;
        open += c == '(';
        close += c == ')';
    }
    while (e > j) {
        char c = s[e - 1];
        if (strchr("?!.,:;*_~'", c)) e--;
        else if (c == ')' && close > open) e--, close--;
        else break;
    }
    return e > j ? e : 0;
}

static size_t on_word_start(md *p, size_t i)
{
    const char *s = p->buf;
    if (i > 0 && !pd_ascii_isspace((unsigned char)s[i - 1]) &&
        (s[i - 1] == '\0' || !strchr("*_~(\"'", s[i - 1])))
        return i + 1;
    size_t e = bare_url(s, i, p->buf_len);
    if (!e) return i + 1;
    mark_literal(p, i, e, PD_ROLE_LINK_URL, false);
    return e;
}

static void push_bracket(md *p, size_t pos, bool image)
{
    if (PD_RESERVE(p->brackets, p->brackets_cap, p->nbrackets + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    if (p->nbrackets) p->brackets[p->nbrackets - 1].bracket_after = true;
    p->brackets[p->nbrackets++] =
        (bracket){(uint32_t)pos, (uint32_t)p->ndelims, image, true, false};
}

/* "(destination 'title')" at s[j]. */
static bool inline_link(md *p, size_t j, link_parts *lk)
{
    const char *s = p->buf;
    size_t n = p->buf_len;
    if (j >= n || s[j] != '(') return false;
    size_t k = j + 1;
    while (k < n && pd_ascii_isspace((unsigned char)s[k])) k++;
    if (k < n && s[k] != ')') {
        k = link_dest(s, k, n, &lk->dest_a, &lk->dest_b);
        if (!k) return false;
        size_t ws = k;
        while (k < n && pd_ascii_isspace((unsigned char)s[k])) k++;
        if (k > ws && k < n && (s[k] == '"' || s[k] == '\'' || s[k] == '(')) {
            k = link_title(s, k, n, &lk->title_a, &lk->title_b, p->no_title_end);
            if (!k) return false;
            while (k < n && pd_ascii_isspace((unsigned char)s[k])) k++;
        }
    }
    if (k >= n || s[k] != ')') return false;
    lk->end = k + 1;
    return true;
}

/* "[text][label]", "[text][]" or "[text]" with a defined label; the text is [text, close). */
static bool reference_link(md *p, const bracket *o, size_t text, size_t close, link_parts *lk)
{
    const char *s = p->buf;
    size_t n = p->buf_len, j = close + 1;
    if (j < n && s[j] == '[') {
        size_t k = j + 1;
        while (k < n && s[k] != ']' && s[k] != '[' && k - j <= MAX_LABEL + 1)
            k += (s[k] == '\\' && k + 1 < n) ? 2 : 1;
        if (k < n && s[k] == ']' && k - j - 1 <= MAX_LABEL) {
            lk->end = k + 1;
            if (k > j + 1) return ref_defined(p, s + j + 1, k - j - 1);
            return !o->bracket_after && ref_defined(p, s + text, close - text);
        }
    }
    lk->end = close + 1;
    return !o->bracket_after && ref_defined(p, s + text, close - text);
}

static void resolve_link(md *p, bracket o, size_t text, size_t close, const link_parts *lk)
{
    process_emphasis(p, o.delim_bottom);
    set_class(p, o.pos, text, R_SKIP);
    set_class(p, close, lk->end, R_SKIP);
    if (!o.image && lk->dest_b > lk->dest_a)
        mark_literal(p, lk->dest_a, lk->dest_b, PD_ROLE_LINK_URL, true);
    if (lk->title_b > lk->title_a) mark_literal(p, lk->title_a, lk->title_b, PD_ROLE_TITLE, true);
    assign_role(p, text, close, o.image ? PD_ROLE_IMAGE_ALT : PD_ROLE_LINK_TEXT);
    if (PD_RESERVE(p->done, p->done_cap, p->ndone + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    p->done[p->ndone++] = (span){o.pos, (uint32_t)lk->end};
    p->nbrackets--;
    if (o.image) return;
    /* links do not contain links: the '[' before this one can no longer open one */
    for (size_t k = p->nbrackets; k-- > 0;) {
        bracket *b = &p->brackets[k];
        if (b->image) continue;
        if (!b->active) break;
        b->active = false;
    }
}

static size_t on_close_bracket(md *p, size_t i)
{
    if (p->nbrackets == 0) return i + 1;
    bracket o = p->brackets[p->nbrackets - 1];
    if (!o.active) {
        p->nbrackets--;
        return i + 1;
    }
    size_t text = o.pos + (o.image ? 2 : 1);
    link_parts lk = {0, 0, 0, 0, 0};
    bool found = inline_link(p, i + 1, &lk);
    if (!found && p->nslots) {
        lk = (link_parts){0, 0, 0, 0, 0};
        found = reference_link(p, &o, text, i, &lk);
    }
    if (!found) {
        p->nbrackets--;
        return i + 1;
    }
    resolve_link(p, o, text, i, &lk);
    return lk.end;
}

static const bool special[256] = {
    ['\\'] = true, ['`'] = true, ['&'] = true, ['<'] = true, ['*'] = true, ['_'] = true,
    ['~'] = true,  ['['] = true, ['!'] = true, [']'] = true, ['\n'] = true, ['h'] = true,
    ['H'] = true,  ['w'] = true, ['W'] = true,
};

/* Classifies every byte of the buffer (the inline content of one block). */
static void scan_inlines(md *p)
{
    size_t n = p->buf_len;
    if (PD_RESERVE(p->cls, p->cls_cap, n + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    memset(p->cls, R_INHERIT, n);
    p->ndelims = 0;
    p->delim_tail = -1;
    p->nbrackets = 0;
    p->ndone = 0;
    memset(p->tick_fail, 0, sizeof p->tick_fail);
    p->no_comment_end = p->no_pi_end = p->no_cdata_end = p->no_decl_end = false;
    memset(p->no_quote, 0, sizeof p->no_quote);
    memset(p->no_title_end, 0, sizeof p->no_title_end);
    const char *s = p->buf;
    size_t i = 0;
    while (i < n && ok(p)) {
        unsigned char c = (unsigned char)s[i];
        if (!special[c]) {
            i++;
            continue;
        }
        switch (c) {
        case '\\': i = on_backslash(p, i); break;
        case '`': i = on_backticks(p, i); break;
        case '&': i = on_entity(p, i); break;
        case '<': i = on_angle(p, i); break;
        case '*':
        case '_':
        case '~': i = on_delims(p, i); break;
        case '[': push_bracket(p, i, false), i++; break;
        case '!':
            if (i + 1 < n && s[i + 1] == '[') push_bracket(p, i, true), i += 2;
            else i++;
            break;
        case ']': i = on_close_bracket(p, i); break;
        case '\n': on_newline(p, i), i++; break;
        default: i = on_word_start(p, i); break;
        }
    }
    if (ok(p)) process_emphasis(p, 0);
}

/* Emits the buffer as one block of inline content, then ends the paragraph. */
static void inline_block(md *p, pd_role role)
{
    if (p->buf_len == 0 || !ok(p)) return;
    scan_inlines(p);
    if (ok(p)) emit_classes(p, role);
    pd_emit_paragraph(&p->em);
}

/* ---- HTML blocks ---- */

/* Replays what the HTML extractor made of the buffer: its text, roles and breaks, mapped back
 * through the buffer lines. Body text takes the block's role; attribute values stay isolated. */
static void flush_html(md *p)
{
    if (p->buf_len == 0 || !ok(p)) return;
    int rc = pd_extract_html(&p->html, p->buf, p->buf_len);
    if (rc != PURDAH_OK) {
        fail(p, rc);
        return;
    }
    const pd_extracted *t = &p->html;
    p->x->flags |= t->flags & (PD_EXTRACT_MALFORMED | PD_EXTRACT_DEEP);
    size_t r = 0;
    for (size_t k = 0; k < t->segment_count; k++) {
        const pd_segment *g = &t->segments[k];
        pd_role role = g->role == PD_ROLE_BODY ? p->leaf_role : g->role;
        bool iso = g->role == PD_ROLE_IMAGE_ALT || g->role == PD_ROLE_TITLE ||
                   g->role == PD_ROLE_LINK_URL;
        if (iso) pd_emit_isolate_begin(&p->em);
        for (; r < t->map.count && t->map.runs[r].out < g->end; r++) {
            const pd_offrun *run = &t->map.runs[r];
            if (run->in_len == 0) {
                if (run->out + run->out_len >= g->end) continue; /* the role separator */
                if (run->out_len == 1) pd_emit_break(&p->em);
                else pd_emit_paragraph(&p->em);
            } else if (run->in_len == run->out_len) {
                emit_buf(p, role, run->in, run->in + run->in_len);
            } else {
                pd_emit_atomic(&p->em, role, t->text + run->out, run->out_len, src_of(p, run->in),
                               run->in_len);
            }
        }
        if (iso) pd_emit_isolate_end(&p->em);
    }
    pd_emit_paragraph(&p->em);
}

/* ---- the block parser ---- */

static pd_role block_role(const md *p)
{
    return p->quotes || p->deep_quote ? PD_ROLE_QUOTE : PD_ROLE_BODY;
}

static void finish_leaf(md *p)
{
    switch (p->leaf) {
    case L_PARA: inline_block(p, p->leaf_role); break;
    case L_HTML: flush_html(p); break;
    case L_FENCE:
    case L_CODE:
    case L_TABLE: pd_emit_paragraph(&p->em); break;
    default: break;
    }
    p->leaf = L_NONE;
    buf_reset(p);
}

static void start_leaf(md *p, int leaf)
{
    finish_leaf(p);
    p->leaf = leaf;
    p->leaf_role = block_role(p);
}

static void close_containers(md *p, size_t keep)
{
    finish_leaf(p);
    while (p->depth > keep) {
        p->depth--;
        if (p->kind[p->depth] == C_QUOTE) p->quotes--;
    }
}

static void push_container(md *p, int kind, size_t content_col)
{
    if (p->depth == MAX_DEPTH) { /* flattened: the marker is read, the nesting forgotten */
        p->x->flags |= PD_EXTRACT_DEEP;
        if (kind == C_QUOTE) p->deep_quote = true;
        return;
    }
    p->kind[p->depth] = (uint8_t)kind;
    p->content_col[p->depth] = (uint32_t)content_col;
    p->depth++;
    if (kind == C_QUOTE) p->quotes++;
}

/* A line of code, as text: code can hide a name as well as prose can. */
static void code_text(md *p, size_t a, size_t b)
{
    pd_emit_break(&p->em);
    pd_emit_copy(&p->em, p->leaf_role, p->s, a, b - a);
}

static void paragraph_line(md *p, size_t a, size_t le, uint32_t nl)
{
    while (a < le && is_space_tab((unsigned char)p->s[a])) a++;
    buf_line(p, a, le, nl);
}

/* The first line of a paragraph; a task list's "[ ]" / "[x]" is not text. */
static void start_paragraph(md *p, size_t j, size_t le, uint32_t nl, bool item_here)
{
    start_leaf(p, L_PARA);
    const char *s = p->s;
    if (item_here && le - j >= 4 && s[j] == '[' && (s[j + 1] == ' ' || s[j + 1] == 'x' ||
                                                    s[j + 1] == 'X') && s[j + 2] == ']' &&
        is_space_tab((unsigned char)s[j + 3]))
        j += 4;
    paragraph_line(p, j, le, nl);
}

/* Cells of a table row s[a, b): counted, and emitted (each a paragraph) when `emit`. */
static size_t row_cells(md *p, size_t a, size_t b, bool emit)
{
    const char *s = p->s;
    while (a < b && is_space_tab((unsigned char)s[a])) a++;
    while (b > a && is_space_tab((unsigned char)s[b - 1])) b--;
    if (a < b && s[a] == '|') a++;
    if (b > a && s[b - 1] == '|' && !(b >= a + 2 && s[b - 2] == '\\')) b--;
    size_t cells = 0;
    for (size_t i = a;;) {
        size_t k = i;
        while (k < b && s[k] != '|') k += (s[k] == '\\' && k + 1 < b) ? 2 : 1;
        cells++;
        if (emit && ok(p)) {
            size_t ca = i, cb = k < b ? k : b;
            while (ca < cb && is_space_tab((unsigned char)s[ca])) ca++;
            while (cb > ca && is_space_tab((unsigned char)s[cb - 1])) cb--;
            buf_reset(p);
            if (ca < cb) {
                buf_line(p, ca, cb, NO_NL);
                inline_block(p, p->leaf_role);
            }
        }
        if (k >= b) break;
        i = k + 1;
    }
    if (emit) buf_reset(p);
    return cells;
}

static bool delimiter_row(const char *s, size_t a, size_t b, size_t *cells)
{
    if (!memchr(s + a, '|', b - a)) return false;
    size_t n = 0;
    while (a < b && is_space_tab((unsigned char)s[a])) a++;
    while (b > a && is_space_tab((unsigned char)s[b - 1])) b--;
    if (a < b && s[a] == '|') a++;
    if (b > a && s[b - 1] == '|') b--;
    for (size_t i = a;;) {
        size_t k = i;
        while (k < b && s[k] != '|') k++;
        size_t ca = i, cb = k;
        while (ca < cb && is_space_tab((unsigned char)s[ca])) ca++;
        while (cb > ca && is_space_tab((unsigned char)s[cb - 1])) cb--;
        if (ca < cb && s[ca] == ':') ca++;
        if (cb > ca && s[cb - 1] == ':') cb--;
        if (ca == cb) return false;
        for (; ca < cb; ca++)
            if (s[ca] != '-') return false;
        n++;
        if (k >= b) break;
        i = k + 1;
    }
    *cells = n;
    return true;
}

/* A GFM table: the paragraph's last line is the header row when this line is a delimiter row
 * with as many cells. */
static bool table_start(md *p, size_t j, size_t le)
{
    size_t cells;
    if (!p->nlines || !delimiter_row(p->s, j, le, &cells)) return false;
    bline head = p->lines[p->nlines - 1];
    if (!memchr(p->s + head.src, '|', head.len) ||
        row_cells(p, head.src, head.src + head.len, false) != cells) {
        return false;
    }
    pd_role role = p->leaf_role;
    if (p->nlines > 1) { /* the lines before the header stay a paragraph */
        p->buf_len = head.buf - 1;
        p->nlines--;
        inline_block(p, role);
    }
    buf_reset(p);
    p->leaf = L_TABLE;
    p->leaf_role = role;
    row_cells(p, head.src, head.src + head.len, true);
    return true;
}

static void emit_definition(md *p, size_t j, size_t le, const ref_def *d)
{
    start_leaf(p, L_NONE);
    buf_line(p, j, le, NO_NL);
    if (!ok(p) || PD_RESERVE(p->cls, p->cls_cap, p->buf_len + 1) != 0) {
        fail(p, PURDAH_ENOMEM);
        return;
    }
    memset(p->cls, R_SKIP, p->buf_len);
    if (d->dest_b > d->dest_a)
        mark_literal(p, d->dest_a - j, d->dest_b - j, PD_ROLE_LINK_URL, true);
    if (d->title_b > d->title_a)
        mark_literal(p, d->title_a - j, d->title_b - j, PD_ROLE_TITLE, true);
    emit_classes(p, p->leaf_role);
    pd_emit_paragraph(&p->em);
    buf_reset(p);
}

/* Lines that continue a leaf whatever they hold; false when the line is for the parser. */
static bool continue_leaf(md *p, cursor c, size_t le, uint32_t nl)
{
    const char *s = p->s;
    bool blank = blank_range(s, c.i, le);
    cursor t = c;
    switch (p->leaf) {
    case L_FENCE:
        skip_ws(s, le, &t, SIZE_MAX);
        if (t.col - c.col <= 3 && fence_close(s, t.i, le, p->fence_ch, p->fence_len)) {
            finish_leaf(p);
            return true;
        }
        t = c;
        skip_ws(s, le, &t, c.col + p->fence_indent);
        code_text(p, t.i, le);
        return true;
    case L_HTML:
        if (blank && p->html_type >= 6) {
            finish_leaf(p);
            return true;
        }
        buf_line(p, c.i, le, nl);
        if (p->html_type <= 5 && html_block_ends(s, c.i, le, p->html_type)) finish_leaf(p);
        return true;
    case L_CODE:
        if (blank) return true;
        skip_ws(s, le, &t, c.col + 4);
        if (t.col - c.col >= 4) {
            code_text(p, t.i, le);
            return true;
        }
        finish_leaf(p);
        return false;
    default: return false;
    }
}

/* Whether a line at s[j] (indented 0-3) starts a block that ends a paragraph. */
static bool interrupts_paragraph(const char *s, size_t j, size_t le)
{
    char ch;
    size_t n, a, b;
    return fence_open(s, j, le, &ch, &n) || atx_heading(s, j, le, &a, &b) ||
           thematic_break(s, j, le) || (html_block_start(s, j, le, true) != 0);
}

/* The leaf a line holds once its containers are known (CommonMark's block starts). */
static void leaf_line(md *p, cursor c, size_t le, uint32_t nl, bool item_here)
{
    const char *s = p->s;
    cursor t = c;
    skip_ws(s, le, &t, SIZE_MAX);
    size_t j = t.i, a, b;
    if (t.col - c.col >= 4) {
        if (p->leaf == L_PARA) {
            paragraph_line(p, j, le, nl);
            return;
        }
        start_leaf(p, L_CODE);
        t = c;
        skip_ws(s, le, &t, c.col + 4);
        code_text(p, t.i, le);
        return;
    }
    char fence_ch;
    size_t fence_len;
    if (fence_open(s, j, le, &fence_ch, &fence_len)) {
        start_leaf(p, L_FENCE);
        p->fence_ch = fence_ch;
        p->fence_len = fence_len;
        p->fence_indent = t.col - c.col;
        return;
    }
    if (atx_heading(s, j, le, &a, &b)) {
        start_leaf(p, L_PARA);
        p->leaf_role = PD_ROLE_HEADLINE;
        buf_line(p, a, b, NO_NL);
        finish_leaf(p);
        return;
    }
    if (p->leaf == L_PARA && setext_underline(s, j, le)) {
        p->leaf_role = PD_ROLE_HEADLINE;
        finish_leaf(p);
        return;
    }
    if (thematic_break(s, j, le)) {
        finish_leaf(p);
        pd_emit_paragraph(&p->em);
        return;
    }
    int html = html_block_start(s, j, le, p->leaf == L_PARA);
    if (html) {
        start_leaf(p, L_HTML);
        p->html_type = html;
        continue_leaf(p, c, le, nl);
        return;
    }
    if (p->leaf == L_PARA && table_start(p, j, le)) return;
    if (p->leaf == L_TABLE) {
        row_cells(p, j, le, true);
        return;
    }
    ref_def d;
    if (p->leaf == L_NONE && parse_ref_def(s, j, le, &d)) {
        emit_definition(p, j, le, &d);
        return;
    }
    if (p->leaf == L_PARA) paragraph_line(p, j, le, nl);
    else start_paragraph(p, j, le, nl, item_here);
}

static void process_line(md *p, size_t ls, size_t le, uint32_t nl)
{
    const char *s = p->s;
    cursor c = {ls, 0};
    size_t matched = 0;
    p->deep_quote = false;
    /* the open containers this line continues */
    while (matched < p->depth) {
        cursor t = c;
        if (p->kind[matched] == C_QUOTE) {
            skip_ws(s, le, &t, c.col + 3);
            if (t.i >= le || s[t.i] != '>' || t.col - c.col > 3) break;
            t.i++;
            t.col++;
            skip_one_space(s, le, &t);
        } else if (!blank_range(s, c.i, le)) {
            skip_ws(s, le, &t, p->content_col[matched]);
            if (t.col < p->content_col[matched]) break;
        }
        c = t;
        matched++;
    }
    bool all_matched = matched == p->depth;
    if (all_matched && continue_leaf(p, c, le, nl)) return;
    /* new containers */
    size_t opened = 0;
    bool item_here = false;
    for (;;) {
        cursor t = c, after;
        size_t content_col;
        skip_ws(s, le, &t, SIZE_MAX);
        if (t.col - c.col >= 4 || t.i >= le) break;
        if (s[t.i] == '>') {
            if (!opened++) close_containers(p, matched);
            t.i++;
            t.col++;
            skip_one_space(s, le, &t);
            push_container(p, C_QUOTE, 0);
            c = t;
            continue;
        }
        bool in_paragraph = all_matched && !opened && p->leaf == L_PARA;
        if (!list_item(s, le, t, in_paragraph, &after, &content_col)) break;
        if (!opened++) close_containers(p, matched);
        push_container(p, C_ITEM, content_col);
        c = after;
        item_here = true;
    }
    bool blank = blank_range(s, c.i, le);
    if (!opened && !all_matched) {
        cursor t = c;
        skip_ws(s, le, &t, SIZE_MAX);
        if (p->leaf == L_PARA && !blank &&
            (t.col - c.col >= 4 || !interrupts_paragraph(s, t.i, le))) {
            paragraph_line(p, t.i, le, nl); /* a lazy continuation line */
            return;
        }
        close_containers(p, matched);
    }
    if (blank) {
        finish_leaf(p);
        return;
    }
    leaf_line(p, c, le, nl, item_here);
}

/* ---- front matter ---- */

static bool line_is(const char *s, size_t a, size_t b, const char *lit)
{
    size_t n = strlen(lit);
    return b - a >= n && memcmp(s + a, lit, n) == 0 && blank_range(s, a + n, b);
}

/* "key:" (YAML) or "key =" / "[table]" (TOML) at s[a]; sets the value's start. */
static bool key_line(const char *s, size_t a, size_t b, bool toml, size_t *key_end, size_t *value)
{
    size_t k = a;
    while (k < b &&
           (pd_ascii_isalnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '-' || s[k] == '.'))
        k++;
    *key_end = k;
    if (toml && k == a && k < b && s[k] == '[') {
        *value = b;
        return true;
    }
    if (k == a) return false;
    size_t v = k;
    if (toml) {
        while (v < b && is_space_tab((unsigned char)s[v])) v++;
        if (v >= b || s[v] != '=') return false;
    } else if (v >= b || s[v] != ':' || (v + 1 < b && !is_space_tab((unsigned char)s[v + 1]))) {
        return false;
    }
    *value = v + 1;
    return true;
}

/* The value of "title:" as a headline (quotes stripped); true when it continues on the
 * following indented lines (a YAML block scalar). */
static bool emit_title(md *p, size_t v, size_t b, bool toml)
{
    const char *s = p->s;
    while (v < b && is_space_tab((unsigned char)s[v])) v++;
    if (!toml && (v == b || s[v] == '|' || s[v] == '>')) return true;
    if (b - v >= 2 && (s[v] == '"' || s[v] == '\'') && s[b - 1] == s[v]) v++, b--;
    pd_emit_copy(&p->em, PD_ROLE_HEADLINE, s, v, b - v);
    return false;
}

static void emit_front_line(md *p, size_t a, size_t b, bool toml, bool *in_title)
{
    const char *s = p->s;
    bool indented = a < b && is_space_tab((unsigned char)s[a]);
    while (a < b && is_space_tab((unsigned char)s[a])) a++;
    while (b > a && is_space_tab((unsigned char)s[b - 1])) b--;
    if (a == b || s[a] == '#') return; /* blank, or a comment */
    pd_emit_break(&p->em);
    if (*in_title && indented) {
        pd_emit_copy(&p->em, PD_ROLE_HEADLINE, s, a, b - a);
        return;
    }
    size_t key_end, value;
    *in_title = false;
    if (key_line(s, a, b, toml, &key_end, &value) && key_end - a == 5 &&
        prefix_ci(s, a, key_end, "title")) {
        *in_title = emit_title(p, value, b, toml);
        return;
    }
    pd_emit_copy(&p->em, PD_ROLE_METADATA, s, a, b - a);
}

/* YAML (---) or TOML (+++) front matter at the very start: returns where the Markdown starts. */
static size_t front_matter(md *p, size_t pos)
{
    const char *s = p->s;
    size_t n = p->len, le = line_end(s, pos, n);
    uint32_t nl;
    bool toml;
    if (line_is(s, pos, le, "---")) toml = false;
    else if (line_is(s, pos, le, "+++")) toml = true;
    else return pos;
    size_t body = next_line(s, le, n, &nl), q = body, close_at = SIZE_MAX, after = 0;
    bool keyed = false;
    while (q < n) {
        size_t qe = line_end(s, q, n), qn = next_line(s, qe, n, &nl);
        bool closing = toml ? line_is(s, q, qe, "+++")
                            : line_is(s, q, qe, "---") || line_is(s, q, qe, "...");
        if (closing) {
            close_at = q;
            after = qn;
            break;
        }
        size_t a = q, key_end, value;
        while (a < qe && is_space_tab((unsigned char)s[a])) a++;
        if (!keyed && a < qe && s[a] != '#') {
            if (!key_line(s, a, qe, toml, &key_end, &value)) return pos;
            keyed = true;
        }
        q = qn;
    }
    if (close_at == SIZE_MAX || !keyed) return pos;
    bool in_title = false;
    for (q = body; q < close_at;) {
        size_t qe = line_end(s, q, n);
        emit_front_line(p, q, qe, toml, &in_title);
        q = next_line(s, qe, n, &nl);
    }
    pd_emit_paragraph(&p->em);
    return after;
}

/* ---- the pre-pass for link reference definitions ---- */

/* Labels of the lines that read as definitions, so that references used before their
 * definition resolve: once quote and list markers are stripped, a definition-like line that
 * starts a block (after a blank line, a heading, a break, another definition or a new marker).
 * An approximation of the block parse: it may take a definition-like line of a code block, and
 * "[text][label]" elsewhere then reads as link text rather than brackets. */
static void collect_refs(md *p, size_t pos)
{
    const char *s = p->s;
    size_t n = p->len;
    uint32_t nl;
    bool block_start = true;
    while (pos < n && ok(p)) {
        size_t le = line_end(s, pos, n), j = pos;
        bool marked = false;
        for (;;) {
            while (j < le && is_space_tab((unsigned char)s[j])) j++;
            if (j < le && s[j] == '>') j++;
            else if (j + 1 < le && (s[j] == '-' || s[j] == '+' || s[j] == '*') &&
                     is_space_tab((unsigned char)s[j + 1]))
                j += 2;
            else break;
            marked = true;
        }
        ref_def d;
        size_t a, b;
        if (j == le) {
            block_start = true;
        } else if ((block_start || marked) && s[j] == '[' && parse_ref_def(s, j, le, &d)) {
            add_ref(p, s + d.label_a, d.label_b - d.label_a);
            block_start = true;
        } else {
            block_start = atx_heading(s, j, le, &a, &b) || thematic_break(s, j, le) ||
                          setext_underline(s, j, le);
        }
        pos = next_line(s, le, n, &nl);
    }
    build_ref_table(p);
}

static void md_free(md *p)
{
    pd_free(p->buf);
    pd_free(p->cls);
    pd_free(p->lines);
    pd_free(p->delims);
    pd_free(p->brackets);
    pd_free(p->done);
    pd_free(p->refs);
    pd_free(p->slots);
    pd_extracted_free(&p->html);
}

int pd_extract_markdown(pd_extracted *x, const char *src, size_t len)
{
    if (!src && len) {
        pd_extracted_reset(x);
        return PURDAH_EINVAL;
    }
    if (len >= UINT32_MAX) { /* map offsets are 32-bit, and NO_NL must stay out of range */
        pd_extracted_reset(x);
        return PURDAH_ELIMIT;
    }
    md *p = pd_calloc(1, sizeof *p);
    if (!p) {
        pd_extracted_reset(x);
        return PURDAH_ENOMEM;
    }
    p->s = src ? src : "";
    p->len = len;
    p->x = x;
    p->delim_tail = -1;
    pd_extracted_init(&p->html);
    pd_emit_begin(&p->em, x);
    size_t pos = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    collect_refs(p, pos);
    pos = front_matter(p, pos);
    while (pos < len && ok(p)) {
        uint32_t nl;
        size_t le = line_end(p->s, pos, len), next = next_line(p->s, le, len, &nl);
        process_line(p, pos, le, nl);
        pos = next;
    }
    if (p->leaf == L_FENCE) x->flags |= PD_EXTRACT_MALFORMED; /* never closed */
    close_containers(p, 0);
    int rc = pd_emit_end(&p->em);
    if (rc == PURDAH_OK) rc = p->status;
    md_free(p);
    pd_free(p);
    return rc;
}

/* ---- sniffing ---- */

/* Markdown signals in one line (leading spaces skipped): bit 0 ATX heading, 1 list item,
 * 2 blockquote, 3 fence, 4 table delimiter row, 5 reference definition, 6 setext underline. */
static unsigned line_signals(const char *s, size_t a, size_t b, bool after_text)
{
    unsigned sig = 0;
    size_t ha, hb, cells;
    char ch;
    size_t n;
    ref_def d;
    cursor c = {a, 0}, after;
    if (a >= b) return 0;
    /* "# purdah-disable ..." is a suppression directive of a text draft, not a heading */
    if (atx_heading(s, a, b, &ha, &hb) && ha < hb && !(hb - ha >= 7 && memcmp(s + ha, "purdah-", 7) == 0))
        sig |= 1u << 0;
    if (!thematic_break(s, a, b) && list_item(s, b, c, false, &after, &n) && after.i < b)
        sig |= 1u << 1;
    if (s[a] == '>' && a + 1 < b && s[a + 1] == ' ') sig |= 1u << 2;
    if (fence_open(s, a, b, &ch, &n)) sig |= 1u << 3;
    if (memchr(s + a, '-', b - a) && delimiter_row(s, a, b, &cells)) sig |= 1u << 4;
    if (parse_ref_def(s, a, b, &d)) sig |= 1u << 5;
    if (after_text && s[a] == '=' && setext_underline(s, a, b) && b - a >= 3) sig |= 1u << 6;
    return sig;
}

/* Inline signals in the window: "[text](url)" links and images, and "**strong**" pairs. */
static void inline_signals(const char *s, size_t n, unsigned *links, unsigned *strong)
{
    size_t open_bracket = SIZE_MAX, link_open = SIZE_MAX, stars = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n') {
            open_bracket = link_open = stars = SIZE_MAX;
        } else if (c == '[') {
            open_bracket = i;
        } else if (c == ']' && open_bracket != SIZE_MAX && i + 1 < n && s[i + 1] == '(' &&
                   i > open_bracket + 1) {
            link_open = i + 1;
        } else if (c == ')' && link_open != SIZE_MAX && i > link_open + 1) {
            (*links)++;
            link_open = open_bracket = SIZE_MAX;
        } else if (c == ' ' && link_open != SIZE_MAX && i == link_open + 1) {
            link_open = SIZE_MAX;
        } else if (c == '*' && i + 1 < n && s[i + 1] == '*') {
            if (stars == SIZE_MAX) {
                if (i + 2 < n && !pd_ascii_isspace((unsigned char)s[i + 2])) stars = i;
            } else if (i > stars + 2 && !pd_ascii_isspace((unsigned char)s[i - 1])) {
                (*strong)++;
                stars = SIZE_MAX;
            }
            i++;
        }
    }
}

bool pd_looks_like_markdown(const char *src, size_t len)
{
    if (!src || len == 0) return false;
    size_t limit = len < 4096 ? len : 4096, i = 0;
    if (limit >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) i = 3;
    size_t first = i;
    while (first < limit && pd_ascii_isspace((unsigned char)src[first])) first++;
    if (first < limit && src[first] == '<' && pd_looks_like_html(src, len)) return false;
    /* front matter: "---" or "+++", a key line, and the closing line, all in the window */
    size_t le = line_end(src, i, limit);
    if (line_is(src, i, le, "---") || line_is(src, i, le, "+++")) {
        bool toml = src[i] == '+', keyed = false;
        uint32_t nl;
        for (size_t q = next_line(src, le, limit, &nl); q < limit;) {
            size_t qe = line_end(src, q, limit), key_end, value;
            if (line_is(src, q, qe, toml ? "+++" : "---")) {
                if (keyed) return true;
                break;
            }
            if (!keyed && !key_line(src, q, qe, toml, &key_end, &value)) break;
            keyed = true;
            q = next_line(src, qe, limit, &nl);
        }
    }
    unsigned kinds = 0, headings = 0, links = 0, strong = 0;
    bool after_text = false;
    uint32_t nl;
    for (size_t q = i; q < limit;) {
        size_t qe = line_end(src, q, limit), a = q;
        while (a < qe && a - q < 3 && src[a] == ' ') a++;
        unsigned sig = line_signals(src, a, qe, after_text);
        kinds |= sig;
        headings += sig & 1u;
        after_text = !blank_range(src, q, qe) && !sig;
        q = next_line(src, qe, limit, &nl);
    }
    inline_signals(src + i, limit - i, &links, &strong);
    /* strong: links, fences, tables, definitions; otherwise two different kinds of signal */
    if (links || (kinds & ((1u << 3) | (1u << 4) | (1u << 5)))) return true;
    unsigned weak = (kinds & 1u) + ((kinds >> 1) & 1u) + ((kinds >> 2) & 1u) + ((kinds >> 6) & 1u) +
                    (strong > 0);
    return weak >= 2 || headings >= 2;
}
