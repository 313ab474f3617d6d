"""Lecture mode in the window: narration panel, step-through toolbar, presentation mode,
authoring, and the hooks the main window calls (:mod:`explorer.view.lecture.hooks`)."""
