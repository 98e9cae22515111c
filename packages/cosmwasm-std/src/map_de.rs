//! cw-health patch (issue 20, see PATCH.md): a map-only `Deserialize` for the types every
//! contract reads on every call (`Env`, `BlockInfo`, `TransactionInfo`, `ContractInfo`,
//! `MessageInfo`, `Coin`), in place of serde's derive. serde's derive writes, per type, a
//! `deserialize_struct` that also accepts the struct written as a JSON array, and a field
//! identifier with its own visitor; the VM only ever sends JSON objects. This reads an object
//! as serde's derive (without `deny_unknown_fields`) reads it: unknown fields are skipped, a
//! field given twice is `duplicate field`, a missing one is `missing field` unless it has a
//! default (a missing `Option` is `None`), anything but an object is `invalid type: ...,
//! expected struct X`.

/// `map_only_deserialize!(Type { field: FieldType, other: OtherType = default_expr })`: a
/// field with `= expr` takes that value when missing; every other field is required.
macro_rules! map_only_deserialize {
    ($ty:ident { $($field:ident : $fty:ty $(= $default:expr)?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct MapVisitor;
                impl<'de> ::serde::de::Visitor<'de> for MapVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        $(let mut $field: Option<$fty> = None;)*
                        while let Some(key) = map.next_key::<alloc::string::String>()? {
                            match key.as_str() {
                                $(stringify!($field) => {
                                    if $field.is_some() {
                                        return Err(::serde::de::Error::duplicate_field(
                                            stringify!($field),
                                        ));
                                    }
                                    $field = Some(map.next_value()?);
                                })*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($ty {
                            $($field: map_only_deserialize!(@field $field $(, $default)?),)*
                        })
                    }
                }
                deserializer.deserialize_map(MapVisitor)
            }
        }
    };
    (@field $field:ident, $default:expr) => {
        match $field {
            Some(v) => v,
            None => $default,
        }
    };
    (@field $field:ident) => {
        match $field {
            Some(v) => v,
            None => return Err(::serde::de::Error::missing_field(stringify!($field))),
        }
    };
}

pub(crate) use map_only_deserialize;
