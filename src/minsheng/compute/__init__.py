"""Computation over loaded data: completion, 序时进度, status colours, report compliance."""
