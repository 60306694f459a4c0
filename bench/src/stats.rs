//! Percentiles of repeated measurements.

use serde_json::json;

pub struct Summary {
    sorted: Vec<f64>,
}

impl Summary {
    pub fn of(mut samples: Vec<f64>) -> Summary {
        samples.sort_by(f64::total_cmp);
        Summary { sorted: samples }
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Nearest-rank percentile.
    pub fn percentile(&self, p: f64) -> f64 {
        if self.sorted.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * self.sorted.len() as f64).ceil().max(1.0) as usize;
        self.sorted[rank.min(self.sorted.len()) - 1]
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "runs": self.sorted.len(),
            "p50": self.percentile(50.0),
            "p90": self.percentile(90.0),
            "p99": self.percentile(99.0),
            "max": self.sorted.last(),
            "min": self.sorted.first(),
        })
    }

    pub fn print_row(&self, name: &str) {
        println!(
            "{:<52} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            name,
            self.sorted.len(),
            self.percentile(50.0),
            self.percentile(90.0),
            self.percentile(99.0),
            self.sorted.last().copied().unwrap_or(f64::NAN)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn nearest_rank_percentiles() {
        let s = Summary::of((1..=100).rev().map(f64::from).collect());
        assert_eq!(s.percentile(50.0), 50.0);
        assert_eq!(s.percentile(99.0), 99.0);
        assert_eq!(s.percentile(100.0), 100.0);
        assert!(Summary::of(vec![]).percentile(50.0).is_nan());
    }
}
