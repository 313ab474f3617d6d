"""The model layer: everything about a graph except pixels. Never imports Qt."""
