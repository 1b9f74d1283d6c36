"""Evaluation scores as a table or a JSON document, side by side with a baseline."""

from __future__ import annotations

import json
from typing import Any

from bridge.formats.terminal import fit
from bridge.quality.evaluation import Evaluation


def evaluation_json(engine: Evaluation, baseline: Evaluation | None) -> str:
    def block(evaluation: Evaluation) -> dict[str, Any]:
        return {
            "mean_ndcg@10": round(evaluation.mean_ndcg, 4),
            "mean_must_see@3": round(evaluation.mean_must_see, 4),
            "profiles": [
                {
                    "name": s.name,
                    "ndcg@10": round(s.ndcg, 4),
                    "must_see@3": s.must_see,
                    "found": [{"match": p, "rank": r} for p, r in s.found],
                }
                for s in evaluation.scores
            ],
        }

    document: dict[str, Any] = {"bridge": block(engine)}
    if baseline is not None:
        document["bm25"] = block(baseline)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def evaluation_table(engine: Evaluation, baseline: Evaluation | None) -> str:
    def cell(value: float | None) -> str:
        return "   –  " if value is None else f"{value:6.3f}"

    head = f"{'profile':<52} {'nDCG@10':>7} {'must@3':>6}"
    head += f"  {'bm25 nDCG':>9} {'must@3':>6}" if baseline else ""
    lines = [head, "-" * len(head)]
    for i, score in enumerate(engine.scores):
        line = f"{fit(score.name, 52):<52} {cell(score.ndcg):>7} {cell(score.must_see):>6}"
        if baseline:
            other = baseline.scores[i]
            line += f"  {cell(other.ndcg):>9} {cell(other.must_see):>6}"
        lines.append(line)
    lines.append("-" * len(head))
    mean = f"{'mean':<52} {cell(engine.mean_ndcg):>7} {cell(engine.mean_must_see):>6}"
    if baseline:
        mean += f"  {cell(baseline.mean_ndcg):>9} {cell(baseline.mean_must_see):>6}"
    lines.append(mean)
    return "\n".join(lines) + "\n"
