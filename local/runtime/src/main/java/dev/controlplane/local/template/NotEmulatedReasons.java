package dev.controlplane.local.template;

/** Why the local runtime leaves a resource type out, said in terms of what a user would notice. */
final class NotEmulatedReasons {
    private NotEmulatedReasons() {}

    static String of(String type) {
        if (type.equals("AWS::Lambda::Permission")) return "S3, schedules and the HTTP API invoke the functions they are wired to";
        if (type.startsWith("AWS::IAM::") || type.equals("AWS::SQS::QueuePolicy") || type.equals("AWS::SNS::TopicPolicy")) {
            return "a policy of a service the local runtime does not serve";
        }
        if (type.startsWith("AWS::CloudWatch::")) return "no metrics are collected locally, so alarms and dashboards have nothing to show";
        if (type.startsWith("AWS::Logs::")) return "function and state machine logs go to the output of controlplane up";
        if (type.startsWith("AWS::SNS::")) return "no SNS endpoint locally: nothing is published";
        if (type.startsWith("AWS::SQS::")) return "no SQS endpoint locally (dead-letter queues and destinations receive nothing)";
        if (type.startsWith("AWS::KMS::")) return "data is stored unencrypted under the local data folder";
        if (type.equals("AWS::Lambda::EventInvokeConfig") || type.equals("AWS::Lambda::Alias") || type.equals("AWS::Lambda::Version")) {
            return "functions run in-process: every alias and version is the code on the class path";
        }
        if (type.startsWith("AWS::ApiGateway") || type.equals("AWS::Serverless::Api")) {
            return "only HTTP APIs (AWS::Serverless::HttpApi and HttpApi events) are served locally";
        }
        return "the local runtime has no emulation of " + type;
    }
}
