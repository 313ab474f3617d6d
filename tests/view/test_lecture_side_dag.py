"""Side by side while presenting at 1920×1080: the whole autograd DAG is on screen at a readable
size (issue #15: the intro's slide 10 cut the bottom leaf ``a`` off)."""
import pytest
from PySide6.QtCore import Qt

from explorer.model.lecture import load_lecture
from explorer.view.lecture import framing
from tests.view.test_lecture_presenting import key, lecture_path, presenter, settle  # noqa: F401 (fixture)


def dag_cut_off(dag) -> list[str]:
    """Labels of the DAG's items that are not wholly inside its viewport."""
    visible = dag.mapToScene(dag.viewport().rect()).boundingRect().adjusted(-1, -1, 1, 1)
    cut = []
    for item_key, item in dag.bscene.items_by_key.items():
        if not visible.contains(item.sceneBoundingRect()):
            cut.append(str(item_key))
    return cut


@pytest.mark.parametrize("name", ["autograd_intro_en.json", "autograd_intro_ko.json"])
def test_side_by_side_slides_show_the_whole_dag_readably(qtbot, presenter, name):
    window = presenter
    ctl = window.context.extension("lecture").controller
    lec = load_lecture(lecture_path(name))
    sides = [i for i, s in enumerate(lec.slides) if s.view == "side"]
    assert sides
    assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
    ctl.enter_presentation()
    settle(qtbot, 20)
    for index in sides:
        ctl.go_to_slide(index - 1)
        settle(qtbot)
        key(qtbot, window, Qt.Key.Key_PageDown)        # arrive as the class does
        settle(qtbot, 20)
        for _ in range(3):                             # and while stepping
            dag = window.backward_view
            assert dag.isVisible() and window.view.isVisible()
            assert framing.text_px("body", dag.transform().m11()) >= 20 - 0.01
            assert dag_cut_off(dag) == [], f"slide {index + 1}: cut off {dag_cut_off(dag)}"
            key(qtbot, window, Qt.Key.Key_PageDown)
            settle(qtbot, 20)
            if ctl.player.slide_index != index:
                break
