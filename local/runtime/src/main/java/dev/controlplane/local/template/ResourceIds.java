package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What {@code Ref} and {@code Fn::GetAtt} give for a resource, as CloudFormation (and SAM's generated resources) give
 * them: a bucket's or table's name, a state machine's or secret's ARN, a function's name, and so on. Names the
 * template leaves to CloudFormation are generated deterministically ({@code stack-LogicalId-suffix}), so they stay the
 * same from one start of the local runtime to the next.
 */
final class ResourceIds {
    private final StackContext stack;

    ResourceIds(StackContext stack) {
        this.stack = stack;
    }

    StackContext stack() {
        return stack;
    }

    /** The physical name of a resource: its explicit name property when the template gives one, else a generated one. */
    String name(String logicalId, String type, JsonNode properties) {
        String explicit = switch (type) {
            case "AWS::S3::Bucket" -> text(properties, "BucketName");
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> text(properties, "TableName");
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> text(properties, "FunctionName");
            case "AWS::Serverless::StateMachine" -> text(properties, "Name");
            case "AWS::StepFunctions::StateMachine" -> text(properties, "StateMachineName");
            case "AWS::SNS::Topic" -> text(properties, "TopicName");
            case "AWS::SQS::Queue" -> text(properties, "QueueName");
            case "AWS::IAM::Role" -> text(properties, "RoleName");
            case "AWS::Logs::LogGroup" -> text(properties, "LogGroupName");
            default -> text(properties, "Name");
        };
        if (explicit != null) return explicit;
        String generated = stack.stackName() + "-" + logicalId + "-" + suffix(logicalId, 12).toUpperCase(Locale.ROOT);
        return type.equals("AWS::S3::Bucket") ? generated.toLowerCase(Locale.ROOT) : generated;
    }

    /** {@code Ref} of a resource of this type named {@code name}. */
    String ref(String logicalId, String type, String name, JsonNode properties) {
        return switch (type) {
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> arn(type, name, properties);
            case "AWS::SecretsManager::Secret" -> arn(type, name, properties);
            case "AWS::SNS::Topic" -> arn(type, name, properties);
            case "AWS::SQS::Queue" -> "https://sqs." + stack.region() + ".amazonaws.com/" + stack.accountId() + "/" + name;
            case "AWS::Serverless::HttpApi", "AWS::Serverless::Api", "AWS::ApiGatewayV2::Api" -> apiId(logicalId);
            case "AWS::KMS::Key" -> suffix(logicalId, 8) + "-local-key";
            case "AWS::IAM::ManagedPolicy" -> arn(type, name, properties);
            default -> name;
        };
    }

    /** {@code Fn::GetAtt} of a resource; null when the type has no such attribute that we know of. */
    String attribute(String logicalId, String type, String name, JsonNode properties, String attribute) {
        return switch (attribute) {
            case "Arn" -> arn(type, name, properties);
            case "Name", "TableName", "TopicName", "QueueName", "StateMachineName", "BucketName" -> name;
            case "TopicArn", "StateMachineArn", "FunctionArn" -> arn(type, name, properties);
            case "QueueUrl" -> "https://sqs." + stack.region() + ".amazonaws.com/" + stack.accountId() + "/" + name;
            case "StreamArn" -> arn(type, name, properties) + "/stream/1970-01-01T00:00:00.000";
            case "DomainName" -> name + ".s3.amazonaws.com";
            case "RegionalDomainName" -> name + ".s3." + stack.region() + ".amazonaws.com";
            case "Id" -> type.equals("AWS::SecretsManager::Secret") ? arn(type, name, properties) : name;
            case "RoleId" -> "AROA" + suffix(logicalId, 16).toUpperCase(Locale.ROOT);
            case "ApiEndpoint" -> "https://" + apiId(logicalId) + ".execute-api." + stack.region() + ".amazonaws.com";
            case "ApiId" -> apiId(logicalId);
            case "KeyId" -> suffix(logicalId, 8) + "-local-key";
            default -> arn(type, name, properties) + "/" + attribute;
        };
    }

    String arn(String type, String name, JsonNode properties) {
        String region = stack.region();
        String account = stack.accountId();
        return switch (type) {
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> functionArn(name);
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
                    "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
            case "AWS::SecretsManager::Secret" -> secretArn(name);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + account + ":" + name;
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + region + ":" + account + ":" + name;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + account + ":role/" + name;
            case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + account + ":policy/" + name;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + name + ":*";
            case "AWS::Scheduler::Schedule" -> "arn:aws:scheduler:" + region + ":" + account + ":schedule/"
                    + groupOf(properties) + "/" + name;
            case "AWS::Scheduler::ScheduleGroup" -> "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/" + name;
            case "AWS::Events::Rule" -> "arn:aws:events:" + region + ":" + account + ":rule/" + name;
            case "AWS::Events::EventBus" -> "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
            case "AWS::KMS::Key" -> "arn:aws:kms:" + region + ":" + account + ":key/" + name;
            default -> {
                String[] parts = type.split("::");
                String service = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
                String kind = parts.length > 2 ? parts[2].toLowerCase(Locale.ROOT) : "resource";
                yield "arn:aws:" + service + ":" + region + ":" + account + ":" + kind + "/" + name;
            }
        };
    }

    String functionArn(String functionName) {
        return "arn:aws:lambda:" + stack.region() + ":" + stack.accountId() + ":function:" + functionName;
    }

    /** A secret's ARN: its name and a six-character suffix, stable for the name as AWS's is for one secret. */
    String secretArn(String secretName) {
        return "arn:aws:secretsmanager:" + stack.region() + ":" + stack.accountId() + ":secret:" + secretName + "-" + suffix(secretName, 6);
    }

    String roleArn(String roleName) {
        return "arn:aws:iam::" + stack.accountId() + ":role/" + roleName;
    }

    /** The id of an API Gateway API: ten lower-case letters and digits, stable for its logical id. */
    String apiId(String logicalId) {
        return suffix(stack.stackName() + "/" + logicalId, 10);
    }

    private static String groupOf(JsonNode properties) {
        String group = text(properties, "GroupName");
        return group == null ? "default" : group;
    }

    static String text(JsonNode properties, String field) {
        JsonNode v = properties == null ? null : properties.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** Characters [a-z0-9] derived from {@code seed}. */
    static String suffix(String seed, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < length; i++) out.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
