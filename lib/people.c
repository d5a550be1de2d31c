/* people.c: reads candidates and sitting members into the builder. Candidates come from
 * Democracy Club's CSV export (person_name, election_date, post_label, party_name, ...), a simple
 * name,party,area CSV, or a council's open-data results file with separate forename and surname
 * columns (Trafford's CandidateForenames, CandidateSurname, CommonlyUsed...); members from
 * name,party,area,role. Columns are found by header name, so order and extra columns do not
 * matter. Optional columns: known_as (a nickname), handle (a social media handle) and website. */
#include "csv.h"
#include "sources.h"

#include <stdio.h>

enum {
    COL_NAME,
    COL_FORENAMES,
    COL_SURNAME,
    COL_KNOWN_AS,
    COL_KNOWN_FORENAMES,
    COL_KNOWN_SURNAME,
    COL_PARTY,
    COL_AREA,
    COL_ROLE,
    COL_DATE,
    COL_HANDLE,
    COL_WEBSITE,
    COL_COUNT
};

/* Header names accepted for each column, lower case. */
static const char *const column_names[COL_COUNT][6] = {
    [COL_NAME] = {"name", "person_name", "candidate_name", NULL},
    [COL_FORENAMES] = {"forenames", "candidateforenames", "first_name", "given_name", NULL},
    [COL_SURNAME] = {"surname", "candidatesurname", "last_name", "family_name", NULL},
    [COL_KNOWN_AS] = {"known_as", "commonly_known_as", "nickname", NULL},
    [COL_KNOWN_FORENAMES] = {"commonlyusedforenames", NULL},
    [COL_KNOWN_SURNAME] = {"commonlyusedsurname", NULL},
    [COL_PARTY] = {"party", "party_name", "party_normalised", "politicalpartylabel", NULL},
    [COL_AREA] = {"area", "post_label", "ward", "division", "electoralarealabel", NULL},
    [COL_ROLE] = {"role", NULL},
    [COL_DATE] = {"election_date", "election", "electiondate", NULL},
    [COL_HANDLE] = {"handle", "twitter_username", "twitter", "mastodon", NULL},
    [COL_WEBSITE] = {"website", "homepage_url", "homepage", NULL},
};

static bool field_is(const pd_csv_field *f, const char *name)
{
    size_t n = strlen(name), len = f->len;
    const char *s = f->data;
    while (len && pd_ascii_isspace((unsigned char)s[len - 1])) len--;
    while (len && pd_ascii_isspace((unsigned char)*s)) { s++; len--; }
    if (len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (pd_ascii_lower((unsigned char)s[i]) != name[i]) return false;
    return true;
}

static int find_columns(const pd_csv *c, long cols[COL_COUNT])
{
    for (int k = 0; k < COL_COUNT; k++) {
        cols[k] = -1;
        for (size_t i = 0; i < c->field_count && cols[k] < 0; i++)
            for (int a = 0; column_names[k][a]; a++)
                if (field_is(&c->fields[i], column_names[k][a])) {
                    cols[k] = (long)i;
                    break;
                }
    }
    return cols[COL_NAME] >= 0 || (cols[COL_FORENAMES] >= 0 && cols[COL_SURNAME] >= 0) ? 0 : -1;
}

/* "first last" from two optional parts (either may be NULL); NULL when both are. */
static const char *join_name(purdah_builder *b, const char *first, const char *last, bool *oom)
{
    if (!first || !last) return first ? first : last;
    size_t n = strlen(first) + strlen(last) + 2;
    char *name = pd_arena_alloc(&b->arena, n);
    if (!name) {
        *oom = true;
        return NULL;
    }
    snprintf(name, n, "%s %s", first, last);
    return name;
}

/* Copies a trimmed field into the arena ("" becomes NULL). */
static const char *field_copy(purdah_builder *b, const pd_csv *c, long col, bool *oom)
{
    if (col < 0) return NULL;
    const pd_csv_field *f = &c->fields[col];
    const char *s = f->data;
    size_t len = f->len;
    while (len && pd_ascii_isspace((unsigned char)*s)) { s++; len--; }
    while (len && pd_ascii_isspace((unsigned char)s[len - 1])) len--;
    if (len == 0) return NULL;
    const char *copy = pd_arena_strndup(&b->arena, s, len);
    if (!copy) *oom = true;
    return copy;
}

static int parse_people(purdah_builder *b, const char *data, size_t len, const char *file,
                        bool members, purdah_error **err)
{
    pd_csv c;
    pd_csv_init(&c, data, len, file);
    const char *file_copy = pd_arena_strdup(&b->arena, file);
    int rc = pd_csv_next(&c, err);
    if (rc < 0) goto done;
    if (rc == 0) {
        rc = pd_error_set(err, PURDAH_EDATA, file, 1, 0, "the file is empty; expected a header row");
        goto done;
    }
    long cols[COL_COUNT];
    if (find_columns(&c, cols) != 0) {
        rc = pd_error_set(err, PURDAH_EDATA, file, c.line, 0,
                          members ? "no name column in the header; expected name,party,area,role"
                                  : "no name column in the header; expected a Democracy Club export "
                                    "(person_name,election_date,post_label,party_name,...), name,party,area, or "
                                    "forename and surname columns");
        goto done;
    }
    size_t header_fields = c.field_count;
    while ((rc = pd_csv_next(&c, err)) == 1) {
        if (c.field_count != header_fields) {
            rc = pd_error_set(err, PURDAH_EDATA, file, c.line, 0,
                              "this row has %zu fields but the header has %zu (a comma inside a name "
                              "must be quoted)", c.field_count, header_fields);
            goto done;
        }
        bool oom = false;
        pd_person_src p = {0};
        p.name = field_copy(b, &c, cols[COL_NAME], &oom);
        const char *forenames = field_copy(b, &c, cols[COL_FORENAMES], &oom);
        const char *surname = field_copy(b, &c, cols[COL_SURNAME], &oom);
        if (!p.name) p.name = join_name(b, forenames, surname, &oom);
        p.known_as = field_copy(b, &c, cols[COL_KNOWN_AS], &oom);
        const char *known_first = field_copy(b, &c, cols[COL_KNOWN_FORENAMES], &oom);
        const char *known_last = field_copy(b, &c, cols[COL_KNOWN_SURNAME], &oom);
        if (!p.known_as && (known_first || known_last))
            p.known_as = join_name(b, known_first ? known_first : forenames, known_last ? known_last : surname, &oom);
        p.handle = field_copy(b, &c, cols[COL_HANDLE], &oom);
        p.website = field_copy(b, &c, cols[COL_WEBSITE], &oom);
        p.party = field_copy(b, &c, cols[COL_PARTY], &oom);
        p.area = field_copy(b, &c, cols[COL_AREA], &oom);
        p.role = members ? field_copy(b, &c, cols[COL_ROLE], &oom) : NULL;
        p.file = file_copy;
        p.line = (unsigned)c.line;
        if (oom || !file_copy) {
            rc = pd_error_set(err, PURDAH_ENOMEM, file, c.line, 0, "out of memory");
            goto done;
        }
        if (!p.name) {
            rc = pd_error_set(err, PURDAH_EDATA, file, c.line, cols[COL_NAME] >= 0 ? (unsigned long)cols[COL_NAME] + 1 : 0,
                              "empty name");
            goto done;
        }
        if (!members && cols[COL_DATE] >= 0) {
            const pd_csv_field *f = &c.fields[cols[COL_DATE]];
            if (f->len) {
                if (!pd_date_parse(f->data, f->len, &p.election_date)) {
                    rc = pd_error_set(err, PURDAH_EDATA, file, c.line,
                                      (unsigned long)cols[COL_DATE] + 1,
                                      "election date \"%.*s\" is not a real date in YYYY-MM-DD form",
                                      (int)(f->len > 40 ? 40 : f->len), f->data);
                    goto done;
                }
                p.has_election_date = true;
            }
        }
        pd_person_src **items = members ? &b->members : &b->candidates;
        size_t *count = members ? &b->member_count : &b->candidate_count;
        size_t *cap = members ? &b->member_cap : &b->candidate_cap;
        if (pd_reserve((void **)items, cap, *count + 1, sizeof **items) != 0) {
            rc = pd_error_set(err, PURDAH_ENOMEM, file, c.line, 0, "out of memory");
            goto done;
        }
        (*items)[(*count)++] = p;
    }
    if (rc == 0) rc = PURDAH_OK;
done:
    pd_csv_free(&c);
    return rc;
}

int pd_candidates_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                        purdah_error **err)
{
    return parse_people(b, data, len, file, false, err);
}

int pd_members_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                     purdah_error **err)
{
    return parse_people(b, data, len, file, true, err);
}
