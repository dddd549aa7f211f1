package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testsupport.EndToEndTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What up serves stays on this machine and with its own clients: every socket it listens on (its endpoints, S3Proxy,
 * DynamoDB Local, the Step Functions API, the workspace) is bound to loopback, and its AWS endpoint, HTTP API and
 * console refuse a foreign Host and what a browser sends for another site's page, while the SDK and the AWS CLI work.
 */
@EndToEndTest
class UpStaysOnThisMachineTest {
    @TempDir
    Path dir;

    /** A raw HTTP/1.1 exchange (any Host header), answered with its status line and body. */
    record Answer(String status, String body) {}

    static Answer send(URI endpoint, String method, String path, List<String> headers, String body) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        for (String h : headers) request.append(h).append("\r\n");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", endpoint.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            return new Answer(answer.lines().findFirst().orElse(""), end < 0 ? "" : answer.substring(end + 4));
        }
    }

    /** The addresses (hex, as /proc/net/tcp{,6} write them) of the TCP sockets process {@code pid} listens on. */
    static List<String> listeningAddresses(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) listening.add(f[1]);
            }
        }
        return listening;
    }

    static boolean loopback(String hexAddress) {
        String address = hexAddress.substring(0, hexAddress.indexOf(':'));
        return address.endsWith("7F") && (address.length() == 8 || address.startsWith("0000000000000000FFFF0000"))
                || address.equals("00000000000000000000000001000000");
    }

    @Test
    void upListensOnLoopbackOnlyAndRefusesForeignHostsAndOtherSitesPages() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "reads the listening sockets from Linux's /proc");
        try (UpProcess up = UpProcess.start(dir.resolve("data")); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            List<String> listening = listeningAddresses(up.pid());
            assertThat(listening).as("up listens: its endpoints, S3Proxy, DynamoDB Local, ...").hasSizeGreaterThanOrEqualTo(6);
            assertThat(listening).as("every listening socket of up (hex address:port of /proc/net/tcp)").allMatch(UpStaysOnThisMachineTest::loopback);

            String awsHost = "Host: 127.0.0.1:" + up.aws.getPort();
            String listMachines = "X-Amz-Target: AWSStepFunctions.ListStateMachines";
            List<String> json = List.of("Content-Type: application/x-amz-json-1.0", listMachines);
            // a page whose DNS name was rebound to 127.0.0.1 sends its own name
            Answer rebound = send(up.aws, "POST", "/", concat(json, "Host: evil.example:" + up.aws.getPort()), "{}");
            assertThat(rebound.status()).startsWith("HTTP/1.1 421");
            assertThat(rebound.body()).contains("MisdirectedRequest").contains("'evil.example:" + up.aws.getPort() + "'");
            Answer otherPage = send(up.aws, "POST", "/", concat(json, awsHost, "Origin: https://evil.example"), "{}");
            assertThat(otherPage.status()).startsWith("HTTP/1.1 403");
            assertThat(otherPage.body()).contains("CrossOriginRequestRefused").doesNotContain("stateMachines");
            Answer s3FromOtherSite = send(up.aws, "GET", "/" + UpEndToEndTest.INBOX, List.of(awsHost, "Sec-Fetch-Site: cross-site"), "");
            assertThat(s3FromOtherSite.status()).startsWith("HTTP/1.1 403");
            assertThat(s3FromOtherSite.body()).contains("<Code>CrossOriginRequestRefused</Code>");
            Answer fromConsole = send(up.aws, "POST", "/", concat(json, awsHost, "Origin: http://127.0.0.1:" + up.console.getPort()), "{}");
            assertThat(fromConsole.body()).as("the console's own origin").doesNotContain("CrossOriginRequestRefused").contains("stateMachines");

            String webhook = "/github/webhook";
            String httpHost = "Host: localhost:" + up.httpApi.getPort();
            List<String> ping = List.of("Content-Type: application/json", "X-GitHub-Event: ping", "X-GitHub-Delivery: guard-1");
            assertThat(send(up.httpApi, "POST", webhook, concat(ping, "Host: evil.example"), "{}").status()).startsWith("HTTP/1.1 421");
            Answer formPost = send(up.httpApi, "POST", webhook, concat(ping, httpHost, "Origin: https://evil.example"), "{}");
            assertThat(formPost.status()).startsWith("HTTP/1.1 403");
            assertThat(formPost.body()).contains("CrossOriginRequestRefused");
            assertThat(send(up.httpApi, "POST", webhook, concat(ping, httpHost), "{}").status())
                    .as("the webhook itself answers (401: unsigned)").startsWith("HTTP/1.1 401");

            assertThat(send(up.console, "GET", "/api/config", List.of("Host: evil.example:" + up.console.getPort()), "").status())
                    .startsWith("HTTP/1.1 421");
            assertThat(send(up.console, "POST", "/api/sfn/ListStateMachines",
                    List.of("Host: 127.0.0.1:" + up.console.getPort(), "Content-Type: application/json", "Origin: https://evil.example"), "{}")
                    .status()).startsWith("HTTP/1.1 403");

            // the SDK and the AWS CLI send neither Origin nor Sec-Fetch-Site, and name 127.0.0.1 at the endpoint's port
            assertThat(aws.s3.listBuckets().buckets()).extracting(b -> b.name()).contains(UpEndToEndTest.INBOX);
            assertThat(aws.sfn.listStateMachines().stateMachines()).extracting(m -> m.stateMachineArn()).contains(UpEndToEndTest.PROMOTE);
            ProcessBuilder cli = new ProcessBuilder("aws", "--endpoint-url", up.aws.toString(), "dynamodb", "list-tables",
                    "--query", "TableNames", "--output", "text").redirectErrorStream(true);
            cli.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_DEFAULT_REGION", UpEndToEndTest.REGION));
            Process p = cli.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains(UpEndToEndTest.REGISTRY);
        }
    }

    private static List<String> concat(List<String> headers, String... more) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(more));
        return all;
    }
}
