/* policy_xml.c: reads a policy XML file (schema/policy.xsd) into the builder, following its
 * includes, catalogues, wordlists and CSV files. Later definitions replace earlier ones with the
 * same id, so a council policy can include the default and change what it needs. */
#include "extract.h"
#include "sources.h"
#include "xml_util.h"

#include <stdio.h>

enum { MAX_INCLUDE_DEPTH = 8 };

typedef struct ctx {
    purdah_builder *b;
    const char *file;
    int depth;
    purdah_error **err;
    bool elections_seen; /* this file declared <elections>: it replaces earlier ones */
} ctx;

static int oom(ctx *c, xmlNodePtr n)
{
    return pd_error_set(c->err, PURDAH_ENOMEM, c->file, n ? (unsigned long)xmlGetLineNo(n) : 0, 0,
                        "out of memory");
}

/* Reads the file named by `src` relative to this policy and hands it to `parse`. */
typedef int (*source_parser)(ctx *c, const char *data, size_t len, const char *path, void *arg);

static int with_source(ctx *c, xmlNodePtr n, const char *src, source_parser parse, void *arg)
{
    const char *path = pd_resolve_path(&c->b->arena, c->file, src);
    if (!path) return oom(c, n);
    const char *data;
    size_t len;
    char *owned;
    int rc = pd_read_source(path, &data, &len, &owned, c->err);
    if (rc) {
        /* say which policy line asked for the missing file */
        if (c->err && *c->err) {
            purdah_error *inner = *c->err;
            *c->err = NULL;
            pd_error_set(c->err, rc, c->file, (unsigned long)xmlGetLineNo(n), 0, "%s (src=\"%s\")",
                         purdah_error_message(inner), src);
            purdah_error_free(inner);
        }
        return rc;
    }
    rc = parse(c, data, len, path, arg);
    pd_free(owned);
    return rc;
}

static int parse_include(ctx *c, const char *data, size_t len, const char *path, void *arg)
{
    (void)arg;
    return pd_policy_xml_parse(c->b, data, len, path, c->depth + 1, c->err);
}
static int parse_catalogue(ctx *c, const char *data, size_t len, const char *path, void *arg)
{
    (void)arg;
    return pd_catalogue_parse(c->b, data, len, path, c->err);
}
static int parse_wordlist(ctx *c, const char *data, size_t len, const char *path, void *arg)
{
    return pd_wordlist_parse(c->b, arg, data, len, path, c->err);
}
static int parse_candidates(ctx *c, const char *data, size_t len, const char *path, void *arg)
{
    (void)arg;
    return pd_candidates_parse(c->b, data, len, path, c->err);
}
static int parse_members(ctx *c, const char *data, size_t len, const char *path, void *arg)
{
    (void)arg;
    return pd_members_parse(c->b, data, len, path, c->err);
}

static int read_date_attr(ctx *c, xmlNodePtr n, const char *name, pd_day *out, bool *present)
{
    bool no_mem = false;
    const char *v = pd_dom_attr(&c->b->arena, n, name, &no_mem);
    if (no_mem) return oom(c, n);
    *present = v != NULL;
    if (v && !pd_date_parse(v, strlen(v), out))
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "%s=\"%s\" is not a real date", name, v);
    return PURDAH_OK;
}

static int read_election(ctx *c, xmlNodePtr n)
{
    purdah_builder *b = c->b;
    pd_election_src e = {0};
    bool no_mem = false, present;
    const char *type = pd_dom_attr(&b->arena, n, "type", &no_mem);
    const char *poll = pd_dom_attr(&b->arena, n, "poll", &no_mem);
    if (no_mem) return oom(c, n);
    if (!pd_election_type_parse(type, strlen(type), &e.type))
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "unknown election type \"%s\"", type);
    if (strcmp(poll, "next-ordinary") == 0) e.next_ordinary = true;
    else {
        int rc = read_date_attr(c, n, "poll", &e.poll, &present);
        if (rc) return rc;
    }
    int rc = read_date_attr(c, n, "notice", &e.notice, &e.has_notice);
    if (rc) return rc;
    for (xmlNodePtr a = n->children; a; a = a->next)
        if (pd_dom_is(a, "area")) e.area_count++;
    e.areas = pd_arena_array(&b->arena, e.area_count, sizeof *e.areas);
    if (!e.areas) return oom(c, n);
    size_t i = 0;
    for (xmlNodePtr a = n->children; a; a = a->next)
        if (pd_dom_is(a, "area")) {
            e.areas[i] = pd_dom_text(&b->arena, a, &no_mem);
            if (no_mem) return oom(c, n);
            i++;
        }
    if (e.type == PD_EL_BY_ELECTION && e.area_count == 0)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "a by-election needs at least one <area> (the ward or division)");
    if (e.has_notice && !e.next_ordinary && e.notice > e.poll)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "the notice date is after polling day");
    if (PD_RESERVE(b->policy_elections, b->policy_election_cap, b->policy_election_count + 1) != 0)
        return oom(c, n);
    b->policy_elections[b->policy_election_count++] = e;
    return PURDAH_OK;
}

static int read_people_inline(ctx *c, xmlNodePtr n, bool members)
{
    purdah_builder *b = c->b;
    for (xmlNodePtr p = n->children; p; p = p->next) {
        if (!pd_dom_is(p, members ? "member" : "candidate")) continue;
        bool no_mem = false, present = false;
        pd_person_src s = {0};
        s.name = pd_dom_attr(&b->arena, p, "name", &no_mem);
        s.party = pd_dom_attr(&b->arena, p, "party", &no_mem);
        s.area = pd_dom_attr(&b->arena, p, "area", &no_mem);
        s.role = members ? pd_dom_attr(&b->arena, p, "role", &no_mem) : NULL;
        s.known_as = pd_dom_attr(&b->arena, p, "known-as", &no_mem);
        s.handle = pd_dom_attr(&b->arena, p, "handle", &no_mem);
        s.website = pd_dom_attr(&b->arena, p, "website", &no_mem);
        s.file = pd_arena_strdup(&b->arena, c->file);
        s.line = (unsigned)xmlGetLineNo(p);
        if (no_mem || !s.file) return oom(c, p);
        if (!members) {
            int rc = read_date_attr(c, p, "election", &s.election_date, &present);
            if (rc) return rc;
            s.has_election_date = present;
        }
        pd_person_src **items = members ? &b->members : &b->candidates;
        size_t *count = members ? &b->member_count : &b->candidate_count;
        size_t *cap = members ? &b->member_cap : &b->candidate_cap;
        if (pd_reserve((void **)items, cap, *count + 1, sizeof **items) != 0) return oom(c, p);
        (*items)[(*count)++] = s;
    }
    return PURDAH_OK;
}

static int read_severity(ctx *c, xmlNodePtr n, const char *name, purdah_severity *out)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    bool ok = v && pd_severity_parse((const char *)v, out);
    xmlFree(v);
    if (!ok)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "%s must be none, advisory, review or block", name);
    return PURDAH_OK;
}

/* Counts the element children called `name`. */
static size_t count_children(xmlNodePtr n, const char *name)
{
    size_t k = 0;
    for (xmlNodePtr ch = n->children; ch; ch = ch->next)
        if (pd_dom_is(ch, name)) k++;
    return k;
}

/* Splits a space-separated list of ids into an arena array. */
static int split_ids(pd_arena *a, const char *text, const char ***out, size_t *count)
{
    size_t k = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        k++;
        while (*p && *p != ' ') p++;
    }
    *count = 0;
    *out = pd_arena_array(a, k, sizeof **out);
    if (!*out) return -1;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != ' ') p++;
        if (!((*out)[(*count)++] = pd_arena_strndup(a, s, (size_t)(p - s)))) return -1;
    }
    return 0;
}

static int read_rule(ctx *c, xmlNodePtr n)
{
    purdah_builder *b = c->b;
    pd_arena *a = &b->arena;
    bool no_mem = false;
    pd_rule_src r = {0};
    r.id = pd_dom_attr(a, n, "id", &no_mem);
    const char *category = pd_dom_attr(a, n, "category", &no_mem);
    const char *detect = pd_dom_attr(a, n, "detect", &no_mem);
    r.file = pd_arena_strdup(a, c->file);
    r.line = (unsigned)xmlGetLineNo(n);
    if (no_mem || !r.file) return oom(c, n);
    if (!pd_category_parse(category, strlen(category), &r.category) ||
        !pd_detector_parse(detect ? detect : "phrases", &r.detect))
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, r.line, 0, "rule %s: bad category or detector", r.id);
    int rc;
    if ((rc = read_severity(c, n, "in-window", &r.in_window)) ||
        (rc = read_severity(c, n, "outside", &r.outside)))
        return rc;
    r.matches = pd_arena_array(a, count_children(n, "match"), sizeof *r.matches);
    r.near = pd_arena_array(a, count_children(n, "near"), sizeof *r.near);
    r.cites = pd_arena_array(a, count_children(n, "cite"), sizeof *r.cites);
    if (!r.matches || !r.near || !r.cites) return oom(c, n);
    for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
        if (pd_dom_is(ch, "description")) r.description = pd_dom_text(a, ch, &no_mem);
        else if (pd_dom_is(ch, "message")) r.message = pd_dom_text(a, ch, &no_mem);
        else if (pd_dom_is(ch, "suggestion")) r.suggestion = pd_dom_text(a, ch, &no_mem);
        else if (pd_dom_is(ch, "near")) r.near[r.near_count++] = pd_dom_attr(a, ch, "list", &no_mem);
        else if (pd_dom_is(ch, "cite")) r.cites[r.cite_count++] = pd_dom_attr(a, ch, "clause", &no_mem);
        else if (pd_dom_is(ch, "match")) {
            pd_match_src *m = &r.matches[r.match_count++];
            m->list = pd_dom_attr(a, ch, "list", &no_mem);
            m->pattern = pd_dom_attr(a, ch, "pattern", &no_mem);
            m->cue = pd_dom_attr(a, ch, "cue", &no_mem);
            const char *cap = pd_dom_attr(a, ch, "capitalised", &no_mem);
            m->capitalised = cap && (strcmp(cap, "true") == 0 || strcmp(cap, "1") == 0);
            const char *people = pd_dom_attr(a, ch, "near-people", &no_mem);
            m->near_people = people && (strcmp(people, "true") == 0 || strcmp(people, "1") == 0);
            const char *near = pd_dom_attr(a, ch, "near", &no_mem);
            if (near && split_ids(a, near, &m->near, &m->near_count) != 0) no_mem = true;
            m->line = (unsigned)xmlGetLineNo(ch);
            if (!no_mem && (m->list == NULL) == (m->pattern == NULL))
                return pd_error_set(c->err, PURDAH_EPOLICY, c->file, m->line, 0,
                                    "rule %s: a <match> needs exactly one of list=\"...\" or pattern=\"...\"", r.id);
        }
        if (no_mem) return oom(c, ch);
    }
    if (r.detect == PD_DET_PHRASES && r.match_count == 0)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, r.line, 0,
                            "rule %s has nothing to match: add <match list=\"...\"/> or <match pattern=\"...\"/>", r.id);
    for (size_t i = 0; i < b->rule_count; i++)
        if (strcmp(b->rules[i].id, r.id) == 0) {
            b->rules[i] = r; /* a later policy redefines the rule */
            return PURDAH_OK;
        }
    if (PD_RESERVE(b->rules, b->rule_cap, b->rule_count + 1) != 0) return oom(c, n);
    b->rules[b->rule_count++] = r;
    return PURDAH_OK;
}

static int read_exemption(ctx *c, xmlNodePtr n)
{
    purdah_builder *b = c->b;
    pd_arena *a = &b->arena;
    bool no_mem = false;
    pd_exemption_src e = {0};
    e.id = pd_dom_attr(a, n, "id", &no_mem);
    e.list = pd_dom_attr(a, n, "list", &no_mem);
    const char *rules = pd_dom_attr(a, n, "rules", &no_mem);
    e.file = pd_arena_strdup(a, c->file);
    e.line = (unsigned)xmlGetLineNo(n);
    for (xmlNodePtr ch = n->children; ch; ch = ch->next)
        if (pd_dom_is(ch, "description")) e.description = pd_dom_text(a, ch, &no_mem);
    if (no_mem || !e.file) return oom(c, n);
    e.cap = PURDAH_SEVERITY_BLOCK;
    bool cap = xmlHasProp(n, (const xmlChar *)"cap") != NULL;
    if (cap) {
        int rc = read_severity(c, n, "cap", &e.cap);
        if (rc) return rc;
    }
    const char *lower = pd_dom_attr(a, n, "lower", &no_mem);
    const char *scope = pd_dom_attr(a, n, "scope", &no_mem);
    const char *speaking = pd_dom_attr(a, n, "speaking", &no_mem);
    if (no_mem) return oom(c, n);
    e.lower = lower ? atoi(lower) : 0;
    e.scope = !scope || strcmp(scope, "document") == 0 ? PD_SCOPE_DOCUMENT
              : strcmp(scope, "sentence") == 0 ? PD_SCOPE_SENTENCE : PD_SCOPE_PARAGRAPH;
    e.speaking = speaking && (strcmp(speaking, "true") == 0 || strcmp(speaking, "1") == 0);
    const char *role = pd_dom_attr(a, n, "role", &no_mem);
    e.role = -1;
    for (int r = 0; role && r < PD_ROLE_COUNT; r++)
        if (strcmp(role, pd_role_name((pd_role)r)) == 0) e.role = r;
    if (role && e.role < 0)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, e.line, 0, "exemption %s: unknown role \"%s\"", e.id, role);
    if (!cap && !lower)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, e.line, 0,
                            "exemption %s needs cap=\"...\" or lower=\"...\"", e.id);
    if (split_ids(a, rules, &e.rules, &e.rule_count) != 0) return oom(c, n);
    for (size_t i = 0; i < b->exemption_count; i++)
        if (strcmp(b->exemptions[i].id, e.id) == 0) {
            b->exemptions[i] = e;
            return PURDAH_OK;
        }
    if (PD_RESERVE(b->exemptions, b->exemption_cap, b->exemption_count + 1) != 0) return oom(c, n);
    b->exemptions[b->exemption_count++] = e;
    return PURDAH_OK;
}

static int read_score(ctx *c, xmlNodePtr n)
{
    static const struct { const char *name; size_t offset; } attrs[] = {
        {"review-threshold", offsetof(pd_score_cfg, review_threshold)},
        {"block-threshold", offsetof(pd_score_cfg, block_threshold)},
        {"block-weight", offsetof(pd_score_cfg, block_weight)},
        {"review-weight", offsetof(pd_score_cfg, review_weight)},
        {"advisory-weight", offsetof(pd_score_cfg, advisory_weight)},
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(attrs); i++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i].name);
        if (v) *(int *)((char *)&c->b->score + attrs[i].offset) = atoi((const char *)v);
        xmlFree(v);
    }
    xmlChar *limit = xmlGetProp(n, (const xmlChar *)"match-limit");
    if (limit) {
        unsigned long v = strtoul((const char *)limit, NULL, 10);
        c->b->score.match_limit = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
    }
    xmlFree(limit);
    if (c->b->score.review_threshold > c->b->score.block_threshold)
        return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                            "review-threshold must not be above block-threshold");
    return PURDAH_OK;
}

/* Pushes a string id onto one of the builder's id vectors. */
static int push_id(ctx *c, xmlNodePtr n, const char ***items, size_t *count, size_t *cap, const char *attr)
{
    bool no_mem = false;
    const char *v = pd_dom_attr(&c->b->arena, n, attr, &no_mem);
    if (no_mem || pd_reserve((void **)items, cap, *count + 1, sizeof **items) != 0) return oom(c, n);
    (*items)[(*count)++] = v;
    return PURDAH_OK;
}

static int read_element(ctx *c, xmlNodePtr n)
{
    purdah_builder *b = c->b;
    bool no_mem = false;
    int rc = PURDAH_OK;
    if (pd_dom_is(n, "include") || pd_dom_is(n, "catalogue")) {
        if (pd_dom_is(n, "include") && c->depth >= MAX_INCLUDE_DEPTH)
            return pd_error_set(c->err, PURDAH_EPOLICY, c->file, (unsigned long)xmlGetLineNo(n), 0,
                                "includes are nested more than %d deep (an include loop?)", MAX_INCLUDE_DEPTH);
        const char *src = pd_dom_attr(&b->arena, n, "src", &no_mem);
        if (no_mem) return oom(c, n);
        rc = with_source(c, n, src, pd_dom_is(n, "include") ? parse_include : parse_catalogue, NULL);
    } else if (pd_dom_is(n, "wordlist")) {
        const char *id = pd_dom_attr(&b->arena, n, "id", &no_mem);
        const char *src = pd_dom_attr(&b->arena, n, "src", &no_mem);
        if (no_mem) return oom(c, n);
        rc = with_source(c, n, src, parse_wordlist, (void *)id);
    } else if (pd_dom_is(n, "protocol")) {
        rc = push_id(c, n, &b->protocols, &b->protocol_count, &b->protocol_cap, "catalogue");
    } else if (pd_dom_is(n, "suppress")) {
        rc = push_id(c, n, &b->suppress, &b->suppress_count, &b->suppress_cap, "list");
    } else if (pd_dom_is(n, "elections")) {
        if (!c->elections_seen) b->policy_election_count = 0; /* replaces the included ones */
        c->elections_seen = true;
        for (xmlNodePtr e = n->children; e && !rc; e = e->next)
            if (pd_dom_is(e, "election")) rc = read_election(c, e);
    } else if (pd_dom_is(n, "non-working-day")) {
        pd_day d;
        bool present;
        if ((rc = read_date_attr(c, n, "date", &d, &present))) return rc;
        if (PD_RESERVE(b->non_working, b->non_working_cap, b->non_working_count + 1) != 0) return oom(c, n);
        b->non_working[b->non_working_count++] = d;
    } else if (pd_dom_is(n, "candidates") || pd_dom_is(n, "members")) {
        bool members = pd_dom_is(n, "members");
        const char *src = pd_dom_attr(&b->arena, n, "src", &no_mem);
        if (no_mem) return oom(c, n);
        if (src) rc = with_source(c, n, src, members ? parse_members : parse_candidates, NULL);
        if (!rc) rc = read_people_inline(c, n, members);
    } else if (pd_dom_is(n, "names")) {
        b->names_titles = pd_dom_attr(&b->arena, n, "titles", &no_mem);
        b->names_speech_verbs = pd_dom_attr(&b->arena, n, "speech-verbs", &no_mem);
        b->names_ordinary_surnames = pd_dom_attr(&b->arena, n, "ordinary-surnames", &no_mem);
        if (no_mem) return oom(c, n);
    } else if (pd_dom_is(n, "rule")) {
        rc = read_rule(c, n);
    } else if (pd_dom_is(n, "exemption")) {
        rc = read_exemption(c, n);
    } else if (pd_dom_is(n, "score")) {
        rc = read_score(c, n);
    }
    return rc;
}

int pd_policy_xml_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                        int depth, purdah_error **err)
{
    xmlDocPtr doc;
    int rc = pd_xml_read(data, len, file, &doc, err);
    if (rc) return rc;
    rc = pd_xml_validate(doc, "schema/policy.xsd", file, err);
    if (rc) goto done;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    ctx c = {b, file, depth, err, false};
    bool no_mem = false;
    /* includes come first in the schema, so the including file's name and jurisdiction win */
    for (xmlNodePtr n = root->children; n && !rc; n = n->next) rc = read_element(&c, n);
    if (rc) goto done;
    const char *name = pd_dom_attr(&b->arena, root, "name", &no_mem);
    const char *jur = pd_dom_attr(&b->arena, root, "jurisdiction", &no_mem);
    if (no_mem) { rc = oom(&c, root); goto done; }
    b->name = name;
    if (jur && !pd_jurisdiction_parse(jur, &b->jurisdiction)) {
        rc = pd_error_set(err, PURDAH_EPOLICY, file, (unsigned long)xmlGetLineNo(root), 0,
                          "unknown jurisdiction \"%s\"", jur);
        goto done;
    }
    b->have_policy = true;
done:
    xmlFreeDoc(doc);
    return rc;
}
