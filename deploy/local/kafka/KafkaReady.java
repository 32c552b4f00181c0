import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Readiness probe for the local Kafka broker (see kafka.sh).
 *
 * Run as a single-file program on the broker classpath (Java 17+):
 *   java -cp '<libs>/*' KafkaReady.java BOOTSTRAP [TIMEOUT_SECONDS] [PID]
 *
 * Repeats a real Admin describeCluster() request until the broker answers with
 * at least one node, or until TIMEOUT_SECONDS (default 90) elapse. If PID is
 * given and that process exits meanwhile, gives up immediately.
 *
 * Exit codes: 0 ready, 1 timed out, 2 broker process died, 64 usage error.
 */
public class KafkaReady {
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: KafkaReady BOOTSTRAP [TIMEOUT_SECONDS] [PID]");
            System.exit(64);
        }
        String bootstrap = args[0];
        long timeoutMs = TimeUnit.SECONDS.toMillis(args.length > 1 ? Long.parseLong(args[1]) : 90L);
        Long pid = args.length > 2 ? Long.valueOf(args[2]) : null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "salesflow-kafka-ready");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "2000");

        String lastError = "no attempt made";
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (pid != null && !isAlive(pid)) {
                    System.err.println("KafkaReady: broker process " + pid + " exited");
                    System.exit(2);
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                int attemptMs = (int) Math.max(250L, Math.min(3000L, remainingMs));
                try {
                    Collection<Node> nodes = admin
                        .describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
                        .nodes()
                        .get(attemptMs + 500L, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        System.exit(0);
                    }
                    lastError = "describeCluster returned no nodes";
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                } catch (TimeoutException e) {
                    lastError = "describeCluster timed out";
                }
                if (System.nanoTime() - deadline >= 0) {
                    break;
                }
                Thread.sleep(200L);
            }
        }
        System.err.println("KafkaReady: " + bootstrap + " not ready after " + timeoutMs + " ms (" + lastError + ")");
        System.exit(1);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
