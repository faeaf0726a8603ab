//! The one analyser for every text field, English and Chinese mixed: full-width folded to
//! half-width, lower-cased, Traditional folded to Simplified, words stemmed (English), and
//! every CJK character indexed both alone and paired with the next one, with positions.
//!
//! Why bigrams with positions and not a dictionary: any substring of two or more CJK
//! characters is then a phrase of overlapping bigrams (貨櫃碼頭 = 货柜 柜码 码头 at
//! consecutive positions), and a single character is its unigram, so nothing a dictionary
//! does not know is ever missed. The query side emits the bigrams only (a phrase), the
//! index side emits both; positions agree so phrases line up across CJK and Latin text.

use tantivy::tokenizer::{Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::chinese::{is_cjk, to_simplified};

/// The name the analyser is registered under in the index.
pub(crate) const ANALYSER: &str = "purser";

/// Words longer than this (base64 blobs, pasted hashes) are skipped: never a search term.
const MAX_WORD_BYTES: usize = 64;

/// What a tokenizer emits for a run of CJK characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every character alone and every adjacent pair.
    Index,
    /// A lone character alone; a longer run as its bigrams only (one phrase).
    Query,
}

/// Full-width ASCII (ＡＢＣ１２３) and the ideographic space read as their half-width selves.
pub(crate) fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// The analyser of a mode: our tokenizer, then the English stemmer (which leaves CJK
/// terms as they are).
pub(crate) fn analyzer(mode: Mode) -> TextAnalyzer {
    TextAnalyzer::builder(PurserTokenizer::new(mode))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Every term of `text` as the index sees it, with byte offsets into `text` (snippets).
pub(crate) fn index_tokens(text: &str) -> Vec<Token> {
    let mut analyzer = analyzer(Mode::Index);
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    stream.process(&mut |token| tokens.push(token.clone()));
    tokens
}

/// The terms a query word or phrase asks for, each with its position relative to the
/// first, ready for a phrase query.
pub(crate) fn query_terms(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = analyzer(Mode::Query);
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    stream.process(&mut |token| terms.push((token.position, token.text.clone())));
    if let Some(first) = terms.first().map(|(position, _)| *position) {
        for term in &mut terms {
            term.0 -= first;
        }
    }
    terms
}

#[derive(Clone)]
pub(crate) struct PurserTokenizer {
    mode: Mode,
    tokens: Vec<Token>,
}

impl PurserTokenizer {
    pub(crate) fn new(mode: Mode) -> PurserTokenizer {
        PurserTokenizer {
            mode,
            tokens: Vec::new(),
        }
    }
}

impl Tokenizer for PurserTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        let mut cutter = Cutter {
            mode: self.mode,
            out: &mut self.tokens,
            position: 0,
            word: String::new(),
            word_from: 0,
            word_to: 0,
            run: Vec::new(),
        };
        for (at, raw) in text.char_indices() {
            let end = at + raw.len_utf8();
            let c = fold_width(raw);
            if is_cjk(c) {
                cutter.end_word();
                cutter.run.push((to_simplified(c), at, end));
            } else if c.is_alphanumeric() {
                cutter.end_run();
                if cutter.word.is_empty() {
                    cutter.word_from = at;
                }
                cutter.word.extend(c.to_lowercase());
                cutter.word_to = end;
            } else {
                cutter.end_word();
                cutter.end_run();
            }
        }
        cutter.end_word();
        cutter.end_run();
        VecTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// The state of one pass over a text: the word or CJK run being read, the next position.
struct Cutter<'t> {
    mode: Mode,
    out: &'t mut Vec<Token>,
    position: usize,
    word: String,
    word_from: usize,
    word_to: usize,
    run: Vec<(char, usize, usize)>,
}

impl Cutter<'_> {
    fn emit(&mut self, text: String, from: usize, to: usize, position: usize) {
        self.out.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text,
            position_length: 1,
        });
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        if word.len() <= MAX_WORD_BYTES {
            self.emit(word, self.word_from, self.word_to, self.position);
        }
        self.position += 1;
    }

    fn end_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let base = self.position;
        // A query run of two or more characters is its bigrams alone (one phrase).
        let unigrams = self.mode == Mode::Index || run.len() == 1;
        for (i, &(c, from, to)) in run.iter().enumerate() {
            if unigrams {
                self.emit(c.to_string(), from, to, base + i);
            }
            if let Some(&(next, _, next_to)) = run.get(i + 1) {
                self.emit([c, next].iter().collect(), from, next_to, base + i);
            }
        }
        self.position += run.len();
        self.run = run;
        self.run.clear();
    }
}

pub(crate) struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_terms(text: &str) -> Vec<(usize, String)> {
        index_tokens(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    fn terms(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs.iter().map(|&(p, t)| (p, t.to_string())).collect()
    }

    #[test]
    fn english_is_lower_cased_and_stemmed() {
        assert_eq!(
            index_terms("Shipments DELAYED"),
            terms(&[(0, "shipment"), (1, "delay")])
        );
        assert_eq!(query_terms("shipment"), terms(&[(0, "shipment")]));
    }

    #[test]
    fn chinese_is_indexed_as_unigrams_and_overlapping_bigrams_at_the_same_positions() {
        assert_eq!(
            index_terms("貨櫃碼頭"),
            terms(&[
                (0, "货"),
                (0, "货柜"),
                (1, "柜"),
                (1, "柜码"),
                (2, "码"),
                (2, "码头"),
                (3, "头"),
            ])
        );
    }

    #[test]
    fn a_chinese_query_is_a_phrase_of_bigrams_or_one_unigram() {
        assert_eq!(query_terms("柜码头"), terms(&[(0, "柜码"), (1, "码头")]));
        assert_eq!(query_terms("櫃"), terms(&[(0, "柜")]));
    }

    #[test]
    fn traditional_and_simplified_give_the_same_terms() {
        assert_eq!(query_terms("提單"), query_terms("提单"));
        assert_eq!(index_terms("貨櫃"), index_terms("货柜"));
    }

    #[test]
    fn full_width_letters_and_digits_are_half_width() {
        assert_eq!(index_terms("ＡＢＣ１２３"), index_terms("abc123"));
        assert_eq!(
            index_terms("ＭＳＫＵ　１２３"),
            terms(&[(0, "msku"), (1, "123")])
        );
    }

    #[test]
    fn mixed_english_and_chinese_keep_their_order_and_positions() {
        assert_eq!(
            index_terms("B/L提單已發送 to Kaohsiung"),
            terms(&[
                (0, "b"),
                (1, "l"),
                (2, "提"),
                (2, "提单"),
                (3, "单"),
                (3, "单已"),
                (4, "已"),
                (4, "已发"),
                (5, "发"),
                (5, "发送"),
                (6, "送"),
                (7, "to"),
                (8, "kaohsiung"),
            ])
        );
        // The query's positions line up with the index's across the script change.
        assert_eq!(
            query_terms("提單已發送 to"),
            terms(&[
                (0, "提单"),
                (1, "单已"),
                (2, "已发"),
                (3, "发送"),
                (5, "to")
            ])
        );
    }

    #[test]
    fn offsets_point_into_the_original_text_even_when_folded() {
        let text = "ＡＢ 貨櫃";
        for token in index_tokens(text) {
            assert!(
                text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to)
            );
        }
        let spans: Vec<&str> = index_tokens(text)
            .iter()
            .map(|t| &text[t.offset_from..t.offset_to])
            .collect();
        assert_eq!(spans, ["ＡＢ", "貨", "貨櫃", "櫃"]);
    }

    #[test]
    fn punctuation_and_blobs_give_no_terms() {
        assert!(query_terms("!!! ... ，。「」").is_empty());
        assert!(index_terms(&"a".repeat(200)).is_empty());
    }
}
