"""Charts of video data as SVG, drawn with matplotlib: plays over time (with engagements)
for one order's video, and plays per day for a project. Labels are in Chinese, so the
chart needs a CJK font (`XT_CHART_FONT_FAMILY`, by family name); without it the labels
would come out as empty boxes, so drawing fails loudly instead. Glyphs are drawn as
paths, so the chart looks the same in any viewer, whatever fonts it has."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("svg")  # no display; the charts are files

from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

ZONE = ZoneInfo("Asia/Shanghai")
PLAYS_COLOUR, ENGAGED_COLOUR, TOTAL_COLOUR = "#1f6feb", "#e8590c", "#2f9e44"
# Dates on a time axis, in Chinese (matplotlib's defaults name months in English).
DATE_FORMATS = ["%Y年", "%m月", "%m-%d", "%H:%M", "%H:%M", "%S.%f"]
OFFSET_FORMATS = ["", "%Y年", "%Y年%m月", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"]
HEADROOM = 1.2  # of the tallest figure: room for the legend above it


class FontMissing(RuntimeError):
    """The chart font is not installed: Chinese labels would not render."""


@lru_cache(maxsize=4)
def font_path(family: str) -> str:
    """The file of the font family, found by name through matplotlib's font manager (its
    cache rebuilt once if the font was installed after the cache was written)."""
    wanted = font_manager.FontProperties(family=family)
    for manager in (font_manager.fontManager, font_manager.FontManager()):
        try:
            found = manager.findfont(wanted, fallback_to_default=False, rebuild_if_missing=False)
        except ValueError:
            continue
        if manager is not font_manager.fontManager:
            font_manager.fontManager.addfont(found)
        return str(found)
    raise FontMissing(
        f"the chart font '{family}' is not installed (Debian: apt-get install fonts-noto-cjk)"
    )


def _figure(family: str) -> Figure:
    font_path(family)
    figure = Figure(figsize=(9, 5.6), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(figure: Figure, family: str) -> None:
    for text in figure.findobj(lambda artist: hasattr(artist, "set_fontfamily")):
        text.set_fontfamily([family, "DejaVu Sans"])  # type: ignore[attr-defined]


def _counts(peak: float) -> FuncFormatter:
    """Counts as people read them, one unit per axis: 12,300; or 45.6万 when the axis
    reaches a hundred thousand."""
    if peak >= 100_000:
        return FuncFormatter(
            lambda v, _: f"{v / 10_000:,.1f}".removesuffix(".0") + "万" if v else "0"
        )
    return FuncFormatter(lambda v, _: f"{v:,.0f}")


def _svg(figure: Figure, title: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None, "Creator": None})
    return buffer.getvalue()


def _no_data(axes: Axes, empty: bool) -> None:
    if empty:
        axes.text(0.5, 0.5, "暂无数据", transform=axes.transAxes, ha="center", va="center")


def plays_over_time(
    times: Sequence[datetime],
    plays: Sequence[int],
    engagements: Sequence[int],
    *,
    title: str,
    family: str,
) -> bytes:
    """One video: plays (above) and engagements (below) at each check, on one time axis."""
    figure = _figure(family)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    local = [moment.astimezone(ZONE) for moment in times]
    top.plot(local, plays, color=PLAYS_COLOUR, marker="o", markersize=2.5)
    top.set_ylabel("播放量（次）")
    top.yaxis.set_major_formatter(_counts(max(plays, default=0)))
    bottom.plot(local, engagements, color=ENGAGED_COLOUR, marker="s", markersize=2.5)
    bottom.set_ylabel("互动量（次）")
    bottom.yaxis.set_major_formatter(_counts(max(engagements, default=0)))
    bottom.set_title("互动量 = 点赞 + 评论 + 分享", fontsize=9, loc="left")
    for axes in (top, bottom):
        axes.set_ylim(bottom=0)
        axes.grid(True, alpha=0.3)
    if times:
        locator = mdates.AutoDateLocator(tz=ZONE, maxticks=9)  # type: ignore[no-untyped-call]
        concise = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
            locator, tz=ZONE, formats=DATE_FORMATS, offset_formats=OFFSET_FORMATS
        )
        bottom.xaxis.set_major_locator(locator)
        bottom.xaxis.set_major_formatter(concise)
    bottom.set_xlabel("时间（北京时间）")
    top.set_title(title)
    _no_data(top, not times)
    _style(figure, family)
    return _svg(figure, title)


def plays_per_day(
    days: Sequence[date],
    plays: Sequence[int],
    engagements: Sequence[int],
    totals: Sequence[int],
    *,
    title: str,
    family: str,
) -> bytes:
    """A project: plays gained each day (bars) with the running total (line, right axis),
    and engagements gained each day below."""
    figure = _figure(family)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    positions = list(range(len(days)))
    top.bar(positions, plays, 0.6, color=PLAYS_COLOUR, label="当日播放量")
    top.set_ylabel("当日播放量（次）")
    top.yaxis.set_major_formatter(_counts(max(plays, default=0)))
    total = top.twinx()
    total.plot(positions, totals, color=TOTAL_COLOUR, marker="o", markersize=3, label="累计播放量")
    total.set_ylabel("累计播放量（次）", color=TOTAL_COLOUR)
    total.yaxis.set_major_formatter(_counts(max(totals, default=0)))
    # Headroom above the tallest bar and the line's end, where the legend goes.
    top.set_ylim(0, max(max(plays, default=0) * HEADROOM, 1))
    total.set_ylim(0, max(max(totals, default=0) * HEADROOM, 1))
    bars, lines = top.get_legend_handles_labels(), total.get_legend_handles_labels()
    top.legend(bars[0] + lines[0], bars[1] + lines[1], loc="upper left", ncols=2)
    bottom.bar(positions, engagements, 0.6, color=ENGAGED_COLOUR)
    bottom.set_ylabel("当日互动量（次）")
    bottom.yaxis.set_major_formatter(_counts(max(engagements, default=0)))
    bottom.set_title("互动量 = 点赞 + 评论 + 分享", fontsize=9, loc="left")
    every = max(1, -(-len(days) // 12))
    bottom.set_xticks(positions[::every], [d.strftime("%m-%d") for d in days][::every])
    bottom.set_xlabel(f"日期（北京时间{days[0].strftime('，%Y年') if days else ''}）")
    for axes in (top, bottom):
        axes.grid(True, axis="y", alpha=0.3)
    top.set_title(title)
    _no_data(top, not days)
    _style(figure, family)
    return _svg(figure, title)
