/* extract_social.c: social posts and threads (X, Mastodon, Bluesky, Facebook, LinkedIn drafts)
 * with an exact map back to the source bytes.
 *
 * The input is one or more posts forming one document. Posts end at blank lines, at a line of
 * only dashes ("---"), at a line that is only a thread number ("1/5", "(2/5)", "3/"), and around
 * a line that starts or ends with one ("... today 1/3"): each post is its own paragraph, so no
 * phrase runs from one post into the next. Inside a post, line ends are kept as they are (the
 * folder reads them as spaces).
 *
 * Tokens, each an isolated segment so that a rule sees it whole and never joined to its
 * neighbours (the emitter puts "\n\n" around it, mapped to no input bytes; the text around keeps
 * its own spaces and every byte maps exactly):
 *  - #hashtag: '#' then letters, digits, '_' (Unicode letters too), with at least one non-digit
 *    ("#1" is a number), not inside a word ("a#b") or an entity ("&#39;");
 *  - @mention: '@' then [A-Za-z0-9_], and "@user@instance.social" as Mastodon writes it; not
 *    after a word character, so "press@council.gov.uk" is no mention;
 *  - URLs: "http://", "https://", "www." and bare domains with a path ("labour.org.uk/join"),
 *    up to whitespace, a non-ASCII byte (an emoji straight after a link) or '<', '>', '"', less
 *    trailing punctuation and unbalanced ')' or ']'.
 * Everything else is body, emoji and other non-ASCII included. One forward pass: a token is
 * looked for only where a word starts, and a candidate that fails is never rescanned, so time is
 * linear whatever the input. */
#include "extract.h"

#define SNIFF_WINDOW 8192 /* bytes pd_looks_like_social reads */
#define SHORT_POST 600    /* bytes: longer paragraphs are not post-shaped */

/* ---- characters ---- */

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_space_tab(unsigned char c) { return c == ' ' || c == '\t'; }

/* Letters and digits of any script, roughly: what is not ASCII and not in the blocks of spaces,
 * punctuation, symbols and emoji counts (combining accents included), as hashtag parsers do. */
static bool is_word_cp(uint32_t cp)
{
    if (cp < 0x80) return pd_ascii_isalnum((int)cp) || cp == '_';
    if (cp == 0xFFFD || cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
        (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
        (cp >= 0xE0000 && cp <= 0xE007F))
        return false;
    return true;
}

/* The code point ending just before s[i] (a < i: the line start), or '\n' at the line start. */
static uint32_t cp_before(const char *s, size_t a, size_t i)
{
    if (i <= a) return '\n';
    size_t j = i - 1;
    while (j > a && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    size_t len;
    uint32_t cp = pd_utf8_decode(s, j, i, &len);
    return j + len == i ? cp : 0xFFFD;
}

static bool prefix_ci(const char *s, size_t i, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (i > n || n - i < k) return false;
    for (size_t j = 0; j < k; j++)
        if (pd_ascii_lower((unsigned char)s[i + j]) != lit[j]) return false;
    return true;
}

/* ---- tokens ---- */

typedef struct token {
    size_t start, end;
    pd_role role;
} token;

/* "#word": returns its end, or 0. */
static size_t hashtag(const char *s, size_t i, size_t b)
{
    size_t j = i + 1, len;
    bool letter = false;
    while (j < b) {
        uint32_t cp = pd_utf8_decode(s, j, b, &len);
        if (!is_word_cp(cp)) break;
        if (!(cp < 0x80 && is_digit((unsigned char)cp))) letter = true;
        j += len;
    }
    return letter ? j : 0;
}

/* "host.example.social" at s[j]: labels of [A-Za-z0-9-] joined by dots, at least two, the last
 * one alphabetic of two or more letters. Returns its end, or 0. */
static size_t domain(const char *s, size_t j, size_t b)
{
    size_t k = j, labels = 0, last = j;
    for (;;) {
        size_t a = k;
        while (k < b && (pd_ascii_isalnum((unsigned char)s[k]) || s[k] == '-')) k++;
        if (k == a) break;
        labels++;
        last = a;
        if (k + 1 < b && s[k] == '.' && pd_ascii_isalnum((unsigned char)s[k + 1])) {
            k++;
            continue;
        }
        break;
    }
    if (labels < 2 || k - last < 2) return 0;
    for (size_t t = last; t < k; t++)
        if (!is_alpha((unsigned char)s[t])) return 0;
    return k;
}

/* "@handle" or "@handle@instance.social": returns its end, or 0. */
static size_t mention(const char *s, size_t i, size_t b)
{
    size_t j = i + 1;
    while (j < b && (pd_ascii_isalnum((unsigned char)s[j]) || s[j] == '_')) j++;
    if (j == i + 1) return 0;
    if (j + 1 < b && s[j] == '@') {
        size_t e = domain(s, j + 1, b);
        if (e) return e;
    }
    return j;
}

/* The rest of a URL from s[j]: up to whitespace, a non-ASCII byte, '<', '>' or '"', less
 * trailing punctuation and unbalanced closing brackets. */
static size_t url_rest(const char *s, size_t start, size_t j, size_t b)
{
    size_t e = j, parens = 0, closes = 0, squares = 0, square_closes = 0;
    for (; e < b; e++) {
        unsigned char c = (unsigned char)s[e];
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"') break;
        parens += c == '(';
        closes += c == ')';
        squares += c == '[';
        square_closes += c == ']';
    }
    while (e > start) {
        char c = s[e - 1];
        if (strchr(".,;:!?'*", c)) e--;
        else if (c == ')' && closes > parens) e--, closes--;
        else if (c == ']' && square_closes > squares) e--, square_closes--;
        else break;
    }
    return e;
}

/* A URL at s[i] (at a word start): returns its end, or 0. */
static size_t url(const char *s, size_t i, size_t b)
{
    size_t j;
    if (prefix_ci(s, i, b, "https://")) j = i + 8;
    else if (prefix_ci(s, i, b, "http://")) j = i + 7;
    else if (prefix_ci(s, i, b, "www.")) j = i + 4;
    else {
        /* a bare domain counts only with a path: "labour.org.uk/join", not "e.g." or "3.5" */
        size_t d = domain(s, i, b);
        if (!d || d >= b || s[d] != '/') return 0;
        return url_rest(s, i, d, b);
    }
    if (j >= b || !pd_ascii_isalnum((unsigned char)s[j])) return 0;
    size_t e = url_rest(s, i, j, b);
    return e > j ? e : 0;
}

/* Whether a token may start at s[i], after the code point `prev`: never inside a word;
 * hashtags not after '&' (an entity) or '#'; mentions not after '@', '/' or '#' (".@user" is
 * one); URLs not after '@', '/', '.', '-', '#' or ':' (the middle of an address or a domain). */
static bool token_may_start(char c, uint32_t prev)
{
    if (is_word_cp(prev)) return false;
    if (c == '#') return prev != '&' && prev != '#';
    if (c == '@') return prev != '@' && prev != '/' && prev != '#';
    return prev != '@' && prev != '/' && prev != '.' && prev != '-' && prev != '#' && prev != ':';
}

/* The first token in the line s[from, b) (a is the line start), or false. */
static bool next_token(const char *s, size_t a, size_t from, size_t b, token *t)
{
    uint32_t prev = cp_before(s, a, from);
    size_t i = from, len;
    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        if ((c == '#' || c == '@' || pd_ascii_isalnum(c)) && token_may_start((char)c, prev)) {
            size_t e = 0;
            pd_role role = PD_ROLE_LINK_URL;
            if (c == '#') e = hashtag(s, i, b), role = PD_ROLE_HASHTAG;
            else if (c == '@') e = mention(s, i, b), role = PD_ROLE_MENTION;
            else e = url(s, i, b);
            if (e) {
                *t = (token){i, e, role};
                return true;
            }
        }
        prev = pd_utf8_decode(s, i, b, &len);
        i += len;
    }
    return false;
}

/* ---- thread structure ---- */

/* "1/5", "(2/5)", "3/": a thread number at s[a, b) exactly. */
static bool thread_number(const char *s, size_t a, size_t b)
{
    if (a < b && s[a] == '(') {
        if (s[b - 1] != ')') return false;
        a++;
        b--;
    }
    size_t k = a;
    unsigned long n = 0, m = 0;
    while (k < b && is_digit((unsigned char)s[k]) && k - a < 3)
        n = n * 10 + (unsigned long)(s[k++] - '0');
    if (k == a || k >= b || s[k] != '/') return false;
    size_t d = ++k;
    while (k < b && is_digit((unsigned char)s[k]) && k - d < 3)
        m = m * 10 + (unsigned long)(s[k++] - '0');
    return k == b && n >= 1 && (k == d || n <= m);
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && pd_ascii_isspace((unsigned char)s[*a])) (*a)++;
    while (*b > *a && pd_ascii_isspace((unsigned char)s[*b - 1])) (*b)--;
}

/* A line between posts: blank, only dashes (three or more), or only a thread number. */
static bool separator_line(const char *s, size_t a, size_t b)
{
    trim(s, &a, &b);
    if (a == b || thread_number(s, a, b)) return true;
    if (b - a < 3) return false;
    for (size_t k = a; k < b; k++)
        if (s[k] != '-') return false;
    return true;
}

/* Whether the line starts (at_end false) or ends (true) with a thread number as a word. */
static bool edge_number(const char *s, size_t a, size_t b, bool at_end)
{
    trim(s, &a, &b);
    if (at_end) {
        size_t k = b;
        while (k > a && !is_space_tab((unsigned char)s[k - 1])) k--;
        return k > a && thread_number(s, k, b);
    }
    size_t k = a;
    while (k < b && !is_space_tab((unsigned char)s[k])) k++;
    return k < b && thread_number(s, a, k);
}

static size_t line_end(const char *s, size_t i, size_t n)
{
    const char *nl = memchr(s + i, '\n', n - i);
    return nl ? (size_t)(nl - s) : n;
}

/* ---- extraction ---- */

/* One line of a post: body text with its tokens as isolated segments. */
static void emit_line(pd_emitter *e, const char *s, size_t a, size_t b)
{
    size_t at = a;
    token t;
    while (at < b && next_token(s, a, at, b, &t)) {
        pd_emit_copy(e, PD_ROLE_BODY, s, at, t.start - at);
        pd_emit_isolate_begin(e);
        pd_emit_copy(e, t.role, s, t.start, t.end - t.start);
        pd_emit_isolate_end(e);
        at = t.end;
    }
    pd_emit_copy(e, PD_ROLE_BODY, s, at, b - at);
}

int pd_extract_social(pd_extracted *x, const char *src, size_t len)
{
    if (!src && len) {
        pd_extracted_reset(x);
        return PURDAH_EINVAL;
    }
    if (len > UINT32_MAX) { /* map offsets are 32-bit */
        pd_extracted_reset(x);
        return PURDAH_ELIMIT;
    }
    pd_emitter e;
    pd_emit_begin(&e, x);
    size_t pos = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (pos < len && e.status == PURDAH_OK) {
        size_t le = line_end(src, pos, len), next = le < len ? le + 1 : len;
        size_t b = le > pos && src[le - 1] == '\r' ? le - 1 : le; /* "\r\n" */
        if (separator_line(src, pos, b)) {
            pd_emit_paragraph(&e);
        } else {
            if (edge_number(src, pos, b, false)) pd_emit_paragraph(&e);
            emit_line(&e, src, pos, b);
            if (edge_number(src, pos, b, true)) pd_emit_paragraph(&e);
            else pd_emit_copy(&e, PD_ROLE_BODY, src, b, next - b); /* the line end, soft */
        }
        pos = next;
    }
    return pd_emit_end(&e);
}

/* ---- sniffing ---- */

typedef struct shape {
    size_t paragraphs, short_ones, tagged, tags, numbers, total;
} shape;

static void end_paragraph(shape *sh, size_t *bytes, bool *tagged)
{
    if (*bytes) {
        sh->paragraphs++;
        sh->short_ones += *bytes < SHORT_POST;
        sh->tagged += *tagged;
        sh->total += *bytes;
    }
    *bytes = 0;
    *tagged = false;
}

/* Post-shaped: short paragraphs with hashtags or mentions, or thread numbers. A single post is
 * short and tagged. A thread is mostly short paragraphs (four in five under 600 bytes) that are
 * numbered, or tagged in at least half of them. A press release that merely ends with one
 * hashtag has many untagged paragraphs and fails; so do HTML and long prose. */
bool pd_looks_like_social(const char *src, size_t len)
{
    if (!src || len == 0) return false;
    size_t limit = len < SNIFF_WINDOW ? len : SNIFF_WINDOW, pos = 0;
    if (limit >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    size_t first = pos;
    while (first < limit && pd_ascii_isspace((unsigned char)src[first])) first++;
    if (first < limit && src[first] == '<') return false; /* markup */
    shape sh = {0, 0, 0, 0, 0, 0};
    size_t bytes = 0;
    bool tagged = false;
    while (pos < limit) {
        size_t le = line_end(src, pos, limit), next = le < limit ? le + 1 : limit;
        size_t a = pos, b = le;
        trim(src, &a, &b);
        if (separator_line(src, pos, le)) {
            sh.numbers += a < b && src[a] != '-';
            end_paragraph(&sh, &bytes, &tagged);
        } else {
            token t;
            for (size_t at = pos; at < le && next_token(src, pos, at, le, &t); at = t.end) {
                if (t.role == PD_ROLE_HASHTAG || t.role == PD_ROLE_MENTION) {
                    sh.tags++;
                    tagged = true;
                }
            }
            bytes += b - a + 1;
            if (edge_number(src, pos, le, true)) {
                sh.numbers++;
                end_paragraph(&sh, &bytes, &tagged);
            }
        }
        pos = next;
    }
    end_paragraph(&sh, &bytes, &tagged);
    if (sh.paragraphs == 0 || sh.short_ones * 5 < sh.paragraphs * 4) return false;
    if (sh.numbers >= 2 || (sh.numbers && sh.tags)) return true;
    if (sh.tags == 0) return false;
    return sh.total <= SHORT_POST || sh.tagged * 2 >= sh.paragraphs;
}
