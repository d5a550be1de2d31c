/* extract_docx.c: the text of Word (.docx) documents, read from the zip in memory with libzip and
 * walked with the XML reader of extract_xml.c (see extract.h).
 *
 * Parts, in this order, each starting a new segment: word/document.xml (required), the headers
 * word/header<N>.xml and footers word/footer<N>.xml in numeric order, word/footnotes.xml,
 * word/endnotes.xml, word/comments.xml. We open only names we construct or that match those
 * patterns exactly (digits only in <N>), so "..", absolute paths and backslashes never reach
 * libzip. Hyperlink targets come from the part's relationships (word/_rels/<part>.rels).
 *
 * WordprocessingML, by local name (prefixes vary):
 *   - text is w:t only (entities decoded; spaces kept whatever xml:space says); w:tab in a run is
 *     a tab, w:br and w:cr in a run a line break, w:noBreakHyphen "-", the end of w:p a
 *     paragraph break ("\n\n");
 *   - paragraph styles (w:pPr/w:pStyle/@w:val): Title and Heading1-9 (any id containing
 *     "Heading" or "Title") headline, any containing "Quote" quote, "Caption" caption;
 *   - w:hyperlink: its runs are link_text; an external target (TargetMode="External") is a
 *     link_url segment before them, w:tooltip a title segment;
 *   - wp:docPr descr and title (and VML v:shape alt) are image_alt and title segments;
 *   - text boxes (w:txbxContent) are read in place as paragraphs of their own; mc:Fallback is
 *     skipped, since it repeats the mc:Choice content for older readers;
 *   - tracked changes: w:del and w:moveFrom are skipped (deleted text is not in the document),
 *     w:ins and w:moveTo read; field codes (w:instrText) and w:delText are never text;
 *   - every part is body text: a reviewer's comment travels with the file, so it is read like
 *     the rest of the document (its author is not text).
 * Offsets refer to the extracted text (PD_EXTRACT_TEXT_OFFSETS; the map is left empty). */
#include "extract.h"

#include <zip.h>

#define MAX_HEADER_DIGITS 9
#define READ_CHUNK ((size_t)64 << 10)

typedef struct docx {
    zip_t *za;
    pd_extracted *x;
    pd_emitter em;
    size_t total_cap, part_cap, total_read;
    bool truncated; /* a cap stopped a read */
} docx;

static int zip_status(zip_error_t *ze)
{
    return zip_error_code_zip(ze) == ZIP_ER_MEMORY ? PURDAH_ENOMEM : PURDAH_EINVAL;
}

/* Reads entry `index` up to the caps, counting what zip_fread returns. A part that fills its
 * limit exactly counts as cut (we cannot tell without reading past the cap). */
static int read_entry(docx *d, zip_uint64_t index, char **out, size_t *out_len, bool *cut)
{
    *out = NULL;
    *out_len = 0;
    *cut = false;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(d->za, index, 0, &st) != 0) return zip_status(zip_get_error(d->za));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return PURDAH_EINVAL;
#if LIBZIP_VERSION_MAJOR > 1 || (LIBZIP_VERSION_MAJOR == 1 && LIBZIP_VERSION_MINOR >= 7)
    if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0))
        return PURDAH_EINVAL;
#endif /* older libzip: zip_fopen_index fails with ZIP_ER_COMPNOTSUPP, also EINVAL */
    size_t limit = d->part_cap;
    if (d->total_cap - d->total_read < limit) limit = d->total_cap - d->total_read;
    if (limit == 0) {
        *cut = true;
        return PURDAH_OK;
    }
    zip_file_t *zf = zip_fopen_index(d->za, index, 0);
    if (!zf) return zip_status(zip_get_error(d->za));
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int rc = PURDAH_OK;
    for (;;) {
        if (n == limit) {
            *cut = true;
            break;
        }
        if (n == cap) { /* grow with what arrives, never with what the zip claims */
            size_t want = cap ? (cap > limit / 2 ? limit : cap * 2) : READ_CHUNK;
            if (want > limit) want = limit;
            char *grown = pd_realloc_array(buf, want, 1);
            if (!grown) {
                rc = PURDAH_ENOMEM;
                break;
            }
            buf = grown;
            cap = want;
        }
        zip_int64_t got = zip_fread(zf, buf + n, cap - n);
        if (got < 0) {
            rc = zip_status(zip_file_get_error(zf));
            break;
        }
        if (got == 0) break;
        n += (size_t)got;
        d->total_read += (size_t)got;
    }
    zip_fclose(zf);
    if (rc != PURDAH_OK) {
        pd_free(buf);
        return rc;
    }
    if (*cut) d->truncated = true;
    *out = buf;
    *out_len = n;
    return PURDAH_OK;
}

/* Reads the entry called `name` exactly; *found is false (and PURDAH_OK) when there is none. */
static int read_named(docx *d, const char *name, char **out, size_t *out_len, bool *cut,
                      bool *found)
{
    *out = NULL;
    *out_len = 0;
    *cut = false;
    zip_int64_t index = zip_name_locate(d->za, name, ZIP_FL_ENC_RAW);
    *found = index >= 0;
    if (!*found) return PURDAH_OK;
    return read_entry(d, (zip_uint64_t)index, out, out_len, cut);
}

/* ---- relationships ---- */

typedef struct rel {
    const char *id;
    size_t id_len;
    size_t target, target_len; /* in the rels buffer */
} rel;

typedef struct rels {
    char *buf;
    rel *items;
    size_t count, cap;
} rels;

static int rel_cmp(const void *a, const void *b)
{
    const rel *x = a, *y = b;
    size_t n = x->id_len < y->id_len ? x->id_len : y->id_len;
    int c = memcmp(x->id, y->id, n);
    if (c) return c;
    return x->id_len < y->id_len ? -1 : x->id_len > y->id_len;
}

static void rels_free(rels *r)
{
    pd_free(r->buf);
    pd_free(r->items);
    memset(r, 0, sizeof *r);
}

/* External relationships of a part, sorted by Id. */
static int load_rels(docx *d, const char *part, rels *out)
{
    memset(out, 0, sizeof *out);
    const char *slash = strrchr(part, '/');
    if (!slash) return PURDAH_OK;
    char name[96];
    int w = snprintf(name, sizeof name, "%.*s_rels/%s.rels", (int)(slash - part + 1), part,
                     slash + 1);
    if (w < 0 || (size_t)w >= sizeof name) return PURDAH_OK;
    size_t len;
    bool cut, found;
    int rc = read_named(d, name, &out->buf, &len, &cut, &found);
    if (rc != PURDAH_OK || !found) return rc;
    pd_xml_reader *r = pd_malloc(sizeof *r);
    if (!r) return PURDAH_ENOMEM;
    pd_xml_reader_init(r, out->buf ? out->buf : "", len);
    pd_xml_token t;
    pd_xml_event ev;
    while ((ev = pd_xml_next(r, &t)) != PD_XML_EOF) {
        if (ev != PD_XML_START || !pd_xml_eq(r->s, t.local, t.local_len, "Relationship"))
            continue;
        pd_xml_attr a, id = {0}, target = {0};
        bool has_id = false, has_target = false, external = false;
        size_t cur = t.attrs;
        while (pd_xml_next_attr(r, &cur, t.attrs_end, &a)) {
            if (pd_xml_eq(r->s, a.name, a.name_len, "Id")) {
                id = a;
                has_id = true;
            } else if (pd_xml_eq(r->s, a.name, a.name_len, "Target")) {
                target = a;
                has_target = true;
            } else if (pd_xml_eq(r->s, a.name, a.name_len, "TargetMode")) {
                external = pd_xml_eq(r->s, a.value, a.value_len, "External");
            }
        }
        if (!has_id || !has_target || !external) continue;
        if (PD_RESERVE(out->items, out->cap, out->count + 1) != 0) {
            pd_free(r);
            return PURDAH_ENOMEM;
        }
        out->items[out->count++] = (rel){r->s + id.value, id.value_len, target.value,
                                         target.value_len};
    }
    pd_free(r);
    if (out->count > 1) qsort(out->items, out->count, sizeof *out->items, rel_cmp);
    return PURDAH_OK;
}

static const rel *find_rel(const rels *rs, const char *id, size_t id_len)
{
    rel key = {id, id_len, 0, 0};
    size_t lo = 0, hi = rs->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = rel_cmp(&key, &rs->items[mid]);
        if (c == 0) return &rs->items[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

/* ---- WordprocessingML ---- */

enum {
    W_OTHER,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_T,
    W_TAB,
    W_BR,
    W_CR,
    W_NBHYPHEN,
    W_HYPERLINK,
    W_SKIP, /* del, moveFrom, Fallback, instrText, delText: nothing inside is text */
    W_DOCPR,
    W_VSHAPE,
    W_TXBX
};

static const struct {
    const char *name;
    uint8_t id;
} w_names[] = {
    {"Fallback", W_SKIP}, {"br", W_BR},         {"cr", W_CR},           {"del", W_SKIP},
    {"delText", W_SKIP},  {"docPr", W_DOCPR},   {"hyperlink", W_HYPERLINK},
    {"instrText", W_SKIP}, {"moveFrom", W_SKIP}, {"noBreakHyphen", W_NBHYPHEN},
    {"p", W_P},           {"pPr", W_PPR},       {"pStyle", W_PSTYLE},   {"r", W_R},
    {"shape", W_VSHAPE},  {"t", W_T},           {"tab", W_TAB},         {"txbxContent", W_TXBX},
};

static unsigned w_id(const char *s, size_t at, size_t n)
{
    for (size_t i = 0; i < PD_ARRAY_LEN(w_names); i++)
        if (pd_xml_eq(s, at, n, w_names[i].name)) return w_names[i].id;
    return W_OTHER;
}

typedef struct wframe {
    uint8_t id;
    uint8_t role;
    bool skip;
} wframe;

typedef struct walker {
    docx *d;
    pd_xml_reader r;
    wframe fr[PD_XML_MAX_DEPTH + 1];
    pd_role base; /* the part's role */
    const rels *links;
} walker;

static bool value_contains(const char *s, size_t at, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + at + i, lit, m) == 0) return true;
    return false;
}

static pd_role style_role(const char *s, size_t at, size_t n)
{
    if (value_contains(s, at, n, "Heading") || value_contains(s, at, n, "Title") ||
        value_contains(s, at, n, "heading") || value_contains(s, at, n, "title"))
        return PD_ROLE_HEADLINE;
    if (value_contains(s, at, n, "Quote") || value_contains(s, at, n, "quote"))
        return PD_ROLE_QUOTE;
    if (value_contains(s, at, n, "Caption") || value_contains(s, at, n, "caption"))
        return PD_ROLE_CAPTION;
    return PD_ROLE_BODY;
}

/* An attribute value as a segment of its own. */
static void emit_value(walker *w, pd_role role, const char *src, size_t at, size_t n)
{
    if (n == 0) return;
    pd_emit_isolate_begin(&w->d->em);
    pd_xml_emit_text(&w->d->em, role, src, at, at + n);
    pd_emit_isolate_end(&w->d->em);
}

static void w_start(walker *w, const pd_xml_token *t)
{
    pd_xml_reader *r = &w->r;
    const char *s = r->s;
    pd_emitter *em = &w->d->em;
    size_t depth = t->depth;
    const wframe *parent = &w->fr[depth - 1];
    wframe f = *parent;
    f.id = (uint8_t)w_id(s, t->local, t->local_len);
    w->fr[depth] = f;
    if (f.skip) return;
    size_t cur = t->attrs;
    pd_xml_attr a;
    switch (f.id) {
    case W_SKIP: w->fr[depth].skip = true; break;
    case W_P:
        w->fr[depth].role = (uint8_t)w->base;
        pd_emit_paragraph(em);
        break;
    case W_TXBX: pd_emit_paragraph(em); break;
    case W_PSTYLE:
        /* only the paragraph's own style, not one inside w:pPrChange */
        if (depth < 3 || parent->id != W_PPR || w->fr[depth - 2].id != W_P) break;
        if (w->base != PD_ROLE_BODY) break;
        while (pd_xml_next_attr(r, &cur, t->attrs_end, &a))
            if (pd_xml_eq(s, a.local, a.local_len, "val"))
                w->fr[depth - 2].role = (uint8_t)style_role(s, a.value, a.value_len);
        break;
    case W_TAB:
        if (parent->id == W_R) pd_emit_copy(em, (pd_role)f.role, "\t", 0, 1);
        break;
    case W_BR:
    case W_CR:
        if (parent->id == W_R) pd_emit_break(em);
        break;
    case W_NBHYPHEN:
        if (parent->id == W_R) pd_emit_copy(em, (pd_role)f.role, "-", 0, 1);
        break;
    case W_HYPERLINK:
        w->fr[depth].role = PD_ROLE_LINK_TEXT;
        while (pd_xml_next_attr(r, &cur, t->attrs_end, &a)) {
            if (pd_xml_eq(s, a.local, a.local_len, "id") && w->links) {
                const rel *target = find_rel(w->links, s + a.value, a.value_len);
                if (target)
                    emit_value(w, PD_ROLE_LINK_URL, w->links->buf, target->target,
                               target->target_len);
            } else if (pd_xml_eq(s, a.local, a.local_len, "tooltip")) {
                emit_value(w, PD_ROLE_TITLE, s, a.value, a.value_len);
            }
        }
        break;
    case W_DOCPR:
    case W_VSHAPE:
        while (pd_xml_next_attr(r, &cur, t->attrs_end, &a)) {
            bool alt = f.id == W_DOCPR ? pd_xml_eq(s, a.local, a.local_len, "descr")
                                       : pd_xml_eq(s, a.name, a.name_len, "alt");
            if (alt) emit_value(w, PD_ROLE_IMAGE_ALT, s, a.value, a.value_len);
            else if (f.id == W_DOCPR && pd_xml_eq(s, a.local, a.local_len, "title"))
                emit_value(w, PD_ROLE_TITLE, s, a.value, a.value_len);
        }
        break;
    default: break;
    }
}

static void w_end(walker *w, const pd_xml_token *t)
{
    const wframe *f = &w->fr[t->depth];
    if (!f->skip && (f->id == W_P || f->id == W_TXBX)) pd_emit_paragraph(&w->d->em);
}

static void w_text(walker *w, const pd_xml_token *t, bool cdata)
{
    const wframe *f = &w->fr[w->r.depth];
    if (f->skip || f->id != W_T) return;
    if (cdata) pd_emit_copy(&w->d->em, (pd_role)f->role, w->r.s, t->start, t->end - t->start);
    else pd_xml_emit_text(&w->d->em, (pd_role)f->role, w->r.s, t->start, t->end);
}

/* Reads one part (when present) into the text, as a segment of its own. *got_text says
 * whether it added any. */
static int walk_part(docx *d, zip_uint64_t index, const char *name, pd_role base,
                     bool *got_text)
{
    *got_text = false;
    char *buf;
    size_t len;
    bool cut;
    int rc = read_entry(d, index, &buf, &len, &cut);
    if (rc != PURDAH_OK) return rc;
    rels links;
    rc = load_rels(d, name, &links);
    walker *w = rc == PURDAH_OK ? pd_malloc(sizeof *w) : NULL;
    if (rc == PURDAH_OK && !w) rc = PURDAH_ENOMEM;
    if (rc != PURDAH_OK) {
        rels_free(&links);
        pd_free(buf);
        return rc;
    }
    memset(w, 0, sizeof *w);
    w->d = d;
    w->base = base;
    w->links = &links;
    w->fr[0] = (wframe){W_OTHER, (uint8_t)base, false};
    pd_xml_reader_init(&w->r, buf ? buf : "", len);
    size_t before = d->x->len;
    pd_emit_paragraph(&d->em);
    d->em.want_new = true; /* each part is a segment of its own, even with the same role */
    pd_xml_token t;
    pd_xml_event ev;
    while (d->em.status == PURDAH_OK && (ev = pd_xml_next(&w->r, &t)) != PD_XML_EOF) {
        switch (ev) {
        case PD_XML_START: w_start(w, &t); break;
        case PD_XML_END: w_end(w, &t); break;
        case PD_XML_TEXT: w_text(w, &t, false); break;
        case PD_XML_CDATA: w_text(w, &t, true); break;
        case PD_XML_EOF: break;
        }
    }
    /* a part cut by a cap ends mid-element: that is the cap, not broken markup */
    if (w->r.malformed && !cut) d->x->flags |= PD_EXTRACT_MALFORMED;
    if (w->r.deep) d->x->flags |= PD_EXTRACT_DEEP;
    *got_text = d->x->len > before;
    /* the map only matters to the emitter for the current piece: keep memory bounded */
    pd_offmap_reset(&d->x->map);
    pd_free(w);
    rels_free(&links);
    pd_free(buf);
    return d->em.status;
}

/* ---- headers and footers ---- */

typedef struct hf {
    zip_uint64_t index;
    uint32_t kind;   /* 0 header, 1 footer */
    uint32_t number; /* <N> */
    char name[32];
} hf;

static int hf_cmp(const void *a, const void *b)
{
    const hf *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->number != y->number) return x->number < y->number ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* "word/header<N>.xml" or "word/footer<N>.xml", N at most MAX_HEADER_DIGITS digits. */
static bool header_name(const char *name, hf *out)
{
    static const char *const stems[2] = {"word/header", "word/footer"};
    for (uint32_t k = 0; k < 2; k++) {
        size_t n = strlen(stems[k]);
        if (strncmp(name, stems[k], n) != 0) continue;
        const char *p = name + n;
        uint32_t v = 0;
        size_t digits = 0;
        while (p[digits] >= '0' && p[digits] <= '9' && digits < MAX_HEADER_DIGITS)
            v = v * 10 + (uint32_t)(p[digits++] - '0');
        if (strcmp(p + digits, ".xml") != 0) return false;
        out->kind = k;
        out->number = v;
        memcpy(out->name, name, strlen(name) + 1);
        return true;
    }
    return false;
}

static int collect_headers(docx *d, zip_int64_t entries, hf **out, size_t *count)
{
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *name = zip_get_name(d->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        hf h;
        if (!name || !header_name(name, &h)) continue;
        h.index = (zip_uint64_t)i;
        if (PD_RESERVE(*out, cap, *count + 1) != 0) return PURDAH_ENOMEM;
        (*out)[(*count)++] = h;
    }
    if (*count > 1) qsort(*out, *count, sizeof **out, hf_cmp);
    return PURDAH_OK;
}

/* ---- the extractor ---- */

static int extract(docx *d)
{
    zip_int64_t entries = zip_get_num_entries(d->za, 0);
    if (entries < 0) return PURDAH_EINVAL;
    if ((zip_uint64_t)entries > PD_DOCX_MAX_ENTRIES) return PURDAH_ELIMIT;

    zip_int64_t main_index = zip_name_locate(d->za, "word/document.xml", ZIP_FL_ENC_RAW);
    if (main_index < 0) return PURDAH_EINVAL; /* not a Word document */
    bool got_text;
    int rc = walk_part(d, (zip_uint64_t)main_index, "word/document.xml", PD_ROLE_BODY, &got_text);
    if (rc != PURDAH_OK) return rc;
    if (d->truncated && !got_text) return PURDAH_ELIMIT; /* the cap left nothing to check */

    hf *headers;
    size_t header_count;
    rc = collect_headers(d, entries, &headers, &header_count);
    for (size_t i = 0; rc == PURDAH_OK && i < header_count; i++)
        rc = walk_part(d, headers[i].index, headers[i].name, PD_ROLE_BODY, &got_text);
    pd_free(headers);

    static const struct {
        const char *name;
        pd_role role;
    } parts[] = {
        {"word/footnotes.xml", PD_ROLE_BODY},
        {"word/endnotes.xml", PD_ROLE_BODY},
        {"word/comments.xml", PD_ROLE_BODY},
    };
    for (size_t i = 0; rc == PURDAH_OK && i < PD_ARRAY_LEN(parts); i++) {
        zip_int64_t index = zip_name_locate(d->za, parts[i].name, ZIP_FL_ENC_RAW);
        if (index >= 0)
            rc = walk_part(d, (zip_uint64_t)index, parts[i].name, parts[i].role, &got_text);
    }
    return rc;
}

int pd_extract_docx_capped(pd_extracted *x, const char *src, size_t len, size_t total_cap,
                           size_t part_cap, size_t *bytes_read)
{
    if (bytes_read) *bytes_read = 0;
    pd_extracted_reset(x);
    if (!src || len == 0) return PURDAH_EINVAL;
    docx d;
    memset(&d, 0, sizeof d);
    d.x = x;
    d.total_cap = total_cap;
    d.part_cap = part_cap;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zs = zip_source_buffer_create(src, len, 0, &ze);
    if (!zs) {
        int rc = zip_status(&ze);
        zip_error_fini(&ze);
        return rc;
    }
    d.za = zip_open_from_source(zs, ZIP_RDONLY, &ze);
    if (!d.za) {
        int rc = zip_status(&ze);
        zip_source_free(zs); /* still ours when the open failed */
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    pd_emit_begin(&d.em, x);
    int rc = extract(&d);
    int end_rc = pd_emit_end(&d.em);
    if (rc == PURDAH_OK) rc = end_rc;
    zip_discard(d.za); /* frees the source too */
    if (bytes_read) *bytes_read = d.total_read;
    pd_offmap_reset(&x->map); /* identity: offsets are into the extracted text */
    if (rc != PURDAH_OK) {
        pd_extracted_reset(x);
        return rc;
    }
    x->flags |= PD_EXTRACT_TEXT_OFFSETS;
    if (d.truncated) x->flags |= PD_EXTRACT_TRUNCATED;
    return PURDAH_OK;
}

int pd_extract_docx(pd_extracted *x, const char *src, size_t len)
{
    return pd_extract_docx_capped(x, src, len, PD_DOCX_MAX_TOTAL, PD_DOCX_MAX_PART, NULL);
}

bool pd_looks_like_docx(const char *src, size_t len)
{
    if (!src || len < 4 || memcmp(src, "PK\x03\x04", 4) != 0) return false;
    /* a part name in a local header near the start; Word puts word/ within the first few KB,
     * other writers after a thumbnail, so look a little further */
    size_t limit = len < ((size_t)64 << 10) ? len : ((size_t)64 << 10);
    for (size_t i = 4; i + 5 <= limit;) {
        const char *w = memchr(src + i, 'w', limit - i - 4);
        if (!w) break;
        i = (size_t)(w - src);
        if (memcmp(w, "word/", 5) == 0) return true;
        i++;
    }
    return false;
}
