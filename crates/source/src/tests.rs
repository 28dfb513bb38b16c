//! Reading real files end to end: every format, detection, directories, gzip, and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use samestory_testkit::{gzip, shared};

use super::*;

type Item = Result<RawDocument, Rejection>;

fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(paths: &[&Path]) -> Vec<Item> {
    read_with(paths, Limits::default())
}

fn read_with(paths: &[&Path], limits: Limits) -> Vec<Item> {
    read_inputs(paths.iter().map(|p| Input::Path(p.to_path_buf())).collect(), limits).collect()
}

fn read_one(name: &str, bytes: &[u8]) -> Vec<Item> {
    let dir = tempfile::tempdir().unwrap();
    read(&[&put(dir.path(), name, bytes)])
}

fn doc(item: &Item) -> &RawDocument {
    match item {
        Ok(doc) => doc,
        Err(r) => panic!("expected a document, got rejection {r}"),
    }
}

fn rejection(item: &Item) -> &Rejection {
    match item {
        Ok(doc) => panic!("expected a rejection, got a document from {}", doc.origin),
        Err(r) => r,
    }
}

fn text(item: &Item) -> &str {
    match &doc(item).body {
        Body::Text(t) => t,
        Body::Html(_) => panic!("expected text"),
    }
}

fn html(item: &Item) -> &[u8] {
    match &doc(item).body {
        Body::Html(h) => h,
        Body::Text(_) => panic!("expected html"),
    }
}

// ---------------------------------------------------------------- text and HTML

#[test]
fn text_file_is_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "a.txt", "Rain fell.\n\nThen it stopped.\n".as_bytes());
    let items = read(&[&path]);
    assert_eq!(items.len(), 1);
    assert_eq!(text(&items[0]), "Rain fell.\n\nThen it stopped.\n");
    assert_eq!(doc(&items[0]).origin, Origin::file(path.display().to_string()));
    assert_eq!(doc(&items[0]).hints, Hints::default());
}

#[test]
fn invalid_utf8_text_is_rejected_with_offset() {
    let items = read_one("bad.txt", b"caf\xe9 au lait");
    assert_eq!(rejection(&items[0]).reason, "invalid UTF-8 at byte 3");
}

#[test]
fn empty_documents_are_rejected() {
    for (name, bytes) in [("e.txt", &b""[..]), ("w.txt", b" \n\t\r\n"), ("e.html", b"  \n")] {
        let items = read_one(name, bytes);
        assert_eq!(items.len(), 1, "{name}");
        assert_eq!(rejection(&items[0]).reason, "empty document", "{name}");
    }
}

#[test]
fn html_plain_gzipped_and_misnamed() {
    let page =
        b"<!DOCTYPE html>\n<html><head><meta charset=iso-8859-1></head><body><p>Caf\xe9</p></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let plain = put(dir.path(), "a.html", page);
    let zipped = put(dir.path(), "b.html.gz", &gzip(page));
    let misnamed = put(dir.path(), "c.txt", page);
    let unnamed_gzip = put(dir.path(), "d.data", &gzip(page));
    let items = read(&[&plain, &zipped, &misnamed, &unnamed_gzip]);
    assert_eq!(items.len(), 4);
    for item in &items {
        // bytes as found: the Latin-1 é is not decoded here
        assert_eq!(html(item), page);
    }
}

#[test]
fn too_large_documents_are_rejected() {
    let limits = Limits { max_document_bytes: 100, ..Limits::default() };
    let dir = tempfile::tempdir().unwrap();
    let plain = put(dir.path(), "big.txt", &[b'a'; 150]);
    let zipped = put(dir.path(), "big.html.gz", &gzip(&[b'<'; 250]));
    let fits = put(dir.path(), "ok.txt", &[b'a'; 100]);
    let items = read_with(&[&plain, &zipped, &fits], limits);
    assert_eq!(rejection(&items[0]).reason, "document too large (150 bytes, limit 100)");
    assert_eq!(rejection(&items[1]).reason, "document too large (250 bytes, limit 100)");
    assert_eq!(text(&items[2]).len(), 100);
}

#[test]
fn truncated_gzip_text_is_rejected() {
    let z = gzip(&b"some words ".repeat(10_000));
    let items = read_one("t.txt.gz", &z[..z.len() / 2]);
    assert_eq!(items.len(), 1);
    assert_eq!(rejection(&items[0]).reason, "truncated gzip: unexpected end of file");
}

#[test]
fn corrupt_gzip_is_rejected() {
    let mut z = gzip(&b"some words ".repeat(1000));
    for b in &mut z[12..40] {
        *b = 0xAA;
    }
    let items = read_one("t.txt.gz", &z);
    assert_eq!(items.len(), 1);
    assert!(rejection(&items[0]).reason.starts_with("corrupt gzip: "), "{}", rejection(&items[0]));
}

#[test]
fn stream_reads_like_a_file() {
    let items: Vec<Item> =
        read_stream("-", std::io::Cursor::new(gzip(b"Plain words.")), Limits::default()).collect();
    assert_eq!(text(&items[0]), "Plain words.");
    assert_eq!(doc(&items[0]).origin, Origin::file("-"));
    let jsonl = b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n".to_vec();
    let mut docs = read_stream("-", std::io::Cursor::new(jsonl), Limits::default());
    assert_eq!(docs.by_ref().count(), 2);
    assert_eq!(
        docs.stats(),
        Stats { inputs: 1, documents: 2, rejections: 0, skipped_records: 0, skipped_files: 0, cut_inputs: 0 }
    );
}

// ---------------------------------------------------------------- inputs and directories

#[test]
fn directories_are_walked_sorted_and_hidden_entries_skipped() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "b.txt", b"second");
    put(dir.path(), "a.txt", b"first");
    put(dir.path(), "c/z.txt", b"fourth");
    put(dir.path(), "c/d.txt", b"third");
    put(dir.path(), "d.txt", b"fifth");
    put(dir.path(), ".hidden.txt", b"hidden");
    put(dir.path(), ".git/x.txt", b"hidden too");
    let items = read(&[dir.path()]);
    let texts: Vec<&str> = items.iter().map(text).collect();
    assert_eq!(texts, ["first", "second", "third", "fourth", "fifth"]);
    // named directly, a hidden file is read
    let items = read(&[&dir.path().join(".hidden.txt")]);
    assert_eq!(text(&items[0]), "hidden");
}

#[test]
fn missing_inputs_are_rejected_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = put(dir.path(), "good.txt", b"still here");
    let missing = dir.path().join("missing.txt");
    let items = read(&[&missing, &good]);
    assert_eq!(items.len(), 2);
    let r = rejection(&items[0]);
    assert_eq!(r.origin, Origin::file(missing.display().to_string()));
    assert!(r.reason.starts_with("cannot open: no such file or directory"), "{r}");
    assert_eq!(text(&items[1]), "still here");
}

#[cfg(unix)]
#[test]
fn broken_symlinks_and_unreadable_files_are_rejected() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "a.txt", b"one");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("b.txt")).unwrap();
    let locked = put(dir.path(), "c.txt", b"locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    put(dir.path(), "d.txt", b"four");
    let root_can_read = std::fs::read(&locked).is_ok();
    let items = read(&[dir.path()]);
    assert_eq!(text(&items[0]), "one");
    let broken = rejection(&items[1]);
    assert!(broken.origin.source.ends_with("b.txt"), "{broken}");
    assert!(broken.reason.starts_with("cannot open: "), "{broken}");
    if root_can_read {
        assert_eq!(text(&items[2]), "locked");
    } else {
        assert!(rejection(&items[2]).reason.contains("permission denied"), "{}", rejection(&items[2]));
    }
    assert_eq!(text(&items[3]), "four");
}

#[test]
fn input_parsing() {
    assert_eq!(Input::parse("-"), Input::Stdin);
    assert_eq!(Input::parse("a/b.txt"), Input::Path("a/b.txt".into()));
    assert_eq!("-".parse::<Input>().unwrap().to_string(), "-");
    assert_eq!(Limits::default().max_document_bytes, 32 * 1024 * 1024);
    fn assert_send<T: Send>() {}
    assert_send::<Documents>();
}

// ---------------------------------------------------------------- JSON

#[test]
fn jsonl_fields_numbers_blank_and_bad_lines() {
    let data = concat!(
        "{\"id\": 42, \"url\": \" https://a.example/1 \", \"source\": \"El País\", \"title\": \"T\", ",
        "\"text\": \"Rain.\", \"published\": 1700000000123, \"lang\": \"es\", \"extra\": [1]}\n",
        "\n",
        "   \r\n",
        "{\"id\": \"x7\", \"html\": \"<p>Sun</p>\", \"published\": \"2024-05-01T10:00:00Z\"}\r\n",
        "{\"text\": \"broken\"\n",
        "{\"title\": \"no body\"}\n",
        "{\"text\": \"   \"}\n",
        "[1, 2]\n",
        "{\"text\": \"last\", \"published\": 1.5e9, \"id\": null}",
    );
    let items = read_one("feed.jsonl", data.as_bytes());
    assert_eq!(items.len(), 7);
    let first = doc(&items[0]);
    assert_eq!(first.origin.line, Some(1));
    assert_eq!(first.hints.id.as_deref(), Some("42"));
    assert_eq!(first.hints.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(first.hints.outlet.as_deref(), Some("El País"));
    assert_eq!(first.hints.title.as_deref(), Some("T"));
    assert_eq!(first.hints.published.as_deref(), Some("1700000000123"));
    assert_eq!(first.hints.lang.as_deref(), Some("es"));
    assert_eq!(first.body, Body::Text("Rain.".into()));
    let second = doc(&items[1]);
    assert_eq!(second.origin.line, Some(4));
    assert_eq!(second.hints.id.as_deref(), Some("x7"));
    assert_eq!(second.hints.published.as_deref(), Some("2024-05-01T10:00:00Z"));
    assert_eq!(second.body, Body::Html(b"<p>Sun</p>".to_vec()));
    let broken = rejection(&items[2]);
    assert_eq!(broken.origin.line, Some(5));
    assert!(broken.reason.starts_with("invalid JSON: EOF while parsing an object"), "{broken}");
    assert_eq!(rejection(&items[3]).reason, "missing text or html");
    assert_eq!(rejection(&items[3]).origin.line, Some(6));
    assert_eq!(rejection(&items[4]).reason, "empty document");
    assert!(rejection(&items[5]).reason.contains("expected a JSON object"), "{}", rejection(&items[5]));
    let last = doc(&items[6]);
    assert_eq!(last.origin.line, Some(9));
    assert_eq!(last.hints.published.as_deref(), Some("1500000000"));
    assert_eq!(last.hints.id, None);
}

#[test]
fn jsonl_bad_types_and_invalid_utf8_reject_only_their_line() {
    let mut data =
        b"{\"text\": \"ok 1\"}\n{\"text\": \"caf\xe9\"}\n{\"text\": \"ok 3\", \"id\": true}\n".to_vec();
    data.extend_from_slice(b"{\"text\": \"ok 4\"}\n");
    let items = read_one("mis.txt", &data);
    assert_eq!(items.len(), 4);
    assert_eq!(text(&items[0]), "ok 1");
    assert_eq!(rejection(&items[1]).reason, "invalid UTF-8 at byte 13");
    assert_eq!(rejection(&items[1]).origin, Origin::line(rejection(&items[1]).origin.source.clone(), 2));
    assert!(
        rejection(&items[2]).reason.contains("expected a string or a number"),
        "{}",
        rejection(&items[2])
    );
    assert_eq!(text(&items[3]), "ok 4");
}

#[test]
fn jsonl_long_lines_are_rejected() {
    let limits = Limits { max_line_bytes: 30, ..Limits::default() };
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n", "x".repeat(100));
    let path = put(dir.path(), "a.jsonl", long.as_bytes());
    let items = read_with(&[&path], limits);
    assert_eq!(rejection(&items[0]).reason, "line too long (112 bytes, limit 30)");
    assert_eq!(text(&items[1]), "short");
}

#[test]
fn truncated_gzip_jsonl_keeps_earlier_lines() {
    let lines: String =
        (0..5000).map(|i| format!("{{\"id\": {i}, \"text\": \"article number {i}\"}}\n")).collect();
    let z = gzip(lines.as_bytes());
    let items = read_one("feed.jsonl.gz", &z[..z.len() * 2 / 3]);
    let (last, docs) = items.split_last().unwrap();
    assert!(docs.len() > 1000, "only {} lines", docs.len());
    for (i, item) in docs.iter().enumerate() {
        assert_eq!(doc(item).hints.id, Some(i.to_string()));
    }
    let r = rejection(last);
    assert_eq!(r.reason, "truncated gzip: unexpected end of file");
    assert_eq!(r.origin.line, Some(docs.len() as u64 + 1));
}

#[test]
fn json_array_files() {
    let data = b"\xEF\xBB\xBF [\n  {\"id\": 1, \"text\": \"one, [two]\"},\n  {\"text\": \"esc \\\"} ] ,\"},\n  {\"bad\": },\n  {\"html\": \"<b>x</b>\"}\n]\n";
    let items = read_one("arr.json", data);
    assert_eq!(items.len(), 4);
    assert_eq!(text(&items[0]), "one, [two]");
    assert_eq!(doc(&items[0]).origin.line, Some(2));
    assert_eq!(text(&items[1]), "esc \"} ] ,");
    assert_eq!(rejection(&items[2]).origin.line, Some(4));
    assert!(rejection(&items[2]).reason.starts_with("invalid JSON: "));
    assert_eq!(html(&items[3]), b"<b>x</b>");
    // compact, with a trailing comma, misnamed
    let items = read_one("arr.txt", b"[{\"text\":\"a\"},{\"text\":\"b\"},]");
    assert_eq!(items.iter().map(text).collect::<Vec<_>>(), ["a", "b"]);
    // nothing in it is said, not passed over in silence (found by the http_body fuzz target)
    for empty in [&b"[]"[..], b" [ \r\n ] \n", b"\n\n  \n"] {
        let items = read_one("empty.json", empty);
        assert_eq!(items.len(), 1, "{}", String::from_utf8_lossy(empty));
        assert_eq!(rejection(&items[0]).reason, "empty document");
        assert!(rejection(&items[0]).origin.source.ends_with("empty.json"));
        assert_eq!(rejection(&items[0]).origin.line, None);
    }
}

#[test]
fn broken_json_arrays_say_where() {
    let items = read_one("a.json", b"[{\"text\": \"a\"} {\"text\": \"b\"}]");
    assert_eq!(text(&items[0]), "a");
    assert_eq!(
        rejection(&items[1]).reason,
        "malformed JSON array: expected ',' or ']' between elements, found '{'"
    );
    let items = read_one("a.json", b"[{\"text\": \"a\"}, {\"text\": \"b");
    assert_eq!(text(&items[0]), "a");
    assert_eq!(rejection(&items[1]).reason, "malformed JSON array: input ends inside an element");
    let items = read_one("a.json", b"[{\"text\": \"a\"}] trailing");
    assert_eq!(rejection(&items[1]).reason, "malformed JSON array: unexpected data after the closing ']'");
    let items = read_one("a.json", b"[{\"text\": \"a\"},\n");
    assert_eq!(rejection(&items[1]).reason, "malformed JSON array: missing ']' at the end");
    assert_eq!(rejection(&items[1]).origin.line, Some(2));
}

#[test]
fn pretty_printed_object_files() {
    let data = b"{\n  \"title\": \"A\",\n  \"meta\": {\n    \"k\": 1\n  },\n  \"text\": \"Body.\"\n}\n{\"text\": \"next\"}\n";
    let items = read_one("one.json", data);
    assert_eq!(items.len(), 2);
    assert_eq!(doc(&items[0]).hints.title.as_deref(), Some("A"));
    assert_eq!(doc(&items[0]).origin.line, Some(1));
    assert_eq!(text(&items[1]), "next");
    assert_eq!(doc(&items[1]).origin.line, Some(8));
}

#[test]
fn json_bodies() {
    let pretty = b"{\n \"id\": 3,\n \"text\": \"Rain.\"\n}";
    let items = read_json_body("http", pretty);
    assert_eq!(items.len(), 1);
    assert_eq!(doc(&items[0]).origin, Origin::file("http"));
    assert_eq!(doc(&items[0]).hints.id.as_deref(), Some("3"));
    let items = read_json_body("http", b"{\"text\": \"a\"}\n\n{\"text\": 5}\n{\"text\": \"c\"}");
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).origin, Origin::line("http", 1));
    assert_eq!(rejection(&items[1]).origin, Origin::line("http", 3));
    assert_eq!(doc(&items[2]).origin, Origin::line("http", 4));
    let items = read_json_body("http", b"[{\"text\": \"a\"}, {\"text\": \"b\"}]");
    assert_eq!(items.len(), 2);
    let items = read_json_body("http", b"  ");
    assert_eq!(rejection(&items[0]).reason, "empty document");
    let items = read_json_body("http", b"{\"title\": \"x\"}");
    assert_eq!(rejection(&items[0]).reason, "missing text or html");
    assert_eq!(read_json_body("http", b"not json at all").len(), 1);
}

// ---------------------------------------------------------------- WARC

fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n",
        block.len()
    )
    .into_bytes();
    if !uri.is_empty() {
        out.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()).as_bytes(),
    );
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, http: &[u8]) -> Vec<u8> {
    record("response", uri, "application/http; msgtype=response", http)
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nServer: test\r\n").into_bytes();
    if !content_type.is_empty() {
        out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

fn page(n: usize) -> Vec<u8> {
    format!("<!doctype html><html><head><title>Page {n}</title></head><body><p>Story {n}.</p></body></html>")
        .into_bytes()
}

/// A crawl: warcinfo, request, two HTML responses, an image, metadata, a 404 and an untyped HTML page.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record("warcinfo", "", "application/warc-fields", b"software: test\r\nformat: WARC 1.0\r\n"),
        record(
            "request",
            "https://a.example/1",
            "application/http; msgtype=request",
            b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
        ),
        response("https://a.example/1", &http("200 OK", "text/html; charset=windows-1252", &page(1))),
        response("<https://a.example/logo.png>", &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n")),
        record("metadata", "https://a.example/1", "application/warc-fields", b"fetchTimeMs: 12\r\n"),
        response("https://a.example/gone", &http("404 Not Found", "text/html", b"<html>gone</html>")),
        response("<https://b.example/2>", &http("200 OK", "", &page(2))),
    ]
}

fn check_crawl(items: &[Item], source: &str) {
    assert_eq!(items.len(), 3, "{items:?}");
    let first = doc(&items[0]);
    assert_eq!(first.origin, Origin::record(source, 3));
    assert_eq!(first.hints.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(first.hints.charset.as_deref(), Some("windows-1252"));
    assert_eq!(first.body, Body::Html(page(1)));
    let gone = rejection(&items[1]);
    assert_eq!(gone.origin, Origin::record(source, 6));
    assert_eq!(gone.reason, "http status 404");
    let second = doc(&items[2]);
    assert_eq!(second.origin, Origin::record(source, 7));
    assert_eq!(second.hints.url.as_deref(), Some("https://b.example/2"));
    assert_eq!(second.hints.charset, None);
    assert_eq!(second.body, Body::Html(page(2)));
}

#[test]
fn warc_yields_html_responses_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "crawl.warc", &crawl().concat());
    let mut docs = read_inputs(vec![Input::Path(path.clone())], Limits::default());
    let items: Vec<Item> = docs.by_ref().collect();
    check_crawl(&items, &path.display().to_string());
    assert_eq!(
        docs.stats(),
        Stats { inputs: 1, documents: 2, rejections: 1, skipped_records: 4, skipped_files: 0, cut_inputs: 0 }
    );
}

#[test]
fn warc_detected_by_content_and_single_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "crawl.bin", &gzip(&crawl().concat()));
    check_crawl(&read(&[&path]), &path.display().to_string());
}

#[test]
fn warc_multi_member_gzip() {
    let members: Vec<u8> = crawl().iter().map(|r| gzip(r)).collect::<Vec<_>>().concat();
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "CC-NEWS-20240501.warc.gz", &members);
    check_crawl(&read(&[&path]), &path.display().to_string());
}

#[test]
fn warc_truncated_gzip_member_keeps_complete_records() {
    let records = crawl();
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    // cut record 7 (the second page) in the middle of its gzip member
    let mut bytes = members[..6].concat();
    bytes.extend_from_slice(&members[6][..members[6].len() / 2]);
    let items = read_one("cut.warc.gz", &bytes);
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).origin.record, Some(3));
    assert_eq!(rejection(&items[1]).reason, "http status 404");
    let cut = rejection(&items[2]);
    assert_eq!(cut.origin.record, Some(7));
    assert_eq!(cut.reason, "truncated gzip: unexpected end of file");
}

#[test]
fn warc_truncated_record_is_named() {
    let records = crawl();
    let mut bytes = records[..3].concat();
    bytes.extend_from_slice(&records[6][..records[6].len() - 40]);
    let items = read_one("cut.warc", &bytes);
    assert_eq!(items.len(), 2);
    assert_eq!(doc(&items[0]).origin.record, Some(3));
    let cut = rejection(&items[1]);
    assert_eq!(cut.origin.record, Some(4));
    let full = records[6].len() as u64
        - 4
        - (records[6].windows(4).position(|w| w == b"\r\n\r\n").unwrap() as u64 + 4);
    assert_eq!(
        cut.reason,
        format!("truncated WARC record: expected {full} content bytes, got {}", full - 36)
    );
    // cut inside the headers
    let mut bytes = records[2].clone();
    bytes.extend_from_slice(&records[6][..30]);
    let items = read_one("cut.warc", &bytes);
    assert_eq!(items.len(), 2);
    assert_eq!(rejection(&items[1]).reason, "malformed WARC record: input ends inside the headers");
    assert_eq!(rejection(&items[1]).origin.record, Some(2));
}

#[test]
fn warc_garbage_is_skipped_to_the_next_record() {
    let records = crawl();
    let mut bytes = records[2].clone();
    bytes.extend_from_slice(b"this is not a record\r\nnor this\r\n\r\n");
    bytes.extend_from_slice(&records[6]);
    let items = read_one("g.warc", &bytes);
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).origin.record, Some(1));
    let garbage = rejection(&items[1]);
    assert_eq!(garbage.origin.record, Some(2));
    assert_eq!(
        garbage.reason,
        "malformed WARC record: expected a WARC version line, found \"this is not a record\""
    );
    assert_eq!(doc(&items[2]).origin.record, Some(3));
    assert_eq!(doc(&items[2]).body, Body::Html(page(2)));
}

#[test]
fn warc_wrong_content_length_resynchronizes() {
    let records = crawl();
    // record 2 claims 500 bytes more than it has: it swallows record 3's start, which is found again
    let bytes =
        [records[0].clone(), with_length_off(&records[2], 500), records[6].clone(), records[2].clone()]
            .concat();
    let items = read_one("liar.warc", &bytes);
    assert_eq!(items.len(), 3, "{items:?}");
    let bad = rejection(&items[0]);
    assert_eq!(bad.origin.record, Some(2));
    assert_eq!(bad.reason, "malformed WARC record: content does not end where Content-Length says");
    assert_eq!(doc(&items[1]).body, Body::Html(page(2)));
    assert_eq!(doc(&items[1]).origin.record, Some(3));
    assert_eq!(doc(&items[2]).body, Body::Html(page(1)));
    assert_eq!(doc(&items[2]).origin.record, Some(4));
}

/// A copy of `record` whose `Content-Length` is off by `delta`.
fn with_length_off(record: &[u8], delta: i64) -> Vec<u8> {
    let text = String::from_utf8_lossy(record).into_owned();
    let claimed: i64 =
        text.split("Content-Length: ").nth(1).unwrap().split("\r\n").next().unwrap().parse().unwrap();
    text.replacen(
        &format!("Content-Length: {claimed}\r\n\r\n"),
        &format!("Content-Length: {}\r\n\r\n", claimed + delta),
        1,
    )
    .into_bytes()
}

#[test]
fn warc_wrong_length_in_a_passed_over_record_is_recovered() {
    let records = crawl();
    // the request claims 60 bytes too many and swallows the start of the response after it
    let bytes = [with_length_off(&records[1], 60), records[2].clone(), records[6].clone()].concat();
    let items = read_one("req.warc", &bytes);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(rejection(&items[0]).origin.record, Some(1));
    assert_eq!(html(&items[1]), page(1));
    assert_eq!(html(&items[2]), page(2));
}

#[test]
fn warc_length_ending_on_a_header_line_is_caught() {
    let records = crawl();
    // the block ends just before the next record's "WARC-Type:" line, which starts with W but is no record
    let delta = 4 + "WARC/1.0\r\n".len() as i64;
    let bytes = [with_length_off(&records[2], delta), records[6].clone(), records[2].clone()].concat();
    let items = read_one("w.warc", &bytes);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        rejection(&items[0]).reason,
        "malformed WARC record: content does not end where Content-Length says"
    );
    assert_eq!(html(&items[1]), page(2));
    assert_eq!(html(&items[2]), page(1));
    // a length short by a few bytes leaves the page's tail behind: the page is kept, the tail reported
    let bytes = [with_length_off(&records[2], -7), records[6].clone()].concat();
    let items = read_one("short.warc", &bytes);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(html(&items[0]).ends_with(b"</body>"));
    assert!(
        rejection(&items[1])
            .reason
            .starts_with("malformed WARC record: expected a WARC version line, found \"</html>\"")
    );
    assert_eq!(html(&items[2]), page(2));
}

#[test]
fn warc_missing_content_length_and_missing_blank_line() {
    let records = crawl();
    let no_length =
        b"WARC/1.0\r\nWARC-Type: response\r\nFoo: bar\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n"
            .to_vec();
    let headers_only = b"WARC/1.1\r\nWARC-Type: response\r\n".to_vec();
    let bytes = [no_length, records[2].clone(), headers_only, records[6].clone()].concat();
    let items = read_one("odd.warc", &bytes);
    let reasons: Vec<String> = items
        .iter()
        .map(|i| i.as_ref().map_or_else(|r| r.reason.clone(), |d| format!("doc {}", d.origin)))
        .collect();
    assert_eq!(items.len(), 4, "{reasons:?}");
    assert_eq!(rejection(&items[0]).reason, "malformed WARC record: missing or invalid Content-Length");
    assert_eq!(doc(&items[1]).body, Body::Html(page(1)));
    assert_eq!(rejection(&items[2]).reason, "malformed WARC record: headers end without a blank line");
    assert_eq!(doc(&items[3]).body, Body::Html(page(2)));
    assert_eq!(doc(&items[3]).origin.record, Some(4));
}

#[test]
fn warc_chunked_gzip_payload() {
    let body = page(9);
    let z = gzip(&body);
    let mut chunked = Vec::new();
    for part in z.chunks(10) {
        chunked.extend_from_slice(format!("{:X}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    block.extend_from_slice(&chunked);
    let items = read_one("c.warc", &response("https://c.example/", &block));
    assert_eq!(html(&items[0]), body);
}

#[test]
fn warc_resource_records_hold_pages_as_they_are() {
    let bytes = [
        record("resource", "https://r.example/", "text/html; charset=UTF-8", &page(5)),
        record("resource", "https://r.example/s.css", "text/css", b"p { color: red }"),
        record("resource", "https://r.example/blank", "text/html", b"\r\n "),
    ]
    .concat();
    let items = read_one("r.warc", &bytes);
    assert_eq!(items.len(), 2);
    assert_eq!(html(&items[0]), page(5));
    assert_eq!(doc(&items[0]).hints.charset.as_deref(), Some("UTF-8"));
    assert_eq!(doc(&items[0]).hints.url.as_deref(), Some("https://r.example/"));
    assert_eq!(rejection(&items[1]).reason, "empty document");
    assert_eq!(rejection(&items[1]).origin.record, Some(3));
}

#[test]
fn warc_oversized_responses() {
    let limits = Limits { max_document_bytes: 1000, ..Limits::default() };
    let big_page = [b"<html><body>".to_vec(), vec![b'x'; 5000]].concat();
    let big_image = vec![0u8; 5000];
    let bytes = [
        response("https://a.example/big", &http("200 OK", "text/html", &big_page)),
        response("https://a.example/big.png", &http("200 OK", "image/png", &big_image)),
        response("https://a.example/1", &http("200 OK", "text/html", &page(1))),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "big.warc", &bytes);
    let mut docs = read_inputs(vec![Input::Path(path)], limits);
    let items: Vec<Item> = docs.by_ref().collect();
    assert_eq!(items.len(), 2);
    let big = rejection(&items[0]);
    assert!(
        big.reason.starts_with("document too large (") && big.reason.ends_with("bytes, limit 1000)"),
        "{big}"
    );
    assert_eq!(doc(&items[1]).origin.record, Some(3));
    assert_eq!(docs.stats().skipped_records, 1);
}

#[test]
fn warc_without_trailing_newlines_and_with_lf_only() {
    let block = http("200 OK", "text/html", &page(1));
    let mut bytes =
        format!("WARC/1.1\nWARC-Type: response\nContent-Length: {}\n\n", block.len()).into_bytes();
    bytes.extend_from_slice(&block);
    bytes.extend_from_slice(&response("https://x.example/", &http("200 OK", "text/html", &page(2))));
    let items = read_one("lf.warc", &bytes);
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(html(&items[0]), page(1));
    assert_eq!(doc(&items[0]).hints.url, None);
    assert_eq!(html(&items[1]), page(2));
}

// ---------------------------------------------------------------- shared data

#[test]
fn shared_seeds_are_two_text_documents() {
    let Some(seeds) = shared("seeds") else { return };
    let items = read(&[&seeds]);
    assert_eq!(items.len(), 2);
    for item in &items {
        assert!(text(item).len() > 500);
        assert!(doc(item).origin.source.ends_with(".txt"));
    }
    assert!(text(&items[0]).contains("Sheinbaum"));
}

#[test]
fn shared_scrapinghub_pages_are_html() {
    let Some(pages) = shared("data/extraction/scrapinghub/html") else { return };
    let items = read(&[&pages]);
    assert_eq!(items.len(), 181);
    let mut previous = String::new();
    for item in &items {
        let bytes = html(item);
        assert!(bytes.len() > 1000);
        let source = &doc(item).origin.source;
        assert!(source.ends_with(".html.gz") && *source > previous, "{source} out of order");
        previous = source.clone();
    }
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
        prefix in prop_oneof![
            Just(&b""[..]), Just(&b"WARC/1.0\r\n"[..]), Just(&b"{\"text\": "[..]), Just(&b"[{"[..]),
            Just(&b"<html>"[..]), Just(&b"WARC/1.0\r\nContent-Length: 20\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n"[..]),
        ],
        name in prop_oneof![Just(".txt"), Just(".jsonl"), Just(".warc"), Just(".html"), Just("")],
        zip in any::<bool>(),
    ) {
        let data = [prefix, &bytes[..]].concat();
        let data = if zip { gzip(&data) } else { data };
        let limits = Limits { max_document_bytes: 500, max_line_bytes: 300 };
        let mut file = tempfile::Builder::new().suffix(name).tempfile().unwrap();
        file.write_all(&data).unwrap();
        let items: Vec<Item> = read_inputs(vec![Input::Path(file.path().to_path_buf())], limits).collect();
        // a text or HTML input is always exactly one document or one rejection
        let plain = [prefix, &bytes[..]].concat();
        let format = sniff(Some(name), &plain[..plain.len().min(SNIFF_BYTES)]);
        if !plain.starts_with(&[0x1f, 0x8b]) && matches!(format, Format::Text | Format::Html) {
            prop_assert_eq!(items.len(), 1);
        }
        for item in &items {
            match item {
                Ok(doc) => prop_assert!(!doc.body.is_empty()),
                Err(r) => prop_assert!(!r.reason.is_empty() && !r.reason.ends_with('.')),
            }
        }
    }

    #[test]
    fn damaged_warcs_and_json_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        kind in 0..3u8,
    ) {
        let mut data = match kind {
            0 => crawl().concat(),
            1 => crawl().iter().map(|r| gzip(r)).collect::<Vec<_>>().concat(),
            _ => b"[{\"id\": 1, \"text\": \"a\"},\n{\"text\": \"b \\\" ]\"}, {\"html\": \"<p>c</p>\"}]\n".to_vec(),
        };
        for (at, byte) in flips {
            let i = at.index(data.len());
            data[i] = byte;
        }
        let items: Vec<Item> = read_stream("d.warc", std::io::Cursor::new(data), Limits::default()).collect();
        prop_assert!(items.len() <= 8);
        for doc in items.iter().flatten() {
            prop_assert!(!doc.body.is_empty());
        }
    }
}

/// Cuts a crawl at every byte (plain, and gzip with one member per record): every record complete before
/// the cut comes out, in order, and at most one rejection follows.
#[test]
fn warc_cut_anywhere_keeps_every_complete_record() {
    let records = crawl();
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    for (parts, zipped) in [(&records, false), (&members, true)] {
        let all = parts.concat();
        let ends: Vec<usize> = parts
            .iter()
            .scan(0, |end, r| {
                *end += r.len();
                Some(*end)
            })
            .collect();
        for cut in 0..=all.len() {
            let complete = ends.iter().filter(|&&e| e <= cut).count() as u64;
            let items: Vec<Item> =
                read_stream("w.warc", std::io::Cursor::new(all[..cut].to_vec()), Limits::default()).collect();
            let got: Vec<u64> = items
                .iter()
                .map(|i| i.as_ref().map_or_else(|r| r.origin.record, |d| d.origin.record).unwrap())
                .collect();
            // records 3, 6 and 7 give items (a page, a 404, a page)
            let expected: Vec<u64> = [3, 6, 7].into_iter().filter(|&n| n <= complete).collect();
            let context = format!("zipped {zipped}, cut {cut} of {}: {items:?}", all.len());
            assert!(got.starts_with(&expected), "{context}");
            // the record being cut may still come out when only its trailing newlines (or gzip footer) are
            // missing; then or otherwise, one rejection may close the list
            let extra = &items[expected.len()..];
            assert!(extra.len() <= 2, "{context}");
            for (k, item) in extra.iter().enumerate() {
                match item {
                    Ok(doc) => assert_eq!(doc.origin.record, Some(complete + 1), "{context}"),
                    Err(r) => assert!(k + 1 == extra.len() || r.reason == "http status 404", "{context}"),
                }
            }
            if ends.contains(&cut) || cut == 0 {
                assert_eq!(got, expected, "a cut between records is a clean end: {context}");
            }
        }
    }
}

#[test]
fn walks_pass_over_files_that_hold_no_articles() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "a.txt", b"an article");
    put(dir.path(), "notes.md", b"# notes");
    put(dir.path(), "logo.png", b"\x89PNG");
    put(dir.path(), "b.html.gz", &gzip(b"<html><body><p>page</p></body></html>"));
    put(dir.path(), "noext", b"plain words");
    let mut docs = read_inputs(vec![Input::Path(dir.path().to_path_buf())], Limits::default());
    let items: Vec<_> = docs.by_ref().collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(docs.stats().skipped_files, 2);
    // named directly, any file is read and detected by content
    let items = read(&[&dir.path().join("notes.md")]);
    assert_eq!(text(&items[0]), "# notes");
    assert!(may_hold_articles(std::path::Path::new("x/CC-NEWS-1.warc.gz")));
    assert!(!may_hold_articles(std::path::Path::new("x/style.css")));
}

#[test]
fn record_limits_cut_an_input_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("a.jsonl");
    let lines: Vec<String> = (0..10).map(|i| format!("{{\"id\": {i}, \"text\": \"t{i}\"}}")).collect();
    std::fs::write(&many, lines.join("\n")).unwrap();
    let junk = dir.path().join("b.jsonl");
    std::fs::write(&junk, "{x\n".repeat(20) + "{\"text\": \"late\"}\n").unwrap();
    let exact = dir.path().join("c.jsonl");
    std::fs::write(&exact, lines[..3].join("\n")).unwrap();
    let inputs = [&many, &junk, &exact].iter().map(|p| Input::Path(p.to_path_buf())).collect();
    let mut docs = read_inputs(inputs, Limits::default()).with_record_limits(3, 4);
    let items: Vec<_> = docs.by_ref().collect();
    let summary: Vec<String> = items
        .iter()
        .map(|i| match i {
            Ok(d) => format!("ok {}", d.hints.id.as_deref().unwrap_or("-")),
            Err(r) => r.reason.clone(),
        })
        .collect();
    let cut = "too many records in one input (limit 3): the rest of it is not read";
    let bad = |s: &String| s.starts_with("invalid JSON");
    assert_eq!(summary[..4], ["ok 0", "ok 1", "ok 2", cut]);
    assert!(summary[4..7].iter().all(bad), "{summary:?}");
    // the third rejection in a row reaches the record limit first
    assert_eq!(summary[7], cut);
    assert_eq!(rejection(&items[7]).origin, Origin::file(junk.display().to_string()));
    // exactly at the limit: nothing is cut off, nothing said
    assert_eq!(summary[8..], ["ok 0", "ok 1", "ok 2"]);
    assert_eq!(docs.stats().cut_inputs, 2);

    let inputs = vec![Input::Path(junk.clone())];
    let items: Vec<_> = read_inputs(inputs, Limits::default()).with_record_limits(0, 4).collect();
    assert_eq!(items.len(), 5);
    assert_eq!(
        rejection(&items[4]).reason,
        "4 rejections in a row (limit 4): the rest of the input is not read"
    );
}

#[test]
fn request_bodies_are_limited_in_articles() {
    let body: String = (0..MAX_BODY_RECORDS + 5).map(|i| format!("{{\"text\": \"t{i}\"}}\n")).collect();
    let items = read_json_body("http", body.as_bytes());
    assert_eq!(items.len(), MAX_BODY_RECORDS + 1);
    assert!(items[..MAX_BODY_RECORDS].iter().all(Result::is_ok));
    let last = rejection(&items[MAX_BODY_RECORDS]);
    assert_eq!(
        last.reason,
        format!("too many articles in one request (limit {MAX_BODY_RECORDS}): the rest is not read")
    );
    // an empty array says so (found by the http_body fuzz target)
    let items = read_json_body("http", b"[]");
    assert_eq!(rejection(&items[0]).reason, "empty document");
}
