#!/usr/bin/env python3
"""Builds the golden corpus's Word drafts from small text sources (standard library only).

usage: make_docx.py [--check] [GOLDEN_DIR]

Every GOLDEN_DIR/docx-src/NN-name.docx.txt becomes GOLDEN_DIR/NN-name.docx, a minimal but valid
WordprocessingML package: [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml,
word/_rels/document.xml.rels and, when the source asks for them, word/header1.xml,
word/footer1.xml, word/comments.xml and word/media/image1.png. The output is deterministic (fixed
zip timestamps, fixed part order), so regenerating an unchanged source gives the same parts.
`--check` builds every package in memory and compares its parts with the committed .docx files;
it exits 1 when one is missing, stale, or has no source.

Source format (UTF-8, one paragraph per line; blank lines are ignored):

  %% anything              a comment in the source; not written to the document
  # text                   paragraph in style Heading1
  ## text                  paragraph in style Heading2
  > text                   paragraph in style Quote
  caption: text            paragraph in style Caption
  image: alt text          paragraph holding one inline picture (a 1x1 PNG) whose
                           wp:docPr has descr="alt text"
  link: text | URL         paragraph holding one w:hyperlink to URL (an external relationship)
  header: text             a paragraph of word/header1.xml (the default header)
  footer: text             a paragraph of word/footer1.xml (the default footer)
  comment: text            a comment in word/comments.xml (author "Communications Team"),
                           anchored on the whole of the previous body paragraph
  deleted: text            a whole paragraph deleted with tracked changes: its runs are in
                           w:del as w:delText, and its paragraph mark is deleted too
  anything else            a body paragraph (style Normal)

Inside the text of any paragraph (not header:, footer:, comment: or image:, which are plain):

  **bold**                 a run with w:b
  *italic*                 a run with w:i
  [text](URL)              a w:hyperlink around "text" to URL
  {--text--}               a tracked deletion (w:del / w:delText): NOT part of the document's text
  {++text++}               a tracked insertion (w:ins / w:t): part of the document's text

Markers do not nest. A name split by a marker ("Cllr **Church**") is split across runs, which is
the point: the extracted text must join runs back together ("Cllr Church"). There is no escape
for a literal "**", "*", "[", "{--" or "{++" in body text; the drafts do not need one.
"""
import io
import os
import re
import struct
import sys
import zipfile
import zlib
from xml.sax.saxutils import escape, quoteattr

NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NS_WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing'
NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main'
NS_PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.'
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_TIME = (2027, 1, 1, 0, 0, 0)
REVISION_DATE = '2027-04-01T09:00:00Z'
AUTHOR = 'Communications Team'

INLINE = re.compile(r'\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*]+?)\*|\[(?P<lt>[^\]]+)\]\((?P<lu>[^)\s]+)\)'
                    r'|\{--(?P<d>.+?)--\}|\{\+\+(?P<n>.+?)\+\+\}')


def png_1x1():
    """A 1x1 white PNG, built here so the generator needs no binary input."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(b'\x00\xff\xff\xff', 9))
            + chunk(b'IEND', b''))


class Document:
    def __init__(self):
        self.body = []          # w:p elements of word/document.xml
        self.header = []        # paragraphs (plain text) of the header
        self.footer = []
        self.comments = []      # (id, text)
        self.rels = []          # (id, type, target, external)
        self.has_image = False
        self.next_revision = 1
        self.next_picture = 1

    def rel(self, kind, target, external=False):
        rid = 'rId%d' % (len(self.rels) + 10)
        self.rels.append((rid, kind, target, external))
        return rid

    def revision_attrs(self):
        rev = self.next_revision
        self.next_revision += 1
        return 'w:id="%d" w:author=%s w:date="%s"' % (rev, quoteattr(AUTHOR), REVISION_DATE)


def run(text, bold=False, italic=False):
    props = ''
    if bold or italic:
        props = '<w:rPr>%s%s</w:rPr>' % ('<w:b/>' if bold else '', '<w:i/>' if italic else '')
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (props, escape(text))


def hyperlink(doc, text, url):
    rid = doc.rel(REL + 'hyperlink', url, external=True)
    return ('<w:hyperlink r:id="%s" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            '<w:t xml:space="preserve">%s</w:t></w:r></w:hyperlink>' % (rid, escape(text)))


def inline(doc, text):
    """The runs of a line with its inline markers."""
    out, pos = [], 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            out.append(run(text[pos:m.start()]))
        if m.group('b') is not None:
            out.append(run(m.group('b'), bold=True))
        elif m.group('i') is not None:
            out.append(run(m.group('i'), italic=True))
        elif m.group('lt') is not None:
            out.append(hyperlink(doc, m.group('lt'), m.group('lu')))
        elif m.group('d') is not None:
            out.append('<w:del %s><w:r><w:delText xml:space="preserve">%s</w:delText></w:r></w:del>'
                       % (doc.revision_attrs(), escape(m.group('d'))))
        else:
            out.append('<w:ins %s>%s</w:ins>' % (doc.revision_attrs(), run(m.group('n'))))
        pos = m.end()
    if pos < len(text):
        out.append(run(text[pos:]))
    return ''.join(out)


def paragraph(content, style=None, extra_ppr=''):
    ppr = ''
    if style or extra_ppr:
        ppr = '<w:pPr>%s%s</w:pPr>' % ('<w:pStyle w:val="%s"/>' % style if style else '', extra_ppr)
    return '<w:p>%s%s</w:p>' % (ppr, content)


def picture(doc, alt):
    doc.has_image = True
    rid = doc.rel(REL + 'image', 'media/image1.png')
    pid = doc.next_picture
    doc.next_picture += 1
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            '<wp:extent cx="1905000" cy="1270000"/>'
            '<wp:docPr id="%d" name="Picture %d" descr=%s/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="%s"><pic:pic>'
            '<pic:nvPicPr><pic:cNvPr id="%d" name="image%d.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="1270000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
            % (pid, pid, quoteattr(alt), NS_PIC, pid, pid, rid))


def parse(source, path):
    doc = Document()
    for number, raw in enumerate(source.split('\n'), 1):
        line = raw.rstrip('\r')
        if not line.strip() or line.startswith('%%'):
            continue
        key, sep, rest = line.partition(': ')
        if line.startswith('## '):
            doc.body.append(paragraph(inline(doc, line[3:]), 'Heading2'))
        elif line.startswith('# '):
            doc.body.append(paragraph(inline(doc, line[2:]), 'Heading1'))
        elif line.startswith('> '):
            doc.body.append(paragraph(inline(doc, line[2:]), 'Quote'))
        elif sep and key == 'caption':
            doc.body.append(paragraph(inline(doc, rest), 'Caption'))
        elif sep and key == 'image':
            doc.body.append(paragraph(picture(doc, rest)))
        elif sep and key == 'link':
            text, bar, url = rest.partition(' | ')
            if not bar:
                raise ValueError('%s:%d: link: needs "text | URL"' % (path, number))
            doc.body.append(paragraph(hyperlink(doc, text, url.strip())))
        elif sep and key == 'header':
            doc.header.append(rest)
        elif sep and key == 'footer':
            doc.footer.append(rest)
        elif sep and key == 'comment':
            if not doc.body:
                raise ValueError('%s:%d: comment: needs a paragraph before it' % (path, number))
            cid = len(doc.comments)
            doc.comments.append((cid, rest))
            last = doc.body[-1]
            # Anchor the comment on the previous paragraph's content (after its w:pPr, if any).
            head_end = last.index('</w:pPr>') + len('</w:pPr>') if '</w:pPr>' in last else len('<w:p>')
            doc.body[-1] = (last[:head_end] + '<w:commentRangeStart w:id="%d"/>' % cid + last[head_end:-len('</w:p>')]
                            + '<w:commentRangeEnd w:id="%d"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
                              '</w:rPr><w:commentReference w:id="%d"/></w:r></w:p>' % (cid, cid))
        elif sep and key == 'deleted':
            mark = '<w:rPr><w:del %s/></w:rPr>' % doc.revision_attrs()
            doc.body.append(paragraph('<w:del %s><w:r><w:delText xml:space="preserve">%s</w:delText></w:r></w:del>'
                                      % (doc.revision_attrs(), escape(rest)), extra_ppr=mark))
        else:
            doc.body.append(paragraph(inline(doc, line)))
    return doc


def part_paragraphs(texts):
    return ''.join(paragraph(run(t)) for t in texts)


def package(doc):
    """The parts of the package, in order: [(name, bytes)]."""
    ns = 'xmlns:w="%s" xmlns:r="%s"' % (NS_W, NS_R)
    sect = ''
    if doc.header:
        sect += '<w:headerReference w:type="default" r:id="%s"/>' % doc.rel(REL + 'header', 'header1.xml')
    if doc.footer:
        sect += '<w:footerReference w:type="default" r:id="%s"/>' % doc.rel(REL + 'footer', 'footer1.xml')
    if doc.comments:
        doc.rel(REL + 'comments', 'comments.xml')
    styles_rid = doc.rel(REL + 'styles', 'styles.xml')
    assert styles_rid
    document = (XML_DECL + '<w:document %s xmlns:wp="%s" xmlns:a="%s" xmlns:pic="%s"><w:body>%s'
                '<w:sectPr>%s<w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
                '</w:sectPr></w:body></w:document>\n' % (ns, NS_WP, NS_A, NS_PIC, ''.join(doc.body), sect))

    def style(sid, name, extra=''):
        return ('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/>'
                '<w:qFormat/>%s</w:style>' % (sid, name, extra))
    styles = (XML_DECL + '<w:styles %s>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
              + style('Heading1', 'heading 1', '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>')
              + style('Heading2', 'heading 2', '<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr>')
              + style('Quote', 'Quote', '<w:pPr><w:ind w:left="864" w:right="864"/></w:pPr><w:rPr><w:i/></w:rPr>')
              + style('Caption', 'caption', '<w:rPr><w:i/><w:sz w:val="18"/></w:rPr>')
              + '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
                '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
                '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
                '<w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
                '</w:styles>\n') % ns

    overrides = [('/word/document.xml', CT + 'document.main+xml'), ('/word/styles.xml', CT + 'styles+xml')]
    parts = []
    if doc.header:
        overrides.append(('/word/header1.xml', CT + 'header+xml'))
        parts.append(('word/header1.xml', XML_DECL + '<w:hdr %s>%s</w:hdr>\n' % (ns, part_paragraphs(doc.header))))
    if doc.footer:
        overrides.append(('/word/footer1.xml', CT + 'footer+xml'))
        parts.append(('word/footer1.xml', XML_DECL + '<w:ftr %s>%s</w:ftr>\n' % (ns, part_paragraphs(doc.footer))))
    if doc.comments:
        overrides.append(('/word/comments.xml', CT + 'comments+xml'))
        body = ''.join('<w:comment w:id="%d" w:author=%s w:date="%s" w:initials="CT">%s</w:comment>'
                       % (cid, quoteattr(AUTHOR), REVISION_DATE, paragraph(run(text))) for cid, text in doc.comments)
        parts.append(('word/comments.xml', XML_DECL + '<w:comments %s>%s</w:comments>\n' % (ns, body)))

    content_types = (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     + ('<Default Extension="png" ContentType="image/png"/>' if doc.has_image else '')
                     + ''.join('<Override PartName="%s" ContentType="%s"/>' % o for o in overrides)
                     + '</Types>\n')
    package_rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="%sofficeDocument" Target="word/document.xml"/>'
                    '</Relationships>\n' % REL)
    document_rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     + ''.join('<Relationship Id="%s" Type="%s" Target=%s%s/>'
                               % (rid, kind, quoteattr(target), ' TargetMode="External"' if external else '')
                               for rid, kind, target, external in doc.rels)
                     + '</Relationships>\n')
    out = [('[Content_Types].xml', content_types), ('_rels/.rels', package_rels),
           ('word/document.xml', document), ('word/styles.xml', styles)] + parts
    out.append(('word/_rels/document.xml.rels', document_rels))
    out = [(name, data.encode('utf-8')) for name, data in out]
    if doc.has_image:
        out.append(('word/media/image1.png', png_1x1()))
    return out


def zip_bytes(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def main(argv):
    check = '--check' in argv
    rest = [a for a in argv if a != '--check']
    golden = rest[0] if rest else os.path.dirname(os.path.abspath(__file__))
    src_dir = os.path.join(golden, 'docx-src')
    sources = sorted(n for n in os.listdir(src_dir) if n.endswith('.docx.txt'))
    problems, written = [], 0
    for name in sources:
        path = os.path.join(src_dir, name)
        with open(path, encoding='utf-8') as f:
            parts = package(parse(f.read(), path))
        target = os.path.join(golden, name[:-len('.txt')])
        if check:
            try:
                with zipfile.ZipFile(target) as z:
                    have = [(i.filename, z.read(i.filename)) for i in z.infolist()]
            except (OSError, zipfile.BadZipFile) as e:
                problems.append('%s: %s' % (target, e))
                continue
            if have != parts:
                problems.append('%s: stale; run make_docx.py' % target)
        else:
            with open(target, 'wb') as f:
                f.write(zip_bytes(parts))
            written += 1
    built = {n[:-len('.txt')] for n in sources}
    for n in sorted(os.listdir(golden)):
        if n.endswith('.docx') and n not in built:
            problems.append('%s: no source docx-src/%s.txt' % (n, n))
    for p in problems:
        print(p)
    if not check:
        print('%d .docx written' % written)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
