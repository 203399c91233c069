"""The application around the core: the command line, input readers, the supervised
worker pool, shards, JSONL files, dedup, quality filters, the HTML report and the
datatrove adapter."""
