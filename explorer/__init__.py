"""Autograd Explorer: the application (model layer without Qt, view layer with Qt)."""
