//! Live updates: Force Logout reaching 1,000 open Status pages, and one Status page
//! following 2,000 logged-on agents who change state 200 times a second.

use crate::harness::{Harness, Paths};
use crate::pages::set_session;
use crate::stats::Summary;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_wire::paths::{self, AGENT_EVENTS};
use switchboard_wire::AgentState;

/// The large data set's agents: numbers 1001 to 3000, all with the demo passcode.
const FIRST_AGENT: u32 = 1001;
const AGENTS: u32 = 2_000;
const PASSCODE: &str = "2468";

/// From a Force Logout request to its event at each of `subscribers` open Status pages
/// (event streams on loopback), over `rounds` agents forced out one after the other.
pub async fn force_logout_fanout(h: &Harness, subscribers: usize, rounds: u32) -> Summary {
    let (admin, _, csrf) = h.api_session("ngarcia").await;
    let sent: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    let (delivered, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<f64>();
    let (ready, mut connected) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut tasks = Vec::new();
    for _ in 0..subscribers {
        let (client, url, sent, delivered, ready) =
            (admin.clone(), h.url(AGENT_EVENTS), sent.clone(), delivered.clone(), ready.clone());
        tasks.push(tokio::spawn(async move {
            let mut stream = client.get(url).send().await.expect("event stream");
            assert!(stream.status().is_success());
            let _ = ready.send(());
            let marker = "\"kind\":\"ended\",\"session_id\":";
            let mut buffer = String::new();
            while let Ok(Some(bytes)) = stream.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&bytes));
                while let Some(at) = buffer.find(marker) {
                    let rest = &buffer[at + marker.len()..];
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if let Some(start) =
                        digits.parse::<i64>().ok().and_then(|id| sent.lock().unwrap().get(&id).copied())
                    {
                        let _ = delivered.send(start.elapsed().as_secs_f64() * 1000.0);
                    }
                    buffer.drain(..at + marker.len());
                }
            }
        }));
    }
    for _ in 0..subscribers {
        connected.recv().await.expect("every subscriber connects");
    }

    let mut samples = Vec::new();
    for round in 0..rounds {
        let number = FIRST_AGENT + round;
        let login = log_on(&admin, &h.url(""), number, &format!("Fan-out {round}")).await;
        assert!(login.is_some(), "agent {number} logs on");
        let board: switchboard_wire::AgentBoard =
            admin.get(h.url(paths::AGENTS)).send().await.unwrap().json().await.unwrap();
        let number = number.to_string();
        let id = board.agents.iter().find(|a| a.agent_number == number).expect("on the board").session_id;
        sent.lock().unwrap().insert(id, Instant::now());
        let forced = admin.post(h.url(&paths::force_logout(id))).header("x-csrf-token", &csrf).send().await.unwrap();
        assert!(forced.status().is_success());
        for _ in 0..subscribers {
            let ms = tokio::time::timeout(Duration::from_secs(30), arrivals.recv()).await.expect("every page hears it");
            samples.push(ms.expect("open channel"));
        }
    }
    tasks.iter().for_each(|t| t.abort());
    Summary::of(samples)
}

/// Logs an agent on as their phone would; their bearer token.
async fn log_on(http: &reqwest::Client, base: &str, number: u32, station: &str) -> Option<String> {
    let response = http
        .post(format!("{base}{}", paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": number.to_string(), "passcode": PASSCODE, "station": station }))
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    let body: serde_json::Value = response.json().await.ok()?;
    body["token"].as_str().map(str::to_string)
}

/// All 2,000 agents logged on (a few at a time: each login checks an argon2 passcode).
pub async fn log_on_all(h: &Harness) -> Vec<(u32, String)> {
    let http = reqwest::Client::new();
    let limit = Arc::new(tokio::sync::Semaphore::new(4));
    let mut tasks = Vec::new();
    for number in FIRST_AGENT..FIRST_AGENT + AGENTS {
        let (http, limit, base) = (http.clone(), limit.clone(), h.url(""));
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire().await.unwrap();
            log_on(&http, &base, number, &format!("Desk {number}")).await.map(|token| (number, token))
        }));
    }
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap().expect("every agent of the large data set logs on"));
    }
    tokens
}

/// What one Status page did while 2,000 agents changed state 200 times a second.
pub struct UnderLoad {
    /// Gaps between animation frames while the changes came (ms): 16.7 is a smooth 60 Hz.
    pub frames: Summary,
    /// Tasks of the page over 50 ms, as the browser's long-task observer saw them (ms).
    pub long_tasks: Vec<f64>,
    /// Frames over 50 ms, as the long-animation-frame observer split them (ms).
    pub slow_frames: Vec<SlowFrame>,
    /// From the server's answer to a change to that change on screen (ms), sampled.
    pub change_to_screen: Summary,
    /// Changes per second the server took.
    pub achieved_rate: f64,
    /// From the last change's answer to every row showing its final state (ms).
    pub settled_after: f64,
    pub errors: usize,
}

/// Where one slow frame's time went (ms).
#[derive(Debug, Clone, Copy, Default)]
pub struct SlowFrame {
    pub duration: f64,
    /// Scripts of 5 ms or more (ours: the event handler, the wasm applying the changes).
    pub script: f64,
    /// Style recalculation and layout at the frame's end.
    pub style_and_layout: f64,
}

impl SlowFrame {
    fn total(frames: &[SlowFrame]) -> SlowFrame {
        frames.iter().fold(SlowFrame::default(), |sum, f| SlowFrame {
            duration: sum.duration + f.duration,
            script: sum.script + f.script,
            style_and_layout: sum.style_and_layout + f.style_and_layout,
        })
    }
}

impl UnderLoad {
    pub fn print(&self) {
        self.frames.print_row("Status page under 200 changes/s: frame gaps");
        self.change_to_screen.print_row("Status page under 200 changes/s: change to screen");
        let slow = SlowFrame::total(&self.slow_frames);
        println!(
            "Status page: {:.0} changes/s taken, {} errors, {} long tasks (longest {:.0} ms), every row final {:.0} ms after the last change",
            self.achieved_rate,
            self.errors,
            self.long_tasks.len(),
            self.long_tasks.iter().copied().fold(0.0, f64::max),
            self.settled_after
        );
        println!(
            "Status page: {} frames over 50 ms, {:.0} ms in all: scripts {:.0} ms, style and layout {:.0} ms, the rest {:.0} ms",
            self.slow_frames.len(),
            slow.duration,
            slow.script,
            slow.style_and_layout,
            slow.duration - slow.script - slow.style_and_layout
        );
    }

    pub fn to_json(&self) -> serde_json::Value {
        let slow = SlowFrame::total(&self.slow_frames);
        json!({
            "frame_gaps_ms": self.frames.to_json(),
            "long_tasks": self.long_tasks.len(),
            "longest_task_ms": self.long_tasks.iter().copied().fold(0.0, f64::max),
            "frames_over_50_ms": { "count": self.slow_frames.len(), "total_ms": slow.duration, "scripts_ms": slow.script,
                                   "style_and_layout_ms": slow.style_and_layout },
            "change_to_screen_ms": self.change_to_screen.to_json(),
            "changes_per_second": self.achieved_rate,
            "all_rows_final_after_ms": self.settled_after,
            "errors": self.errors,
        })
    }
}

/// Counts the page's frames (requestAnimationFrame gaps) and long tasks.
const FRAME_METER: &str = r#"
    window.__fm = { gaps: [], long: [], last: null };
    const tick = (t) => {
        if (window.__fm.last !== null) window.__fm.gaps.push(t - window.__fm.last);
        window.__fm.last = t;
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__fm.long.push(e.duration); })
        .observe({ entryTypes: ['longtask'] });
    // Chromium's long-animation-frame entries say where a slow frame's time went.
    window.__fm.slow = [];
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
            const script = e.scripts.reduce((sum, s) => sum + s.duration, 0);
            const layout = e.styleAndLayoutStart > 0 ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
            window.__fm.slow.push([e.duration, script, layout]);
        }
    }).observe({ type: 'long-animation-frame' });
"#;

/// Every agent's state as the page shows it: agent number → state label.
const ROWS: &str = "return Array.from(document.querySelectorAll('table.agents tbody tr[data-agent]'))
    .map(tr => [tr.dataset.agent, tr.children[2].textContent]);";

pub async fn status_page_under_load(
    h: &Harness,
    paths: &Paths,
    tokens: &[(u32, String)],
    rate: f64,
    seconds: f64,
) -> UnderLoad {
    let (_, cookie, _) = h.api_session("ngarcia").await;
    let browser = h.browser(paths).await;
    set_session(h, &browser, &cookie).await;
    browser.goto(&h.url("/agents")).await.unwrap();
    let all = format!("{n} of {n} logged-on agents shown", n = tokens.len());
    let started = Instant::now();
    loop {
        let count = browser
            .execute("const p = document.querySelector('p.count'); return p && p.textContent;", vec![])
            .await
            .unwrap();
        let live = browser.execute("return !!document.querySelector('[data-test=live].live')", vec![]).await.unwrap();
        if count.as_str() == Some(all.as_str()) && live.as_bool() == Some(true) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the Status page never showed {all}: {count}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    browser.execute(FRAME_METER, vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.execute("window.__fm.gaps = []; window.__fm.long = []; window.__fm.slow = [];", vec![]).await.unwrap();

    // Every agent once, in a scrambled order, each to a state unlike the one it logged on in.
    let changes = (rate * seconds) as usize;
    let mut order: Vec<usize> = (0..tokens.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for i in (1..order.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        order.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    let states = [AgentState::OnCall, AgentState::WrapUp, AgentState::Break];
    let plan: Vec<(u32, String, AgentState)> = (0..changes)
        .map(|i| {
            let (number, token) = &tokens[order[i % order.len()]];
            (*number, token.clone(), states[(i / order.len() + i) % states.len()])
        })
        .collect();

    let latest: Arc<Mutex<Option<(u32, AgentState, Instant)>>> = Arc::default();
    let driving = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let probe = {
        let (browser, latest, driving) = (browser.clone(), latest.clone(), driving.clone());
        tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut probed = None;
            while driving.load(std::sync::atomic::Ordering::Relaxed) {
                let newest = *latest.lock().unwrap();
                let Some((number, state, acked)) = newest.filter(|(_, _, acked)| probed != Some(*acked)) else {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    continue;
                };
                probed = Some(acked);
                let script = format!(
                    "const td = document.querySelector('tr[data-agent=\"{number}\"] td:nth-child(3)');
                     return td && td.textContent;"
                );
                loop {
                    let shown = browser.execute(&script, vec![]).await.unwrap();
                    if shown.as_str() == Some(state.label()) {
                        samples.push(acked.elapsed().as_secs_f64() * 1000.0);
                        break;
                    }
                    if acked.elapsed() > Duration::from_secs(10) {
                        panic!("agent {number} never showed {} on the page", state.label());
                    }
                }
            }
            samples
        })
    };

    let http = reqwest::Client::new();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut sends = Vec::new();
    let drive_started = Instant::now();
    for (number, token, state) in plan.iter().cloned() {
        ticker.tick().await;
        let (http, url, latest, errors) =
            (http.clone(), h.url(&paths::agent_service_state("northwind")), latest.clone(), errors.clone());
        sends.push(tokio::spawn(async move {
            let sent = http.post(url).bearer_auth(token).json(&json!({ "state": state.as_str() })).send().await;
            if sent.is_ok_and(|r| r.status().is_success()) {
                *latest.lock().unwrap() = Some((number, state, Instant::now()));
            } else {
                errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    for send in sends {
        send.await.unwrap();
    }
    let drive_seconds = drive_started.elapsed().as_secs_f64();
    let last_ack = Instant::now();
    driving.store(false, std::sync::atomic::Ordering::Relaxed);
    let meter =
        browser.execute("return [window.__fm.gaps, window.__fm.long, window.__fm.slow];", vec![]).await.unwrap();
    let change_to_screen = probe.await.unwrap();

    let expected: HashMap<String, &str> =
        plan.iter().map(|(number, _, state)| (number.to_string(), state.label())).collect();
    let settled_after = loop {
        let rows = browser.execute(ROWS, vec![]).await.unwrap();
        let shown: HashMap<String, String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_str().unwrap().to_string()))
            .collect();
        if expected.iter().all(|(number, label)| shown.get(number).map(String::as_str) == Some(*label)) {
            break last_ack.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(last_ack.elapsed() < Duration::from_secs(30), "the page never caught up with the agents");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    browser.close().await.unwrap();

    let numbers =
        |v: &serde_json::Value| -> Vec<f64> { v.as_array().unwrap().iter().filter_map(|x| x.as_f64()).collect() };
    let errors = errors.load(std::sync::atomic::Ordering::Relaxed);
    UnderLoad {
        frames: Summary::of(numbers(&meter[0])),
        long_tasks: numbers(&meter[1]),
        slow_frames: meter[2]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let f = numbers(f);
                SlowFrame { duration: f[0], script: f[1], style_and_layout: f[2] }
            })
            .collect(),
        change_to_screen: Summary::of(change_to_screen),
        achieved_rate: (plan.len() - errors) as f64 / drive_seconds,
        settled_after,
        errors,
    }
}
