"""https: a uvicorn server with a certificate from a CA the test makes (openssl CLI)."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
from collections.abc import Iterator

import pytest
from fetch_servers import Server, start_server

from webstd import fetch

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")


def _openssl(*args: str, cwd: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A test CA and a server certificate it signed, for 127.0.0.1, ::1 and localhost."""
    d = str(tmp_path_factory.mktemp("pki"))
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=webstd test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=d,
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=localhost",
        cwd=d,
    )  # fmt: skip
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write(
            "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n"
            "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf",
        cwd=d,
    )  # fmt: skip
    # A second certificate from the same CA, for another name only.
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.csr",
        "-subj", "/CN=other.example",
        cwd=d,
    )  # fmt: skip
    with open(os.path.join(d, "other.cnf"), "w") as f:
        f.write("subjectAltName=DNS:other.example\nbasicConstraints=CA:FALSE\n")
    _openssl(
        "x509", "-req", "-in", "other.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "other.pem", "-days", "2", "-extfile", "other.cnf",
        cwd=d,
    )  # fmt: skip
    return {
        "other_cert": os.path.join(d, "other.pem"),
        "other_key": os.path.join(d, "other.key"),
        "ca": os.path.join(d, "ca.pem"),
        "cert": os.path.join(d, "server.pem"),
        "key": os.path.join(d, "server.key"),
    }


@pytest.fixture(scope="module")
def tls_server(pki: dict[str, str]) -> Iterator[Server]:
    server = start_server(
        "uvicorn", "--certfile", pki["cert"], "--keyfile", pki["key"], scheme="https"
    )
    yield server
    server.stop()


async def test_self_signed_certificate_is_refused_by_default(tls_server: Server) -> None:
    with pytest.raises(TypeError) as info:
        await fetch(tls_server.url + "/json")
    assert tls_server.url in str(info.value)
    assert isinstance(info.value.__cause__, ssl.SSLCertVerificationError)


async def test_accepted_with_the_test_ca(tls_server: Server, pki: dict[str, str]) -> None:
    context = ssl.create_default_context(cafile=pki["ca"])
    response = await fetch(tls_server.url + "/json", verify=context)
    assert await response.json() == {"hello": "world", "n": 1}
    assert response.url.startswith("https://")


async def test_host_name_is_checked(pki: dict[str, str]) -> None:
    # A valid certificate from the trusted CA, but for other.example, not 127.0.0.1.
    server = start_server(
        "uvicorn", "--certfile", pki["other_cert"], "--keyfile", pki["other_key"], scheme="https"
    )
    try:
        context = ssl.create_default_context(cafile=pki["ca"])
        with pytest.raises(TypeError) as info:
            await fetch(server.url + "/json", verify=context)
        assert isinstance(info.value.__cause__, ssl.SSLCertVerificationError)
        assert "127.0.0.1" in str(info.value.__cause__)
    finally:
        server.stop()


async def test_verify_false_skips_checks(tls_server: Server) -> None:
    response = await fetch(tls_server.url + "/json", verify=False)
    assert response.status == 200


async def test_keep_alive_over_tls(tls_server: Server, pki: dict[str, str]) -> None:
    context = ssl.create_default_context(cafile=pki["ca"])
    before = len(await (await fetch(tls_server.url + "/connections", verify=context)).json())
    for _ in range(10):
        await (await fetch(tls_server.url + "/json", verify=context)).json()
    after = len(await (await fetch(tls_server.url + "/connections", verify=context)).json())
    assert after == before


async def test_streamed_download_over_tls(tls_server: Server) -> None:
    response = await fetch(tls_server.url + "/bytes?n=5000000", verify=False)
    assert len(await response.bytes()) == 5_000_000


async def test_localhost_name(tls_server: Server, pki: dict[str, str]) -> None:
    context = ssl.create_default_context(cafile=pki["ca"])
    response = await fetch(f"https://localhost:{tls_server.port}/json", verify=context)
    assert response.status == 200
