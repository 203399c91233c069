"""Project commands (``scrapy clean``)."""
