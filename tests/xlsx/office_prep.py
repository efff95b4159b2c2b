"""office_prep.py IN.xlsx OUT.xlsx [--edit 'VALUATION:COLUMN=NUMBER' ...] — prepares a workbook
written by pvs for recomputation by LibreOffice (tests/xlsx/office.sh): removes the value saved
with every formula, so that the spreadsheet must compute each one itself (nothing pvs computed
can leak into what is checked), and applies the edits an auditor would make in the impact
map (COLUMN as in check_xlsx.py: quantity, proxy, deadweight, …)."""
import re
import sys
import zipfile

from check_xlsx import MAP, MAP_COLS
from xlsx_read import read

import xml.etree.ElementTree as ET
from xlsx_read import NS, R_ID


def col_letters(col):
    s, c = "", col + 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def map_part(z):
    """The zip path of the impact map's sheet."""
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    for sh in wb.findall("m:sheets/m:sheet", NS):
        if sh.get("name") == MAP:
            return "xl/" + target[sh.get(R_ID)]
    raise SystemExit("no impact map in the workbook")


def main(argv):
    src, dst, edits = argv[1], argv[2], []
    i = 3
    while i < len(argv):
        if argv[i] != "--edit":
            raise SystemExit("unknown option " + argv[i])
        edits.append(argv[i + 1])
        i += 2
    book = read(src)
    sheet = book[MAP]
    cells = {}
    for e in edits:
        target, value = e.split("=")
        vname, col = target.split(":")
        row = next(r for r in range(sheet.rows()) if sheet.cell(r, 1) and sheet.cell(r, 1).value == vname)
        cells["%s%d" % (col_letters(MAP_COLS[col]), row + 1)] = value
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        mp = map_part(zin)
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                text = re.sub(r"(</f>)<v>[^<]*</v>", r"\1", text)
                if item.filename == mp:
                    for ref, value in cells.items():
                        text, n = re.subn(r'(<c r="%s"[^>]*>)<v>[^<]*</v>' % ref, r"\g<1><v>%s</v>" % value, text)
                        if n != 1:
                            raise SystemExit("cannot edit %s in the map" % ref)
                data = text.encode("utf-8")
            zout.writestr(item, data)


if __name__ == "__main__":
    main(sys.argv)
