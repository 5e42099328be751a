"""Request-smuggling and malformed-framing shapes sent byte for byte to the production app server.

The test client parses nothing: these go over a raw socket to gunicorn (deploy/gunicorn.conf.py, DEBUG off),
then to deploy/nginx/clinic.conf in front of it. Every shape carries a second request for a canary path
hidden where a server that frames the message differently from its neighbour would find it. Whatever the
shape, the answer is no 5xx, no trace, path or secret, and gunicorn never runs a request the client was
not answered for: its access log, one line per request it ran, is the witness.
"""

import http.client
import io
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_deploy_nginx import start_nginx
from tests.test_page_cache import ROOT, database_url, server_env
from tests.test_production_resilience import free_port

CANARY = "/smuggled-canary/"
SMUGGLED = f"GET {CANARY} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
LEAKS = [b"Traceback", b'File "', str(settings.BASE_DIR).encode(), settings.SECRET_KEY.encode(), b"gunicorn/"]


def post(headers, body):
    return b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n" + body


CHUNKED_THEN_SMUGGLED = b"0\r\n\r\n" + SMUGGLED
SHAPES = {
    # The classic desyncs: a front end and a back end disagree on which header frames the body.
    "CL.TE": post(
        b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(CHUNKED_THEN_SMUGGLED), CHUNKED_THEN_SMUGGLED
    ),
    "TE.CL": post(b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", b"5c\r\n" + SMUGGLED + b"\r\n0\r\n\r\n"),
    "TE.CL short": post(b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", CHUNKED_THEN_SMUGGLED),
    "two Content-Lengths": post(b"Content-Length: 0\r\nContent-Length: %d\r\n" % len(SMUGGLED), SMUGGLED),
    "two equal Content-Lengths": post(b"Content-Length: 0\r\nContent-Length: 0\r\n", SMUGGLED),
    "Content-Length list": post(b"Content-Length: 0, %d\r\n" % len(SMUGGLED), SMUGGLED),
    "Content-Length +0": post(b"Content-Length: +0\r\n", SMUGGLED),
    "Content-Length hex": post(b"Content-Length: 0x0\r\n", SMUGGLED),
    "Content-Length negative": post(b"Content-Length: -1\r\n", SMUGGLED),
    "Content-Length huge": post(b"Content-Length: 99999999999999999999999\r\n", SMUGGLED),
    "Content-Length with letters": post(b"Content-Length: 0a\r\n", SMUGGLED),
    "space before colon": post(b"Content-Length : 0\r\n", SMUGGLED),
    "GET with a body": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % len(SMUGGLED) + SMUGGLED,
}
# Transfer-Encoding spelled so that one parser sees "chunked" and another does not.
for name, header in {
    "TE trailing space": b"Transfer-Encoding: chunked \r\n",
    "TE xchunked": b"Transfer-Encoding: xchunked\r\n",
    "TE tab": b"Transfer-Encoding:\tchunked\r\n",
    "TE vertical tab": b"Transfer-Encoding:\x0bchunked\r\n",
    "TE upper case": b"Transfer-Encoding: CHUNKED\r\n",
    "TE identity, chunked": b"Transfer-Encoding: identity, chunked\r\n",
    "TE chunked, identity": b"Transfer-Encoding: chunked, identity\r\n",
    "TE chunked twice": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
    "TE chunked then identity": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
    "TE folded": b"Transfer-Encoding:\r\n chunked\r\n",
    "TE space before colon": b"Transfer-Encoding : chunked\r\n",
    "TE underscore": b"Transfer_Encoding: chunked\r\n",
    "TE quoted": b'Transfer-Encoding: "chunked"\r\n',
    "TE NUL": b"Transfer-Encoding: chunked\x00\r\n",
    "TE gzip, chunked": b"Transfer-Encoding: gzip, chunked\r\n",
}.items():
    SHAPES[name + " with CL"] = post(
        header + b"Content-Length: %d\r\n" % len(CHUNKED_THEN_SMUGGLED), CHUNKED_THEN_SMUGGLED
    )
    SHAPES[name] = post(header, CHUNKED_THEN_SMUGGLED)
# Chunk sizes a lenient parser reads one way and a strict one another.
for name, chunks in {
    "chunk size overflow": b"fffffffffffffffffffffff1\r\nx\r\n0\r\n\r\n",
    "chunk size negative": b"-1\r\nx\r\n0\r\n\r\n",
    "chunk size 0x prefix": b"0x5\r\nhello\r\n0\r\n\r\n",
    "chunk size with spaces": b" 5 \r\nhello\r\n0\r\n\r\n",
    "chunk size plus sign": b"+5\r\nhello\r\n0\r\n\r\n",
    "chunk size not hex": b"zz\r\nhello\r\n0\r\n\r\n",
    "chunk longer than said": b"2\r\nhello\r\n0\r\n\r\n",
    "chunk LF only": b"5\nhello\n0\n\n",
    "chunk extension": b"5;name=value\r\nhello\r\n0\r\n\r\n",
    "chunk extension with bare LF": b"5;a\nb\r\nhello\r\n0\r\n\r\n",
    "no last chunk": b"5\r\nhello\r\n",
    "zero-size then data": b"0\r\n\r\nhello",
    "trailer with Content-Length": b"0\r\nContent-Length: 50\r\n\r\n",
}.items():
    SHAPES[name] = post(b"Transfer-Encoding: chunked\r\n", chunks + SMUGGLED)
# Request lines and headers that are not HTTP/1.1 as written.
for name, request in {
    "absolute URI, other host": b"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "absolute URI, this host": b"GET http://127.0.0.1/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    "absolute URI, https": b"GET https://127.0.0.1/admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "asterisk": b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "CONNECT": b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
    "HTTP/0.9": b"GET /\r\n",
    "HTTP/1.0 without Host": b"GET / HTTP/1.0\r\n\r\n",
    "HTTP/1.1 without Host": b"GET / HTTP/1.1\r\n\r\n",
    "HTTP/2.0 in text": b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
    "HTTP/9.9": b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    "HTTP/1.1 with junk": b"GET / HTTP/1.1x\r\nHost: 127.0.0.1\r\n\r\n",
    "h2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "lower-case method": b"get / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "long method": b"A" * 5000 + b" / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "space in path": b"GET /a b/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "tab in request line": b"GET\t/\tHTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "bare LF lines": b"GET / HTTP/1.1\nHost: 127.0.0.1\n\n",
    "bare CR lines": b"GET / HTTP/1.1\rHost: 127.0.0.1\r\r",
    "NUL in path": b"GET /\x00/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "long request line": b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "long header": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n",
    "long header name": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X" * 10_000 + b": 1\r\n\r\n",
    "many headers": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + b"".join(b"X-%d: 1\r\n" % i for i in range(500))
    + b"\r\n",
    "NUL in header value": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\x00b\r\n\r\n",
    "NUL in header name": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX\x00A: b\r\n\r\n",
    "CR in header value": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rSet-Cookie: x=1\r\n\r\n",
    "header without colon": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n",
    "header line starting with space": b"GET / HTTP/1.1\r\n Host: evil.example\r\nHost: 127.0.0.1\r\n\r\n",
    "two Hosts": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n",
    "Host with path": b"GET / HTTP/1.1\r\nHost: 127.0.0.1/evil\r\n\r\n",
    "non-ASCII header name": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-\xc3\xa9: 1\r\n\r\n",
    "8-bit header value": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: \xff\xfe\r\n\r\n",
    "Expect 100-continue with no body": post(b"Expect: 100-continue\r\nContent-Length: 10\r\n", b""),
    "Upgrade to h2c": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
    b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
    "Upgrade to websocket": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
    "forged forwarding headers": b"GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
    b"X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Host: evil.example\r\nX-Original-URL: /admin/\r\n\r\n",
    "garbage": bytes(range(256)) * 4,
}.items():
    SHAPES[name] = request + SMUGGLED


class Stream(io.BytesIO):
    def close(self):  # http.client closes what it read a response from; the next one follows in it
        pass


class FakeSocket:
    def __init__(self, data):
        self.file = Stream(data)

    def makefile(self, mode):
        return self.file


def responses(data):
    """The status of each HTTP response in a byte stream, and the bytes that were not one."""
    sock, statuses = FakeSocket(data), []
    while sock.file.tell() < len(data):
        start = sock.file.tell()
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            response.read()
        except (http.client.HTTPException, ValueError):
            sock.file.seek(start)
            return statuses, sock.file.read()
        statuses.append(response.status)
    return statuses, b""


def exchange(port, raw, half_close=True):
    """Send raw bytes and read the answers until the server closes, or goes quiet after a complete one.

    gunicorn is told no more will come (its sync workers then answer and close). nginx takes that for a
    client gone away and drops the request, so through it the connection stays open instead.
    """
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(raw)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before reading everything: read its answer
            pass
        try:
            while chunk := sock.recv(65536):
                received += chunk
                statuses, rest = responses(received)
                # A complete answer: wait a moment for a second one (pipelining), no longer.
                sock.settimeout(0.5 if statuses and not rest else 10)
        except (TimeoutError, ConnectionResetError):
            pass
    return received


class AppServer:
    def __init__(self, tmp_path):
        self.log = tmp_path / "access.log"
        self.log.touch()
        self.port = free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        env = server_env(database_url(), "") | {"GUNICORN_ACCESS_LOG": str(self.log)}
        self.errors = tmp_path / "gunicorn.log"
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "--workers", "1", "--bind", f"127.0.0.1:{self.port}"]
            + ["config.wsgi"],
            cwd=ROOT,
            env=env,
            stderr=self.errors.open("w"),
        )
        deadline = time.monotonic() + 60  # a loaded CI machine starts Django slowly
        try:
            while not self.answers():
                assert self.process.poll() is None, self.errors.read_text()
                assert time.monotonic() < deadline, self.errors.read_text()
                time.sleep(0.2)
        except BaseException:
            self.process.kill()  # a server that never answered is not left running after the test
            self.process.wait(30)
            raise

    def answers(self):
        try:
            return b"HTTP/1.1 200" in exchange(self.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        except OSError:
            return False

    def requests_run(self):
        return self.log.read_text().splitlines()

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        self.process.wait(30)


@pytest.fixture
def app_server(tmp_path, home):
    server = AppServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def behind_nginx(tmp_path, app_server):
    with start_nginx(tmp_path / "nginx", app_server.port) as base:
        yield int(base.rsplit(":", 1)[1])


def check(port, app, name, raw, half_close=True):
    before = len(app.requests_run())
    received = exchange(port, raw, half_close)
    time.sleep(0.1)  # the access log line follows the response
    ran = app.requests_run()[before:]
    statuses, rest = responses(received)
    # 501 (a transfer coding not implemented, RFC 9112 6.1) and 505 (HTTP version not supported) are the
    # servers' own refusals of the protocol, not the app failing.
    assert all(status < 500 or status in (501, 505) for status in statuses), (name, statuses, received[:300])
    for leak in LEAKS:
        assert leak not in received, (name, leak)
    if half_close:  # straight to gunicorn: the hidden request never runs
        assert not [line for line in ran if CANARY in line], (name, ran)
    # Each request gunicorn ran was answered to the client, so nothing is left over to answer a later visitor
    # with. Behind nginx the canary may run only that way: as a request nginx itself saw and answered (a
    # well-framed body followed by a pipelined request), never hidden inside what nginx took for one request.
    assert len(ran) <= len(statuses) + (1 if rest else 0), (name, ran, statuses)
    return statuses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_smuggled_requests_never_reach_the_app_server_directly(app_server):
    answered = {name: check(app_server.port, app_server, name, raw) for name, raw in SHAPES.items()}
    # The ambiguous framings are refused outright, not guessed at.
    ambiguous = ["CL.TE", "TE.CL", "two Content-Lengths", "Content-Length list", "TE xchunked with CL"]
    ambiguous += [
        "TE trailing space with CL",
        "TE folded",
        "TE chunked then identity",
        "HTTP/0.9",
        "NUL in header value",
    ]
    for name in ambiguous:
        assert answered[name] in ([400], [501]), (name, answered[name])
    assert len(SHAPES) >= 90, len(SHAPES)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_smuggled_requests_never_reach_the_app_server_through_nginx(app_server, behind_nginx):
    # First, honest pipelining: two requests, two answers, both in the log. The witness sees a second request.
    before = len(app_server.requests_run())
    received = exchange(behind_nginx, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + SMUGGLED, half_close=False)
    time.sleep(0.1)
    ran = app_server.requests_run()[before:]
    assert responses(received)[0] == [200, 404] and len(ran) == 2 and CANARY in ran[1], (ran, received[:300])

    for name, raw in SHAPES.items():
        check(behind_nginx, app_server, name, raw, half_close=False)
