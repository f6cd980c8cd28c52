#!/usr/bin/env python3
"""Edit-to-browser latency of `safeguide serve`.

Usage: python3 bench/serve_latency.py BINARY SITE [ROUNDS]

Starts `BINARY serve --root SITE --port 0`, listens on the live-reload event stream as the edited
page's browser tab does (naming the file it shows), then edits one page ROUNDS times (body edits,
title edits that change listings, then a new tag each time, which adds a tag page).
For each save it measures, from the moment the file is written and closed:
  event   - until the `reload` event arrives on the page's stream (when its tab starts reloading);
  page    - until a fetch of the page returns the new text (what the author then sees);
  listing - title and tag edits: until the reload event of a tab showing a listing the edit
            changes (the page's section for a title, the new tag's page for a tag) and a fetch of
            it shows the new text: when the whole site is up to date, apart from search.
The edited file is restored at the end.
"""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def main():
    binary, site = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    content = os.path.join(site, "content")
    page = None
    for dirpath, _, files in sorted(os.walk(content)):
        for f in sorted(files):
            if f.endswith(".md") and f not in ("_index.md", "index.md"):
                page = os.path.join(dirpath, f)
                break
        if page:
            break
    rel = os.path.relpath(page, content)[:-3]
    url_path = "/" + rel.lower().replace(" ", "-") + "/"
    original = open(page, encoding="utf-8").read()

    started = time.monotonic()
    proc = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"],
        # SERVE_STDERR=file keeps serve's messages (with SAFEGUIDE_TIMINGS=1, its laps).
        stdout=subprocess.PIPE, text=True,
        stderr=open(os.environ["SERVE_STDERR"], "w") if os.environ.get("SERVE_STDERR") else subprocess.DEVNULL,
    )
    try:
        addr = None
        for line in proc.stdout:
            m = re.search(r"http://([^/\s]+)/", line)
            if m:
                addr = m.group(1)
                break
        print(f"first build and start: {time.monotonic() - started:.2f} s")
        host, port = addr.rsplit(":", 1)
        def open_stream(file):
            # As a page's script does: it reloads when its own output file changed.
            sse = socket.create_connection((host, int(port)))
            sse.sendall(
                f"GET /__safeguide/events?file={file} HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode()
            )
            stream = sse.makefile("r", encoding="utf-8", newline="\n")
            while not stream.readline().startswith(": connected"):
                pass
            return sse, stream

        def file_of(url):
            return url.lstrip("/") + "index.html"

        _, stream = open_stream(file_of(url_path))

        def wait_reload(stream=stream):
            while True:
                line = stream.readline()
                if not line:
                    raise SystemExit("event stream closed")
                if line.startswith("event: reload"):
                    return

        def fetch(path=url_path):
            try:
                with urllib.request.urlopen(f"http://{addr}{path}") as r:
                    return r.read().decode("utf-8", "replace")
            except urllib.error.HTTPError:
                return ""

        section = url_path.rstrip("/").rsplit("/", 1)[0] + "/"

        results = {}
        for kind in ("body", "title", "tags"):
            events, pages, listings = [], [], []
            for i in range(rounds):
                marker = f"zqbench{kind}{i}x{int(time.time() * 1000)}"
                if kind == "body":
                    text = original + f"\n\nEdited paragraph {marker}.\n"
                elif kind == "title":
                    text = original.replace("title: ", f"title: {marker} ", 1)
                elif "tags: [" in original:
                    # A new tag: the page, its tag pages old and new, the tag list.
                    text = original.replace("tags: [", f"tags: [{marker}, ", 1)
                else:
                    text = original.replace("---\n", f"---\ntags: [{marker}]\n", 1)
                listing = {"title": section, "tags": f"/tags/{marker}/"}.get(kind)
                if listing:
                    sse, listing_stream = open_stream(file_of(listing))
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)
                t0 = time.monotonic()
                wait_reload()
                t1 = time.monotonic()
                while marker not in fetch():
                    wait_reload()
                t2 = time.monotonic()
                events.append((t1 - t0) * 1000)
                pages.append((t2 - t0) * 1000)
                if listing:
                    wait_reload(listing_stream)
                    while marker not in fetch(listing):
                        wait_reload(listing_stream)
                    listings.append((time.monotonic() - t0) * 1000)
                    sse.close()
                time.sleep(0.3)
            results[kind] = (events, pages, listings)
        for kind, (events, pages, listings) in results.items():
            line = (
                f"{kind} edit, {rounds} saves: reload event median {statistics.median(events):.0f} ms "
                f"(max {max(events):.0f}); new page fetched median {statistics.median(pages):.0f} ms "
                f"(max {max(pages):.0f})"
            )
            if listings:
                line += (
                    f"; listing updated median {statistics.median(listings):.0f} ms "
                    f"(max {max(listings):.0f})"
                )
            print(line)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        proc.wait()


if __name__ == "__main__":
    main()
