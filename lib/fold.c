/* fold.c: Unicode-aware folding with an offset map (see fold.h). */
#include "fold.h"

#include "fold_table.h"

/* ASCII bytes that the fast path copies: 0x21-0x7E lower-cased, and the space (which the fast
 * path takes only when a plain byte follows, so runs of whitespace go the slow way). 0 marks
 * bytes that need the slow path: controls, DEL and non-ASCII. */
static const unsigned char ascii_fold[256] = {
    ['\x20'] = ' ',
#define R(c) [c] = c
#define L(c) [c - 32] = c
    R('!'), R('"'), R('#'), R('$'), R('%'), R('&'), R('\''), R('('), R(')'), R('*'), R('+'),
    R(','), R('-'), R('.'), R('/'), R('0'), R('1'), R('2'), R('3'), R('4'), R('5'), R('6'),
    R('7'), R('8'), R('9'), R(':'), R(';'), R('<'), R('='), R('>'), R('?'), R('@'),
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
    L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
    L('w'), L('x'), L('y'), L('z'),
    R('['), R('\\'), R(']'), R('^'), R('_'), R('`'),
    R('a'), R('b'), R('c'), R('d'), R('e'), R('f'), R('g'), R('h'), R('i'), R('j'), R('k'),
    R('l'), R('m'), R('n'), R('o'), R('p'), R('q'), R('r'), R('s'), R('t'), R('u'), R('v'),
    R('w'), R('x'), R('y'), R('z'),
    R('{'), R('|'), R('}'), R('~'),
#undef R
#undef L
};

/* Eight bytes at a time (SWAR, byte order independent). */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* 0x80 in each byte of w that is zero, exactly (no borrow between bytes). */
static inline uint64_t zero_bytes(uint64_t w)
{
    uint64_t t = (w & ~HIGHS) + ~HIGHS;
    return ~(t | w | ~HIGHS);
}

/* True when all 8 bytes are for the fast path: printable ASCII, or a space not followed by
 * another within the word (the caller checks the byte after a space in the last byte). */
static inline bool plain8(uint64_t w)
{
    uint64_t bad = w & HIGHS;                         /* non-ASCII */
    bad |= (w - ONES * 0x20) & ~w & HIGHS;            /* < 0x20 (w is ASCII when it matters) */
    bad |= zero_bytes(w ^ (ONES * 0x7F));             /* DEL */
    uint64_t sp = zero_bytes(w ^ (ONES * 0x20));      /* spaces */
    return !bad && !(sp & (sp >> 8));                 /* no two spaces in a row */
}

/* Lower-cases the ASCII letters of w (all bytes ASCII). */
static inline uint64_t lower8(uint64_t w)
{
    uint64_t ge_a = w + ONES * (0x80 - 'A'); /* high bit set where byte >= 'A' */
    uint64_t gt_z = w + ONES * (0x7F - 'Z'); /* high bit set where byte > 'Z' */
    return w | ((ge_a & ~gt_z & HIGHS) >> 2);
}

/* Decodes one well-formed UTF-8 character of 2-4 bytes at s (n bytes available). Returns its
 * length, or 0 when the byte at s does not start one (Unicode table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncation). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0xC2) return 0; /* ASCII (not handled here), stray continuation, overlong C0/C1 */
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0; /* above U+10FFFF */
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    return 0;
}

/* What to do with a non-ASCII character. */
enum {
    FOLD_KEEP = -1,  /* copy unchanged */
    FOLD_SPACE = -2, /* whitespace (or a C1 control) */
    FOLD_BREAK = -3, /* a line break (U+2028, U+2029) */
    FOLD_SKIP = -4   /* invisible: remove */
};

/* Folds code point cp (>= 0x80). Returns a FOLD_* code, or the length of the replacement written
 * to rep (never longer than cp's UTF-8 form). */
static int fold_cp(uint32_t cp, char rep[4])
{
    const char *s;
    if (cp < 0xC0) {
        if (cp < 0xA0) return FOLD_SPACE; /* C1 controls */
        if (cp == 0xA0) return FOLD_SPACE;
        if (cp == 0xAD) return FOLD_SKIP;
        if (cp == 0xAB || cp == 0xBB) s = "\"";
        else return FOLD_KEEP;
    } else if (cp <= 0x24F) {
        s = pd_fold_latin[cp - 0xC0];
    } else if (cp < 0x1E00) {
        if (cp == 0x2BC) s = "'";
        else if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
            return (int)pd_utf8_encode(cp + 0x20, rep);
        else if (cp >= 0x400 && cp <= 0x40F) return (int)pd_utf8_encode(cp + 0x50, rep);
        else if (cp == 0x386) return (int)pd_utf8_encode(0x3AC, rep); /* accented Greek capitals */
        else if (cp >= 0x388 && cp <= 0x38A) return (int)pd_utf8_encode(cp + 0x25, rep);
        else if (cp == 0x38C) return (int)pd_utf8_encode(0x3CC, rep);
        else if (cp == 0x38E || cp == 0x38F) return (int)pd_utf8_encode(cp + 0x3F, rep);
        else if (cp == 0x1680) return FOLD_SPACE;
        else return FOLD_KEEP;
    } else if (cp <= 0x1EFF) {
        s = pd_fold_latin_add[cp - 0x1E00];
    } else if (cp >= 0x2000 && cp <= 0x2060) {
        if (cp <= 0x200A || cp == 0x202F || cp == 0x205F) return FOLD_SPACE;
        if (cp <= 0x200F || cp == 0x2060) return FOLD_SKIP;
        if (cp <= 0x2015) s = "-";
        else if (cp >= 0x2018 && cp <= 0x201B) s = "'";
        else if (cp >= 0x201C && cp <= 0x201F) s = "\"";
        else if (cp == 0x2026) s = "...";
        else if (cp == 0x2028 || cp == 0x2029) return FOLD_BREAK;
        else if (cp == 0x2032) s = "'";
        else if (cp == 0x2033) s = "\"";
        else return FOLD_KEEP;
    } else if (cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D) {
        s = "-";
    } else if (cp == 0x3000) {
        return FOLD_SPACE;
    } else if (cp == 0xFEFF) {
        return FOLD_SKIP;
    } else if (cp >= 0xFF10 && cp <= 0xFF5A) { /* fullwidth digits and letters */
        if (cp <= 0xFF19) rep[0] = (char)('0' + (cp - 0xFF10));
        else if (cp >= 0xFF21 && cp <= 0xFF3A) rep[0] = (char)('a' + (cp - 0xFF21));
        else if (cp >= 0xFF41) rep[0] = (char)('a' + (cp - 0xFF41));
        else return FOLD_KEEP;
        return 1;
    } else {
        return FOLD_KEEP;
    }
    size_t n = strlen(s);
    if (n == 0) return FOLD_KEEP;
    memcpy(rep, s, n);
    return (int)n;
}

/* Consumes the whitespace run starting at in[*pos] (which is whitespace): whitespace, controls
 * and invisible characters. Returns the number of line breaks in it. */
static unsigned ws_run(pd_folded *f, const unsigned char *in, size_t len, size_t *pos)
{
    size_t i = *pos;
    unsigned breaks = 0;
    while (i < len) {
        unsigned c = in[i];
        if (c < 0x80) {
            if (c == '\n') {
                breaks++;
            } else if (c == '\r') {
                breaks++;
                if (i + 1 < len && in[i + 1] == '\n') i++;
            } else if (c > 0x20 && c != 0x7F) {
                break;
            } else if (c == 0) {
                f->flags |= PD_FOLD_NUL;
            }
            i++;
            continue;
        }
        uint32_t cp;
        char rep[4];
        size_t k = decode(in + i, len - i, &cp);
        if (k == 0) break;
        int what = fold_cp(cp, rep);
        if (what == FOLD_BREAK) breaks++;
        else if (what != FOLD_SPACE && what != FOLD_SKIP) break;
        i += k;
    }
    *pos = i;
    return breaks;
}

int pd_fold(pd_folded *f, const char *input, size_t len)
{
    const unsigned char *in = (const unsigned char *)input;
    f->len = 0;
    f->flags = 0;
    f->first_invalid = 0;
    pd_offmap_reset(&f->map);
    if (len > PD_FOLD_MAX_INPUT) {
        if (f->text) f->text[0] = '\0';
        return PURDAH_ELIMIT;
    }
    /* Valid UTF-8 never grows, so len + 1 bytes suffice until an invalid byte (1 -> 3 bytes)
     * shows up. Invariant: cap >= o + (len - i) + 1. */
    if (PD_RESERVE(f->text, f->cap, len + 1) != 0) return PURDAH_ENOMEM;
    unsigned char *out = (unsigned char *)f->text;
    size_t o = 0, i = 0;

    while (i < len) {
        /* Fast path: a stretch of plain ASCII, one byte-to-byte run. */
        size_t start = i, ostart = o;
        while (i < len) {
            if (len - i >= 8) {
                uint64_t w;
                memcpy(&w, in + i, 8);
                if (plain8(w) &&
                    (in[i + 7] != ' ' || (len - i > 8 && ascii_fold[in[i + 8]] > ' '))) {
                    w = lower8(w);
                    memcpy(out + o, &w, 8);
                    i += 8;
                    o += 8;
                    continue;
                }
            }
            unsigned char t = ascii_fold[in[i]];
            if (t == 0 || (t == ' ' && (i + 1 == len || ascii_fold[in[i + 1]] <= ' '))) break;
            out[o++] = t;
            i++;
        }
        if (i > start) pd_offmap_add(&f->map, ostart, o - ostart, start, i - start);
        if (i == len) break;

        unsigned c = in[i];
        if (c < 0x80) { /* whitespace or a control character */
            size_t rs = i;
            unsigned breaks = ws_run(f, in, len, &i);
            out[o] = breaks >= 2 ? '\n' : ' ';
            pd_offmap_add(&f->map, o, 1, rs, i - rs);
            o++;
            continue;
        }

        uint32_t cp;
        size_t k = decode(in + i, len - i, &cp);
        if (k == 0) { /* one invalid byte -> U+FFFD */
            if (!(f->flags & PD_FOLD_INVALID_UTF8)) {
                f->flags |= PD_FOLD_INVALID_UTF8;
                f->first_invalid = i;
            }
            if (PD_RESERVE(f->text, f->cap, o + 3 + (len - i - 1) + 1) != 0) goto oom;
            out = (unsigned char *)f->text;
            out[o] = 0xEF;
            out[o + 1] = 0xBF;
            out[o + 2] = 0xBD;
            pd_offmap_add(&f->map, o, 3, i, 1);
            o += 3;
            i++;
            continue;
        }

        char rep[4];
        int n = fold_cp(cp, rep);
        if (n == FOLD_SPACE || n == FOLD_BREAK) {
            size_t rs = i;
            unsigned breaks = ws_run(f, in, len, &i);
            out[o] = breaks >= 2 ? '\n' : ' ';
            pd_offmap_add(&f->map, o, 1, rs, i - rs);
            o++;
        } else if (n == FOLD_SKIP) {
            i += k; /* no output, so no run: the input side of the map skips it */
        } else if (n == FOLD_KEEP) {
            memcpy(out + o, in + i, k);
            pd_offmap_add(&f->map, o, k, i, k);
            o += k;
            i += k;
        } else {
            size_t m = (size_t)n;
            memcpy(out + o, rep, m);
            if (m != k || (unsigned char)rep[0] >= 0x80) {
                /* Different length: atomic. Same length and one character (Greek, Cyrillic
                 * case change): byte to byte is exact on character boundaries. */
                pd_offmap_add(&f->map, o, m, i, k);
            } else {
                /* Several ASCII characters of the same total length (ß -> ss): a byte-to-byte
                 * run would map "s" to half of "ß", so each output byte gets the whole input. */
                for (size_t j = 0; j < m; j++) pd_offmap_add(&f->map, o + j, 1, i, k);
            }
            o += m;
            i += k;
        }
    }
    out[o] = '\0';
    if (f->map.failed) goto oom;
    f->len = o;
    pd_offmap_index(&f->map, o); /* judging maps many folded offsets back */
    return PURDAH_OK;
oom:
    f->len = 0;
    f->text[0] = '\0';
    pd_offmap_reset(&f->map);
    return PURDAH_ENOMEM;
}

void pd_folded_init(pd_folded *f) { memset(f, 0, sizeof *f); }

void pd_folded_free(pd_folded *f)
{
    pd_free(f->text);
    pd_offmap_free(&f->map);
    pd_folded_init(f);
}

char *pd_fold_pattern(const char *in, size_t len, size_t *out_len)
{
    /* Printable ASCII (most names and wordlist entries): folding lower-cases the letters and
     * makes each run of spaces one space, and the ends are trimmed. Done here directly, without
     * the offset map and its allocations (a policy with thousands of names folds each of them
     * several times). */
    size_t i = 0;
    while (i < len && (unsigned char)in[i] >= 0x20 && (unsigned char)in[i] <= 0x7E) i++;
    if (i == len && len <= PD_FOLD_MAX_INPUT) {
        char *out = pd_malloc(len + 1);
        if (!out) return NULL;
        size_t n = 0;
        for (i = 0; i < len; i++) {
            char c = in[i];
            if (c == ' ' && (n == 0 || out[n - 1] == ' ')) continue;
            out[n++] = c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        }
        while (n && out[n - 1] == ' ') n--;
        out[n] = '\0';
        if (out_len) *out_len = n;
        return out;
    }
    pd_folded f;
    pd_folded_init(&f);
    char *result = NULL;
    if (pd_fold(&f, in, len) == PURDAH_OK) {
        size_t a = 0, b = f.len;
        while (a < b && (f.text[a] == ' ' || f.text[a] == '\n')) a++;
        while (b > a && (f.text[b - 1] == ' ' || f.text[b - 1] == '\n')) b--;
        result = pd_strndup(f.text + a, b - a);
        if (result && out_len) *out_len = b - a;
    }
    pd_folded_free(&f);
    return result;
}
