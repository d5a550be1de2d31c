/* wordlist.c: reads the plain-text wordlists in wordlists/ (one entry per line, '#' comments,
 * a mandatory "# source:" header line, optional "phrase => Canonical Form"; an entry that itself
 * starts with '#', a hashtag, is written "\#hashtag"). */
#include "sources.h"

/* Trims ASCII whitespace from both ends of [*s, *s + *len). */
static void trim(const char **s, size_t *len)
{
    while (*len && pd_ascii_isspace((unsigned char)**s)) { (*s)++; (*len)--; }
    while (*len && pd_ascii_isspace((unsigned char)(*s)[*len - 1])) (*len)--;
}

static const char *find_arrow(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '=' && s[i + 1] == '>') return s + i;
    return NULL;
}

/* Replaces a wordlist of the same id (a later policy file overrides an earlier one). */
static pd_wordlist *wordlist_slot(purdah_builder *b, const char *id)
{
    for (size_t i = 0; i < b->wordlist_count; i++)
        if (strcmp(b->wordlists[i].id, id) == 0) {
            pd_free(b->wordlists[i].entries);
            memset(&b->wordlists[i], 0, sizeof b->wordlists[i]);
            return &b->wordlists[i];
        }
    if (PD_RESERVE(b->wordlists, b->wordlist_cap, b->wordlist_count + 1) != 0) return NULL;
    pd_wordlist *w = &b->wordlists[b->wordlist_count++];
    memset(w, 0, sizeof *w);
    return w;
}

int pd_wordlist_parse(purdah_builder *b, const char *id, const char *data, size_t len,
                      const char *file, purdah_error **err)
{
    pd_wordlist *w = wordlist_slot(b, id);
    if (!w) return pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory");
    w->id = pd_arena_strdup(&b->arena, id);
    w->file = pd_arena_strdup(&b->arena, file);
    if (!w->id || !w->file) return pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory");

    const char *p = data, *end = data + len;
    unsigned line = 0;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = p;
        size_t n = (size_t)(eol - p);
        p = eol < end ? eol + 1 : end;
        if (memchr(s, '\0', n))
            return pd_error_set(err, PURDAH_EPOLICY, file, line, 0, "NUL byte in wordlist");
        trim(&s, &n);
        if (n == 0) continue;
        if (s[0] == '#') {
            const char *h = s + 1;
            size_t hn = n - 1;
            trim(&h, &hn);
            if (!w->source && hn > 7 && strncmp(h, "source:", 7) == 0) {
                h += 7;
                hn -= 7;
                trim(&h, &hn);
                if (hn == 0)
                    return pd_error_set(err, PURDAH_EPOLICY, file, line, 0,
                                        "the \"# source:\" line is empty; name where the entries come from");
                w->source = pd_arena_strndup(&b->arena, h, hn);
                if (!w->source) return pd_error_set(err, PURDAH_ENOMEM, file, line, 0, "out of memory");
            }
            continue;
        }
        if (n >= 2 && s[0] == '\\' && s[1] == '#') { /* an escaped hashtag entry */
            s++;
            n--;
        }
        const char *phrase = s, *canonical = NULL;
        size_t phrase_len = n, canonical_len = 0;
        const char *arrow = find_arrow(s, n);
        if (arrow) {
            phrase_len = (size_t)(arrow - s);
            canonical = arrow + 2;
            canonical_len = (size_t)(s + n - canonical);
            trim(&phrase, &phrase_len);
            trim(&canonical, &canonical_len);
            if (canonical_len == 0)
                return pd_error_set(err, PURDAH_EPOLICY, file, line, 0,
                                    "nothing after \"=>\"; write \"phrase => Canonical Form\"");
        }
        if (phrase_len == 0)
            return pd_error_set(err, PURDAH_EPOLICY, file, line, 0, "empty entry before \"=>\"");
        if (phrase_len > 200)
            return pd_error_set(err, PURDAH_EPOLICY, file, line, 0,
                                "entry is %zu bytes long; the limit is 200", phrase_len);
        if (PD_RESERVE(w->entries, w->cap, w->count + 1) != 0)
            return pd_error_set(err, PURDAH_ENOMEM, file, line, 0, "out of memory");
        pd_entry *e = &w->entries[w->count];
        e->phrase = pd_arena_strndup(&b->arena, phrase, phrase_len);
        e->canonical = canonical ? pd_arena_strndup(&b->arena, canonical, canonical_len) : NULL;
        e->line = line;
        if (!e->phrase || (canonical && !e->canonical))
            return pd_error_set(err, PURDAH_ENOMEM, file, line, 0, "out of memory");
        w->count++;
    }
    if (!w->source)
        return pd_error_set(err, PURDAH_EPOLICY, file, 1, 0,
                            "wordlist has no \"# source:\" header line; every data file must name its source");
    return PURDAH_OK;
}
