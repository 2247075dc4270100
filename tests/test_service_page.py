"""The service's page in a real headless Chromium (Debian's chromium and chromium-driver, driven
by selenium): pick a file, choose formats, convert, download each output, open the PDF."""
from __future__ import annotations

import base64
import io
import time
import zipfile

import docx
import pdfplumber
import pytest

from conftest import SAMPLE, fold, require_tool
from service_helpers import Service

TITLE = "法治政府建設情況的報告"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    started = Service(tmp_path_factory.mktemp("page-service"), "--workers", "1")
    yield started
    assert started.stop() == 0


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    chromium = require_tool("chromium", hint="make setup-test installs chromium")
    driver_path = require_tool("chromedriver", hint="make setup-test installs chromium-driver")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1200,1000"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(service=DriverService(driver_path), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait(condition, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the page never got there")


def blob_bytes(browser, url: str) -> bytes:
    """What a blob: link holds, fetched in the page (as clicking it would download it)."""
    encoded = browser.execute_async_script("""
        const [url, done] = arguments;
        fetch(url).then(r => r.arrayBuffer()).then(buffer => {
          let text = ""; const bytes = new Uint8Array(buffer);
          for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
          done(btoa(text));
        });""", url)
    return base64.b64decode(encoded)


def test_the_page_converts_a_file_into_the_chosen_formats_and_shows_the_pdf(service, browser):
    from selenium.webdriver.common.by import By

    browser.set_script_timeout(60)
    browser.get(service.url + "/")
    assert browser.title == "公文转换"
    wait(lambda: browser.find_elements(By.ID, "format-docx"))
    assert [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#style option")].count("official") == 1
    browser.find_element(By.ID, "file").send_keys(str(SAMPLE))
    assert "jiangsu-2020" in browser.find_element(By.ID, "drop-text").text
    browser.find_element(By.ID, "format-docx").click()  # pdf is chosen already
    browser.find_element(By.ID, "field-script").send_keys("简体")
    browser.find_element(By.ID, "convert").click()
    links = wait(lambda: len(found := browser.find_elements(By.CSS_SELECTOR, "a.download")) == 2 and found)
    assert browser.find_element(By.ID, "error").get_attribute("hidden") is not None
    assert "完成" in wait(lambda: browser.find_element(By.ID, "status").text)
    by_format = {link.get_attribute("data-format"): link for link in links}
    assert sorted(by_format) == ["docx", "pdf"]
    assert by_format["pdf"].get_attribute("download") == "jiangsu-2020-rule-of-law-report.pdf"

    # The PDF: shown in the frame, and its bytes a PDF of the report in Simplified characters.
    frame = browser.find_element(By.ID, "pdf-view")
    assert frame.is_displayed() and frame.get_attribute("src") == by_format["pdf"].get_attribute("href")
    pdf_bytes = blob_bytes(browser, by_format["pdf"].get_attribute("href"))
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert "法治政府建设情况的报告" in fold(pdf.pages[0].extract_text())

    # The download links: clicked, each writes its file, which opens as what it is.
    for link in by_format.values():
        link.click()
    pdf_path = browser.downloads / "jiangsu-2020-rule-of-law-report.pdf"
    docx_path = browser.downloads / "jiangsu-2020-rule-of-law-report.docx"
    wait(lambda: pdf_path.exists() and docx_path.exists() and not list(browser.downloads.glob("*.crdownload")), 60)
    assert pdf_path.read_bytes() == pdf_bytes
    assert "法治政府建设情况的报告" in fold("".join(p.text for p in docx.Document(docx_path).paragraphs[:5]))
    assert zipfile.is_zipfile(docx_path)


def test_the_page_says_the_services_error_in_one_line(service, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(service.url + "/")
    wait(lambda: browser.find_elements(By.ID, "format-pdf"))
    picture = tmp_path / "picture.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    browser.find_element(By.ID, "file").send_keys(str(picture))
    browser.find_element(By.ID, "convert").click()
    error = wait(lambda: browser.find_element(By.ID, "error").is_displayed() and browser.find_element(By.ID, "error"))
    assert error.text == "binary data, not text"
    assert not browser.find_elements(By.CSS_SELECTOR, "a.download")
