"""The Chromium that the browser tests (conftest.py) and the screenshot
script (screenshots.py) drive, and how they start it."""

import os
from pathlib import Path

#: Debian's Chromium, unless CMHUB_E2E_CHROMIUM names another.
CHROMIUM = Path(os.environ.get("CMHUB_E2E_CHROMIUM", "/usr/bin/chromium"))
#: No sandbox (containers), no GPU, and nothing fetched in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
