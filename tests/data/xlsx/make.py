#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Writes the workbooks the xlsx tests read, with writers independent of bdreport:
#   cells.xlsx   hand-written Office Open XML parts zipped by Python's zipfile: every
#                kind of cell (shared strings with rich and phonetic runs, inline
#                strings, booleans, formulas with cached values and errors, built-in
#                and custom date formats, a date-time, merged and empty cells), the
#                header starting at B2, prefixed element names, a second sheet
#   crm.xlsx + crm.csv   a CRM-style export made by openpyxl from the first 300 rows of
#                the public "CRM sales opportunities" data (sales_pipeline.csv):
#                dates as date cells, open deals with empty close_date/close_value
# Run: /usr/bin/python3 tests/data/xlsx/make.py [SHARED_DATA_DIR] (the CRM file is
# rebuilt only when SHARED_DATA_DIR/crm_sales_opportunities exists).
import csv, datetime, os, sys, zipfile

here = os.path.dirname(os.path.abspath(__file__))

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
# the sheets listed in the other order than their part names, so position != part
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="%s"/><x:sheets><x:sheet name="Deals" sheetId="1" r:id="rId7"/><x:sheet name="Notes &amp; more" sheetId="2" r:id="rId3"/></x:sheets></x:workbook>"""
WBRELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
# cellXfs: 0 general, 1 built-in 14 (date), 2 custom 164 dd/mm/yyyy, 3 custom 165
# "h:mm" (a time: stays a number), 4 built-in 22 (date-time), 5 custom 166 with a
# quoted "d" that is not a day: 0.00" days"
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="h:mm"/><numFmt numFmtId="166" formatCode="0.00&quot; days&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="166"/></cellXfs></styleSheet>"""
SST = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9"><si><t>id</t></si><si><t>stage</t></si><si><t>amount</t></si><si><t>close</t></si><si><r><rPr><b/></rPr><t>Closed </t></r><r><t xml:space="preserve">Won</t></r></si><si><t>region</t></si><si><t>Nord &amp; Süd</t><rPh sb="0" eb="1"><t>ノ</t></rPh></si><si><t>flag</t></si><si><t>Open</t></si></sst>"""
# Deals (sheet2.xml): header at B2; rows 3-7; row 5 empty (skipped); the region
# C3 is merged down C3:C4; amounts: number, formula with cached value, error,
# inline string "n/a"; close dates in three formats and a date-time
DEALS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="B2:H7"/><sheetData>
<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>1</v></c><c r="E2" t="s"><v>2</v></c><c r="F2" t="s"><v>3</v></c><c r="G2" t="s"><v>7</v></c><c r="H2" t="inlineStr"><is><t>hours</t></is></c></row>
<row r="3"><c r="B3"><v>101</v></c><c r="C3" t="s"><v>6</v></c><c r="D3" t="s"><v>4</v></c><c r="E3"><v>1250.5</v></c><c r="F3" s="1"><v>45658</v></c><c r="G3" t="b"><v>1</v></c><c r="H3" s="3"><v>0.5</v></c></row>
<row r="4"><c r="B4" t="str"><v>A-7</v></c><c r="D4" t="s"><v>8</v></c><c r="E4"><f>E3*2</f><v>2501</v></c><c r="F4" s="2"><v>45659</v></c><c r="G4" t="b"><v>0</v></c><c r="H4" s="5"><v>2.25</v></c></row>
<row r="5"><c r="B5" s="1"/><c r="C5"/></row>
<row r="6"><c r="B6" t="inlineStr"><is><r><t>X</t></r><r><t>-9</t></r></is></c><c r="D6" t="s"><v>8</v></c><c r="E6" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F6" s="4"><v>45660.75</v></c></row>
<row r="7"><c r="B7"><v>104</v></c><c r="D7" t="s"><v>8</v></c><c r="E7" t="inlineStr"><is><t>n/a</t></is></c><c r="F7" s="1"><f>F3+1</f></c><c r="I7"><v>99</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="C3:C4"/></mergeCells></worksheet>"""
NOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>note</t></is></c><c r="B1" t="inlineStr"><is><t>note</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>hello</t></is></c><c r="B2"><v>1</v></c></row></sheetData></worksheet>"""

def write_cells(name, date1904, deals):
    with zipfile.ZipFile(os.path.join(here, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in (("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                           ("xl/workbook.xml", WB % ("1" if date1904 else "0")),
                           ("xl/_rels/workbook.xml.rels", WBRELS), ("xl/styles.xml", STYLES),
                           ("xl/sharedStrings.xml", SST), ("xl/worksheets/sheet1.xml", NOTES),
                           ("xl/worksheets/sheet2.xml", deals)):
            info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)

write_cells("cells.xlsx", False, DEALS)
# the 1904 system counts from 1904-01-01: the same dates are 1462 smaller serials
write_cells("cells1904.xlsx", True, DEALS.replace("<v>45658</v>", "<v>44196</v>")
            .replace("<v>45659</v>", "<v>44197</v>").replace("<v>45660.75</v>", "<v>44198.75</v>"))

shared = sys.argv[1] if len(sys.argv) > 1 else None
src = shared and os.path.join(shared, "crm_sales_opportunities", "sales_pipeline.csv")
if src and os.path.exists(src):
    import openpyxl
    rows = list(csv.reader(open(src, encoding="utf-8")))[:301]
    with open(os.path.join(here, "crm.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pipeline"
    ws.append(rows[0])
    for r in rows[1:]:
        out = []
        for h, v in zip(rows[0], r):
            if v == "":
                out.append(None)
            elif h.endswith("_date"):
                out.append(datetime.date.fromisoformat(v))
            elif h == "close_value":
                out.append(int(v))
            else:
                out.append(v)
        ws.append(out)
    for c in ws["F"][1:] + ws["G"][1:]:
        c.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    wb.save(os.path.join(here, "crm.xlsx"))
