package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TooManyTagsException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@IntegrationTest
class TagApiTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";

    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void tagsGivenAtCreationAndAddedLaterAreListedAndUntagRemovesThem() {
        String arn = api.sfn.createStateMachine(b -> b.name("orders").definition(PASS).roleArn(SfnEndpoint.ROLE)
                .tags(tag("team", "data"))).stateMachineArn();
        api.sfn.tagResource(b -> b.resourceArn(arn).tags(tag("env", "dev"), tag("team", "platform")));
        assertThat(api.sfn.listTagsForResource(b -> b.resourceArn(arn)).tags())
                .containsExactlyInAnyOrder(tag("team", "platform"), tag("env", "dev"));
        api.sfn.untagResource(b -> b.resourceArn(arn).tagKeys("team", "absent"));
        assertThat(api.sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).containsExactly(tag("env", "dev"));
    }

    @Test
    void anUnknownResourceIsResourceNotFoundAndAMalformedArnInvalidArn() {
        assertThatThrownBy(() -> api.sfn.listTagsForResource(b -> b.resourceArn("arn:aws:states:us-east-1:123456789012:stateMachine:none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sfn.tagResource(b -> b.resourceArn("orders").tags(tag("a", "b"))))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void moreThanFiftyTagsIsTooManyTagsAndAnEmptyKeyAValidationException() {
        String arn = api.create("orders", PASS);
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) many.add(tag("k" + i, "v"));
        assertThatThrownBy(() -> api.sfn.tagResource(b -> b.resourceArn(arn).tags(many))).isInstanceOf(TooManyTagsException.class);
        assertThat(api.sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEmpty();
        assertThatThrownBy(() -> api.sfn.tagResource(b -> b.resourceArn(arn).tags(tag("", "v")))).isInstanceOf(ValidationException.class);
    }

    @Test
    void deletingAStateMachineForgetsItsTags() {
        String arn = api.create("orders", PASS);
        api.sfn.tagResource(b -> b.resourceArn(arn).tags(tag("team", "data")));
        api.sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        api.create("orders", PASS);
        assertThat(api.sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEmpty();
    }
}
