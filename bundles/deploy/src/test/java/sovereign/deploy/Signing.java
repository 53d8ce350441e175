package sovereign.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throwaway publisher keys and signatures, made with the JDK's own {@code keytool} and {@code
 * jarsigner}, exactly as an operator would: nothing here is ever committed.
 */
final class Signing {

  private static final Path BIN = Path.of(System.getProperty("java.home"), "bin");
  private static final String PASSWORD = "throwaway";

  private final Path dir;

  Signing(Path dir) {
    this.dir = dir;
  }

  /**
   * Generates a key pair and self-signed certificate in {@code <alias>.p12}.
   *
   * @param keyalg Ed25519, EC or RSA
   * @param validity keytool options such as {@code -validity 30} or {@code -startdate -3d}
   * @return the certificate, exported as PEM to {@code <alias>.pem}
   */
  Path key(String alias, String keyalg, String... validity) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                tool("keytool"),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                keyalg,
                "-dname",
                "CN=" + alias + ",O=Sovereign test",
                "-keystore",
                keystore(alias).toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
    command.addAll(validity.length == 0 ? List.of("-validity", "30") : List.of(validity));
    run(command);
    Path pem = dir.resolve(alias + ".pem");
    run(
        List.of(
            tool("keytool"),
            "-exportcert",
            "-rfc",
            "-alias",
            alias,
            "-keystore",
            keystore(alias).toString(),
            "-storepass",
            PASSWORD,
            "-file",
            pem.toString()));
    return pem;
  }

  /** Signs {@code jar} with the key {@code alias}, writing {@code signed}. */
  Path sign(Path jar, String alias, Path signed) throws Exception {
    run(
        List.of(
            tool("jarsigner"),
            "-keystore",
            keystore(alias).toString(),
            "-storepass",
            PASSWORD,
            "-signedjar",
            signed.toString(),
            jar.toString(),
            alias));
    return signed;
  }

  /** What {@code keytool -printcert} says a certificate file's SHA-256 fingerprint is. */
  static String printedFingerprint(Path certificate) throws Exception {
    for (String line :
        run(List.of(tool("keytool"), "-printcert", "-file", certificate.toString())).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("SHA256:")) {
        return trimmed.substring("SHA256:".length()).strip();
      }
    }
    throw new AssertionError("keytool printed no SHA256 fingerprint");
  }

  private Path keystore(String alias) {
    return dir.resolve(alias + ".p12");
  }

  private static String tool(String name) {
    return BIN.resolve(name).toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + output);
    }
    return output;
  }
}
