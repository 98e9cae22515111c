//! A small HTTP/1.1 server for JSON-RPC: `POST /` with a JSON-RPC request (or a batch), and
//! CometBFT's URI form (`GET /status`, `GET /abci_query?path="..."&data=0x...`). Keep-alive,
//! CORS for browsers (CosmJS in a web app), one thread per connection; requests go to the chain
//! thread in order.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use serde_json::{json, Value};

use crate::rpc::Job;

/// Largest request body accepted (a store-code transaction is under 1 MiB, base64 in JSON).
const MAX_BODY: usize = 8 * 1024 * 1024;

pub(crate) fn serve(listener: TcpListener, jobs: mpsc::Sender<Job>, stop: Arc<AtomicBool>) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = conn else { continue };
        let jobs = jobs.clone();
        let stop = stop.clone();
        let _ = std::thread::Builder::new()
            .name("cw-health-node-conn".into())
            .spawn(move || {
                let _ = connection(stream, jobs, stop);
            });
    }
}

struct Request {
    method: String,
    target: String,
    body: Vec<u8>,
    close: bool,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let version = parts.next().unwrap_or("HTTP/1.1").to_string();
    let mut len = 0usize;
    let mut close = version == "HTTP/1.0";
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            return Ok(None);
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            if k == "content-length" {
                len = v.parse().unwrap_or(0);
            } else if k == "connection" {
                close = v.eq_ignore_ascii_case("close");
            }
        }
    }
    if len > MAX_BODY {
        return Err(std::io::Error::other("request too large"));
    }
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        target,
        body,
        close,
    }))
}

fn connection(
    stream: TcpStream,
    jobs: mpsc::Sender<Job>,
    stop: Arc<AtomicBool>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader)? {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let (status, body) = match req.method.as_str() {
            "OPTIONS" => (204, Vec::new()),
            "POST" => {
                let body = match serde_json::from_slice::<Value>(&req.body) {
                    Ok(Value::Array(calls)) => {
                        let out: Vec<Value> = calls.into_iter().map(|c| call(&jobs, c)).collect();
                        Value::Array(out)
                    }
                    Ok(v) => call(&jobs, v),
                    Err(e) => rpc_error(Value::from(-1), -32700, "Parse error", &e.to_string()),
                };
                (200, body.to_string().into_bytes())
            }
            "GET" => {
                let (status, v) = uri_call(&jobs, &req.target);
                (status, v.to_string().into_bytes())
            }
            _ => (405, Vec::new()),
        };
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, POST, OPTIONS\r\n\
             Access-Control-Allow-Headers: *\r\nConnection: {}\r\n\r\n",
            body.len(),
            if req.close { "close" } else { "keep-alive" }
        );
        writer.write_all(head.as_bytes())?;
        writer.write_all(&body)?;
        writer.flush()?;
        if req.close {
            break;
        }
    }
    Ok(())
}

pub(crate) fn rpc_error(id: Value, code: i64, message: &str, data: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message, "data": data}})
}

fn call(jobs: &mpsc::Sender<Job>, req: Value) -> Value {
    let id = req.get("id").cloned().unwrap_or(Value::from(-1));
    let Some(method) = req.get("method").and_then(Value::as_str) else {
        return rpc_error(id, -32600, "Invalid Request", "no method");
    };
    let params = req.get("params").cloned().unwrap_or(Value::Null);
    dispatch(jobs, id, method, params)
}

fn dispatch(jobs: &mpsc::Sender<Job>, id: Value, method: &str, params: Value) -> Value {
    let (reply_tx, reply_rx) = mpsc::channel();
    let job = Job {
        id: id.clone(),
        method: method.to_string(),
        params,
        reply: reply_tx,
    };
    if jobs.send(job).is_err() {
        return rpc_error(id, -32603, "Internal error", "the node is stopping");
    }
    reply_rx
        .recv()
        .unwrap_or_else(|_| rpc_error(id, -32603, "Internal error", "the node is stopping"))
}

/// CometBFT's URI form: `/method?key=value&...`, strings in double quotes, bytes as `0x` hex.
fn uri_call(jobs: &mpsc::Sender<Job>, target: &str) -> (u16, Value) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let method = path.trim_start_matches('/');
    if method.is_empty() {
        let routes = [
            "abci_info",
            "abci_query",
            "block",
            "broadcast_tx_async",
            "broadcast_tx_commit",
            "broadcast_tx_sync",
            "health",
            "status",
            "tx",
            "tx_search",
        ];
        return (200, json!({"routes": routes}));
    }
    let mut params = serde_json::Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        let value = if let Some(s) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Value::String(s.to_string())
        } else if let Some(h) = v.strip_prefix("0x") {
            Value::String(h.to_string())
        } else if v == "true" || v == "false" {
            Value::Bool(v == "true")
        } else {
            Value::String(v)
        };
        params.insert(k.to_string(), value);
    }
    (
        200,
        dispatch(jobs, Value::from(-1), method, Value::Object(params)),
    )
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if b == b'%' {
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
