"""The load of the load benchmark (bench/load.py): for each page kind, wrk
drives a list of its URLs at a fixed concurrency for a fixed time with the
session cookies of the members, after a warm-up; any answer other than 200
counts as an error (a redirect to the login page would otherwise look like
a fast page)."""

import os
import re
import subprocess
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor

LUA = """
local urls = {%(urls)s}
local cookies = {%(cookies)s}
counter = 0
errors = 0
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(0, #urls)
end

function request()
  counter = counter + 1
  local url = urls[(counter %% #urls) + 1]
  local cookie = cookies[(counter %% #cookies) + 1]
  return wrk.format("GET", url, {["Cookie"] = cookie, ["Accept-Language"] = "fr"})
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
  end
  io.write(string.format("NON200 %%d\\n", total))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("P%%d %%f\\n", p, latency:percentile(p) / 1000.0))
  end
end
"""


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(port, urls, cookies, duration, connections, threads=2):
    script = LUA % {
        "urls": ", ".join(lua_string(url) for url in urls),
        "cookies": ", ".join(lua_string(cookie) for cookie in cookies),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            path,
            f"http://127.0.0.1:{port}",
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if finished.returncode != 0:
            raise SystemExit(f"wrk failed: {finished.stdout}{finished.stderr}")
        output = finished.stdout
    finally:
        os.unlink(path)
    figures = {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(re.search(r"NON200 (\d+)", output).group(1)),
    }
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        figures["socket_errors"] = socket_errors.group(1)
        numbers = [int(n) for n in re.findall(r"\d+", socket_errors.group(1))]
        figures["errors"] += sum(numbers)
    for percentile in (50, 90, 99):
        value = re.search(rf"P{percentile} ([\d.]+)", output)
        figures[f"p{percentile}_ms"] = round(float(value.group(1)), 1)
    return figures


def warm(port, urls, cookies):
    """Visit every URL once as every member, 8 at a time: the figures are
    those of a site in use, whose caches hold what members read (the cost of
    a first visit is measured apart, in the SQL step)."""

    def visit(pair):
        url, cookie = pair
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local
            response.read()

    pairs = [(url, cookie) for url in urls for cookie in cookies]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(visit, pairs))


def load_run(port, plan, duration, connections, kinds, warmup=2):
    results = {}
    for kind in kinds:
        urls = plan["urls"][kind]
        warm(port, urls, plan["cookies"])
        run_wrk(port, urls, plan["cookies"], warmup, connections)
        figures = run_wrk(port, urls, plan["cookies"], duration, connections)
        figures["urls"] = len(urls)
        results[kind] = figures
        print(
            f"  {kind:<15} {figures['requests_per_s']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms"
            f"  p99 {figures['p99_ms']:7.1f} ms  errors {figures['errors']}",
            flush=True,
        )
    return results


def ratio(results):
    ceiling = results["ceiling"]["requests_per_s"]
    for figures in results.values():
        figures["share_of_ceiling"] = round(figures["requests_per_s"] / ceiling, 4)
