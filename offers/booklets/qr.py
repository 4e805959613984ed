"""QR codes for chapter pages, drawn in Python as SVG (segno), embedded as data URIs."""

import segno


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#0b0c0c")
