// Stops this checkout's test broker (`./salesflow test` runs it on exit).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const testKafka = require('./test-kafka');

execFileSync('bash', [join(__dirname, '..', '..', 'deploy/local/kafka/kafka.sh'), 'stop'], {
  env: { ...process.env, ...testKafka.scriptEnv() },
  stdio: 'ignore',
});
