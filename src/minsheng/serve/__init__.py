"""``minsheng serve``: the web form of the units' clerks and the coordinator's pages.

An entry point like ``cli/``: it reads the clock, takes requests and writes files; it never
imports ``cli/`` (``cli/serve.py`` starts it). Everything it shows or writes comes from the
same core as the commands: the report form of ``views/report_form.py``, the importer's
validation path, the atomic writer, the status of ``compute/status.py``.
"""
