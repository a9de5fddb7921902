"""The bulletins as 公文 (``views.document.Document``), one module per kind: the 通报 and its
sentences, the 进展汇总表, the 进度表, the 公示 and the 年终考核结果. Markdown, HTML and Word
all lay out what these build; none of them words anything itself."""

from __future__ import annotations

from ..bulletin import Bulletin
from ..document import Document
from .masthead import Kind, Options


def bulletin_document(b: Bulletin, options: Options) -> Document:
    """The bulletin ``b`` as the kind ``options`` asks for."""
    from . import assessment, forms, public, tongbao

    builders = {
        Kind.TONGBAO: tongbao.document,
        Kind.TABLE: forms.table_document,
        Kind.PROGRESS: forms.progress_document,
        Kind.PUBLIC: public.public_document,
        Kind.ASSESSMENT: assessment.assessment_document,
    }
    return builders[options.kind](b, options)


__all__ = ["Kind", "Options", "bulletin_document"]
