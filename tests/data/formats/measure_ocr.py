"""CER of the OCR engines on a scanned PDF against its real text (docs/FORMATS.md).

    PYTHONPATH=. /work/main/.venv/bin/python tests/data/formats/measure_ocr.py SCAN.pdf TEXT.txt DPI ENGINE...
"""
import sys
import time

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from loaders.formats import ocr
from loaders.formats.layout import drop_furniture, paragraphs

pdf_path, ref_path, dpi = sys.argv[1], sys.argv[2], int(sys.argv[3])
ref = "".join(open(ref_path, encoding="utf-8").read().split())
for engine in sys.argv[4:]:
    t0 = time.perf_counter()
    pdf = pdfium.PdfDocument(pdf_path)
    plines = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        plines += ocr._lines(ocr.ocr_image(img, engine=engine), i + 1, float(img.height))
    text = "".join("".join(ln.text for ln in paragraphs(drop_furniture(plines))).split())
    cer = Levenshtein.distance(ref, text) / len(ref)
    print(f"{engine:10s} dpi={dpi} CER={cer:.4f} chars={len(ref)} time={time.perf_counter()-t0:.1f}s")
