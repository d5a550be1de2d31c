/* policy.h: the compiled, immutable policy shared by every scanner and thread. Everything a
 * finding needs (rule, clause, message template) lives here, so results only point into it. */
#ifndef PD_POLICY_H
#define PD_POLICY_H

#include "ac.h"
#include "calendar.h"
#include "regex.h"
#include "sources.h"

#define PD_NO_LIST UINT32_MAX

/* A wordlist after compilation: entries folded for matching, canonical forms for messages. */
typedef struct pd_list {
    const char *id;
    size_t count;
    const char **canonical; /* per entry; NULL when the entry has none */
    const char **display;   /* per entry: the entry as written in the file */
} pd_list;

/* What an Aho-Corasick pattern stands for. */
typedef enum pd_pattern_kind {
    PD_PAT_LIST,            /* a wordlist entry: a = list, b = entry */
    PD_PAT_PERSON_FULL,     /* a person's full name as given: a = person */
    PD_PAT_PERSON_SHORT,    /* first and last name of a longer name: a = person */
    PD_PAT_PERSON_SURNAME,  /* the surname alone: a = person */
    PD_PAT_PERSON_HANDLE,   /* their social media handle: a = person */
    PD_PAT_PERSON_SITE,     /* their campaign website's domain: a = person */
    PD_PAT_AREA             /* an election's area name: a = election, b = area */
} pd_pattern_kind;

typedef struct pd_pattern {
    uint32_t kind;
    uint32_t a, b;
} pd_pattern;

/* One way a rule matches: a wordlist (with an optional cue list and capitalisation test). */
typedef struct pd_match_c {
    uint32_t list;
    uint32_t cue; /* PD_NO_LIST when none */
    bool capitalised;
    uint32_t *near; /* lists of which one must match in the same sentence (near_count > 0) */
    size_t near_count;
    bool near_people; /* or a person must be named in the same sentence */
} pd_match_c;

typedef struct pd_regex_c {
    pcre2_code *code;
    uint32_t rule;
} pd_regex_c;

typedef struct pd_rule_c {
    purdah_rule pub; /* first member: &rule->pub is what the public API hands out */
    pd_category category;
    pd_detector detect;
    pd_match_c *matches;
    size_t match_count;
    uint32_t *near; /* lists that must also match in the same sentence */
    size_t near_count;
    bool has_patterns; /* some pd_regex_c belong to this rule */
} pd_rule_c;

typedef struct pd_exemption_c {
    const char *id;
    uint32_t list;
    purdah_severity cap;
    int lower;
    pd_scope scope;
    bool speaking;
    int role; /* a pd_role, or -1 */
    bool *applies_to_rule; /* per rule */
} pd_exemption_c;

typedef struct pd_candidacy {
    bool has_date;
    pd_day date;
    const char *area_folded; /* NULL when the row gives no area */
} pd_candidacy;

typedef struct pd_person {
    const char *name;   /* as given, without a leading title ("Samantha Green") */
    const char *party, *area, *role; /* for messages; may be NULL */
    const char *role_folded;
    const char *surname_folded;
    char initial;       /* folded first letter of the first name */
    char initials[8];   /* folded first letters of every forename ("ma" for Margaret Anne) */
    bool is_member;
    bool surname_is_ordinary; /* "Green", "Hall": never a finding alone until identified */
    pd_candidacy *candidacies;
    size_t candidacy_count;
} pd_person;

typedef struct pd_election_c {
    pd_election_type type;
    bool next_ordinary;
    pd_day poll;
    bool has_notice;
    pd_day notice;
    const char **areas;        /* as given */
    const char **areas_folded;
    size_t area_count;
} pd_election_c;

struct purdah_policy {
    pd_arena arena;
    const char *name;
    pd_jurisdiction jurisdiction;

    purdah_clause *clauses;
    size_t clause_count;
    pd_rule_c *rules;
    size_t rule_count;
    pd_list *lists;
    size_t list_count;
    pd_exemption_c *exemptions;
    size_t exemption_count;
    uint32_t *suppress_lists;
    size_t suppress_count;
    uint32_t titles_list, speech_list, ordinary_surnames_list; /* PD_NO_LIST when absent */

    pd_ac *ac;
    pd_pattern *patterns;  /* malloc'd, owned by the policy (not in the arena) */
    size_t pattern_count;
    pd_regex_c *regexes;
    size_t regex_count;

    pd_person *people;     /* malloc'd, owned by the policy (not in the arena) */
    size_t person_count;
    uint32_t *role_holders; /* members with a role, for "the Leader of the Council said" */
    size_t role_holder_count;
    pd_election_c *elections;
    size_t election_count;
    pd_day *non_working; /* sorted */
    size_t non_working_count;
    pd_score_cfg score;
};

#endif
