//! [`Records`]: a [`Context`](super::Context) collection, records by id in id order.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Records by id, in id order (byte order of the ids, as a `BTreeMap<String, V>` keeps them),
/// with the part of `BTreeMap`'s interface a context needs; serialised as a JSON object.
///
/// Ids and records are two sorted lists: finding an id is a binary search over the ids,
/// which is the same code for every kind of record, where each `BTreeMap<String, V>` had its
/// own copy of the tree's code (about 4 KB an instance in the npm package's .wasm).
#[derive(Clone, PartialEq, Eq)]
pub struct Records<V> {
    ids: Vec<String>,
    values: Vec<V>,
}

impl<V> Default for Records<V> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where `id` is, or where it would go.
fn find(ids: &[String], id: &str) -> Result<usize, usize> {
    ids.binary_search_by(|k| k.as_str().cmp(id))
}

impl<V> Records<V> {
    /// No records.
    pub const fn new() -> Self {
        Records {
            ids: Vec::new(),
            values: Vec::new(),
        }
    }

    /// How many ids there are.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The record of `id`.
    pub fn get(&self, id: &str) -> Option<&V> {
        find(&self.ids, id).ok().map(|i| &self.values[i])
    }

    /// Whether `id` is there.
    pub fn contains_key(&self, id: &str) -> bool {
        find(&self.ids, id).is_ok()
    }

    /// Sets the record of `id`; the one it replaces, if any.
    pub fn insert(&mut self, id: String, value: V) -> Option<V> {
        match find(&self.ids, &id) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.ids.insert(i, id);
                self.values.insert(i, value);
                None
            }
        }
    }

    /// Ids and records, in id order.
    pub fn iter(&self) -> std::iter::Zip<std::slice::Iter<'_, String>, std::slice::Iter<'_, V>> {
        self.ids.iter().zip(self.values.iter())
    }

    /// The ids, in order.
    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.ids.iter()
    }

    /// The records, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }

    /// From pairs in any order; a repeated id keeps its last record, as inserting the pairs
    /// one by one would. Sorting costs `n log n` (inserting one by one could cost `n²`).
    pub fn from_pairs(pairs: Vec<(String, V)>) -> Self {
        let mut ids = Vec::with_capacity(pairs.len());
        let mut values = Vec::with_capacity(pairs.len());
        for (id, value) in pairs {
            ids.push(id);
            values.push(value);
        }
        // The sorting is the same code for every kind of record; only moving the records is not.
        let (ids, keep) = sorted_ids(ids);
        let mut values: Vec<Option<V>> = values.into_iter().map(Some).collect();
        let values = keep.into_iter().filter_map(|i| values[i].take()).collect();
        Records { ids, values }
    }
}

/// The ids sorted, each once, and for each the index of the record it keeps (its last).
fn sorted_ids(mut ids: Vec<String>) -> (Vec<String>, Vec<usize>) {
    let order = stable_order(&ids.iter().map(String::as_str).collect::<Vec<_>>());
    let mut sorted: Vec<String> = Vec::with_capacity(ids.len());
    let mut keep: Vec<usize> = Vec::with_capacity(ids.len());
    for i in order {
        let id = std::mem::take(&mut ids[i]);
        match (sorted.last(), keep.last_mut()) {
            (Some(last), Some(kept)) if *last == id => *kept = i,
            _ => {
                sorted.push(id);
                keep.push(i);
            }
        }
    }
    (sorted, keep)
}

/// The indices of `keys` in key order, equal keys in their order.
pub(crate) fn stable_order(keys: &[&str]) -> Vec<usize> {
    stable_order_by(keys.len(), &|a, b| keys[a] < keys[b])
}

/// The indices `0..len` sorted by `less`, equal ones in their order: a bottom-up merge sort by
/// hand, the same code for every caller (a `sort_by` is an instance of std's sort, about
/// 4 KB, for each element type and comparison).
pub(crate) fn stable_order_by(len: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut merged[start..end] {
                // The right run's element first only when strictly less: stable.
                if j < end && (i >= mid || less(order[j], order[i])) {
                    *slot = order[j];
                    j += 1;
                } else {
                    *slot = order[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

impl<V> FromIterator<(String, V)> for Records<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Records::from_pairs(iter.into_iter().collect())
    }
}

impl<'a, V> IntoIterator for &'a Records<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V> std::ops::Index<&str> for Records<V> {
    type Output = V;
    /// The record of `id`; panics when there is none (as `BTreeMap`'s index does).
    fn index(&self, id: &str) -> &V {
        self.get(id).expect("no record with this id")
    }
}

impl<V: fmt::Debug> fmt::Debug for Records<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for Records<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Records<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordsVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for RecordsVisitor<V> {
            type Value = Records<V>;
            // serde's words for a `BTreeMap`, which the errors have always given.
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, V>()? {
                    pairs.push(pair);
                }
                Ok(Records::from_pairs(pairs))
            }
        }
        deserializer.deserialize_map(RecordsVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn behave_as_a_btree_map() {
        let mut state: u64 = 11;
        for len in 0..80 {
            let mut pairs = Vec::new();
            for n in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                pairs.push((format!("id{}", state % 23), n));
            }
            let tree: BTreeMap<String, i32> = pairs.iter().cloned().collect();
            let records = Records::from_pairs(pairs.clone());
            let mut inserted = Records::new();
            for (id, n) in pairs {
                inserted.insert(id, n);
            }
            assert_eq!(records, inserted);
            assert_eq!(records.len(), tree.len());
            assert!(records.iter().eq(tree.iter()), "{records:?} {tree:?}");
            for id in ["id0", "id7", "x"] {
                assert_eq!(records.get(id), tree.get(id));
            }
            assert_eq!(
                serde_json::to_string(&records).unwrap_or_default(),
                serde_json::to_string(&tree).unwrap_or_default()
            );
        }
        let read: Result<Records<i32>, _> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#);
        assert_eq!(
            read.ok()
                .map(|r| r.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>()),
            Some(vec![("a".to_owned(), 2), ("b".to_owned(), 3)])
        );
        let wrong = serde_json::from_str::<Records<i32>>("[1]")
            .err()
            .map(|e| e.to_string());
        let tree = serde_json::from_str::<BTreeMap<String, i32>>("[1]")
            .err()
            .map(|e| e.to_string());
        assert_eq!(wrong, tree);
    }
}
