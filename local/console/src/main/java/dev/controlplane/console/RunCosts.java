package dev.controlplane.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.domain.launch.MonthlyCost;
import dev.controlplane.domain.launch.RunRecord;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs and their cost by team and month, from the runs table through {@link DynamoDbRunRecords}: the months each
 * team ran in (its partitions, {@code TEAM#{team}#MONTH#{yyyy-MM}}) with their sums, and one team's runs of a month.
 */
final class RunCosts {

    private static final Pattern PARTITION = Pattern.compile("TEAM#(.+)#MONTH#(\\d{4}-\\d{2})");
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbRunRecords records;

    RunCosts(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.records = table == null ? null : new DynamoDbRunRecords(dynamoDb, table);
    }

    /** {@code {configured, months: [{team, month, runs, dbu, usd}]}}, newest month first, then by team. */
    ObjectNode months() {
        ObjectNode answer = configured();
        ArrayNode months = answer.putArray("months");
        if (records == null) {
            return answer;
        }
        record Partition(String team, YearMonth month) {
        }
        TreeSet<Partition> partitions = new TreeSet<>(Comparator.comparing(Partition::month).reversed()
                .thenComparing(Partition::team));
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(scan -> scan.tableName(table)
                .projectionExpression("pk")).items()) {
            AttributeValue pk = item.get(DynamoDbRunRecords.PK);
            Matcher matcher = pk == null || pk.s() == null ? null : PARTITION.matcher(pk.s());
            if (matcher != null && matcher.matches()) {
                partitions.add(new Partition(matcher.group(1), YearMonth.parse(matcher.group(2))));
            }
        }
        for (Partition partition : partitions) {
            months.add(cost(records.cost(partition.team(), partition.month())));
        }
        return answer;
    }

    /** {@code {configured, team, month, cost: {...}, runs: [...]}} for one team and month. */
    ObjectNode runs(String team, String month) {
        if (team == null || !TEAM.matcher(team).matches()) {
            throw ApiException.badRequest("team is " + (team == null ? "missing" : "'" + team + "'")
                    + "; expected a team name as config/teams declares it, e.g. data-eng");
        }
        YearMonth yearMonth;
        try {
            yearMonth = YearMonth.parse(month == null ? "" : month);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("month is " + (month == null ? "missing" : "'" + month + "'")
                    + "; expected yyyy-MM, e.g. 2025-05");
        }
        ObjectNode answer = configured().put("team", team).put("month", yearMonth.toString());
        ArrayNode runs = answer.putArray("runs");
        if (records == null) {
            return answer;
        }
        List<RunRecord> list = records.byTeamAndMonth(team, yearMonth);
        answer.set("cost", cost(records.cost(team, yearMonth)));
        list.forEach(record -> runs.add(run(record)));
        return answer;
    }

    private ObjectNode configured() {
        ObjectNode answer = ConsoleJson.object().put("configured", records != null);
        if (records == null) {
            answer.put("reason", "This runtime has no runs table: launch-cluster records its runs there once the"
                    + " template declares it.");
        }
        return answer;
    }

    private static ObjectNode cost(MonthlyCost cost) {
        return ConsoleJson.object().put("team", cost.team()).put("month", cost.month().toString())
                .put("runs", cost.runs()).put("dbu", cost.dbu()).put("usd", cost.usd());
    }

    private static ObjectNode run(RunRecord record) {
        ObjectNode run = ConsoleJson.object();
        run.put("team", record.team()).put("project", record.project()).put("script", record.script())
                .put("version", record.version()).put("environment", record.environment()).put("runId", record.runId())
                .put("lifeCycleState", record.lifeCycleState()).put("resultState", record.resultState())
                .put("stateMessage", record.stateMessage()).put("runPageUrl", record.runPageUrl())
                .put("startTime", String.valueOf(record.startTime()))
                .put("endTime", record.endTime() == null ? null : record.endTime().toString())
                .put("nodeTypeId", record.nodeTypeId()).put("minWorkers", record.minWorkers())
                .put("maxWorkers", record.maxWorkers()).put("dbu", record.dbu()).put("usd", record.usd())
                .put("costCentre", record.costCentre()).put("execution", record.execution());
        return run;
    }
}
