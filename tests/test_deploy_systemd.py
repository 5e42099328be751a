"""The systemd units in deploy/systemd/ run every process of the site so that they see each other's purges."""

import configparser
from pathlib import Path

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def test_a_scheduled_publish_reaches_the_memory_cache_of_the_web_workers():
    # Without Redis, each web worker drops its kept pages when a stamp file in /tmp changes; a unit with a
    # private /tmp of its own would purge a stamp the web workers never see (a scheduled post never showing).
    web = unit("clinic-web.service")
    assert web["Service"]["PrivateTmp"] == "true"
    runs_the_site = [path.name for path in UNITS.glob("*.service") if "manage.py" in path.read_text()]
    assert "clinic-publish-scheduled.service" in runs_the_site and "clinic-tasks.service" in runs_the_site
    for name in runs_the_site:
        if name == "clinic-web.service":
            continue
        other = unit(name)
        assert other["Service"].get("PrivateTmp") == "true", name
        assert other["Unit"].get("JoinsNamespaceOf") == "clinic-web.service", name
