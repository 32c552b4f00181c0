// `./salesflow up`: the whole system on this machine with demo data. Ctrl-C stops it all.
const { join } = require('node:path');
const { startStack, ROOT } = require('./stack');
const { seedDemo } = require('./seed-demo');

async function main() {
  const stack = await startStack({
    databasePrefix: 'salesflow',
    portOffset: 0,
    kafkaStateDir: join(ROOT, '.local/kafka'),
    kafkaPort: 19092,
    logsDir: join(ROOT, '.local/logs'),
    say: (line) => console.log(`[salesflow] ${line}`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[salesflow] stopping services (Kafka keeps running: bash deploy/local/kafka/kafka.sh stop)');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const demo = await seedDemo(stack);
  console.log(`
Salesflow is running.
  API        ${stack.gatewayUrl}/api/v1   (OpenAPI: ${stack.gatewayUrl}/api/v1/openapi.json, reference: ${stack.gatewayUrl}/api/v1/docs)
  Logs       .local/logs/<service>.log
  Demo login tenant "${demo.tenantCode}", ${demo.adminEmail} / ${demo.password}  (every demo user has this password)

Try:
  curl -s -X POST ${stack.gatewayUrl}/api/v1/auth/login -H 'content-type: application/json' \\
    -d '{"tenantCode":"${demo.tenantCode}","email":"${demo.adminEmail}","password":"${demo.password}"}'

Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`[salesflow] ${error.message}`);
  process.exit(1);
});
