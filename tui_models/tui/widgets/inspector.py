"""The inspector: everything known about the highlighted model, as inert text."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_models import fields, fmt, protocols
from tui_models.model import Model, Probe
from tui_models.probe import STALE_AFTER
from tui_models.textsafe import id_warnings, one_line, shorten, visible, wrap_url

MAX_RAW = 12_000
"""Characters of raw JSON shown per protocol."""
MAX_FORMATTED = 200_000
"""Larger items are shown as sent, cut, rather than parsed and indented: the work stays
bounded by what is shown, whatever the item's size."""
MAX_DESCRIPTION = 1_500


class Url:
    """A URL that wraps before a `/`, `?` or `&` when it is wider than its space."""

    def __init__(self, url: str, style: str = "") -> None:
        self.url, self.style = visible(url), style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_url(self.url, options.max_width):
            yield Text(line, style=self.style, no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(len(self.url), 16), len(self.url))


def raw_json(model: Model, limit: int = MAX_RAW) -> str:
    """The item as sent, indented when small enough to format, cut to `limit`."""
    text = model.raw_text
    if len(text) > MAX_FORMATTED:
        return shorten(text, limit)
    try:
        return shorten(json.dumps(model.raw, indent=2, ensure_ascii=True), limit)
    except (RecursionError, ValueError):
        return "(nested too deeply to show)"


def probe_text(result: Probe, model_id: str) -> Text:
    """A probe for people: the verdict with where it was answered and the headroom left
    (`✓ 412 ms via Responses · 499 req / 29,994 tok left`); then the status, first byte,
    tokens, the token parameter, why it retried, when; each endpoint's mark when several
    were tried; what went wrong; a substitution."""
    from tui_models.probe import summary
    from tui_models.protocols.endpoints import label

    style = "bold green" if result.ok else "bold red"
    parts = [f"HTTP {result.status}" if result.status else "no answer"]
    if result.ttfb_ms:
        parts.append(f"first byte {result.ttfb_ms:,.0f} ms")
    if result.input_tokens is not None or result.output_tokens is not None:
        parts.append(f"{result.input_tokens or 0} in / {result.output_tokens or 0} out tokens")
    if result.token_param:
        parts.append(result.token_param)
    if result.retried:
        parts.append(f"retried: {result.retried}")
    if result.calls > 1:
        parts.append(f"{result.calls} calls")
    parts.append(fmt.since(result.probed_at))
    text = Text.assemble((visible(summary(result)), style), "\n" + visible(" · ".join(parts)),
                         style="dim" if time.time() - result.probed_at > STALE_AFTER else "")
    if len(result.marks) > 1:
        text.append("\n" + " · ".join(f"{label(name)} {'✓' if ok else '✗'}"
                                      for name, ok in result.marks))
    if result.error:
        text.append("\n" + one_line(result.error, 300))
    if result.substituted(model_id):
        text.append(f"\n⚠ answered as {visible(result.answered_as or '')}, not the id sent",
                    style="bold yellow")
    return text


def _shown(model: Model, field: fields.Field) -> Text:
    """A field's text; where the catalogue filled it, saying so; a gateway price beside a
    list price, with the markup."""
    text = Text(field.display(model))
    where = fields.source(model, field.key) if field.key in fields.SOURCED else None
    if where == "catalog":
        text.append(" · models.dev", style="dim")
    elif where == "gateway":
        text.append(" · relay pricing" if field.key != "context_window" and
                    field.key != "max_output" else " · relay", style="dim")
    if field.key in ("input_per_1m", "output_per_1m") and model.ref is not None and \
            where != "catalog":
        own = fields.filled(model, field.key)
        listed = model.ref.entry.cost_input if field.key == "input_per_1m" \
            else model.ref.entry.cost_output
        if own is not None and listed:
            change = (own - listed) / listed * 100
            whose = (f"{model.ref.entry.provider}'s list price" if model.ref.first_party
                     else f"{model.ref.entry.provider}'s price")  # a reseller's: said so
            text.append(f" · {change:+.0f}% vs {whose}" if round(change) else f" · {whose}",
                        style="dim")
    return text


def providers_part(found: object | None) -> RenderableType:
    """OpenRouter's providers of a model (`relay.openrouter.ModelEndpoints`), what is
    happening (`fetching…`), or the problem; with nothing asked yet, how to ask."""
    from tui_models.relay.openrouter import ModelEndpoints

    if found is None:
        return Text("Providers: i shows which providers serve it on OpenRouter",
                    style="dim italic")
    if not isinstance(found, ModelEndpoints):
        return Text(f"Providers: {one_line(str(found), 300)}", style="dim")
    if not found.endpoints:
        return Text("Providers: OpenRouter lists none for this model", style="dim")
    table = Table(title="Providers on OpenRouter", title_justify="left", box=None,
                  padding=(0, 1), show_edge=False, title_style="dim bold", header_style="dim")
    for heading, justify in (("provider", "left"), ("quant", "left"), ("context", "right"),
                             ("in $/1M", "right"), ("out $/1M", "right"), ("up 30m", "right"),
                             ("latency", "right"), ("tok/s", "right")):
        table.add_column(heading, justify=justify, no_wrap=heading == "provider")  # type: ignore[arg-type]
    for e in found.endpoints:
        down = e.status is not None and e.status < 0
        cells = (visible(e.quantization or "–"), f"{e.context:,}" if e.context else "–",
                 fmt.price(e.input_per_1m), fmt.price(e.output_per_1m),
                 f"{e.uptime_30m:.1f}%" if e.uptime_30m is not None else "–",
                 f"{e.latency_ms:,.0f} ms" if e.latency_ms is not None else "–",
                 f"{e.throughput:,.0f}" if e.throughput is not None else "–")
        # Text, never str: a string cell would be read as markup.
        table.add_row(Text(visible(e.provider), style="red" if down else ""),
                      *(Text(cell) for cell in cells))
    if found.more:
        table.caption = Text(f"and {found.more} more")
    return table


def describe(model: Model, *, calls: Sequence[tuple[Model, str | None]],
             chosen: Model | None = None, twins: Sequence[str] = (),
             providers: object | None = None, openrouter: bool = False) -> RenderableType:
    """A renderable of `model`: built from Text objects, so no server string is markup.
    `calls` is each protocol's record with its call URL; `chosen`, the one copy-as uses;
    `providers`, what OpenRouter said of who serves it (`openrouter`: the profile's)."""
    chosen = chosen or model
    merged = len(calls) > 1
    parts: list[RenderableType] = [Text(visible(model.id), style="bold"),
                                   *_banners(model, twins), _grid(model, calls, chosen)]
    if openrouter:
        parts += [Text(""), providers_part(providers)]
    if merged:
        parts.append(Text(f"p: next protocol · copy-as uses {protocols.label(chosen.protocol)}",
                          style="dim italic"))
    if model.description:
        parts += [Text(""), Text(shorten(visible(model.description), MAX_DESCRIPTION))]
    limit = MAX_RAW // len(calls) if calls else MAX_RAW
    for variant, _ in sorted(calls, key=lambda call: call[0] is not chosen) or [(model, None)]:
        title = "Raw JSON" + (f" · {protocols.label(variant.protocol)}" if merged else "")
        parts += [Text(""), Text(title, style="dim bold"),
                  Text(raw_json(variant, limit), style="dim")]
    return Group(*parts)


def _banners(model: Model, twins: Sequence[str]) -> list[Text]:
    """The lines under the id: what is odd about it, and its marks (starred, new, gone…)."""
    warnings = id_warnings(model.id)
    if twins:
        warnings.append("case twin of " + ", ".join(visible(t) for t in twins[:3]))
    shown = [Text("⚠ id " + "; ".join(warnings), style="bold yellow")] if warnings else []
    for flag, text, style in ((model.is_fav, "★ starred", "bold yellow"),
                              (model.is_new, "NEW: first seen lately", "bold green"),
                              (model.is_gone, "GONE: listed before, not any more", "bold red"),
                              (model.is_locked, "LOCKED: the relay offers it to other groups, "
                               "not this key's — ask your administrator", "bold red"),
                              (model.changes, "CHANGED lately: see Changed below", "bold yellow")):
        if flag:
            shown.append(Text(text, style=style))
    return shown


_LIST_PRICES = {"list_input_per_1m": "input_per_1m", "list_output_per_1m": "output_per_1m"}


def _grid(model: Model, calls: Sequence[tuple[Model, str | None]], chosen: Model) -> Table:
    """The fields, the relay's arithmetic, the catalogue match, and each protocol's call."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for field in fields.all_fields():
        if field.key == "protocol" and len(calls) > 1:
            continue  # the protocols are listed with their calls below
        value = field.value(model) if field.label else None
        if field.key in _LIST_PRICES and value == fields.filled(model, _LIST_PRICES[field.key]):
            continue  # the list price is said where it differs from what the key pays
        if value is not None and value != "" and value != []:
            grid.add_row(field.label, _shown(model, field))
    if model.relay is not None and model.relay.explain:
        grid.add_row("Relay price", Text("\n".join(visible(e) for e in model.relay.explain)))
    if model.ref is not None:
        entry, match = model.ref.entry, model.ref
        how = match.how + ("; matched case-insensitively" if match.case_only else "")
        grid.add_row("Catalogue", Text(f"models.dev {visible(entry.provider)}/"
                                       f"{visible(entry.id)} ({how})",
                                       style="yellow" if match.case_only else ""))
    _call_rows(grid, calls, chosen)
    return grid


def _call_rows(grid: Table, calls: Sequence[tuple[Model, str | None]], chosen: Model) -> None:
    """Where each protocol's record is called, and its probe; the chosen one marked."""
    merged = len(calls) > 1
    for variant, url in calls:
        label = protocols.label(variant.protocol)
        if merged:
            mark = "▸ " if variant is chosen else "  "
            label = mark + label
        grid.add_row("Call at" if not merged else label,
                     Url(url, "bold" if merged and variant is chosen else "")
                     if url else Text("–"))
        if variant.probe is not None:
            grid.add_row("Probe" if not merged else "  probe", probe_text(variant.probe,
                                                                          variant.id))


class Inspector(VerticalScroll, can_focus=False):
    """Shows one model; `show(None)` shows a hint instead."""

    DEFAULT_CSS = """
    Inspector { padding: 0 1; }
    Inspector > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: RenderableType = Text("Highlight a model to see its details.", style="dim")
        """What the inspector shows now."""

    def compose(self):
        self._details = Static(self.shown, id="details")
        yield self._details

    def show(self, model: Model | None, *, calls: Sequence[tuple[Model, str | None]] = (),
             chosen: Model | None = None, twins: Sequence[str] = (), hint: str = "",
             providers: object | None = None, openrouter: bool = False) -> None:
        if model is None:
            self.shown = Text(hint or "No model highlighted.", style="dim")
        else:
            self.shown = describe(model, calls=calls or [(model, None)], chosen=chosen,
                                  twins=twins, providers=providers, openrouter=openrouter)
        if self.is_attached:
            self._details.update(self.shown)
            self.scroll_home(animate=False)
