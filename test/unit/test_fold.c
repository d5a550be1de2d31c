/* test_fold.c: folding rules and the offset map back to the input. */
#include "fold.h"
#include "harness.h"

/* Checks the map's shape: runs cover [0, len) of the folded text with no gap or overlap, every
 * input range lies inside the input and input starts never go backwards. */
static int map_ok(const pd_folded *f, size_t in_len)
{
    const pd_offmap *m = &f->map;
    if (f->len == 0) return m->count == 0;
    if (m->count == 0 || m->runs[0].out != 0) return 0;
    for (size_t k = 0; k < m->count; k++) {
        const pd_offrun *r = &m->runs[k];
        if (r->out_len == 0 || (size_t)r->in + r->in_len > in_len) return 0;
        if (k > 0) {
            const pd_offrun *p = &m->runs[k - 1];
            if (p->out + p->out_len != r->out || r->in < p->in) return 0;
        }
    }
    const pd_offrun *last = &m->runs[m->count - 1];
    return last->out + last->out_len == f->len;
}

/* Folds `in` (len bytes) and checks the output and the map's shape. */
static void fold_is(pd_folded *f, const char *in, size_t len, const char *want, int line)
{
    int rc = pd_fold(f, in, len);
    if (rc != PURDAH_OK || f->len != strlen(want) || memcmp(f->text, want, f->len) != 0 ||
        f->text[f->len] != '\0') {
        harness_failed++;
        fprintf(stderr, "%s:%d: fold gave \"%s\" (rc %d), want \"%s\"\n", __FILE__, line,
                f->text ? f->text : "(null)", rc, want);
        return;
    }
    harness_passed++;
    if (map_ok(f, len)) harness_passed++;
    else {
        harness_failed++;
        fprintf(stderr, "%s:%d: bad offset map for \"%s\"\n", __FILE__, line, want);
    }
}
#define FOLD_IS(f, in, want) fold_is((f), (in), sizeof(in) - 1, (want), __LINE__)

/* Maps folded [a, b) back and checks it is input [ia, ib). */
static void maps_to(const pd_folded *f, size_t a, size_t b, size_t ia, size_t ib, int line)
{
    size_t s, e;
    pd_offmap_range(&f->map, a, b, &s, &e);
    if (s == ia && e == ib) harness_passed++;
    else {
        harness_failed++;
        fprintf(stderr, "%s:%d: folded [%zu,%zu) maps to [%zu,%zu), want [%zu,%zu)\n", __FILE__,
                line, a, b, s, e, ia, ib);
    }
}
#define MAPS_TO(f, a, b, ia, ib) maps_to((f), (a), (b), (ia), (ib), __LINE__)

/* Offset of `needle` in the folded text (it must be there). */
static size_t at(const pd_folded *f, const char *needle)
{
    const char *p = strstr(f->text, needle);
    CHECK(p != NULL);
    return p ? (size_t)(p - f->text) : 0;
}

static void test_ascii(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "Hello, World! ABC xyz 0123 [x]{y}~", "hello, world! abc xyz 0123 [x]{y}~");
    CHECK_INT(f.map.count, 1); /* one byte-to-byte run for all of it */
    CHECK_INT(f.flags, 0);
    FOLD_IS(&f, "", "");
    CHECK(f.text != NULL);
    CHECK_INT(f.map.count, 0);
    CHECK_INT(pd_fold(&f, NULL, 0), PURDAH_OK);
    CHECK_INT(f.len, 0);
    FOLD_IS(&f, "A", "a");
    FOLD_IS(&f, " ", " ");
    FOLD_IS(&f, "x ", "x ");
    CHECK_INT(f.map.count, 1);
    pd_folded_free(&f);
}

static void test_cllr_jose(void)
{
    pd_folded f;
    pd_folded_init(&f);
    const char in[] = "Cllr JOSÉ  O’Brien";
    FOLD_IS(&f, in, "cllr jose o'brien");
    size_t j = at(&f, "jose");
    MAPS_TO(&f, j, j + 4, 5, 5 + strlen("JOSÉ"));    /* "jose" -> "JOSÉ" */
    MAPS_TO(&f, j + 3, j + 4, 8, 10);                /* "e" -> "É" */
    MAPS_TO(&f, j, j + 3, 5, 8);                     /* "jos" -> "JOS" */
    size_t o = at(&f, "o'brien");
    const char *ob = strstr(in, "O’Brien");
    MAPS_TO(&f, o, o + 7, (size_t)(ob - in), sizeof in - 1); /* "o'brien" -> "O’Brien" */
    MAPS_TO(&f, o + 1, o + 2, (size_t)(ob - in) + 1, (size_t)(ob - in) + 4); /* ' -> ’ */
    MAPS_TO(&f, j + 4, j + 5, 10, 12);               /* the collapsed double space */
    MAPS_TO(&f, 0, f.len, 0, sizeof in - 1);
    pd_folded_free(&f);
}

static void test_whitespace(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "a \t b", "a b");
    MAPS_TO(&f, 1, 2, 1, 4);
    FOLD_IS(&f, "a\tb", "a b");
    CHECK_INT(f.map.count, 1); /* a 1 -> 1 whitespace run merges with its neighbours */
    FOLD_IS(&f, "a\nb", "a b");
    FOLD_IS(&f, "a\r\nb", "a b");
    MAPS_TO(&f, 1, 2, 1, 3);
    FOLD_IS(&f, "a\rb", "a b");
    FOLD_IS(&f, "a\n\nb", "a\nb");
    FOLD_IS(&f, "a\r\n\r\nb", "a\nb");
    MAPS_TO(&f, 1, 2, 1, 5);
    MAPS_TO(&f, 2, 3, 5, 6);
    FOLD_IS(&f, "a\r\rb", "a\nb");
    FOLD_IS(&f, "a\n\rb", "a\nb");
    FOLD_IS(&f, "a \n \t \n b", "a\nb");
    FOLD_IS(&f, "para one.\r\n\r\n\r\nPara two", "para one.\npara two");
    FOLD_IS(&f, "a\fb\vc", "a b c");
    FOLD_IS(&f, "a\f\fb", "a b"); /* form feeds are whitespace, not line breaks */
    FOLD_IS(&f, "  lead and trail  ", " lead and trail ");
    FOLD_IS(&f, "\n\n", "\n");
    FOLD_IS(&f, "a\xE2\x80\xA8" "b", "a b");               /* U+2028 alone */
    FOLD_IS(&f, "a\xE2\x80\xA8\xE2\x80\xA9" "b", "a\nb");  /* U+2028 U+2029 */
    FOLD_IS(&f, "a\n\xE2\x80\xA9" "b", "a\nb");
    FOLD_IS(&f, "x\xC2\xA0y", "x y");                       /* NBSP */
    MAPS_TO(&f, 1, 2, 1, 3);
    MAPS_TO(&f, 0, 3, 0, 4);
    FOLD_IS(&f, "x \xC2\xA0 y", "x y");
    MAPS_TO(&f, 1, 2, 1, 5);
    FOLD_IS(&f, "a\xE1\x9A\x80" "b\xE2\x80\x80" "c\xE2\x80\x8A" "d\xE2\x80\xAF" "e\xE2\x81\x9F"
                "f\xE3\x80\x80" "g",
            "a b c d e f g");
    FOLD_IS(&f, "a\xC2\x85" "b", "a b"); /* C1 control NEL is whitespace */
    FOLD_IS(&f, "a\x7F" "b\x01" "c", "a b c");
    pd_folded_free(&f);
}

static void test_invisible(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "La\xE2\x80\x8B" "bour", "labour");
    MAPS_TO(&f, 0, 6, 0, 9);
    MAPS_TO(&f, 2, 6, 5, 9);
    MAPS_TO(&f, 0, 2, 0, 2);
    MAPS_TO(&f, 1, 3, 1, 6); /* "ab" spans the removed character */
    FOLD_IS(&f, "Con\xC2\xAD" "ser\xE2\x80\x8C" "va\xE2\x80\x8D" "tive\xE2\x81\xA0!",
            "conservative!");
    FOLD_IS(&f, "\xEF\xBB\xBFHello", "hello");
    MAPS_TO(&f, 0, 5, 3, 8);
    FOLD_IS(&f, "a\xE2\x80\x8E\xE2\x80\x8F" "b", "ab");
    FOLD_IS(&f, "a \xE2\x80\x8B b", "a b"); /* inside a whitespace run */
    MAPS_TO(&f, 1, 2, 1, 6);
    FOLD_IS(&f, "a\xE2\x80\x8B b", "a b");
    FOLD_IS(&f, "\xE2\x80\x8B", "");
    CHECK_INT(f.map.count, 0);
    FOLD_IS(&f, "\xE2\x80\x8B" "x", "x");
    MAPS_TO(&f, 0, 1, 3, 4);
    pd_folded_free(&f);
}

static void test_invalid(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "a\xFF" "b", "a\xEF\xBF\xBD" "b");
    CHECK_INT(f.flags, PD_FOLD_INVALID_UTF8);
    CHECK_INT(f.first_invalid, 1);
    MAPS_TO(&f, 1, 4, 1, 2);
    MAPS_TO(&f, 0, 5, 0, 3);
    FOLD_IS(&f, "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");           /* overlong '/' */
    CHECK_INT(f.first_invalid, 0);
    FOLD_IS(&f, "\xE0\x80\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong 3-byte */
    FOLD_IS(&f, "\xF0\x80\x80\xAF",
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");         /* overlong 4-byte */
    FOLD_IS(&f, "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    FOLD_IS(&f, "\xF4\x90\x80\x80",
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");         /* > U+10FFFF */
    FOLD_IS(&f, "\xF5\x80", "\xEF\xBF\xBD\xEF\xBF\xBD");
    FOLD_IS(&f, "ok\xE2\x82", "ok\xEF\xBF\xBD\xEF\xBF\xBD");            /* truncated at end */
    CHECK_INT(f.first_invalid, 2);
    FOLD_IS(&f, "\xE2\x82z", "\xEF\xBF\xBD\xEF\xBF\xBDz");              /* truncated inside */
    FOLD_IS(&f, "\x80x", "\xEF\xBF\xBDx");                              /* stray continuation */
    FOLD_IS(&f, "\xC3", "\xEF\xBF\xBD");
    /* the largest valid forms are kept */
    FOLD_IS(&f, "\xF4\x8F\xBF\xBF \xF0\x9F\x98\x80 \xED\x9F\xBF \xEF\xBF\xBF",
            "\xF4\x8F\xBF\xBF \xF0\x9F\x98\x80 \xED\x9F\xBF \xEF\xBF\xBF");
    CHECK_INT(f.flags, 0);
    /* text made only of invalid bytes grows threefold */
    char bad[300];
    memset(bad, 0xFE, sizeof bad);
    CHECK_INT(pd_fold(&f, bad, sizeof bad), PURDAH_OK);
    CHECK_INT(f.len, 900);
    CHECK(map_ok(&f, sizeof bad));
    MAPS_TO(&f, 897, 900, 299, 300);
    pd_folded_free(&f);
}

static void test_nul(void)
{
    pd_folded f;
    pd_folded_init(&f);
    const char in[] = "a\0b";
    fold_is(&f, in, 3, "a b", __LINE__);
    CHECK_INT(f.flags, PD_FOLD_NUL);
    const char in2[] = "a\0\0 \0b";
    fold_is(&f, in2, 6, "a b", __LINE__);
    MAPS_TO(&f, 1, 2, 1, 5);
    fold_is(&f, "\xFF\0", 2, "\xEF\xBF\xBD ", __LINE__);
    CHECK_INT(f.flags, PD_FOLD_NUL | PD_FOLD_INVALID_UTF8);
    pd_folded_free(&f);
}

static void test_latin(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa");
    FOLD_IS(&f, "Æ æ Ç ç ÈÉÊË èéêë ÌÍÎÏ ìíîï Ð ð Ñ ñ", "ae ae c c eeee eeee iiii iiii d d n n");
    FOLD_IS(&f, "ÒÓÔÕÖØ òóôõöø ÙÚÛÜ ùúûü Ý ý ÿ Þ þ ß", "oooooo oooooo uuuu uuuu y y y th th ss");
    FOLD_IS(&f, "× ÷ µ ª", "× ÷ µ ª"); /* not letters to fold */
    FOLD_IS(&f, "Āā Ăă Ąą Ćć Čč Ďď Đđ Ēē Ěě Ğğ Ħħ Īī İı Ĳĳ Ķķ ĸ Ĺĺ Łł Ńń ŉ Ňň",
            "aa aa aa cc cc dd dd ee ee gg hh ii ii ijij kk k ll ll nn n nn");
    FOLD_IS(&f, "Őő Œœ Řř Śś Şş Šš Ţţ Ťť Ŧŧ Ũũ Ůů Űű Ŵŵ Ŷŷ Ÿ Źź Żż Žž ſ",
            "oo oeoe rr ss ss ss tt tt tt uu uu uu ww yy y zz zz zz s");
    FOLD_IS(&f, "Ŋŋ", "ŋŋ");
    FOLD_IS(&f, "Șș Țț", "ss tt");
    FOLD_IS(&f, "Ẁẁ Ẃẃ Ẅẅ Ỳỳ", "ww ww ww yy");
    FOLD_IS(&f, "Nguyễn Thị Ánh", "nguyen thi anh");
    FOLD_IS(&f, "Llŷr Gwŷn ap Dafydd Ẅ", "llyr gwyn ap dafydd w");

    /* Every letter of U+00C0-017F folds to ASCII, except the multiplication and division signs
     * and eng (no base letter). */
    for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
        char in[2] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F))};
        CHECK_INT(pd_fold(&f, in, 2), PURDAH_OK);
        bool ascii = true;
        for (size_t k = 0; k < f.len; k++) ascii = ascii && (unsigned char)f.text[k] < 0x80;
        bool expect = !(cp == 0xD7 || cp == 0xF7 || cp == 0x14A || cp == 0x14B);
        if (ascii != expect) fprintf(stderr, "U+%04X folds to \"%s\"\n", (unsigned)cp, f.text);
        CHECK(ascii == expect);
        CHECK(f.len >= 1 && f.len <= 2);
        CHECK(map_ok(&f, 2));
        if (expect) { /* every output byte maps to the whole character */
            MAPS_TO(&f, 0, 1, 0, 2);
            if (f.len == 2) MAPS_TO(&f, 1, 2, 0, 2);
        }
    }
    pd_folded_free(&f);
}

/* Same-length replacements must never split an input character. */
static void test_same_length(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "Straße", "strasse");
    MAPS_TO(&f, 0, 5, 0, 6);   /* "stras" -> "Straß", never half of ß */
    MAPS_TO(&f, 4, 5, 4, 6);   /* first s */
    MAPS_TO(&f, 5, 6, 4, 6);   /* second s */
    MAPS_TO(&f, 5, 7, 4, 7);   /* "se" -> "ße" */
    MAPS_TO(&f, 0, 4, 0, 4);
    FOLD_IS(&f, "Æthelred", "aethelred");
    MAPS_TO(&f, 0, 1, 0, 2);
    MAPS_TO(&f, 1, 4, 0, 4);
    FOLD_IS(&f, "wait… what", "wait... what");
    MAPS_TO(&f, 4, 5, 4, 7);
    MAPS_TO(&f, 6, 7, 4, 7);
    MAPS_TO(&f, 0, 5, 0, 7);
    MAPS_TO(&f, 7, 8, 7, 8);
    FOLD_IS(&f, "ĳs", "ijs");
    MAPS_TO(&f, 1, 3, 0, 3);
    /* same length, one character: byte to byte, exact on character boundaries */
    FOLD_IS(&f, "xΩy", "xωy");
    CHECK_INT(f.map.count, 1);
    MAPS_TO(&f, 1, 3, 1, 3);
    pd_folded_free(&f);
}

static void test_greek_cyrillic_fullwidth(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "αβγδεζηθικλμνξοπρστυφχψω");
    FOLD_IS(&f, "Ά Έ Ή Ί Ό Ύ Ώ αβ", "ά έ ή ί ό ύ ώ αβ");
    FOLD_IS(&f, "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгдежзийклмнопрстуфхцчшщъыьэюя");
    FOLD_IS(&f, "ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ", "ѐёђѓєѕіїјљњћќѝўџ");
    FOLD_IS(&f, "Москва", "москва");
    CHECK_INT(f.map.count, 1);
    FOLD_IS(&f, "ＬＡＢＯＵＲ ｌａｂ １２ ＺＺ", "labour lab 12 zz");
    MAPS_TO(&f, 0, 6, 0, 18);
    MAPS_TO(&f, 1, 2, 3, 6);
    FOLD_IS(&f, "＠［", "＠［"); /* fullwidth punctuation is kept */
    pd_folded_free(&f);
}

static void test_punctuation(void)
{
    pd_folded f;
    pd_folded_init(&f);
    FOLD_IS(&f, "‘a’ ‚b‛ c′ dʼ", "'a' 'b' c' d'");
    FOLD_IS(&f, "“a” „b‟ c″ «d»", "\"a\" \"b\" c\" \"d\"");
    FOLD_IS(&f, "a‐b‑c‒d–e—f―g−h﹘i﹣j－k", "a-b-c-d-e-f-g-h-i-j-k");
    FOLD_IS(&f, "O’Brien–Smith", "o'brien-smith");
    FOLD_IS(&f, "…", "...");
    pd_folded_free(&f);
}

static void test_reuse(void)
{
    pd_folded f;
    pd_folded_init(&f);
    char big[5000];
    for (size_t k = 0; k < sizeof big; k++) big[k] = (k % 7 == 0) ? ' ' : (char)('A' + k % 26);
    big[100] = '\xFF';
    CHECK_INT(pd_fold(&f, big, sizeof big), PURDAH_OK);
    CHECK_INT(f.len, sizeof big + 2);
    CHECK(f.flags & PD_FOLD_INVALID_UTF8);
    size_t cap = f.cap;
    char *text = f.text;
    FOLD_IS(&f, "Short É", "short e");
    CHECK_INT(f.flags, 0);
    CHECK_INT(f.first_invalid, 0);
    CHECK_INT(f.cap, cap); /* memory kept */
    CHECK(f.text == text);
    CHECK_INT(f.map.count, 2);
    MAPS_TO(&f, 6, 7, 6, 8);
    FOLD_IS(&f, "", "");
    CHECK_INT(f.map.count, 0);
    FOLD_IS(&f, "Again", "again");
    pd_folded_free(&f);
    CHECK(f.text == NULL);
    pd_folded_free(&f); /* twice is fine */
}

static void test_limit(void)
{
    pd_folded f;
    pd_folded_init(&f);
    CHECK_INT(pd_fold(&f, "x", PD_FOLD_MAX_INPUT + 1), PURDAH_ELIMIT);
    CHECK_INT(f.len, 0);
    pd_folded_free(&f);
}

static void test_pattern(void)
{
    size_t n = 99;
    char *p = pd_fold_pattern("  Cllr  JOSÉ O’Brien \n", strlen("  Cllr  JOSÉ O’Brien \n"), &n);
    CHECK_STR(p, "cllr jose o'brien");
    CHECK_INT(n, 17);
    pd_free(p);
    static const char green[] = "\xC2\xA0Green\xE2\x80\x8B Party\xE2\x80\x83";
    p = pd_fold_pattern(green, sizeof green - 1, NULL);
    CHECK_STR(p, "green party");
    pd_free(p);
    p = pd_fold_pattern("   ", 3, &n);
    CHECK_STR(p, "");
    CHECK_INT(n, 0);
    pd_free(p);
    p = pd_fold_pattern("", 0, &n);
    CHECK_STR(p, "");
    pd_free(p);
    p = pd_fold_pattern("#Vote", 5, &n);
    CHECK_STR(p, "#vote");
    pd_free(p);
}

/* Random inputs built from fragments: the output is valid UTF-8, the map covers it exactly and
 * every folded character maps to a range starting and ending on input character boundaries. */
static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Length of the well-formed UTF-8 character at s (n bytes left), 0 when there is none. */
static size_t char_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (k == 0 || k > n) return 0;
    for (size_t j = 1; j < k; j++)
        if ((s[j] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return k;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if ((k = char_len(s + i, n - i)) == 0) return false;
    return true;
}

static void test_random(void)
{
    static const char *frags[] = {"a", "Z", " ", "  ", "\n", "\r\n", "\t", "\0", "é", "É", "ß",
                                  "Æ", "…", "’", "—", "\xC2\xA0", "\xE2\x80\x8B", "\xC2\xAD",
                                  "\xEF\xBB\xBF", "\xE2\x80\xA8", "Ω", "Ж", "Ｌ", "ẁ", "😀",
                                  "\xFF", "\x80", "\xE2\x82", "\xC3", "\xED\xA0\x80", "x y",
                                  "Ŋ", "ĳ", "«", "\x01", "\x7F"};
    static const size_t frag_len[] = {1, 1, 1, 2, 1, 2, 1, 1, 2, 2, 2, 2, 3, 3, 3, 2, 3, 2, 3,
                                      3, 2, 2, 3, 3, 4, 1, 1, 2, 1, 3, 3, 2, 2, 2, 1, 1};
    _Static_assert(PD_ARRAY_LEN(frags) == PD_ARRAY_LEN(frag_len), "fragment lengths");
    pd_folded f;
    pd_folded_init(&f);
    char in[256];
    unsigned char start_of_char[257];
    int bad = 0;
    for (int iter = 0; iter < 20000 && bad < 5; iter++) {
        size_t len = 0, nfr = rnd() % 24;
        memset(start_of_char, 0, sizeof start_of_char);
        for (size_t k = 0; k < nfr; k++) {
            size_t which = rnd() % PD_ARRAY_LEN(frags);
            if (len + frag_len[which] > sizeof in) break;
            memcpy(in + len, frags[which], frag_len[which]);
            len += frag_len[which];
        }
        /* input character boundaries: each invalid byte is a character of its own */
        for (size_t i = 0, k; i < len; i += k) {
            start_of_char[i] = 1;
            k = char_len((unsigned char *)in + i, len - i);
            if (k == 0) k = 1;
        }
        start_of_char[len] = 1;
        if (pd_fold(&f, in, len) != PURDAH_OK || !valid_utf8((unsigned char *)f.text, f.len) ||
            !map_ok(&f, len) || strlen(f.text) > f.len) {
            bad++;
            harness_failed++;
            fprintf(stderr, "random fold %d failed\n", iter);
            continue;
        }
        /* each folded character maps to whole input characters */
        for (size_t a = 0; a < f.len;) {
            unsigned char c = (unsigned char)f.text[a];
            size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            size_t s, e;
            pd_offmap_range(&f.map, a, a + k, &s, &e);
            if (!start_of_char[s] || !start_of_char[e] || e <= s) {
                bad++;
                harness_failed++;
                fprintf(stderr, "random fold %d: char at %zu maps to [%zu,%zu)\n", iter, a, s,
                        e);
                break;
            }
            a += k;
        }
        harness_passed++;
    }
    pd_folded_free(&f);
}

/* ASCII input against a plain reference: exercises the 8-bytes-at-a-time fast path at every
 * alignment and next to every kind of byte that must leave it. */
static size_t ref_fold_ascii(const char *in, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)in[i];
        if (c > 0x20 && c != 0x7F) {
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        unsigned breaks = 0;
        for (; i < len && ((unsigned char)in[i] <= 0x20 || in[i] == 0x7F); i++) {
            if (in[i] == '\n') breaks++;
            else if (in[i] == '\r') {
                breaks++;
                if (i + 1 < len && in[i + 1] == '\n') i++;
            }
        }
        out[o++] = breaks >= 2 ? '\n' : ' ';
    }
    return o;
}

static void test_ascii_reference(void)
{
    static const char pool[] = "aZmQ .,'-  \n\r\t\x7F\x01\0x";
    pd_folded f;
    pd_folded_init(&f);
    char in[300], want[300];
    int bad = 0;
    for (int iter = 0; iter < 30000 && bad < 5; iter++) {
        size_t len = rnd() % sizeof in;
        unsigned mode = rnd() % 3; /* mostly letters, mostly spaces, anything */
        for (size_t k = 0; k < len; k++) {
            unsigned r = rnd();
            if (mode == 0 && r % 16) in[k] = (char)('A' + r % 58); /* letters and [\\]^_` */
            else if (mode == 1 && r % 4 == 0) in[k] = ' ';
            else if (mode == 1) in[k] = (char)('a' + r % 26);
            else in[k] = pool[r % (sizeof pool - 1)];
        }
        size_t n = ref_fold_ascii(in, len, want);
        bool same = pd_fold(&f, in, len) == PURDAH_OK && f.len == n &&
                    memcmp(f.text, want, n) == 0 && f.text[n] == '\0' && map_ok(&f, len);
        /* every folded byte that is not a collapsed run maps to the one byte it came from */
        for (size_t a = 0; same && a < f.len; a++) {
            size_t s0, e0;
            pd_offmap_range(&f.map, a, a + 1, &s0, &e0);
            unsigned char c = (unsigned char)in[s0];
            if (f.text[a] != ' ' && f.text[a] != '\n')
                same = e0 == s0 + 1 && pd_ascii_lower(c) == (unsigned char)f.text[a];
        }
        if (!same) {
            bad++;
            fprintf(stderr, "ASCII fold %d (len %zu) differs from the reference\n", iter, len);
        }
        CHECK(same);
    }
    pd_folded_free(&f);
}

int main(void)
{
    test_ascii();
    test_cllr_jose();
    test_whitespace();
    test_invisible();
    test_invalid();
    test_nul();
    test_latin();
    test_same_length();
    test_greek_cyrillic_fullwidth();
    test_punctuation();
    test_reuse();
    test_limit();
    test_pattern();
    test_random();
    test_ascii_reference();
    return harness_report();
}
