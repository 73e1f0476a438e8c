//! What asking for gzipped answers costs, on the server's side as well as the client's
//! (issue #12): `query_points` against a sink that gzips its answer whenever the request
//! accepts gzip, as Qdrant does ([`crate::servers`]).
//!
//! Qdrant's answer to a query is compressed afresh for every call, so a client that accepts
//! gzip makes the server spend CPU on every answer; on loopback or a fast network that buys
//! nothing and takes CPU the server needed for searching. The client benchmarks of
//! [`crate::client`] never ask for gzip. Here the same query is sent, one call at a time, by
//!
//! - `off`: quadrant built with `.compression(false)`, the default (answers not gzipped);
//! - `on`: quadrant built with `.compression(true)` (answers accepted gzipped, so gzipped);
//! - `official`: the official client, `qdrant-client` 1.18, at its defaults (no compression),
//!   over gRPC only, with the bench feature `official`,
//!
//! taking turns in every sample round (the order rotates from round to round), against one
//! sink per protocol and answer. For each, the client thread's CPU per call (`…/cpu_us`) and
//! the **sink thread's** CPU per call (`…/sink_cpu_us`): the sink does all of its work on a
//! thread of its own, whose CPU clock is read before and after each turn. The ratios:
//! `…/on/sink_vs_off`, what gzip costs the server (sink CPU with compression over without), and
//! `…/{off,on}/sink_vs_official`, the sink's CPU per call for quadrant over the official
//! client's: at most 1 means quadrant costs the server no more than the official client does.
//!
//! Two answers, both with the query's limit of 10 hits and their payloads: `payload` (what the
//! issue measured) and `vectors` (each hit also carries its 128-d vector, which the query then
//! asks for): names are `{rest,grpc}/compression/{payload,vectors}/{off,on,official}/…`.
//! The sink's CPU holds what a sink does (HTTP, framing, gzip), not a real server's search and
//! encoding, so `sink_vs_…` shows the cost that compression adds, larger than on a real server
//! where each call also does the search.

use std::time::Duration;

use quadrant::models::{QueryPoints, QueryResponse};
use quadrant::{AsyncQdrantClient, RetryPolicy};

use crate::client::{QUERY_DIM, runs_per_sample, turns};
use crate::data::{self, Rng};
#[cfg(feature = "official")]
use crate::official::OfficialClient;
use crate::servers::{GRPC_GZIP_LEVEL, Protocol, REST_GZIP_LEVEL, SinkServer, ThreadClock, gzip};
use crate::{Clock, Filters, Measurement, Plan, Report, Stopwatch, median};

/// The answers measured: the name, and whether each hit carries its vector.
pub const ANSWERS: [(&str, bool); 2] = [("payload", false), ("vectors", true)];

/// Hits in every answer: the query's limit.
const HITS: usize = 10;

/// Every benchmark of this module, in the order they are reported.
pub fn names() -> Vec<String> {
    let mut names = Vec::new();
    for protocol in [Protocol::Rest, Protocol::Grpc] {
        for (answer, _) in ANSWERS {
            names.extend(group_names(protocol, answer));
        }
    }
    names
}

/// The benchmarks of one protocol and answer.
fn group_names(protocol: Protocol, answer: &str) -> Vec<String> {
    let prefix = format!("{}/compression/{answer}", protocol.name());
    let mut names = vec![
        format!("{prefix}/off/cpu_us"),
        format!("{prefix}/off/sink_cpu_us"),
        format!("{prefix}/on/cpu_us"),
        format!("{prefix}/on/sink_cpu_us"),
        format!("{prefix}/on/sink_vs_off"),
    ];
    if official_runs(protocol) {
        names.extend([
            format!("{prefix}/official/cpu_us"),
            format!("{prefix}/official/sink_cpu_us"),
            format!("{prefix}/off/sink_vs_official"),
            format!("{prefix}/on/sink_vs_official"),
        ]);
    }
    names
}

/// Whether the official client is measured over `protocol`: gRPC, with the feature `official`.
fn official_runs(protocol: Protocol) -> bool {
    cfg!(feature = "official") && protocol == Protocol::Grpc
}

/// Runs the benchmarks that `filters` selects into `report`; a group runs whole, since its
/// ratios need every player.
pub fn run(report: &mut Report, quick: bool, filters: &Filters) {
    for protocol in [Protocol::Rest, Protocol::Grpc] {
        for (answer, with_vectors) in ANSWERS {
            let names = group_names(protocol, answer);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            if !filters.any(&names) {
                continue;
            }
            match run_group(protocol, answer, with_vectors, quick) {
                Ok(measurements) => {
                    for measurement in measurements {
                        report.push(measurement);
                    }
                }
                Err(error) => report.note(format!(
                    "{}/compression/{answer} failed: {error}",
                    protocol.name()
                )),
            }
        }
    }
}

/// Who makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Player {
    /// quadrant, `.compression(false)`.
    Off,
    /// quadrant, `.compression(true)`.
    On,
    /// The official client.
    #[cfg(feature = "official")]
    Official,
}

impl Player {
    fn name(self) -> &'static str {
        match self {
            Player::Off => "off",
            Player::On => "on",
            #[cfg(feature = "official")]
            Player::Official => "official",
        }
    }
}

/// One player's timed turns: the client thread's and the sink thread's time per turn.
#[derive(Debug, Default)]
struct Turns {
    client_cpu: Vec<Duration>,
    sink_cpu: Vec<Duration>,
    wall: Vec<Duration>,
}

/// What one group measured.
struct Measured {
    /// Calls per turn.
    count: usize,
    /// By player, in [`Player`] order of the group.
    turns: Vec<(Player, Turns)>,
    /// Whether the sink's clock could be read (else its figures are the wall time).
    sink_clock: bool,
}

fn run_group(
    protocol: Protocol,
    answer_name: &str,
    with_vectors: bool,
    quick: bool,
) -> Result<Vec<Measurement>, String> {
    let mut rng = Rng::new(0xc0_4e55);
    let answer = data::query_response(&mut rng, HITS, if with_vectors { QUERY_DIM } else { 0 });
    let server = SinkServer::start(protocol, &answer)
        .map_err(|error| format!("could not start the sink server: {error}"))?;
    let plan = Plan::new(quick);
    let sample = if quick {
        Duration::from_millis(30)
    } else {
        Duration::from_millis(300)
    };
    let url = server.url();
    let clock = server.clock();
    let vector = data::unit_vector(&mut rng, QUERY_DIM);
    let gzipped_before = server.gzipped_answers();
    let answered_before = server.answered();

    let client_thread = std::thread::Builder::new()
        .name(format!("{}-compression-client", protocol.name()))
        .spawn(move || -> Result<Measured, String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| format!("could not start the client runtime: {error}"))?;
            runtime.block_on(measure(
                protocol,
                &url,
                &clock,
                vector,
                with_vectors,
                plan,
                sample,
            ))
        })
        .map_err(|error| format!("could not start the client thread: {error}"))?;
    let measured = client_thread
        .join()
        .map_err(|_| "the client thread panicked".to_owned())??;

    // Every answer to `on` was gzipped and none to the others: the clients asked as set up.
    let gzipped = server.gzipped_answers() - gzipped_before;
    let answered = server.answered() - answered_before;
    let on_calls = calls_made(&measured, Player::On, plan);
    if gzipped != on_calls {
        return Err(format!(
            "the sink gzipped {gzipped} of {answered} answers, but quadrant with compression \
             made {on_calls} calls"
        ));
    }

    let clock = Clock::detect().name();
    // The answer's size as sent plain and gzipped (the gRPC message without its frame).
    let (plain, level) = match protocol {
        Protocol::Rest => (data::rest_envelope(&answer), REST_GZIP_LEVEL),
        Protocol::Grpc => {
            use prost::Message as _;
            use quadrant_grpc::convert::IntoProto as _;
            let message: quadrant_grpc::proto::QueryResponse = answer
                .clone()
                .into_proto()
                .map_err(|error| error.to_string())?;
            (message.encode_to_vec(), GRPC_GZIP_LEVEL)
        }
    };
    let answer_bytes = plain.len();
    let answer_gzip_bytes = gzip(&plain, level)
        .map_err(|error| error.to_string())?
        .len();
    let params = |m: Measurement, player: Player| {
        m.param("query_dim", QUERY_DIM)
            .param("limit", HITS)
            .param("with_payload", true)
            .param("with_vectors", with_vectors)
            .param("answer_bytes", answer_bytes)
            .param("answer_gzip_bytes", answer_gzip_bytes)
            .param("gzip_level", level)
            .param("calls_per_sample", measured.count)
            .param("client", player.name())
            .param("clock", clock)
            .param(
                "sink_clock",
                if measured.sink_clock {
                    "sink thread cpu"
                } else {
                    "wall (sink thread CPU time unreadable)"
                },
            )
    };
    let per_call = |time: Duration| time.as_secs_f64() * 1e6 / measured.count as f64;
    let prefix = format!("{}/compression/{answer_name}", protocol.name());
    let mut sink = Vec::new();
    let mut measurements = Vec::new();
    for (player, turns) in &measured.turns {
        let client_cpu = per_call(median(turns.client_cpu.iter().copied()));
        let sink_cpu = per_call(median(turns.sink_cpu.iter().copied()));
        let wall = per_call(median(turns.wall.iter().copied()));
        sink.push((*player, sink_cpu));
        measurements.push(
            params(
                Measurement::new(
                    format!("{prefix}/{}/cpu_us", player.name()),
                    client_cpu,
                    "us/call",
                ),
                *player,
            )
            .param("wall_us", wall),
        );
        measurements.push(params(
            Measurement::new(
                format!("{prefix}/{}/sink_cpu_us", player.name()),
                sink_cpu,
                "us/call",
            ),
            *player,
        ));
    }
    let sink_of = |wanted: Player| {
        sink.iter()
            .find(|(player, _)| *player == wanted)
            .map(|(_, cpu)| *cpu)
    };
    let ratio = |over: f64, under: f64| over / under.max(1e-9);
    if let (Some(on), Some(off)) = (sink_of(Player::On), sink_of(Player::Off)) {
        measurements.push(params(
            Measurement::new(format!("{prefix}/on/sink_vs_off"), ratio(on, off), "x"),
            Player::On,
        ));
    }
    #[cfg(feature = "official")]
    if let Some(official) = sink_of(Player::Official) {
        for player in [Player::Off, Player::On] {
            if let Some(ours) = sink_of(player) {
                // The sink's CPU per call for quadrant over the official client's: at most 1,
                // quadrant costs the server no more.
                measurements.push(params(
                    Measurement::new(
                        format!("{prefix}/{}/sink_vs_official", player.name()),
                        ratio(ours, official),
                        "x",
                    ),
                    player,
                ));
            }
        }
    }
    // Reported in the order of `group_names`.
    let order = group_names(protocol, answer_name);
    measurements.sort_by_key(|m| order.iter().position(|name| *name == m.name));
    Ok(measurements)
}

/// Calls `player` made in all, warm-ups included (the sizing calls are `off`'s).
fn calls_made(measured: &Measured, player: Player, plan: Plan) -> u64 {
    if measured.turns.iter().any(|(p, _)| *p == player) {
        ((plan.warmup + plan.samples.max(1)) * measured.count + WARM_CALLS) as u64
    } else {
        0
    }
}

/// Calls each player makes before the rounds, to open its connections.
const WARM_CALLS: usize = 10;

/// quadrant's client for the sink at `url`, as [`crate::client`] builds it but with
/// `compression`.
fn quadrant_client(
    protocol: Protocol,
    url: &str,
    compression: bool,
) -> Result<AsyncQdrantClient, String> {
    let builder = AsyncQdrantClient::builder(url)
        .check_compatibility(false)
        .retry(RetryPolicy::none())
        .compression(compression);
    let builder = match protocol {
        Protocol::Rest => builder.rest(),
        Protocol::Grpc => builder.grpc(),
    };
    builder.build().map_err(|error| error.to_string())
}

/// One query through quadrant, whose answer must have every hit (and their vectors when
/// asked for).
async fn call(
    client: &AsyncQdrantClient,
    request: QueryPoints,
    with_vectors: bool,
) -> Result<(), String> {
    let answer: QueryResponse = client
        .query_points(request)
        .await
        .map_err(|error| format!("query_points failed: {error}"))?;
    let complete = answer.points.len() == HITS
        && answer
            .points
            .iter()
            .all(|point| point.payload.is_some() && point.vector.is_some() == with_vectors);
    if complete {
        Ok(())
    } else {
        Err(format!(
            "the answer has {} points, not {HITS} with their payloads{}",
            answer.points.len(),
            if with_vectors { " and vectors" } else { "" }
        ))
    }
}

async fn measure(
    protocol: Protocol,
    url: &str,
    sink: &ThreadClock,
    vector: Vec<f32>,
    with_vectors: bool,
    plan: Plan,
    sample: Duration,
) -> Result<Measured, String> {
    let off = quadrant_client(protocol, url, false)?;
    let on = quadrant_client(protocol, url, true)?;
    let query = QueryPoints::new(data::COLLECTION)
        .query(vector.clone())
        .limit(HITS as u64)
        .with_payload(true);
    let query = if with_vectors {
        query.with_vector(true)
    } else {
        query
    };
    #[cfg(feature = "official")]
    let official = if official_runs(protocol) {
        let client = OfficialClient::connect(url)?;
        let request = client.query(data::COLLECTION, vector, with_vectors);
        Some((client, request))
    } else {
        None
    };
    #[cfg(not(feature = "official"))]
    let _ = vector;

    #[cfg_attr(
        not(feature = "official"),
        allow(unused_mut, reason = "only the official client is pushed")
    )]
    let mut players = vec![Player::Off, Player::On];
    #[cfg(feature = "official")]
    if official.is_some() {
        players.push(Player::Official);
    }

    // Open every connection, then size the turns on the default client.
    for _ in 0..WARM_CALLS {
        call(&off, query.clone(), with_vectors).await?;
        call(&on, query.clone(), with_vectors).await?;
        #[cfg(feature = "official")]
        if let Some((client, request)) = &official {
            client.call(request.clone(), HITS).await?;
        }
    }
    let watch = Stopwatch::start();
    for _ in 0..100 {
        call(&off, query.clone(), with_vectors).await?;
    }
    let one = watch.elapsed().wall.as_secs_f64() / 100.0;
    let count = runs_per_sample(sample, one, 100, 200_000);

    let mut measured: Vec<(Player, Turns)> = players
        .iter()
        .map(|player| (*player, Turns::default()))
        .collect();
    for round in 0..plan.warmup + plan.samples.max(1) {
        let timed = round >= plan.warmup;
        for player in turns(&players, round) {
            let sink_start = sink.read();
            let watch = Stopwatch::start();
            match player {
                Player::Off | Player::On => {
                    let client = if player == Player::On { &on } else { &off };
                    let requests = vec![query.clone(); count];
                    for request in requests {
                        call(client, request, with_vectors).await?;
                    }
                }
                #[cfg(feature = "official")]
                Player::Official => {
                    let Some((client, request)) = &official else {
                        continue;
                    };
                    let requests = vec![request.clone(); count];
                    for request in requests {
                        client.call(request, HITS).await?;
                    }
                }
            }
            let took = watch.elapsed();
            let sink_cpu = match (sink_start, sink.read()) {
                (Some(start), Some(end)) => end.saturating_sub(start),
                _ => took.wall,
            };
            if timed && let Some((_, turns)) = measured.iter_mut().find(|(p, _)| *p == player) {
                turns.client_cpu.push(took.cpu.unwrap_or(took.wall));
                turns.sink_cpu.push(sink_cpu);
                turns.wall.push(took.wall);
            }
        }
    }
    Ok(Measured {
        count,
        turns: measured,
        sink_clock: sink.read().is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both protocols and both answers run end to end against their sink: every player's calls
    /// succeed, the sink gzipped exactly the answers of quadrant with compression (checked by
    /// the run), and every benchmark reports a positive value. Nothing is asserted about speed.
    #[test]
    fn a_quick_run_reports_every_compression_benchmark() {
        let mut report = Report::new(true);
        run(&mut report, true, &Filters::new(["/compression/"]));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let reported: Vec<&str> = report
            .measurements
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(reported, names());
        assert!(
            report
                .measurements
                .iter()
                .all(|m| m.value > 0.0 && m.value.is_finite()),
            "{}",
            report.table()
        );
    }

    #[test]
    fn the_official_client_is_only_compared_over_grpc() {
        let rest = group_names(Protocol::Rest, "payload");
        assert_eq!(rest.len(), 5);
        assert!(rest.iter().all(|name| !name.contains("official")));
        let grpc = group_names(Protocol::Grpc, "payload");
        assert_eq!(grpc.len(), if cfg!(feature = "official") { 9 } else { 5 });
    }
}
