"""A stand-in Elasticsearch node over real HTTP, for the engine's rebuild:
the official client talks to it as to a server, and it keeps indexes,
aliases and documents the way Elasticsearch does for the calls CM Hub makes
(create, delete, exists, aliases, `_aliases`, `_bulk`, `_refresh`,
`_settings`, `_search`), and logs every request. It does not analyse text: a search
answers with every document of the index the alias points at, which is what
the rebuild tests look at (which index answers, and how complete it is)."""

import fnmatch
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


class FakeNode:
    def __init__(self):
        self.indices = {}  # name → {"docs": {id: source}, "aliases": set, "body": {...}}
        self.log = []  # (method, path, body)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- What the tests look at ---------------------------------------------

    def alias_targets(self, alias):
        return sorted(name for name, index in self.indices.items() if alias in index["aliases"])

    def documents(self, name):
        """The document ids of an index, or of the index behind an alias."""
        for index_name in self.resolve(name):
            return sorted(int(doc_id) for doc_id in self.indices[index_name]["docs"])
        return []

    def calls(self):
        return [(method, path) for method, path, _body in self.log]

    # --- Elasticsearch's behaviour ------------------------------------------

    def resolve(self, name):
        if name in self.indices:
            return [name]
        return self.alias_targets(name)

    def error(self, status, kind, reason=""):
        return status, {"error": {"type": kind, "reason": reason or kind}, "status": status}

    def handle(self, method, path, query, body):
        parts = [unquote(part) for part in path.strip("/").split("/") if part]
        if method == "POST" and parts == ["_aliases"]:
            return self.update_aliases(json.loads(body)["actions"])
        if method in ("POST", "PUT") and parts[-1:] == ["_bulk"]:
            return self.bulk(body, query)
        if parts[:1] == ["_alias"] and len(parts) == 2:
            targets = self.alias_targets(parts[1])
            if not targets:
                return self.error(404, "aliases_not_found_exception")
            return 200, {name: {"aliases": {parts[1]: {}}} for name in targets}
        if len(parts) == 2 and parts[1] == "_alias" and method == "GET":
            names = fnmatch.filter(self.indices, parts[0]) if "*" in parts[0] else [parts[0]]
            return 200, {
                name: {"aliases": {alias: {} for alias in self.indices[name]["aliases"]}}
                for name in names
                if name in self.indices
            }
        if len(parts) == 2 and parts[1] == "_refresh":
            if not self.resolve(parts[0]):
                return self.error(404, "index_not_found_exception")
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if len(parts) == 2 and parts[1] == "_settings" and method == "PUT":
            if parts[0] not in self.indices:
                return self.error(404, "index_not_found_exception")
            settings = self.indices[parts[0]]["body"].setdefault("settings", {})
            settings.setdefault("index", {}).update(json.loads(body)["index"])
            return 200, {"acknowledged": True}
        if len(parts) == 2 and parts[1] == "_search":
            return self.search(parts[0])
        if len(parts) == 1:
            name = parts[0]
            if method == "HEAD":
                return (200 if self.resolve(name) else 404), {}
            if method == "PUT":
                return self.create(name, json.loads(body or b"{}"))
            if method == "DELETE":
                if "*" in name:
                    return self.error(400, "illegal_argument_exception", "wildcards refused")
                if name not in self.indices:
                    return self.error(404, "index_not_found_exception")
                del self.indices[name]
                return 200, {"acknowledged": True}
        return self.error(400, "unsupported", f"{method} {path}")

    def create(self, name, body, auto=False):
        if self.resolve(name):
            return self.error(400, "resource_already_exists_exception")
        self.indices[name] = {
            "docs": {},
            "aliases": set(body.get("aliases", {})),
            "body": body,
            "auto_created": auto,
        }
        return 200, {"acknowledged": True, "index": name}

    def update_aliases(self, actions):
        """All the actions, or none (Elasticsearch applies them atomically)."""
        indices = {
            name: {**index, "aliases": set(index["aliases"])}
            for name, index in self.indices.items()
        }
        for action in actions:
            ((kind, spec),) = action.items()
            name = spec["index"]
            if name not in indices:
                return self.error(404, "index_not_found_exception", name)
            if kind == "add":
                indices[name]["aliases"].add(spec["alias"])
            elif kind == "remove":
                if spec["alias"] not in indices[name]["aliases"]:
                    return self.error(404, "aliases_not_found_exception")
                indices[name]["aliases"].discard(spec["alias"])
            elif kind == "remove_index":
                del indices[name]
        self.indices = indices
        return 200, {"acknowledged": True}

    def bulk(self, body, query):
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            ((op, meta),) = lines[i].items()
            i += 1
            targets = self.resolve(meta["_index"])
            if op == "index":
                source = lines[i]
                i += 1
                if not targets:  # Elasticsearch creates a missing index on write
                    self.create(meta["_index"], {}, auto=True)
                    targets = [meta["_index"]]
                if len(targets) > 1:
                    items.append(
                        {op: {"status": 400, "error": {"type": "illegal_argument_exception"}}}
                    )
                    continue
                self.indices[targets[0]]["docs"][meta["_id"]] = source
                items.append({op: {"_id": meta["_id"], "status": 201, "result": "created"}})
            elif op == "delete":
                found = targets and self.indices[targets[0]]["docs"].pop(meta["_id"], None)
                status = 200 if found is not None and found is not False else 404
                items.append({op: {"_id": meta["_id"], "status": status}})
        errors = any(item[next(iter(item))]["status"] >= 300 for item in items)
        return 200, {"took": 1, "errors": errors, "items": items}

    def search(self, name):
        targets = self.resolve(name)
        if not targets:
            return self.error(404, "index_not_found_exception")
        hits = [
            {"_index": index, "_id": doc_id, "_score": 1.0}
            for index in targets
            for doc_id in sorted(self.indices[index]["docs"], key=int)
        ]
        return 200, {"hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": hits}}

    def _handler(self):
        node = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with node.lock:
                    node.log.append((self.command, split.path, body))
                    status, answer = node.handle(
                        self.command, split.path, parse_qs(split.query), body
                    )
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

            def log_message(self, *args):
                pass

        return Handler
