// Where the tests' own Kafka broker lives. Its port is derived from the checkout's path, so
// a broker left running by another checkout (another clone, another CI run on the same
// machine) never holds the port this one needs.
const { createHash } = require('node:crypto');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const slot = createHash('sha256').update(ROOT).digest().readUInt16BE(0) % 2000;

module.exports = {
  port: 30000 + slot * 2,
  controllerPort: 30000 + slot * 2 + 1,
  stateDir: join(ROOT, '.local/kafka-test'),
  /** Environment for deploy/local/kafka/kafka.sh to act on this broker. */
  scriptEnv() {
    return {
      SALESFLOW_STATE_DIR: this.stateDir,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
    };
  },
};
