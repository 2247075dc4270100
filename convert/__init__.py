"""Chinese official reports: scraped text → one XML model → TXT, DOCX, PDF, EPUB."""

from convert import startup

__version__ = "0.1.0"

startup.install()  # before any module of the package makes a dataclass
