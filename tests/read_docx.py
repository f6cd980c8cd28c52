"""Reads a .docx with python-docx (a real Word-format reader) and prints what the tests check, as JSON.

Usage: python3 tests/read_docx.py FILE.docx
"""
import json
import sys

import docx


def runs_of(p):
    return [
        {
            "text": r.text,
            "bold": bool(r.bold),
            "italic": bool(r.italic),
            "highlight": str(r.font.highlight_color) if r.font.highlight_color is not None else None,
        }
        for r in p.runs
    ]


def para(p):
    ppr = p._p.pPr
    return {
        "style": p.style.name if p.style is not None else None,
        "text": p.text,
        "numbered": ppr is not None and ppr.numPr is not None,
        "keep_with_next": bool(p.paragraph_format.keep_with_next),
        "runs": runs_of(p),
        "links": [h.address for h in p.hyperlinks],
    }


def fields(part):
    """Field codes (PAGE, NUMPAGES...) in a header or footer."""
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [t.text.strip() for t in part._element.iter(ns + "instrText")]


def cant_split(row):
    trpr = row._tr.trPr
    return trpr is not None and any(c.tag.endswith("cantSplit") for c in trpr)


d = docx.Document(sys.argv[1])
section = d.sections[0]
cp = d.core_properties
print(json.dumps({
    "paragraphs": [para(p) for p in d.paragraphs],
    "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
    "tables_cant_split": [all(cant_split(r) for r in t.rows) for t in d.tables],
    "header": [para(p) for p in section.header.paragraphs],
    "footer": [p.text for p in section.footer.paragraphs],
    "footer_fields": fields(section.footer),
    "properties": {
        "title": cp.title,
        "author": cp.author,
        "created": cp.created.isoformat() if cp.created else None,
        "modified": cp.modified.isoformat() if cp.modified else None,
    },
}))
