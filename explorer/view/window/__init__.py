"""The main window's parts: :mod:`explorer.view.main_window` builds the window and delegates.

- ``building``: docks, actions, menus, toolbars, the shortcut list and the about box;
- ``files``: New / Open / Save / Recent / Export GraphML (``FileController``);
- ``autosave``: the recovery copy and Recover Unsaved Work (``AutosaveController``);
- ``runs``: Forward / Backward / Zero grad / Train step / Auto-run, the gradient field
  (``RunController``);
- ``script_sync``: the Code dock and the graph, program runs and stepping (``ScriptController``);
- ``view_mode``: forward / backward / side by side, fitting, theme, font size
  (``ViewModeController``);
- ``edits``: panel edits as commands, the shared selection (``EditController``);
- ``context``: ``WindowContext``, what extensions use to add docks, menus and toolbars and to
  find the controllers and each other;
- ``model_side``: the window's second half, imported by ``MainWindow.attach_model`` after the
  frame's first paint (start-up seam 2): it creates ``files``, ``autosave``, ``runs``,
  ``scripts``, ``edits``, the Inspector, the document, the runner and the canvases, and wires
  the frame to them.

The frame (``building``, ``view_mode``, ``constants``, ``context``) imports only Qt and light
view modules; ``model_side`` and the controllers it creates import the model layer at their top.
Nothing here is imported at package import: the window imports the modules it needs.
"""
