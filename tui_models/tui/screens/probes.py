"""`t` and `T`: probe the highlighted model, or every model in view, and show what came back.

A mixin of `ExplorerScreen`. The requests run in the App's `probe` worker (`ProbeRequested`);
each result comes back through `show_probe`, lands in the probe store, the table's Probe
column and the inspector; `probes_finished` saves the store and sums up. Esc stops a batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_models import protocols
from tui_models.model import Model, Probe
from tui_models.probe import worth_probing
from tui_models.textsafe import shorten, visible
from tui_models.tui.messages import ProbeRequested

if TYPE_CHECKING:
    from tui_models.tui.screens.explorer import ExplorerScreen

    _Base = ExplorerScreen
else:
    _Base = object


class ProbeActions(_Base):  # type: ignore[misc,valid-type]
    """`t`, `T`, and the results arriving."""

    def action_probe(self) -> None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return
        target = self._target(model)
        if self._start_probes([target]):
            self.notify(f"Probing {shorten(visible(target.id), 60)} through "
                        f"{protocols.label(target.protocol)}: one real call, one output token",
                        markup=False, timeout=3)

    def action_probe_view(self) -> None:
        from tui_models.tui.dialogs.confirm import ConfirmProbe

        every = [self._target(self.view.index.models[i]) for i in self.view.rows]
        every = [m for m in every if not m.is_gone]
        if not every:
            self.notify("No model in view to probe.", severity="warning")
            return
        chosen, skipped = worth_probing(every)
        used = ", ".join(protocols.label(p) for p in protocols.order({m.protocol for m in every}))

        def answered(choice: str | None) -> None:
            if choice is not None:
                self._start_probes(every if choice == "all" else chosen)

        self.app.push_screen(ConfirmProbe(len(chosen), skipped, used), answered)

    def _start_probes(self, models: list[Model]) -> bool:
        if self.probe_progress.running:
            self.notify("Probes are running: esc stops them.", severity="warning")
            return False
        if not models:
            return False
        self.probe_progress.start(len(models))
        self.post_message(ProbeRequested(models))
        return True

    def show_probe(self, model: Model, result: Probe) -> None:
        """A probe of `model` (a protocol's own record) came back."""
        self.probes.put(model.protocol, model.id, result)
        self.catalog.set_probe(model.protocol, model.id, result)
        self.probe_progress.advance(result)
        if any(t.field == "probe" for t in self.view.query.terms):
            self.view.refilter()
        self._show_rows(keep=self.table.current)
        current = self.table.current
        if current is not None and current.id == model.id:
            self._inspect()
        if self.probe_progress.total == 1:
            from tui_models import fmt

            self.notify(f"{fmt.probe(result)} {shorten(visible(model.id), 60)}: "
                        + (f"HTTP {result.status}" if result.ok else result.error or "failed"),
                        severity="information" if result.ok else "error", markup=False,
                        timeout=6)

    def probes_finished(self, cancelled: bool) -> None:
        progress = self.probe_progress
        progress.finish()
        try:
            self.probes.save()
        except OSError as exc:
            self.notify(f"Probe results not saved: {exc.strerror or exc}", severity="warning",
                        markup=False)
        if progress.total > 1 or cancelled:
            done, failed = progress.done, progress.failed
            head = (f"Probing stopped after {done:,} of {progress.total:,}" if cancelled
                    else f"Probed {done:,}")
            self.notify(f"{head}: {done - failed:,} answered, {failed:,} failed "
                        "(search probe:fail)", timeout=8,
                        severity="warning" if failed or cancelled else "information")
