//! Test support: the real server on a loopback port, a small HTTP/1.1 client over a TCP stream, and a
//! checker of JSON answers against the server's OpenAPI document.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use samestory_pipeline::Ingestor;
use samestory_server::ServerOptions;
use samestory_store::Store;
use serde_json::Value;

/// The demo corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// The files a directory walk ingests, in the order `samestory ingest DIR` reads them.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    entries.sort_by_key(|p| p.file_name().unwrap().to_os_string());
    let mut files = Vec::new();
    for entry in entries {
        if entry.is_dir() {
            files.extend(walk(&entry));
        } else if samestory_source::may_hold_articles(&entry) {
            files.push(entry);
        }
    }
    files
}

/// A server on 127.0.0.1 over a store file in a temporary directory, running on its own thread until the
/// test process ends.
pub struct TestServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub fn start(options: ServerOptions) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("serve.db");
        let addr = start_on(&db, options);
        TestServer { addr, db, _dir: dir }
    }

    pub fn get(&self, path: &str) -> Reply {
        request(self.addr, "GET", path, &[], b"")
    }

    pub fn post(&self, path: &str, body: &[u8]) -> Reply {
        request(self.addr, "POST", path, &[], body)
    }
}

/// Starts a server over the store file `db` (created when missing); returns its address.
pub fn start_on(db: &Path, options: ServerOptions) -> SocketAddr {
    let store = Store::open(db).unwrap();
    let ingestor = Ingestor::open(store, Default::default()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            samestory_server::serve(listener, ingestor, options).await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(30)).expect("the server did not start")
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {} {}", self.status, String::from_utf8_lossy(&self.body))
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection (`Connection: close`), read to the end.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before the whole body is sent and close the connection.
    let _ = stream.write_all(body);
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let chunked =
        headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            body.extend_from_slice(&chunk[..size]);
        }
    } else if method != "HEAD" {
        reader.read_to_end(&mut body).unwrap();
    }
    Reply { status, headers, body }
}

/// Reads a status line and headers.
pub fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    (status, headers)
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The server's OpenAPI document, and which of its operations and answers the tests checked.
pub struct Spec {
    doc: Value,
    pub seen: Mutex<BTreeSet<(String, String, String)>>,
}

impl Spec {
    pub fn load() -> Spec {
        let doc = serde_json::from_str(include_str!("../../src/openapi.json")).expect("openapi.json is JSON");
        Spec { doc, seen: Mutex::new(BTreeSet::new()) }
    }

    /// The documented path template matching a concrete path.
    fn template(&self, path: &str) -> String {
        let path = path.split('?').next().unwrap();
        let parts: Vec<&str> = path.split('/').collect();
        for template in self.doc["paths"].as_object().unwrap().keys() {
            let t: Vec<&str> = template.split('/').collect();
            if t.len() == parts.len()
                && t.iter().zip(&parts).all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
            {
                return template.clone();
            }
        }
        panic!("{path} is not documented");
    }

    /// Checks that `reply` to `method path` is documented (status and content) and matches its schema.
    pub fn check(&self, method: &str, path: &str, reply: &Reply) {
        let template = self.template(path);
        let op = &self.doc["paths"][&template][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {template} is not documented");
        let status = reply.status.to_string();
        let mut response = &op["responses"][&status];
        assert!(response.is_object(), "{method} {path}: status {status} is not documented: {}", reply.text());
        if let Some(r) = response["$ref"].as_str() {
            response = self.resolve(r);
        }
        let content_type =
            reply.header("content-type").unwrap_or("").split(';').next().unwrap().trim().to_string();
        let media = &response["content"][&content_type];
        assert!(
            media.is_object(),
            "{method} {path} {status}: content type {content_type:?} is not documented"
        );
        if content_type == "application/json" {
            let value = reply.json();
            if let Err(e) = self.validate(&media["schema"], &value, "$") {
                panic!("{method} {path} {status} does not match the OpenAPI document: {e}\n{value:#}");
            }
        }
        self.seen.lock().unwrap().insert((method.to_string(), template, status));
    }

    fn resolve(&self, reference: &str) -> &Value {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("only local refs: {reference}"));
        self.doc.pointer(pointer).unwrap_or_else(|| panic!("dangling ref {reference}"))
    }

    /// A JSON Schema subset: $ref, type (one or several), properties, required, additionalProperties,
    /// items, enum, anyOf, minimum, maximum, format date-time. Unknown keywords fail, so the document
    /// cannot say more than is checked. Stricter than JSON Schema in one way: an object schema with
    /// `properties` is closed unless it says `additionalProperties`, so an answer cannot carry a field the
    /// document does not describe.
    pub fn validate(&self, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        let schema = schema.as_object().ok_or_else(|| format!("{at}: schema is not an object"))?;
        for key in schema.keys() {
            let known = [
                "$ref",
                "type",
                "properties",
                "required",
                "additionalProperties",
                "items",
                "enum",
                "anyOf",
                "minimum",
                "maximum",
                "format",
                "description",
            ];
            if !known.contains(&key.as_str()) {
                return Err(format!("{at}: schema keyword {key} is not checked by the tests"));
            }
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return self.validate(self.resolve(r), value, at);
        }
        if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            let errors: Vec<String> =
                options.iter().filter_map(|s| self.validate(s, value, at).err()).collect();
            if errors.len() == options.len() {
                return Err(format!("{at}: matches none of anyOf: {}", errors.join("; ")));
            }
        }
        if let Some(types) = schema.get("type") {
            let types: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => return Err(format!("{at}: bad type")),
            };
            let actual = match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            let fits = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
            if !fits {
                return Err(format!("{at}: {actual} where {types:?} is documented"));
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                return Err(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        if let Some(n) = value.as_f64() {
            if schema.get("minimum").and_then(Value::as_f64).is_some_and(|min| n < min) {
                return Err(format!("{at}: {n} is below the minimum"));
            }
            if schema.get("maximum").and_then(Value::as_f64).is_some_and(|max| n > max) {
                return Err(format!("{at}: {n} is above the maximum"));
            }
        }
        if let (Some("date-time"), Some(s)) = (schema.get("format").and_then(Value::as_str), value.as_str()) {
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|e| format!("{at}: {s:?} is not a date-time: {e}"))?;
        }
        if let Value::Object(fields) = value {
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                let name = name.as_str().unwrap();
                if !fields.contains_key(name) {
                    return Err(format!("{at}: required field {name} is missing"));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for (name, field) in fields {
                match properties.and_then(|p| p.get(name)) {
                    Some(s) => self.validate(s, field, &format!("{at}.{name}"))?,
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(true)) => {}
                        Some(s @ Value::Object(_)) => self.validate(s, field, &format!("{at}.{name}"))?,
                        None if properties.is_none() => {}
                        _ => return Err(format!("{at}: field {name} is not documented")),
                    },
                }
            }
        }
        if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.validate(s, item, &format!("{at}[{i}]"))?;
            }
        }
        Ok(())
    }

    /// Every documented (method, path) pair.
    pub fn operations(&self) -> BTreeSet<(String, String)> {
        let mut all = BTreeSet::new();
        for (path, ops) in self.doc["paths"].as_object().unwrap() {
            for method in ops.as_object().unwrap().keys() {
                all.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        all
    }
}
