"""The closed vocabularies of the record contract (spec/RECORDS.md §2).

These are the contract's own names, not language data: Vietnamese cue words that choose among them
live in `patterns/`.
"""

from __future__ import annotations

from typing import Literal, get_args

Unit = Literal["VND", "m2", "percent", "count"]
Qualifier = Literal["exact", "more_than", "less_than", "about"]
EventType = Literal["review_conference", "pledge_signing", "launch", "report", "other"]
ClusterRole = Literal["leader", "deputy"]
Metric = Literal[
    "inspections",
    "inspections_planned",
    "inspections_unscheduled",
    "inspections_ended",
    "inspections_concluded",
    "inspected_entities",
    "violating_entities",
    "violation_amount",
    "violation_land",
    "recovery_recommended_amount",
    "recovery_recommended_land",
    "recovered_amount",
    "recovered_land",
    "recovery_rate",
    "other_handling_amount",
    "admin_penalties",
    "admin_penalty_amount",
    "accountability_collectives",
    "accountability_individuals",
    "cases_to_investigation",
    "citizen_receptions",
    "citizens_received",
    "petitions_received",
    "petitions_eligible",
    "complaints_resolved",
    "complaint_resolution_rate",
    "awards",
    "target_rate",
    "other",
]

UNITS: tuple[str, ...] = get_args(Unit)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
METRICS: tuple[str, ...] = get_args(Metric)

# The unit each metric is measured in (spec table); `other` takes any unit.
METRIC_UNIT: dict[str, str | None] = {
    "inspections": "count",
    "inspections_planned": "count",
    "inspections_unscheduled": "count",
    "inspections_ended": "count",
    "inspections_concluded": "count",
    "inspected_entities": "count",
    "violating_entities": "count",
    "violation_amount": "VND",
    "violation_land": "m2",
    "recovery_recommended_amount": "VND",
    "recovery_recommended_land": "m2",
    "recovered_amount": "VND",
    "recovered_land": "m2",
    "recovery_rate": "percent",
    "other_handling_amount": "VND",
    "admin_penalties": "count",
    "admin_penalty_amount": "VND",
    "accountability_collectives": "count",
    "accountability_individuals": "count",
    "cases_to_investigation": "count",
    "citizen_receptions": "count",
    "citizens_received": "count",
    "petitions_received": "count",
    "petitions_eligible": "count",
    "complaints_resolved": "count",
    "complaint_resolution_rate": "percent",
    "awards": "count",
    "target_rate": "percent",
    "other": None,
}
