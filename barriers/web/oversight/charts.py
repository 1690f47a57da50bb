"""Charts drawn on the server as inline SVG: no JavaScript, nothing from a CDN.

Only SVG presentation attributes (fill, stroke) are used, never `style` attributes or <style>
elements, which the Content-Security-Policy (style-src 'self') would block. Every chart carries
a <title>/<desc> for screen readers, and the pages show the same numbers in tables.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from barriers.periods import quarter_key

OPEN_COLOUR = "#0b5cad"
RESOLVED_COLOUR = "#1e7d32"
PALETTE = ["#0b5cad", "#a15c00", "#1e7d32", "#6f42c1", "#b00020", "#00838f", "#5d4037", "#546e7a"]


def _nice_max(value):
    value = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value <= step * 4:
            return step * ((value + step - 1) // step)
    return value


def _svg(width, height, title, desc, body, css_class):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg>"
    )


def market_chart(title, months, series, open_label, resolved_label, width=320, height=170):
    """Open vs resolved barriers at the end of each month, one small chart per market.

    `months`: [(first_day, last_day)], `series`: [{"open": n, "resolved": n}] of the same length.
    """
    left, right, top, bottom = 34, 10, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max([max(p["open"], p["resolved"]) for p in series] or [0]))
    n = len(series)

    def x(i):
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return top + plot_h - plot_h * v / peak

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de"/>', left, top + plot_h, left + plot_w, top + plot_h
        ),
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de"/>', left, top, left, top + plot_h),
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555">{}</text>', left - 4, top + 8, peak
        ),
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555">0</text>', left - 4, top + plot_h
        ),
    ]
    if months:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="#555">{}</text>',
                left,
                height - 20,
                months[0][0].strftime("%Y-%m"),
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555">{}</text>',
                left + plot_w,
                height - 20,
                months[-1][0].strftime("%Y-%m"),
            )
        )
    for key, colour, label in (("open", OPEN_COLOUR, open_label), ("resolved", RESOLVED_COLOUR, resolved_label)):
        points = " ".join(f"{x(i):.1f},{y(p[key]):.1f}" for i, p in enumerate(series))
        if points:
            parts.append(
                format_html(
                    '<polyline class="series-{}" points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    key,
                    points,
                    colour,
                )
            )
        for i, p in enumerate(series):
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="2.5" fill="{}"><title>{} {}: {}</title></circle>',
                    round(x(i), 1),
                    round(y(p[key]), 1),
                    colour,
                    months[i][0].strftime("%Y-%m"),
                    label,
                    p[key],
                )
            )
    legend_y = height - 6
    parts.append(
        format_html(
            '<rect x="{}" y="{}" width="10" height="4" fill="{}"/><text x="{}" y="{}" font-size="10" fill="#1b1b1b">{}</text>',
            left,
            legend_y - 5,
            OPEN_COLOUR,
            left + 14,
            legend_y,
            open_label,
        )
    )
    parts.append(
        format_html(
            '<rect x="{}" y="{}" width="10" height="4" fill="{}"/><text x="{}" y="{}" font-size="10" fill="#1b1b1b">{}</text>',
            left + 110,
            legend_y - 5,
            RESOLVED_COLOUR,
            left + 124,
            legend_y,
            resolved_label,
        )
    )
    desc = "; ".join(f"{m[0]:%Y-%m} {p['open']}/{p['resolved']}" for m, p in zip(months, series, strict=True))
    return _svg(width, height, title, desc, "".join(parts), "chart chart-market")


def ministry_resolutions_chart(title, quarters, rows, height=240):
    """Resolutions per quarter, grouped by ministry. rows: [(ministry, [Figure per quarter])].

    Each bar links to the barrier list it counts (Figure.url).
    """
    left, right, top, bottom = 34, 10, 12, 58
    bar, gap = 11, 14
    group_w = len(quarters) * bar + gap
    width = max(360, left + right + group_w * max(len(rows), 1))
    plot_h = height - top - bottom
    peak = _nice_max(max([f.value for _m, figs in rows for f in figs] or [0]))
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de"/>', left, top + plot_h, width - right, top + plot_h
        ),
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555">{}</text>', left - 4, top + 8, peak
        ),
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555">0</text>', left - 4, top + plot_h
        ),
    ]
    for g, (ministry, figures) in enumerate(rows):
        x0 = left + gap / 2 + g * group_w
        for i, figure in enumerate(figures):
            h = plot_h * figure.value / peak
            first = quarters[i][0]
            label = f"{ministry.code} {quarter_key(first)}: {figure.value}"
            parts.append(
                format_html(
                    '<a href="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect></a>',
                    figure.url or "#",
                    round(x0 + i * bar, 1),
                    round(top + plot_h - h, 1),
                    bar - 2,
                    round(max(h, 0.5), 1),
                    PALETTE[i % len(PALETTE)],
                    label,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#1b1b1b">{}</text>',
                round(x0 + len(figures) * bar / 2, 1),
                top + plot_h + 14,
                ministry.code,
            )
        )
    for i, (first, _last) in enumerate(quarters):
        lx = left + i * 70
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="10" fill="#1b1b1b">{}</text>',
                lx,
                height - 18,
                PALETTE[i % len(PALETTE)],
                lx + 14,
                height - 9,
                quarter_key(first),
            )
        )
    desc = "; ".join(f"{m.code}: " + ", ".join(str(f.value) for f in figs) for m, figs in rows)
    return _svg(width, height, title, desc, "".join(parts), "chart chart-ministries")
