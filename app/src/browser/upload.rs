//! Sending files to the server's upload endpoints (multipart, streamed to
//! disk there): the 月报文本 form, notice attachments, import files. On the
//! server (where no form is ever submitted) each answers an error.

use crate::i18n::*;
use leptos::web_sys::{HtmlFormElement, HtmlInputElement};

/// The page's language as `<html lang>` shows it (the i18n provider keeps
/// it current): the sends run in tasks, where no context is at hand. On
/// the server, the default.
fn locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| parse_locale(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Locale::default()
}

/// The form a submit event came from.
pub fn form_of(ev: &leptos::ev::SubmitEvent) -> Option<HtmlFormElement> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()?.dyn_into::<HtmlFormElement>().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}

/// Posts the 月报文本 form and answers the stored file's name, or the
/// server's message in the user's language.
pub async fn send(form: HtmlFormElement) -> Result<String, String> {
    send_form_for::<serde_json::Value>(form, "/api/upload_report_text")
        .await
        .and_then(|json| name_in(&json))
}

/// Posts a form to `url` and reads the JSON answer as `T`.
pub async fn send_form_for<T: serde::de::DeserializeOwned>(
    form: HtmlFormElement,
    url: &str,
) -> Result<T, String> {
    #[cfg(feature = "hydrate")]
    {
        let data = web_sys::FormData::new_with_form(&form)
            .map_err(|_| td_string!(locale(), school.upload_failed).to_string())?;
        post_for(url, data).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (form, url);
        Err(td_string!(locale(), school.upload_browser_only).to_string())
    }
}

/// Posts each file chosen in `input` to `url`, one request each, with the
/// form fields `fields(i)` for the i-th file; stops at the first refusal,
/// naming the file.
pub async fn send_each_file(
    url: &str,
    input: Option<HtmlInputElement>,
    fields: impl Fn(u32) -> Vec<(&'static str, String)>,
) -> Result<(), String> {
    #[cfg(feature = "hydrate")]
    if let Some(list) = input.and_then(|i| i.files()) {
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let data = web_sys::FormData::new()
                .map_err(|_| td_string!(locale(), school.upload_failed).to_string())?;
            for (name, value) in fields(i) {
                let _ = data.append_with_str(name, &value);
            }
            let _ = data.append_with_blob_and_filename("file", &file, &file.name());
            post_for::<serde_json::Value>(url, data)
                .await
                .and_then(|json| name_in(&json))
                .map_err(|error| {
                    fill(
                        td_string!(locale(), school.upload_file_error),
                        &[("file", &file.name()), ("error", &error)],
                    )
                })?;
        }
        return Ok(());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, input, fields);
    Ok(())
}

/// The stored file's name in an upload's answer.
fn name_in(json: &serde_json::Value) -> Result<String, String> {
    json.get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .ok_or_else(|| td_string!(locale(), school.upload_failed).to_string())
}

/// Posts multipart `data` and reads the JSON answer as `T`; a refusal
/// answers `{ "error": <AppError> }`, said here in the user's language.
#[cfg(feature = "hydrate")]
async fn post_for<T: serde::de::DeserializeOwned>(
    url: &str,
    data: web_sys::FormData,
) -> Result<T, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let locale = locale();
    let fail = |_| td_string!(locale, school.upload_failed_network).to_string();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&data);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(fail)?
        .dyn_into()
        .map_err(fail)?;
    let text = JsFuture::from(resp.text().map_err(fail)?)
        .await
        .map_err(fail)?
        .as_string()
        .unwrap_or_default();
    if resp.ok() {
        serde_json::from_str(&text)
            .map_err(|_| td_string!(locale, school.upload_unreadable).to_string())
    } else {
        Err(serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|mut v| {
                serde_json::from_value::<crate::error::AppError>(v.get_mut("error")?.take()).ok()
            })
            .map(|e| crate::i18n::Say::say(&e, locale))
            .unwrap_or_else(|| {
                fill(
                    td_string!(locale, school.upload_failed_status),
                    &[("status", &resp.status().to_string())],
                )
            }))
    }
}

/// A message with `{name}` places (`"上传失败（{status}）"`) filled in one
/// pass: a value is never read for places itself. leptos_i18n's own
/// `{{ name }}` builds views, not strings, in this build.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let place = after.find('}').and_then(|close| {
            let value = values.iter().find(|(name, _)| *name == &after[..close])?.1;
            Some((close, value))
        });
        match place {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_filled_once_and_others_kept() {
        let filled = fill(
            "{file}：{error}",
            &[("file", "{error}.txt"), ("error", "太大")],
        );
        assert_eq!(filled, "{error}.txt：太大");
        assert_eq!(fill("a {x} {y", &[("y", "1")]), "a {x} {y");
    }

    #[test]
    fn both_languages_have_the_places() {
        for locale in [Locale::zh_CN, Locale::en] {
            let status = td_string!(locale, school.upload_failed_status);
            assert!(status.contains("{status}"), "{status}");
            let file = td_string!(locale, school.upload_file_error);
            assert!(
                file.contains("{file}") && file.contains("{error}"),
                "{file}"
            );
        }
        assert_eq!(
            fill(
                td_string!(Locale::zh_CN, school.upload_failed_status),
                &[("status", "500")]
            ),
            "上传失败（500）"
        );
    }
}
