"""What the explorer does to one model or to the rows shown: copy it, copy it as a snippet,
star it, choose which protocol's record to act on, pick it, export the view.

A mixin of `ExplorerScreen`: it reads the screen's table, view, catalog, session and marks.
"""

from __future__ import annotations

from pathlib import Path
from time import strftime
from typing import TYPE_CHECKING

from tui_models.model import Model
from tui_models.textsafe import shorten, visible
from tui_models.tui.dialogs.manual_copy import copy_and_tell

if TYPE_CHECKING:
    from tui_models.tui.screens.explorer import ExplorerScreen

    _Base = ExplorerScreen
else:
    _Base = object


class ModelActions(_Base):  # type: ignore[misc,valid-type]
    """`c`, `C`, `f`, `p`, `e` and pick mode's choice."""

    def _choose(self, model: Model | None) -> None:
        from tui_models.clipboard import refusal

        if model is None:
            self.notify("No model matches: nothing to choose.", severity="warning")
        elif reason := refusal(model.id):  # the same rule as `c`: it would not paste back
            self.notify(f"Not chosen: {reason}", severity="error", markup=False)
        else:
            self._used(model.id)
            self.app.exit(model.id)

    def _target(self, model: Model) -> Model:
        """The protocol's record that the inspector's calls and copy-as act on: for an id
        several protocols serve, the one chosen with `p`, else the one a `proto:` term of the
        search names, else the first."""
        if not model.variants:
            return model
        chosen = self._chosen.get(model.id)
        if chosen is None:  # the protocol the search asked for (`proto:claude`), else the first
            asked = [t.value for t in self.view.query.terms if t.field == "proto"]
            chosen = next((v.protocol for v in model.variants
                           if all(v.protocol.startswith(a) for a in asked)),
                          model.variants[0].protocol)
        return model.variant(chosen)

    def action_copy_id(self) -> None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return
        copy_and_tell(self, model.id, what=model.id, twins=self.catalog.case_twins(model))
        self._used(model.id)

    def _used(self, model_id: str) -> None:
        """Remember `model_id` as used (pick mode lists it first next time)."""
        self.marks.used(model_id)
        self._save_marks()

    def _save_marks(self) -> None:
        try:
            self.marks.save()
        except OSError as exc:
            self.notify(f"Stars and recent ids not saved: {exc.strerror or exc}",
                        severity="warning", markup=False)

    def action_star(self) -> None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return
        starred = self.marks.star(model.id)
        self._save_marks()
        self.catalog.star(model.id, starred)
        self.view.refilter()
        self._show_rows(keep=model)
        self._inspect()
        self.notify(f"{'Starred' if starred else 'Unstarred'} {shorten(visible(model.id), 60)}"
                    + (" (search is:fav)" if starred else ""), markup=False, timeout=3)

    def action_next_protocol(self) -> None:
        model = self.table.current
        if model is None or not model.variants:
            self.notify("Only one protocol serves this model.", timeout=3)
            return
        served = [v.protocol for v in model.variants]
        now = self._target(model).protocol
        self._chosen[model.id] = served[(served.index(now) + 1) % len(served)]
        self._inspect()

    def action_copy_as(self) -> None:
        from tui_models.tui.dialogs.copy_as import CopyAsScreen

        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return

        def copied(text: str | None) -> None:
            if text is not None:
                copy_and_tell(self, text, what=model.id, multiline=True)

        self.app.push_screen(CopyAsScreen(self.session.profile, self._target(model)), copied)

    def action_export(self) -> None:
        from tui_models import export
        from tui_models.tui.dialogs.export import ExportScreen

        models = [self.view.index.models[i] for i in self.view.rows]
        name = self.session.profile.name
        default = Path(f"tui-models-{name}-{strftime('%Y%m%d-%H%M%S')}.json")

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                written = export.save(models, path)
            except OSError as exc:
                self.notify(f"Not exported: {exc}", severity="error", markup=False)
                return
            self.notify(f"Exported {len(models):,} models to {written}", title="Exported",
                        markup=False, timeout=10)

        self.app.push_screen(ExportScreen(len(models), default), chosen)

