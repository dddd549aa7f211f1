package dev.controlplane.bench;

import dev.controlplane.domain.launch.LaunchFixtures;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The Databricks side of the SubmitRun cold-start bench, in its own long-lived process so that none of its work
 * (server start, its Jackson) is charged to the function being timed: a local workspace on a free loopback port
 * accepting the token {@code BENCH_DATABRICKS_TOKEN}, and a config folder naming it as data-eng's dev workspace.
 * Prints {@code url config-dir} on one line, then serves until its standard input closes. With
 * {@code BENCH_WORKSPACE_KEYSTORE} (a PKCS12 file, its password in {@code BENCH_WORKSPACE_KEYSTORE_PASSWORD}) it
 * serves https, as a Databricks workspace is reached.
 *
 * <p>Usage: {@code BenchWorkspace OUT_DIR}
 */
public final class BenchWorkspace {

    private BenchWorkspace() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        String token = System.getenv("BENCH_DATABRICKS_TOKEN");
        WorkspaceOptions options = WorkspaceOptions.defaults()
                .withToken(token, "controlplane@example.com").withTimings(RunTimings.instant());
        String keystore = System.getenv("BENCH_WORKSPACE_KEYSTORE");
        if (keystore != null && !keystore.isEmpty()) {
            options = options.withTls(tls(Path.of(keystore),
                    System.getenv("BENCH_WORKSPACE_KEYSTORE_PASSWORD").toCharArray()));
        }
        try (LocalWorkspace workspace = LocalWorkspace.start(options)) {
            Path config = LaunchFixtures.writeConfig(Path.of(args[0]), workspace.url(), LaunchFixtures.POLICY);
            System.out.println(workspace.url() + " " + config);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static SSLContext tls(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }
}
