//! Reply templates with variables.
//!
//! Agents answer with templates written once per language, such as
//! `您好 {{contact.name}}，您的案件 {{case.number}} 已收到。`. A variable is a known name in
//! double braces (spaces inside allowed); a misspelt one is refused when the template is
//! saved, so a customer never receives a raw `{{case.nmber}}`.

use std::collections::BTreeMap;

/// Every variable a template may use. The shipment and B/L ones are filled by the shipment
/// features; until then they render empty.
pub const VARIABLES: &[&str] = &[
    "customer.name",
    "customer.local_name",
    "customer.number",
    "contact.name",
    "contact.first_name",
    "case.number",
    "case.subject",
    "case.status",
    "case.promised_at",
    "agent.name",
    "team.name",
    "shipment.reference",
    "shipment.eta",
    "bl.number",
];

/// Refuses unknown variables and an unclosed `{{`, naming them.
pub fn check(template: &str) -> Result<(), String> {
    parse(template).map(|_| ())
}

/// Fills the variables from `vars`; a known variable without a value renders empty. Values
/// are inserted as they are, never expanded again, so a customer's text cannot inject one.
pub fn render(template: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let pieces = parse(template)?;
    let mut out = String::with_capacity(template.len());
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => out.push_str(vars.get(name).map_or("", String::as_str)),
        }
    }
    Ok(out)
}

/// Fills the variables that have a value and leaves each one without (absent or empty) as
/// written, `{{shipment.eta}}`: a blank the agent sees in the reply box and the send checks
/// for (`blanks`), instead of a sentence with a silent hole sent to the customer.
pub fn fill(template: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let pieces = parse(template)?;
    let mut out = String::with_capacity(template.len());
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => match vars.get(name).filter(|v| !v.trim().is_empty()) {
                Some(v) => out.push_str(v),
                None => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            },
        }
    }
    Ok(out)
}

/// The template variables a text still holds (each once, in order of first appearance):
/// the blanks a filled template left, or ones typed by hand.
pub fn blanks(text: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let name = after[..close].trim();
        if let Some(known) = VARIABLES.iter().find(|v| **v == name)
            && !found.contains(known)
        {
            found.push(known);
        }
        rest = &after[close + 2..];
    }
    found
}

enum Piece<'a> {
    Text(&'a str),
    Var(&'static str),
}

/// Splits a template into text and known variables, or names every problem found.
fn parse(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut unclosed = None;
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            unclosed = Some(&rest[open..]);
            break;
        };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let name = after[..close].trim();
        match VARIABLES.iter().find(|v| **v == name) {
            Some(known) => pieces.push(Piece::Var(known)),
            None => unknown.push(format!("{{{{{name}}}}}")),
        }
        rest = &after[close + 2..];
    }
    let mut problems = Vec::new();
    if !unknown.is_empty() {
        let noun = if unknown.len() == 1 {
            "variable"
        } else {
            "variables"
        };
        problems.push(format!("unknown {noun} {}", unknown.join(", ")));
    }
    if let Some(tail) = unclosed {
        let shown: String = tail.chars().take(20).collect();
        problems.push(format!("unclosed {{{{ in \"{shown}\""));
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_variable_without_a_value_stays_a_blank_the_send_can_find() {
        let template = "Dear {{contact.name}}, {{ shipment.eta }} for {{case.number}}";
        let filled = fill(
            template,
            &vars(&[("case.number", "CS-1"), ("contact.name", " ")]),
        )
        .unwrap();
        assert_eq!(filled, "Dear {{contact.name}}, {{shipment.eta}} for CS-1");
        assert_eq!(blanks(&filled), ["contact.name", "shipment.eta"]);
        assert!(blanks("Dear Wei, it arrives Friday {{not.a.variable}} {{").is_empty());
        assert_eq!(blanks("{{case.number}} {{ case.number }}"), ["case.number"]);
    }

    proptest! {
        #[test]
        fn a_fully_filled_template_has_no_blanks(value in "[A-Za-z0-9 ]{1,20}") {
            let all: BTreeMap<String, String> = VARIABLES.iter().map(|v| (v.to_string(), format!("x{value}"))).collect();
            let template: String = VARIABLES.iter().map(|v| format!("{{{{{v}}}}} ")).collect();
            prop_assert!(blanks(&fill(&template, &all).unwrap()).is_empty());
            prop_assert_eq!(blanks(&fill(&template, &BTreeMap::new()).unwrap()), VARIABLES.to_vec());
        }
    }

    #[test]
    fn a_traditional_chinese_reply_is_filled_in() {
        let template = "您好 {{contact.name}}，您的案件 {{ case.number }} 已收到。";
        assert_eq!(check(template), Ok(()));
        let values = vars(&[
            ("contact.name", "陳小姐"),
            ("case.number", "CS-2026-000123"),
        ]);
        assert_eq!(
            render(template, &values).unwrap(),
            "您好 陳小姐，您的案件 CS-2026-000123 已收到。"
        );
    }

    #[test]
    fn unknown_variables_and_unclosed_braces_are_named() {
        assert_eq!(
            check("Dear {{contact.name}}, re {{case.nmber}}"),
            Err("unknown variable {{case.nmber}}".to_string())
        );
        assert_eq!(
            render("{{a}} {{ b }} {{}}", &BTreeMap::new()),
            Err("unknown variables {{a}}, {{b}}, {{}}".to_string())
        );
        assert_eq!(
            check("Hello {{contact.name"),
            Err("unclosed {{ in \"{{contact.name\"".to_string())
        );
        assert_eq!(
            check("{{x}} then {{"),
            Err("unknown variable {{x}}; unclosed {{ in \"{{\"".to_string())
        );
    }

    #[test]
    fn missing_values_render_empty_and_values_are_not_expanded() {
        let values = vars(&[("case.subject", "{{agent.name}} }} {{")]);
        assert_eq!(
            render("[{{bl.number}}] {{case.subject}}", &values).unwrap(),
            "[] {{agent.name}} }} {{"
        );
    }

    #[test]
    fn every_variable_is_accepted() {
        for name in VARIABLES {
            assert_eq!(check(&format!("{{{{{name}}}}}")), Ok(()), "{name}");
        }
    }

    proptest! {
        #[test]
        fn text_without_variables_renders_unchanged(text in any::<String>()) {
            prop_assume!(!text.contains("{{"));
            let values = vars(&[("case.number", "CS-2026-000001")]);
            prop_assert_eq!(render(&text, &values), Ok(text.clone()));
        }

        #[test]
        fn rendering_replaces_each_variable_by_its_value(
            parts in prop::collection::vec(("[^{]*", prop::sample::select(VARIABLES)), 0..6),
            value in "[^{]*",
        ) {
            let template: String = parts.iter().map(|(t, v)| format!("{t}{{{{{v}}}}}")).collect();
            let expected: String = parts.iter().map(|(t, _)| format!("{t}{value}")).collect();
            let values: BTreeMap<String, String> =
                VARIABLES.iter().map(|v| (v.to_string(), value.clone())).collect();
            prop_assert_eq!(render(&template, &values), Ok(expected));
        }
    }
}
