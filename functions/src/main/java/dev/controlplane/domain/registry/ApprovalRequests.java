package dev.controlplane.domain.registry;

/** Where pending approvals wait for a person (the console lists them and approves or rejects with the token). */
public interface ApprovalRequests {

    /** Records the request; recording the same one again (a retried invocation) replaces it. */
    void record(ApprovalRequest request);
}
