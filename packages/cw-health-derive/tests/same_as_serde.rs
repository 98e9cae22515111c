//! `#[cw_serde_strict]`'s generated Deserialize accepts and refuses exactly what serde's derive
//! with `deny_unknown_fields` does for JSON objects, with the same error texts; only a struct
//! written as a JSON array (which no client sends) is refused where serde would accept it. The
//! error's position (line and column) may differ or be missing for an unknown field or variant.
#![allow(clippy::unwrap_used, clippy::panic)]

use cosmwasm_schema::cw_serde;
use cosmwasm_std::from_json;
use cw_health_derive::cw_serde_strict;

fn default_codes() -> Vec<String> {
    vec!["N".into()]
}

macro_rules! twins {
    ($($item:item)*) => {
        mod ours {
            use super::*;
            $(#[cw_serde_strict] $item)*
        }
        mod serdes {
            use super::*;
            $(#[cw_serde] #[serde(deny_unknown_fields)] #[schemaifier(mute_warnings)] $item)*
        }
    };
}

twins! {
    pub struct Unit {
        pub gtin: String,
        pub lot: Option<String>,
        #[serde(default)]
        pub count: u32,
        #[serde(default = "default_codes")]
        pub codes: Vec<String>,
        pub r#type: Option<Kind>,
        pub nested: Option<Box<Inner>>,
    }
    pub struct Inner {
        pub a: u64,
    }
    pub struct Empty {}
    pub struct Code(pub u16);
    pub enum Kind {
        Read,
        #[serde(rename = "W")]
        Write,
        HighVolume,
    }
    pub enum Msg {
        DoIt {
            unit: Unit,
            #[serde(default)]
            flag: bool,
        },
        Ping {},
        Wrapped(Inner),
        Boxed(Box<Unit>),
        Plain,
        Code(Code),
    }
}

const INPUTS: &[&str] = &[
    r#"{"gtin":"1"}"#,
    r#"{"gtin":"1","lot":null,"count":3,"codes":[],"type":"read","nested":{"a":1}}"#,
    r#"{"gtin":"1","type":"W"}"#,
    r#"{"gtin":"1","type":"write"}"#,
    r#"{"gtin":"1","type":"high_volume"}"#,
    r#"{"gtin":"1","type":"HighVolume"}"#,
    r#"{"gtin":"1","lott":"L1"}"#,
    r#"{"gtin":"1","gtin":"2"}"#,
    r#"{"lot":"L1"}"#,
    r#"{"gtin":1}"#,
    r#"{"gtin":"1","nested":{"a":1,"b":2}}"#,
    r#"{"gtin":"1","nested":{}}"#,
    r#"{"gtin":"1","count":-1}"#,
    r#"{"gtin":"1","count":4294967296}"#,
    r#""gtin""#,
    r#"null"#,
    r#"{}"#,
    r#"{"gtin":"1"} "#,
    r#"{"gtin":"1"}x"#,
    r#"{"gt\u0069n":"1"}"#,
    r#"{"do_it":{"unit":{"gtin":"1"}}}"#,
    r#"{"do_it":{"unit":{"gtin":"1"},"flag":true}}"#,
    r#"{"do_it":{"unit":{"gtin":"1"},"flagg":true}}"#,
    r#"{"do_it":{}}"#,
    r#"{"do_it":null}"#,
    r#"{"ping":{}}"#,
    r#"{"ping":{"x":1}}"#,
    r#""ping""#,
    r#"{"ping":null}"#,
    r#"{"wrapped":{"a":7}}"#,
    r#"{"wrapped":{"a":7,"z":1}}"#,
    r#"{"boxed":{"gtin":"9"}}"#,
    r#""plain""#,
    r#"{"plain":{}}"#,
    r#"{"plain":null}"#,
    r#"{"code":42}"#,
    r#"{"code":"42"}"#,
    r#"{"pong":{}}"#,
    r#"{"DoIt":{"unit":{"gtin":"1"}}}"#,
    r#"{"ping":{},"plain":{}}"#,
    r#"{}"#,
    r#"7"#,
    r#""read""#,
    r#""W""#,
    r#""high_volume""#,
    r#""write""#,
    r#"3"#,
    // Values of the wrong type or out of range, at every depth (read from the tree, then built).
    r#"{"gtin":"1","count":1.5}"#,
    r#"{"gtin":"1","count":1e3}"#,
    r#"{"gtin":"1","count":true}"#,
    r#"{"gtin":"1","count":"3"}"#,
    r#"{"gtin":"1","count":null}"#,
    r#"{"gtin":"1","count":18446744073709551616}"#,
    r#"{"gtin":"1","count":-9223372036854775809}"#,
    r#"{"gtin":"1","lot":5}"#,
    r#"{"gtin":"1","lot":["a"]}"#,
    r#"{"gtin":"1","codes":["a",1]}"#,
    r#"{"gtin":"1","codes":"a"}"#,
    r#"{"gtin":"1","codes":{}}"#,
    r#"{"gtin":"1","nested":null}"#,
    r#"{"gtin":"1","nested":{"a":-1}}"#,
    r#"{"gtin":"1","type":null}"#,
    r#"{"gtin":"\u00e9\n"}"#,
    r#"{"code":70000}"#,
    r#"{"code":-1}"#,
    r#"{"code":null}"#,
    r#"{"plain":1}"#,
    r#"{"wrapped":null}"#,
    r#"{"wrapped":"x"}"#,
    r#"{"boxed":{"gtin":"9","lott":1}}"#,
    r#"{"do_it":{"unit":{"gtin":1}},"x":2}"#,
    r#"{"bogus":1,"x":2}"#,
    r#"true"#,
];

/// Documents that are not JSON: refused with serde_json's syntax error, whatever the type.
const SYNTAX: &[&str] = &[
    r#"{"gtin":"1""#,
    r#"{"gtin":"1",}"#,
    r#"{"lott":1,"#,
    r#"{"do_it":{"unit":{"gtin":"1"}}"#,
    r#"{"gtin":tru}"#,
    r#""#,
];

/// A result as the two derives' outputs compare: the type paths `names` taken out of a value, an
/// error's text without its position.
fn comparable(
    r: Result<String, cosmwasm_std::StdError>,
    names: [&str; 2],
) -> Result<String, String> {
    r.map(|v| v.replace(names[0], "").replace(names[1], ""))
        .map_err(|e| {
            let e = e.to_string();
            e.split(" at line ").next().unwrap_or_default().to_string()
        })
}

fn same<A, B>(what: &str, unit_enum: bool)
where
    A: serde::de::DeserializeOwned
        + serde::Serialize
        + cw_health_types::__ser::ToJson
        + std::fmt::Debug,
    B: serde::de::DeserializeOwned + std::fmt::Debug,
{
    for input in INPUTS {
        if unit_enum && !input.starts_with('"') {
            // An enum of unit variants is a string only, and anything else is refused naming
            // the enum (serde_json says "expected value" for a number or null): see
            // `an_enum_of_unit_variants_is_read_from_a_string_only`.
            let err = from_json::<A>(input.as_bytes()).unwrap_err().to_string();
            assert!(
                err.contains(", expected enum"),
                "{what} from {input}: {err}"
            );
            continue;
        }
        let ours = from_json::<A>(input.as_bytes()).map(|v| {
            // What is read is written back as serde writes it (`ToJson`, byte for byte).
            assert_eq!(
                String::from_utf8(cw_health_types::__ser::to_vec(&v)).unwrap(),
                String::from_utf8(cosmwasm_std::to_json_vec(&v).unwrap()).unwrap(),
                "{what} from {input}"
            );
            format!("{v:?}")
        });
        let theirs = from_json::<B>(input.as_bytes()).map(|v| format!("{v:?}"));
        // The same text; the position may differ (serde's derive refuses an unknown name while
        // reading it, ours right after, where serde-json-wasm may not add the position).
        let strip = |r| comparable(r, ["ours::", "serdes::"]);
        // The one difference in text: a struct variant written as a bare string (`"ping"` for
        // `{"ping":{}}`) is read as a newtype variant whose value is a map (which is what refuses
        // the array form), so serde_json says "expected newtype variant"; see
        // `a_struct_variant_written_as_a_string_is_refused`.
        let ours = strip(ours).map_err(|e| {
            e.replace(
                "unit variant, expected newtype variant",
                "unit variant, expected struct variant",
            )
        });
        assert_eq!(ours, strip(theirs), "{what} from {input}");
    }
}

#[test]
fn an_enum_of_unit_variants_is_read_from_a_string_only() {
    assert!(matches!(
        from_json::<ours::Kind>(br#""W""#),
        Ok(ours::Kind::Write)
    ));
    // serde_json's enum reader also takes the one-key map form, which no client sends.
    assert!(from_json::<serdes::Kind>(br#"{"read":null}"#).is_ok());
    let err = from_json::<ours::Kind>(br#"{"read":null}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("invalid type: map, expected enum Kind"),
        "{err}"
    );
    let err = from_json::<ours::Kind>(br#"3"#).unwrap_err().to_string();
    assert!(
        err.contains("invalid type: integer `3`, expected enum Kind"),
        "{err}"
    );
}

#[test]
fn a_syntax_error_is_reported_first_with_its_position() {
    for input in SYNTAX {
        let syntax = from_json::<serde_json::Value>(input.as_bytes())
            .unwrap_err()
            .to_string();
        for err in [
            from_json::<ours::Unit>(input.as_bytes()).unwrap_err(),
            from_json::<ours::Msg>(input.as_bytes()).unwrap_err(),
            from_json::<ours::Kind>(input.as_bytes()).unwrap_err(),
        ] {
            assert_eq!(err.to_string(), syntax, "from {input}");
        }
    }
    // The whole document is read before any value is built, so a syntax error anywhere wins
    // over an unknown field before it (serde's derive, reading as it goes, names the field).
    let err = from_json::<ours::Unit>(br#"{"lott":1,"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("EOF while parsing a value at line 1 column 10"),
        "{err}"
    );
    let err = from_json::<serdes::Unit>(br#"{"lott":1,"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `lott`"), "{err}");
    // An error found while building carries no position: the field it names says where.
    let err = from_json::<ours::Msg>(br#"{"do_it":{"unit":{"gtin":"1","lott":1}}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("unknown field `lott`, expected one of `gtin`, `lot`, `count`, `codes`, `type`, `nested`"), "{err}");
}

#[test]
fn a_struct_variant_written_as_a_string_is_refused() {
    let err = from_json::<ours::Msg>(br#""ping""#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("invalid type: unit variant, expected newtype variant"),
        "{err}"
    );
}

#[test]
fn accepts_and_refuses_what_serde_does_with_the_same_errors() {
    same::<ours::Unit, serdes::Unit>("Unit", false);
    same::<ours::Inner, serdes::Inner>("Inner", false);
    same::<ours::Empty, serdes::Empty>("Empty", false);
    same::<ours::Code, serdes::Code>("Code", false);
    same::<ours::Kind, serdes::Kind>("Kind", true);
    same::<ours::Msg, serdes::Msg>("Msg", false);
}

#[test]
fn a_struct_written_as_an_array_is_refused() {
    let err = from_json::<ours::Inner>(br#"[7]"#).unwrap_err().to_string();
    assert!(err.contains("expected struct Inner"), "{err}");
    assert!(
        from_json::<serdes::Inner>(br#"[7]"#).is_ok(),
        "serde's derive accepts it"
    );
    let err = from_json::<ours::Msg>(br#"{"do_it":[{"gtin":"1"},true]}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected struct variant Msg::DoIt"), "{err}");
}

#[test]
fn error_texts_name_the_field() {
    let err = from_json::<ours::Unit>(br#"{"gtin":"1","lott":"L1"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown field `lott`, expected one of `gtin`, `lot`"),
        "{err}"
    );
    let err = from_json::<ours::Unit>(br#"{"lot":"L1"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `gtin`"), "{err}");
    let err = from_json::<ours::Msg>(br#"{"pong":{}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown variant `pong`"), "{err}");
}

mod lenient {
    use cosmwasm_schema::cw_serde;
    use cw_health_derive::cw_serde_map;

    macro_rules! twins {
        ($($item:item)*) => {
            pub mod ours {
                use super::*;
                $(#[cw_serde_map] $item)*
            }
            pub mod serdes {
                use super::*;
                $(#[cw_serde] $item)*
            }
        };
    }

    twins! {
        pub struct Record {
            pub id: u64,
            pub note: Option<String>,
            #[serde(default)]
            pub count: u32,
            pub state: State,
        }
        pub enum State {
            Open,
            Closed { at: u64 },
        }
    }
}

#[test]
fn cw_serde_map_skips_unknown_fields_as_serde_does() {
    use lenient::{ours, serdes};
    let inputs = [
        r#"{"id":1,"state":"open"}"#,
        r#"{"id":1,"state":"open","extra":{"deep":[1,2,{"x":null}]},"more":"x"}"#,
        r#"{"id":1,"note":"n","count":2,"state":{"closed":{"at":5,"why":"x"}}}"#,
        r#"{"id":1,"id":2,"state":"open"}"#,
        r#"{"state":"open"}"#,
        r#"{"id":1,"state":"opened"}"#,
        r#"{"id":"1","state":"open"}"#,
    ];
    for input in inputs {
        let a = from_json::<ours::Record>(input.as_bytes())
            .map(|v| format!("{v:?}").replace("ours::", ""))
            .map_err(|e| e.to_string().split(" at line ").next().unwrap().to_string());
        let b = from_json::<serdes::Record>(input.as_bytes())
            .map(|v| format!("{v:?}").replace("serdes::", ""))
            .map_err(|e| e.to_string().split(" at line ").next().unwrap().to_string());
        assert_eq!(a, b, "{input}");
    }
    assert!(from_json::<ours::Record>(br#"[1,null,0,"open"]"#).is_err());
}

mod upper {
    pub fn serialize<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        <String as serde::Deserialize>::deserialize(d).map(|v| v.to_uppercase())
    }
}

mod read_with {
    #[derive(serde::Serialize, cw_health_derive::MapDeserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct Ours {
        #[serde(with = "super::upper")]
        pub a: String,
        #[serde(default, deserialize_with = "super::upper::deserialize")]
        pub b: String,
        pub c: Option<u8>,
    }
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct Theirs {
        #[serde(with = "super::upper")]
        pub a: String,
        #[serde(default, deserialize_with = "super::upper::deserialize")]
        pub b: String,
        pub c: Option<u8>,
    }
}

#[test]
fn a_field_read_by_a_function_is_read_as_serde_reads_it() {
    for input in [
        r#"{"a":"x","b":"y","c":1}"#,
        r#"{"a":"x"}"#,
        r#"{"b":"y"}"#,
        r#"{"a":1}"#,
        r#"{"a":"x","a":"z"}"#,
        r#"{"a":"x","d":1}"#,
    ] {
        let ours = from_json::<read_with::Ours>(input.as_bytes()).map(|v| format!("{v:?}"));
        let theirs = from_json::<read_with::Theirs>(input.as_bytes()).map(|v| format!("{v:?}"));
        let strip = |r| comparable(r, ["Ours", "Theirs"]);
        assert_eq!(strip(ours), strip(theirs), "from {input}");
    }
}

mod tuple {
    #[derive(serde::Serialize, cw_health_derive::MapDeserialize, Debug, PartialEq)]
    pub struct Ours(
        pub u32,
        pub Option<String>,
        pub Vec<(u8, bool)>,
        pub [u16; 2],
    );
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    pub struct Theirs(
        pub u32,
        pub Option<String>,
        pub Vec<(u8, bool)>,
        pub [u16; 2],
    );
}

#[test]
fn a_tuple_struct_is_read_from_an_array_of_its_elements() {
    for input in [
        r#"[1,"a",[[2,true],[3,false]],[4,5]]"#,
        r#"[1,null,[],[4,5]]"#,
        r#"[1,null,[[2]],[4,5]]"#,
        r#"[1,null,[[256,true]],[4,5]]"#,
        r#"[1,null,[],[4,70000]]"#,
        r#"["1",null,[],[4,5]]"#,
        r#"{"0":1}"#,
        r#"7"#,
    ] {
        let text = |r: Result<String, cosmwasm_std::StdError>, name: &str| {
            r.map(|v| v.replace(name, "")).map_err(|e| {
                let e = e.to_string().replace(name, "");
                e.split(" at line ").next().unwrap_or_default().to_string()
            })
        };
        let ours = from_json::<tuple::Ours>(input.as_bytes()).map(|v| format!("{v:?}"));
        let theirs = from_json::<tuple::Theirs>(input.as_bytes()).map(|v| format!("{v:?}"));
        assert_eq!(text(ours, "Ours"), text(theirs, "Theirs"), "from {input}");
    }
    // Too few or too many elements: refused, naming the length.
    for input in [r#"[1,null,[]]"#, r#"[1,null,[],[4,5],6]"#] {
        let err = from_json::<tuple::Ours>(input.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid length"), "{input}: {err}");
        assert!(from_json::<tuple::Theirs>(input.as_bytes()).is_err());
    }
    // What is written is read back.
    let v = tuple::Ours(9, Some("x".into()), vec![(1, true)], [2, 3]);
    assert_eq!(
        from_json::<tuple::Ours>(cosmwasm_std::to_json_vec(&v).unwrap()).unwrap(),
        v
    );
}
