"""Finding, loading and declaring libpurdah (ctypes; no compiled extension).

Rules kept here (c-library-models.md §8.4, from cmark 3131c746 and python-libarchive-c):

* every function used is declared with ``argtypes`` and ``restype``; handles are ``c_void_p``;
* ``restype = c_char_p`` only for ``const char *`` the library keeps ownership of (policy and
  result strings, error messages, static names); memory the caller must free (JSON text) comes back
  through a ``POINTER(c_void_p)`` out-parameter, is copied with ``string_at`` and released with
  ``purdah_free``;
* byte buffers go in as a pointer plus a ``c_size_t`` length.

Discovery order: ``$PURDAH_LIBRARY``; a ``libpurdah.so*`` next to this package; the meson build
tree (``build/lib/libpurdah.so*`` in any directory above the package); then the system
(``ctypes.util.find_library("purdah")``, then ``libpurdah.so.0``).
"""

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char_p, c_int, c_size_t, c_uint, c_ulong,
                    c_void_p)

# The library version this package is written against: the major must match and the loaded
# library must be at least this version (MAJOR * 10000 + MINOR * 100 + PATCH).
EXPECTED_VERSION = (0, 1, 0)
EXPECTED_VERSION_NUMBER = EXPECTED_VERSION[0] * 10000 + EXPECTED_VERSION[1] * 100 + EXPECTED_VERSION[2]
SONAME = "libpurdah.so.0"

# Status codes (purdah_status). Append only.
OK = 0
ENOMEM = -1
EINVAL = -2
EPOLICY = -3
EREGEX = -4
EIO = -5
EDATA = -6
EBUSY = -7
ELIMIT = -8
ENOTFOUND = -9
EVERSION = -10

SCAN_OPTIONS_VERSION = 1
SEVERITY_NAMES = ("none", "advisory", "review", "block")


class LibraryError(ImportError):
    """libpurdah cannot be found or loaded, or is a version this package does not support."""


# ---------------------------------------------------------------------------------------------
# Structures the library fills. They are only ever read through pointers the library returns;
# fields are append-only, so a prefix of the real struct is always safe to read.

class Clause(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("title", c_char_p),
        ("source", c_char_p),
        ("text", c_char_p),
        ("url", c_char_p),
    ]


class Rule(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("category", c_char_p),
        ("description", c_char_p),
        ("message", c_char_p),
        ("suggestion", c_char_p),
        ("in_window", c_int),
        ("outside_window", c_int),
        ("clauses", POINTER(POINTER(Clause))),
        ("clause_count", c_size_t),
    ]


class Window(Structure):
    _fields_ = [
        ("election", c_char_p),
        ("type", c_char_p),
        ("poll", ctypes.c_char * 11),
        ("start", ctypes.c_char * 11),
        ("end", ctypes.c_char * 11),
        ("start_basis", c_char_p),
        ("areas", POINTER(c_char_p)),
        ("area_count", c_size_t),
        ("in_window", c_int),
        ("applies", c_int),
    ]


class Finding(Structure):
    _fields_ = [
        ("rule", POINTER(Rule)),
        ("rule_id", c_char_p),
        ("category", c_char_p),
        ("severity", c_int),
        ("start", c_size_t),
        ("end", c_size_t),
        ("line", c_size_t),
        ("column", c_size_t),
        ("text", c_char_p),
        ("role", c_char_p),
        ("message", c_char_p),
        ("suggestion", c_char_p),
        ("clauses", POINTER(POINTER(Clause))),
        ("clause_count", c_size_t),
        ("context", c_char_p),
        ("suppressed", c_int),
        ("suppression", c_char_p),
    ]


class ScanOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("format", c_int),
        ("as_of", c_char_p),
        ("areas", POINTER(c_char_p)),
        ("area_count", c_size_t),
        ("max_input_bytes", c_size_t),
    ]


# ---------------------------------------------------------------------------------------------
# Discovery

def _candidates():
    """(how it was found, path) pairs to try, in order."""
    env = os.environ.get("PURDAH_LIBRARY")
    if env:
        # An explicit choice is never silently replaced by another library.
        return [("PURDAH_LIBRARY", env)]
    found = []
    here = os.path.dirname(os.path.abspath(__file__))
    for name in (SONAME, "libpurdah.so"):
        path = os.path.join(here, name)
        if os.path.exists(path):
            found.append(("next to the package", path))
    try:
        extra = sorted(n for n in os.listdir(here) if n.startswith("libpurdah.so"))
    except OSError:
        extra = []
    for name in extra:
        path = os.path.join(here, name)
        if ("next to the package", path) not in found:
            found.append(("next to the package", path))
    directory = here
    while True:
        for name in (SONAME, "libpurdah.so"):
            path = os.path.join(directory, "build", "lib", name)
            if os.path.exists(path):
                found.append(("build tree", path))
                break
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    system = ctypes.util.find_library("purdah")
    if system:
        found.append(("system", system))
    found.append(("system", SONAME))
    return found


def _load():
    tried = []
    for how, path in _candidates():
        try:
            return ctypes.CDLL(path), path, how
        except OSError as e:
            tried.append("%s (%s): %s" % (path, how, e))
    raise LibraryError(
        "cannot load libpurdah; tried:\n  " + "\n  ".join(tried) +
        "\nBuild it (meson setup build && ninja -C build), install it (meson install -C build), "
        "or set PURDAH_LIBRARY to the path of libpurdah.so.0.")


lib, library_path, library_found_by = _load()


def _declare(name, restype, *argtypes):
    try:
        f = getattr(lib, name)
    except AttributeError:
        raise LibraryError("%s (%s) has no symbol %s: it is too old for this package"
                           % (library_path, library_found_by, name)) from None
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


# Version first, so that an old library fails with a clear message rather than a missing symbol.
purdah_version_number = _declare("purdah_version_number", c_uint)
purdah_version_string = _declare("purdah_version_string", c_char_p)



def check_version(number, string, path, how):
    """Raises LibraryError unless the library's major version is the one this package expects
    and it is at least EXPECTED_VERSION."""
    if number // 10000 != EXPECTED_VERSION[0] or number < EXPECTED_VERSION_NUMBER:
        raise LibraryError(
            "%s (%s) is libpurdah %s; this package needs %d.x, at least %d.%d.%d"
            % (path, how, string, EXPECTED_VERSION[0], *EXPECTED_VERSION))


library_version_number = purdah_version_number()
library_version = purdah_version_string().decode("ascii", "replace")
check_version(library_version_number, library_version, library_path, library_found_by)

c_void_pp = POINTER(c_void_p)
c_char_pp = POINTER(c_char_p)

purdah_strerror = _declare("purdah_strerror", c_char_p, c_int)
purdah_free = _declare("purdah_free", None, c_void_p)

purdah_error_code = _declare("purdah_error_code", c_int, c_void_p)
purdah_error_message = _declare("purdah_error_message", c_char_p, c_void_p)
purdah_error_file = _declare("purdah_error_file", c_char_p, c_void_p)
purdah_error_line = _declare("purdah_error_line", c_ulong, c_void_p)
purdah_error_column = _declare("purdah_error_column", c_ulong, c_void_p)
# *out is allocated by the library: a c_void_p out-parameter, released with purdah_free.
purdah_error_format = _declare("purdah_error_format", c_int, c_void_p, c_void_pp)
purdah_error_free = _declare("purdah_error_free", None, c_void_p)

purdah_builder_new = _declare("purdah_builder_new", c_int, c_void_pp)
purdah_builder_free = _declare("purdah_builder_free", None, c_void_p)
purdah_builder_load_default = _declare("purdah_builder_load_default", c_int, c_void_p, c_void_pp)
purdah_builder_load_policy_file = _declare("purdah_builder_load_policy_file", c_int,
                                           c_void_p, c_char_p, c_void_pp)
purdah_builder_load_policy_buffer = _declare("purdah_builder_load_policy_buffer", c_int,
                                             c_void_p, c_char_p, c_size_t, c_char_p, c_void_pp)
purdah_builder_add_candidates_file = _declare("purdah_builder_add_candidates_file", c_int,
                                              c_void_p, c_char_p, c_void_pp)
purdah_builder_add_candidates_buffer = _declare("purdah_builder_add_candidates_buffer", c_int,
                                                c_void_p, c_char_p, c_size_t, c_char_p, c_void_pp)
purdah_builder_add_members_file = _declare("purdah_builder_add_members_file", c_int,
                                           c_void_p, c_char_p, c_void_pp)
purdah_builder_add_members_buffer = _declare("purdah_builder_add_members_buffer", c_int,
                                             c_void_p, c_char_p, c_size_t, c_char_p, c_void_pp)
purdah_builder_add_election = _declare("purdah_builder_add_election", c_int,
                                       c_void_p, c_char_p, c_void_pp)
purdah_builder_add_non_working_day = _declare("purdah_builder_add_non_working_day", c_int,
                                              c_void_p, c_char_p, c_void_pp)
purdah_policy_compile = _declare("purdah_policy_compile", c_int, c_void_pp, c_void_p, c_void_pp)
purdah_policy_free = _declare("purdah_policy_free", None, c_void_p)

purdah_severity_name = _declare("purdah_severity_name", c_char_p, c_int)
purdah_verdict_name = _declare("purdah_verdict_name", c_char_p, c_int)
purdah_policy_rule_count = _declare("purdah_policy_rule_count", c_size_t, c_void_p)
purdah_policy_rule = _declare("purdah_policy_rule", POINTER(Rule), c_void_p, c_size_t)
purdah_policy_find_rule = _declare("purdah_policy_find_rule", POINTER(Rule), c_void_p, c_char_p)
purdah_policy_find_clause = _declare("purdah_policy_find_clause", POINTER(Clause),
                                     c_void_p, c_char_p)
purdah_policy_clause_count = _declare("purdah_policy_clause_count", c_size_t, c_void_p)
purdah_policy_clause = _declare("purdah_policy_clause", POINTER(Clause), c_void_p, c_size_t)
purdah_policy_jurisdiction = _declare("purdah_policy_jurisdiction", c_char_p, c_void_p)

purdah_policy_windows = _declare("purdah_policy_windows", c_int, c_void_p, c_char_p,
                                 c_char_pp, c_size_t, c_void_pp, c_void_pp)
purdah_windows_count = _declare("purdah_windows_count", c_size_t, c_void_p)
purdah_windows_get = _declare("purdah_windows_get", POINTER(Window), c_void_p, c_size_t)
purdah_windows_free = _declare("purdah_windows_free", None, c_void_p)

purdah_format_name = _declare("purdah_format_name", c_char_p, c_int)
purdah_format_from_name = _declare("purdah_format_from_name", c_int, c_char_p)
purdah_format_from_file_name = _declare("purdah_format_from_file_name", c_int, c_char_p)

purdah_scanner_new = _declare("purdah_scanner_new", c_int, c_void_pp, c_void_p)
purdah_scanner_free = _declare("purdah_scanner_free", None, c_void_p)
# data is c_void_p: a bytes object is passed as a pointer to its buffer, without a copy.
purdah_scan = _declare("purdah_scan", c_int, c_void_p, c_void_p, c_size_t, POINTER(ScanOptions),
                       c_void_pp, c_void_pp)

purdah_result_verdict = _declare("purdah_result_verdict", c_int, c_void_p)
purdah_result_score = _declare("purdah_result_score", c_int, c_void_p)
purdah_result_finding_count = _declare("purdah_result_finding_count", c_size_t, c_void_p)
purdah_result_finding = _declare("purdah_result_finding", POINTER(Finding), c_void_p, c_size_t)
purdah_result_in_window = _declare("purdah_result_in_window", c_int, c_void_p)
purdah_result_as_of = _declare("purdah_result_as_of", c_char_p, c_void_p)
purdah_result_format = _declare("purdah_result_format", c_char_p, c_void_p)
purdah_result_window_count = _declare("purdah_result_window_count", c_size_t, c_void_p)
purdah_result_window = _declare("purdah_result_window", POINTER(Window), c_void_p, c_size_t)
purdah_result_warning_count = _declare("purdah_result_warning_count", c_size_t, c_void_p)
purdah_result_warning = _declare("purdah_result_warning", c_char_p, c_void_p, c_size_t)
purdah_result_offsets = _declare("purdah_result_offsets", c_char_p, c_void_p)
# Borrowed bytes that may hold NULs: read as a pointer plus length with string_at.
purdah_result_text = _declare("purdah_result_text", c_void_p, c_void_p, POINTER(c_size_t))
purdah_result_to_json = _declare("purdah_result_to_json", c_int, c_void_p, c_char_p, c_void_pp,
                                 POINTER(c_size_t))
purdah_result_free = _declare("purdah_result_free", None, c_void_p)

purdah_embedded_names = _declare("purdah_embedded_names", c_char_pp)
purdah_embedded_file = _declare("purdah_embedded_file", c_int, c_char_p, c_void_pp,
                                POINTER(c_size_t))
