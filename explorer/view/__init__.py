"""The Qt view layer: main window, canvas, panels, rendering."""
