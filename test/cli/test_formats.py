#!/usr/bin/env python3
"""Tests of the CI output formats of `purdah check`: line, sarif, github and rdjsonl
(docs/ci-formats.md). The SARIF output is validated against the official SARIF 2.1.0 JSON schema
(test/sarif/sarif-schema-2.1.0.json, see its SOURCE.md) on drafts with suppressed findings, HTML,
Word documents, a draft with no findings and several files at once, and its fingerprints are
checked to survive a second run and a line inserted above the finding.

usage: test_formats.py PURDAH_BINARY SOURCE_ROOT
Standard library plus jsonschema (Debian: python3-jsonschema). When the python3 running this
cannot import jsonschema but /usr/bin/python3 can, the script re-runs itself with that one; when
neither can, the schema tests are skipped, everything else still runs, and the exit status is 77
(skipped) unless something failed. Ends with an "N passed, N failed" line."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

try:
    import jsonschema
except ImportError:  # Debian's python3-jsonschema is for Debian's python3
    jsonschema = None
    if os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') and os.path.exists('/usr/bin/python3') \
            and os.environ.get('PURDAH_TEST_NO_REEXEC') != '1':
        probe = subprocess.run(['/usr/bin/python3', '-c', 'import jsonschema'], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            os.environ['PURDAH_TEST_NO_REEXEC'] = '1'
            os.execv('/usr/bin/python3', ['/usr/bin/python3', os.path.abspath(__file__)] + sys.argv[1:])

PURDAH = None
ROOT = None
GOLDEN = None
SCHEMA = None

ARGS = ['--election', 'local:2027-05-06', '--candidates', 'fixtures/candidates.csv', '--candidates',
        'fixtures/candidates-county.csv', '--members', 'fixtures/members.csv']
SUPPRESSED = '110-text-suppression-block-statutory-consultation.txt'  # two suppressed, one review
HTML = '06-housing-member-quoted.html'            # a member quoted: review
DOCX_RISKY = '77-docx-heading-candidate.docx'     # a candidate in a Word heading: block
DOCX_PASS = '84-docx-compliant-apprenticeships.docx'
PASS = '01-bin-collections-bank-holiday.txt'      # no findings
DATE = '2027-04-30'


def run(*args, stdin=None, cwd=None):
    return subprocess.run([PURDAH] + list(args), input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=cwd or GOLDEN)


def check(fmt, *files, date=DATE, stdin=None, cwd=None, extra=()):
    return run('check', '--format', fmt, '--date', date, *ARGS, *extra, *files, stdin=stdin, cwd=cwd)


def json_results(*files, date=DATE, stdin=None, cwd=None, extra=()):
    return json.loads(check('json', *files, date=date, stdin=stdin, cwd=cwd, extra=extra).stdout)['results']


def sarif(*files, date=DATE, stdin=None, cwd=None, extra=()):
    r = check('sarif', *files, date=date, stdin=stdin, cwd=cwd, extra=extra)
    return r, json.loads(r.stdout.decode('utf-8'))


def code_points(b):
    """Code points as purdah counts them: every byte that is not a UTF-8 continuation byte."""
    return sum(1 for c in b if (c & 0xC0) != 0x80)


def position(data, offset):
    """(line, code-point column, byte column) of a byte offset, counted as purdah counts."""
    line, line_start, col, i = 1, 0, 1, 0
    while i < offset:
        c = data[i]
        if c == 0x0A or (c == 0x0D and not (i + 1 < len(data) and data[i + 1] == 0x0A)):
            line, col, line_start = line + 1, 1, i + 1
        elif (c & 0xC0) != 0x80:
            col += 1
        i += 1
    return line, col, offset - line_start + 1


def read(name):
    with open(os.path.join(GOLDEN, name), 'rb') as f:
        return f.read()


class TempDir:
    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory(prefix='purdah-formats-')
        return self.dir.name

    def __exit__(self, *exc):
        self.dir.cleanup()


def write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path


# A draft with multi-byte characters before its findings, so that code-point columns (SARIF,
# github, line) and byte columns (rdjsonl) differ; the second line has a match that runs over a
# line break ("our\npromises") and the third a candidate named twice.
UNICODE_DRAFT = ('Café “news” — Kestrel Vale, 14 April 2027\n'
                 'Zoë said: “Cllr Okonkwo’s team keeps our\npromises.”\n'
                 'Cllr Okonkwo again: Cllr Okonkwo opened the café.\n').encode('utf-8')


# RFC 3986 characters, with every % starting a percent-encoding; no scheme-like first segment.
URI_REFERENCE = re.compile(r"^(file://|https://)?([A-Za-z0-9\-._~/!$&'()*+,;=@]|%[0-9A-F]{2})+$")


def uris(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ('uri', 'helpUri', 'informationUri', '$schema') and isinstance(value, str):
                yield value
            else:
                yield from uris(value)
    elif isinstance(node, list):
        for item in node:
            yield from uris(item)


@unittest.skipIf(jsonschema is None, 'jsonschema is not installed (Debian: apt-get install python3-jsonschema)')
class SarifSchema(unittest.TestCase):
    """Every SARIF document purdah writes is valid against the official 2.1.0 schema."""

    @classmethod
    def setUpClass(cls):
        with open(SCHEMA, encoding='utf-8') as f:
            cls.schema = json.load(f)
        cls.validator_class = jsonschema.validators.validator_for(cls.schema)
        cls.validator_class.check_schema(cls.schema)
        cls.validator = cls.validator_class(cls.schema, format_checker=jsonschema.FormatChecker())

    def valid(self, doc):
        errors = sorted(self.validator.iter_errors(doc), key=lambda e: list(e.path))
        self.assertEqual([], ['%s: %s' % ('/'.join(map(str, e.path)), e.message) for e in errors])
        # jsonschema checks "format": "uri" only with optional modules: check the URIs here
        for uri in uris(doc):
            self.assertRegex(uri, URI_REFERENCE)

    def test_schema_is_the_official_one(self):
        self.assertEqual(self.schema['id'],
                         'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json')
        self.assertEqual(self.schema['$schema'], 'http://json-schema.org/draft-04/schema#')

    def test_suppressed_findings(self):
        r, doc = sarif(SUPPRESSED)
        self.assertEqual(r.returncode, 0)  # verdict review, --fail-on block
        self.valid(doc)

    def test_html(self):
        self.valid(sarif(HTML)[1])

    def test_word_documents(self):
        r, doc = sarif(DOCX_RISKY, DOCX_PASS)
        self.assertEqual(r.returncode, 1)
        self.valid(doc)

    def test_pass_draft_has_no_results(self):
        r, doc = sarif(PASS)
        self.assertEqual(r.returncode, 0)
        self.valid(doc)
        self.assertEqual(doc['runs'][0]['results'], [])

    def test_several_files_and_stdin(self):
        r, doc = sarif(SUPPRESSED, HTML, DOCX_RISKY, PASS, '-', stdin=UNICODE_DRAFT)
        self.assertEqual(r.returncode, 1)
        self.valid(doc)
        self.assertEqual(len(doc['runs']), 1)

    def test_unreadable_file(self):
        r, doc = sarif(HTML, 'no-such-draft.txt')
        self.assertEqual(r.returncode, 2)
        self.valid(doc)
        inv = doc['runs'][0]['invocations'][0]
        self.assertFalse(inv['executionSuccessful'])
        self.assertEqual(inv['exitCode'], 2)
        self.assertEqual(inv['toolExecutionNotifications'][0]['level'], 'error')
        self.assertEqual(inv['toolExecutionNotifications'][0]['locations'][0]['physicalLocation']
                         ['artifactLocation']['uri'], 'no-such-draft.txt')

    def test_awkward_names_and_warnings(self):
        with TempDir() as d:
            names = [write(d, 'a draft, 100% (v2): final.txt', UNICODE_DRAFT),
                     write(d, 'invalid.txt', b'Cllr Okonkwo said \xff\xfe hello.\n')]
            r, doc = sarif(*names)
            self.valid(doc)
            uri = doc['runs'][0]['artifacts'][0]['location']['uri']
            self.assertTrue(uri.startswith('file:///'))
            self.assertTrue(uri.endswith('/a%20draft,%20100%25%20(v2)%3A%20final.txt'), uri)
            notes = doc['runs'][0]['invocations'][0]['toolExecutionNotifications']
            self.assertTrue(any('UTF-8' in n['message']['text'] and n['level'] == 'warning' for n in notes))

    def test_a_hand_broken_document_is_rejected(self):
        # the validator really validates: a column of 0 and an unknown level are caught
        doc = sarif(HTML)[1]
        doc['runs'][0]['results'][0]['locations'][0]['physicalLocation']['region']['startColumn'] = 0
        doc['runs'][0]['results'][0]['level'] = 'block'
        self.assertEqual(len(list(self.validator.iter_errors(doc))), 2)


class SarifContent(unittest.TestCase):
    """What the SARIF says, compared with the JSON output of the same run."""

    def test_run_and_driver(self):
        doc = sarif(HTML)[1]
        self.assertEqual(doc['version'], '2.1.0')
        run_ = doc['runs'][0]
        self.assertEqual(run_['columnKind'], 'unicodeCodePoints')
        driver = run_['tool']['driver']
        self.assertEqual(driver['name'], 'purdah')
        self.assertRegex(driver['version'], r'^\d+\.\d+\.\d+$')
        ids = [rule['id'] for rule in driver['rules']]
        self.assertEqual(len(ids), len(set(ids)))
        for rule_id in ('candidate-named', 'candidate-quoted', 'party-reference', 'new-initiative'):
            self.assertIn(rule_id, ids)
        rule = driver['rules'][ids.index('candidate-named')]
        self.assertEqual(rule['name'], 'CandidateNamed')
        self.assertTrue(rule['shortDescription']['text'])
        self.assertIn('Severity inside a pre-election period: block', rule['fullDescription']['text'])
        self.assertIn('code2011-para34', rule['help']['text'])
        self.assertIn('Remove the candidate', rule['help']['text'])
        self.assertIn('code2011-para34', rule['help']['markdown'])
        self.assertEqual(rule['defaultConfiguration']['level'], 'error')
        self.assertEqual(rule['properties']['category'], 'candidate')
        self.assertTrue(rule['helpUri'].startswith('https://'))
        self.assertEqual(driver['rules'][ids.index('new-initiative')]['defaultConfiguration']['level'], 'warning')

    def test_results_match_the_json_output(self):
        files = [SUPPRESSED, HTML, PASS]
        doc = sarif(*files)[1]
        run_ = doc['runs'][0]
        rules = run_['tool']['driver']['rules']
        expected = [(res['file'], f) for res in json_results(*files) for f in res['findings']]
        self.assertEqual(len(run_['results']), len(expected))
        levels = {'block': 'error', 'review': 'warning', 'advisory': 'note'}
        for result, (name, f) in zip(run_['results'], expected):
            self.assertEqual(result['ruleId'], f['rule'])
            self.assertEqual(rules[result['ruleIndex']]['id'], f['rule'])
            self.assertEqual(result['level'], levels[f['severity']])
            self.assertEqual(result['message']['text'], f['message'])
            loc = result['locations'][0]['physicalLocation']
            self.assertEqual(loc['artifactLocation']['uri'], name)
            self.assertEqual(run_['artifacts'][loc['artifactLocation']['index']]['location']['uri'], name)
            region = loc['region']
            self.assertEqual((region['startLine'], region['startColumn']), (f['line'], f['column']))
            self.assertEqual((region['byteOffset'], region['byteLength']), (f['start'], f['end'] - f['start']))
            self.assertEqual(region['snippet']['text'], f['text'])
            data = read(name)
            last = f['end'] - 1
            while last > f['start'] and (data[last] & 0xC0) == 0x80:
                last -= 1
            end_line, end_col, _ = position(data, last)
            self.assertEqual((region['endLine'], region['endColumn']), (end_line, end_col + 1))
            self.assertEqual(result['properties']['clauses'], [c['id'] for c in f['clauses']])
            self.assertEqual(result['properties']['severity'], f['severity'])
            if f['suppressed']:
                self.assertEqual(result['suppressions'],
                                 [{'kind': 'inSource', 'status': 'accepted', 'justification': f['suppression']}])
            else:
                self.assertNotIn('suppressions', result)
        self.assertEqual(sum('suppressions' in r for r in run_['results']), 2)

    def test_artifacts_carry_each_files_verdict(self):
        files = [SUPPRESSED, HTML, DOCX_RISKY, PASS]
        doc = sarif(*files)[1]
        arts = doc['runs'][0]['artifacts']
        for art, res in zip(arts, json_results(*files)):
            self.assertEqual(art['location']['uri'], res['file'])
            self.assertEqual(art['properties']['verdict'], res['verdict'])
            self.assertEqual(art['properties']['score'], res['score'])
            self.assertEqual(art['properties']['asOf'], DATE)
        self.assertEqual(arts[2]['mimeType'],
                         'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        inv = doc['runs'][0]['invocations'][0]
        self.assertEqual((inv['executionSuccessful'], inv['exitCode']), (True, 1))

    def test_same_file_twice_is_one_artifact(self):
        doc = sarif(HTML, HTML)[1]
        self.assertEqual(len(doc['runs'][0]['artifacts']), 1)
        self.assertEqual({r['locations'][0]['physicalLocation']['artifactLocation']['index']
                          for r in doc['runs'][0]['results']}, {0})

    def test_word_document_regions_point_into_its_text(self):
        doc = sarif(DOCX_RISKY)[1]
        f = json_results(DOCX_RISKY)[0]['findings'][0]
        region = doc['runs'][0]['results'][0]['locations'][0]['physicalLocation']['region']
        self.assertNotIn('byteOffset', region)
        self.assertEqual(region['properties']['offsets'], 'text')
        self.assertEqual((region['properties']['textOffset'], region['properties']['textLength']),
                         (f['start'], f['end'] - f['start']))
        self.assertEqual((region['startLine'], region['startColumn']), (f['line'], f['column']))
        self.assertEqual(region['endColumn'], f['column'] + len(f['text']))
        self.assertEqual(region['snippet']['text'], 'Kwesi Mensah')

    def test_unicode_columns_are_code_points(self):
        doc = sarif('-', stdin=UNICODE_DRAFT)[1]
        findings = json_results('-', stdin=UNICODE_DRAFT)[0]['findings']
        self.assertTrue(findings)
        for result, f in zip(doc['runs'][0]['results'], findings):
            region = result['locations'][0]['physicalLocation']['region']
            self.assertNotIn('uri', result['locations'][0]['physicalLocation']['artifactLocation'])
            line, col, _ = position(UNICODE_DRAFT, f['start'])
            self.assertEqual((region['startLine'], region['startColumn']), (line, col))
            if '\n' not in f['text']:
                self.assertEqual(region['endColumn'] - region['startColumn'], code_points(f['text'].encode()))
        multi = [r for r in doc['runs'][0]['results']
                 if r['locations'][0]['physicalLocation']['region']['snippet']['text'] == 'our\npromises']
        self.assertEqual(len(multi), 1)
        region = multi[0]['locations'][0]['physicalLocation']['region']
        self.assertEqual((region['endLine'] - region['startLine'], region['endColumn']), (1, 9))


class Fingerprints(unittest.TestCase):
    KEY = 'purdahFindingHash/v1'

    def fingerprints(self, data):
        with TempDir() as d:
            doc = sarif(write(d, 'draft.txt', data))[1]
        return [(r['ruleId'], r['partialFingerprints'][self.KEY],
                 r['locations'][0]['physicalLocation']['region']['startLine']) for r in doc['runs'][0]['results']]

    def test_stable_across_runs(self):
        first = self.fingerprints(UNICODE_DRAFT)
        self.assertTrue(first)
        self.assertEqual(first, self.fingerprints(UNICODE_DRAFT))
        for _, fp, _ in first:
            self.assertRegex(fp, r'^[0-9a-f]{16}:[1-9][0-9]*$')

    def test_stable_when_a_line_is_inserted_above(self):
        before = self.fingerprints(UNICODE_DRAFT)
        after = self.fingerprints(b'UPDATED 15 April: times corrected.\n\n' + UNICODE_DRAFT)
        self.assertEqual([(rule, fp) for rule, fp, _ in before], [(rule, fp) for rule, fp, _ in after])
        self.assertEqual([line + 2 for _, _, line in before], [line for _, _, line in after])

    def test_repeated_matches_are_told_apart(self):
        fps = self.fingerprints(UNICODE_DRAFT)
        self.assertEqual(len(fps), len(set(fp for _, fp, _ in fps)))
        named = [fp for rule, fp, _ in fps if rule in ('candidate-named', 'candidate-quoted')]
        hashes = [fp.split(':')[0] for fp in named]
        self.assertTrue(any(hashes.count(h) > 1 for h in hashes), named)  # same text, occurrences 1, 2...

    def test_same_in_another_file_and_with_other_markup(self):
        plain = self.fingerprints(b'Cllr Okonkwo opened the new library.\n')
        with TempDir() as d:
            doc = sarif(write(d, 'other.html', b'<p>Cllr <b>Okonkwo</b> opened\nthe new library.</p>\n'))[1]
        html = [(r['ruleId'], r['partialFingerprints'][self.KEY]) for r in doc['runs'][0]['results']]
        self.assertEqual([(rule, fp) for rule, fp, _ in plain], html)

    def test_not_changed_by_the_date(self):
        # the severity depends on the date, the identity does not
        with TempDir() as d:
            path = write(d, 'draft.txt', UNICODE_DRAFT)
            inside = sarif(path)[1]['runs'][0]['results']
            later = sarif(path, date='2027-05-06')[1]['runs'][0]['results']
        self.assertEqual([r['partialFingerprints'] for r in inside], [r['partialFingerprints'] for r in later])


GITHUB_LINE = re.compile(r'^::(error|warning|notice) file=([^,:]+)(,line=(\d+)(,col=(\d+))?,endLine=(\d+)'
                         r'(,endColumn=(\d+))?)?,title=([^,:]+)::(.*)$')


class Github(unittest.TestCase):
    def annotations(self, *files, stdin=None, cwd=None):
        r = check('github', *files, stdin=stdin, cwd=cwd)
        lines = r.stdout.decode('utf-8').splitlines()
        for line in lines:
            self.assertRegex(line, GITHUB_LINE)
        return r, [GITHUB_LINE.match(line) for line in lines]

    def test_shape_and_levels(self):
        r, anns = self.annotations(SUPPRESSED, HTML, PASS)
        self.assertEqual(r.returncode, 0)
        findings = [(res['file'], f) for res in json_results(SUPPRESSED, HTML, PASS) for f in res['findings']
                    if not f['suppressed']]
        self.assertEqual(len(anns), len(findings))  # suppressed findings are not annotated
        commands = {'block': 'error', 'review': 'warning', 'advisory': 'notice'}
        for m, (name, f) in zip(anns, findings):
            self.assertEqual(m.group(1), commands[f['severity']])
            self.assertEqual(m.group(2), name)
            self.assertEqual((int(m.group(4)), int(m.group(6))), (f['line'], f['column']))
            self.assertEqual(int(m.group(9)), f['column'] + code_points(f['text'].encode()) - 1)  # inclusive
            self.assertEqual(m.group(10), f['rule'])
            self.assertTrue(m.group(11).startswith(f['message'].replace('%', '%25')))
            self.assertIn('%0A', m.group(11))  # the suggestion on its own line

    def test_multi_line_finding_has_no_columns(self):
        _, anns = self.annotations('-', stdin=UNICODE_DRAFT)
        multi = [m for m in anns if m.group(10) == 'promise-language']
        self.assertEqual(len(multi), 1)
        m = multi[0]
        self.assertIsNone(m.group(5))
        self.assertIsNone(m.group(8))
        self.assertEqual((int(m.group(4)), int(m.group(7))), (2, 3))
        self.assertIn('our%0Apromises', m.group(11))  # a line break inside the message is escaped
        self.assertNotIn('\n', m.group(11))

    def test_property_escaping(self):
        with TempDir() as d:
            write(d, 'a,b: 100%.txt', b'Cllr Okonkwo opened the library.\n')
            r, anns = self.annotations('a,b: 100%.txt', cwd=d)
        self.assertTrue(anns)
        self.assertEqual(anns[0].group(2), 'a%2Cb%3A 100%25.txt')

    def test_word_document_is_annotated_on_the_file(self):
        r, anns = self.annotations(DOCX_RISKY)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(anns), 1)
        self.assertIsNone(anns[0].group(3))  # no line: the document's text has no lines in the file
        self.assertIn("(line 1, column 1 of the document's text)", anns[0].group(11))

    def test_warnings_are_annotations_too(self):
        r = check('github', '-', stdin=b'Cllr Okonkwo said \xff hello.\n')
        self.assertIn('::warning file=<stdin>,title=purdah::invalid UTF-8', r.stdout.decode('utf-8', 'replace'))


class Rdjsonl(unittest.TestCase):
    def diagnostics(self, *files, stdin=None):
        r = check('rdjsonl', *files, stdin=stdin)
        return r, [json.loads(line) for line in r.stdout.decode('utf-8').splitlines()]

    def test_shape(self):
        r, diags = self.diagnostics(SUPPRESSED, HTML, DOCX_RISKY, PASS)
        self.assertEqual(r.returncode, 1)
        findings = [(res['file'], f) for res in json_results(SUPPRESSED, HTML, DOCX_RISKY, PASS)
                    for f in res['findings'] if not f['suppressed']]
        self.assertEqual(len(diags), len(findings))
        severities = {'block': 'ERROR', 'review': 'WARNING', 'advisory': 'INFO'}
        for d, (name, f) in zip(diags, findings):
            self.assertEqual(set(d), {'message', 'location', 'severity', 'source', 'code'})
            self.assertEqual(d['severity'], severities[f['severity']])
            self.assertEqual(d['source'], {'name': 'purdah'})
            self.assertEqual(d['code']['value'], f['rule'])
            self.assertTrue(d['code']['url'].startswith('https://'))
            self.assertEqual(d['location']['path'], name)
            self.assertTrue(d['message'].startswith(f['message']))
            if name.endswith('.docx'):
                self.assertNotIn('range', d['location'])
                self.assertIn("of the document's text", d['message'])
            else:
                start = d['location']['range']['start']
                self.assertEqual((start['line'], start['column']), position(read(name), f['start'])[::2])

    def test_columns_are_utf8_bytes_and_end_is_exclusive(self):
        _, diags = self.diagnostics('-', stdin=UNICODE_DRAFT)
        findings = [f for f in json_results('-', stdin=UNICODE_DRAFT)[0]['findings'] if not f['suppressed']]
        self.assertEqual(len(diags), len(findings))
        for d, f in zip(diags, findings):
            rng = d['location']['range']
            line, _, byte_col = position(UNICODE_DRAFT, f['start'])
            self.assertEqual((rng['start']['line'], rng['start']['column']), (line, byte_col))
            end_line, _, end_byte_col = position(UNICODE_DRAFT, f['end'])
            self.assertEqual((rng['end']['line'], rng['end']['column']), (end_line, end_byte_col))
            if '\n' not in f['text']:
                self.assertEqual(rng['end']['column'] - rng['start']['column'], len(f['text'].encode('utf-8')))
        # the line 2 match ("Cllr Okonkwo") starts after "Zoë said: “": 11 code points, 14 bytes
        second = [d for d in diags if d['location']['range']['start']['line'] == 2][0]
        self.assertEqual(second['location']['range']['start']['column'], 15)

    def test_warnings_go_to_stderr(self):
        r, diags = self.diagnostics('-', stdin=b'Cllr Okonkwo said \xff hello.\n')
        self.assertTrue(diags)
        self.assertIn(b'warning: invalid UTF-8', r.stderr)


class Line(unittest.TestCase):
    PATTERN = re.compile(r'^(.+):(\d+):(\d+): (block|review|advisory): ([a-z0-9-]+): (.+)$')

    def test_shape(self):
        r = check('line', SUPPRESSED, HTML, DOCX_RISKY, PASS)
        self.assertEqual(r.returncode, 1)
        lines = r.stdout.decode('utf-8').splitlines()
        findings = [(res['file'], f) for res in json_results(SUPPRESSED, HTML, DOCX_RISKY, PASS)
                    for f in res['findings'] if not f['suppressed']]
        self.assertEqual(len(lines), len(findings))  # no summary lines, no suppressed findings
        for line, (name, f) in zip(lines, findings):
            m = self.PATTERN.match(line)
            self.assertTrue(m, line)
            self.assertEqual((m.group(1), int(m.group(2)), int(m.group(3))), (name, f['line'], f['column']))
            self.assertEqual((m.group(4), m.group(5), m.group(6)), (f['severity'], f['rule'], f['message']))

    def test_one_line_per_finding_even_across_line_breaks(self):
        r = check('line', '-', stdin=UNICODE_DRAFT)
        lines = r.stdout.decode('utf-8').splitlines()
        for line in lines:
            self.assertRegex(line, self.PATTERN)
        self.assertTrue(any('("our promises")' in line for line in lines))

    def test_warnings_go_to_stderr_and_exit_status_is_unchanged(self):
        r = check('line', '-', stdin=b'Bins are collected on Friday \xff.\n')
        self.assertEqual(r.stdout, b'')
        self.assertIn(b'warning: invalid UTF-8', r.stderr)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(check('line', PASS, 'missing.txt').returncode, 2)


class Usage(unittest.TestCase):
    def test_format_names(self):
        for fmt in ('text', 'json', 'line', 'sarif', 'github', 'rdjsonl'):
            self.assertEqual(check(fmt, PASS).returncode, 0, fmt)
        r = check('checkstyle', PASS)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'rdjsonl', r.stderr)
        self.assertIn(b'sarif', run('--help').stdout)

    def test_windows_takes_text_or_json_only(self):
        self.assertEqual(run('windows', '--format', 'sarif').returncode, 2)
        self.assertEqual(run('windows', '--format', 'json').returncode, 0)


def main():
    global PURDAH, ROOT, GOLDEN, SCHEMA
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    PURDAH = os.path.abspath(sys.argv[1])
    ROOT = os.path.abspath(sys.argv[2])
    GOLDEN = os.path.join(ROOT, 'test', 'golden')
    ARGS[:] = [os.path.join(GOLDEN, a) if a.startswith('fixtures/') else a for a in ARGS]
    SCHEMA = os.path.join(ROOT, 'test', 'sarif', 'sarif-schema-2.1.0.json')
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print('%d passed, %d failed, %d skipped' % (result.testsRun - failed - skipped, failed, skipped))
    if failed:
        return 1
    if jsonschema is None:
        print('the SARIF schema tests were skipped: install python3-jsonschema')
        return 77
    return 0


if __name__ == '__main__':
    sys.exit(main())
