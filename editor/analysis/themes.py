"""Themes: the script's distinctive terms (tf-idf over its scenes) and clusters of scenes by meaning.

Scenes are the documents. A term that appears in every scene says nothing about any of them; a term
concentrated in a handful of scenes is what those scenes are about. The script's themes are the
terms with the largest total tf-idf that recur in at least two scenes (a one-off prop is not a theme).

Clusters: k-means (k-means++ seeding with a fixed seed, so the same script gives the same clusters)
on L2-normalised scene vectors. The vectors are sentence embeddings when the search index has them
(scenes about the same thing in different words group together) and tf-idf rows otherwise. Each
cluster is labelled with the terms its scenes share most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English stop words (function words, pronouns, screenplay boilerplate that is not content).
STOP_WORDS = _word_set(
    """
a about above after again against all also am an and any are aren't as at back be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each even ever every few for from further get gets getting go goes going gone gonna got
gotta had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just know let let's
like look looks me more most much must mustn't my myself need no nor not now of off oh ok okay on once
one only or other ought our ours ourselves out over own really right same say says see she she'd
she'll she's should shouldn't so some still such take than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've thing things think this those
through to too two under until up upon us very want was wasn't way we we'd we'll we're we've well were
weren't what what's when when's where where's whether which while who who's whom why why's will with
won't would wouldn't yeah yes yet you you'd you'll you're you've your yours yourself yourselves
int ext day night continuous later moments cont'd beat pause contd back
said tell told come came comes know knew make made makes get got give gave put keep kept maybe always
never nothing something anything everything someone somebody anyone everyone time times sorry hey
please thank thanks little good around away behind across toward towards another enough again ago
long last first next just even ever also back still then there here yeah yes okay sure mean means
stop stops stopped turn turns turned takes took walks walk looks looked sits sat stands stood
puts holds finds small big
"""
)
_TERM = re.compile(r"[^\W\d_]{3,}(?:'[^\W\d_]+)?")
MAX_TERMS = 1500  # vocabulary cap: keeps a 10,000-scene script's matrix small


@dataclass(slots=True)
class Term:
    term: str
    weight: float
    scenes: int


@dataclass(slots=True)
class Cluster:
    label: list[str]
    scenes: list[int]


def terms_of(text: str, exclude: frozenset[str]) -> list[str]:
    """Content terms of ``text``: lower-cased words of 3+ letters, no stop words or names."""
    out = []
    for word in _TERM.findall(text.lower()):
        if word.endswith(("'s", "’s")):
            word = word[:-2]  # "maya's" is about Maya: a name, not a theme
        if word not in STOP_WORDS and word not in exclude and len(word) >= 3:
            out.append(word)
    return out


@dataclass(slots=True)
class TfIdf:
    """Scene-by-term tf-idf matrix (rows L2-normalised) and its vocabulary."""

    vocabulary: list[str]
    matrix: np.ndarray  # (scenes, terms) float32
    doc_freq: np.ndarray  # (terms,) int

    @classmethod
    def build(cls, documents: list[list[str]]) -> TfIdf:
        doc_freq: Counter[str] = Counter()
        counts = [Counter(doc) for doc in documents]
        for c in counts:
            doc_freq.update(c.keys())
        n = len(documents)
        # Keep terms seen in 2+ scenes (or all terms for tiny scripts), most widespread first.
        keep = [t for t, df in doc_freq.items() if df >= 2 or n < 4]
        keep.sort(key=lambda t: (-doc_freq[t], t))
        vocabulary = sorted(keep[:MAX_TERMS])
        index = {t: i for i, t in enumerate(vocabulary)}
        matrix = np.zeros((n, len(vocabulary)), dtype=np.float32)
        for row, c in enumerate(counts):
            for t, k in c.items():
                col = index.get(t)
                if col is not None:
                    matrix[row, col] = 1.0 + math.log(k)
        df = np.array([doc_freq[t] for t in vocabulary], dtype=np.int64)
        if len(vocabulary):
            matrix *= (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            matrix /= np.maximum(norms, 1e-9)
        return cls(vocabulary, matrix, df)

    def top_terms(self, limit: int) -> list[Term]:
        """Terms concentrated in some scenes: total tf-idf times idf, among terms in 2+ scenes and
        at most half of them (a word in every other scene is the script's voice, not a theme)."""
        if not self.vocabulary:
            return []
        n = len(self.matrix)
        idf = np.log((1 + n) / (1 + self.doc_freq)) + 1.0
        total = self.matrix.sum(axis=0) * idf
        if n >= 4:
            total[(self.doc_freq < 2) | (self.doc_freq > n / 2)] = 0.0
        order = np.argsort(-total, kind="stable")[:limit]
        return [
            Term(self.vocabulary[i], round(float(total[i]), 3), int(self.doc_freq[i]))
            for i in order
            if total[i] > 0
        ]

    def label(self, rows: list[int], limit: int = 4) -> list[str]:
        if not self.vocabulary or not rows:
            return []
        centroid = self.matrix[rows].mean(axis=0)
        order = np.argsort(-centroid, kind="stable")[:limit]
        return [self.vocabulary[i] for i in order if centroid[i] > 0]


def choose_k(n: int) -> int:
    """A readable number of clusters: about sqrt(n/2), between 2 and 8."""
    return max(2, min(8, round(math.sqrt(n / 2))))


def kmeans(vectors: np.ndarray, k: int, *, seed: int = 7, iterations: int = 30) -> np.ndarray:
    """Cluster rows of ``vectors`` (L2-normalised) by cosine k-means; returns one label per row."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    k = min(k, n)
    rng = np.random.default_rng(seed)
    centres = [vectors[rng.integers(n)]]
    closest = 1.0 - vectors @ centres[0]
    for _ in range(1, k):
        weights = np.maximum(closest, 0.0) ** 2
        total = float(weights.sum())
        pick = int(rng.choice(n, p=weights / total)) if total > 0 else int(rng.integers(n))
        centres.append(vectors[pick])
        closest = np.minimum(closest, 1.0 - vectors @ vectors[pick])
    c = np.stack(centres)
    labels = np.zeros(n, dtype=np.int64)
    for it in range(iterations):
        new = np.argmax(vectors @ c.T, axis=1)
        if it and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                centre = members.mean(axis=0)
                c[j] = centre / max(float(np.linalg.norm(centre)), 1e-9)
    return labels


def cluster_scenes(tfidf: TfIdf, embeddings: np.ndarray | None = None) -> list[Cluster]:
    """Group scenes by meaning (embeddings when given, tf-idf otherwise), largest cluster first."""
    vectors = embeddings if embeddings is not None else tfidf.matrix
    n = len(vectors)
    if n < 4 or vectors.shape[1] == 0:
        return []
    usable = np.linalg.norm(vectors, axis=1) > 0
    rows = np.flatnonzero(usable)
    if len(rows) < 4:
        return []
    labels = kmeans(vectors[rows].astype(np.float32), choose_k(len(rows)))
    clusters = []
    for j in range(int(labels.max()) + 1):
        members = [int(rows[i]) for i in np.flatnonzero(labels == j)]
        if members:
            clusters.append(Cluster(tfidf.label(members), members))
    clusters.sort(key=lambda c: (-len(c.scenes), c.scenes[0]))
    return clusters
