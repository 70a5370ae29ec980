"""Label Studio: tasks from records, the labelling config, and a Label Studio export back into gold.

A task is one article: `data` = {"text", "doc_id", "url"}; its `predictions` hold the extractor's
record and its `annotations` an existing gold record. Both are encoded the same way:

- every item with a place in the text is a region of the `label` control on `text`: "province",
  "official", "legal_ref", or "figure:<metric>" for a figure; the item's other fields are per-region
  controls (a TextArea or Choices named `<field>_<attribute>`, shown when such a region is selected);
  a figure that breaks down another (`part_of`) is a `part_of` relation from the part to its whole;
- the record's other fields (source, cluster, event, period) are document-level controls;
- `part_of_labelled` says whether breakdowns were labelled at all (gold without `part_of` keys has
  them unlabelled, which is not the same as "no breakdowns").

`gold_from_results` reverses it: regions sorted by where they start (the spec lists items in order of
appearance), an item's text taken from the article at the region's offsets, province names from the
province list. Offsets are Python characters in records and UTF-16 code units in Label Studio; the two
differ only after a character outside the BMP, and are converted both ways.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from extractor import __version__
from extractor.models import Record
from extractor.patterns import load_json
from extractor.stages import gazetteer
from extractor.vocab import EVENT_TYPES, METRIC_UNIT, METRICS, QUALIFIERS, UNITS

LABEL = "label"  # the Labels control
TEXT = "text"  # the Text object (task data key "text")
PART_OF = "part_of"  # the relation label
MODEL_VERSION = f"thanhtra-extractor {__version__}"
FIGURE = "figure:"
COLOURS = {"province": "#1f77b4", "official": "#2ca02c", "legal_ref": "#9467bd", "figure": "#ff7f0e"}
GROUP_OF = {"provinces": "province", "officials": "official", "legal_refs": "legal_ref", "figures": "figure"}


class AnnotationError(ValueError):
    """A task whose annotation cannot give a gold record; the message is the one-line reason."""


@dataclass(frozen=True)
class Control:
    name: str  # the control's name in the config and in results
    group: str  # a region kind ("province" …) or a document part ("source", "cluster" …)
    attr: str  # the record attribute it holds
    kind: str  # text | int | number | code | codes | choice
    choices: tuple[str, ...] = ()

    @property
    def per_region(self) -> bool:
        return self.group in COLOURS


CONTROLS = (
    Control("province_code", "province", "code", "code"),
    Control("official_honorific", "official", "honorific", "text"),
    Control("official_title", "official", "title", "text"),
    Control("official_organization", "official", "organization", "text"),
    Control("official_province", "official", "province", "code"),
    Control("official_cluster_role", "official", "cluster_role", "choice", ("leader", "deputy")),
    Control("legal_type", "legal_ref", "type", "text"),
    Control("legal_number", "legal_ref", "number", "text"),
    Control("legal_year", "legal_ref", "year", "int"),
    Control("legal_code", "legal_ref", "code", "text"),
    Control("legal_issuer", "legal_ref", "issuer", "text"),
    Control("legal_canonical", "legal_ref", "canonical", "text"),
    Control("legal_issued", "legal_ref", "issued", "text"),
    Control("figure_value", "figure", "value", "number"),
    Control("figure_unit", "figure", "unit", "choice", UNITS),
    Control("figure_qualifier", "figure", "qualifier", "choice", QUALIFIERS),
    Control("figure_total", "figure", "total", "number"),
    Control("source_title", "source", "title", "text"),
    Control("source_published", "source", "published", "text"),
    Control("source_author", "source", "author", "text"),
    Control("cluster_number", "cluster", "number", "int"),
    Control("cluster_label", "cluster", "label", "text"),
    Control("cluster_name", "cluster", "name", "text"),
    Control("cluster_members", "cluster", "members", "codes"),
    Control("cluster_leader", "cluster", "leader", "code"),
    Control("cluster_deputy", "cluster", "deputy", "code"),
    Control("event_type", "event", "type", "choice", EVENT_TYPES),
    Control("event_date", "event", "date", "text"),
    Control("event_location", "event", "location", "code"),
    Control("period_year", "period", "year", "int"),
    Control("period_start_month", "period", "start_month", "int"),
    Control("period_end_month", "period", "end_month", "int"),
    Control("period_label", "period", "label", "text"),
)
BY_NAME = {c.name: c for c in CONTROLS}
LABELLED = "labelled"  # the one choice of `part_of_labelled`
# The keys a gold file writes, in its order (tests/test_gold.py: every top-level field, every item key).
GOLD_KEYS = {
    "source": ("url", "title", "published", "author"),
    "cluster": ("number", "label", "name", "members", "leader", "deputy"),
    "event": ("type", "date", "location"),
    "period": ("year", "start_month", "end_month", "label"),
    "provinces": ("code", "name"),
    "officials": ("name", "honorific", "title", "organization", "province", "cluster_role"),
    "legal_refs": ("type", "number", "year", "code", "issuer", "canonical", "issued", "text"),
    "figures": ("metric", "value", "unit", "qualifier", "total", "text"),
}


def _words() -> dict[str, dict[str, str]]:
    return load_json("label_studio")


# ---------------------------------------------------------------------------------------------------
# The labelling config
# ---------------------------------------------------------------------------------------------------


def label_config() -> str:
    """The Label Studio labelling config (XML) that the tasks of `task()` are written for."""
    words = _words()
    head, field = words["headers"], words["fields"]
    out = [
        "<View>",
        '  <Header value="$doc_id"/>',
        f'  <Header value={quoteattr(head["label"])} size="6"/>',
        f'  <Labels name="{LABEL}" toName="{TEXT}" showInline="true">',
    ]
    for kind in ("province", "official", "legal_ref"):
        out.append(f'    <Label value="{kind}" background="{COLOURS[kind]}"/>')
    out += [f'    <Label value="{FIGURE}{m}" background="{COLOURS["figure"]}"/>' for m in METRICS]
    out += [
        "  </Labels>",
        f'  <Header value={quoteattr(head["relations"])} size="6"/>',
        f'  <Relations><Relation value="{PART_OF}"/></Relations>',
        f'  <Text name="{TEXT}" value="${TEXT}"/>',
    ]

    def control_xml(c: Control, indent: str) -> list[str]:
        region = ' perRegion="true"' if c.per_region else ""
        hint = quoteattr(field[c.name])
        if c.kind == "choice":
            lines = [
                f'{indent}<Header value={hint} size="6"/>',
                f'{indent}<Choices name="{c.name}" toName="{TEXT}"{region} choice="single-radio" '
                'showInline="true">',
            ]
            lines += [f'{indent}  <Choice value="{v}"/>' for v in c.choices]
            return [*lines, f"{indent}</Choices>"]
        many = "" if c.kind == "codes" else ' maxSubmissions="1"'
        return [
            f'{indent}<TextArea name="{c.name}" toName="{TEXT}"{region}{many} editable="true" '
            f'rows="1" placeholder={hint}/>'
        ]

    for kind in COLOURS:
        labels = ",".join(f"{FIGURE}{m}" for m in METRICS) if kind == "figure" else kind
        out.append(f'  <View visibleWhen="region-selected" whenLabelValue="{labels}">')
        out.append(f"    <Header value={quoteattr(head[kind])}/>")
        for c in CONTROLS:
            if c.group == kind:
                out += control_xml(c, "    ")
        out.append("  </View>")
    for part in ("source", "cluster", "event", "period"):
        out.append(f"  <Header value={quoteattr(head[part])}/>")
        for c in CONTROLS:
            if c.group == part:
                out += control_xml(c, "  ")
    out += [
        f"  <Header value={quoteattr(head['meta'])}/>",
        f'  <Choices name="part_of_labelled" toName="{TEXT}" choice="multiple">',
        f'    <Choice value="{LABELLED}" hint={quoteattr(field["part_of_labelled"])}/>',
        "  </Choices>",
        "</View>",
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# Offsets: Python characters ↔ UTF-16 code units
# ---------------------------------------------------------------------------------------------------


class Offsets:
    """Converts offsets between Python characters and JavaScript's UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_js(self, i: int) -> int:
        return i + sum(1 for a in self.astral if a < i)

    def from_js(self, j: int) -> int:
        # The k-th astral character starts at unit a + k and takes two units.
        return j - sum(1 for k, a in enumerate(self.astral) if a + k < j)


# ---------------------------------------------------------------------------------------------------
# Record → results
# ---------------------------------------------------------------------------------------------------


def _code_text(code: str | None) -> str | None:
    if code is None:
        return None
    info = gazetteer.info(code)
    return f"{code} {info.name}" if info else code


def _encode(c: Control, value: Any) -> list[str] | None:
    """The control's text entries (or choices) for `value`; None when there is nothing to say."""
    if value is None or value == [] or value == "":
        return None
    if c.kind == "codes":
        return [_code_text(v) or v for v in value]
    if c.kind == "code":
        return [_code_text(value) or value]
    if c.kind == "number":
        return [_number_text(value)]
    return [str(value)]


def _number_text(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def locate_items(
    record: Record, text: str, hint: Record | None = None
) -> dict[tuple[str, int], tuple[int, int]]:
    """Where each item of a record without spans (a gold file) stands in `text`: (group, index) → span.

    Quoted items (figure and legal reference texts, official names) are found in order, each after the
    one before where possible, then anywhere not yet taken; whitespace runs match any whitespace. A
    province is placed at `hint`'s span for its code (the extractor's first mention), else at the
    earliest mention of any of its written forms."""
    found: dict[tuple[str, int], tuple[int, int]] = {}
    for group, attr in (("figures", "text"), ("legal_refs", "text"), ("officials", "name")):
        cursor, used = 0, set()
        for i, item in enumerate(getattr(record, group)):
            if item.span is not None:
                found[(group, i)] = tuple(item.span)
                continue
            spans = _occurrences(text, getattr(item, attr))
            pick = next((s for s in spans if s[0] >= cursor and s not in used), None)
            pick = pick or next((s for s in spans if s not in used), None)
            # Several items may quote one phrase ("Kết luận số 09, 10, 11/KL-TTr …" is three references).
            pick = pick or next((s for s in spans if s[0] >= cursor), None) or (spans[0] if spans else None)
            if pick is not None:
                used.add(pick)
                cursor = pick[0]
                found[(group, i)] = pick
    hinted = {p.code: tuple(p.span) for p in (hint.provinces if hint else []) if p.span}
    forms: dict[str, list[str]] = {}
    for form, code in gazetteer.surface_forms().items():
        forms.setdefault(code, []).append(form)
    for i, p in enumerate(record.provinces):
        if p.span is not None:
            found[("provinces", i)] = tuple(p.span)
        elif p.code in hinted:
            found[("provinces", i)] = hinted[p.code]
        else:
            spans = [s for form in forms.get(p.code, []) for s in _occurrences(text, form, words=True)]
            if spans:
                found[("provinces", i)] = min(spans)
    return found


def _occurrences(text: str, needle: str | None, words: bool = False) -> list[tuple[int, int]]:
    if not needle or not needle.strip():
        return []
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    if words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text)]


def record_results(
    record: Record,
    text: str,
    spans: Mapping[tuple[str, int], tuple[int, int]] | None = None,
    *,
    part_of_labelled: bool = True,
) -> tuple[list[dict[str, Any]], list[str]]:
    """A record as Label Studio results on `text`, and the items left out (no place in the text).

    `spans` gives each item's place ((group, index) → span); by default the items' own spans."""
    js = Offsets(text)
    results: list[dict[str, Any]] = []
    left_out: list[str] = []
    region_of: dict[tuple[str, int], str] = {}
    for group, kind in GROUP_OF.items():
        for i, item in enumerate(getattr(record, group)):
            span = (spans or {}).get((group, i), tuple(item.span) if item.span else None)
            if span is None:
                left_out.append(f"{group}[{i}] {_describe(item)}")
                continue
            rid = f"{kind[0]}{i}"
            region_of[(group, i)] = rid
            place = {"start": js.to_js(span[0]), "end": js.to_js(span[1])}
            label = f"{FIGURE}{item.metric}" if kind == "figure" else kind
            results.append(
                _result(rid, LABEL, "labels", {**place, "text": text[span[0] : span[1]], "labels": [label]})
            )
            for c in CONTROLS:
                if c.group == kind:
                    _add(results, rid, c, getattr(item, c.attr), place)
    for part in ("source", "cluster", "event", "period"):
        obj = getattr(record, part)
        for c in CONTROLS:
            if c.group == part and obj is not None:
                _add(results, f"doc_{c.name}", c, getattr(obj, c.attr), None)
    if part_of_labelled:
        results.append(
            _result("doc_part_of_labelled", "part_of_labelled", "choices", {"choices": [LABELLED]})
        )
    for i, fig in enumerate(record.figures):
        whole = _whole_of(record, i)
        if whole is not None and ("figures", i) in region_of and ("figures", whole) in region_of:
            results.append(
                {
                    "from_id": region_of[("figures", i)],
                    "to_id": region_of[("figures", whole)],
                    "type": "relation",
                    "direction": "right",
                    "labels": [PART_OF],
                }
            )
        elif fig.part_of is not None:
            left_out.append(f"figures[{i}].part_of {fig.part_of!r} (no whole figure with that text)")
    return results, left_out


def _whole_of(record: Record, i: int) -> int | None:
    """The figure that figures[i] breaks down: the nearest figure before it whose text is its
    `part_of` (a whole comes first, spec §2), else the nearest after it."""
    name = record.figures[i].part_of
    if name is None:
        return None
    key = " ".join(name.split())
    same = [j for j, f in enumerate(record.figures) if j != i and f.text and " ".join(f.text.split()) == key]
    before = [j for j in same if j < i]
    return before[-1] if before else (same[0] if same else None)


def _describe(item: Any) -> str:
    for attr in ("text", "name", "canonical", "code"):
        value = getattr(item, attr, None)
        if value:
            return repr(value)
    return ""


def _result(rid: str, name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": rid, "from_name": name, "to_name": TEXT, "type": kind, "value": value}


def _add(
    results: list[dict[str, Any]], rid: str, c: Control, value: Any, place: dict[str, int] | None
) -> None:
    entries = _encode(c, value)
    if entries is None:
        return
    key = "choices" if c.kind == "choice" else "text"
    results.append(
        _result(rid, c.name, "choices" if c.kind == "choice" else "textarea", {**(place or {}), key: entries})
    )


def task(
    doc_id: str,
    text: str,
    *,
    url: str | None = None,
    prediction: Record | None = None,
    gold: Record | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """One Label Studio task; the second value lists gold items that could not be placed in the text."""
    out: dict[str, Any] = {"data": {TEXT: text, "doc_id": doc_id, "url": url}}
    problems: list[str] = []
    if gold is not None:
        labelled = bool(gold.figures) and all("part_of" in f.model_fields_set for f in gold.figures)
        results, left = record_results(
            gold, text, locate_items(gold, text, prediction), part_of_labelled=labelled
        )
        out["annotations"] = [{"result": results, "ground_truth": True}]
        problems += [f"gold {x}" for x in left]
    if prediction is not None:
        results, _ = record_results(prediction, text)
        out["predictions"] = [{"model_version": MODEL_VERSION, "result": results}]
    return out, problems


# ---------------------------------------------------------------------------------------------------
# Export → gold
# ---------------------------------------------------------------------------------------------------


def chosen_annotation(task: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The annotation that stands for a task: a ground-truth one first, then the last updated; cancelled
    (skipped) annotations never. None when the task has none."""
    live = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not live:
        return None
    return max(
        enumerate(live),
        key=lambda p: (
            bool(p[1].get("ground_truth")),
            str(p[1].get("updated_at") or p[1].get("created_at") or ""),
            p[0],
        ),
    )[1]


def _decode(c: Control, value: Mapping[str, Any], where: str) -> Any:
    if c.kind == "choice":
        picked = [v for v in value.get("choices") or [] if v]
        if not picked:
            return None
        if picked[0] not in c.choices:
            raise AnnotationError(f"{where}: {c.name} {picked[0]!r} is not one of {', '.join(c.choices)}")
        return picked[0]
    raw = value.get("text")
    entries = [raw] if isinstance(raw, str) else [str(x) for x in raw or []]
    entries = [" ".join(e.split()) for e in entries if e and e.strip()]
    if not entries:
        return None
    if c.kind == "codes":
        return [_code(part, where, c) for e in entries for part in re.split(r"[,;]", e) if part.strip()]
    joined = " ".join(entries)
    if c.kind == "code":
        return _code(joined, where, c)
    if c.kind == "int":
        if not re.fullmatch(r"-?\d+", joined):
            raise AnnotationError(f"{where}: {c.name} {joined!r} is not a whole number")
        return int(joined)
    if c.kind == "number":
        plain = joined.replace(" ", "").replace("_", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", plain):
            raise AnnotationError(f"{where}: {c.name} {joined!r} is not a plain number (160596000000, 89.72)")
        number = float(plain)
        return int(number) if number.is_integer() and "." not in plain else number
    return joined


def _code(value: str, where: str, c: Control) -> str:
    """A province code from "06 Bắc Kạn", "06" or a name in any spelling."""
    m = re.match(r"\s*(\d{2})(?!\d)", value)
    if m and gazetteer.info(m.group(1)):
        return m.group(1)
    codes = gazetteer.lookup(value.strip())
    if len(codes) == 1:
        return codes[0]
    raise AnnotationError(
        f'{where}: {c.name} {value!r} is not a province (write its code, e.g. "06 Bắc Kạn")'
    )


def gold_from_results(data: Mapping[str, Any], results: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The gold record (as the JSON object a gold file holds, keys in gold order) of one annotation."""
    text = data.get(TEXT)
    doc_id = data.get("doc_id")
    if not isinstance(text, str) or not isinstance(doc_id, str) or not doc_id:
        raise AnnotationError(
            'task data has no "text" and "doc_id" (not a task of `extractor annotate export`)'
        )
    js = Offsets(text)
    regions: dict[str, dict[str, Any]] = {}
    attrs: dict[str, dict[str, Any]] = {}
    doc: dict[str, Any] = {}
    relations: list[tuple[str, str]] = []
    labelled = False
    for r in results:
        kind, value, name = r.get("type"), r.get("value") or {}, r.get("from_name")
        if kind == "relation":
            if PART_OF in (r.get("labels") or [PART_OF]):
                relations.append((str(r.get("from_id")), str(r.get("to_id"))))
            continue
        rid = str(r.get("id"))
        if kind == "labels" and name == LABEL:
            labels = value.get("labels") or []
            if not labels:
                continue
            start, end = js.from_js(int(value["start"])), js.from_js(int(value["end"]))
            regions[rid] = {"label": labels[0], "start": start, "end": end, "text": text[start:end]}
        elif name == "part_of_labelled":
            labelled = LABELLED in (value.get("choices") or [])
        elif name in BY_NAME:
            c = BY_NAME[name]
            (attrs.setdefault(rid, {}) if c.per_region else doc)[name] = value
    where = doc_id

    def get(c: Control, bag: Mapping[str, Any], at: str) -> Any:
        return _decode(c, bag[c.name], at) if c.name in bag else None

    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {g: [] for g in GROUP_OF}
    kinds = {v: k for k, v in GROUP_OF.items()}
    for rid, reg in sorted(regions.items(), key=lambda kv: (kv[1]["start"], kv[1]["end"])):
        label = reg["label"]
        kind = "figure" if label.startswith(FIGURE) else label
        if kind not in kinds:
            raise AnnotationError(f"{where}: unknown label {label!r}")
        at = f"{where}: {kind} {reg['text']!r}"
        bag = attrs.get(rid, {})
        item = {c.attr: get(c, bag, at) for c in CONTROLS if c.group == kind}
        if kind == "province":
            code = item["code"] or _code(reg["text"], at, BY_NAME["province_code"])
            info = gazetteer.info(code)
            item = {"code": code, "name": info.name if info else None}
        elif kind == "official":
            item = {"name": " ".join(reg["text"].split()), **item}
        elif kind == "legal_ref":
            item["text"] = reg["text"]
            if not item["canonical"]:
                raise AnnotationError(f"{at}: no canonical key (legal_canonical)")
        else:
            metric = label[len(FIGURE) :]
            if metric not in METRICS:
                raise AnnotationError(f"{at}: unknown metric {metric!r}")
            if item["value"] is None:
                raise AnnotationError(f"{at}: no value (figure_value)")
            unit = item["unit"] or METRIC_UNIT.get(metric)
            if unit is None:
                raise AnnotationError(f"{at}: no unit (figure_unit)")
            item = {
                "metric": metric,
                "value": item["value"],
                "unit": unit,
                "qualifier": item["qualifier"] or "exact",
                "total": item["total"],
                "text": reg["text"],
            }
        groups[kinds[kind]].append((rid, {k: item.get(k) for k in GOLD_KEYS[kinds[kind]]}))

    # One item per province code, official name, document key: a second region of the same is a
    # second mention, and the first stands for it.
    def dedupe(group: str, key: str) -> None:
        seen: set[str] = set()
        kept = []
        for rid, item in groups[group]:
            k = " ".join(str(item[key]).split()).casefold()
            if k not in seen:
                seen.add(k)
                kept.append((rid, item))
        groups[group] = kept

    dedupe("provinces", "code")
    dedupe("officials", "name")
    dedupe("legal_refs", "canonical")
    texts = {rid: item["text"] for rid, item in groups["figures"]}
    whole = {}
    for part, of in relations:
        if part in texts and of in texts:
            if part in whole and whole[part] != of:
                raise AnnotationError(f"{where}: figure {texts[part]!r} is part_of two figures")
            whole[part] = of
    if labelled or whole:
        for rid, item in groups["figures"]:
            item["part_of"] = texts[whole[rid]] if rid in whole else None

    def part(name: str, always: bool) -> dict[str, Any] | None:
        values = {c.attr: get(c, doc, f"{where}: {c.name}") for c in CONTROLS if c.group == name}
        if name == "cluster":
            values["members"] = values["members"] or []
        if not always and not any(v not in (None, []) for v in values.values()):
            return None
        return {k: values.get(k) for k in GOLD_KEYS[name]}

    source = part("source", True) or {}
    source["url"] = data.get("url") or None
    gold = {
        "doc_id": doc_id,
        "source": {k: source.get(k) for k in GOLD_KEYS["source"]},
        "cluster": part("cluster", False),
        "event": part("event", True),
        "period": part("period", False),
        **{g: [item for _, item in groups[g]] for g in GROUP_OF},
    }
    try:
        Record.model_validate(gold)
    except ValueError as exc:
        first = str(exc).splitlines()
        raise AnnotationError(f"{where}: {' '.join(first[:3])}") from None
    return gold


def dump_gold(gold: Mapping[str, Any]) -> str:
    """A gold file's text: one top-level key a line, one list item a line (diff-friendly)."""
    lines = ["{"]
    keys = list(gold)
    for n, key in enumerate(keys):
        value = gold[key]
        comma = "," if n < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            items = [f"    {json.dumps(v, ensure_ascii=False)}" for v in value]
            lines.append(f"  {json.dumps(key)}: [\n" + ",\n".join(items) + f"\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"
