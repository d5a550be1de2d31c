/* builder.c: the purdah_builder API: collects policy sources and checks each as it arrives. */
#include "sources.h"
#include "xml_util.h"

#include <errno.h>
#include <stdio.h>

static const char *const category_names[PD_CAT_COUNT] = {
    "candidate", "party", "initiative", "electioneering", "member_quote", "image", "link",
    "controversial"};

const char *pd_category_name(pd_category c) { return c < PD_CAT_COUNT ? category_names[c] : "?"; }

bool pd_category_parse(const char *s, size_t len, pd_category *out)
{
    for (int i = 0; i < PD_CAT_COUNT; i++)
        if (strlen(category_names[i]) == len && strncmp(category_names[i], s, len) == 0) {
            *out = (pd_category)i;
            return true;
        }
    return false;
}

bool pd_category_mask_parse(const char *s, unsigned *mask)
{
    *mask = 0;
    while (*s) {
        while (*s == ' ') s++;
        const char *w = s;
        while (*s && *s != ' ') s++;
        if (s == w) break;
        pd_category c;
        if (!pd_category_parse(w, (size_t)(s - w), &c)) return false;
        *mask |= 1u << c;
    }
    return true;
}

bool pd_severity_parse(const char *s, purdah_severity *out)
{
    static const char *const names[] = {"none", "advisory", "review", "block"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (purdah_severity)i;
            return true;
        }
    return false;
}

bool pd_detector_parse(const char *s, pd_detector *out)
{
    static const char *const names[] = {"phrases", "candidate-named", "candidate-quoted",
                                        "candidate-in-image", "member-quoted", "member-named",
                                        "candidate-link"};
    for (size_t i = 0; i < PD_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (pd_detector)i;
            return true;
        }
    return false;
}

/* ---- files ---- */

enum { MAX_SOURCE_BYTES = 256 * 1024 * 1024 };

int pd_read_source(const char *path, const char **data, size_t *len, char **owned,
                   purdah_error **err)
{
    *data = NULL;
    *len = 0;
    *owned = NULL;
    if (strncmp(path, "builtin:", 8) == 0) {
        const pd_embedded_file *f = pd_embedded_find(path + 8);
        if (!f)
            return pd_error_set(err, PURDAH_ENOTFOUND, path, 0, 0,
                                "no file called \"%s\" is built into the library", path + 8);
        *data = f->data;
        *len = f->len;
        return PURDAH_OK;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) return pd_error_set(err, PURDAH_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    pd_buf b;
    pd_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        pd_buf_append(&b, chunk, n);
        if (b.failed || b.len > MAX_SOURCE_BYTES) break;
    }
    bool read_error = ferror(fp) != 0;
    fclose(fp);
    if (read_error) {
        pd_buf_free(&b);
        return pd_error_set(err, PURDAH_EIO, path, 0, 0, "read error");
    }
    if (b.failed) {
        pd_buf_free(&b);
        return pd_error_set(err, PURDAH_ENOMEM, path, 0, 0, "out of memory");
    }
    if (b.len > MAX_SOURCE_BYTES) {
        pd_buf_free(&b);
        return pd_error_set(err, PURDAH_ELIMIT, path, 0, 0, "file is larger than %d MB",
                            MAX_SOURCE_BYTES / (1024 * 1024));
    }
    if (!b.data) pd_buf_append(&b, "", 0); /* an empty file still gets a buffer */
    *len = b.len;
    *owned = pd_buf_take(&b, NULL);
    if (!*owned) return pd_error_set(err, PURDAH_ENOMEM, path, 0, 0, "out of memory");
    *data = *owned;
    return PURDAH_OK;
}

const char *pd_resolve_path(pd_arena *arena, const char *base, const char *src)
{
    if (strncmp(src, "builtin:", 8) == 0 || src[0] == '/') return pd_arena_strdup(arena, src);
    if (base && strncmp(base, "builtin:", 8) == 0) {
        /* a relative name inside a built-in file is another built-in file */
        const char *slash = strrchr(base + 8, '/');
        size_t dir = slash ? (size_t)(slash - base) + 1 : 8;
        size_t n = dir + strlen(src);
        char *p = pd_arena_alloc(arena, n + 1);
        if (!p) return NULL;
        memcpy(p, base, dir);
        strcpy(p + dir, src);
        return p;
    }
    const char *slash = base ? strrchr(base, '/') : NULL;
    if (!slash) return pd_arena_strdup(arena, src);
    size_t dir = (size_t)(slash - base) + 1;
    char *p = pd_arena_alloc(arena, dir + strlen(src) + 1);
    if (!p) return NULL;
    memcpy(p, base, dir);
    strcpy(p + dir, src);
    return p;
}

/* ---- builder ---- */

PURDAH_API int purdah_builder_new(purdah_builder **out)
{
    if (!out) return PURDAH_EINVAL;
    pd_xml_init();
    purdah_builder *b = pd_calloc(1, sizeof *b);
    *out = b;
    if (!b) return PURDAH_ENOMEM;
    pd_arena_init(&b->arena);
    b->jurisdiction = PD_JUR_ENGLAND;
    b->score = (pd_score_cfg){40, 90, 70, 30, 5, 100000};
    return PURDAH_OK;
}

PURDAH_API void purdah_builder_free(purdah_builder *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->wordlist_count; i++) pd_free(b->wordlists[i].entries);
    pd_free(b->wordlists);
    pd_free(b->catalogues);
    pd_free(b->protocols);
    pd_free(b->policy_elections);
    pd_free(b->cli_elections);
    pd_free(b->non_working);
    pd_free(b->candidates);
    pd_free(b->members);
    pd_free(b->suppress);
    pd_free(b->rules);
    pd_free(b->exemptions);
    pd_arena_free(&b->arena);
    pd_free(b);
}

PURDAH_API int purdah_builder_load_policy_buffer(purdah_builder *b, const char *data, size_t len,
                                                 const char *name, purdah_error **err)
{
    if (err) *err = NULL;
    if (!b || (!data && len)) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    return pd_policy_xml_parse(b, data ? data : "", len, name ? name : "<policy>", 0, err);
}

typedef int (*source_parser)(purdah_builder *, const char *, size_t, const char *, purdah_error **);

/* Reads a file (or "builtin:NAME") and hands its bytes to a parser. */
static int load_file(purdah_builder *b, const char *path, source_parser parse, purdah_error **err)
{
    if (err) *err = NULL;
    if (!b || !path) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    const char *data;
    size_t len;
    char *owned;
    int rc = pd_read_source(path, &data, &len, &owned, err);
    if (rc) return rc;
    rc = parse(b, data, len, path, err);
    pd_free(owned);
    return rc;
}

static int parse_top_policy(purdah_builder *b, const char *data, size_t len, const char *file, purdah_error **err)
{
    return pd_policy_xml_parse(b, data, len, file, 0, err);
}

PURDAH_API int purdah_builder_load_policy_file(purdah_builder *b, const char *path,
                                               purdah_error **err)
{
    return load_file(b, path, parse_top_policy, err);
}

PURDAH_API int purdah_builder_load_default(purdah_builder *b, purdah_error **err)
{
    return purdah_builder_load_policy_file(b, "builtin:default-policy.xml", err);
}

PURDAH_API int purdah_builder_add_candidates_file(purdah_builder *b, const char *path,
                                                  purdah_error **err)
{
    return load_file(b, path, pd_candidates_parse, err);
}

PURDAH_API int purdah_builder_add_members_file(purdah_builder *b, const char *path,
                                               purdah_error **err)
{
    return load_file(b, path, pd_members_parse, err);
}

PURDAH_API int purdah_builder_add_candidates_buffer(purdah_builder *b, const char *data, size_t len,
                                                    const char *name, purdah_error **err)
{
    if (err) *err = NULL;
    if (!b || (!data && len)) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    return pd_candidates_parse(b, data ? data : "", len, name ? name : "<candidates>", err);
}

PURDAH_API int purdah_builder_add_members_buffer(purdah_builder *b, const char *data, size_t len,
                                                 const char *name, purdah_error **err)
{
    if (err) *err = NULL;
    if (!b || (!data && len)) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    return pd_members_parse(b, data ? data : "", len, name ? name : "<members>", err);
}

PURDAH_API int purdah_builder_add_election(purdah_builder *b, const char *spec, purdah_error **err)
{
    if (err) *err = NULL;
    if (!b || !spec) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    pd_election_src e;
    int rc = pd_election_spec_parse(&b->arena, spec, &e, err);
    if (rc) return rc;
    if (PD_RESERVE(b->cli_elections, b->cli_election_cap, b->cli_election_count + 1) != 0)
        return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    b->cli_elections[b->cli_election_count++] = e;
    return PURDAH_OK;
}

PURDAH_API int purdah_builder_add_non_working_day(purdah_builder *b, const char *date,
                                                  purdah_error **err)
{
    if (err) *err = NULL;
    pd_day d;
    if (!b || !date) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    if (!pd_date_parse(date, strlen(date), &d))
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "\"%s\" is not a real date in YYYY-MM-DD form", date);
    if (PD_RESERVE(b->non_working, b->non_working_cap, b->non_working_count + 1) != 0)
        return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    b->non_working[b->non_working_count++] = d;
    return PURDAH_OK;
}
