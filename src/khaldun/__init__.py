"""Khaldun: political event data from English news text."""

__version__ = "0.1.0"
CODER = f"khaldun {__version__}"
