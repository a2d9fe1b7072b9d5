//! The rich-text editor's commands: the browser's own editing on the
//! selection, and asking for a link's address.

/// Runs an editing command of the browser (`bold`, `createLink`, …) on the
/// editor's selection; nothing on the server.
pub fn exec(command: &str, value: Option<&str>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let _ = doc.exec_command_with_show_ui_and_value(command, false, value.unwrap_or(""));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (command, value);
}

/// Asks the user for a link's address (`None` when cancelled, and always
/// on the server).
pub fn ask_link() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?
            .prompt_with_message_and_default("链接地址", "https://")
            .ok()
            .flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}
