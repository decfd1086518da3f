//! Why a verb, or a sentence, coded nothing. The coder's deciding steps
//! return these reasons and `dyads explain` prints them, so what explain
//! says is what the coder decided: there is no second account to drift.

use std::fmt;

use super::mentions::Discard;

/// The reason a token or sentence produced no event, in the order the
/// coder meets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NoCode {
    /// The sentence, or the whole story, holds a discard phrase.
    Discarded(Discard),
    /// Neither tagged a verb nor a noun root with a subject.
    NotAVerb,
    /// No verb entry for its form, its lemma or a regular stem of it.
    NotInDictionary,
    /// Its entries are phrasal verbs, and the particle is not there.
    MissingParticle,
    /// The rule that matched has a null code (`---`).
    NullCode,
    /// An object-controlled complement ("urged Eriador to respond"): the
    /// urging is the event, and the urged action has not happened.
    ObjectControlled,
    /// A control verb whose complement codes ("agreed to meet"): the
    /// complement is the event.
    ComplementCodes,
    /// A participle or gerund modifying a noun ("the territories occupied
    /// since 1967") describes it; it does not assert an event.
    InsideNounPhrase,
    /// "did not resign as widely hoped", "as expected": a verb after "as"
    /// with no subject of its own compares the act with what was hoped or
    /// said; nobody hoped or said anything in the sentence.
    AsClause,
    NoSubject,
    /// The subject names no known actor.
    UnknownSubject,
    /// Active voice: no known actor among the verb's objects and phrases.
    NoTarget,
    /// Passive voice: no known actor in the agent's phrase.
    NoAgent,
    /// A reciprocal event needs two different actors among its sources.
    OneSided,
    /// Every target is the source itself.
    SameActor,
    /// Civilians, refugees or migrants returning home: no visit.
    HomeComing,
    /// Negated, with no negation code for it, and negated events are not kept
    /// (`CoderOptions::keep_negated`).
    Negated,
}

impl fmt::Display for NoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoCode::Discarded(Discard::Story) => "discarded by the discard list (whole story)",
            NoCode::Discarded(Discard::Sentence) => "discarded by the discard list (sentence)",
            NoCode::NotAVerb => "not a verb",
            NoCode::NotInDictionary => "not in the verb dictionary",
            NoCode::MissingParticle => "a phrasal verb without its particle",
            NoCode::NullCode => "null code",
            NoCode::ObjectControlled => "an object-controlled complement: the controlling verb is the event",
            NoCode::InsideNounPhrase => "a participle inside a noun phrase describes it, it does not assert an event",
            NoCode::AsClause => "an \"as expected\" clause compares, it asserts no act",
            NoCode::ComplementCodes => "its complement verb codes instead",
            NoCode::NoSubject => "no subject found",
            NoCode::UnknownSubject => "the subject is not a known actor",
            NoCode::NoTarget => "no target actor",
            NoCode::NoAgent => "no known actor as the passive's agent",
            NoCode::OneSided => "a reciprocal event needs two different actors",
            NoCode::SameActor => "the target is the source",
            NoCode::HomeComing => "civilians or refugees returning home make no visit",
            NoCode::Negated => "negated, and negated events are not kept",
        })
    }
}
