//! HTML from the outside world is cleaned by allow-list before anything shows it: no
//! scripts, styles, event handlers, forms, frames or remote images (which track readers).

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        // inline images arrive as attachments (cid:); remote ones are dropped
        .rm_tags(["img"]);
    b
});

/// Safe HTML to show inside the console.
pub fn sanitise_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_remote_images_go() {
        let out = sanitise_html(
            r#"<p onclick="x()">Hi<script>alert(1)</script><img src="http://t.co/p.gif"><a href="javascript:evil()">x</a><a href="https://evergreen.tw">ok</a></p>"#,
        );
        assert!(
            !out.contains("script")
                && !out.contains("onclick")
                && !out.contains("img")
                && !out.contains("javascript"),
            "{out}"
        );
        assert!(out.contains("https://evergreen.tw") && out.contains("Hi"));
    }
}
