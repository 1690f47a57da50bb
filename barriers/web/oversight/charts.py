"""Charts drawn on the server as inline SVG: no JavaScript, nothing from a CDN.

Only SVG presentation attributes (fill, stroke) are used, never `style` attributes or <style>
elements, which the Content-Security-Policy (style-src 'self') would block. Each chart is one
image (role="img", its <title> and <desc> read by screen readers) with nothing interactive inside
(axe's nested-interactive rule): the legends are HTML beside the chart, and the numbers behind
each chart, each a link to the list it counts, are in a table next to it.

Text sizes are in the SVG's own units; the charts are drawn at about the width they are shown
at (a card on a desktop, the whole width on a phone), so 12-13 units read as 12-13 px.
"""

from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from barriers.periods import parse_period, quarter_key

OPEN_COLOUR = "#0b5cad"
RESOLVED_COLOUR = "#1e7d32"
PALETTE = ["#0b5cad", "#a15c00", "#1e7d32", "#6f42c1", "#b00020", "#00838f", "#5d4037", "#546e7a"]
AXIS = "#8a949e"
GRID = "#e6e8ea"
INK = "#1e2124"
TICK = 12


def _nice_max(value):
    value = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value <= step * 4:
            return step * ((value + step - 1) // step)
    return value


def _ticks(peak):
    """0, the middle (when it is a whole number) and the top of the y axis."""
    middle = peak // 2 if peak % 2 == 0 and peak > 1 else None
    return [t for t in (0, middle, peak) if t is not None]


def _svg(width, height, title, desc, body, css_class):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" focusable="false">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg>"
    )


def _y_axis(left, right_x, top, plot_h, peak):
    parts = []
    for tick in _ticks(peak):
        y = round(top + plot_h - plot_h * tick / peak, 1)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                left,
                y,
                right_x,
                y,
                AXIS if tick == 0 else GRID,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="{}">{}</text>',
                left - 6,
                round(y + 4, 1),
                TICK,
                INK,
                tick,
            )
        )
    return parts


def month_tick(first_day, with_year):
    """A month on the x axis in the page's language: '3월' / 'Mar', with the year under it."""
    return date_format(first_day, "M"), (date_format(first_day, "Y") if with_year else "")


def market_chart(title, months, series, open_label, resolved_label, width=360, height=196):
    """Open vs resolved barriers at the end of each month, one small chart per market.

    `months`: [(first_day, last_day)], `series`: [{"open": n, "resolved": n}] of the same length.
    The legend is HTML beside the charts (the template's `chart-legend`), in the same colours.
    """
    left, right, top, bottom = 34, 12, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max([max(p["open"], p["resolved"]) for p in series] or [0]))
    n = len(series)

    def x(i):
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return top + plot_h - plot_h * v / peak

    parts = _y_axis(left, left + plot_w, top, plot_h, peak)
    # x ticks: the first month, every third one after it, and the last; the year where it changes.
    shown_year = None
    for i, (first_day, _last) in enumerate(months):
        if not (i == 0 or i == n - 1 or i % 3 == 0):
            continue
        if n - 1 - i in (1, 2) and i % 3 == 0 and i != 0:
            continue  # too close to the last tick
        label, year = month_tick(first_day, first_day.year != shown_year)
        shown_year = first_day.year
        anchor = "start" if i == 0 else ("end" if i == n - 1 else "middle")
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                round(x(i), 1),
                top + plot_h,
                round(x(i), 1),
                top + plot_h + 4,
                AXIS,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>',
                round(x(i), 1),
                top + plot_h + 18,
                TICK,
                anchor,
                INK,
                label,
            )
        )
        if year:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>',
                    round(x(i), 1),
                    top + plot_h + 33,
                    TICK - 1,
                    anchor,
                    "#464c53",
                    year,
                )
            )
    for key, colour, label in (("open", OPEN_COLOUR, open_label), ("resolved", RESOLVED_COLOUR, resolved_label)):
        points = " ".join(f"{x(i):.1f},{y(p[key]):.1f}" for i, p in enumerate(series))
        if points:
            parts.append(
                format_html(
                    '<polyline class="series-{}" points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                    key,
                    points,
                    colour,
                )
            )
        for i, p in enumerate(series):
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} {}: {}</title></circle>',
                    round(x(i), 1),
                    round(y(p[key]), 1),
                    colour,
                    months[i][0].strftime("%Y-%m"),
                    label,
                    p[key],
                )
            )
    desc = "; ".join(
        f"{m[0]:%Y-%m} {open_label} {p['open']}, {resolved_label} {p['resolved']}"
        for m, p in zip(months, series, strict=True)
    )
    return _svg(width, height, title, desc, "".join(parts), "chart chart-market")


def ministry_resolutions_chart(title, quarters, rows, height=260):
    """Resolutions per quarter, grouped by ministry. rows: [(ministry, [Figure per quarter])].

    The bars are not links (a chart is one image); the template's table under it has the same
    numbers, each a link to the barrier list it counts. The quarter legend is HTML too.
    """
    left, right, top, bottom = 34, 12, 12, 30
    bar, gap = 14, 20
    group_w = len(quarters) * bar + gap
    width = max(360, left + right + group_w * max(len(rows), 1))
    plot_h = height - top - bottom
    peak = _nice_max(max([f.value for _m, figs in rows for f in figs] or [0]))
    parts = _y_axis(left, width - right, top, plot_h, peak)
    for g, (ministry, figures) in enumerate(rows):
        x0 = left + gap / 2 + g * group_w
        for i, figure in enumerate(figures):
            h = plot_h * figure.value / peak
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}: {}</title></rect>',
                    round(x0 + i * bar, 1),
                    round(top + plot_h - h, 1),
                    bar - 2,
                    round(max(h, 0.5), 1),
                    PALETTE[i % len(PALETTE)],
                    ministry.code,
                    quarter_key(quarters[i][0]),
                    figure.value,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>',
                round(x0 + len(figures) * bar / 2, 1),
                top + plot_h + 18,
                TICK,
                INK,
                ministry.code,
            )
        )
    desc = "; ".join(f"{m.code}: " + ", ".join(str(f.value) for f in figs) for m, figs in rows)
    return _svg(width, height, title, desc, "".join(parts), "chart chart-ministries")


def quarter_legend(quarters):
    """[(label, swatch index)] for the HTML legend of the ministry chart and its table's headings:
    the quarter in the page's language ('2026년 1분기' / 'Q1 2026'); site.css colours .swatch-N
    as PALETTE[N] (no inline styles under the CSP)."""
    return [(parse_period(quarter_key(first)).label, i % len(PALETTE)) for i, (first, _last) in enumerate(quarters)]
