//! The harness's output on a made-up measurement: the table shows it, and the JSON it writes
//! parses back with every field. Nothing here is timed.

use quadrant_bench::{Measurement, Report, Target};

#[test]
fn table_and_json_of_a_fake_measurement() {
    let mut report = Report::new(true);
    report.push(
        Measurement::new("fake/encode/points_per_s", 50_000.0, "points/s")
            .target(Target::AtLeast(40_000.0))
            .param("points", 256)
            .param("dim", 768),
    );
    report.push(Measurement::new("fake/call/cpu_us", 45.5, "us/call").target(Target::AtMost(30.0)));
    report.push(Measurement::new("fake/untargeted", f64::NAN, "MB/s"));
    report.note("a note");

    let table = report.table();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("benchmark"), "{table}");
    assert!(lines[1].contains("fake/encode/points_per_s"), "{table}");
    assert!(
        lines[1].contains("50000") && lines[1].contains(">= 40000"),
        "{table}"
    );
    assert!(lines[1].ends_with("yes"), "{table}");
    assert!(
        lines[2].contains("<= 30") && lines[2].ends_with("NO"),
        "{table}"
    );
    assert!(table.contains("note: a note"), "{table}");

    let dir = std::env::temp_dir().join(format!("quadrant-bench-smoke-{}", std::process::id()));
    let path = dir.join("nested").join("results.json");
    report.write_json(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();

    assert_eq!(json["quick"], true);
    assert_eq!(json["notes"][0], "a note");
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let first = &results[0];
    assert_eq!(first["name"], "fake/encode/points_per_s");
    assert_eq!(first["value"], 50_000.0);
    assert_eq!(first["unit"], "points/s");
    assert_eq!(first["target"]["at_least"], 40_000.0);
    assert_eq!(first["ratio_to_target"], 1.25);
    assert_eq!(first["met"], true);
    assert_eq!(first["params"]["dim"], 768);
    assert_eq!(results[1]["met"], false);
    assert_eq!(results[1]["target"]["at_most"], 30.0);
    // NaN is not JSON: it is written as null rather than breaking the file.
    assert!(results[2]["value"].is_null());
    assert!(results[2]["target"].is_null());
}
