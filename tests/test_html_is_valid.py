"""Every page type is valid HTML by the Nu HTML Checker (vnu-jar from npm, run on Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One page of each type the demo has, and the pages no page model serves.
PAGES = {
    "home": "/",
    "service": "/ketamine-therapy/",
    "standard": "/about/",
    "blog index": "/blog/",
    "guide": "/blog/is-ketamine-therapy-right-for-me/",
    "topic": "/blog/topic/ketamine-therapy/",
    "booking": "/book-a-consultation/",
    "thank-you": "/book-a-consultation/thank-you/",
    "search": "/search/?query=ketamine",
    "404": "/no-such-page/",
}


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not VNU.exists() or not java:
        message = f"the Nu HTML Checker needs Java and {VNU}: install a JRE and run `npm ci`"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs both, so a missing checker there is a failure, not a skip
        pytest.skip(message)

    def check(paths):
        # One run for all files: the checker takes seconds to start, then milliseconds a page.
        result = subprocess.run(
            [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        return json.loads(result.stderr)["messages"]

    return check


def test_visitor_gets_valid_html_on_every_page_type(client, demo_site, vnu, tmp_path):
    files = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), url
        files[name] = tmp_path / f"{name.replace(' ', '-')}.html"
        files[name].write_bytes(response.content)
    errors = [
        f"{Path(message['url']).stem}:{message.get('lastLine')}: {message['message']}"
        for message in vnu(files.values())
        if message["type"] == "error"
    ]
    assert errors == []
