package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.SwarmKey;

/**
 * Fuzzes {@link SwarmKey#parse}, from bytes (with the file-size cap) and from text. Checked: the
 * only exception is {@link IllegalArgumentException}; a key that parses encodes to a text that
 * parses to the same key, and its {@code toString} does not show the key.
 */
class SwarmKeyFuzzTest {

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(byte[] content) {
    check(() -> SwarmKey.parse(content));
    check(() -> SwarmKey.parse(new String(content, StandardCharsets.UTF_8)));
    check(() -> SwarmKey.parse(new String(content, StandardCharsets.ISO_8859_1)));
  }

  private interface Parse {
    SwarmKey run();
  }

  private static void check(Parse parse) {
    SwarmKey key;
    try {
      key = parse.run();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(SwarmKey.parse(key.encode())).isEqualTo(key);
    String hex = key.encode().split("\n")[2];
    assertThat(key.toString()).doesNotContain(hex);
  }

  @Test
  void aMegabyteOfLineBreaksIsRefusedQuickly() {
    String manyLines = "\n".repeat(1 << 20);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertThatThrownBy(() -> SwarmKey.parse(manyLines.getBytes(StandardCharsets.US_ASCII)))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("at most");
          assertThatThrownBy(() -> SwarmKey.parse(manyLines))
              .isInstanceOf(IllegalArgumentException.class);
          String header = SwarmKey.HEADER + "\n" + SwarmKey.ENCODING + "\n";
          assertThatThrownBy(() -> SwarmKey.parse(header + "0".repeat(1 << 24)))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("has " + (1 << 24) + " characters");
        });
  }
}
