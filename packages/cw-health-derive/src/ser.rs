//! The `ToJson` that `#[cw_serde_strict]`, `#[cw_serde_map]` and `#[derive(ToJson)]` generate
//! beside serde's `Serialize`: the same JSON bytes as serde_json writes through `Serialize`,
//! written by plain functions (issue 20: serde's `Serialize` is instantiated for serde_json's
//! writer per struct and per field type; the contracts write what they store and answer through
//! `ToJson`, `cw_health_types::__ser`).
//!
//! Supported as serde's derive reads them: structs with named fields, newtype and tuple structs,
//! enums with unit, newtype and struct variants (externally tagged), `#[serde(rename)]`,
//! `skip_serializing_if`, `with` and `serialize_with` on fields (a field written by a function
//! goes through serde), variants renamed snake_case.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Error, Fields};

use crate::attrs::{named_fields, serde_attrs, variant_name, NamedField, SerdeAttrs};

/// A JSON object key as serde_json writes it: the name in quotes (names are identifiers, which
/// need no escaping; anything else is refused at compile time).
fn key_literal(name: &str, span: Span) -> syn::Result<String> {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        Ok(format!("\"{name}\":"))
    } else {
        Err(Error::new(span, "ToJson: a field name needs escaping"))
    }
}

/// The statements writing the named fields `fields` of `access` (`self.x` or a bound `x`) into
/// the object writer `__o`.
fn object_fields(fields: &syn::FieldsNamed, bound: bool) -> syn::Result<Vec<TokenStream>> {
    named_fields(fields, "ToJson")?
        .into_iter()
        .map(|f| {
            let NamedField {
                field,
                ident,
                name,
                attrs:
                    SerdeAttrs {
                        skip_if,
                        ser_with: with,
                        ..
                    },
            } = f;
            let key = key_literal(&name, ident.span())?;
            let value = if bound {
                quote! { #ident }
            } else {
                quote! { &self.#ident }
            };
            let ty = &field.ty;
            let write = match with {
                Some(path) => {
                    let w = format_ident!("__With_{}", ident.unraw());
                    quote! {
                        {
                            struct #w<'__a>(&'__a #ty);
                            impl ::cosmwasm_schema::serde::Serialize for #w<'_> {
                                fn serialize<__S: ::cosmwasm_schema::serde::Serializer>(
                                    &self,
                                    __s: __S,
                                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                                    #path(self.0, __s)
                                }
                            }
                            __ser::by_serde(&#w(#value), __o.key(#key));
                        }
                    }
                }
                None => quote! { __ser::ToJson::write_json(#value, __o.key(#key)); },
            };
            Ok(match skip_if {
                Some(pred) => quote! { if !#pred(#value) { #write } },
                None => write,
            })
        })
        .collect()
}

/// The `impl ToJson` of `input` (`snake`: variants renamed snake_case).
pub fn to_json_impl(input: &DeriveInput, snake: bool) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "ToJson does not support generic types",
        ));
    }
    let ty = &input.ident;
    let body = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                let writes = object_fields(named, false)?;
                quote! {
                    let mut __o = __ser::Items::object(__out);
                    #(#writes)*
                    __o.end();
                }
            }
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                quote! { __ser::ToJson::write_json(&self.0, __out); }
            }
            Fields::Unnamed(u) => {
                let writes = (0..u.unnamed.len()).map(|i| {
                    let i = syn::Index::from(i);
                    quote! { __ser::ToJson::write_json(&self.#i, __a.item()); }
                });
                quote! {
                    let mut __a = __ser::Items::array(__out);
                    #(#writes)*
                    __a.end();
                }
            }
            Fields::Unit => {
                return Err(Error::new_spanned(input, "ToJson: unit structs"));
            }
        },
        Data::Enum(e) => {
            let mut arms = Vec::new();
            for v in &e.variants {
                let vid = &v.ident;
                let name = variant_name(v, &serde_attrs(&v.attrs, "ToJson")?, snake);
                let key = key_literal(&name, vid.span())?;
                let quoted = format!("\"{name}\"");
                arms.push(match &v.fields {
                    Fields::Unit => quote! {
                        #ty::#vid => __ser::raw(__out, #quoted),
                    },
                    Fields::Unnamed(u) if u.unnamed.len() == 1 => quote! {
                        #ty::#vid(__v) => {
                            let mut __o = __ser::Items::object(__out);
                            __ser::ToJson::write_json(__v, __o.key(#key));
                            __o.end();
                        }
                    },
                    Fields::Named(named) => {
                        let idents: Vec<&syn::Ident> = named
                            .named
                            .iter()
                            .filter_map(|f| f.ident.as_ref())
                            .collect();
                        let writes = object_fields(named, true)?;
                        quote! {
                            #ty::#vid { #(#idents),* } => {
                                let mut __outer = __ser::Items::object(__out);
                                let mut __o = __ser::Items::object(__outer.key(#key));
                                #(#writes)*
                                __o.end();
                                __outer.end();
                            }
                        }
                    }
                    Fields::Unnamed(_) => {
                        return Err(Error::new_spanned(v, "ToJson: tuple variants"));
                    }
                });
            }
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
        Data::Union(_) => return Err(Error::new(Span::call_site(), "unions are not supported")),
    };
    Ok(quote! {
        #[automatically_derived]
        impl ::cw_health_types::__ser::ToJson for #ty {
            fn write_json(&self, __out: &mut ::std::vec::Vec<u8>) {
                use ::cw_health_types::__ser;
                #body
            }
        }
    })
}
