#!/usr/bin/env python3
"""prepare_inputs.py: writes the benchmark's inputs into OUT_DIR (never into the repository).

    prepare_inputs.py OUT_DIR [--data DIR] [--mb N] [--seed N]

From ../shared/data when it is there (DIR defaults to <repo>/../shared/data):
  - candidate names from every CSV/JSON in candidates/ (read in place, never copied into the
    repository), deduplicated, shuffled deterministically, and topped up to 20,000 unique names by
    recombining real forenames and surnames;
  - the text: the `content` column of the GOV.UK press releases in press_releases/govuk/,
    concatenated (title, blank line, body) and repeated until it reaches --mb megabytes.
Without it, deterministic stand-ins: names recombined from built-in forename and surname lists,
and press-release-like prose.

Files written:
  names-1000.csv, names-5000.csv, names-20000.csv   name,party,area (no election date: every
                                                     candidate stands in the policy's election)
  literals-1000.txt, ...                            the literal list for grep and Hyperscan: every
                                                     form of every name purdah matches (full name,
                                                     first + last, ballot form, surname) and every
                                                     entry of the default policy's wordlists
  text.txt                                          the corpus as plain text
  page.html                                         the same paragraphs in a GOV.UK-like page
                                                     template (one page per release)
  drafts.txt, drafts.html                           3 KB drafts (text, and HTML pages whose
                                                     input is ~3 KB), separated by 0x1E bytes
  alex-slice.txt                                    1 MB of the text, for the optional alex run
  inputs.json                                       what was used (real data or stand-ins)
"""
import csv
import html
import json
import os
import random
import re
import sys

csv.field_size_limit(1 << 30)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SIZES = (1000, 5000, 20000)


def norm_space(s):
    return " ".join(s.split())


def titlecase_word(w):
    # "O'BRIEN" -> "O'Brien", "SMITH-JONES" -> "Smith-Jones"
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), w)


def fix_caps(name):
    words = name.split()
    return " ".join(titlecase_word(w) if w.isupper() and len(w) > 1 else w for w in words)


TITLES = {"councillor", "cllr", "cllr.", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "rt", "hon",
          "the", "lord", "lady", "rev", "professor", "prof"}


def clean_name(name):
    name = norm_space(name.replace("\u00a0", " "))
    words = name.split()
    while words and words[0].lower().strip(".") in TITLES:
        words.pop(0)
    name = " ".join(words)
    if not name or len(name) > 60 or not all(c.isalpha() or c in " '-.’" for c in name):
        return None
    if len(words) < 2:
        return None
    return fix_caps(name)


def read_real_names(cdir):
    """(name, party, area) rows from every candidates file, in file order."""
    rows = []

    def add(name, party, area):
        n = clean_name(name or "")
        if n:
            rows.append((n, norm_space(party or ""), norm_space(area or "")))

    for fn in sorted(os.listdir(cdir)):
        path = os.path.join(cdir, fn)
        if fn.endswith(".json"):
            try:
                data = json.load(open(path, encoding="utf-8"))
            except ValueError:
                continue
            for key in data:
                # "local.bexley.barnehurst.2022-05-05--Andrew Smith" or "...--AYRES Patrick Stephen"
                if "--" not in key:
                    continue
                ballot, name = key.split("--", 1)
                words = name.split()
                if len(words) >= 2 and words[0].isupper() and len(words[0]) > 1 and not all(w.isupper() for w in words):
                    name = " ".join(words[1:] + [words[0]])
                parts = ballot.split(".")
                area = parts[2].replace("-", " ").title() if len(parts) > 2 else ""
                add(name, "", area)
            continue
        if not fn.endswith(".csv") or fn.endswith("_raw.csv"):
            continue
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            sample = f.readline()
            f.seek(0)
            if "," not in sample:
                continue
            header = [h.strip().lower() for h in next(csv.reader([sample]))]
            reader = csv.reader(f)
            next(reader, None)
            idx = {h: i for i, h in enumerate(header)}

            def col(row, *names):
                for n in names:
                    i = idx.get(n)
                    if i is not None and i < len(row) and row[i].strip():
                        return row[i]
                return ""

            headerless = "name" not in " ".join(header) and "surname" not in " ".join(header)
            for row in reader:
                if headerless:  # sheffield: ward,candidate,name,party,votes
                    if len(row) >= 4:
                        add(row[2], row[3], row[0])
                    continue
                name = col(row, "name", "person_name", "candidate_name")
                if not name:
                    fore = col(row, "other names", "candidateforenames", "forenames")
                    sur = col(row, "surname", "candidatesurname")
                    name = (fore + " " + sur).strip()
                add(name, col(row, "party", "party_name", "party_normalised", "politicalpartylabel", "description"),
                    col(row, "ward", "post_label", "constituency", "electoralarealabel", "area"))
    return rows


STANDIN_FORENAMES = """james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark steven paul andrew kenneth kevin brian george timothy edward jason ryan jacob gary
nicholas jonathan stephen scott benjamin samuel gregory alexander patrick frank raymond jack dennis aaron
adam nathan henry peter douglas harold mary patricia jennifer linda elizabeth barbara susan jessica sarah
karen lisa nancy sandra margaret emily donna michelle carol amanda melissa deborah rebecca sharon laura
angela emma anna nicole samantha katherine christine helen rachel janet maria catherine heather diane
olivia julie joyce victoria ruth lauren kelly joan hannah megan teresa siobhan aled rhys gareth dafydd
cerys sian bethan mohammed ahmed ali fatima aisha priya raj sanjay anil sunita tomasz piotr declan niamh
aoife ciaran fergus morag hamish eilidh callum kirsty""".split()
STANDIN_SURNAMES = """smith jones taylor brown williams wilson johnson davies robinson wright thompson evans
walker white roberts green hall wood jackson clarke patel khan lewis james phillips mason mitchell rose
davis cox morgan moore mills king lee baker harris clark turner hill scott cooper ward morris hughes
edwards parker collins harrison martin young allen bell bailey carter cook richardson shaw chapman webb
kelly stewart bennett price griffiths lloyd marshall holmes owen russell murphy rogers gray palmer fisher
hunt barker stevens knight butler reid murray fox graham o'brien o'connor mcdonald macleod fitzgerald
ahmed hussain begum singh kaur nowak kowalski okafor adeyemi mensah nguyen wang okonkwo whitlock
ashbrook thornfield kingsley marlowe pemberton holloway stanton whitworth""".split()
PARTIES = ["Labour Party", "Conservative and Unionist Party", "Liberal Democrats", "Green Party",
           "Reform UK", "Independent", "Plaid Cymru", "Yorkshire Party"]


def make_names(real, rng):
    """20,000 unique (name, party, area) rows: the real ones first (shuffled), then recombined."""
    seen, out = set(), []
    shuffled = list(real)
    rng.shuffle(shuffled)
    for n, p, a in shuffled:
        k = n.casefold()
        if k not in seen:
            seen.add(k)
            out.append((n, p, a))
    if real:
        fores = sorted({r[0].split()[0] for r in real if r[0].split()[0].isalpha()})
        surs = sorted({r[0].split()[-1] for r in real})
        parties = sorted({r[1] for r in real if r[1]}) or PARTIES
        areas = sorted({r[2] for r in real if r[2]}) or ["Central"]
    else:
        fores = [f.title() for f in STANDIN_FORENAMES]
        surs = [titlecase_word(s) for s in STANDIN_SURNAMES]
        parties, areas = PARTIES, ["Ward %d" % i for i in range(1, 200)]
    n_real = len(out)
    tries = 0
    while len(out) < SIZES[-1]:
        tries += 1
        f = fores[rng.randrange(len(fores))]
        if tries % 3 == 0:  # a middle name now and then, as candidate lists have them
            f += " " + fores[rng.randrange(len(fores))]
        name = f + " " + surs[rng.randrange(len(surs))]
        k = name.casefold()
        if k in seen:
            continue
        seen.add(k)
        out.append((name, parties[rng.randrange(len(parties))], areas[rng.randrange(len(areas))]))
    return out, n_real


def read_wordlist_entries():
    """Every entry of every wordlist the default policy loads (as the policy file names them)."""
    wl = os.path.join(REPO, "wordlists")
    policy = open(os.path.join(wl, "default-policy.xml"), encoding="utf-8").read()
    entries = []
    for src in re.findall(r'<wordlist[^>]*src="builtin:([^"]+)"', policy):
        for line in open(os.path.join(wl, src), encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=>" in line:
                line = line.split("=>", 1)[0].strip()
            if line.startswith("\\#"):
                line = line[1:]
            if line:
                entries.append(line)
    return entries


def name_forms(name):
    """The printed forms purdah compiles for a name (lib/names.c): full, first + last, ballot
    forms, surname."""
    w = name.split()
    forms = [name]
    if len(w) >= 2:
        if len(w) >= 3:
            forms.append(w[0] + " " + w[-1])
            forms.append(w[-1] + ", " + w[0])
        forms.append(w[-1] + ", " + " ".join(w[:-1]))
        forms.append(w[-1])
    return forms


def read_releases(pdir):
    docs = []
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".csv"):
            continue
        with open(os.path.join(pdir, fn), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                body = (row.get("content") or "").strip()
                if len(body) < 200:
                    continue
                title = norm_space(row.get("title") or "")
                docs.append((title, body))
    return docs


STANDIN_WORDS = """the council said today that new plans for the town centre will be published next week and
residents are invited to comment on proposals which include improvements to road safety near schools a
spokesperson for the authority added we are committed to working with local communities and partners to
deliver the services people need the budget consultation opens on monday and closes at the end of the
month library opening hours will be extended during the summer holidays bins will be collected as usual
on the bank holiday more information is available from the website or by calling the customer contact
centre the cabinet member for housing welcomed the funding this is great news for our borough it has been
a year of progress in parks and leisure volunteers helped plant trees across the district while work
continues to repair potholes the highways team have fixed over one thousand since april the planning
committee will meet to discuss the application for homes on the site of the former depot""".split()


def standin_releases(rng, names):
    docs = []
    for d in range(1500):
        paras = []
        for _ in range(rng.randrange(4, 12)):
            words = []
            for _ in range(rng.randrange(30, 90)):
                if rng.randrange(160) == 0:
                    words.append(names[rng.randrange(len(names))][0])
                else:
                    words.append(STANDIN_WORDS[rng.randrange(len(STANDIN_WORDS))])
            s = " ".join(words)
            paras.append(s[0].upper() + s[1:] + ".")
        docs.append(("Council update %d" % d, "\n\n".join(paras)))
    return docs


PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - GOV.UK</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/application.css">
<script src="/assets/analytics.js"></script>
</head>
<body class="govuk-template__body">
<header class="govuk-header" role="banner"><div class="govuk-header__container"><a href="/" class="govuk-header__link">GOV.UK</a></div></header>
<nav class="govuk-breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ol></nav>
<main class="govuk-main-wrapper" id="main-content" role="main">
<article>
<h1 class="govuk-heading-l">{title}</h1>
<figure><img src="/images/lead.jpg" alt="Lead image for this news story"><figcaption>Photograph: press office</figcaption></figure>
<div class="govspeak">
"""
PAGE_TAIL = """</div>
</article>
</main>
<footer class="govuk-footer"><p>All content is available under the <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>, except where otherwise stated</p></footer>
</body>
</html>
"""


def page(title, paras):
    out = [PAGE_HEAD.format(title=html.escape(title))]
    for p in paras:
        esc = html.escape(p, quote=False)
        if len(p) < 90 and not p.endswith("."):
            out.append("<h2>%s</h2>\n" % esc)
        else:
            out.append("<p>%s</p>\n" % esc)
    out.append(PAGE_TAIL)
    return "".join(out)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    out_dir = args[0]
    data = os.path.join(REPO, "..", "shared", "data")
    mb, seed = 32, 20240502
    i = 1
    while i < len(args):
        if args[i] == "--data":
            data = args[i + 1]
        elif args[i] == "--mb":
            mb = int(args[i + 1])
        elif args[i] == "--seed":
            seed = int(args[i + 1])
        i += 2
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    cdir, pdir = os.path.join(data, "candidates"), os.path.join(data, "press_releases", "govuk")
    real = read_real_names(cdir) if os.path.isdir(cdir) else []
    names, n_real = make_names(real, rng)
    entries = read_wordlist_entries()
    for n in SIZES:
        with open(os.path.join(out_dir, "names-%d.csv" % n), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["name", "party", "area"])
            for row in names[:n]:
                w.writerow(row)
        lits = set()
        for row in names[:n]:
            lits.update(name_forms(row[0]))
        lits.update(entries)
        with open(os.path.join(out_dir, "literals-%d.txt" % n), "w", encoding="utf-8") as f:
            for lit in sorted(lits):
                f.write(lit + "\n")

    docs = read_releases(pdir) if os.path.isdir(pdir) else []
    real_text = bool(docs)
    if not docs:
        docs = standin_releases(random.Random(seed + 1), names[:5000])
    target = mb * 1000 * 1000
    text_parts, html_parts, total, html_total = [], [], 0, 0
    while total < target:
        for title, body in docs:
            t = title + "\n\n" + body + "\n\n\n"
            text_parts.append(t)
            total += len(t.encode("utf-8"))
            paras = [p.strip() for p in body.split("\n") if p.strip()]
            h = page(title, paras)
            html_parts.append(h)
            html_total += len(h.encode("utf-8"))
            if total >= target:
                break
    with open(os.path.join(out_dir, "text.txt"), "w", encoding="utf-8") as f:
        f.write("".join(text_parts))
    with open(os.path.join(out_dir, "page.html"), "w", encoding="utf-8") as f:
        f.write("".join(html_parts))

    # 3 KB drafts: consecutive paragraphs of one release, cut at a paragraph near 3,000 bytes.
    drafts_t, drafts_h = [], []
    for title, body in docs:
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        cur, size = [], len(title) + 2
        for p in paras:
            cur.append(p)
            size += len(p.encode("utf-8")) + 2
            if size >= 2800:
                text = title + "\n\n" + "\n\n".join(cur) + "\n"
                drafts_t.append(text.encode("utf-8")[:3072].decode("utf-8", "ignore"))
                # an HTML draft of the same words; the paragraphs are trimmed so the page is ~3 KB
                h = page(title, cur)
                while len(h.encode("utf-8")) > 3200 and len(cur) > 1:
                    cur = cur[:-1]
                    h = page(title, cur)
                drafts_h.append(h)
                cur, size = [], len(title) + 2
        if len(drafts_t) >= 1000:
            break
    with open(os.path.join(out_dir, "drafts.txt"), "w", encoding="utf-8") as f:
        f.write("\x1e".join(drafts_t))
    with open(os.path.join(out_dir, "drafts.html"), "w", encoding="utf-8") as f:
        f.write("\x1e".join(drafts_h))
    joined = "".join(text_parts)
    cut = joined.encode("utf-8")[:1000000].decode("utf-8", "ignore")
    cut = cut[: cut.rfind("\n") + 1]
    with open(os.path.join(out_dir, "alex-slice.txt"), "w", encoding="utf-8") as f:
        f.write(cut)
    info = {
        "names": "real (%d unique from ../shared/data/candidates) + %d recombined" % (n_real, len(names) - n_real)
        if real else "stand-ins (recombined built-in forenames and surnames)",
        "names_real": n_real,
        "text": "GOV.UK press releases (%d releases, repeated to %.1f MB)" % (len(docs), total / 1e6)
        if real_text else "stand-in prose (%.1f MB)" % (total / 1e6),
        "text_bytes": total,
        "html_bytes": html_total,
        "drafts": len(drafts_t),
        "draft_text_bytes_avg": sum(len(d.encode()) for d in drafts_t) // max(1, len(drafts_t)),
        "draft_html_bytes_avg": sum(len(d.encode()) for d in drafts_h) // max(1, len(drafts_h)),
        "wordlist_entries": len(entries),
    }
    for n in SIZES:
        info["literals_%d" % n] = sum(1 for _ in open(os.path.join(out_dir, "literals-%d.txt" % n), encoding="utf-8"))
    json.dump(info, open(os.path.join(out_dir, "inputs.json"), "w"), indent=1)
    print(json.dumps(info, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
