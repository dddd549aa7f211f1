package dev.controlplane.local.template;

/**
 * The pseudo parameters of the stack the template is "deployed" as locally: {@code AWS::Region},
 * {@code AWS::AccountId}, {@code AWS::StackName} ({@code AWS::Partition} is always {@code aws}).
 */
public record StackContext(String region, String accountId, String stackName) {
    public StackContext {
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("AWS::Region must be a region code such as eu-west-1, got '" + region + "'");
        }
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("AWS::AccountId must be 12 digits, got '" + accountId + "'");
        }
        if (stackName == null || !stackName.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
            throw new IllegalArgumentException("AWS::StackName must be a letter then letters, digits or '-', got '" + stackName + "'");
        }
    }

    /** The ARN Secrets Manager gives a secret of this name here (its name and a stable six-character suffix). */
    public String secretArn(String secretName) {
        return new ResourceIds(this).secretArn(secretName);
    }
}
