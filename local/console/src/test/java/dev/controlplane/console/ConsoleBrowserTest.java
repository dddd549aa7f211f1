package dev.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aslengine.runtime.Execution;
import dev.controlplane.aws.ArtifactsMoto;
import dev.testsupport.IntegrationTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless browser: Debian's chromium driven through chromedriver by Selenium. Without them
 * the test fails (it does not skip): ./controlplane test installs them (bin/test).
 */
@IntegrationTest
class ConsoleBrowserTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"));

    private static ConsoleWorld world;
    private static WebDriver browser;
    private static Path profile;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (!Files.isExecutable(CHROMEDRIVER) || chromium == null) {
            fail("The console's browser test needs Debian's chromium and chromedriver (" + CHROMEDRIVER + " and one of "
                    + CHROMIUM + "), and they are missing: install them with `apt-get install -y chromium"
                    + " chromium-driver` (./controlplane test does this before the build, as root)");
        }
        world = new ConsoleWorld();
        profile = Files.createTempDirectory("console-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (world != null) {
            world.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void anExecutionStartedFromThePageIsSeenRunningThenSucceededInTheGraph() {
        open("#/machines");
        click(By.cssSelector("tr[data-machine='hello'] button.start"));
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input")));
        int before = world.engine.executions(world.helloArn).size();

        input.clear();
        input.sendKeys("{\"who\": oops}");
        click(By.id("start-button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("input-error"), "not valid JSON"));
        assertThat(world.engine.executions(world.helloArn)).hasSize(before);

        new Select(browser.findElement(By.id("event-select"))).selectByValue("hello-input.json");
        wait.until(driver -> driver.findElement(By.id("input")).getDomProperty("value").contains("the console test"));
        assertThat(browser.findElement(By.id("input-error")).getText()).isEmpty();
        click(By.id("start-button"));

        wait.until(ExpectedConditions.urlContains("#/execution/"));
        // the Wait state holds the execution for two seconds: the graph shows it running, then the outcome
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#graph g.state[data-state='Pause'][data-status='running']")));
        assertThat(statuses()).containsEntry("Prepare", "succeeded").containsEntry("GreetEach", "not-reached");
        wait.until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#graph g.state[data-state='Done'][data-status='succeeded']")));
        screenshot("execution-succeeded");

        assertThat(statuses()).containsExactlyInAnyOrderEntriesOf(Map.of("Prepare", "succeeded",
                "HasNames", "succeeded", "NoNames", "not-reached", "Pause", "succeeded", "GreetEach", "succeeded",
                "Greet", "succeeded", "Both", "succeeded", "Left", "succeeded", "Right", "succeeded",
                "Done", "succeeded"));
        // Map and Parallel are groups holding their own states
        assertThat(browser.findElements(By.cssSelector("g.state[data-state='GreetEach'] g.state[data-state='Greet']")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("g.state[data-state='Both'] g.state[data-state='Left'],"
                + " g.state[data-state='Both'] g.state[data-state='Right']"))).hasSize(2);
        assertThat(browser.findElement(By.id("execution-output")).getText()).contains("hello grace");
        assertThat(browser.findElement(By.id("history")).getText()).contains("ExecutionSucceeded");
        assertThat(world.engine.executions(world.helloArn)).hasSize(before + 1);
    }

    @Test
    void aRefusedStartIsShownWithTheReason() {
        open("#/machines?start=" + world.helloArn);
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("execution-name")));
        name.sendKeys("not a valid name");
        click(By.id("start-button"));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("InvalidName");
        assertThat(browser.getCurrentUrl()).doesNotContain("#/execution/");
    }

    @Test
    void aWaitingPromotionIsApprovedFromThePage() throws Exception {
        Execution execution = world.engine.startExecution(world.approvalArn, "browser-" + System.nanoTime(),
                ConsoleWorld.JSON.readTree("{\"version\":\"2.0.0\"}"));
        String id = "prod#" + execution.arn();
        open("#/execution/" + execution.arn());
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#graph g.state[data-state='RequestApproval'][data-status='running']")));
        wait.until(driver -> ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id).containsKey("taskToken"));
        String token = ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id).get("taskToken").s();
        assertThat(browser.getPageSource()).doesNotContain(token);

        open("#/approvals");
        By row = By.cssSelector("tr[data-approval='" + id + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        WebElement approval = browser.findElement(row);
        assertThat(approval.getText()).contains("data-eng/churn/churn", "2.0.0", "prod");
        assertThat(approval.findElement(By.className("token")).getText()).isNotEqualTo(token)
                .startsWith(token.substring(0, 4));
        assertThat(browser.getPageSource()).doesNotContain(token);

        WebElement who = browser.findElement(By.id("approver-name"));
        who.clear();
        approval.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "your name"));
        assertThat(execution.status().name()).isEqualTo("RUNNING");

        who.sendKeys("release-manager");
        browser.findElement(row).findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        world.awaitEnd(execution.arn());
        assertThat(execution.status().name()).isEqualTo("SUCCEEDED");
        assertThat(execution.output().path("approval").path("approvedBy").asText()).isEqualTo("release-manager");

        open("#/execution/" + execution.arn());
        wait.until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#graph g.state[data-state='Promoted'][data-status='succeeded']")));
        assertThat(statuses()).containsEntry("RequestApproval", "succeeded").containsEntry("ClearApproval", "succeeded")
                .containsEntry("NotApproved", "not-reached").containsEntry("ClearRefusedApproval", "not-reached");
        screenshot("approval-succeeded");
    }

    @Test
    void aRejectedPromotionFailsWithTheReasonAndTheGraphShowsWhere() throws Exception {
        Execution execution = world.engine.startExecution(world.approvalArn, "reject-" + System.nanoTime(),
                ConsoleWorld.JSON.readTree("{\"version\":\"2.1.0\"}"));
        String id = "prod#" + execution.arn();
        open("#/approvals");
        By row = By.cssSelector("tr[data-approval='" + id + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        WebElement who = browser.findElement(By.id("approver-name"));
        who.clear();
        who.sendKeys("release-manager");
        screenshot("approvals");

        browser.findElement(row).findElement(By.cssSelector("button.reject")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "Say why"));
        assertThat(execution.status().name()).isEqualTo("RUNNING");

        browser.findElement(row).findElement(By.cssSelector("input.reason")).sendKeys("smoke run failed");
        browser.findElement(row).findElement(By.cssSelector("button.reject")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        world.awaitEnd(execution.arn());

        open("#/execution/" + execution.arn());
        wait.until(ExpectedConditions.textToBe(By.id("execution-status"), "FAILED"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#graph g.state[data-state='NotApproved'][data-status='failed']")));
        assertThat(statuses()).containsEntry("RequestApproval", "failed")
                .containsEntry("ClearRefusedApproval", "succeeded").containsEntry("ClearApproval", "not-reached")
                .containsEntry("Promoted", "not-reached");
        assertThat(browser.findElement(By.id("execution-error")).getText())
                .contains("PromotionRejected", "smoke run failed (rejected by release-manager)");
        screenshot("execution-rejected");
    }

    @Test
    void everyStateOfTheProjectsWorkflowsIsDrawnOnce() throws Exception {
        Path folder = Path.of("../../statemachines");
        List<Path> definitions;
        try (Stream<Path> files = Files.list(folder)) {
            definitions = files.filter(f -> f.toString().endsWith(".asl.json")).sorted().toList();
        }
        assertThat(definitions).isNotEmpty();
        for (Path file : definitions) {
            String name = file.getFileName().toString().replace(".asl.json", "");
            // DefinitionSubstitutions as the template would resolve them, with stand-in names and ARNs
            String definition = Files.readString(file).replaceAll("\\$\\{([A-Za-z0-9]+Arn)}",
                    "arn:aws:lambda:us-east-1:123456789012:function:$1").replaceAll("\\$\\{([A-Za-z0-9]+)}", "$1");
            String arn = world.engine.createStateMachine("drawn-" + name + "-" + System.nanoTime(), definition,
                    ConsoleWorld.ROLE).arn();
            open("#/machine/" + arn);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#graph g.state")));
            List<String> expected = new java.util.ArrayList<>();
            collectStates(ConsoleWorld.JSON.readTree(definition), expected);
            Object drawn = ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                    + "'#graph g.state')].map(g => g.dataset.state);");
            assertThat((List<?>) drawn).as(file.toString()).map(String::valueOf)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(statuses().values()).as("not run: nothing reached").containsOnly("not-reached");
            screenshot("machine-" + name);
        }
    }

    @Test
    void artifactsRunsAndReplicationReportsAreShown() {
        ArtifactsMoto.registerVersion(world.dynamoDb, world.registryTable, "analytics", "sales", "daily", "3.1.0",
                "0003.0001.0000.z", null, List.of("dev", "staging", "prod"));
        ArtifactsMoto.setLatest(world.dynamoDb, world.registryTable, "analytics/sales/daily", "prod", "3.1.0",
                "0003.0001.0000.z");
        ArtifactsMoto.put(world.s3, world.artifactBuckets.get("prod"), "analytics/sales/daily/daily-3.1.0.py", "print(3)");
        new dev.controlplane.aws.DynamoDbRunRecords(world.dynamoDb, world.runsTable).put(
                new dev.controlplane.domain.launch.RunRecord("analytics", "sales", "daily", "3.1.0", "dev", 77,
                        "TERMINATED", "SUCCESS", "", "https://dbc.local/#job/7/run/77",
                        java.time.Instant.parse("2025-04-02T08:00:00Z"), java.time.Instant.parse("2025-04-02T08:20:00Z"),
                        "m5d.large", 1, 2, 0.8, 0.44, "cc-analytics", "arn:aws:states:us-east-1:123456789012:execution:launch:77"));
        world.s3.putObject(put -> put.bucket(world.planBucket).key("replication/sales-orders/nightly-1/report.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{\"dataset\":\"sales-orders\",\"runId\":"
                        + "\"nightly-1\",\"inSync\":false,\"copied\":{\"objects\":5,\"bytes\":512},\"deleted\":1,"
                        + "\"skipped\":{\"objects\":9,\"bytes\":900},\"failed\":1,\"failures\":[{\"key\":\"a/b.parquet\","
                        + "\"reason\":\"AccessDenied\"}],\"remaining\":{\"copies\":1,\"deletes\":0},\"durationMillis\":2300}"));

        open("#/artifacts");
        By version = By.cssSelector("section[data-artifact='analytics/sales/daily'] tr[data-version='3.1.0']");
        wait.until(ExpectedConditions.presenceOfElementLocated(version));
        assertThat(browser.findElement(version).getText()).contains("latest in prod");
        assertThat(browser.findElement(version).findElement(By.cssSelector("td[data-environment='staging']")).getText())
                .isEqualTo("\u2713");
        browser.findElements(By.cssSelector("section[data-artifact='analytics/sales/daily'] button.secondary")).get(2).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("artifact-files"),
                "analytics/sales/daily/daily-3.1.0.py"));
        screenshot("artifacts");

        open("#/runs");
        By month = By.cssSelector("#costs tr[data-team='analytics'][data-month='2025-04']");
        wait.until(ExpectedConditions.presenceOfElementLocated(month));
        assertThat(browser.findElement(month).getText()).contains("0.80", "$0.44");
        browser.findElement(month).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runs-detail"), "sales/daily"));
        assertThat(browser.findElement(By.id("runs")).getText()).contains("77", "SUCCESS", "m5d.large 1\u20132");
        screenshot("runs");

        open("#/replication");
        By report = By.cssSelector("#reports tr[data-report='replication/sales-orders/nightly-1/report.json']");
        wait.until(ExpectedConditions.presenceOfElementLocated(report));
        assertThat(browser.findElement(report).getText()).contains("sales-orders", "nightly-1", "out of sync",
                "5 (512 B)", "1 / 0", "2.3 s", "1 failures");
        screenshot("replication");
    }

    private static void collectStates(com.fasterxml.jackson.databind.JsonNode machine, List<String> names) {
        machine.path("States").properties().forEach(state -> {
            names.add(state.getKey());
            com.fasterxml.jackson.databind.JsonNode body = state.getValue();
            if (body.has("ItemProcessor")) {
                collectStates(body.get("ItemProcessor"), names);
            } else if (body.has("Iterator")) {
                collectStates(body.get("Iterator"), names);
            }
            body.path("Branches").forEach(branch -> collectStates(branch, names));
        });
    }

    private static void open(String fragment) {
        browser.get(world.console.url() + fragment);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main")));
    }

    private static void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Each state's status in the graph, read in one script: the page redraws the graph while it polls. */
    private static Map<String, String> statuses() {
        Object read = ((JavascriptExecutor) browser).executeScript("return Object.fromEntries([...document"
                + ".querySelectorAll('#graph g.state')].map(g => [g.dataset.state, g.dataset.status]));");
        Map<String, String> statuses = new TreeMap<>();
        ((Map<?, ?>) read).forEach((state, status) -> statuses.put(String.valueOf(state), String.valueOf(status)));
        return statuses;
    }

    /** Keeps what the browser showed under target/, to look at when a step fails or the layout changes. */
    private static void screenshot(String name) {
        try {
            Path file = Path.of("target", "console-" + name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
