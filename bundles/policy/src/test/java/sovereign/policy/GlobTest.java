package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void aStarStaysInOneSegmentAndTwoCrossThem() {
    Glob one = new Glob("data/*.txt", '/');
    Glob any = new Glob("data/**", '/');

    assertThat(one.matches("data/a.txt")).isTrue();
    assertThat(one.matches("data/sub/a.txt")).isFalse();
    assertThat(one.matches("data/a.bin")).isFalse();
    assertThat(any.matches("data/sub/a.txt")).isTrue();
    assertThat(any.matches("data")).isFalse();
    assertThat(new Glob("**", '/').matches("a/b/c")).isTrue();
  }

  @Test
  void withoutASeparatorAStarMatchesAnything() {
    Glob host = new Glob("*.example.com", Glob.NONE);

    assertThat(host.matches("a.b.example.com")).isTrue();
    assertThat(host.matches("example.com")).isFalse();
    assertThat(host.matches("evil-example.com")).isFalse();
    assertThat(new Glob("exact", Glob.NONE).matches("exact")).isTrue();
    assertThat(new Glob("exact", Glob.NONE).matches("exactly")).isFalse();
  }
}
