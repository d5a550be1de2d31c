// The draft editor: checks the draft with POST /check as the officer types (debounced), then
// highlights each finding in place, shows its rule, clauses and suggestion on hover, and the score
// and verdict beside the editor. No framework.
//
// Offsets: the service reports byte offsets into the UTF-8 text; JavaScript strings index UTF-16
// code units. byteOffsetsToIndices converts (a character outside the BMP is 4 bytes and 2 units;
// a lone surrogate is sent as \uD8xx, which the service encodes as 3 bytes).
'use strict';

(() => {
  const DEBOUNCE_MS = 250;
  const $ = (id) => document.getElementById(id);
  const draft = $('draft');
  const highlights = $('highlights');
  const tooltip = $('tooltip');
  const verdictEl = $('verdict');
  const scoreEl = $('score');
  const verdictHelp = $('verdict-help');
  const windowEl = $('window-status');
  const statusEl = $('status');
  const findingsEl = $('findings');
  const countEl = $('finding-count');
  const dateEl = $('date');
  const formatEl = $('format');
  const areasEl = $('areas');

  const VERDICT_HELP = {
    pass: 'No pre-election publicity issues found.',
    review: 'Needs a decision by the monitoring officer or comms lead before publishing.',
    block: 'Must not be published as it stands.',
  };
  const SEVERITY_RANK = { none: 0, advisory: 1, review: 2, block: 3 };

  let timer = null;
  let sequence = 0;        // of requests sent
  let latestShown = 0;     // sequence of the newest response shown
  let controller = null;   // aborts a superseded request
  // What is drawn: the text the spans refer to, and spans {start, end, findings} in UTF-16 units.
  let shown = { text: '', spans: [], findings: [] };
  let tooltipSource = null; // 'mouse' or 'caret'

  // ------------------------------------------------------------------------------------------
  // Offsets

  function utf8Length(codePoint) {
    if (codePoint < 0x80) return 1;
    if (codePoint < 0x800) return 2;
    if (codePoint < 0x10000) return 3; // includes lone surrogates (3 bytes, as the service encodes them)
    return 4;
  }

  // Maps each UTF-8 byte offset in `offsets` to a UTF-16 index into `text` (an offset inside a
  // character maps to the end of that character).
  function byteOffsetsToIndices(text, offsets) {
    const wanted = Array.from(new Set(offsets)).sort((a, b) => a - b);
    const map = new Map();
    let byte = 0;
    let index = 0;
    let k = 0;
    while (k < wanted.length) {
      while (k < wanted.length && wanted[k] <= byte) map.set(wanted[k++], index);
      if (index >= text.length) break;
      const cp = text.codePointAt(index);
      byte += utf8Length(cp);
      index += cp > 0xffff ? 2 : 1;
    }
    for (; k < wanted.length; k++) map.set(wanted[k], text.length);
    return map;
  }

  // Spans of text covered by the same set of findings: overlapping findings ("Vote Labour" and
  // "Labour") split into pieces, each knowing every finding that covers it.
  function buildSpans(text, findings) {
    const map = byteOffsetsToIndices(text, findings.flatMap((f) => [f.start, f.end]));
    const ranges = findings
      .map((f, i) => ({ s: map.get(f.start), e: map.get(f.end), i }))
      .filter((r) => r.e > r.s);
    const points = Array.from(new Set(ranges.flatMap((r) => [r.s, r.e]))).sort((a, b) => a - b);
    const spans = [];
    for (let p = 0; p + 1 < points.length; p++) {
      const a = points[p];
      const b = points[p + 1];
      const covering = ranges.filter((r) => r.s <= a && r.e >= b).map((r) => r.i);
      if (covering.length) spans.push({ start: a, end: b, findings: covering });
    }
    return spans;
  }

  // After an edit, moves the spans drawn for `oldText` to where the same words now are in
  // `newText` (spans the edit touches are dropped until the next check).
  function shiftSpans(oldText, newText, spans) {
    if (oldText === newText) return spans;
    const max = Math.min(oldText.length, newText.length);
    let prefix = 0;
    while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix &&
           oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) {
      suffix++;
    }
    const editEnd = oldText.length - suffix;
    const delta = newText.length - oldText.length;
    const out = [];
    for (const span of spans) {
      if (span.end <= prefix) out.push(span);
      else if (span.start >= editEnd) out.push({ ...span, start: span.start + delta, end: span.end + delta });
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Drawing

  function severityOf(indices, findings) {
    let best = 'none';
    let allSuppressed = true;
    for (const i of indices) {
      const f = findings[i];
      if (!f.suppressed) {
        allSuppressed = false;
        if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
      }
    }
    return allSuppressed ? 'suppressed' : best;
  }

  function drawHighlights(text, spans, findings) {
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const span of spans) {
      if (span.start > at) fragment.append(text.slice(at, span.start));
      const mark = document.createElement('mark');
      const severity = severityOf(span.findings, findings);
      mark.className = 'finding ' + (severity === 'suppressed' ? 'suppressed' : 'sev-' + severity);
      mark.dataset.findings = span.findings.join(',');
      mark.dataset.rules = span.findings.map((i) => findings[i].rule).join(' ');
      mark.textContent = text.slice(span.start, span.end);
      fragment.append(mark);
      at = span.end;
    }
    // a trailing newline needs something after it, or the layer is a line shorter than the textarea
    fragment.append(text.slice(at) + '\u200b');
    highlights.replaceChildren(fragment);
    highlights.scrollTop = draft.scrollTop;
  }

  function redraw() {
    const text = draft.value;
    shown.spans = shiftSpans(shown.text, text, shown.spans);
    shown.text = text;
    drawHighlights(text, shown.spans, shown.findings);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function describe(finding) {
    const item = el('div', 'item');
    const head = el('div', 'head');
    const badge = el('span', 'badge ' + (finding.suppressed ? 'suppressed' : 'sev-' + finding.severity),
      finding.suppressed ? 'suppressed' : finding.severity);
    head.append(badge, finding.rule);
    item.append(head, el('p', 'message', finding.message));
    if (finding.clauses && finding.clauses.length) {
      const list = el('ul', 'clauses');
      for (const c of finding.clauses) {
        const li = el('li', 'clause');
        li.append(el('span', 'clause-id', c.id), ' ', c.title || '');
        if (c.source) li.append(el('div', 'clause-source', c.source));
        list.append(li);
      }
      item.append(list);
    }
    if (finding.suggestion) item.append(el('p', 'suggestion', 'Suggestion: ' + finding.suggestion));
    if (finding.suppressed) item.append(el('p', 'context', 'Suppressed: ' + (finding.suppression || '')));
    if (finding.context) item.append(el('p', 'context', finding.context));
    return item;
  }

  function showTooltip(indices, rect, source) {
    tooltip.replaceChildren(...indices.map((i) => describe(shown.findings[i])));
    tooltip.hidden = false;
    tooltipSource = source;
    const margin = 8;
    const box = tooltip.getBoundingClientRect();
    let left = Math.min(rect.left, window.innerWidth - box.width - margin);
    let top = rect.bottom + margin;
    if (top + box.height > window.innerHeight - margin) top = Math.max(margin, rect.top - box.height - margin);
    tooltip.style.left = Math.max(margin, left) + 'px';
    tooltip.style.top = top + 'px';
  }

  function hideTooltip() {
    tooltip.hidden = true;
    tooltipSource = null;
    for (const m of highlights.querySelectorAll('mark.active')) m.classList.remove('active');
  }

  function markIndices(mark) {
    return mark.dataset.findings.split(',').map(Number);
  }

  // The textarea is on top of the marks, so the marks never get mouse events themselves: find
  // the mark under the pointer among every element at that point.
  function markAt(x, y) {
    for (const node of document.elementsFromPoint(x, y)) {
      if (node instanceof HTMLElement && node.matches('mark.finding')) return node;
    }
    return null;
  }

  function onPointer(event) {
    const mark = markAt(event.clientX, event.clientY);
    if (!mark) {
      if (tooltipSource === 'mouse') hideTooltip();
      return;
    }
    for (const m of highlights.querySelectorAll('mark.active')) if (m !== mark) m.classList.remove('active');
    mark.classList.add('active');
    showTooltip(markIndices(mark), mark.getBoundingClientRect(), 'mouse');
  }

  // Keyboard users: the caret inside a highlighted phrase shows its tooltip too.
  function onCaret() {
    const at = draft.selectionStart;
    if (draft.selectionEnd !== at) return;
    const marks = highlights.querySelectorAll('mark.finding');
    let index = 0;
    const span = shown.spans.find((s) => s.start < at && at < s.end);
    if (!span) {
      if (tooltipSource === 'caret') hideTooltip();
      return;
    }
    index = shown.spans.indexOf(span);
    const mark = marks[index];
    if (mark) showTooltip(span.findings, mark.getBoundingClientRect(), 'caret');
  }

  function selectFinding(finding) {
    const map = byteOffsetsToIndices(shown.text, [finding.start, finding.end]);
    draft.focus();
    draft.setSelectionRange(map.get(finding.start), map.get(finding.end));
    const mark = Array.from(highlights.querySelectorAll('mark.finding'))
      .find((m) => markIndices(m).includes(shown.findings.indexOf(finding)));
    if (mark) {
      draft.scrollTop = Math.max(0, mark.offsetTop - draft.clientHeight / 3);
      highlights.scrollTop = draft.scrollTop;
    }
  }

  function drawFindingList(findings) {
    const items = findings.map((f, i) => {
      const li = el('li', f.suppressed ? 'suppressed' : 'sev-' + f.severity);
      li.tabIndex = 0;
      li.dataset.index = String(i);
      const badge = el('span', 'badge ' + (f.suppressed ? 'suppressed' : 'sev-' + f.severity),
        f.suppressed ? 'suppressed' : f.severity);
      li.append(badge, el('span', 'quote', '\u201c' + f.text + '\u201d'), ' ',
        el('span', 'rule', f.rule + ' \u00b7 ' + f.clauses.map((c) => c.id).join(', ')));
      li.append(el('div', 'message', f.message));
      li.title = f.suggestion || '';
      li.addEventListener('click', () => selectFinding(f));
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') selectFinding(f); });
      li.addEventListener('mouseenter', () => {
        for (const m of highlights.querySelectorAll('mark.finding')) {
          m.classList.toggle('active', markIndices(m).includes(i));
        }
      });
      li.addEventListener('mouseleave', () => {
        for (const m of highlights.querySelectorAll('mark.active')) m.classList.remove('active');
      });
      return li;
    });
    findingsEl.replaceChildren(...items);
    const active = findings.filter((f) => !f.suppressed).length;
    countEl.textContent = findings.length ? '(' + active + (active === findings.length ? '' :
      ', ' + (findings.length - active) + ' suppressed') + ')' : '';
  }

  function formatDate(iso) {
    const d = new Date(iso + 'T12:00:00Z');
    return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  function drawSummary(report) {
    verdictEl.dataset.verdict = report.verdict;
    verdictEl.textContent = report.verdict;
    scoreEl.textContent = String(report.score);
    verdictHelp.textContent = VERDICT_HELP[report.verdict] || '';
    const inside = report.windows.filter((w) => w.in_window);
    if (report.in_window && inside.length) {
      windowEl.textContent = inside.map((w) => 'Inside the pre-election period of the ' + w.election +
        ' election (' + formatDate(w.start) + ' to ' + formatDate(w.end) + ').').join(' ');
    } else if (report.windows.length) {
      windowEl.textContent = 'Outside the pre-election period: ' + report.windows.map((w) =>
        w.election + ' runs ' + formatDate(w.start) + ' to ' + formatDate(w.end)).join('; ') + '.';
    } else {
      windowEl.textContent = 'No election applies to this draft.';
    }
    statusEl.textContent = report.warnings.length ? 'Warnings: ' + report.warnings.join('; ') : '';
  }

  // ------------------------------------------------------------------------------------------
  // Checking

  function setState(state) {
    document.body.dataset.state = state;
  }

  function areas() {
    return areasEl.value.split(',').map((a) => a.trim()).filter(Boolean);
  }

  async function check() {
    timer = null;
    const text = draft.value;
    const seq = ++sequence;
    if (controller) controller.abort();
    controller = new AbortController();
    setState('checking');
    statusEl.textContent = 'Checking\u2026';
    let report;
    try {
      const response = await fetch('/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text, format: formatEl.value, date: dateEl.value, areas: areas() }),
        signal: controller.signal,
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        throw new Error(body && body.error ? body.error.message : 'the service answered ' + response.status);
      }
      report = body;
    } catch (error) {
      if (error.name === 'AbortError' || seq !== sequence) return;
      // fail closed: a draft that could not be checked is not cleared for publishing
      verdictEl.dataset.verdict = 'error';
      verdictEl.textContent = 'not checked';
      scoreEl.textContent = '\u2013';
      verdictHelp.textContent = 'Do not publish until the draft can be checked.';
      statusEl.textContent = 'Could not check the draft: ' + error.message;
      setState('error');
      return;
    }
    if (seq < latestShown) return;
    latestShown = seq;
    shown = { text, spans: buildSpans(text, report.findings), findings: report.findings };
    redraw(); // maps the spans onto whatever the officer has typed since
    drawFindingList(report.findings);
    drawSummary(report);
    hideTooltip();
    if (seq === sequence && timer === null) setState(draft.value === text ? 'idle' : 'checking');
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    setState('checking');
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  // ------------------------------------------------------------------------------------------
  // Wiring

  if (!dateEl.value) {
    const now = new Date();
    const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
    dateEl.value = local.toISOString().slice(0, 10);
  }

  draft.addEventListener('input', () => {
    redraw();
    if (tooltipSource) hideTooltip();
    schedule();
  });
  draft.addEventListener('scroll', () => {
    highlights.scrollTop = draft.scrollTop;
    if (tooltipSource) hideTooltip();
  });
  draft.addEventListener('mousemove', onPointer);
  draft.addEventListener('mouseleave', () => { if (tooltipSource === 'mouse') hideTooltip(); });
  draft.addEventListener('keyup', onCaret);
  draft.addEventListener('click', onCaret);
  draft.addEventListener('blur', () => { if (tooltipSource === 'caret') hideTooltip(); });
  for (const control of [dateEl, formatEl, areasEl]) control.addEventListener('change', schedule);
  areasEl.addEventListener('input', schedule);
  new ResizeObserver(() => { highlights.scrollTop = draft.scrollTop; }).observe(draft);

  // exposed for tests and for a CMS that embeds the page
  window.purdahEditor = { check, byteOffsetsToIndices, buildSpans, shiftSpans };
  if (draft.value) schedule();
})();
