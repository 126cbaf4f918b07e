from tui_models.cli import console

raise SystemExit(console())
