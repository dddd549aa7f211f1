package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The handler end to end against moto's Step Functions, fed the sample event from events/. */
@IntegrationTest
class ArtifactUploadedHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoEndpoint moto;
    private static SfnClient sfn;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoEndpoint.startOrSkip();
        sfn = moto.sfn();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (sfn != null) sfn.close();
        if (moto != null) moto.close();
    }

    @Test
    void redeliveredEventStartsExactlyOneExecution() throws Exception {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        ArtifactUploadedHandler handler = new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn, machine));
        byte[] event = Files.readAllBytes(ArtifactUploadedHandlerTest.SAMPLE_EVENT);

        JsonNode first = invoke(handler, event);
        JsonNode second = invoke(handler, event);

        assertThat(first.toString()).isEqualTo("{\"started\":1,\"duplicates\":0,\"skipped\":0}");
        // A running STANDARD execution with the same name and input is returned again, not started anew.
        assertThat(second.toString()).isEqualTo("{\"started\":1,\"duplicates\":0,\"skipped\":0}");
        assertThat(executions(machine)).hasSize(1);
    }

    @Test
    void executionInputDescribesTheUploadedManifest() throws Exception {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        invoke(new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn, machine)), Files.readAllBytes(ArtifactUploadedHandlerTest.SAMPLE_EVENT));

        String arn = executions(machine).get(0).executionArn();
        assertThat(JSON.readTree(sfn.describeExecution(r -> r.executionArn(arn)).input())).isEqualTo(JSON.readTree("""
                {"bucket": "controlplane-artifacts-inbox-dev-123456789012",
                 "key": "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json",
                 "versionId": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                 "etag": "5d41402abc4b2a76b9719d911017c592",
                 "prefix": "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/",
                 "size": 412}"""));
    }

    @Test
    void secondVersionOfTheManifestStartsASecondExecution() throws Exception {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        ArtifactUploadedHandler handler = new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn, machine));
        byte[] event = Files.readAllBytes(ArtifactUploadedHandlerTest.SAMPLE_EVENT);

        invoke(handler, event);
        JsonNode second = invoke(handler, withVersionId(event, "Wb1qX9mZ0c7Tn3LJp6uQxYdEaKs4RvHo"));

        assertThat(second.get("started").asInt()).isEqualTo(1);
        assertThat(executions(machine)).hasSize(2);
    }

    @Test
    void redeliveryAfterTheExecutionFinishedIsADuplicate() throws Exception {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        ArtifactUploadedHandler handler = new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn, machine));
        byte[] event = Files.readAllBytes(ArtifactUploadedHandlerTest.SAMPLE_EVENT);
        invoke(handler, event);
        sfn.stopExecution(r -> r.executionArn(executions(machine).get(0).executionArn()));

        JsonNode again = invoke(handler, event);

        assertThat(again.toString()).isEqualTo("{\"started\":0,\"duplicates\":1,\"skipped\":0}");
        assertThat(executions(machine)).hasSize(1);
    }

    private static JsonNode invoke(ArtifactUploadedHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return JSON.readTree(output.toString(StandardCharsets.UTF_8));
    }

    private static byte[] withVersionId(byte[] event, String versionId) throws Exception {
        JsonNode root = JSON.readTree(event);
        ((ObjectNode) root.at("/Records/0/s3/object")).put("versionId", versionId);
        return JSON.writeValueAsBytes(root);
    }

    private static List<ExecutionListItem> executions(String machine) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
    }
}
