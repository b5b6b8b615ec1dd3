"""The shared discussion threads this process read last, kept in its own
memory so that a long discussion is read from Redis once per process and
change, not on every visit ({% discussion_thread %}).

A guide with 150 comments on its first page is a thread of about 250 kB:
read from Redis and unpickled on each visit it cost about 0.75 ms, a
quarter of the page. Kept here, a visit reads only the member's own state
from Redis.

Nothing here can go stale: a thread's key holds every version it is built
on (the page's discussion, the content, the members, the language, the
address), and those counters never come back to a value they had
(core/counters.py: a restarted or flushed Redis starts them from a random
number). An entry is dropped at the deadline of the cached thread itself
(``expires``: when the cache forgets it, so that its signed comment form is
renewed as often as before), or, least recently used first, when the
entries would take more than ``COMMENT_THREAD_MEMORY_BYTES`` (0: off).
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings


def _size(pieces):
    """The characters of a thread's pieces (text, and member parts whose
    body is text or a tuple of text and CSRF slots)."""
    total = 0
    for piece in pieces:
        if piece.__class__ is str:
            total += len(piece)
        elif piece.__class__ is tuple:
            body = piece[-1]
            total += 64 + (len(body) if body.__class__ is str else _size(body))
        else:
            total += 8
    return total


class ThreadMemory:
    def __init__(self):
        self._entries = OrderedDict()  # key -> (expires, size, rendered)
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        """The thread kept under ``key``, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, size, rendered = entry
            if expires <= time.time():
                del self._entries[key]
                self._size -= size
                return None
            self._entries.move_to_end(key)
            return rendered

    def put(self, key, rendered):
        """Keep ``rendered`` (a thread as the cache holds it, with its
        ``expires``) under ``key``, when it fits."""
        budget = settings.COMMENT_THREAD_MEMORY_BYTES
        expires = rendered.get("expires") if isinstance(rendered, dict) else None
        if not budget or not expires or expires <= time.time():
            return
        # Twice: the thread as most members see it is kept beside its pieces
        # once asked for (community.templatetags.comment_tags._bystander_view).
        size = 2 * (_size(rendered["pieces"]) + _size(rendered.get("form") or ()))
        if size > budget // 4:
            return  # one thread never takes the room of several
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._entries[key] = (expires, size, rendered)
            self._size += size
            while self._size > budget:
                _key, (_expires, dropped, _rendered) = self._entries.popitem(last=False)
                self._size -= dropped

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self):
        return len(self._entries)


threads = ThreadMemory()
