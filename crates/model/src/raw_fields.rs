//! A mention's raw fields, packed into one text: a build holds every mention at once, and
//! nine optional texts of their own took 216 bytes a mention before any of them was read.

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// Declares [`RawFieldValues`] and [`RawFields`]' accessors from one list of fields.
macro_rules! raw_fields {
    ($($(#[$doc:meta])* $field:ident),+ $(,)?) => {
        /// The fields of a mention exactly as the source writes them, one owned text each
        /// (`None` where it says nothing): what a parser fills in and packs into [`RawFields`].
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct RawFieldValues {
            $($(#[$doc])* pub $field: Option<CompactString>,)+
        }

        impl RawFieldValues {
            /// The texts in field order.
            fn in_order(&self) -> [Option<&str>; FIELD_COUNT] {
                [$(self.$field.as_deref()),+]
            }
        }

        impl RawFields {
            $($(#[$doc])* pub fn $field(&self) -> Option<&str> {
                self.get(Field::$field as usize)
            })+

            /// The fields as owned texts.
            pub fn values(&self) -> RawFieldValues {
                RawFieldValues { $($field: self.$field().map(Into::into)),+ }
            }
        }

        impl fmt::Debug for RawFields {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("RawFields")
                    $(.field(stringify!($field), &self.$field()))+
                    .finish()
            }
        }

        /// The fields, in order: a field's number is its place in [`RawFields`]' text.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum Field { $($field),+ }

        /// How many raw fields a mention has.
        const FIELD_COUNT: usize = [$(Field::$field),+].len();
    };
}

raw_fields! {
    /// The year text (e.g. `1979/1980`, `1990–1991`).
    year,
    /// The profession, role or prominence phrase.
    profession,
    /// The intelligence or security agency named for the person (e.g. `NKVD`).
    agency,
    /// Where the person defected to or went, as written (e.g. `France → USA`).
    destination,
    /// Where the person was born or is said to be from.
    birthplace,
    /// Another name the source gives for the person (e.g. a birth name in parentheses).
    alias,
    /// Notes and commentary about the person that are not one of the fields above.
    notes,
    /// A phrase that says how the defection ended (e.g. `failed defection`, `later returned`).
    outcome,
    /// Why the source says the person is not a defector (e.g. `forcibly exiled`).
    status_reason,
}

/// The fields of a mention exactly as the source writes them; `None` where it says nothing.
/// Built from [`RawFieldValues`]; read through one accessor per field (`raw.year()`).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawFieldValues", into = "RawFieldValues")]
pub struct RawFields {
    /// The texts of the fields that are present, one after another in field order.
    text: CompactString,
    /// Where each field's text ends in `text`; an absent field ends where the one before it
    /// ends, so equal fields are equal values.
    ends: [u32; FIELD_COUNT],
    /// Which fields are present: bit `i` for field `i` (a field may be present and empty).
    present: u16,
}

impl RawFields {
    /// Field `i`'s text, if present.
    fn get(&self, i: usize) -> Option<&str> {
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        Some(&self.text[start as usize..self.ends[i] as usize])
    }

    /// Packs texts in field order. A text that would take the whole beyond 4 GiB (longer than
    /// any line a source may hold) is left out, as a field of `None`.
    fn pack(fields: [Option<&str>; FIELD_COUNT]) -> Self {
        let total = fields.iter().flatten().map(|t| t.len()).sum();
        let mut packed = Self {
            text: CompactString::with_capacity(total),
            ..Self::default()
        };
        let mut end = 0u32;
        for (i, field) in fields.into_iter().enumerate() {
            let text =
                field.and_then(|t| Some((t, end.checked_add(u32::try_from(t.len()).ok()?)?)));
            if let Some((text, field_end)) = text {
                packed.text.push_str(text);
                packed.present |= 1 << i;
                end = field_end;
            }
            packed.ends[i] = end;
        }
        packed
    }
}

impl From<RawFieldValues> for RawFields {
    fn from(values: RawFieldValues) -> Self {
        Self::pack(values.in_order())
    }
}

impl From<RawFields> for RawFieldValues {
    fn from(fields: RawFields) -> Self {
        fields.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_as_written() {
        let values = RawFieldValues {
            year: Some("1979/1980".into()),
            agency: Some(String::new().into()),
            notes: Some("defected with his wife — Ёлка".into()),
            status_reason: Some("exiled".into()),
            ..RawFieldValues::default()
        };
        let fields = RawFields::from(values.clone());
        assert_eq!(fields.values(), values);
        assert_eq!(fields.year(), Some("1979/1980"));
        assert_eq!(fields.profession(), None);
        assert_eq!(fields.agency(), Some(""));
        assert_eq!(fields.status_reason(), Some("exiled"));
        assert_eq!(RawFields::from(values), fields);
        assert_ne!(fields, RawFields::default());
    }

    #[test]
    fn debug_and_serde_show_the_fields() {
        let fields = RawFields::from(RawFieldValues {
            outcome: Some("later returned".into()),
            ..RawFieldValues::default()
        });
        let debug = format!("{fields:?}");
        assert!(debug.starts_with("RawFields { year: None,"), "{debug}");
        assert!(
            debug.contains("outcome: Some(\"later returned\")"),
            "{debug}"
        );
        let json = serde_json::to_string(&fields).expect("serialises");
        assert!(json.contains("\"outcome\":\"later returned\""), "{json}");
        let back: RawFields = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, fields);
    }

    #[test]
    fn a_packed_mention_is_small() {
        assert!(std::mem::size_of::<RawFields>() <= 64);
    }
}
