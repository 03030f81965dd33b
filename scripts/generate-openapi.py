#!/usr/bin/env python3
"""Writes Sources/PactwatchWeb/Static/openapi.json from the table schemas (run from the package root).

The record schemas follow Sources/PactwatchData/TableSchema.swift; the tests (openapi-spec-validator,
schemathesis against a live server) prove the document and the server agree."""
import json, re
src = open('./Sources/PactwatchData/TableSchema.swift').read()
body = src[src.index('private func makeFields()'):]
blocks = re.split(r'\n\s+case \.', body)[1:]
enums = {'PartyKind': ['state', 'body'], 'SourceKind': ['official', 'legal_text', 'media', 'analysis', 'other'],
         'InstrumentKind': ['treaty', 'decree', 'programme', 'doctrine', 'concept', 'agreement', 'roadmap', 'plan', 'other'],
         'ActKind': ['law', 'decree', 'resolution', 'treaty', 'agreement', 'union_act', 'other'],
         'Confidence': ['high', 'medium', 'low'], 'Mode': ['each', 'joint'],
         'ClaimUnit': ['programmes', 'measures', 'tasks', 'acts', 'other'],
         'Stage': ['not_started', 'in_preparation', 'adopted', 'in_force', 'applied', 'abandoned']}
STAGES = enums['Stage']
# As pages, downloads and the API's commitments name a stage: no counting stage event is no_recorded_step.
STAGE_KEYS = STAGES + ['no_recorded_step']
tables = {}
for b in blocks:
    name = b.split(':')[0]
    fields = re.findall(r'Field\(\s*"(\w+)",\s*(\.\w+(?:\((\w+)\.allCases[^)]*\)\))?)(,\s*required: true)?,\s*\n?\s*"([^"]*)"', b)
    tables[name] = fields
translated = {'parties', 'instruments', 'commitments', 'acts'}

def nullable(t, **kw):
    return {"type": [t, "null"], **kw}

def record_schema(table):
    props, required = {}, []
    for name, typ, enum_type, req, desc in tables[table]:
        if name == 'hash':
            continue
        kind = typ.split('(')[0]
        if kind == '.list':
            s = {"type": "array", "items": {"type": "string"}}
        elif kind == '.integer':
            s = nullable("integer", minimum=0)
        elif kind == '.number':
            s = nullable("number")
        elif kind == '.choice':
            s = {"type": "string", "enum": enums[enum_type]} if req else {"type": ["string", "null"], "enum": enums[enum_type] + [None]}
        else:
            s = {"type": "string"} if req else nullable("string")
        s["description"] = desc
        props[name] = s
        required.append(name)
    if table in translated:
        props["translations"] = {"type": "object", "additionalProperties": {"type": "string"}, "description": "Title or name by language code."}
        required.append("translations")
    if any(f[0] == 'short_title' for f in tables[table]):
        props["short_title_translations"] = {"type": "object", "additionalProperties": {"type": "string"}, "description": "The short title by language code."}
        required.append("short_title_translations")
    return {"type": "object", "properties": props, "required": required}

figures_props = {
    "obligations": {"type": "integer", "minimum": 0},
    "by_stage": {"type": "object", "properties": {s: {"type": "integer", "minimum": 0} for s in STAGES}, "required": STAGES},
    "weight": nullable("number"), "progress": nullable("number", minimum=0, maximum=1),
    "implemented": nullable("number", minimum=0, maximum=1), "implemented_count": nullable("integer", minimum=0),
    "practice": nullable("number", minimum=0, maximum=1), "applied_count": nullable("integer", minimum=0),
    "due": nullable("integer", minimum=0), "overdue": nullable("integer", minimum=0), "deficit": nullable("number", minimum=0, maximum=1),
    "long_overdue": nullable("integer", minimum=0), "stalled": nullable("integer", minimum=0), "asymmetry": nullable("integer", minimum=0),
    "velocity": nullable("integer", minimum=0), "remaining": nullable("integer", minimum=0),
    "evidenced": nullable("integer", minimum=0, description="Obligations with at least one counting stage event (an explicit not_started counts)."),
    "coverage": nullable("number", minimum=0, maximum=1, description="evidenced / obligations."),
    "at_risk": nullable("integer", minimum=0, description="Neither implemented nor abandoned, deadline within the next 90 days."),
    "children": nullable("integer", minimum=0, description="Instrument scopes only: direct child instruments with obligations; null elsewhere."),
    "children_completed": nullable("integer", minimum=0, description="Instrument scopes only: children whose every obligation is implemented."),
    "forecast": {"oneOf": [{"$ref": "#/components/schemas/Forecast"}, {"type": "null"}]},
}
date = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
schemas = {
    "Forecast": {"type": "object", "description": "as_of + remaining / velocity years; the 80 % interval is the exact Poisson interval of the yearly count.",
                 "properties": {"date": date, "earliest": date, "latest": date, "confidence": {"type": "number"},
                                "remaining": {"type": "integer", "minimum": 0}, "velocity": {"type": "integer", "minimum": 0}},
                 "required": ["date", "earliest", "latest", "confidence", "remaining", "velocity"]},
    "Figures": {"type": "object", "description": "Every figure of a scope as of a day; null means no data (an empty scope), never 0.",
                "properties": figures_props, "required": list(figures_props)},
    "Status": {"type": "object", "properties": {**figures_props, "as_of": date, "scope": {"type": "array", "items": {"type": "string"}},
                                                "parties": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Figures"}},
                                                "instruments": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Figures"}},
                                                "compare": {"$ref": "#/components/schemas/Status", "description": "With ?compare=: the same report on that day."},
                                                "change": {"type": "object", "description": "With ?compare=: each overall figure's change from the compared day to as_of (shares in percentage points).",
                                                           "additionalProperties": {"type": ["number", "null"]}}},
               "required": list(figures_props) + ["as_of", "scope", "parties", "instruments"]},
    "Problem": {"type": "object", "description": "RFC 9457 problem details.",
                "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                               "detail": {"type": "string"}, "instance": {"type": "string"}},
                "required": ["type", "title", "status", "detail", "instance"]},
    "SearchHit": {"type": "object", "properties": {"table": {"type": "string", "enum": list(tables)}, "id": {"type": "string"},
                                                   "title": {"type": "string"}, "snippet": {"type": "string"}},
                  "required": ["table", "id", "title", "snippet"]},
}
for t, name in [("parties", "Party"), ("sources", "Source"), ("instruments", "Instrument"), ("acts", "Act")]:
    schemas[name] = record_schema(t)
c = record_schema("commitments")
c["properties"]["owing_parties"] = {"type": "array", "items": {"type": "string"}, "description": "The parties that owe it (listed, else inherited up the instrument's parents)."}
c["properties"]["obligations"] = {"type": "array", "items": {"type": "object", "properties": {
    "party": nullable("string", description="null for a joint commitment"),
    "stage": {"type": "string", "enum": STAGE_KEYS, "description": "The latest counting stage; no_recorded_step when the record holds none (every figure counts it as not started)."},
    "evidenced": {"type": "boolean", "description": "Whether the obligation has a counting stage event (an explicit not_started counts)."},
    "since": {"type": ["string", "null"], "pattern": date["pattern"]}, "deadline": {"type": ["string", "null"], "pattern": date["pattern"]},
    "overdue": {"type": "boolean"}, "stalled": {"type": "boolean"}, "at_risk": {"type": "boolean"}},
    "required": ["party", "stage", "evidenced", "since", "deadline", "overdue", "stalled", "at_risk"]},
    "description": "Each obligation's state as of as_of (only obligations that exist then)."}
c["required"] += ["owing_parties", "obligations"]
schemas["Commitment"] = c
e = record_schema("events")
e["properties"]["position"] = {"type": "integer", "minimum": 1, "description": "Ledger position: pass the last one seen as since."}
e["properties"]["hash"] = nullable("string", description="SHA-256 ledger chain, hex")
e["properties"]["retracted"] = {"type": "boolean", "description": "Whether some event retracts this one."}
e["required"] += ["position", "hash", "retracted"]
schemas["Event"] = e
cl = record_schema("claims")
cl["properties"]["evidence"] = {"$ref": "#/components/schemas/Figures"}
cl["properties"]["evidence_as_of"] = date
count = {"type": "object", "description": "The record's count beside the claim's done/total: programmes completed of the scope's child instruments for unit programmes, else implemented obligations of all (another granularity).",
         "properties": {"unit": {"type": "string", "enum": ["programmes", "obligations"]}, "done": {"type": "integer", "minimum": 0}, "total": {"type": "integer", "minimum": 0}},
         "required": ["unit", "done", "total"]}
cl["properties"]["comparison"] = {"type": "object", "description": "The claim and the record on the claim's scale: percent, and the gap in percentage points (claimed − implemented).",
    "properties": {"implemented_percent": nullable("number", minimum=0, maximum=100), "progress_percent": nullable("number", minimum=0, maximum=100),
                   "gap_points": nullable("number", minimum=-100, maximum=100), "record_count": {"oneOf": [count, {"type": "null"}]}},
    "required": ["implemented_percent", "progress_percent", "gap_points", "record_count"]}
cl["properties"]["translations"] = {"type": "object", "description": "By language code, then field: speaker, speaker_role, statement.",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}}
cl["required"] += ["evidence", "evidence_as_of", "comparison", "translations"]
schemas["Claim"] = cl

def page_of(ref, extra=None):
    props = {"items": {"type": "array", "items": {"$ref": ref}}, "total": {"type": "integer", "minimum": 0},
             "limit": {"type": "integer", "minimum": 1, "maximum": 1000}, "offset": {"type": "integer", "minimum": 0, "maximum": INT_MAX}}
    req = ["items", "total", "limit", "offset"]
    if extra:
        props.update(extra); req += list(extra)
    return {"type": "object", "properties": props, "required": req}

# Offsets and positions are 64-bit signed integers: the server refuses larger ones with a 400.
INT_MAX = 2**63 - 1

P = {
    "as_of": {"name": "as_of", "in": "query", "description": "Take figures as of this day (default: today; an empty value is refused: leave the parameter out).", "schema": {"type": "string", "format": "date"}, "example": "2023-06-30"},
    "lang": {"name": "lang", "in": "query", "description": "Language of titles (en or ru).", "schema": {"type": "string", "enum": ["en", "ru"]}},
    "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
    "offset": {"name": "offset", "in": "query", "description": "Items to skip (past the end: an empty page).", "schema": {"type": "integer", "minimum": 0, "maximum": INT_MAX, "default": 0}},
}
def q(name, desc, schema=None):
    return {"name": name, "in": "query", "description": desc, "schema": schema or {"type": "string"}}

def responses(schema, example=None):
    ok = {"description": "OK", "content": {"application/json": {"schema": schema}}}
    if example is not None:
        ok["content"]["application/json"]["example"] = example
    return {"200": ok, "304": {"description": "Not modified: the If-None-Match ETag is current."},
            "400": {"description": "A parameter is not valid.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "404": {"description": "No such record.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}

common = [P["as_of"], P["lang"]]
paging = [P["limit"], P["offset"]]
paths = {
    "/api/v1/status": {"get": {"operationId": "status", "summary": "All figures as of a day: the JSON of pactwatch status --json.",
        "description": "Overall figures of the scope (the whole dataset, or the intersection of the given filters), and the same figures for every party and every instrument within it.",
        "parameters": common + [q("party", "Restrict to one party."), q("instrument", "Restrict to one instrument and its descendants."),
                                q("area", "Restrict to one area."), q("commitment", "Restrict to one commitment."),
                                q("compare", "A second day: the answer adds compare (the same report on that day) and change (each overall figure's change from it to as_of; shares in percentage points).", {"type": "string", "format": "date"})],
        "responses": responses({"$ref": "#/components/schemas/Status"}, {"as_of": "2023-06-30", "scope": [], "obligations": 42, "progress": 0.065, "deficit": 1.0, "forecast": None})}},
    "/api/v1/parties": {"get": {"operationId": "parties", "summary": "Parties.", "parameters": common + paging,
        "responses": responses(page_of("#/components/schemas/Party"), {"items": [{"id": "RU", "name": "Russia", "kind": "state", "joined": None, "left": None, "translations": {"ru": "Россия"}}], "total": 2, "limit": 100, "offset": 0})}},
    "/api/v1/instruments": {"get": {"operationId": "instruments", "summary": "Instruments (treaties, decrees, programmes…).", "parameters": common + paging,
        "responses": responses(page_of("#/components/schemas/Instrument"))}},
    "/api/v1/commitments": {"get": {"operationId": "commitments", "summary": "Commitments with each obligation's state as of a day.",
        "parameters": common + paging + [q("instrument", "Only commitments of this instrument or its descendants."), q("party", "Only commitments this party owes."),
                                         q("area", "Only commitments of this area."), q("stage", "Only commitments with an obligation at this stage; not_started is an explicit not-started event, no_recorded_step an obligation with no stage event at all.", {"type": "string", "enum": STAGE_KEYS}),
                                         q("overdue", "Only commitments with (true) or without (false) an overdue obligation.", {"type": "boolean"}),
                                         q("stalled", "Only commitments with (true) or without (false) a stalled obligation.", {"type": "boolean"}),
                                         q("at_risk", "Only commitments with (true) or without (false) an obligation at risk (deadline within 90 days, not implemented).", {"type": "boolean"})],
        "responses": responses(page_of("#/components/schemas/Commitment"))}},
    "/api/v1/events": {"get": {"operationId": "events", "summary": "The ledger of events, in ledger order.",
        "description": "For incremental sync, pass since = the next_since of the previous answer: only events appended after that position come back.",
        "parameters": common + paging + [q("commitment", "Only events of this commitment."), q("party", "Only events of this party."),
                                         q("from", "Only events dated on or after this day (a partial date counts as its last day).", {"type": "string", "format": "date"}),
                                         q("to", "Only events dated on or before this day.", {"type": "string", "format": "date"}),
                                         q("since", "Only events after this ledger position.", {"type": "integer", "minimum": 0, "maximum": INT_MAX})],
        "responses": responses(page_of("#/components/schemas/Event", {"next_since": {"type": "integer", "minimum": 0}}))}},
    "/api/v1/claims": {"get": {"operationId": "claims", "summary": "Officials' claims, each with the computed figures for its scope on its date.", "parameters": common + paging,
        "responses": responses(page_of("#/components/schemas/Claim"))}},
    "/api/v1/sources": {"get": {"operationId": "sources", "summary": "Sources.", "parameters": common + paging, "responses": responses(page_of("#/components/schemas/Source"))}},
    "/api/v1/acts": {"get": {"operationId": "acts", "summary": "Implementing acts.", "parameters": common + paging, "responses": responses(page_of("#/components/schemas/Act"))}},
    "/api/v1/search": {"get": {"operationId": "search", "summary": "Full-text search over titles in every language, notes, acts, sources and claims.",
        "parameters": [{"name": "q", "in": "query", "required": True, "description": "Words to find (all required, each as a prefix).", "schema": {"type": "string", "minLength": 1}, "example": "gas"}] + common + paging,
        "responses": responses(page_of("#/components/schemas/SearchHit"))}},
    "/api/v1/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "responses": {"200": {"description": "The OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
}
doc = {"openapi": "3.1.0",
       "info": {"title": "Pactwatch API", "version": "1.0.0",
                "description": "Whether signed agreements get implemented: instruments, commitments, each owing party's stages, sources, officials' claims, and the figures computed from them as of any day. Read-only, public (CORS for GET), with ETags. Errors are RFC 9457 problem details. Shares are fractions from 0 to 1; null means no data, never 0."},
       "servers": [{"url": "/"}], "paths": paths, "components": {"schemas": schemas}}
json.dump(doc, open('./Sources/PactwatchWeb/Static/openapi.json', 'w'), indent=1, ensure_ascii=False)
print(len(json.dumps(doc)))
