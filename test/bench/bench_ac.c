/* bench_ac.c: Aho-Corasick build time, size and scan throughput with synthetic candidate names
 * (and pd_fold throughput on the same text). Not a test: it prints a table.
 *
 *   bench_ac [MB of text, default 8]
 *
 * Names are built deterministically from forename and surname lists (surnames extended with
 * syllable compounds so that 20,000 names are mostly distinct). Each name is added alone ("1x")
 * and with ten variants ("10x": "jo smith", "smith", "cllr smith", "councillor jo smith",
 * "j smith", ...), as a policy compiles them. The text is press-release-like prose made of
 * common words with a name every ~150 words. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "ac.h"
#include "fold.h"

#include <stdio.h>
#include <time.h>

static const char *const forenames[] = {
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry",
    "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "alexander", "patrick", "frank",
    "raymond", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan", "henry",
    "peter", "zachary", "douglas", "harold", "mary", "patricia", "jennifer", "linda", "elizabeth",
    "barbara", "susan", "jessica", "sarah", "karen", "lisa", "nancy", "betty", "sandra", "margaret",
    "ashley", "kimberly", "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah",
    "stephanie", "dorothy", "rebecca", "sharon", "laura", "cynthia", "amy", "kathleen", "angela",
    "shirley", "brenda", "emma", "anna", "pamela", "nicole", "samantha", "katherine", "christine",
    "helen", "debra", "rachel", "carolyn", "janet", "maria", "catherine", "heather", "diane",
    "olivia", "julie", "joyce", "victoria", "ruth", "virginia", "lauren", "kelly", "christina",
    "joan", "evelyn", "judith", "andrea", "hannah", "megan", "cheryl", "jacqueline", "martha",
    "madison", "teresa", "gloria", "sara", "janice", "ann", "kathryn", "abigail", "sophia",
    "frances", "jean", "alice", "judy", "isabella", "julia", "grace", "amber", "denise", "danielle",
    "marilyn", "beverly", "charlotte", "natalie", "theresa", "diana", "brittany", "doris", "kayla",
    "alexis", "lori", "marie", "siobhan", "aled", "rhys", "gareth", "dafydd", "ifan", "llyr",
    "cerys", "sian", "bethan", "mohammed", "ahmed", "ali", "fatima", "aisha", "priya", "raj",
    "sanjay", "anil", "sunita", "wei", "chen", "olu", "chidi", "ngozi", "kwame", "ama", "tomasz",
    "piotr", "agnieszka", "marek", "declan", "niamh", "aoife", "ciaran", "fergus", "morag",
    "hamish", "eilidh", "callum", "kirsty"};

static const char *const surnames[] = {
    "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson",
    "wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson",
    "clarke", "patel", "khan", "lewis", "james", "phillips", "mason", "mitchell", "rose", "davis",
    "rodriguez", "cox", "alexander", "morgan", "moore", "mills", "king", "lee", "baker", "harris",
    "clark", "turner", "hill", "scott", "cooper", "ward", "morris", "hughes", "edwards", "parker",
    "collins", "harrison", "martin", "young", "allen", "bell", "bailey", "carter", "cook",
    "richardson", "shaw", "chapman", "webb", "kelly", "stewart", "bennett", "price", "griffiths",
    "lloyd", "marshall", "holmes", "owen", "russell", "murphy", "rogers", "gray", "palmer",
    "fisher", "hunt", "barker", "stevens", "knight", "butler", "reid", "murray", "fox", "mason",
    "graham", "o'brien", "o'connor", "mcdonald", "macleod", "fitzgerald", "ap rhys", "ahmed",
    "hussain", "begum", "singh", "kaur", "nowak", "kowalski", "okafor", "adeyemi", "mensah",
    "nguyen", "wang", "li", "zhang", "chen", "liu", "yang", "huang", "zhao", "wu", "zhou",
    "fernandez", "garcia", "lopez", "martinez", "gonzalez", "perez", "sanchez", "ramirez",
    "torres", "flores", "rivera", "gomez", "diaz", "reyes", "cruz", "morales", "ortiz",
    "gutierrez", "chavez", "ramos", "ruiz", "hernandez", "jimenez", "moreno", "alvarez",
    "romero", "vargas", "castillo", "herrera", "medina", "aguilar", "vasquez", "castro",
    "mendoza", "guerrero", "smith-jones", "lloyd-webber", "price-davies", "st john",
    "de souza", "van der berg"};

/* Syllables for compound surnames ("ashbrook", "thornfield", ...). */
static const char *const heads[] = {
    "ash", "black", "brad", "brook", "burn", "car", "chad", "chester", "cole", "crom", "dal", "dun",
    "elder", "fair", "fen", "gold", "good", "grims", "hal", "ham", "hart", "hay", "high", "holl",
    "kings", "lang", "lock", "marl", "mer", "middle", "new", "north", "oak", "pem", "red", "ros",
    "shel", "south", "stan", "stock", "stone", "sut", "thorn", "wal", "west", "whit", "win", "wood"};
static const char *const tails[] = {"brook", "bury", "by", "combe", "croft", "dale", "den", "don",
                                    "field", "ford", "gate", "ham", "hurst", "ley", "man", "more",
                                    "ridge", "ston", "ton", "well", "wick", "win", "wood", "worth"};

static const char *const words[] = {
    "the", "council", "said", "today", "that", "new", "plans", "for", "the", "town", "centre",
    "will", "be", "published", "next", "week", "and", "residents", "are", "invited", "to",
    "comment", "on", "proposals", "which", "include", "improvements", "road", "safety", "near",
    "schools", "a", "spokesperson", "for", "the", "authority", "added", "we", "are", "committed",
    "working", "with", "local", "communities", "partners", "deliver", "services", "people",
    "need", "budget", "consultation", "opens", "on", "monday", "and", "closes", "at", "end", "of",
    "month", "library", "opening", "hours", "extended", "during", "summer", "holidays", "bins",
    "collected", "as", "usual", "bank", "holiday", "more", "information", "is", "available",
    "from", "website", "or", "by", "calling", "customer", "contact", "centre", "cabinet",
    "member", "housing", "welcomed", "funding", "this", "is", "great", "news", "our", "borough",
    "it", "has", "been", "year", "of", "progress", "in", "parks", "leisure", "park", "green",
    "spaces", "volunteers", "helped", "plant", "trees", "across", "district", "while", "work",
    "continues", "repair", "potholes", "highways", "team", "have", "fixed", "over", "one",
    "thousand", "since", "april", "planning", "committee", "meet", "discuss", "application",
    "homes", "site", "former", "depot", "public", "meeting", "held", "hall", "thursday", "evening",
    "all", "welcome", "attend", "ask", "questions", "about", "scheme", "social", "care",
    "adults", "children", "families", "support", "cost", "living", "grants", "small",
    "businesses", "high", "street", "recovery", "fund", "applications", "close", "friday"};

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct name {
    char first[32], last[48];
} name;

static void make_names(name *out, size_t n)
{
    rng = 0x2545F4914F6CDD1Du;
    for (size_t i = 0; i < n; i++) {
        /* one rnd() per statement: argument evaluation order is unspecified */
        const char *first = forenames[rnd() % N(forenames)];
        unsigned kind = rnd() % 12;
        const char *head = heads[rnd() % N(heads)];
        const char *tail = tails[rnd() % N(tails)];
        const char *sur = surnames[rnd() % N(surnames)];
        snprintf(out[i].first, sizeof out[i].first, "%s", first);
        if (kind < 3) /* a common surname */
            snprintf(out[i].last, sizeof out[i].last, "%s", sur);
        else if (kind < 6) /* double-barrelled */
            snprintf(out[i].last, sizeof out[i].last, "%s%s-%s", head, tail, sur);
        else /* a compound like "ashbrook" */
            snprintf(out[i].last, sizeof out[i].last, "%s%s", head, tail);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int count_match(void *ctx, uint32_t id, size_t start, size_t end)
{
    (void)id, (void)start, (void)end;
    ++*(size_t *)ctx;
    return 0;
}

static void add(pd_ac_builder *b, uint32_t id, const char *pattern, int len)
{
    if (len < 0 || pd_ac_builder_add(b, pattern, (size_t)len, id) != PURDAH_OK) abort();
}

/* Builds the text: `bytes` of prose with a random name every ~150 words. */
static char *make_text(size_t bytes, const name *names, size_t nnames, size_t *len)
{
    char *t = malloc(bytes + 128);
    size_t at = 0;
    rng = 42;
    while (at < bytes) {
        const char *w = words[rnd() % N(words)];
        char buf[128];
        int n;
        if (rnd() % 150 == 0) {
            const name *nm = &names[rnd() % nnames];
            n = snprintf(buf, sizeof buf, "cllr %s %s", nm->first, nm->last);
        } else if (rnd() % 12 == 0) {
            n = snprintf(buf, sizeof buf, "%s.", w);
        } else {
            n = snprintf(buf, sizeof buf, "%s", w);
        }
        memcpy(t + at, buf, (size_t)n);
        at += (size_t)n;
        t[at++] = rnd() % 60 == 0 ? '\n' : ' ';
    }
    *len = at;
    return t;
}

static void bench(const name *names, size_t nnames, int variants, const char *text, size_t len)
{
    pd_ac_builder *b;
    if (pd_ac_builder_new(&b) != PURDAH_OK) abort();
    for (size_t i = 0; i < nnames; i++) {
        const name *nm = &names[i];
        uint32_t id = (uint32_t)i;
        char buf[128];
#define ADD(...) add(b, id, buf, snprintf(buf, sizeof buf, __VA_ARGS__))
        ADD("%s %s", nm->first, nm->last);
        if (!variants) continue;
        ADD("%s", nm->last);
        ADD("cllr %s", nm->last);
        ADD("councillor %s", nm->last);
        ADD("cllr %s %s", nm->first, nm->last);
        ADD("councillor %s %s", nm->first, nm->last);
        ADD("%c %s", nm->first[0], nm->last);
        ADD("%c. %s", nm->first[0], nm->last);
        ADD("%s, %s", nm->last, nm->first);
        ADD("%s %s's", nm->first, nm->last);
#undef ADD
    }
    size_t npat = 0;
    pd_ac *ac = NULL;
    /* The first build pays for first-touch page faults on all its memory, as a real (single)
     * policy compile does; later ones may reuse memory the allocator kept. */
    double first_build = 0, best_build = 1e9;
    for (int r = 0; r < 5; r++) {
        pd_ac_free(ac);
        double t0 = now();
        if (pd_ac_compile(&ac, b) != PURDAH_OK) abort();
        double dt = now() - t0;
        if (r == 0) first_build = dt;
        if (dt < best_build) best_build = dt;
    }
    npat = pd_ac_pattern_count(ac);
    /* the word-anchored automaton a policy compiles (pd_ac_compile_words) */
    pd_ac *wac = NULL;
    double words_build = 1e9;
    for (int r = 0; r < 3; r++) {
        pd_ac_free(wac);
        double t0 = now();
        if (pd_ac_compile_words(&wac, b, 0) != PURDAH_OK) abort();
        double dt = now() - t0;
        if (dt < words_build) words_build = dt;
    }
    pd_ac_builder_free(b);

    double best[2] = {1e9, 1e9};
    size_t matches[2] = {0, 0};
    for (int r = 0; r < 5; r++) {
        for (unsigned flags = 0; flags < 2; flags++) {
            size_t m = 0;
            double t0 = now();
            pd_ac_scan(ac, text, len, flags, count_match, &m);
            double dt = now() - t0;
            if (dt < best[flags]) best[flags] = dt;
            matches[flags] = m;
        }
    }
    double wbest = 1e9;
    size_t wmatches = 0;
    for (int r = 0; r < 5; r++) {
        size_t m = 0;
        double t0 = now();
        pd_ac_scan(wac, text, len, PD_AC_WHOLE_WORDS, count_match, &m);
        double dt = now() - t0;
        if (dt < wbest) wbest = dt;
        wmatches = m;
    }
    printf("%6zu names %s %7zu patterns %8zu states %5.1f MB  build %6.1f ms (best %6.1f)  "
           "scan %4.0f MB/s, whole words %4.0f MB/s  (%zu / %zu matches)\n"
           "                    word-anchored: %8zu states %5.1f MB  build %6.1f ms (best)  whole words %4.0f MB/s  "
           "(%zu matches)\n",
           nnames, variants ? "10x" : " 1x", npat, pd_ac_state_count(ac),
           (double)pd_ac_memory_size(ac) / 1e6, first_build * 1e3, best_build * 1e3,
           (double)len / best[0] / 1e6, (double)len / best[1] / 1e6, matches[0], matches[1],
           pd_ac_state_count(wac), (double)pd_ac_memory_size(wac) / 1e6, words_build * 1e3,
           (double)len / wbest / 1e6, wmatches);
    pd_ac_free(ac);
    pd_ac_free(wac);
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 8;
    static name names[20000];
    make_names(names, N(names));
    size_t len;
    char *text = make_text(mb << 20, names, N(names), &len);
    printf("text: %.1f MB of prose\n", (double)len / 1e6);

    static const size_t sizes[] = {1000, 5000, 20000};
    for (int variants = 0; variants < 2; variants++)
        for (size_t k = 0; k < N(sizes); k++) bench(names, sizes[k], variants, text, len);

    /* fold: the same prose with capitals and some non-ASCII, as a draft would have it */
    char *raw = malloc(len);
    memcpy(raw, text, len);
    for (size_t i = 0; i + 1 < len; i++)
        if (raw[i] == ' ' && raw[i + 1] >= 'a' && raw[i + 1] <= 'z' && rnd() % 8 == 0)
            raw[i + 1] = (char)(raw[i + 1] - 32);
    pd_folded f;
    pd_folded_init(&f);
    double best = 1e9;
    for (int r = 0; r < 5; r++) {
        double t0 = now();
        if (pd_fold(&f, raw, len) != PURDAH_OK) abort();
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    printf("fold: %.0f MB/s (ASCII prose, %zu map runs)\n", (double)len / best / 1e6,
           f.map.count);
    /* with a non-ASCII character every ~100 bytes (curly apostrophes, accents) */
    size_t rlen = 0;
    char *mixed = malloc(len * 2);
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == 'e' && rnd() % 60 == 0) {
            memcpy(mixed + rlen, "\xC3\xA9", 2);
            rlen += 2;
        } else if (raw[i] == ' ' && rnd() % 80 == 0) {
            memcpy(mixed + rlen, "\xE2\x80\x99s ", 5);
            rlen += 5;
        } else {
            mixed[rlen++] = raw[i];
        }
    }
    best = 1e9;
    for (int r = 0; r < 5; r++) {
        double t0 = now();
        if (pd_fold(&f, mixed, rlen) != PURDAH_OK) abort();
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    printf("fold: %.0f MB/s (prose with a non-ASCII character every ~100 bytes, %zu map runs)\n",
           (double)rlen / best / 1e6, f.map.count);
    pd_folded_free(&f);
    free(mixed);
    free(raw);
    free(text);
    return 0;
}
