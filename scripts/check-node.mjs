// npm scripts put node_modules/.bin first on PATH, so `node` here is the
// Node.js that `npm ci` installed from the `node` package, whatever the
// machine's own Node.js is. Fail early and clearly if that is not the case.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `berth needs Node.js 24 or newer, but this is ${process.version}. Run \`npm ci\` first: it installs Node.js 24 into node_modules/.bin, which npm scripts use.`,
  );
  process.exit(2);
}
