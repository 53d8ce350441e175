package sovereign.skills.signed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks a fixture the way the deployer will (sovereign.deploy.JarVerifier, in short), so that the
 * build fails at once if a fixture meant to be accepted is not, or one meant to be rejected is
 * accepted for the wrong reason or not at all: a broken fixture would otherwise only show up as a
 * puzzling deployment-test failure.
 *
 * <p>The jar is opened with verification on and every entry read to its end (which makes the JDK
 * compare it with its signed digest); every entry but directories and the signature files must be
 * signed by the one expected publisher; a bundle needs a Bundle-SymbolicName, a deployment set a
 * Sovereign-Deployment-Set header; a jar claiming a core name must be signed by the core publisher.
 */
final class Check {

  /** What the deployer would say about a jar. */
  enum Outcome {
    ACCEPTED,
    CHANGED_AFTER_SIGNING,
    NOT_A_BUNDLE,
    UNSIGNED,
    PARTIALLY_SIGNED,
    DIFFERENT_SIGNERS,
    UNTRUSTED,
    OUT_OF_SCOPE
  }

  private final Publisher skills;
  private final Publisher core;
  private final Set<String> coreNames;

  Check(Publisher skills, Publisher core, Set<String> coreNames) {
    this.skills = skills;
    this.core = core;
    this.coreNames = Set.copyOf(coreNames);
  }

  /**
   * The outcome for a jar installed as a skill (needing the skills publisher unless it claims a
   * core name) or, if {@code coreScope}, as a core bundle or deployment set (needing the core
   * publisher).
   */
  Outcome outcome(Path jar, boolean coreScope) throws IOException {
    Set<Certificate> signers = null;
    boolean unsigned = false;
    Manifest manifest;
    try (JarFile file = new JarFile(jar.toFile(), true)) {
      for (JarEntry entry : Collections.list(file.entries())) {
        try (InputStream in = file.getInputStream(entry)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        if (entry.isDirectory() || isSignatureFile(entry.getName())) {
          continue;
        }
        CodeSigner[] codeSigners = entry.getCodeSigners();
        if (codeSigners == null || codeSigners.length == 0) {
          unsigned = true;
          continue;
        }
        Set<Certificate> these = new HashSet<>();
        for (CodeSigner signer : codeSigners) {
          these.add(signer.getSignerCertPath().getCertificates().get(0));
        }
        if (signers != null && !signers.equals(these)) {
          return Outcome.DIFFERENT_SIGNERS;
        }
        signers = these;
      }
      manifest = file.getManifest();
    } catch (SecurityException e) {
      return Outcome.CHANGED_AFTER_SIGNING;
    }
    String name = manifest == null ? null : symbolicName(manifest);
    boolean set =
        manifest != null && manifest.getMainAttributes().getValue(SignFixtures.SET_HEADER) != null;
    if (name == null && !set) {
      return Outcome.NOT_A_BUNDLE;
    }
    if (signers == null) {
      return Outcome.UNSIGNED;
    }
    if (unsigned) {
      return Outcome.PARTIALLY_SIGNED;
    }
    if (signers.size() != 1) {
      return Outcome.DIFFERENT_SIGNERS;
    }
    Certificate signer = signers.iterator().next();
    if (!signer.equals(skills.certificate) && !signer.equals(core.certificate)) {
      return Outcome.UNTRUSTED;
    }
    boolean needsCore = coreScope || set || coreNames.contains(name);
    return needsCore && !signer.equals(core.certificate) ? Outcome.OUT_OF_SCOPE : Outcome.ACCEPTED;
  }

  static String symbolicName(Manifest manifest) {
    String value = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
    if (value == null || value.split(";", 2)[0].isBlank()) {
      return null;
    }
    return value.split(";", 2)[0].strip();
  }

  /** The signature files jarsigner writes, which carry no signature of their own. */
  private static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    String rest = upper.substring("META-INF/".length());
    return rest.equals("MANIFEST.MF")
        || rest.startsWith("SIG-")
        || rest.endsWith(".SF")
        || rest.endsWith(".DSA")
        || rest.endsWith(".RSA")
        || rest.endsWith(".EC");
  }
}
