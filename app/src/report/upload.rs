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
    let json = JsFuture::from(resp.json().map_err(fail)?)
        .await
        .map_err(fail)?;
    let field = |k: &str| js_sys_get(&json, k);
    if resp.ok() {
        field("name").ok_or_else(|| "上传失败".to_string())
    } else {
        Err(field("error").unwrap_or_else(|| format!("上传失败（{}）", resp.status())))
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_get(v: &wasm_bindgen::JsValue, key: &str) -> Option<String> {
    web_sys::js_sys::Reflect::get(v, &wasm_bindgen::JsValue::from_str(key))
        .ok()
        .and_then(|x| x.as_string())
}
