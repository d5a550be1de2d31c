/* names.c: compiles candidates and members into people, and every form their names take in
 * print into literals for the automaton:
 *   full name              "Margaret Anne Whitlock"
 *   forename + surname     "Margaret Whitlock"            (middle names dropped)
 *   ballot-paper form      "WHITLOCK, Margaret Anne", "WHITLOCK, Margaret"
 *   surname                "Whitlock" (judged in context: titles, initials, earlier mentions)
 *   a known-as name        "Bob Kettleborough" for Robert, with the same forms
 *   spellings              O'Neill also as ONeill, Smith-Jones also as Smith Jones (diacritics
 *                          and curly apostrophes are already one by folding)
 *   handle and website     "@PriyaForHarbour", "priyaforharbour.org.uk"
 * A person standing and sitting is one person: rows are merged by folded full name. */
#include "compile.h"
#include "fold.h"

/* ---- word sets (titles, ordinary-word surnames) ---- */

/* Folded words, trailing dots dropped ("Cllr." is "cllr"), in a hash table (looked up for every
 * word of every name: a policy with thousands of names does it tens of thousands of times). */
typedef struct word_set {
    char **words;
    size_t count;
    uint32_t *slots; /* index into words + 1; 0 = empty */
    size_t mask;     /* slots - 1 (a power of two minus one) */
} word_set;

static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static size_t strip_dots(const char *w, size_t len)
{
    while (len && w[len - 1] == '.') len--;
    return len;
}

static int compare_words(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int word_set_build(word_set *set, const pd_wordlist *list)
{
    memset(set, 0, sizeof *set);
    if (!list) return PURDAH_OK;
    set->words = pd_calloc(list->count, sizeof *set->words);
    if (!set->words) return PURDAH_ENOMEM;
    for (size_t i = 0; i < list->count; i++) {
        size_t flen;
        char *f = pd_fold_pattern(list->entries[i].phrase, strlen(list->entries[i].phrase), &flen);
        if (!f) return PURDAH_ENOMEM;
        f[strip_dots(f, flen)] = '\0';
        set->words[set->count++] = f;
    }
    qsort(set->words, set->count, sizeof *set->words, compare_words);
    size_t cap = 16;
    while (cap < 2 * set->count) cap *= 2;
    set->slots = pd_calloc(cap, sizeof *set->slots);
    if (!set->slots) return PURDAH_ENOMEM;
    set->mask = cap - 1;
    for (size_t i = 0; i < set->count; i++) {
        size_t h = (size_t)word_hash(set->words[i], strlen(set->words[i])) & set->mask;
        while (set->slots[h]) h = (h + 1) & set->mask;
        set->slots[h] = (uint32_t)i + 1;
    }
    return PURDAH_OK;
}

static void word_set_free(word_set *set)
{
    for (size_t i = 0; i < set->count; i++) pd_free(set->words[i]);
    pd_free(set->words);
    pd_free(set->slots);
    memset(set, 0, sizeof *set);
}

static bool word_set_has(const word_set *set, const char *w, size_t len)
{
    len = strip_dots(w, len);
    if (len == 0 || len >= 256 || !set->slots) return false; /* (as long a word as it ever took) */
    for (size_t h = (size_t)word_hash(w, len) & set->mask; set->slots[h]; h = (h + 1) & set->mask) {
        const char *x = set->words[set->slots[h] - 1];
        if (strncmp(x, w, len) == 0 && x[len] == '\0') return true;
    }
    return false;
}

/* ---- splitting a name ---- */

enum { MAX_NAME_WORDS = 12 };

/* A folded name split into words, leading titles ("cllr", "councillor") and commas dropped. */
typedef struct name_words {
    char *folded;
    const char *word[MAX_NAME_WORDS];
    size_t len[MAX_NAME_WORDS];
    size_t count;
} name_words;

static bool split_name(const char *name, const word_set *titles, name_words *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    out->folded = pd_fold_pattern(name, strlen(name), &n);
    if (!out->folded) return false;
    const char *s = out->folded;
    for (size_t i = 0; i < n && out->count < MAX_NAME_WORDS;) {
        while (i < n && (s[i] == ' ' || s[i] == ',')) i++;
        size_t w = i;
        while (i < n && s[i] != ' ' && s[i] != ',') i++;
        if (i == w) break;
        if (out->count == 0 && word_set_has(titles, s + w, i - w)) continue;
        out->word[out->count] = s + w;
        out->len[out->count++] = i - w;
    }
    return true;
}

/* ---- people ---- */

typedef struct name_index {
    uint32_t *slots; /* person index + 1; 0 = empty */
    size_t cap;
} name_index;

/* Strings that many rows share (parties, areas, folded areas), stored in the policy once: a
 * policy with thousands of candidates names a few hundred parties and wards. Keys are the
 * builder's strings, which outlive the compilation. */
typedef struct string_table {
    const char **keys, **values;
    size_t count, cap; /* cap is 0 or a power of two */
} string_table;

typedef struct person_work {
    pd_person *people;
    const char **key; /* per person: folded full name, for merging rows */
    size_t count, cap, key_cap;
    name_index index;
    word_set titles, ordinary_surnames;
    string_table strings, folded_areas;
} person_work;

static uint64_t hash_bytes(const char *s, size_t n);

/* The policy's copy of s (folded and trimmed with `fold`), shared by every row that gives the
 * same s. NULL when out of memory. */
static const char *shared_string(compiler *c, string_table *t, const char *s, bool fold)
{
    if (t->count * 2 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        const char **keys = pd_calloc(cap, sizeof *keys), **values = pd_calloc(cap, sizeof *values);
        if (!keys || !values) {
            pd_free(keys);
            pd_free(values);
            return NULL;
        }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->keys[i]) continue;
            size_t h = (size_t)hash_bytes(t->keys[i], strlen(t->keys[i])) & (cap - 1);
            while (keys[h]) h = (h + 1) & (cap - 1);
            keys[h] = t->keys[i];
            values[h] = t->values[i];
        }
        pd_free(t->keys);
        pd_free(t->values);
        t->keys = keys;
        t->values = values;
        t->cap = cap;
    }
    size_t h = (size_t)hash_bytes(s, strlen(s)) & (t->cap - 1);
    for (; t->keys[h]; h = (h + 1) & (t->cap - 1))
        if (strcmp(t->keys[h], s) == 0) return t->values[h];
    const char *v;
    if (fold) {
        size_t flen;
        char *f = pd_fold_pattern(s, strlen(s), &flen);
        v = f ? pd_arena_strdup(&c->p->arena, f) : NULL;
        pd_free(f);
    } else {
        v = pd_arena_strdup(&c->p->arena, s);
    }
    if (!v) return NULL;
    t->keys[h] = s;
    t->values[h] = v;
    t->count++;
    return v;
}

static void string_table_free(string_table *t)
{
    pd_free(t->keys);
    pd_free(t->values);
    memset(t, 0, sizeof *t);
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Finds or creates the person with this key. Returns the index, or -1 when out of memory. */
static long person_for(compiler *c, person_work *w, const char *key, size_t len)
{
    if (w->count * 2 >= w->index.cap) {
        size_t cap = w->index.cap ? w->index.cap * 2 : 256;
        uint32_t *slots = pd_calloc(cap, sizeof *slots);
        if (!slots) return -1;
        for (size_t i = 0; i < w->count; i++) {
            size_t h = (size_t)hash_bytes(w->key[i], strlen(w->key[i])) & (cap - 1);
            while (slots[h]) h = (h + 1) & (cap - 1);
            slots[h] = (uint32_t)i + 1;
        }
        pd_free(w->index.slots);
        w->index.slots = slots;
        w->index.cap = cap;
    }
    size_t h = (size_t)hash_bytes(key, len) & (w->index.cap - 1);
    while (w->index.slots[h]) {
        size_t i = w->index.slots[h] - 1;
        if (strlen(w->key[i]) == len && memcmp(w->key[i], key, len) == 0) return (long)i;
        h = (h + 1) & (w->index.cap - 1);
    }
    if (PD_RESERVE(w->people, w->cap, w->count + 1) != 0 || PD_RESERVE(w->key, w->key_cap, w->count + 1) != 0)
        return -1;
    w->key[w->count] = pd_arena_strndup(&c->p->arena, key, len);
    if (!w->key[w->count]) return -1;
    memset(&w->people[w->count], 0, sizeof w->people[w->count]);
    w->index.slots[h] = (uint32_t)w->count + 1;
    return (long)w->count++;
}

/* Writes word i of a name in one spelling: 0 as written, 1 without apostrophes ("oneill"),
 * 2 with hyphens as spaces ("smith jones"). Returns the length written. */
static size_t spell(const name_words *nw, size_t i, int spelling, char *out)
{
    size_t n = 0;
    for (size_t k = 0; k < nw->len[i]; k++) {
        char ch = nw->word[i][k];
        if (spelling == 1 && ch == '\'') continue;
        out[n++] = spelling == 2 && ch == '-' ? ' ' : ch;
    }
    return n;
}

static bool spelling_differs(const name_words *nw, int spelling)
{
    for (size_t i = 0; i < nw->count; i++)
        if (memchr(nw->word[i], spelling == 1 ? '\'' : '-', nw->len[i])) return true;
    return false;
}

/* Builds "w[from..to) joined by spaces" in one spelling into buf. */
static size_t join(const name_words *nw, size_t from, size_t to, int spelling, char *buf)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        if (i > from) buf[n++] = ' ';
        n += spell(nw, i, spelling, buf + n);
    }
    return n;
}

/* Adds the printed forms of one name (see the top of this file) for person `idx`. */
static int add_name_forms(compiler *c, const name_words *nw, uint32_t idx)
{
    size_t total = 0;
    for (size_t i = 0; i < nw->count; i++) total += nw->len[i] + 1;
    char *buf = pd_malloc(2 * total + 4);
    if (!buf) return pd_compile_no_memory(c);
    int rc = PURDAH_OK;
    size_t last = nw->count - 1;
    for (int spelling = 0; spelling < 3 && !rc; spelling++) {
        if (spelling && !spelling_differs(nw, spelling)) continue;
        size_t n = join(nw, 0, nw->count, spelling, buf);
        rc = pd_compile_add_pattern(c, buf, n, PD_PAT_PERSON_FULL, idx, 0);
        if (rc || nw->count < 2) continue;
        if (nw->count >= 3) { /* "Samantha Jane Green" is also "Samantha Green" */
            n = join(nw, 0, 1, spelling, buf);
            buf[n++] = ' ';
            n += spell(nw, last, spelling, buf + n);
            rc = pd_compile_add_pattern(c, buf, n, PD_PAT_PERSON_SHORT, idx, 0);
        }
        /* ballot papers: "GREEN, Samantha Jane" and, with middle names, "GREEN, Samantha" */
        size_t forenames[2] = {nw->count - 1, 1};
        for (size_t k = 0; k < (nw->count >= 3 ? 2u : 1u) && !rc; k++) {
            n = spell(nw, last, spelling, buf);
            buf[n++] = ',';
            buf[n++] = ' ';
            n += join(nw, 0, forenames[k], spelling, buf + n);
            rc = pd_compile_add_pattern(c, buf, n, PD_PAT_PERSON_FULL, idx, 0);
        }
        if (!rc) {
            n = spell(nw, last, spelling, buf);
            rc = pd_compile_add_pattern(c, buf, n, PD_PAT_PERSON_SURNAME, idx, 0);
        }
    }
    pd_free(buf);
    return rc;
}

/* Handles are matched with their "@"; websites by their domain, without scheme or "www.". */
static int add_contact_forms(compiler *c, const pd_person_src *s, uint32_t idx)
{
    int rc = PURDAH_OK;
    if (s->handle) {
        size_t flen;
        char *f = pd_fold_pattern(s->handle, strlen(s->handle), &flen);
        if (!f) return pd_compile_no_memory(c);
        char *at = f[0] == '@' ? f : NULL;
        if (!at) { /* the data may give the handle without its "@" */
            char *with = pd_malloc(flen + 2);
            if (!with) rc = pd_compile_no_memory(c);
            else {
                with[0] = '@';
                memcpy(with + 1, f, flen + 1);
                rc = pd_compile_add_pattern(c, with, flen + 1, PD_PAT_PERSON_HANDLE, idx, 0);
                pd_free(with);
            }
        } else {
            rc = pd_compile_add_pattern(c, f, flen, PD_PAT_PERSON_HANDLE, idx, 0);
        }
        pd_free(f);
    }
    if (!rc && s->website) {
        size_t flen;
        char *f = pd_fold_pattern(s->website, strlen(s->website), &flen);
        if (!f) return pd_compile_no_memory(c);
        const char *host = f;
        const char *scheme = strstr(host, "://");
        if (scheme) host = scheme + 3;
        if (strncmp(host, "www.", 4) == 0) host += 4;
        size_t hlen = strcspn(host, "/?#");
        rc = pd_compile_add_pattern(c, host, hlen, PD_PAT_PERSON_SITE, idx, 0);
        pd_free(f);
    }
    return rc;
}

/* The name as written, without leading titles, for messages. */
static const char *display_name(compiler *c, const char *name, const word_set *titles)
{
    const char *q = name;
    for (int t = 0; t < 8; t++) {
        while (*q == ' ') q++;
        const char *e = q;
        while (*e && *e != ' ') e++;
        size_t flen;
        char *fw = pd_fold_pattern(q, (size_t)(e - q), &flen);
        if (!fw) return NULL; /* out of memory (the caller says so), not "no title" */
        bool title = e > q && *e && word_set_has(titles, fw, flen);
        pd_free(fw);
        if (!title) break;
        q = e;
    }
    while (*q == ' ') q++;
    return pd_arena_strdup(&c->p->arena, q);
}

static int set_identity(compiler *c, person_work *w, pd_person *person, const char *name, const name_words *nw)
{
    size_t last = nw->count - 1;
    person->name = display_name(c, name, &w->titles);
    person->surname_folded = pd_arena_strndup(&c->p->arena, nw->word[last], nw->len[last]);
    if (!person->name || !person->surname_folded) return pd_compile_no_memory(c);
    person->initial = nw->word[0][0];
    for (size_t i = 0; i + 1 < nw->count && i + 1 < sizeof person->initials; i++) person->initials[i] = nw->word[i][0];
    person->surname_is_ordinary = word_set_has(&w->ordinary_surnames, nw->word[last], nw->len[last]);
    return PURDAH_OK;
}

static int add_candidacy(compiler *c, person_work *w, pd_person *person, const pd_person_src *s)
{
    purdah_policy *p = c->p;
    pd_candidacy *grown = pd_arena_array(&p->arena, person->candidacy_count + 1, sizeof *grown);
    if (!grown) return pd_compile_no_memory(c);
    if (person->candidacy_count) memcpy(grown, person->candidacies, person->candidacy_count * sizeof *grown);
    pd_candidacy *cd = &grown[person->candidacy_count];
    cd->has_date = s->has_election_date;
    cd->date = s->election_date;
    if (s->area && !(cd->area_folded = shared_string(c, &w->folded_areas, s->area, true)))
        return pd_compile_no_memory(c);
    person->candidacies = grown;
    person->candidacy_count++;
    return PURDAH_OK;
}

static int set_role(compiler *c, pd_person *person, const char *role)
{
    person->role = pd_arena_strdup(&c->p->arena, role);
    size_t flen;
    char *fr = pd_fold_pattern(role, strlen(role), &flen);
    person->role_folded = fr ? pd_arena_strdup(&c->p->arena, fr) : NULL;
    pd_free(fr);
    return person->role && person->role_folded ? PURDAH_OK : pd_compile_no_memory(c);
}

static int add_person(compiler *c, person_work *w, const pd_person_src *s, bool member)
{
    name_words nw;
    if (!split_name(s->name, &w->titles, &nw)) return pd_compile_no_memory(c);
    int rc = PURDAH_OK;
    if (nw.count == 0) {
        rc = pd_error_set(c->err, PURDAH_EDATA, s->file, s->line, 0, "the name \"%s\" has no words besides titles",
                          s->name);
        goto done;
    }
    /* the key: the words of the full name joined by single spaces */
    char key[1024];
    size_t klen = 0;
    for (size_t i = 0; i < nw.count && klen + nw.len[i] + 1 < sizeof key; i++) {
        if (i) key[klen++] = ' ';
        memcpy(key + klen, nw.word[i], nw.len[i]);
        klen += nw.len[i];
    }
    long idx = person_for(c, w, key, klen);
    if (idx < 0) {
        rc = pd_compile_no_memory(c);
        goto done;
    }
    pd_person *person = &w->people[idx];
    if (!person->name) {
        rc = set_identity(c, w, person, s->name, &nw);
        if (!rc) rc = add_name_forms(c, &nw, (uint32_t)idx);
    }
    if (!rc && s->known_as) {
        name_words known;
        if (!split_name(s->known_as, &w->titles, &known)) rc = pd_compile_no_memory(c);
        else if (known.count) rc = add_name_forms(c, &known, (uint32_t)idx);
        pd_free(known.folded);
    }
    if (!rc) rc = add_contact_forms(c, s, (uint32_t)idx);
    if (rc) goto done;
    if (!person->party && s->party && !(person->party = shared_string(c, &w->strings, s->party, false)))
        rc = pd_compile_no_memory(c);
    if (!rc && !person->area && s->area && !(person->area = shared_string(c, &w->strings, s->area, false)))
        rc = pd_compile_no_memory(c);
    if (rc) goto done;
    if (member) {
        person->is_member = true;
        if (s->role && !person->role) rc = set_role(c, person, s->role);
    } else {
        rc = add_candidacy(c, w, person, s);
    }
done:
    pd_free(nw.folded);
    return rc;
}

int pd_compile_people(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    person_work w;
    memset(&w, 0, sizeof w);
    int rc = PURDAH_OK;
    /* Room for every row up front (a speed-up only): arrays grown by doubling are copied into
     * fresh memory again and again, and first touches of memory are much of what compiling
     * thousands of names costs. About six literals a name, each about as long as the name. */
    size_t rows = b->candidate_count + b->member_count, name_bytes = 0;
    for (size_t i = 0; i < b->candidate_count; i++) name_bytes += strlen(b->candidates[i].name) + 1;
    for (size_t i = 0; i < b->member_count; i++) name_bytes += strlen(b->members[i].name) + 1;
    size_t slots = 256;
    while (slots <= 2 * rows) slots *= 2;
    if (rows && !PD_RESERVE(w.people, w.cap, rows) && !PD_RESERVE(w.key, w.key_cap, rows) &&
        !PD_RESERVE(c->patterns, c->pattern_cap, c->pattern_count + 6 * rows) &&
        (w.index.slots = pd_calloc(slots, sizeof *w.index.slots)) != NULL)
        w.index.cap = slots;
    pd_ac_builder_reserve(c->ac, 6 * rows, 6 * name_bytes);
    if (word_set_build(&w.titles, p->titles_list == PD_NO_LIST ? NULL : &b->wordlists[p->titles_list]) ||
        word_set_build(&w.ordinary_surnames,
                       p->ordinary_surnames_list == PD_NO_LIST ? NULL : &b->wordlists[p->ordinary_surnames_list]))
        rc = pd_compile_no_memory(c);
    for (size_t i = 0; i < b->candidate_count && !rc; i++) rc = add_person(c, &w, &b->candidates[i], false);
    for (size_t i = 0; i < b->member_count && !rc; i++) rc = add_person(c, &w, &b->members[i], true);
    if (!rc) {
        p->role_holders = pd_arena_array(&p->arena, w.count, sizeof *p->role_holders);
        if (!p->role_holders) rc = pd_compile_no_memory(c);
    }
    if (!rc) {
        /* the policy takes the array over (purdah_policy_free frees it): copying thousands of
         * people into the arena would only touch that much fresh memory again */
        p->people = w.people;
        w.people = NULL;
        p->person_count = w.count;
        for (size_t i = 0; i < w.count; i++)
            if (p->people[i].role_folded) p->role_holders[p->role_holder_count++] = (uint32_t)i;
    }
    word_set_free(&w.titles);
    word_set_free(&w.ordinary_surnames);
    string_table_free(&w.strings);
    string_table_free(&w.folded_areas);
    pd_free(w.people);
    pd_free((void *)w.key);
    pd_free(w.index.slots);
    return rc;
}
