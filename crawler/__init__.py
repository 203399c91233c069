"""The Scrapy project: thin glue that fetches pages and hands them to ``cleaners``."""
