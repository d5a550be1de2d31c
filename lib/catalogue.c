/* catalogue.c: reads a clause catalogue (an XML file in wordlists/clauses) into the builder. */
#include "sources.h"
#include "xml_util.h"

static int read_clause(purdah_builder *b, xmlNodePtr node, pd_clause_src *c, const char *file,
                       purdah_error **err)
{
    bool oom = false;
    c->id = pd_dom_attr(&b->arena, node, "id", &oom);
    c->ref = pd_dom_attr(&b->arena, node, "ref", &oom);
    c->title = pd_dom_attr(&b->arena, node, "title", &oom);
    c->url = pd_dom_attr(&b->arena, node, "url", &oom);
    c->line = (unsigned)xmlGetLineNo(node);
    const char *applies = pd_dom_attr(&b->arena, node, "applies-to", &oom);
    for (xmlNodePtr t = node->children; t; t = t->next)
        if (pd_dom_is(t, "text")) c->text = pd_dom_text(&b->arena, t, &oom);
    if (oom) return pd_error_set(err, PURDAH_ENOMEM, file, c->line, 0, "out of memory");
    if (applies && !pd_category_mask_parse(applies, &c->applies_to))
        return pd_error_set(err, PURDAH_EPOLICY, file, c->line, 0, "unknown category in applies-to=\"%s\"", applies);
    return PURDAH_OK;
}

int pd_catalogue_parse(purdah_builder *b, const char *data, size_t len, const char *file,
                       purdah_error **err)
{
    xmlDocPtr doc;
    int rc = pd_xml_read(data, len, file, &doc, err);
    if (rc) return rc;
    rc = pd_xml_validate(doc, "schema/catalogue.xsd", file, err);
    if (rc) goto done;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    bool oom = false;
    pd_catalogue cat = {0};
    cat.id = pd_dom_attr(&b->arena, root, "id", &oom);
    cat.title = pd_dom_attr(&b->arena, root, "title", &oom);
    cat.kind = pd_dom_attr(&b->arena, root, "kind", &oom);
    cat.source = pd_dom_attr(&b->arena, root, "source", &oom);
    cat.url = pd_dom_attr(&b->arena, root, "url", &oom);
    cat.file = pd_arena_strdup(&b->arena, file);
    if (oom || !cat.file) { rc = pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory"); goto done; }
    for (size_t i = 0; i < b->catalogue_count; i++)
        if (strcmp(b->catalogues[i].id, cat.id) == 0) {
            /* loading the same catalogue twice (two policies include it) is harmless */
            goto done;
        }
    size_t n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (pd_dom_is(c, "clause")) n++;
    cat.clauses = pd_arena_array(&b->arena, n, sizeof *cat.clauses);
    if (!cat.clauses) { rc = pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory"); goto done; }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!pd_dom_is(c, "clause")) continue;
        pd_clause_src *cl = &cat.clauses[cat.count++];
        if ((rc = read_clause(b, c, cl, file, err))) goto done;
        if (strcmp(cat.kind, "protocol") == 0 && cl->applies_to == 0) {
            rc = pd_error_set(err, PURDAH_EPOLICY, file, cl->line, 0,
                              "protocol clause %s needs applies-to (the categories it is cited for)", cl->id);
            goto done;
        }
    }
    if (PD_RESERVE(b->catalogues, b->catalogue_cap, b->catalogue_count + 1) != 0) {
        rc = pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory");
        goto done;
    }
    b->catalogues[b->catalogue_count++] = cat;
done:
    xmlFreeDoc(doc);
    return rc;
}
