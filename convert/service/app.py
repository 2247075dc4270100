"""The Starlette application: POST /convert, GET /styles, /options, /health, and the page at /.

A request's upload and outputs live in a private temporary folder (mode 0700), removed when
the answer is made; the outputs are answered from memory. Every error is JSON
{"error": one line, "status": N}; no traceback and no server path reaches a response.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import io
import logging
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from convert.outputs import source_date_epoch
from convert.service import Command, fields
from convert.service.pool import Busy, Cancelled, Pool, TimedOut, WorkerDied
from convert.writers import WRITERS, extension

PAGE = Path(__file__).with_name("page")
PAGE_FILES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
MEDIA_TYPES = {"xml": "application/xml", "txt": "text/plain; charset=utf-8", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "epub": "application/epub+zip", "ofd": "application/ofd"}
INPUT_FIELD = "file"
MAX_FIELDS, MAX_FILES = 100, 8
access = logging.getLogger("report_convert.access")


@dataclass
class Settings:
    command: Command
    workers: int
    queue_limit: int
    time_limit: float = 120.0
    memory_limit_mb: int = 2048
    recycle_after: int = 200
    max_upload_bytes: int = 50 * 1024 * 1024
    token: str | None = None
    warm_formats: str = "all"
    scheduler: str | None = None  # a Dask scheduler's address (or local:N): conversions run there


class TooLarge(Exception):
    pass


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def create_app(settings: Settings) -> Starlette:
    state = {"draining": False, "pool": None, "served": 0}
    parser = fields.raising_parser(settings.command.build_parser)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if settings.scheduler:
            from convert.service.remote import Remote

            pool = Remote(settings.scheduler, settings.command, settings.queue_limit, settings.time_limit)
        else:
            pool = Pool(settings.command, settings.workers, settings.queue_limit, settings.time_limit,
                        settings.recycle_after, settings.memory_limit_mb, settings.warm_formats)
        await pool.start()
        state["pool"] = pool
        try:
            yield
        finally:
            await pool.close()

    def authorised(request: Request) -> bool:
        if settings.token is None:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), settings.token.encode())

    async def page(request: Request):
        return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8")

    async def page_file(request: Request):
        name = request.path_params["name"]
        if name not in PAGE_FILES:
            return error(404, "not found")
        return FileResponse(PAGE / name, media_type=PAGE_FILES[name])

    async def health(request: Request):
        pool: Pool = state["pool"]
        status = "draining" if state["draining"] else "ok"
        headers = {"Connection": "close"} if state["draining"] else None
        body = {"status": status, "workers": len(pool.workers), "idle": len(pool.idle), "busy": pool.busy,
                "queued": pool.waiting, "queue_limit": pool.queue_limit, "admitted": pool.admitted,
                "replaced": pool.replaced, "served": state["served"]}
        return JSONResponse(body, status_code=503 if state["draining"] else 200, headers=headers)

    async def styles(request: Request):
        if not authorised(request):
            return error(401, "a token is required: Authorization: Bearer TOKEN")
        from convert import style

        listed = await asyncio.to_thread(style.available)
        return JSONResponse([{"name": name, "description": description} for name, description in listed])

    async def options(request: Request):
        if not authorised(request):
            return error(401, "a token is required: Authorization: Bearer TOKEN")
        return JSONResponse({"formats": list(WRITERS), "fields": fields.describe_fields(parser)})

    async def convert(request: Request):
        if not authorised(request):
            return error(401, "a token is required: Authorization: Bearer TOKEN")
        pool: Pool = state["pool"]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_upload_bytes:
            return error(413, f"the upload is larger than the limit of {_size(settings.max_upload_bytes)}")
        try:
            pool.admit()  # its place from now until it is answered, uploading included
        except Busy:
            return error(429, "every worker is busy and the queue is full; try again shortly", {"Retry-After": "2"})
        folder = tempfile.mkdtemp(prefix="report-convert-service-")
        try:
            return await _convert(request, Path(folder), pool)
        except Refused as exc:
            return error(exc.status, exc.message, exc.headers)
        finally:
            pool.leave()
            shutil.rmtree(folder, ignore_errors=True)

    async def _convert(request: Request, folder: Path, pool: Pool):
        received = 0
        receive = request.receive

        async def limited():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > settings.max_upload_bytes:
                raise TooLarge()
            return message

        request = Request(request.scope, limited)
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
        except TooLarge:
            raise Refused(413, f"the upload is larger than the limit of {_size(settings.max_upload_bytes)}") from None
        except Exception as exc:  # a malformed multipart body
            if type(exc).__name__ in ("MultiPartException", "HTTPException"):
                raise Refused(400, f"the request is not a form upload: {getattr(exc, 'detail', exc)}") from None
            raise
        request.scope["report_convert.bytes_in"] = received
        try:
            upload, texts, files = None, [], {}
            (folder / "in").mkdir()
            (folder / "files").mkdir()
            for name, value in form.multi_items():
                if isinstance(value, str):
                    if name == INPUT_FIELD:
                        raise Refused(400, f"field {INPUT_FIELD!r} takes a file upload")
                    texts.append((name, value))
                elif name == INPUT_FIELD:
                    if upload is not None:
                        raise Refused(400, f"one {INPUT_FIELD!r} a request (convert several in several requests)")
                    upload = await _save(value, folder / "in")
                else:
                    if name in files:
                        raise Refused(400, f"field {name!r} given twice")
                    files[name] = await _save(value, folder / "files" / safe_field(name))
        finally:
            await form.close()
        if upload is None:
            raise Refused(400, f"no file: upload the document as the field {INPUT_FIELD!r}")
        try:
            argv = fields.to_argv(parser, texts, files)
            args = parser.parse_args(argv + ["--", str(upload)])
            formats = list(WRITERS) if args.to.strip() == "all" else [f.strip() for f in args.to.split(",") if f.strip()]
        except fields.FieldError as exc:
            raise Refused(400, str(exc)) from None
        unknown = [f for f in formats if f not in WRITERS]
        if unknown or not formats:
            raise Refused(400, f"unknown format {','.join(unknown) or args.to!r}; choose from {','.join(WRITERS)} or all")
        formats = list(dict.fromkeys(formats))
        request.scope["report_convert.formats"] = formats
        outdir = folder / "out"
        job = {"argv": argv + ["-o", str(outdir)], "input": str(upload), "folder": str(folder)}
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            result = await pool.run(job, gone)
        except TimedOut:
            raise Refused(504, f"the conversion took longer than the limit of {settings.time_limit:g} s") from None
        except WorkerDied:
            raise Refused(500, "the conversion's worker died twice (killed, or out of memory)") from None
        except Cancelled:
            request.scope["report_convert.cancelled"] = True
            raise Refused(499, "the client went away; the conversion was stopped") from None
        finally:
            gone.cancel()
        if result["status"] != 200:
            raise Refused(result["status"], result["error"])
        state["served"] += 1
        stem = upload.stem
        outputs = [(outdir / (stem + extension(fmt)), fmt) for fmt in formats]
        outputs = [(path, fmt) for path, fmt in outputs if path.exists()]
        if len(outputs) == 1:
            path, fmt = outputs[0]
            return Response(path.read_bytes(), media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                            headers={"Content-Disposition": disposition(path.name)})
        return Response(_zip(outputs), media_type="application/zip",
                        headers={"Content-Disposition": disposition(stem + ".zip")})

    routes = [Route("/", page), Route("/static/{name}", page_file), Route("/health", health),
              Route("/styles", styles), Route("/options", options), Route("/convert", convert, methods=["POST"])]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={Exception: internal_error})
    return AccessLog(Draining(app, state), state)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """An error of the service itself: logged with its traceback, answered in one line."""
    logging.getLogger("report_convert.service").error("internal error on %s", request.url.path, exc_info=exc)
    return error(500, f"internal error: {type(exc).__name__} (the service's log has the details)")


async def _save(upload, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / fields.safe_name(upload.filename)
    with open(path, "wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return path


def safe_field(name: str) -> str:
    return fields.safe_name(name, "field")


async def _disconnected(receive) -> None:
    """Completes when the client disconnects (the body is read by then)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


def _zip(outputs: list[tuple[Path, str]]) -> bytes:
    """The outputs as one zip, dated SOURCE_DATE_EPOCH (else 1980): the same outputs, the same bytes."""
    epoch = source_date_epoch()
    date = time.gmtime(max(epoch, 315532800))[:6] if epoch is not None else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, _ in outputs:
            info = zipfile.ZipInfo(path.name, date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def disposition(name: str) -> str:
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"


class Draining:
    """While the service drains, a request that arrives (on a connection opened before the
    listening socket closed) is answered 503 and its connection closed; /health says so itself."""

    def __init__(self, app, state):
        self.app, self.state = app, state

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.state["draining"] and scope["path"] != "/health":
            response = error(503, "the service is shutting down", {"Retry-After": "5", "Connection": "close"})
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


class AccessLog:
    """A line per request: client, method, path, status, formats, bytes in and out, seconds."""

    def __init__(self, app, state):
        self.app, self.state = app, state  # state: the service's, for the server (draining)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status, sent = time.perf_counter(), 0, 0

        async def counting(message):
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            if scope.get("report_convert.cancelled"):
                status = 499
            client = scope.get("client") or ("-", 0)
            formats = ",".join(scope.get("report_convert.formats", [])) or "-"
            access.info("%s \"%s %s\" %d formats=%s in=%d out=%d %.3fs", client[0], scope["method"], scope["path"],
                        status, formats, scope.get("report_convert.bytes_in", 0), sent,
                        time.perf_counter() - started)

