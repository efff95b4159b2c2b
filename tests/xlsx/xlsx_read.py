"""xlsx_read.py — an independent reader of .xlsx workbooks (Python stdlib only: zipfile and
ElementTree), for the tests of `pvs eval --format xlsx`. It knows nothing of pvs or of
libxlsxwriter: it follows the Office Open XML parts (workbook, relationships, shared strings,
sheets) and gives each sheet as a dict of cells.

    book = read("out.xlsx")            # {sheet name: Sheet}, in tab order (dict order)
    c = book["Synthèse"].cell(5, 2)    # row and column from 0; None when empty
    c.kind                             # "n" number, "s" text, "b" boolean, "e" error
    c.value                            # float, str, bool
    c.raw                              # the text of <v> (a number exactly as stored)
    c.formula                          # "SUM(A1,A2)" without '=', or None
"""
import re
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
R_ID = "{%s}id" % NS["r"]


class Cell:
    def __init__(self, kind, value, raw, formula, style):
        self.kind, self.value, self.raw, self.formula, self.style = kind, value, raw, formula, style

    def __repr__(self):
        return "Cell(%s, %r%s)" % (self.kind, self.value, ", =" + self.formula if self.formula else "")


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}          # (row, col) -> Cell
        self.frozen = None       # (rows, cols) above/left of the frozen pane, or None
        self.widths = {}         # col -> width

    def cell(self, row, col):
        return self.cells.get((row, col))

    def rows(self):
        return 1 + max((r for r, _ in self.cells), default=-1)

    def row_values(self, row):
        n = 1 + max((c for r, c in self.cells if r == row), default=-1)
        return [self.cells.get((row, c)) for c in range(n)]


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_ref(ref):
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    return int(m.group(2)) - 1, col_index(m.group(1))


def _shared_strings(z):
    try:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    out = []
    for si in root.findall("m:si", NS):
        out.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    return out


def _sheet(z, path, name, strings):
    s = Sheet(name)
    root = ET.fromstring(z.read(path))
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is not None and pane.get("state") == "frozen":
        s.frozen = (int(float(pane.get("ySplit", "0"))), int(float(pane.get("xSplit", "0"))))
    for col in root.findall("m:cols/m:col", NS):
        for c in range(int(col.get("min")) - 1, int(col.get("max"))):
            s.widths[c] = float(col.get("width"))
    for c in root.iter("{%s}c" % NS["m"]):
        row, col = parse_ref(c.get("r"))
        t = c.get("t", "n")
        f = c.find("m:f", NS)
        v = c.find("m:v", NS)
        raw = v.text if v is not None else None
        formula = f.text if f is not None else None
        if t == "s":
            kind, value = "s", strings[int(raw)]
        elif t == "inlineStr":
            kind, value = "s", "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
        elif t == "str":
            kind, value = "s", raw or ""
        elif t == "b":
            kind, value = "b", raw == "1"
        elif t == "e":
            kind, value = "e", raw
        else:
            kind, value = "n", float(raw) if raw is not None else None
        if raw is None and formula is None and t == "n":
            continue             # a styled empty cell
        s.cells[(row, col)] = Cell(kind, value, raw, formula, c.get("s"))
    return s


def read(path):
    with zipfile.ZipFile(path) as z:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        strings = _shared_strings(z)
        book = {}
        for sh in wb.findall("m:sheets/m:sheet", NS):
            t = target[sh.get(R_ID)]
            path_in_zip = t.lstrip("/") if t.startswith("/") else "xl/" + t
            book[sh.get("name")] = _sheet(z, path_in_zip, sh.get("name"), strings)
        return book
