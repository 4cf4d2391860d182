"""Intent matching (content/intentions.yaml) before any search: p99 under 2 ms (issue 13)."""

from __future__ import annotations

import time
from types import SimpleNamespace

from bench.common import ROOT, Result, Timer, median, percentile
from bot.catalogue import load_catalogue
from bot.catalogue.intents import IntentMatcher
from bot.catalogue.search import SearchIndex
from bot.journey import understand
from tests.test_journey_intents import DISTRESS, PHRASINGS

#: Beyond the journey table: places, searches that are no intent, and a long message.
OTHERS = [
    "Marseille", "j'habite à Lyon", "PACA", "75011", "vendeuse", "caissiere", "je veux travailler dans la mode",
    "astronaute", "xkcdqwz", "bah moi j'aime bien les animaux et le sport mais je sais pas",
    "bonjour je m'appelle Inès, j'ai 17 ans, j'habite à Roubaix et je cherche quelque chose dans la vente " * 12,
]
ROUNDS = 30


async def run() -> list[Result]:
    catalogue = load_catalogue(ROOT / "content")
    with Timer() as build:
        matcher = IntentMatcher(catalogue.intents_file)
    catalogue.intents = matcher
    texts = [t for t, _ in PHRASINGS] + DISTRESS + OTHERS
    cold = []
    for text in texts:  # first time: typo look-ups not cached yet
        started = time.perf_counter()
        matcher.match(text)
        cold.append((time.perf_counter() - started) * 1000)
    samples = []
    for _ in range(ROUNDS):
        for text in texts:
            started = time.perf_counter()
            matcher.match(text)
            samples.append((time.perf_counter() - started) * 1000)
    ctx = SimpleNamespace(catalogue=catalogue, search=SearchIndex(catalogue))
    reading = []
    for _ in range(ROUNDS):
        for text in texts:
            started = time.perf_counter()
            understand.read(ctx, text)
            reading.append((time.perf_counter() - started) * 1000)
    p99, cold_p99, read_p99 = percentile(samples, 99), percentile(cold, 99), percentile(reading, 99)
    return [
        Result("intentions : construction", build.seconds * 1000, "ms", note=f"{len(matcher.intents)} intentions, {len(matcher.vocabulary)} mots"),
        Result("intentions : médiane", median(samples), "ms", note=f"{len(texts)} messages × {ROUNDS}"),
        Result("intentions : p99", p99, "ms", "< 2 ms", p99 < 2),
        Result("intentions à froid (1re fois), p99", cold_p99, "ms", "< 2 ms", cold_p99 < 2),
        Result("lecture complète (intention, lieu, recherche), p99", read_p99, "ms", note="understand.read"),
    ]
