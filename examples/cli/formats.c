/* formats.c: the output formats of `purdah check`. See formats.h, and docs/ci-formats.md for what
 * each format contains and why.
 *
 * Positions. The library gives each finding its byte offsets [start, end) and the line and
 * code-point column of its start. The CI formats also need where it ends, and reviewdog counts
 * columns in UTF-8 bytes, so this file walks the checked bytes once per file (or, for a Word
 * document, the text extracted from it, which its offsets refer to), counting lines and columns
 * exactly as the library does: a line ends at \n, \r\n or a lone \r, and a column is a code point
 * (every byte that is not a UTF-8 continuation byte). */
#define _POSIX_C_SOURCE 200809L
#include "formats.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cli_format_from_name(const char *name, cli_format *out)
{
    static const struct {
        const char *name;
        cli_format format;
    } names[] = {{"text", CLI_FORMAT_TEXT},   {"json", CLI_FORMAT_JSON},     {"line", CLI_FORMAT_LINE},
                 {"sarif", CLI_FORMAT_SARIF}, {"github", CLI_FORMAT_GITHUB}, {"rdjsonl", CLI_FORMAT_RDJSONL}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return 0;
        }
    }
    return -1;
}

/* ---- positions ---------------------------------------------------------------------------- */

typedef struct position {
    size_t line;        /* 1-based */
    size_t column;      /* 1-based, in code points */
    size_t byte_column; /* 1-based, in bytes */
} position;

/* Where a finding sits: its first character, its last character, and just past its end. */
typedef struct span {
    position start, last, end;
} span;

typedef struct target {
    size_t offset;
    position *out;
} target;

static int by_offset(const void *a, const void *b)
{
    size_t x = ((const target *)a)->offset, y = ((const target *)b)->offset;
    return x < y ? -1 : x > y;
}

static void locate_all(const char *text, size_t len, target *t, size_t n)
{
    qsort(t, n, sizeof *t, by_offset);
    size_t pos = 0, line = 1, column = 1, line_start = 0;
    for (size_t i = 0; i < n; i++) {
        size_t want = t[i].offset < len ? t[i].offset : len;
        while (pos < want) {
            unsigned char c = (unsigned char)text[pos];
            if (c == '\n' || (c == '\r' && !(pos + 1 < len && text[pos + 1] == '\n'))) {
                line++;
                column = 1;
                line_start = pos + 1;
            } else if ((c & 0xC0) != 0x80) {
                column++;
            }
            pos++;
        }
        t[i].out->line = line;
        t[i].out->column = column;
        t[i].out->byte_column = want - line_start + 1;
    }
}

/* 1 when the finding offsets of `r` point into text that has no useful lines for a reviewer: a
 * Word document, whose offsets refer to the text extracted from it. */
static int offsets_are_text(const purdah_result *r)
{
    const char *o = purdah_result_offsets(r);
    return o && strcmp(o, "text") == 0;
}

/* The spans of every finding of `r`, or NULL when out of memory. `data` is what was checked. */
static span *locate_findings(const purdah_result *r, const char *data, size_t len)
{
    size_t n = purdah_result_finding_count(r);
    const char *text = data;
    if (offsets_are_text(r)) text = purdah_result_text(r, &len);
    span *s = calloc(n ? n : 1, sizeof *s);
    target *t = malloc((n ? 3 * n : 1) * sizeof *t);
    if (!s || !t) {
        free(s);
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (!text) { /* no text to count in: every position is the start the library gave */
            s[i].start.line = s[i].last.line = s[i].end.line = f->line;
            s[i].start.column = s[i].last.column = s[i].end.column = f->column;
            s[i].start.byte_column = s[i].last.byte_column = s[i].end.byte_column = f->column;
            continue;
        }
        size_t start = f->start, end = f->end > f->start ? f->end : f->start;
        size_t last = end > start ? end - 1 : start; /* the lead byte of the last character */
        while (last > start && last < len && ((unsigned char)text[last] & 0xC0) == 0x80) last--;
        t[3 * i] = (target){start, &s[i].start};
        t[3 * i + 1] = (target){last, &s[i].last};
        t[3 * i + 2] = (target){end, &s[i].end};
    }
    if (text) locate_all(text, len, t, 3 * n);
    free(t);
    return s;
}

/* ---- small writers ------------------------------------------------------------------------ */

static size_t utf8_valid_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

/* A JSON string; invalid UTF-8 becomes U+FFFD, so the document is always valid JSON. NULL is
 * written as "". */
static void json_str(FILE *o, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t len = strlen((const char *)s), i = 0;
    putc('"', o);
    while (i < len) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            putc('\\', o);
            putc(c, o);
            i++;
        } else if (c == '\n') {
            fputs("\\n", o);
            i++;
        } else if (c == '\r') {
            fputs("\\r", o);
            i++;
        } else if (c == '\t') {
            fputs("\\t", o);
            i++;
        } else if (c < 0x20) {
            fprintf(o, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            putc(c, o);
            i++;
        } else {
            size_t n = utf8_valid_len(s + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", o);
                i++;
            } else {
                fwrite(s + i, 1, n, o);
                i += n;
            }
        }
    }
    putc('"', o);
}

/* Text on one line: line breaks and tabs become spaces. */
static void one_line(FILE *o, const char *s)
{
    for (; s && *s; s++) putc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, o);
}

/* GitHub's workflow-command escaping (as @actions/core does it): % CR LF in the message, and also
 * : and , in a property value. */
static void github_escape(FILE *o, const char *s, int property)
{
    for (; s && *s; s++) {
        if (*s == '%') fputs("%25", o);
        else if (*s == '\r') fputs("%0D", o);
        else if (*s == '\n') fputs("%0A", o);
        else if (property && *s == ':') fputs("%3A", o);
        else if (property && *s == ',') fputs("%2C", o);
        else putc(*s, o);
    }
}

static int is_stdin(const char *name) { return strcmp(name, "<stdin>") == 0; }

/* A file name as a URI reference: relative paths stay relative (as GitHub code scanning wants
 * them), absolute ones become file:// URIs; every byte outside the unreserved set, the
 * sub-delimiters, "/" and "@" is percent-encoded (so ":" never reads as a scheme). */
static void json_uri(FILE *o, const char *path)
{
    static const char keep[] = "-._~/!$&'()*+,;=@";
    putc('"', o);
    if (path[0] == '/') fputs("file://", o);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(keep, *p))
            putc(*p, o);
        else
            fprintf(o, "%%%02X", *p);
    }
    putc('"', o);
}

static const char *sarif_level(purdah_severity s)
{
    switch (s) {
    case PURDAH_SEVERITY_BLOCK: return "error";
    case PURDAH_SEVERITY_REVIEW: return "warning";
    case PURDAH_SEVERITY_ADVISORY: return "note";
    default: return "none";
    }
}

static const char *github_command(purdah_severity s)
{
    switch (s) {
    case PURDAH_SEVERITY_BLOCK: return "error";
    case PURDAH_SEVERITY_REVIEW: return "warning";
    default: return "notice";
    }
}

static const char *rdjson_severity(purdah_severity s)
{
    switch (s) {
    case PURDAH_SEVERITY_BLOCK: return "ERROR";
    case PURDAH_SEVERITY_REVIEW: return "WARNING";
    case PURDAH_SEVERITY_ADVISORY: return "INFO";
    default: return "UNKNOWN_SEVERITY";
    }
}

/* The first URL among the clauses, or NULL. */
static const char *first_clause_url(const purdah_clause *const *clauses, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (clauses[i]->url && clauses[i]->url[0]) return clauses[i]->url;
    return NULL;
}

/* ---- the writer --------------------------------------------------------------------------- */

typedef struct artifact { /* SARIF: one checked file */
    char *name, *format, *offsets, *as_of;
    const char *verdict;
    int score, in_window;
} artifact;

typedef struct notification { /* SARIF: a warning on a result, or a file that was not checked */
    char *name, *text;
    const char *level;
} notification;

struct cli_writer {
    cli_format format;
    FILE *out;
    const purdah_policy *policy;
    size_t printed; /* json: results written; sarif: SARIF results written */
    int failed;     /* a file could not be checked */
    artifact *artifacts;
    size_t artifact_count;
    notification *notes;
    size_t note_count;
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int add_note(cli_writer *w, const char *level, const char *name, const char *text)
{
    notification *grown = realloc(w->notes, (w->note_count + 1) * sizeof *grown);
    if (!grown) return -1;
    w->notes = grown;
    notification *n = &w->notes[w->note_count];
    n->level = level;
    n->name = strdup(name);
    n->text = strdup(text ? text : "");
    if (!n->name || !n->text) {
        free(n->name);
        free(n->text);
        return -1;
    }
    w->note_count++;
    return 0;
}

/* The index of `name` among the artifacts, adding it (with the result's summary) when it is new;
 * a file given twice is one artifact (SARIF wants them unique). -1 when out of memory. */
static long artifact_index(cli_writer *w, const char *name, const purdah_result *r)
{
    for (size_t i = 0; i < w->artifact_count; i++)
        if (strcmp(w->artifacts[i].name, name) == 0) return (long)i;
    artifact *grown = realloc(w->artifacts, (w->artifact_count + 1) * sizeof *grown);
    if (!grown) return -1;
    w->artifacts = grown;
    artifact *a = &w->artifacts[w->artifact_count];
    a->name = strdup(name);
    a->format = dup_or_null(purdah_result_format(r));
    a->offsets = dup_or_null(purdah_result_offsets(r));
    a->as_of = dup_or_null(purdah_result_as_of(r));
    a->verdict = purdah_verdict_name(purdah_result_verdict(r));
    a->score = purdah_result_score(r);
    a->in_window = purdah_result_in_window(r);
    if (!a->name) {
        free(a->format);
        free(a->offsets);
        free(a->as_of);
        return -1;
    }
    return (long)w->artifact_count++;
}

/* ---- text and json (unchanged from the first CLI) ------------------------------------------ */

static void text_result(FILE *o, const char *name, const purdah_result *r)
{
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        fprintf(o, "%s:%zu:%zu: %s: %s: %s [", name, f->line, f->column,
                f->suppressed ? "suppressed" : purdah_severity_name(f->severity), f->rule_id, f->message);
        for (size_t k = 0; k < f->clause_count; k++) fprintf(o, "%s%s", k ? ", " : "", f->clauses[k]->id);
        fprintf(o, "]");
        if (f->suppressed) fprintf(o, " (%s, suppressed: %s)", purdah_severity_name(f->severity), f->suppression);
        fprintf(o, "\n");
    }
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        fprintf(o, "%s: warning: %s\n", name, purdah_result_warning(r, i));
    fprintf(o, "%s: score %d, verdict %s (%zu finding%s, %s)\n", name, purdah_result_score(r),
            purdah_verdict_name(purdah_result_verdict(r)), purdah_result_finding_count(r),
            purdah_result_finding_count(r) == 1 ? "" : "s",
            purdah_result_in_window(r) ? "inside a pre-election period" : "outside any pre-election period");
}

static int json_result(cli_writer *w, const char *name, const purdah_result *r)
{
    char *json = NULL;
    if (purdah_result_to_json(r, name, &json, NULL) != PURDAH_OK) return -1;
    fprintf(w->out, "%s%s", w->printed++ ? "," : "", json);
    purdah_free(json);
    return 0;
}

/* Degradation warnings of the line-oriented formats go to stderr, so stdout stays parseable. */
static void warnings_to_stderr(const char *name, const purdah_result *r)
{
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        fprintf(stderr, "purdah: %s: warning: %s\n", name, purdah_result_warning(r, i));
}

/* ---- line ---------------------------------------------------------------------------------- */

static void line_result(FILE *o, const char *name, const purdah_result *r)
{
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (f->suppressed) continue;
        fprintf(o, "%s:%zu:%zu: %s: %s: ", name, f->line, f->column, purdah_severity_name(f->severity), f->rule_id);
        one_line(o, f->message);
        putc('\n', o);
    }
    warnings_to_stderr(name, r);
}

/* ---- github -------------------------------------------------------------------------------- */

static void github_result(FILE *o, const char *name, const purdah_result *r, const span *s)
{
    int text_offsets = offsets_are_text(r);
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (f->suppressed) continue;
        fprintf(o, "::%s file=", github_command(f->severity));
        github_escape(o, name, 1);
        if (!text_offsets) {
            fprintf(o, ",line=%zu", s[i].start.line);
            if (s[i].last.line == s[i].start.line) /* GitHub takes columns on one line only */
                fprintf(o, ",col=%zu,endLine=%zu,endColumn=%zu", s[i].start.column, s[i].last.line,
                        s[i].last.column);
            else
                fprintf(o, ",endLine=%zu", s[i].last.line);
        }
        fputs(",title=", o);
        github_escape(o, f->rule_id, 1);
        fputs("::", o);
        github_escape(o, f->message, 0);
        if (text_offsets)
            fprintf(o, " (line %zu, column %zu of the document's text)", f->line, f->column);
        fputs(" [", o);
        for (size_t k = 0; k < f->clause_count; k++) {
            if (k) fputs(", ", o);
            github_escape(o, f->clauses[k]->id, 0);
        }
        putc(']', o);
        if (f->suggestion) {
            fputs("%0A", o);
            github_escape(o, f->suggestion, 0);
        }
        putc('\n', o);
    }
    for (size_t i = 0; i < purdah_result_warning_count(r); i++) {
        fputs("::warning file=", o);
        github_escape(o, name, 1);
        fputs(",title=purdah::", o);
        github_escape(o, purdah_result_warning(r, i), 0);
        putc('\n', o);
    }
}

/* ---- rdjsonl ------------------------------------------------------------------------------- */

static void rdjson_position(FILE *o, const position *p)
{
    fprintf(o, "{\"line\":%zu,\"column\":%zu}", p->line, p->byte_column);
}

static void rdjsonl_result(FILE *o, const char *name, const purdah_result *r, const span *s)
{
    int text_offsets = offsets_are_text(r);
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (f->suppressed) continue;
        /* the message, the document position for Word files (which have no lines to point at),
           the clauses and the suggestion */
        char *msg = NULL;
        size_t msg_len = 0;
        FILE *m = open_memstream(&msg, &msg_len);
        if (m) {
            fputs(f->message ? f->message : "", m);
            if (text_offsets) fprintf(m, " (line %zu, column %zu of the document's text)", f->line, f->column);
            fputs(" [", m);
            for (size_t k = 0; k < f->clause_count; k++) fprintf(m, "%s%s", k ? ", " : "", f->clauses[k]->id);
            putc(']', m);
            if (f->suggestion) fprintf(m, "\n%s", f->suggestion);
            if (fclose(m) != 0) {
                free(msg);
                msg = NULL;
            }
        }
        fputs("{\"message\":", o);
        json_str(o, msg ? msg : f->message);
        free(msg);
        fputs(",\"location\":{\"path\":", o);
        json_str(o, name);
        if (!text_offsets) {
            fputs(",\"range\":{\"start\":", o);
            rdjson_position(o, &s[i].start);
            fputs(",\"end\":", o);
            rdjson_position(o, &s[i].end);
            putc('}', o);
        }
        fprintf(o, "},\"severity\":\"%s\",\"source\":{\"name\":\"purdah\"},\"code\":{\"value\":",
                rdjson_severity(f->severity));
        json_str(o, f->rule_id);
        const char *url = first_clause_url(f->clauses, f->clause_count);
        if (url) {
            fputs(",\"url\":", o);
            json_str(o, url);
        }
        fputs("}}\n", o);
    }
    warnings_to_stderr(name, r);
}

/* ---- sarif --------------------------------------------------------------------------------- */

/* "candidate-named" -> "CandidateNamed": SARIF's readable rule name. */
static void json_pascal_name(FILE *o, const char *id)
{
    putc('"', o);
    int upper = 1;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            putc(upper && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c, o);
            upper = 0;
        } else {
            upper = 1;
        }
    }
    putc('"', o);
}

/* A rule's help: its suggestion and the clauses it cites, as text or Markdown. */
static void sarif_help(FILE *o, const purdah_rule *rule, int markdown)
{
    char *help = NULL;
    size_t len = 0;
    FILE *h = open_memstream(&help, &len);
    if (!h) {
        json_str(o, rule->suggestion ? rule->suggestion : rule->id);
        return;
    }
    if (rule->suggestion) fprintf(h, "%s\n\n", rule->suggestion);
    fputs(markdown ? "**Clauses cited**\n\n" : "Clauses cited:\n", h);
    for (size_t k = 0; k < rule->clause_count; k++) {
        const purdah_clause *c = rule->clauses[k];
        const char *title = c->title ? c->title : "", *source = c->source ? c->source : "";
        const char *text = c->text ? c->text : "";
        if (markdown && c->url)
            fprintf(h, "- `%s` [%s](%s) (%s): %s\n", c->id, title, c->url, source, text);
        else if (markdown)
            fprintf(h, "- `%s` %s (%s): %s\n", c->id, title, source, text);
        else
            fprintf(h, "- %s: %s (%s): %s%s%s\n", c->id, title, source, text, c->url ? " " : "",
                    c->url ? c->url : "");
    }
    if (fclose(h) == 0) json_str(o, help);
    else json_str(o, rule->suggestion ? rule->suggestion : rule->id);
    free(help);
}

static void sarif_rule(FILE *o, const purdah_rule *rule)
{
    const char *description = rule->description ? rule->description : rule->id;
    fputs("{\"id\":", o);
    json_str(o, rule->id);
    fputs(",\"name\":", o);
    json_pascal_name(o, rule->id);
    fputs(",\"shortDescription\":{\"text\":", o);
    json_str(o, description);
    fputs("},\"fullDescription\":{\"text\":", o);
    char *full = NULL;
    size_t full_len = 0;
    FILE *m = open_memstream(&full, &full_len);
    if (m) {
        fprintf(m, "%s Severity inside a pre-election period: %s; at other times: %s.", description,
                purdah_severity_name(rule->in_window), purdah_severity_name(rule->outside_window));
        if (fclose(m) != 0) {
            free(full);
            full = NULL;
        }
    }
    json_str(o, full ? full : description);
    free(full);
    fputs("},\"help\":{\"text\":", o);
    sarif_help(o, rule, 0);
    fputs(",\"markdown\":", o);
    sarif_help(o, rule, 1);
    putc('}', o);
    const char *url = first_clause_url(rule->clauses, rule->clause_count);
    if (url) {
        fputs(",\"helpUri\":", o);
        json_str(o, url);
    }
    fprintf(o, ",\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"category\":", sarif_level(rule->in_window));
    json_str(o, rule->category);
    fprintf(o, ",\"inWindow\":\"%s\",\"outsideWindow\":\"%s\",\"tags\":[\"purdah\"",
            purdah_severity_name(rule->in_window), purdah_severity_name(rule->outside_window));
    if (rule->category && strcmp(rule->category, "purdah") != 0) {
        putc(',', o);
        json_str(o, rule->category);
    }
    fputs("]}}", o);
}

static void sarif_begin(cli_writer *w)
{
    FILE *o = w->out;
    fputs("{\"$schema\":\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\","
          "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"purdah\",\"version\":",
          o);
    json_str(o, purdah_version_string());
    fputs(",\"semanticVersion\":", o);
    json_str(o, purdah_version_string());
#ifdef PURDAH_INFORMATION_URI
    fputs(",\"informationUri\":", o);
    json_str(o, PURDAH_INFORMATION_URI);
#endif
    fputs(",\"rules\":[", o);
    for (size_t i = 0; i < purdah_policy_rule_count(w->policy); i++) {
        if (i) putc(',', o);
        sarif_rule(o, purdah_policy_rule(w->policy, i));
    }
    fputs("]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[", o);
}

/* An artifactLocation: the file's URI, or for standard input a description only. */
static void sarif_artifact_location(FILE *o, const char *name, long index)
{
    putc('{', o);
    if (is_stdin(name)) {
        fputs("\"description\":{\"text\":\"standard input\"}", o);
    } else {
        fputs("\"uri\":", o);
        json_uri(o, name);
    }
    if (index >= 0) fprintf(o, ",\"index\":%ld", index);
    putc('}', o);
}

static long rule_index(const purdah_policy *p, const purdah_finding *f)
{
    for (size_t i = 0; i < purdah_policy_rule_count(p); i++) {
        const purdah_rule *rule = purdah_policy_rule(p, i);
        if (rule == f->rule || strcmp(rule->id, f->rule_id) == 0) return (long)i;
    }
    return -1;
}

/* FNV-1a, 64 bits. A fingerprint only has to be stable and rarely collide, not be secret. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* The identity of a finding that survives edits elsewhere in the draft: its rule and its matched
 * text with markup tags dropped, runs of white space (and no-break spaces) made one space, and
 * ASCII letters lower-cased. */
static uint64_t finding_hash(const purdah_finding *f)
{
    uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325), f->rule_id, strlen(f->rule_id) + 1);
    const unsigned char *s = (const unsigned char *)(f->text ? f->text : "");
    int pending_space = 0, any = 0;
    while (*s) {
        if (*s == '<') { /* a tag, as in "Cllr <b>Okonkwo" */
            const unsigned char *close = (const unsigned char *)strchr((const char *)s, '>');
            if (close) {
                s = close + 1;
                continue;
            }
        }
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v') {
            pending_space = any;
            s++;
            continue;
        }
        if (s[0] == 0xC2 && s[1] == 0xA0) {
            pending_space = any;
            s += 2;
            continue;
        }
        if (pending_space) h = fnv1a(h, " ", 1);
        pending_space = 0;
        any = 1;
        unsigned char c = *s >= 'A' && *s <= 'Z' ? (unsigned char)(*s - 'A' + 'a') : *s;
        h = fnv1a(h, &c, 1);
        s++;
    }
    return h;
}

static void sarif_region(FILE *o, const purdah_finding *f, const span *s, int text_offsets)
{
    size_t end_column = f->end > f->start ? s->last.column + 1 : s->start.column;
    fprintf(o, "{\"startLine\":%zu,\"startColumn\":%zu,\"endLine\":%zu,\"endColumn\":%zu", s->start.line,
            s->start.column, s->last.line, end_column);
    if (!text_offsets) fprintf(o, ",\"byteOffset\":%zu,\"byteLength\":%zu", f->start, f->end - f->start);
    fputs(",\"snippet\":{\"text\":", o);
    json_str(o, f->text);
    putc('}', o);
    if (text_offsets) /* a Word document: lines and columns of the text extracted from it */
        fprintf(o, ",\"properties\":{\"offsets\":\"text\",\"textOffset\":%zu,\"textLength\":%zu}", f->start,
                f->end - f->start);
    putc('}', o);
}

static int sarif_result(cli_writer *w, const char *name, const purdah_result *r, const span *s)
{
    FILE *o = w->out;
    long art = artifact_index(w, name, r);
    if (art < 0) return -1;
    int text_offsets = offsets_are_text(r);
    size_t n = purdah_result_finding_count(r);
    uint64_t *hashes = malloc((n ? n : 1) * sizeof *hashes);
    if (!hashes) return -1;
    for (size_t i = 0; i < n; i++) hashes[i] = finding_hash(purdah_result_finding(r, i));
    for (size_t i = 0; i < n; i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        size_t occurrence = 1; /* among the findings of this file with the same identity */
        for (size_t k = 0; k < i; k++) occurrence += hashes[k] == hashes[i];
        if (w->printed++) putc(',', o);
        fputs("{\"ruleId\":", o);
        json_str(o, f->rule_id);
        long index = rule_index(w->policy, f);
        if (index >= 0) fprintf(o, ",\"ruleIndex\":%ld", index);
        fprintf(o, ",\"level\":\"%s\",\"message\":{\"text\":", sarif_level(f->severity));
        json_str(o, f->message);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":", o);
        sarif_artifact_location(o, name, art);
        fputs(",\"region\":", o);
        sarif_region(o, f, &s[i], text_offsets);
        fprintf(o, "}}],\"partialFingerprints\":{\"purdahFindingHash/v1\":\"%016" PRIx64 ":%zu\"}", hashes[i],
                occurrence);
        if (f->suppressed) {
            fputs(",\"suppressions\":[{\"kind\":\"inSource\",\"status\":\"accepted\",\"justification\":", o);
            json_str(o, f->suppression);
            fputs("}]", o);
        }
        fputs(",\"properties\":{\"severity\":", o);
        json_str(o, purdah_severity_name(f->severity));
        fputs(",\"category\":", o);
        json_str(o, f->category);
        fputs(",\"role\":", o);
        json_str(o, f->role);
        fputs(",\"clauses\":[", o);
        for (size_t k = 0; k < f->clause_count; k++) {
            if (k) putc(',', o);
            json_str(o, f->clauses[k]->id);
        }
        putc(']', o);
        if (f->suggestion) {
            fputs(",\"suggestion\":", o);
            json_str(o, f->suggestion);
        }
        if (f->context) {
            fputs(",\"context\":", o);
            json_str(o, f->context);
        }
        fputs("}}", o);
    }
    free(hashes);
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        if (add_note(w, "warning", name, purdah_result_warning(r, i))) return -1;
    return 0;
}

static void sarif_finish(cli_writer *w, int exit_status)
{
    FILE *o = w->out;
    fputs("],\"artifacts\":[", o);
    for (size_t i = 0; i < w->artifact_count; i++) {
        const artifact *a = &w->artifacts[i];
        fputs(i ? ",{\"location\":" : "{\"location\":", o);
        sarif_artifact_location(o, a->name, -1);
        fputs(",\"roles\":[\"analysisTarget\"]", o);
        if (a->format && strcmp(a->format, "docx") == 0)
            fputs(",\"mimeType\":\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\"", o);
        fputs(",\"properties\":{\"format\":", o);
        json_str(o, a->format);
        fputs(",\"offsets\":", o);
        json_str(o, a->offsets);
        fputs(",\"asOf\":", o);
        json_str(o, a->as_of);
        fprintf(o, ",\"inWindow\":%s,\"score\":%d,\"verdict\":\"%s\"}}", a->in_window ? "true" : "false", a->score,
                a->verdict);
    }
    fprintf(o, "],\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d,\"toolExecutionNotifications\":[",
            !w->failed && exit_status < 2 ? "true" : "false", exit_status);
    for (size_t i = 0; i < w->note_count; i++) {
        const notification *n = &w->notes[i];
        fprintf(o, "%s{\"level\":\"%s\",\"message\":{\"text\":", i ? "," : "", n->level);
        json_str(o, n->text);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":", o);
        sarif_artifact_location(o, n->name, -1);
        fputs("}}]}", o);
    }
    fputs("]}]}]}\n", o);
}

/* ---- the public functions ------------------------------------------------------------------ */

cli_writer *cli_writer_new(cli_format format, FILE *to, const purdah_policy *policy)
{
    cli_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->format = format;
    w->out = to;
    w->policy = policy;
    if (format == CLI_FORMAT_JSON) fputs("{\"version\":1,\"results\":[", to);
    else if (format == CLI_FORMAT_SARIF) sarif_begin(w);
    return w;
}

int cli_writer_result(cli_writer *w, const char *name, const char *data, size_t len, const purdah_result *r)
{
    if (w->format == CLI_FORMAT_TEXT) {
        text_result(w->out, name, r);
        return 0;
    }
    if (w->format == CLI_FORMAT_JSON) return json_result(w, name, r);
    if (w->format == CLI_FORMAT_LINE) {
        line_result(w->out, name, r);
        return 0;
    }
    span *s = locate_findings(r, data, len);
    if (!s) return -1;
    int rc = 0;
    if (w->format == CLI_FORMAT_GITHUB) github_result(w->out, name, r, s);
    else if (w->format == CLI_FORMAT_RDJSONL) rdjsonl_result(w->out, name, r, s);
    else rc = sarif_result(w, name, r, s);
    free(s);
    return rc;
}

void cli_writer_failure(cli_writer *w, const char *name, const char *why)
{
    w->failed = 1;
    if (w->format == CLI_FORMAT_SARIF && add_note(w, "error", name, why) != 0)
        fprintf(stderr, "purdah: out of memory\n");
}

int cli_writer_finish(cli_writer *w, int exit_status)
{
    if (w->format == CLI_FORMAT_JSON) fputs("]}\n", w->out);
    else if (w->format == CLI_FORMAT_SARIF) sarif_finish(w, exit_status);
    int rc = fflush(w->out) != 0 || ferror(w->out) ? -1 : 0;
    for (size_t i = 0; i < w->artifact_count; i++) {
        free(w->artifacts[i].name);
        free(w->artifacts[i].format);
        free(w->artifacts[i].offsets);
        free(w->artifacts[i].as_of);
    }
    for (size_t i = 0; i < w->note_count; i++) {
        free(w->notes[i].name);
        free(w->notes[i].text);
    }
    free(w->artifacts);
    free(w->notes);
    free(w);
    return rc;
}
