"""Renderers: each turns computed results into a string; only the CLI writes or prints."""
