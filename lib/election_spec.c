/* election_spec.c: parses the command line's election specs,
 * TYPE:POLL_DATE[:AREA[,AREA...]][:notice=YYYY-MM-DD]. */
#include "sources.h"

static int spec_error(purdah_error **err, const char *spec, const char *what)
{
    return pd_error_set(err, PURDAH_EINVAL, NULL, 0, 0,
                        "election \"%s\": %s (expected TYPE:POLL_DATE[:AREA[,AREA...]][:notice=YYYY-MM-DD], "
                        "e.g. local:2027-05-06)", spec, what);
}

int pd_election_spec_parse(pd_arena *arena, const char *spec, pd_election_src *out,
                           purdah_error **err)
{
    memset(out, 0, sizeof *out);
    const char *parts[4];
    size_t lens[4], n = 0;
    for (const char *p = spec;;) {
        const char *colon = strchr(p, ':');
        if (n == 4) return spec_error(err, spec, "too many ':'-separated parts");
        parts[n] = p;
        lens[n] = colon ? (size_t)(colon - p) : strlen(p);
        n++;
        if (!colon) break;
        p = colon + 1;
    }
    if (n < 2) return spec_error(err, spec, "missing the poll date");
    if (!pd_election_type_parse(parts[0], lens[0], &out->type))
        return spec_error(err, spec, "unknown election type");
    if (lens[1] == 13 && strncmp(parts[1], "next-ordinary", 13) == 0) out->next_ordinary = true;
    else if (!pd_date_parse(parts[1], lens[1], &out->poll))
        return spec_error(err, spec, "the poll date is not a real date in YYYY-MM-DD form");
    for (size_t i = 2; i < n; i++) {
        if (lens[i] >= 7 && strncmp(parts[i], "notice=", 7) == 0) {
            if (out->has_notice) return spec_error(err, spec, "notice= given twice");
            if (!pd_date_parse(parts[i] + 7, lens[i] - 7, &out->notice))
                return spec_error(err, spec, "the notice date is not a real date in YYYY-MM-DD form");
            out->has_notice = true;
            continue;
        }
        if (i != 2 || out->area_count) return spec_error(err, spec, "areas must come right after the poll date");
        /* comma-separated areas */
        size_t k = 1;
        for (size_t j = 0; j < lens[i]; j++) k += parts[i][j] == ',';
        out->areas = pd_arena_array(arena, k, sizeof *out->areas);
        if (!out->areas) return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
        const char *s = parts[i], *end = parts[i] + lens[i];
        while (s <= end) {
            const char *comma = memchr(s, ',', (size_t)(end - s));
            if (!comma) comma = end;
            const char *a = s;
            size_t al = (size_t)(comma - s);
            while (al && *a == ' ') { a++; al--; }
            while (al && a[al - 1] == ' ') al--;
            if (al == 0) return spec_error(err, spec, "an empty area name");
            if (!(out->areas[out->area_count++] = pd_arena_strndup(arena, a, al)))
                return pd_error_set(err, PURDAH_ENOMEM, NULL, 0, 0, "out of memory");
            s = comma + 1;
        }
    }
    if (out->type == PD_EL_BY_ELECTION && out->area_count == 0)
        return spec_error(err, spec, "a by-election needs its ward or division");
    if (out->has_notice && !out->next_ordinary && out->notice > out->poll)
        return spec_error(err, spec, "the notice date is after polling day");
    return PURDAH_OK;
}
