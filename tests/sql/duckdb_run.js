// duckdb_run.js FILE.sql… — runs the SQL files in turn in one in-memory DuckDB (npm
// @duckdb/node-api, found through NODE_PATH) and prints the last statement's result as CSV
// (RFC 4180 quoting, empty cell for NULL). An error names the file and exits 1.
// duckdb_run.js --jobs LIST — the same for many cases in one process (no node start-up per
// case): each line of LIST is DIR<TAB>OUT<TAB>FILE.sql…; the files run in a fresh in-memory
// database from folder DIR, the result goes to OUT, or the error to OUT.err.
// Used by tests/sql/differential.sh, tests/sql/random.py and bench/run-sql.sh.
const { DuckDBInstance } = require('@duckdb/node-api');
const fs = require('fs');

const q = (v) => { const s = v === null ? '' : String(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };

async function run(files) {   // the CSV text of the last statement's result; throws "FILE: message"
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  let r;
  for (const f of files) {
    try { r = await con.runAndReadAll(fs.readFileSync(f, 'utf8')); }
    catch (e) { throw new Error(f + ': ' + e.message); }
  }
  const lines = [r.columnNames().join(',')];
  for (const row of r.getRows()) lines.push(row.map(q).join(','));
  return lines.join('\n') + '\n';
}

(async () => {
  const args = process.argv.slice(2);
  if (args[0] !== '--jobs') {
    try { process.stdout.write(await run(args)); }
    catch (e) { process.stderr.write(e.message + '\n'); process.exit(1); }
    return;
  }
  const home = process.cwd();
  for (const line of fs.readFileSync(args[1], 'utf8').split('\n')) {
    if (!line) continue;
    const [dir, out, ...files] = line.split('\t');
    process.chdir(dir);
    try { fs.writeFileSync(out, await run(files)); }
    catch (e) { fs.writeFileSync(out + '.err', e.message + '\n'); }
    process.chdir(home);
  }
})();
