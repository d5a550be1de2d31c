"""purdah: check council publicity against pre-election ("purdah") rules.

A ctypes binding over libpurdah::

    import datetime, purdah

    policy = purdah.Policy.load("policy.xml", candidates="candidates.csv",
                                elections=["local:2027-05-06"])
    report = policy.check(draft, date=datetime.date(2027, 4, 12), format="html")
    report.verdict            # "pass", "review" or "block"
    report.score              # 0-100
    for f in report.findings: # Finding dataclasses, ordered by start offset
        print(f.rule, f.severity, f.text, [c.id for c in f.clauses])
    report.to_json()          # the library's JSON for this draft

A Policy is immutable and thread-safe: share one between threads. Each thread checks with its own
scanner (kept in a ``threading.local``), and ctypes releases the GIL during the scan, so checks run
in parallel. A Report owns no C memory: the library result is serialised to JSON and freed before
``check`` returns.
"""

import datetime as _datetime
import json as _json
import os as _os
import threading as _threading
from ctypes import byref as _byref, c_char_p as _c_char_p, c_size_t as _c_size_t, \
    c_void_p as _c_void_p, string_at as _string_at
from dataclasses import dataclass as _dataclass, fields as _fields
from typing import Optional as _Optional, Tuple as _Tuple

from . import _native
from ._native import LibraryError

__version__ = "0.1.0"

#: Where the loaded library came from, and its version.
library_path = _native.library_path
library_found_by = _native.library_found_by
library_version = _native.library_version

SEVERITIES = ("none", "advisory", "review", "block")
VERDICTS = ("pass", "review", "block")
FORMATS = ("auto", "text", "html", "markdown", "xml", "docx", "social")

__all__ = [
    "Policy", "Report", "Finding", "Clause", "Window", "Rule",
    "Error", "OutOfMemoryError", "InvalidArgumentError", "PolicyError", "RegexError", "FileError",
    "DataError", "BusyError", "LimitError", "NotFoundError", "VersionError", "LibraryError",
    "check", "format_from_file_name", "embedded_names", "embedded_file",
    "SEVERITIES", "VERDICTS", "FORMATS", "library_path", "library_version", "__version__",
]


# ---------------------------------------------------------------------------------------------
# Errors

class Error(Exception):
    """An error the library reported: ``code`` (a negative purdah_status), ``status`` (its
    name, such as "EPOLICY"), ``message``, and ``file``, ``line``, ``column`` where known
    (``None``/0 otherwise). ``str()`` gives "file:line:column: message"."""

    def __init__(self, code, message, file=None, line=0, column=0):
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self._formatted())

    @property
    def status(self):
        return _STATUS_NAMES.get(self.code, str(self.code))

    def _formatted(self):
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += ":%d" % self.line
                if self.column:
                    where += ":%d" % self.column
            where += ": "
        return where + self.message

    def __str__(self):
        return self._formatted()

    def __reduce__(self):
        return (self.__class__, (self.code, self.message, self.file, self.line, self.column))

    def __repr__(self):
        return "%s(%s, %r, file=%r, line=%d, column=%d)" % (
            type(self).__name__, self.status, self.message, self.file, self.line, self.column)


class OutOfMemoryError(Error, MemoryError):
    """PURDAH_ENOMEM: an allocation failed."""


class InvalidArgumentError(Error, ValueError):
    """PURDAH_EINVAL: a bad argument (malformed date, election spec, format name)."""


class PolicyError(Error):
    """PURDAH_EPOLICY: a policy source is malformed (XML, schema, wordlist, catalogue)."""


class RegexError(PolicyError):
    """PURDAH_EREGEX: a regex rule does not compile."""


class FileError(Error, OSError):
    """PURDAH_EIO: a file cannot be opened or read (``file`` names it)."""

    def __init__(self, code, message, file=None, line=0, column=0):
        Error.__init__(self, code, message, file, line, column)
        self.filename = file


class DataError(Error, ValueError):
    """PURDAH_EDATA: a candidates or members CSV is malformed (``file`` and ``line`` say where)."""


class BusyError(Error, RuntimeError):
    """PURDAH_EBUSY: a scanner is in use by another thread (cannot happen through Policy.check,
    which gives each thread its own scanner)."""


class LimitError(Error):
    """PURDAH_ELIMIT: a hard size limit was exceeded."""


class NotFoundError(Error, LookupError):
    """PURDAH_ENOTFOUND: no rule, clause or embedded file has that id."""


class VersionError(Error):
    """PURDAH_EVERSION: an options struct version the library does not know."""


_ERRORS = {
    _native.ENOMEM: OutOfMemoryError,
    _native.EINVAL: InvalidArgumentError,
    _native.EPOLICY: PolicyError,
    _native.EREGEX: RegexError,
    _native.EIO: FileError,
    _native.EDATA: DataError,
    _native.EBUSY: BusyError,
    _native.ELIMIT: LimitError,
    _native.ENOTFOUND: NotFoundError,
    _native.EVERSION: VersionError,
}
_STATUS_NAMES = {
    _native.ENOMEM: "ENOMEM", _native.EINVAL: "EINVAL", _native.EPOLICY: "EPOLICY",
    _native.EREGEX: "EREGEX", _native.EIO: "EIO", _native.EDATA: "EDATA", _native.EBUSY: "EBUSY",
    _native.ELIMIT: "ELIMIT", _native.ENOTFOUND: "ENOTFOUND", _native.EVERSION: "EVERSION",
}


def _decode(b):
    return None if b is None else b.decode("utf-8", "replace")


def _make_error(rc, err=None, message=None):
    """Builds the Error for status rc from a purdah_error handle (which it frees), or from a
    message when the library gave no error object."""
    code, file, line, column = rc, None, 0, 0
    if err is not None and err.value:
        try:
            code = _native.purdah_error_code(err) or rc
            message = _decode(_native.purdah_error_message(err))
            file = _decode(_native.purdah_error_file(err))
            line = int(_native.purdah_error_line(err))
            column = int(_native.purdah_error_column(err))
        finally:
            _native.purdah_error_free(err)
            err.value = None
    if message is None:
        message = _decode(_native.purdah_strerror(rc))
    return _ERRORS.get(code, Error)(code, message, file, line, column)


def _invalid(message):
    return InvalidArgumentError(_native.EINVAL, message)


# ---------------------------------------------------------------------------------------------
# Plain data


@_dataclass(frozen=True)
class Clause:
    """A clause of the law, code or guidance a finding breaches. Findings' clauses carry the
    ``text`` and ``url`` from the policy's catalogue too (the JSON has id, title and source)."""
    id: str
    title: str
    source: str
    text: _Optional[str] = None
    url: _Optional[str] = None


@_dataclass(frozen=True)
class Finding:
    """One finding: the fields of a finding in the JSON, with ``clauses`` as Clause objects.
    ``start``/``end`` are byte offsets [start, end) into the UTF-8 bytes checked (for docx, into
    ``Report.text``); ``column`` counts code points."""
    rule: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    text: str
    role: str
    clauses: _Tuple[Clause, ...]
    message: str
    suggestion: _Optional[str] = None
    context: _Optional[str] = None
    suppressed: bool = False
    suppression: _Optional[str] = None

    @property
    def severity_level(self):
        """0 none, 1 advisory, 2 review, 3 block (for comparisons)."""
        return SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 0


@_dataclass(frozen=True)
class Window:
    """A pre-election window. Dates are "YYYY-MM-DD" strings as in the JSON (``poll_date`` etc.
    give datetime.date). ``applies`` is set by Policy.windows (report windows all apply)."""
    election: str
    type: str
    poll: str
    start: str
    end: str
    start_basis: str
    areas: _Tuple[str, ...] = ()
    in_window: bool = False
    applies: bool = True

    @property
    def poll_date(self):
        return _datetime.date.fromisoformat(self.poll)

    @property
    def start_date(self):
        return _datetime.date.fromisoformat(self.start)

    @property
    def end_date(self):
        return _datetime.date.fromisoformat(self.end)


@_dataclass(frozen=True)
class Rule:
    """A rule of a compiled policy (Policy.rules, Policy.explain)."""
    id: str
    category: str
    description: str
    message: str
    suggestion: _Optional[str]
    in_window: str
    outside_window: str
    clauses: _Tuple[Clause, ...] = ()


_FINDING_FIELDS = frozenset(f.name for f in _fields(Finding))
_WINDOW_FIELDS = frozenset(f.name for f in _fields(Window))
_VERDICT_NAMES = {v: _decode(_native.purdah_verdict_name(v)) for v in range(3)}
_SEVERITY_NAMES = {s: _decode(_native.purdah_severity_name(s)) for s in range(4)}
_FORMAT_CODES = {}
for _code in range(len(FORMATS)):
    _FORMAT_CODES[_decode(_native.purdah_format_name(_code))] = _code
del _code


def _clause_from_struct(c):
    return Clause(_decode(c.id), _decode(c.title), _decode(c.source), _decode(c.text),
                  _decode(c.url))


def _window_from_struct(w):
    areas = tuple(_decode(w.areas[i]) for i in range(w.area_count))
    return Window(_decode(w.election), _decode(w.type), _decode(w.poll), _decode(w.start),
                  _decode(w.end), _decode(w.start_basis), areas, bool(w.in_window),
                  bool(w.applies))


# ---------------------------------------------------------------------------------------------
# Argument conversion

def _fs(path):
    if not isinstance(path, (str, bytes, _os.PathLike)):
        raise TypeError("expected a path (str or os.PathLike), got %s" % type(path).__name__)
    return _os.fsencode(path)


def _paths(value, what):
    if value is None:
        return []
    if isinstance(value, (str, bytes, _os.PathLike)):
        return [_fs(value)]
    try:
        return [_fs(v) for v in value]
    except TypeError:
        raise TypeError("%s: expected a path or a list of paths" % what) from None


def _strings(value):
    if value is None:
        return []
    if isinstance(value, (str, bytes, _datetime.date)):
        value = [value]
    out = []
    for v in value:
        if isinstance(v, _datetime.datetime):
            v = v.date()
        if isinstance(v, _datetime.date):
            v = v.isoformat()
        if isinstance(v, bytes):
            out.append(v)
        elif isinstance(v, str):
            out.append(v.encode("utf-8"))
        else:
            raise TypeError("expected a string, got %s" % type(v).__name__)
    return out


def _date(value):
    if value is None:
        value = _datetime.date.today()
    if isinstance(value, _datetime.datetime):
        value = value.date()
    if isinstance(value, _datetime.date):
        return value.isoformat().encode("ascii")
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise TypeError("date: expected datetime.date or a 'YYYY-MM-DD' string, got %s"
                    % type(value).__name__)


def _format(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise TypeError("format: expected a format name such as 'html'")
    code = _FORMAT_CODES.get(value)
    if code is None:
        code = _native.purdah_format_from_name(value.encode("utf-8"))
        if code < 0:
            raise _invalid("unknown format %r (expected one of %s)" % (value, ", ".join(FORMATS)))
    return code


def _array(strings):
    """A (const char *const *, count) pair; the bytes objects must stay referenced by the caller."""
    if not strings:
        return None, 0
    return (_c_char_p * len(strings))(*strings), len(strings)


def _data(text):
    if isinstance(text, str):
        # surrogatepass keeps a lone surrogate (as browsers send) as 3 invalid bytes, which the
        # library reports as a warning instead of the whole check failing
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, bytes):
        return text
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    raise TypeError("check: expected str or bytes, got %s" % type(text).__name__)


# ---------------------------------------------------------------------------------------------
# Native handles (freed with the library's _free functions)

class _PolicyHandle:
    """Owns a purdah_policy. Scanners hold a reference to it, so the policy is freed only after
    every scanner made from it."""
    __slots__ = ("handle",)

    def __init__(self, handle):
        self.handle = handle

    def __del__(self, _free=_native.purdah_policy_free):
        handle, self.handle = self.handle, None
        if handle:
            _free(handle)


class _Scanner:
    """Owns one thread's purdah_scanner."""
    __slots__ = ("handle", "policy")

    def __init__(self, policy):
        self.handle = None
        self.policy = policy
        handle = _c_void_p()
        rc = _native.purdah_scanner_new(_byref(handle), policy.handle)
        if rc:
            raise _make_error(rc)
        self.handle = handle

    def __del__(self, _free=_native.purdah_scanner_free):
        handle, self.handle = self.handle, None
        if handle:
            _free(handle)


class _Builder:
    __slots__ = ("handle",)

    def __init__(self):
        self.handle = _c_void_p()
        rc = _native.purdah_builder_new(_byref(self.handle))
        if rc:
            self.handle = None
            raise _make_error(rc)

    def call(self, fn, *args):
        err = _c_void_p()
        rc = fn(self.handle, *args, _byref(err))
        if rc:
            raise _make_error(rc, err)

    def close(self, _free=_native.purdah_builder_free):
        handle, self.handle = self.handle, None
        if handle:
            _free(handle)

    __del__ = close


# ---------------------------------------------------------------------------------------------
# Policy

_PRIVATE = object()


class Policy:
    """A compiled policy: rules, clauses, elections, candidates and members. Immutable and
    thread-safe; build one with Policy.default(), Policy.load() or Policy.from_xml()."""

    def __init__(self, _token=None, _handle=None):
        if _token is not _PRIVATE:
            raise TypeError("use Policy.default(), Policy.load() or Policy.from_xml()")
        self._owner = _PolicyHandle(_handle)
        self._local = _threading.local()
        handle = _handle
        self.jurisdiction = _decode(_native.purdah_policy_jurisdiction(handle))
        clauses = {}
        for i in range(_native.purdah_policy_clause_count(handle)):
            c = _clause_from_struct(_native.purdah_policy_clause(handle, i).contents)
            clauses[c.id] = c
        self._clauses = clauses
        rules = []
        for i in range(_native.purdah_policy_rule_count(handle)):
            rules.append(self._rule_from_struct(_native.purdah_policy_rule(handle, i).contents))
        self._rules = tuple(rules)

    # -- construction

    @classmethod
    def _build(cls, load, candidates, members, elections, non_working_days):
        candidate_paths = _paths(candidates, "candidates")
        member_paths = _paths(members, "members")
        election_specs = _strings(elections)
        days = _strings(non_working_days)
        builder = _Builder()
        try:
            load(builder)
            for path in candidate_paths:
                builder.call(_native.purdah_builder_add_candidates_file, path)
            for path in member_paths:
                builder.call(_native.purdah_builder_add_members_file, path)
            for spec in election_specs:
                builder.call(_native.purdah_builder_add_election, spec)
            for day in days:
                builder.call(_native.purdah_builder_add_non_working_day, day)
            handle = _c_void_p()
            err = _c_void_p()
            rc = _native.purdah_policy_compile(_byref(handle), builder.handle, _byref(err))
            if rc:
                raise _make_error(rc, err)
        finally:
            builder.close()
        try:
            return cls(_PRIVATE, handle)
        except BaseException:
            _native.purdah_policy_free(handle)
            raise

    @classmethod
    def default(cls, *, candidates=None, members=None, elections=None, non_working_days=None):
        """The policy built into the library (England: LGA 1986 s2, the 2011 Code, the LGA
        guidance), with optional candidates/members CSV files (a path or a list of paths),
        elections ("local:2027-05-06", replacing the policy's) and extra non-working days."""
        return cls._build(lambda b: b.call(_native.purdah_builder_load_default),
                          candidates, members, elections, non_working_days)

    @classmethod
    def load(cls, path=None, *, candidates=None, members=None, elections=None,
             non_working_days=None):
        """A policy XML file (relative ``src`` paths resolve against its directory;
        ``builtin:NAME`` names a file inside the library), or the default policy when path is
        None; the other arguments are as for Policy.default()."""
        if path is None:
            return cls.default(candidates=candidates, members=members, elections=elections,
                               non_working_days=non_working_days)
        p = _fs(path)
        return cls._build(lambda b: b.call(_native.purdah_builder_load_policy_file, p),
                          candidates, members, elections, non_working_days)

    @classmethod
    def from_xml(cls, xml, name="<policy>", *, candidates=None, members=None, elections=None,
                 non_working_days=None):
        """A policy from XML text (str or bytes). ``name`` appears in error messages and is the
        base for relative paths."""
        data = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
        n = _fs(name)
        return cls._build(
            lambda b: b.call(_native.purdah_builder_load_policy_buffer, data, len(data), n),
            candidates, members, elections, non_working_days)

    # -- lifetime

    def close(self):
        """Releases this thread's scanner and the policy's reference to its native handle. The
        native policy is freed once no scan is running on it; later checks raise ValueError."""
        self._local = None
        self._owner = None

    @property
    def closed(self):
        return self._owner is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _handle(self):
        owner = self._owner
        if owner is None:
            raise ValueError("the policy is closed")
        return owner

    # -- checking

    def check(self, text, date=None, areas=(), format="auto", max_input_bytes=0, name=None):
        """Checks one draft and returns its Report.

        text: str (checked as UTF-8) or bytes (checked as given; offsets index these bytes).
        date: the intended publication date, datetime.date or "YYYY-MM-DD"; None means today.
        areas: the wards or divisions the draft concerns (for by-elections).
        format: "auto", "text", "html", "markdown", "xml", "docx" or "social".
        max_input_bytes: larger input is truncated with a warning; 0 means 16 MiB.
        name: a file name recorded as "file" in the JSON.
        """
        local = self._local
        if local is None:
            raise ValueError("the policy is closed")
        scanner = getattr(local, "scanner", None)
        if scanner is None:
            scanner = local.scanner = _Scanner(self._handle())
        data = _data(text)
        as_of = _date(date)
        area_list = _strings(areas)
        area_array, area_count = _array(area_list)
        if not isinstance(max_input_bytes, int) or max_input_bytes < 0:
            raise _invalid("max_input_bytes must be a non-negative int")
        options = _native.ScanOptions(_native.SCAN_OPTIONS_VERSION, _format(format), as_of,
                                      area_array, area_count, max_input_bytes)
        file_name = None if name is None else _fs(name)
        result = _c_void_p()
        err = _c_void_p()
        rc = _native.purdah_scan(scanner.handle, data, len(data), _byref(options),
                                 _byref(result), _byref(err))
        if rc:
            raise _make_error(rc, err)
        try:
            score = _native.purdah_result_score(result)
            verdict = _VERDICT_NAMES.get(_native.purdah_result_verdict(result), "block")
            extracted = None
            if _native.purdah_result_offsets(result) == b"text":
                n = _c_size_t()
                p = _native.purdah_result_text(result, _byref(n))
                extracted = _string_at(p, n.value).decode("utf-8", "replace") if p else ""
            out = _c_void_p()
            n = _c_size_t()
            rc = _native.purdah_result_to_json(result, file_name, _byref(out), _byref(n))
            if rc:
                raise _make_error(rc)
            try:
                text_json = _string_at(out, n.value).decode("utf-8")
            finally:
                _native.purdah_free(out)
        finally:
            _native.purdah_result_free(result)
        return Report(self, text_json, score, verdict, extracted)

    def check_file(self, path, date=None, areas=(), format="auto", max_input_bytes=0):
        """Reads and checks a file; with format "auto" its extension decides first (.html, .md,
        .xml, .docx), then its content, as the CLI does."""
        with open(path, "rb") as f:
            data = f.read()
        if format == "auto":
            format = format_from_file_name(path)
        return self.check(data, date=date, areas=areas, format=format,
                          max_input_bytes=max_input_bytes, name=_os.fsdecode(path))

    # -- the policy itself

    @property
    def rules(self):
        """The policy's rules, as Rule objects."""
        return self._rules

    @property
    def clauses(self):
        """The policy's clauses, as Clause objects."""
        return tuple(self._clauses.values())

    def clause(self, id):
        """The clause with this id, or NotFoundError."""
        try:
            return self._clauses[id]
        except KeyError:
            raise NotFoundError(_native.ENOTFOUND,
                                'no clause called "%s" in the policy' % id) from None

    def explain(self, id):
        """The Rule or Clause with this id (rules first, as `purdah explain` does)."""
        for rule in self._rules:
            if rule.id == id:
                return rule
        if id in self._clauses:
            return self._clauses[id]
        raise NotFoundError(_native.ENOTFOUND, 'no rule or clause called "%s" in the policy' % id)

    def windows(self, date=None, areas=()):
        """Every election of the policy with its window as of ``date`` (None: today). For
        by-elections, ``applies`` is True only when one of ``areas`` is among its areas."""
        owner = self._handle()
        as_of = _date(date)
        area_list = _strings(areas)
        area_array, area_count = _array(area_list)
        out = _c_void_p()
        err = _c_void_p()
        rc = _native.purdah_policy_windows(owner.handle, as_of, area_array, area_count,
                                           _byref(out), _byref(err))
        if rc:
            raise _make_error(rc, err)
        try:
            return [_window_from_struct(_native.purdah_windows_get(out, i).contents)
                    for i in range(_native.purdah_windows_count(out))]
        finally:
            _native.purdah_windows_free(out)

    def _rule_from_struct(self, r):
        clauses = []
        for i in range(r.clause_count):
            c = _clause_from_struct(r.clauses[i].contents)
            clauses.append(self._clauses.get(c.id, c))
        return Rule(_decode(r.id), _decode(r.category), _decode(r.description),
                    _decode(r.message), _decode(r.suggestion),
                    _SEVERITY_NAMES.get(r.in_window, "none"),
                    _SEVERITY_NAMES.get(r.outside_window, "none"), tuple(clauses))

    def _clause_for(self, d):
        c = self._clauses.get(d.get("id"))
        if c is not None and c.title == d.get("title") and c.source == d.get("source"):
            return c
        return Clause(d.get("id"), d.get("title"), d.get("source"))

    def __repr__(self):
        state = "closed" if self.closed else "%d rules, %d clauses" % (len(self._rules),
                                                                        len(self._clauses))
        return "<purdah.Policy %s (%s)>" % (self.jurisdiction, state)


# ---------------------------------------------------------------------------------------------
# Report


class Report:
    """The result of checking one draft. ``score`` and ``verdict`` are read from the library at
    once; ``findings``, ``windows`` and ``warnings`` are built from the library's JSON on first
    use. ``to_json()`` returns that JSON exactly."""

    __slots__ = ("policy", "score", "verdict", "text", "_json", "_data", "_findings",
                 "_windows")

    def __init__(self, policy, text_json, score, verdict, text=None):
        self.policy = policy
        self.score = score
        self.verdict = verdict
        #: For Word documents, the text extracted from them (what offsets index); else None.
        self.text = text
        self._json = text_json
        self._data = None
        self._findings = None
        self._windows = None

    def _parsed(self):
        data = self._data
        if data is None:
            data = self._data = _json.loads(self._json)
        return data

    @property
    def findings(self):
        """Findings (Finding objects) ordered by start offset, suppressed ones included."""
        findings = self._findings
        if findings is None:
            policy = self.policy
            out = []
            for d in self._parsed()["findings"]:
                kw = {k: v for k, v in d.items() if k in _FINDING_FIELDS}
                kw["clauses"] = tuple(policy._clause_for(c) for c in d.get("clauses", ()))
                out.append(Finding(**kw))
            findings = self._findings = tuple(out)
        return findings

    @property
    def windows(self):
        """The windows that apply to this draft (whether or not the date is inside them)."""
        windows = self._windows
        if windows is None:
            out = []
            for d in self._parsed()["windows"]:
                kw = {k: v for k, v in d.items() if k in _WINDOW_FIELDS}
                kw["areas"] = tuple(kw.get("areas", ()))
                out.append(Window(**kw))
            windows = self._windows = tuple(out)
        return windows

    @property
    def warnings(self):
        """Degradations: truncated input, invalid UTF-8, malformed markup, ..."""
        return tuple(self._parsed()["warnings"])

    @property
    def in_window(self):
        """True when the date is inside the window of an election that applies to the draft."""
        return bool(self._parsed()["in_window"])

    @property
    def as_of(self):
        return self._parsed()["as_of"]

    @property
    def format(self):
        """The format actually read: text, html, markdown, xml, docx or social."""
        return self._parsed()["format"]

    @property
    def offsets(self):
        """"input" (offsets index the bytes checked) or "text" (Word: they index ``text``)."""
        return self._parsed()["offsets"]

    @property
    def file(self):
        return self._parsed()["file"]

    @property
    def active_findings(self):
        """The findings that count: those no purdah-disable directive suppresses."""
        return tuple(f for f in self.findings if not f.suppressed)

    def to_json(self, **dumps_kwargs):
        """The library's JSON for this draft; with keyword arguments (indent=2, ...), the same
        data re-serialised by json.dumps."""
        if dumps_kwargs:
            return _json.dumps(self._parsed(), **dumps_kwargs)
        return self._json

    def to_dict(self):
        """The JSON as a dict (a fresh copy)."""
        return _json.loads(self._json)

    def __repr__(self):
        return "<purdah.Report verdict=%s score=%d findings=%d>" % (
            self.verdict, self.score, len(self._parsed()["findings"]))


# ---------------------------------------------------------------------------------------------
# Module-level helpers

_default_policy = None
_default_lock = _threading.Lock()


def check(text, date=None, areas=(), format="auto", max_input_bytes=0, name=None):
    """Checks a draft against the built-in default policy (compiled once, on first use)."""
    global _default_policy
    policy = _default_policy
    if policy is None:
        with _default_lock:
            if _default_policy is None:
                _default_policy = Policy.default()
            policy = _default_policy
    return policy.check(text, date=date, areas=areas, format=format,
                        max_input_bytes=max_input_bytes, name=name)


def format_from_file_name(name):
    """The format a file name's extension implies ("html", "markdown", "xml", "docx") or
    "auto"."""
    code = _native.purdah_format_from_file_name(_fs(name))
    return _decode(_native.purdah_format_name(code))


def embedded_names():
    """Names of the files inside the library, usable as "builtin:NAME" in a policy."""
    names = _native.purdah_embedded_names()
    out = []
    i = 0
    while names[i] is not None:
        out.append(_decode(names[i]))
        i += 1
    return out


def embedded_file(name):
    """The bytes of a file inside the library (the default policy, wordlists, catalogues)."""
    data = _c_void_p()
    n = _c_size_t()
    rc = _native.purdah_embedded_file(name.encode("utf-8"), _byref(data), _byref(n))
    if rc:
        raise _make_error(rc, message='no embedded file called "%s"' % name)
    return _string_at(data, n.value) if n.value else b""
