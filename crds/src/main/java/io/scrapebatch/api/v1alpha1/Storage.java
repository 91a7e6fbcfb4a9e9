package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * How the operator and the job reach object storage for a batch whose locations are {@code s3:} or
 * {@code s3a:} URIs. Every field falls back to the operator's setting of the same name. Credentials
 * never appear here: a Secret holds them, and they reach the pods only as environment variables
 * from that Secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Storage(
    @Size(max = 2048)
        @Pattern("^https?://[^/\\s?#]+/?$")
        @JsonPropertyDescription(
            "The S3 endpoint, http(s)://host[:port] (an S3-compatible server, or a regional AWS"
                + " endpoint). Unset: the operator's --s3-endpoint, else AWS's endpoint for the"
                + " region.")
        String endpoint,
    @Size(max = 64)
        @Pattern("^[a-z0-9][a-z0-9-]*$")
        @JsonPropertyDescription(
            "The region requests are signed for (e.g. eu-west-1; any value an S3-compatible server"
                + " accepts). Unset: the operator's --s3-region.")
        String region,
    @JsonPropertyDescription(
            "Address buckets as a path (endpoint/bucket/key) instead of a host name"
                + " (bucket.endpoint): needed for a server reached by a Service name or an IP."
                + " Unset: the operator's --s3-path-style.")
        Boolean pathStyleAccess,
    @Size(max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        @JsonPropertyDescription(
            "A Secret in the batch's namespace with the keys AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials). The"
                + " operator reads it to measure the input; the driver and executors get its values"
                + " as environment variables. Unset: the operator's --s3-credentials-secret, else"
                + " the default AWS credential chain (IRSA / web identity, instance profile) for the"
                + " operator and the pods alike.")
        String credentialsSecret) {

  /** Nothing set: the operator's settings apply. */
  public static final Storage UNSET = new Storage(null, null, null, null);

  /** The keys of the credentials Secret, also the environment variables the pods get. */
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  /** Optional: present for temporary credentials. */
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
}
