package dev.aslengine.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.testsupport.IntegrationTest;
import dev.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The AWS service integrations against moto's server: real wire protocols, Step Functions' shapes and error names. */
@IntegrationTest
class AwsServiceIntegrationTest {
    static final String EXECUTION_ARN = "arn:aws:states:us-east-1:123456789012:execution:Orders:run-1";
    static MotoServer moto;
    static AwsServiceIntegration aws;
    static String topicArn;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.startOrSkip();
        aws = new AwsServiceIntegration(AwsEndpoints.local(moto.endpoint()));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
            s3.createBucket(b -> b.bucket("docs"));
            topicArn = sns.createTopic(b -> b.name("alerts")).topicArn();
        }
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (aws != null) aws.close();
        if (moto != null) moto.close();
    }

    static JsonNode call(String resource, String parameters) throws InterruptedException {
        return aws.call(new TaskCall(ResourceArn.parse(resource), Json.parse(parameters), null, EXECUTION_ARN, "Step", null, null));
    }

    static StatesError failure(String resource, String parameters) {
        try {
            call(resource, parameters);
        } catch (StatesError e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(resource + " with " + parameters + " did not fail");
    }

    // --- DynamoDB, optimized ---

    @Test
    void dynamodbPutItemThenGetItemReturnsTheItemInAttributeValueShape() throws Exception {
        call("arn:aws:states:::dynamodb:putItem",
                "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"},\"n\":{\"N\":\"5\"},\"tags\":{\"SS\":[\"x\",\"y\"]},\"ok\":{\"BOOL\":true}}}");

        JsonNode got = call("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"}}}");

        assertThat(got.get("Item")).isEqualTo(Json.parse(
                "{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"},\"n\":{\"N\":\"5\"},\"tags\":{\"SS\":[\"x\",\"y\"]},\"ok\":{\"BOOL\":true}}"));
    }

    @Test
    void optimizedDynamodbResultsCarryTheSdkV1HttpMetadata() throws Exception {
        JsonNode got = call("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"none\"},\"sk\":{\"S\":\"1\"}}}");

        assertThat(got.has("Item")).as("no item, no Item member").isFalse();
        assertThat(got.at("/SdkHttpMetadata/HttpStatusCode").intValue()).isEqualTo(200);
        assertThat(got.at("/SdkHttpMetadata/AllHttpHeaders").isObject()).isTrue();
        assertThat(got.has("SdkResponseMetadata")).isTrue();
    }

    @Test
    void dynamodbUpdateItemReturnsTheUpdatedAttributes() throws Exception {
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"u\"},\"sk\":{\"S\":\"1\"},\"n\":{\"N\":\"1\"}}}");

        JsonNode got = call("arn:aws:states:::dynamodb:updateItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"u\"},\"sk\":{\"S\":\"1\"}},"
                + "\"UpdateExpression\":\"SET n = n + :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"UPDATED_NEW\"}");

        assertThat(got.get("Attributes")).isEqualTo(Json.parse("{\"n\":{\"N\":\"2\"}}"));
    }

    @Test
    void dynamodbDeleteItemReturnsTheOldItemWhenAsked() throws Exception {
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"S\":\"1\"}}}");

        JsonNode got = call("arn:aws:states:::dynamodb:deleteItem",
                "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"S\":\"1\"}},\"ReturnValues\":\"ALL_OLD\"}");

        assertThat(got.at("/Attributes/pk/S").asText()).isEqualTo("d");
    }

    @Test
    void failedConditionIsDynamoDBConditionalCheckFailedExceptionWithTheV1Cause() throws Exception {
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"S\":\"1\"}}}");

        StatesError e = failure("arn:aws:states:::dynamodb:putItem",
                "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"S\":\"1\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}");

        assertThat(e.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(e.cause()).contains("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: ")
                .endsWith("; Proxy: null)");
    }

    @Test
    void missingTableIsDynamoDBResourceNotFoundException() {
        StatesError e = failure("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"nope\",\"Key\":{\"pk\":{\"S\":\"a\"}}}");

        assertThat(e.error()).isEqualTo("DynamoDB.ResourceNotFoundException");
    }

    @Test
    void optimizedDynamodbRefusesAParameterStepFunctionsDoesNotAccept() {
        StatesError e = failure("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"Limit\":3}");

        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        // the state running the task puts "An error occurred while executing the state ..." before this cause
        assertThat(e.cause()).startsWith("The Parameters '")
                .endsWith("could not be used to start the Task: [The field 'Limit' is not supported by Step Functions]");
    }

    @Test
    void aWrongTypeNamesTheNestedFieldAndTheExpectedType() {
        StatesError e = failure("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":7}}}");

        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).contains("[The value for the field 'Key.pk.S' must be a STRING]");
    }

    // --- DynamoDB, AWS SDK ---

    @Test
    void awsSdkDynamodbQueryReturnsItemsAndCountWithoutHttpMetadata() throws Exception {
        for (String sk : new String[] {"1", "2", "3"}) {
            call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"q\"},\"sk\":{\"S\":\"" + sk + "\"}}}");
        }

        JsonNode got = call("arn:aws:states:::aws-sdk:dynamodb:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :pk AND sk > :min\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"q\"},\":min\":{\"S\":\"1\"}}}");

        assertThat(got.get("Count").intValue()).isEqualTo(2);
        assertThat(got.get("Items")).hasSize(2);
        assertThat(got.at("/Items/0/sk/S").asText()).isEqualTo("2");
        assertThat(got.has("SdkHttpMetadata")).isFalse();
    }

    @Test
    void awsSdkDynamodbErrorsUseTheDynamoDbPrefixAndTheSdkV2Message() {
        StatesError e = failure("arn:aws:states:::aws-sdk:dynamodb:query",
                "{\"TableName\":\"nope\",\"KeyConditionExpression\":\"pk = :pk\",\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"q\"}}}");

        assertThat(e.error()).isEqualTo("DynamoDb.ResourceNotFoundException");
        assertThat(e.cause()).contains("(Service: DynamoDb, Status Code: 400, Request ID: ");
    }

    // --- S3, AWS SDK ---

    @Test
    void s3PutObjectThenGetObjectReturnsTheBodyAsAString() throws Exception {
        JsonNode put = call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"hello.txt\",\"Body\":\"hello world\"}");
        JsonNode got = call("arn:aws:states:::aws-sdk:s3:getObject", "{\"Bucket\":\"docs\",\"Key\":\"hello.txt\"}");

        assertThat(put.get("ETag").asText()).startsWith("\"");
        assertThat(got.get("Body").asText()).isEqualTo("hello world");
        assertThat(got.get("ContentLength").intValue()).isEqualTo(11);
        assertThat(got.get("ETag")).isEqualTo(put.get("ETag"));
    }

    @Test
    void s3PutObjectSerializesAJsonBody() throws Exception {
        call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"data.json\",\"Body\":{\"a\":[1,2],\"b\":\"x\"}}");

        JsonNode got = call("arn:aws:states:::aws-sdk:s3:getObject", "{\"Bucket\":\"docs\",\"Key\":\"data.json\"}");

        assertThat(got.get("Body").asText()).isEqualTo("{\"a\":[1,2],\"b\":\"x\"}");
    }

    @Test
    void s3HeadObjectReturnsMetadataAndAnIsoTimestamp() throws Exception {
        call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"head.txt\",\"Body\":\"abc\",\"Metadata\":{\"team\":\"data\"}}");

        JsonNode head = call("arn:aws:states:::aws-sdk:s3:headObject", "{\"Bucket\":\"docs\",\"Key\":\"head.txt\"}");

        assertThat(head.get("ContentLength").intValue()).isEqualTo(3);
        assertThat(head.at("/Metadata/team").asText()).isEqualTo("data");
        assertThat(head.get("LastModified").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    }

    @Test
    void s3CopyObjectReturnsTheCopyResult() throws Exception {
        call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"src.txt\",\"Body\":\"copy me\"}");

        JsonNode copy = call("arn:aws:states:::aws-sdk:s3:copyObject", "{\"Bucket\":\"docs\",\"Key\":\"dst.txt\",\"CopySource\":\"docs/src.txt\"}");
        JsonNode got = call("arn:aws:states:::aws-sdk:s3:getObject", "{\"Bucket\":\"docs\",\"Key\":\"dst.txt\"}");

        assertThat(copy.at("/CopyObjectResult/ETag").asText()).startsWith("\"");
        assertThat(got.get("Body").asText()).isEqualTo("copy me");
    }

    @Test
    void s3ListObjectsV2ReturnsContentsInTheApiShape() throws Exception {
        call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"list/a.txt\",\"Body\":\"1\"}");
        call("arn:aws:states:::aws-sdk:s3:putObject", "{\"Bucket\":\"docs\",\"Key\":\"list/b.txt\",\"Body\":\"22\"}");

        JsonNode list = call("arn:aws:states:::aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"docs\",\"Prefix\":\"list/\"}");

        assertThat(list.get("KeyCount").intValue()).isEqualTo(2);
        assertThat(list.get("IsTruncated").booleanValue()).isFalse();
        assertThat(list.get("Name").asText()).isEqualTo("docs");
        JsonNode second = list.at("/Contents/1");
        assertThat(second.get("Key").asText()).isEqualTo("list/b.txt");
        assertThat(second.get("Size").intValue()).isEqualTo(2);
        assertThat(second.get("ETag").asText()).startsWith("\"");
        assertThat(second.get("LastModified").isTextual()).isTrue();
        assertThat(second.get("StorageClass").asText()).isEqualTo("STANDARD");
    }

    @Test
    void missingS3KeyIsS3NoSuchKeyExceptionWithTheSdkMessageAsCause() {
        StatesError e = failure("arn:aws:states:::aws-sdk:s3:getObject", "{\"Bucket\":\"docs\",\"Key\":\"absent\"}");

        assertThat(e.error()).isEqualTo("S3.NoSuchKeyException");
        assertThat(e.cause()).contains("(Service: S3, Status Code: 404, Request ID: ");
    }

    @Test
    void anUnmodeledS3ErrorIsS3S3ExceptionNotItsErrorCode() {
        // A bucket without a policy answers NoSuchBucketPolicy, a code with no SDK class.
        StatesError e = failure("arn:aws:states:::aws-sdk:s3:getBucketPolicy", "{\"Bucket\":\"docs\"}");

        assertThat(e.error()).isEqualTo("S3.S3Exception");
        assertThat(e.cause()).contains("(Service: S3, Status Code: 404");
    }

    @Test
    void anUnknownMemberIsStatesRuntimeNamingTheField() {
        StatesError e = failure("arn:aws:states:::aws-sdk:s3:getObject", "{\"Bucket\":\"docs\",\"Key\":\"k\",\"Colour\":\"red\"}");

        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).contains("[The field 'Colour' is not supported by Step Functions]");
    }

    @Test
    void aNumberMemberGivenAStringNamesTheExpectedType() {
        StatesError e = failure("arn:aws:states:::aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"docs\",\"MaxKeys\":\"ten\"}");

        assertThat(e.cause()).contains("[The value for the field 'MaxKeys' must be an INTEGER]");
    }

    @Test
    void anActionTheApiDoesNotHaveIsStatesRuntime() {
        StatesError e = failure("arn:aws:states:::aws-sdk:s3:teleportObject", "{}");

        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).contains("the S3 API has no action 'teleportObject'");
    }

    // --- EventBridge ---

    @Test
    void putEventsReturnsTheEntriesAndNoFailures() throws Exception {
        JsonNode got = call("arn:aws:states:::events:putEvents",
                "{\"Entries\":[{\"Detail\":{\"Message\":\"hi\"},\"DetailType\":\"Done\",\"Source\":\"my.app\"}]}");

        assertThat(got.get("FailedEntryCount").intValue()).isZero();
        assertThat(got.at("/Entries/0/EventId").asText()).isNotEmpty();
    }

    @Test
    void putEventsSerializesAJsonDetailAndAppendsTheStateMachineAndExecutionArns() {
        JsonNode params = Json.parse("{\"Entries\":[{\"Detail\":{\"Message\":\"hi\"},\"DetailType\":\"Done\",\"Source\":\"my.app\",\"Resources\":[\"r1\"]},"
                + "{\"Detail\":\"{\\\"already\\\":\\\"text\\\"}\",\"DetailType\":\"Done\",\"Source\":\"my.app\"}]}");
        TaskCall call = new TaskCall(ResourceArn.parse("arn:aws:states:::events:putEvents"), params, null, EXECUTION_ARN, "Step", null, null);

        JsonNode sent = AwsServiceIntegration.withEventsDefaults(params, call);

        assertThat(sent.at("/Entries/0/Detail").asText()).isEqualTo("{\"Message\":\"hi\"}");
        assertThat(sent.at("/Entries/0/Resources")).isEqualTo(Json.parse("[\"r1\",\"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\",\""
                + EXECUTION_ARN + "\"]"));
        assertThat(sent.at("/Entries/1/Detail").asText()).isEqualTo("{\"already\":\"text\"}");
        assertThat(params.at("/Entries/0/Detail").isObject()).as("the Task's parameters are left as they were").isTrue();
    }

    @Test
    void putEventsWithAFailedEntryIsEventBridgeFailedEntry() {
        StatesError e = failure("arn:aws:states:::events:putEvents", "{\"Entries\":[{\"Detail\":{\"m\":1},\"DetailType\":\"Done\"}]}");

        assertThat(e.error()).isEqualTo("EventBridge.FailedEntry");
        assertThat(Json.parse(e.cause()).get("FailedEntryCount").intValue()).isEqualTo(1);
    }

    @Test
    void awsSdkEventBridgeDoesNotFailOnFailedEntries() throws Exception {
        JsonNode got = call("arn:aws:states:::aws-sdk:eventbridge:putEvents", "{\"Entries\":[{\"Detail\":\"{}\",\"DetailType\":\"Done\"}]}");

        assertThat(got.get("FailedEntryCount").intValue()).isEqualTo(1);
    }

    // --- SNS ---

    @Test
    void snsPublishReturnsTheMessageId() throws Exception {
        JsonNode got = call("arn:aws:states:::sns:publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":{\"order\":42}}");

        assertThat(got.get("MessageId").asText()).isNotEmpty();
        assertThat(got.at("/SdkHttpMetadata/HttpStatusCode").intValue()).isEqualTo(200);
    }

    @Test
    void snsPublishSerializesAJsonMessage() {
        JsonNode sent = AwsServiceIntegration.withMessageAsString(Json.parse("{\"TopicArn\":\"t\",\"Message\":{\"order\":42}}"));

        assertThat(sent.get("Message").asText()).isEqualTo("{\"order\":42}");
    }

    @Test
    void publishingToAMissingTopicIsSnsNotFoundException() {
        String missing = topicArn.replace(":alerts", ":missing");

        StatesError optimized = failure("arn:aws:states:::sns:publish", "{\"TopicArn\":\"" + missing + "\",\"Message\":\"m\"}");
        StatesError sdk = failure("arn:aws:states:::aws-sdk:sns:publish", "{\"TopicArn\":\"" + missing + "\",\"Message\":\"m\"}");

        assertThat(optimized.error()).isEqualTo("SNS.NotFoundException");
        assertThat(optimized.cause()).contains("(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;");
        assertThat(sdk.error()).isEqualTo("Sns.NotFoundException");
    }

    // --- which resources, and the lifecycle ---

    @Test
    void supportsTheListedServicesOnly() {
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::dynamodb:putItem"))).isTrue();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::sns:publish.waitForTaskToken"))).isTrue();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::aws-sdk:s3:copyObject"))).isTrue();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::aws-sdk:dynamodb:query"))).isTrue();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::dynamodb:query"))).as("not an optimized action").isFalse();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::dynamodb:putItem.sync"))).isFalse();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::aws-sdk:sqs:sendMessage"))).isFalse();
        assertThat(aws.supports(ResourceArn.parse("arn:aws:states:::lambda:invoke"))).isFalse();
    }

    @Test
    void aClosedIntegrationRefusesCalls() throws Exception {
        AwsServiceIntegration closed = new AwsServiceIntegration(AwsEndpoints.local(moto.endpoint()));
        closed.close();

        assertThatThrownBy(() -> closed.call(new TaskCall(ResourceArn.parse("arn:aws:states:::aws-sdk:s3:listBuckets"),
                Json.object(), null, EXECUTION_ARN, "Step", null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
