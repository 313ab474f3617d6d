"""Dock panels of the main window: op palette, inspector, code editor, messages, run toolbar."""
