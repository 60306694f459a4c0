//! The nginx configuration in front of several instances, and how nginx is started on it:
//! the one `cargo xtask cluster` runs, and the one the server's tests of several instances
//! and `cargo xtask bench --instances N` put in front of theirs (server/tests/api/instances.rs
//! and bench/src/main.rs include this file), so all three measure and test the same thing.
//! std only, for that reason.

use std::ffi::OsString;
use std::path::Path;

/// Writes the configuration (`nginx_conf`) into `dir` and returns nginx's arguments to run
/// it in the foreground, its error log `dir/error.log`. Everyone who starts the load
/// balancer starts it so.
pub fn prepare(dir: &Path, addr: &str, ports: &[u16]) -> std::io::Result<Vec<OsString>> {
    std::fs::create_dir_all(dir)?;
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, nginx_conf(dir, addr, ports))?;
    Ok(vec![
        "-p".into(),
        dir.into(),
        "-c".into(),
        conf.into(),
        "-e".into(),
        dir.join("error.log").into(),
        "-g".into(),
        "daemon off;".into(),
    ])
}

/// The nginx configuration: round robin over the instances; the event stream unbuffered
/// with a long read timeout. A request whose instance cannot be reached goes to another;
/// one already sent is passed on again only when idempotent (nginx's default), so no
/// change is applied twice. Bodies and answers stay in memory (nginx's workers may not
/// write to the folder).
pub fn nginx_conf(dir: &Path, addr: &str, ports: &[u16]) -> String {
    let servers: String =
        ports.iter().map(|p| format!("        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n")).collect();
    // nginx makes these folders (not their parent) at start, though nothing is written.
    let tmp = dir.display();
    format!(
        r#"worker_processes 1;
pid {dir}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_buffer_size 1m;
    proxy_max_temp_file_size 0;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream switchboard {{
{servers}        keepalive 64;
    }}
    server {{
        listen {addr};
        client_max_body_size 1m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        location / {{
            proxy_pass http://switchboard;
        }}
        # The Status page's live stream: passed on as written, kept open for an hour
        # (the server sends a keep-alive comment well within that).
        location = {events} {{
            proxy_pass http://switchboard;
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
        }}
    }}
}}
"#,
        dir = dir.display(),
        events = switchboard_wire::paths::AGENT_EVENTS,
    )
}
