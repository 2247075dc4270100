"""What runs in a worker process: its limits, a warm-up, then one conversion per job.

A job is the command's argv (options, the input and the output folder, all inside the
request's private folder); the answer is an HTTP status and, on failure, the command's
one-line message with the request's folder taken out of it. The command runs with
--debug, so that a failure comes back as its exception and its class decides the status.
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from convert.errors import ConvertError, InputError, OutputError, StyleError, UsageError, describe

# The command's options that the service decides: one process, errors as exceptions, no chatter.
RUN_OPTIONS = ["-q", "-j", "1", "--debug"]
# The start of a file we do not read (415), by its first bytes; anything else that fails to
# read is a document we cannot convert (422).
FOREIGN_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"PK\x03\x04",
                 b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf", b"RIFF", b"OggS", b"ID3")
WARM_TEXT = "关于测试服务的通知\n\n各有关单位：\n\n一、总体要求\n\n现将有关事项通知如下。\n\n测试机关\n2024年1月1日\n"


def serve(conn, command, memory_limit_mb: int, warm_formats: str) -> None:
    """The worker's life: limits, warm-up, "ready", then a job at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server decides
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warm(command, warm_formats)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        conn.send(run(command, job))


def warm(command, formats: str) -> None:
    """Convert a small notice into every format once: the writers imported, the fonts loaded."""
    with tempfile.TemporaryDirectory(prefix="report-convert-warm-") as folder:
        source = Path(folder) / "warm.txt"
        source.write_text(WARM_TEXT, encoding="utf-8")
        try:
            command.main(["--to", formats, "-o", str(Path(folder) / "out"), *RUN_OPTIONS, "--", str(source)])
        except Exception:  # a broken warm-up is slower, not wrong: the real request says what fails
            traceback.print_exc()


def peak_address_space() -> int:
    """The process's peak address space so far (VmPeak), bytes; 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def hit_the_limit(peak_before: int) -> bool:
    """Did this job take the address space to its limit? A C library that cannot allocate
    raises its own error (lxml a C14NError, zlib an error), not MemoryError."""
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    peak = peak_address_space()
    return limit != resource.RLIM_INFINITY and peak > peak_before and peak >= 0.95 * limit


def run(command, job: dict) -> dict:
    folder = job["folder"]
    peak_before = peak_address_space()
    try:
        code = command.main(job["argv"] + RUN_OPTIONS + ["--", job["input"]])
        if code == 0:
            return {"status": 200}
        return {"status": 500, "error": f"the conversion ended with exit code {code}"}
    except Exception as exc:
        if not isinstance(exc, MemoryError) and hit_the_limit(peak_before):
            exc = MemoryError()
        status = status_of(exc, job["input"])
        if status == 500 and not isinstance(exc, (ConvertError, ModuleNotFoundError)):
            print(f"report-convert serve: internal error in worker {os.getpid()}:", file=sys.stderr)
            traceback.print_exc()
            message = f"internal error: {type(exc).__name__} (the service's log has the details)"
        else:
            message = describe(exc)
        answer = {"status": status, "error": message.replace(folder + os.sep, "").replace(folder, "")}
        if isinstance(exc, MemoryError):
            answer["recycle"] = True  # what the failed conversion left may not be given back
            limit = resource.getrlimit(resource.RLIMIT_AS)[0]
            if limit != resource.RLIM_INFINITY:
                answer["error"] = f"the document needs more memory than a conversion may take ({limit >> 20} MB)"
        return answer
    except BaseException as exc:  # SystemExit from a parser: an option the service let through
        return {"status": 400, "error": f"bad options ({type(exc).__name__})"}


def status_of(exc: BaseException, input_path: str) -> int:
    """The HTTP status of a failure, by its class (as its exit code is)."""
    if isinstance(exc, (UsageError, StyleError)):
        return 400
    if isinstance(exc, InputError):
        return 415 if is_foreign(input_path) else 422
    if isinstance(exc, MemoryError):
        return 422  # the document needs more memory than a conversion may take
    if isinstance(exc, OutputError):
        return 500
    return 500


def is_foreign(path: str) -> bool:
    """Is the input a kind of file we do not read (an image, a PDF, a .doc, an archive that is
    no DOCX, binary data)? Word files (a zip with word/document.xml) are ours."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                return "word/document.xml" not in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return True
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return head.startswith(FOREIGN_MAGIC) or (b"\x00" in head and not utf16)
