"""Every hostile submission scores exactly what its honest twin scores, and leaves nothing behind.

Graded as on Gradescope: the built zip unpacked into a temporary /autograder,
the grader run as the same user as the tests (root in CI, so the sandbox uid,
the hidden folders and the kill-by-uid are exercised for real).
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import jsonschema
import pytest

from autograder import gradescope, package
from autograder.results import SCHEMA_PATH
from autograder.sandbox.limits import sandbox_uid
from tests.helpers import leftover_files, live_processes, secret_lines
from tests.hostile import CATALOGUE
from tests.hostile.catalogue import Attack

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
IS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = package.build(ROOT, tmp_path_factory.mktemp("dist"))
    return next(p for p in built if p.name == "autograder.zip")


def grade_as_gradescope(autograder_zip: Path, folder: Path, content: bytes, name: str = "devoir3.py",
                        link: str = "") -> tuple[dict, Path]:
    """Unpack the zip into ``folder`` laid out like /autograder, upload ``content`` as ``name`` (or a link), grade."""
    root = folder / "autograder"
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    upload = root / "submission" / name
    if link:
        upload.symlink_to(link)
    else:
        upload.write_bytes(content)
    modes = {path: path.stat().st_mode for path in (root, *root.iterdir(), *(root / "source").iterdir())}
    results = json.loads(gradescope.run(root).read_text(encoding="utf-8"))
    jsonschema.validate(results, SCHEMA)
    assert (os.readlink(upload) == link) if link else (upload.read_bytes() == content), \
        "the submission folder was modified"
    assert {path: path.stat().st_mode for path in modes} == modes, "grading changed a permission"
    assert (root / "results").stat().st_mode == (root / "submission").stat().st_mode
    return results, root


def scores(results: dict) -> dict[str, float]:
    return {test["name"]: test["score"] for test in results["tests"]}


@pytest.mark.parametrize("attack", CATALOGUE, ids=[a.name for a in CATALOGUE])
def test_attack_scores_what_its_honest_twin_scores(attack: Attack, autograder_zip: Path, tmp_path: Path,
                                                   reference_source: str) -> None:
    if attack.root_only and not IS_ROOT:
        pytest.skip("needs root: without a sandbox uid there is no per-user process limit")
    hostile, honest = attack.sources(reference_source)
    attacked, root = grade_as_gradescope(autograder_zip, tmp_path / "attack", hostile, attack.upload, attack.link)
    twin, _ = grade_as_gradescope(autograder_zip, tmp_path / "twin", honest)

    assert scores(attacked) == scores(twin)
    assert attacked["score"] == twin["score"]
    seen_by_student = json.dumps([attacked["output"]] + [t["output"] for t in attacked["tests"]], ensure_ascii=False)
    leaked = [line for line in secret_lines() if line in seen_by_student]
    assert not leaked, f"hidden material reached the student: {leaked[:3]}"
    if IS_ROOT:
        assert not live_processes(lambda uid: uid == sandbox_uid()), "a process of the sandbox is still running"
        assert not leftover_files(lambda uid: uid == sandbox_uid()), "the sandbox left files behind"


def test_the_catalogue_covers_the_attacks_we_promise() -> None:
    promised = {
        "monkeypatch_numpy", "monkeypatch_pytest", "monkeypatch_builtins", "always_equal_object", "ndarray_subclass",
        "forge_results_and_os_exit", "leak_hidden_tests_in_error", "sys_exit_at_import", "os_exit_at_import",
        "base_exception_at_import", "sys_exit_in_function", "os_exit_in_function", "base_exception_in_function",
        "infinite_loop_at_import", "infinite_loop_in_function", "memory_bomb_at_import", "fork_bomb", "print_100_mb",
        "deep_recursion", "ignore_sigterm", "thread_left_running", "child_process_left_running",
        "write_into_submission_folder", "syntax_error", "empty_file", "binary_file",
        "deep_folder_chain", "million_empty_files",
    }
    assert promised <= {a.name for a in CATALOGUE}


def test_twins_are_not_trivial(autograder_zip: Path, tmp_path: Path, reference_source: str) -> None:
    """The base of the twins loses some points and keeps most: a broken grader could not pass by scoring 0."""
    _, honest = CATALOGUE[0].sources(reference_source)
    results, _ = grade_as_gradescope(autograder_zip, tmp_path, honest)
    assert 50 <= results["score"] < 65
