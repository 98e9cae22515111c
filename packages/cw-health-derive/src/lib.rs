//! # cw-health-derive
//!
//! `#[cw_serde_strict]`: the strict variant of cosmwasm-schema's `#[cw_serde]` that every
//! cw-health input type (instantiate, execute, query and migrate messages and everything nested
//! in them) uses. Re-exported as `cw_health_types::cw_serde_strict`.
//!
//! cosmwasm-schema 3's `#[cw_serde]` no longer adds `#[serde(deny_unknown_fields)]`, so an
//! unknown or misspelled field (`"lott"` for `"lot"`) would be silently ignored while the JSON
//! schema claims `"additionalProperties": false`. This attribute expands to
//!
//! ```text
//! #[::cosmwasm_schema::cw_serde]
//! #[serde(deny_unknown_fields)]
//! #[schemaifier(mute_warnings)] // cw-schema-derive does not know deny_unknown_fields
//! ```
//!
//! so the contract refuses such a message with serde's `unknown field `lott`, expected one of
//! ...` error, and the schema says exactly what is accepted. On an enum it applies to the fields
//! of every struct variant.
//!
//! ```
//! use cw_health_derive::cw_serde_strict;
//!
//! #[cw_serde_strict]
//! pub struct UnitRef {
//!     pub gtin: String,
//!     pub lot: Option<String>,
//! }
//!
//! let err = cosmwasm_std::from_json::<UnitRef>(br#"{"gtin":"1","lott":"L1"}"#).unwrap_err();
//! assert!(err.to_string().contains("unknown field `lott`"));
//! ```
//!
//! `deny_unknown_fields` is silently ineffective with `#[serde(flatten)]`, untagged and
//! internally or adjacently tagged enums; the attribute refuses to compile such an item rather
//! than promise a strictness it cannot give:
//!
//! ```compile_fail
//! use cw_health_derive::cw_serde_strict;
//!
//! #[cw_serde_strict]
//! #[serde(untagged)]
//! pub enum Either {
//!     A { a: u32 },
//!     B { b: u32 },
//! }
//! ```
//!
//! Each generates its own `Deserialize` (the document read once into a tree, the value built
//! from it by plain functions: `de.rs`) and, beside serde's `Serialize`, a `ToJson` that writes
//! the same bytes with plain functions (`ser.rs`), for the contracts' smaller Wasm (issue 20).
//!
//! Response types stay on plain `#[cw_serde]` (lenient) on purpose: other contracts and clients
//! deserialize them from query answers, and a newer contract adding a response field must not
//! break an older reader.

mod attrs;
mod de;
mod ser;

use proc_macro::{TokenStream, TokenTree};

/// `#[cw_serde]` plus `#[serde(deny_unknown_fields)]`: for every message, request and nested
/// input type. See the crate documentation.
#[proc_macro_attribute]
pub fn cw_serde_strict(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return compile_error("#[cw_serde_strict] takes no arguments");
    }
    if let Some(bad) = find_incompatible(item.clone()) {
        return compile_error(&format!(
            "#[cw_serde_strict]: serde's deny_unknown_fields has no effect with `{bad}`; \
             restructure the type instead"
        ));
    }
    expand(item, true)
}

/// `#[cw_serde]` with the map-only Deserialize of `cw_serde_strict` that, like serde's derive
/// without `deny_unknown_fields`, skips unknown fields: for stored records and query responses
/// (a newer contract adding a response field must not break an older reader), which are always
/// JSON objects. Saves serde's array-accepting visitor per struct (issue 20).
#[proc_macro_attribute]
pub fn cw_serde_map(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return compile_error("#[cw_serde_map] takes no arguments");
    }
    expand(item, false)
}

/// The map-only `Deserialize` of `#[cw_serde_strict]` as a derive, for types that are not
/// cw_serde types (stored records with their own `Serialize`): beside `#[derive(Serialize)]`,
/// in place of serde's `Deserialize`. Reads serde's container attributes `deny_unknown_fields`,
/// `rename_all = "snake_case"` and `crate`, and the field attributes `rename`, `default`, `with`,
/// `deserialize_with` and
/// `skip_serializing_if`; refuses anything else at compile time (issue 20: serde's derive
/// writes an array-accepting visitor and a field matcher per type). A tuple struct is read from
/// a JSON array of exactly its elements (claims-engine's stored claim).
#[proc_macro_derive(MapDeserialize, attributes(serde))]
pub fn map_deserialize(item: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse(item) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error().into(),
    };
    match de::derive_container_attrs(&input.attrs).and_then(|(strict, snake)| {
        if snake && !matches!(input.data, syn::Data::Enum(_)) {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "#[derive(MapDeserialize)]: rename_all is supported on enums only",
            ));
        }
        de::deserialize_impl(&input, strict, snake)
    }) {
        Ok(de) => de.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `ToJson` (`cw_health_types::__ser`): the JSON serde_json writes through the type's
/// `Serialize`, written by plain functions; beside `#[derive(Serialize)]` on stored records.
/// Reads serde's container attribute `rename_all = "snake_case"` and the field attributes
/// `rename`, `skip_serializing_if`, `with` and `serialize_with` (issue 20).
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn to_json(item: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse(item) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error().into(),
    };
    match de::derive_container_attrs(&input.attrs)
        .and_then(|(_, snake)| ser::to_json_impl(&input, snake))
    {
        Ok(ser) => ser.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// cw_serde's derives and attributes (cosmwasm-schema 3.0) with our Deserialize.
fn expand(item: TokenStream, strict: bool) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse(item.clone()) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error().into(),
    };
    let de = match de::check_container_attrs(&input.attrs)
        .and_then(|()| de::deserialize_impl(&input, strict, true))
    {
        Ok(de) => de,
        Err(e) => return e.to_compile_error().into(),
    };
    let ser = match ser::to_json_impl(&input, true) {
        Ok(ser) => ser,
        Err(e) => return e.to_compile_error().into(),
    };
    let rename_all = match input.data {
        syn::Data::Enum(_) => quote::quote! { #[serde(rename_all = "snake_case")] },
        _ => quote::quote! {},
    };
    let strictness = if strict {
        // cw-schema-derive does not know deny_unknown_fields.
        quote::quote! { #[serde(deny_unknown_fields)] #[schemaifier(mute_warnings)] }
    } else {
        quote::quote! {}
    };
    let item = proc_macro2::TokenStream::from(item);
    quote::quote! {
        #[derive(
            ::cosmwasm_schema::serde::Serialize,
            ::std::clone::Clone,
            ::std::fmt::Debug,
            ::std::cmp::PartialEq,
            ::cosmwasm_schema::schemars::JsonSchema,
            ::cosmwasm_schema::cw_schema::Schemaifier,
        )]
        #[allow(clippy::derive_partial_eq_without_eq)]
        #[serde(crate = "::cosmwasm_schema::serde")]
        #[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
        #[schemars(crate = "::cosmwasm_schema::schemars")]
        #rename_all
        #strictness
        #item
        #de
        #ser
    }
    .into()
}

/// The first serde attribute in `item` (at any depth) that defeats `deny_unknown_fields`.
fn find_incompatible(item: TokenStream) -> Option<&'static str> {
    let mut prev_ident: Option<String> = None;
    for tt in item {
        match tt {
            TokenTree::Group(g) => {
                if prev_ident.as_deref() == Some("serde") {
                    // Keys only (`tag = "..."`, `untagged`), never string values.
                    for inner in g.stream() {
                        if let TokenTree::Ident(i) = inner {
                            let word = i.to_string();
                            if let Some(bad) = ["flatten", "untagged", "tag", "content"]
                                .into_iter()
                                .find(|b| *b == word)
                            {
                                return Some(bad);
                            }
                        }
                    }
                }
                if let Some(bad) = find_incompatible(g.stream()) {
                    return Some(bad);
                }
                prev_ident = None;
            }
            TokenTree::Ident(i) => prev_ident = Some(i.to_string()),
            _ => prev_ident = None,
        }
    }
    None
}

fn compile_error(msg: &str) -> TokenStream {
    format!("::core::compile_error!({msg:?});")
        .parse()
        .unwrap_or_default()
}
