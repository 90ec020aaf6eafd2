"""newsfuse web: a read-only, server-rendered browser for a newsfuse store.

``create_app(db_path, allow_ingest=False)`` builds the FastAPI app;
``serve(db_path, host="127.0.0.1", port=8000)`` runs it with uvicorn.
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
