package sovereign.api.deploy;

import java.util.Optional;

/**
 * The verdict on one jar, from a dry run or before an install.
 *
 * @param accepted whether the jar may be installed
 * @param verdict one line for an operator: the signer and bundle, or the reason for refusal
 * @param symbolicName the bundle's symbolic name, when the manifest could be read
 * @param version the bundle's version, when the manifest could be read
 * @param signer the trusted publisher's alias, when accepted
 * @param scope {@code skills} or {@code core}, when accepted
 */
public record VerifyResult(
    boolean accepted,
    String verdict,
    Optional<String> symbolicName,
    Optional<String> version,
    Optional<String> signer,
    Optional<String> scope) {}
