/* extract_xml.c: text of XML documents, generic and NewsML-G2, with an exact map back to the
 * source bytes; and the XML reader the DOCX extractor shares (see extract.h).
 *
 * Our own tokenizer rather than libxml2: a DOM loses offsets, and a reader that never looks
 * inside a DOCTYPE cannot load external entities or expand entity bombs, whatever the input.
 *
 * What becomes text:
 *   - generic XML: element text is body, except title and h1-h6 elements (and NITF hl1/hl2),
 *     which are headline; alt="" is image_alt, title="" title and href="" link_url
 *     on any element (xlink:href too). An element boundary is a paragraph break unless the
 *     element is a known inline one (XHTML b, i, em, span, a, ...) or sits in mixed content
 *     (non-space text right before its start tag or right after its end tag), so sibling
 *     elements never run together while "Cllr <name>Jane Green</name> said" stays one sentence;
 *   - a root <html> (XHTML) is read as HTML: the mapping of inlineXML below, everywhere;
 *   - NewsML-G2 (root newsItem, packageItem, newsMessage, conceptItem, knowledgeItem,
 *     planningItem or catalogItem, or a root in the IPTC namespace; names matched by local name):
 *       headline, slugline                      headline (caption in a picture item)
 *       description with a role naming caption  caption; other descriptions body (caption in
 *                                               a picture item)
 *       creditline                              caption
 *       by                                      attribution
 *       title                                   metadata in itemMeta; elsewhere (itemRef, group)
 *                                               headline (caption for a picture itemRef)
 *       keyword, subject, dateline, edNote, and the rest of itemMeta/contentMeta/partMeta
 *                                               metadata
 *       inlineXML                               read as HTML: h1-h6, title, NITF hl1/hl2/hedline
 *                                               headline; p body; blockquote, q, NITF bq quote;
 *                                               img alt, NITF media-reference alternate-text
 *                                               image_alt; a href link_url and its text
 *                                               link_text; figcaption, NITF media-caption
 *                                               caption; NITF byline attribution; head metadata;
 *                                               script/style/template/noscript skipped
 *       inlineData                              body when its contenttype is text/... (or absent)
 *                                               and it has no encoding; skipped otherwise
 *       remoteContent                           skipped, except headline, description, title
 *                                               and creditline inside it: caption
 *       rightsInfo, catalogRef, catalog, the newsMessage header, hopHistory, pubHistory,
 *       altId, hash, dates, pubStatus           skipped (boilerplate and identifiers)
 *     A picture item is a newsItem or itemRef whose itemClass qcode names "picture" or
 *     "graphic" (itemClass precedes contentMeta, so one pass knows). NewsML attributes are
 *     not text (they are codes and URIs), except in inlineXML. */
#include "extract.h"

/* ---- small helpers ---- */

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool name_start(unsigned char c) { return is_alpha(c) || c == '_' || c == ':' || c >= 0x80; }

static bool has_prefix(const char *s, size_t avail, const char *lit)
{
    size_t n = strlen(lit);
    return avail >= n && memcmp(s, lit, n) == 0;
}

static bool has_prefix_ci(const char *s, size_t avail, const char *lit)
{
    size_t n = strlen(lit);
    if (avail < n) return false;
    for (size_t i = 0; i < n; i++)
        if (pd_ascii_lower((unsigned char)s[i]) != pd_ascii_lower((unsigned char)lit[i]))
            return false;
    return true;
}

bool pd_xml_eq(const char *src, size_t at, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(src + at, lit, n) == 0;
}

/* Offset just past the first `tail` that starts at or after `from`, or SIZE_MAX. */
static size_t find_after(const char *s, size_t len, size_t from, const char *tail)
{
    size_t n = strlen(tail);
    while (from < len && len - from >= n) {
        const char *c = memchr(s + from, tail[0], len - from - n + 1);
        if (!c) break;
        size_t k = (size_t)(c - s);
        if (memcmp(s + k, tail, n) == 0) return k + n;
        from = k + 1;
    }
    return SIZE_MAX;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The part after the last ':' of s[at, at + n). */
static void local_part(const char *s, size_t at, size_t n, size_t *local, size_t *local_len)
{
    size_t i = n;
    while (i > 0 && s[at + i - 1] != ':') i--;
    *local = at + i;
    *local_len = n - i;
}

/* ---- the reader ---- */

void pd_xml_reader_init(pd_xml_reader *r, const char *src, size_t len)
{
    memset(r, 0, sizeof *r);
    r->s = src;
    r->len = len;
    r->closing_to = SIZE_MAX;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
}

/* Pops the innermost element as an END token (see closing_to). */
static pd_xml_event close_one(pd_xml_reader *r, pd_xml_token *t)
{
    r->depth--;
    r->buckets[r->open[r->depth].hash & 63]--;
    t->kind = PD_XML_END;
    t->name = r->open[r->depth].name;
    t->name_len = r->open[r->depth].name_len;
    local_part(r->s, t->name, t->name_len, &t->local, &t->local_len);
    t->depth = r->depth + 1;
    t->start = r->close_start;
    t->end = r->depth == r->closing_to ? r->close_end : r->close_start;
    return PD_XML_END;
}

/* The DOCTYPE starting at `i` (just after "<!DOCTYPE"), internal subset included: offset past
 * its '>', or SIZE_MAX when the input ends first. Quoted literals, comments and PIs inside may
 * hold '>' or ']'. */
static size_t skip_doctype(const char *s, size_t len, size_t i)
{
    bool subset = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\'') {
            const char *q = memchr(s + i + 1, c, len - i - 1);
            if (!q) return SIZE_MAX;
            i = (size_t)(q - s) + 1;
        } else if (subset && c == '<' && has_prefix(s + i, len - i, "<!--")) {
            i = find_after(s, len, i + 4, "-->");
            if (i == SIZE_MAX) return SIZE_MAX;
        } else if (subset && c == '<' && has_prefix(s + i, len - i, "<?")) {
            i = find_after(s, len, i + 2, "?>");
            if (i == SIZE_MAX) return SIZE_MAX;
        } else if (subset) {
            if (c == ']') subset = false;
            i++;
        } else if (c == '[') {
            subset = true;
            i++;
        } else if (c == '>') {
            return i + 1;
        } else {
            i++;
        }
    }
    return SIZE_MAX;
}

/* True when the '<' at k starts markup rather than being a bare '<' in text. */
static bool markup_at(const pd_xml_reader *r, size_t k)
{
    if (k + 1 >= r->len) return false;
    unsigned char c = (unsigned char)r->s[k + 1];
    return name_start(c) || c == '/' || c == '!' || c == '?';
}

/* Skips "<!...>" that is neither comment, CDATA nor DOCTYPE, or "</" not followed by a name. */
static void skip_bogus(pd_xml_reader *r, size_t from)
{
    const char *gt = memchr(r->s + from, '>', r->len - from);
    r->malformed = true;
    r->pos = gt ? (size_t)(gt - r->s) + 1 : r->len;
}

/* A start tag at pos ('<' then a name start). Returns true with a START token, or false when
 * nothing is reported (input ended inside the tag, or the element is past the depth cap). */
static bool start_tag(pd_xml_reader *r, pd_xml_token *t)
{
    const char *s = r->s;
    size_t len = r->len, at = r->pos, i = at + 1;
    while (i < len && !is_space((unsigned char)s[i]) && s[i] != '>' && s[i] != '/') i++;
    size_t name = at + 1, name_len = i - name, attrs = i, attrs_end = 0, end = 0;
    bool empty = false;
    while (i < len) {
        char c = s[i];
        if (c == '>') {
            attrs_end = i;
            end = i + 1;
            break;
        }
        if (c == '/' && i + 1 < len && s[i + 1] == '>') {
            empty = true;
            attrs_end = i;
            end = i + 2;
            break;
        }
        if (c == '"' || c == '\'') {
            const char *q = memchr(s + i + 1, c, len - i - 1);
            if (!q) break;
            i = (size_t)(q - s) + 1;
            continue;
        }
        i++;
    }
    if (end == 0) { /* unterminated: the rest is dropped */
        r->malformed = true;
        r->pos = len;
        return false;
    }
    r->pos = end;
    if (r->depth == PD_XML_MAX_DEPTH) {
        r->deep = true;
        if (!empty) r->overflow++;
        return false;
    }
    uint32_t h = hash_bytes(s + name, name_len);
    r->open[r->depth].name = name;
    r->open[r->depth].name_len = name_len;
    r->open[r->depth].hash = h;
    r->buckets[h & 63]++;
    r->depth++;
    t->kind = PD_XML_START;
    t->start = at;
    t->end = end;
    t->name = name;
    t->name_len = name_len;
    local_part(s, name, name_len, &t->local, &t->local_len);
    t->attrs = attrs;
    t->attrs_end = attrs_end;
    t->depth = r->depth;
    if (empty) { /* its END comes next */
        r->closing_to = r->depth - 1;
        r->close_start = r->close_end = end;
    }
    return true;
}

/* An end tag at pos ("</" then a name start). Returns true when it closes something: ENDs are
 * then due (closing_to). */
static bool end_tag(pd_xml_reader *r)
{
    const char *s = r->s;
    size_t len = r->len, at = r->pos, i = at + 2;
    while (i < len && !is_space((unsigned char)s[i]) && s[i] != '>') i++;
    size_t name = at + 2, name_len = i - name;
    const char *gt = memchr(s + i, '>', len - i);
    if (!gt) {
        r->malformed = true;
        r->pos = len;
        return false;
    }
    size_t end = (size_t)(gt - s) + 1;
    for (size_t k = i; k + 1 < end; k++)
        if (!is_space((unsigned char)s[k])) r->malformed = true; /* "</a x>" */
    r->pos = end;
    if (r->overflow) { /* the innermost open elements are the untracked ones */
        r->overflow--;
        return false;
    }
    uint32_t h = hash_bytes(s + name, name_len);
    size_t found = SIZE_MAX;
    if (r->buckets[h & 63]) {
        for (size_t k = r->depth; k-- > 0;) {
            if (r->open[k].hash == h && r->open[k].name_len == name_len &&
                memcmp(s + r->open[k].name, s + name, name_len) == 0) {
                found = k;
                break;
            }
        }
    }
    if (found == SIZE_MAX) { /* a stray end tag */
        r->malformed = true;
        return false;
    }
    if (found + 1 != r->depth) r->malformed = true;
    r->closing_to = found;
    r->close_start = at;
    r->close_end = end;
    return true;
}

pd_xml_event pd_xml_next(pd_xml_reader *r, pd_xml_token *t)
{
    memset(t, 0, sizeof *t);
    const char *s = r->s;
    size_t len = r->len;
    for (;;) {
        if (r->closing_to != SIZE_MAX) {
            if (r->depth > r->closing_to) return close_one(r, t);
            r->closing_to = SIZE_MAX;
        }
        size_t pos = r->pos;
        if (pos >= len) {
            if (!r->at_eof) {
                r->at_eof = true;
                if (r->depth || r->overflow) r->malformed = true;
                r->closing_to = 0;
                r->close_start = r->close_end = len;
                continue;
            }
            t->kind = PD_XML_EOF;
            t->start = t->end = len;
            return PD_XML_EOF;
        }
        /* character data up to the next markup */
        size_t k = pos;
        while (k < len) {
            const char *lt = memchr(s + k, '<', len - k);
            if (!lt) {
                k = len;
                break;
            }
            k = (size_t)(lt - s);
            if (markup_at(r, k)) break;
            r->malformed = true; /* a bare '<' stays text */
            k++;
        }
        if (k > pos) {
            r->pos = k;
            t->kind = PD_XML_TEXT;
            t->start = pos;
            t->end = k;
            return PD_XML_TEXT;
        }
        const char *m = s + pos;
        size_t left = len - pos;
        unsigned char c = (unsigned char)m[1];
        if (c == '?') {
            size_t e = find_after(s, len, pos + 2, "?>");
            if (e == SIZE_MAX) r->malformed = true;
            r->pos = e == SIZE_MAX ? len : e;
        } else if (c == '!') {
            if (has_prefix(m, left, "<!--")) {
                size_t e = find_after(s, len, pos + 4, "-->");
                if (e == SIZE_MAX) r->malformed = true;
                r->pos = e == SIZE_MAX ? len : e;
            } else if (has_prefix(m, left, "<![CDATA[")) {
                size_t e = find_after(s, len, pos + 9, "]]>");
                t->start = pos + 9;
                if (e == SIZE_MAX) { /* kept: text the author wrote */
                    r->malformed = true;
                    t->end = len;
                    r->pos = len;
                } else {
                    t->end = e - 3;
                    r->pos = e;
                }
                if (t->end > t->start) {
                    t->kind = PD_XML_CDATA;
                    return PD_XML_CDATA;
                }
            } else if (has_prefix_ci(m, left, "<!DOCTYPE")) {
                size_t e = skip_doctype(s, len, pos + 9);
                if (e == SIZE_MAX) r->malformed = true;
                r->pos = e == SIZE_MAX ? len : e;
            } else {
                skip_bogus(r, pos + 2);
            }
        } else if (c == '/') {
            if (pos + 2 < len && name_start((unsigned char)m[2])) {
                if (end_tag(r)) continue; /* the ENDs are due */
            } else {
                skip_bogus(r, pos + 2);
            }
        } else if (start_tag(r, t)) {
            return PD_XML_START;
        }
    }
}

bool pd_xml_next_attr(const pd_xml_reader *r, size_t *cursor, size_t end, pd_xml_attr *a)
{
    const char *s = r->s;
    size_t i = *cursor;
    for (;;) {
        while (i < end && (is_space((unsigned char)s[i]) || s[i] == '/')) i++;
        if (i >= end) {
            *cursor = end;
            return false;
        }
        size_t ns = i;
        while (i < end && !is_space((unsigned char)s[i]) && s[i] != '=' && s[i] != '/' &&
               s[i] != '"' && s[i] != '\'')
            i++;
        if (i == ns) { /* a stray '=' or quoted string: skipped */
            if (s[i] == '"' || s[i] == '\'') {
                const char *q = memchr(s + i + 1, s[i], end - i - 1);
                i = q ? (size_t)(q - s) + 1 : end;
            } else {
                i++;
            }
            continue;
        }
        memset(a, 0, sizeof *a);
        a->name = ns;
        a->name_len = i - ns;
        local_part(s, ns, a->name_len, &a->local, &a->local_len);
        size_t j = i;
        while (j < end && is_space((unsigned char)s[j])) j++;
        if (j < end && s[j] == '=') {
            j++;
            while (j < end && is_space((unsigned char)s[j])) j++;
            if (j < end && (s[j] == '"' || s[j] == '\'')) {
                const char *q = memchr(s + j + 1, s[j], end - j - 1);
                size_t ve = q ? (size_t)(q - s) : end;
                a->value = j + 1;
                a->value_len = ve - a->value;
                i = q ? ve + 1 : end;
            } else { /* unquoted: not XML, read as HTML does */
                a->value = j;
                while (j < end && !is_space((unsigned char)s[j])) j++;
                a->value_len = j - a->value;
                i = j;
            }
        } else {
            a->value = ns;
            i = j;
        }
        *cursor = i;
        return true;
    }
}

/* ---- character references ---- */

/* The reference at s[i] == '&' (not reading at or past `end`): its length, with the decoded
 * bytes in out, or 0 when it is not one we decode. XML requires the ';'. */
static size_t decode_reference(const char *s, size_t i, size_t end, char out[4], size_t *out_len)
{
    size_t j = i + 1;
    if (j < end && s[j] == '#') {
        j++;
        bool hex = j < end && (s[j] == 'x' || s[j] == 'X');
        if (hex) j++;
        size_t digits = j;
        uint32_t cp = pd_read_numeric_ref(s, &j, end, hex); /* read as browsers read it */
        if (j == digits || j >= end || s[j] != ';') return 0;
        *out_len = pd_utf8_encode(cp, out);
        return j + 1 - i;
    }
    static const struct {
        const char *name;
        char c;
    } predefined[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t k = 0; k < PD_ARRAY_LEN(predefined); k++) {
        if (has_prefix(s + j, end - j, predefined[k].name)) {
            out[0] = predefined[k].c;
            *out_len = 1;
            return 1 + strlen(predefined[k].name);
        }
    }
    return 0;
}

void pd_xml_emit_text(pd_emitter *e, pd_role role, const char *src, size_t a, size_t b)
{
    size_t run = a, i = a;
    while (i < b) {
        const char *amp = memchr(src + i, '&', b - i);
        if (!amp) break;
        i = (size_t)(amp - src);
        char out[4];
        size_t out_len = 0, n = decode_reference(src, i, b, out, &out_len);
        if (n == 0) {
            i++;
            continue;
        }
        if (i > run) pd_emit_copy(e, role, src, run, i - run);
        pd_emit_atomic(e, role, out, out_len, i, n);
        i += n;
        run = i;
    }
    if (b > run) pd_emit_copy(e, role, src, run, b - run);
}

/* ---- element tables ---- */

#define NO_ROLE PD_ROLE_COUNT
#define SKIP (PD_ROLE_COUNT + 1) /* a role value: the element's text is not read */

enum { BRK_AUTO, BRK_BLOCK, BRK_INLINE, BRK_LINE };

enum {
    H_HTML = 1u << 0, /* a real HTML element: a root with this name is HTML, not XML */
    H_ALT = 1u << 1,  /* alt="" (alternate-text="" in NITF) is image alt text */
    H_HREF = 1u << 2  /* href="" is a link URL */
};

typedef struct html_el {
    const char *name;
    uint8_t brk;
    uint8_t role; /* in HTML mode; NO_ROLE: the parent's */
    uint8_t flags;
} html_el;

#define BL BRK_BLOCK
#define IN BRK_INLINE
#define N NO_ROLE
#define H H_HTML
/* XHTML and NITF names, lower case, sorted (strcmp) for binary search. The break kind applies in
 * every mode; roles only where markup is read as HTML. */
static const html_el html_elements[] = {
    {"a", IN, PD_ROLE_LINK_TEXT, H | H_HREF}, {"abbr", IN, N, H}, {"abstract", BL, N, 0},
    {"address", BL, N, H}, {"area", IN, N, H | H_ALT | H_HREF}, {"article", BL, N, H},
    {"aside", BL, N, H}, {"b", IN, N, H}, {"bdi", IN, N, H}, {"bdo", IN, N, H},
    {"big", IN, N, H}, {"blockquote", BL, PD_ROLE_QUOTE, H}, {"body", BL, N, H},
    {"body.content", BL, N, 0}, {"body.end", BL, N, 0}, {"body.head", BL, N, 0},
    {"bq", BL, PD_ROLE_QUOTE, 0}, {"br", BRK_LINE, N, H}, {"byline", BL, PD_ROLE_ATTRIBUTION, 0},
    {"caption", BL, N, H}, {"center", BL, N, H}, {"chron", IN, N, 0}, {"cite", IN, N, H},
    {"classifier", IN, N, 0}, {"code", IN, N, H}, {"copyrite", IN, N, 0}, {"data", IN, N, H},
    {"dd", BL, N, H}, {"del", IN, N, H}, {"details", BL, N, H}, {"dfn", IN, N, H},
    {"div", BL, N, H}, {"dl", BL, N, H}, {"dt", BL, N, H}, {"em", IN, N, H},
    {"event", IN, N, 0}, {"fieldset", BL, N, H}, {"figcaption", BL, PD_ROLE_CAPTION, H},
    {"figure", BL, N, H}, {"font", IN, N, H}, {"footer", BL, N, H}, {"form", BL, N, H},
    {"function", IN, N, 0}, {"h1", BL, PD_ROLE_HEADLINE, H}, {"h2", BL, PD_ROLE_HEADLINE, H},
    {"h3", BL, PD_ROLE_HEADLINE, H}, {"h4", BL, PD_ROLE_HEADLINE, H},
    {"h5", BL, PD_ROLE_HEADLINE, H}, {"h6", BL, PD_ROLE_HEADLINE, H},
    {"head", BL, PD_ROLE_METADATA, H}, {"header", BL, N, H}, {"hedline", BL, PD_ROLE_HEADLINE, 0},
    {"hgroup", BL, N, H}, {"hl1", BL, PD_ROLE_HEADLINE, 0}, {"hl2", BL, PD_ROLE_HEADLINE, 0},
    {"hr", BL, N, H}, {"html", BL, N, H}, {"i", IN, N, H}, {"img", IN, N, H | H_ALT},
    {"ins", IN, N, H}, {"kbd", IN, N, H}, {"label", IN, N, H}, {"lang", IN, N, 0},
    {"legend", BL, N, H}, {"li", BL, N, H}, {"location", IN, N, 0}, {"main", BL, N, H},
    {"mark", IN, N, H}, {"media", BL, N, 0}, {"media-caption", BL, PD_ROLE_CAPTION, 0},
    {"media-reference", IN, N, H_ALT}, {"money", IN, N, 0}, {"nav", BL, N, H},
    {"nitf", BL, N, 0}, {"nobr", IN, N, H}, {"noscript", BL, SKIP, H}, {"num", IN, N, 0},
    {"object.title", IN, N, 0}, {"ol", BL, N, H}, {"org", IN, N, 0}, {"p", BL, N, H},
    {"person", IN, N, 0}, {"pre", BL, N, H}, {"pronounce", IN, N, 0},
    {"q", IN, PD_ROLE_QUOTE, H}, {"rp", IN, N, H}, {"rt", IN, N, H}, {"ruby", IN, N, H},
    {"s", IN, N, H}, {"samp", IN, N, H}, {"script", BL, SKIP, H}, {"section", BL, N, H},
    {"small", IN, N, H}, {"span", IN, N, H}, {"strike", IN, N, H}, {"strong", IN, N, H},
    {"style", BL, SKIP, H}, {"sub", IN, N, H}, {"summary", BL, N, H}, {"sup", IN, N, H},
    {"table", BL, N, H}, {"tbody", BL, N, H}, {"td", BL, N, H}, {"template", BL, SKIP, H},
    {"tfoot", BL, N, H}, {"th", BL, N, H}, {"thead", BL, N, H}, {"time", IN, N, H},
    {"title", BL, PD_ROLE_HEADLINE, H}, {"tr", BL, N, H}, {"tt", IN, N, H}, {"u", IN, N, H},
    {"ul", BL, N, H}, {"var", IN, N, H}, {"virtloc", IN, N, 0}, {"wbr", IN, N, H},
};
#undef BL
#undef IN
#undef N
#undef H

#define MAX_HTML_NAME 15 /* "media-reference" */

/* key[0..len) against a NUL-terminated name, in strcmp order. */
static int name_cmp(const char *key, size_t len, const char *name)
{
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '\0') return 1;
        if (key[i] != name[i]) return (unsigned char)key[i] < (unsigned char)name[i] ? -1 : 1;
    }
    return name[len] == '\0' ? 0 : -1;
}

/* By the local name, case-insensitively. */
static const html_el *find_html(const char *s, size_t at, size_t n)
{
    if (n == 0 || n > MAX_HTML_NAME) return NULL;
    char key[MAX_HTML_NAME];
    for (size_t i = 0; i < n; i++) key[i] = (char)pd_ascii_lower((unsigned char)s[at + i]);
    size_t lo = 0, hi = PD_ARRAY_LEN(html_elements);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(key, n, html_elements[mid].name);
        if (c == 0) return &html_elements[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

enum {
    N_ITEM = 1,  /* newsItem, packageItem, ...: may be a picture */
    N_ITEMREF,   /* a package's reference to an item: may be a picture */
    N_ITEMMETA,
    N_ITEMCLASS,
    N_CONTENTMETA,
    N_HEADLINE,
    N_TITLE,
    N_DESCRIPTION,
    N_CREDIT,
    N_BY,
    N_META,
    N_SKIP,
    N_CONTENTSET,
    N_INLINEXML,
    N_INLINEDATA,
    N_REMOTE,
    N_CONTAINER /* newsMessage, itemSet, groupSet, group */
};

typedef struct newsml_el {
    const char *name;
    uint8_t kind;
} newsml_el;

/* Sorted (strcmp); NewsML names are case-sensitive. */
static const newsml_el newsml_elements[] = {
    {"altId", N_SKIP},           {"by", N_BY},
    {"catalog", N_SKIP},         {"catalogItem", N_ITEM},
    {"catalogRef", N_SKIP},      {"conceptItem", N_ITEM},
    {"contentCreated", N_SKIP},  {"contentMeta", N_CONTENTMETA},
    {"contentModified", N_SKIP}, {"contentSet", N_CONTENTSET},
    {"creditline", N_CREDIT},    {"dateline", N_META},
    {"description", N_DESCRIPTION}, {"edNote", N_META},
    {"embargoed", N_SKIP},       {"firstCreated", N_SKIP},
    {"group", N_CONTAINER},      {"groupSet", N_CONTAINER},
    {"hash", N_SKIP},            {"header", N_SKIP},
    {"headline", N_HEADLINE},    {"hopHistory", N_SKIP},
    {"inlineData", N_INLINEDATA}, {"inlineXML", N_INLINEXML},
    {"itemClass", N_ITEMCLASS},  {"itemMeta", N_ITEMMETA},
    {"itemRef", N_ITEMREF},      {"itemSet", N_CONTAINER},
    {"keyword", N_META},         {"knowledgeItem", N_ITEM},
    {"newsItem", N_ITEM},        {"newsMessage", N_CONTAINER},
    {"packageItem", N_ITEM},     {"partMeta", N_CONTENTMETA},
    {"planningItem", N_ITEM},    {"pubHistory", N_SKIP},
    {"pubStatus", N_SKIP},       {"remoteContent", N_REMOTE},
    {"rightsInfo", N_SKIP},      {"slugline", N_HEADLINE},
    {"subject", N_META},         {"title", N_TITLE},
    {"versionCreated", N_SKIP},
};

static unsigned newsml_kind(const char *s, size_t at, size_t n)
{
    size_t lo = 0, hi = PD_ARRAY_LEN(newsml_elements);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(s + at, n, newsml_elements[mid].name);
        if (c == 0) return newsml_elements[mid].kind;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

#define IPTC_NS "http://iptc.org/std/nar/2006-10-01/"

/* ---- the extractor ---- */

enum { M_GENERIC, M_NEWSML, M_HTML };
enum { C_NONE, C_ITEMMETA, C_REMOTE }; /* NewsML contexts that change what names mean */

typedef struct frame {
    uint8_t role; /* of the text inside: a pd_role or SKIP */
    uint8_t mode; /* how the children are read */
    uint8_t ctx;
    uint8_t brk;
    uint16_t item;  /* index of the enclosing item or itemRef frame (0: none) */
    bool picture;   /* on item and itemRef frames */
} frame;

typedef struct xml_parser {
    pd_xml_reader r;
    pd_emitter em;
    frame fr[PD_XML_MAX_DEPTH + 1]; /* fr[d]: the open element at depth d; fr[0] the document */
    bool after_text; /* the last thing read was non-space text */
    bool pending;    /* an element ended; its break waits to see what follows */
} xml_parser;

static bool all_space(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!pd_ascii_isspace((unsigned char)s[i])) return false;
    return true;
}

/* Value of the first attribute with this local name (not a namespace declaration). */
static bool find_attr(const pd_xml_reader *r, const pd_xml_token *t, const char *local,
                      pd_xml_attr *out)
{
    size_t cur = t->attrs;
    pd_xml_attr a;
    while (pd_xml_next_attr(r, &cur, t->attrs_end, &a)) {
        if (pd_xml_eq(r->s, a.local, a.local_len, local) &&
            !has_prefix(r->s + a.name, a.name_len, "xmlns")) {
            *out = a;
            return true;
        }
    }
    return false;
}

static bool contains(const char *s, size_t at, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + at + i, lit, m) == 0) return true;
    return false;
}

static bool attr_contains(const pd_xml_reader *r, const pd_xml_token *t, const char *attr,
                          const char *lit)
{
    pd_xml_attr a;
    return find_attr(r, t, attr, &a) && contains(r->s, a.value, a.value_len, lit);
}

static unsigned root_mode(const xml_parser *p, const pd_xml_token *t)
{
    const char *s = p->r.s;
    unsigned kind = newsml_kind(s, t->local, t->local_len);
    if (kind == N_ITEM || pd_xml_eq(s, t->local, t->local_len, "newsMessage")) return M_NEWSML;
    const html_el *he = find_html(s, t->local, t->local_len);
    if (he && strcmp(he->name, "html") == 0) return M_HTML;
    /* the root's own namespace: xmlns, or xmlns:p for a root named p:local */
    size_t prefix_len = t->local > t->name ? t->local - t->name - 1 : 0;
    size_t cur = t->attrs;
    pd_xml_attr a;
    while (pd_xml_next_attr(&p->r, &cur, t->attrs_end, &a)) {
        if (!pd_xml_eq(s, a.value, a.value_len, IPTC_NS)) continue;
        if (t->local == t->name && pd_xml_eq(s, a.name, a.name_len, "xmlns")) return M_NEWSML;
        if (t->local > t->name && a.name_len == 6 + prefix_len &&
            has_prefix(s + a.name, a.name_len, "xmlns:") &&
            memcmp(s + a.name + 6, s + t->name, prefix_len) == 0)
            return M_NEWSML;
    }
    return M_GENERIC;
}

/* NewsML-G2 meaning of an element (see the top of the file); f starts as a copy of the parent. */
static void newsml_start(xml_parser *p, const pd_xml_token *t, frame *f, size_t depth)
{
    const pd_xml_reader *r = &p->r;
    unsigned kind = newsml_kind(r->s, t->local, t->local_len);
    bool picture = p->fr[f->item].picture;
    if (f->ctx == C_REMOTE) { /* only what describes the picture */
        if (kind == N_HEADLINE || kind == N_DESCRIPTION || kind == N_TITLE || kind == N_CREDIT) {
            f->role = PD_ROLE_CAPTION;
            f->ctx = C_NONE;
        }
        return;
    }
    switch (kind) {
    case N_ITEM:
    case N_ITEMREF:
        f->role = PD_ROLE_METADATA;
        f->ctx = C_NONE;
        f->item = (uint16_t)depth;
        f->picture = false;
        break;
    case N_ITEMMETA:
        f->role = PD_ROLE_METADATA;
        f->ctx = C_ITEMMETA;
        break;
    case N_ITEMCLASS:
        if (attr_contains(r, t, "qcode", "picture") || attr_contains(r, t, "qcode", "graphic"))
            p->fr[f->item].picture = true;
        f->role = SKIP;
        break;
    case N_CONTENTMETA:
        f->role = PD_ROLE_METADATA;
        f->ctx = C_NONE;
        break;
    case N_HEADLINE: f->role = picture ? PD_ROLE_CAPTION : PD_ROLE_HEADLINE; break;
    case N_TITLE:
        if (f->ctx == C_ITEMMETA) f->role = PD_ROLE_METADATA;
        else f->role = picture ? PD_ROLE_CAPTION : PD_ROLE_HEADLINE;
        break;
    case N_DESCRIPTION:
        f->role = picture || attr_contains(r, t, "role", "caption") ? PD_ROLE_CAPTION
                                                                     : PD_ROLE_BODY;
        break;
    case N_CREDIT: f->role = PD_ROLE_CAPTION; break;
    case N_BY: f->role = PD_ROLE_ATTRIBUTION; break;
    case N_META: f->role = PD_ROLE_METADATA; break;
    case N_SKIP: f->role = SKIP; break;
    case N_CONTENTSET: f->role = PD_ROLE_BODY; break;
    case N_INLINEXML:
        f->role = PD_ROLE_BODY;
        f->mode = M_HTML;
        break;
    case N_INLINEDATA: {
        /* base64 pictures and other binary payloads are not text */
        pd_xml_attr a;
        bool text = !find_attr(r, t, "encoding", &a) &&
                    (!find_attr(r, t, "contenttype", &a) ||
                     has_prefix(r->s + a.value, a.value_len, "text/"));
        f->role = text ? PD_ROLE_BODY : SKIP;
        break;
    }
    case N_REMOTE:
        f->role = SKIP;
        f->ctx = C_REMOTE;
        break;
    case N_CONTAINER: f->role = PD_ROLE_METADATA; break;
    default: break; /* the parent's role */
    }
}

static void emit_attributes(xml_parser *p, const pd_xml_token *t, unsigned mode,
                            const html_el *he)
{
    const pd_xml_reader *r = &p->r;
    const char *s = r->s;
    unsigned flags = he ? he->flags : 0;
    size_t cur = t->attrs;
    pd_xml_attr a;
    while (pd_xml_next_attr(r, &cur, t->attrs_end, &a)) {
        if (a.value_len == 0 || has_prefix(s + a.name, a.name_len, "xmlns")) continue;
        pd_role role;
        if (pd_xml_eq(s, a.local, a.local_len, "title")) role = PD_ROLE_TITLE;
        else if (pd_xml_eq(s, a.local, a.local_len, "alt") &&
                 (mode == M_GENERIC || (flags & H_ALT)))
            role = PD_ROLE_IMAGE_ALT;
        else if (pd_xml_eq(s, a.local, a.local_len, "alternate-text") && (flags & H_ALT))
            role = PD_ROLE_IMAGE_ALT;
        else if (pd_xml_eq(s, a.local, a.local_len, "href") &&
                 (mode == M_GENERIC || (flags & H_HREF)))
            role = PD_ROLE_LINK_URL;
        else continue;
        pd_emit_isolate_begin(&p->em);
        pd_xml_emit_text(&p->em, role, s, a.value, a.value + a.value_len);
        pd_emit_isolate_end(&p->em);
    }
}

static void on_start(xml_parser *p, const pd_xml_token *t)
{
    const pd_xml_reader *r = &p->r;
    size_t depth = t->depth;
    const frame *parent = &p->fr[depth - 1];
    frame f = *parent;
    f.picture = false;
    const html_el *he = find_html(r->s, t->local, t->local_len);
    f.brk = he ? he->brk : BRK_AUTO;
    unsigned mode = depth == 1 ? root_mode(p, t) : parent->mode;
    f.mode = (uint8_t)mode;
    if (parent->role == SKIP && parent->ctx != C_REMOTE) {
        f.role = SKIP;
    } else if (mode == M_NEWSML) {
        newsml_start(p, t, &f, depth);
    } else if (mode == M_HTML && he && he->role != NO_ROLE) {
        f.role = he->role;
    } else if (mode == M_GENERIC && he && he->role == PD_ROLE_HEADLINE) {
        f.role = he->role; /* <title>, <h1>: a generic document's title is its headline too */
    }
    p->fr[depth] = f;

    /* breaks: see the top of the file. A known inline element right after an ended one is
     * mixed content too ("<name>Jane</name> <b>Green</b>"). */
    if (f.brk == BRK_LINE) {
        pd_emit_break(&p->em);
    } else if (f.brk == BRK_BLOCK || (f.brk == BRK_AUTO && (p->pending || !p->after_text))) {
        pd_emit_paragraph(&p->em);
    }
    p->pending = false;
    if (f.brk != BRK_INLINE) p->after_text = false;
    if (mode != M_NEWSML && f.role != SKIP) emit_attributes(p, t, mode, he);
}

static void on_end(xml_parser *p, const pd_xml_token *t)
{
    switch (p->fr[t->depth].brk) {
    case BRK_BLOCK:
        pd_emit_paragraph(&p->em);
        p->pending = false;
        p->after_text = false;
        break;
    case BRK_AUTO:
        p->pending = true;
        p->after_text = false;
        break;
    default: break;
    }
}

static void on_text(xml_parser *p, const pd_xml_token *t, bool cdata)
{
    const frame *f = &p->fr[p->r.depth];
    if (f->role == SKIP) return;
    if (!all_space(p->r.s, t->start, t->end)) {
        p->pending = false; /* mixed content: the element before was inline */
        p->after_text = true;
    }
    if (cdata) pd_emit_copy(&p->em, (pd_role)f->role, p->r.s, t->start, t->end - t->start);
    else pd_xml_emit_text(&p->em, (pd_role)f->role, p->r.s, t->start, t->end);
}

int pd_extract_xml(pd_extracted *x, const char *src, size_t len)
{
    if (!src && len) {
        pd_extracted_reset(x);
        return PURDAH_EINVAL;
    }
    if (len > UINT32_MAX) { /* map offsets are 32-bit */
        pd_extracted_reset(x);
        return PURDAH_ELIMIT;
    }
    xml_parser *p = pd_malloc(sizeof *p); /* ~8 KB: off the stack */
    if (!p) {
        pd_extracted_reset(x);
        return PURDAH_ENOMEM;
    }
    memset(p, 0, sizeof *p);
    pd_xml_reader_init(&p->r, src ? src : "", len);
    pd_emit_begin(&p->em, x);
    p->fr[0] = (frame){PD_ROLE_BODY, M_GENERIC, C_NONE, BRK_AUTO, 0, false};
    pd_xml_token t;
    pd_xml_event ev;
    while (p->em.status == PURDAH_OK && (ev = pd_xml_next(&p->r, &t)) != PD_XML_EOF) {
        switch (ev) {
        case PD_XML_START: on_start(p, &t); break;
        case PD_XML_END: on_end(p, &t); break;
        case PD_XML_TEXT: on_text(p, &t, false); break;
        case PD_XML_CDATA: on_text(p, &t, true); break;
        case PD_XML_EOF: break;
        }
    }
    int rc = pd_emit_end(&p->em);
    if (p->r.malformed) x->flags |= PD_EXTRACT_MALFORMED;
    if (p->r.deep) x->flags |= PD_EXTRACT_DEEP;
    pd_free(p);
    return rc;
}

/* ---- sniffing ---- */

bool pd_looks_like_xml(const char *src, size_t len)
{
    if (!src) return false;
    size_t limit = len < 4096 ? len : 4096, i = 0;
    bool declared = false;
    if (limit >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) i = 3;
    for (;;) {
        while (i < limit && pd_ascii_isspace((unsigned char)src[i])) i++;
        if (i >= limit || src[i] != '<') return declared && i >= limit;
        const char *m = src + i;
        size_t left = limit - i, e;
        if (has_prefix(m, left, "<?xml") && left > 5 &&
            (is_space((unsigned char)m[5]) || m[5] == '?')) {
            declared = true;
            e = find_after(src, limit, i + 5, "?>");
        } else if (has_prefix(m, left, "<?")) {
            e = find_after(src, limit, i + 2, "?>");
        } else if (has_prefix(m, left, "<!--")) {
            e = find_after(src, limit, i + 4, "-->");
        } else if (has_prefix_ci(m, left, "<!DOCTYPE")) {
            size_t k = i + 9;
            while (k < limit && is_space((unsigned char)src[k])) k++;
            if (has_prefix_ci(src + k, limit - k, "html") &&
                (k + 4 >= limit || !pd_ascii_isalnum((unsigned char)src[k + 4])))
                return false;
            e = skip_doctype(src, limit, i + 9);
        } else if (left >= 2 && name_start((unsigned char)m[1])) {
            size_t k = i + 1;
            while (k < limit && !is_space((unsigned char)src[k]) && src[k] != '>' && src[k] != '/')
                k++;
            if (k >= limit) return declared;
            size_t local, local_len;
            local_part(src, i + 1, k - i - 1, &local, &local_len);
            const html_el *he = find_html(src, local, local_len);
            return !(he && (he->flags & H_HTML)); /* <html>, <p>, <div>...: HTML */
        } else {
            return false;
        }
        if (e == SIZE_MAX) return declared; /* the prologue runs past what we look at */
        i = e;
    }
}
