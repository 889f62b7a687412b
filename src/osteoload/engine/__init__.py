"""The pure-Python domain core of osteoload. It never imports Django."""

ENGINE_VERSION = "0.1.0"
