"""One canonical name per person or organisation within an article."""
from __future__ import annotations

import pytest

from pipeline.extract.entities import EntityIndex, clean_name


def index_of(nlp, text: str) -> EntityIndex:
    return EntityIndex.from_doc(nlp(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Musk's", "Musk"),
        ("Musk\u2019s", "Musk"),
        ("CEO Sam Altman", "Sam Altman"),
        ("Dr. Ana Ruiz", "Ana Ruiz"),
        ("the Red Cross", "Red Cross"),
        ("\u201cOrlo\u201d", "Orlo"),
        ("President", "President"),  # a title alone is all there is
    ],
)
def test_clean_name_drops_possessive_title_article_and_quotes(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Elon Musk testified on Monday. Later Musk left.", "Musk", "Elon Musk"),
        ("Elon Musk testified on Monday. Musk's lawyers objected.", "Musk's", "Elon Musk"),
        ("OpenAI CEO Sam Altman spoke first. Altman said little.", "Altman", "Sam Altman"),
        ("OpenAI CEO Sam Altman spoke first. Altman said little.", "CEO Sam Altman", "Sam Altman"),
        ("Brockman left. Greg Brockman returned.", "Brockman", "Greg Brockman"),
        ("Apple Inc. reported profits. Apple shares rose.", "Apple", "Apple Inc."),
        # organisations are not merged by containment
        ("The US Copyright Office opened an inquiry. The US has no such law.", "US", "US"),
        # a surname shared by two people stays as written
        ("Kimbal Musk and Elon Musk arrived. Musk spoke.", "Musk", "Musk"),
        # a name the article does not use is returned cleaned
        ("Elon Musk testified on Monday.", "the Red Cross", "Red Cross"),
    ],
)
def test_canonical_is_the_fullest_name_the_article_uses(nlp, text, mention, expected):
    assert index_of(nlp, text).canonical(mention) == expected


def test_a_surname_takes_the_label_of_the_full_name(nlp):
    index = index_of(nlp, "Brockman left. Greg Brockman returned.")
    assert index.label("Brockman") == "PERSON"


def test_a_one_word_name_also_used_as_a_company_is_not_a_person(nlp):
    index = index_of(nlp, "Users prefer Zentrix. Shares of Zentrix fell. We asked Zentrix about it.")
    assert index.label("Zentrix") == "ORG"


def test_a_name_with_a_digit_is_not_a_person(nlp):
    index = index_of(nlp, "GPT-4 was released by OpenAI. Users said GPT-4 writes well.")
    assert index.label("GPT-4") == "PRODUCT"


def test_headline_capitals_introduce_no_name(nlp):
    text = (
        "Judge Maria Lopez Will Rule On The Case Today\n"
        "The court met in Oakland. Judge Rachel Lopez presided."
    )
    assert sorted(index_of(nlp, text).names) == ["Oakland", "Rachel Lopez"]


def test_mentions_resolve_to_canonical_names_in_text_order(nlp):
    text = "Elon Musk testified on Monday. Musk's lawyers objected. Later Musk left."
    index = index_of(nlp, text)
    assert [(text[m.start:m.end], m.name) for m in index.mentions] == [
        ("Elon Musk", "Elon Musk"),
        ("Musk", "Elon Musk"),
        ("Musk", "Elon Musk"),
    ]


def test_names_between_lists_canonical_names_once(nlp):
    text = "Elon Musk met Sam Altman. Musk and Altman talked."
    index = index_of(nlp, text)
    assert index.names_between(text.index("Musk and"), len(text)) == ["Elon Musk", "Sam Altman"]


def test_a_pronoun_resolves_to_the_nearest_person_named_in_full(nlp):
    text = "Dana Whitfield met Grok engineers. Grok crashed. He said nothing."
    doc = nlp(text)
    index = EntityIndex.from_doc(doc)
    pronoun = next(t for t in doc if t.text == "He")
    assert index.resolve_pronoun(pronoun) == "Dana Whitfield"


def test_a_neuter_pronoun_resolves_to_nobody(nlp):
    doc = nlp("Dana Whitfield bought a car. It broke down.")
    pronoun = next(t for t in doc if t.text == "It")
    assert EntityIndex.from_doc(doc).resolve_pronoun(pronoun) == ""
