//! PETRARCH2/TABARI actors, agents and verb-pattern files (three parts of
//! the input): every rejected entry is reported as file:line, and a coder
//! built from whatever loaded codes a sentence without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = dyads_fuzz::parts(data, 3);
    let mut d = dyads_code::Dictionaries::default();
    dyads_code::petrarch::read_actors(&p[0], "a.actors", &mut d);
    dyads_code::petrarch::read_agents(&p[1], "g.agents", &mut d);
    dyads_code::petrarch::read_verbs(&p[2], "v.verbs", &mut d);
    dyads_fuzz::check_dictionaries(d, &["a.actors", "g.agents", "v.verbs"]);
});
