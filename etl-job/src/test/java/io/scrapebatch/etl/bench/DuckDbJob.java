package io.scrapebatch.etl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** The same read + validate + dedup in DuckDB (in-process JDBC), to partitioned Parquet. */
final class DuckDbJob {
  private DuckDbJob() {}

  static void run(List<String> files, String out, int threads) throws SQLException {
    String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(","));
    String sql =
        """
        COPY (
          WITH raw AS (
            SELECT * FROM read_json([%s], format = 'newline_delimited', ignore_errors = true,
              columns = {url: 'VARCHAR', scraped_at: 'VARCHAR', title: 'VARCHAR', price: 'VARCHAR',
                         currency: 'VARCHAR', stock: 'VARCHAR', category: 'VARCHAR', html: 'VARCHAR'})),
          typed AS (
            SELECT url, try_strptime(scraped_at, '%%Y-%%m-%%dT%%H:%%M:%%SZ') AS scraped_at, title,
                   try_cast(price AS DOUBLE) AS price, currency, stock AS stock_raw,
                   try_cast(stock AS INTEGER) AS stock, category, html
            FROM raw)
          SELECT url, scraped_at, title, price, currency, stock, category, html,
                 CAST(scraped_at AS DATE) AS dt
          FROM typed
          WHERE url IS NOT NULL AND regexp_matches(url, '^https?://') AND length(url) <= 2048
            AND scraped_at IS NOT NULL
            AND title IS NOT NULL AND length(title) BETWEEN 1 AND 512
            AND price IS NOT NULL AND price BETWEEN 0 AND 1000000
            AND currency IN ('USD', 'EUR', 'GBP', 'JPY')
            AND (stock_raw IS NULL OR (stock IS NOT NULL AND stock >= 0))
            AND category IS NOT NULL AND regexp_matches(category, '^[a-z][a-z0-9_-]*$')
          QUALIFY row_number() OVER (
            PARTITION BY url
            ORDER BY scraped_at DESC, hash(url, scraped_at, title, price, currency, stock, category) DESC) = 1
        ) TO '%s' (FORMAT parquet, PARTITION_BY (dt), OVERWRITE_OR_IGNORE)
        """
            .formatted(list, out);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute(sql);
    }
  }
}
