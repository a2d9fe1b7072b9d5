//! The front end's files as the real router serves them, from a small site
//! made here the way `scripts/build.sh` lays it out: names by content,
//! `.br` and `.gz` beside each file, the manifest naming the bundle.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::web::{send, Reply};

const NAME: &str = "jyxx.0123456789abcdef";

/// A site of one build, with bodies that tell apart which file answered.
fn fake_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let files = [
        (
            format!("{NAME}.js"),
            "export function hydrate() {}\n".repeat(40),
        ),
        (format!("{NAME}_bg.wasm"), "\0asm wasm bytes ".repeat(40)),
        (format!("{NAME}.css"), "body { margin: 0 }\n".repeat(40)),
    ];
    for (file, raw) in &files {
        std::fs::write(pkg.join(file), raw).unwrap();
        std::fs::write(pkg.join(format!("{file}.br")), format!("br of {file}")).unwrap();
        std::fs::write(pkg.join(format!("{file}.gz")), format!("gz of {file}")).unwrap();
    }
    // Not named by its content, no compressed copies, big enough that the
    // compression layer would compress it.
    std::fs::write(
        pkg.join("manifest.json"),
        format!(
            r#"{{"name":"{NAME}","files":["{NAME}.js","{NAME}_bg.wasm","{NAME}.css"],"pad":"{}"}}"#,
            " ".repeat(200)
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("sw.js"), "// worker\n".repeat(40)).unwrap();
    dir
}

async fn fetch(router: &Router, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut req = Request::get(path);
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    send(router, req.body(Body::empty()).unwrap()).await
}

fn header_of(r: &Reply, name: header::HeaderName) -> &str {
    r.headers
        .get(&name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn the_bundle_is_served_as_the_build_compressed_it_and_kept_for_good() {
    let site = fake_site();
    let t = common::databases().await.into_iter().next().unwrap();
    let (b, _) = common::backend(&t.db);
    let options = server::http::leptos_options(site.path(), "127.0.0.1:0".parse().unwrap());
    assert_eq!(
        &*options.output_name, NAME,
        "the name comes from the manifest"
    );
    let router = server::http::router(b, options);

    for (file, content_type) in [
        (format!("{NAME}.js"), "text/javascript"),
        (format!("{NAME}_bg.wasm"), "application/wasm"),
        (format!("{NAME}.css"), "text/css"),
    ] {
        let path = format!("/pkg/{file}");
        // Asked for brotli: the build's .br file, as it is.
        let r = fetch(&router, &path, Some("gzip, deflate, br")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(header_of(&r, header::CONTENT_ENCODING), "br", "{path}");
        assert_eq!(header_of(&r, header::CONTENT_TYPE), content_type, "{path}");
        assert_eq!(r.text(), format!("br of {file}"), "{path}");
        assert_eq!(
            header_of(&r, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{path}"
        );
        assert!(
            header_of(&r, header::VARY).contains("accept-encoding"),
            "{path}"
        );
        // Only gzip: the .gz file.
        let r = fetch(&router, &path, Some("gzip")).await;
        assert_eq!(header_of(&r, header::CONTENT_ENCODING), "gzip", "{path}");
        assert_eq!(header_of(&r, header::CONTENT_TYPE), content_type, "{path}");
        assert_eq!(r.text(), format!("gz of {file}"), "{path}");
        // Neither: the file itself, not compressed on the fly.
        let r = fetch(&router, &path, None).await;
        assert_eq!(header_of(&r, header::CONTENT_ENCODING), "", "{path}");
        assert_eq!(
            r.body,
            std::fs::read(site.path().join("pkg").join(&file)).unwrap(),
            "{path}"
        );
        assert!(
            header_of(&r, header::CACHE_CONTROL).contains("immutable"),
            "{path}"
        );
    }

    // A file of the build without compressed copies leaves as it is too,
    // and is revalidated: its name does not change with its content.
    let r = fetch(&router, "/pkg/manifest.json", Some("br")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(header_of(&r, header::CONTENT_ENCODING), "");
    assert!(r.text().contains(NAME));
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-cache");
    let r = fetch(&router, "/sw.js", Some("br")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-cache");
    assert_eq!(header_of(&r, header::CONTENT_ENCODING), "");

    // A name of another build is not there, and its absence is not kept.
    let r = fetch(&router, "/pkg/jyxx.fedcba9876543210.js", Some("br")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-store");

    // A page: never kept, compressed on the fly, and it links this
    // build's names and no other.
    let r = fetch(&router, "/login", Some("br")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-store");
    assert_eq!(header_of(&r, header::CONTENT_ENCODING), "br");
    let r = fetch(&router, "/login", None).await;
    let html = r.text();
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-store");
    for linked in [
        format!(r#"<link rel="stylesheet" href="/pkg/{NAME}.css">"#),
        format!(r#"<link rel="modulepreload" href="/pkg/{NAME}.js""#),
        format!(r#"<link rel="preload" href="/pkg/{NAME}_bg.wasm""#),
    ] {
        assert!(html.contains(&linked), "{linked} in {html}");
    }
    assert!(
        !html.contains("jyxx_bg.wasm")
            && !html.contains("/pkg/jyxx.js")
            && !html.contains("/pkg/jyxx.css")
    );
    t.cleanup().await;
}

#[tokio::test]
async fn without_a_build_the_server_still_serves_pages() {
    let empty = tempfile::tempdir().unwrap();
    let t = common::databases().await.into_iter().next().unwrap();
    let (b, _) = common::backend(&t.db);
    let options = server::http::leptos_options(empty.path(), "127.0.0.1:0".parse().unwrap());
    let router = server::http::router(b, options);
    let r = fetch(&router, "/login", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "no-store");
    t.cleanup().await;
}
