/* windows.c: pre-election windows. A window runs from the notice of election (the actual date
 * when the policy gives it, else the latest date the statute allows) to close of poll. */
#include "scan.h"

#include <stdio.h>

static bool area_listed(const pd_election_c *e, const char *folded)
{
    for (size_t i = 0; i < e->area_count; i++)
        if (strcmp(e->areas_folded[i], folded) == 0) return true;
    return false;
}

bool pd_person_stands_in(const pd_person *person, const pd_election_c *e, pd_day poll)
{
    for (size_t i = 0; i < person->candidacy_count; i++) {
        const pd_candidacy *c = &person->candidacies[i];
        if (c->has_date && c->date != poll) continue;
        if (e->area_count && !(c->area_folded && area_listed(e, c->area_folded))) continue;
        return true;
    }
    return false;
}

int pd_windows_compute(const purdah_policy *p, pd_day as_of, const char *const *areas,
                       size_t area_count, pd_window_state **out, size_t *count)
{
    *count = 0;
    if (p->election_count == 0) return PURDAH_OK;
    pd_window_state *w = pd_realloc_array(*out, p->election_count, sizeof *w);
    if (!w) return PURDAH_ENOMEM;
    *out = w;
    for (size_t i = 0; i < p->election_count; i++) {
        const pd_election_c *e = &p->elections[i];
        pd_window_state *ws = &w[i];
        memset(ws, 0, sizeof *ws);
        ws->poll = e->next_ordinary ? pd_next_ordinary_poll(as_of) : e->poll;
        bool notice = e->has_notice && !e->next_ordinary;
        ws->start = notice ? e->notice
                           : pd_statutory_window_start(e->type, p->jurisdiction, ws->poll, p->non_working,
                                                       p->non_working_count);
        ws->end = ws->poll;
        pd_date_format(ws->poll, ws->pub.poll);
        pd_date_format(ws->start, ws->pub.start);
        pd_date_format(ws->end, ws->pub.end);
        snprintf(ws->label, sizeof ws->label, "%s %s", pd_election_type_name(e->type), ws->pub.poll);
        ws->pub.election = ws->label;
        ws->pub.type = pd_election_type_name(e->type);
        ws->pub.start_basis = notice ? "notice" : "statutory";
        ws->pub.areas = e->areas;
        ws->pub.area_count = e->area_count;
        ws->pub.in_window = as_of >= ws->start && as_of <= ws->end;
        /* an election without areas covers the whole council; otherwise the caller's areas
         * decide here, and the judge adds drafts that name the area or its candidates */
        bool applies = e->area_count == 0;
        for (size_t k = 0; k < area_count && !applies; k++) {
            size_t flen;
            char *folded = pd_fold_pattern(areas[k], strlen(areas[k]), &flen);
            if (!folded) return PURDAH_ENOMEM;
            applies = area_listed(e, folded);
            pd_free(folded);
        }
        ws->pub.applies = applies;
    }
    *count = p->election_count;
    return PURDAH_OK;
}

/* ---- the public view: purdah_policy_windows ---- */

struct purdah_windows {
    pd_window_state *items;
    size_t count;
};

PURDAH_API int purdah_policy_windows(const purdah_policy *p, const char *as_of,
                                     const char *const *areas, size_t area_count,
                                     purdah_windows **out, purdah_error **err)
{
    if (err) *err = NULL;
    if (!out) return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    *out = NULL;
    pd_day day;
    if (!p || !as_of || (area_count && !areas))
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "invalid argument");
    if (!pd_date_parse(as_of, strlen(as_of), &day))
        return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0, "as-of date \"%s\" is not a real date in YYYY-MM-DD form", as_of);
    purdah_windows *w = pd_calloc(1, sizeof *w);
    if (!w) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    if (pd_windows_compute(p, day, areas, area_count, &w->items, &w->count) != 0) {
        purdah_windows_free(w);
        return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < w->count; i++) w->items[i].pub.election = w->items[i].label;
    *out = w;
    return PURDAH_OK;
}

PURDAH_API size_t purdah_windows_count(const purdah_windows *w) { return w ? w->count : 0; }

PURDAH_API const purdah_window *purdah_windows_get(const purdah_windows *w, size_t i)
{
    return w && i < w->count ? &w->items[i].pub : NULL;
}

PURDAH_API void purdah_windows_free(purdah_windows *w)
{
    if (!w) return;
    pd_free(w->items);
    pd_free(w);
}
