"""The HTTP API (django-ninja) at `/api/`: one router per app, found by convention."""
