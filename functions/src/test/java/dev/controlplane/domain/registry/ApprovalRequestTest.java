package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApprovalRequestTest {

    @Test
    void textOfARequestNeverShowsTheTaskToken() {
        ApprovalRequest request = new ApprovalRequest("AQCEAAAAKgAAAAMAAAAAAAAAAT0k-secret-token", "arn:execution", "prod",
                "data-eng/churn/churn", "1.4.0", "9f2c", "d".repeat(64),
                java.util.List.of(new ApprovalRequest.ApprovedFile("data-eng/churn/churn/churn-1.4.0.py", "a".repeat(64))));

        assertThat(request.toString()).doesNotContain("secret-token").contains("prod", "1.4.0", "arn:execution");
    }

    @Test
    void requestWithoutTaskTokenIsRefused() {
        assertThatThrownBy(() -> new ApprovalRequest(" ", "arn:execution", "prod", "data-eng/churn/churn", "1.4.0", null,
                "d".repeat(64), java.util.List.of(new ApprovalRequest.ApprovedFile("k.py", "a".repeat(64)))))
                .hasMessage("approval request: taskToken is missing; expected text");
    }
}
