"""The typesetting engine: a report's page layout, for the painters (PDF, OFD)."""
from convert.startup import load_on_first_use

# ReportLab imports Pillow's Image module at once (reportlab.lib.utils), 0.012 s; only a page
# with an image uses it.
load_on_first_use("PIL.Image")
