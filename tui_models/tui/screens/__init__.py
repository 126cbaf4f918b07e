"""Dialogs and full screens pushed over the explorer."""
