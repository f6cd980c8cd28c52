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
        "runs": runs_of(p),
        "links": [h.address for h in p.hyperlinks],
    }


d = docx.Document(sys.argv[1])
print(json.dumps({
    "paragraphs": [para(p) for p in d.paragraphs],
    "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
}))
