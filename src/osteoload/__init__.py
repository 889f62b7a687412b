"""osteoload: strength training for strong bones."""

__version__ = "0.1.0"
