/* csv.h: an RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF, CR or LF line ends, a
 * UTF-8 BOM) that tracks line numbers for error messages. */
#ifndef PD_CSV_H
#define PD_CSV_H

#include "internal.h"

typedef struct pd_csv_field {
    const char *data; /* not NUL-terminated; valid until the next pd_csv_next call */
    size_t len;
} pd_csv_field;

typedef struct pd_csv {
    const char *p, *end;
    const char *file;
    unsigned long line;     /* line where the current row starts */
    unsigned long next_line;
    pd_buf unquoted;        /* backing store for fields that needed unescaping */
    pd_csv_field *fields;
    size_t field_count, field_cap;
    size_t *offsets;        /* field starts inside `unquoted` while a row is read */
    size_t offset_cap;
} pd_csv;

void pd_csv_init(pd_csv *c, const char *data, size_t len, const char *file);
void pd_csv_free(pd_csv *c);
/* Reads the next non-empty row. Returns 1 with c->fields set, 0 at the end, or a negative
 * status (an unterminated quoted field, out of memory) with *err set. */
int pd_csv_next(pd_csv *c, purdah_error **err);

#endif
