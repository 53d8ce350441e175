package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.osgi.framework.Version;
import sovereign.deploy.Verdict.Accepted;
import sovereign.deploy.Verdict.Reason;
import sovereign.deploy.Verdict.Rejected;

/**
 * Checks a jar signed the standard way (what the JDK's {@code jarsigner} produces) against a {@link
 * TrustStore}, before anything is installed: the framework no longer checks bundle signatures on
 * Java 17+.
 *
 * <p>The jar is opened with verification on and every entry is read to its end, which is what makes
 * the JDK compare each entry with its signed digest. Then every entry except directories and the
 * signature files themselves ({@code META-INF/MANIFEST.MF}, {@code META-INF/*.SF}, {@code .DSA},
 * {@code .RSA}, {@code .EC}, {@code SIG-*}) must carry the same single signer. That includes other
 * files under {@code META-INF/} (service loader files, for one), which jarsigner signs as well.
 *
 * <p>Checks, first failure wins: readable jar and untampered entries; a bundle manifest; signed,
 * completely, by one signer; that signer not revoked, trusted, its certificate valid now (signing
 * timestamps are not considered), and its scope covering the bundle. A bundle needs the core scope
 * if the caller says so (updating a core bundle) or if its symbolic name is one of the core names.
 */
public final class JarVerifier {

  private static final Pattern SYMBOLIC_NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final TrustStore trust;
  private final Set<String> coreNames;

  Clock clock = Clock.systemUTC();

  /**
   * @param coreNames symbolic names of the core bundles ({@code sovereign.identity}, ...): only a
   *     core publisher may sign a jar claiming one of them
   */
  public JarVerifier(TrustStore trust, Set<String> coreNames) {
    this.trust = trust;
    this.coreNames = Set.copyOf(coreNames);
  }

  /**
   * Verifies a jar.
   *
   * @param needed {@link Scope#CORE} when the jar is to replace a core bundle; {@link Scope#SKILLS}
   *     otherwise (a jar claiming a core name still needs the core scope)
   */
  public Verdict verify(Path jar, Scope needed) {
    return verify(jar, needed, false);
  }

  /**
   * Verifies a deployment set: a signed jar, not itself a bundle, whose manifest names the set in
   * {@value #SET_HEADER} (docs/deploy.md, "Deployment sets"). The bundles inside are verified on
   * their own as well.
   *
   * @param needed {@link Scope#CORE} if any bundle in the set needs it
   */
  public Verdict verifySet(Path jar, Scope needed) {
    return verify(jar, needed, true);
  }

  /** The manifest header naming a deployment set. */
  public static final String SET_HEADER = "Sovereign-Deployment-Set";

  private Verdict verify(Path jar, Scope needed, boolean set) {
    String current = null;
    try (JarFile file = new JarFile(jar.toFile(), true)) {
      Enumeration<JarEntry> entries = file.entries();
      List<JarEntry> all = new ArrayList<>();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        current = entry.getName();
        try (InputStream in = file.getInputStream(entry)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        all.add(entry);
      }
      current = null;
      Manifest manifest = file.getManifest();
      Optional<Verdict> malformed = set ? checkSet(manifest, jar) : checkBundle(manifest, jar);
      return malformed.orElseGet(() -> checkSigners(all, manifest, needed, set));
    } catch (SecurityException e) {
      return new Rejected(
          Reason.CHANGED_AFTER_SIGNING,
          (current == null ? jar.getFileName() : "entry " + current)
              + " does not match its signature: "
              + e.getMessage());
    } catch (IOException e) {
      return new Rejected(
          Reason.NOT_A_BUNDLE,
          jar.getFileName()
              + " cannot be read as a jar"
              + (current == null ? "" : " (at entry " + current + ")")
              + ": "
              + e.getMessage());
    }
  }

  private Optional<Verdict> checkBundle(Manifest manifest, Path jar) {
    if (manifest == null) {
      return Optional.of(
          new Rejected(Reason.NOT_A_BUNDLE, jar.getFileName() + " has no META-INF/MANIFEST.MF"));
    }
    String name = symbolicName(manifest);
    if (name == null) {
      return Optional.of(
          new Rejected(Reason.NOT_A_BUNDLE, jar.getFileName() + " has no Bundle-SymbolicName"));
    }
    if (!SYMBOLIC_NAME.matcher(name).matches()) {
      return Optional.of(
          new Rejected(
              Reason.NOT_A_BUNDLE,
              jar.getFileName() + " has a malformed Bundle-SymbolicName '" + name + "'"));
    }
    String version = manifest.getMainAttributes().getValue("Bundle-Version");
    if (version != null) {
      try {
        Version.parseVersion(version);
      } catch (IllegalArgumentException e) {
        return Optional.of(
            new Rejected(
                Reason.NOT_A_BUNDLE,
                jar.getFileName()
                    + " has a malformed Bundle-Version '"
                    + version
                    + "': "
                    + e.getMessage()));
      }
    }
    return Optional.empty();
  }

  private Optional<Verdict> checkSet(Manifest manifest, Path jar) {
    String name = manifest == null ? null : manifest.getMainAttributes().getValue(SET_HEADER);
    if (name == null || !SYMBOLIC_NAME.matcher(name.strip()).matches()) {
      return Optional.of(
          new Rejected(
              Reason.NOT_A_BUNDLE,
              jar.getFileName() + " is not a deployment set: its manifest has no " + SET_HEADER));
    }
    return Optional.empty();
  }

  private Verdict checkSigners(
      List<JarEntry> entries, Manifest manifest, Scope needed, boolean set) {
    Set<Certificate> signers = null;
    String firstSigned = null;
    String firstUnsigned = null;
    for (JarEntry entry : entries) {
      if (entry.isDirectory() || isSignatureFile(entry.getName())) {
        continue;
      }
      CodeSigner[] codeSigners = entry.getCodeSigners();
      if (codeSigners == null || codeSigners.length == 0) {
        if (firstUnsigned == null) {
          firstUnsigned = entry.getName();
        }
        continue;
      }
      Set<Certificate> these = new LinkedHashSet<>();
      for (CodeSigner signer : codeSigners) {
        these.add(signer.getSignerCertPath().getCertificates().get(0));
      }
      if (signers == null) {
        signers = these;
        firstSigned = entry.getName();
      } else if (!signers.equals(these)) {
        return new Rejected(
            Reason.DIFFERENT_SIGNERS,
            "entry "
                + entry.getName()
                + " is signed by "
                + subjects(these)
                + ", entry "
                + firstSigned
                + " by "
                + subjects(signers));
      }
    }
    if (signers == null) {
      return new Rejected(Reason.UNSIGNED, "no entry is signed");
    }
    if (firstUnsigned != null) {
      return new Rejected(
          Reason.PARTIALLY_SIGNED,
          "entry " + firstUnsigned + " is not signed (added or changed after signing?)");
    }
    if (signers.size() != 1) {
      return new Rejected(
          Reason.DIFFERENT_SIGNERS,
          "signed by " + signers.size() + " signers " + subjects(signers) + "; a bundle has one");
    }
    return checkSigner((X509Certificate) signers.iterator().next(), manifest, needed, set);
  }

  private Verdict checkSigner(
      X509Certificate certificate, Manifest manifest, Scope needed, boolean set) {
    String fingerprint = Fingerprints.of(certificate);
    String who = certificate.getSubjectX500Principal().getName() + " (SHA-256 " + fingerprint + ")";
    if (trust.isRevoked(fingerprint)) {
      return new Rejected(Reason.REVOKED, "signer " + who + " is revoked");
    }
    Publisher publisher = trust.publisherOf(certificate).orElse(null);
    if (publisher == null) {
      return new Rejected(Reason.UNTRUSTED, "signer " + who + " is not a trusted publisher");
    }
    try {
      certificate.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException e) {
      return new Rejected(
          Reason.EXPIRED,
          "the certificate of '"
              + publisher.alias()
              + "' expired "
              + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      return new Rejected(
          Reason.NOT_YET_VALID,
          "the certificate of '"
              + publisher.alias()
              + "' is valid only from "
              + certificate.getNotBefore().toInstant());
    }
    String name =
        set ? manifest.getMainAttributes().getValue(SET_HEADER).strip() : symbolicName(manifest);
    String version = set ? null : manifest.getMainAttributes().getValue("Bundle-Version");
    String normalized = Version.parseVersion(version).toString();
    boolean core = coreNames.contains(name);
    Scope required = core ? Scope.CORE : needed;
    if (!publisher.scope().covers(required)) {
      String why = core ? "claims the core bundle name " + name : "is to replace a core bundle";
      return new Rejected(
          Reason.OUT_OF_SCOPE,
          "'" + publisher.alias() + "' may sign skills only, but this jar " + why);
    }
    return new Accepted(publisher.alias(), publisher.scope(), fingerprint, name, normalized);
  }

  private static String symbolicName(Manifest manifest) {
    String value =
        manifest.getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName"));
    if (value == null) {
      return null;
    }
    String name = value.split(";", 2)[0].strip();
    return name.isEmpty() ? null : name;
  }

  /** The signature files jarsigner writes, which carry no signature of their own. */
  static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/")) {
      return false;
    }
    String rest = upper.substring("META-INF/".length());
    if (rest.equals("MANIFEST.MF")) {
      return true;
    }
    if (rest.contains("/")) {
      return false;
    }
    return rest.startsWith("SIG-")
        || rest.endsWith(".SF")
        || rest.endsWith(".DSA")
        || rest.endsWith(".RSA")
        || rest.endsWith(".EC");
  }

  private static String subjects(Set<Certificate> certificates) {
    StringBuilder text = new StringBuilder("[");
    for (Certificate certificate : certificates) {
      if (text.length() > 1) {
        text.append(", ");
      }
      text.append(((X509Certificate) certificate).getSubjectX500Principal().getName());
    }
    return text.append("]").toString();
  }
}
