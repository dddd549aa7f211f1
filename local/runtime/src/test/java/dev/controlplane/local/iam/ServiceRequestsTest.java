package dev.controlplane.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceRequestsTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k";
    private final ServiceRequests requests = new ServiceRequests("eu-west-1", "111111111111",
            bucket -> bucket.equals("artifacts") ? KEY : null, name -> "arn:aws:secretsmanager:eu-west-1:111111111111:secret:" + name + "-abcdef");

    private List<String> s3(String method, String path, Map<String, String> query, Map<String, String> headers, String body) throws Exception {
        return requests.s3(method, path, query, headers::get, body == null ? null : body.getBytes(StandardCharsets.UTF_8)).stream()
                .map(r -> r.action() + " " + r.resource()).toList();
    }

    @Test
    void s3ObjectCallsNeedTheirActionOnTheObjectAndTheBucketsKeyThroughS3() throws Exception {
        assertThat(s3("GET", "/artifacts/team/a%20b.py", Map.of(), Map.of(), null))
                .containsExactly("s3:GetObject arn:aws:s3:::artifacts/team/a b.py", "kms:Decrypt " + KEY);
        assertThat(s3("GET", "/inbox/a.py", Map.of("versionId", "v1"), Map.of(), null)).containsExactly("s3:GetObjectVersion arn:aws:s3:::inbox/a.py");
        assertThat(s3("HEAD", "/artifacts/a.py", Map.of(), Map.of(), null)).containsExactly("s3:GetObject arn:aws:s3:::artifacts/a.py");
        assertThat(s3("PUT", "/artifacts/a.py", Map.of(), Map.of("x-amz-copy-source", "/inbox/c%2B1/a.py?versionId=v2"), null))
                .containsExactly("s3:PutObject arn:aws:s3:::artifacts/a.py", "kms:GenerateDataKey " + KEY,
                        "s3:GetObjectVersion arn:aws:s3:::inbox/c+1/a.py");
        assertThat(s3("DELETE", "/artifacts/a.py", Map.of("uploadId", "u"), Map.of(), null)).containsExactly("s3:AbortMultipartUpload arn:aws:s3:::artifacts/a.py");
        assertThat(s3("PUT", "/artifacts/a.py", Map.of("tagging", ""), Map.of(), null)).containsExactly("s3:PutObjectTagging arn:aws:s3:::artifacts/a.py");
    }

    @Test
    void theKmsRequestCarriesTheContextS3GivesTheKey() throws Exception {
        AccessRequest kms = requests.s3("PUT", "/artifacts/a.py", Map.of(), h -> null, null).get(1);
        assertThat(kms.context()).containsEntry("kms:ViaService", List.of("s3.eu-west-1.amazonaws.com"))
                .containsEntry("kms:EncryptionContext:aws:s3:arn", List.of("arn:aws:s3:::artifacts"))
                .containsEntry("kms:CallerAccount", List.of("111111111111"));
    }

    @Test
    void objectWritesCarryTheirConditionalHeadersAndWhetherTheyCreateTheObject() throws Exception {
        AccessRequest put = requests.s3("PUT", "/artifacts/a.py", Map.of(), h -> h.equals("If-None-Match") ? "*" : null, null).get(0);
        assertThat(put.context()).containsEntry("s3:if-none-match", List.of("*")).doesNotContainKey("s3:if-match")
                .containsEntry("s3:ObjectCreationOperation", List.of("true"));
        AccessRequest plain = requests.s3("PUT", "/artifacts/a.py", Map.of(), h -> null, null).get(0);
        assertThat(plain.context()).as("absent, so that a Null condition sees it absent").doesNotContainKey("s3:if-none-match");
        AccessRequest part = requests.s3("PUT", "/artifacts/a.py", Map.of("partNumber", "1", "uploadId", "u"), h -> null, null).get(0);
        assertThat(part.context()).containsEntry("s3:ObjectCreationOperation", List.of("false"));
        AccessRequest create = requests.s3("POST", "/artifacts/a.py", Map.of("uploads", ""), h -> null, null).get(0);
        assertThat(create.context()).containsEntry("s3:ObjectCreationOperation", List.of("false"));
        AccessRequest complete = requests.s3("POST", "/artifacts/a.py", Map.of("uploadId", "u"),
                h -> h.equals("If-None-Match") ? "*" : null, null).get(0);
        assertThat(complete.context()).containsEntry("s3:ObjectCreationOperation", List.of("true"))
                .containsEntry("s3:if-none-match", List.of("*"));
    }

    @Test
    void bucketCallsNeedTheirActionOnTheBucketWithThePrefixAsConditionKey() throws Exception {
        List<AccessRequest> list = requests.s3("GET", "/artifacts", Map.of("list-type", "2", "prefix", "data-eng/"), h -> null, null);
        assertThat(list).extracting(AccessRequest::action).containsExactly("s3:ListBucket");
        assertThat(list.get(0).context()).containsEntry("s3:prefix", List.of("data-eng/"));
        assertThat(s3("GET", "/artifacts", Map.of("versions", ""), Map.of(), null)).containsExactly("s3:ListBucketVersions arn:aws:s3:::artifacts");
        assertThat(s3("HEAD", "/artifacts", Map.of(), Map.of(), null)).containsExactly("s3:ListBucket arn:aws:s3:::artifacts");
        assertThat(s3("GET", "/", Map.of(), Map.of(), null)).containsExactly("s3:ListAllMyBuckets *");
    }

    @Test
    void deleteObjectsNeedsDeleteOnEachKeyItNames() throws Exception {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                <Object><Key>a.py</Key></Object><Object><Key>b &amp; c.py</Key><VersionId>v1</VersionId></Object></Delete>""";
        assertThat(s3("POST", "/artifacts", Map.of("delete", ""), Map.of(), body))
                .containsExactly("s3:DeleteObject arn:aws:s3:::artifacts/a.py", "s3:DeleteObjectVersion arn:aws:s3:::artifacts/b & c.py");
        assertThatThrownBy(() -> s3("POST", "/artifacts", Map.of("delete", ""), Map.of(), "<Delete><!DOCTYPE x></Delete>"))
                .isInstanceOf(LocalIam.UnauthorizableRequest.class).hasMessageContaining("DeleteObjects body");
    }

    @Test
    void jsonCallsNeedTheirOperationOnTheResourceTheyName() throws Exception {
        assertThat(requests.json("dynamodb", "DynamoDB_20120810.Query", "{\"TableName\": \"registry\", \"IndexName\": \"byCommit\"}"
                .getBytes(StandardCharsets.UTF_8))).extracting(r -> r.action() + " " + r.resource())
                .containsExactly("dynamodb:Query arn:aws:dynamodb:eu-west-1:111111111111:table/registry/index/byCommit");
        assertThat(requests.json("dynamodb", "DynamoDB_20120810.TransactWriteItems", """
                {"TransactItems": [{"Put": {"TableName": "a"}}, {"ConditionCheck": {"TableName": "b"}}]}""".getBytes(StandardCharsets.UTF_8)))
                .extracting(r -> r.action() + " " + r.resource()).containsExactly(
                        "dynamodb:PutItem arn:aws:dynamodb:eu-west-1:111111111111:table/a",
                        "dynamodb:ConditionCheckItem arn:aws:dynamodb:eu-west-1:111111111111:table/b");
        assertThat(requests.json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\": \"controlplane/dev/x\"}"
                .getBytes(StandardCharsets.UTF_8))).extracting(r -> r.action() + " " + r.resource())
                .containsExactly("secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:111111111111:secret:controlplane/dev/x-abcdef");
        assertThat(requests.json("states", "AWSStepFunctions.StartExecution", "{\"stateMachineArn\": \"arn:sm\", \"input\": \"{}\"}"
                .getBytes(StandardCharsets.UTF_8))).extracting(r -> r.action() + " " + r.resource()).containsExactly("states:StartExecution arn:sm");
        assertThat(requests.json("states", "AWSStepFunctions.StartExecution", "{\"stateMachineArn\": \"arn:sm#HappyPath\"}"
                .getBytes(StandardCharsets.UTF_8))).as("a mocked test case is chosen on the machine's own ARN")
                .extracting(r -> r.action() + " " + r.resource()).containsExactly("states:StartExecution arn:sm");
        assertThatThrownBy(() -> requests.json("states", null, new byte[0])).isInstanceOf(LocalIam.UnauthorizableRequest.class);
    }
}
