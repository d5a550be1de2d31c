/* fold.h: normalises text for matching, keeping a map back to the original bytes.
 *
 * Folding makes "Cllr JOSÉ O’Brien–Smith" and "cllr jose o'brien-smith" the same bytes:
 *   - ASCII letters lower-cased; Latin-1 Supplement and Latin Extended-A letters lower-cased and
 *     stripped of diacritics (é -> e, Ł -> l, ß -> ss, æ -> ae, ø -> o, þ -> th); Greek and
 *     Cyrillic capitals lower-cased (simple case mapping);
 *   - curly and prime quotes to ' and ", every dash and hyphen (U+2010-2015, U+2212) to '-',
 *     the ellipsis U+2026 to "...";
 *   - every run of whitespace (ASCII, NBSP U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F,
 *     U+205F, U+3000) to one space, except a run holding two or more line breaks, which becomes
 *     one '\n' (a paragraph break, which phrases never match across);
 *   - invisible characters removed: soft hyphen U+00AD, zero-width U+200B-200D, U+2060, BOM
 *     U+FEFF (so "La\u200Bbour" still matches);
 *   - NUL and other C0/C1 control characters (except line breaks and tabs) to a space;
 *   - each invalid UTF-8 byte to U+FFFD, so the output is always valid UTF-8 (PCRE2 can match
 *     it with PCRE2_NO_UTF_CHECK).
 * Everything else is copied unchanged. */
#ifndef PD_FOLD_H
#define PD_FOLD_H

#include "internal.h"
#include "offmap.h"

enum {
    PD_FOLD_INVALID_UTF8 = 1u << 0, /* at least one invalid byte was replaced */
    PD_FOLD_NUL = 1u << 1           /* at least one NUL byte was seen */
};

typedef struct pd_folded {
    char *text;      /* folded bytes, NUL-terminated */
    size_t len;
    size_t cap;
    pd_offmap map;   /* folded offsets -> offsets in the input given to pd_fold */
    unsigned flags;  /* PD_FOLD_* */
    size_t first_invalid; /* input offset of the first invalid UTF-8 byte (when flagged) */
} pd_folded;

void pd_folded_init(pd_folded *f);
void pd_folded_free(pd_folded *f);
/* Folds in[0..len) into f, reusing f's memory. Returns PURDAH_OK or PURDAH_ENOMEM. */
int pd_fold(pd_folded *f, const char *in, size_t len);
/* Folds a short pattern (a wordlist entry) into a new NUL-terminated string, trimming leading
 * and trailing whitespace. Returns NULL when out of memory. */
char *pd_fold_pattern(const char *in, size_t len, size_t *out_len);

/* Word characters of folded text: ASCII letters and digits and every byte of a non-ASCII
 * character (folded text holds no non-ASCII punctuation that matters for boundaries, except the
 * replacement character, which is treated as a word character so that broken bytes never create
 * a boundary). */
static inline bool pd_is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           (c >= 'A' && c <= 'Z');
}

#endif
