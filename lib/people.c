/* people.c: reads candidates (Democracy Club's CSV export, or a simple name,party,area CSV) and
 * sitting members (name,party,area,role) into the builder. Columns are found by header name, so
 * column order and extra columns do not matter. */
#include "csv.h"
#include "sources.h"

enum { COL_NAME, COL_PARTY, COL_AREA, COL_ROLE, COL_DATE, COL_COUNT };

/* Header names accepted for each column, lower case. */
static const char *const column_names[COL_COUNT][5] = {
    [COL_NAME] = {"name", "person_name", "candidate_name", NULL},
    [COL_PARTY] = {"party", "party_name", "party_normalised", NULL},
    [COL_AREA] = {"area", "post_label", "ward", "division", NULL},
    [COL_ROLE] = {"role", NULL},
    [COL_DATE] = {"election_date", "election", NULL},
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
    return cols[COL_NAME] >= 0 ? 0 : -1;
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
                                    "(person_name,election_date,post_label,party_name,...) or name,party,area");
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
            rc = pd_error_set(err, PURDAH_EDATA, file, c.line, (unsigned long)cols[COL_NAME] + 1,
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
