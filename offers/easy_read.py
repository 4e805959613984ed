"""Easy-read rows: each sentence with its picture, and the glossary words it uses
explained beside it (each word once a page)."""

from dataclasses import dataclass, field

from offers.easy_read_check import glossary_terms_in


@dataclass
class Row:
    sentence: object
    explanations: list = field(default_factory=list)


class Explainer:
    """Turns sentences into rows for one page, explaining each glossary word once."""

    def __init__(self, terms):
        self.terms = [term for term in terms if term.easy_definition]
        self.explained = set()

    def rows(self, sentences):
        rows = []
        for sentence in sentences:
            new = [
                term
                for term in glossary_terms_in(sentence.text, self.terms)
                if term.pk not in self.explained
            ]
            self.explained.update(term.pk for term in new)
            rows.append(Row(sentence, new))
        return rows
