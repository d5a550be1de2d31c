/* judge.c: decides which matches are findings and how severe, from their context: the active
 * windows and areas, how a person is named (full name, title + surname, initial + surname, or a
 * bare surname once identified), whether they are quoted, where the words sit (image text), cue
 * words for ambiguous party names, ordinary phrases that are not findings at all, and
 * document-wide exemptions (statutory notices, emergencies). */
#include "scan.h"

/* How far either side of a match we look for sentence ends: bounded so that a draft without
 * punctuation cannot make judging quadratic. */
enum { SENTENCE_REACH = 600 };

const uint32_t *pd_list_hits(const purdah_scanner *s, uint32_t list, size_t *count)
{
    if (list == PD_NO_LIST || list >= s->policy->list_count) {
        *count = 0;
        return NULL;
    }
    *count = s->list_offsets[list + 1] - s->list_offsets[list];
    return *count ? s->list_hits + s->list_offsets[list] : NULL; /* list_hits is NULL before any */
}

static pd_role role_of_draft(const purdah_scanner *s, uint32_t rule, size_t start);

static void add_draft(purdah_scanner *s, uint32_t rule, purdah_severity sev, uint32_t start,
                      uint32_t end, int32_t person, uint32_t pattern, int32_t election)
{
    if (sev == PURDAH_SEVERITY_NONE) return;
    if (PD_RESERVE(s->drafts, s->draft_cap, s->draft_count + 1) != 0) {
        s->failed = true;
        return;
    }
    s->drafts[s->draft_count++] =
        (pd_draft){rule, sev, start, end, person, pattern, election, NULL, role_of_draft(s, rule, start)};
}

/* ---- looking around a match in the folded text ---- */

static const char *const abbreviations[] = {"mr", "mrs", "ms", "dr", "cllr", "st", "rev", "prof", "no",
                                            "cllrs", "gov", "inc", "ltd", "co", "vs", "etc"};

/* True when the '.' at t[i] ends a sentence rather than an abbreviation or an initial. */
static bool full_stop_ends_sentence(const char *t, size_t len, size_t i)
{
    if (i + 1 < len && t[i + 1] != ' ' && t[i + 1] != '\n' && t[i + 1] != '"' && t[i + 1] != '\'')
        return false; /* "gov.uk", "3.5" */
    size_t w = i;
    while (w > 0 && pd_is_word_byte((unsigned char)t[w - 1])) w--;
    size_t n = i - w;
    if (n == 1) return false; /* an initial: "S. Green" */
    for (size_t k = 0; k < PD_ARRAY_LEN(abbreviations); k++) /* (word bytes are never NUL) */
        if (abbreviations[k][0] == t[w] && strncmp(abbreviations[k], t + w, n) == 0 && abbreviations[k][n] == '\0')
            return false;
    return true;
}

static bool sentence_break_at(const char *t, size_t len, size_t i)
{
    char c = t[i];
    if (c == '\n') return true;
    if (c == '!' || c == '?') return true;
    return c == '.' && full_stop_ends_sentence(t, len, i);
}

/* The sentence around [start, end): from just after the previous break to just after the next. */
static void sentence_around(const purdah_scanner *s, size_t start, size_t end, size_t *a, size_t *b)
{
    const char *t = s->folded.text;
    size_t len = s->folded.len;
    size_t lo = start > SENTENCE_REACH ? start - SENTENCE_REACH : 0;
    size_t i = start;
    while (i > lo && !sentence_break_at(t, len, i - 1)) i--;
    *a = i;
    size_t hi = end + SENTENCE_REACH < len ? end + SENTENCE_REACH : len;
    i = end;
    while (i < hi && !sentence_break_at(t, len, i)) i++;
    *b = i < len ? i + 1 : len;
}

/* Index of the first hit in a list group whose start is >= pos. */
static size_t first_hit_from(const purdah_scanner *s, const uint32_t *group, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->hits[group[mid]].start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* True when some hit of `list` starts inside [a, b). */
static bool list_hit_within(const purdah_scanner *s, uint32_t list, size_t a, size_t b)
{
    size_t n;
    const uint32_t *group = pd_list_hits(s, list, &n);
    size_t i = first_hit_from(s, group, n, a);
    return i < n && s->hits[group[i]].start < b;
}

/* True when some hit of `list` overlaps [a, b). Hits are short, so only those starting up to a
 * phrase's length before `a` can overlap. */
static bool list_hit_overlaps(const purdah_scanner *s, uint32_t list, size_t a, size_t b)
{
    size_t n;
    const uint32_t *group = pd_list_hits(s, list, &n);
    size_t i = first_hit_from(s, group, n, a > 200 ? a - 200 : 0);
    for (; i < n && s->hits[group[i]].start < b; i++)
        if (s->hits[group[i]].end > a) return true;
    return false;
}

static bool suppressed(const purdah_scanner *s, size_t a, size_t b)
{
    const purdah_policy *p = s->policy;
    for (size_t i = 0; i < p->suppress_count; i++)
        if (list_hit_overlaps(s, p->suppress_lists[i], a, b)) return true;
    return false;
}

/* True when a hit of `list` starts within `words` words after a match ending at b, in the same clause: the
 * cue follows the party word ("the Green group", "Green-led", "Reform councillors"). A cue
 * before it is usually a title ("Squadron Leader Chris Green", "the government's Green Heat
 * Fund"), and one past a comma belongs to another phrase ("Parson's Green, run by ..."). */
static bool cue_follows(const purdah_scanner *s, uint32_t list, size_t b, int words)
{
    const char *t = s->folded.text;
    size_t len = s->folded.len;
    size_t hi = b;
    for (int w = 0; w < words && hi < len; w++) {
        while (hi < len && !pd_is_word_byte((unsigned char)t[hi])) {
            if (t[hi] == ',' || t[hi] == ';' || t[hi] == ':' || sentence_break_at(t, len, hi)) goto done;
            hi++;
        }
        while (hi < len && pd_is_word_byte((unsigned char)t[hi])) hi++;
    }
done:;
    size_t n;
    const uint32_t *group = pd_list_hits(s, list, &n);
    for (size_t i = first_hit_from(s, group, n, b); i < n && s->hits[group[i]].start < hi; i++)
        if (s->hits[group[i]].end <= hi) return true;
    return false;
}

/* True when the draft writes the first letter of the folded range with a capital. */
static bool written_capitalised(const purdah_scanner *s, size_t a, size_t b)
{
    size_t xa, xb;
    pd_offmap_range(&s->folded.map, a, b, &xa, &xb);
    if (xa >= s->extracted.len) return false;
    unsigned char c = (unsigned char)s->extracted.text[xa];
    if (c >= 'A' && c <= 'Z') return true;
    /* Latin capitals with diacritics: U+00C0-U+00DE (except U+00D7), and the even code points
     * of Latin Extended-A */
    if (c == 0xC3 && xa + 1 < s->extracted.len) {
        unsigned char d = (unsigned char)s->extracted.text[xa + 1];
        return d >= 0x80 && d <= 0x9E && d != 0x97;
    }
    if ((c == 0xC4 || c == 0xC5) && xa + 1 < s->extracted.len)
        return ((unsigned char)s->extracted.text[xa + 1] & 1) == 0;
    return false;
}

/* The role of the segment holding folded offset `a`. */
static pd_role role_at(const purdah_scanner *s, size_t a)
{
    size_t xa, xb;
    pd_offmap_range(&s->folded.map, a, a + 1, &xa, &xb);
    const pd_extracted *x = &s->extracted;
    size_t lo = 0, hi = x->segment_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->segments[mid].end <= xa) lo = mid + 1;
        else hi = mid;
    }
    return lo < x->segment_count ? x->segments[lo].role : PD_ROLE_BODY;
}

static bool is_image_role(pd_role r) { return r == PD_ROLE_IMAGE_ALT || r == PD_ROLE_CAPTION || r == PD_ROLE_TITLE; }

/* True when folded offset `at` lies between quotation marks in its paragraph (an odd number of
 * double quotes since the paragraph began; folding made curly quotes straight). */
static bool inside_quotation(const purdah_scanner *s, size_t at)
{
    const char *t = s->folded.text;
    size_t lo = at > SENTENCE_REACH * 4 ? at - SENTENCE_REACH * 4 : 0, quotes = 0;
    for (size_t i = at; i > lo && t[i - 1] != '\n'; i--) quotes += t[i - 1] == '"';
    return quotes % 2 == 1;
}

/* Body text is refined by what the words are doing: inside quotation marks they are a quote;
 * a quoted person named outside the marks is named in the attribution ("said Cllr X"). */
static pd_role role_of_draft(const purdah_scanner *s, uint32_t rule, size_t start)
{
    pd_role role = role_at(s, start);
    if (role != PD_ROLE_BODY) return role;
    if (inside_quotation(s, start)) return PD_ROLE_QUOTE;
    pd_detector det = s->policy->rules[rule].detect;
    if (det == PD_DET_CANDIDATE_QUOTED || det == PD_DET_MEMBER_QUOTED) return PD_ROLE_ATTRIBUTION;
    return role;
}

/* A person is quoted when a speech verb shares their sentence, or when their name introduces a
 * quotation ("Cllr Green: \"...\""). */
static bool quoted_in_sentence(const purdah_scanner *s, size_t a, size_t b)
{
    const char *t = s->folded.text;
    size_t len = s->folded.len;
    if (b + 1 < len && t[b] == ':' && (t[b + 1] == '"' || (t[b + 1] == ' ' && b + 2 < len && t[b + 2] == '"')))
        return true;
    size_t sa, sb;
    sentence_around(s, a, b, &sa, &sb);
    return list_hit_within(s, s->policy->speech_list, sa, sb);
}

/* ---- windows and people ---- */

/* The election in whose active window the person stands, or -1. With `upcoming`, an applying
 * election whose window has not started yet. */
static int32_t person_election(const purdah_scanner *s, const pd_person *person, bool upcoming)
{
    for (size_t i = 0; i < s->window_count; i++) {
        const pd_window_state *w = &s->windows[i];
        if (!w->pub.applies) continue;
        bool match = upcoming ? (!w->pub.in_window && s->as_of < w->start) : w->pub.in_window;
        if (match && pd_person_stands_in(person, &s->policy->elections[i], w->poll)) return (int32_t)i;
    }
    return -1;
}

/* By-elections apply to drafts that name their area (written as a proper noun) or one of their
 * candidates in full. */
static void apply_by_text(purdah_scanner *s)
{
    const purdah_policy *p = s->policy;
    for (size_t i = 0; i < s->hit_count; i++) {
        const pd_hit *h = &s->hits[i];
        const pd_pattern *pat = &p->patterns[h->pattern];
        if (pat->kind == PD_PAT_AREA) {
            if (pat->a < s->window_count && written_capitalised(s, h->start, h->end))
                s->windows[pat->a].pub.applies = 1;
        } else if (pat->kind == PD_PAT_PERSON_FULL || pat->kind == PD_PAT_PERSON_SHORT) {
            const pd_person *person = &p->people[pat->a];
            for (size_t e = 0; e < s->window_count; e++)
                if (p->elections[e].area_count && pd_person_stands_in(person, &p->elections[e], s->windows[e].poll))
                    s->windows[e].pub.applies = 1;
        }
    }
    s->any_active = false;
    for (size_t i = 0; i < s->window_count; i++)
        s->any_active |= s->windows[i].pub.applies && s->windows[i].pub.in_window;
}

/* Emits the rules with detector `det` for a person; returns true when one produced a finding. */
static bool emit_person_rules(purdah_scanner *s, pd_detector det, bool in_window, uint32_t start,
                              uint32_t end, int32_t person, int32_t election)
{
    bool any = false;
    for (size_t r = 0; r < s->policy->rule_count; r++) {
        const pd_rule_c *rule = &s->policy->rules[r];
        if (rule->detect != det) continue;
        purdah_severity sev = in_window ? rule->pub.in_window : rule->pub.outside_window;
        if (sev == PURDAH_SEVERITY_NONE) continue;
        add_draft(s, (uint32_t)r, sev, start, end, person, UINT32_MAX, election);
        any = true;
    }
    return any;
}

/* Judges one mention of a person and records the findings it makes. */
static void judge_mention(purdah_scanner *s, uint32_t person_index, uint32_t start, uint32_t end)
{
    const pd_person *person = &s->policy->people[person_index];
    bool image = is_image_role(role_at(s, start));
    bool quoted = !image && quoted_in_sentence(s, start, end);
    int32_t active = person_election(s, person, false);
    int32_t upcoming = active < 0 ? person_election(s, person, true) : -1;
    bool emitted = false;
    if (active >= 0 || upcoming >= 0) {
        pd_detector det = image ? PD_DET_CANDIDATE_IN_IMAGE : quoted ? PD_DET_CANDIDATE_QUOTED : PD_DET_CANDIDATE_NAMED;
        emitted = emit_person_rules(s, det, active >= 0, start, end, (int32_t)person_index,
                                    active >= 0 ? active : upcoming);
    }
    if (!emitted && person->is_member)
        emit_person_rules(s, quoted ? PD_DET_MEMBER_QUOTED : PD_DET_MEMBER_NAMED, s->any_active, start, end,
                          (int32_t)person_index, -1);
}

/* A candidate's handle or campaign website: pointing readers at it is a link to the candidate. */
static void judge_contact(purdah_scanner *s, uint32_t person_index, uint32_t start, uint32_t end)
{
    const pd_person *person = &s->policy->people[person_index];
    int32_t active = person_election(s, person, false);
    int32_t upcoming = active < 0 ? person_election(s, person, true) : -1;
    bool emitted = false;
    if (active >= 0 || upcoming >= 0)
        emitted = emit_person_rules(s, PD_DET_CANDIDATE_LINK, active >= 0, start, end, (int32_t)person_index,
                                    active >= 0 ? active : upcoming);
    if (!emitted && person->is_member)
        emit_person_rules(s, PD_DET_MEMBER_NAMED, s->any_active, start, end, (int32_t)person_index, -1);
}

static void mark_identified(purdah_scanner *s, uint32_t person)
{
    if (s->identified[person]) return;
    if (PD_RESERVE(s->touched, s->touched_cap, s->touched_count + 1) != 0) {
        s->failed = true;
        return;
    }
    s->identified[person] = 1;
    s->touched[s->touched_count++] = person;
}

/* The start of a title written just before `pos` ("Cllr Green", "Cllr. Green"), or SIZE_MAX. */
static size_t title_before(const purdah_scanner *s, size_t pos)
{
    const char *t = s->folded.text;
    if (pos < 2 || t[pos - 1] != ' ') return SIZE_MAX;
    size_t end = pos - 1;
    size_t n;
    const uint32_t *group = pd_list_hits(s, s->policy->titles_list, &n);
    for (size_t i = first_hit_from(s, group, n, end > 16 ? end - 16 : 0); i < n && s->hits[group[i]].start < end; i++) {
        const pd_hit *h = &s->hits[group[i]];
        if (h->end == end || (h->end + 1 == end && t[h->end] == '.')) return h->start;
    }
    return SIZE_MAX;
}

/* What is written just before a surname, read once for all the people who share it (a common
 * surname is shared by hundreds of people in a long candidate list). */
typedef struct initials_seen {
    bool possible;     /* a space precedes the surname */
    char found[sizeof ((pd_person *)0)->initials]; /* single letters, read backwards */
    size_t n, start;   /* how many, and where the first of them starts */
    size_t word, len;  /* otherwise the word before the surname ("MA"), at [word, word + len) */
    int capitals;      /* that word is written in capitals: -1 not known yet, 0, 1 */
} initials_seen;

static void read_initials(const purdah_scanner *s, size_t pos, initials_seen *in)
{
    const char *t = s->folded.text;
    in->possible = pos >= 2 && t[pos - 1] == ' ';
    in->n = 0;
    in->start = SIZE_MAX;
    in->capitals = -1;
    if (!in->possible) return;
    /* single letters, each followed by a dot or a space, read backwards */
    size_t i = pos;
    while (i > 0 && in->n < sizeof in->found - 1) {
        size_t j = i;
        while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '.')) j--;
        if (j == 0 || j == i || !pd_is_word_byte((unsigned char)t[j - 1])) break;
        if (j > 1 && pd_is_word_byte((unsigned char)t[j - 2])) break; /* a word, not a letter */
        in->found[in->n++] = t[j - 1];
        in->start = j - 1;
        i = j - 1;
    }
    size_t w = pos - 1;
    while (w > 0 && pd_is_word_byte((unsigned char)t[w - 1])) w--;
    in->word = w;
    in->len = pos - 1 - w;
}

/* The start of the initials written just before the surname (read_initials) when they are the
 * person's: "S Green", "S. Green", "M. A. Whitlock", "M.A. Whitlock", and "MA Whitlock" in
 * capitals. Or SIZE_MAX. */
static size_t initials_before(const purdah_scanner *s, initials_seen *in, const pd_person *person)
{
    if (!in->possible) return SIZE_MAX;
    if (in->n) {
        /* they were read backwards: they must be the person's first initials, in order */
        for (size_t k = 0; k < in->n; k++)
            if (person->initials[k] != in->found[in->n - 1 - k]) return SIZE_MAX;
        return in->start;
    }
    /* "MA Whitlock": the initials run together, written in capitals */
    size_t len = strlen(person->initials);
    if (len >= 2 && in->len == len && memcmp(s->folded.text + in->word, person->initials, len) == 0) {
        if (in->capitals < 0) {
            size_t xa, xb;
            pd_offmap_range(&s->folded.map, in->word, in->word + in->len, &xa, &xb);
            in->capitals = 1;
            for (size_t k = xa; k < xb; k++)
                if (!(s->extracted.text[k] >= 'A' && s->extracted.text[k] <= 'Z')) in->capitals = 0;
        }
        return in->capitals ? in->word : SIZE_MAX;
    }
    return SIZE_MAX;
}

/* A bare surname counts when its owner was named earlier, or when it is not an ordinary word
 * and a speech verb sits right beside it ("Okonkwo said", "said Okonkwo"). */
static bool speech_verb_beside(const purdah_scanner *s, size_t a, size_t b)
{
    size_t n;
    const uint32_t *group = pd_list_hits(s, s->policy->speech_list, &n);
    size_t i = first_hit_from(s, group, n, a > 24 ? a - 24 : 0);
    for (; i < n && s->hits[group[i]].start <= b + 1; i++) {
        const pd_hit *h = &s->hits[group[i]];
        if (h->end + 1 == a || h->start == b + 1) return true;
    }
    return false;
}

/* True when a longer wordlist phrase starts where hit i starts ("Green Party" over "Green"): a
 * bare surname inside a phrase is the phrase, not the person. Longer hits sort first. */
static bool inside_longer_phrase(const purdah_scanner *s, size_t i)
{
    const pd_hit *h = &s->hits[i];
    for (size_t k = i; k-- > 0 && s->hits[k].start == h->start;)
        if (s->hits[k].end > h->end && s->policy->patterns[s->hits[k].pattern].kind == PD_PAT_LIST) return true;
    return false;
}

/* The spans of the people mentioned so far, in order (a phrase inside a name is not a phrase,
 * and a role spoken for by a named person is not a second finding). */
typedef struct mention_span {
    uint32_t start, end;
} mention_span;

typedef struct mention_log {
    mention_span *items;
    size_t count, cap;
} mention_log;

static void log_mention(purdah_scanner *s, mention_log *log, uint32_t a, uint32_t b)
{
    if (PD_RESERVE(log->items, log->cap, log->count + 1) != 0) {
        s->failed = true;
        return;
    }
    log->items[log->count++] = (mention_span){a, b};
}

/* Index of the first mention starting at or after pos (mentions are logged in text order). */
static size_t first_mention_from(const mention_log *log, size_t pos)
{
    size_t lo = 0, hi = log->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (log->items[mid].start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool mention_overlaps(const mention_log *log, size_t a, size_t b)
{
    size_t i = first_mention_from(log, b); /* mentions before i start before b */
    return i > 0 && log->items[i - 1].end > a;
}

static bool mention_within(const mention_log *log, size_t a, size_t b)
{
    size_t i = first_mention_from(log, a);
    return i < log->count && log->items[i].start < b;
}

/* Picks among people sharing a surname: someone already named, else an active candidate, else a
 * sitting member, else the first. */
static int32_t choose_person(purdah_scanner *s, size_t from, size_t to, bool identified_only)
{
    int32_t best = -1;
    int best_rank = -1;
    for (size_t i = from; i < to; i++) {
        uint32_t pi = s->policy->patterns[s->hits[i].pattern].a;
        const pd_person *person = &s->policy->people[pi];
        int rank = s->identified[pi] ? 3 : person_election(s, person, false) >= 0 ? 2 : person->is_member ? 1 : 0;
        if (identified_only && !s->identified[pi]) continue;
        if (rank > best_rank) {
            best_rank = rank;
            best = (int32_t)pi;
        }
    }
    return best;
}

static void judge_people(purdah_scanner *s, mention_log *log)
{
    const purdah_policy *p = s->policy;
    size_t covered_end = 0; /* end of the last full-name mention: surnames inside it are skipped */
    for (size_t i = 0; i < s->hit_count;) {
        const pd_hit *h = &s->hits[i];
        const pd_pattern *pat = &p->patterns[h->pattern];
        if (pat->kind == PD_PAT_PERSON_FULL || pat->kind == PD_PAT_PERSON_SHORT) {
            /* "Simon Wright" can be two people (Simon Andrew Wright, who stood before, and Simon
             * Wright, who stands now): take the group of full names on this span together */
            size_t j = i + 1;
            while (j < s->hit_count && s->hits[j].start == h->start && s->hits[j].end == h->end &&
                   (p->patterns[s->hits[j].pattern].kind == PD_PAT_PERSON_FULL ||
                    p->patterns[s->hits[j].pattern].kind == PD_PAT_PERSON_SHORT))
                j++;
            uint32_t chosen = (uint32_t)choose_person(s, i, j, false);
            /* "will bridge" in lower case is two words, not Will Bridge: a name made of
             * ordinary words counts only when written as a name, with a capital */
            bool as_a_name = !p->people[chosen].surname_is_ordinary || written_capitalised(s, h->start, h->end);
            if (h->end > covered_end && as_a_name) {
                judge_mention(s, chosen, h->start, h->end);
                mark_identified(s, chosen);
                log_mention(s, log, h->start, h->end);
                covered_end = h->end;
            }
            i = j;
            continue;
        }
        if (pat->kind == PD_PAT_PERSON_HANDLE || pat->kind == PD_PAT_PERSON_SITE) {
            judge_contact(s, pat->a, h->start, h->end);
            log_mention(s, log, h->start, h->end);
            i++;
            continue;
        }
        if (pat->kind != PD_PAT_PERSON_SURNAME) {
            i++;
            continue;
        }
        /* every person with this surname matched the same span: take the group together */
        size_t j = i + 1;
        while (j < s->hit_count && s->hits[j].start == h->start && s->hits[j].end == h->end &&
               p->patterns[s->hits[j].pattern].kind == PD_PAT_PERSON_SURNAME)
            j++;
        size_t group_end = j;
        if (h->end <= covered_end) {
            i = group_end;
            continue;
        }
        size_t start = title_before(s, h->start);
        int32_t chosen = -1;
        if (start != SIZE_MAX) {
            chosen = choose_person(s, i, group_end, false);
        } else {
            initials_seen seen;
            read_initials(s, h->start, &seen);
            for (size_t k = i; k < group_end && chosen < 0 && seen.possible; k++) {
                uint32_t pi = p->patterns[s->hits[k].pattern].a;
                size_t ini = initials_before(s, &seen, &p->people[pi]);
                if (ini != SIZE_MAX) {
                    start = ini;
                    chosen = (int32_t)pi;
                }
            }
        }
        if (chosen < 0) {
            /* a bare surname: written as a name (with a capital: "we hope" is not Patrick Hope) */
            start = h->start;
            chosen = written_capitalised(s, h->start, h->end) ? choose_person(s, i, group_end, true) : -1;
            if (chosen < 0 && written_capitalised(s, h->start, h->end)) {
                uint32_t pi = p->patterns[h->pattern].a;
                if (!p->people[pi].surname_is_ordinary && speech_verb_beside(s, h->start, h->end) &&
                    !suppressed(s, h->start, h->end) && !inside_longer_phrase(s, i))
                    chosen = choose_person(s, i, group_end, false);
            } else if (suppressed(s, h->start, h->end) || inside_longer_phrase(s, i)) {
                chosen = -1;
            }
        }
        if (chosen >= 0) {
            judge_mention(s, (uint32_t)chosen, (uint32_t)start, h->end);
            mark_identified(s, (uint32_t)chosen);
            log_mention(s, log, (uint32_t)start, h->end);
        }
        i = group_end;
    }
}

/* Role mentions ("the Leader of the Council said"): a member quoted by role alone. */
/* The one member who holds the role written at folded [a, b) ("leader of the council" is the
 * member whose role starts with those words), or -1 when nobody or several do. */
static int32_t role_holder(const purdah_scanner *s, size_t a, size_t b)
{
    const purdah_policy *p = s->policy;
    const char *text = s->folded.text + a;
    size_t len = b - a;
    int32_t who = -1;
    for (size_t i = 0; i < p->role_holder_count; i++) {
        const pd_person *person = &p->people[p->role_holders[i]];
        if (strncmp(person->role_folded, text, len) != 0) continue;
        if (person->role_folded[len] != '\0' && person->role_folded[len] != ' ') continue;
        if (who >= 0) return -1;
        who = (int32_t)p->role_holders[i];
    }
    return who;
}

static void judge_roles(purdah_scanner *s, const mention_log *log)
{
    const purdah_policy *p = s->policy;
    for (size_t r = 0; r < p->rule_count; r++) {
        const pd_rule_c *rule = &p->rules[r];
        if (rule->detect != PD_DET_MEMBER_QUOTED) continue;
        for (size_t m = 0; m < rule->match_count; m++) {
            size_t n;
            const uint32_t *group = pd_list_hits(s, rule->matches[m].list, &n);
            size_t reach = 0; /* end of the last role taken: "Deputy Leader of the Council" is one role */
            for (size_t k = 0; k < n; k++) {
                const pd_hit *h = &s->hits[group[k]];
                if (h->start < reach) continue;
                reach = h->end;
                if (mention_overlaps(log, h->start, h->end) || suppressed(s, h->start, h->end)) continue;
                size_t sa, sb;
                sentence_around(s, h->start, h->end, &sa, &sb);
                if (mention_within(log, sa, sb)) continue; /* the named person already speaks for it */
                int32_t who = role_holder(s, h->start, h->end);
                bool standing = who >= 0 && person_election(s, &p->people[who], false) >= 0;
                /* a role that names a standing candidate is the candidate, quoted or not ("opened
                 * by the Leader of the Council") */
                if (standing) {
                    judge_mention(s, (uint32_t)who, h->start, h->end);
                    continue;
                }
                if (!list_hit_within(s, p->speech_list, sa, sb)) continue;
                purdah_severity sev = s->any_active ? rule->pub.in_window : rule->pub.outside_window;
                add_draft(s, (uint32_t)r, sev, h->start, h->end, who, h->pattern, -1);
            }
        }
    }
}

/* ---- phrases and patterns ---- */

/* True when some hit of `list` that is not an ordinary phrase starts in [a, b). */
static bool real_hit_within(const purdah_scanner *s, uint32_t list, size_t a, size_t b)
{
    size_t n;
    const uint32_t *group = pd_list_hits(s, list, &n);
    for (size_t i = first_hit_from(s, group, n, a); i < n && s->hits[group[i]].start < b; i++)
        if (!suppressed(s, s->hits[group[i]].start, s->hits[group[i]].end)) return true;
    return false;
}

/* A rule's <near> lists: one must match in the same sentence ("Labour ... has delivered"). */
static bool near_satisfied(const purdah_scanner *s, const pd_rule_c *rule, size_t a, size_t b)
{
    if (rule->near_count == 0) return true;
    size_t sa, sb;
    sentence_around(s, a, b, &sa, &sb);
    for (size_t i = 0; i < rule->near_count; i++)
        if (real_hit_within(s, rule->near[i], sa, sb)) return true;
    return false;
}

/* A match's own near= lists and near-people ("vote for" counts beside a party or a person). */
static bool match_near_satisfied(const purdah_scanner *s, const pd_match_c *mc, const mention_log *log,
                                 size_t a, size_t b)
{
    if (mc->near_count == 0 && !mc->near_people) return true;
    size_t sa, sb;
    sentence_around(s, a, b, &sa, &sb);
    for (size_t i = 0; i < mc->near_count; i++)
        if (real_hit_within(s, mc->near[i], sa, sb)) return true;
    return mc->near_people && mention_within(log, sa, sb);
}

static void judge_phrases(purdah_scanner *s, const mention_log *log)
{
    const purdah_policy *p = s->policy;
    for (size_t r = 0; r < p->rule_count; r++) {
        const pd_rule_c *rule = &p->rules[r];
        if (rule->detect != PD_DET_PHRASES) continue;
        purdah_severity sev = s->any_active ? rule->pub.in_window : rule->pub.outside_window;
        if (sev == PURDAH_SEVERITY_NONE) continue;
        for (size_t m = 0; m < rule->match_count; m++) {
            const pd_match_c *mc = &rule->matches[m];
            size_t n;
            const uint32_t *group = pd_list_hits(s, mc->list, &n);
            for (size_t k = 0; k < n; k++) {
                const pd_hit *h = &s->hits[group[k]];
                if (suppressed(s, h->start, h->end) || mention_overlaps(log, h->start, h->end)) continue;
                if (mc->capitalised && !written_capitalised(s, h->start, h->end)) continue;
                if (mc->cue != PD_NO_LIST && !cue_follows(s, mc->cue, h->end, 2)) continue;
                if (!match_near_satisfied(s, mc, log, h->start, h->end)) continue;
                if (!near_satisfied(s, rule, h->start, h->end)) continue;
                add_draft(s, (uint32_t)r, sev, h->start, h->end, -1, h->pattern, -1);
            }
        }
    }
}

typedef struct regex_ctx {
    purdah_scanner *s;
    const pd_rule_c *rule;
    uint32_t rule_index;
    purdah_severity sev;
} regex_ctx;

static int on_regex_match(void *data, size_t start, size_t end)
{
    regex_ctx *c = data;
    purdah_scanner *s = c->s;
    if (!suppressed(s, start, end) && near_satisfied(s, c->rule, start, end))
        add_draft(s, c->rule_index, c->sev, (uint32_t)start, (uint32_t)end, -1, UINT32_MAX, -1);
    return s->failed;
}

static void judge_patterns(purdah_scanner *s)
{
    const purdah_policy *p = s->policy;
    for (size_t i = 0; i < p->regex_count; i++) {
        const pd_rule_c *rule = &p->rules[p->regexes[i].rule];
        purdah_severity sev = s->any_active ? rule->pub.in_window : rule->pub.outside_window;
        if (sev == PURDAH_SEVERITY_NONE) continue;
        regex_ctx c = {s, rule, p->regexes[i].rule, sev};
        int rc = pd_regex_each(p->regexes[i].code, &s->regex, s->folded.text, s->folded.len, on_regex_match, &c);
        if (rc == 1)
            pd_scan_warn(s, "rule %s: a pattern hit its match limit and was stopped early; its findings may be incomplete",
                         rule->pub.id);
        else if (rc < 0)
            s->failed = true;
    }
}

/* ---- exemptions ---- */

/* True when a marker of `list` sits in the paragraph of folded [a, b). */
static bool marker_in_paragraph(const purdah_scanner *s, uint32_t list, size_t a, size_t b)
{
    const char *t = s->folded.text;
    size_t len = s->folded.len, reach = SENTENCE_REACH * 4;
    size_t pa = a, pb = b;
    while (pa > 0 && a - pa < reach && t[pa - 1] != '\n') pa--;
    while (pb < len && pb - b < reach && t[pb] != '\n') pb++;
    return real_hit_within(s, list, pa, pb);
}

/* True when a marker of `list` sits in a headline of the draft or its first paragraph (its
 * title, in plain text): then the draft is itself the notice. */
static bool marker_in_title_or_headline(const purdah_scanner *s, uint32_t list)
{
    const char *t = s->folded.text;
    size_t len = s->folded.len, title_end = 0;
    while (title_end < len && t[title_end] != '\n') title_end++;
    size_t n;
    const uint32_t *group = pd_list_hits(s, list, &n);
    for (size_t i = 0; i < n; i++)
        if (s->hits[group[i]].start < title_end || role_at(s, s->hits[group[i]].start) == PD_ROLE_HEADLINE)
            return true;
    return false;
}

/* Whether exemption `ex` covers a finding at folded [a, b): a marker anywhere in the draft,
 * (paragraph scope) in the finding's paragraph unless the draft is the notice itself
 * (`notice_draft`), or (sentence scope) in the finding's sentence, where someone must also speak
 * when `speaking`. */
static bool exemption_covers(const purdah_scanner *s, const pd_exemption_c *ex, size_t a, size_t b,
                             bool notice_draft)
{
    if (ex->scope == PD_SCOPE_DOCUMENT) return true; /* the caller checked the draft has a marker */
    if (ex->scope == PD_SCOPE_PARAGRAPH) return notice_draft || marker_in_paragraph(s, ex->list, a, b);
    size_t sa, sb;
    sentence_around(s, a, b, &sa, &sb);
    if (!real_hit_within(s, ex->list, sa, sb)) return false;
    return !ex->speaking || list_hit_within(s, s->policy->speech_list, sa, sb);
}

static void apply_exemptions(purdah_scanner *s)
{
    const purdah_policy *p = s->policy;
    for (size_t e = 0; e < p->exemption_count; e++) {
        const pd_exemption_c *ex = &p->exemptions[e];
        size_t n;
        pd_list_hits(s, ex->list, &n);
        if (n == 0) continue;
        /* once per draft, not per finding: it does not depend on where the finding is */
        bool notice_draft = ex->scope == PD_SCOPE_PARAGRAPH && marker_in_title_or_headline(s, ex->list);
        for (size_t d = 0; d < s->draft_count; d++) {
            pd_draft *dr = &s->drafts[d];
            if (!ex->applies_to_rule[dr->rule] || !exemption_covers(s, ex, dr->start, dr->end, notice_draft))
                continue;
            if (ex->role >= 0) dr->role = (pd_role)ex->role;
            purdah_severity sev = dr->severity > ex->cap ? ex->cap : dr->severity;
            if (ex->lower) {
                int lowered = (int)sev - ex->lower;
                sev = lowered < PURDAH_SEVERITY_ADVISORY ? PURDAH_SEVERITY_ADVISORY : (purdah_severity)lowered;
            }
            if (sev < dr->severity) {
                dr->severity = sev;
                dr->capped_by = ex->id;
            }
        }
    }
}

void pd_judge(purdah_scanner *s)
{
    mention_log log = {0};
    apply_by_text(s);
    judge_people(s, &log);
    judge_roles(s, &log);
    judge_phrases(s, &log);
    judge_patterns(s);
    apply_exemptions(s);
    pd_free(log.items);
}
