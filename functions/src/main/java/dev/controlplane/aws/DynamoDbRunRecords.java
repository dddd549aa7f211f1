package dev.controlplane.aws;

import dev.controlplane.domain.launch.RunRecord;
import dev.controlplane.domain.launch.RunRecords;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The runs table ({@code RUNS_TABLE}, keys {@code pk} and {@code sk}). Key design for "a team's runs of a month"
 * with one Query and no index: pk {@code TEAM#{team}#MONTH#{yyyy-MM}} (the month the run started, UTC), sk
 * {@code RUN#{start time ISO-8601}#{environment}#{run id}}, so a month's runs come back in start order and a run
 * written twice (a retried record) is one item. Attributes: team, project, script, version, environment, runId (N),
 * lifeCycleState, resultState, stateMessage, runPageUrl, startTime, endTime, nodeTypeId, minWorkers, maxWorkers (N),
 * dbu, usd (N), costCentre, execution.
 */
public final class DynamoDbRunRecords implements RunRecords {

    public static final String TABLE_VARIABLE = "RUNS_TABLE";
    public static final String PK = "pk";
    public static final String SK = "sk";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbRunRecords(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + TABLE_VARIABLE
                    + " is not set; expected the runs table's name, e.g. controlplane-runs-dev");
        }
        this.table = table.strip();
    }

    public static String partition(String team, YearMonth month) {
        return "TEAM#" + team + "#MONTH#" + month;
    }

    @Override
    public void put(RunRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS(partition(record.team(), record.month())));
        item.put(SK, AttributeValue.fromS("RUN#" + record.startTime() + "#" + record.environment() + "#" + record.runId()));
        text(item, "team", record.team());
        text(item, "project", record.project());
        text(item, "script", record.script());
        text(item, "version", record.version());
        text(item, "environment", record.environment());
        item.put("runId", AttributeValue.fromN(Long.toString(record.runId())));
        text(item, "lifeCycleState", record.lifeCycleState());
        text(item, "resultState", record.resultState());
        text(item, "stateMessage", record.stateMessage());
        text(item, "runPageUrl", record.runPageUrl());
        text(item, "startTime", record.startTime().toString());
        text(item, "endTime", record.endTime() == null ? null : record.endTime().toString());
        text(item, "nodeTypeId", record.nodeTypeId());
        item.put("minWorkers", AttributeValue.fromN(Long.toString(record.minWorkers())));
        item.put("maxWorkers", AttributeValue.fromN(Long.toString(record.maxWorkers())));
        item.put("dbu", AttributeValue.fromN(Double.toString(record.dbu())));
        item.put("usd", AttributeValue.fromN(Double.toString(record.usd())));
        text(item, "costCentre", record.costCentre());
        text(item, "execution", record.execution());
        dynamoDb.putItem(request -> request.tableName(table).item(item));
    }

    @Override
    public List<RunRecord> byTeamAndMonth(String team, YearMonth month) {
        return dynamoDb.queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition(team, month)))))
                .items().stream().map(DynamoDbRunRecords::record).toList();
    }

    private static RunRecord record(Map<String, AttributeValue> item) {
        return new RunRecord(s(item, "team"), s(item, "project"), s(item, "script"), s(item, "version"),
                s(item, "environment"), n(item, "runId"), s(item, "lifeCycleState"), s(item, "resultState"),
                s(item, "stateMessage"), s(item, "runPageUrl"), instant(s(item, "startTime")), instant(s(item, "endTime")),
                s(item, "nodeTypeId"), n(item, "minWorkers"), n(item, "maxWorkers"), d(item, "dbu"), d(item, "usd"),
                s(item, "costCentre"), s(item, "execution"));
    }

    private static void text(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static double d(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
