package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "0123456789abcdef".repeat(4);
    private static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";

    private static String manifest(String teamField, String filesJson) {
        return """
                {%s
                 "project": "churn",
                 "script": "score",
                 "version": "1.4.0",
                 "branch": "main",
                 "commit": "%s",
                 "built_by": "github-actions",
                 "files": %s}
                """.formatted(teamField, COMMIT, filesJson);
    }

    private static String withFiles(String filesJson) {
        return manifest("\"team\": \"data-eng\",", filesJson);
    }

    private static String file(String name, String sha256, String size) {
        return "{\"name\": \"%s\", \"sha256\": \"%s\", \"size\": %s}".formatted(name, sha256, size);
    }

    private static InvalidArtifactException refusal(String json) {
        try {
            Manifest.parse("inbox/data-eng/churn/manifest.json", json);
        } catch (InvalidArtifactException e) {
            return e;
        }
        throw new AssertionError("expected the manifest to be refused: " + json);
    }

    @Test
    void validManifestIsParsedWithEveryField() {
        Manifest manifest = Manifest.parse(withFiles("[" + file("score.py", SHA_A, "120") + ", "
                + file("dist/churn_lib-1.4.0-py3-none-any.whl", SHA_B, "4096") + "]"));

        assertThat(manifest.team()).isEqualTo("data-eng");
        assertThat(manifest.project()).isEqualTo("churn");
        assertThat(manifest.script()).isEqualTo("score");
        assertThat(manifest.version()).isEqualTo("1.4.0");
        assertThat(manifest.branch()).isEqualTo("main");
        assertThat(manifest.commit()).isEqualTo(COMMIT);
        assertThat(manifest.files()).containsExactly(new ManifestFile("score.py", SHA_A, 120),
                new ManifestFile("dist/churn_lib-1.4.0-py3-none-any.whl", SHA_B, 4096));
    }

    @Test
    void scriptDefaultsToTheProject() {
        String json = withFiles("[" + file("churn.py", SHA_A, "1") + "]").replace("\"script\": \"score\",", "");

        assertThat(Manifest.parse(json).script()).isEqualTo("churn");
    }

    @Test
    void checksumsAndCommitAreLowerCased() {
        String json = withFiles("[" + file("score.py", SHA_B.toUpperCase(), "1") + "]").replace(COMMIT, COMMIT.toUpperCase());
        Manifest manifest = Manifest.parse(json);

        assertThat(manifest.files().get(0).sha256()).isEqualTo(SHA_B);
        assertThat(manifest.commit()).isEqualTo(COMMIT);
    }

    @Test
    void manifestWithoutTeamIsRefusedNamingTheField() {
        InvalidArtifactException e = refusal(manifest("", "[" + file("score.py", SHA_A, "1") + "]"));

        assertThat(e.field()).isEqualTo("team");
        assertThat(e.input()).isEqualTo("inbox/data-eng/churn/manifest.json");
        assertThat(e).hasMessageStartingWith("inbox/data-eng/churn/manifest.json: team is missing; expected ");
    }

    @Test
    void teamThatIsNotAStringIsRefusedShowingWhatItWas() {
        InvalidArtifactException e = refusal(manifest("\"team\": 42,", "[" + file("score.py", SHA_A, "1") + "]"));

        assertThat(e.field()).isEqualTo("team");
        assertThat(e).hasMessageContaining("is the number 42; expected a string");
    }

    @Test
    void invalidVersionIsRefusedNamingTheField() {
        InvalidArtifactException e = refusal(withFiles("[" + file("score.py", SHA_A, "1") + "]").replace("1.4.0", "1.4"));

        assertThat(e.field()).isEqualTo("version");
    }

    @Test
    void shortCommitIsRefused() {
        InvalidArtifactException e = refusal(withFiles("[" + file("score.py", SHA_A, "1") + "]").replace(COMMIT, "3f78685"));

        assertThat(e.field()).isEqualTo("commit");
        assertThat(e).hasMessageContaining("40 (SHA-1) or 64 (SHA-256) hex characters");
    }

    @Test
    void sha256ThatIsNot64HexCharactersIsRefusedNamingTheFile() {
        assertThat(refusal(withFiles("[" + file("score.py", "abc", "1") + "]")))
                .hasMessageContaining("files[0].sha256 is 'abc' (3 characters); expected the file's SHA-256 as 64 hex characters");
        assertThat(refusal(withFiles("[" + file("score.py", "g".repeat(64), "1") + "]")).field())
                .isEqualTo("files[0].sha256");
    }

    @Test
    void negativeSizeIsRefused() {
        InvalidArtifactException e = refusal(withFiles("[" + file("score.py", SHA_A, "1") + ", " + file("b.whl", SHA_B, "-5") + "]"));

        assertThat(e.field()).isEqualTo("files[1].size");
        assertThat(e).hasMessageContaining("a whole number >= 0");
    }

    @Test
    void fractionalOrTextualSizeIsRefused() {
        assertThat(refusal(withFiles("[" + file("score.py", SHA_A, "1.5") + "]")).field()).isEqualTo("files[0].size");
        assertThat(refusal(withFiles("[" + file("score.py", SHA_A, "\"12\"") + "]")).field()).isEqualTo("files[0].size");
    }

    @Test
    void duplicateFileNamesAreRefused() {
        InvalidArtifactException e = refusal(withFiles("[" + file("score.py", SHA_A, "1") + ", " + file("score.py", SHA_B, "2") + "]"));

        assertThat(e.field()).isEqualTo("files[1].name");
        assertThat(e).hasMessageContaining("which an earlier file already has");
    }

    @Test
    void pathTraversalInFileNamesIsRefused() {
        for (String name : new String[] {"../score.py", "dist/../../score.py", "./score.py", "/etc/passwd", "dist\\\\score.py"}) {
            InvalidArtifactException e = refusal(withFiles("[" + file(name, SHA_A, "1") + "]"));
            assertThat(e.field()).as(name).isEqualTo("files[0].name");
        }
    }

    @Test
    void fileNamesWithEmptySegmentsOrOddCharactersAreRefused() {
        for (String name : new String[] {"dist//score.py", "dist/", "score py", "score.py\\u0000"}) {
            assertThat(refusal(withFiles("[" + file(name, SHA_A, "1") + "]")).field()).as(name).isEqualTo("files[0].name");
        }
    }

    @Test
    void emptyOrMissingFilesAreRefused() {
        assertThat(refusal(withFiles("[]"))).hasMessageContaining("files is empty");
        assertThat(refusal(withFiles("null"))).hasMessageContaining("files is missing");
        assertThat(refusal(withFiles("{}")).field()).isEqualTo("files");
        assertThat(refusal(withFiles("[\"score.py\"]")).field()).isEqualTo("files[0]");
    }

    @Test
    void documentThatIsNotAJsonObjectIsRefused() {
        assertThat(refusal("[1, 2]")).hasMessageContaining("document is not a JSON object");
        assertThat(refusal("{\"team\": ")).hasMessageContaining("document is not valid JSON");
        assertThat(refusal("").field()).isEqualTo("document");
    }

    @Test
    void constructedManifestIsValidatedLikeAParsedOne() {
        assertThatThrownBy(() -> new Manifest("data-eng", "churn", "score", "1.4.0", "main", COMMIT,
                List.of(new ManifestFile("../x.py", SHA_A, 1))))
                .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("files[0].name"));
    }

    @Test
    void filesListIsImmutable() {
        Manifest manifest = Manifest.parse(withFiles("[" + file("score.py", SHA_A, "1") + "]"));

        assertThatThrownBy(() -> manifest.files().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void buildOfTheDefaultBranchIsNamedWithoutSuffix() {
        Manifest manifest = Manifest.parse(withFiles("[" + file("score.py", SHA_A, "1") + "]"));

        assertThat(manifest.artifactName("refs/heads/main").scriptKey()).isEqualTo("data-eng/churn/score/score-1.4.0.py");
    }

    @Test
    void buildOfAnotherBranchIsNamedWithTheBranchSuffix() {
        Manifest manifest = Manifest.parse(withFiles("[" + file("score.py", SHA_A, "1") + "]").replace("\"main\"", "\"feature/faster\""));

        assertThat(manifest.artifactName("main").scriptKey()).isEqualTo("data-eng/churn/score/score-1.4.0-feature-faster.py");
    }
}
