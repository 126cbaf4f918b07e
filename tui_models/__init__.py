"""tui-models: see which LLM models an API key can use on a gateway, and copy the exact id."""

__version__ = "0.1.0"
