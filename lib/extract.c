/* extract.c: the pd_extracted object and the emitter the format modules build text with (see
 * extract.h). */
#include "extract.h"

void pd_extracted_init(pd_extracted *x)
{
    memset(x, 0, sizeof *x);
    pd_offmap_init(&x->map);
    x->text = "";
}

void pd_extracted_reset(pd_extracted *x)
{
    if (x->owned) x->owned[0] = '\0';
    x->text = x->owned ? x->owned : "";
    x->len = 0;
    x->borrowed = false;
    pd_offmap_reset(&x->map);
    x->segment_count = 0;
    x->flags = 0;
}

void pd_extracted_free(pd_extracted *x)
{
    pd_free(x->owned);
    pd_free(x->segments);
    pd_offmap_free(&x->map);
    pd_extracted_init(x);
}

const char *pd_role_name(pd_role role)
{
    static const char *const names[PD_ROLE_COUNT] = {
        [PD_ROLE_BODY] = "body",           [PD_ROLE_HEADLINE] = "headline",
        [PD_ROLE_QUOTE] = "quote",         [PD_ROLE_ATTRIBUTION] = "attribution",
        [PD_ROLE_IMAGE_ALT] = "image_alt", [PD_ROLE_CAPTION] = "caption",
        [PD_ROLE_TITLE] = "title",         [PD_ROLE_LINK_TEXT] = "link_text",
        [PD_ROLE_LINK_URL] = "link_url",   [PD_ROLE_HASHTAG] = "hashtag",
        [PD_ROLE_MENTION] = "mention",     [PD_ROLE_NOTICE] = "notice",
        [PD_ROLE_METADATA] = "metadata",
    };
    if ((unsigned)role >= PD_ROLE_COUNT) return "unknown";
    return names[role];
}

/* ---- emitter ---- */

static void fail(pd_emitter *e, int status)
{
    if (e->status == PURDAH_OK) e->status = status;
}

/* Makes room for n more bytes (and the NUL). */
static bool grow(pd_emitter *e, size_t n)
{
    pd_extracted *x = e->x;
    if (e->status != PURDAH_OK) return false;
    if (n > UINT32_MAX || x->len > UINT32_MAX - n) {
        fail(e, PURDAH_ELIMIT);
        return false;
    }
    if (PD_RESERVE(x->owned, x->owned_cap, x->len + n + 1) != 0) {
        fail(e, PURDAH_ENOMEM);
        return false;
    }
    x->text = x->owned;
    return true;
}

static void push_segment(pd_emitter *e, pd_role role)
{
    pd_extracted *x = e->x;
    if (PD_RESERVE(x->segments, x->segment_cap, x->segment_count + 1) != 0) {
        fail(e, PURDAH_ENOMEM);
        return;
    }
    x->segments[x->segment_count++] = (pd_segment){role, x->len, x->len};
}

/* Appends bytes with no source (a separator), mapped to the empty input range at `in`. */
static void put_separator(pd_emitter *e, const char *sep, size_t n, size_t in)
{
    pd_extracted *x = e->x;
    if (!grow(e, n)) return;
    memcpy(x->owned + x->len, sep, n);
    pd_offmap_add(&x->map, x->len, n, in, 0);
    x->len += n;
    x->segments[x->segment_count - 1].end = x->len;
}

/* Drops trailing soft whitespace. It was copied byte to byte after the last real content, so
 * only byte-to-byte runs (possibly merged into the run before them) are cut. */
static void take_back_soft(pd_emitter *e)
{
    pd_extracted *x = e->x;
    size_t to = e->soft_start;
    e->soft_start = SIZE_MAX;
    if (to == SIZE_MAX || to >= x->len) return;
    pd_offmap *m = &x->map;
    while (m->count && m->runs[m->count - 1].out >= to) m->count--;
    if (m->count) {
        pd_offrun *r = &m->runs[m->count - 1];
        if (r->out + r->out_len > to) {
            uint32_t cut = r->out + r->out_len - (uint32_t)to;
            r->out_len -= cut;
            if (r->in_len >= cut) r->in_len -= cut;
        }
    }
    x->len = to;
    x->segments[x->segment_count - 1].end = to;
}

/* Gets ready to append real content of `role` coming from input offset `in`. */
static bool open_content(pd_emitter *e, pd_role role, size_t in)
{
    pd_extracted *x = e->x;
    if (e->status != PURDAH_OK) return false;
    if (x->segment_count == 0) {
        push_segment(e, role);
    } else if (e->want_new || x->segments[x->segment_count - 1].role != role) {
        take_back_soft(e);
        put_separator(e, "\n\n", 2, in);
        push_segment(e, role);
    } else if (e->want_break) {
        take_back_soft(e);
        put_separator(e, "\n\n", e->want_break, in);
    }
    e->want_new = false;
    e->want_break = 0;
    e->soft_start = SIZE_MAX;
    e->pieces++;
    return e->status == PURDAH_OK;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!pd_ascii_isspace((unsigned char)s[i])) return false;
    return true;
}

void pd_emit_begin(pd_emitter *e, pd_extracted *x)
{
    pd_extracted_reset(x);
    memset(e, 0, sizeof *e);
    e->x = x;
    e->soft_start = SIZE_MAX;
    e->status = PURDAH_OK;
    grow(e, 0); /* so that text is an owned, NUL-terminated buffer even when empty */
}

void pd_emit_copy(pd_emitter *e, pd_role role, const char *src, size_t in, size_t n)
{
    pd_extracted *x = e->x;
    if (n == 0 || e->status != PURDAH_OK) return;
    if (all_space(src + in, n)) {
        if (x->segment_count == 0 || e->want_break || e->want_new) return;
        if (e->soft_start == SIZE_MAX) e->soft_start = x->len;
        /* soft whitespace joins the current segment whatever its role */
    } else if (!open_content(e, role, in)) {
        return;
    }
    if (!grow(e, n)) return;
    memcpy(x->owned + x->len, src + in, n);
    pd_offmap_add(&x->map, x->len, n, in, n);
    x->len += n;
    x->segments[x->segment_count - 1].end = x->len;
}

void pd_emit_atomic(pd_emitter *e, pd_role role, const char *bytes, size_t n, size_t in,
                    size_t in_len)
{
    pd_extracted *x = e->x;
    if (n == 0 || !open_content(e, role, in) || !grow(e, n)) return;
    memcpy(x->owned + x->len, bytes, n);
    if (n == in_len) {
        /* Equal lengths would read as byte to byte (e.g. "&nLl;" is 5 bytes of UTF-8): split into
         * two runs of other lengths, each standing for the whole reference. */
        pd_offmap_add(&x->map, x->len, n - 1, in, in_len);
        pd_offmap_add(&x->map, x->len + n - 1, 1, in, in_len);
    } else {
        pd_offmap_add(&x->map, x->len, n, in, in_len);
    }
    x->len += n;
    x->segments[x->segment_count - 1].end = x->len;
}

void pd_emit_break(pd_emitter *e)
{
    if (e->status != PURDAH_OK) return;
    take_back_soft(e);
    if (e->x->segment_count && e->want_break < 1) e->want_break = 1;
}

void pd_emit_paragraph(pd_emitter *e)
{
    if (e->status != PURDAH_OK) return;
    take_back_soft(e);
    if (e->x->segment_count) e->want_break = 2;
}

void pd_emit_isolate_begin(pd_emitter *e)
{
    e->iso_prev_new = e->want_new;
    e->want_new = true;
    e->iso_pieces = e->pieces;
}

void pd_emit_isolate_end(pd_emitter *e)
{
    if (e->status != PURDAH_OK) return;
    if (e->pieces == e->iso_pieces) { /* nothing was appended */
        e->want_new = e->iso_prev_new;
        return;
    }
    take_back_soft(e);
    e->want_new = true;
}

int pd_emit_end(pd_emitter *e)
{
    pd_extracted *x = e->x;
    if (e->status == PURDAH_OK) {
        take_back_soft(e); /* trailing whitespace-only pieces carry nothing */
        if (x->map.failed) fail(e, PURDAH_ENOMEM);
    }
    if (x->owned) x->owned[x->len] = '\0';
    x->text = x->owned ? x->owned : "";
    return e->status;
}

/* ---- character references (see pd_decode_char_ref in extract.h) ---- */

#include "html_entities.h"

/* key[0..len) (any bytes) against a NUL-terminated table name, in strcmp order. */
static int ref_name_cmp(const char *key, size_t len, const char *name)
{
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '\0') return 1;
        if (key[i] != name[i]) return (unsigned char)key[i] < (unsigned char)name[i] ? -1 : 1;
    }
    return name[len] == '\0' ? 0 : -1;
}

static const pd_entity *ref_find_entity(const char *key, size_t len)
{
    size_t lo = 0, hi = PD_ARRAY_LEN(pd_entities);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ref_name_cmp(key, len, pd_entities[mid].name);
        if (c == 0) return &pd_entities[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

/* What browsers make of a numeric reference: C1 controls are read as Windows-1252 (CMSes emit
 * "&#146;" for an apostrophe), and what is no character becomes U+FFFD. */
static uint32_t ref_code_point(uint32_t v)
{
    static const uint16_t c1[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    };
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F && c1[v - 0x80]) return c1[v - 0x80];
    return v;
}

uint32_t pd_read_numeric_ref(const char *s, size_t *at, size_t end, bool hex)
{
    size_t j = *at;
    uint32_t v = 0;
    for (; j < end; j++) {
        unsigned char c = (unsigned char)s[j];
        unsigned d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else break;
        v = v * (hex ? 16 : 10) + d;
        if (v > 0x10FFFF) v = 0x110000; /* saturate: long digit runs cannot overflow */
    }
    *at = j;
    return ref_code_point(v);
}

/* "&#...": j is just past '#'. */
static size_t ref_numeric(const char *s, size_t i, size_t j, size_t end, bool strict, char *out,
                          size_t *out_len)
{
    bool hex = j < end && (s[j] == 'x' || s[j] == 'X');
    if (hex) j++;
    size_t digits = j;
    uint32_t cp = pd_read_numeric_ref(s, &j, end, hex);
    if (j == digits) return 0;
    if (strict && j - digits > (hex ? 6u : 7u)) return 0;
    if (j < end && s[j] == ';') j++;
    else if (strict) return 0;
    *out_len = pd_utf8_encode(cp, out);
    return j - i;
}

size_t pd_decode_char_ref(const char *s, size_t i, size_t end, unsigned flags, char out[8],
                          size_t *out_len)
{
    bool strict = (flags & PD_REF_STRICT) != 0;
    size_t j = i + 1;
    if (j >= end) return 0;
    if (s[j] == '#') return ref_numeric(s, i, j + 1, end, strict, out, out_len);
    size_t k = 0;
    while (j + k < end && k < PD_ENTITY_MAX_NAME && pd_ascii_isalnum((unsigned char)s[j + k]))
        k++;
    if (k == 0) return 0;
    const pd_entity *e = NULL;
    size_t name_len = 0;
    if (j + k < end && s[j + k] == ';') {
        e = ref_find_entity(s + j, k + 1);
        name_len = k + 1;
    }
    if (!e) {
        if (strict) return 0;
        /* the longest legacy name that is a prefix of the run, as browsers match */
        for (size_t n = k < PD_ENTITY_MAX_LEGACY ? k : PD_ENTITY_MAX_LEGACY; n >= 2 && !e; n--) {
            e = ref_find_entity(s + j, n);
            name_len = n;
        }
        if (!e) return 0;
        if ((flags & PD_REF_ATTR) && j + name_len < end &&
            (s[j + name_len] == '=' || pd_ascii_isalnum((unsigned char)s[j + name_len])))
            return 0;
    }
    size_t n = pd_utf8_encode(e->cp1, out);
    if (e->cp2) n += pd_utf8_encode(e->cp2, out + n);
    *out_len = n;
    return 1 + name_len;
}
