/* formats.h: the output formats of `purdah check` (text, json, line, sarif, github, rdjsonl).
 *
 * A writer receives each checked file's result, with the bytes that were checked so that it can
 * compute end positions, and each file that could not be checked. It writes to the FILE it was
 * given as it goes, and finishes the document (SARIF's artifacts and notifications, JSON's
 * closing brackets) in cli_writer_finish. docs/ci-formats.md describes every format. */
#ifndef PURDAH_CLI_FORMATS_H
#define PURDAH_CLI_FORMATS_H

#include <purdah.h>

#include <stddef.h>
#include <stdio.h>

typedef enum cli_format {
    CLI_FORMAT_TEXT = 0,  /* findings, warnings and a summary line per file, for people */
    CLI_FORMAT_JSON,      /* {"version":1,"results":[purdah_result_to_json, ...]} */
    CLI_FORMAT_LINE,      /* file:line:col: severity: rule: message (errorformat %f:%l:%c: %m) */
    CLI_FORMAT_SARIF,     /* SARIF 2.1.0, one run */
    CLI_FORMAT_GITHUB,    /* GitHub Actions workflow commands (::error file=...::message) */
    CLI_FORMAT_RDJSONL    /* reviewdog Diagnostic Format, one JSON object per line */
} cli_format;

/* Sets *out from a format name; returns -1 for an unknown name. */
int cli_format_from_name(const char *name, cli_format *out);

typedef struct cli_writer cli_writer;

/* A writer of `format` to `to`. `policy` gives SARIF its rules; it must outlive the writer.
 * Returns NULL when out of memory. */
cli_writer *cli_writer_new(cli_format format, FILE *to, const purdah_policy *policy);

/* One checked file: `name` as the user gave it ("<stdin>" for standard input), the `len` bytes
 * that were checked and their result. Returns 0, or -1 when the result could not be written
 * (out of memory), which the caller treats as trouble. */
int cli_writer_result(cli_writer *w, const char *name, const char *data, size_t len,
                      const purdah_result *r);

/* A file that could not be read or checked (the caller has already told stderr why): SARIF
 * records it as an error notification and an unsuccessful execution. */
void cli_writer_failure(cli_writer *w, const char *name, const char *why);

/* Finishes the document and frees the writer. `exit_status` is the status the command will
 * return (SARIF records it). Returns 0, or -1 when writing failed (for example a full disk). */
int cli_writer_finish(cli_writer *w, int exit_status);

#endif
