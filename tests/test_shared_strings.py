"""A run keeps one copy of the texts its claims repeat, and the claims stay equal."""
import dataclasses
import json

from pipeline.records import Claim
from pipeline.runner import SharedStrings


def claim_from_json(claim_id: str) -> Claim:
    row = {"claim_id": claim_id, "doc_id": "d1", "type": "quote", "surface": "the models were used", "char_start": 0, "char_end": 20,
           "sentence": "Musk said the models were used.", "speaker": "Elon Musk", "source": "a.txt"}
    return Claim(**json.loads(json.dumps(row)))  # each decoded claim has its own copies of the strings


def test_claims_repeating_a_sentence_share_one_copy_and_stay_equal():
    first, second = claim_from_json("c1"), claim_from_json("c2")
    before = [dataclasses.replace(first), dataclasses.replace(second)]
    assert first.sentence is not second.sentence

    shared = SharedStrings().share([first, second])

    assert shared == before
    assert shared[0].sentence is shared[1].sentence
    assert shared[0].speaker is shared[1].speaker
    assert shared[0].surface is shared[1].surface

