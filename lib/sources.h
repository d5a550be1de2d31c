/* sources.h: what a builder has collected from policy files, CSVs and the command line, before
 * compilation. Everything here is plain data owned by the builder's arena (strings) or by
 * builder-owned vectors; nothing is cross-checked until purdah_policy_compile. */
#ifndef PD_SOURCES_H
#define PD_SOURCES_H

#include "calendar.h"
#include "internal.h"

typedef enum pd_category {
    PD_CAT_CANDIDATE,
    PD_CAT_PARTY,
    PD_CAT_INITIATIVE,
    PD_CAT_ELECTIONEERING,
    PD_CAT_MEMBER_QUOTE,
    PD_CAT_IMAGE,
    PD_CAT_LINK,
    PD_CAT_CONTROVERSIAL,
    PD_CAT_COUNT
} pd_category;

const char *pd_category_name(pd_category c);
bool pd_category_parse(const char *s, size_t len, pd_category *out);
/* Parses a space-separated category list into a bit mask (1u << category). */
bool pd_category_mask_parse(const char *s, unsigned *mask);

/* "none", "advisory", "review", "block" */
bool pd_severity_parse(const char *s, purdah_severity *out);

/* The built-in detectors a rule can use (besides plain list and pattern matches). */
typedef enum pd_detector {
    PD_DET_PHRASES,
    PD_DET_CANDIDATE_NAMED,
    PD_DET_CANDIDATE_QUOTED,
    PD_DET_CANDIDATE_IN_IMAGE,
    PD_DET_MEMBER_QUOTED,
    PD_DET_MEMBER_NAMED,
    PD_DET_CANDIDATE_LINK
} pd_detector;
bool pd_detector_parse(const char *s, pd_detector *out);

/* One wordlist entry: the phrase as written and an optional canonical form ("=> ..."). */
typedef struct pd_entry {
    const char *phrase;
    const char *canonical; /* NULL when none */
    unsigned line;
} pd_entry;

typedef struct pd_wordlist {
    const char *id;
    const char *file;   /* where it was read from (for errors) */
    const char *source; /* the "# source:" header */
    pd_entry *entries;
    size_t count, cap;
} pd_wordlist;

typedef struct pd_clause_src {
    const char *id, *ref, *title, *url, *text;
    unsigned applies_to; /* category mask */
    unsigned line;
} pd_clause_src;

typedef struct pd_catalogue {
    const char *id, *title, *kind, *source, *url, *file;
    pd_clause_src *clauses;
    size_t count;
} pd_catalogue;

typedef struct pd_match_src {
    const char *list;    /* wordlist id, or NULL */
    const char *pattern; /* PCRE2 pattern, or NULL */
    const char *cue;     /* wordlist id of cue words, or NULL */
    bool capitalised;
    const char **near;   /* wordlist ids, one of which must match in the same sentence */
    size_t near_count;
    bool near_people;    /* ... or a person must be named in the same sentence */
    unsigned line;
} pd_match_src;

typedef struct pd_rule_src {
    const char *id;
    pd_category category;
    pd_detector detect;
    purdah_severity in_window, outside;
    const char *description, *message, *suggestion;
    pd_match_src *matches;
    size_t match_count;
    const char **near; /* wordlist ids */
    size_t near_count;
    const char **cites; /* clause ids */
    size_t cite_count;
    const char *file;
    unsigned line;
} pd_rule_src;

/* Where an exemption's marker must sit to cover a finding: anywhere in the draft; in the
 * finding's paragraph or a headline of the draft; or in the finding's sentence. */
typedef enum pd_scope { PD_SCOPE_DOCUMENT, PD_SCOPE_PARAGRAPH, PD_SCOPE_SENTENCE } pd_scope;

typedef struct pd_exemption_src {
    const char *id, *list, *description;
    const char **rules;
    size_t rule_count;
    purdah_severity cap; /* PURDAH_SEVERITY_BLOCK when the exemption only lowers */
    int lower;           /* severity levels to lower by (0: none) */
    pd_scope scope;      /* where the marker must be for a finding to be covered */
    bool speaking;       /* ... and someone must speak in that sentence */
    int role;            /* the role findings it covers are reported in (a pd_role), or -1 */
    const char *file;
    unsigned line;
} pd_exemption_src;

typedef struct pd_election_src {
    pd_election_type type;
    bool next_ordinary; /* poll = first Thursday in May on or after the as-of date */
    pd_day poll;
    bool has_notice;
    pd_day notice;
    const char **areas;
    size_t area_count;
} pd_election_src;

typedef struct pd_person_src {
    const char *name, *party, *area, *role;
    const char *known_as; /* another name they are commonly known by, or NULL */
    const char *handle;   /* a social media handle ("@PriyaForHarbour"), or NULL */
    const char *website;  /* their campaign website, or NULL */
    bool has_election_date;
    pd_day election_date;
    const char *file;
    unsigned line;
} pd_person_src;

typedef struct pd_score_cfg {
    int review_threshold, block_threshold;
    int block_weight, review_weight, advisory_weight;
    uint32_t match_limit;
} pd_score_cfg;

struct purdah_builder {
    pd_arena arena;
    pd_jurisdiction jurisdiction;
    const char *name;
    bool have_policy;

    pd_catalogue *catalogues;
    size_t catalogue_count, catalogue_cap;
    const char **protocols;
    size_t protocol_count, protocol_cap;
    pd_wordlist *wordlists;
    size_t wordlist_count, wordlist_cap;
    pd_election_src *policy_elections; /* from the newest policy file that declares any */
    size_t policy_election_count, policy_election_cap;
    pd_election_src *cli_elections;    /* from purdah_builder_add_election: replace the above */
    size_t cli_election_count, cli_election_cap;
    pd_day *non_working;
    size_t non_working_count, non_working_cap;
    pd_person_src *candidates;
    size_t candidate_count, candidate_cap;
    pd_person_src *members;
    size_t member_count, member_cap;
    const char *names_titles, *names_speech_verbs, *names_ordinary_surnames;
    const char **suppress;
    size_t suppress_count, suppress_cap;
    pd_rule_src *rules;
    size_t rule_count, rule_cap;
    pd_exemption_src *exemptions;
    size_t exemption_count, exemption_cap;
    pd_score_cfg score;
};

/* Parsers that fill a builder (each reports errors with file and line). */
int pd_wordlist_parse(purdah_builder *b, const char *id, const char *data, size_t len,
                      const char *file, purdah_error **err);
int pd_catalogue_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                       purdah_error **err);
int pd_policy_xml_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                        int depth, purdah_error **err);
int pd_candidates_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                        purdah_error **err);
int pd_members_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                     purdah_error **err);
/* Parses TYPE:POLL[:AREA[,AREA...]][:notice=YYYY-MM-DD] into *out (areas in the arena). */
int pd_election_spec_parse(pd_arena *arena, const char *spec, pd_election_src *out,
                           purdah_error **err);

/* Reads a whole file, or "builtin:NAME" from the embedded files. *owned is set when the data
 * was allocated (free it with pd_free), NULL when it is static. */
int pd_read_source(const char *path, const char **data, size_t *len, char **owned,
                   purdah_error **err);
/* Resolves `src` as written inside the file `base` (a relative path is taken relative to the
 * directory of `base`; "builtin:" names and absolute paths are kept). Returns an arena string. */
const char *pd_resolve_path(pd_arena *arena, const char *base, const char *src);

/* The embedded files (generated at build time from wordlists/). */
typedef struct pd_embedded_file {
    const char *name;
    const char *data;
    size_t len;
} pd_embedded_file;
const pd_embedded_file *pd_embedded_find(const char *name);

#endif
