"""What the phone and accessibility browser tests (test_phone.py) check on
a page, as scripts run in the page, and axe-core.

axe-core comes with the ``axe-playwright-python`` package
(requirements/dev.txt), which ships its ``axe.min.js``: the tests read that
file and run it in the page themselves (Playwright's evaluate is not
subject to the site's Content-Security-Policy, which forbids inline scripts).
"""

import os
import tempfile
from functools import cache
from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
#: WCAG 2.5.8 (Target Size, Minimum): 24 by 24 CSS pixels.
MIN_TARGET = 24
#: The WCAG 2.1 A and AA rules of axe-core.
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: Every screenshot the phone test takes goes here (and, on failure, the
#: usual FAILURE_DIR screenshots of conftest.py are taken too).
SCREENSHOT_DIR = Path(
    os.environ.get(
        "CMHUB_E2E_SCREENSHOTS",
        Path(tempfile.gettempdir()) / "cmhub-e2e" / "pages",
    )
)

#: Interactive elements under 24 px in either direction, except links inside
#: a line of text (WCAG 2.5.8's "inline" exception) and visually hidden ones.
SMALL_TARGETS = """(minimum) => {
    const small = [];
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, "
        + "summary, [role=button]";
    for (const element of document.querySelectorAll(selector)) {
        if (!element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // visually hidden
        if (box.width >= minimum && box.height >= minimum) continue;
        if (getComputedStyle(element).display === "inline") {
            let block = element.parentElement;
            while (block && getComputedStyle(block).display.startsWith("inline")) {
                block = block.parentElement;
            }
            const own = element.textContent.trim().length;
            if (block && block.textContent.trim().length > own) continue;  // in a sentence
        }
        const name = (element.innerText || element.value || element.name
            || element.getAttribute("aria-label") || "").trim().slice(0, 40);
        const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
        const where = element.parentElement.className || element.parentElement.tagName;
        small.push(`<${element.tagName.toLowerCase()} class="${element.className}"> `
            + `in ${where}: "${name}" ${size}`);
    }
    return small;
}"""

#: Words of the main content that a line break cuts in two (no hyphen):
#: "communaut" at the end of one line, "é" at the start of the next.
BROKEN_WORDS = """() => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !parent.checkVisibility()) continue;
        for (const match of node.data.matchAll(/\\p{L}{2,}/gu)) {
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = [...range.getClientRects()].filter((r) => r.width > 0);
            const tops = new Set(lines.map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@cache
def axe_source():
    """axe-core's script, from the axe-playwright-python package."""
    try:
        import axe_playwright_python
    except ImportError:
        message = "axe-playwright-python is missing: make install-dev"
        if os.environ.get("CMHUB_E2E_REQUIRED", "") not in ("", "0"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page):
    """axe-core's WCAG 2.1 A and AA violations on the page, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "(tags) => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG21_AA,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def layout_problems(page):
    """What a phone user would trip on: a page wider than the screen, tap
    targets under 24 px, words cut by a line break."""
    problems = []
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    if scroll_width > inner_width:
        problems.append(f"scrolls sideways: {scroll_width} px wide on a {inner_width} px screen")
    problems += [
        f"tap target under {MIN_TARGET} px: {small}"
        for small in page.evaluate(SMALL_TARGETS, MIN_TARGET)
    ]
    problems += [f"word broken across lines: {word}" for word in page.evaluate(BROKEN_WORDS)]
    return problems


def unreachable_navigation(page):
    """The main navigation's links that the member cannot see and tap at
    this width, after opening the menu if there is a menu button."""
    button = page.locator(".nav-menu > summary")
    opened = button.count() and button.is_visible()
    if opened:
        button.click()
    links = page.locator(".main-nav a")
    width = page.viewport_size["width"]
    problems = []
    if links.count() == 0:
        problems.append("no main navigation")
    for index in range(links.count()):
        link = links.nth(index)
        name = link.inner_text().strip()
        box = link.bounding_box()
        if box is None or not link.is_visible():
            problems.append(f"navigation link hidden: {name}")
            continue
        if box["x"] < 0 or box["x"] + box["width"] > width:
            problems.append(f"navigation link off screen: {name} at x={box['x']:.0f}")
            continue
        try:
            link.click(trial=True, timeout=2_000)
        except Exception as error:  # noqa: BLE001 - reported as a problem below
            problems.append(
                f"navigation link cannot be tapped: {name} ({error.__class__.__name__})"
            )
    if opened:
        button.click()
    return problems
