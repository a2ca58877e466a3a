"""The lineup window driven as a user drives it, on real output sets: open a lineup (ten
misguided-attention sets holding five known pairs of relatives, the slop-forensics folder, a profile
file built from the slop-forensics outputs), hover a cell, double-click it into the comparison,
change the part, the replicates and the seed, add a member, cancel, and drop folders.

Every wait is on a signal; no test sleeps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from lineup_data import slop_profile_file
from lineup_window_helpers import (
    MAVERICK,
    MEMBERS,
    PAIRS,
    QUICK,
    SCOUT,
    WAIT,
    hover,
    make_ten,
    open_and_wait,
    overview,
    shown_lineup,
)
from tracepair.core.lineup import LineupSettings
from tracepair.ui.lineup.work import PRECOUNT
from tracepair.ui.shell.main_window import MainWindow


@pytest.fixture(scope="module")
def ten(misguided_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_ten(misguided_dir, tmp_path_factory)


def test_open_lineup_shows_the_heatmap_tree_and_each_members_nearest(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view = lw.view
    assert lw.isVisible() and "Lineup of 10 output sets" in lw.windowTitle()
    assert sorted(view.canvas.lineup.names) == MEMBERS
    nearest = overview(lw)
    for a, b in PAIRS:
        assert nearest[a] == b and nearest[b] == a, (a, nearest[a], b, nearest[b])
    # the tree's order puts each pair side by side on the heatmap
    order = [view.canvas.lineup.names[i] for i in view.canvas.lineup.order()]
    for a, b in PAIRS:
        assert abs(order.index(a) - order.index(b)) == 1
    info = view.info.text()
    assert "10 output sets" in info and "40 bootstrap replicates" in info and "median pair" in info
    assert not view.banner.isVisible()


def test_hovering_a_cell_names_both_with_similarity_and_interval(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    lineup = lw.view.canvas.lineup
    i, j = lineup.index("llama-4-maverick"), lineup.index("llama-4-scout")
    at = lw.view.canvas.cell_centre(i, j).toPoint()
    with qtbot.waitSignal(lw.view.canvas.hovered, timeout=5000, check_params_cb=bool):
        hover(lw.view.canvas, at)
    s, lo, hi = lineup.similarity[i, j], lineup.low[i, j], lineup.high[i, j]
    tip = QToolTip.text()
    assert tip.startswith("llama-4-maverick × llama-4-scout")
    assert f"similarity {s:+.3f}, 95% interval [{lo:+.3f}, {hi:+.3f}]" in tip
    assert f"llama-4-scout is llama-4-maverick's nearest in {lineup.support[i, j]:.0%}" in tip
    assert "llama-4-maverick × llama-4-scout" in lw.view.readout.text()
    assert lo <= s <= hi


def test_double_clicking_a_cell_opens_those_two_sets_side_by_side(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    lineup = lw.view.canvas.lineup
    i, j = lineup.index("gpt-4.1"), lineup.index("optimus-alpha")
    window.tabs.setCurrentIndex(1)  # the comparison window on another tab: the double-click brings Side by side
    with qtbot.waitSignal(window.comparisonReady, timeout=WAIT) as blocker:
        qtbot.mouseDClick(lw.view.canvas, Qt.MouseButton.LeftButton, pos=lw.view.canvas.cell_centre(i, j).toPoint())
    c = blocker.args[0]
    assert c.a.path == ten / "gpt-4.1.jsonl" and c.b.path == ten / "optimus-alpha.jsonl"
    assert window.sources["A"].path == lineup.members[i].path and window.sources["B"].path == lineup.members[j].path
    assert window.tabs.currentIndex() == 0 and window.isVisible()
    assert "gpt-4.1" in window.panes["A"].title.text() and "optimus-alpha" in window.panes["B"].title.text()


def test_clicks_choose_the_pair_in_the_panels(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view, lineup = lw.view, lw.view.canvas.lineup
    i, j = lineup.index("claude-opus-4"), lineup.index("gpt-4.1")
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=view.canvas.cell_centre(i, j).toPoint())
    # the chart lists claude-opus-4's relatives, and "what they share" is about that cell's pair
    assert view.listed == "claude-opus-4" and view.shared.member == "claude-opus-4"
    assert view.shared.chosen == "gpt-4.1"
    rows = view.nearest.rows
    assert len(rows) == 9 and rows[0].name == "claude-sonnet-4"
    assert [r.similarity for r in rows] == sorted((r.similarity for r in rows), reverse=True)
    # a row of the chart: what they share with that relative, z of each side as the lineup says
    qtbot.mouseClick(view.nearest, Qt.MouseButton.LeftButton,
                     pos=view.nearest.row_centre("claude-opus-4", "claude-sonnet-4").toPoint())
    assert view.shared.chosen == "claude-sonnet-4"
    groups = view.shared.rows()
    both = next(v for k, v in groups.items() if k.startswith("Both over-use"))
    expected = lineup.shared("claude-opus-4", "claude-sonnet-4", 15)
    assert [f for f, _, _ in both] == [x.feature for x in expected] and both
    assert both[0][1] == f"{expected[0].z_a:+.1f}" and both[0][2] == f"{expected[0].z_b:+.1f}"
    apart_a, apart_b = lineup.apart("claude-opus-4", "claude-sonnet-4", 15)
    assert [f for f, _, _ in groups[next(k for k in groups if k.startswith("claude-opus-4 over-uses"))]] == \
        [x.feature for x in apart_a]
    assert [f for f, _, _ in groups[next(k for k in groups if k.startswith("claude-sonnet-4 over-uses"))]] == \
        [x.feature for x in apart_b]
    # the relative's list does the same as a row of the chart
    view.shared.relative.setCurrentText("gpt-4.1")
    assert view.relative == "gpt-4.1" and view.nearest.selected == ("claude-opus-4", "gpt-4.1")
    assert next(iter(view.shared.rows())).startswith("Both over-use")
    view.shared.relative.setCurrentText("claude-sonnet-4")
    # "Compare Side by Side" opens the pair on show in the panels
    with qtbot.waitSignal(lw.compareRequested, timeout=5000) as blocker:
        view.shared.compare_button.click()
    assert blocker.args == [ten / "claude-opus-4.jsonl", ten / "claude-sonnet-4.jsonl"]


def test_changing_the_part_recomputes_from_the_kept_counts(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    # the reasoning is counted in the background once the answers' lineup is on show
    with qtbot.waitSignal(lw.work.tasks.finished, timeout=WAIT, check_params_cb=lambda name, _r: name == PRECOUNT):
        pass
    messages: list[str] = []
    lw.work.progress.connect(lambda _f, m: messages.append(m))
    view = lw.view
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.part.setCurrentIndex(view.part.findData("reasoning"))
    result = blocker.args[0]
    assert result.part == "reasoning" and view.canvas.lineup is result
    assert not any(m.startswith("counting") for m in messages), messages
    left_out = {e.name: e.why for e in result.excluded}
    assert left_out["gpt-4.1.jsonl"].startswith("reasoning in only 0 of")
    notes = view.notes.toPlainText()
    assert view.notes.isVisible() and f"Left out ({len(result.excluded)}):" in notes
    assert "gpt-4.1.jsonl — reasoning in only 0 of" in notes
    assert "reasoning" in view.info.text() and "gpt-4.1" not in result.names


def test_replicates_and_seed_do_what_they_say(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view = lw.view
    first = view.canvas.lineup
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.seed.setValue(7)
    seeded = blocker.args[0]
    assert seeded.settings.seed == 7 and seeded.replicates == 40
    assert (seeded.low != first.low).any()  # other prompts drawn: other intervals
    assert (seeded.similarity == first.similarity).all()  # the observed similarity does not depend on the seed
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.replicates.setValue(0)
    none = blocker.args[0]
    assert none.replicates == 0 and none.low is None and none.support is None
    assert "no bootstrap" in view.info.text()
    i, j = none.index("gpt-4.1"), none.index("optimus-alpha")
    assert "no bootstrap: no interval" in view.canvas.tip_at(view.canvas.cell_centre(i, j))
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.replicates.setValue(25)
    assert blocker.args[0].replicates == 25 and "25 bootstrap replicates" in view.info.text()
    # Recompute computes the lineup again, for the same settings: a new lineup, equal to the last
    before = view.canvas.lineup
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.recompute_button.click()
    again = blocker.args[0]
    assert again is not before and again.settings == before.settings and view.replicates.value() == 25
    assert (again.support == before.support).all() and (again.low == before.low).all()


def test_the_member_listed_stays_listed_when_a_setting_changes(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view = lw.view
    view.member_box.setCurrentIndex(view.member_box.findData("gpt-4.1"))
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        view.seed.setValue(3)
    assert view.listed == "gpt-4.1" and not view.nearest.overview and view.nearest.member == "gpt-4.1"
    assert view.member_box.currentText() == "of gpt-4.1" and "gpt-4.1" in view.shared.heading.text()


def test_cancel_leaves_no_lineup_on_screen(qtbot, window: MainWindow, ten: Path, misguided_dir: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view = lw.view
    assert view.cancel_button.isHidden()
    # a new member to count makes the run long enough to cancel; the old lineup leaves the screen at once
    with qtbot.waitSignal(lw.work.cancelled, timeout=WAIT):
        lw.add([misguided_dir / "qwen3-235b-a22b-think.jsonl"])
        assert view.canvas.lineup is None and not view.nearest.rows and not view.shared.chosen
        assert view.cancel_button.isVisible()
        view.cancel_button.click()
    assert view.canvas.lineup is None and view.lineup is None and lw.work.lineup is None
    assert view.canvas.message.startswith("Cancelled")
    assert "Cancelled" in view.info.text() and not view.member_box.isEnabled()
    assert view.cancel_button.isHidden()
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        view.recompute_button.click()
    assert len(blocker.args[0].members) == 11


def test_a_newer_lineup_supersedes_the_one_under_way(qtbot, window: MainWindow, ten: Path, slop_dir: Path) -> None:
    from tracepair.ui.shell.lineup_flow import lineup_window

    lw = lineup_window(window)
    qtbot.addWidget(lw)
    seen: list[list[str]] = []
    lw.view.shown.connect(lambda x: seen.append(x.names) if x is not None else None)
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        window.open_lineup([ten], QUICK)
        window.open_lineup([slop_dir], QUICK)
    assert seen == [[m.name for m in lw.work.lineup.members]] and MAVERICK in seen[0]
    assert overview(lw)[MAVERICK] == SCOUT and overview(lw)[SCOUT] == MAVERICK


def test_slop_forensics_profile_file_says_it_has_no_bootstrap(qtbot, window: MainWindow, slop_dir: Path,
                                                              tmp_path: Path) -> None:
    profile = slop_profile_file(slop_dir, tmp_path / "slop_profile_results.json")
    lw = open_and_wait(qtbot, window, [profile], LineupSettings(part="both", bootstrap=40))
    view = lw.view
    assert view.banner.isVisible() and "slop-forensics profile file" in view.banner.text()
    # a profile has no answers or reasoning, whatever the Part box held: the labels say what it has
    assert "listed features" in view.info.text() and "answers and reasoning" not in view.info.text()
    assert view.nearest.title().endswith("(listed features)")
    assert "no intervals and no support" in view.banner.text()
    assert not view.replicates.isEnabled() and not view.seed.isEnabled() and not view.part.isEnabled()
    assert overview(lw)[MAVERICK] == SCOUT
    lineup = view.canvas.lineup
    i, j = lineup.index(MAVERICK), lineup.index(SCOUT)
    assert "no bootstrap: no interval" in view.canvas.tip_at(view.canvas.cell_centre(i, j))
    assert all(r.support is None for r in view.nearest.rows)
    asked: list[object] = []
    lw.compareRequested.connect(lambda a, b: asked.append((a, b)))
    qtbot.mouseDClick(view.canvas, Qt.MouseButton.LeftButton, pos=view.canvas.cell_centre(i, j).toPoint())
    assert not asked and "no records" in view.readout.text()
    assert not view.shared.compare_button.isEnabled()
    # output sets again: the settings come back at once (not only once their lineup is computed)
    with qtbot.waitSignal(view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        lw.open([slop_dir])
        assert view.replicates.isEnabled() and view.part.isEnabled() and not view.banner.isVisible()
    assert view.replicates.isEnabled() and not view.banner.isVisible()


def test_inputs_left_out_are_listed_with_the_reason(qtbot, window: MainWindow, ten: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for f in sorted(ten.iterdir())[:4]:
        (folder / f.name).symlink_to(f.resolve())
    (folder / "broken.json").write_text('{"output": "x",\n "reasoning": }', encoding="utf-8")
    lw = open_and_wait(qtbot, window, [folder])
    notes = lw.view.notes.toPlainText()
    assert lw.view.notes.isVisible() and "Left out: broken.json — " in notes
    assert len(lw.view.canvas.lineup.members) == 4


def test_too_few_sets_say_why_and_show_nothing(qtbot, window: MainWindow, ten: Path) -> None:
    from tracepair.ui.shell.lineup_flow import lineup_window

    lw = lineup_window(window)
    qtbot.addWidget(lw)
    two = sorted(ten.iterdir())[:2]
    with qtbot.waitSignal(lw.work.failed, timeout=WAIT) as blocker:
        window.open_lineup(two, QUICK)
    assert "at least 3" in blocker.args[0]
    assert lw.view.canvas.lineup is None and "at least 3" in lw.view.canvas.message
    assert "No lineup" in lw.view.info.text()




def test_settings_given_on_opening_are_all_used(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten], LineupSettings(part="both", bootstrap=15, seed=3, top=5))
    result = lw.view.canvas.lineup
    assert (result.part, result.replicates, result.settings.seed, result.settings.top) == ("both", 15, 3, 5)
    assert (lw.view.part.currentData(), lw.view.replicates.value(), lw.view.seed.value()) == ("both", 15, 3)


def test_choosing_a_member_lists_its_relatives(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    view = lw.view
    box = view.member_box
    assert box.itemText(0) == "each member's nearest" and box.count() == 11
    box.setCurrentIndex(box.findData("llama-4-scout"))
    assert view.listed == "llama-4-scout" and view.nearest.member == "llama-4-scout"
    assert view.nearest.rows[0].name == "llama-4-maverick" and view.shared.chosen == "llama-4-maverick"
    assert "llama-4-scout" in view.shared.heading.text()
    hover(view.nearest, view.nearest.row_centre("llama-4-scout", "llama-4-maverick").toPoint())
    assert QToolTip.text().startswith("llama-4-scout → llama-4-maverick: similarity")
