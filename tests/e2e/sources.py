#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Copies a CSV project's datasets into another source, for the tests that compare a
# build from a workbook or a database with the same build from CSV (xlsx.sh, sql.sh):
#   sources.py PROJECT OUTDIR xlsx [1904]   OUTDIR/book.xlsx (openpyxl), a sheet per
#                                           dataset, typed cells (numbers, dates with
#                                           a date format, text); sheets chosen by
#                                           name, one by position
#   sources.py PROJECT OUTDIR sqlite        OUTDIR/crm.db (Python's sqlite3), a table
#                                           per dataset with declared column types
#   sources.py PROJECT OUTDIR postgres CONNINFO
#                                           OUTDIR/load.sql (CREATE TABLE + \copy from
#                                           OUTDIR/ROLE.csv, for psql) and a project
#                                           whose datasets query CONNINFO
# Writes OUTDIR/bdreport.json: the same project with each dataset's source replaced.
import csv, datetime, gzip, io, json, os, re, shutil, sqlite3, sys

src, out, kind = sys.argv[1:4]
project = json.load(open(os.path.join(src, "bdreport.json"), encoding="utf-8"))
os.makedirs(out, exist_ok=True)

INT = re.compile(r"-?(0|[1-9][0-9]{0,14})$")
NUM = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")

def read(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return rows[0], rows[1:]

def col_type(values):
    vals = [v for v in values if v != ""]
    if vals and all(INT.match(v) for v in vals):
        return "INTEGER"
    if vals and all(NUM.match(v) for v in vals):
        return "REAL"
    if vals and all(DATE.match(v) for v in vals):
        return "DATE"
    return "TEXT"

def typed(v, t):
    if v == "":
        return None
    if t == "INTEGER":
        return int(v)
    if t == "REAL":
        return float(v)
    if t == "DATE":
        return datetime.date.fromisoformat(v)
    return v

tables = {}
for role, ds in project["datasets"].items():
    head, rows = read(os.path.join(src, ds["path"]))
    types = [col_type([r[j] if j < len(r) else "" for r in rows]) for j in range(len(head))]
    tables[role] = (head, rows, types)

if kind == "xlsx":
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    if len(sys.argv) > 4 and sys.argv[4] == "1904":
        wb.epoch = CALENDAR_MAC_1904
    first = True
    for i, (role, (head, rows, types)) in enumerate(tables.items()):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = role.capitalize()
        ws.append(head)
        for r in rows:
            ws.append([typed(r[j] if j < len(r) else "", types[j]) for j in range(len(head))])
        for j, t in enumerate(types):
            if t == "DATE":
                for c in list(ws.iter_cols(min_col=j + 1, max_col=j + 1, min_row=2))[0]:
                    c.number_format = "yyyy-mm-dd"
        ds = project["datasets"][role]
        ds["path"] = "book.xlsx"
        if i == 1:
            ds["sheet"] = i + 1         # by position
        else:
            ds["sheet"] = role.capitalize()
    wb.save(os.path.join(out, "book.xlsx"))
elif kind == "sqlite":
    db = sqlite3.connect(os.path.join(out, "crm.db"))
    for role, (head, rows, types) in tables.items():
        db.execute("CREATE TABLE %s (%s)" % (role, ", ".join('"%s" %s' % (h, t) for h, t in zip(head, types))))
        db.executemany("INSERT INTO %s VALUES (%s)" % (role, ", ".join("?" * len(head))),
                       [[(typed(r[j] if j < len(r) else "", t).isoformat() if t == "DATE" and r[j] else
                          typed(r[j] if j < len(r) else "", t)) for j, t in enumerate(types)] for r in rows])
        ds = project["datasets"][role]
        del ds["path"]
        ds["sqlite"] = "crm.db"
        ds["query"] = "SELECT * FROM %s" % role
    db.commit()
    db.close()
elif kind == "postgres":
    pgtype = {"INTEGER": "bigint", "REAL": "double precision", "DATE": "date", "TEXT": "text"}
    with open(os.path.join(out, "load.sql"), "w", encoding="utf-8") as f:
        for role, (head, rows, types) in tables.items():
            # a table has no row order: "line" keeps the file's, for ORDER BY
            f.write("CREATE TABLE %s (line bigint, %s);\n" % (role, ", ".join('"%s" %s' % (h, pgtype[t]) for h, t in zip(head, types))))
            with open(os.path.join(out, role + ".csv"), "w", encoding="utf-8", newline="") as c:
                csv.writer(c, lineterminator="\n").writerows([["line"] + head] + [[i + 1] + r for i, r in enumerate(rows)])
            f.write("\\copy %s FROM '%s' WITH (FORMAT csv, HEADER true)\n" % (role, os.path.join(out, role + ".csv")))
            ds = project["datasets"][role]
            del ds["path"]
            ds["postgres"] = sys.argv[4]
            ds["query"] = "SELECT %s FROM %s ORDER BY line;" % (", ".join('"%s"' % h for h in head), role)
json.dump(project, open(os.path.join(out, "bdreport.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
