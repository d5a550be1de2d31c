/* xml_util.h: reading policy and catalogue XML safely with libxml2 and validating it against the
 * schemas shipped inside the library, with errors that name the file, line and what is wrong. */
#ifndef PD_XML_UTIL_H
#define PD_XML_UTIL_H

#include "internal.h"

#include <libxml/tree.h>

/* Must run before any other libxml2 call (it is called by purdah_builder_new). */
void pd_xml_init(void);

/* Parses without network access, entity expansion or DTD loading; documents that declare a
 * DOCTYPE are refused (a policy never needs one, and it is how XXE and entity bombs arrive). */
int pd_xml_read(const char *data, size_t len, const char *file, xmlDocPtr *out, purdah_error **err);
/* Validates against an embedded schema ("schema/policy.xsd"). */
int pd_xml_validate(xmlDocPtr doc, const char *schema_name, const char *file, purdah_error **err);

/* Attribute value as an arena string (NULL when absent). Sets *oom on allocation failure. */
const char *pd_dom_attr(pd_arena *arena, xmlNodePtr node, const char *name, bool *oom);
/* Text content of an element with surrounding whitespace trimmed and inner runs collapsed. */
const char *pd_dom_text(pd_arena *arena, xmlNodePtr node, bool *oom);
/* True when `node` is an element called `name` (in any namespace: the schema checked it). */
bool pd_dom_is(xmlNodePtr node, const char *name);

#endif
