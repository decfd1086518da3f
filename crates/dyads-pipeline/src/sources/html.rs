//! Main-text extraction from news HTML: the article's paragraphs, without
//! navigation, scripts, styles, forms, sidebars, share bars and footers.
//!
//! A deliberately small heuristic over a spec-compliant tokenizer
//! (html5gum): no DOM is built. Text inside `<article>`/`<main>` wins when
//! the page has one; otherwise paragraph-like blocks with enough words and
//! few links are kept. The page's title and publication date (Open Graph /
//! `<time datetime>`) are extracted too, since the date is the report date.

use html5gum::{emitters::default::DefaultEmitter, Token, Tokenizer};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlText {
    pub title: String,
    /// `YYYY-MM-DD` from `article:published_time`, `datePublished` or the
    /// first `<time datetime>`, when present.
    pub date: Option<String>,
    /// Paragraphs separated by blank lines.
    pub text: String,
}

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe", "select", "button", "textarea", "object", "menu",
    "figure",
];
/// Class/id fragments that mark boilerplate containers.
const SKIP_MARKERS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "comment",
    "share",
    "social",
    "related",
    "advert",
    "promo",
    "cookie",
    "breadcrumb",
    "subscribe",
    "newsletter",
    "popup",
    "banner",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "th",
    "article",
    "section",
    "blockquote",
    "pre",
    "main",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
];
const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

struct Open {
    name: String,
    skip: bool,
    main: bool,
}

#[derive(Default)]
struct Block {
    text: String,
    link_chars: usize,
    in_main: bool,
    paragraph: bool,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn date_part(s: &str) -> Option<String> {
    let d: String = s.trim().chars().take(10).collect();
    let b = d.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-' && d.chars().filter(|c| c.is_ascii_digit()).count() == 8).then_some(d)
}

pub fn extract(html: &str) -> HtmlText {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut stack: Vec<Open> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur = Block::default();
    let mut out = HtmlText::default();
    let mut in_title = false;
    let mut saw_main = false;
    let flush = |cur: &mut Block, blocks: &mut Vec<Block>| {
        if !cur.text.trim().is_empty() {
            blocks.push(std::mem::take(cur));
        } else {
            *cur = Block::default();
        }
    };
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                let attr = |k: &str| tag.attributes.get(k.as_bytes()).map(|v| lossy(&v.value));
                if name == "meta" && out.date.is_none() {
                    let key = attr("property").or_else(|| attr("name")).or_else(|| attr("itemprop")).unwrap_or_default();
                    if matches!(key.as_str(), "article:published_time" | "datePublished" | "date" | "pubdate" | "og:published_time") {
                        out.date = attr("content").as_deref().and_then(date_part);
                    }
                }
                if name == "time" && out.date.is_none() {
                    out.date = attr("datetime").as_deref().and_then(date_part);
                }
                if name == "title" {
                    in_title = true;
                }
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut cur, &mut blocks);
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    continue;
                }
                let marker = format!("{} {}", attr("class").unwrap_or_default(), attr("id").unwrap_or_default()).to_ascii_lowercase();
                let role = attr("role").unwrap_or_default();
                let skip = SKIP.contains(&name.as_str())
                    || role == "navigation"
                    || role == "complementary"
                    || (!matches!(name.as_str(), "body" | "html" | "article" | "main")
                        && SKIP_MARKERS.iter().any(|m| marker.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == *m || w.starts_with(m))));
                let main = name == "article" || name == "main" || role == "main";
                saw_main |= main;
                stack.push(Open { name: name.clone(), skip, main });
                if name == "p" || name == "blockquote" {
                    cur.paragraph = true;
                }
            }
            Token::EndTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                if name == "title" {
                    in_title = false;
                }
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut cur, &mut blocks);
                }
                // Close up to the matching element; ignore stray end tags.
                if let Some(i) = stack.iter().rposition(|o| o.name == name) {
                    stack.truncate(i);
                }
            }
            Token::String(s) => {
                let s = lossy(&s);
                if in_title {
                    out.title.push_str(&s);
                    continue;
                }
                if stack.iter().any(|o| o.skip) {
                    continue;
                }
                if cur.text.is_empty() {
                    cur.in_main = stack.iter().any(|o| o.main);
                    cur.paragraph |= stack.iter().any(|o| o.name == "p" || o.name == "blockquote");
                }
                let in_link = stack.iter().any(|o| o.name == "a");
                for (i, part) in s.split_whitespace().enumerate() {
                    if (i > 0 || s.starts_with(char::is_whitespace)) && !cur.text.ends_with(' ') && !cur.text.is_empty() {
                        cur.text.push(' ');
                    }
                    cur.text.push_str(part);
                    if in_link {
                        cur.link_chars += part.len();
                    }
                }
                if s.ends_with(char::is_whitespace) && !cur.text.is_empty() && !cur.text.ends_with(' ') {
                    cur.text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut blocks);
    let keep = |b: &Block| {
        let words = b.text.split_whitespace().count();
        let link_density = b.link_chars as f64 / b.text.len().max(1) as f64;
        link_density < 0.5 && (b.paragraph && words >= 3 || words >= 12)
    };
    let use_main = saw_main && blocks.iter().any(|b| b.in_main && keep(b));
    let paragraphs: Vec<&str> = blocks.iter().filter(|b| keep(b) && (!use_main || b.in_main)).map(|b| b.text.trim()).collect();
    out.text = paragraphs.join("\n\n");
    out.title = out.title.split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_paragraphs_and_drops_boilerplate() {
        let page = r#"<!doctype html><html><head><title>Talks  resume | The Daily</title>
<meta property="article:published_time" content="2016-03-06T09:00:00Z">
<script>var x = "<p>not text</p>"; document.write("Iran attacked");</script><style>p{color:red}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and more links here today</a></li></ul></nav>
<div class="share-bar">Share this story on every social network you can think of right now</div>
<article><h1>Talks resume</h1><p>The United States and Iran held talks in Geneva on Tuesday, officials said.</p>
<p>Iran agreed not to fire on &quot;American&quot; aircraft &amp; ships.</p>
<aside>Related: Ten things about Geneva you never knew before reading this</aside></article>
<footer>Copyright 2016 The Daily. All rights reserved by everyone involved here.</footer></body></html>"#;
        let h = extract(page);
        assert_eq!(h.title, "Talks resume | The Daily");
        assert_eq!(h.date.as_deref(), Some("2016-03-06"));
        assert_eq!(
            h.text,
            "The United States and Iran held talks in Geneva on Tuesday, officials said.\n\nIran agreed not to fire on \"American\" aircraft & ships."
        );
    }

    #[test]
    fn pages_without_article_keep_long_low_link_blocks() {
        let page = "<html><body><div><a href=x>Home</a> <a href=y>Sport</a></div><div>Officials in Baghdad said the government would meet opposition leaders next week to discuss the plan.</div><p>A short paragraph.</p><p>Tiny.</p></body></html>";
        let h = extract(page);
        assert_eq!(h.text, "Officials in Baghdad said the government would meet opposition leaders next week to discuss the plan.\n\nA short paragraph.");
        assert_eq!(h.date, None);
        // Garbage and truncated markup do not panic and give no text.
        assert_eq!(extract("<<<>>><p").text, "");
        assert_eq!(extract("").text, "");
    }
}
