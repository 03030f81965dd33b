/// Whether a party is a state or a body such as `UNION`.
public enum PartyKind: String, CaseIterable, Sendable { case state, body }

/// What was signed.
public enum InstrumentKind: String, CaseIterable, Sendable {
    case treaty, decree, programme, doctrine, concept, agreement, roadmap, plan, other
}

/// What kind of implementing measure an act is.
public enum ActKind: String, CaseIterable, Sendable {
    case law, decree, resolution, treaty, agreement
    case unionAct = "union_act"
    case other
}

/// Where a source comes from.
public enum SourceKind: String, CaseIterable, Sendable {
    case official
    case legalText = "legal_text"
    case media, analysis, other
}

/// How sure the record is of a fact: `low` marks a passing mention or a single weak source.
public enum Confidence: String, CaseIterable, Sendable { case high, medium, low }

/// `each`: every owing party must act separately; `joint`: one joint act settles it.
public enum Mode: String, CaseIterable, Sendable { case each, joint }

/// What a claim's done and total count. Only `programmes` is compared with the record's own
/// count (children_completed / children); the others name a granularity the record does not track.
public enum ClaimUnit: String, CaseIterable, Sendable { case programmes, measures, tasks, acts, other }
