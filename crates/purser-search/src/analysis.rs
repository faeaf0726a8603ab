//! The one analyser for every text field, English and Chinese mixed: full-width folded to
//! half-width, lower-cased, Traditional folded to Simplified, words stemmed (English), and
//! every CJK character indexed both alone and paired with the next one, with positions.
//!
//! Why bigrams with positions and not a dictionary: any substring of two or more CJK
//! characters is then a phrase of overlapping bigrams (貨櫃碼頭 = 货柜 柜码 码头 at
//! consecutive positions), and a single character is its unigram, so nothing a dictionary
//! does not know is ever missed. The query side emits the bigrams only (a phrase), the
//! index side emits both; positions agree so phrases line up across CJK and Latin text.

use std::cell::RefCell;
use std::collections::HashSet;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

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

/// The analyser the index runs on every text field.
pub(crate) fn analyzer(mode: Mode) -> TextAnalyzer {
    TextAnalyzer::from(PurserTokenizer::new(mode))
}

/// Calls `each` with every term of `text` as the index sees it, with byte offsets into
/// `text`, for snippets that look for `wanted` terms: a word whose first letter begins
/// none of them is not stemmed (a stem keeps its word's first letter), which spares most
/// of the stemming. One tokenizer per thread, reused.
pub(crate) fn each_index_token(text: &str, wanted: &HashSet<String>, mut each: impl FnMut(&Token)) {
    thread_local! {
        static TOKENIZER: RefCell<PurserTokenizer> = RefCell::new(PurserTokenizer::new(Mode::Index));
    }
    TOKENIZER.with_borrow_mut(|tokenizer| {
        tokenizer.stem_first.clear();
        tokenizer
            .stem_first
            .extend(wanted.iter().filter_map(|t| t.chars().next()));
        tokenizer.stem_first.sort_unstable();
        tokenizer.stem_first.dedup();
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            each(stream.token());
        }
        tokenizer.stem_first.clear();
    });
}

/// Every term of `text` as the index sees it.
#[cfg(test)]
pub(crate) fn index_tokens(text: &str) -> Vec<Token> {
    let mut tokenizer = PurserTokenizer::new(Mode::Index);
    let mut stream = tokenizer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// The terms a query word or phrase asks for, each with its position relative to the
/// first, ready for a phrase query.
pub(crate) fn query_terms(text: &str) -> Vec<(usize, String)> {
    let mut tokenizer = PurserTokenizer::new(Mode::Query);
    let mut stream = tokenizer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, token.text.clone()));
    }
    if let Some(first) = terms.first().map(|(position, _)| *position) {
        for term in &mut terms {
            term.0 -= first;
        }
    }
    terms
}

/// Our tokenizer. It keeps its tokens between texts and rewrites them in place, so a
/// document costs no allocation per term.
#[derive(Clone)]
pub(crate) struct PurserTokenizer {
    mode: Mode,
    stemmer: Stemmer,
    /// When not empty, only words beginning with one of these letters are stemmed.
    stem_first: Vec<char>,
    tokens: Vec<Token>,
    word: String,
    run: Vec<(char, usize, usize)>,
}

impl PurserTokenizer {
    pub(crate) fn new(mode: Mode) -> PurserTokenizer {
        PurserTokenizer {
            mode,
            stemmer: Stemmer::new(Algorithm::English),
            stem_first: Vec::new(),
            tokens: Vec::new(),
            word: String::new(),
            run: Vec::new(),
        }
    }
}

impl Tokenizer for PurserTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.word.clear();
        self.run.clear();
        let mut cutter = Cutter {
            mode: self.mode,
            stemmer: self.stemmer,
            stem_first: &self.stem_first,
            out: &mut self.tokens,
            len: 0,
            letters_only: true,
            position: 0,
            word: &mut self.word,
            word_from: 0,
            word_to: 0,
            run: &mut self.run,
        };
        for (at, raw) in text.char_indices() {
            let end = at + raw.len_utf8();
            let c = fold_width(raw);
            if c.is_ascii_alphanumeric() {
                cutter.end_run();
                cutter.word_char(at, end, c.to_ascii_lowercase());
            } else if is_cjk(c) {
                cutter.end_word();
                cutter.run.push((to_simplified(c), at, end));
            } else if c.is_alphanumeric() {
                cutter.end_run();
                for lower in c.to_lowercase() {
                    cutter.word_char(at, end, lower);
                }
            } else {
                cutter.end_word();
                cutter.end_run();
            }
        }
        cutter.end_word();
        cutter.end_run();
        let len = cutter.len;
        VecTokenStream {
            tokens: &mut self.tokens[..len],
            next: 0,
        }
    }
}

/// The state of one pass over a text: the word or CJK run being read, the next position,
/// and how many token slots are filled.
struct Cutter<'t> {
    mode: Mode,
    stemmer: Stemmer,
    stem_first: &'t [char],
    out: &'t mut Vec<Token>,
    len: usize,
    /// The word has no digit: a word to stem, not a code (msku1234567, 2026).
    letters_only: bool,
    position: usize,
    word: &'t mut String,
    word_from: usize,
    word_to: usize,
    run: &'t mut Vec<(char, usize, usize)>,
}

impl Cutter<'_> {
    /// The next token slot, its text emptied, placed at `from..to` and `position`.
    fn slot(&mut self, from: usize, to: usize, position: usize) -> &mut String {
        if self.len == self.out.len() {
            self.out.push(Token::default());
        }
        let token = &mut self.out[self.len];
        self.len += 1;
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        token.position_length = 1;
        token.text.clear();
        &mut token.text
    }

    fn word_char(&mut self, at: usize, end: usize, c: char) {
        if self.word.is_empty() {
            self.word_from = at;
            self.letters_only = true;
        }
        self.letters_only &= c.is_alphabetic();
        self.word.push(c);
        self.word_to = end;
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        if self.word.len() <= MAX_WORD_BYTES {
            let (from, to, position) = (self.word_from, self.word_to, self.position);
            let word = std::mem::take(self.word);
            let first = word.chars().next().unwrap_or(' ');
            let wanted =
                self.stem_first.is_empty() || self.stem_first.binary_search(&first).is_ok();
            let (stemmer, stem) = (self.stemmer, self.letters_only && wanted);
            let text = self.slot(from, to, position);
            if stem {
                text.push_str(&stemmer.stem(&word));
            } else {
                text.push_str(&word);
            }
            *self.word = word;
        }
        self.word.clear();
        self.position += 1;
    }

    fn end_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(self.run);
        let base = self.position;
        let index = self.mode == Mode::Index;
        // A query run of two or more characters is a phrase of bigrams, and every other
        // bigram (and the last) already covers each character at its position: 货柜码头 is
        // 货柜@0 码头@2. Half the postings to intersect, the same documents.
        let unigrams = index || run.len() == 1;
        let last_pair = run.len().saturating_sub(2);
        for (i, &(c, from, to)) in run.iter().enumerate() {
            if unigrams {
                self.slot(from, to, base + i).push(c);
            }
            let pair_wanted = index || i % 2 == 0 || i == last_pair;
            if let Some(&(next, _, next_to)) = run.get(i + 1).filter(|_| pair_wanted) {
                let text = self.slot(from, next_to, base + i);
                text.push(c);
                text.push(next);
            }
        }
        // A gap after each run, so a sparse phrase cannot bridge two runs (货柜 码头 is not
        // 货柜码头): positions then stay consecutive only inside a run.
        self.position += run.len() + 1;
        *self.run = run;
        self.run.clear();
    }
}

pub(crate) struct VecTokenStream<'a> {
    tokens: &'a mut [Token],
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
    fn codes_with_digits_are_kept_as_written() {
        assert_eq!(
            index_terms("Bills 2nds MSKU1234567s"),
            terms(&[(0, "bill"), (1, "2nds"), (2, "msku1234567s")])
        );
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
        // Every other bigram covers every character; the last closes an odd run.
        assert_eq!(query_terms("货柜码头"), terms(&[(0, "货柜"), (2, "码头")]));
        assert_eq!(
            query_terms("提单货柜码"),
            terms(&[(0, "提单"), (2, "货柜"), (3, "柜码")])
        );
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
                (8, "to"),
                (9, "kaohsiung"),
            ])
        );
        // The query's positions line up with the index's across the script change.
        assert_eq!(
            query_terms("提單已發送 to"),
            terms(&[(0, "提单"), (2, "已发"), (3, "发送"), (6, "to")])
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
