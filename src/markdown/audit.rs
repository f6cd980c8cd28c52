//! Audit questions: task-list items in `audit` pages become Yes / No / Partly questions.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Events;

pub const ANSWERS: [(&str, &str); 3] = [("yes", "Yes"), ("no", "No"), ("partly", "Partly")];

/// Rewrites each task item into a question with radio buttons and a notes box; returns how many.
pub fn questions_to_form(mut events: Events<'_>) -> (Events<'_>, usize) {
    let mut count = 0;
    // Index of each open list item's start event, and whether it became a question.
    let mut items: Vec<(usize, bool)> = Vec::new();
    for i in 0..events.len() {
        match &events[i].0 {
            Event::Start(Tag::Item) => items.push((i, false)),
            Event::TaskListMarker(_) => {
                if let Some((start, is_q)) = items.last_mut() {
                    count += 1;
                    *is_q = true;
                    events[*start].0 = Event::Html(CowStr::from(format!(
                        "<li class=\"audit-question\" id=\"q-{count}\" data-question=\"{count}\"><span class=\"audit-number\">{count}.</span> <span class=\"audit-text\" id=\"q-{count}-text\">"
                    )));
                    events[i].0 = Event::Html(CowStr::from(""));
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((start, true)) = items.pop() {
                    let n = question_number(&events[start].0);
                    events[i].0 = Event::Html(CowStr::from(answer_controls(n)));
                }
            }
            _ => {}
        }
    }
    (events, count)
}

fn question_number(start: &Event<'_>) -> usize {
    match start {
        Event::Html(h) => h
            .split("data-question=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        _ => 0,
    }
}

fn answer_controls(n: usize) -> String {
    let mut html = format!(
        "</span><span class=\"audit-answer\" role=\"radiogroup\" aria-labelledby=\"q-{n}-text\">"
    );
    for (value, label) in ANSWERS {
        html.push_str(&format!(
            "<label class=\"audit-choice\"><input type=\"radio\" name=\"q-{n}\" value=\"{value}\"> {label}</label>"
        ));
    }
    html.push_str(&format!(
        "</span><label class=\"audit-notes\"><span>Evidence and actions</span><textarea name=\"q-{n}-notes\" rows=\"2\"></textarea></label></li>\n"
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    #[test]
    fn task_items_become_numbered_questions_with_three_answers() {
        let md = "## Policy\n\n- [ ] Is there an AUP?\n- [x] Is it signed?\n- plain item\n";
        let (events, n) = questions_to_form(parse(md));
        let html = to_html(events);
        assert_eq!(n, 2);
        assert_eq!(html.matches("type=\"radio\"").count(), 6, "{html}");
        assert!(
            html.contains("<span class=\"audit-text\" id=\"q-1-text\">Is there an AUP?</span>"),
            "{html}"
        );
        assert!(html.contains("name=\"q-2\" value=\"partly\""), "{html}");
        assert!(html.contains("<li>plain item</li>"), "{html}");
        assert!(!html.contains("checkbox"), "{html}");
    }
}
