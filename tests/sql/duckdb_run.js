// duckdb_run.js FILE.sql… — runs the SQL files in turn in one in-memory DuckDB (npm
// @duckdb/node-api, found through NODE_PATH) and prints the last statement's result as CSV
// (RFC 4180 quoting, empty cell for NULL). An error names the file and exits 1.
// Used by tests/sql/differential.sh and bench/run-sql.sh.
const { DuckDBInstance } = require('@duckdb/node-api');
const fs = require('fs');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  let r;
  for (const f of process.argv.slice(2)) {
    try { r = await con.runAndReadAll(fs.readFileSync(f, 'utf8')); }
    catch (e) { process.stderr.write(f + ': ' + e.message + '\n'); process.exit(1); }
  }
  const q = (v) => { const s = v === null ? '' : String(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  const lines = [r.columnNames().join(',')];
  for (const row of r.getRows()) lines.push(row.map(q).join(','));
  process.stdout.write(lines.join('\n') + '\n');
})();
