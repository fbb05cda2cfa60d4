//! The unpaged lists (SSH keys, registry credentials, base images, server products): one answer
//! `{"<items>": [...], "totalCount": N}` that becomes a `Vec`.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::de::DeserializeOwned;

use crate::Client;

/// The wire form of one unpaged list: its items and the count the service reports with them.
pub(crate) trait UnpagedList {
    /// One item.
    type Item;
    /// What the list holds, for messages ("SSH keys").
    const WHAT: &'static str;
    /// The items and the reported count (`totalCount`, or `totalSize` for registry credentials).
    fn into_parts(self) -> (Vec<Self::Item>, Option<u64>);
}

/// Declares the wire form of an unpaged list, `{"<field>": [...], "totalCount": N}` (the count is
/// also read as `totalSize`, the registry credentials' name for it). The list is required (an
/// answer without it is an error, never "nothing") and `null` reads as empty.
macro_rules! unpaged_list {
    ($(#[$meta:meta])* $name:ident of $item:ty, $field:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(serde::Deserialize)]
        pub(crate) struct $name {
            #[serde(rename = $field, deserialize_with = "ncloud_core::de::null_as_empty")]
            items: Vec<$item>,
            #[serde(
                default,
                rename = "totalCount",
                alias = "totalSize",
                deserialize_with = "ncloud_core::de::optional_count"
            )]
            total: Option<u64>,
        }

        impl $crate::unpaged::UnpagedList for $name {
            type Item = $item;
            const WHAT: &'static str = $what;
            fn into_parts(self) -> (Vec<$item>, Option<u64>) {
                (self.items, self.total)
            }
        }
    };
}

pub(crate) use unpaged_list;

/// The items, or an error when the service says it has more than it sent: a short list must never
/// look complete. A count below the number of items loses nothing and is ignored.
pub(crate) fn into_items<L: UnpagedList>(list: L) -> Result<Vec<L::Item>, String> {
    let (items, total) = list.into_parts();
    match total {
        Some(total) if total > items.len() as u64 => Err(format!(
            "the answer holds {} {} but reports {total}: the list is incomplete",
            items.len(),
            L::WHAT
        )),
        _ => Ok(items),
    }
}

impl Client {
    /// Sends an unpaged list call and returns its items, or a listing error when the answer says
    /// it holds more than it sent.
    pub(crate) async fn send_list<L>(&self, operation: Operation<L>) -> Result<Vec<L::Item>, Error>
    where
        L: UnpagedList + DeserializeOwned,
    {
        let label = crate::client::label(operation.name());
        let list = self.service().send(operation).await?;
        into_items(list).map_err(|message| Error::listing(message, None).with_operation(label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Numbers(Vec<u8>, Option<u64>);

    impl UnpagedList for Numbers {
        type Item = u8;
        const WHAT: &'static str = "numbers";
        fn into_parts(self) -> (Vec<u8>, Option<u64>) {
            (self.0, self.1)
        }
    }

    #[test]
    fn a_count_above_the_items_is_an_error() {
        assert_eq!(into_items(Numbers(vec![1, 2], Some(2))), Ok(vec![1, 2]));
        assert_eq!(into_items(Numbers(vec![1, 2], None)), Ok(vec![1, 2]));
        assert_eq!(into_items(Numbers(vec![1, 2], Some(1))), Ok(vec![1, 2]));
        assert_eq!(
            into_items(Numbers(vec![1], Some(3))),
            Err("the answer holds 1 numbers but reports 3: the list is incomplete".to_owned())
        );
    }
}
