/* compile.c: turns a builder's sources into an immutable purdah_policy. Cross-references are
 * checked here (every rule's lists and clauses exist, patterns compile), the people lists are
 * merged by name, and every literal goes into one Aho-Corasick automaton. */
#include "compile.h"
#include "fold.h"

#include <stdio.h>

int pd_compile_no_memory(compiler *c) { return pd_error_set(c->err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory"); }

/* ---- clauses ---- */

static int compile_clauses(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    size_t total = 0;
    for (size_t i = 0; i < b->catalogue_count; i++) total += b->catalogues[i].count;
    p->clauses = pd_arena_array(&p->arena, total, sizeof *p->clauses);
    if (!p->clauses) return pd_compile_no_memory(c);
    for (size_t i = 0; i < b->catalogue_count; i++) {
        const pd_catalogue *cat = &b->catalogues[i];
        for (size_t k = 0; k < cat->count; k++) {
            const pd_clause_src *s = &cat->clauses[k];
            for (size_t j = 0; j < p->clause_count; j++)
                if (strcmp(p->clauses[j].id, s->id) == 0)
                    return pd_error_set(c->err, PURDAH_EPOLICY, cat->file, s->line, 0,
                                        "clause id %s is already used by another catalogue", s->id);
            purdah_clause *out = &p->clauses[p->clause_count++];
            size_t n = strlen(cat->title) + strlen(s->ref) + 3;
            char *source = pd_arena_alloc(&p->arena, n);
            if (!source) return pd_compile_no_memory(c);
            snprintf(source, n, "%s, %s", cat->title, s->ref);
            out->id = pd_arena_strdup(&p->arena, s->id);
            out->title = pd_arena_strdup(&p->arena, s->title);
            out->source = source;
            out->text = pd_arena_strdup(&p->arena, s->text ? s->text : "");
            out->url = pd_arena_strdup(&p->arena, s->url ? s->url : cat->url);
            if (!out->id || !out->title || !out->text) return pd_compile_no_memory(c);
        }
    }
    return PURDAH_OK;
}

static const purdah_clause *find_clause(const purdah_policy *p, const char *id)
{
    for (size_t i = 0; i < p->clause_count; i++)
        if (strcmp(p->clauses[i].id, id) == 0) return &p->clauses[i];
    return NULL;
}

/* ---- wordlists ---- */

static uint32_t find_list(const purdah_policy *p, const char *id)
{
    for (size_t i = 0; i < p->list_count; i++)
        if (strcmp(p->lists[i].id, id) == 0) return (uint32_t)i;
    return PD_NO_LIST;
}

int pd_compile_add_pattern(compiler *c, const char *text, size_t len, pd_pattern_kind kind, uint32_t a,
                           uint32_t b)
{
    if (len == 0) return PURDAH_OK;
    if (PD_RESERVE(c->patterns, c->pattern_cap, c->pattern_count + 1) != 0) return pd_compile_no_memory(c);
    uint32_t id = (uint32_t)c->pattern_count;
    c->patterns[c->pattern_count++] = (pd_pattern){kind, a, b};
    if (pd_ac_builder_add(c->ac, text, len, id) != 0) return pd_compile_no_memory(c);
    return PURDAH_OK;
}

/* Compiles one list: its entries (folded) become literals of the automaton. */
static int add_list(compiler *c, const char *id, const pd_entry *entries, size_t count)
{
    purdah_policy *p = c->p;
    uint32_t index = (uint32_t)p->list_count;
    pd_list *l = &p->lists[p->list_count++];
    l->id = pd_arena_strdup(&p->arena, id);
    l->count = count;
    l->canonical = pd_arena_array(&p->arena, count, sizeof *l->canonical);
    l->display = pd_arena_array(&p->arena, count, sizeof *l->display);
    if (!l->id || !l->canonical || !l->display) return pd_compile_no_memory(c);
    for (size_t k = 0; k < count; k++) {
        l->display[k] = pd_arena_strdup(&p->arena, entries[k].phrase);
        l->canonical[k] = pd_arena_strdup(&p->arena, entries[k].canonical);
        size_t flen;
        char *folded = pd_fold_pattern(entries[k].phrase, strlen(entries[k].phrase), &flen);
        if (!l->display[k] || !folded || (entries[k].canonical && !l->canonical[k])) {
            pd_free(folded);
            return pd_compile_no_memory(c);
        }
        int rc = pd_compile_add_pattern(c, folded, flen, PD_PAT_LIST, index, (uint32_t)k);
        pd_free(folded);
        if (rc) return rc;
    }
    return PURDAH_OK;
}

/* The parties the candidates and members stand for, as the data names them ("Ashcombe
 * Independents", "Green Party"): a list called "candidate-parties", so a policy can treat a local
 * party as a party. Single words ("Independent") are left out: they are ordinary words. */
static int add_candidate_parties(compiler *c)
{
    const purdah_builder *b = c->b;
    size_t total = b->candidate_count + b->member_count, n = 0;
    pd_entry *entries = pd_calloc(total, sizeof *entries);
    if (!entries) return pd_compile_no_memory(c);
    for (size_t i = 0; i < total; i++) {
        const pd_person_src *s = i < b->candidate_count ? &b->candidates[i] : &b->members[i - b->candidate_count];
        if (!s->party || !strchr(s->party, ' ')) continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++) seen = strcmp(entries[k].phrase, s->party) == 0;
        if (!seen) entries[n++] = (pd_entry){s->party, s->party, s->line};
    }
    int rc = add_list(c, "candidate-parties", entries, n);
    pd_free(entries);
    return rc;
}

static int compile_lists(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    bool declared = false;
    for (size_t i = 0; i < b->wordlist_count; i++) declared |= strcmp(b->wordlists[i].id, "candidate-parties") == 0;
    p->lists = pd_arena_array(&p->arena, b->wordlist_count + 1, sizeof *p->lists);
    if (!p->lists) return pd_compile_no_memory(c);
    for (size_t i = 0; i < b->wordlist_count; i++) {
        int rc = add_list(c, b->wordlists[i].id, b->wordlists[i].entries, b->wordlists[i].count);
        if (rc) return rc;
    }
    return declared ? PURDAH_OK : add_candidate_parties(c);
}

/* Resolves a list id named at file:line, failing with a clear error when it is unknown. */
static int need_list(compiler *c, const char *id, const char *file, unsigned line, const char *what,
                     uint32_t *out)
{
    *out = find_list(c->p, id);
    if (*out == PD_NO_LIST)
        return pd_error_set(c->err, PURDAH_EPOLICY, file, line, 0,
                            "%s names wordlist \"%s\", which the policy does not declare", what, id);
    return PURDAH_OK;
}

/* ---- rules ---- */

static int compile_rule_clauses(compiler *c, const pd_rule_src *s, pd_rule_c *r)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    /* national clauses the rule cites, then the council's protocol clauses for its category */
    size_t max = s->cite_count;
    for (size_t i = 0; i < b->protocol_count; i++)
        for (size_t k = 0; k < b->catalogue_count; k++)
            if (strcmp(b->catalogues[k].id, b->protocols[i]) == 0) max += b->catalogues[k].count;
    const purdah_clause **list = pd_arena_array(&p->arena, max, sizeof *list);
    if (!list) return pd_compile_no_memory(c);
    size_t n = 0;
    for (size_t i = 0; i < s->cite_count; i++) {
        const purdah_clause *cl = find_clause(p, s->cites[i]);
        if (!cl)
            return pd_error_set(c->err, PURDAH_EPOLICY, s->file, s->line, 0,
                                "rule %s cites clause \"%s\", which no loaded catalogue defines",
                                s->id, s->cites[i]);
        list[n++] = cl;
    }
    for (size_t i = 0; i < b->protocol_count; i++) {
        const pd_catalogue *cat = NULL;
        for (size_t k = 0; k < b->catalogue_count; k++)
            if (strcmp(b->catalogues[k].id, b->protocols[i]) == 0) cat = &b->catalogues[k];
        if (!cat) continue; /* reported once in compile_protocols */
        for (size_t k = 0; k < cat->count; k++)
            if (cat->clauses[k].applies_to & (1u << r->category)) {
                const purdah_clause *cl = find_clause(p, cat->clauses[k].id);
                bool dup = false;
                for (size_t j = 0; j < n; j++) dup |= list[j] == cl;
                if (cl && !dup) list[n++] = cl;
            }
    }
    r->pub.clauses = list;
    r->pub.clause_count = n;
    return PURDAH_OK;
}

static int compile_rule(compiler *c, const pd_rule_src *s, size_t index, pd_regex_c *regexes)
{
    purdah_policy *p = c->p;
    pd_rule_c *r = &p->rules[index];
    pd_arena *a = &p->arena;
    r->category = s->category;
    r->detect = s->detect;
    r->pub.id = pd_arena_strdup(a, s->id);
    r->pub.category = pd_category_name(s->category);
    r->pub.description = pd_arena_strdup(a, s->description ? s->description : "");
    r->pub.message = pd_arena_strdup(a, s->message ? s->message : s->description ? s->description : s->id);
    r->pub.suggestion = pd_arena_strdup(a, s->suggestion);
    r->pub.in_window = s->in_window;
    r->pub.outside_window = s->outside;
    if (!r->pub.id || !r->pub.description || !r->pub.message) return pd_compile_no_memory(c);
    int rc = compile_rule_clauses(c, s, r);
    if (rc) return rc;
    if (r->pub.clause_count == 0)
        return pd_error_set(c->err, PURDAH_EPOLICY, s->file, s->line, 0, "rule %s cites no clause", s->id);

    r->matches = pd_arena_array(a, s->match_count, sizeof *r->matches);
    r->near = pd_arena_array(a, s->near_count, sizeof *r->near);
    if (!r->matches || !r->near) return pd_compile_no_memory(c);
    for (size_t i = 0; i < s->match_count; i++) {
        const pd_match_src *m = &s->matches[i];
        if (m->pattern) {
            char msg[200];
            size_t off;
            pcre2_code *code = pd_regex_compile(m->pattern, msg, sizeof msg, &off);
            if (!code)
                return pd_error_set(c->err, PURDAH_EREGEX, s->file, m->line, 0,
                                    "rule %s: pattern does not compile at offset %zu: %s", s->id, off, msg);
            regexes[p->regex_count++] = (pd_regex_c){code, (uint32_t)index};
            r->has_patterns = true;
            continue;
        }
        pd_match_c *mc = &r->matches[r->match_count++];
        char what[120];
        snprintf(what, sizeof what, "rule %s", s->id);
        if ((rc = need_list(c, m->list, s->file, m->line, what, &mc->list))) return rc;
        mc->cue = PD_NO_LIST;
        if (m->cue && (rc = need_list(c, m->cue, s->file, m->line, what, &mc->cue))) return rc;
        mc->capitalised = m->capitalised;
        mc->near_people = m->near_people;
        mc->near = pd_arena_array(a, m->near_count, sizeof *mc->near);
        if (!mc->near) return pd_compile_no_memory(c);
        for (size_t k = 0; k < m->near_count; k++)
            if ((rc = need_list(c, m->near[k], s->file, m->line, what, &mc->near[mc->near_count++]))) return rc;
    }
    for (size_t i = 0; i < s->near_count; i++) {
        char what[120];
        snprintf(what, sizeof what, "rule %s", s->id);
        if ((rc = need_list(c, s->near[i], s->file, s->line, what, &r->near[r->near_count++]))) return rc;
    }
    return PURDAH_OK;
}

static int compile_rules(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    p->rules = pd_arena_array(&p->arena, b->rule_count, sizeof *p->rules);
    size_t patterns = 0;
    for (size_t i = 0; i < b->rule_count; i++)
        for (size_t k = 0; k < b->rules[i].match_count; k++) patterns += b->rules[i].matches[k].pattern != NULL;
    p->regexes = pd_arena_array(&p->arena, patterns, sizeof *p->regexes);
    if (!p->rules || !p->regexes) return pd_compile_no_memory(c);
    p->rule_count = b->rule_count;
    for (size_t i = 0; i < b->rule_count; i++) {
        int rc = compile_rule(c, &b->rules[i], i, p->regexes);
        if (rc) return rc;
    }
    return PURDAH_OK;
}

static int compile_exemptions(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    p->exemptions = pd_arena_array(&p->arena, b->exemption_count, sizeof *p->exemptions);
    if (!p->exemptions) return pd_compile_no_memory(c);
    for (size_t i = 0; i < b->exemption_count; i++) {
        const pd_exemption_src *s = &b->exemptions[i];
        pd_exemption_c *e = &p->exemptions[p->exemption_count++];
        e->id = pd_arena_strdup(&p->arena, s->id);
        e->cap = s->cap;
        e->lower = s->lower;
        e->scope = s->scope;
        e->speaking = s->speaking;
        e->role = s->role;
        e->applies_to_rule = pd_arena_array(&p->arena, p->rule_count, sizeof *e->applies_to_rule);
        if (!e->id || !e->applies_to_rule) return pd_compile_no_memory(c);
        char what[120];
        snprintf(what, sizeof what, "exemption %s", s->id);
        int rc = need_list(c, s->list, s->file, s->line, what, &e->list);
        if (rc) return rc;
        for (size_t k = 0; k < s->rule_count; k++) {
            size_t j = 0;
            while (j < p->rule_count && strcmp(p->rules[j].pub.id, s->rules[k]) != 0) j++;
            if (j == p->rule_count)
                return pd_error_set(c->err, PURDAH_EPOLICY, s->file, s->line, 0,
                                    "exemption %s names rule \"%s\", which the policy does not define",
                                    s->id, s->rules[k]);
            e->applies_to_rule[j] = true;
        }
    }
    return PURDAH_OK;
}

static int compile_named_lists(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    p->titles_list = p->speech_list = p->ordinary_surnames_list = PD_NO_LIST;
    int rc;
    if (b->names_titles) {
        if ((rc = need_list(c, b->names_titles, "<names>", 0, "names titles=", &p->titles_list)) ||
            (rc = need_list(c, b->names_speech_verbs, "<names>", 0, "names speech-verbs=", &p->speech_list)) ||
            (rc = need_list(c, b->names_ordinary_surnames, "<names>", 0, "names ordinary-surnames=",
                            &p->ordinary_surnames_list)))
            return rc;
    }
    bool people_rules = false;
    for (size_t i = 0; i < p->rule_count; i++)
        people_rules |= p->rules[i].detect != PD_DET_PHRASES;
    if (people_rules && !b->names_titles)
        return pd_error_set(c->err, PURDAH_EPOLICY, b->name ? b->name : "<policy>", 0, 0,
                            "rules about candidates and members need a <names titles=... speech-verbs=... "
                            "ordinary-surnames=.../> element");
    p->suppress_lists = pd_arena_array(&p->arena, b->suppress_count, sizeof *p->suppress_lists);
    if (!p->suppress_lists) return pd_compile_no_memory(c);
    for (size_t i = 0; i < b->suppress_count; i++)
        if ((rc = need_list(c, b->suppress[i], "<suppress>", 0, "suppress", &p->suppress_lists[p->suppress_count++])))
            return rc;
    for (size_t i = 0; i < b->protocol_count; i++) {
        bool found = false;
        for (size_t k = 0; k < b->catalogue_count; k++)
            if (strcmp(b->catalogues[k].id, b->protocols[i]) == 0) found = strcmp(b->catalogues[k].kind, "protocol") == 0;
        if (!found)
            return pd_error_set(c->err, PURDAH_EPOLICY, b->name ? b->name : "<policy>", 0, 0,
                                "<protocol catalogue=\"%s\"/> names no loaded protocol catalogue", b->protocols[i]);
    }
    return PURDAH_OK;
}

/* ---- elections ---- */

static int compile_elections(compiler *c)
{
    const purdah_builder *b = c->b;
    purdah_policy *p = c->p;
    const pd_election_src *src = b->cli_election_count ? b->cli_elections : b->policy_elections;
    size_t n = b->cli_election_count ? b->cli_election_count : b->policy_election_count;
    p->elections = pd_arena_array(&p->arena, n, sizeof *p->elections);
    if (!p->elections) return pd_compile_no_memory(c);
    for (size_t i = 0; i < n; i++) {
        pd_election_c *e = &p->elections[p->election_count++];
        e->type = src[i].type;
        e->next_ordinary = src[i].next_ordinary;
        e->poll = src[i].poll;
        e->has_notice = src[i].has_notice;
        e->notice = src[i].notice;
        e->area_count = src[i].area_count;
        e->areas = pd_arena_array(&p->arena, e->area_count, sizeof *e->areas);
        e->areas_folded = pd_arena_array(&p->arena, e->area_count, sizeof *e->areas_folded);
        if (!e->areas || !e->areas_folded) return pd_compile_no_memory(c);
        for (size_t k = 0; k < e->area_count; k++) {
            size_t flen;
            char *folded = pd_fold_pattern(src[i].areas[k], strlen(src[i].areas[k]), &flen);
            e->areas[k] = pd_arena_strdup(&p->arena, src[i].areas[k]);
            e->areas_folded[k] = folded ? pd_arena_strdup(&p->arena, folded) : NULL;
            int rc = folded ? pd_compile_add_pattern(c, folded, flen, PD_PAT_AREA, (uint32_t)i, (uint32_t)k) : PURDAH_ENOMEM;
            pd_free(folded);
            if (rc || !e->areas[k] || !e->areas_folded[k]) return pd_compile_no_memory(c);
        }
    }
    p->non_working = pd_arena_array(&p->arena, b->non_working_count, sizeof *p->non_working);
    if (!p->non_working) return pd_compile_no_memory(c);
    if (b->non_working_count) memcpy(p->non_working, b->non_working, b->non_working_count * sizeof *p->non_working);
    p->non_working_count = b->non_working_count;
    /* sorted for binary search by the calendar */
    for (size_t i = 1; i < p->non_working_count; i++)
        for (size_t k = i; k > 0 && p->non_working[k - 1] > p->non_working[k]; k--) {
            pd_day t = p->non_working[k];
            p->non_working[k] = p->non_working[k - 1];
            p->non_working[k - 1] = t;
        }
    return PURDAH_OK;
}

/* ---- the whole policy ---- */

PURDAH_API int purdah_policy_compile(purdah_policy **out, const purdah_builder *b, purdah_error **err)
{
    if (err) *err = NULL;
    if (!out) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    *out = NULL;
    if (!b) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    if (!b->have_policy)
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0,
                            "no policy loaded: call purdah_builder_load_default or load a policy file first");
    purdah_policy *p = pd_calloc(1, sizeof *p);
    if (!p) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    pd_arena_init(&p->arena);
    compiler c = {b, p, err, NULL, NULL, 0, 0};
    p->jurisdiction = b->jurisdiction;
    p->score = b->score;
    p->name = pd_arena_strdup(&p->arena, b->name ? b->name : "policy");
    int rc = pd_ac_builder_new(&c.ac) ? pd_compile_no_memory(&c) : PURDAH_OK;
    if (!rc && !p->name) rc = pd_compile_no_memory(&c);
    if (!rc) rc = compile_clauses(&c);
    if (!rc) rc = compile_lists(&c);
    if (!rc) rc = compile_rules(&c);
    if (!rc) rc = compile_exemptions(&c);
    if (!rc) rc = compile_named_lists(&c);
    if (!rc) rc = compile_elections(&c);
    if (!rc) rc = pd_compile_people(&c);
    /* scans match whole words only (scan.c), so the automaton is anchored at word starts */
    if (!rc && pd_ac_compile_words(&p->ac, c.ac, 0) != 0) rc = pd_compile_no_memory(&c);
    if (!rc) { /* the policy takes the array over, as it does the people (names.c) */
        p->patterns = c.patterns;
        p->pattern_count = c.pattern_count;
        c.patterns = NULL;
    }
    pd_ac_builder_free(c.ac);
    pd_free(c.patterns);
    if (rc) {
        purdah_policy_free(p);
        return rc;
    }
    *out = p;
    return PURDAH_OK;
}

PURDAH_API void purdah_policy_free(purdah_policy *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->regex_count; i++) pcre2_code_free(p->regexes[i].code);
    pd_ac_free(p->ac);
    pd_free(p->patterns);
    pd_free(p->people);
    pd_arena_free(&p->arena);
    pd_free(p);
}
