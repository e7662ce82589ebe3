//! Searching the catalogue index as the user types: folded, tokenised, prefix matching.
//!
//! Every query token must be the prefix of some token of the procedure — its name, its
//! code, its field or its agency — in any order, so "ho kinh doanh", "hộ kinh",
//! "kinh doanh ho" and "1.001612" all find "Đăng ký thành lập hộ kinh doanh".
//!
//! [`SearchIndex::new`] folds and tokenises the catalogue once into a sorted vocabulary
//! with posting lists. A query token's prefix is then a binary-searched range of the
//! vocabulary, and only the procedures that survive every token are ranked. This runs on
//! low-end phones, inside WASM, on every keystroke, so the index stores small integers in
//! flat arrays rather than strings per procedure.

use crate::catalogue::{CatalogueIndex, IndexEntry};
use crate::fold::{fold, tokens};
use crate::procedure::Level;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Longest query, in bytes, that is looked at; the rest is ignored. It only bounds the
/// work an untrusted query can cause: [`MAX_QUERY_TOKENS`] is what limits real queries,
/// so that a query and its folded or upper-case spelling are cut at the same word.
pub const MAX_QUERY_BYTES: usize = 1024;

/// Most distinct query tokens that are looked at; later ones are ignored.
/// At most 16, because token sets are bit masks in a `u16`.
pub const MAX_QUERY_TOKENS: usize = 12;

const _: () = assert!(MAX_QUERY_TOKENS <= 16);

/// Queries the native and the browser benchmarks both run, so their numbers compare:
/// typed with and without diacritics, whole and half-typed, codes and code prefixes.
pub const BENCH_QUERIES: [&str; 20] = [
    "khai sinh",
    "đăng ký khai sinh",
    "giay phep lai xe",
    "giấy phép lái xe",
    "dang ky ket hon",
    "thuong tru",
    "Đăng ký thường trú",
    "ly lich tu phap",
    "hai quan",
    "hộ kinh doanh",
    "kinh doanh ho",
    "1.001612",
    "1.00",
    "cấp đổi giấy chứng nhận quyền sử dụng đất",
    "xay dung",
    "ho chieu",
    "thue thu nhap ca nhan",
    "bảo hiểm xã hội",
    "dang k",
    "g",
];

/// Which fees a procedure must have to pass the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeeFilter {
    #[default]
    Any,
    /// Every fee row is known to be zero ([`crate::FeeSummary::free`]).
    Free,
    /// Online submission is known to cost something ([`crate::FeeSummary::has_online_fee`]).
    HasOnlineFee,
}

impl FeeFilter {
    /// The value in the URL (`?fee=`) and in the filter's `<select>`; `None` for "any".
    pub fn param(self) -> Option<&'static str> {
        match self {
            FeeFilter::Any => None,
            FeeFilter::Free => Some("free"),
            FeeFilter::HasOnlineFee => Some("online-fee"),
        }
    }

    /// Unknown values mean "any", as a hand-edited URL should.
    pub fn from_param(s: &str) -> FeeFilter {
        match s {
            "free" => FeeFilter::Free,
            "online-fee" => FeeFilter::HasOnlineFee,
            _ => FeeFilter::Any,
        }
    }
}

/// Narrows search results; the default lets everything through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    pub level: Option<Level>,
    /// Index into [`CatalogueIndex::fields`].
    pub field: Option<u16>,
    /// Index into [`CatalogueIndex::agencies`].
    pub agency: Option<u16>,
    pub fee: FeeFilter,
    /// Only procedures whose fee table lists the online channel.
    pub online_channel_only: bool,
}

impl Filter {
    /// Whether the filter lets this entry through; what [`SearchIndex::search`] applies.
    pub fn accepts(&self, e: &IndexEntry) -> bool {
        self.accepts_facts(&Facts::of(e))
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    fn accepts_facts(&self, f: &Facts) -> bool {
        self.level.is_none_or(|l| f.level == Some(l))
            && self.field.is_none_or(|x| f.field == x)
            && self.agency.is_none_or(|a| f.agency == Some(a))
            && match self.fee {
                FeeFilter::Any => true,
                FeeFilter::Free => f.free,
                FeeFilter::HasOnlineFee => f.online_fee,
            }
            && (!self.online_channel_only || f.online_channel)
    }
}

/// Why a procedure is in the results, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The query contains the procedure's code exactly.
    ExactCode,
    /// Every token is in the name, or is a prefix of the code.
    Name,
    /// Some token is only in the field or agency name.
    FieldOrAgency,
    /// Empty query: the filters alone chose it, in catalogue order.
    Browse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position in [`CatalogueIndex::items`] of the index this was built from.
    pub item: usize,
    pub kind: MatchKind,
}

/// What the filters need to know about one procedure, copied out of its [`IndexEntry`]
/// so the index does not borrow the catalogue.
#[derive(Debug, Clone, Copy)]
struct Facts {
    level: Option<Level>,
    field: u16,
    agency: Option<u16>,
    free: bool,
    online_fee: bool,
    online_channel: bool,
    /// Length of the name in characters: shorter names rank first among equals.
    name_chars: u16,
}

impl Facts {
    fn of(e: &IndexEntry) -> Facts {
        Facts {
            level: e.level,
            field: e.field,
            agency: e.agency,
            free: e.fee.free,
            online_fee: e.fee.has_online_fee(),
            online_channel: e.online_channel,
            name_chars: e.name.chars().count().min(u16::MAX as usize) as u16,
        }
    }
}

/// Many strings in one buffer: a `String` each would cost 24 bytes of header apiece.
#[derive(Debug, Clone, Default)]
struct StrTable {
    text: String,
    ends: Vec<u32>,
}

impl StrTable {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// A vocabulary id or an item position. Two bytes rather than four halve the index
/// (to about 0.3 MB for the national catalogue); the price is a ceiling of 65,536 items
/// and 65,536 distinct words, against fewer than 3,000 and 2,000 in the real data.
type Id = u16;
const MAX_IDS: usize = Id::MAX as usize + 1;

/// Compressed rows: row `i` is `values[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone)]
struct Rows {
    starts: Vec<u32>,
    values: Vec<Id>,
}

impl Rows {
    fn new() -> Rows {
        Rows {
            starts: vec![0],
            values: Vec::new(),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = Id>) {
        self.values.extend(row);
        self.starts.push(self.values.len() as u32);
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    #[inline]
    fn row(&self, i: usize) -> &[Id] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&s), Some(&e)) => self.values.get(s as usize..e as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// FxHash: the vocabulary is built from the catalogue the portal itself publishes, so
/// SipHash's defence against chosen keys buys nothing and costs startup time.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Seen<'a> = HashMap<&'a str, Id, BuildHasherDefault<FxHasher>>;

/// Each text's tokens as ids, giving new tokens the next free id. Past [`MAX_IDS`]
/// distinct words, new ones are left out: they cannot be searched, nothing else breaks.
fn tokenise<'a>(texts: &'a [String], seen: &mut Seen<'a>) -> Rows {
    let mut r = Rows::new();
    for text in texts {
        r.push(tokens(text).filter_map(|t| match seen.get(t) {
            Some(&id) => Some(id),
            None if seen.len() < MAX_IDS => {
                let id = seen.len() as Id;
                seen.insert(t, id);
                Some(id)
            }
            None => None,
        }));
    }
    r
}

/// First index in `0..n` for which `pred` is false, given it is true then false.
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The catalogue, folded and tokenised for [`SearchIndex::search`].
///
/// Item positions in hits refer to the [`CatalogueIndex`] it was built from; rebuild it
/// whenever that catalogue changes.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    /// Distinct folded tokens of all names, fields and agencies, sorted.
    vocab: StrTable,
    /// Per vocabulary token: the items whose name contains it, ascending.
    postings: Rows,
    /// Per item: its name's tokens as vocabulary ids, in order.
    names: Rows,
    /// Per field, per agency: their distinct tokens as vocabulary ids.
    fields: Rows,
    agencies: Rows,
    /// Per item: its folded code.
    codes: StrTable,
    /// Items sorted by code, and each item's place in that order.
    by_code: Vec<Id>,
    code_rank: Vec<Id>,
    facts: Vec<Facts>,
}

/// One query token, resolved against the vocabulary.
#[derive(Debug, Clone)]
struct QueryToken<'q> {
    text: &'q str,
    bit: u16,
    /// Vocabulary ids `lo..hi` are the tokens it is a prefix of.
    lo: u32,
    hi: u32,
    /// Vocabulary id of the token itself, when some text has it as a whole word.
    exact: Option<Id>,
    /// Items `by_code[code_lo..code_hi]` have codes it is a prefix of.
    code_lo: usize,
    code_hi: usize,
}

impl QueryToken<'_> {
    #[inline]
    fn matches(&self, id: Id) -> bool {
        self.lo <= u32::from(id) && u32::from(id) < self.hi
    }
}

#[derive(Debug)]
struct Query<'q> {
    toks: Vec<QueryToken<'q>>,
    /// Tokens that must be matched. A token that is a prefix of another query token is
    /// matched wherever that one is, so it is left out: this also keeps the prefix
    /// ranges of the required tokens disjoint, which bounds the work of any query to one
    /// pass over the posting lists.
    required: u16,
    all: u16,
    /// Per vocabulary id: the tokens it matches as a prefix, and as a whole word. One
    /// lookup per name token then replaces a loop over the query tokens.
    by_id: Vec<(u16, u16)>,
}

impl SearchIndex {
    /// Builds the index. Only the first 65,536 items are indexed (see [`Id`]).
    pub fn new(cat: &CatalogueIndex) -> SearchIndex {
        let items = &cat.items[..cat.items.len().min(MAX_IDS)];
        let names: Vec<String> = items.iter().map(|e| fold(&e.name)).collect();
        let fields: Vec<String> = cat.fields.iter().map(|s| fold(s)).collect();
        let agencies: Vec<String> = cat.agencies.iter().map(|s| fold(s)).collect();

        // Ids are first given in order of appearance, then renumbered so the vocabulary
        // is sorted and a prefix is a range of ids.
        let mut seen = Seen::default();
        let mut rows = |texts| tokenise(texts, &mut seen);
        let (mut names_rows, mut fields_rows, mut agencies_rows) =
            (rows(&names), rows(&fields), rows(&agencies));
        let mut words: Vec<(&str, Id)> = seen.into_iter().collect();
        words.sort_unstable();
        let mut vocab = StrTable::default();
        let mut sorted_id: Vec<Id> = vec![0; words.len()];
        for (id, &(w, first)) in words.iter().enumerate() {
            vocab.push(w);
            sorted_id[first as usize] = id as Id;
        }
        for r in [&mut names_rows, &mut fields_rows, &mut agencies_rows] {
            for id in &mut r.values {
                *id = sorted_id[*id as usize];
            }
        }
        // Each row's ids once, in order of first appearance. Marking beats sorting each
        // row here, and one sort fewer is less code in the app.
        let distinct = |r: &Rows| -> Rows {
            let mut d = Rows::new();
            let mut row_of = vec![usize::MAX; words.len()];
            for i in 0..r.len() {
                d.push(r.row(i).iter().copied().filter(|&id| {
                    let fresh = row_of[id as usize] != i;
                    row_of[id as usize] = i;
                    fresh
                }));
            }
            d
        };
        let per_item = distinct(&names_rows);

        // Counting sort of (token, item) pairs by token; items stay ascending.
        let mut starts = vec![0u32; words.len() + 1];
        for &id in &per_item.values {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut post: Vec<Id> = vec![0; per_item.values.len()];
        for item in 0..per_item.len() {
            for &id in per_item.row(item) {
                post[fill[id as usize] as usize] = item as Id;
                fill[id as usize] += 1;
            }
        }

        let mut codes = StrTable::default();
        for e in items {
            codes.push(&fold(&e.code));
        }
        // Same element type as `words`, so the app carries one sort for both.
        let mut code_order: Vec<(&str, Id)> =
            (0..items.len()).map(|i| (codes.get(i), i as Id)).collect();
        code_order.sort_unstable();
        let by_code: Vec<Id> = code_order.into_iter().map(|(_, i)| i).collect();
        let mut code_rank: Vec<Id> = vec![0; by_code.len()];
        for (rank, &item) in by_code.iter().enumerate() {
            code_rank[item as usize] = rank as Id;
        }

        // Vectors grown by pushing hold up to twice their length; phones are short of memory.
        for r in [&mut names_rows, &mut fields_rows, &mut agencies_rows] {
            r.shrink_to_fit();
        }
        vocab.shrink_to_fit();
        codes.shrink_to_fit();

        SearchIndex {
            vocab,
            postings: Rows {
                starts,
                values: post,
            },
            names: names_rows,
            fields: distinct(&fields_rows),
            agencies: distinct(&agencies_rows),
            codes,
            by_code,
            code_rank,
            facts: items.iter().map(Facts::of).collect(),
        }
    }

    /// Number of procedures indexed.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Approximate heap memory held by the index, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let rows = |r: &Rows| r.starts.capacity() * 4 + r.values.capacity() * 2;
        let strs = |t: &StrTable| t.text.capacity() + t.ends.capacity() * 4;
        strs(&self.vocab)
            + strs(&self.codes)
            + rows(&self.postings)
            + rows(&self.names)
            + rows(&self.fields)
            + rows(&self.agencies)
            + (self.by_code.capacity() + self.code_rank.capacity()) * 2
            + self.facts.capacity() * std::mem::size_of::<Facts>()
    }

    /// Procedures matching `query` and `filter`, best first.
    ///
    /// An empty query (or one without letters or digits) returns everything the filter
    /// accepts, in catalogue order. Ranking: exact code; then every token in the name (or
    /// a code prefix) before tokens found only in the field or agency; within those, more
    /// tokens matched as whole words, the name being the query, starting with it or
    /// holding it as a phrase, the tokens standing closer together, a shorter name, and
    /// finally code order.
    pub fn search(&self, query: &str, filter: &Filter) -> Vec<Hit> {
        let folded = fold(truncate(query, MAX_QUERY_BYTES));
        let q = self.parse(&folded);
        if q.toks.is_empty() {
            return (0..self.len())
                .filter(|&i| filter.accepts_facts(&self.facts[i]))
                .map(|item| Hit {
                    item,
                    kind: MatchKind::Browse,
                })
                .collect();
        }
        let mut scratch = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        self.for_each_match(&q, filter, |item, in_name, whole| {
            keys.push(match q.toks.as_slice() {
                [t] => self.rank_one(item, t, in_name, whole),
                _ => self.rank(item, &q, &mut scratch),
            });
        });
        keys.sort_unstable();
        keys.into_iter()
            .filter_map(|key| {
                // The key ends in the item's unique place in code order, so it is the item.
                let item = *self.by_code.get((key & u64::from(u32::MAX)) as usize)?;
                let kind = match key >> 62 {
                    0 => MatchKind::ExactCode,
                    1 => MatchKind::Name,
                    _ => MatchKind::FieldOrAgency,
                };
                Some(Hit {
                    item: item as usize,
                    kind,
                })
            })
            .collect()
    }

    /// How many procedures match `query` and `filter` in each field (indexed like
    /// [`CatalogueIndex::fields`]), ignoring `filter.field` so a picker can show what
    /// choosing another field would give.
    pub fn count_by_field(&self, query: &str, filter: &Filter) -> Vec<u32> {
        let filter = Filter {
            field: None,
            ..*filter
        };
        let mut counts = vec![0u32; self.fields.len()];
        let mut count = |item: usize| {
            if let Some(c) = counts.get_mut(self.facts[item].field as usize) {
                *c += 1;
            }
        };
        let folded = fold(truncate(query, MAX_QUERY_BYTES));
        let q = self.parse(&folded);
        if q.toks.is_empty() {
            (0..self.len())
                .filter(|&i| filter.accepts_facts(&self.facts[i]))
                .for_each(count);
        } else {
            self.for_each_match(&q, &filter, |item, _, _| count(item));
        }
        counts
    }

    fn parse<'q>(&self, folded: &'q str) -> Query<'q> {
        let mut texts: Vec<&str> = Vec::new();
        for t in tokens(folded) {
            if texts.len() == MAX_QUERY_TOKENS {
                break;
            }
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let n = self.vocab.len();
        let toks: Vec<QueryToken> = texts
            .iter()
            .enumerate()
            .map(|(i, &text)| {
                let lo = partition(n, |k| self.vocab.get(k) < text);
                let hi = lo + partition(n - lo, |k| self.vocab.get(lo + k).starts_with(text));
                let exact = (lo < hi && self.vocab.get(lo) == text).then_some(lo as Id);
                let (code_lo, code_hi) = if looks_like_code(text) {
                    let code = |k: usize| self.codes.get(self.by_code[k] as usize);
                    let m = self.by_code.len();
                    let lo = partition(m, |k| code(k) < text);
                    (
                        lo,
                        lo + partition(m - lo, |k| code(lo + k).starts_with(text)),
                    )
                } else {
                    (0, 0)
                };
                QueryToken {
                    text,
                    bit: 1 << i,
                    lo: lo as u32,
                    hi: hi as u32,
                    exact,
                    code_lo,
                    code_hi,
                }
            })
            .collect();
        let all = toks.iter().fold(0, |m, t| m | t.bit);
        let required = texts
            .iter()
            .enumerate()
            .filter(|&(i, t)| {
                !texts
                    .iter()
                    .enumerate()
                    .any(|(j, u)| i != j && u.starts_with(t))
            })
            .fold(0, |m, (i, _)| m | 1 << i);
        let mut by_id = vec![(0u16, 0u16); n];
        for t in &toks {
            for slot in &mut by_id[t.lo as usize..t.hi as usize] {
                slot.0 |= t.bit;
            }
            if let Some(id) = t.exact {
                by_id[id as usize].1 |= t.bit;
            }
        }
        Query {
            toks,
            required,
            all,
            by_id,
        }
    }

    /// Calls `f` with each item, in catalogue order, that `filter` accepts and that
    /// matches every required token of `q` somewhere, with the required tokens its name
    /// holds as prefixes and as whole words.
    fn for_each_match(&self, q: &Query, filter: &Filter, mut f: impl FnMut(usize, u16, u16)) {
        // Plain slices and loops throughout: the app is built with opt-level "z", which
        // leaves iterator adaptors and `Vec` indexing as calls in the hot loops.
        let req: Vec<&QueryToken> = q.toks.iter().filter(|t| q.required & t.bit != 0).collect();
        let mut masks = vec![0u16; 3 * self.len()];
        let (in_name, rest) = masks.split_at_mut(self.len());
        let (whole, by_code) = rest.split_at_mut(self.len());
        let starts = self.postings.starts.as_slice();
        for t in &req {
            let (a, b) = (
                starts[t.lo as usize] as usize,
                starts[t.hi as usize] as usize,
            );
            for &item in &self.postings.values[a..b] {
                in_name[item as usize] |= t.bit;
            }
            if let Some(id) = t.exact {
                for &item in self.postings.row(id as usize) {
                    whole[item as usize] |= t.bit;
                }
            }
            for &item in &self.by_code[t.code_lo..t.code_hi] {
                by_code[item as usize] |= t.bit;
            }
        }
        let by_id = q.by_id.as_slice();
        let related = |rows: &Rows| -> Vec<u16> {
            let mut masks = vec![0u16; rows.len()];
            for (r, mask) in masks.iter_mut().enumerate() {
                for &id in rows.row(r) {
                    *mask |= by_id[id as usize].0;
                }
                *mask &= q.required;
            }
            masks
        };
        let by_field = related(&self.fields);
        let by_agency = related(&self.agencies);
        let required = q.required;
        for (item, facts) in self.facts.iter().enumerate() {
            let mut m = in_name[item] | by_code[item];
            if m & required != required {
                m |= by_field.get(facts.field as usize).copied().unwrap_or(0);
                m |= facts
                    .agency
                    .and_then(|a| by_agency.get(a as usize))
                    .copied()
                    .unwrap_or(0);
            }
            if m & required == required && filter.accepts_facts(facts) {
                f(item, in_name[item], whole[item]);
            }
        }
    }

    /// Sort key of a matching item: smaller is better, and no two items share one.
    ///
    /// `at` is scratch space: per name position, the tokens matching there.
    fn rank(&self, item: usize, q: &Query, at: &mut Vec<u16>) -> u64 {
        let name = self.names.row(item);
        let code = self.codes.get(item);
        let toks = q.toks.as_slice();
        let n = toks.len();
        let len = name.len();

        // First pass: which tokens the name holds as whole words, which only as prefixes.
        at.clear();
        at.resize(2 * len, 0);
        let (prefix_at, whole_at) = at.split_at_mut(len);
        let mut in_name = 0u16;
        let mut whole = 0u16;
        let by_id = q.by_id.as_slice();
        for p in 0..len {
            let (m, w) = by_id[name[p] as usize];
            prefix_at[p] = m;
            whole_at[p] = w;
            in_name |= m;
            whole |= w;
        }
        // A token that is somewhere in the name as a whole word is taken to mean that
        // word, so "kinh doanh ho" does not credit "kinh doanh hoá chất" for being a
        // phrase; a token that is no whole word anywhere is still being typed.
        for p in 0..len {
            prefix_at[p] = (whole_at[p] & whole) | (prefix_at[p] & !whole);
        }
        let at: &[u16] = prefix_at;

        let mut code_hit = 0u16;
        let mut exact_code = false;
        for t in toks {
            if t.code_hi > t.code_lo && code.starts_with(t.text) {
                code_hit |= t.bit;
                if code == t.text {
                    exact_code = true;
                    whole |= t.bit;
                }
            }
        }

        // 0: the name is the query; 1: starts with it; 2: holds it as a phrase; 3: none.
        let mut phrase = 3u64;
        if n <= len {
            for p in 0..len - n + 1 {
                let mut fits = true;
                for j in 0..n {
                    if at[p + j] & (1 << j) == 0 {
                        fits = false;
                        break;
                    }
                }
                if fits {
                    phrase = match p {
                        0 if len == n && whole & q.all == q.all => 0,
                        0 => 1,
                        _ => 2,
                    };
                    break;
                }
            }
        }

        // Shortest run of name tokens holding every token found in the name.
        let target = in_name & q.all;
        let found = target.count_ones() as usize;
        let mut span_excess = 0;
        if found > 1 {
            let mut last = [usize::MAX; MAX_QUERY_TOKENS];
            let mut best = usize::MAX;
            for (p, &m) in at.iter().enumerate() {
                if m & target == 0 {
                    continue;
                }
                let (mut start, mut complete) = (p, true);
                for (j, slot) in last.iter_mut().enumerate().take(n) {
                    if m & (1 << j) != 0 {
                        *slot = p;
                    }
                    if target & (1 << j) != 0 {
                        match *slot {
                            usize::MAX => complete = false,
                            seen => start = start.min(seen),
                        }
                    }
                }
                if complete {
                    best = best.min(p - start + 1);
                }
            }
            span_excess = best.saturating_sub(found).min(255) as u64;
        }

        let missing_whole = (q.all & !whole).count_ones();
        let direct = (in_name | code_hit) & q.required == q.required;
        self.key(
            item,
            exact_code,
            direct,
            missing_whole,
            phrase,
            span_excess,
            code_hit != 0,
        )
    }

    /// [`Self::rank`] for a query of one token, which is most of them while typing, and
    /// the ones matching most items. What the name holds is already known from the
    /// posting lists, so only its first token is looked at.
    fn rank_one(&self, item: usize, t: &QueryToken, in_name: u16, whole: u16) -> u64 {
        let code = self.codes.get(item);
        let code_hit = t.code_hi > t.code_lo && code.starts_with(t.text);
        let exact_code = code_hit && code == t.text;
        let name = self.names.row(item);
        let first = name.first().copied();
        let phrase = if whole != 0 {
            match first == t.exact {
                true if name.len() == 1 => 0,
                true => 1,
                false => 2,
            }
        } else if in_name != 0 {
            if first.is_some_and(|id| t.matches(id)) {
                1
            } else {
                2
            }
        } else {
            3
        };
        let missing_whole = u32::from(whole == 0 && !exact_code);
        self.key(
            item,
            exact_code,
            in_name != 0 || code_hit,
            missing_whole,
            phrase,
            0,
            code_hit,
        )
    }

    /// Packs the ranking criteria, most important first, into one sortable number whose
    /// top two bits are the [`MatchKind`] and whose low 32 bits are the code order.
    #[allow(clippy::too_many_arguments)]
    fn key(
        &self,
        item: usize,
        exact_code: bool,
        direct: bool,
        missing_whole: u32,
        phrase: u64,
        span_excess: u64,
        by_code: bool,
    ) -> u64 {
        let tier: u64 = match (exact_code, direct) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        };
        // Procedures found by code prefix are listed in code order, as a code list is read.
        let name_len = if by_code {
            0
        } else {
            self.facts.get(item).map_or(0, |f| f.name_chars as u64)
        };
        let code_rank = self.code_rank.get(item).copied().unwrap_or(Id::MAX) as u64;
        (tier << 62)
            | (u64::from(missing_whole) << 58)
            | (phrase << 56)
            | (span_excess << 48)
            | (name_len << 32)
            | code_rank
    }
}

/// A digit, a dot, then digits: what a procedure code looks like while it is typed.
fn looks_like_code(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 2 && b[0].is_ascii_digit() && b[1] == b'.' && b[2..].iter().all(u8::is_ascii_digit)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::{Fee, Procedure};

    fn proc(code: &str, name: &str, field: &str, level: Level, fee: Option<i64>) -> Procedure {
        Procedure {
            code: code.into(),
            name: name.into(),
            field: field.into(),
            agency: Some("Ủy ban nhân dân cấp xã".into()),
            level: Some(level),
            online: None,
            processing_time: None,
            fees: vec![Fee {
                description: Some("Trực tuyến".into()),
                amount_vnd: fee,
                text: String::new(),
            }],
            documents: vec![],
            steps: vec![],
            result: None,
            legal_basis: vec![],
            source: String::new(),
        }
    }

    fn catalogue() -> CatalogueIndex {
        CatalogueIndex::build(&[
            proc(
                "1.000001",
                "Chấm dứt hoạt động hộ kinh doanh",
                "Thành lập và hoạt động của hộ kinh doanh",
                Level::Commune,
                Some(0),
            ),
            proc(
                "1.000002",
                "Đăng ký thành lập hộ kinh doanh",
                "Thành lập và hoạt động của hộ kinh doanh",
                Level::Commune,
                Some(0),
            ),
            proc(
                "1.000003",
                "Hộ kinh doanh đăng ký thay đổi",
                "Thành lập và hoạt động của hộ kinh doanh",
                Level::Commune,
                Some(100_000),
            ),
            proc(
                "1.000004",
                "Cấp phép kinh doanh hoá chất",
                "Hoá chất",
                Level::Province,
                None,
            ),
            proc(
                "1.000005",
                "Hộ kinh doanh",
                "Thành lập và hoạt động của hộ kinh doanh",
                Level::Commune,
                Some(0),
            ),
            proc(
                "2.000001",
                "Đăng ký khai sinh",
                "Hộ tịch",
                Level::Commune,
                Some(0),
            ),
        ])
    }

    fn codes(index: &SearchIndex, cat: &CatalogueIndex, q: &str) -> Vec<String> {
        index
            .search(q, &Filter::default())
            .iter()
            .map(|h| cat.items[h.item].code.clone())
            .collect()
    }

    #[test]
    fn ranks_exact_name_then_start_then_phrase_then_scattered() {
        let cat = catalogue();
        let index = SearchIndex::new(&cat);
        // Exact name, starts with it, phrase (shorter name first), then "ho" only as the
        // prefix of "hoa".
        assert_eq!(
            codes(&index, &cat, "ho kinh doanh"),
            ["1.000005", "1.000003", "1.000002", "1.000001", "1.000004"]
        );
        let hits = index.search("kinh doanh khai", &Filter::default());
        assert!(hits.is_empty());
        // "hoa" is a whole word only in the chemicals name; "ho" is whole in the others.
        assert_eq!(codes(&index, &cat, "kinh doanh hoa")[0], "1.000004");
        assert_eq!(
            codes(&index, &cat, "kinh doanh ho")[..3],
            ["1.000005", "1.000003", "1.000002"]
        );
        // "ho tich" is only in the field of the birth registration.
        let hits = index.search("khai ho tich", &Filter::default());
        assert_eq!(
            hits,
            [Hit {
                item: 5,
                kind: MatchKind::FieldOrAgency
            }]
        );
    }

    #[test]
    fn codes_exact_and_by_prefix() {
        let cat = catalogue();
        let index = SearchIndex::new(&cat);
        assert_eq!(
            index.search("1.000003", &Filter::default())[0],
            Hit {
                item: 2,
                kind: MatchKind::ExactCode
            }
        );
        assert_eq!(
            codes(&index, &cat, "1.00000"),
            ["1.000001", "1.000002", "1.000003", "1.000004", "1.000005"]
        );
        assert_eq!(
            codes(&index, &cat, "2."),
            codes(&index, &cat, "2"),
            "a lone dot is no code"
        );
        assert!(codes(&index, &cat, "3.0").is_empty());
    }

    #[test]
    fn filters_and_counts() {
        let cat = catalogue();
        let index = SearchIndex::new(&cat);
        let free = Filter {
            fee: FeeFilter::Free,
            ..Filter::default()
        };
        assert_eq!(codes(&index, &cat, "kinh doanh").len(), 5);
        assert_eq!(index.search("kinh doanh", &free).len(), 3);
        let online_fee = Filter {
            fee: FeeFilter::HasOnlineFee,
            ..Filter::default()
        };
        assert_eq!(
            index.search("", &online_fee),
            [Hit {
                item: 2,
                kind: MatchKind::Browse
            }]
        );
        let province = Filter {
            level: Some(Level::Province),
            ..Filter::default()
        };
        assert_eq!(index.search("", &province).len(), 1);
        let counts = index.count_by_field("kinh doanh", &Filter::default());
        assert_eq!(counts.len(), cat.fields.len());
        assert_eq!(counts.iter().sum::<u32>(), 5);
        assert!(Filter::default().is_empty() && !free.is_empty());
    }

    #[test]
    fn one_token_fast_path_ranks_like_the_general_one() {
        use std::io::Read;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/procedures.json.gz");
        let mut json = String::new();
        let file = std::fs::File::open(path).expect("vendored data");
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut json)
            .expect("gzip");
        let procedures: Vec<Procedure> = serde_json::from_str(&json).expect("procedures");
        let cat = CatalogueIndex::build(&procedures);
        let index = SearchIndex::new(&cat);
        let mut scratch = Vec::new();
        for query in [
            "g", "ho", "hộ", "kinh", "1.00", "1.001612", "dang", "thu", "hai", "x", "quan",
        ] {
            let folded = fold(query);
            let q = index.parse(&folded);
            assert_eq!(q.toks.len(), 1);
            let mut n = 0;
            index.for_each_match(&q, &Filter::default(), |item, in_name, whole| {
                let fast = index.rank_one(item, &q.toks[0], in_name, whole);
                assert_eq!(
                    fast,
                    index.rank(item, &q, &mut scratch),
                    "{query:?} {}",
                    cat.items[item].code
                );
                n += 1;
            });
            assert!(n > 0, "{query:?}");
        }
    }
}
