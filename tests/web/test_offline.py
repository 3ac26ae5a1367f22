"""Every asset is served by alur itself: no CDN, no web font, nothing fetched elsewhere."""

from __future__ import annotations

import re

from tests.web.support import sample_nip

KABAG = sample_nip("pekalongan", "PBJ", "kabag")
ADMIN = sample_nip("pekalongan", None, "admin")
_REFERENCES = re.compile(r'(?:src|href)="([^"]+)"')


def test_pages_refer_only_to_alur_itself(visitor, other_visitor, password):
    visitor.sign_in(KABAG, password)
    other_visitor.sign_in(ADMIN, password)
    pages = [
        visitor.get(u).text for u in ("/tugas", "/cari?q=x", "/pengawasan", "/permohonan-baru")
    ]
    pages.append(other_visitor.get("/admin").text)
    outside = {ref for page in pages for ref in _REFERENCES.findall(page)
               if ref.startswith(("http:", "https:", "//"))}  # fmt: skip
    assert outside == set()


def test_the_vendored_htmx_and_stylesheet_are_served(visitor):
    htmx = visitor.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and htmx.text.startswith("/*! htmx 2.0.11")
    css = visitor.get("/static/alur.css")
    assert css.status_code == 200 and "@media" in css.text and "@import" not in css.text
