"""Running a document through the engine: values, grads, the backward graph, steps, training.

``Runner(doc)`` evaluates the document through the engine's public API on one path
(:mod:`.execute`: fresh engine tensors in topological order with the document's
``requires_grad`` flags, then backward through ``engine.autograd.backward_steps``); every value,
grad, flag, grad_fn, next_functions entry and backward-graph membership it reports comes from
that evaluation, and nothing survives a change of the document (:mod:`.core`).

Modules: :mod:`.results` (the records), :mod:`.execute` (the executor), :mod:`.steps` (step
records and chain-rule text), :mod:`.player` (the step cursor), :mod:`.training` (optimizer
steps), :mod:`.report` (JSON for the CLI), :mod:`.formatting` (numbers).
"""
from explorer.model.runner.core import Runner
from explorer.model.runner.formatting import format_array
from explorer.model.runner.player import PlayerState, StepPlayer
from explorer.model.runner.report import json_number_array, result_report
from explorer.model.runner.results import (Arrival, BackwardStep, ForwardStep, NodeResult, RunnerError,
                                           RunResult, Send)
from explorer.model.runner.training import Trainer, training_command

__all__ = [
    "Runner", "RunResult", "NodeResult", "ForwardStep", "BackwardStep", "Arrival", "Send",
    "StepPlayer", "PlayerState", "RunnerError", "format_array", "training_command",
    "result_report", "json_number_array", "Trainer",
]
