/* fold_table.h: diacritic-stripping and lower-casing tables for Latin letters (see fold.h).
 * Included only by fold.c.
 *
 * pd_fold_latin covers U+00C0-U+024F (Latin-1 Supplement letters, Latin Extended-A and -B),
 * pd_fold_latin_add covers U+1E00-U+1EFF (Latin Extended Additional: Welsh w/y with grave,
 * acute and diaeresis, Vietnamese). Each entry is the folded UTF-8 form of one code point: the
 * base ASCII letter (the NFD base, or X in "LATIN ... LETTER X WITH ..." for letters with a
 * stroke or hook, which have no decomposition), a digraph for ligatures and special letters
 * (ae, oe, ss, th, ij, dz, lj, nj), else the simple lower-case mapping; "" keeps the character
 * as it is. A folded form is never longer than the character it replaces.
 *
 * Generated from Unicode 14.0.0 data by the Python 3 script below, which prints the tables:
 *
 * import re, unicodedata
 * SPECIAL = {0xC6: 'ae', 0xE6: 'ae', 0xD0: 'd', 0xF0: 'd', 0xDE: 'th', 0xFE: 'th',
 *            0xDF: 'ss', 0x152: 'oe', 0x153: 'oe', 0x132: 'ij', 0x133: 'ij', 0x131: 'i',
 *            0x138: 'k', 0x149: 'n', 0x17F: 's', 0x1C4: 'dz', 0x1C5: 'dz', 0x1C6: 'dz',
 *            0x1C7: 'lj', 0x1C8: 'lj', 0x1C9: 'lj', 0x1CA: 'nj', 0x1CB: 'nj', 0x1CC: 'nj',
 *            0x1F1: 'dz', 0x1F2: 'dz', 0x1F3: 'dz', 0x1E2: 'ae', 0x1E3: 'ae', 0x1FC: 'ae',
 *            0x1FD: 'ae', 0x238: 'db', 0x239: 'qp', 0x1E9B: 's', 0x1E9C: 's', 0x1E9D: 's',
 *            0x1E9E: 'ss'}
 *
 * def fold(cp):
 *     ch = chr(cp)
 *     name = unicodedata.name(ch, '')
 *     if not name: return ''
 *     if cp in SPECIAL: return SPECIAL[cp]
 *     base = unicodedata.normalize('NFD', ch)[0]
 *     if base.isascii() and base.isalpha(): return base.lower()
 *     m = re.match(r'LATIN (CAPITAL|SMALL) LETTER ([A-Z]) WITH ', name)
 *     if m and 'LETTER' not in name[m.end():]: return m.group(2).lower()
 *     lower = ch.lower()
 *     return lower if lower != ch and len(lower) == 1 else ''
 *
 * def table(name, lo, hi, width):
 *     print('static const char %s[0x%X - 0x%X + 1][%d] = {' % (name, hi, lo, width))
 *     for row in range(lo, hi + 1, 8):
 *         cells = []
 *         for cp in range(row, row + 8):
 *             b = fold(cp).encode()
 *             assert len(b) <= len(chr(cp).encode()) and len(b) < width, hex(cp)
 *             cells.append('"%s",' % ''.join(chr(c) if c < 0x80 else '\\x%02X' % c for c in b))
 *         print('    %s // U+%04X' % (' '.join(cells), row))
 *     print('};')
 *
 * table('pd_fold_latin', 0xC0, 0x24F, 3)
 * print()
 * table('pd_fold_latin_add', 0x1E00, 0x1EFF, 4)
 */
#ifndef PD_FOLD_TABLE_H
#define PD_FOLD_TABLE_H

static const char pd_fold_latin[0x24F - 0xC0 + 1][3] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", // U+00C0
    "e", "e", "e", "e", "i", "i", "i", "i", // U+00C8
    "d", "n", "o", "o", "o", "o", "o", "", // U+00D0
    "o", "u", "u", "u", "u", "y", "th", "ss", // U+00D8
    "a", "a", "a", "a", "a", "a", "ae", "c", // U+00E0
    "e", "e", "e", "e", "i", "i", "i", "i", // U+00E8
    "d", "n", "o", "o", "o", "o", "o", "", // U+00F0
    "o", "u", "u", "u", "u", "y", "th", "y", // U+00F8
    "a", "a", "a", "a", "a", "a", "c", "c", // U+0100
    "c", "c", "c", "c", "c", "c", "d", "d", // U+0108
    "d", "d", "e", "e", "e", "e", "e", "e", // U+0110
    "e", "e", "e", "e", "g", "g", "g", "g", // U+0118
    "g", "g", "g", "g", "h", "h", "h", "h", // U+0120
    "i", "i", "i", "i", "i", "i", "i", "i", // U+0128
    "i", "i", "ij", "ij", "j", "j", "k", "k", // U+0130
    "k", "l", "l", "l", "l", "l", "l", "l", // U+0138
    "l", "l", "l", "n", "n", "n", "n", "n", // U+0140
    "n", "n", "\xC5\x8B", "", "o", "o", "o", "o", // U+0148
    "o", "o", "oe", "oe", "r", "r", "r", "r", // U+0150
    "r", "r", "s", "s", "s", "s", "s", "s", // U+0158
    "s", "s", "t", "t", "t", "t", "t", "t", // U+0160
    "u", "u", "u", "u", "u", "u", "u", "u", // U+0168
    "u", "u", "u", "u", "w", "w", "y", "y", // U+0170
    "y", "z", "z", "z", "z", "z", "z", "s", // U+0178
    "b", "b", "b", "b", "\xC6\x85", "", "\xC9\x94", "c", // U+0180
    "c", "\xC9\x96", "d", "d", "d", "", "\xC7\x9D", "\xC9\x99", // U+0188
    "\xC9\x9B", "f", "f", "g", "\xC9\xA3", "", "\xC9\xA9", "i", // U+0190
    "k", "k", "l", "", "\xC9\xAF", "n", "n", "o", // U+0198
    "o", "o", "\xC6\xA3", "", "p", "p", "\xCA\x80", "\xC6\xA8", // U+01A0
    "", "\xCA\x83", "", "t", "t", "t", "t", "u", // U+01A8
    "u", "\xCA\x8A", "v", "y", "y", "z", "z", "\xCA\x92", // U+01B0
    "\xC6\xB9", "", "", "", "\xC6\xBD", "", "", "", // U+01B8
    "", "", "", "", "dz", "dz", "dz", "lj", // U+01C0
    "lj", "lj", "nj", "nj", "nj", "a", "a", "i", // U+01C8
    "i", "o", "o", "u", "u", "u", "u", "u", // U+01D0
    "u", "u", "u", "u", "u", "", "a", "a", // U+01D8
    "a", "a", "ae", "ae", "g", "g", "g", "g", // U+01E0
    "k", "k", "o", "o", "o", "o", "\xC7\xAF", "", // U+01E8
    "j", "dz", "dz", "dz", "g", "g", "\xC6\x95", "\xC6\xBF", // U+01F0
    "n", "n", "a", "a", "ae", "ae", "o", "o", // U+01F8
    "a", "a", "a", "a", "e", "e", "e", "e", // U+0200
    "i", "i", "i", "i", "o", "o", "o", "o", // U+0208
    "r", "r", "r", "r", "u", "u", "u", "u", // U+0210
    "s", "s", "t", "t", "\xC8\x9D", "", "h", "h", // U+0218
    "n", "d", "\xC8\xA3", "", "z", "z", "a", "a", // U+0220
    "e", "e", "o", "o", "o", "o", "o", "o", // U+0228
    "o", "o", "y", "y", "l", "n", "t", "", // U+0230
    "db", "qp", "a", "c", "c", "l", "t", "s", // U+0238
    "z", "\xC9\x82", "", "b", "\xCA\x89", "\xCA\x8C", "e", "e", // U+0240
    "j", "j", "\xC9\x8B", "q", "r", "r", "y", "y", // U+0248
};

static const char pd_fold_latin_add[0x1EFF - 0x1E00 + 1][4] = {
    "a", "a", "b", "b", "b", "b", "b", "b", // U+1E00
    "c", "c", "d", "d", "d", "d", "d", "d", // U+1E08
    "d", "d", "d", "d", "e", "e", "e", "e", // U+1E10
    "e", "e", "e", "e", "e", "e", "f", "f", // U+1E18
    "g", "g", "h", "h", "h", "h", "h", "h", // U+1E20
    "h", "h", "h", "h", "i", "i", "i", "i", // U+1E28
    "k", "k", "k", "k", "k", "k", "l", "l", // U+1E30
    "l", "l", "l", "l", "l", "l", "m", "m", // U+1E38
    "m", "m", "m", "m", "n", "n", "n", "n", // U+1E40
    "n", "n", "n", "n", "o", "o", "o", "o", // U+1E48
    "o", "o", "o", "o", "p", "p", "p", "p", // U+1E50
    "r", "r", "r", "r", "r", "r", "r", "r", // U+1E58
    "s", "s", "s", "s", "s", "s", "s", "s", // U+1E60
    "s", "s", "t", "t", "t", "t", "t", "t", // U+1E68
    "t", "t", "u", "u", "u", "u", "u", "u", // U+1E70
    "u", "u", "u", "u", "v", "v", "v", "v", // U+1E78
    "w", "w", "w", "w", "w", "w", "w", "w", // U+1E80
    "w", "w", "x", "x", "x", "x", "y", "y", // U+1E88
    "z", "z", "z", "z", "z", "z", "h", "t", // U+1E90
    "w", "y", "a", "s", "s", "s", "ss", "", // U+1E98
    "a", "a", "a", "a", "a", "a", "a", "a", // U+1EA0
    "a", "a", "a", "a", "a", "a", "a", "a", // U+1EA8
    "a", "a", "a", "a", "a", "a", "a", "a", // U+1EB0
    "e", "e", "e", "e", "e", "e", "e", "e", // U+1EB8
    "e", "e", "e", "e", "e", "e", "e", "e", // U+1EC0
    "i", "i", "i", "i", "o", "o", "o", "o", // U+1EC8
    "o", "o", "o", "o", "o", "o", "o", "o", // U+1ED0
    "o", "o", "o", "o", "o", "o", "o", "o", // U+1ED8
    "o", "o", "o", "o", "u", "u", "u", "u", // U+1EE0
    "u", "u", "u", "u", "u", "u", "u", "u", // U+1EE8
    "u", "u", "y", "y", "y", "y", "y", "y", // U+1EF0
    "y", "y", "\xE1\xBB\xBB", "", "\xE1\xBB\xBD", "", "y", "y", // U+1EF8
};

#endif
