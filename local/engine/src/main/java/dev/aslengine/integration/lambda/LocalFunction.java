package dev.aslengine.integration.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/** A Lambda function served in-process: its name, ARN, limits and the handler (as a stream handler). */
public record LocalFunction(String name, String arn, int memoryMb, int timeoutSeconds, RequestStreamHandler handler) {}
