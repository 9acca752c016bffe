//! Rendered result sections, kept while their report is: the charts and
//! tables of a result page depend only on the report and the language, and
//! rendering them is most of the page's cost.
//!
//! An entry is keyed by the address of the cached `Arc<SpendReport>` and
//! holds a `Weak` to it. The weak reference keeps the allocation (not the
//! report) alive, so the address cannot be reused by another report while
//! the entry exists; an entry whose report is gone (re-analysed, deleted,
//! evicted) no longer matches and is dropped when the map is pruned.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use upphandla_core::spend::SpendReport;

use crate::error::AppResult;
use crate::i18n::Lang;

/// Entries kept before dead ones are pruned (and, if still full, all dropped).
const MAX_ENTRIES: usize = 256;

type Key = (usize, i64, &'static str, bool);
type Entries = HashMap<Key, (Weak<SpendReport>, Arc<str>)>;

fn entries() -> &'static Mutex<Entries> {
    static ENTRIES: OnceLock<Mutex<Entries>> = OnceLock::new();
    ENTRIES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The sections of import `id`'s page for `report`, rendered by `render` the first time.
pub(super) fn get_or_render(
    report: &Arc<SpendReport>,
    id: i64,
    lang: Lang,
    drill: bool,
    render: impl FnOnce() -> AppResult<String>,
) -> AppResult<Arc<str>> {
    let key = (Arc::as_ptr(report) as usize, id, lang.code(), drill);
    if let Ok(map) = entries().lock()
        && let Some((weak, html)) = map.get(&key)
        && weak.upgrade().is_some_and(|r| Arc::ptr_eq(&r, report))
    {
        return Ok(html.clone());
    }
    let html: Arc<str> = render()?.into();
    if let Ok(mut map) = entries().lock() {
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (weak, _)| weak.strong_count() > 0);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(key, (Arc::downgrade(report), html.clone()));
    }
    Ok(html)
}
