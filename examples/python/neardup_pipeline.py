"""A Scrapy item pipeline that keeps one copy of each story: an item whose text is already in a
neardup index (copied or reworded from a page crawled before, in this crawl or an earlier one) is
dropped; every other item is added to the index and annotated with its verdict.

settings.py:

    ITEM_PIPELINES = {"neardup_pipeline.NeardupPipeline": 300}
    NEARDUP_INDEX = "crawl.neardup"     # index folder, kept between crawls
    NEARDUP_MODE = "reworded"           # or "lexical" (copied text only)
    NEARDUP_ID_FIELD = "url"            # item fields holding the id and the text
    NEARDUP_TEXT_FIELD = "text"

A kept item gets item["neardup"] = the verdict `neardup filter` adds ({"duplicate": false,
"coverage": .., "matches": [..]}): the earlier pages it shares paragraphs with, if any. The
verdict is durable before the item moves on, so a crawl killed and restarted drops what the
first run already kept. The field (an item class must declare it) is set by NEARDUP_FIELD.
"""

import neardup
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured


class NeardupPipeline:
    def __init__(self, index_path, mode="reworded", threshold=None, id_field="url",
                 text_field="text", field="neardup"):
        self.index_path = index_path
        self.mode = mode
        self.threshold = threshold
        self.id_field = id_field
        self.text_field = text_field
        self.field = field
        self.index = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        path = s.get("NEARDUP_INDEX")
        if not path:
            raise NotConfigured("set NEARDUP_INDEX to the index folder")
        threshold = s.get("NEARDUP_THRESHOLD")
        return cls(path, mode=s.get("NEARDUP_MODE", "reworded"),
                   threshold=float(threshold) if threshold is not None else None,
                   id_field=s.get("NEARDUP_ID_FIELD", "url"),
                   text_field=s.get("NEARDUP_TEXT_FIELD", "text"),
                   field=s.get("NEARDUP_FIELD", "neardup"))

    def open_spider(self, spider):
        self.index = neardup.Index(self.index_path, mode=self.mode, threshold=self.threshold)

    def close_spider(self, spider):
        self.index.close()

    def process_item(self, item, spider):
        adapter = ItemAdapter(item)
        ident, text = str(adapter[self.id_field]), adapter[self.text_field]
        # Against everything indexed, this page's own earlier visit included.
        seen = self.index.query(text)
        if seen["duplicate"]:
            sources = sorted({m["doc"] for m in seen["matches"]})
            raise DropItem(f"{ident}: {seen['coverage']:.0%} of its words already indexed "
                           f"(from {', '.join(sources[:3])})")
        try:
            verdict = self.index.check(ident, text)
        except neardup.InvalidArgumentError:
            # The page changed since it was indexed, beyond recognition: the new text replaces it.
            self.index.remove(ident)
            verdict = self.index.check(ident, text)
        adapter[self.field] = verdict
        return item
