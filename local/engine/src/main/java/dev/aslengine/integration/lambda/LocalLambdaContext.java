package dev.aslengine.integration.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The Lambda Context a handler gets when the engine calls it in-process: a request id, its names and its deadline. */
public final class LocalLambdaContext implements Context {
    private final String requestId;
    private final LocalFunction function;
    private final Instant deadline;
    private final LambdaLogger logger;

    LocalLambdaContext(String requestId, LocalFunction function, Instant deadline, PrintStream log) {
        this.requestId = requestId;
        this.function = function;
        this.deadline = deadline;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.print(message);
            }

            @Override
            public void log(byte[] message) {
                log.print(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                log.print(message);
            }
        };
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + function.name(); }
    @Override public String getLogStreamName() { return "local/[$LATEST]" + requestId.replace("-", ""); }
    @Override public String getFunctionName() { return function.name(); }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return function.arn(); }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return function.memoryMb(); }
    @Override public LambdaLogger getLogger() { return logger; }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
    }
}
