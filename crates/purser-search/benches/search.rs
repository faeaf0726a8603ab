//! The engine's figures on this machine: index build rate (docs/s), size on disk against
//! the raw text, and query latency p50/p95/p99 for reference look-ups, English, Chinese and
//! mixed full text, customer and department scopes, and a deep page.
//!
//! `cargo bench -p purser-search` (200,000 generated documents; set
//! `PURSER_SEARCH_BENCH_DOCS` for another size). Latencies include permissions, counts
//! per kind, stored-field reads and snippets: all a search request does but HTTP.

mod corpus;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use purser_search::{IndexOptions, Query, Scope, SearchIndex, SearchRequest};

fn docs_wanted() -> u64 {
    std::env::var("PURSER_SEARCH_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000)
}

fn options() -> IndexOptions {
    IndexOptions {
        writer_threads: 2,
        writer_memory_bytes: 256 << 20,
    }
}

/// Indexes documents `0..n` into `index`, committing every 50,000 as a feed would in
/// batches; returns the raw text's bytes.
fn feed(index: &SearchIndex, n: u64) -> u64 {
    let mut raw = 0;
    for i in 0..n {
        let doc = corpus::document(i);
        raw += corpus::raw_bytes(&doc);
        index.upsert(&doc).unwrap();
        if (i + 1) % 50_000 == 0 {
            index.commit(Some(i)).unwrap();
        }
    }
    index.commit(Some(n)).unwrap();
    raw
}

/// CPU time this process has used (user + system), from /proc: on a shared machine the
/// build's wall time says as much about the neighbours as about the engine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 Hz.
    (ticks(11) + ticks(12)) / 100.0
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(q).unwrap(),
        limit: 20,
        cursor: None,
    }
}

/// Runs `cases` round-robin under criterion and prints the percentiles of single searches.
fn latency(c: &mut Criterion, name: &str, index: &SearchIndex, cases: &[(Scope, SearchRequest)]) {
    let mut samples: Vec<Duration> = Vec::new();
    let mut next = 0usize;
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (scope, request) = &cases[next % cases.len()];
                next += 1;
                let started = Instant::now();
                black_box(index.search(scope, request).unwrap());
                let took = started.elapsed();
                samples.push(took);
                total += took;
            }
            total
        })
    });
    if samples.is_empty() {
        return; // filtered out on the command line
    }
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "FIGURE {name}: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms over {} searches",
        at(0.50),
        at(0.95),
        at(0.99),
        samples.len()
    );
}

fn build_rate(c: &mut Criterion) {
    const BATCH: u64 = 20_000;
    let mut group = c.benchmark_group("index_build");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(BATCH));
    group.bench_function("20k_docs", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let tmp = tempfile::tempdir().unwrap();
                let (index, _) = SearchIndex::open(tmp.path(), options()).unwrap();
                let started = Instant::now();
                feed(&index, BATCH);
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
}

fn searches(c: &mut Criterion) {
    let n = docs_wanted();
    let tmp = tempfile::tempdir().unwrap();
    let (index, _) = SearchIndex::open(tmp.path(), options()).unwrap();
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let raw = feed(&index, n);
    let (took, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    let stats = index.stats().unwrap();
    println!(
        "FIGURE build: {n} documents in {took:.1} s = {:.0} docs/s ({:.0} docs per CPU-second); \
         {:.1} MB on disk for {:.1} MB of text ({:.2}x)",
        n as f64 / took,
        n as f64 / cpu,
        stats.bytes as f64 / 1e6,
        raw as f64 / 1e6,
        stats.bytes as f64 / raw as f64
    );

    let cases_of = |scope: Scope, queries: &[String]| -> Vec<(Scope, SearchRequest)> {
        queries
            .iter()
            .map(|q| (scope.clone(), request(q)))
            .collect()
    };
    let mut rng = corpus::Rng::new(7);
    let some_case = |rng: &mut corpus::Rng| rng.below(n / 6);
    let references: Vec<String> = (0..64)
        .map(|k| {
            let case_no = some_case(&mut rng);
            match k % 3 {
                0 => corpus::container_number(case_no),
                1 => corpus::container_number(case_no)
                    .replace([' ', '-'], "")
                    .to_lowercase(),
                _ => format!("CS-2026-{case_no:06}"),
            }
        })
        .collect();
    latency(
        c,
        "reference_lookup",
        &index,
        &cases_of(Scope::Staff, &references),
    );

    let english: Vec<String> = [
        "demurrage waiver",
        "vessel delay",
        "reefer temperature damage",
        "telex release",
        "\"free time\"",
        "container -empty",
        "customs inspection",
        "invoice payment",
        "rollover booking",
        "shipments delayed",
        "cargo claim status:open",
        "berth schedule",
    ]
    .map(String::from)
    .to_vec();
    latency(
        c,
        "fulltext_english_staff",
        &index,
        &cases_of(Scope::Staff, &english),
    );

    let chinese: Vec<String> = [
        "提單",
        "貨櫃碼頭",
        "货柜",
        "延誤",
        "滯港費",
        "电放",
        "高雄",
        "冷凍溫度",
    ]
    .map(String::from)
    .to_vec();
    latency(
        c,
        "fulltext_chinese_staff",
        &index,
        &cases_of(Scope::Staff, &chinese),
    );

    let mixed: Vec<String> = [
        "reefer 溫度",
        "提單 amendment",
        "vessel 延誤",
        "高雄 discharge",
    ]
    .map(String::from)
    .to_vec();
    latency(
        c,
        "fulltext_mixed_staff",
        &index,
        &cases_of(Scope::Staff, &mixed),
    );

    let customer_cases: Vec<(Scope, SearchRequest)> = english
        .iter()
        .chain(&chinese)
        .enumerate()
        .map(|(k, q)| {
            (
                Scope::Customer(corpus::customer_id(k as u64 % 50)),
                request(q),
            )
        })
        .collect();
    latency(c, "fulltext_customer_scope", &index, &customer_cases);

    let department_cases: Vec<(Scope, SearchRequest)> = english
        .iter()
        .enumerate()
        .map(|(k, q)| {
            (
                Scope::Department(corpus::DEPARTMENTS[k % 4].to_string()),
                request(q),
            )
        })
        .collect();
    latency(c, "fulltext_department_scope", &index, &department_cases);

    // Page 50 of a common word: the cursor found by paging there once.
    let mut deep = request("container");
    for _ in 0..49 {
        deep.cursor = index.search(&Scope::Staff, &deep).unwrap().next;
    }
    latency(c, "deep_page_50", &index, &[(Scope::Staff, deep)]);
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = searches, build_rate
}
criterion_main!(benches);
