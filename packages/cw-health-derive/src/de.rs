//! The `Deserialize` that `#[cw_serde_strict]`, `#[cw_serde_map]` and `#[derive(MapDeserialize)]`
//! generate instead of serde's derive.
//!
//! serde's derive writes, for every struct and struct variant, a visitor that also accepts the
//! struct written as a JSON array and a field-identifier type with its own visitor, and serde_json
//! then instantiates its map and sequence readers once per visitor: in the contracts' Wasm that was
//! the largest part of every artifact (issue 20). Here every generated `Deserialize` reads the
//! document into a `cw_health_types::__de::Json` tree (the one place serde_json is instantiated for
//! our types) and builds the value from the tree with `FromJson::from_json`, a plain function with
//! no generic parameter: a struct is a match on the field's index inside one shared loop over the
//! object's entries (`__de::fields`: name lookup, unknown and duplicate fields), a field's value is
//! read by one function per field *type* (`__de::field`), a missing field is one shared error
//! (`__de::missing`). It accepts exactly what serde's derive with `deny_unknown_fields` accepts from
//! JSON objects, with the same error texts (`unknown field`, `missing field`, `duplicate field`,
//! `unknown variant`, `invalid type: ..., expected struct X`), and nothing for arrays; an error
//! found while building carries no line and column, and a syntax error anywhere in the document is
//! reported first. A struct variant is read as a newtype variant whose value is a map (so a struct
//! variant written as a bare string is refused with serde_json's "expected newtype variant"); a
//! tuple struct (a stored record) is read from an array of exactly its elements.
//!
//! Supported (everything the cw-health input types use): structs with named fields, newtype
//! and tuple structs, enums with unit, newtype and struct variants; `#[serde(default)]`,
//! `#[serde(default = "path")]` and `#[serde(rename = "...")]` on fields and variants,
//! `#[serde(with = "module")]` and `deserialize_with = "function"` on fields; variants
//! renamed snake_case (cw_serde's `rename_all` on enums); a missing `Option` field is `None`.
//! Anything else is refused at compile time rather than deserialized differently from serde.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{Attribute, Data, DeriveInput, Error, ExprPath, Fields, Type};

use crate::attrs::{variant_name, Missing, SerdeAttrs};

struct Field {
    ident: syn::Ident,
    name: String,
    ty: Type,
    missing: Missing,
    /// `#[serde(with = "module")]` / `deserialize_with = "function"`: the function that reads it.
    with: Option<ExprPath>,
}

/// What the attribute errors name.
const WHAT: &str = "#[cw_serde_strict]'s Deserialize";

/// The generated reader does not read serde's `alias`: refused rather than ignored.
fn refuse_alias(attrs: &[Attribute], parsed: &SerdeAttrs) -> syn::Result<()> {
    match attrs.iter().find(|_| parsed.alias) {
        Some(attr) => Err(Error::new_spanned(
            attr,
            "#[cw_serde_strict] does not support #[serde(alias)] (its Deserialize is generated \
             by cw-health-derive)",
        )),
        None => Ok(()),
    }
}

/// True for `Option<...>` (as serde's derive, a missing `Option` field is `None`).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Option" && !s.arguments.is_empty()),
        _ => false,
    }
}

fn named_fields(fields: &syn::FieldsNamed) -> syn::Result<Vec<Field>> {
    crate::attrs::named_fields(fields, WHAT)?
        .into_iter()
        .map(|f| {
            refuse_alias(&f.field.attrs, &f.attrs)?;
            let SerdeAttrs {
                default,
                de_with: with,
                ..
            } = f.attrs;
            // As serde's derive: a missing `Option` is `None` unless its reader is a function.
            let missing = match default {
                Some(d) => d,
                None if is_option(&f.field.ty) && with.is_none() => Missing::Default,
                None => Missing::Required,
            };
            Ok(Field {
                name: f.name,
                ident: f.ident,
                ty: f.field.ty.clone(),
                missing,
                with,
            })
        })
        .collect()
}

/// A struct `__Slots` of mutable references to the slots `slots` (of types `types`) whose
/// `__rt::Slots::set` reads field `i`'s value into slot `i`, and the expression building it:
/// the generated struct reader's callback from the shared loop (a trait object of a plain
/// struct: a closure's vtable would also carry a `call_once` shim per struct).
fn slots_struct(types: &[TokenStream], slots: &[syn::Ident]) -> (TokenStream, TokenStream) {
    let idx: Vec<syn::Index> = (1..=types.len()).map(syn::Index::from).collect();
    let arms = idx.iter().enumerate().map(|(i, x)| {
        quote! { #i => __rt::field(&mut *self.#x, __v), }
    });
    let def = quote! {
        struct __Slots<'__s>(
            ::core::marker::PhantomData<&'__s ()>,
            #(&'__s mut ::core::option::Option<#types>,)*
        );
        impl __rt::Slots for __Slots<'_> {
            fn set(
                &mut self,
                __i: usize,
                __v: __rt::Json,
            ) -> ::core::result::Result<(), __rt::Error> {
                match __i {
                    #(#arms)*
                    _ => ::core::result::Result::Ok(()),
                }
            }
        }
    };
    let build = quote! { &mut __Slots(::core::marker::PhantomData, #(&mut #slots,)*) };
    (def, build)
}

/// The body of a function building `ctor { fields }` from the entries `__entries` of a JSON
/// object (`Vec<(String, Json)>`), answering `Result<_, __rt::Error>`.
fn map_body(strict: bool, expecting: &str, ctor: &TokenStream, fields: &[Field]) -> TokenStream {
    if fields.len() > 128 {
        return Error::new(Span::call_site(), "at most 128 fields").to_compile_error();
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let slots: Vec<syn::Ident> = (0..fields.len())
        .map(|i| format_ident!("__field{}", i))
        .collect();
    // A field read by a function is held in a local newtype whose FromJson calls it with the
    // tree node as its deserializer.
    let wrappers: Vec<Option<syn::Ident>> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.with.as_ref().map(|_| format_ident!("__With{}", i)))
        .collect();
    let wrapper_defs = fields.iter().zip(&wrappers).filter_map(|(f, w)| {
        let (w, path, ty) = (w.as_ref()?, f.with.as_ref()?, &f.ty);
        Some(quote! {
            struct #w(#ty);
            impl __rt::FromJson for #w {
                fn from_json(__j: __rt::Json) -> ::core::result::Result<Self, __rt::Error> {
                    #path(__j).map(#w)
                }
            }
        })
    });
    let decls = fields.iter().zip(&slots).zip(&wrappers).map(|((f, s), w)| {
        let ty = &f.ty;
        match w {
            Some(w) => {
                quote! { let mut #s: ::core::option::Option<#w> = ::core::option::Option::None; }
            }
            None => {
                quote! { let mut #s: ::core::option::Option<#ty> = ::core::option::Option::None; }
            }
        }
    });
    let types: Vec<TokenStream> = fields
        .iter()
        .zip(&wrappers)
        .map(|(f, w)| match w {
            Some(w) => quote! { #w },
            None => {
                let ty = &f.ty;
                quote! { #ty }
            }
        })
        .collect();
    let (slots_def, slots_new) = slots_struct(&types, &slots);
    // Required fields are moved out of their slots in one match, so that a missing one is a
    // single exit (every `?` exit drops the slots filled so far: one drop ladder each).
    // A required field's value is `__value{i}` (its index), bound by the match below.
    let value_of = |i: usize| format_ident!("__value{}", i);
    let required: Vec<usize> = (0..fields.len())
        .filter(|i| matches!(fields.get(*i).map(|f| &f.missing), Some(Missing::Required)))
        .collect();
    let req_slots: Vec<&syn::Ident> = required.iter().filter_map(|i| slots.get(*i)).collect();
    let req_names: Vec<&str> = required
        .iter()
        .filter_map(|i| fields.get(*i).map(|f| f.name.as_str()))
        .collect();
    let req_vals: Vec<syn::Ident> = required.iter().map(|i| value_of(*i)).collect();
    let opt_slots: Vec<&syn::Ident> = (0..fields.len())
        .filter(|i| !required.contains(i))
        .filter_map(|i| slots.get(i))
        .collect();
    let inits = fields.iter().zip(&slots).enumerate().map(|(i, (f, s))| {
        let ident = &f.ident;
        // A field read by a function sits in its local newtype.
        let (inner, unwrap) = match f.with {
            Some(_) => (quote! { .0 }, quote! { .map(|__w| __w.0) }),
            None => (quote! {}, quote! {}),
        };
        match &f.missing {
            Missing::Required => {
                let v = value_of(i);
                quote! { #ident: #v #inner }
            }
            Missing::Default => quote! { #ident: #s #unwrap.unwrap_or_default() },
            Missing::With(path) => quote! { #ident: #s #unwrap.unwrap_or_else(#path) },
        }
    });
    let build = quote! {
        match (#(#req_slots,)*) {
            (#(::core::option::Option::Some(#req_vals),)*) => {
                ::core::result::Result::Ok(#ctor { #(#inits),* })
            }
            #[allow(unreachable_patterns)]
            (#(#req_vals,)*) => {
                let __e = __rt::missing(&[#(#req_vals.is_none()),*], &[#(#req_names),*]);
                __rt::forget((#(#req_vals,)* #(#opt_slots,)*));
                ::core::result::Result::Err(__e)
            }
        }
    };
    quote! {
        const FIELDS: &[&str] = &[#(#names),*];
        #(#wrapper_defs)*
        #(#decls)*
        // The slots are borrowed here, so every error of the loop leaves by one exit, which
        // forgets the values read so far (dropping them would be one drop per field type; in a
        // contract the memory goes with the call).
        #slots_def
        let __read = __rt::fields(__j, #expecting, FIELDS, #strict, #slots_new);
        if let ::core::result::Result::Err(__e) = __read {
            __rt::forget((#(#slots,)*));
            return ::core::result::Result::Err(__e);
        }
        #build
    }
}

/// The `impl Deserialize` and `impl FromJson` of `input`.
/// `strict` refuses unknown fields; `snake` renames variants snake_case (cw_serde's enums).
pub fn deserialize_impl(
    input: &DeriveInput,
    strict: bool,
    snake: bool,
) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "#[cw_serde_strict] does not support generic types",
        ));
    }
    let ty = &input.ident;
    let ty_name = ty.unraw().to_string();
    let body = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                let fields = named_fields(named)?;
                let expecting = format!("struct {ty_name}");
                map_body(strict, &expecting, &quote! { #ty }, &fields)
            }
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                // A newtype struct is its inner value in JSON.
                let inner = u.unnamed.first().map(|f| &f.ty);
                quote! { <#inner as __rt::FromJson>::from_json(__j).map(#ty) }
            }
            Fields::Unnamed(u) => {
                // A tuple struct is a JSON array of exactly its elements (stored records).
                let n = u.unnamed.len();
                let expecting = format!("tuple struct {ty_name}");
                let expecting_len = format!("tuple struct {ty_name} with {n} elements");
                let slots: Vec<syn::Ident> =
                    (0..n).map(|i| format_ident!("__field{}", i)).collect();
                let vals: Vec<syn::Ident> = (0..n).map(|i| format_ident!("__value{}", i)).collect();
                let decls = u.unnamed.iter().zip(&slots).map(|(f, s)| {
                    let t = &f.ty;
                    quote! { let mut #s: ::core::option::Option<#t> = ::core::option::Option::None; }
                });
                let types: Vec<TokenStream> = u
                    .unnamed
                    .iter()
                    .map(|f| {
                        let t = &f.ty;
                        quote! { #t }
                    })
                    .collect();
                let (slots_def, slots_new) = slots_struct(&types, &slots);
                quote! {
                    #(#decls)*
                    #slots_def
                    let __read =
                        __rt::elements(__j, #n, (#expecting, #expecting_len), #slots_new);
                    if let ::core::result::Result::Err(__e) = __read {
                        __rt::forget((#(#slots,)*));
                        return ::core::result::Result::Err(__e);
                    }
                    match (#(#slots,)*) {
                        (#(::core::option::Option::Some(#vals),)*) => {
                            ::core::result::Result::Ok(#ty(#(#vals),*))
                        }
                        #[allow(unreachable_patterns)]
                        (#(#vals,)*) => {
                            __rt::forget((#(#vals,)*));
                            ::core::result::Result::Err(__rt::unknown(&[]))
                        }
                    }
                }
            }
            Fields::Unit => {
                return Err(Error::new_spanned(
                    input,
                    "#[cw_serde_strict] supports structs with named fields and tuple structs",
                ))
            }
        },
        Data::Enum(e) => {
            let mut names = Vec::new();
            let mut arms = Vec::new();
            let mut readers = Vec::new();
            for (i, v) in e.variants.iter().enumerate() {
                let attrs = crate::attrs::serde_attrs(&v.attrs, WHAT)?;
                refuse_alias(&v.attrs, &attrs)?;
                if attrs.default.is_some() || attrs.de_with.is_some() {
                    return Err(Error::new_spanned(v, "#[serde(default/with)] on a variant"));
                }
                let name = variant_name(v, &attrs, snake);
                let vid = &v.ident;
                let arm = match &v.fields {
                    Fields::Unit => quote! {
                        #i => {
                            __rt::unit_variant(__value)?;
                            ::core::result::Result::Ok(#ty::#vid)
                        }
                    },
                    Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                        let inner = u.unnamed.first().map(|f| &f.ty);
                        quote! {
                            #i => <#inner as __rt::FromJson>::from_json(
                                __rt::variant_value(__value)?,
                            ).map(#ty::#vid),
                        }
                    }
                    Fields::Named(named) => {
                        // Each struct variant is read by its own function, kept out of line so
                        // that the dispatching function stays small (the VM's limit on locals).
                        let read = format_ident!("__read{}", i);
                        let expecting = format!("struct variant {ty_name}::{}", v.ident.unraw());
                        let body = map_body(
                            strict,
                            &expecting,
                            &quote! { #ty::#vid },
                            &named_fields(named)?,
                        );
                        readers.push(quote! {
                            #[inline(never)]
                            fn #read(__j: __rt::Json) -> ::core::result::Result<#ty, __rt::Error> {
                                #body
                            }
                        });
                        quote! { #i => #read(__rt::variant_value(__value)?), }
                    }
                    Fields::Unnamed(_) => {
                        return Err(Error::new_spanned(
                            v,
                            "#[cw_serde_strict] does not support tuple variants",
                        ))
                    }
                };
                names.push(name);
                arms.push(arm);
            }
            let expecting = format!("enum {ty_name}");
            if e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
                // Unit variants only: the variant's name as a JSON string (serde_json's enum
                // reader would also take `{"name": null}`, which no client sends).
                let units = e.variants.iter().enumerate().map(|(i, v)| {
                    let vid = &v.ident;
                    quote! { #i => ::core::result::Result::Ok(#ty::#vid), }
                });
                quote! {
                    const VARIANTS: &[&str] = &[#(#names),*];
                    match __rt::unit_enum(__j, VARIANTS, #expecting)? {
                        #(#units)*
                        _ => ::core::result::Result::Err(__rt::unknown(VARIANTS)),
                    }
                }
            } else {
                quote! {
                    const VARIANTS: &[&str] = &[#(#names),*];
                    #(#readers)*
                    let (__i, __value, __more) = __rt::tagged(__j, VARIANTS)?;
                    __rt::one_entry(
                        match __i {
                            #(#arms)*
                            _ => ::core::result::Result::Err(__rt::unknown(VARIANTS)),
                        },
                        __more,
                    )
                }
            }
        }
        Data::Union(_) => return Err(Error::new(Span::call_site(), "unions are not supported")),
    };
    Ok(quote! {
        #[automatically_derived]
        impl ::cw_health_types::__de::FromJson for #ty {
            fn from_json(
                __j: ::cw_health_types::__de::Json,
            ) -> ::core::result::Result<Self, ::cw_health_types::__de::Error> {
                use ::cw_health_types::__de as __rt;
                #body
            }
        }
        #[automatically_derived]
        impl<'de> ::cosmwasm_schema::serde::Deserialize<'de> for #ty {
            fn deserialize<__D>(__d: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::cosmwasm_schema::serde::Deserializer<'de>,
            {
                let __j = ::cw_health_types::__de::tree(__d)?;
                <Self as ::cw_health_types::__de::FromJson>::from_json(__j)
                    .map_err(::cw_health_types::__de::convert)
            }
        }
    })
}

/// Refuses container-level serde attributes other than the ones `cw_serde_strict` adds.
pub fn check_container_attrs(attrs: &[Attribute]) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            Err(meta.error("#[cw_serde_strict] takes no container-level #[serde(...)] attributes"))
        })?;
    }
    Ok(())
}

/// The container attributes `#[derive(MapDeserialize)]` understands, as serde's derive reads
/// them: `deny_unknown_fields` (strict), `rename_all = "snake_case"` (variants) and `crate`
/// (for the Serialize derive beside it). Answers (strict, snake).
pub fn derive_container_attrs(attrs: &[Attribute]) -> syn::Result<(bool, bool)> {
    let mut strict = false;
    let mut snake = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deny_unknown_fields") {
                strict = true;
            } else if meta.path.is_ident("crate") {
                let _: syn::LitStr = meta.value()?.parse()?;
            } else if meta.path.is_ident("rename_all") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                if lit.value() != "snake_case" {
                    return Err(meta.error(
                        "#[derive(MapDeserialize)] supports rename_all = \"snake_case\" only",
                    ));
                }
                snake = true;
            } else {
                return Err(meta
                    .error("#[derive(MapDeserialize)] does not support this container attribute"));
            }
            Ok(())
        })?;
    }
    Ok((strict, snake))
}
