package dev.aslengine.integration.aws;

import java.util.Map;
import java.util.Set;

/**
 * The Task resources this package serves, each with how Step Functions names its errors. Optimized integrations
 * ({@code arn:aws:states:::dynamodb:putItem}) accept only the actions and parameters Step Functions documents and
 * name errors after the service's error code, as the SDK for Java v1 did (e.g. {@code DynamoDB.ValidationException});
 * AWS SDK integrations ({@code arn:aws:states:::aws-sdk:s3:getObject}) accept any action of the API and name errors
 * after the SDK v2 exception class (e.g. {@code S3.NoSuchKeyException}, or {@code S3.S3Exception} when unmodeled).
 * Holds only names, so the SDK stays unloaded until a call needs it.
 */
enum AwsService {
    DYNAMODB_OPTIMIZED("dynamodb", SdkService.DYNAMODB, "DynamoDB", "AmazonDynamoDBv2", Map.of(
            "getItem", Set.of("Key", "TableName", "AttributesToGet", "ConsistentRead", "ExpressionAttributeNames",
                    "ProjectionExpression", "ReturnConsumedCapacity"),
            "putItem", Set.of("Item", "TableName", "ConditionalOperator", "ConditionExpression", "Expected",
                    "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
                    "ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure"),
            "deleteItem", Set.of("Key", "TableName", "ConditionalOperator", "ConditionExpression", "Expected",
                    "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
                    "ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure"),
            "updateItem", Set.of("Key", "TableName", "AttributeUpdates", "ConditionalOperator", "ConditionExpression",
                    "Expected", "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
                    "ReturnItemCollectionMetrics", "ReturnValues", "UpdateExpression",
                    "ReturnValuesOnConditionCheckFailure"))),
    EVENTS_OPTIMIZED("events", SdkService.EVENTBRIDGE, "EventBridge", "AmazonEventBridge", Map.of(
            "putEvents", Set.of("Entries"))),
    SNS_OPTIMIZED("sns", SdkService.SNS, "SNS", "AmazonSNS", Map.of(
            "publish", Set.of("Message", "MessageAttributes", "MessageStructure", "MessageDeduplicationId",
                    "MessageGroupId", "PhoneNumber", "Subject", "TargetArn", "TopicArn"))),
    DYNAMODB_SDK("aws-sdk:dynamodb", SdkService.DYNAMODB, "DynamoDb", null, null),
    S3_SDK("aws-sdk:s3", SdkService.S3, "S3", null, null),
    EVENTBRIDGE_SDK("aws-sdk:eventbridge", SdkService.EVENTBRIDGE, "EventBridge", null, null),
    SNS_SDK("aws-sdk:sns", SdkService.SNS, "Sns", null, null);

    /** The SDK v2 client behind a service, by class name only. */
    enum SdkService {
        S3("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk.services.s3.model"),
        DYNAMODB("software.amazon.awssdk.services.dynamodb.DynamoDbClient", "software.amazon.awssdk.services.dynamodb.model"),
        EVENTBRIDGE("software.amazon.awssdk.services.eventbridge.EventBridgeClient", "software.amazon.awssdk.services.eventbridge.model"),
        SNS("software.amazon.awssdk.services.sns.SnsClient", "software.amazon.awssdk.services.sns.model");

        final String clientInterface;
        final String modelPackage;

        SdkService(String clientInterface, String modelPackage) {
            this.clientInterface = clientInterface;
            this.modelPackage = modelPackage;
        }
    }

    final String resourceService;
    final SdkService sdk;
    final String errorPrefix;
    /** The service name the SDK v1 printed in error causes; null for AWS SDK integrations. */
    final String v1ServiceName;
    /** Action -> accepted parameters, for optimized integrations; null when every action of the API is accepted. */
    final Map<String, Set<String>> optimizedActions;

    AwsService(String resourceService, SdkService sdk, String errorPrefix, String v1ServiceName,
            Map<String, Set<String>> optimizedActions) {
        this.resourceService = resourceService;
        this.sdk = sdk;
        this.errorPrefix = errorPrefix;
        this.v1ServiceName = v1ServiceName;
        this.optimizedActions = optimizedActions;
    }

    boolean optimized() {
        return optimizedActions != null;
    }

    boolean supportsAction(String action) {
        if (optimizedActions != null) return optimizedActions.containsKey(action);
        return !action.isEmpty() && Character.isLowerCase(action.charAt(0));
    }

    static AwsService forResourceService(String service) {
        for (AwsService s : values()) {
            if (s.resourceService.equals(service)) return s;
        }
        return null;
    }
}
