package dev.controlplane.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final String ROLE = "arn:aws:iam::111111111111:role/controlplane-dev-PublishArtifactFunctionRole-ABC";
    private static final PolicyEvaluator.Caller CALLER = new PolicyEvaluator.Caller(ROLE,
            "arn:aws:sts::111111111111:assumed-role/controlplane-dev-PublishArtifactFunctionRole-ABC/PublishArtifactFunction", "111111111111");

    private static PolicyEvaluator.NamedPolicy policy(String statements) {
        return PolicyEvaluator.NamedPolicy.read("test", "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}");
    }

    private static PolicyEvaluator.Decision identity(String statements, AccessRequest request) {
        return PolicyEvaluator.decide(CALLER, request, List.of(policy(statements)), null, null, false);
    }

    private static AccessRequest get(String key) {
        return new AccessRequest("s3:GetObject", "arn:aws:s3:::artifacts/" + key, Map.of("aws:SecureTransport", List.of("true")));
    }

    @Test
    void anActionIsAllowedOnlyWhereAStatementNamesItAndItsResource() {
        String allow = """
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": "arn:aws:s3:::artifacts/*"}""";
        assertThat(identity(allow, get("team/a.py")).allowed()).isTrue();
        PolicyEvaluator.Decision other = identity(allow, new AccessRequest("s3:PutObject", "arn:aws:s3:::artifacts/team/a.py"));
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("because no identity-based policy allows the s3:PutObject action");
        assertThat(identity(allow, new AccessRequest("s3:GetObject", "arn:aws:s3:::inbox/team/a.py")).allowed()).isFalse();
        // the bucket is not one of its objects
        assertThat(identity(allow, new AccessRequest("s3:GetObject", "arn:aws:s3:::artifacts")).allowed()).isFalse();
    }

    @Test
    void actionsMatchWithoutRegardToCaseAndResourcesWithIt() {
        String allow = """
                {"Effect": "Allow", "Action": "S3:get*", "Resource": "arn:aws:s3:::artifacts/team/??.py"}""";
        assertThat(identity(allow, get("team/ab.py")).allowed()).isTrue();
        assertThat(identity(allow, get("team/abc.py")).allowed()).isFalse();
        assertThat(identity(allow, get("Team/ab.py")).allowed()).isFalse();
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        String statements = """
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/secret/*"}""";
        assertThat(identity(statements, get("team/a.py")).allowed()).isTrue();
        PolicyEvaluator.Decision denied = identity(statements, get("secret/a.py"));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.reason()).isEqualTo("with an explicit deny in an identity-based policy");
    }

    @Test
    void notActionAndNotResourceMatchEverythingTheyDoNotName() {
        String statements = """
                {"Effect": "Allow", "NotAction": "s3:Delete*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::artifacts/*"}""";
        assertThat(identity(statements, get("a")).allowed()).isTrue();
        assertThat(identity(statements, new AccessRequest("s3:DeleteObject", "arn:aws:s3:::artifacts/a")).allowed()).isFalse();
        assertThat(identity(statements, new AccessRequest("s3:PutObject", "arn:aws:s3:::artifacts/a")).allowed()).isTrue();
        assertThat(identity(statements, new AccessRequest("s3:PutObject", "arn:aws:s3:::inbox/a")).reason()).contains("explicit deny");
    }

    @Test
    void conditionsAreAllTrueOrTheStatementDoesNotApply() {
        String allow = """
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::artifacts",
                 "Condition": {"StringLike": {"s3:prefix": ["data-eng/*", "ml/*"]}, "Bool": {"aws:SecureTransport": "true"}}}""";
        AccessRequest dataEng = new AccessRequest("s3:ListBucket", "arn:aws:s3:::artifacts",
                Map.of("s3:prefix", List.of("data-eng/churn/"), "aws:SecureTransport", List.of("true")));
        AccessRequest other = new AccessRequest("s3:ListBucket", "arn:aws:s3:::artifacts",
                Map.of("s3:prefix", List.of("finance/"), "aws:SecureTransport", List.of("true")));
        AccessRequest noPrefix = new AccessRequest("s3:ListBucket", "arn:aws:s3:::artifacts", Map.of("aws:SecureTransport", List.of("true")));
        assertThat(identity(allow, dataEng).allowed()).isTrue();
        assertThat(identity(allow, other).allowed()).isFalse();
        assertThat(identity(allow, noPrefix).allowed()).as("a key the request lacks matches no positive operator").isFalse();
        String ifExists = allow.replace("StringLike", "StringLikeIfExists");
        assertThat(identity(ifExists, noPrefix).allowed()).isTrue();
        String negated = allow.replace("StringLike", "StringNotLike");
        assertThat(identity(negated, noPrefix).allowed()).as("a negated operator holds when the key is absent").isTrue();
        assertThat(identity(negated, dataEng).allowed()).isFalse();
        String nullCheck = """
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Null": {"s3:prefix": "true"}}}""";
        assertThat(identity(nullCheck, noPrefix).allowed()).isTrue();
        assertThat(identity(nullCheck, dataEng).allowed()).isFalse();
    }

    @Test
    void thePrincipalArnIsTheRoleNotItsSession() {
        String allow = """
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/controlplane-dev-PublishArtifactFunctionRole-*"}}}""";
        assertThat(identity(allow, get("a")).allowed()).isTrue();
        assertThat(identity(allow.replace("111111111111", "222222222222"), get("a")).allowed()).isFalse();
    }

    @Test
    void aPermissionsBoundaryCapsWhatTheIdentityPoliciesAllow() {
        PolicyEvaluator.NamedPolicy everything = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}""");
        PolicyEvaluator.NamedPolicy boundary = policy("""
                {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}""");
        assertThat(PolicyEvaluator.decide(CALLER, get("a"), List.of(everything), boundary, null, false).allowed()).isTrue();
        PolicyEvaluator.Decision put = PolicyEvaluator.decide(CALLER, new AccessRequest("s3:PutObject", "arn:aws:s3:::artifacts/a"),
                List.of(everything), boundary, null, false);
        assertThat(put.allowed()).isFalse();
        assertThat(put.reason()).isEqualTo("because no permissions boundary allows the s3:PutObject action");
    }

    @Test
    void acrossAccountsBothTheCallersPolicyAndTheResourcePolicyMustAllow() {
        PolicyEvaluator.NamedPolicy callerMay = policy("""
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::prod-artifacts/*"}""");
        PolicyEvaluator.NamedPolicy bucketAdmitsTheRole = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::prod-artifacts/*",
                 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/controlplane-dev-PublishArtifactFunctionRole-*"}}}""");
        PolicyEvaluator.NamedPolicy bucketAdmitsOthers = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:root"}, "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::prod-artifacts/*"}""");
        AccessRequest put = new AccessRequest("s3:PutObject", "arn:aws:s3:::prod-artifacts/a.py");
        assertThat(PolicyEvaluator.decide(CALLER, put, List.of(callerMay), null, bucketAdmitsTheRole, true).allowed()).isTrue();
        PolicyEvaluator.Decision noGrant = PolicyEvaluator.decide(CALLER, put, List.of(callerMay), null, bucketAdmitsOthers, true);
        assertThat(noGrant.allowed()).isFalse();
        assertThat(noGrant.reason()).isEqualTo("because no resource-based policy allows the s3:PutObject action");
        assertThat(PolicyEvaluator.decide(CALLER, put, List.of(), null, bucketAdmitsTheRole, true).reason())
                .isEqualTo("because no identity-based policy allows the s3:PutObject action");
    }

    @Test
    void withinAnAccountAResourcePolicyNamingTheRoleIsEnoughAndItsDenyApplies() {
        PolicyEvaluator.NamedPolicy bucket = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::artifacts/*",
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}""".formatted(ROLE));
        assertThat(PolicyEvaluator.decide(CALLER, get("a"), List.of(), null, bucket, false).allowed()).isTrue();
        AccessRequest plainHttp = new AccessRequest("s3:GetObject", "arn:aws:s3:::artifacts/a", Map.of("aws:SecureTransport", List.of("false")));
        assertThat(PolicyEvaluator.decide(CALLER, plainHttp, List.of(), null, bucket, false).reason())
                .isEqualTo("with an explicit deny in a resource-based policy");
    }

    @Test
    void aKeyPolicyMustGrantTheAccountBeforeIamPoliciesCount() {
        PolicyEvaluator.NamedPolicy iam = policy("""
                {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:eu-west-1:111111111111:key/k"}""");
        PolicyEvaluator.NamedPolicy enablesIam = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*", "Resource": "*"}""");
        PolicyEvaluator.NamedPolicy someoneElse = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/admin"}, "Action": "kms:*", "Resource": "*"}""");
        AccessRequest decrypt = new AccessRequest("kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/k");
        assertThat(PolicyEvaluator.decide(CALLER, decrypt, List.of(iam), null, enablesIam, true).allowed()).isTrue();
        assertThat(PolicyEvaluator.decide(CALLER, decrypt, List.of(), null, enablesIam, true).allowed()).isFalse();
        assertThat(PolicyEvaluator.decide(CALLER, decrypt, List.of(iam), null, someoneElse, true).allowed()).isFalse();
    }

    @Test
    void whatCannotBeEvaluatedNeverAllowsAndIsNamed() {
        String statements = """
                {"Sid": "Tagged", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "data-eng"}}},
                {"Sid": "Dated", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",
                 "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}},
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}""";
        assertThat(identity(statements, get("a")).allowed()).isFalse();
        assertThat(identity(statements, new AccessRequest("s3:PutObject", "arn:aws:s3:::artifacts/a")).allowed()).isFalse();
        assertThat(PolicyEvaluator.unevaluable(policy(statements))).containsExactly(
                "test statement Tagged: condition key s3:ExistingObjectTag/team",
                "test statement Dated: condition operator DateGreaterThan");
    }

    @Test
    void wildcardsMatchAnyRunAndAnyOneCharacter() {
        assertThat(PolicyEvaluator.wildcard("a*c", "abbbc", false)).isTrue();
        assertThat(PolicyEvaluator.wildcard("a*c", "abbbd", false)).isFalse();
        assertThat(PolicyEvaluator.wildcard("*", "", false)).isTrue();
        assertThat(PolicyEvaluator.wildcard("a?c", "ac", false)).isFalse();
        assertThat(PolicyEvaluator.wildcard("*/*", "bucket/key", false)).isTrue();
    }
}
