"""The knowledge base: store, segmentation, matching, answers. Knows nothing of Telegram or files."""

from knowledge.kb import KnowledgeBase
from knowledge.models import Answer, Comparison, Context, Coverage, Hit, Passage, Report
from knowledge.store import StaleStore, StoreError

__all__ = [
    "Answer",
    "Comparison",
    "Context",
    "Coverage",
    "Hit",
    "KnowledgeBase",
    "Passage",
    "Report",
    "StaleStore",
    "StoreError",
]
