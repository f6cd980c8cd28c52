//! word/numbering.xml's list definitions: bullets and numbered lists, nine levels each.

use docx_rs::{
    AbstractNumbering, Level, LevelJc, LevelText, NumberFormat, SpecialIndentType, Start,
};

/// The abstract definitions of bulleted and numbered lists.
pub const BULLET_ABSTRACT: usize = 10;
pub const DECIMAL_ABSTRACT: usize = 11;
/// Bullets never restart, so one numbering instance serves them all.
pub const BULLET_NUM: usize = 9;

/// The levels of one kind of list, each indented a further half inch with a hanging marker.
pub fn list_levels(id: usize, ordered: bool) -> AbstractNumbering {
    let mut a = AbstractNumbering::new(id);
    for level in 0..9 {
        let (format, text) = if ordered {
            let format = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
            (format.to_string(), format!("%{}.", level + 1))
        } else {
            ("bullet".to_string(), ["•", "◦", "▪"][level % 3].to_string())
        };
        let left = 720 * (level as i32 + 1);
        a = a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    a
}
