"""The node-editor canvas: the forward graph scene and view, and the backward-graph (autograd DAG) view."""
from explorer.view.canvas.backward import BackwardGraphScene, BackwardGraphView
from explorer.view.canvas.scene import GraphScene
from explorer.view.canvas.view import GraphView

__all__ = ["GraphScene", "GraphView", "BackwardGraphScene", "BackwardGraphView"]
