//! Direct and partial quotations in English news text, each with who said it.
//!
//! [`extract_quotes`] finds the quoted words of an article (curly, straight, low and angle double marks;
//! quotes interrupted by their attribution; quotes running over several paragraphs, which come back as one
//! [`Quote`] per paragraph) and, for each, the cue (`said`, `told`, `wrote`, `according to`, `asked`, …) and
//! the speaker as far as the article tells: a name from the cue's subject or object, the speaker of the
//! attribution before a quote that stands alone, a pronoun or a title (`she`, `the president`, `the White
//! House spokesman`, `the group`, `the report`) resolved to the nearest fitting named mention, and the full
//! form of a short name (`Sheinbaum` → `Claudia Sheinbaum`). When the article does not make the speaker
//! clear, the speaker is `None` rather than a guess. Titles and scare quotes (short quoted words inside a
//! sentence with no cue) are not quotes.
//!
//! It is rule-based and fast (thousands of articles per second on one core): named mentions are capitalized
//! spans with titles stripped, not the output of a statistical model. What it does not do: quotations in
//! single marks only, indirect speech without quote marks, languages other than English.
//!
//! [`analyze`] gives the same quotations together with the people and organizations the text names
//! ([`Name`]: the longest written form, person or organization, the role phrases written with it such as
//! `White House deputy press secretary` or an appositive `a top conservative group`), which the story
//! comparison uses for its people list and disagreements.
//!
//! [`score`] is the scorer of `samestory eval quotes`: quote precision, recall and F1 at a character overlap
//! threshold, and speaker accuracy over matched quotes, on the PolNeAR annotations.
//!
//! ```
//! let text = "“We can work together,” Claudia Sheinbaum said. Later she added: “But not that way.”";
//! let quotes = samestory_quotes::extract_quotes(text);
//! assert_eq!(quotes.len(), 2);
//! assert_eq!(quotes[0].text, "We can work together,");
//! assert_eq!(quotes[0].speaker.as_deref(), Some("Claudia Sheinbaum"));
//! assert_eq!(quotes[1].speaker.as_deref(), Some("Claudia Sheinbaum"));
//! assert_eq!(quotes[1].cue.as_deref(), Some("added"));
//! // Offsets count characters (Unicode scalar values), as Python does.
//! let start = quotes[1].start;
//! assert_eq!(text.chars().skip(start).take(3).collect::<String>(), "But");
//! ```
#![deny(missing_docs)]

mod attribution;
mod lexicon;
mod marks;
mod mentions;
pub mod score;
mod tokens;

use serde::Serialize;

/// One quotation: the quoted words, where they are, who said them and with which cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words without their marks.
    pub text: String,
    /// Character offset (Unicode scalar values) of the first quoted character in the article text.
    pub start: usize,
    /// Character offset just after the last quoted character.
    pub end: usize,
    /// Who said it: a person's or organization's name in its longest form in the article, or `None` when
    /// the article does not make it clear.
    pub speaker: Option<String>,
    /// The cue as written (`said`, `wrote`, `according to`), `None` when the quote stands alone with no
    /// attribution to lean on.
    pub cue: Option<String>,
    /// Byte offset of the first quoted character, for slicing the text in Rust.
    #[serde(skip)]
    pub byte_start: usize,
    /// Byte offset just after the last quoted character.
    #[serde(skip)]
    pub byte_end: usize,
    /// Whether this quote continues the previous one over a paragraph break (same speaker, same quotation).
    #[serde(skip)]
    pub continues: bool,
}

/// Finds the quotations of an English news text and who said them, in text order.
///
/// Paragraphs are separated by line breaks. Never fails: a text without quote marks gives no quotes.
pub fn extract_quotes(text: &str) -> Vec<Quote> {
    let paras = marks::paragraphs(text);
    let spans = marks::spans(text, &paras);
    if spans.is_empty() {
        return Vec::new();
    }
    let toks = tokens::tokenize(text, &paras, &spans);
    let sents = tokens::sentences(text, &toks, &spans);
    let ents = mentions::find(text, &toks, &sents);
    decide(text, &toks, &spans, &sents, &ents)
}

/// What kind of named entity a [`Name`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// A person: named with a first name, a title, a gendered pronoun or as a speaker.
    Person,
    /// An organization: a name ending in an organization word (`Foundation`, `Council`), an acronym, or a
    /// known one.
    Organization,
}

/// A person or organization an article names, in its longest written form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The longest form written (`Claudia Sheinbaum`, `Heritage Foundation`).
    pub name: String,
    /// Person or organization.
    pub kind: NameKind,
    /// Role phrases written with it (`Mexican President`, `White House deputy press secretary`, `top
    /// conservative group`), in text order.
    pub roles: Vec<String>,
    /// How many times the text names it (short forms included).
    pub mentions: usize,
}

/// An article's quotations and the people and organizations it names.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The quotations, as [`extract_quotes`] gives them.
    pub quotes: Vec<Quote>,
    /// People and organizations, in order of first mention. Places and single capitalized words the text
    /// gives no reason to read as a person are left out.
    pub names: Vec<Name>,
}

/// Quotations and named people and organizations of an English news text, from one pass.
pub fn analyze(text: &str) -> Analysis {
    let paras = marks::paragraphs(text);
    let spans = marks::spans(text, &paras);
    let toks = tokens::tokenize(text, &paras, &spans);
    let sents = tokens::sentences(text, &toks, &spans);
    let ents = mentions::find(text, &toks, &sents);
    let mut names: Vec<(usize, Name)> = ents
        .entities
        .iter()
        .filter(|e| !e.name.is_empty() && e.count > 0)
        .filter_map(|e| {
            let kind = match e.kind {
                mentions::EntityKind::Person => NameKind::Person,
                mentions::EntityKind::Org => NameKind::Organization,
                mentions::EntityKind::Unknown if e.person_evidence && e.count > 1 => NameKind::Person,
                _ => return None,
            };
            Some((e.first_at, Name { name: e.name.clone(), kind, roles: e.roles.clone(), mentions: e.count }))
        })
        .collect();
    names.sort_by_key(|(at, _)| *at);
    let quotes = if spans.is_empty() { Vec::new() } else { decide(text, &toks, &spans, &sents, &ents) };
    Analysis { quotes, names: names.into_iter().map(|(_, n)| n).collect() }
}

fn decide(
    text: &str,
    toks: &[tokens::Tok],
    spans: &[marks::Span],
    sents: &[std::ops::Range<usize>],
    ents: &mentions::Entities,
) -> Vec<Quote> {
    let doc = attribution::Doc::new(text, toks, spans, sents, ents);
    let mut decisions = doc.decide();
    decisions.sort_by_key(|d| d.span);
    let mut chars = CharCounter::default();
    decisions
        .into_iter()
        .map(|d| {
            let span = &spans[d.span];
            let (b0, b1) = (span.content.start, span.content.end);
            let start = chars.at(text, b0);
            let end = chars.at(text, b1);
            Quote {
                text: text[b0..b1].to_string(),
                start,
                end,
                speaker: d.speaker.map(|s| s.name).filter(|s| !s.is_empty()),
                cue: d.cue,
                byte_start: b0,
                byte_end: b1,
                continues: span.continues,
            }
        })
        .collect()
}

/// Byte offsets to character offsets, for increasing byte offsets.
#[derive(Default)]
struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn said(text: &str) -> Vec<(String, Option<String>)> {
        extract_quotes(text).into_iter().map(|q| (q.text, q.speaker)).collect()
    }

    fn speaker(text: &str, words: &str) -> Option<String> {
        extract_quotes(text)
            .into_iter()
            .find(|q| q.text.contains(words))
            .unwrap_or_else(|| panic!("no quote with {words:?} in {text:?}"))
            .speaker
    }

    #[test]
    fn interrupted_quote_has_one_speaker() {
        let q =
            said("“We can work together,” she said, “but not like that.” Claudia Sheinbaum spoke Friday.");
        assert_eq!(q.len(), 2);
        let q =
            said("Claudia Sheinbaum spoke Friday. “We can work together,” she said, “but not like that.”");
        assert_eq!(q[0].1.as_deref(), Some("Claudia Sheinbaum"));
        assert_eq!(q[1].1.as_deref(), Some("Claudia Sheinbaum"));
    }

    #[test]
    fn inverted_attribution_and_appositive() {
        let text = "“This is a very critical week,” said Keith Nahigian, a veteran of several campaigns.";
        assert_eq!(speaker(text, "critical week").as_deref(), Some("Keith Nahigian"));
        let text = "“It is over,” Anna Kelly, a spokeswoman for the White House, told reporters.";
        assert_eq!(speaker(text, "It is over").as_deref(), Some("Anna Kelly"));
    }

    #[test]
    fn short_names_pronouns_and_titles_resolve_to_full_names() {
        let text = "President Donald Trump met Mexican President Claudia Sheinbaum. \
                    “We talked,” Sheinbaum said.\n\n“It went well,” she added.\n\n\
                    “Great meeting,” the president said.";
        assert_eq!(speaker(text, "We talked").as_deref(), Some("Claudia Sheinbaum"));
        assert_eq!(speaker(text, "It went well").as_deref(), Some("Claudia Sheinbaum"));
        // Both are presidents: the nearest one holding the title.
        assert!(speaker(text, "Great meeting").is_some());
        let text = "White House spokesman James Hewitt spoke. “No comment,” the White House spokesman said.";
        assert_eq!(speaker(text, "No comment").as_deref(), Some("James Hewitt"));
    }

    #[test]
    fn organizations_and_their_documents_speak() {
        let text = "The Heritage Foundation, a conservative group, released a report in January.\n\n\
                    The report called military action a “last resort,” the group said.\n\n\
                    “Cooperation has deteriorated,” the group wrote.";
        assert_eq!(speaker(text, "last resort").as_deref(), Some("Heritage Foundation"));
        assert_eq!(speaker(text, "Cooperation").as_deref(), Some("Heritage Foundation"));
        let text = "Mayor Bill de Blasio spoke, according to a statement from the city. \
                    “We are safe,” according to the Associated Press.";
        assert_eq!(speaker(text, "We are safe").as_deref(), Some("Associated Press"));
    }

    #[test]
    fn standalone_and_continued_quotes_take_the_speaker_before() {
        let text = "Senator Lindsey Graham said in a statement:\n\n“We must act now.\n\n“There is no time.”\n\n\
                    Nothing else.";
        let q = extract_quotes(text);
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Lindsey Graham")), "{q:?}");
        assert!(q[1].continues && !q[0].continues);
    }

    #[test]
    fn times_dashes_apposed_names_and_sentence_opening_cues() {
        let text =
            "Dianne Feinstein last week said Clinton was not the originator of any “top secret” chain.";
        assert_eq!(speaker(text, "top secret").as_deref(), Some("Dianne Feinstein"));
        let text = "The State Department less than two weeks ago said that “top secret” data had passed.";
        assert_eq!(speaker(text, "top secret").as_deref(), Some("State Department"));
        let text = "A former candidate -- John McCain, who lost the 2008 election -- said the president                     “offered no changes to his strategy.”";
        assert_eq!(speaker(text, "offered no changes").as_deref(), Some("John McCain"));
        let text =
            "“There never was a stand-down order,” said the bureau's director, James B. Comey, on Monday.";
        assert_eq!(speaker(text, "stand-down").as_deref(), Some("James B. Comey"));
        let text = "But some disagree. Said Ellis: “I don’t get the sense she is interested.”";
        assert_eq!(speaker(text, "the sense").as_deref(), Some("Ellis"));
        let text = "Clinton, during a town hall meeting in Columbus, Ohio, said she was “going to put a lot of                     coal miners out of business.”";
        assert_eq!(speaker(text, "coal miners").as_deref(), Some("Clinton"));
        // A participle after a cue word used as a noun speaks for the sentence's subject.
        let text = "Khizr Khan also decried Donald Trump’s repeated calls to ban Muslims, noting he has                     “sacrificed nothing.”";
        assert_eq!(speaker(text, "sacrificed").as_deref(), Some("Khizr Khan"));
    }

    #[test]
    fn pronouns_skip_group_words_and_prefer_the_main_subject() {
        // `Republican` names a party, not a person `he` could stand for.
        let text = "Republican voters cheered. Mark Sanford spoke next.\n\nRepublican leaders watched.                     “We will win,” he said.";
        assert_eq!(speaker(text, "We will win").as_deref(), Some("Mark Sanford"));
        // The sentence's subject, not the subject of the clause inside it.
        let text = "Chris Christie has argued for weeks that Marco Rubio is not ready.                     “You have not been involved in a consequential decision,” he said.";
        assert_eq!(speaker(text, "consequential").as_deref(), Some("Chris Christie"));
    }

    #[test]
    fn unclear_speakers_are_left_out() {
        // Anonymous sources and an unresolvable pronoun give no speaker rather than a guess.
        assert_eq!(speaker("“It is over,” a source said.", "It is over"), None);
        assert_eq!(speaker("“It is over,” he said.", "It is over"), None);
        assert_eq!(speaker("“It is over,” they said.", "It is over"), None);
    }

    #[test]
    fn titles_and_scare_quotes_are_not_quotes() {
        assert!(said("He appeared on ABC's “Good Morning America” on Tuesday.").is_empty());
        assert!(said("The so-called “experts” were wrong about the bridge.").is_empty());
        assert!(said("<tweet id=\"123456\">text</tweet>").is_empty());
        // A short quote with a cue is a partial quote.
        assert_eq!(
            speaker("Trump said the deal was “terrible” for workers.", "terrible").as_deref(),
            Some("Trump")
        );
    }

    #[test]
    fn offsets_count_characters() {
        let text = "Ça va. Élise Dupont said: “Très bien, merci.”";
        let q = &extract_quotes(text)[0];
        assert_eq!(text.chars().skip(q.start).take(q.end - q.start).collect::<String>(), "Très bien, merci.");
        assert_eq!(&text[q.byte_start..q.byte_end], "Très bien, merci.");
        assert_eq!(q.speaker.as_deref(), Some("Élise Dupont"));
    }

    #[test]
    fn no_marks_no_quotes() {
        assert!(extract_quotes("").is_empty());
        assert!(extract_quotes("He said nothing at all.").is_empty());
    }

    proptest! {
        #[test]
        fn any_text_gives_valid_quotes(text in "([a-zA-Z ,.;:?!'\\-]{0,12}|[\"“”„«»‘’\n]|Trump|she|said|The president){0,40}") {
            let quotes = extract_quotes(&text);
            let chars: Vec<char> = text.chars().collect();
            let mut last_end = 0;
            for q in &quotes {
                prop_assert!(q.start < q.end && q.end <= chars.len());
                prop_assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text.clone());
                prop_assert_eq!(&text[q.byte_start..q.byte_end], q.text.as_str());
                prop_assert!(q.start >= last_end, "quotes overlap or are out of order");
                last_end = q.end;
                prop_assert!(q.speaker.as_deref() != Some(""));
            }
        }
    }
}
