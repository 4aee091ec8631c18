"""Streamlit, serving every response with headers that keep the dashboard out of other sites'
frames (Streamlit has no setting for them): ``python -m jixiao.serve run app.py …`` takes the
arguments of ``streamlit``."""

from __future__ import annotations

import sys
from typing import Any

FRAME_HEADERS = {"X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "frame-ancestors 'self'"}


class DenyFrames:
    """ASGI middleware: the frame headers on every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                extra = [(name.lower().encode(), value.encode()) for name, value in FRAME_HEADERS.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _with_frame_headers() -> None:
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    own = starlette_app.create_streamlit_middleware  # the app's middleware stack is built here

    def outermost_deny_frames() -> list[Middleware]:
        return [Middleware(DenyFrames), *own()]

    starlette_app.create_streamlit_middleware = outermost_deny_frames


def main() -> None:
    _with_frame_headers()
    from streamlit.web import cli

    sys.argv[0] = "streamlit"
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
