"""The extract stage as a spaCy component, so it runs wherever spaCy runs (in each worker process).

`kg_extract` is the last component of the pipeline (see `nlp.load_pipeline`). A Doc made by
`nlp.make_doc` and given its Document in `doc._.document` leaves the pipeline with its
Extraction in `doc._.extraction`, or, when the rules fail on it, the reason in
`doc._.extraction_failure`, so one document never sinks its batch. A Doc with no Document (a plain
`nlp(text)`) passes through untouched.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import Knowledge, load
from . import extract

for _name in ("document", "extraction", "extraction_failure"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("kg_extract")
def make_extractor(nlp: Language, name: str) -> "Extractor":
    return Extractor(load())


class Extractor:
    """Runs the rules over each Doc with the knowledge it was made with."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.document
        if document is None:
            return doc
        try:
            doc._.extraction = extract(document, doc, self.knowledge)
        except Exception as error:  # noqa: BLE001 -- reported by the caller with the document's origin
            doc._.extraction_failure = f"{type(error).__name__}: {error}"
        return doc
