//! Many rows in one INSERT, on either database: for bulk loads (the demo generator,
//! `copy-data`), where one statement per row would spend its time on round trips.

/// One value of a row, as both databases bind it.
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

/// Rows per statement at most (PostgreSQL takes at most 65,535 parameters a statement).
pub(crate) const MAX_ROWS: usize = 1_000;

/// `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows.
pub(crate) fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        let placeholders: Vec<String> = (1..=columns.len()).map(|c| format!("${}", r * columns.len() + c)).collect();
        sql.push_str(&format!("{}({})", if r == 0 { "" } else { ", " }, placeholders.join(", ")));
    }
    sql
}

/// Binds `values` (row after row) to a query of either database.
macro_rules! bind_values {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                $crate::storage::batch::Value::Int(v) => query.bind(v),
                $crate::storage::batch::Value::Text(v) => query.bind(v),
            };
        }
        query
    }};
}
pub(crate) use bind_values;

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_run_on_across_rows() {
        assert_eq!(super::insert_sql("t", &["a", "b"], 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }
}
