package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The replication functions' pooled client, and its SnapStart priming against a loopback server of its own. */
class PooledS3ClientTest {

    @Test
    void primingSendsAPutAndAGetToALoopbackServerItThenStops() {
        assertThat(PooledS3Client.primeConnections(4)).as("requests answered").isEqualTo(2);

        assertThat(Thread.getAllStackTraces().keySet()).as("the priming server's dispatcher is gone")
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("HTTP-Dispatcher"));
    }

    @Test
    void aPoolOfNoConnectionsIsRefused() {
        assertThatThrownBy(() -> PooledS3Client.primeConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connections is 0; expected 1 or more");
    }
}
