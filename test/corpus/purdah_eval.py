#!/usr/bin/env python3
"""Measures purdah against the labelled evaluation corpus (issue 4). Python 3 standard library only.

usage: purdah_eval.py PURDAH_BINARY [--corpus DIR] [--govuk DIR | --no-govuk] [--markdown]
                      [--verbose] [--only ID[,ID...]]

It runs `purdah check --format json` over every draft in DIR/manifest.json (DIR defaults to the
directory of this script) with the draft's date, areas and the corpus elections, candidates and
members, and prints:

  - the confusion matrix of expected against actual verdicts, verdict accuracy, block recall and
    the share of pass drafts that were blocked;
  - must-find recall by finding category: a must_find phrase is found when a finding of that
    category (any severity, not suppressed) overlaps an occurrence of the phrase in the draft;
  - must-not-flag violations: a finding (any rule or severity, not suppressed) that overlaps an
    occurrence of a must_not_flag phrase;
  - every miss: wrong verdicts (with the findings that decided them), must-find phrases not found
    and must-not-flag phrases that were flagged;
  - the same verdict figures for a baseline, a plain wordlist search (case-insensitive, whole
    words) over every candidate's full name and every party name in the fixtures and in
    wordlists/parties.txt and parties-capitalised.txt, where any match blocks;
  - the GOV.UK figures, when the press releases of ../shared/data are present: every distinct
    release (title, subtitle and content) checked with the default policy at manifest
    govuk.date, outside every window. Block rate, and whether every real party reference listed
    in govuk_party_refs.json is found as a party-reference (or party-political) finding. Party
    findings on other text are listed for information (the list of real references is complete,
    so they are false alarms).

Each target in manifest.json "targets" is one check; the last line is "N passed, N failed" and the
exit status is 1 when any check fails (2 for usage errors). The GOV.UK checks are skipped, with a
message, when the data is absent. --markdown prints the figures as Markdown tables for the README.

Offsets: for text, HTML, Markdown, XML and social drafts a finding's start/end are byte offsets into
the file, so phrases are located in the file's bytes. For Word drafts the offsets point into the
extracted text; the script rebuilds it (paragraphs of word/document.xml joined by a blank line)
and uses the offsets when the rebuilt text agrees with the finding's text, and otherwise falls back
to comparing the finding's text with the phrase (one contains the other, ignoring case).
"""
import csv
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

VERDICTS = ('pass', 'review', 'block')
CATEGORIES = ('candidate', 'party', 'initiative', 'electioneering', 'member_quote', 'image', 'link',
              'controversial')
FORMATS = (('.social.txt', 'social'), ('.txt', 'text'), ('.html', 'html'), ('.md', 'markdown'),
           ('.xml', 'xml'), ('.docx', 'docx'))
PARTY_RULES = ('party-reference', 'party-political')
GOVUK_BATCH = 100


def draft_format(name):
    for suffix, fmt in FORMATS:
        if name.endswith(suffix):
            return fmt
    return None


def norm(s):
    s = s.replace('\u2019', "'").replace('\u2018', "'").replace('\u00a0', ' ')
    return re.sub(r'\s+', ' ', s).strip().casefold()


# ---------------------------------------------------------------- reading drafts

W_NS = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'


def docx_paragraphs(path):
    """Paragraph texts of word/document.xml (runs joined, tracked deletions left out)."""
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('word/document.xml'))
    paras = []
    for p in root.iter(W_NS + 'p'):
        parts = []
        for el in p.iter():
            if el.tag == W_NS + 't' and el.text:
                parts.append(el.text)
            elif el.tag == W_NS + 'tab':
                parts.append('\t')
        paras.append(''.join(parts))
    return paras


def docx_all_text(path):
    """Every text of the package (headers, footers, comments, image descriptions, link targets)."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith('word/') and name.endswith('.xml'):
                xml = z.read(name).decode('utf-8', 'replace')
                out.extend(html.unescape(m) for m in re.findall(r'descr="([^"]*)"', xml))
                out.append(html.unescape(re.sub(r'<[^>]+>', ' ', xml)))
            elif name.endswith('.rels'):
                xml = z.read(name).decode('utf-8', 'replace')
                out.extend(html.unescape(m) for m in re.findall(r'Target="([^"]*)"', xml))
    return '\n'.join(out)


class Draft:
    """A draft's text in the coordinates its findings use, with phrase lookup."""

    def __init__(self, path):
        self.path = path
        self.format = draft_format(path)
        if self.format == 'docx':
            self.text = '\n\n'.join(docx_paragraphs(path))
            self.all_text = docx_all_text(path) + '\n' + self.text
            self.bytes = self.text.encode('utf-8')
        else:
            with open(path, 'rb') as f:
                self.bytes = f.read()
            self.text = self.bytes.decode('utf-8', 'replace')
            self.all_text = self.text

    def spans(self, phrase):
        """Byte spans of every case-insensitive occurrence of phrase (whitespace runs match any)."""
        words = [re.escape(w) for w in phrase.split()]
        rx = re.compile(r'\s+'.join(words).replace("'", "['\u2019]"), re.IGNORECASE)
        out = []
        for m in rx.finditer(self.text):
            start = len(self.text[:m.start()].encode('utf-8'))
            out.append((start, start + len(m.group(0).encode('utf-8'))))
        return out

    def contains(self, phrase):
        if self.spans(phrase):
            return True
        return norm(phrase) in norm(self.all_text)

    def finding_span(self, f):
        """The finding's byte span in self.bytes, or None when it cannot be trusted (DOCX parts
        outside the body, or a rebuilt text that differs from the engine's)."""
        start, end = f.get('start'), f.get('end')
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(self.bytes):
            return None
        if self.format == 'docx' and norm(self.bytes[start:end].decode('utf-8', 'replace')) != norm(f.get('text', '')):
            return None
        return (start, end)

    def overlaps(self, f, phrase):
        span = self.finding_span(f)
        if span is not None:
            return any(span[0] < e and s < span[1] for s, e in self.spans(phrase))
        a, b = norm(f.get('text', '')), norm(phrase)
        return bool(a) and (a in b or b in a)


# ---------------------------------------------------------------- running purdah

def run_purdah(binary, args, cwd):
    try:
        proc = subprocess.run([binary] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if proc.returncode not in (0, 1):
        return None, 'exit %d: %s' % (proc.returncode, proc.stderr.decode('utf-8', 'replace').strip()[:300])
    try:
        return json.loads(proc.stdout.decode('utf-8')), None
    except ValueError as e:
        return None, 'bad JSON: %s' % e


def draft_args(entry, defaults):
    args = ['check', '--format', 'json', '--date', entry['date']]
    for spec in entry.get('elections', defaults.get('elections', [])):
        args += ['--election', spec]
    for path in entry.get('candidates', defaults.get('candidates', [])):
        args += ['--candidates', path]
    for path in entry.get('members', defaults.get('members', [])):
        args += ['--members', path]
    for area in entry.get('areas', []):
        args += ['--area', area]
    fmt = entry.get('format') or draft_format(entry['file'])
    if fmt == 'social':
        args += ['--input-format', 'social']
    return args + [entry['file']]


def live(findings):
    return [f for f in findings if not f.get('suppressed')]


def describe(f):
    return '%s %s "%s"' % (f.get('rule'), f.get('severity'), f.get('text'))


# ---------------------------------------------------------------- the baseline

def strip_markup(text):
    text = re.sub(r'<!--.*?-->', ' ', text, flags=re.S)
    text = re.sub(r'<[^>]+>', ' ', text)
    return html.unescape(text)


def baseline_text(path):
    fmt = draft_format(path)
    if fmt == 'docx':
        return strip_markup(docx_all_text(path))
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    return strip_markup(text) if fmt in ('html', 'xml') else text


def baseline_matcher(corpus, defaults):
    """Whole-word, case-insensitive regex over candidate full names and party names."""
    terms = set()
    for rel in defaults.get('candidates', []):
        with open(os.path.join(corpus, rel), encoding='utf-8') as f:
            for row in csv.DictReader(f):
                if row.get('name'):
                    terms.add(row['name'].strip())
                if row.get('party'):
                    terms.add(row['party'].strip())
    wordlists = os.path.join(corpus, '..', '..', 'wordlists')
    for name in ('parties.txt', 'parties-capitalised.txt'):
        path = os.path.join(wordlists, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or '=>' not in line:
                    continue
                entry = line.split('=>')[0].strip().replace('\\#', '#')
                if entry:
                    terms.add(entry)
    alternation = '|'.join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r'(?<!\w)(?:' + alternation + r')(?!\w)', re.IGNORECASE), len(terms)


# ---------------------------------------------------------------- figures

def ratio(n, d):
    return n / d if d else float('nan')


def fmt3(x):
    return 'n/a' if x != x else '%.3f' % x


def verdict_figures(pairs):
    """pairs: (expected, got) verdicts. Returns the matrix and the three headline figures."""
    matrix = {e: {g: 0 for g in VERDICTS + ('error',)} for e in VERDICTS}
    for e, g in pairs:
        matrix[e][g if g in VERDICTS else 'error'] += 1
    total = len(pairs)
    correct = sum(matrix[v][v] for v in VERDICTS)
    blocks = sum(matrix['block'].values())
    passes = sum(matrix['pass'].values())
    return {
        'matrix': matrix, 'total': total, 'correct': correct,
        'accuracy': ratio(correct, total),
        'block_recall': ratio(matrix['block']['block'], blocks), 'blocks': blocks,
        'pass_blocked': ratio(matrix['pass']['block'], passes), 'passes': passes,
        'pass_blocked_n': matrix['pass']['block'],
    }


def print_matrix(fig, out):
    out.append('Confusion matrix (rows: expected verdict, columns: verdict purdah gave)')
    out.append('%-9s %7s %7s %7s %7s' % ('', 'pass', 'review', 'block', 'error'))
    for e in VERDICTS:
        m = fig['matrix'][e]
        out.append('%-9s %7d %7d %7d %7d' % (e, m['pass'], m['review'], m['block'], m['error']))


# ---------------------------------------------------------------- GOV.UK

def load_govuk(directory):
    csv.field_size_limit(1 << 30)
    releases, seen = [], set()
    for name in sorted(os.listdir(directory)):
        if not name.endswith('.csv'):
            continue
        with open(os.path.join(directory, name), encoding='utf-8', newline='') as f:
            for row in csv.DictReader(f):
                url = row.get('url', '')
                if not url or url in seen:
                    continue
                seen.add(url)
                text = '\n\n'.join(row.get(k, '') or '' for k in ('title', 'subtitle', 'content'))
                releases.append((url, text))
    return releases


def run_govuk(binary, directory, date, refs, matcher):
    releases = load_govuk(directory)
    results, errors = {}, []
    with tempfile.TemporaryDirectory(prefix='purdah-eval-') as tmp:
        paths = []
        for i, (url, text) in enumerate(releases):
            path = os.path.join(tmp, '%04d.txt' % i)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            paths.append(path)
        for lo in range(0, len(paths), GOVUK_BATCH):
            batch = paths[lo:lo + GOVUK_BATCH]
            doc, err = run_purdah(binary, ['check', '--format', 'json', '--date', date, '--input-format', 'text']
                                  + batch, tmp)
            if err:
                # Fall back to one file at a time so one bad release does not hide the others.
                for path in batch:
                    doc1, err1 = run_purdah(binary, ['check', '--format', 'json', '--date', date,
                                                     '--input-format', 'text', path], tmp)
                    if err1:
                        errors.append((path, err1))
                    else:
                        for r in doc1.get('results', []):
                            results[r.get('file')] = r
                continue
            for r in doc.get('results', []):
                results[r.get('file')] = r
        by_url = {}
        for (url, text), path in zip(releases, paths):
            by_url[url] = (text, results.get(path))
    n = len(releases)
    verdicts = {v: 0 for v in VERDICTS}
    blocked = []
    for url, (text, r) in by_url.items():
        if r is None:
            continue
        verdicts[r.get('verdict')] = verdicts.get(r.get('verdict'), 0) + 1
        if r.get('verdict') == 'block':
            blocked.append((url, [describe(f) for f in live(r.get('findings', [])) if f.get('severity') == 'block']))
    # Real party references.
    found, missed = [], []
    real_spans = {}
    for ref in refs:
        text, r = by_url.get(ref['url'], (None, None))
        if text is None:
            missed.append((ref, 'release not in the data'))
            continue
        data = text.encode('utf-8')
        ctx = ref['context'].encode('utf-8')
        at = data.find(ctx)
        if at < 0:
            missed.append((ref, 'context not found in the release text'))
            continue
        ps = at + ctx.find(ref['phrase'].encode('utf-8'))
        pe = ps + len(ref['phrase'].encode('utf-8'))
        real_spans.setdefault(ref['url'], []).append((ps, pe))
        if r is None:
            missed.append((ref, 'purdah gave no result'))
            continue
        hits = [f for f in live(r.get('findings', [])) if f.get('rule') in PARTY_RULES
                and f.get('start', -1) < pe and ps < f.get('end', -1)]
        if hits:
            found.append(ref)
        else:
            near = [describe(f) for f in live(r.get('findings', [])) if f.get('category') == 'party']
            missed.append((ref, 'no party finding on it' + (' (party findings: %s)' % '; '.join(near) if near else '')))
    # Other party findings: false alarms, since the list of real references is complete.
    false_party = []
    for url, (text, r) in by_url.items():
        if r is None:
            continue
        for f in live(r.get('findings', [])):
            if f.get('category') != 'party':
                continue
            if any(f.get('start', -1) < e and s < f.get('end', -1) for s, e in real_spans.get(url, [])):
                continue
            false_party.append((url, describe(f)))
    baseline_blocked = sum(1 for _, text in releases if matcher.search(text))
    return {
        'n': n, 'checked': n - len(errors), 'errors': errors, 'verdicts': verdicts, 'blocked': blocked,
        'block_rate': ratio(len(blocked), n), 'refs': len(refs), 'found': found, 'missed': missed,
        'false_party': false_party, 'baseline_blocked': baseline_blocked,
        'baseline_block_rate': ratio(baseline_blocked, n),
    }


# ---------------------------------------------------------------- main

def main(argv):
    args = list(argv)
    if not args or args[0] in ('-h', '--help'):
        print(__doc__)
        return 2
    binary = os.path.abspath(args.pop(0))
    corpus = os.path.dirname(os.path.abspath(__file__))
    govuk_dir, use_govuk, markdown, verbose, only = None, True, False, False, None
    while args:
        a = args.pop(0)
        if a == '--corpus' and args:
            corpus = os.path.abspath(args.pop(0))
        elif a == '--govuk' and args:
            govuk_dir = os.path.abspath(args.pop(0))
        elif a == '--no-govuk':
            use_govuk = False
        elif a == '--markdown':
            markdown = True
        elif a in ('-v', '--verbose'):
            verbose = True
        elif a == '--only' and args:
            only = set(args.pop(0).split(','))
        else:
            print('purdah_eval.py: unknown argument %s' % a, file=sys.stderr)
            return 2
    if not os.access(binary, os.X_OK):
        print('purdah_eval.py: %s is not an executable' % binary, file=sys.stderr)
        return 2
    with open(os.path.join(corpus, 'manifest.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    defaults = manifest.get('defaults', {})
    targets = manifest['targets']
    entries = manifest['drafts']
    if only:
        entries = [e for e in entries if e['id'] in only]
    if govuk_dir is None:
        govuk_dir = os.environ.get('PURDAH_GOVUK_DIR') or os.path.join(
            corpus, '..', '..', '..', 'shared', 'data', 'press_releases', 'govuk')

    out = []
    problems = []           # manifest errors (a check)
    pairs, base_pairs = [], []
    mf_total = {c: 0 for c in CATEGORIES}
    mf_found = {c: 0 for c in CATEGORIES}
    mf_misses, mnf_violations, verdict_misses = [], [], []
    mnf_total = 0
    by_format, by_tag = {}, {}
    matcher, n_terms = baseline_matcher(corpus, defaults)
    seen_ids = set()

    for e in entries:
        ident = e.get('id', '?')
        name = os.path.basename(e.get('file', '?'))
        if ident in seen_ids:
            problems.append('%s: duplicate id' % ident)
        seen_ids.add(ident)
        path = os.path.join(corpus, e.get('file', ''))
        if e.get('verdict') not in VERDICTS or not e.get('reason') or not e.get('date'):
            problems.append('%s: needs verdict (pass/review/block), date and reason' % name)
            continue
        if not os.path.exists(path):
            problems.append('%s: file not found' % name)
            continue
        draft = Draft(path)
        for m in e.get('must_find', []):
            if m.get('category') not in CATEGORIES:
                problems.append('%s: unknown category %r' % (name, m.get('category')))
            if not draft.contains(m.get('text', '')):
                problems.append('%s: must_find "%s" is not in the draft' % (name, m.get('text')))
        for t in e.get('must_not_flag', []):
            if not draft.contains(t):
                problems.append('%s: must_not_flag "%s" is not in the draft' % (name, t))

        doc, err = run_purdah(binary, draft_args(e, defaults), corpus)
        result = None
        if doc and doc.get('results'):
            result = doc['results'][0]
        got = result.get('verdict') if result else 'error'
        findings = live(result.get('findings', [])) if result else []
        pairs.append((e['verdict'], got))
        base_got = 'block' if matcher.search(baseline_text(path)) else 'pass'
        base_pairs.append((e['verdict'], base_got))
        by_format.setdefault(draft.format, []).append((e['verdict'], got))
        for tag in e.get('tags', []):
            by_tag.setdefault(tag, []).append((e['verdict'], got))

        if got != e['verdict']:
            decisive = [describe(f) for f in findings if f.get('severity') in ('block', 'review')]
            verdict_misses.append('%s: expected %s, got %s%s%s' % (
                name, e['verdict'], got, (' [%s]' % err) if err else '',
                ('; findings: ' + '; '.join(decisive)) if decisive else '; no review or block finding'))
        for m in e.get('must_find', []):
            cat = m.get('category')
            if cat not in mf_total:
                continue
            mf_total[cat] += 1
            if any(f.get('category') == cat and draft.overlaps(f, m['text']) for f in findings):
                mf_found[cat] += 1
            else:
                other = [describe(f) + ' (%s)' % f.get('category') for f in findings if draft.overlaps(f, m['text'])]
                mf_misses.append('%s: "%s" (%s) not found%s' % (
                    name, m['text'], cat, ('; found instead as ' + '; '.join(other)) if other else ''))
        for t in e.get('must_not_flag', []):
            mnf_total += 1
            bad = [describe(f) for f in findings if draft.overlaps(f, t)]
            if bad:
                mnf_violations.append('%s: "%s" flagged by %s' % (name, t, '; '.join(bad)))
        if verbose:
            out.append('%-52s %-6s %-6s %s' % (name, e['verdict'], got,
                                               '; '.join(describe(f) for f in findings)))

    fig = verdict_figures(pairs)
    base = verdict_figures(base_pairs)
    formats_present = sorted({draft_format(e['file']) for e in entries})
    make_docx = os.path.join(corpus, '..', 'golden', 'make_docx.py')
    if os.path.exists(make_docx) and os.path.isdir(os.path.join(corpus, 'drafts', 'docx-src')):
        # The Word drafts are built from drafts/docx-src by the golden corpus's generator.
        proc = subprocess.run([sys.executable, make_docx, '--check', os.path.join(corpus, 'drafts')],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            problems.extend('docx: ' + l for l in proc.stdout.decode('utf-8', 'replace').splitlines() if l.strip())
    if not only:
        if len(entries) < 150:
            problems.append('only %d drafts (at least 150 wanted)' % len(entries))
        missing_formats = [f for _, f in FORMATS if f not in formats_present]
        if missing_formats:
            problems.append('no drafts in format(s): %s' % ', '.join(missing_formats))

    # GOV.UK
    gov = None
    gov_msg = None
    if not use_govuk:
        gov_msg = 'GOV.UK press releases: skipped (--no-govuk)'
    elif not os.path.isdir(govuk_dir) or not any(n.endswith('.csv') for n in os.listdir(govuk_dir)):
        gov_msg = 'GOV.UK press releases: not found at %s; skipping the GOV.UK checks' % os.path.normpath(govuk_dir)
    else:
        with open(os.path.join(corpus, manifest['govuk']['party_refs']), encoding='utf-8') as f:
            refs = json.load(f)['refs']
        gov = run_govuk(binary, govuk_dir, manifest['govuk']['date'], refs, matcher)

    # Checks
    checks = []

    def check(label, ok, value):
        checks.append((label, ok, value))

    check('corpus and manifest are well formed (%d drafts, formats: %s)' % (len(entries), ', '.join(formats_present)),
          not problems, '%d problem(s)' % len(problems))
    check('verdict accuracy >= %.2f' % targets['verdict_accuracy'], fig['accuracy'] >= targets['verdict_accuracy'],
          fmt3(fig['accuracy']))
    check('block recall >= %.2f' % targets['block_recall'], fig['block_recall'] >= targets['block_recall'],
          fmt3(fig['block_recall']))
    check('pass drafts blocked <= %.2f' % targets['pass_blocked_max'],
          fig['pass_blocked'] <= targets['pass_blocked_max'], fmt3(fig['pass_blocked']))
    for cat in CATEGORIES:
        r = ratio(mf_found[cat], mf_total[cat])
        check('must-find recall (%s) >= %.2f' % (cat, targets['must_find_recall']),
              mf_total[cat] == 0 or r >= targets['must_find_recall'], '%s (%d/%d)' % (fmt3(r), mf_found[cat], mf_total[cat]))
    check('must-not-flag violations == %d' % targets['must_not_flag_violations'],
          len(mnf_violations) <= targets['must_not_flag_violations'], str(len(mnf_violations)))
    skipped = 0
    if gov is not None:
        check('GOV.UK block rate <= %.2f' % targets['govuk_block_rate_max'],
              gov['block_rate'] <= targets['govuk_block_rate_max'] and not gov['errors'],
              '%s (%d/%d)' % (fmt3(gov['block_rate']), len(gov['blocked']), gov['n']))
        r = ratio(len(gov['found']), gov['refs'])
        check('GOV.UK real party references found (%d listed)' % gov['refs'],
              r >= targets['govuk_party_refs_recall'], '%s (%d/%d)' % (fmt3(r), len(gov['found']), gov['refs']))
    else:
        skipped = 2

    if markdown:
        print_markdown(fig, base, mf_found, mf_total, mnf_violations, mnf_total, gov, checks, by_format, by_tag,
                       targets, len(entries), n_terms)
    else:
        out.insert(0, 'purdah evaluation corpus: %d drafts, %s' % (len(entries), manifest.get('council', '')))
        print('\n'.join(out))
        lines = []
        print_matrix(fig, lines)
        lines.append('verdict accuracy     %s (%d/%d)' % (fmt3(fig['accuracy']), fig['correct'], fig['total']))
        lines.append('block recall         %s (%d/%d)' % (fmt3(fig['block_recall']), fig['matrix']['block']['block'],
                                                          fig['blocks']))
        lines.append('pass drafts blocked  %s (%d/%d)' % (fmt3(fig['pass_blocked']), fig['pass_blocked_n'], fig['passes']))
        lines.append('must-find recall by category:')
        for cat in CATEGORIES:
            lines.append('  %-15s %s (%d/%d)' % (cat, fmt3(ratio(mf_found[cat], mf_total[cat])), mf_found[cat],
                                                 mf_total[cat]))
        lines.append('must-not-flag violations: %d (of %d phrases)' % (len(mnf_violations), mnf_total))
        lines.append('verdict accuracy by format: ' + ', '.join(
            '%s %d/%d' % (k, sum(1 for a, b in v if a == b), len(v)) for k, v in sorted(by_format.items())))
        lines.append('')
        lines.append('Baseline: wordlist search over %d candidate and party names (whole words, any case; any match blocks)'
                     % n_terms)
        print_matrix(base, lines)
        lines.append('baseline verdict accuracy     %s (%d/%d)' % (fmt3(base['accuracy']), base['correct'], base['total']))
        lines.append('baseline block recall         %s' % fmt3(base['block_recall']))
        lines.append('baseline pass drafts blocked  %s (%d/%d)' % (fmt3(base['pass_blocked']), base['pass_blocked_n'],
                                                                   base['passes']))
        lines.append('')
        lines.append('Misses (%d wrong verdicts, %d must-find phrases not found, %d must-not-flag violations):'
                     % (len(verdict_misses), len(mf_misses), len(mnf_violations)))
        for m in verdict_misses:
            lines.append('  verdict       ' + m)
        for m in mf_misses:
            lines.append('  must-find     ' + m)
        for m in mnf_violations:
            lines.append('  must-not-flag ' + m)
        if problems:
            lines.append('')
            lines.append('Manifest problems:')
            lines.extend('  ' + p for p in problems)
        lines.append('')
        if gov is None:
            lines.append(gov_msg)
        else:
            lines.append('GOV.UK press releases: %d distinct releases, default policy, --date %s (outside every window)'
                         % (gov['n'], manifest['govuk']['date']))
            lines.append('  verdicts: %s' % ', '.join('%s %d' % (v, gov['verdicts'].get(v, 0)) for v in VERDICTS))
            lines.append('  block rate %s (%d/%d); baseline block rate %s (%d/%d)' % (
                fmt3(gov['block_rate']), len(gov['blocked']), gov['n'], fmt3(gov['baseline_block_rate']),
                gov['baseline_blocked'], gov['n']))
            lines.append('  real party references found: %d/%d' % (len(gov['found']), gov['refs']))
            for url, why in gov['blocked']:
                lines.append('  blocked: %s: %s' % (url, '; '.join(why)))
            for ref, why in gov['missed']:
                lines.append('  party reference missed: %s: "%s" in "%s": %s' % (ref['url'], ref['phrase'], ref['context'], why))
            for path, err in gov['errors']:
                lines.append('  error: %s: %s' % (path, err))
            lines.append('  party findings on text that is not a party reference (information, not a target): %d'
                         % len(gov['false_party']))
            for url, d in gov['false_party']:
                lines.append('    %s: %s' % (url, d))
        lines.append('')
        lines.append('Checks:')
        for label, ok, value in checks:
            lines.append('  %s %s: %s' % ('PASS' if ok else 'FAIL', label, value))
        print('\n'.join(lines))
    passed = sum(1 for _, ok, _ in checks if ok)
    failed = len(checks) - passed
    print('%d passed, %d failed%s' % (passed, failed, (' (%d skipped: no GOV.UK data)' % skipped) if skipped else ''))
    return 1 if failed else 0


def print_markdown(fig, base, mf_found, mf_total, mnf_violations, mnf_total, gov, checks, by_format, by_tag,
                   targets, n, n_terms):
    p = print
    p('| figure | target | purdah | wordlist baseline |')
    p('|---|---|---|---|')
    p('| verdict accuracy (%d drafts) | ≥ %.2f | %s | %s |' % (n, targets['verdict_accuracy'], fmt3(fig['accuracy']),
                                                           fmt3(base['accuracy'])))
    p('| block recall | ≥ %.2f | %s | %s |' % (targets['block_recall'], fmt3(fig['block_recall']), fmt3(base['block_recall'])))
    p('| pass drafts blocked | ≤ %.2f | %s | %s |' % (targets['pass_blocked_max'], fmt3(fig['pass_blocked']),
                                                   fmt3(base['pass_blocked'])))
    for cat in CATEGORIES:
        p('| must-find recall: %s | ≥ %.2f | %s (%d/%d) | |' % (cat, targets['must_find_recall'],
                                                            fmt3(ratio(mf_found[cat], mf_total[cat])), mf_found[cat],
                                                            mf_total[cat]))
    p('| must-not-flag violations (%d phrases) | 0 | %d | |' % (mnf_total, len(mnf_violations)))
    if gov is not None:
        p('| GOV.UK block rate (%d releases, outside any window) | ≤ %.2f | %s (%d) | %s (%d) |' % (
            gov['n'], targets['govuk_block_rate_max'], fmt3(gov['block_rate']), len(gov['blocked']),
            fmt3(gov['baseline_block_rate']), gov['baseline_blocked']))
        p('| GOV.UK real party references found | all %d | %d | |' % (gov['refs'], len(gov['found'])))
    p('')
    p('Confusion matrix (rows: expected; columns: purdah\'s verdict):')
    p('')
    p('| expected \\ got | pass | review | block | error |')
    p('|---|---|---|---|---|')
    for e in VERDICTS:
        m = fig['matrix'][e]
        p('| %s | %d | %d | %d | %d |' % (e, m['pass'], m['review'], m['block'], m['error']))
    p('')
    p('Checks: ' + ', '.join('%s %s' % ('✓' if ok else '✗', label) for label, ok, _ in checks))
    p('')
    p('The baseline is a case-insensitive whole-word search for %d candidate and party names; any match blocks.' % n_terms)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
