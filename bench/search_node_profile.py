"""Where a search's time goes on a real OpenSearch/Elasticsearch node, and
how two nodes or indexes compare on the same searches.

    . the environment of a bench/search_latency.py node run (DATABASE_URL,
      SEARCH_ENGINE=opensearch, OPENSEARCH_URL, ELASTICSEARCH_INDEX_PREFIX)
    .venv/bin/python bench/search_node_profile.py [--runs 30] [--case réseaux] [--profile]
    .venv/bin/python bench/search_node_profile.py \\
        --targets http://127.0.0.1:9281/old_index,http://127.0.0.1:9280/new_index

It reads no rows, only an index: run it on the documents
bench/search_latency.py generated (the node keeps them). For each search
case of bench/search_latency.py it sends the request body
`search.backends.elasticsearch.queries.build_query` makes, as the engine
does, to each target in turn (interleaved: target A, target B, A, B…, so
that both see the same minutes of a shared machine), after 3 warm-up
requests, and prints per target the median and 95th percentile of the
client's wall time and of the node's `took`, and the node's CPU time per
search (its `process.cpu.total_in_millis` before and after, divided by the
searches: a count of work that other processes' load changes less than wall
time; two indexes on one node share that figure). With `--profile`, the
node's `profile: true` answer of one request, summed per part (the query,
the collectors, each aggregation).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import search_latency  # noqa: E402


def summarise_profile(profile):
    """{part: ms} of a profiled answer (every shard summed)."""
    parts = {}

    def add(name, nanos):
        parts[name] = parts.get(name, 0) + nanos / 1e6

    for shard in profile.get("shards", []):
        for search in shard.get("searches", []):
            for query in search.get("query", []):
                add("query", query["time_in_nanos"])
            add("rewrite", search.get("rewrite_time", 0))
            for collector in search.get("collector", []):
                add("collectors (the query included)", collector["time_in_nanos"])
        for aggregation in shard.get("aggregations", []):
            add(f"aggregation {aggregation['description']}", aggregation["time_in_nanos"])
        if shard.get("fetch"):
            add("fetch", shard["fetch"]["time_in_nanos"])
    return parts


class Target:
    """A node and an index to send searches to."""

    def __init__(self, client, index, label):
        self.client, self.index, self.label = client, index, label
        self.walls, self.tooks, self.cpu_ms, self.searches = [], [], 0, 0

    def cpu(self):
        stats = self.client.nodes.stats(metric="process")["nodes"]
        return sum(node["process"]["cpu"]["total_in_millis"] for node in stats.values())

    def send(self, body, record=True):
        started = time.perf_counter()
        answer = self.client.search(index=self.index, body=body, request_cache=False)
        if record:
            self.walls.append((time.perf_counter() - started) * 1000)
            self.tooks.append(answer["took"])
        return answer


def targets_of(spec, engine):
    """[Target] from "url/index,url/index" (or the engine's own)."""
    if not spec:
        return [Target(engine.client, engine.index_name, engine.index_name)]
    from opensearchpy import OpenSearch

    targets = []
    for item in spec.split(","):
        url, _slash, index = item.rpartition("/")
        targets.append(Target(OpenSearch([url], timeout=30), index, item))
    return targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--case", default="", help="only the cases whose name contains this")
    parser.add_argument("--targets", default="", help="url/index,url/index (default: the engine's)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    common.setup_django()

    from search.backends import get_engine
    from search.backends.elasticsearch.queries import build_query

    targets = targets_of(args.targets, get_engine())
    rows = []
    for name, _category, kind, payload in search_latency.cases():
        if kind != "search" or args.case not in name:
            continue
        body = build_query(search_latency.build_query(payload, (1,)))
        for target in targets:
            target.walls, target.tooks = [], []
            for _ in range(3):
                target.send(body, record=False)
            target.cpu_before = target.cpu()
        for _ in range(args.runs):
            for target in targets:
                target.send(body)
        total = targets[0].send(body, record=False)["hits"]["total"]["value"]
        print(f"{name} ({total} matches)", flush=True)
        for target in targets:
            cpu = (target.cpu() - target.cpu_before) / args.runs
            row = {
                "case": name,
                "target": target.label,
                "matches": total,
                "median_ms": round(statistics.median(target.walls), 1),
                "p95_ms": round(common.percentile(target.walls, 0.95), 1),
                "took_median_ms": statistics.median(target.tooks),
                "took_p95_ms": common.percentile(target.tooks, 0.95),
                "node_cpu_ms": round(cpu, 1),
            }
            rows.append(row)
            print(
                f"    {target.label:60} wall {row['median_ms']:6.1f} / {row['p95_ms']:6.1f}"
                f"  took {row['took_median_ms']:5} / {row['took_p95_ms']:5}"
                f"  node CPU {row['node_cpu_ms']:5.1f} ms/search",
                flush=True,
            )
            if args.profile:
                answer = target.client.search(
                    index=target.index, body={**body, "profile": True}, request_cache=False
                )
                for part, ms in sorted(summarise_profile(answer["profile"]).items()):
                    print(f"        {part:50} {ms:7.1f} ms")
    common.emit({"runs": args.runs, "rows": rows})


if __name__ == "__main__":
    main()
