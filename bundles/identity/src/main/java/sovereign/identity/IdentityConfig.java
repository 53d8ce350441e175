package sovereign.identity;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the identity boot (configuration PID {@code sovereign.identity}). */
@ObjectClassDefinition(
    name = "Sovereign identity",
    description = "Node key encryption and passphrase prompts.")
@interface IdentityConfig {

  @AttributeDefinition(
      name = "scrypt cost",
      description =
          "log2 of scrypt's N when a new key file is encrypted (15 means N = 32768; r = 8, p = 1)."
              + " Existing key files keep the cost they were written with.",
      min = "10",
      max = "20")
  int scryptLogN() default 15;

  @AttributeDefinition(
      name = "Passphrase attempts",
      description = "How many times the console asks for the key passphrase before halting.",
      min = "1",
      max = "10")
  int passphraseAttempts() default 3;
}
