"""The shared layer stays shared, and the files browsers ask for at fixed addresses are there."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS_BUILT_ON_SITE_PAGES = {"home", "blog", "booking", "search", "demo"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_developer_finds_the_shared_layer_importing_no_app_built_on_it():
    offending = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "site_pages").rglob("*.py")
        if "migrations" not in path.parts
        for module in imported_modules(path)
        if module.split(".")[0] in APPS_BUILT_ON_SITE_PAGES
    }
    assert not offending


def test_developer_finds_the_demo_content_in_its_own_app():
    assert (ROOT / "demo" / "content" / "is-ketamine-therapy-right-for-me.txt").is_file()
    assert (ROOT / "demo" / "management" / "commands" / "load_demo_content.py").is_file()
    assert not (ROOT / "site_pages" / "demo").exists()


@pytest.mark.parametrize(
    ("path", "content_type"), [("/favicon.ico", "image/x-icon"), ("/apple-touch-icon.png", "image/png")]
)
def test_visitor_browser_gets_the_site_icons(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content if response.streaming else [response.content])
