"""Chinese official reports: scraped text → one XML model → TXT, DOCX, PDF, EPUB."""

__version__ = "0.1.0"
