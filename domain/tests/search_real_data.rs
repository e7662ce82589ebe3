//! Search over the real national catalogue (2,849 procedures).

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use domain::fold::{fold, tokens};
use domain::search::{
    FeeFilter, Filter, Hit, MatchKind, SearchIndex, BENCH_QUERIES, MAX_QUERY_BYTES,
    MAX_QUERY_TOKENS,
};
use domain::{CatalogueIndex, Level};
use proptest::prelude::*;

fn fixture() -> &'static (CatalogueIndex, SearchIndex) {
    static F: OnceLock<(CatalogueIndex, SearchIndex)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = CatalogueIndex::build(common::procedures());
        let index = SearchIndex::new(&cat);
        (cat, index)
    })
}

fn cat() -> &'static CatalogueIndex {
    &fixture().0
}

fn search(q: &str, filter: &Filter) -> Vec<Hit> {
    fixture().1.search(q, filter)
}

fn codes(hits: &[Hit]) -> Vec<&'static str> {
    hits.iter()
        .map(|h| cat().items[h.item].code.as_str())
        .collect()
}

fn position(hits: &[Hit], code: &str) -> Option<usize> {
    codes(hits).iter().position(|c| *c == code)
}

fn item_of(code: &str) -> usize {
    cat()
        .items
        .iter()
        .position(|e| e.code == code)
        .expect("code in the vendored data")
}

/// Folded tokens of everything an item can be found by, as the brute-force oracle sees it.
fn searchable_tokens(item: usize) -> &'static [String] {
    static T: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = T.get_or_init(|| {
        cat()
            .items
            .iter()
            .map(|e| {
                let text = format!(
                    "{} {} {}",
                    e.name,
                    cat().field_name(e),
                    cat().agency_name(e).unwrap_or("")
                );
                tokens(&fold(&text)).map(str::to_owned).collect()
            })
            .collect()
    });
    &all[item]
}

#[test]
fn the_issue_queries_find_household_business_registration() {
    for q in [
        "ho kinh doanh",
        "hộ kinh",
        "1.001612",
        "kinh doanh ho",
        "Hộ Kinh Doanh",
        "HO KINH DOANH",
    ] {
        let hits = search(q, &Filter::default());
        let at = position(&hits, "1.001612");
        assert!(
            at.is_some_and(|p| p < 3),
            "{q:?}: at {at:?}, top {:?}",
            &codes(&hits)[..hits.len().min(5)]
        );
    }
}

#[test]
fn an_exact_code_comes_first() {
    for code in ["1.004222", "1.001612", "2.000575", "3.000083"] {
        let hits = search(code, &Filter::default());
        assert_eq!(codes(&hits).first(), Some(&code));
        assert_eq!(hits[0].kind, MatchKind::ExactCode);
        // Surrounding spaces and a trailing dot typed by habit do not matter.
        assert_eq!(
            codes(&search(&format!("  {code}. "), &Filter::default())).first(),
            Some(&code)
        );
    }
}

#[test]
fn a_code_prefix_lists_those_codes_in_code_order() {
    let hits = search("1.0042", &Filter::default());
    let found = codes(&hits);
    let expected: Vec<&str> = cat()
        .items
        .iter()
        .map(|e| e.code.as_str())
        .filter(|c| c.starts_with("1.0042"))
        .collect();
    assert!(
        expected.contains(&"1.004222") && expected.len() > 5,
        "{expected:?}"
    );
    assert_eq!(&found[..expected.len()], &expected[..]);
    assert!(hits[..expected.len()]
        .iter()
        .all(|h| h.kind == MatchKind::Name));
}

#[test]
fn code_and_words_combine() {
    let hits = search("1.00 ho kinh doanh", &Filter::default());
    assert!(position(&hits, "1.001612").is_some());
    assert!(codes(&hits).iter().all(|c| c.starts_with("1.00")));
}

#[test]
fn common_queries_rank_the_obvious_procedure_first() {
    let top = |q: &str| {
        let hits = search(q, &Filter::default());
        hits.first()
            .map(|h| fold(&cat().items[h.item].name))
            .unwrap_or_default()
    };
    // The civil-status names all start with "Thủ tục" (procedure), which nobody types.
    assert_eq!(top("dang ky ket hon"), "thu tuc dang ky ket hon");
    assert_eq!(top("đăng ký khai sinh"), "thu tuc dang ky khai sinh");
    assert_eq!(top("Đăng ký thường trú"), "dang ky thuong tru");
    assert!(
        top("giay phep lai xe").contains("giay phep lai xe"),
        "{}",
        top("giay phep lai xe")
    );
    assert!(
        top("ly lich tu phap").contains("ly lich tu phap"),
        "{}",
        top("ly lich tu phap")
    );
}

#[test]
fn whole_words_beat_prefixes() {
    // "ho" is a word (hộ) in the household-business names and only a prefix in
    // "hoá chất"; names holding the phrase as whole words come first.
    let hits = search("kinh doanh ho", &Filter::default());
    let first_prefix_only = hits.iter().position(|h| {
        let f = fold(&cat().items[h.item].name);
        !tokens(&f).any(|t| t == "ho")
    });
    let last_household = hits
        .iter()
        .rposition(|h| fold(&cat().items[h.item].name).contains("ho kinh doanh"));
    assert!(
        first_prefix_only > last_household,
        "{first_prefix_only:?} {last_household:?}"
    );
}

#[test]
fn tokens_found_only_in_field_or_agency_rank_after_names() {
    let hits = search("hai quan", &Filter::default());
    let kinds: Vec<MatchKind> = hits.iter().map(|h| h.kind).collect();
    assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "kinds out of order");
    assert!(kinds.contains(&MatchKind::Name) && kinds.contains(&MatchKind::FieldOrAgency));
    let prefix_of_some = |text: &str, q: &str| tokens(&fold(text)).any(|t| t.starts_with(q));
    for h in &hits {
        let e = &cat().items[h.item];
        let in_name = ["hai", "quan"].iter().all(|q| prefix_of_some(&e.name, q));
        assert_eq!(in_name, h.kind == MatchKind::Name, "{}", e.code);
    }
}

fn filters() -> Vec<Filter> {
    let target = &cat().items[item_of("1.001612")];
    let customs = cat()
        .fields
        .iter()
        .position(|f| f == "Hải quan")
        .expect("customs field") as u16;
    vec![
        Filter {
            level: Some(Level::Province),
            ..Filter::default()
        },
        Filter {
            level: Some(Level::Commune),
            ..Filter::default()
        },
        Filter {
            level: Some(Level::Ministry),
            ..Filter::default()
        },
        Filter {
            field: Some(target.field),
            ..Filter::default()
        },
        Filter {
            field: Some(customs),
            ..Filter::default()
        },
        Filter {
            agency: target.agency,
            ..Filter::default()
        },
        Filter {
            fee: FeeFilter::Free,
            ..Filter::default()
        },
        Filter {
            fee: FeeFilter::HasOnlineFee,
            ..Filter::default()
        },
        Filter {
            online_channel_only: true,
            ..Filter::default()
        },
        Filter {
            level: Some(Level::Commune),
            fee: FeeFilter::Free,
            online_channel_only: true,
            ..Filter::default()
        },
    ]
}

#[test]
fn each_filter_narrows_and_every_result_satisfies_it() {
    for q in ["", "giay phep", "dang ky", "thu tuc"] {
        let all = search(q, &Filter::default());
        for f in filters() {
            let hits = search(q, &f);
            assert!(hits.len() < all.len(), "{q:?} {f:?} does not narrow");
            assert!(
                hits.iter().all(|h| f.accepts(&cat().items[h.item])),
                "{q:?} {f:?}"
            );
            // Filtering keeps the unfiltered ranking, minus what it rejects.
            let kept: Vec<Hit> = all
                .iter()
                .copied()
                .filter(|h| f.accepts(&cat().items[h.item]))
                .collect();
            assert_eq!(hits, kept, "{q:?} {f:?}");
            if q.is_empty() {
                assert!(!hits.is_empty(), "{f:?} matches nothing in the real data");
            }
        }
    }
}

#[test]
fn an_empty_query_browses_in_catalogue_order() {
    for q in ["", "   ", "!!!", "😀", "—", "\u{301}"] {
        let hits = search(q, &Filter::default());
        assert_eq!(hits.len(), cat().items.len(), "{q:?}");
        assert!(hits
            .iter()
            .enumerate()
            .all(|(i, h)| h.item == i && h.kind == MatchKind::Browse));
    }
    let f = Filter {
        level: Some(Level::Commune),
        ..Filter::default()
    };
    let hits = search("", &f);
    assert!(hits.windows(2).all(|w| w[0].item < w[1].item));
    assert_eq!(
        hits.len(),
        cat()
            .items
            .iter()
            .filter(|e| e.level == Some(Level::Commune))
            .count()
    );
}

#[test]
fn field_counts_agree_with_searches() {
    let index = &fixture().1;
    for q in ["", "giay phep", "hai quan", "zzzz"] {
        let base = Filter {
            fee: FeeFilter::Free,
            ..Filter::default()
        };
        let counts = index.count_by_field(q, &base);
        assert_eq!(counts.len(), cat().fields.len());
        assert_eq!(
            counts.iter().sum::<u32>() as usize,
            search(q, &base).len(),
            "{q:?}"
        );
        for field in [0u16, 7, 42] {
            let with_field = Filter {
                field: Some(field),
                ..base
            };
            assert_eq!(
                counts[field as usize] as usize,
                search(q, &with_field).len(),
                "{q:?} {field}"
            );
            // The field in the filter itself is ignored, so the picker can show the others.
            assert_eq!(index.count_by_field(q, &with_field), counts);
        }
    }
}

#[test]
fn every_procedure_is_found_by_its_own_name() {
    let filter = Filter::default();
    for (item, e) in cat().items.iter().enumerate() {
        let hits = search(&e.name, &filter);
        let own = fold(&e.name);
        let own_tokens: Vec<&str> = tokens(&own).collect();
        let at = hits.iter().position(|h| h.item == item);
        let at = at.unwrap_or_else(|| panic!("{} not found by its name {:?}", e.code, e.name));
        let distinct: BTreeSet<&str> = own_tokens.iter().copied().collect();
        if e.name.len() <= MAX_QUERY_BYTES
            && distinct.len() == own_tokens.len()
            && own_tokens.len() <= MAX_QUERY_TOKENS
        {
            // The whole name was the query: only namesakes (same words, perhaps other
            // punctuation or case) may come before it.
            for h in &hits[..at] {
                let other = fold(&cat().items[h.item].name);
                assert!(
                    tokens(&other).eq(own_tokens.iter().copied()),
                    "{}: {} ranked first",
                    e.code,
                    other
                );
            }
        }
    }
}

#[test]
fn garbage_queries_are_harmless() {
    let long_word = "a".repeat(100_000);
    let many_tokens = (0..10_000)
        .map(|i| format!("t{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let nested = (1..40)
        .map(|n| "ngh".repeat(n))
        .collect::<Vec<_>>()
        .join(" ");
    let queries = [
        long_word.as_str(),
        many_tokens.as_str(),
        nested.as_str(),
        "a a a a a a a a a a a a a a a a a a a a a",
        "a b c d e g h i k l m n o p q r s t u v x y",
        "1.",
        "1..2",
        ".",
        "9.999999",
        "\u{0}\u{7f}\u{feff}",
        "\u{301}\u{301}\u{323}",
        "ß İ ǅ ﬃ",
        "<script>alert(1)</script>",
        "'; DROP TABLE procedures; --",
    ];
    for q in queries {
        let hits = search(q, &Filter::default());
        assert!(hits.len() <= cat().items.len());
    }
}

#[test]
fn the_bench_queries_all_find_something() {
    for q in BENCH_QUERIES {
        assert!(!search(q, &Filter::default()).is_empty(), "{q:?}");
    }
}

/// What search must return, by brute force: each query token is a prefix of some token
/// of the name, field or agency, or (when it looks like a code) of the code.
fn brute_force(q: &str, filter: &Filter) -> BTreeSet<usize> {
    let folded = fold(q);
    let mut qt: Vec<&str> = Vec::new();
    for t in tokens(&folded) {
        if qt.len() == MAX_QUERY_TOKENS {
            break;
        }
        if !qt.contains(&t) {
            qt.push(t);
        }
    }
    (0..cat().items.len())
        .filter(|&i| filter.accepts(&cat().items[i]))
        .filter(|&i| {
            let own = searchable_tokens(i);
            let code = &cat().items[i].code;
            qt.iter().all(|t| {
                own.iter().any(|o| o.starts_with(t)) || (t.contains('.') && code.starts_with(t))
            })
        })
        .collect()
}

fn words() -> &'static Vec<String> {
    static W: OnceLock<Vec<String>> = OnceLock::new();
    W.get_or_init(|| {
        let mut w: BTreeSet<String> = BTreeSet::new();
        for i in 0..cat().items.len() {
            w.extend(
                searchable_tokens(i)
                    .iter()
                    .filter(|t| t.chars().all(char::is_alphabetic))
                    .cloned(),
            );
        }
        w.into_iter().collect()
    })
}

fn query_strategy() -> impl Strategy<Value = String> {
    let n = words().len();
    proptest::collection::vec((0..n, 1usize..8), 1..4).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, keep)| words()[w].chars().take(keep).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn filter_strategy() -> impl Strategy<Value = Filter> {
    let all = filters();
    prop_oneof![Just(Filter::default()), proptest::sample::select(all)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn search_returns_exactly_the_matching_items_ranked_once(q in query_strategy(), f in filter_strategy()) {
        let hits = search(&q, &f);
        let got: BTreeSet<usize> = hits.iter().map(|h| h.item).collect();
        prop_assert_eq!(got.len(), hits.len(), "an item listed twice");
        prop_assert_eq!(got, brute_force(&q, &f), "{:?}", q);
        prop_assert!(hits.windows(2).all(|w| w[0].kind <= w[1].kind));
    }

    #[test]
    fn search_is_insensitive_to_case_diacritics_and_spacing(item in 0usize..2849) {
        let name = &cat().items[item.min(cat().items.len() - 1)].name;
        let plain = fold(name);
        let shouted = format!("  {}  ", name.to_uppercase().replace(' ', "   "));
        prop_assert_eq!(search(&plain, &Filter::default()), search(&shouted, &Filter::default()));
    }

    #[test]
    fn any_string_is_a_harmless_query(q in any::<String>(), f in filter_strategy()) {
        let hits = search(&q, &f);
        prop_assert!(hits.iter().all(|h| f.accepts(&cat().items[h.item])));
    }
}

#[test]
fn the_index_stays_small() {
    let bytes = fixture().1.heap_bytes();
    println!(
        "search index heap: {bytes} bytes for {} procedures",
        cat().items.len()
    );
    assert!(bytes < 640 * 1024, "{bytes}");
}
