"""Reading an import file: its size, its encoding and its JSON, each refused
with a message that names the file and says what to do."""

import json
from pathlib import Path

#: The largest import file read, checked before the file is loaded.
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read as JSON at all."""


def load_file(path, max_bytes=MAX_FILE_BYTES):
    """The parsed JSON of `path`, or ImportFileError saying why not. A file
    over `max_bytes` is refused before it is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError(
                f"{path}: the file weighs {size / 1024 / 1024:.1f} MB; an import file may "
                f"weigh {max_bytes / 1024 / 1024:.0f} MB at most: split it into several files."
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ImportFileError(f"{path}: no such file.") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path}: the file is not UTF-8 text.") from error
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    except RecursionError as error:
        raise ImportFileError(f"{path}: the JSON is nested too deeply to be read.") from error
