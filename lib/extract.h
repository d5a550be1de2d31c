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
    PD_EXTRACT_MALFORMED = 1u << 0,   /* markup was broken and had to be repaired */
    PD_EXTRACT_DEEP = 1u << 1,        /* nesting deeper than the limit was flattened */
    PD_EXTRACT_TEXT_OFFSETS = 1u << 2, /* offsets refer to the extracted text (DOCX) */
    PD_EXTRACT_TRUNCATED = 1u << 3    /* a size cap stopped extraction early (DOCX parts) */
};

typedef struct pd_extracted {
    /* When `borrowed` is set, text points into the caller's input (plain text) and the map is
     * empty (identity), or one run when a leading BOM was skipped; otherwise text is owned and
     * NUL-terminated. */
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
 * comments skipped; block elements become paragraph breaks ("\n\n") and <br> a line break;
 * entities decoded; <h1>-<h6> and
 * <title> are headline segments; <img alt> image_alt, <figcaption> caption, title="" attributes
 * title, <a href> link_url (the URL) and the anchor's text link_text; <blockquote> and <q>
 * quote. Segments of different roles are separated by "\n\n" (mapped to no source bytes) so no
 * phrase matches across them. Offsets map into the HTML source exactly, entities included. */
int pd_extract_html(pd_extracted *x, const char *src, size_t len);
/* True when the bytes look like HTML (a doctype, <html>, or common tags near the start). */
bool pd_looks_like_html(const char *src, size_t len);

/* Markdown (CommonMark and the GitHub extensions comms teams use): ATX and setext headings are
 * headline segments; emphasis and code markers, link and image syntax are not text; link text is
 * link_text and the destination link_url; image alt text image_alt and image titles title;
 * blockquotes quote; YAML (---) or TOML (+++) front matter is metadata (its title: headline);
 * HTML comments skipped; inline HTML read as HTML. Offsets map into the Markdown source. */
int pd_extract_markdown(pd_extracted *x, const char *src, size_t len);
bool pd_looks_like_markdown(const char *src, size_t len);

/* XML with an offset-preserving tokenizer (no DTD, no external entities, only the predefined
 * and numeric character references): element text is body, except in NewsML-G2 news items
 * (root newsItem / packageItem, namespace http://iptc.org/std/nar/2006-10-01/) where headline
 * and slugline are headline, description[@role=caption] and the caption of a picture are
 * caption, creditline is caption, and the inline body (XHTML) is read as HTML. */
int pd_extract_xml(pd_extracted *x, const char *src, size_t len);
bool pd_looks_like_xml(const char *src, size_t len);

/* Word documents: the text of word/document.xml, headers, footers, footnotes, endnotes and
 * comments, and the descriptions of images (wp:docPr descr/title as image_alt), read from the
 * zip with libzip. The bytes actually decompressed are capped. Sets PD_EXTRACT_TEXT_OFFSETS:
 * offsets then refer to the extracted text, whose bytes the result reports instead.
 * Fails closed: PURDAH_EINVAL when the bytes are not a readable Word document (not a zip, no
 * word/document.xml, a corrupt, encrypted or unsupported-compression part we need),
 * PURDAH_ELIMIT when the archive lists more than PD_DOCX_MAX_ENTRIES entries or a cap stops
 * word/document.xml before any text, PURDAH_ENOMEM. A cap hit later keeps what was read and
 * sets PD_EXTRACT_TRUNCATED. */
int pd_extract_docx(pd_extracted *x, const char *src, size_t len);
/* A zip (local header magic at 0) naming "word/" in its first 64 KiB. */
bool pd_looks_like_docx(const char *src, size_t len);

/* DOCX caps, counted in bytes actually returned by zip_fread (never the sizes the zip claims). */
#define PD_DOCX_MAX_TOTAL ((size_t)64 << 20) /* decompressed bytes over all parts read */
#define PD_DOCX_MAX_PART ((size_t)32 << 20)  /* decompressed bytes of one part */
#define PD_DOCX_MAX_ENTRIES 2000             /* entries in the zip directory */
/* pd_extract_docx with other caps (for tests). Sets *bytes_read (when non-NULL) to the bytes
 * decompressed in total, which never exceeds total_cap. */
int pd_extract_docx_capped(pd_extracted *x, const char *src, size_t len, size_t total_cap,
                           size_t part_cap, size_t *bytes_read);

/* Social posts and threads (posts separated by blank lines form one document): #hashtags are
 * hashtag segments, @mentions mention segments, URLs link_url; the rest body. */
int pd_extract_social(pd_extracted *x, const char *src, size_t len);
bool pd_looks_like_social(const char *src, size_t len);

/* Building owned text, for the format modules (extract.c). An emitter appends pieces of text,
 * each with its role and the input bytes it came from, and keeps x's segments and map:
 *  - content of a role other than the current segment's starts a new segment, after a "\n\n"
 *    separator mapped to no input bytes (an empty range at the input offset of the content that
 *    follows it); the separator belongs to the PRECEDING segment, so the first segment starts
 *    at 0 and the segments cover the text;
 *  - pd_emit_break asks for one "\n" (also mapped to no input bytes) before the next content,
 *    and several breaks in a row give one; pd_emit_paragraph asks for "\n\n" (a paragraph break,
 *    which folding keeps and phrases never match across), and wins over a line break;
 *  - a piece made only of ASCII whitespace is soft: it is dropped at the start of the text, after
 *    a pending break or separator, and taken back when a break or separator follows it, so
 *    whitespace between block tags produces nothing beyond the break;
 *  - pieces between pd_emit_isolate_begin and _end (an attribute value) form a segment of their
 *    own, with separators on both sides even when the neighbours have the same role; nothing is
 *    inserted when they turn out empty.
 * Errors are sticky: pd_emit_end returns PURDAH_OK, PURDAH_ENOMEM, or PURDAH_ELIMIT when the text
 * would pass 4 GiB (map offsets are 32-bit). */
typedef struct pd_emitter {
    pd_extracted *x;
    size_t soft_start;   /* start of trailing soft whitespace in x->owned, or SIZE_MAX */
    size_t pieces;       /* pieces of real content appended so far */
    size_t iso_pieces;   /* `pieces` at pd_emit_isolate_begin */
    int want_break;      /* 1: a "\n" goes before the next content; 2: a "\n\n" */
    bool want_new;       /* the next content starts a new segment even with the same role */
    bool iso_prev_new;   /* want_new as it was at pd_emit_isolate_begin */
    int status;
} pd_emitter;

/* Resets x (keeping its memory) for owned text. */
void pd_emit_begin(pd_emitter *e, pd_extracted *x);
/* Copies src[in, in + n) byte to byte. */
void pd_emit_copy(pd_emitter *e, pd_role role, const char *src, size_t in, size_t n);
/* Appends `bytes` (a decoded entity) standing as a whole for input [in, in + in_len). */
void pd_emit_atomic(pd_emitter *e, pd_role role, const char *bytes, size_t n, size_t in,
                    size_t in_len);
void pd_emit_break(pd_emitter *e);
void pd_emit_paragraph(pd_emitter *e);
void pd_emit_isolate_begin(pd_emitter *e);
void pd_emit_isolate_end(pd_emitter *e);
/* Finishes x (NUL-terminates the text) and returns the status. */
int pd_emit_end(pd_emitter *e);

/* Character references, for the format modules (extract.c). Decodes the reference at
 * s[i] == '&', reading no further than `end`, into out (*out_len bytes of UTF-8, at most 8) and
 * returns its length in the input, or 0 when there is none there (the '&' is then text). Names
 * are the WHATWG ones (html_entities.h); numeric references are read as browsers read them (C1
 * controls as Windows-1252, what is no character as U+FFFD). By default legacy names without
 * ';' ("&amp", "&copy") are accepted as browsers accept them in text. PD_REF_ATTR: as in an
 * attribute value, a legacy name followed by '=' or an alphanumeric stays text ("?a=1&copy=2").
 * PD_REF_STRICT: only CommonMark's forms, "&name;", "&#" 1-7 digits ";" and "&#x" 1-6 hex
 * digits ";" (Markdown). */
enum { PD_REF_ATTR = 1u << 0, PD_REF_STRICT = 1u << 1 };
size_t pd_decode_char_ref(const char *s, size_t i, size_t end, unsigned flags, char out[8],
                          size_t *out_len);
/* The digits of a numeric reference from s[*at] (decimal, or hex after "&#x"), not reading at or
 * past `end`: the code point as browsers read it, with *at moved past the digits (unmoved when
 * there are none). XML's "&#...;" is read with it too. */
uint32_t pd_read_numeric_ref(const char *s, size_t *at, size_t end, bool hex);

/* ---- XML reader (extract_xml.c), shared by the XML and DOCX extractors ----
 * A non-validating pull tokenizer that keeps byte offsets. It never reads past len, never
 * rescans (time is linear in the input) and never expands entities: the DOCTYPE, its internal
 * subset included, is skipped, so external entities and entity bombs cannot happen. Comments
 * and processing instructions are skipped. Element events are always balanced: a self-closing
 * tag gives START then END, a mismatched end tag closes the elements opened after its match
 * (synthetic ENDs, empty ranges), a stray end tag is dropped, and at the end of the input every
 * open element gets its END. Elements nested deeper than PD_XML_MAX_DEPTH give no events
 * (their text reads as the deepest tracked element's) and set `deep`. `malformed` is set for
 * anything not well-formed: unterminated markup (its rest is dropped; an unterminated CDATA
 * section is kept as text), a bare '<', mismatched or unclosed elements. */
#define PD_XML_MAX_DEPTH 256

typedef enum pd_xml_event {
    PD_XML_EOF,
    PD_XML_TEXT,  /* raw character data [start, end): decode with pd_xml_emit_text */
    PD_XML_CDATA, /* the content of a CDATA section [start, end): literal text */
    PD_XML_START, /* a start tag [start, end) */
    PD_XML_END    /* an end tag [start, end), empty when implied */
} pd_xml_event;

typedef struct pd_xml_token {
    pd_xml_event kind;
    size_t start, end;
    size_t name, name_len;   /* START/END: the qualified name */
    size_t local, local_len; /* START/END: the name after the last ':' */
    size_t attrs, attrs_end; /* START: the attributes, for pd_xml_next_attr */
    size_t depth;            /* START/END: the element's depth, 1 for the root */
} pd_xml_token;

typedef struct pd_xml_attr {
    size_t name, name_len;   /* qualified */
    size_t local, local_len; /* after the last ':' */
    size_t value, value_len; /* raw, entities not decoded; empty when there is no value */
} pd_xml_attr;

typedef struct pd_xml_reader {
    const char *s;
    size_t len, pos;
    size_t depth;    /* tracked open elements */
    size_t overflow; /* open elements past PD_XML_MAX_DEPTH */
    struct {
        size_t name, name_len;
        uint32_t hash;
    } open[PD_XML_MAX_DEPTH];
    uint16_t buckets[64];    /* open elements per hash & 63: stray end tags skip the search */
    size_t closing_to;       /* SIZE_MAX, or ENDs are due until depth == closing_to */
    size_t close_start, close_end;
    bool at_eof;
    bool malformed;
    bool deep;
} pd_xml_reader;

/* src need not be NUL-terminated; a leading UTF-8 BOM is skipped. */
void pd_xml_reader_init(pd_xml_reader *r, const char *src, size_t len);
pd_xml_event pd_xml_next(pd_xml_reader *r, pd_xml_token *t);
/* Iterates the attributes of a START token: *cursor starts at t->attrs, end is t->attrs_end. */
bool pd_xml_next_attr(const pd_xml_reader *r, size_t *cursor, size_t end, pd_xml_attr *a);
/* True when src[at, at + n) is exactly the NUL-terminated `lit`. */
bool pd_xml_eq(const char *src, size_t at, size_t n, const char *lit);
/* Emits src[a, b) with the five predefined entities and numeric character references decoded
 * (each an atomic run; C1 controls read as Windows-1252, non-characters as U+FFFD); any other
 * reference ("&foo;") stays literal text. */
void pd_xml_emit_text(pd_emitter *e, pd_role role, const char *src, size_t a, size_t b);

#endif
