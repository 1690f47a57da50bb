"""The market's export series beside the barriers resolved in the same periods: one server-side
SVG (no JavaScript) of two aligned bar panels, exports above, resolutions below, with <title> and
<desc>; the page shows the same numbers in a table (markets/_indicators.html)."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..oversight.charts import OPEN_COLOUR, RESOLVED_COLOUR


def _nice_max(value):
    """The axis top: the smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above `value`."""
    value = max(value, 1)
    power = 1
    while True:
        for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            if value <= step * power:
                return int(step * power)
        power *= 10


def export_chart(title, desc, rows, *, export_label, resolved_label, width=640, height=300):
    """`rows`: [SeriesRow] (selectors.markets.indicator_series), oldest first."""
    left, right, top, gap, bottom = 70, 12, 22, 34, 40
    n = max(len(rows), 1)
    plot_w = width - left - right
    export_h = (height - top - gap - bottom) * 2 // 3
    resolved_h = height - top - gap - bottom - export_h
    resolved_top = top + export_h + gap
    peak = _nice_max(max([r.value_million or 0 for r in rows] or [0]))
    peak_resolved = _nice_max(max([r.resolved for r in rows] or [0]))
    slot = plot_w / n
    bar = max(slot * 0.6, 2)
    parts = [
        format_html('<text x="{}" y="{}" font-size="11" fill="#1e2124">{}</text>', left, top - 8, export_label),
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#1e2124">{}</text>', left, resolved_top - 8, resolved_label
        ),
    ]
    for base, h, top_value in ((top, export_h, peak), (resolved_top, resolved_h, peak_resolved)):
        parts += [
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a949e"/>', left, base + h, left + plot_w, base + h
            ),
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#464c53">{}</text>',
                left - 4,
                base + 8,
                f"{top_value:,}",
            ),
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#464c53">0</text>', left - 4, base + h
            ),
        ]
    for i, row in enumerate(rows):
        x = left + slot * i + (slot - bar) / 2
        if row.value_million:
            h = export_h * row.value_million / peak
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    f"{x:.1f}",
                    f"{top + export_h - h:.1f}",
                    f"{bar:.1f}",
                    f"{h:.1f}",
                    OPEN_COLOUR,
                )
            )
        if row.resolved:
            h = resolved_h * row.resolved / peak_resolved
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    f"{x:.1f}",
                    f"{resolved_top + resolved_h - h:.1f}",
                    f"{bar:.1f}",
                    f"{h:.1f}",
                    RESOLVED_COLOUR,
                )
            )
        if n <= 12 or i % max(n // 8, 1) == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#464c53">{}</text>',
                    f"{x + bar / 2:.1f}",
                    height - bottom + 16,
                    row.key,
                )
            )
    body = "".join(str(p) for p in parts)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="export-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg>"
    )


def indicator_panel(country, name, series, scope_note):
    """What markets/_indicators.html shows for one market: the series, its chart, its sources."""
    title = _("Exports and resolved barriers: %(market)s") % {"market": name}
    desc = "; ".join(
        _("%(period)s: exports %(value)s million KRW, %(n)d barriers resolved")
        % {
            "period": row.key,
            "value": "-" if row.value_million is None else f"{row.value_million:,}",
            "n": row.resolved,
        }
        for row in series
    )
    return {
        "code": country,
        "market": name,
        "series": series,
        "series_demo": any(row.is_demo for row in series),
        "sources": sorted({row.indicator.source for row in series}),
        "scope_note": scope_note,
        "chart": export_chart(
            title, desc, series, export_label=_("Exports (million KRW)"), resolved_label=_("Barriers resolved")
        )
        if series
        else "",
    }
