//! Reading age by the Flesch-Kincaid grade: `0.39 * words/sentences + 11.8 * syllables/words - 15.59`,
//! and reading age = grade + 5 (a UK reading age is the US grade plus five years).
//!
//! The input is a page's prose only (`TextSection::prose`: paragraphs and list items, one block a
//! line), so code, tables and headings do not count.
//!
//! Sentences: every line (paragraph or list item) is at least one sentence, so lists and short
//! imperative items are measured as the reader meets them; inside a line a sentence ends at `.`, `!`,
//! `?` or `…` (closing quotes and brackets may follow) before a space or the end of the line, except
//! after `e.g.`, `i.e.`, `Mr.`, `Mrs.`, `Ms.`, `Dr.`, `St.`, `vs.` and `etc.` before a lower-case word.
//!
//! Words: whitespace-separated tokens with a letter or a digit in them; a slash or dash joining two
//! words (`parents/carers`, `yes—no`) separates them, a hyphen does not (`age-appropriate` is one word,
//! its parts' syllables added up). Web and email addresses are skipped: no one reads them aloud.
//!
//! Syllables (see [`syllables`]) are counted by a heuristic, since no dictionary ships in the binary:
//! 1. a number is one syllable; an all-capital abbreviation with no vowel, or of at most three letters,
//!    is one syllable a letter (`DSL`, `UK`, `AUP`);
//! 2. the suffixes -ly, -ful, -ment, -ness and -less are one syllable each, counted after their stem
//!    (`safely` = `safe` + 1, so the stem's silent e stays silent);
//! 3. otherwise count groups of vowels; `y` is a vowel except at the start of a word or after a vowel
//!    (`happy`, `system`; but `yes`, `player`);
//! 4. a final `e` is silent (`make`), except after a vowel (`agree`), in a consonant + `le` or `re`
//!    ending (`table`, `centre`) or when it is the only vowel (`the`);
//! 5. a final `-ed` is silent except after `t` or `d` (`talked` 1, `wanted` 2); a final `-es` is silent
//!    except after s, x, z, ch, sh, c, g or a consonant + l or r (`games` 1, `pages` 2, `titles` 2);
//! 6. vowel pairs usually said as two syllables add one: `ia` (not after c, t or s: `media` but
//!    `social`), `io` (not after c, t, s or x: `radio` but `nation`), `ua` (not after q or g: `usual`
//!    but `equal`), `iu`, `deo` (`video`), `-ier`, `-iest`, `-ism`, a final `ea` (`idea`), and a vowel
//!    before a final `-ing` (`going`);
//! 7. every word has at least one syllable.

/// Pages with fewer words of prose than this are not scored: a formula over a few lines says nothing.
pub const MIN_WORDS: usize = 100;

/// Vowels, including accented ones in borrowed words (`café`).
fn is_plain_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'à'
            | 'á'
            | 'â'
            | 'ä'
            | 'è'
            | 'é'
            | 'ê'
            | 'ë'
            | 'ì'
            | 'í'
            | 'î'
            | 'ï'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'ú'
            | 'û'
            | 'ü'
    )
}

/// Whether the letter at `i` is sounded as a vowel (rule 3: `y` after a consonant is a vowel).
fn is_vowel(w: &[char], i: usize) -> bool {
    match w[i] {
        'y' => i > 0 && !is_vowel(w, i - 1),
        c => is_plain_vowel(c),
    }
}

fn vowel_groups(w: &[char]) -> usize {
    let mut groups = 0;
    let mut in_group = false;
    for i in 0..w.len() {
        let v = is_vowel(w, i);
        if v && !in_group {
            groups += 1;
        }
        in_group = v;
    }
    groups
}

fn ends_with(w: &[char], suffix: &str) -> bool {
    let s: Vec<char> = suffix.chars().collect();
    w.len() >= s.len() && w[w.len() - s.len()..] == s[..]
}

/// Is the letter at `i` (which may be out of range) a consonant?
fn consonant_at(w: &[char], i: Option<usize>) -> bool {
    i.is_some_and(|i| i < w.len() && w[i].is_alphabetic() && !is_vowel(w, i))
}

/// Syllables of one word (see the module documentation for the rules).
pub fn syllables(word: &str) -> usize {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return usize::from(word.chars().any(|c| c.is_ascii_digit()));
    }
    // Rule 1: abbreviations read letter by letter.
    let n = letters.chars().count();
    if n >= 2 && letters.chars().all(|c| c.is_uppercase()) {
        let has_vowel = letters.chars().any(|c| "AEIOU".contains(c));
        if !has_vowel || n <= 3 {
            return n;
        }
    }
    let w: Vec<char> = letters.to_lowercase().chars().collect();
    lower_syllables(&w).max(1)
}

fn lower_syllables(w: &[char]) -> usize {
    // Rule 2: suffixes that are always a syllable of their own.
    for suffix in ["ly", "ful", "ment", "ness", "less"] {
        if ends_with(w, suffix) {
            let stem = &w[..w.len() - suffix.chars().count()];
            if stem.len() >= 2 && vowel_groups(stem) > 0 {
                return lower_syllables(stem).max(1) + 1;
            }
        }
    }
    let len = w.len();
    let mut count = vowel_groups(w) as isize;
    let last = len - 1;
    // Rule 4: silent final e.
    if w[last] == 'e' && count > 1 && len >= 3 {
        let before = last - 1;
        let sounded_ending =
            matches!(w[before], 'l' | 'r') && consonant_at(w, before.checked_sub(1));
        if !is_vowel(w, before) && !sounded_ending {
            count -= 1;
        }
    }
    // Rule 5: -ed and -es endings.
    if len > 3 && count > 1 && w[last - 1] == 'e' {
        let c = len - 3; // the letter before the ending
        if w[last] == 'd' && consonant_at(w, Some(c)) && !matches!(w[c], 't' | 'd') {
            count -= 1;
        }
        if w[last] == 's' && consonant_at(w, Some(c)) {
            let sibilant = matches!(w[c], 's' | 'x' | 'z' | 'c' | 'g')
                || (w[c] == 'h' && c > 0 && matches!(w[c - 1], 'c' | 's'));
            let sounded_le = matches!(w[c], 'l' | 'r') && consonant_at(w, c.checked_sub(1));
            if !sibilant && !sounded_le {
                count -= 1;
            }
        }
    }
    // Rule 6: vowel pairs said as two syllables.
    for i in 1..len {
        let prev = if i >= 2 { Some(w[i - 2]) } else { None };
        let pair = (w[i - 1], w[i]);
        let split = match pair {
            ('i', 'a') => !matches!(prev, Some('c' | 't' | 's')),
            ('i', 'o') => !matches!(prev, Some('c' | 't' | 's' | 'x')),
            ('u', 'a') => !matches!(prev, Some('q' | 'g')),
            ('i', 'u') => true,
            ('e', 'o') => prev == Some('d'),
            _ => false,
        };
        if split {
            count += 1;
        }
    }
    if ends_with(w, "ier") || ends_with(w, "iest") || ends_with(w, "ism") {
        count += 1;
    }
    if len > 3 && ends_with(w, "ea") {
        count += 1;
    }
    if len > 4 && ends_with(w, "ing") && is_vowel(w, len - 4) {
        count += 1;
    }
    count.max(1) as usize
}

/// One sentence as counted: its text and measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub words: usize,
    pub syllables: usize,
}

const ABBREVIATIONS: [&str; 9] = [
    "e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "etc.",
];

fn is_address(token: &str) -> bool {
    token.contains("://") || token.contains('@') || token.to_ascii_lowercase().starts_with("www.")
}

/// Whether a token ends its sentence; `next` is the token after it on the same line.
fn ends_sentence(token: &str, next: Option<&str>) -> bool {
    let core = token.trim_end_matches(|c: char| "\"'”’)]»".contains(c));
    if !core.ends_with(['.', '!', '?', '…']) {
        return false;
    }
    let lower = core
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // `etc.` ends a sentence when a capital (or nothing) follows.
        return lower == "etc."
            && next.is_none_or(|n| n.chars().next().is_some_and(char::is_uppercase));
    }
    true
}

/// Splits prose (one block a line) into sentences.
pub fn sentences(prose: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for line in prose.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let mut current = Sentence {
            text: String::new(),
            words: 0,
            syllables: 0,
        };
        for (i, token) in tokens.iter().enumerate() {
            if !current.text.is_empty() {
                current.text.push(' ');
            }
            current.text.push_str(token);
            if !is_address(token) {
                for word in token
                    .split(['/', '—', '–'])
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                {
                    current.words += 1;
                    current.syllables += word.split('-').map(syllables).sum::<usize>().max(1);
                }
            }
            if ends_sentence(token, tokens.get(i + 1).copied()) {
                push_sentence(&mut out, &mut current);
            }
        }
        push_sentence(&mut out, &mut current);
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, current: &mut Sentence) {
    let s = std::mem::replace(
        current,
        Sentence {
            text: String::new(),
            words: 0,
            syllables: 0,
        },
    );
    if s.words > 0 {
        out.push(s);
    }
}

/// A page's readability.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Flesch-Kincaid grade.
    pub grade: f64,
    /// Grade + 5, in years.
    pub reading_age: f64,
    /// The longest sentences by words, longest first (at most three).
    pub longest: Vec<Sentence>,
}

impl Score {
    /// Reading age to one decimal place, as shown and compared with targets.
    pub fn rounded_age(&self) -> f64 {
        (self.reading_age * 10.0).round() / 10.0
    }
}

/// Scores prose. `None` when there are no words at all.
pub fn score(prose: &str) -> Option<Score> {
    let sentences = sentences(prose);
    let words: usize = sentences.iter().map(|s| s.words).sum();
    if words == 0 {
        return None;
    }
    let syllables: usize = sentences.iter().map(|s| s.syllables).sum();
    let grade = 0.39 * words as f64 / sentences.len() as f64
        + 11.8 * syllables as f64 / words as f64
        - 15.59;
    let mut longest = sentences.clone();
    longest.sort_by_key(|s| std::cmp::Reverse(s.words));
    longest.truncate(3);
    Some(Score {
        words,
        sentences: sentences.len(),
        syllables,
        grade,
        reading_age: grade + 5.0,
        longest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_common_words() {
        let cases = [
            ("the", 1),
            ("cat", 1),
            ("happy", 2),
            ("make", 1),
            ("table", 2),
            ("little", 2),
            ("whole", 1),
            ("people", 2),
            ("centre", 2),
            ("agree", 2),
            ("talked", 1),
            ("wanted", 2),
            ("played", 1),
            ("worried", 2),
            ("games", 1),
            ("pages", 2),
            ("titles", 2),
            ("eyes", 1),
            ("yes", 1),
            ("player", 2),
            ("system", 2),
            ("safely", 2),
            ("hopefully", 3),
            ("statement", 2),
            ("only", 2),
            ("media", 3),
            ("social", 2),
            ("radio", 3),
            ("nation", 2),
            ("usual", 3),
            ("equal", 2),
            ("video", 3),
            ("going", 2),
            ("being", 2),
            ("someone", 2),
            ("online", 2),
            ("because", 2),
            ("idea", 3),
            ("easier", 3),
            ("DSL", 3),
            ("UK", 2),
            ("999", 1),
            ("don't", 1),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(w, n)| syllables(w) != *n)
            .map(|(w, n)| format!("{w}: expected {n}, got {}", syllables(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn sentences_split_at_ends_and_lines_but_not_abbreviations() {
        let s = sentences(
            "Ask for help, e.g. from a teacher. Then wait!\nSet a PIN\nGames, apps etc. are fine",
        );
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Ask for help, e.g. from a teacher.",
                "Then wait!",
                "Set a PIN",
                "Games, apps etc. are fine"
            ]
        );
        assert_eq!(s[0].words, 7);
    }

    #[test]
    fn addresses_are_not_words_and_slashes_split() {
        let s = sentences(
            "Visit https://www.ceop.police.uk/ or email help@nspcc.org.uk now, parents/carers.",
        );
        assert_eq!(s.len(), 1);
        // Visit, or, email, now, parents, carers
        assert_eq!(s[0].words, 6);
    }

    /// Hand-computed: the syllables of each word are written under the passage.
    #[test]
    fn flesch_kincaid_matches_hand_computed_values() {
        // The(1) cat(1) sat(1) on(1) the(1) mat.(1) It(1) was(1) happy.(2)
        // 2 sentences, 9 words, 10 syllables.
        // grade = 0.39*9/2 + 11.8*10/9 - 15.59 = 1.755 + 13.1111 - 15.59 = -0.7239
        let s = score("The cat sat on the mat. It was happy.").unwrap();
        assert_eq!((s.sentences, s.words, s.syllables), (2, 9, 10));
        assert!((s.grade - (-0.723_888_9)).abs() < 1e-4, "{}", s.grade);
        assert!((s.reading_age - 4.276_111).abs() < 1e-4);

        // A list: each item is a sentence.
        // Turn(1) off(1) chat(1) with(1) strangers(2) / Talk(1) to(1) your(1) child(1) about(2)
        // games(1) / Check(1) the(1) settings(2) together(3)
        // 3 sentences, 15 words, 20 syllables.
        // grade = 0.39*5 + 11.8*20/15 - 15.59 = 1.95 + 15.7333 - 15.59 = 2.0933
        let s = score("Turn off chat with strangers\nTalk to your child about games\nCheck the settings together").unwrap();
        assert_eq!((s.sentences, s.words, s.syllables), (3, 15, 20));
        assert!((s.grade - 2.093_333).abs() < 1e-4, "{}", s.grade);
        assert_eq!(s.rounded_age(), 7.1);

        // Professional prose.
        // Designated(4) leads(1) should(1) record(2) every(3) concern(2) immediately(5) and(1)
        // share(1) information(4) appropriately.(5)
        // 1 sentence, 11 words, 29 syllables.
        // grade = 0.39*11 + 11.8*29/11 - 15.59 = 4.29 + 31.10909 - 15.59 = 19.80909
        let s = score("Designated leads should record every concern immediately and share information appropriately.").unwrap();
        assert_eq!((s.sentences, s.words, s.syllables), (1, 11, 29));
        assert!((s.grade - 19.809_09).abs() < 1e-4, "{}", s.grade);
        assert_eq!(s.rounded_age(), 24.8);
    }

    #[test]
    fn longest_sentences_come_first() {
        let s = score(
            "Short one. This second sentence is clearly the longest of them all. Mid length here.",
        )
        .unwrap();
        assert_eq!(s.longest[0].words, 10);
        assert_eq!(s.longest.len(), 3);
        assert!(score("```\n").is_none());
    }
}
