package dev.controlplane.aws;

import dev.controlplane.domain.BuildSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads uploaded builds from the S3 artifacts inbox, streaming each object. */
public final class S3BuildSource implements BuildSource, AutoCloseable {

    private final S3Client s3;

    public S3BuildSource(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** The source a Lambda builds at init, on the functions' one S3 client ({@link S3ArtifactStore#client}). */
    public static S3BuildSource fromEnvironment(Map<String, String> environment) {
        return new S3BuildSource(S3ArtifactStore.client(environment));
    }

    @Override
    public Optional<StoredObject> open(String bucket, String key, String versionId) {
        try {
            ResponseInputStream<GetObjectResponse> content = s3.getObject(request -> request.bucket(bucket).key(key)
                    .versionId(versionId));
            GetObjectResponse response = content.response();
            return Optional.of(new StoredObject(content, response.contentLength(), response.versionId()));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            // A version id that does not exist (or a key behind a delete marker) is a missing object too.
            if (e.statusCode() == 404 || "NoSuchVersion".equals(errorCode(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        s3.close();
    }
}
