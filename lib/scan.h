/* scan.h: the state of one scan as it passes through extract -> fold -> match -> judge -> result.
 * The scanner owns every buffer here and reuses them from draft to draft. */
#ifndef PD_SCAN_H
#define PD_SCAN_H

#include "extract.h"
#include "fold.h"
#include "policy.h"
#include "suppress.h"

#include <stdatomic.h>

/* A literal match in the folded text. */
typedef struct pd_hit {
    uint32_t pattern;
    uint32_t start, end; /* folded offsets */
} pd_hit;

/* A pre-election window as this scan sees it. */
typedef struct pd_window_state {
    purdah_window pub;
    pd_day poll, start, end;
    char label[48]; /* pub.election points here */
} pd_window_state;

/* A finding before it is mapped back to the input: folded offsets, rule, and what it is about. */
typedef struct pd_draft {
    uint32_t rule;
    purdah_severity severity;
    uint32_t start, end;   /* folded offsets */
    int32_t person;        /* -1 when not about a person */
    uint32_t pattern;      /* the hit behind it (for canonical names), or UINT32_MAX */
    int32_t election;      /* the election concerned, or -1 */
    const char *capped_by; /* the exemption that lowered the severity, or NULL */
    pd_role role;          /* where it sits: the segment's role, refined to quote or attribution */
} pd_draft;

struct purdah_scanner {
    const purdah_policy *policy;
    atomic_flag busy;

    pd_extracted extracted;
    pd_folded folded;
    pd_suppressions suppressions;
    const char *source;    /* the bytes findings point into: the input, or the extracted text */
    size_t source_len;
    pd_regex_scratch regex;

    pd_hit *hits; /* sorted by start, longer first */
    size_t hit_count, hit_cap;
    pd_hit *second_hits; /* a long draft's second half's hits, appended to hits after the scan */
    size_t second_count, second_cap;
    uint32_t *list_hits;   /* indices into hits, grouped by list, each group sorted by start */
    size_t list_hits_cap;
    size_t *list_offsets;  /* list i's group is list_hits[list_offsets[i] .. list_offsets[i+1]) */

    pd_window_state *windows;
    size_t window_count;
    bool any_active;       /* some applying election's window contains the as-of date */
    pd_day as_of;
    pd_window_state *window_cache; /* the windows of window_cache_day, no areas given (they */
    size_t window_cache_count;     /* walk the calendar, the same for every draft of a day) */
    pd_day window_cache_day;
    bool window_cache_valid;

    pd_draft *drafts;
    size_t draft_count, draft_cap;
    uint8_t *identified;   /* per person: named in full (or titled) earlier in this draft */
    uint32_t *touched;     /* people whose `identified` flag must be cleared after the scan */
    size_t touched_count, touched_cap;

    char **warnings;       /* collected for the result (owned until handed over) */
    size_t warning_count, warning_cap;
    bool failed;           /* an allocation failed somewhere in the scan */
};

/* windows.c: computes every election's window for the as-of date and which apply to the draft. */
int pd_windows_compute(const purdah_policy *p, pd_day as_of, const char *const *areas,
                       size_t area_count, pd_window_state **out, size_t *count);
/* Whether a person stands in election `e` (by date and, for elections with areas, by area). */
bool pd_person_stands_in(const pd_person *person, const pd_election_c *e, pd_day poll);

/* judge.c: turns hits into drafts (findings before mapping). */
void pd_judge(purdah_scanner *s);
/* The hits of list `list`, as indices into s->hits. */
const uint32_t *pd_list_hits(const purdah_scanner *s, uint32_t list, size_t *count);

/* result.c: builds the caller's result from the drafts. */
int pd_result_build(purdah_scanner *s, const char *input, size_t len, const char *format_name,
                    purdah_result **out);

void pd_scan_warn(purdah_scanner *s, const char *fmt, ...) PD_PRINTF(2, 3);

#endif
