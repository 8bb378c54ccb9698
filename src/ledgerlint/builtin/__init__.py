"""The built-in Python rules, one module per area, each registered as a plugin."""
