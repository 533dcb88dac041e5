"""Small charts drawn on the server as inline SVG: no script, prints well.

Each function takes numbers already computed by the selectors and returns
safe SVG markup; every label goes through Django's escaping.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from escalade.reports.kpis import TargetRange

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 22
OK, MISSED, LINE, BAND, MUTED = "#2e7d32", "#c62828", "#1f5fbf", "#e6f4ea", "#5b6775"


@dataclass
class Series:
    name: str
    points: list[tuple[date, float | None]]
    colour: str = LINE


def kpi_chart(
    title: str,
    points: list[tuple[date, float | None]],
    target: TargetRange,
    ceiling: float | None = None,
) -> SafeString:
    """A KPI week by week: the target range shaded, dots green or red.

    ``ceiling`` is the most the KPI can be (100 for a rate, 5 for a mark).
    """
    values = [v for _d, v in points if v is not None]
    bounds = [float(b) for b in (target.minimum, target.maximum) if b is not None]
    top = _nice_top(max([*values, *bounds, 1.0]) * 1.15)
    if ceiling is not None:
        top = min(top, ceiling)
    low = float(target.minimum) if target.minimum is not None else 0.0
    high = float(target.maximum) if target.maximum is not None else top
    band = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        LEFT,
        f"{_y(min(high, top), top):.1f}",
        WIDTH - LEFT - RIGHT,
        f"{max(_y(low, top) - _y(min(high, top), top), 0):.1f}",
        BAND,
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title></circle>',
        (
            (
                f"{_x(i, len(points)):.1f}",
                f"{_y(v, top):.1f}",
                OK if target.is_met(v) else MISSED,
                d.isoformat(),
                f"{v:.1f}",
            )
            for i, (d, v) in enumerate(points)
            if v is not None
        ),
    )
    line = _polyline(points, top, LINE)
    return _frame(title, top, points, band + line + dots)


def lines_chart(title: str, series: Sequence[Series]) -> SafeString:
    """Several counts over time, with a legend (the queue's size)."""
    values = [v for s in series for _d, v in s.points if v is not None]
    top = _nice_top(max([*values, 1.0]) * 1.15)
    points = series[0].points if series else []
    # Joining SafeStrings gives a plain str: mark the whole, or it is escaped.
    body = mark_safe("".join(_polyline(s.points, top, s.colour) for s in series))
    legend = format_html_join(
        "",
        '<text x="{}" y="{}" fill="{}" font-size="10">{}</text>',
        ((LEFT + 6 + 90 * i, TOP + 10, s.colour, s.name) for i, s in enumerate(series)),
    )
    return _frame(title, top, points, body + legend)


def bars_chart(title: str, rows: Sequence[tuple[str, float | None]]) -> SafeString:
    """Percentages as horizontal bars, red under 100% (SLA attainment)."""
    height = TOP + 18 * len(rows) + 8
    span = WIDTH - 130 - RIGHT
    bars = format_html_join(
        "",
        '<text x="0" y="{y}" font-size="10" fill="{muted}">{label}</text>'
        '<rect x="130" y="{top}" width="{full}" height="12" fill="#eef1f5"/>'
        '<rect x="130" y="{top}" width="{width}" height="12" fill="{colour}"/>'
        '<text x="{tx}" y="{y}" font-size="10">{shown}</text>',
        (
            {
                "y": TOP + 18 * i + 10,
                "top": TOP + 18 * i,
                "muted": MUTED,
                "label": label,
                "full": span,
                "width": f"{span * (value or 0) / 100:.1f}",
                "colour": OK if value is not None and value >= 100 else MISSED,
                "tx": 134,
                "shown": "—" if value is None else f"{value:.0f}%",
            }
            for i, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{t}"><title>{t}</title>{b}</svg>',
        w=WIDTH,
        h=height,
        t=title,
        b=bars,
    )


def _frame(title: str, top: float, points, body: SafeString) -> SafeString:
    axis = format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{m}"/>'
        '<text x="{lx}" y="{ty}" font-size="9" fill="{m}" text-anchor="end">'
        "{top}</text>"
        '<text x="{lx}" y="{b}" font-size="9" fill="{m}" text-anchor="end">0</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        b=HEIGHT - BOTTOM,
        m=MUTED,
        lx=LEFT - 4,
        ty=TOP + 8,
        top=_short(top),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="9" fill="{}" text-anchor="middle">{}</text>',
        (
            (f"{_x(i, len(points)):.1f}", HEIGHT - 6, MUTED, d.strftime("%d/%m"))
            for i, (d, _v) in enumerate(points)
            if _shows_tick(i, len(points))
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{t}"><title>{t}</title>{a}{b}{k}</svg>',
        w=WIDTH,
        h=HEIGHT,
        t=title,
        a=axis,
        b=body,
        k=ticks,
    )


def _polyline(points, top: float, colour: str) -> SafeString:
    coords = " ".join(
        f"{_x(i, len(points)):.1f},{_y(v, top):.1f}"
        for i, (_d, v) in enumerate(points)
        if v is not None
    )
    if not coords:
        return mark_safe("")
    return format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
        coords,
        colour,
    )


def _x(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + inner / 2
    return LEFT + inner * index / (count - 1)


def _y(value: float, top: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - inner * min(max(value, 0.0), top) / top


def _nice_top(value: float) -> float:
    """Round the axis' top up to 1, 2 or 5 times a power of ten."""
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(value)


def _short(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:g}"


def _shows_tick(index: int, count: int) -> bool:
    every = max(1, count // 6)
    return index % every == 0 or index == count - 1
