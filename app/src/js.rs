//! Calling browser APIs by name, through `Reflect`, for the lazily loaded screens.
//!
//! Every web API a wasm chunk calls through `web-sys` becomes an import of the *main*
//! module, with its glue in the main script, so a resident's first visit pays for the
//! kiosk's speech and WebCrypto. Calls made through these few functions share the imports
//! the main module already has (`Reflect.get`, `Reflect.apply`, …).

use wasm_bindgen::{JsCast, JsValue};

/// `target[name]`.
pub fn get(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(target, &name.into())
}

/// `target[name] = value`.
pub fn set(target: &JsValue, name: &str, value: &JsValue) -> Result<(), JsValue> {
    js_sys::Reflect::set(target, &name.into(), value).map(|_| ())
}

/// `target[name](...args)`.
pub fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let method: js_sys::Function = get(target, name)?.dyn_into()?;
    js_sys::Reflect::apply(&method, target, &args.iter().collect())
}

/// `new globalThis[class](...args)`.
pub fn construct(class: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let class: js_sys::Function = get(&js_sys::global(), class)?.dyn_into()?;
    js_sys::Reflect::construct(&class, &args.iter().collect())
}

/// A plain object with `fields`.
pub fn object(fields: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let object: JsValue = js_sys::Object::new().into();
    for (name, value) in fields {
        set(&object, name, value)?;
    }
    Ok(object)
}

/// Awaits `promise`.
pub async fn resolve(promise: JsValue) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
}
