"""A real Scrapy crawl (Debian python3-scrapy) through examples/python/neardup_pipeline.py: a local
HTTP server on 127.0.0.1 serves generated articles, some of them copies (lightly edited, with an
outlet's own line added) of others. The pipeline must drop exactly the copies, one per copy, and
keep every other article annotated with its verdict; a second crawl against the same index must
drop everything."""

import functools
import html
import http.server
import json
import os
import random
import re
import subprocess
import sys
import threading

import pytest

from conftest import ROOT

ORIGINALS, COPIES = 12, 6

CRAWL = r"""
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

start_url, index_path, items_path, stats_path = sys.argv[1:5]

class Site(scrapy.Spider):
    name = "site"
    start_urls = [start_url]

    def parse(self, response):
        for i, href in enumerate(response.css("a::attr(href)").getall()):
            yield response.follow(href, self.parse_article, priority=-i)

    def parse_article(self, response):
        yield {"url": response.url, "title": response.css("h1::text").get(),
               "text": "\n\n".join(response.css("article p::text").getall())}

process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"neardup_pipeline.NeardupPipeline": 300},
    "NEARDUP_INDEX": index_path,
    "FEEDS": {items_path: {"format": "jsonlines", "encoding": "utf8"}},
    "CONCURRENT_REQUESTS": 1, "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING", "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
})
crawler = process.create_crawler(Site)
process.crawl(crawler)
process.start()
with open(stats_path, "w") as f:
    json.dump({k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int)}, f)
"""


def make_site(root):
    """Writes ORIGINALS articles and COPIES copies of some of them; returns {page: original page}
    for the copies and the list of pages."""
    rng = random.Random(18)
    syllables = ["ka", "lo", "mir", "ta", "ven", "so", "ru", "del", "pa", "ni", "gor", "e", "shu",
                 "ban", "til", "or", "zen", "qua", "bri", "mo"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(4000)})

    def paragraph():
        words = [rng.choice(vocab) for _ in range(rng.randint(35, 60))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    articles = []
    for i in range(ORIGINALS):
        articles.append((f"story-{i:02d}.html", f"Story {i}", [paragraph() for _ in range(5)]))
    copies = {}
    for j in range(COPIES):
        name, title, paras = articles[2 * j]
        edited = []
        for p in paras:
            words = p.split()
            for _ in range(len(words) // 20):  # about 5% of the words replaced
                words[rng.randrange(len(words))] = rng.choice(vocab)
            edited.append(" ".join(words))
        edited.append(f"This story was first published by Outlet {j} news service.")
        page = f"copy-{j:02d}.html"
        articles.append((page, title + " (syndicated)", edited))
        copies[page] = name
    for page, title, paras in articles:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
        with open(os.path.join(root, page), "w", encoding="utf-8") as f:
            f.write(f"<html><head><title>{title}</title></head><body><h1>{html.escape(title)}</h1>"
                    f"<article>{body}</article></body></html>")
    with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
        f.write("<html><body>" + "".join(f'<a href="{page}">{html.escape(title)}</a>'
                                         for page, title, _ in articles) + "</body></html>")
    return copies, [page for page, _, _ in articles]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    copies, pages = make_site(str(root))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", copies, pages
    server.shutdown()
    server.server_close()


def crawl(start_url, index_path, out_dir, name):
    items, stats = os.path.join(out_dir, name + ".jsonl"), os.path.join(out_dir, name + ".json")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(ROOT, "examples", "python"), env.get("PYTHONPATH", "")])
    script = os.path.join(out_dir, "crawl.py")  # a file: Scrapy reads its spiders' source
    with open(script, "w") as f:
        f.write(CRAWL)
    p = subprocess.run([sys.executable, script, start_url + "index.html", index_path, items,
                        stats], env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    kept = []
    if os.path.exists(items):
        with open(items, encoding="utf-8") as f:
            kept = [json.loads(line) for line in f]
    with open(stats) as f:
        return kept, json.load(f), p.stderr


def test_pipeline_drops_exactly_the_copies(site, tmp_path):
    url, copies, pages = site
    index_path = str(tmp_path / "crawl.neardup")
    kept, stats, log = crawl(url, index_path, str(tmp_path), "first")
    assert stats.get("response_received_count") == len(pages) + 1
    kept_pages = {k["url"].rsplit("/", 1)[1] for k in kept}
    # One page of each original + copy group is kept, whichever came first; every other page too.
    for copy, original in copies.items():
        assert len({copy, original} & kept_pages) == 1, (copy, original)
    assert len(kept_pages) == len(pages) - len(copies)
    assert stats.get("item_dropped_count") == len(copies)
    # Each drop names the page it copies (the pages are fetched in link order, originals first).
    for copy, original in copies.items():
        assert re.search(re.escape(url + copy) + r": \d+% of its words already indexed \(from "
                         + re.escape(url + original) + r"\)", log), (copy, log)
    assert log.count("already indexed") == len(copies)
    assert kept_pages == set(pages) - set(copies)
    for k in kept:
        v = k["neardup"]
        assert v["duplicate"] is False and v["paragraphs"] >= 5
    # Crawled again against the same index: every page is a copy of one indexed.
    kept, stats, _ = crawl(url, index_path, str(tmp_path), "second")
    assert kept == []
    assert stats.get("item_dropped_count") == len(pages)
