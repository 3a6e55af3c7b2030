//! Identifiers. Every id is a UUIDv7 born on the device that created the thing it names, so
//! ids sort by creation time and never need a central counter.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A ledger entry: contribution, expense or reversal.
    EntryId
);
id_type!(
    /// A member of the association.
    MemberId
);
id_type!(
    /// A project the association raises money for.
    ProjectId
);
id_type!(
    /// One database on one laptop; entries carry the device that created them.
    DeviceId
);
