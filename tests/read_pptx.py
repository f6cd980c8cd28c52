"""Reads a .pptx with python-pptx and prints, as JSON, each slide's title, body text, notes,
and the slide master's theme accent colour and pictures (tests/pptx.rs)."""
import json
import sys

from pptx import Presentation

prs = Presentation(sys.argv[1])
slides = []
for slide in prs.slides:
    title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else None
    body = [
        sh.text_frame.text
        for sh in slide.placeholders
        if sh.has_text_frame and sh.placeholder_format.idx != 0
    ]
    notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
    slides.append({"title": title, "body": body, "notes": notes, "layout": slide.slide_layout.name})
master = prs.slide_masters[0]
pictures = [sh.name for sh in master.shapes if sh.shape_type == 13]
print(json.dumps({
    "slides": slides,
    "width": prs.slide_width,
    "height": prs.slide_height,
    "master_pictures": pictures,
}))
