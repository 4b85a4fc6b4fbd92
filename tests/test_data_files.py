"""The knowledge files in kg/data pass their own checks (scripts/*_check.py): a bad edit to a lexicon or
gazetteer (an unknown class, a duplicate trigger, a title variant listed twice) fails the suite, not a build."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.mark.parametrize("check", [["lexicon_check.py", "--no-spacy"], ["gazetteer_check.py"], ["people_check.py"]])
def test_data_files_pass_their_checks(check):
    done = subprocess.run([sys.executable, str(SCRIPTS / check[0]), *check[1:]], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
