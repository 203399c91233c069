"""The pure cleaning core: decode, parse, the HTML and text steps and their vocabulary,
metadata, dates, normalisation, legacy encodings, language, the record type and the site
profiles. No files, processes or command line: one page or text in, one Result out."""
