//! The shared behaviour suite of quadrant.
//!
//! Each scenario in [`scenarios`] is an `async fn` written once against
//! [`quadrant::AsyncQdrantClient`]. [`behaviour_suite!`] turns the list into one test per
//! scenario for a transport: the embedded engine runs it live, and the remote transports run it
//! against [`replay::ReplayServer`], which answers with the exchanges recorded from a real
//! Qdrant 1.18.3 for the same calls. So each assertion holds on the real server and on every
//! transport.

pub mod calls;
pub mod faults;
pub mod grpc_replay;
pub mod recorded;
pub mod replay;
pub mod rest_request;
pub mod scenarios;
pub mod suite;

use quadrant::AsyncQdrantClient;

/// A client ready for one scenario, with whatever must live as long as it (a replay server).
pub struct Connected {
    /// The client the scenario runs against.
    pub client: AsyncQdrantClient,
    /// Kept alive for the scenario's duration, then dropped.
    pub guard: Option<Box<dyn std::any::Any + Send>>,
}

/// Declares one `#[tokio::test]` per scenario, each getting its client from
/// `$connect(recording).await`, where `recording` names the recorded scenario the calls come from.
///
/// The scenario list lives here, once, so every transport runs all of them.
#[macro_export]
macro_rules! behaviour_suite {
    ($connect:path) => {
        $crate::behaviour_suite!(@each $connect;
            seed_flow => "seed_quickstart",
            typed_seed_flow => "seed_quickstart",
            collections_lifecycle => "collections_lifecycle",
            points_crud => "points_crud",
            filters_and_indexes => "filters_and_indexes",
            scroll_pages => "query_api",
            typed_scroll_pages => "query_api",
            errors => "errors",
        );
    };
    (@each $connect:path; $($scenario:ident => $recording:literal,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $scenario() {
                let connected: $crate::Connected = $connect($recording).await;
                $crate::scenarios::$scenario(&connected.client).await;
                drop(connected);
            }
        )*
    };
}
