/* ac.c: Aho-Corasick multi-literal matcher (see ac.h).
 *
 * Representation. Bytes are mapped to classes first: every byte that occurs in some pattern has a
 * class of its own, all other bytes share class 0 (so a row has a few dozen entries, not 256).
 * States are numbered in breadth-first order. The first states (the shallow ones, where a scan
 * spends most of its time) are dense: a full DFA row of next-state ids per class, failure links
 * already resolved, so a step is one load. The dense part is capped by a memory budget; the
 * remaining, deeper states are sparse: a trie state with its failure link, whose children are
 * contiguous (breadth-first numbering puts the children of consecutive states next to each
 * other), so a sparse state needs only the index of its first child, and each state stores the
 * class of the edge leading into it. When every state fits the budget the automaton is a plain
 * DFA.
 *
 * State ids: a dense state's id is the offset of its row in `dense` (row index * stride), so a
 * step needs no multiplication; a sparse state's id is dense_limit + its sparse index. Ids in
 * dense rows carry AC_MATCH when the target state, or a state on its failure chain, ends a
 * pattern, so the scan loop only leaves its fast path on real matches.
 *
 * Matches. Each state with patterns of its own has a record (pattern length, ids, and the next
 * record down its failure chain: the dictionary suffix link). A state's record is the first one
 * on its chain, so reporting walks records from the longest pattern to the shortest.
 *
 * Whole words (pd_ac_compile_words, what a policy uses). A virtual boundary symbol, a class no
 * byte has, is read at the start of the text and after every non-word byte, and each pattern is
 * compiled with it where the text has it (before a leading word byte, after each non-word
 * byte). A pattern starting with a word byte can then only be entered at a word start, so
 * inside a word no pattern starts the automaton falls back to the root and stays there, where a
 * plain automaton would follow every name that happens to continue the word ("hall" in
 * "challenge") deep into the trie and then report matches for whole-word mode to reject. The
 * symbol costs no extra step: the dense entries of non-word bytes are composed with it at build
 * time (sparse states take the second step themselves). The end of a match is still checked.
 *
 * Building. The trie is built a level at a time, like an MSD radix sort: the patterns below a
 * state are sorted by their next byte's class and each run of equal classes becomes a child.
 * This yields breadth-first numbering and sorted children directly, with no hash table. Failure
 * links and dense rows are then filled in one breadth-first pass. Everything is linear in the
 * total pattern length, except the dense rows (rows * classes, capped by the budget). */
#include "ac.h"

#include "fold.h" /* pd_is_word_byte */

/* Dense transition entries allowed (4 bytes each). Most scan time is spent in shallow states, so
 * a few MB of rows buys nearly all of the DFA's speed; deeper states stay sparse. */
#ifndef PD_AC_DENSE_BUDGET
#define PD_AC_DENSE_BUDGET (1u << 20)
#endif

#define AC_MATCH 0x80000000u
#define AC_ID_MASK 0x7FFFFFFFu
#define AC_NONE 0xFFFFFFFFu
#define AC_MAX_STATES 0x40000000u /* ids (dense_limit + sparse index) must stay below AC_MATCH */

typedef struct ac_pattern {
    uint32_t off, len, id;
} ac_pattern;

struct pd_ac_builder {
    char *bytes; /* every pattern, concatenated */
    size_t len, cap;
    ac_pattern *pats;
    size_t count, pat_cap;
};

enum { REC_WORD_START = 1u, REC_WORD_END = 2u };

typedef struct ac_record {
    uint32_t first, count; /* ids[first, first + count), in the order they were added */
    uint32_t len;          /* pattern length */
    uint32_t next;         /* next record on the failure chain (a shorter pattern), or AC_NONE */
    uint32_t flags;        /* REC_WORD_*: the pattern's first / last byte is a word byte */
} ac_record;

typedef struct ac_sparse {
    uint32_t child; /* sparse index of the first child; children end at the next state's */
    uint32_t fail;  /* failure link (a state id, without AC_MATCH) */
    uint32_t rec;   /* first record on the output chain, or AC_NONE */
} ac_sparse;

struct pd_ac {
    uint8_t cls[256];
    uint32_t ncls;        /* classes: row entries [0, ncls); entry ncls holds the row's record */
    uint32_t stride;      /* ncls + 1 */
    uint32_t dense_limit; /* ids below this are dense (row offsets into `dense`) */
    uint32_t *dense;
    ac_sparse *sparse;    /* nsparse + 1 entries (the last only gives the end of the children) */
    uint8_t *sparse_cls;  /* class of the edge into each sparse state */
    uint32_t nsparse;
    ac_record *recs;
    uint32_t nrecs;
    uint32_t *ids;
    size_t nids;
    size_t npatterns;
    size_t nstates;
    uint32_t max_len; /* the longest pattern, in bytes */
    /* Word-anchored automata (pd_ac_compile_words): the class of the virtual boundary symbol,
     * and the state after it, where a scan starts. Plain automata: anchored is false. */
    bool anchored;
    bool words_only; /* from pd_ac_compile_words: scans are whole-word whatever the flags */
    uint32_t boundary_cls;
    uint32_t start;
};

/* ---- builder ---- */

int pd_ac_builder_new(pd_ac_builder **out)
{
    *out = pd_calloc(1, sizeof **out);
    return *out ? PURDAH_OK : PURDAH_ENOMEM;
}

void pd_ac_builder_free(pd_ac_builder *b)
{
    if (!b) return;
    pd_free(b->bytes);
    pd_free(b->pats);
    pd_free(b);
}

int pd_ac_builder_add(pd_ac_builder *b, const char *pattern, size_t len, uint32_t id)
{
    if (len == 0) return PURDAH_OK;
    if (len > UINT32_MAX - b->len || b->count >= AC_MAX_STATES) return PURDAH_ELIMIT;
    if (PD_RESERVE(b->bytes, b->cap, b->len + len) != 0 ||
        PD_RESERVE(b->pats, b->pat_cap, b->count + 1) != 0)
        return PURDAH_ENOMEM;
    memcpy(b->bytes + b->len, pattern, len);
    b->pats[b->count++] = (ac_pattern){(uint32_t)b->len, (uint32_t)len, id};
    b->len += len;
    return PURDAH_OK;
}

void pd_ac_builder_reserve(pd_ac_builder *b, size_t patterns, size_t bytes)
{
    if (b->len + bytes >= b->len) (void)PD_RESERVE(b->bytes, b->cap, b->len + bytes);
    if (b->count + patterns >= b->count) (void)PD_RESERVE(b->pats, b->pat_cap, b->count + patterns);
}

/* ---- compiling ---- */

/* Scratch state of one compilation. The per-state arrays are sized for the worst case (one state
 * per pattern byte): pages never touched cost nothing, and nothing is copied as the trie grows.
 * Touching memory is a large part of the build time, so scratch is kept to 5 bytes a state. */
typedef struct ac_build {
    const pd_ac_builder *b;
    pd_ac *ac;
    size_t nstates, max_states;
    uint8_t *inclass;     /* per state: class of the edge from its parent */
    uint32_t *child;      /* per state: first child; the children of s are [child[s], child[s+1]) */
    /* Per pattern, while building the trie level by level: */
    uint32_t *perm, *next; /* patterns grouped by state of this level / of the next level */
    uint32_t *seg, *nseg;  /* group boundaries: state level_lo + k has perm[seg[k], seg[k+1]) */
    uint32_t *active;      /* patterns longer than the current depth, in the order added */
    uint16_t *key;         /* 0 if the pattern ends at the current depth, else its class + 1 */
    uint32_t *rec_state;   /* per record: the state whose own patterns it lists */
    uint32_t *pinfo;       /* see pattern_info(), or NULL */
    /* Anchored (pd_ac_compile_words): each pattern is read as if the boundary symbol stood
     * before a leading word byte and after every non-word byte, without writing it out: */
    bool anchored;
    uint32_t *tlen;        /* per pattern: its length with the boundary symbols */
    uint32_t *cursor;      /* per pattern: next byte to read << 1 | a boundary symbol is due */
} ac_build;

enum { PINFO_SHIFT = 30, PINFO_LEN = (1u << PINFO_SHIFT) - 1 };

/* Adds the record for state s, whose own patterns are `count` ids starting at ac->ids[first]
 * (already written); `p` is one of those patterns. */
static void add_record(ac_build *t, size_t s, uint32_t depth, uint32_t p, size_t first,
                       size_t count)
{
    pd_ac *ac = t->ac;
    uint32_t len, flags;
    if (t->pinfo) {
        len = t->pinfo[p] & PINFO_LEN;
        flags = t->pinfo[p] >> PINFO_SHIFT;
    } else {
        const ac_pattern *pat = &t->b->pats[p];
        const unsigned char *bytes = (const unsigned char *)t->b->bytes + pat->off;
        len = pat->len; /* (== depth, except in an anchored trie) */
        flags = (pd_is_word_byte(bytes[0]) ? REC_WORD_START : 0) |
                (pd_is_word_byte(bytes[pat->len - 1]) ? REC_WORD_END : 0);
    }
    t->rec_state[ac->nrecs] = (uint32_t)s;
    ac->recs[ac->nrecs++] = (ac_record){(uint32_t)first, (uint32_t)count, len, AC_NONE, flags};
}

/* Per pattern, its length and REC_WORD_* flags as added (len | flags << PINFO_SHIFT), computed in
 * one sequential pass: add_record meets the patterns in trie order, where reading them from the
 * builder would miss the cache at every record. NULL when a pattern is too long to pack (then
 * add_record reads the builder). */
static uint32_t *pattern_info(const pd_ac_builder *b)
{
    uint32_t *info = pd_malloc((b->count + 1) * sizeof *info);
    if (!info) return NULL;
    for (size_t p = 0; p < b->count; p++) {
        const ac_pattern *pat = &b->pats[p];
        const unsigned char *bytes = (const unsigned char *)b->bytes + pat->off;
        if (pat->len > PINFO_LEN) {
            pd_free(info);
            return NULL;
        }
        uint32_t flags = (pd_is_word_byte(bytes[0]) ? REC_WORD_START : 0) |
                         (pd_is_word_byte(bytes[pat->len - 1]) ? REC_WORD_END : 0);
        info[p] = pat->len | flags << PINFO_SHIFT;
    }
    return info;
}

/* Adds a child of the state being expanded, for the patterns next[at, ...); returns 0 or
 * PURDAH_ELIMIT. */
static int add_child(ac_build *t, size_t level_hi, uint32_t cls, size_t at)
{
    if (t->nstates >= t->max_states) return PURDAH_ELIMIT;
    size_t c = t->nstates++;
    t->inclass[c] = (uint8_t)cls;
    t->nseg[c - level_hi] = (uint32_t)at;
    return 0;
}

/* Expands state s (patterns perm[lo, hi), all of length >= depth): its own patterns (key 0)
 * become its record, the others are sorted by key into next[*nnext, ...), each run of equal
 * keys a child. The sorts are stable, so the ids of one pattern stay in the order added. */
static int expand(ac_build *t, size_t s, uint32_t depth, size_t lo, size_t hi, size_t level_hi,
                  size_t *nnext)
{
    pd_ac *ac = t->ac;
    const ac_pattern *pats = t->b->pats;
    const uint16_t *key = t->key;
    size_t at = *nnext, first_id = ac->nids;
    uint32_t own_pat = 0;
    int rc;
    t->child[s] = (uint32_t)t->nstates;
    if (hi - lo <= 32) { /* insertion sort: small groups are the common case */
        uint16_t k[32];
        uint32_t p[32];
        size_t m = hi - lo;
        for (size_t i = 0; i < m; i++) {
            uint32_t x = t->perm[lo + i];
            uint16_t kx = key[x];
            size_t j = i;
            for (; j > 0 && k[j - 1] > kx; j--) {
                k[j] = k[j - 1];
                p[j] = p[j - 1];
            }
            k[j] = kx;
            p[j] = x;
        }
        size_t i = 0;
        for (; i < m && k[i] == 0; i++) ac->ids[ac->nids++] = pats[p[i]].id;
        if (i > 0) own_pat = p[0];
        for (; i < m; i++) {
            if ((i == 0 || k[i] != k[i - 1]) && (rc = add_child(t, level_hi, k[i] - 1u, at)))
                return rc;
            t->next[at++] = p[i];
        }
    } else { /* counting sort */
        size_t count[258] = {0};
        for (size_t i = lo; i < hi; i++) count[key[t->perm[i]]]++;
        size_t pos[258];
        for (uint32_t c = 1, sum = (uint32_t)at; c <= t->ac->ncls; c++) {
            pos[c] = sum;
            if (count[c] && (rc = add_child(t, level_hi, c - 1, sum))) return rc;
            sum += (uint32_t)count[c];
        }
        for (size_t i = lo; i < hi; i++) {
            uint32_t x = t->perm[i];
            uint16_t kx = key[x];
            if (kx == 0) {
                if (ac->nids == first_id) own_pat = x;
                ac->ids[ac->nids++] = pats[x].id;
            } else {
                t->next[pos[kx]++] = x;
            }
        }
        at += hi - lo - count[0];
    }
    if (ac->nids > first_id) add_record(t, s, depth, own_pat, first_id, ac->nids - first_id);
    *nnext = at;
    return 0;
}

/* Builds the trie a level at a time (see the top of the file). */
static int build_trie(ac_build *t)
{
    const pd_ac_builder *b = t->b;
    const unsigned char *bytes = (const unsigned char *)b->bytes;
    const uint8_t *cls = t->ac->cls;
    const ac_pattern *pats = b->pats;
    size_t n = b->count, nactive = n;
    const uint16_t boundary_key = (uint16_t)(t->ac->boundary_cls + 1);

    for (size_t i = 0; i < n; i++) t->perm[i] = t->active[i] = (uint32_t)i;
    t->nstates = 1;
    t->inclass[0] = 0;
    t->seg[0] = 0;
    t->seg[1] = (uint32_t)n;

    size_t level_lo = 0, level_hi = 1; /* the states at `depth` */
    for (uint32_t depth = 0; level_lo < level_hi; depth++) {
        /* Keys for this depth, in the order patterns were added: the pattern bytes are read
         * sequentially rather than in trie order, which would miss the cache at every byte. */
        size_t keep = 0;
        if (!t->anchored) {
            for (size_t k = 0; k < nactive; k++) {
                uint32_t p = t->active[k];
                if (pats[p].len == depth) {
                    t->key[p] = 0;
                } else {
                    t->key[p] = (uint16_t)(cls[bytes[pats[p].off + depth]] + 1);
                    t->active[keep++] = p;
                }
            }
        } else {
            for (size_t k = 0; k < nactive; k++) {
                uint32_t p = t->active[k];
                if (t->tlen[p] == depth) {
                    t->key[p] = 0;
                    continue;
                }
                uint32_t cur = t->cursor[p];
                if (cur & 1) { /* the boundary symbol */
                    t->key[p] = boundary_key;
                    cur &= ~1u;
                } else {
                    unsigned char c = bytes[pats[p].off + (cur >> 1)];
                    t->key[p] = (uint16_t)(cls[c] + 1);
                    cur += 2;
                    if (!pd_is_word_byte(c)) cur |= 1;
                }
                t->cursor[p] = cur;
                t->active[keep++] = p;
            }
        }
        nactive = keep;

        size_t nnext = 0;
        for (size_t s = level_lo; s < level_hi; s++) {
            int rc = expand(t, s, depth, t->seg[s - level_lo], t->seg[s - level_lo + 1], level_hi,
                            &nnext);
            if (rc) return rc;
        }
        t->nseg[t->nstates - level_hi] = (uint32_t)nnext;
        uint32_t *swap = t->perm;
        t->perm = t->next;
        t->next = swap;
        swap = t->seg;
        t->seg = t->nseg;
        t->nseg = swap;
        level_lo = level_hi;
        level_hi = t->nstates;
    }
    t->child[t->nstates] = (uint32_t)t->nstates;
    return 0;
}

/* Child of trie state s (breadth-first number) on class c, or AC_NONE. */
static uint32_t trie_child(const ac_build *t, uint32_t s, uint32_t c)
{
    uint32_t lo = t->child[s], hi = t->child[s + 1];
    while (lo < hi) {
        uint32_t m = lo + (hi - lo) / 2;
        if (t->inclass[m] < c) lo = m + 1;
        else if (t->inclass[m] > c) hi = m;
        else return m;
    }
    return AC_NONE;
}

static void free_scratch(ac_build *t)
{
    pd_free(t->perm);
    pd_free(t->next);
    pd_free(t->seg);
    pd_free(t->nseg);
    pd_free(t->active);
    pd_free(t->key);
    pd_free(t->pinfo);
    pd_free(t->tlen);
    pd_free(t->cursor);
    t->pinfo = t->tlen = t->cursor = NULL;
    t->perm = t->next = t->seg = t->nseg = t->active = NULL;
    t->key = NULL;
}

int pd_ac_compile(pd_ac **out, const pd_ac_builder *b)
{
    return pd_ac_compile_budget(out, b, PD_AC_DENSE_BUDGET);
}

/* Compiles b, plain or for whole words (see pd_ac_compile_words). */
static int compile(pd_ac **out, const pd_ac_builder *b, size_t dense_entries, bool words)
{
    *out = NULL;
    pd_ac *ac = pd_calloc(1, sizeof *ac);
    if (!ac) return PURDAH_ENOMEM;
    int rc = PURDAH_ENOMEM;
    ac_build t;
    memset(&t, 0, sizeof t);
    uint32_t *dense_fail = NULL;
    uint8_t *matching = NULL; /* bit per state: its output chain is not empty */
    t.b = b;
    t.ac = ac;
    ac->npatterns = b->count;
    for (size_t i = 0; i < b->count; i++)
        if (b->pats[i].len > ac->max_len) ac->max_len = b->pats[i].len;

    /* Byte classes: used bytes get 1..u in byte order, unused bytes share 0 (when there are any:
     * with all 256 bytes used each byte is its own class 0..255). Anchored: unused word bytes
     * share 0, unused non-word bytes 1 (they differ: the boundary follows a non-word byte), used
     * bytes get 2..u+1, and the boundary symbol, which no byte has, u+2. With more than 253
     * bytes used there is no room for these, and whole words are checked the ordinary way. */
    bool used[256] = {false};
    for (size_t i = 0; i < b->len; i++) used[(unsigned char)b->bytes[i]] = true;
    uint32_t nused = 0;
    for (int c = 0; c < 256; c++) nused += used[c];
    bool anchored = words && nused <= 253;
    t.anchored = anchored;
    ac->words_only = words;
    uint32_t next = anchored ? 2 : nused == 256 ? 0 : 1;
    for (int c = 0; c < 256; c++)
        ac->cls[c] = used[c] ? (uint8_t)next++ : anchored && !pd_is_word_byte((unsigned char)c) ? 1 : 0;
    if (anchored) {
        ac->anchored = true;
        ac->boundary_cls = next++;
    }
    uint32_t ncls = next;
    size_t stride = ncls + 1;
    ac->ncls = ncls;
    ac->stride = (uint32_t)stride;

    /* The trie. Anchored: the lengths with boundary symbols, and a cursor per pattern. */
    size_t n = b->count, total = b->len;
    if (anchored) {
        t.tlen = pd_malloc((n + 1) * sizeof *t.tlen);
        t.cursor = pd_malloc((n + 1) * sizeof *t.cursor);
        if (!t.tlen || !t.cursor) goto done;
        total = 0;
        for (size_t p = 0; p < n; p++) {
            const unsigned char *pb = (const unsigned char *)b->bytes + b->pats[p].off;
            uint32_t len = b->pats[p].len, extra = pd_is_word_byte(pb[0]);
            for (uint32_t j = 0; j < len; j++) extra += !pd_is_word_byte(pb[j]);
            if (len > (UINT32_MAX >> 1) - extra) { /* the cursor keeps a position << 1 */
                rc = PURDAH_ELIMIT;
                goto done;
            }
            t.tlen[p] = len + extra;
            t.cursor[p] = pd_is_word_byte(pb[0]); /* position 0, a leading boundary is due */
            total += len + extra;
        }
    }
    t.max_states = total + 1 < AC_MAX_STATES ? total + 1 : AC_MAX_STATES;
    t.inclass = pd_malloc(t.max_states + 1);
    t.child = pd_malloc_large((t.max_states + 1) * sizeof *t.child);
    t.perm = pd_malloc((n + 1) * sizeof *t.perm);
    t.next = pd_malloc((n + 1) * sizeof *t.next);
    t.seg = pd_malloc((n + 2) * sizeof *t.seg);
    t.nseg = pd_malloc((n + 2) * sizeof *t.nseg);
    t.active = pd_malloc((n + 1) * sizeof *t.active);
    t.key = pd_malloc((n + 1) * sizeof *t.key);
    t.rec_state = pd_malloc((n + 1) * sizeof *t.rec_state);
    ac->ids = pd_malloc((n + 1) * sizeof *ac->ids);   /* every pattern's id, once */
    ac->recs = pd_malloc((n + 1) * sizeof *ac->recs); /* at most one record per pattern */
    if (!t.inclass || !t.child || !t.perm || !t.next || !t.seg || !t.nseg || !t.active ||
        !t.key || !t.rec_state || !ac->ids || !ac->recs)
        goto done;
    t.pinfo = pattern_info(b); /* (an optimisation: NULL is fine) */
    if ((rc = build_trie(&t)) != 0) goto done;
    rc = PURDAH_ENOMEM;
    free_scratch(&t);
    void *shrunk = pd_realloc_array(ac->recs, ac->nrecs + 1, sizeof *ac->recs);
    if (shrunk) ac->recs = shrunk;

    /* Dense and sparse parts. */
    if (dense_entries > AC_MAX_STATES) dense_entries = AC_MAX_STATES; /* ids stay < AC_MATCH */
    size_t ns = t.nstates;
    size_t ndense = dense_entries / stride;
    if (ndense < 1) ndense = 1;
    if (ndense > ns) ndense = ns;
    size_t nsparse = ns - ndense;
    uint32_t dl = (uint32_t)(ndense * stride);
    ac->nstates = ns;
    ac->dense_limit = dl;
    ac->nsparse = (uint32_t)nsparse;
    /* (huge pages for the sparse states, not for the dense rows: measured, the whole-text scan
     * was 5% slower with the rows in huge pages, and no faster otherwise) */
    ac->dense = pd_malloc(ndense * stride * sizeof *ac->dense);
    ac->sparse = pd_malloc_large((nsparse + 1) * sizeof *ac->sparse);
    dense_fail = pd_malloc(ndense * sizeof *dense_fail);
    matching = pd_calloc(ns / 8 + 1, 1);
    if (!ac->dense || !ac->sparse || !dense_fail || !matching) goto done;
    uint32_t *dense = ac->dense;
    ac_sparse *sp = ac->sparse;

    /* Failure links, output chains and dense rows in breadth-first order (everything a state
     * needs belongs to shallower states, already done), as breadth-first numbers for now: a
     * dense row holds its targets, then its output record; a sparse state its first child,
     * failure link and output record. */
#define REC_OF(x) ((x) < ndense ? dense[(size_t)(x) * stride + ncls] : sp[(x) - ndense].rec)
    for (uint32_t c = 0; c < ncls; c++) {
        uint32_t ch = trie_child(&t, 0, c);
        dense[c] = ch == AC_NONE ? 0 : ch;
    }
    dense[ncls] = AC_NONE;
    dense_fail[0] = 0;
    size_t parent = 0, rec = 0;
    for (uint32_t s = 1; s < ns; s++) {
        while (t.child[parent + 1] <= s) parent++;
        uint32_t c = t.inclass[s], f = 0;
        if (parent != 0) {
            f = parent < ndense ? dense_fail[parent] : sp[parent - ndense].fail;
            for (;;) {
                if (f < ndense) {
                    f = dense[(size_t)f * stride + c];
                    break;
                }
                uint32_t ch = trie_child(&t, f, c);
                if (ch != AC_NONE) {
                    f = ch;
                    break;
                }
                f = sp[f - ndense].fail;
            }
        }
        uint32_t out_rec = REC_OF(f);
        if (rec < ac->nrecs && t.rec_state[rec] == s) { /* s has patterns of its own */
            ac->recs[rec].next = out_rec;
            out_rec = (uint32_t)rec++;
        }
        if (out_rec != AC_NONE) matching[s / 8] |= (uint8_t)(1u << (s % 8));
        if (s < ndense) {
            uint32_t *row = dense + (size_t)s * stride;
            memcpy(row, dense + (size_t)f * stride, ncls * sizeof *row);
            for (uint32_t ch = t.child[s]; ch < t.child[s + 1]; ch++) row[t.inclass[ch]] = ch;
            row[ncls] = out_rec;
            dense_fail[s] = f;
        } else {
            sp[s - ndense] = (ac_sparse){(uint32_t)(t.child[s] - ndense), f, out_rec};
        }
    }
    sp[nsparse] = (ac_sparse){(uint32_t)nsparse, 0, AC_NONE};

    /* Anchored: a non-word byte is followed by the boundary symbol, so its dense entries take
     * both steps at once. The boundary column itself stays a single step (sparse states and
     * this pass read it). */
    if (anchored) {
        bool nonword[256] = {false};
        for (int c = 0; c < 256; c++)
            if (!pd_is_word_byte((unsigned char)c)) nonword[ac->cls[c]] = true;
        uint32_t bc = ac->boundary_cls;
        for (size_t s = 0; s < ndense; s++) {
            uint32_t *row = dense + s * stride;
            for (uint32_t c = 0; c < ncls; c++) {
                if (!nonword[c]) continue;
                uint32_t x = row[c];
                for (;;) {
                    if (x < ndense) {
                        x = dense[(size_t)x * stride + bc];
                        break;
                    }
                    uint32_t ch = trie_child(&t, x, bc);
                    if (ch != AC_NONE) {
                        x = ch;
                        break;
                    }
                    x = sp[x - ndense].fail;
                }
                row[c] = x;
            }
        }
    }

    /* Breadth-first numbers -> ids, with AC_MATCH on targets that report (looked up in a bitmap,
     * which stays in cache, rather than in the states). */
#define AC_ID(x) ((x) < ndense ? (uint32_t)((x) * stride) : dl + (uint32_t)((x) - ndense))
    for (size_t s = 0; s < ndense; s++) {
        uint32_t *row = dense + s * stride;
        for (uint32_t c = 0; c < ncls; c++) {
            uint32_t x = row[c];
            row[c] = AC_ID(x) | ((matching[x / 8] >> (x % 8)) & 1 ? AC_MATCH : 0);
        }
    }
    for (size_t j = 0; j < nsparse; j++) sp[j].fail = AC_ID(sp[j].fail);
    ac->start = anchored ? dense[ac->boundary_cls] & AC_ID_MASK : 0;
#undef AC_ID
#undef REC_OF

    /* The edge classes of sparse states are the tail of inclass: keep it in place. */
    memmove(t.inclass, t.inclass + ndense, nsparse);
    shrunk = pd_realloc_array(t.inclass, nsparse + 1, 1);
    ac->sparse_cls = shrunk ? shrunk : t.inclass;
    t.inclass = NULL;
    rc = PURDAH_OK;

done:
    free_scratch(&t);
    pd_free(t.inclass);
    pd_free(t.child);
    pd_free(t.rec_state);
    pd_free(dense_fail);
    pd_free(matching);
    if (rc != PURDAH_OK) {
        pd_ac_free(ac);
        return rc;
    }
    *out = ac;
    return PURDAH_OK;
}

int pd_ac_compile_budget(pd_ac **out, const pd_ac_builder *b, size_t dense_entries)
{
    return compile(out, b, dense_entries, false);
}

int pd_ac_compile_words(pd_ac **out, const pd_ac_builder *b, size_t dense_entries)
{
    return compile(out, b, dense_entries ? dense_entries : PD_AC_DENSE_BUDGET, true);
}

void pd_ac_free(pd_ac *ac)
{
    if (!ac) return;
    pd_free(ac->dense);
    pd_free(ac->sparse);
    pd_free(ac->sparse_cls);
    pd_free(ac->recs);
    pd_free(ac->ids);
    pd_free(ac);
}

size_t pd_ac_pattern_count(const pd_ac *ac) { return ac ? ac->npatterns : 0; }

size_t pd_ac_state_count(const pd_ac *ac) { return ac ? ac->nstates : 0; }

size_t pd_ac_memory_size(const pd_ac *ac)
{
    if (!ac) return 0;
    return sizeof *ac + (size_t)ac->dense_limit * sizeof *ac->dense +
           (ac->nsparse + 1) * (sizeof *ac->sparse + 1) + ac->nrecs * sizeof *ac->recs +
           ac->nids * sizeof *ac->ids;
}

/* ---- scanning ---- */

/* The transition from sparse state s on class c: the trie child, else down the failure chain
 * until a child or a dense state answers. With `then_boundary` (an anchored automaton reading a
 * non-word byte), the boundary symbol is read next, as the dense rows of such bytes already do. */
static uint32_t sparse_step(const pd_ac *ac, uint32_t s, uint32_t c, bool then_boundary)
{
    const uint32_t dl = ac->dense_limit;
    const ac_sparse *sp = ac->sparse;
    const uint8_t *scls = ac->sparse_cls;
    for (;;) {
        const ac_sparse *st = &sp[s - dl];
        uint32_t lo = st->child, hi = st[1].child, k = AC_NONE;
        if (hi - lo <= 8) {
            for (uint32_t j = lo; j < hi; j++)
                if (scls[j] == c) {
                    k = j;
                    break;
                }
        } else {
            while (lo < hi) {
                uint32_t m = lo + (hi - lo) / 2;
                if (scls[m] < c) lo = m + 1;
                else if (scls[m] > c) hi = m;
                else {
                    k = m;
                    break;
                }
            }
        }
        if (k != AC_NONE) {
            if (!then_boundary) return (dl + k) | (sp[k].rec != AC_NONE ? AC_MATCH : 0);
            s = dl + k; /* a sparse state's children are sparse too */
            c = ac->boundary_cls;
            then_boundary = false;
            continue;
        }
        s = st->fail;
        if (s < dl) return ac->dense[s + c]; /* (a non-word byte's entry includes the boundary) */
    }
}

/* Reports every pattern ending at `end` in state s (which has AC_MATCH) that starts before
 * `start_below` (SIZE_MAX: all of them). */
static int report(const pd_ac *ac, uint32_t s, const unsigned char *text, size_t len, size_t end,
                  unsigned flags, pd_ac_match_fn fn, void *ctx, size_t start_below)
{
    uint32_t dl = ac->dense_limit;
    uint32_t r = s < dl ? ac->dense[s + ac->ncls] : ac->sparse[s - dl].rec;
    for (; r != AC_NONE; r = ac->recs[r].next) {
        const ac_record *rec = &ac->recs[r];
        size_t start = end - rec->len;
        if (start >= start_below) break; /* the chain goes from longest to shortest */
        if (flags & PD_AC_WHOLE_WORDS) {
            if ((rec->flags & REC_WORD_START) && start > 0 && pd_is_word_byte(text[start - 1]))
                continue;
            if ((rec->flags & REC_WORD_END) && end < len && pd_is_word_byte(text[end])) continue;
        }
        for (uint32_t k = 0; k < rec->count; k++) {
            int stop = fn(ctx, ac->ids[rec->first + k], start, end);
            if (stop) return stop;
        }
    }
    return 0;
}

int pd_ac_scan(const pd_ac *ac, const char *text, size_t len, unsigned flags, pd_ac_match_fn fn,
               void *ctx)
{
    const unsigned char *t = (const unsigned char *)text;
    const uint8_t *cls = ac->cls;
    const uint32_t *dense = ac->dense;
    const uint32_t dl = ac->dense_limit;
    const bool anchored = ac->anchored;
    if (ac->words_only) flags |= PD_AC_WHOLE_WORDS;
    uint32_t s = ac->start; /* anchored: the text starts at a boundary */
    for (size_t i = 0; i < len; i++) {
        uint32_t c = cls[t[i]];
        uint32_t next = s < dl ? dense[s + c] : sparse_step(ac, s, c, anchored && !pd_is_word_byte(t[i]));
        s = next & AC_ID_MASK;
        if (PD_UNLIKELY(next & AC_MATCH)) {
            int stop = report(ac, s, t, len, i + 1, flags, fn, ctx, SIZE_MAX);
            if (stop) return stop;
        }
    }
    return 0;
}

/* One step of a scan from state s (an id, without AC_MATCH) on `byte`. */
static inline uint32_t step(const pd_ac *ac, uint32_t s, unsigned char byte)
{
    uint32_t c = ac->cls[byte];
    if (s < ac->dense_limit) return ac->dense[s + c];
    return sparse_step(ac, s, c, ac->anchored && !pd_is_word_byte(byte));
}

/* Two scans at once, of the halves of the text. A scan is a chain of dependent loads from
 * transition rows that a large policy's automaton keeps mostly out of the cache; two
 * independent chains let the processor wait for both loads at once. The second half's scan
 * starts in the start state, so it finds exactly the matches that start in it (one that seems to
 * start a word in the middle of a word fails the word check, as anywhere); the first half's scan
 * runs on past the middle, by the longest pattern at most, for the matches that start before the
 * middle and end after it. */
int pd_ac_scan_halves(const pd_ac *ac, const char *text, size_t len, unsigned flags,
                      size_t split_from, pd_ac_match_fn fn, void *first, void *second)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t mid = len / 2;
    if (len < split_from || mid == 0) return pd_ac_scan(ac, text, len, flags, fn, first);
    if (ac->words_only) flags |= PD_AC_WHOLE_WORDS;
    uint32_t a = ac->start, b = ac->start;
    size_t both = mid < len - mid ? mid : len - mid;
    int stop;
    for (size_t k = 0; k < both; k++) {
        uint32_t na = step(ac, a, t[k]), nb = step(ac, b, t[mid + k]);
        a = na & AC_ID_MASK;
        b = nb & AC_ID_MASK;
        if (PD_UNLIKELY(na & AC_MATCH) && (stop = report(ac, a, t, len, k + 1, flags, fn, first, SIZE_MAX)))
            return stop;
        if (PD_UNLIKELY(nb & AC_MATCH) &&
            (stop = report(ac, b, t, len, mid + k + 1, flags, fn, second, SIZE_MAX)))
            return stop;
    }
    for (size_t i = both; i < mid; i++) { /* the rest of the longer half */
        uint32_t na = step(ac, a, t[i]);
        a = na & AC_ID_MASK;
        if (PD_UNLIKELY(na & AC_MATCH) && (stop = report(ac, a, t, len, i + 1, flags, fn, first, SIZE_MAX)))
            return stop;
    }
    for (size_t i = mid + both; i < len; i++) {
        uint32_t nb = step(ac, b, t[i]);
        b = nb & AC_ID_MASK;
        if (PD_UNLIKELY(nb & AC_MATCH) && (stop = report(ac, b, t, len, i + 1, flags, fn, second, SIZE_MAX)))
            return stop;
    }
    size_t until = len - mid > ac->max_len ? mid + ac->max_len : len;
    for (size_t i = mid; i < until; i++) { /* the first half's matches that cross the middle */
        uint32_t na = step(ac, a, t[i]);
        a = na & AC_ID_MASK;
        if (PD_UNLIKELY(na & AC_MATCH) && (stop = report(ac, a, t, len, i + 1, flags, fn, first, mid)))
            return stop;
    }
    return 0;
}
