"""``greendiag demo``: the sample park through the whole job (builder → saved workbook → generate)."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import OutputExists, run_demo
from generator.samples import sample_park
from workbooks import read_case


def test_demo_builds_workbook_then_generates(tmp_path):
    workbook, result = run_demo(tmp_path)
    assert workbook.parent == tmp_path and workbook.suffix == ".xlsx"
    # the documents were generated from the saved workbook, which holds the sample park exactly
    read = read_case(workbook)
    assert read.case == sample_park()
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["input"]["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert len(result.documents) == 5
    assert {p.name for p in tmp_path.iterdir()} == {workbook.name, result.manifest.name, *(p.name for p in result.documents)}


def test_demo_refuses_to_overwrite_then_force(tmp_path):
    workbook, _ = run_demo(tmp_path)
    before = workbook.read_bytes()
    with pytest.raises(OutputExists):
        run_demo(tmp_path)
    assert workbook.read_bytes() == before
    workbook2, result = run_demo(tmp_path, force=True)
    assert workbook2 == workbook and len(result.documents) == 5


def test_cli_demo(tmp_path):
    out = tmp_path / "demo-output"
    res = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "案例工作簿" in res.output and "93.9分" in res.output
    assert len(list(out.glob("*.docx"))) == 5 and len(list(out.glob("*.xlsx"))) == 1
    res = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 1 and "--force" in res.output
