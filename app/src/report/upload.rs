//! Sending files to the server's upload endpoints (multipart, streamed to
//! disk there): the 月报文本 form, notice attachments. Browser-only.

/// Posts the form and answers the stored file's name, or the server's
/// message in the user's language.
#[cfg(feature = "hydrate")]
pub async fn send(form: web_sys::HtmlFormElement) -> Result<String, String> {
    let data = web_sys::FormData::new_with_form(&form).map_err(|_| "上传失败".to_string())?;
    post("/api/upload_report_text", data).await
}

/// Posts multipart `data` to an upload endpoint of the server.
#[cfg(feature = "hydrate")]
pub async fn post(url: &str, data: web_sys::FormData) -> Result<String, String> {
    let json = post_for::<serde_json::Value>(url, data).await?;
    json.get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .ok_or_else(|| "上传失败".to_string())
}

/// Posts multipart `data` and reads the JSON answer as `T`; a refusal
/// answers `{ "error": … }` in the user's language.
#[cfg(feature = "hydrate")]
pub async fn post_for<T: serde::de::DeserializeOwned>(
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
