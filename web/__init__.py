"""The web face: sign-in, pages and the HTTP API (/api/v1), over the use cases in app/."""
