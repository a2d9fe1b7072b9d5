//! Sending files to the server's upload endpoints (multipart, streamed to
//! disk there): the 月报文本 form, notice attachments, import files. On the
//! server (where no form is ever submitted) each answers an error.

use leptos::web_sys::{HtmlFormElement, HtmlInputElement};

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
        let data = web_sys::FormData::new_with_form(&form).map_err(|_| "上传失败".to_string())?;
        post_for(url, data).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (form, url);
        Err(NOT_HERE.into())
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
            let data = web_sys::FormData::new().map_err(|_| "上传失败".to_string())?;
            for (name, value) in fields(i) {
                let _ = data.append_with_str(name, &value);
            }
            let _ = data.append_with_blob_and_filename("file", &file, &file.name());
            post_for::<serde_json::Value>(url, data)
                .await
                .and_then(|json| name_in(&json))
                .map_err(|e| format!("{}：{e}", file.name()))?;
        }
        return Ok(());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, input, fields);
    Ok(())
}

#[cfg(not(feature = "hydrate"))]
const NOT_HERE: &str = "上传只能在浏览器中进行";

/// The stored file's name in an upload's answer.
fn name_in(json: &serde_json::Value) -> Result<String, String> {
    json.get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .ok_or_else(|| "上传失败".to_string())
}

/// Posts multipart `data` and reads the JSON answer as `T`; a refusal
/// answers `{ "error": … }` in the user's language.
#[cfg(feature = "hydrate")]
async fn post_for<T: serde::de::DeserializeOwned>(
    url: &str,
    data: web_sys::FormData,
) -> Result<T, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let fail = |_| "上传失败，请检查网络后重试".to_string();
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
        serde_json::from_str(&text).map_err(|_| "服务器的回答无法读取".to_string())
    } else {
        Err(serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or_else(|| format!("上传失败（{}）", resp.status())))
    }
}
