from tui_models.cli import main

raise SystemExit(main())
