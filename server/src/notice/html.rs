//! A notice's content: HTML cleaned to what the editor makes, and its text
//! for lengths and excerpts.

use std::collections::HashSet;

/// The markup the editor produces and nothing else.
pub fn sanitize(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "a",
        "blockquote",
        "div",
        "span",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(std::iter::once(("a", ["href"].into_iter().collect())).collect())
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// The text of sanitized HTML, for excerpts and the emptiness check.
pub fn text_of(html: &str) -> String {
    // Block ends become spaces, so paragraphs do not run together.
    let mut spaced = html.to_string();
    for end in [
        "</p>",
        "</li>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</div>",
        "</blockquote>",
        "<br>",
        "<br/>",
    ] {
        spaced = spaced.replace(end, &format!(" {end}"));
    }
    let stripped = ammonia::Builder::empty().clean(&spaced).to_string();
    stripped
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as HTML that shows exactly it (`&`, `<`, `>`, quotes escaped).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a list shows of a written notice (the same rule as a system
/// notice's, `app::notice::model::clip`).
pub(super) fn excerpt(html: &str) -> String {
    app::notice::model::clip(&text_of(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markup_comes_out_inert() {
        let corpus = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p onclick=\"alert(1)\">x</p>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<style>body{display:none}</style>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "<object data=\"x.swf\"></object>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        ];
        for bad in corpus {
            let out = sanitize(bad).to_ascii_lowercase();
            for needle in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "<iframe",
                "<style",
                "style=",
                "data:",
                "<form",
                "<object",
                "<base",
                "<meta",
                "<img",
                "<svg",
            ] {
                assert!(!out.contains(needle), "{bad} -> {out}");
            }
        }
    }

    #[test]
    fn the_editors_markup_survives_and_links_are_made_safe() {
        let out = sanitize("<h3>标题</h3><p><b>粗体</b></p><ul><li>一</li></ul><a href=\"https://www.moe.gov.cn\">教育部</a>");
        assert!(
            out.contains("<h3>标题</h3>")
                && out.contains("<b>粗体</b>")
                && out.contains("<li>一</li>")
        );
        assert!(
            out.contains("rel=\"noopener noreferrer nofollow\""),
            "{out}"
        );
    }

    #[test]
    fn escaped_text_reads_back_as_itself() {
        let t = "A & B <b>\"x\" 'y'";
        assert_eq!(escape(t), "A &amp; B &lt;b&gt;&quot;x&quot; &#39;y&#39;");
        assert_eq!(text_of(&format!("<p>{}</p>", escape(t))), t);
    }

    #[test]
    fn excerpts_are_plain_text() {
        assert_eq!(
            text_of("<p>各级&nbsp;管理员：</p><p>a &amp; b</p>"),
            "各级 管理员： a & b"
        );
    }
}
