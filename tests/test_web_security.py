"""Security of the web app: CSRF on every POST, headers, host check, stored-file access, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from conftest import assert_one_line_error
from porecare.web import create_app, is_loopback
from porecare.web._security import CSP

QUIZ = {
    "skin_type": "normal",
    "sensitive": "no",
    "acne_prone": "no",
    "age": "40",
    "makeup_days_per_week": "0",
    "wears_sunscreen": "yes",
    "pregnant_or_breastfeeding": "no",
    "retinoid_experience": "some",
    "microneedling_interest": "no",
}


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as c:
        c.get("/quiz")
        yield c


def _post_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route that changes something."""
    from porecare.web import _api, _files, _pages

    routes = []
    for router in (_pages.router, _api.router, _files.router):
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods & {"POST", "DELETE", "PUT", "PATCH"}):
                    routes.append((method, route.path.replace("{product_id}", "1")))
    return routes


def test_every_post_route_refuses_a_missing_or_wrong_token(client: TestClient) -> None:
    routes = _post_routes(client)
    paths = {path for _, path in routes}
    assert {"/quiz", "/today/log", "/today/diary", "/shelf", "/photos", "/api/log"} <= paths
    assert ("DELETE", "/api/products/1") in routes and ("POST", "/api/products/1/role") in routes
    assert ("PATCH", "/api/products/1") in routes and ("POST", "/shelf/1/edit") in routes
    for method, path in routes:
        for headers, data in (
            ({}, QUIZ),
            ({}, {**QUIZ, "csrf_token": "x" * 43}),
            ({"X-CSRF-Token": "not-the-token"}, QUIZ),
        ):
            response = client.request(method, path, data=data, headers=headers)
            assert response.status_code == 403, (path, headers, response.status_code)
            assert "CSRF" in response.text
        json_response = client.request(method, path, json={"routine": "am"})
        assert json_response.status_code == 403, path
    assert client.get("/api/profile").json() is None  # nothing was written


def test_a_token_from_another_session_is_refused(client: TestClient, data_dir: Path) -> None:
    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as other:
        other.get("/quiz")
        foreign = other.cookies["porecare_csrf"]
    assert foreign != client.cookies["porecare_csrf"]
    response = client.post("/quiz", data={**QUIZ, "csrf_token": foreign})
    assert response.status_code == 403


def test_cross_site_requests_are_refused_even_with_a_token(client: TestClient) -> None:
    data = {**QUIZ, "csrf_token": client.cookies["porecare_csrf"]}
    evil_origin = client.post("/quiz", data=data, headers={"Origin": "http://evil.example"})
    assert evil_origin.status_code == 403
    other_port = client.post("/quiz", data=data, headers={"Origin": "http://127.0.0.1:3000"})
    assert other_port.status_code == 403
    null_cross = client.post(
        "/quiz", data=data, headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    )
    assert null_cross.status_code == 403
    cross_site = client.post("/quiz", data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 403
    ok = client.post(
        "/quiz", data=data, headers={"Origin": "http://127.0.0.1"}, follow_redirects=False
    )
    assert ok.status_code == 303


def test_csrf_cookie_is_http_only_and_strict(data_dir: Path) -> None:
    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as fresh:
        cookie = fresh.get("/facts").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


@pytest.mark.parametrize(
    "path", ["/quiz", "/facts", "/static/app.css", "/api/facts", "/no-such-page", "/openapi.json"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    client.post("/quiz", data={**QUIZ, "csrf_token": client.cookies["porecare_csrf"]})
    for path in ("/quiz", "/plan", "/today", "/shelf", "/photos", "/progress", "/facts"):
        html = client.get(path).text
        assert "<script>" not in html and "<script type" not in html, path
        assert " style=" not in html and "<style" not in html, path
        assert " on" + "click=" not in html and "javascript:" not in html, path
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), path
        assert "https://" not in html, path  # nothing from a CDN or external font


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    response = client.get("/quiz", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert client.get("/quiz", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/files/photos/../porecare.sqlite3",
        "/files/photos/..%2Fporecare.sqlite3",
        "/files/photos/%2e%2e%2f%2e%2e%2fporecare.sqlite3.png",
        "/files/photos/" + "a" * 64 + ".png",
        "/files/photos/" + "A" * 64 + ".png",
        "/files/photos/..%2F..%2F..%2Fetc%2Fpasswd",
        "/files/photos/%2Fetc%2Fpasswd.png",
        "/static/../porecare.sqlite3",
        "/static/%2e%2e/%2e%2e/porecare.sqlite3",
        "/files/porecare.sqlite3",
    ],
)
def test_path_traversal_never_reaches_the_data_folder(
    client: TestClient, data_dir: Path, path: str
) -> None:
    client.post("/quiz", data={**QUIZ, "csrf_token": client.cookies["porecare_csrf"]})
    assert (data_dir / "porecare.sqlite3").is_file()
    response = client.get(path)
    assert response.status_code in (400, 404), path
    assert b"SQLite format" not in response.content and b"root:" not in response.content


def test_body_too_large_for_a_form_is_refused(client: TestClient) -> None:
    from porecare.web._app import MAX_BODY_BYTES

    response = client.post(
        "/shelf",
        data={"name": "x", "ingredients": "a" * (MAX_BODY_BYTES + 1), "csrf_token": "t"},
    )
    assert response.status_code == 413


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.8.0.1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "porecare", "--data-dir", str(data_dir), "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_serve_binds_loopback_and_answers(data_dir: Path) -> None:
    import httpx

    proc = _start(data_dir, "--port", "0", "--json")
    try:
        assert proc.stdout is not None
        import json

        text = ""
        while not text.rstrip().endswith("}"):
            line = proc.stdout.readline().decode()
            assert line, proc.stderr.read().decode() if proc.stderr else "no output"
            text += line
        info = json.loads(text)
        assert info["host"] == "127.0.0.1" and info["url"].startswith("http://127.0.0.1:")
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(info["url"] + "facts", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert response.status_code == 200 and "What the method says" in response.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_warns_on_a_non_loopback_host(data_dir: Path) -> None:
    proc = _start(data_dir, "--host", "0.0.0.0", "--port", str(_free_port()))
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline().decode()
        assert first.startswith("porecare: warning: serving on 0.0.0.0")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_port_in_use_is_one_line(run_cli: object, data_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port))  # type: ignore[operator]
    assert_one_line_error(result)
    assert "choose another --port" in result.stderr


def test_an_unexpected_error_is_a_plain_500_page_with_headers(data_dir: Path) -> None:
    app = create_app(data_dir)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        response = c.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.headers["content-security-policy"] == CSP
