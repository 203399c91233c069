"""``scrapy clean INPUT... [-o OUT]``: the ``cleaners`` command inside a Scrapy project."""

from __future__ import annotations

import argparse
import logging

from scrapy.commands import ScrapyCommand

from cleaners import cli


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "INPUT... [-o OUT] [options]"

    def short_desc(self) -> str:
        return "Clean saved pages (HTML, text, JSONL, WARC) into article JSONL"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        cli.add_arguments(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        cli.quiet_extraction_logs()
        opts.inputs = list(opts.inputs) + list(args)
        self.exitcode = cli.run(opts)
