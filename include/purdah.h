/*
 * purdah.h: the whole public API of libpurdah.
 *
 * purdah checks draft council publicity (press releases, web pages, social posts) against the
 * rules on local authority publicity in the pre-election period ("purdah"): candidates named or
 * quoted, party references, new-initiative and electioneering language. It returns findings,
 * each citing the clauses it breaches, a risk score 0-100 and a verdict.
 *
 * Shape (compile once, scan many, as Hyperscan and PCRE2 do):
 *
 *   purdah_builder  collects policy sources (policy XML, candidates, members, elections). Mutable,
 *                   one thread at a time.
 *   purdah_policy   compiled from a builder. Immutable: share one policy between any number of
 *                   threads.
 *   purdah_scanner  per-thread scratch space (buffers, regex match data). Reuse it for many drafts,
 *                   but never use one scanner from two threads at once (that returns PURDAH_EBUSY).
 *   purdah_result   one draft's findings, score, verdict and windows. Owned by the caller.
 *
 * Contracts
 *
 *   Ownership.  Every object handed out through an out-parameter belongs to the caller and is
 *               released by its matching _free function, which accepts NULL. Strings and arrays
 *               reached through a result or finding (rule ids, messages, clauses) are owned by the
 *               policy or the result and live as long as both: free results before their policy.
 *               Buffers returned as `char **` (JSON, error text) are released with purdah_free().
 *               The library never keeps the caller's input buffer and never needs it
 *               NUL-terminated.
 *   Errors.     Functions return PURDAH_OK (0) or a negative purdah_status. Where a function takes
 *               `purdah_error **err`, a non-NULL err receives a detailed error object (message,
 *               file, line, column) on failure, which the caller frees with purdah_error_free().
 *               Nothing is printed and there is no thread-local "last error". On failure every
 *               out-parameter is set to NULL.
 *   Degradation. A scan that has to degrade (input truncated at the size limit, invalid UTF-8,
 *               a regex rule hitting its match limit, malformed markup) still succeeds and
 *               reports each degradation as a warning on the result. It never passes silently.
 *   Dates.      The library never reads the clock. The as-of date (the intended publication date)
 *               is always a parameter, so results are reproducible.
 *   Offsets.    Findings carry byte offsets [start, end) into the exact bytes the caller passed,
 *               for HTML too; lines and columns are 1-based, columns counted in code points.
 *   ABI.        Status codes, enums and struct fields are append-only. Structs the library fills
 *               (purdah_finding, purdah_window, ...) are only ever read through pointers the
 *               library returns, so new fields can be appended at their end.
 */
#ifndef PURDAH_H
#define PURDAH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PURDAH_BUILDING) && defined(__GNUC__)
#define PURDAH_API __attribute__((visibility("default")))
#else
#define PURDAH_API
#endif

#define PURDAH_VERSION_MAJOR 0
#define PURDAH_VERSION_MINOR 1
#define PURDAH_VERSION_PATCH 0
#define PURDAH_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with purdah_version_number(). */
#define PURDAH_VERSION_NUMBER                                                                      \
    (PURDAH_VERSION_MAJOR * 10000 + PURDAH_VERSION_MINOR * 100 + PURDAH_VERSION_PATCH)

/* Status codes. Append only: never renumber. */
typedef enum purdah_status {
    PURDAH_OK = 0,
    PURDAH_ENOMEM = -1,     /* an allocation failed */
    PURDAH_EINVAL = -2,     /* a bad argument (NULL handle, malformed date or spec) */
    PURDAH_EPOLICY = -3,    /* a policy source is malformed: XML, schema, wordlist, catalogue */
    PURDAH_EREGEX = -4,     /* a regex rule does not compile */
    PURDAH_EIO = -5,        /* a file cannot be opened or read */
    PURDAH_EDATA = -6,      /* a candidates/members CSV is malformed */
    PURDAH_EBUSY = -7,      /* a scanner is already in use by another thread */
    PURDAH_ELIMIT = -8,     /* a hard size limit was exceeded (where truncation is not possible) */
    PURDAH_ENOTFOUND = -9,  /* no rule, clause or embedded file has that id */
    PURDAH_EVERSION = -10   /* an options struct has a version this library does not know */
} purdah_status;

/* A short static description of a status code; never NULL. */
PURDAH_API const char *purdah_strerror(int status);

/* The version of the library actually loaded (compare with PURDAH_VERSION_NUMBER). */
PURDAH_API unsigned purdah_version_number(void);
PURDAH_API const char *purdah_version_string(void);

/* Releases a buffer the library returned through a `char **` (JSON text). NULL is fine. */
PURDAH_API void purdah_free(void *buffer);

/* ---------------------------------------------------------------------------------------------
 * Errors
 */
typedef struct purdah_error purdah_error;

PURDAH_API int purdah_error_code(const purdah_error *error);
/* What is wrong, in words a comms officer or policy author understands. Never NULL. */
PURDAH_API const char *purdah_error_message(const purdah_error *error);
/* The file (or source name) the error is in, or NULL when it concerns no file. */
PURDAH_API const char *purdah_error_file(const purdah_error *error);
/* 1-based line and column in that file; 0 when unknown. */
PURDAH_API unsigned long purdah_error_line(const purdah_error *error);
PURDAH_API unsigned long purdah_error_column(const purdah_error *error);
/* "file:line:column: message" (parts omitted when unknown). Release with purdah_free(). */
PURDAH_API int purdah_error_format(const purdah_error *error, char **out);
PURDAH_API void purdah_error_free(purdah_error *error);

/* ---------------------------------------------------------------------------------------------
 * Building a policy
 *
 * A builder collects sources; nothing is checked against anything else until compile. Each
 * add/load call parses its source at once and reports syntax errors with file and line.
 */
typedef struct purdah_builder purdah_builder;
typedef struct purdah_policy purdah_policy;

PURDAH_API int purdah_builder_new(purdah_builder **out);
PURDAH_API void purdah_builder_free(purdah_builder *builder);

/* Loads the default policy compiled into the library: England's rules (LGA 1986 s2, the 2011 Code
 * of Recommended Practice on Local Authority Publicity, the LGA pre-election guidance) with, as
 * its election, the next ordinary English local elections (the first Thursday in May on or after
 * the as-of date). */
PURDAH_API int purdah_builder_load_default(purdah_builder *builder, purdah_error **err);

/* Loads a policy XML file. Relative `src` paths inside it resolve against its directory;
 * "builtin:NAME" names a file shipped inside the library (see purdah_embedded_names()). */
PURDAH_API int purdah_builder_load_policy_file(purdah_builder *builder, const char *path,
                                               purdah_error **err);
/* Same, from memory. `name` is used in error messages and as the base for relative paths. */
PURDAH_API int purdah_builder_load_policy_buffer(purdah_builder *builder, const char *data,
                                                 size_t len, const char *name,
                                                 purdah_error **err);

/* Candidates: Democracy Club's CSV export (person_name, election_date, post_label, party_name,
 * ...) or a simple `name,party,area` CSV (an optional `election_date` column is honoured). The
 * format is recognised from the header row. */
PURDAH_API int purdah_builder_add_candidates_file(purdah_builder *builder, const char *path,
                                                  purdah_error **err);
PURDAH_API int purdah_builder_add_candidates_buffer(purdah_builder *builder, const char *data,
                                                    size_t len, const char *name,
                                                    purdah_error **err);
/* Sitting members: `name,party,area,role` CSV with that header. */
PURDAH_API int purdah_builder_add_members_file(purdah_builder *builder, const char *path,
                                               purdah_error **err);
PURDAH_API int purdah_builder_add_members_buffer(purdah_builder *builder, const char *data,
                                                 size_t len, const char *name,
                                                 purdah_error **err);

/* An election as TYPE:POLL_DATE[:AREA[,AREA...]][:notice=YYYY-MM-DD], for example
 * "local:2027-05-06" or "by-election:2027-09-16:Millbrook:notice=2027-08-11". TYPE is one of
 * local, parish, mayor, pcc, gla, general, senedd, scottish-local, scottish-parliament,
 * ni-local, referendum, by-election. Elections added here replace the policy file's elections
 * (the command line overrides the file). */
PURDAH_API int purdah_builder_add_election(purdah_builder *builder, const char *spec,
                                           purdah_error **err);
/* A day to skip when counting working days (a day of public thanksgiving or mourning). */
PURDAH_API int purdah_builder_add_non_working_day(purdah_builder *builder, const char *date,
                                                  purdah_error **err);

/* Compiles everything the builder holds into an immutable policy. The builder is unchanged and
 * may be freed at once or reused. */
PURDAH_API int purdah_policy_compile(purdah_policy **out, const purdah_builder *builder,
                                     purdah_error **err);
PURDAH_API void purdah_policy_free(purdah_policy *policy);

/* ---------------------------------------------------------------------------------------------
 * Rules, clauses and windows of a compiled policy (strings owned by the policy)
 */
typedef enum purdah_severity {
    PURDAH_SEVERITY_NONE = 0,     /* the rule does not apply in this context */
    PURDAH_SEVERITY_ADVISORY = 1, /* worth a look; never changes the verdict alone */
    PURDAH_SEVERITY_REVIEW = 2,   /* needs a human decision before publishing */
    PURDAH_SEVERITY_BLOCK = 3     /* must not be published as it stands */
} purdah_severity;

typedef enum purdah_verdict {
    PURDAH_VERDICT_PASS = 0,
    PURDAH_VERDICT_REVIEW = 1,
    PURDAH_VERDICT_BLOCK = 2
} purdah_verdict;

/* "advisory", "review", "block" (and "none"); "pass", "review", "block". */
PURDAH_API const char *purdah_severity_name(purdah_severity severity);
PURDAH_API const char *purdah_verdict_name(purdah_verdict verdict);

typedef struct purdah_clause {
    const char *id;     /* stable, e.g. "lga1986-s2-1", "code2011-para34" */
    const char *title;  /* e.g. "Prohibition of political publicity" */
    const char *source; /* the document, e.g. "Local Government Act 1986, s2(1)" */
    const char *text;   /* a short extract or summary of the clause */
    const char *url;    /* where to read it, or NULL */
} purdah_clause;

typedef struct purdah_rule {
    const char *id;          /* kebab-case and stable, e.g. "candidate-named" */
    const char *category;    /* candidate, party, initiative, electioneering, member_quote,
                                image, link, controversial */
    const char *description; /* what the rule looks for */
    const char *message;     /* what a finding says to a comms officer */
    const char *suggestion;  /* how to fix it, or NULL */
    purdah_severity in_window;      /* severity inside an active pre-election window */
    purdah_severity outside_window; /* severity at other times */
    const purdah_clause *const *clauses; /* the clauses the rule cites */
    size_t clause_count;
} purdah_rule;

PURDAH_API size_t purdah_policy_rule_count(const purdah_policy *policy);
PURDAH_API const purdah_rule *purdah_policy_rule(const purdah_policy *policy, size_t index);
/* Looks a rule or clause up by id; NULL when there is none. */
PURDAH_API const purdah_rule *purdah_policy_find_rule(const purdah_policy *policy, const char *id);
PURDAH_API const purdah_clause *purdah_policy_find_clause(const purdah_policy *policy,
                                                          const char *id);
PURDAH_API size_t purdah_policy_clause_count(const purdah_policy *policy);
PURDAH_API const purdah_clause *purdah_policy_clause(const purdah_policy *policy, size_t index);

/* The policy's jurisdiction: "england", "wales", "scotland" or "northern-ireland". */
PURDAH_API const char *purdah_policy_jurisdiction(const purdah_policy *policy);

/* A pre-election window. Dates are "YYYY-MM-DD"; both ends are inclusive (the window ends at
 * close of poll on polling day). */
typedef struct purdah_window {
    const char *election;  /* a label such as "local 2027-05-06" or "by-election 2027-09-16" */
    const char *type;      /* the election type, e.g. "local" */
    char poll[11];         /* polling day */
    char start[11];        /* first day of the window */
    char end[11];          /* last day of the window (polling day) */
    const char *start_basis; /* "notice" (actual notice date given) or "statutory" (computed) */
    const char *const *areas; /* wards/divisions it is limited to; empty = the whole council */
    size_t area_count;
    int in_window;         /* 1 when the as-of date falls inside [start, end] */
    int applies;           /* 1 when it applies to the draft (whole council, or its areas) */
} purdah_window;

typedef struct purdah_windows purdah_windows;
/* Every election of the policy with its window as of `as_of` (YYYY-MM-DD). For by-elections,
 * `applies` is 1 only when one of `areas` is among the election's areas. */
PURDAH_API int purdah_policy_windows(const purdah_policy *policy, const char *as_of,
                                     const char *const *areas, size_t area_count,
                                     purdah_windows **out, purdah_error **err);
PURDAH_API size_t purdah_windows_count(const purdah_windows *windows);
PURDAH_API const purdah_window *purdah_windows_get(const purdah_windows *windows, size_t index);
PURDAH_API void purdah_windows_free(purdah_windows *windows);

/* ---------------------------------------------------------------------------------------------
 * Scanning
 */
typedef struct purdah_scanner purdah_scanner;
typedef struct purdah_result purdah_result;

typedef enum purdah_format {
    PURDAH_FORMAT_AUTO = 0,     /* from the content (see purdah_format_from_file_name too) */
    PURDAH_FORMAT_TEXT = 1,
    PURDAH_FORMAT_HTML = 2,
    PURDAH_FORMAT_MARKDOWN = 3,
    PURDAH_FORMAT_XML = 4,      /* generic XML, and NewsML-G2 news items */
    PURDAH_FORMAT_DOCX = 5,     /* Word: offsets refer to the extracted text, not the zip bytes */
    PURDAH_FORMAT_SOCIAL = 6    /* social posts and threads: hashtags, @mentions, links */
} purdah_format;

/* "auto", "text", "html", "markdown", "xml", "docx", "social"; and the reverse (returns -1 for
 * an unknown name). */
PURDAH_API const char *purdah_format_name(purdah_format format);
PURDAH_API int purdah_format_from_name(const char *name);
/* The format a file name's extension implies (.html/.htm, .md/.markdown, .xml, .docx), or
 * PURDAH_FORMAT_AUTO when it implies none: a .txt file may hold plain text or social posts, so its
 * content decides. */
PURDAH_API purdah_format purdah_format_from_file_name(const char *name);

#define PURDAH_SCAN_OPTIONS_VERSION 1
typedef struct purdah_scan_options {
    unsigned version;       /* PURDAH_SCAN_OPTIONS_VERSION */
    purdah_format format;
    const char *as_of;      /* intended publication date, "YYYY-MM-DD"; required */
    const char *const *areas; /* wards/divisions the draft concerns (may be NULL) */
    size_t area_count;
    size_t max_input_bytes; /* larger input is truncated with a warning; 0 = 16 MiB */
} purdah_scan_options;
#define PURDAH_SCAN_OPTIONS_INIT                                                                   \
    { PURDAH_SCAN_OPTIONS_VERSION, PURDAH_FORMAT_AUTO, NULL, NULL, 0, 0 }

/* A scanner for `policy`, which must outlive it. */
PURDAH_API int purdah_scanner_new(purdah_scanner **out, const purdah_policy *policy);
PURDAH_API void purdah_scanner_free(purdah_scanner *scanner);

/* Checks one draft of `len` bytes. On success *out holds a result the caller frees. */
PURDAH_API int purdah_scan(purdah_scanner *scanner, const void *data, size_t len,
                           const purdah_scan_options *options, purdah_result **out,
                           purdah_error **err);

/* ---------------------------------------------------------------------------------------------
 * Results
 */
typedef struct purdah_finding {
    const purdah_rule *rule; /* the rule that fired (owned by the policy) */
    const char *rule_id;     /* == rule->id */
    const char *category;    /* == rule->category */
    purdah_severity severity; /* after context: window, exemptions, quotes */
    size_t start, end;       /* byte offsets [start, end) into the caller's input */
    size_t line, column;     /* 1-based; column in code points */
    const char *text;        /* the matched text as written in the draft (NUL-terminated) */
    const char *role;        /* where it sits: "body", "headline", "image", "link", "title" */
    const char *message;     /* for a comms officer, naming what was found */
    const char *suggestion;  /* how to fix it, or NULL */
    const purdah_clause *const *clauses; /* the clauses it breaches */
    size_t clause_count;
    const char *context;     /* why the severity is what it is, e.g. "inside the window of local
                                2027-05-06", "statutory notice: advisory" */
    int suppressed;          /* 1 when an inline purdah-disable directive covers it: it is kept
                                for audit but does not count towards the score or verdict */
    const char *suppression; /* the reason the directive gives, or NULL */
} purdah_finding;

PURDAH_API purdah_verdict purdah_result_verdict(const purdah_result *result);
PURDAH_API int purdah_result_score(const purdah_result *result); /* 0-100 */
PURDAH_API size_t purdah_result_finding_count(const purdah_result *result);
/* Findings are ordered by start offset. */
PURDAH_API const purdah_finding *purdah_result_finding(const purdah_result *result, size_t index);
/* 1 when the as-of date is inside the window of an election that applies to the draft. */
PURDAH_API int purdah_result_in_window(const purdah_result *result);
PURDAH_API const char *purdah_result_as_of(const purdah_result *result);
/* The format actually read ("text", "html", "markdown", "xml", "docx", "social"). */
PURDAH_API const char *purdah_result_format(const purdah_result *result);
/* What finding offsets point into: "input" (the bytes passed to purdah_scan), or "text" for Word
 * documents, whose offsets, lines and columns refer to the text extracted from them, which
 * purdah_result_text returns (NULL with *len 0 for other formats). */
PURDAH_API const char *purdah_result_offsets(const purdah_result *result);
PURDAH_API const char *purdah_result_text(const purdah_result *result, size_t *len);
/* The windows that apply to this draft (whether or not the date is inside them). */
PURDAH_API size_t purdah_result_window_count(const purdah_result *result);
PURDAH_API const purdah_window *purdah_result_window(const purdah_result *result, size_t index);
/* Degradations: "input truncated at 16777216 bytes", "invalid UTF-8 at byte 120", ... */
PURDAH_API size_t purdah_result_warning_count(const purdah_result *result);
PURDAH_API const char *purdah_result_warning(const purdah_result *result, size_t index);

/* The result as one JSON object {"file","format","offsets","as_of","in_window","windows","score",
 * "verdict","findings","warnings"}, the shape `purdah check --format json` prints inside
 * "results". `file` may be NULL. Release *out with purdah_free(). */
PURDAH_API int purdah_result_to_json(const purdah_result *result, const char *file, char **out,
                                     size_t *len);
PURDAH_API void purdah_result_free(purdah_result *result);

/* ---------------------------------------------------------------------------------------------
 * Files shipped inside the library (default policy, schema, wordlists, clause catalogues)
 */
/* NULL-terminated list of names usable as "builtin:NAME". */
PURDAH_API const char *const *purdah_embedded_names(void);
/* The bytes of an embedded file, or PURDAH_ENOTFOUND. The memory is static; do not free it. */
PURDAH_API int purdah_embedded_file(const char *name, const char **data, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* PURDAH_H */
