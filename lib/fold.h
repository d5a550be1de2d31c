/* fold.h: normalises text for matching, keeping a map back to the original bytes.
 *
 * Folding makes "Cllr JOSÉ O’Brien–Smith" and "cllr jose o'brien-smith" the same bytes:
 *   - ASCII letters lower-cased; Latin letters U+00C0-024F and U+1E00-1EFF lower-cased and
 *     stripped of diacritics (é -> e, Ł -> l, ß -> ss, æ -> ae, ø -> o, þ -> th, ẁ -> w; see
 *     fold_table.h); Greek and Cyrillic capitals lower-cased (simple case mapping); fullwidth
 *     ASCII letters and digits (U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A) to ASCII;
 *   - curly, low-9 and prime quotes (U+2018-201F, U+2032, U+2033, U+02BC) and guillemets «» to
 *     ' and ", every dash and hyphen (U+2010-2015, U+2212, U+FE58, U+FE63, U+FF0D) to '-', the
 *     ellipsis U+2026 to "...";
 *   - every run of whitespace (ASCII, NBSP U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F,
 *     U+205F, U+3000, and the control characters below) to one space, except a run holding two
 *     or more line breaks ("\r\n", "\n", "\r", U+2028, U+2029 each count one), which becomes
 *     one '\n' (a paragraph break, which phrases never match across). Invisible characters
 *     inside a run belong to it. Leading and trailing runs are kept (as one space or '\n');
 *   - invisible characters removed: soft hyphen U+00AD, zero-width U+200B-200D, direction marks
 *     U+200E-200F, U+2060, BOM U+FEFF (so "La\u200Bbour" still matches);
 *   - NUL and other C0/C1 control characters (except line breaks and tabs) count as whitespace;
 *   - each invalid UTF-8 byte (overlong forms, surrogates, > U+10FFFF, truncated sequences,
 *     stray continuation bytes) to U+FFFD, so the output is always valid UTF-8 (PCRE2 can match
 *     it with PCRE2_NO_UTF_CHECK).
 * Everything else is copied unchanged. Folding never lengthens valid UTF-8.
 *
 * The offset map: runs cover every folded byte, in order. ASCII and unchanged characters are
 * byte-to-byte runs, and so is a character folded to one character of the same length (Ω -> ω),
 * which is exact on character boundaries; a character folded to a different length, a
 * whitespace run and each U+FFFD are atomic runs covering the whole input character or run (a
 * one-byte whitespace run is 1 -> 1, byte to byte, which is the same thing). A character folded to several
 * ASCII characters of the same total length (ß -> ss, æ -> ae, … -> ...) gets one atomic run per
 * output byte, each covering the whole input character, so that no folded range maps to half a
 * character. Removed characters produce no run (the input side then has a gap, never the
 * folded side). */
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
/* Largest input pd_fold accepts: folded offsets (up to 3 bytes per input byte) must fit the
 * offset map's 32-bit fields. */
#define PD_FOLD_MAX_INPUT ((size_t)(UINT32_MAX / 3 - 1))

/* Folds in[0..len) into f, reusing f's memory. Returns PURDAH_OK, PURDAH_ENOMEM, or
 * PURDAH_ELIMIT when len > PD_FOLD_MAX_INPUT (f is then empty). */
int pd_fold(pd_folded *f, const char *in, size_t len);
/* Folds a short pattern (a wordlist entry) into a new NUL-terminated string (free with
 * pd_free), trimming leading and trailing whitespace; *out_len (when out_len is non-NULL) gets
 * its length. Returns NULL when out of memory. */
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
