"""The gradient-accumulation lecture (en + ko) and the two lecture actions it needs:
``{"do": "backward", "accumulate": true}`` adds onto ``.grad`` and ``{"do": "zero_grad"}`` sets
every ``.grad`` to None. Each slide's ``w.grad`` is compared with PyTorch doing the same."""
import json

import numpy as np
import pytest

from explorer.model.lecture import LectureError, LecturePlayer, bundled_lectures, load_lecture, loads
from explorer.model.lecture_check import check_lecture

torch = pytest.importorskip("torch")


def torch_grads() -> list:
    """w.grad after each slide, as PyTorch computes it."""
    w = torch.tensor([1., 2.], requires_grad=True)
    x = torch.tensor([3., 4.])
    loss = (w * x).sum()
    out = []
    loss.backward(retain_graph=True)
    out.append(w.grad.clone())
    loss.backward(retain_graph=True)
    out.append(w.grad.clone())
    w.grad = None                                  # optimizer.zero_grad() (set_to_none)
    out.append(None)
    loss.backward(retain_graph=True)
    out.append(w.grad.clone())
    w.grad = None
    loss.backward()
    x2 = torch.tensor([1., -1.])
    (w * x2).sum().backward()
    out.append(w.grad.clone())
    return out


@pytest.mark.parametrize("name", ["gradient_accumulation_en.json", "gradient_accumulation_ko.json"])
def test_every_slide_matches_pytorch(name):
    path = next(p for p in bundled_lectures() if p.name == name)
    lecture = load_lecture(path)
    assert check_lecture(lecture) == []
    player = LecturePlayer(lecture)
    expected = torch_grads()
    assert len(lecture.slides) == len(expected)
    for i, want in enumerate(expected):
        player.go_to_slide(i)
        got = player.result.results[player.document.node_by_name("w").id].grad
        if want is None:
            assert got is None, (i, got)
        else:
            np.testing.assert_allclose(got, want.numpy(), rtol=0, atol=0, err_msg=f"slide {i + 1}")


def test_accumulate_must_be_a_boolean():
    bad = {"format": "autograd-explorer-lecture", "version": 1, "title": "t", "slides": [
        {"title": "s", "actions": [{"do": "load_example", "name": "seed"}, {"do": "backward", "accumulate": "yes"}]}]}
    with pytest.raises(LectureError, match="'accumulate' must be true or false"):
        loads(json.dumps(bad))
