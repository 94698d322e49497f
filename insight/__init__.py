"""Insight: read the public's input at any scale (languages, campaigns, issues, synthesis).

A plain Python package that imports nothing from Django. The web app calls it through one adapter:

    from insight import Record, load_taxonomy, analyze, suggest_issues, records_to_tag, compare_results
"""

from insight.boilerplate import StockParams
from insight.classify import suggest_issues
from insight.decisions import Decision
from insight.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor
from insight.model import Campaign, Excerpt, Family, IssueSynthesis, Record, RecordResult
from insight.pipeline import Analysis, Options, analyze
from insight.tagging import compare_results, records_to_tag
from insight.taxonomy import Taxonomy, load_taxonomy, taxonomy_from_dict

__all__ = [
    "Analysis",
    "Campaign",
    "DaskExecutor",
    "Decision",
    "Excerpt",
    "Executor",
    "Family",
    "IssueSynthesis",
    "Options",
    "ProcessExecutor",
    "Record",
    "RecordResult",
    "SerialExecutor",
    "StockParams",
    "Taxonomy",
    "analyze",
    "compare_results",
    "load_taxonomy",
    "records_to_tag",
    "suggest_issues",
    "taxonomy_from_dict",
]
