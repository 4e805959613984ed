"""QR codes for chapter pages, drawn in Python as SVG (segno), embedded as data URIs."""

from functools import lru_cache

import segno


@lru_cache(maxsize=512)
def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#0b0c0c")
