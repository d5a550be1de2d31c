/* extract.h: turns a draft in some format into plain UTF-8 text made of segments, each with its
 * role (headline, body, image alt text, link URL, ...), and a map from every text byte back to
 * the draft's bytes. One file per format implements the functions below. */
#ifndef PD_EXTRACT_H
#define PD_EXTRACT_H

#include "internal.h"
#include "offmap.h"

typedef enum pd_role {
    PD_ROLE_BODY,
    PD_ROLE_HEADLINE,
    PD_ROLE_QUOTE,
    PD_ROLE_ATTRIBUTION,
    PD_ROLE_IMAGE_ALT,
    PD_ROLE_CAPTION,
    PD_ROLE_TITLE,     /* a title="" attribute */
    PD_ROLE_LINK_TEXT,
    PD_ROLE_LINK_URL,
    PD_ROLE_HASHTAG,
    PD_ROLE_MENTION,
    PD_ROLE_NOTICE,
    PD_ROLE_METADATA,
    PD_ROLE_COUNT
} pd_role;

/* "body", "headline", "quote", "attribution", "image_alt", "caption", "title", "link_text",
 * "link_url", "hashtag", "mention", "notice", "metadata". */
const char *pd_role_name(pd_role role);

typedef struct pd_segment {
    pd_role role;
    size_t start, end; /* [start, end) in pd_extracted.text */
} pd_segment;

enum {
    PD_EXTRACT_MALFORMED = 1u << 0, /* markup was broken and had to be repaired */
    PD_EXTRACT_DEEP = 1u << 1       /* nesting deeper than the limit was flattened */
};

typedef struct pd_extracted {
    /* When `borrowed` is set, text points into the caller's input (plain text) and the map is
     * empty (identity); otherwise text is owned and NUL-terminated. */
    const char *text;
    size_t len;
    bool borrowed;
    char *owned;  /* the owned buffer (text == owned when !borrowed) */
    size_t owned_cap;
    pd_offmap map; /* text offsets -> input offsets */
    pd_segment *segments; /* in text order, non-overlapping, covering all text */
    size_t segment_count;
    size_t segment_cap;
    unsigned flags; /* PD_EXTRACT_* */
} pd_extracted;

void pd_extracted_init(pd_extracted *x);
void pd_extracted_reset(pd_extracted *x); /* keeps memory for reuse */
void pd_extracted_free(pd_extracted *x);

/* Plain text: the input itself, one body segment (a UTF-8 BOM is skipped). */
int pd_extract_text(pd_extracted *x, const char *src, size_t len);
/* HTML: text content of the document with <script>, <style>, <template>, <noscript> and
 * comments skipped; block elements and <br> become line breaks; entities decoded; <h1>-<h6> and
 * <title> are headline segments; <img alt> image_alt, <figcaption> caption, title="" attributes
 * title, <a href> link_url (the URL) and the anchor's text link_text; <blockquote> and <q>
 * quote. Segments of different roles are separated by "\n\n" (mapped to no source bytes) so no
 * phrase matches across them. Offsets map into the HTML source exactly, entities included. */
int pd_extract_html(pd_extracted *x, const char *src, size_t len);
/* True when the bytes look like HTML (a doctype, <html>, or common tags near the start). */
bool pd_looks_like_html(const char *src, size_t len);

#endif
