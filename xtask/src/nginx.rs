//! The nginx configuration in front of several instances: the one `cargo xtask cluster`
//! runs, and the one the server's tests of several instances put in front of theirs
//! (server/tests/api/instances.rs includes this file), so both test the same thing.
//! std only, for that reason.

use std::path::Path;

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
        location = /api/agents/events {{
            proxy_pass http://switchboard;
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
        }}
    }}
}}
"#,
        dir = dir.display()
    )
}
