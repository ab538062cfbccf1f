// Artillery resolves config.plugins.crm as the package artillery-plugin-crm.
// In this repository (an npm workspace, symlinked into node_modules) the
// code is the root build's output (npm ci builds it); a packed copy
// (npm run pack:plugins) carries its own bundle in dist/.
const { existsSync } = require('node:fs');
const path = require('node:path');

const repositoryBuild = path.join(__dirname, '..', '..', 'dist', 'plugins', 'crm', 'src', 'index.js');
module.exports = require(existsSync(repositoryBuild) ? repositoryBuild : './dist/index.js');
