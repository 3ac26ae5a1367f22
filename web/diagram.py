"""The case page's workflow diagram as inline SVG, drawn on the server with no script.

The steps come from `app.pages` in the decree's order and are stacked as rounded boxes; a
step to the next box is a straight arrow down, any other (a send-back, a skip) a rounded path
in a lane on the right (back) or the left (forward), lanes assigned so that edges whose spans
overlap never share one. Each edge leaves its box at its own height, and its label sits on
that row, so no two labels meet. Every text put in the markup is escaped here."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

__all__ = ["diagram_svg"]

BOX_W = 300  # the boxes' width
GAP = 34  # between two boxes: room for a straight arrow and its label
LANE0, LANE = 16, 13  # first lane's distance from the boxes, then between lanes
LABEL_ROOM = 150  # beyond the lanes, for the edges' labels
SLOT = 13  # vertical distance between two edges leaving or entering a box's side
CHAR = 7.9  # the width of one character of the boxes' bold 13px labels, generously
SMALL = 6.3  # the width of one character of the 10px texts, generously


@dataclass
class _Edge:
    src: int
    dst: int
    labels: list[str]
    side: str = ""  # "down", "right" (back) or "left" (forward skip)
    lane: int = 0
    y_out: float = 0.0
    y_in: float = 0.0

    @property
    def text(self) -> str:
        return " / ".join(self.labels)


@dataclass
class _Box:
    step: Mapping[str, Any]
    lines: list[str]
    y: float = 0.0
    h: float = 0.0
    ends: dict[str, list[tuple[_Edge, str]]] = field(default_factory=dict)


def _cut(text: str, room: float, per_char: float) -> str:
    most = max(4, int(room / per_char))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _edges(steps: Sequence[Mapping[str, Any]]) -> list[_Edge]:
    """One edge per (from, to) pair, its transitions' labels joined; sorted by length."""
    index = {s["name"]: i for i, s in enumerate(steps)}
    pairs: dict[tuple[int, int], _Edge] = {}
    for i, s in enumerate(steps):
        for t in s["out"]:
            j = index[t["dest"]]
            edge = pairs.setdefault((i, j), _Edge(i, j, []))
            edge.labels.append(t["label"])
    edges = sorted(pairs.values(), key=lambda e: (abs(e.dst - e.src), e.src))
    for e in edges:
        e.side = "down" if e.dst == e.src + 1 else ("left" if e.dst > e.src else "right")
    return edges


def _assign_lanes(edges: list[_Edge]) -> dict[str, int]:
    """Shorter edges nearer the boxes; two edges in one lane never share a box."""
    taken: dict[tuple[str, int], list[tuple[int, int]]] = {}
    count = {"left": 0, "right": 0}
    for e in edges:
        if e.side == "down":
            continue
        low, high = min(e.src, e.dst), max(e.src, e.dst)
        lane = 0
        while any(a <= high and low <= b for a, b in taken.get((e.side, lane), [])):
            lane += 1
        taken.setdefault((e.side, lane), []).append((low, high))
        e.lane = lane
        count[e.side] = max(count[e.side], lane + 1)
    return count


def _place(boxes: list[_Box], edges: list[_Edge]) -> float:
    """Each box's height and top; each side edge's heights where it leaves and enters."""
    for e in edges:
        if e.side != "down":
            boxes[e.src].ends.setdefault(e.side, []).append((e, "out"))
            boxes[e.dst].ends.setdefault(e.side, []).append((e, "in"))
    y = 8.0
    for box in boxes:
        slots = max((len(v) for v in box.ends.values()), default=0)
        box.h = max(26 + 17 * len(box.lines), SLOT * (slots + 1) + 4)
        box.y = y
        for ends in box.ends.values():
            step = box.h / (len(ends) + 1)
            for k, (e, end) in enumerate(ends, start=1):
                setattr(e, "y_out" if end == "out" else "y_in", y + step * k)
        y += box.h + GAP
    return y - GAP + 8


def _box_svg(box: _Box, x: float) -> str:
    s = box.step
    cls = "d-box" + (" d-current" if s["current"] else "") + (" d-final" if s["final"] else "")
    here = ' aria-current="step"' if s["current"] else ""
    title = s["label"] + (" (tahap saat ini)" if s["current"] else "")
    cx = x + BOX_W / 2
    texts = "".join(
        f'<text x="{cx}" y="{box.y + 20 + 17 * k}" class="d-label">{escape(line)}</text>'
        for k, line in enumerate(box.lines)
    )
    who = _cut(s["who"], BOX_W - 16, SMALL)
    return (
        f'<g class="{cls}"{here}><title>{escape(title)}</title>'
        f'<rect x="{x}" y="{box.y}" width="{BOX_W}" height="{box.h}" rx="9"/>{texts}'
        f'<text x="{cx}" y="{box.y + 20 + 17 * len(box.lines)}" class="d-who">'
        f"{escape(who)}</text></g>"
    )


def _edge_svg(e: _Edge, boxes: list[_Box], x: float, lanes: Mapping[str, int]) -> str:
    """The edge's path and its label, truncated, with the full text as its title."""
    if e.side == "down":
        top, cx = boxes[e.src].y + boxes[e.src].h, x + BOX_W / 2
        path = f"M{cx},{top} V{boxes[e.dst].y - 2}"
        lx, ly, anchor = cx + 6, top + GAP / 2 + 3, "start"
        room = BOX_W / 2 + LANE0 + LANE * lanes["right"] + LABEL_ROOM - 10
    else:
        sign = 1 if e.side == "right" else -1
        edge_x = x + BOX_W if sign > 0 else x
        lane_x = edge_x + sign * (LANE0 + LANE * e.lane)
        r = 6 if e.y_in < e.y_out else -6
        path = (
            f"M{edge_x},{e.y_out} H{lane_x - sign * 6} Q{lane_x},{e.y_out} {lane_x},"
            f"{e.y_out - r} V{e.y_in + r} Q{lane_x},{e.y_in} {lane_x - sign * 6},{e.y_in} "
            f"H{edge_x + sign * 2}"
        )
        outer = edge_x + sign * (LANE0 + LANE * lanes[e.side] + LABEL_ROOM)
        lx, ly, anchor = lane_x + sign * 4, e.y_out - 3, "start" if sign > 0 else "end"
        room = abs(outer - lx)
    text = e.text
    return (
        f'<g class="d-edge d-{e.side}"><title>{escape(text)}</title>'
        f'<path d="{path}" marker-end="url(#d-arrow)"/>'
        f'<text x="{lx}" y="{ly}" text-anchor="{anchor}">{escape(_cut(text, room, SMALL))}'
        "</text></g>"
    )


_STYLE = (
    "<style>"
    ".d-box rect{fill:#fff;stroke:#8a96a6;stroke-width:1.2}"
    ".d-final rect{fill:#eef5ef;stroke:#4f7d5a;stroke-dasharray:5 3}"
    ".d-current rect{fill:#dbe8f8;stroke:#1f5fa8;stroke-width:3.5;stroke-dasharray:none}"
    ".d-label{font-size:13px;font-weight:600;text-anchor:middle;fill:#1c2430}"
    ".d-who{font-size:10.5px;text-anchor:middle;fill:#5b6675}"
    ".d-edge path{fill:none;stroke:#6b7787;stroke-width:1.3}"
    ".d-right path{stroke:#a5552b}.d-left path{stroke:#5d6f8c;stroke-dasharray:4 3}"
    ".d-edge text{font-size:10px;fill:#3d4754;paint-order:stroke;stroke:#fff;stroke-width:3px}"
    "#d-arrow path{fill:#6b7787}"
    "</style>"
)


def diagram_svg(steps: Sequence[Mapping[str, Any]]) -> Markup:
    """`steps` as `app.pages` gives them (each with name, label, who, current, final, and
    its transitions out, each with dest and label) drawn as one inline <svg>."""
    boxes = [_Box(s, _wrap(s["label"])) for s in steps]
    edges = _edges(steps)
    lanes = _assign_lanes(edges)
    height = _place(boxes, edges)
    left = (LANE0 + LANE * lanes["left"] + LABEL_ROOM) if lanes["left"] else 8
    right = LANE0 + LANE * lanes["right"] + LABEL_ROOM if lanes["right"] else LABEL_ROOM
    width = left + BOX_W + right
    current = next((s["label"] for s in steps if s["current"]), "-")
    label = f"Diagram alur layanan; tahap saat ini: {current}"
    body = "".join(_edge_svg(e, boxes, left, lanes) for e in edges)
    body += "".join(_box_svg(b, left) for b in boxes)
    return Markup(
        f'<svg class="diagram-svg" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'viewBox="0 0 {width:g} {height:g}" width="100%" aria-label="{escape(label)}">'
        f'{_STYLE}<defs><marker id="d-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
        f"{body}</svg>"
    )


def _wrap(label: str) -> list[str]:
    lines = textwrap.wrap(label, width=int((BOX_W - 28) / CHAR)) or [""]
    if len(lines) > 4:
        lines = [*lines[:3], _cut(" ".join(lines[3:]), BOX_W - 28, CHAR)]
    return lines
