/**
 * The errors the workflows match by name: the contract between the functions and {@code statemachines/}.
 *
 * <p>The Java Lambda runtime reports an exception leaving a handler under its class's binary name (the
 * {@code errorType} of the function error, and the error Step Functions' Retry and Catch compare), and the local
 * engine names it the same way; no other name can be given to it. So the names of the classes here are what the
 * state machines write in {@code ErrorEquals}, and renaming or moving one of them changes which failures the
 * workflows retry. Every other error a function throws is matched by the workflows only as {@code States.ALL}.
 *
 * <p>One rule names every error a function throws, here or elsewhere: its class is {@code <Name>Exception}, and the
 * workflows' {@code Failed} states report it as {@code <Name>} ({@code AwsUnavailable}, {@code ChecksumMismatch},
 * {@code RetryRefused}, ...). {@code WorkflowErrorNamesTest} reads every state machine and fails on an
 * {@code ErrorEquals} name that is neither the language's ({@code States.*}), an AWS integration's
 * ({@code Lambda.*}, {@code DynamoDB.*}), one a {@code Fail} state of the same workflow raises, nor a class of this
 * package; and on a class of this package that no workflow names or no function code throws.
 */
package dev.controlplane.errors;
