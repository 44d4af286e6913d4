"""Evaluation of engines on reference translations: metrics, term success, QA rates, reports."""
