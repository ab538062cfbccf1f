#!/usr/bin/env bash
# npm run pack:plugins: installable tarballs of the pack's two Artillery
# plugins, for load generators that install plugins from a registry or a
# tarball (run-fargate, run-lambda). cache-stats is self-contained already;
# crm is bundled into one file (it uses the pack's report module).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/packages}"
mkdir -p "$out"
npm run -s build
npx esbuild dist/plugins/crm/src/index.js --bundle --platform=node --format=cjs --target=node20 \
  --external:chart.js --external:artillery-plugin-cache-stats --external:'artillery-plugin-cache-stats/*' \
  --log-level=warning --outfile=plugins/crm/dist/index.js
# The report page's script is read from a file beside the bundle (report/html/client-script.ts).
cp dist/report/browser/report-page.js plugins/crm/dist/report-page.js
cp dist/report/browser/live-page.js plugins/crm/dist/live-page.js
npm pack --silent --pack-destination "$out" -w artillery-plugin-cache-stats -w artillery-plugin-crm
ls -1 "$out"/*.tgz
