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
    check_and_code(d);
});

fn check_and_code(d: dyads_code::Dictionaries) {
    for w in &d.warnings {
        let msg = w.to_string();
        let named = ["a.actors:", "g.agents:", "v.verbs:"].iter().any(|f| msg.contains(f));
        assert!(named, "warning without file:line: {msg}");
    }
    let coder = dyads_code::Coder::new(d, dyads_code::CoderOptions::default());
    let doc = sentence();
    dyads_fuzz::code_and_check(&coder, &doc);
}

fn sentence() -> dyads_text::Doc {
    let conllu = "1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\taccused\taccuse\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tIraq\tIraq\tPROPN\tNNP\t_\t2\tobj\t_\t_\n4\tof\tof\tADP\tIN\t_\t5\tcase\t_\t_\n5\tattacks\tattack\tNOUN\tNNS\t_\t2\tobl\t_\t_\n\n";
    dyads_text::read_conllu(conllu, "s").unwrap().pop().unwrap()
}
