"""The case page's drawn workflow diagram: one box per step, the case's step marked for the
eye and for a screen reader, every text escaped, and well-formed for every shipped workflow."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from app.cases import Applicant, open_case
from app.definitions import shipped
from app.pages import _diagram
from tests.web.support import PBJ, sample_nip
from web.diagram import diagram_svg

PETUGAS = sample_nip("pekalongan", "PBJ", "petugas")
SVG = "{http://www.w3.org/2000/svg}"
WORKFLOWS = {item.definition.id: item.definition for item in shipped()}


def _step(name: str, label: str, out: list[tuple[str, str]], **kw: bool) -> dict:
    return {"name": name, "label": label, "who": "Petugas", "current": kw.get("current", False),
            "final": kw.get("final", False),
            "out": [{"dest": dest, "label": text} for dest, text in out]}  # fmt: skip


def test_the_case_page_draws_one_box_per_step_and_marks_where_the_case_is(
    visitor, password, web_app, clock
):
    ref = open_case(web_app.state.engine, PBJ, Applicant("Dinas PUPR"), PETUGAS, clock(),
                    variant="barang")  # fmt: skip
    assert visitor.sign_in(PETUGAS, password).status_code == 303
    page = visitor.get(f"/permohonan/{ref}").text
    d = WORKFLOWS[PBJ]
    assert page.count("<svg") == 1
    assert page.count('<g class="d-box') == len(d.states)
    marked = re.findall(r'<g class="d-box d-current"[^>]*aria-current="step"><title>([^<]*)<', page)
    assert marked == [f"{d.states[d.initial].label} (tahap saat ini)"]
    assert "<summary>Langkah dalam teks</summary>" in page  # the list stays, for copying


def test_every_text_in_the_diagram_is_escaped():
    steps = [
        _step("a", "<script>alert(1)</script> & co", [("b", "kirim <b>"), ("a", "ulang \"x\"")],
              current=True),
        _step("b", "Selesai", [("a", "<img src=x onerror=alert(1)>")], final=True),
    ]  # fmt: skip
    svg = str(diagram_svg(steps))
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    ET.fromstring(svg)  # still well-formed


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS))
def test_every_shipped_workflow_draws_well_formed_with_its_current_step(workflow):
    d = WORKFLOWS[workflow]
    current = list(d.states)[-1]
    root = ET.fromstring(str(diagram_svg(_diagram(d, current))))
    boxes = [g for g in root.iter(f"{SVG}g") if "d-box" in g.get("class", "")]
    assert len(boxes) == len(d.states)
    assert [g.get("aria-current") for g in boxes].count("step") == 1
    edges = [g for g in root.iter(f"{SVG}g") if "d-edge" in g.get("class", "")]
    pairs = {(s, t.dest) for t in d.transitions for s in t.source}
    assert len(edges) == len(pairs)  # one arrow per pair of steps, its triggers' labels joined
