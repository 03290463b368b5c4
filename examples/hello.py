"""Hello world.

    webstd serve examples/hello.py:handler

then open http://127.0.0.1:8000/. The same handler runs under any ASGI or WSGI
server: `uvicorn hello:app` with `app = to_asgi(handler)` from
`webstd.adapters.asgi`, or `gunicorn hello:app` with `to_wsgi`.
"""

from webstd import Request, Response


async def handler(request: Request) -> Response:
    return Response("Hello world!")
