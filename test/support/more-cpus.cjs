// Preloaded (NODE_OPTIONS=--require) into the Artillery CLI by the
// multi-worker test: Artillery runs os.cpus().length - 1 local workers and
// offers no setting for it, so this makes the machine look bigger.
const os = require('node:os');
const wanted = Number(process.env.LOADTEST_FAKE_CPUS || 4);
const real = os.cpus;
os.cpus = () => {
  const cpus = real();
  while (cpus.length > 0 && cpus.length < wanted) cpus.push(cpus[0]);
  return cpus;
};
