"""A small story told by two outlets, as records: a date they disagree on, a count they agree on."""
from __future__ import annotations

from pipeline.records import Article, Claim, Fact

COURIER_TEXT = "A fire broke out at the plant on March 12, 2026. The chief said <script>alert(1)</script> was found. 312 workers left."
POST_TEXT = "The fire started on 13 March 2026, officials said. 312 workers were evacuated."


def claim(claim_id: str, article: Article, surface: str, type_: str, value: str) -> Claim:
    start = article.text.index(surface)
    sentence = next(s for s in (part.strip() + "." for part in article.text.split(".")) if surface in s)
    return Claim(claim_id=claim_id, doc_id=article.doc_id, type=type_, surface=surface, char_start=start,
                 char_end=start + len(surface), sentence=sentence, value=value, source=article.source,
                 published=article.published)


COURIER = Article(doc_id="d1", source="courier.txt", label="courier", text=COURIER_TEXT, outlet="The Courier",
                  url="https://courier.example/fire", published="2026-03-13", format="txt")
POST = Article(doc_id="d2", source="post.txt", label="post", text=POST_TEXT, outlet="The Post",
               url="javascript:alert(2)", published="2026-03-14", format="txt")
ARTICLES = [COURIER, POST]
CLAIMS = [
    claim("c1", COURIER, "March 12, 2026", "event_date", "2026-03-12"),
    claim("c2", POST, "13 March 2026", "event_date", "2026-03-13"),
    claim("c3", COURIER, "312", "number", "312"),
    claim("c4", POST, "312", "number", "312"),
    claim("c5", COURIER, "<script>alert(1)</script>", "assertion", ""),
]
FIRE = Fact(fact_id="fire0000000000aa", fact="Fire: date", type="event_date", subject="fire", predicate="break out",
            status="conflict", story="courier", conflict_kind="value", value="2026-03-12",
            values="2026-03-12 [courier] | 2026-03-13 [post]", n_sources=2, sources="courier; post",
            claim_ids="c1; c2", bounds="courier: <= 2026-03-13", confidence=0.6,
            rationale="Support: 2026-03-12 from 1 source(s); the earlier report.")
WORKERS = Fact(fact_id="workers000000000", fact="Fire: workers evacuated", type="number", subject="workers",
               predicate="evacuate", status="agreed", story="courier", value="312", values="312 [courier, post]",
               n_sources=2, sources="courier; post", claim_ids="c3; c4", confidence=1.0, rationale="Both say 312.")
CHIEF = Fact(fact_id="chief00000000000", fact="The chief: said", type="assertion", subject="chief", predicate="say",
             status="single_source", story="courier", values="", n_sources=1, sources="courier", claim_ids="c5",
             confidence=0.5, rationale="One source.")
FACTS = [FIRE, WORKERS, CHIEF]
