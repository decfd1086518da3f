//! `dyads self-test`: every verb entry of the dictionaries in plain frames.

use anyhow::Result;

use dyads_pipeline::selftest::{verb_frames, Frame};
use dyads_pipeline::Pipeline;

#[derive(clap::Args)]
pub struct SelfTestArgs {
    /// Print each failing entry (file:line), its sentence and what was coded.
    #[arg(long)]
    show_failures: bool,
    /// Only this frame (repeatable; default: all seven).
    #[arg(long, value_parser = frame_name)]
    frame: Vec<Frame>,
    /// Parser model file (default: the embedded model).
    #[arg(long)]
    model: Option<std::path::PathBuf>,
    #[command(flatten)]
    dicts: crate::dict_args::DictArgs,
}

fn frame_name(s: &str) -> Result<Frame, String> {
    Frame::ALL
        .into_iter()
        .find(|f| f.name().replace(' ', "-") == s)
        .ok_or_else(|| format!("unknown frame {s:?}; one of: {}", Frame::ALL.map(|f| f.name().replace(' ', "-")).join(", ")))
}

pub fn run(args: SelfTestArgs) -> Result<()> {
    let dicts = args.dicts.dictionaries()?;
    let pipeline = Pipeline::new(dyads_parse::Model::load_or_embedded(args.model.as_deref())?, dyads_code::Coder::new(dicts.clone(), Default::default()));
    let frames = if args.frame.is_empty() { Frame::ALL.to_vec() } else { args.frame.clone() };
    let report = verb_frames(&pipeline, &dicts, &frames);
    if args.show_failures {
        for f in &report.failures {
            println!(
                "{}: {} [{}] want {} got {}",
                f.entry,
                f.sentence,
                f.frame.name(),
                f.expected,
                if f.got.is_empty() { "nothing".into() } else { f.got.join(" ") }
            );
        }
    }
    for (lemma, form, why) in dyads_pipeline::selftest::EXCEPTIONS {
        println!("excepted: {lemma} as {form:?}: {why}");
    }
    for f in frames {
        let k = f as usize;
        let (t, p) = (report.tried[k], report.passed[k]);
        println!("{:<20} {:>5}/{:<5} {:6.2}%", f.name(), p, t, if t == 0 { 0.0 } else { 100.0 * p as f64 / t as f64 });
    }
    Ok(())
}
