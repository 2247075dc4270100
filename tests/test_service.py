"""The conversion service (`report-convert serve`) over a real socket: every format, every
error status, the limits, a killed worker, a slow upload, a disconnection, the drain.

The service runs as its own process on an ephemeral port (tests/service_helpers.py); the
outputs are read back with the tools the other tests use (pdfplumber, python-docx, ofdkit)."""
from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import docx
import httpx
import ofdkit
import pdfplumber
import pytest
from lxml import etree
from PIL import Image

from service_helpers import ROOT, Service, multipart, raw_request_head
from conftest import SAMPLE, fold

TOKEN = "token-of-issue-28"
TITLE = "法治政府建設情況的報告"  # in the sample's title, as it is written (Traditional)
FORMATS = ["xml", "txt", "docx", "pdf", "epub", "ofd"]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """One worker and no queue, so that a second request while one converts is refused (429);
    uploads up to 1 MB; every request must carry the token."""
    folder = tmp_path_factory.mktemp("service")
    (folder / "tmp").mkdir()
    started = Service(folder, "--workers", "1", "--queue", "0", "--max-upload-mb", "1", token=TOKEN,
                      env={"TMPDIR": str(folder / "tmp")})
    started.temporary = folder / "tmp"
    yield started
    assert started.stop() == 0


@pytest.fixture(scope="module")
def big_text() -> bytes:
    """The sample with its body eight times over (about 145 pages): a conversion of seconds."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[:3] + lines[3:] * 8).encode()


def settled(service: Service) -> dict:
    """Wait until the worker is idle (a replaced one has warmed up)."""
    return service.wait_for(lambda h: h["idle"] == h["workers"] == 1 and h["busy"] == 0)


def post(service: Service, data=None, name: str = "report.txt", content: bytes | None = None, **kwargs):
    settled(service)
    files = {"file": (name, SAMPLE.read_bytes() if content is None else content)}
    return service.client.post("/convert", data=data or {}, files=files, **kwargs)


def assert_error(response, status: int, *words: str) -> dict:
    """An error answer: the status, JSON with one line, no traceback, no server path."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and "\n" not in body["error"]
    for word in words:
        assert word in body["error"]
    assert "Traceback" not in response.text and "/tmp" not in response.text and str(ROOT) not in response.text
    return body


def test_all_formats_come_back_in_one_zip_each_a_real_file_of_its_format(service, tmp_path):
    response = post(service, {"to": "all"}, name="../../etc/江苏 报告.txt")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert "filename*=UTF-8''%E6%B1%9F%E8%8B%8F%20%E6%8A%A5%E5%91%8A.zip" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [f"江苏 报告.{fmt}" for fmt in FORMATS]  # the name's folders are gone
        archive.extractall(tmp_path)
    out = {fmt: tmp_path / f"江苏 报告.{fmt}" for fmt in FORMATS}
    assert etree.parse(str(out["xml"])).getroot().tag == "report"
    assert TITLE in fold(out["txt"].read_text(encoding="utf-8"))
    assert TITLE in fold("".join(p.text for p in docx.Document(out["docx"]).paragraphs[:5]))
    with pdfplumber.open(out["pdf"]) as pdf:
        assert len(pdf.pages) > 3 and TITLE in fold(pdf.pages[0].extract_text())
    with zipfile.ZipFile(out["epub"]) as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
        assert any(TITLE in fold(epub.read(name).decode()) for name in epub.namelist() if name.endswith(".xhtml"))
    with ofdkit.open(out["ofd"]) as ofd:
        assert TITLE in fold(ofd.text())


@pytest.mark.parametrize("fmt,media_type", [("pdf", "application/pdf"), ("txt", "text/plain; charset=utf-8")])
def test_one_format_comes_back_as_the_file_itself_the_same_bytes_each_time(service, fmt, media_type):
    first, second = (post(service, {"to": fmt}, name="report.txt") for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first.headers["content-type"] == media_type
    assert f'filename="report.{fmt}"' in first.headers["content-disposition"]
    assert first.content == second.content  # SOURCE_DATE_EPOCH, as the command honours it


def test_options_reach_the_conversion_as_the_command_takes_them(service):
    hans = post(service, {"to": "txt", "script": "hans"})
    assert hans.status_code == 200 and "法治政府建设情况的报告" in fold(hans.text)
    wrapped = post(service, {"to": "txt", "wrap": "20"})
    assert wrapped.status_code == 200 and max(len(line) for line in wrapped.text.splitlines()) <= 20
    unwrapped = post(service, {"to": "txt"})
    assert max(len(line) for line in unwrapped.text.splitlines()) > 40  # without the field, no wrapping


def test_styles_options_and_health_describe_the_service(service):
    styles = service.client.get("/styles").json()
    assert "official" in [style["name"] for style in styles]
    options = service.client.get("/options").json()
    assert options["formats"] == FORMATS
    names = {field["name"] for field in options["fields"]}
    assert {"to", "style", "script", "wrap"} <= names and not names & {"outdir", "manifest", "scheduler", "jobs"}
    health = service.health()
    assert health["status"] == "ok" and health["workers"] == 1


@pytest.mark.parametrize("fields,words", [
    ({"to": "xyz"}, ["unknown format 'xyz'"]),
    ({"script": "bad"}, ["invalid choice: 'bad'"]),
    ({"outdir": "/"}, ["unknown field 'outdir'", "the service decides it"]),
    ({"style": "../../etc/passwd"}, ["a style's name"]),
    ({"style": "nosuchstyle"}, ["nosuchstyle"]),
    ({"wrap": "1"}, ["--wrap takes a width of at least 2"]),
    ({"toc": "maybe"}, ["takes true or false"]),
    ({"nosuchfield": "1"}, ["unknown field 'nosuchfield'"]),
])
def test_a_bad_option_is_400_with_the_commands_message(service, fields, words):
    assert_error(post(service, {"to": "txt", **fields}), 400, *words)


def test_a_request_without_a_file_is_400(service):
    settled(service)
    assert_error(service.client.post("/convert", data={"to": "pdf"}), 400, "no file")


def test_a_request_without_the_token_is_401_and_one_with_a_wrong_token_too(service):
    files = {"file": ("report.txt", SAMPLE.read_bytes())}
    assert_error(httpx.post(f"{service.url}/convert", files=files, timeout=60), 401, "token")
    assert_error(httpx.post(f"{service.url}/convert", files=files, headers={"Authorization": "Bearer nope"},
                            timeout=60), 401, "token")


def test_an_upload_over_the_limit_is_413_whether_its_length_is_said_or_not(service):
    too_big = b"x" * (1024 * 1024 + 1)
    assert_error(post(service, {"to": "txt"}, content=too_big), 413, "1 MB")

    def chunks():  # no Content-Length: the service counts what arrives
        body = multipart([("to", "txt")], ("big.txt", too_big))
        for start in range(0, len(body), 65536):
            yield body[start:start + 65536]

    settled(service)
    response = service.client.post("/convert", content=chunks(),
                                    headers={"Content-Type": "multipart/form-data; boundary=b0undary28"})
    assert_error(response, 413, "1 MB")
    assert post(service, {"to": "txt"}).status_code == 200  # and a document under it converts


def test_a_file_we_do_not_read_is_415(service):
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    assert_error(post(service, {"to": "pdf"}, name="picture.png", content=png.getvalue()), 415, "binary data, not text")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("note.txt", "hello")
    assert_error(post(service, {"to": "pdf"}, name="files.zip", content=archive.getvalue()), 415, "not a DOCX")


def test_a_document_we_cannot_convert_is_422(service):
    model = post(service, {"to": "xml"}).content
    root = etree.fromstring(model)
    root.find("body").append(etree.Element("nosuchelement"))
    broken = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    assert_error(post(service, {"to": "pdf"}, name="broken.xml", content=broken), 422, "not a valid report model")
    assert post(service, {"to": "pdf"}, name="model.xml", content=model).status_code == 200  # the model unbroken converts


def in_background(function):
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", function()))
    thread.start()
    return thread, result


def held_upload(service: Service):
    """A request whose upload stops after its first bytes until `go` is set: it has its place
    (admitted) and no worker yet. Returns go, the thread and its result."""
    body = multipart([("to", "txt")], ("held.txt", SAMPLE.read_bytes()))
    go = threading.Event()

    def chunks():
        yield body[:200]
        go.wait(120)
        yield body[200:]

    headers = {"Authorization": f"Bearer {service.token}", "Content-Length": str(len(body)),
               "Content-Type": "multipart/form-data; boundary=b0undary28"}

    def send():
        with httpx.Client(base_url=service.url, timeout=300) as client:
            return client.post("/convert", content=chunks(), headers=headers)

    thread, result = in_background(send)
    return go, thread, result


def post_now(service: Service):
    """A request sent at once (post waits for the worker to be idle first)."""
    return service.client.post("/convert", data={"to": "txt"}, files={"file": ("a.txt", SAMPLE.read_bytes())})


def test_with_no_queue_a_request_while_the_one_place_is_taken_is_429_and_one_after_it_is_answered(service):
    """One worker, no queue: admission is one step on arrival, so that the answer depends on
    nothing but the order (no timing): 429 while a request holds the place, even one still
    uploading; 200 as soon as that request has its answer."""
    settled(service)
    for _ in range(25):
        go, thread, result = held_upload(service)
        service.wait_for(lambda h: h["admitted"] == 1, timeout=60)
        refused = post_now(service)
        assert_error(refused, 429, "busy")
        assert refused.headers["retry-after"]
        go.set()
        thread.join()
        assert result["value"].status_code == 200, result["value"].text
        assert post_now(service).status_code == 200
    assert service.health()["admitted"] == 0


def test_a_request_while_the_only_worker_converts_and_the_queue_is_full_is_429(service, big_text):
    settled(service)
    for _ in range(2):
        thread, result = in_background(lambda: service.client.post("/convert", data={"to": "pdf"},
                                                                    files={"file": ("big.txt", big_text)}))
        service.wait_for(lambda h: h["busy"] == 1, timeout=60)
        assert_error(post_now(service), 429, "busy")
        thread.join()
        assert result["value"].status_code == 200 and result["value"].content.startswith(b"%PDF")
        assert post_now(service).status_code == 200  # at once: the worker was handed back before the answer


def test_a_killed_worker_is_replaced_and_its_request_answered(service, big_text):
    before = settled(service)
    (first,) = service.workers()
    thread, result = in_background(lambda: service.client.post("/convert", data={"to": "pdf"},
                                                                files={"file": ("big.txt", big_text)}))
    service.wait_for(lambda h: h["busy"] == 1, timeout=60)
    os.kill(first, signal.SIGKILL)
    thread.join()
    answer = result["value"]
    assert answer.status_code == 200, answer.text
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        assert len(pdf.pages) > 100
    after = settled(service)
    assert after["replaced"] == before["replaced"] + 1 and first not in service.workers()


def test_a_request_whose_worker_dies_twice_is_500_in_one_line(service, big_text):
    before = settled(service)
    thread, result = in_background(lambda: service.client.post("/convert", data={"to": "pdf"},
                                                                files={"file": ("big.txt", big_text)}))
    for death in (1, 2):
        service.wait_for(lambda h: h["busy"] == 1 and h["replaced"] == before["replaced"] + death - 1, timeout=300)
        (current,) = service.workers()
        os.kill(current, signal.SIGKILL)
    thread.join()
    assert_error(result["value"], 500, "worker died twice")
    assert settled(service)["replaced"] == before["replaced"] + 2


@pytest.fixture(scope="module")
def queued_service(tmp_path_factory):
    """One worker with room for requests to wait: the module's service (no queue) answers 429 to a
    request that finds its worker not yet back from the one before, which under load happens."""
    started = Service(tmp_path_factory.mktemp("queued"), "--workers", "1", "--queue", "4")
    yield started
    assert started.stop() == 0


def test_a_slow_upload_does_not_hold_up_other_requests(queued_service):
    service = queued_service
    settled(service)
    body = multipart([("to", "txt")], ("slow.txt", SAMPLE.read_bytes()))
    slow = socket.create_connection((service.host, service.port))
    try:
        slow.sendall(raw_request_head(service, len(body)) + body[:200])  # and then nothing, for now
        for _ in range(3):
            answer = service.client.post("/convert", data={"to": "txt"}, files={"file": ("a.txt", SAMPLE.read_bytes())})
            assert answer.status_code == 200, answer.text
        slow.sendall(body[200:])
        with slow.makefile("rb") as reader:
            reply = reader.readline()
        assert reply.startswith(b"HTTP/1.1 200"), reply
    finally:
        slow.close()


def test_a_client_that_goes_away_cancels_its_conversion(service, big_text):
    before = settled(service)
    (first,) = service.workers()
    body = multipart([("to", "pdf")], ("gone.txt", big_text))
    gone = socket.create_connection((service.host, service.port))
    gone.sendall(raw_request_head(service, len(body)) + body)
    service.wait_for(lambda h: h["busy"] == 1, timeout=60)
    gone.close()
    after = service.wait_for(lambda h: h["replaced"] == before["replaced"] + 1, timeout=60)
    assert after["served"] == before["served"]  # no answer was made
    assert first not in service.workers()  # the worker that converted it was stopped
    service.wait_for(lambda h: '"POST /convert" 499 formats=pdf' in service.text_log(), timeout=30)


def test_every_request_has_a_line_in_the_access_log(service):
    post(service, {"to": "txt,pdf"})
    line = '"POST /convert" 200 formats=txt,pdf'
    service.wait_for(lambda h: line in service.text_log(), timeout=30)  # written once the answer is sent
    lines = [each for each in service.text_log().splitlines() if line in each]
    assert lines and " in=" in lines[-1] and " out=" in lines[-1] and lines[-1].endswith("s")


def test_no_request_leaves_its_folder_behind(service):
    """Run after the others (in file order): every upload and output was removed with its answer."""
    post(service, {"to": "pdf"})
    post(service, {"to": "xyz"})
    assert sorted(path.name for path in service.temporary.glob("report-convert-service-*")) == []
    assert any(service.temporary.iterdir())  # the folder is the service's temporary folder indeed (the fork server's)


def test_another_host_than_localhost_needs_a_token(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("REPORT_CONVERT_TOKEN", None)
    run = subprocess.run([sys.executable, "-m", "convert", "serve", "--host", "0.0.0.0", "--port", "0"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2 and "--token" in run.stderr


def test_the_time_limit_the_recycling_and_sigterms_drain(tmp_path, big_text):
    """A second service: a limit of 3 s, a worker recycled after each conversion."""
    service = Service(tmp_path, "--workers", "1", "--time-limit", "3", "--recycle-after", "1")
    try:
        assert service.client.post("/convert", data={"to": "txt"},
                                   files={"file": ("a.txt", SAMPLE.read_bytes())}).status_code == 200
        service.wait_for(lambda h: h["replaced"] == 1 and h["idle"] == 1)  # recycled, and the new one warm
        late = service.client.post("/convert", data={"to": "pdf,docx,ofd"},  # ~1,450 pages: well over 3 s
                                   files={"file": ("big.txt", big_text * 10)})
        assert_error(late, 504, "longer than the limit of 3 s")
        service.wait_for(lambda h: h["replaced"] == 2 and h["idle"] == 1)
        # SIGTERM while a request is uploading: the listening socket closes (a new connection is
        # refused), a request on a connection open before is answered 503, the request in flight
        # is converted and answered, then the service stops
        body = multipart([("to", "txt")], ("late.txt", SAMPLE.read_bytes()))
        uploading = socket.create_connection((service.host, service.port))
        uploading.sendall(raw_request_head(service, len(body)) + body[:100])
        service.wait_for(lambda h: h["admitted"] == 1)
        kept = socket.create_connection((service.host, service.port))  # kept alive after one answer
        kept.sendall(f"GET /health HTTP/1.1\r\nHost: {service.host}\r\n\r\n".encode())
        assert read_response(kept)[0].startswith(b"HTTP/1.1 200")
        service.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        while not refused(service) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert refused(service)
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{service.url}/health", timeout=10)
        small = multipart([("to", "txt")], ("small.txt", "通知".encode()))  # read at once: no reset
        kept.sendall(raw_request_head(service, len(small)) + small)
        head, answer = read_response(kept)
        assert head.startswith(b"HTTP/1.1 503") and b"connection: close" in head.lower()
        assert json.loads(answer) == {"error": "the service is shutting down", "status": 503}
        assert kept.recv(1) == b""  # and its connection closed
        kept.close()
        assert service.process.poll() is None  # waiting for the request in flight
        uploading.sendall(body[100:])
        with uploading, uploading.makefile("rb") as reader:
            reply = reader.read()
        assert reply.startswith(b"HTTP/1.1 200")
        assert fold("法治政府建設") in fold(reply.split(b"\r\n\r\n", 1)[1].decode())
        assert service.process.wait(60) == 0
    finally:
        service.stop()


def refused(service: Service) -> bool:
    try:
        socket.create_connection((service.host, service.port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """One HTTP response (its head, its body by Content-Length) from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection closed: {data!r}"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    return head, body


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue   # a process that ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def address_space_mb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"VmSize:\s+(\d+) kB", status)
    return int(found.group(1)) >> 10 if found else 0


def test_a_conversion_over_the_memory_limit_is_422_and_its_worker_replaced(tmp_path, big_text):
    """The limit is the worker's address space (RLIMIT_AS): measured on a warm worker, then set
    50 MB above it, which the sample's conversion fits in and a 435-page one does not."""
    (tmp_path / "probe").mkdir()
    probe = Service(tmp_path / "probe", "--workers", "1", "--memory-limit-mb", "0")
    try:
        warm = max(address_space_mb(pid) for pid in descendants(probe.process.pid))
    finally:
        probe.stop()
    assert warm > 50
    service = Service(tmp_path, "--workers", "1", "--memory-limit-mb", str(warm + 50))
    try:
        small = {"file": ("a.txt", SAMPLE.read_bytes())}
        assert service.client.post("/convert", data={"to": "pdf"}, files=small).status_code == 200
        over = service.client.post("/convert", data={"to": "pdf,docx,ofd"}, files={"file": ("big.txt", big_text * 3)})
        assert_error(over, 422, f"more memory than a conversion may take ({warm + 50} MB)")
        service.wait_for(lambda h: h["replaced"] >= 1 and h["idle"] == 1)   # a fresh worker
        assert service.client.post("/convert", data={"to": "pdf"}, files=small).status_code == 200
    finally:
        service.stop()


def test_with_a_scheduler_conversions_run_as_tasks_on_the_dask_cluster(tmp_path):
    """--scheduler local:1: a LocalCluster here; the answers are the same as the workers' own."""
    service = Service(tmp_path, "--scheduler", "local:1")
    try:
        assert service.health()["workers"] == 1
        answer = service.client.post("/convert", data={"to": "pdf,txt"}, files={"file": ("报告.txt", SAMPLE.read_bytes())})
        assert answer.status_code == 200, answer.text
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            assert archive.namelist() == ["报告.pdf", "报告.txt"]
            with pdfplumber.open(io.BytesIO(archive.read("报告.pdf"))) as pdf:
                assert TITLE in fold(pdf.pages[0].extract_text())
        png = io.BytesIO()
        Image.new("RGB", (8, 8)).save(png, "PNG")
        refused = service.client.post("/convert", data={"to": "pdf"}, files={"file": ("p.png", png.getvalue())})
        assert_error(refused, 415, "binary data, not text")
        assert_error(service.client.post("/convert", data={"to": "pdf", "wrap": "1"},
                                         files={"file": ("a.txt", SAMPLE.read_bytes())}), 400, "--wrap")
    finally:
        assert service.stop() == 0
