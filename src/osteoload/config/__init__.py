"""Django project configuration of the gym application (settings, URLs, WSGI/ASGI)."""
