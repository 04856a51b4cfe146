//! The few browser facilities the app needs, in one place: time, random keys, focus,
//! the page title, storage and timing marks. Every function is harmless when the browser
//! lacks the facility (and when run natively in tests).

use basm_core::time::Date;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::forms::submission::uuid_v4;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Today's date in Europe/London (the service's day, whatever the computer's time zone),
/// by core's UK clock rules (no `Intl`, which is slow to start).
pub fn today() -> Date {
    basm_core::time::london_date_of((js_sys::Date::now() / 1000.0).floor() as i64)
}

/// Now, in whole seconds since 1970 (UTC).
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Now, as an ISO 8601 UTC date-time (`2026-05-22T10:00:00.000Z`).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// A fresh UUID v4 (`crypto.randomUUID`, or 16 bytes of `crypto.getRandomValues`).
pub fn random_uuid() -> String {
    let crypto = window().and_then(|w| w.crypto().ok());
    if let Some(crypto) = &crypto {
        let id = crypto.random_uuid();
        if !id.is_empty() {
            return id;
        }
        let mut bytes = [0u8; 16];
        if crypto.get_random_values_with_u8_array(&mut bytes).is_ok() {
            return uuid_v4(bytes);
        }
    }
    let mut bytes = [0u8; 16];
    for byte in &mut bytes {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    uuid_v4(bytes)
}

/// Sets `document.title`.
pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// The element that has focus now, if any (not `<body>`).
pub fn focused() -> Option<web_sys::Element> {
    let document = document()?;
    let active = document.active_element()?;
    let body: Option<web_sys::Element> = document.body().map(Into::into);
    (Some(&active) != body.as_ref()).then_some(active)
}

/// Whether the user has moved focus since `before` was focused: something else on the page
/// (connected, not `<body>`) has focus now. A page that moves focus for the user (to its h1
/// after a navigation) must not take it back from a field or link they have reached.
pub fn focus_moved_since(before: Option<&web_sys::Element>) -> bool {
    match focused() {
        None => false,
        Some(now) => now.is_connected() && Some(&now) != before,
    }
}

/// Focuses the element with `id` now; returns whether it exists.
pub fn focus_id(id: &str) -> bool {
    let element = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match element {
        Some(element) => {
            let _ = element.focus();
            true
        }
        None => false,
    }
}

/// Makes every element of `<body>` but the one with `id` inert, or lets them be again: what
/// a modal dialog needs so nothing behind it can be focused, clicked or read.
pub fn inert_behind(id: &str, inert: bool) {
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    let children = body.children();
    for i in 0..children.length() {
        let Some(element) = children.item(i) else {
            continue;
        };
        if element.id() == id {
            continue;
        }
        let _ = if inert {
            element.set_attribute("inert", "")
        } else {
            element.remove_attribute("inert")
        };
    }
}

/// Focuses `element` (an element that was focused before) if it is still on the page;
/// returns whether it was.
pub fn refocus(element: &web_sys::Element) -> bool {
    match element.dyn_ref::<web_sys::HtmlElement>() {
        Some(element) if element.is_connected() => element.focus().is_ok(),
        _ => false,
    }
}

/// Focuses the field `id` the GOV.UK way (as `error-summary.mjs` does): the field gets
/// focus and its legend or label is scrolled into view above it.
pub fn focus_field(id: &str) -> bool {
    let Some(document) = document() else {
        return false;
    };
    let Some(element) = document.get_element_by_id(id) else {
        return false;
    };
    let Ok(input) = element.clone().dyn_into::<web_sys::HtmlElement>() else {
        return false;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = input.focus_with_options(&options);
    let label = element
        .closest("fieldset")
        .ok()
        .flatten()
        .and_then(|f| f.query_selector("legend").ok().flatten())
        .or_else(|| {
            document
                .query_selector(&format!("label[for='{id}']"))
                .ok()
                .flatten()
        })
        .unwrap_or(element);
    label.scroll_into_view();
    true
}

/// Runs `f` after the browser has painted the current changes.
pub fn after_render(f: impl FnOnce() + 'static) {
    let closure = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(window) = window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), 0);
    }
}

/// Focuses the element with `id` once it is rendered.
pub fn focus_later(id: &'static str) {
    after_render(move || {
        focus_id(id);
    });
}

/// Adds the classes GOV.UK's inline body script adds (no inline script: the CSP forbids it).
pub fn mark_body_supported() {
    if let Some(body) = document().and_then(|d| d.body()) {
        let _ = body.class_list().add(&Array::of2(
            &"js-enabled".into(),
            &"govuk-frontend-supported".into(),
        ));
    }
}

fn storage(session: bool) -> Option<web_sys::Storage> {
    let window = window()?;
    if session {
        window.session_storage().ok()?
    } else {
        window.local_storage().ok()?
    }
}

/// Reads `key` from `sessionStorage` (`session`) or `localStorage`.
pub fn storage_get(session: bool, key: &str) -> Option<String> {
    storage(session)?.get_item(key).ok()?
}

/// Writes `key`.
pub fn storage_set(session: bool, key: &str, value: &str) {
    if let Some(storage) = storage(session) {
        let _ = storage.set_item(key, value);
    }
}

/// Removes `key`.
pub fn storage_remove(session: bool, key: &str) {
    if let Some(storage) = storage(session) {
        let _ = storage.remove_item(key);
    }
}

/// Reads a JSON value kept in storage.
pub fn load<T: serde::de::DeserializeOwned>(session: bool, key: &str) -> Option<T> {
    serde_json::from_str(&storage_get(session, key)?).ok()
}

/// Keeps a value in storage as JSON.
pub fn save<T: serde::Serialize>(session: bool, key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        storage_set(session, key, &text);
    }
}

/// Now, in milliseconds since 1970 (UTC): `Date.now()`.
pub fn epoch_ms() -> f64 {
    js_sys::Date::now()
}

/// `performance.now()`, in milliseconds.
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Records a User Timing measure `name` from `start` (a [`now_ms`] value) to now, so tests
/// and developers can read it with `performance.getEntriesByName(name)`.
pub fn measure(name: &str, start: f64) {
    let Some(performance) = window().and_then(|w| w.performance()) else {
        return;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"start".into(), &JsValue::from_f64(start));
    let _ = Reflect::set(
        &options,
        &"end".into(),
        &JsValue::from_f64(performance.now()),
    );
    let measure = Reflect::get(&performance, &"measure".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(measure) = measure {
        let _ = measure.call2(&performance, &name.into(), &options);
    }
}

/// Records a User Timing mark `name` (e.g. when a form first accepts input).
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The page's own origin (`http://127.0.0.1:8080`).
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Scrolls to the top of the page.
pub fn scroll_top() {
    if let Some(window) = window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Saves `text` as the file `name` of type `mime` (a Blob behind a link with `download`,
/// clicked, then let go). `false` when the browser would not.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let run = || -> Option<()> {
        let parts = Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        // Let go once the browser has read it.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Some(())
    };
    run().is_some()
}
