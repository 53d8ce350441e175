package sovereign.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sovereign.util.AtomicFiles;

/**
 * Trusted publishers, kept in one directory (on a node, {@code <node>/data/trust/}):
 *
 * <ul>
 *   <li>{@code <alias>.pem} or {@code <alias>.crt}: the publisher's X.509 certificate (PEM or DER,
 *       Ed25519 or EC key);
 *   <li>{@code trust.json}: each alias's scope and the revocation list (SHA-256 fingerprints of
 *       certificates), see {@link TrustIndex}.
 * </ul>
 *
 * <p>The index is the commit point: {@link #add} writes the certificate, then the index; {@link
 * #remove} writes the index, then deletes the certificate; each file is written atomically. A
 * certificate file without an index entry is not trusted. A revocation outlives removal: a revoked
 * certificate cannot be added again under any alias.
 */
public final class TrustStore {

  private final Path dir;
  private volatile Snapshot snapshot;

  private record Snapshot(TrustIndex index, Map<String, Publisher> byFingerprint) {}

  private TrustStore(Path dir, Snapshot snapshot) {
    this.dir = dir;
    this.snapshot = snapshot;
  }

  /**
   * Opens the store in a directory, creating the directory if it is missing.
   *
   * @throws IllegalArgumentException naming the problem if the index or a certificate it names
   *     cannot be read: the store then trusts nobody, rather than a part of what it lists
   */
  public static TrustStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new TrustStore(dir, load(dir));
  }

  /** Reads the directory again, for changes made outside this object. */
  public synchronized void reload() throws IOException {
    snapshot = load(dir);
  }

  public Path directory() {
    return dir;
  }

  /** The trusted publishers, by alias, including revoked ones (see {@link #isRevoked}). */
  public List<Publisher> publishers() {
    List<Publisher> list = new ArrayList<>(snapshot.byFingerprint().values());
    list.sort((a, b) -> a.alias().compareTo(b.alias()));
    return list;
  }

  /** The publisher whose certificate is exactly this one, if it is trusted (revoked or not). */
  public Optional<Publisher> publisherOf(X509Certificate certificate) {
    return Optional.ofNullable(snapshot.byFingerprint().get(Fingerprints.of(certificate)));
  }

  public Optional<Publisher> publisher(String alias) {
    return publishers().stream().filter(p -> p.alias().equals(alias)).findFirst();
  }

  public boolean isRevoked(String fingerprint) {
    return snapshot.index().revoked().contains(Fingerprints.normalize(fingerprint));
  }

  public Set<String> revoked() {
    return snapshot.index().revoked();
  }

  /**
   * Trusts the certificate in a file (PEM or DER) under an alias, with a scope; stored as {@code
   * <alias>.pem}.
   *
   * @throws IllegalArgumentException if the alias is malformed or taken, the certificate cannot be
   *     read, holds neither an Ed25519 nor an EC key, is already trusted under another alias, or is
   *     revoked
   */
  public synchronized Publisher add(String alias, Path certificateFile, Scope scope)
      throws IOException {
    Aliases.check(alias);
    X509Certificate certificate =
        Certificates.read(Files.readAllBytes(certificateFile), certificateFile.toString());
    Publisher publisher = new Publisher(alias, scope, certificate);
    Snapshot current = snapshot;
    if (current.index().scopes().containsKey(alias)) {
      throw new IllegalArgumentException("a publisher named '" + alias + "' is already trusted");
    }
    Publisher same = current.byFingerprint().get(publisher.fingerprint());
    if (same != null) {
      throw new IllegalArgumentException(
          "this certificate is already trusted as '" + same.alias() + "'");
    }
    if (current.index().revoked().contains(publisher.fingerprint())) {
      throw new IllegalArgumentException(
          "this certificate (SHA-256 " + publisher.fingerprint() + ") is revoked");
    }
    Files.deleteIfExists(dir.resolve(alias + ".crt"));
    AtomicFiles.write(dir.resolve(alias + ".pem"), Certificates.pem(certificate));
    commit(current.index().withScope(alias, scope));
    return publisher;
  }

  /**
   * Stops trusting a publisher and deletes its certificate file.
   *
   * @throws IllegalArgumentException if no publisher has this alias
   */
  public synchronized Publisher remove(String alias) throws IOException {
    Publisher publisher =
        publisher(alias)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no trusted publisher is named '" + alias + "'"));
    commit(snapshot.index().without(alias));
    Files.deleteIfExists(dir.resolve(alias + ".pem"));
    Files.deleteIfExists(dir.resolve(alias + ".crt"));
    return publisher;
  }

  /**
   * Revokes a certificate by its SHA-256 fingerprint (hex, colons allowed), trusted or not: no jar
   * it signed is accepted from now on, and it can never be trusted again.
   *
   * @return false if it was already revoked
   */
  public synchronized boolean revoke(String fingerprint) throws IOException {
    String hex = Fingerprints.normalize(fingerprint);
    TrustIndex index = snapshot.index();
    if (index.revoked().contains(hex)) {
      return false;
    }
    commit(index.withRevoked(hex));
    return true;
  }

  private void commit(TrustIndex index) throws IOException {
    AtomicFiles.write(dir.resolve(TrustIndex.NAME), index.format());
    snapshot = load(dir);
  }

  private static Snapshot load(Path dir) throws IOException {
    Path file = dir.resolve(TrustIndex.NAME);
    TrustIndex index =
        Files.exists(file)
            ? TrustIndex.parse(Files.readString(file, StandardCharsets.UTF_8))
            : TrustIndex.EMPTY;
    Map<String, Publisher> byFingerprint = new LinkedHashMap<>();
    for (Map.Entry<String, Scope> entry : index.scopes().entrySet()) {
      String alias = entry.getKey();
      Path pem = dir.resolve(alias + ".pem");
      Path crt = dir.resolve(alias + ".crt");
      Path cert = Files.exists(pem) ? pem : crt;
      if (!Files.exists(cert)) {
        throw new IllegalArgumentException(
            TrustIndex.NAME
                + " trusts '"
                + alias
                + "' but neither "
                + pem
                + " nor "
                + crt
                + " exists");
      }
      Publisher publisher =
          new Publisher(
              alias,
              entry.getValue(),
              Certificates.read(Files.readAllBytes(cert), cert.toString()));
      Publisher twin = byFingerprint.putIfAbsent(publisher.fingerprint(), publisher);
      if (twin != null) {
        throw new IllegalArgumentException(
            "'" + twin.alias() + "' and '" + alias + "' hold the same certificate");
      }
    }
    return new Snapshot(index, Map.copyOf(byFingerprint));
  }
}
