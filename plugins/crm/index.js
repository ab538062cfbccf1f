// Artillery resolves config.plugins.crm as the package artillery-plugin-crm
// (an npm workspace, symlinked into node_modules). The code is TypeScript
// under src/, compiled by the root `npm run build` (run by `npm ci`).
module.exports = require('../../dist/plugins/crm/src/index.js');
