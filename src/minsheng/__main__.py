"""``python -m minsheng``."""

from .cli import main

main()
