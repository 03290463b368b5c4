"""Serving a handler: `asgi.to_asgi`, `wsgi.to_wsgi`, the built-in server `h11.serve`, and back."""
