"""Pydantic models that are the record contract of spec/RECORDS.md.

One model serves output and gold: gold may leave any non-key field out, output adds provenance
(`span`, `sentence`). `extractor schema` prints `Record.model_json_schema()`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractor.vocab import ClusterRole, EventType, Metric, Qualifier, Unit

Span = tuple[int, int]


class _Model(BaseModel):
    # Output may add fields (spec §1); keep them rather than fail.
    model_config = ConfigDict(extra="allow")


class Source(_Model):
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="Local time as written: YYYY-MM-DDTHH:MM or YYYY-MM-DD")
    author: str | None = None


class Cluster(_Model):
    number: int | None = None
    label: str | None = None
    name: str | None = None
    members: list[str] = Field(default_factory=list, description="Province codes in order of appearance")
    leader: str | None = None
    deputy: str | None = None


class Event(_Model):
    type: EventType | None = None
    date: str | None = Field(None, description="YYYY-MM-DD, only when the day is written")
    location: str | None = Field(None, description="Province code of the event's place")


class Period(_Model):
    year: int | None = None
    start_month: int | None = Field(None, ge=1, le=12)
    end_month: int | None = Field(None, ge=1, le=12)
    label: str | None = None


class Province(_Model):
    code: str = Field(pattern=r"^\d{2}$")
    name: str | None = None
    code_2025: str | None = None
    name_2025: str | None = None
    span: Span | None = Field(None, description="First mention, [start, end) in the NFC text")


class Official(_Model):
    name: str
    honorific: str | None = None
    title: str | None = None
    organization: str | None = None
    province: str | None = None
    cluster_role: ClusterRole | None = None
    span: Span | None = None


class LegalRef(_Model):
    type: str | None = None
    number: str | None = None
    year: int | None = None
    code: str | None = None
    issuer: str | None = None
    canonical: str
    issued: str | None = None
    text: str | None = None
    span: Span | None = None


class Cue(_Model):
    """The words that decided a figure's metric, as written, and where they stand."""

    text: str
    span: Span


class Figure(_Model):
    metric: Metric
    value: float
    unit: Unit
    qualifier: Qualifier = "exact"
    total: float | None = None
    text: str | None = None
    part_of: str | None = Field(
        None, description="The text of the figure this one breaks down (spec §2 'part_of'), else null"
    )
    span: Span | None = None
    sentence: str | None = None
    cue: Cue | None = Field(
        None, description="Output only: the words that decided the metric (text and span), null when none did"
    )

    @field_validator("value", "total")
    @classmethod
    def _integral_as_int(cls, v: float | None) -> float | int | None:
        # 160596000000.0 → 160596000000 keeps JSON readable and exact.
        if v is not None and float(v).is_integer():
            return int(v)
        return v


class Record(_Model):
    doc_id: str
    source: Source = Field(default_factory=Source)
    cluster: Cluster | None = None
    event: Event | None = None
    period: Period | None = None
    provinces: list[Province] = Field(default_factory=list)
    officials: list[Official] = Field(default_factory=list)
    legal_refs: list[LegalRef] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    # Outside the spec's fields (ignored by `eval`): which release wrote this record.
    extractor_version: str | None = None

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
